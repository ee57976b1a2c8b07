"""The manager's rules in plain Python: requests, statuses, cookies, limits, scenarios, CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import pytest

from coach.db import AssignmentRecord, SessionRecord, TurnRecord
from coach.manager import auth, export, scenarios, team
from coach.manager.assignments import RequestError, parse_request, status_of
from coach.roleplay.state import SessionState

GOOD = {"trainee": "web-abc", "persona": "hesitant", "pass_mark": 70, "due": "2026-12-24"}
MADE = datetime(2026, 12, 1, 10, 0)


def _assignment(**changes) -> AssignmentRecord:
    fields = dict(id=1, sender_id="ann", persona="hesitant", style=None, difficulty=None,
                  scenario_id=None, pass_mark=70, due=date(2026, 12, 10), batch=None,
                  created_at=MADE, notified_at=None)
    fields.update(changes)
    return AssignmentRecord(**fields)


def _session(id=1, persona="hesitant", style="driver", score=80.0, ended=MADE + timedelta(hours=1),
             status="won", sender="ann", scenario="efax_service", state=None) -> SessionRecord:
    state = SessionState.from_json(state or {})
    return SessionRecord(id, sender, persona, style, scenario, 1, status, state, score,
                         (ended or MADE) - timedelta(minutes=5), ended, state.difficulty)


# -- assignment requests -----------------------------------------------------------------------


def test_a_good_request_is_read():
    request = parse_request({**GOOD, "style": "driver", "difficulty": "hard"})
    assert (request.trainee, request.persona, request.style, request.difficulty,
            request.pass_mark, request.due) == ("web-abc", "hesitant", "driver", "hard", 70,
                                                date(2026, 12, 24))


@pytest.mark.parametrize("change, field", [
    ({"persona": "grumpy"}, "persona"), ({"persona": None}, "persona"),
    ({"style": "shouty"}, "style"), ({"style": 3}, "style"),
    ({"difficulty": "insane"}, "difficulty"),
    ({"pass_mark": 101}, "pass_mark"), ({"pass_mark": -1}, "pass_mark"),
    ({"pass_mark": "70"}, "pass_mark"), ({"pass_mark": True}, "pass_mark"),
    ({"pass_mark": float("nan")}, "pass_mark"), ({"pass_mark": None}, "pass_mark"),
    ({"pass_mark": float("inf")}, "pass_mark"), ({"pass_mark": [70]}, "pass_mark"),
    ({"due": "2026-02-30"}, "due"), ({"due": "24/12/2026"}, "due"), ({"due": 20261224}, "due"),
    ({"due": "2026-12-24T10:00"}, "due"), ({"trainee": ""}, "trainee"),
    ({"trainee": "x" * 300}, "trainee"), ({"trainee": "a\nb"}, "trainee"),
    ({"scenario": "no_such"}, "scenario"),
])
def test_a_bad_field_is_named(change, field):
    with pytest.raises(RequestError) as caught:
        parse_request({**GOOD, **change}, scenario_ids={"efax_service"})
    assert list(caught.value.problems) == [field]
    assert field in str(caught.value)


def test_every_bad_field_is_named_at_once():
    with pytest.raises(RequestError) as caught:
        parse_request({"trainee": "a", "persona": "x", "pass_mark": 500, "due": "soon"})
    assert set(caught.value.problems) == {"persona", "pass_mark", "due"}


@pytest.mark.parametrize("body", [None, [], "text", 42])
def test_a_body_that_is_not_an_object(body):
    with pytest.raises(RequestError) as caught:
        parse_request(body)
    assert list(caught.value.problems) == ["body"]


def test_boundaries_and_a_past_due_date_are_accepted():
    assert parse_request({**GOOD, "pass_mark": 0}).pass_mark == 0
    assert parse_request({**GOOD, "pass_mark": 100.0}).pass_mark == 100
    assert parse_request({**GOOD, "pass_mark": 72.5}).pass_mark == 72.5
    assert parse_request({**GOOD, "due": "2020-01-01"}).due == date(2020, 1, 1)


# -- status ------------------------------------------------------------------------------------


def test_open_until_a_session_meets_the_pass_mark():
    a = _assignment()
    today = date(2026, 12, 2)
    assert status_of(a, [], today).status == "open"
    low = _session(1, score=60.0)
    assert (status_of(a, [low], today).status, status_of(a, [low], today).best_score) == \
        ("open", 60.0)
    passed = status_of(a, [low, _session(2, score=70.0)], today)
    assert (passed.status, passed.best_score, passed.passed_session) == ("passed", 70.0, 2)


def test_only_sessions_after_the_assignment_and_of_its_kind_count():
    a = _assignment(style="amiable")
    today = date(2026, 12, 2)
    before = _session(1, style="amiable", score=95.0, ended=MADE - timedelta(hours=1))
    other_style = _session(2, style="driver", score=95.0)
    other_persona = _session(3, persona="lingering", style="amiable", score=95.0)
    running = _session(4, style="amiable", score=None, status="active", ended=None)
    someone_else = _session(5, style="amiable", score=95.0, sender="bob")
    assert status_of(a, [before, other_style, other_persona, running, someone_else],
                     today).status == "open"
    assert status_of(a, [_session(6, style="amiable", score=71.0)], today).status == "passed"


def test_difficulty_and_scenario_when_given():
    hard = _assignment(difficulty="hard", scenario_id="efax_service")
    today = date(2026, 12, 2)
    assert status_of(hard, [_session(1)], today).status == "open"  # normal difficulty
    assert status_of(hard, [_session(2, state={"difficulty": "hard"})], today).status == "passed"
    assert status_of(hard, [_session(3, state={"difficulty": "hard"}, scenario="x")],
                     today).status == "open"


def test_overdue_after_the_due_date_unless_passed():
    a = _assignment(due=date(2026, 12, 10))
    assert status_of(a, [], date(2026, 12, 10)).status == "open"
    assert status_of(a, [], date(2026, 12, 11)).status == "overdue"
    late_pass = _session(1, ended=datetime(2026, 12, 12, 9), score=90.0)
    assert status_of(a, [late_pass], date(2026, 12, 13)).status == "passed"


# -- sign-in -----------------------------------------------------------------------------------


def _settings(token="s3cret-token", secret=""):
    return auth.ManagerSettings(token, secret, 3, 60, "")


def test_tokens_and_bearer_headers():
    assert auth.token_matches("abc", "abc")
    assert not auth.token_matches("abc", "abd")
    assert not auth.token_matches("abc", "")
    assert not auth.token_matches("", "")
    assert not auth.token_matches("abc", None)
    assert auth.bearer_token("Bearer abc") == "abc"
    assert auth.bearer_token("bearer  abc ") == "abc"
    assert auth.bearer_token("Basic abc") is None
    assert auth.bearer_token("Bearer") is None
    assert auth.bearer_token(None) is None


def test_cookies_are_signed_with_the_token_and_expire():
    settings = _settings()
    cookie = auth.issue_cookie(settings)
    assert auth.cookie_valid(settings, cookie)
    assert not auth.cookie_valid(_settings(token="other"), cookie)  # a new token signs out
    assert not auth.cookie_valid(_settings(secret="rotated"), cookie)
    assert not auth.cookie_valid(settings, cookie[:-2] + ("AA" if cookie[-2:] != "AA" else "BB"))
    expired = auth.issue_cookie(settings, now=1_000_000)
    assert not auth.cookie_valid(settings, expired)
    assert not auth.cookie_valid(settings, "")
    assert not auth.cookie_valid(settings, "x" * 5000)
    assert not auth.cookie_valid(_settings(token=""), cookie)


def test_failures_are_limited_per_client_in_a_window():
    limiter = auth.FailureLimiter(max_failures=3, window=60)
    for second in range(3):
        assert limiter.retry_after("1.2.3.4", now=100 + second) == 0
        limiter.fail("1.2.3.4", now=100 + second)
    assert limiter.retry_after("1.2.3.4", now=103) == 57
    assert limiter.retry_after("5.6.7.8", now=103) == 0  # others are not affected
    assert limiter.retry_after("1.2.3.4", now=160.5) == 0  # the first failure aged out


def test_the_limiter_forgets_the_oldest_clients_first():
    limiter = auth.FailureLimiter(max_failures=1, window=60)
    limiter.MAX_CLIENTS = 2
    for client in ("a", "b", "c"):
        limiter.fail(client, now=1)
    assert limiter.retry_after("a", now=2) == 0
    assert limiter.retry_after("c", now=2) > 0


# -- scenarios ---------------------------------------------------------------------------------

SCENARIO = {"id": "acme_renewal", "title": "Renewal at Acme", "product": "the support plan",
            "customer": "Ms. Park, operations lead at Acme",
            "situation": "Their contract ends next month and they are looking around.",
            "hidden_concern": "service", "concern_line": "Your last outage cost us a day.",
            "source": "our own deal, 2026"}


def test_a_good_scenario_is_cleaned():
    clean = scenarios.check_scenario({**SCENARIO, "title": "  Renewal   at Acme "}, {"efax"})
    assert clean["title"] == "Renewal at Acme" and set(clean) == set(scenarios.FIELDS)


def test_every_problem_of_a_scenario_is_named():
    bad = {"id": "Bad Id!", "title": "", "product": 5, "hidden_concern": "love",
           "situation": "x" * 2000, "colour": "red"}
    with pytest.raises(RequestError) as caught:
        scenarios.check_scenario(bad, set())
    assert set(caught.value.problems) == {"id", "title", "product", "customer", "situation",
                                          "hidden_concern", "concern_line", "source", "fields"}


def test_a_shipped_id_cannot_be_taken():
    with pytest.raises(RequestError) as caught:
        scenarios.check_scenario({**SCENARIO, "id": "efax_service"}, {"efax_service"})
    assert "shipped" in caught.value.problems["id"]


def test_yaml_and_json_bodies_and_bad_ones():
    yaml_text = "\n".join(f"{k}: \"{v}\"" for k, v in SCENARIO.items()).encode()
    assert scenarios.read_body(yaml_text) == SCENARIO
    assert scenarios.read_body(b"scenarios:\n  - id: x\n") == {"id": "x"}
    import json
    assert scenarios.read_body(json.dumps(SCENARIO).encode()) == SCENARIO
    bomb = b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    for raw, expected in ((bomb, "aliases"), (b"\xff\xfe", "UTF-8"), (b"a: [1,", "line"),
                          (b"x" * 70_000, "too large")):
        with pytest.raises(RequestError) as caught:
            scenarios.read_body(raw)
        assert expected in caught.value.problems["body"]


# -- CSV and the team --------------------------------------------------------------------------


def test_csv_has_a_header_and_defuses_formulas():
    text = export.to_csv(("trainee", "score", "taboos"),
                         [{"trainee": "=HYPERLINK(\"x\")", "score": 71.5,
                           "taboos": ["argue", "ramble"]},
                          {"trainee": "ann", "score": None}])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["trainee", "score", "taboos"], ["'=HYPERLINK(\"x\")", "71.5", "argue ramble"],
                    ["ann", "", ""]]


def test_the_overview_counts_avoided_personas_and_quotes_taboos():
    now = MADE + timedelta(days=1)
    sessions = {"ann": [_session(1, score=40.0), _session(2, score=60.0)],
                "bob": [_session(3, sender="bob", score=90.0, style="amiable",
                                 ended=MADE - timedelta(days=20))]}
    turns = {1: [TurnRecord(1, "trainee", "You're wrong, and that's that.", [], ["argue"]),
                 TurnRecord(2, "customer", "Hm.", [], [])],
             2: [TurnRecord(1, "trainee", "No, listen, you're wrong.", [], ["argue", "ramble"])],
             3: []}
    data = team.TeamData(["ann", "bob", "cy"], sessions, turns,
                         {"ann": now, "bob": MADE - timedelta(days=20)}, [])
    view = team.overview(data, now)
    assert [row["id"] for row in view["trainees"]] == ["ann", "bob", "cy"]
    ann = view["trainees"][0]
    assert (ann["sessions"], ann["average_score"], ann["best_score"]) == (2, 50.0, 60.0)
    assert view["personas"]["avoided"] == ["lingering", "quick_to_agree"]
    assert view["taboos"][0]["taboo"] == "argue" and view["taboos"][0]["count"] == 2
    assert view["taboos"][0]["examples"][0]["quote"] == "You're wrong, and that's that."
    assert view["inactive_this_week"] == ["bob", "cy"]
    assert [p["score"] for p in view["series"]["ann"]] == [40.0, 60.0]
