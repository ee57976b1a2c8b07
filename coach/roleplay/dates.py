"""The date a trainee proposes ("Thursday the 10th", "next Friday", "in two weeks").

The parsing is ``dateparser``'s (Zyte's well-kept parser, 200+ locales, Spanish
included); this module only finds the phrase and adds what the library leaves out:

- it finds the date phrase itself: ``dateparser.search`` also reads "a week" in
  "twice a week", "now" and "a year" in "3,000 yuan a year" as dates, so the phrase
  is taken from anchor words (weekdays, months, ordinals, "tomorrow", "in N weeks")
  and the words a date phrase is made of, and only that phrase is parsed;
- relative modifiers the library does not parse ("next Friday", "end of next week",
  "the first of next month", "the week after next"): the core ("Friday", "the 1st")
  is parsed by the library, the modifier moves it;
- a weekday with a day of the month ("Thursday the 10th"): the first such day that
  falls on that weekday.

Word tables are per language (``_WORDS``); Spanish adds its own ("el jueves 10",
"la semana que viene") as a second table, the layer stays the same.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from coach.roleplay import wordtables

MAX_CHARS = 600  # a date proposal is short; longer lines are read up to here
MAX_PHRASE_TOKENS = 8

_TOKEN = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?|[a-záéíóúñ]+|\d{1,4}(?:st|nd|rd|th)?|,",
                    re.IGNORECASE)
# Other languages: any letters, and "%" so that "el 10% de descuento" is no day.
_TOKEN_ANY = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?|[^\W\d_]{1,30}|\d{1,4}|[,%]")


@dataclass(frozen=True)
class Words:
    weekdays: dict[str, int]
    months: dict[str, int]
    ordinals: dict[str, int]
    numbers: dict[str, int]
    today: frozenset[str]
    tomorrow: frozenset[str]
    next: frozenset[str]  # "next", "coming"
    this: frozenset[str]
    glue: frozenset[str]  # words inside a date phrase: "the", "of", "on"
    week: frozenset[str]
    month: frozenset[str]
    fortnight: frozenset[str]
    day: frozenset[str]
    in_: frozenset[str]
    end: frozenset[str]
    start: frozenset[str]
    mid: frozenset[str]
    after: frozenset[str]  # "the week after next", "the day after tomorrow"
    from_: frozenset[str]  # "two weeks from now", "a week from Friday"
    now: frozenset[str]
    few: dict[str, int]  # "a couple of weeks", "a few days"
    # What the English layer spells in its code, as table entries for other languages:
    a: frozenset[str] = frozenset({"a"})  # "in a fortnight", "in a couple of weeks"
    of: frozenset[str] = frozenset({"of"})  # kept in the phrase the library parses
    coming: frozenset[str] = frozenset({"coming"})  # "coming Friday": the next one
    # After the unit: "la semana que viene", "el viernes próximo" (none in English).
    next_after: frozenset[str] = frozenset()
    after_tomorrow: frozenset[str] = frozenset()  # one word for "the day after tomorrow"
    of_needs_month: bool = False  # "10 de descuento" is no day: "de" + a month only
    day_markers: frozenset[str] = frozenset()  # "el 10", "el día 10": a day of the month
    not_day_after: frozenset[str] = frozenset()
    joins: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = field(default=())
    fold: bool = False


_EN = Words(
    weekdays={name: i for i, names in enumerate(
        [("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
         ("thursday", "thu", "thur", "thurs"), ("friday", "fri"), ("saturday", "sat"),
         ("sunday", "sun")]) for name in names},
    months={name: i + 1 for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")]) for name in names},
    ordinals={word: i + 1 for i, word in enumerate(
        [
            "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
            "seventeenth", "eighteenth", "nineteenth", "twentieth"
        ])} | {"thirtieth": 30},
    numbers={w: i + 1 for i, w in enumerate([
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve"
    ])} | {"a": 1, "an": 1},
    today=frozenset({"today", "tonight"}), tomorrow=frozenset({"tomorrow", "tmrw", "tmr"}),
    next=frozenset({"next", "coming"}), this=frozenset({"this"}),
    glue=frozenset({"the", "of", "on", ","}),
    week=frozenset({"week", "weeks"}), month=frozenset({"month", "months"}),
    fortnight=frozenset({"fortnight"}), day=frozenset({"day", "days"}),
    in_=frozenset({"in", "within"}), end=frozenset({"end"}),
    start=frozenset({"beginning", "start", "early"}),
    mid=frozenset({"mid", "middle"}), after=frozenset({"after"}), from_=frozenset({"from"}),
    now=frozenset({"now", "today"}), few={"couple": 2, "few": 3},
)


@lru_cache(maxsize=8)
def _words(language: str) -> Words:
    """The table of ``language``: English above, others from
    data/roleplay/reading/<language>.yml (section ``dates``)."""
    table = wordtables.section(language, "dates")
    if table is None:
        return _EN
    where = f"data/roleplay/reading/{language}.yml dates"
    w = lambda key: wordtables.words(table, key, where)  # noqa: E731
    fold = wordtables.fold

    def indexed(key: str, base: int) -> dict[str, int]:
        return {fold(str(name)): int(i) + base for i, names in
                wordtables.mapping(table, key, where).items() for name in names}

    def counts(key: str) -> dict[str, int]:
        return {fold(str(k)): int(v) for k, v in wordtables.mapping(table, key, where).items()}

    joins = tuple((tuple(fold(str(k)).split()), tuple(fold(str(v or "")).split()))
                  for k, v in wordtables.mapping(table, "joins", where).items())
    return Words(
        weekdays=indexed("weekdays", 0), months=indexed("months", 0), ordinals=counts("ordinals"),
        numbers=counts("numbers"), today=w("today"), tomorrow=w("tomorrow"), next=w("next"),
        this=w("this"), glue=w("glue"), week=w("week"), month=w("month"),
        fortnight=w("fortnight"), day=w("day"), in_=w("in"), end=w("end"), start=w("start"),
        mid=w("mid"), after=w("after"), from_=w("from"), now=w("now"), few=counts("few"),
        a=w("articles"), of=w("of"), coming=w("coming"), next_after=w("next_after"),
        after_tomorrow=w("after_tomorrow"), of_needs_month=bool(table.get("of_needs_month")),
        day_markers=w("day_markers"), not_day_after=w("not_day_after"),
        joins=tuple(sorted(joins, key=lambda j: -len(j[0]))), fold=True)


def _tokens(text: str, w: Words) -> list[str]:
    line = (text or "")[:MAX_CHARS].lower()
    if not w.fold:
        return _TOKEN.findall(line)
    tokens = _TOKEN_ANY.findall(wordtables.fold(line))
    if not w.joins:
        return tokens
    joined: list[str] = []
    firsts = _join_heads(w.joins)
    i = 0
    while i < len(tokens):
        for phrase, replacement in firsts.get(tokens[i], ()):
            if tuple(tokens[i:i + len(phrase)]) == phrase:
                joined.extend(replacement)
                i += len(phrase)
                break
        else:
            joined.append(tokens[i])
            i += 1
    return joined


@lru_cache(maxsize=8)
def _join_heads(joins) -> dict[str, tuple]:
    """The joins by their first token, longest first."""
    heads: dict[str, list] = {}
    for phrase, replacement in joins:
        heads.setdefault(phrase[0], []).append((phrase, replacement))
    return {head: tuple(items) for head, items in heads.items()}


def find_date(text: str, today: dt.date, language: str = "en") -> tuple[dt.date, str] | None:
    """The date proposed in ``text`` (resolved against ``today``) and its phrase, or None.

    With several dates ("review Tuesday, signature Thursday the 10th") the latest is
    the commitment the line leads to.
    """
    found = find_dates(text, today, language)
    if not found:
        return None
    return max(found, key=lambda item: item[0])


def find_dates(text: str, today: dt.date, language: str = "en") -> list[tuple[dt.date, str]]:
    """Every date named in ``text`` from ``today`` on, with its phrase, in the line's order
    (several dated steps make a timeline, not one date proposed)."""
    words = _words(language)
    tokens = _tokens(text, words)
    found: list[tuple[dt.date, str]] = []
    i = 0
    while i < len(tokens):
        hit = _phrase_at(tokens, i, words, today, language)
        if hit is None:
            i += 1
            continue
        day, phrase, used = hit
        if day >= today:
            found.append((day, phrase))
        i += max(used, 1)
    return found


def _phrase_at(tokens, i, w: Words, today: dt.date, language: str):
    """A date phrase starting at token i: (date, phrase, tokens used) or None."""
    token = tokens[i]
    following = tokens[i + 1] if i + 1 < len(tokens) else ""
    after = tokens[i + 2] if i + 2 < len(tokens) else ""
    if token in w.today:
        return today, token, 1
    if token in w.tomorrow:
        return today + dt.timedelta(days=1), token, 1
    if token in w.after_tomorrow:  # "pasado mañana"
        return today + dt.timedelta(days=2), token, 1
    # "in two weeks", "in 3 days", "in a fortnight": the library parses it.
    if token in w.in_ and following in w.fortnight | w.a and (
            following in w.fortnight or after in w.fortnight):
        used = 2 if following in w.fortnight else 3
        return today + dt.timedelta(days=14), " ".join(tokens[i:i + used]), used
    if token in w.in_ and following in w.a and after in w.few:
        k = i + 4 if tokens[i + 3:i + 4] and tokens[i + 3] in w.of else i + 3
        if k < len(tokens) and tokens[k] in w.week | w.day | w.month:
            parsed = _parse_in(w.few[after], tokens[k], w, today, language)
            return (parsed, " ".join(tokens[i:k + 1]), k + 1 - i) if parsed else None
    # "two weeks from now", "a week from today", "a week from Friday"
    if (token in w.numbers or token.isdecimal() or token in w.a) and \
            following in w.week | w.day | w.fortnight and after in w.from_ and i + 3 < len(tokens):
        count = 1 if token in w.a else (w.numbers.get(token) or int(token))
        if following in w.fortnight:  # "a fortnight from today": two weeks
            count, following = 2 * count, next(iter(w.week))
        if tokens[i + 3] in w.now:
            base, used = today, 4
        elif tokens[i + 3] in w.tomorrow:  # "a week from tomorrow"
            base, used = today + dt.timedelta(days=1), 4
        else:
            hit = _calendar_phrase(tokens, i + 3, w, today, language)
            if hit is None:
                return None
            base, used = hit[0], 3 + hit[2]
        step = dt.timedelta(weeks=count) if following in w.week else dt.timedelta(days=count)
        return base + step, " ".join(tokens[i:i + used]), used
    # "the day after tomorrow"
    if token in w.day and following in w.after and after in w.tomorrow:
        return today + dt.timedelta(days=2), " ".join(tokens[i:i + 3]), 3
    # "mid-January", "the middle of next month", "mid next week"
    if token in w.mid:
        return _part_of(tokens, i, w, today, "mid")
    if token in w.in_ and (following in w.numbers or following.isdecimal()) and (
            after in w.week | w.day | w.month | w.fortnight):
        parsed = _parse_in(w.numbers.get(following, following), after, w, today, language)
        return (parsed, " ".join(tokens[i:i + 3]), 3) if parsed else None
    # "end of next week", "end of the month", "beginning of next month"
    if token in w.end | w.start:
        return _part_of(tokens, i, w, today, "end" if token in w.end else "start")
    # "next week", "next month", "the week after next", "next Friday", "this Thursday"
    # "Monday after next": that weekday in the week after next
    if token in w.weekdays and following in w.after and after in w.next:
        day = _monday(today) + dt.timedelta(weeks=2, days=w.weekdays[token])
        return day, " ".join(tokens[i:i + 3]), 3
    if token in w.next | w.this and following in w.weekdays:
        weekday = w.weekdays[following]
        if token in w.this or token in w.coming:
            day = _next_weekday(today, weekday, strictly_after=False)
        else:  # "next Friday": the Friday of next week
            day = _monday(today) + dt.timedelta(weeks=1, days=weekday)
        return day, f"{token} {following}", 2
    if token in w.next and following in w.week:
        return _monday(today) + dt.timedelta(weeks=1), f"{token} {following}", 2
    if token in w.next and following in w.month:
        return _add_months(today.replace(day=1), 1), f"{token} {following}", 2
    # "la semana que viene", "el mes próximo", "el viernes que viene" (the coming one)
    if following in w.next_after and token in w.week | w.month | w.weekdays.keys():
        if token in w.week:
            return _monday(today) + dt.timedelta(weeks=1), f"{token} {following}", 2
        if token in w.month:
            return _add_months(today.replace(day=1), 1), f"{token} {following}", 2
        weekday = w.weekdays[token]
        return _next_weekday(today, weekday, strictly_after=True), f"{token} {following}", 2
    if token in w.week and following in w.after and after in w.next:
        return _monday(today) + dt.timedelta(weeks=2), " ".join(tokens[i:i + 3]), 3
    return _calendar_phrase(tokens, i, w, today, language)


def _calendar_phrase(tokens, i, w: Words, today: dt.date, language: str):
    """Weekday / day of month / month phrases: "Thursday the 10th", "December 18",
    "the first of next month", "14/12"."""
    token = tokens[i]
    if not (token in w.weekdays or token in w.months or _day_number(token, w)
            or "/" in token):
        return None
    if token in w.months and token == "may" and not _day_number(
            tokens[i + 1] if i + 1 < len(tokens) else "", w):
        return None  # "we may", not the month
    j, weekday, day_of_month, month, next_month, has_the = i, None, None, None, False, False
    slash, next_week = None, False
    while j < len(tokens) and j < i + MAX_PHRASE_TOKENS:
        t = tokens[j]
        if t in w.weekdays and weekday is None:
            weekday = w.weekdays[t]
        elif t in w.months and month is None:
            month = w.months[t]
        elif _day_number(t, w) and day_of_month is None and _day_like(
                tokens, j, w, weekday is not None or month is not None, has_the):
            day_of_month = _day_number(t, w)
        elif "/" in t and slash is None:
            slash = t
        elif t in w.next and j + 1 < len(tokens) and tokens[j + 1] in w.month or (
                t in w.month and j + 1 < len(tokens) and tokens[j + 1] in w.next_after):
            next_month = True  # "the first of next month", "el 5 del mes que viene"
            j += 2
            break
        elif weekday is not None and j + 1 < len(tokens) and (
                t in w.next and tokens[j + 1] in w.week
                or t in w.week and tokens[j + 1] in w.next_after):
            next_week = True  # "Friday next week", "el viernes de la semana que viene"
            j += 2
            break
        elif t in w.glue:
            has_the = has_the or t == "the"
        else:
            break
        j += 1
    phrase = " ".join(tokens[i:j]).strip(" ,")
    if slash is not None and slash != "24/7":
        parsed = _parse(slash, today, language)
        return (parsed, phrase, j - i) if parsed else None
    if weekday is None and month is None and day_of_month is None:
        return None
    if next_week and weekday is not None and day_of_month is None and month is None:
        return _monday(today) + dt.timedelta(weeks=1, days=weekday), phrase, j - i
    if weekday is not None and day_of_month is None and month is None:  # a bare weekday
        return _next_weekday(today, weekday, strictly_after=True), phrase, j - i
    if next_month and day_of_month:
        first = _add_months(today.replace(day=1), 1)
        return _safe(first.year, first.month, day_of_month), phrase, j - i
    if month is not None and day_of_month is None and weekday is None:
        # "in January": its first day; "en diciembre" said in December is this month, from
        # today (the library reads the current month as next year's)
        first = dt.date(today.year + (month < today.month), month, 1)
        return max(first, today), phrase, j - i
    # The library parses the phrase ("Thursday the 10th", "December 18", "the 14th")...
    core = " ".join(t for t in tokens[i:j] if t not in w.glue or t in w.of)
    if w.fold and day_of_month is not None:  # "el dos de enero": the library wants "2"
        core = " ".join(str(w.ordinals[t]) if t in w.ordinals else t for t in core.split())
    parsed = _parse(core, today, language)
    # ...and a weekday named with a day of the month must agree with it.
    if day_of_month is not None and month is None and (
            parsed is None or parsed.day != day_of_month
            or (weekday is not None and parsed.weekday() != weekday)):
        parsed = _next_day_of_month(today, day_of_month, weekday)
    return (parsed, phrase, j - i) if parsed else None


def _part_of(tokens, i, w: Words, today: dt.date, part: str):
    """"end of next week", "the beginning of the month", "mid-January", "end of March":
    the Friday / Monday / Wednesday of the week, the last / first / 15th of the month."""
    j = i + 1
    while j < len(tokens) and j < i + 4 and tokens[j] in w.glue | w.this:
        j += 1
    nxt = j < len(tokens) and tokens[j] in w.next
    k = j + 1 if nxt else j
    unit = tokens[k] if k < len(tokens) else ""
    if not nxt and k + 1 < len(tokens) and tokens[k + 1] in w.next_after and (
            unit in w.week or unit in w.month):
        nxt = True  # "a finales de la semana que viene"
        phrase = " ".join(tokens[i:k + 2])
        k_end = k + 2
    else:
        phrase = " ".join(tokens[i:k + 1])
        k_end = k + 1
    if unit in w.week:
        monday = _monday(today) + dt.timedelta(weeks=1 if nxt else 0)
        return monday + dt.timedelta(days={"end": 4, "start": 0, "mid": 2}[part]), phrase, k_end - i
    if unit in w.month or (unit in w.months and not nxt):
        if unit in w.month:
            first = _add_months(today.replace(day=1), 1 if nxt else 0)
        else:
            first = dt.date(today.year, w.months[unit], 1)
            if _add_months(first, 1) <= today:
                first = first.replace(year=today.year + 1)
        last = calendar.monthrange(first.year, first.month)[1]
        day = first.replace(day={"end": last, "start": 1, "mid": 15}[part])
        if day < today and unit in w.month:
            return None
        return day, phrase, k_end - i
    return None


def _day_like(tokens, j: int, w: Words, named: bool, has_the: bool) -> bool:
    """Is tokens[j] a day of the month? "10th", "the 14th", "Thursday 10", "the first of
    next month"; not "first step", "24 units" or "the first three months"."""
    token = tokens[j]
    following = tokens[j + 1] if j + 1 < len(tokens) else ""
    if named or following in w.months:
        return True
    if following in w.of:
        if not w.of_needs_month:
            return True
        # "el 10 de enero", "el 5 del mes que viene"; not "el 10 de descuento"
        then = tokens[j + 2] if j + 2 < len(tokens) else ""
        return then in w.months or then in w.month or then in w.next or then in w.this
    if token in w.ordinals:  # a word ordinal needs "of <month>" or a weekday/month
        return False
    if j > 0 and tokens[j - 1] in w.day_markers and token.isdecimal() and \
            following not in w.not_day_after:
        return True  # "el 10", "el día 10"
    return token[-2:] in ("st", "nd", "rd", "th") or (has_the and not token.isdecimal())


def _day_number(token: str, w: Words) -> int | None:
    if token in w.ordinals:
        return w.ordinals[token]
    digits = token.rstrip("stndrh")
    if digits.isdecimal() and len(digits) <= 2 and 1 <= int(digits) <= 31:
        return int(digits)
    return None


@lru_cache(maxsize=1024)
def _parse(phrase: str, today: dt.date, language: str) -> dt.date | None:
    import dateparser

    settings = {"RELATIVE_BASE": dt.datetime.combine(today, dt.time()),
                "PREFER_DATES_FROM": "future", "PREFER_DAY_OF_MONTH": "first",
                "DATE_ORDER": "DMY", "RETURN_AS_TIMEZONE_AWARE": False}
    parsed = dateparser.parse(phrase, languages=[language], settings=settings)
    return parsed.date() if parsed else None


def _parse_in(count, unit: str, w: Words, today: dt.date, language: str) -> dt.date | None:
    """ "in 3 weeks" in any language: the library parses the English phrase the layer
    spells from the table's units (English keeps its own words)."""
    if not w.fold:
        return _parse(f"in {count} {unit}", today, language)
    kind = ("weeks" if unit in w.week else "days" if unit in w.day else
            "months" if unit in w.month else "weeks" if unit in w.fortnight else None)
    if kind is None:
        return None
    if unit in w.fortnight:
        count = 2 * int(count) if str(count).isdecimal() else count
    return _parse(f"in {count} {kind}", today, "en")


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _next_weekday(today: dt.date, weekday: int, strictly_after: bool) -> dt.date:
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and strictly_after:
        ahead = 7
    return today + dt.timedelta(days=ahead)


def _add_months(first: dt.date, months: int) -> dt.date:
    month = first.month - 1 + months
    return first.replace(year=first.year + month // 12, month=month % 12 + 1)


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _next_day_of_month(today: dt.date, day: int, weekday: int | None) -> dt.date | None:
    first = today.replace(day=1)
    for months in range(0, 13):
        start = _add_months(first, months)
        candidate = _safe(start.year, start.month, day)
        if candidate is None or candidate < today:
            continue
        if weekday is None or candidate.weekday() == weekday:
            return candidate
    return None


def warm_up(languages: tuple[str, ...] | None = None) -> None:
    """Load dateparser and its language data now (about a second a language), so the
    first trainee line with a date is not the one that pays for it. By default: English
    and every language with a word table."""
    languages = languages or ("en",) + wordtables.languages()
    # One phrase of each shape the layer hands over; the library compiles its patterns for
    # each on first use.
    phrases = ("thursday 10th", "december 18", "14th", "in 2 weeks", "18/12", "friday",
               "5 january")
    for language in languages:
        w = _words(language)
        if w.fold:  # the same shapes in the table's words: "jueves 10", "18 de diciembre"
            weekday = min(w.weekdays, key=lambda k: (w.weekdays[k], len(k)))
            month = next(k for k, v in w.months.items() if v == 12)
            of = sorted(w.of)[0]
            shaped: tuple[str, ...] = (f"{weekday} 10", f"18 {of} {month}", "14", "18/12",
                                       weekday, month)
        else:
            shaped = phrases
        for phrase in shaped:
            for base in (dt.date(2000, 1, 1), dt.date(2000, 1, 2)):
                _parse.__wrapped__(phrase, base, language)


# The action server imports this module when it starts: pay the loading there.
warm_up()
