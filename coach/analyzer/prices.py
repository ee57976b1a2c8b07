"""``premature_exact_price``: one exact money figure before the customer is qualified.

A money figure is a number with a currency (symbol, code or word), or a bare figure that
the sentence calls a price or that a unit follows ("4,850 per unit"). It is not flagged
in a range ("from 480 to 25,000"), in a sentence about the customer's own costs, or once
the customer's needs, quantity or budget are known (in the text, or from the role-play).
"""

from __future__ import annotations

import re
from typing import Dict

from coach.analyzer.findings import Analysis, Context, finding
from coach.analyzer.matchers import WORD, Hits, Matchers

# A number starts where no digit, comma or point comes before it, and is at most 25
# characters: with an unbounded `\d[\d,]*` a search re-scanned a long digit run from each of
# its digits (3.7 s for 10,000 digits). Longer runs are not prices.
_NUMBER = r"(?<![\d,.])\d[\d,]{0,24}(?:\.\d{1,6})?"
_MONEY = re.compile(
    rf"(?P<sym>[$€£¥￥₹]|\b(?:rmb|cny|usd|eur|gbp|hkd|jpy|sgd|aud|cad|chf)\b)\s?(?P<a>{_NUMBER})"
    rf"\s?(?P<ak>[km]\b)?"
    rf"|(?P<b>{_NUMBER})\s?(?P<bk>[km]\b)?\s?(?P<word>[a-z]{{1,7}}\b)?",
    re.IGNORECASE,
)
_NUMBER_RANGE = re.compile(rf"{_NUMBER}\s?[km]?\s?(?:-|–|to|and)\s?[$€£¥]?\s?{_NUMBER}",
                           re.IGNORECASE)
_TIME_AFTER = re.compile(r"(?::\d|[ap]\.?m\b|o'?clock|h\b|hours?\b|hrs?\b)")
_TIME_BEFORE = re.compile(r"\b(?:at|by|until|till|before|after|around)\s$")
# Words that may follow a bare price without making it a count ("280,000 and that's final").
_NOT_A_NOUN = {"and", "or", "for", "plus", "net", "flat", "total", "all", "inclusive", "incl",
               "including", "excluding", "ex", "with", "is", "was", "that", "then", "so", "but"}


class PriceDetector:
    def __init__(self, taboos: Dict, matchers: Matchers) -> None:
        price = taboos["premature_exact_price"]
        self._currency_words = {word.lower() for word in price["currency_words"]}
        # A bare figure is a price when the sentence says so ("the price is 4,850") or a
        # unit follows it ("4,850 per unit"); a figure followed by a noun is a count.
        self._price_cues = {word.lower() for word in price.get("price_cues", [])}
        self._unit_prices = tuple(phrase.lower() for phrase in price.get("unit_prices", []))
        for kind in ("range_phrases", "qualified_phrases", "their_cost_phrases"):
            matchers.add(f"price:{kind}", price[kind])

    def find(self, analysis: Analysis, hits: Hits, sentences, own: str, context: Context) -> None:
        if context.customer_qualified:
            return
        qualified_anywhere = bool(hits.get("price:qualified_phrases"))
        if qualified_anywhere:
            return
        unusual = {n for kind in ("price:range_phrases", "price:their_cost_phrases")
                   for n, _, _ in hits.get(kind, [])}
        for number, sentence in enumerate(sentences):
            if number in unusual:
                continue
            text = own[sentence.start_char: sentence.end_char]
            if _NUMBER_RANGE.search(text):
                continue
            money = self._money(text)
            if money:
                analysis.findings.append(
                    finding("premature_exact_price", sentence, own, money))
                return  # one exact price is enough to say it

    def _money(self, text: str) -> str | None:
        # lower-case words only: "Darren Price" is a name, not a price
        said_price = bool(self._price_cues & set(WORD.findall(text)))
        for match in _MONEY.finditer(text):
            if match.group("sym"):
                return match.group(0).strip()
            word = (match.group("word") or "").lower()
            if word in self._currency_words or (match.group("bk") and word not in (
                    "units", "unit", "users", "pages", "items", "seats")):
                return match.group(0).strip()
            if match.group("b") and self._bare_price(text, match.start("b"), match.end("b"),
                                                     said_price):
                return match.group("b")
        return None

    def _bare_price(self, text: str, start: int, end: int, said_price: bool) -> bool:
        """A figure with no currency: a price if a unit follows or the sentence says price."""
        after = text[end:end + 24].lower().lstrip()
        before = text[max(0, start - 8):start].lower()
        if _TIME_AFTER.match(after) or _TIME_BEFORE.search(before) or after[:1].isdigit():
            return False  # "at 11", "by 11:00": a time; "07700 900456": a phone number
        if after.startswith(self._unit_prices):
            return True
        next_word = WORD.match(after)
        # "the final price is 280,000." / "280,000 and that's final": nothing counted after it
        return said_price and not after.startswith(("%", "-", "–")) and (
            next_word is None or next_word.group(0) in _NOT_A_NOUN)

