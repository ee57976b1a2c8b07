"""The taboo analyzer: what in a salesperson's message would push a customer away.

Shared by role-play (each trainee turn) and draft review. Plain Python on the
project's spaCy pipeline (``coach.nlp``) plus a sentencizer; the rules are data
(``data/taboo_rules/<language>.yml``, definitions in ``docs/taboos.md``). One module per job:

- ``rules``: the taboo ids, loading and checking the rules, the ``{a|b}`` phrase syntax;
- ``matchers``: the text as sentences, and the phrase matchers over its lemmas;
- ``phrases``: phrase taboos, each with phrases that cancel a match nearby ("that's
  impossible" vs "... let me check and get back to you");
- ``judgements``: negative judgements classified by their target: about a competitor or
  its offer (``badmouth_competitor``) or about a person or team (``talk_behind_back``);
- ``prices``: money figures that are not a range, not tied to the customer's stated needs
  and not the customer's own costs (``premature_exact_price``);
- ``ramble``: message length and off-topic personal subjects;
- ``quotes``: drafts are cut at the first quoted earlier message: those words are the
  customer's, not the salesperson's;
- ``core``: ``TabooAnalyzer``, the detectors run in order over one parsed text, and
  ``analyzer_for(language)``, the analyzer of a language (its rules and pipeline).
"""

from coach.analyzer.core import TabooAnalyzer, analyzer_for
from coach.analyzer.findings import Analysis, Context, Finding
from coach.analyzer.judgements import TARGET_WINDOW
from coach.analyzer.matchers import LONGEST_TOKEN
from coach.analyzer.quotes import strip_quoted
from coach.analyzer.rules import PHRASE_TABOOS, TABOO_IDS, AnalyzerError, TabooInfo, expand

__all__ = [
    "TABOO_IDS", "PHRASE_TABOOS", "LONGEST_TOKEN", "TARGET_WINDOW", "AnalyzerError",
    "Analysis", "Context", "Finding", "TabooAnalyzer", "TabooInfo", "analyzer_for", "expand",
    "strip_quoted",
]
