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
from functools import lru_cache

from coach.roleplay import wordtables

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
                           "day", "site", "store", "part", "set", "annum", "week", "page",
                           "sheet", "fax", "message", "invoice", "hour"})
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
    # "a partir de 480" / "desde 480": "from"; "hasta 5.000": "up_to"; else None. A bound
    # is an open range (is_range is True).
    bound: str | None = None
    # Tiers laid out as a choice for the customer ("basic 30, pro 65, premium 120: which
    # fits you?"): the line presents options as well as a range.
    options: bool = False


@dataclass(frozen=True)
class _Words:
    """The price words of one language: English above, others from
    data/roleplay/reading/<language>.yml (section ``prices``)."""
    token: re.Pattern
    fold: bool
    decimal_comma: bool  # "4.500,50": the dot groups thousands, the comma is decimal
    currency: frozenset[str]
    symbols: frozenset[str]
    symbol_after: bool  # "4.500 €"
    scale: dict[str, float]
    per_words: frozenset[str]  # "39 a month", "99 al mes"
    each_words: frozenset[str]  # "12 each", "99 mensuales"
    price_period: frozenset[str]
    period_singular: frozenset[str]
    cues: frozenset[str]
    not_money_after: frozenset[str]
    not_money_after_pairs: frozenset[tuple[str, str]]  # "por ciento"
    not_money_before: frozenset[str]  # "a las 10"
    months: frozenset[str]
    range_join: frozenset[str]
    between: frozenset[str]
    between_and: frozenset[str]
    from_words: frozenset[str]
    up_to: tuple[tuple[str, ...], ...]
    lower_bounds: tuple[tuple[str, ...], ...]
    upper_bounds: tuple[tuple[str, ...], ...]
    tier_words: frozenset[str]
    choice_words: frozenset[str]  # "which", "cuál": the tiers are offered to choose from


_EN = _Words(
    token=_TOKEN, fold=False, decimal_comma=False, currency=_CURRENCY, symbols=_SYMBOLS,
    symbol_after=False, scale=_SCALE, per_words=frozenset({"a", "per"}),
    each_words=frozenset({"each", "apiece"}), price_period=_PRICE_PERIOD,
    period_singular=_PERIOD_SINGULAR, cues=_PRICE_CUES, not_money_after=_NOT_MONEY_AFTER,
    not_money_after_pairs=frozenset(), not_money_before=frozenset(), months=_MONTHS,
    range_join=_RANGE_JOIN, between=frozenset({"between"}), between_and=frozenset({"and"}),
    from_words=frozenset({"from"}), up_to=(("up", "to"),), lower_bounds=(), upper_bounds=(),
    tier_words=_TIER_WORDS,
    choice_words=frozenset({"which", "choose", "pick", "prefer", "either", "whichever"}))
# Spanish and other table languages: "4.500" and "4,500" are both 4500; "4.500,50" too.
_TOKEN_ANY = re.compile(
    r"(?P<num>\d{1,3}(?:\.\d{3}){1,4}(?:,\d{1,2})?|\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,2})?"
    r"|\d{1,9}(?:[.,]\d{1,2})?)(?P<suffix>[a-z%]{0,7})"
    r"|(?P<word>[^\W\d_]{1,30}(?:'[^\W\d_]{1,30})?)|(?P<sym>[$€£¥￥%:\-–—/])", re.IGNORECASE)


@lru_cache(maxsize=8)
def _words(language: str) -> _Words:
    table = wordtables.section(language, "prices")
    if table is None:
        return _EN
    where = f"data/roleplay/reading/{language}.yml prices"
    w = lambda key: wordtables.words(table, key, where)  # noqa: E731
    not_after = w("not_money_after")
    upper = w("up_to")
    return _Words(
        token=_TOKEN_ANY, fold=True, decimal_comma=True, currency=w("currency"),
        symbols=_SYMBOLS, symbol_after=True,
        scale={wordtables.fold(str(k)): float(v)
               for k, v in wordtables.mapping(table, "scale", where).items()},
        per_words=w("per_words"), each_words=frozenset(
            p for p in w("period_suffixes") if " " not in p),
        price_period=w("per_period"), period_singular=frozenset(), cues=w("cues"),
        not_money_after=frozenset(p for p in not_after if " " not in p),
        not_money_after_pairs=frozenset((p.split()[0], p.split()[1]) for p in not_after
                                        if " " in p),
        not_money_before=frozenset(w("not_money_before")), months=w("months"),
        range_join=w("range_join"), between=w("between"), between_and=w("between_and"),
        from_words=w("from"), up_to=tuple(tuple(u.split()) for u in upper),
        lower_bounds=tuple(tuple(b.split()) for b in w("lower_bounds")),
        upper_bounds=tuple(tuple(b.split()) for b in w("upper_bounds")),
        tier_words=w("tier_words"), choice_words=w("choice_words"))


@dataclass
class _Figure:
    value: float
    index: int  # token index
    start: int  # character span in the line
    end: int
    strong: bool  # a currency or a scale says it is money
    scale: float  # 1, or 1e3 for "5k" / "5 thousand", 1e6 for "2m"


def find_price(text: str, language: str = "en") -> PriceMention | None:
    """The money figures of ``text`` as one mention, or None when it names no price."""
    w = _words(language)
    line = (text or "")[:MAX_CHARS]
    tokens = [(m, (m.group(0) or "").lower()) for m in w.token.finditer(line)]
    words = [wordtables.fold(t) if w.fold else t for _, t in tokens]
    figures: list[_Figure] = []
    for i, (match, _) in enumerate(tokens):
        if match.group("num") is None:
            continue
        figure = _figure(match, i, words, w)
        if figure is not None:
            figures.append(figure)
            if len(figures) >= MAX_FIGURES:
                break
    if not figures:
        return None
    money = [f for f in figures
             if f.strong or (f.value >= 10 and _said_as_price(f.index, words, w))]
    if not money:
        return None
    # A bare figure beside a priced one is money too ("480 yuan, the top model 1,200");
    # single digits only as the start of a range ("between 3 and 5 thousand").
    money = [f for f in figures if f in money or f.value >= 10
             or _joined(f, figures, words, w)]
    _rescale_range_starts(money, words, w)
    values = tuple(f.value for f in money)
    ranged = any(_joined(a, money, words, w) for a in money) and len(set(values)) >= 2
    tiers = len(set(values)) >= 2 and bool(w.tier_words.intersection(words))
    bound = None
    if len(set(values)) == 1:
        before = words[max(0, money[0].index - 4):money[0].index]
        if any(_ends_with(before, b) for b in w.lower_bounds):
            bound = "from"
        elif any(_ends_with(before, b) for b in w.upper_bounds):
            bound = "up_to"
    start, end = money[0].start, money[-1].end
    # Options: tiers priced one by one (not one range "from 30 to 120") and a choice offered.
    options = tiers and bool(w.choice_words.intersection(words)) and not (
        ranged and len(set(values)) == 2)
    return PriceMention(values, ranged or tiers or bound is not None, line[start:end].strip(),
                        bound, options)


def _ends_with(words: list[str], phrase: tuple[str, ...]) -> bool:
    """Do ``words`` end with ``phrase``, allowing one filler word ("desde unos 480")?"""
    n = len(phrase)
    return tuple(words[-n:]) == phrase or (len(words) > n and tuple(words[-n - 1:-1]) == phrase)


def _number(text: str, decimal_comma: bool) -> float:
    """ "9,500" / "9,500.50" (and, with decimal_comma, "9.500" / "9.500,50") as a float."""
    if decimal_comma and re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+,\d{1,2}", text):
        return float(text.replace(".", "").replace(",", "."))
    return float(text.replace(",", ""))


def _figure(match: re.Match, i: int, words: list[str], w: _Words) -> _Figure | None:
    number, suffix = match.group("num"), (match.group("suffix") or "").lower()
    before = words[i - 1] if i > 0 else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    after2 = words[i + 2] if i + 2 < len(words) else ""
    if suffix in ("st", "nd", "rd", "th", "%", "am", "pm") or suffix.startswith("x"):
        return None
    if after in w.not_money_after or before in w.months or after in w.months:
        return None
    if (after, after2) in w.not_money_after_pairs or before in w.not_money_before:
        return None
    text = match.string
    if (after in (":", "/") and text[match.end():match.end() + 1] in (":", "/")) or (
            before in (":", "/") and text[max(0, match.start() - 1):match.start()] in (":", "/")):
        return None  # "10:30", "14/12"; not "Precio cerrado: 27.800 euros"
    if after in ("-", "–") and i + 2 < len(words) and (
            words[i + 2] in w.not_money_after or words[i + 2] in w.period_singular):
        return None  # "a 30-day trial", "a 3-year warranty"
    if len(before) == 1 and before.isalpha() and match.start() > 0 and \
            match.string[match.start() - 1].isalpha():
        return None  # "Q1", "v2"
    digits = re.sub(r"[.,]", "", number)
    value = _number(number, w.decimal_comma)
    if "," not in number and "." not in number and len(digits) == 4 and \
            1990 <= value <= 2100 and not suffix:
        return None  # a year
    scale = w.scale.get(suffix) or w.scale.get(after)
    if suffix and scale is None and suffix not in w.currency:
        return None  # "3pm", "5g", "10kg"
    strong = bool(scale) or suffix in w.currency or after in w.currency \
        or before in w.symbols or before in w.currency \
        or (w.symbol_after and after in w.symbols) or after in w.each_words \
        or (after in w.per_words and after2 in w.price_period)
    return _Figure(value * (scale or 1), i, match.start(), match.end(), strong, scale or 1.0)


def _said_as_price(i: int, words: list[str], w: _Words) -> bool:
    return any(word in w.cues for word in words[max(0, i - 3):i])


def _joined(figure: _Figure, figures: list[_Figure], words: list[str], w: _Words) -> bool:
    """Is ``figure`` one end of a range: "480 to 25,000", "3-5k", "between 3 and 5",
    "from 2,800 for the basic one up to 9,000"?"""
    for other in figures:
        if other is figure or other.index < figure.index:
            continue
        between = words[figure.index + 1:other.index]
        if len(between) <= 2 and set(between) & w.range_join:
            return True
        if len(between) == 1 and between[0] in w.between_and and \
                w.between.intersection(words[max(0, figure.index - 3):figure.index]):
            return True
        if len(between) <= 8 and any(tuple(between[-len(u):]) == u for u in w.up_to) and \
                w.from_words.intersection(words[max(0, figure.index - 2):figure.index]):
            return True
    return False


def _rescale_range_starts(money: list[_Figure], words: list[str], w: _Words) -> None:
    """"3-5k", "between 3 and 5 thousand": the scale of the range's end is the start's too."""
    for first, second in zip(money, money[1:]):
        if second.scale > 1 and first.scale == 1 and first.value < second.value / 100 and \
                _joined(first, [second], words, w):
            first.value *= second.scale
