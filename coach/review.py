"""Draft review: "check my reply: ..." -> the taboos in a message before it is sent.

The request is recognised by ``coach.review_request`` (``split_request`` here), so the
NLU pipeline and the action agree on where the draft starts and ends. The review
quotes the offending words, says why they hurt and what to write instead (from the
analyzer's rules, ``data/taboo_rules/<language>.yml``, themselves from the playbook's
documents), and ends with a rewrite of the weakest sentence; a clean draft gets "good to
send" and one strength. The review's own words are data, per language
(``data/review/<language>/replies.yml``): the review speaks the trainee's language.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from coach.analyzer import Analysis, Finding, TabooAnalyzer
from coach.language import DEFAULT_LANGUAGE
from coach.markup import bold
from coach.review_request import REVIEW_DIR, find_request

MAX_DRAFT_CHARS = 5000
REPLIES_NAME = "replies.yml"
_TEXT_KEYS = ("ask_for_draft", "pasted_note", "good_to_send", "truncated",
              "thousands_separator", "found_one", "found_many", "why", "instead", "weakest",
              "try", "ramble_empty", "ramble_whole", "tip_instead", "help_button",
              "quote_open", "quote_close")
_LAST_STRENGTHS = ("short", "otherwise")  # no pattern: by length, and the fallback


@dataclass(frozen=True)
class Strength:
    id: str
    pattern: re.Pattern | None
    text: str


@dataclass(frozen=True)
class Replies:
    """What the review says in one language (data/review/<language>/replies.yml)."""

    language: str
    texts: Dict[str, str]
    short_words: int
    strengths: Tuple[Strength, ...]

    def __getitem__(self, key: str) -> str:
        return self.texts[key]


def reply_languages(review_dir: Path = REVIEW_DIR) -> List[str]:
    return sorted(path.parent.name for path in Path(review_dir).glob(f"*/{REPLIES_NAME}"))


@lru_cache(maxsize=16)  # a handful of languages; any other string falls back
def replies(language: str = DEFAULT_LANGUAGE, review_dir: Path = REVIEW_DIR) -> Replies:
    """The review's words in ``language`` (the default language's when it has none)."""
    if language not in reply_languages(review_dir):
        language = DEFAULT_LANGUAGE
    return load_replies(Path(review_dir) / language / REPLIES_NAME, language)


def load_replies(path: Path, language: str) -> Replies:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ValueError(f"{path}: cannot load ({error})") from error
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping")
    missing = [key for key in _TEXT_KEYS + ("short_words", "strengths") if key not in data]
    if missing:
        raise ValueError(f"{path}: missing {missing}")
    texts = {key: data[key] for key in _TEXT_KEYS}
    if not all(isinstance(text, str) and text.strip() for text in texts.values()):
        raise ValueError(f"{path}: every text must be a non-empty string")
    strengths = []
    for entry in data["strengths"] or []:
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("text"):
            raise ValueError(f"{path}: each strength needs an id and a text: {entry!r}")
        pattern = entry.get("pattern")
        if (pattern is None) != (entry["id"] in _LAST_STRENGTHS):
            raise ValueError(f"{path}: strength {entry['id']!r}: a pattern is needed for all "
                             f"but {_LAST_STRENGTHS}")
        try:
            compiled = re.compile(pattern) if pattern else None
        except re.error as error:
            raise ValueError(f"{path}: strength {entry['id']!r}: bad pattern ({error})") from None
        strengths.append(Strength(str(entry["id"]), compiled, str(entry["text"])))
    if tuple(s.id for s in strengths[-2:]) != _LAST_STRENGTHS:
        raise ValueError(f"{path}: the strengths must end with {_LAST_STRENGTHS}")
    return Replies(language, texts, int(data["short_words"]), tuple(strengths))


# The English words, as the callers knew them.
ASK_FOR_DRAFT = replies("en")["ask_for_draft"]
PASTED_NOTE = replies("en")["pasted_note"]


def split_request(message: str) -> str | None:
    """The draft in a review request ('' if the request has no draft), None if no request.

    Where the request ends and the draft begins is read by ``coach.review_request``
    (segments and a trained classifier), before or after the draft, pasted alone or not.
    """
    request = find_request(message)
    # Not cut here: review_draft cuts at MAX_DRAFT_CHARS and says so in the review.
    return None if request is None else request.draft


@dataclass(frozen=True)
class Review:
    taboos: List[str]
    text: str


def review_draft(draft: str, analyzer: TabooAnalyzer, language: str = DEFAULT_LANGUAGE) \
        -> Review:
    """The review of ``draft`` in ``language``; the taboos' own words are the analyzer's
    (give the analyzer of the same language)."""
    words = replies(language)
    draft = (draft or "").strip()
    if not draft:
        return Review([], words["ask_for_draft"])
    truncated = len(draft) > MAX_DRAFT_CHARS
    analysis = analyzer.analyze(draft[:MAX_DRAFT_CHARS], draft=True)
    chars = f"{MAX_DRAFT_CHARS:,}".replace(",", words["thousands_separator"])
    note = "\n" + words["truncated"].format(chars=chars) if truncated else ""
    if not analysis.findings:
        return Review([], f"{bold(words['good_to_send'])} {_strength(analysis, words)}{note}")
    return Review(analysis.taboos, _problems(analysis, analyzer, words) + note)


def _problems(analysis: Analysis, analyzer: TabooAnalyzer, words: Replies) -> str:
    count = len(analysis.taboos)
    header = words["found_one"] if count == 1 else words["found_many"].format(count=count)
    lines = [bold(header)]
    first_seen: Dict[str, Finding] = {}
    for finding in analysis.findings:  # in the order they appear in the draft
        first_seen.setdefault(finding.taboo, finding)
    for number, (taboo, finding) in enumerate(first_seen.items(), start=1):
        info = analyzer.info[taboo]
        quoted = finding.evidence if taboo == "ramble" else finding.quote
        lines += [
            f"{number}. {bold(info.label + ':')} {_quoted(_short(quoted), words)}",
            f"   {words['why']} {info.why}",
            f"   {words['instead']} {info.instead}",
        ]
    weakest, rewrite = _weakest_rewrite(analysis, analyzer, words)
    lines += ["", f"{bold(words['weakest'])} {_quoted(_short(weakest, 240), words)}",
              f"{bold(words['try'])} {_quoted(rewrite, words)}"]
    return "\n".join(lines)


def _quoted(text: str, words: Replies) -> str:
    """The trainee's words (or ours) in the language's quotation marks: "..." or «...»."""
    return f"{words['quote_open']}{text}{words['quote_close']}"


def _weakest_rewrite(analysis: Analysis, analyzer: TabooAnalyzer, words: Replies) \
        -> Tuple[str, str]:
    """The sentence carrying the most taboos (first one on a tie), and a better version."""
    per_sentence = Counter((f.start, f.end) for f in analysis.findings)
    (start, end), _ = max(per_sentence.items(), key=lambda item: (item[1], -item[0][0]))
    weakest = analysis.text[start:end].strip()
    taboo = next(f.taboo for f in analysis.findings if (f.start, f.end) == (start, end))
    rewrite = analyzer.info[taboo].rewrite
    if not rewrite:  # rambling: the same message without its off-topic sentences
        kept, cursor = [], 0
        for off_start, off_end in analysis.off_topic:
            kept.append(analysis.text[cursor:off_start])
            cursor = off_end
        kept.append(analysis.text[cursor:])
        rewrite = _short(" ".join(" ".join(kept).split()), 400) or words["ramble_empty"]
        if not analysis.off_topic:
            weakest = analysis.text
            rewrite = words["ramble_whole"]
    return weakest, rewrite


def _strength(analysis: Analysis, words: Replies) -> str:
    """The first strength that applies, tried with every language's patterns (an English
    draft reviewed for a Spanish speaker still ends with a question), named in theirs."""
    text = analysis.text.lower()
    patterns = _strength_patterns()
    for strength in words.strengths:
        if strength.id == "short":
            if analysis.words <= words.short_words:
                return strength.text
        elif strength.id == "otherwise" or \
                any(p.search(text) for p in patterns.get(strength.id, ())):
            return strength.text
    return words.strengths[-1].text


@lru_cache(maxsize=1)
def _strength_patterns() -> Dict[str, Tuple[re.Pattern, ...]]:
    found: Dict[str, Tuple[re.Pattern, ...]] = {}
    for language in reply_languages():
        for strength in replies(language).strengths:
            if strength.pattern is not None:
                found[strength.id] = found.get(strength.id, ()) + (strength.pattern,)
    return found


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
