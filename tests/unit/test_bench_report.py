"""tools/bench.py's report: a role-play turn row per language measured, against the stock turn."""

from __future__ import annotations

from tools import bench


def _load(p50: float) -> dict:
    return {"users": 1, "p50_ms": p50, "p95_ms": p50 * 2, "throughput_per_s": 10.0,
            "errors": 0, "lost_turns": 0, "duplicated_turns": 0}


def _results(**roleplay) -> dict:
    one = {"loads": {"1_users": _load(50.0)}, "rss_mb": {}}
    return {"assistants": {
        "coach": {"train_seconds": 30, "deployments": {"one_process": one}, **roleplay},
        "stock": {"train_seconds": 70, "deployments": {"one_process": one}}}}


def _turn(language: str, p50: float) -> dict:
    return {"language": language, "turns": 150, "errors": 0, "in_character": 150,
            "p50_ms": p50, "p95_ms": p50 + 5}


def test_each_measured_language_has_its_role_play_row():
    text = bench.table(_results(roleplay_turn=_turn("en", 20.0),
                                roleplay_turn_es=_turn("es", 25.0)))
    assert ("| role-play turn (en), 1 process, 1 user: p50 / p95 (ms) | 20.0 / 25.0 "
            "(150/150 in character; 0.40 x the stock REST turn") in text
    assert "| role-play turn (es), 1 process, 1 user: p50 / p95 (ms) | 25.0 / 30.0" in text


def test_a_language_not_measured_has_no_row():
    text = bench.table(_results(roleplay_turn=_turn("en", 20.0)))
    assert "(en)" in text and "(es)" not in text


def test_the_spanish_turns_choose_spanish_and_expect_the_spanish_customer():
    spanish = next(lang for lang in bench.ROLEPLAY_LANGUAGES if lang.code == "es")
    assert spanish.choose == '/language{"lang": "es"}' and spanish.customer == "Cliente:"
    assert spanish.result_key == "roleplay_turn_es"
    english = bench.ROLEPLAY_LANGUAGES[0]
    assert english.result_key == "roleplay_turn" and english.choose is None
    assert len(spanish.lines) == len(english.lines)  # the same kinds of turn
