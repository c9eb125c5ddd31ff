"""Dates and amounts translated character by character from Chinese.

Chinese writes dates as year-month-day (2024年5月20日, where 日 also means Japan and 号
means number) and counts in units of 万 (10,000) and 亿 (100,000,000); MT output keeps
the units: "5 month 20 Japan", "2.4 A hundred million yuan", "6 ten thousand". Only
digits followed by the unit are calques: "ten thousand people" and "a hundred million
stars" are English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..automaton import find_folded
from ..keywords import Keywords
from ..model import Edit, Finding, Suggestion
from ..text import Document
from .base import CheckContext, Rule

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_MONTH_NAME = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
               r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# What may follow a date whose last word is dropped: punctuation or the end of a line.
_CLOSE = r"(?=[ \t]*(?:[,.;:!?)\]\"\u201d\u2019]|\r?$))"
_DAY_WORD = r"(?:days?|japan|number|no\.)"
_LABEL_BEFORE = re.compile(
    r"(?i)(?:\b(?:chapter|page|pages|p\.|pp\.|no\.|nos\.|number|section|table|figure|fig\.|"
    r"vol\.|volume|part|episode|level|route|room|step|verse|item|rule|article|class|"
    r"grade|year|years|season|game|round|lot|unit|floor|gate|#)|#)[ \t]*\Z")
_PREPOSITION_BEFORE = re.compile(
    r"(?i)(?:^|\b(?:on|since|until|till|from|by|before|after|to|and|of|between))\s*\Z")

_PATTERN = re.compile(
    # 2024 year 5 month (20 day)
    rf"(?<![\w.,])(?P<y>\d{{4}})[ \t]*years?[ \t]+(?P<ym>\d{{1,2}})[ \t]*months?"
    rf"(?:[ \t]+(?P<yd>\d{{1,2}})(?:[ \t]*{_DAY_WORD}(?!\w)|{_CLOSE}))?"
    # 5 month 20 Japan / day / number
    rf"|(?<![\w.,])(?P<m>\d{{1,2}})[ \t]*month[ \t]+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:[ \t]*(?P<dw>{_DAY_WORD})(?!\w)|{_CLOSE})"
    # May 20 Japan, (the month is English, the day word is not)
    rf"|(?<!\w)(?P<mn>{_MONTH_NAME})[ \t]+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?P<mw>[ \t]+(?:japan|number|day))(?!\w){_CLOSE}"
    # 2.4 (A, one) hundred million, 2.4 100 million -> 亿
    rf"|(?<![\w.,])(?P<yi>{_NUMBER})[ \t]+(?:(?:(?P<yia>a|one)[ \t]+)?hundred|(?P<yid>100))"
    rf"[ \t]+millions?(?!\w)"
    # 6 (A) ten thousand(s), 6 10 thousand (hundred million) -> 万 (万亿)
    rf"|(?<![\w.,])(?P<wan>{_NUMBER})[ \t]+(?:(?P<wana>a)[ \t]+)?(?:ten|(?P<wand>10))[ \t]+thousands?"
    rf"(?P<wanyi>[ \t]+hundred[ \t]+millions?)?(?!\w)",
    re.IGNORECASE | re.MULTILINE,
)
# Where a calque may be: digits followed by one of the unit words. Python's regex engine
# skips ahead fast only to a plain first character, so this digit-led pattern finds the
# few candidates and the full pattern runs around each one.
_CANDIDATE = re.compile(
    r"\d[\d,.]*(?:st|nd|rd|th)?[ \t]*(?:years?|months?|a[ \t]|one[ \t]|hundred|ten|10|japan|"
    r"number|day|no\.)",
    re.IGNORECASE)


_NUMBER_CHARS = frozenset("0123456789\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18"
                          "\uff19,.")


@lru_cache(maxsize=1)
def _candidate_keywords() -> Keywords[None]:
    """The ends of :data:`_CANDIDATE` (the number's last character, ordinal suffix,
    space, unit word) in folded text: one automaton pass finds the few places worth
    the regex, which starts with a digit class and so is tried at every character."""
    units = ("year", "month", "a ", "one ", "hundred", "ten", "100 m", "10 t", "japan",
             "number", "day", "no.")
    digits = "0123456789\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19"
    ends = [d + suffix for d in digits for suffix in ("", "st", "nd", "rd", "th")] + [",", "."]
    return Keywords((f"{end}{space}{unit}", None)
                    for end in ends for space in ("", " ") for unit in units)


def _trim(value: Decimal) -> str:
    return format(value.normalize(), "f")


def amount(value: Decimal) -> str:
    """``value`` the way English writes it: "60,000", "240 million", "1.2 billion"."""
    for size, word in ((10 ** 12, "trillion"), (10 ** 9, "billion"), (10 ** 6, "million")):
        if value >= size:
            scaled = value / size
            if -scaled.normalize().as_tuple().exponent <= 3:
                return f"{_trim(scaled)} {word}"
            break
    whole = int(value)
    fraction = value - whole
    text = f"{whole:,}"
    if fraction:
        text += _trim(fraction)[1:]
    return text


def _decimal(number: str) -> Decimal | None:
    try:
        return Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None


class NumberCalque(Rule):
    """A date or amount with its Chinese units translated word for word.

    Wrong: On 5 month 20 Japan the company raised 2.4 A hundred million yuan.
    Right: On May 20 the company raised 240 million yuan.
    """

    code = "MT403"
    name = "number-calque"
    kind = "calque"
    summary = "Chinese date or number units translated word for word"

    def folded_keywords(self, doc: Document, ctx: CheckContext):
        return [(_candidate_keywords(), False)]

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        text = doc.text
        done, last = 0, -1
        hits = sorted((start, end) for start, end, _ in find_folded(_candidate_keywords(), doc))
        for start, end in hits:
            lo = start
            while lo > 0 and text[lo - 1] in _NUMBER_CHARS:
                lo -= 1
            if (lo == start and not text[start].isdigit()) or lo <= last:
                continue  # ", a" with no number before it, or a number tried already
            for candidate in _CANDIDATE.finditer(text, lo, min(len(text), end + 2)):
                last = candidate.start()
                found = self._candidate(doc, candidate, done)
                if found is not None:
                    done, finding = found
                    if finding is not None:
                        yield finding

    def _candidate(self, doc: Document, candidate: re.Match, done: int):
        """(where the match ends, its finding or None) when the full pattern matches
        around ``candidate``; None when it does not, or the candidate lies in the last
        match."""
        text = doc.text
        if candidate.start() < done:
            return None
        # Month names start up to "September." before the digits; the longest form
        # ends some 40 characters after the unit word.
        m = _PATTERN.search(text, max(done, candidate.start() - 12),
                            min(len(text), candidate.end() + 80))
        if m is None:
            return None
        return m.end(), self._judge(doc, m)

    def _judge(self, doc: Document, m: re.Match) -> Finding | None:
        g = m.groupdict()
        if g["y"]:
            return self._year_month(doc, m)
        if g["m"]:
            return self._month_day(doc, m)
        if g["mn"]:
            month = g["mn"]
            start, end = m.start("mw"), m.end("mw")
            shown = f"{m.group('mn')} {m.group('md')}"
            message = (f"'{m.group(0).strip()}' ends in a word-for-word rendering of "
                       f"日 or 号 (day of the month): {shown}")
            if month.lower().rstrip(".") == "may" and not month[0].isupper():
                return None  # "may 20 ..." is more likely the verb
            return self.finding(doc, m.start(), m.end(), message,
                                [Suggestion(shown, (Edit(start, end, ""),), safe=True,
                                            source="number")])
        if g["yi"]:
            value = _decimal(g["yi"])
            if value is None:
                return None
            if not g["yia"] and "." not in g["yi"] and (
                    value < 10 if not g["yid"] else value >= 1000 or self._label(doc, m)):
                return None  # "3 hundred million" is English; "in 2015 100 million" too
            shown = amount(value * 10 ** 8)
            message = (f"'{m.group(0)}' renders {g['yi']}亿 word for word "
                       f"(亿 is 100 million): {shown}")
            return self._replace(doc, m, shown, message)
        value = _decimal(g["wan"])
        if value is None:
            return None
        if g["wand"] and "." not in g["wan"] and (value >= 1000 or self._label(doc, m)):
            return None  # "Chapter 10 10 thousand men", "in 2015 10 thousand users"
        unit, zh = (10 ** 12, "万亿") if g["wanyi"] else (10 ** 4, "万")
        shown = amount(value * unit)
        message = (f"'{m.group(0)}' renders {g['wan']}{zh} word for word "
                   f"({zh} is {amount(Decimal(unit))}): {shown}")
        return self._replace(doc, m, shown, message)

    @staticmethod
    def _label(doc: Document, m: re.Match) -> bool:
        """Whether the number is a label's ("Chapter 12", "No. 3"), so that a figure
        written in digits may follow it."""
        return _LABEL_BEFORE.search(doc.text, max(0, m.start() - 16), m.start()) is not None

    def _replace(self, doc: Document, m: re.Match, shown: str, message: str) -> Finding:
        return self.finding(doc, m.start(), m.end(), message,
                            [Suggestion.replace(m.start(), m.end(), shown, safe=True,
                                                source="number")])

    def _year_month(self, doc: Document, m: re.Match) -> Finding | None:
        month = int(m.group("ym"))
        if not 1 <= month <= 12:
            return None
        day = m.group("yd")
        if day and not 1 <= int(day) <= 31:
            return None
        name = MONTHS[month - 1]
        shown = f"{name} {int(day)}, {m.group('y')}" if day else f"{name} {m.group('y')}"
        message = f"'{m.group(0)}' is a Chinese date rendered word for word: {shown}"
        return self._replace(doc, m, shown, message)

    def _month_day(self, doc: Document, m: re.Match) -> Finding | None:
        month, day = int(m.group("m")), int(m.group("d"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        word = (m.group("dw") or "").lower()
        if word.startswith("day"):
            # "1 month 20 days" is a duration; after "5 month" it cannot be.
            if month == 1 and not _PREPOSITION_BEFORE.search(doc.text, max(0, m.start() - 12), m.start()):
                return None
            if word == "days" and month == 1:
                return None
        shown = f"{MONTHS[month - 1]} {day}"
        message = f"'{m.group(0)}' is a Chinese date rendered word for word: {shown}"
        return self._replace(doc, m, shown, message)


RULES = [NumberCalque]
