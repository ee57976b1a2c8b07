"""``premature_exact_price``: one exact money figure before the customer is qualified.

A money figure is a number with a currency (symbol, code or word), or a bare figure that
the sentence calls a price or that a unit follows ("4,850 per unit"). It is not flagged
in a range ("from 480 to 25,000"), in a sentence about the customer's own costs, or once
the customer's needs, quantity or budget are known (in the text, or from the role-play).

How money is written is data (``premature_exact_price.money`` in each rules file): the
currency symbols and codes, the multipliers ("k", "mil"), a symbol after the figure
("3.275 €"), words joining a figure to its currency ("2 millones de euros"), the words of
a range ("to", "y", "a") and of times ("at 11", "a las 11").
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, Tuple

from coach.analyzer.findings import Analysis, Context, finding
from coach.analyzer.matchers import Hits, Matchers
from coach.analyzer.rules import AnalyzerError
from coach.nlp import fold_accents

# A number starts where no digit, comma or point comes before it, and is at most 25
# characters: with an unbounded `\d[\d,]*` a search re-scanned a long digit run from each of
# its digits (3.7 s for 10,000 digits). Longer runs are not prices.
NUMBER_FORMATS = {
    # 1,234.56 (the point only before decimals)
    "point_decimal": r"(?<![\d,.])\d[\d,]{0,24}(?:\.\d{1,6})?",
    # 1.234,56 or 1,234.56: either mark between digits, never at the end ("cuesta 3.200.")
    "either_decimal": r"(?<![\d,.])\d(?:[\d.,]{0,24}\d)?",
}


_YEAR = re.compile(r"(?:19|20)\d\d")


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(str(word)) for word in words)


def _symbols(symbols: Iterable[str]) -> str:
    return "[" + "".join(re.escape(str(symbol)) for symbol in symbols) + "]"


class PriceDetector:
    def __init__(self, taboos: Dict, matchers: Matchers, fold: bool = False) -> None:
        self._word = matchers.word
        self._fold = fold  # figures are read without accents ("dolares"), quoted as written
        price = taboos["premature_exact_price"]
        self._currency_words = {word.lower() for word in price["currency_words"]}
        # A bare figure is a price when the sentence says so ("the price is 4,850") or a
        # unit follows it ("4,850 per unit"); a figure followed by a noun is a count.
        self._price_cues = {word.lower() for word in price.get("price_cues", [])}
        self._price_negations = {word.lower() for word in price.get("price_negations", [])}
        self._unit_prices = tuple(phrase.lower() for phrase in price.get("unit_prices", []))
        for kind in ("range_phrases", "qualified_phrases", "their_cost_phrases"):
            matchers.add(f"price:{kind}", price[kind])
        # Range words that count only this near the figure: "desde" and "hasta" are also
        # plain prepositions ("el transporte hasta Santa Cruz le sale 4.200 bolivianos").
        matchers.add("price:near_range_phrases", price.get("near_range_phrases", []))
        # Words that look like the customer's details and are not ("me pasó tu número", "nos
        # pidió el precio"): a qualified phrase inside one of them does not count.
        matchers.add("price:unqualified_phrases", price.get("unqualified_phrases", []))
        self._range_reach = int(price.get("range_reach_chars", 0))
        self._compile(price, matchers.word.pattern)

    def _compile(self, price: Dict, word_pattern: str) -> None:
        money = price.get("money")
        if not isinstance(money, dict) or money.get("number_format") not in NUMBER_FORMATS:
            raise AnalyzerError("taboo rules: premature_exact_price.money: expected a mapping "
                                f"with number_format one of {sorted(NUMBER_FORMATS)}")
        number = NUMBER_FORMATS[money["number_format"]]
        letters = word_pattern[1:word_pattern.index("]")]  # the class of a word's first letter
        symbols = _symbols(price["currency_symbols"])
        codes = _alternatives(money["currency_codes"])
        multipliers = _alternatives(money["multipliers"])
        longest = max([7] + [len(word) for word in self._currency_words])
        joiner = (rf"(?:(?:{_alternatives(money['currency_joiners'])})\s)?"
                  if money.get("currency_joiners") else "")
        # "mil pesos", "mil doscientos euros", "treinta y cinco dólares": a few number words
        # in a row (bounded, each a whole word, so the search stays linear)
        spelled = _alternatives(money.get("number_words") or [])
        number_words = (rf"|\b(?:{spelled})(?:\s(?:{spelled}|y)\b){{0,4}}\b"
                        if money.get("number_words") else "")
        symbol_after = rf"|(?P<c>{number})\s?(?P<csym>{symbols})" if money.get(
            "symbol_after") else ""
        self._money_pattern = re.compile(
            # a code ends where no letter follows: "S/ 230" (soles) as well as "USD 100"
            rf"(?P<sym>{symbols}|\b(?:{codes})(?![^\W\d_]))\s?(?P<a>{number})"
            rf"\s?(?P<ak>(?:{multipliers})\b)?"
            rf"{symbol_after}"
            rf"|(?P<b>{number}{number_words})\s?(?P<bk>(?:{multipliers})\b)?\s?{joiner}"
            rf"(?P<word>[{letters}]{{1,{longest}}}\b)?",
            re.IGNORECASE,
        )
        between = ""
        if money.get("symbol_after"):
            words = _alternatives(sorted(self._currency_words, key=len, reverse=True))
            between = rf"(?:(?:{symbols}|(?:{words})\b)\s?)?"
        self._range_pattern = re.compile(
            rf"{number}\s?(?:{multipliers})?\s?{between}(?:{_alternatives(money['range_words'])})"
            rf"\s?{_symbols(money['range_symbols'])}?\s?{number}",
            re.IGNORECASE)
        self._time_after = re.compile(money["time_after"])
        before = money["time_before"]
        self._time_before = re.compile(rf"\b(?:{_alternatives(before)})\s$")
        self._time_window = max([8] + [len(word) + 2 for word in before])
        self._not_a_noun = set(money["not_a_noun"])
        self._count_words = set(money["count_words"])

    def find(self, analysis: Analysis, hits: Hits, sentences, own: str, context: Context) -> None:
        if context.customer_qualified:
            return
        unqualified = hits.get("price:unqualified_phrases", [])
        if any(not any(start < other_end and other_start < end
                       for _, other_start, other_end in unqualified)
               for _, start, end in hits.get("price:qualified_phrases", [])):
            return
        unusual = {n for kind in ("price:range_phrases", "price:their_cost_phrases")
                   for n, _, _ in hits.get(kind, [])}
        ranges: Dict[int, list] = {}
        for number, first, last in hits.get("price:near_range_phrases", []):
            doc = sentences[number].doc
            ranges.setdefault(number, []).append(
                (doc[first].idx, doc[last - 1].idx + len(doc[last - 1])))
        for number, sentence in enumerate(sentences):
            if number in unusual:
                continue
            text = own[sentence.start_char: sentence.end_char]
            if self._fold:
                text = fold_accents(text)  # same length: the evidence is cut from `own`
            if self._range_pattern.search(text):
                continue
            money = self._money(text)
            if money and self._range_near(ranges.get(number, ()), sentence.start_char + money[0],
                                          sentence.start_char + money[1]):
                continue
            if money:
                start, end = money
                evidence = own[sentence.start_char + start: sentence.start_char + end].strip()
                analysis.findings.append(
                    finding("premature_exact_price", sentence, own, evidence))
                return  # one exact price is enough to say it

    def _range_near(self, spans, start: int, end: int) -> bool:
        """A range word within reach of the figure at ``start:end`` (offsets in the text)."""
        reach = self._range_reach
        return any(start - reach <= span_end and span_start <= end + reach
                   for span_start, span_end in spans)

    def _money(self, text: str) -> Tuple[int, int] | None:
        """Where the first money figure of a sentence is."""
        # lower-case words only: "Darren Price" is a name, not a price; "sin coste" ("free
        # of charge") names no price: "le llega mañana a primera hora, 17.30, sin coste"
        words = self._word.findall(text)
        said_price = any(word in self._price_cues and not (
            index and words[index - 1] in self._price_negations)
            for index, word in enumerate(words))
        for match in self._money_pattern.finditer(text):
            if match.group("sym") or match.groupdict().get("csym"):
                return match.span()
            word = (match.group("word") or "").lower()
            if word in self._currency_words or (match.group("bk") and word not in
                                                self._count_words):
                return match.span()
            if match.group("b") and self._bare_price(text, match.start("b"), match.end("b"),
                                                     said_price):
                return match.span("b")
        return None

    def _bare_price(self, text: str, start: int, end: int, said_price: bool) -> bool:
        """A figure with no currency: a price if a unit follows or the sentence says price."""
        after = text[end:end + 24].lower().lstrip()
        before = text[max(0, start - self._time_window):start].lower()
        if self._time_after.match(after) or self._time_before.search(before) \
                or after[:1].isdigit():
            return False  # "at 11", "by 11:00": a time; "07700 900456": a phone number
        if text[max(0, start - 2):start][:1].isdigit() and text[start - 1:start] in ":h":
            return False  # the minutes of "17:00", "17h30"
        if _YEAR.fullmatch(text[start:end]):
            return False  # "el presupuesto de 2027": a year
        if after.startswith(self._unit_prices):
            return True
        next_word = self._word.match(after)
        # "the final price is 280,000." / "280,000 and that's final": nothing counted after it
        return said_price and not after.startswith(("%", "-", "–")) and (
            next_word is None or next_word.group(0) in self._not_a_noun)
