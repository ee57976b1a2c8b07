"""Progress: "how am I doing?" figures and the command-line report with its chart."""

from __future__ import annotations

import subprocess
import sys

from coach.db import Repository, TurnRecord
from coach.markup import plain
from coach.progress import progress, progress_text
from coach.settings import PROJECT_ROOT

ROOT = PROJECT_ROOT


def _finished(repository, sender, persona, score, taboos):
    record = repository.start_session(sender, persona, None, "efax_service", 1, {},
                                      [TurnRecord(0, "customer", "hi", [], [])])
    repository.finish_session(record.id, "lost" if taboos else "won", score, {}, [],
                              {"taboos": taboos, "outcome": "won"})


def _fill(repository):
    for persona, score, taboos in [("hesitant", 40, ["argue"]), ("hesitant", 55, ["argue"]),
                                   ("lingering", 60, []), ("quick_to_agree", 75, []),
                                   ("hesitant", 82, ["refuse_on_spot"])]:
        _finished(repository, "trainee-9", persona, score, taboos)


def test_progress_figures(repository):
    _fill(repository)
    p = progress(repository.finished_sessions("trainee-9"))
    assert p.sessions == 5
    assert p.per_persona == {"hesitant": 3, "lingering": 1, "quick_to_agree": 1}
    assert (p.average, p.best) == (62.4, 82.0)
    assert p.trend == "improving"
    assert p.frequent_taboos[0] == ("argue", 2)
    assert p.practise_next == "taboo_argue"
    text = plain(progress_text("Progress of trainee-9", p))
    assert "Average score: 62.4, best: 82" in text and "improving" in text


def test_no_sessions_yet_says_how_to_start():
    assert "no finished role-play yet" in progress_text("new", progress([]))


def test_the_report_command_prints_everyone_and_writes_a_png(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    repository = Repository.from_url(url)
    _fill(repository)
    _finished(repository, "trainee-2", "lingering", 70, [])
    repository.dispose()
    chart = tmp_path / "scores.png"
    result = subprocess.run([sys.executable, "-m", "coach", "report", "--chart", str(chart)],
                            cwd=ROOT, env={"COACH_DATABASE_URL": url, "PATH": "/usr/bin:/bin",
                                           "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"},
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Progress of trainee-9" in result.stdout and "Progress of trainee-2" in result.stdout
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    one = subprocess.run([sys.executable, "-m", "coach", "report", "--trainee", "trainee-2"],
                         cwd=ROOT, env={"COACH_DATABASE_URL": url, "PATH": "/usr/bin:/bin",
                                        "PYTHONPATH": str(ROOT)},
                         capture_output=True, text=True, timeout=300)
    assert "trainee-2" in one.stdout and "trainee-9" not in one.stdout
