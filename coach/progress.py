"""A trainee's progress across role-play sessions: "how am I doing?" and the report CLI.

The figures are the same in every language; the words around them come from
data/progress/<language>.yml (checked when read), so a new language is a new file.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Sequence

import yaml

from coach.db import SessionRecord
from coach.language import DEFAULT_LANGUAGE, LANGUAGES
from coach.markup import bold
from coach.roleplay import PERSONA_IDS
from coach.roleplay.scoring import TABOO_TOPICS

PROGRESS_DIR = Path(__file__).resolve().parent.parent / "data" / "progress"
_LABELS = ("heading", "none_yet", "sessions", "outcomes", "average", "best", "trend",
           "last_scores", "frequent_taboos", "none", "practise_next", "once", "times")
_NAME_MAPS = ("trends", "personas", "outcome_names", "taboos")
# Progress.trend keeps its English values (the manager's API reports them); the texts
# name them by these keys.
_TREND_KEYS = {"improving": "improving", "slipping": "slipping", "steady": "steady",
               "not enough sessions yet": "too_few"}


class ProgressTextError(ValueError):
    """A data/progress file is missing or malformed."""


@cache
def texts(language: str = DEFAULT_LANGUAGE) -> Dict[str, Any]:
    """The words of the progress report in `language` (English for an unknown one)."""
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    path = PROGRESS_DIR / f"{language}.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ProgressTextError(f"{path}: cannot read it: {error}") from error
    if not isinstance(data, dict) or data.get("language") != language:
        raise ProgressTextError(f"{path}: expected a mapping with language: {language}")
    missing = [key for key in _LABELS if not isinstance(data.get(key), str)]
    missing += [key for key in _NAME_MAPS if not isinstance(data.get(key), dict)]
    if missing:
        raise ProgressTextError(f"{path}: missing or not text: {missing}")
    absent = sorted(set(_TREND_KEYS.values()) - set(data["trends"]))
    if absent:
        raise ProgressTextError(f"{path}: trends lacks {absent}")
    return data


def progress_heading(language: str = DEFAULT_LANGUAGE) -> str:
    """The trainee's own heading ("Your role-play progress")."""
    return str(texts(language)["heading"])


@dataclass(frozen=True)
class Progress:
    sessions: int
    per_persona: Dict[str, int]
    average: float | None
    best: float | None
    trend: str  # "improving" | "slipping" | "steady" | "not enough sessions yet"
    last_scores: List[float]
    frequent_taboos: List[tuple]  # [(taboo, times)]
    practise_next: str  # a playbook topic id
    outcomes: Dict[str, int]


def progress(records: Sequence[SessionRecord]) -> Progress:
    scores = [float(r.score) for r in records if r.score is not None]
    per_persona = {persona: sum(1 for r in records if r.persona == persona)
                   for persona in PERSONA_IDS}
    taboo_counts = Counter(t for r in records for t in r.state.taboos)
    last = scores[-5:]
    if len(last) < 3:
        trend = "not enough sessions yet"
    else:
        half = len(last) // 2
        before, after = sum(last[:half]) / half, sum(last[-half:]) / half
        trend = "improving" if after - before >= 5 else (
            "slipping" if before - after >= 5 else "steady")
    return Progress(
        sessions=len(records), per_persona=per_persona,
        average=round(sum(scores) / len(scores), 1) if scores else None,
        best=max(scores) if scores else None, trend=trend, last_scores=last,
        frequent_taboos=taboo_counts.most_common(3),
        practise_next=_practise_next(records, per_persona, taboo_counts),
        outcomes=dict(Counter(r.status for r in records)),
    )


def _practise_next(records, per_persona, taboo_counts) -> str:
    if taboo_counts:
        return TABOO_TOPICS[taboo_counts.most_common(1)[0][0]]
    if not records:
        return "customer_hesitant"
    averages = {}
    for persona in PERSONA_IDS:
        scores = [r.score for r in records if r.persona == persona and r.score is not None]
        averages[persona] = sum(scores) / len(scores) if scores else -1.0
    return f"customer_{min(averages, key=averages.__getitem__)}"


def progress_text(heading: str, p: Progress, titles: Dict[str, str] | None = None,
                  language: str = DEFAULT_LANGUAGE) -> str:
    """The report; `titles` names the playbook topics (in `language`, like the words)."""
    words = texts(language)
    if not p.sessions:
        return words["none_yet"].format(heading=heading)
    personas = ", ".join(f"{words['personas'].get(k, k)} {v}" for k, v in p.per_persona.items())
    def times(n: int) -> str:
        return (words["once"] if n == 1 else words["times"]).format(count=n)

    taboos = ", ".join(f"{words['taboos'].get(t, t)} ({times(n)})"
                       for t, n in p.frequent_taboos) or words["none"]
    topic = (titles or {}).get(p.practise_next, p.practise_next)
    trend = words["trends"].get(_TREND_KEYS.get(p.trend, ""), p.trend)
    outcomes = ", ".join(f"{words['outcome_names'].get(k, k)} {v}"
                         for k, v in sorted(p.outcomes.items()))
    scores = ", ".join(f"{s:g}" for s in p.last_scores)
    return "\n".join([
        bold(heading),
        f"{bold(words['sessions'])} {p.sessions} ({personas}); {words['outcomes']} {outcomes}",
        f"{bold(words['average'])} {p.average:g}, {words['best']} {p.best:g}",
        f"{bold(words['trend'])} {trend} ({words['last_scores']} {scores})",
        f"{bold(words['frequent_taboos'])} {taboos}",
        f"{bold(words['practise_next'])} {topic}",
    ])


def chart_png(records_by_trainee: Mapping[str, Sequence[SessionRecord]]) -> bytes:
    """A PNG line chart of scores over time, one line per trainee."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    figure, axes = plt.subplots(figsize=(8, 4.5), dpi=80)
    for trainee, records in records_by_trainee.items():
        scored = [r for r in records if r.score is not None]
        axes.plot(range(1, len(scored) + 1), [r.score for r in scored], marker="o",
                  label=trainee)
    longest = max((len(records) for records in records_by_trainee.values()), default=1)
    axes.set_xlim(0.5, max(longest, 1) + 0.5)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # sessions are whole numbers
    axes.set_xlabel("session")
    axes.set_ylabel("score")
    axes.set_ylim(0, 100)
    axes.set_title("Role-play scores over time")
    axes.grid(alpha=0.3)
    if records_by_trainee:
        axes.legend(loc="lower right", fontsize="small")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()


def write_chart(records_by_trainee: Mapping[str, Sequence[SessionRecord]], path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(chart_png(records_by_trainee))
    return path
