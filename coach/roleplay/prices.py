"""The money figures a trainee names, and whether they make a range across tiers.

Read token by token rather than with one large regex, because what makes a bare figure
a price is its neighbours: "The full package is 9,500." is a price, "40 keyboards" a
count, "98%" a rate, "2027" a year, "the 10th" a day. A figure is money when it carries
a currency or a scale ("480 yuan", "$39", "6k"), is said as a price ("is 9,500",
"from 2,800", "39 a month") or stands beside a figure that is; a count, a rate, a time
or a year never is. A range is two different figures joined as one ("480 to 25,000",
"3-5k", "between 3 and 5 thousand", "from 2,800 ... up to 9,000") or set against tiers
("the entry model is 480, the top model 1,200").

Bounded: at most ``MAX_CHARS`` characters and ``MAX_FIGURES`` figures are read; the one
regex is a flat alternation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CHARS = 2000
MAX_FIGURES = 12

_TOKEN = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,2})?|\d{1,9}(?:\.\d{1,2})?)(?P<suffix>[a-z%]{0,7})"
    r"|(?P<word>[a-z]+(?:'[a-z]+)?)|(?P<sym>[$€£¥￥%:\-–—/])", re.IGNORECASE)

_CURRENCY = frozenset({"yuan", "rmb", "cny", "kuai", "dollar", "dollars", "usd", "euro",
                       "euros", "eur", "pound", "pounds", "gbp", "bucks", "quid"})
_SYMBOLS = frozenset("$€£¥￥")
_SCALE = {"k": 1e3, "thousand": 1e3, "grand": 1e3, "m": 1e6, "million": 1e6, "mn": 1e6}
# Said after a figure, these keep it a price ("9,500 for the basic one", "39 a month").
_PRICE_PERIOD = frozenset({"month", "year", "unit", "piece", "seat", "user", "licence",
                           "license", "cabinet", "keyboard", "kiosk", "head", "person",
                           "day", "site", "store", "part", "set", "annum", "week"})
_PERIOD_SINGULAR = frozenset({"day", "week", "month", "year", "hour", "minute", "person",
                              "user", "seat", "step", "stage", "phase", "point"})
# A figure preceded (within three words) by one of these is said as a price.
_PRICE_CUES = frozenset({
    "is", "it's", "that's", "be", "at", "cost", "costs", "costing", "pay", "paying",
    "priced", "price", "prices", "pricing", "from", "comes", "come", "only", "just",
    "charge", "charges", "fee", "fees", "quote", "quoted", "total", "starts", "start",
    "starting", "invest", "investment", "budget", "offer", "deal", "for",
    "package", "plan", "tier", "model", "version", "option", "edition", "rate", "we'd",
    "you'd", "would", "will", "to", "about", "around", "roughly", "approximately", "under",
    "discounted", "discount", "down"})
# A figure followed by one of these is a count, a rate or a time, never a price.
_NOT_MONEY_AFTER = frozenset({
    "%", "percent", "per cent", ":", "am", "pm", "st", "nd", "rd", "th", "x",
    "days", "weeks", "months", "years", "hours", "minutes", "seconds", "times",
    "people", "staff", "users", "employees", "workers", "customers", "clients", "units",
    "pieces", "items", "parts", "orders", "faxes", "pages", "sites", "stores", "branches",
    "offices", "filings", "applications", "cases", "projects", "keyboards", "cabinets",
    "kiosks", "machines", "seats", "licences", "licenses", "lines", "trademarks", "reps",
    "visits", "calls", "sheets", "boxes", "kg", "tons", "tonnes", "metres", "meters", "m2",
    "sqm", "degrees", "percentage", "point", "points", "stars", "of"})
_MONTHS = frozenset({"january", "february", "march", "april", "june", "july", "august",
                     "september", "october", "november", "december", "jan", "feb", "mar",
                     "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"})
_RANGE_JOIN = frozenset({"-", "–", "—", "to", "or"})
_TIER_WORDS = frozenset({
    "tier", "tiers", "model", "models", "grade", "grades", "plan", "plans", "package",
    "packages", "version", "versions", "option", "options", "edition", "editions",
    "depending", "depends", "basic", "standard", "premium", "entry", "top", "base", "pro",
    "small", "smaller", "large", "larger", "bigger", "range", "ranges", "between",
    "cheapest", "dearest", "upwards", "level", "levels", "configuration"})


@dataclass(frozen=True)
class PriceMention:
    figures: tuple[float, ...]  # the amounts named, in order
    is_range: bool  # a range across tiers/models ("from 480 to 25,000", "3-5k")
    text: str  # as written


@dataclass
class _Figure:
    value: float
    index: int  # token index
    start: int  # character span in the line
    end: int
    strong: bool  # a currency or a scale says it is money
    scale: float  # 1, or 1e3 for "5k" / "5 thousand", 1e6 for "2m"


def find_price(text: str) -> PriceMention | None:
    """The money figures of ``text`` as one mention, or None when it names no price."""
    line = (text or "")[:MAX_CHARS]
    tokens = [(m, (m.group(0) or "").lower()) for m in _TOKEN.finditer(line)]
    words = [t for _, t in tokens]
    figures: list[_Figure] = []
    for i, (match, _) in enumerate(tokens):
        if match.group("num") is None:
            continue
        figure = _figure(match, i, words)
        if figure is not None:
            figures.append(figure)
            if len(figures) >= MAX_FIGURES:
                break
    if not figures:
        return None
    money = [f for f in figures if f.strong or (f.value >= 10 and _said_as_price(f.index, words))]
    if not money:
        return None
    # A bare figure beside a priced one is money too ("480 yuan, the top model 1,200");
    # single digits only as the start of a range ("between 3 and 5 thousand").
    money = [f for f in figures if f in money or f.value >= 10
             or _joined(f, figures, words)]
    _rescale_range_starts(money, words)
    values = tuple(f.value for f in money)
    ranged = any(_joined(a, money, words) for a in money) and len(set(values)) >= 2
    tiers = len(set(values)) >= 2 and bool(_TIER_WORDS.intersection(words))
    start, end = money[0].start, money[-1].end
    return PriceMention(values, ranged or tiers, line[start:end].strip())


def _figure(match: re.Match, i: int, words: list[str]) -> _Figure | None:
    number, suffix = match.group("num"), (match.group("suffix") or "").lower()
    before = words[i - 1] if i > 0 else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    if suffix in ("st", "nd", "rd", "th", "%", "am", "pm") or suffix.startswith("x"):
        return None
    if after in _NOT_MONEY_AFTER or before in _MONTHS or after in _MONTHS:
        return None
    if after == ":" or before == ":" or before == "/" or after == "/":
        return None  # "10:30", "14/12"
    if after in ("-", "–") and i + 2 < len(words) and (
            words[i + 2] in _NOT_MONEY_AFTER or words[i + 2] in _PERIOD_SINGULAR):
        return None  # "a 30-day trial", "a 3-year warranty"
    if len(before) == 1 and before.isalpha() and match.start() > 0 and \
            match.string[match.start() - 1].isalpha():
        return None  # "Q1", "v2"
    digits = number.replace(",", "")
    value = float(digits)
    if "," not in number and "." not in number and len(digits) == 4 and \
            1990 <= value <= 2100 and not suffix:
        return None  # a year
    scale = _SCALE.get(suffix) or _SCALE.get(after)
    if suffix and scale is None and suffix not in _CURRENCY:
        return None  # "3pm", "5g", "10kg"
    strong = bool(scale) or suffix in _CURRENCY or after in _CURRENCY or before in _SYMBOLS \
        or before in _CURRENCY or (after in ("a", "per", "each", "apiece") and (
            i + 2 < len(words) and words[i + 2] in _PRICE_PERIOD or after in ("each", "apiece")))
    return _Figure(value * (scale or 1), i, match.start(), match.end(), strong, scale or 1.0)


def _said_as_price(i: int, words: list[str]) -> bool:
    return any(word in _PRICE_CUES for word in words[max(0, i - 3):i])


def _joined(figure: _Figure, figures: list[_Figure], words: list[str]) -> bool:
    """Is ``figure`` one end of a range: "480 to 25,000", "3-5k", "between 3 and 5",
    "from 2,800 for the basic one up to 9,000"?"""
    for other in figures:
        if other is figure or other.index < figure.index:
            continue
        between = words[figure.index + 1:other.index]
        if len(between) <= 2 and set(between) & _RANGE_JOIN:
            return True
        if between == ["and"] and "between" in words[max(0, figure.index - 3):figure.index]:
            return True
        if len(between) <= 8 and between[-2:] == ["up", "to"] and \
                "from" in words[max(0, figure.index - 2):figure.index]:
            return True
    return False


def _rescale_range_starts(money: list[_Figure], words: list[str]) -> None:
    """"3-5k", "between 3 and 5 thousand": the scale of the range's end is the start's too."""
    for first, second in zip(money, money[1:]):
        if second.scale > 1 and first.scale == 1 and first.value < second.value / 100 and \
                _joined(first, [second], words):
            first.value *= second.scale
