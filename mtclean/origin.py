"""Evidence that an English text came from Chinese.

Many literal renderings are English words in their own right ("male god", "circle of
friends"); what makes them suspect is a text that shows its Chinese origin. This module
finds that evidence: Chinese script or full-width punctuation within a few pages of a
rendering, the source segment it was translated from, and the names of Chinese
companies, places, currency and people (listed in ``data/china_signals.tsv``, or
spelled in pinyin) near a rendering. The lexical rules use it for context entries that
ask for it (``origin = true``) and the discovery rules for every generated calque.
"""

from __future__ import annotations

import bisect
import re
import weakref
from functools import cached_property, lru_cache
from importlib import resources

from .keywords import Keywords
from .text import CJK_PUNCT, HAS_CJK, PARAGRAPH_REACH, Document

# -- data ---------------------------------------------------------------------------


def data_lines(name: str) -> list[str]:
    text = (resources.files("mtclean") / "data" / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def signals() -> dict[str, str]:
    """Names that show a text is about China, with their kind ("company", "place"...)."""
    return {name: kind for kind, name in (line.split("\t") for line in data_lines(
        "china_signals.tsv"))}


@lru_cache(maxsize=1)
def _signal_keywords() -> Keywords[str]:
    return Keywords((name, name) for name in signals())


def _is_name_char(ch: str) -> bool:
    return ch.isalnum() or ch in "'\u2019_"


_POSSESSIVE = re.compile(r"['\u2019]s?(?![\w'\u2019])")


def chinese_names(text: str):
    """Yield (offset, name) of each listed Chinese name in ``text``, as a whole word
    with its case (one Aho-Corasick pass: clean text costs almost nothing)."""
    for start, end, name in _signal_keywords().find(text, words=True):
        if start and _is_name_char(text[start - 1]):
            continue
        if end < len(text) and _is_name_char(text[end]) and not _POSSESSIVE.match(text, end):
            continue
        yield start, name


def document_names(doc: Document) -> list[tuple[int, str]]:
    """:func:`chinese_names` of ``doc``, found once a document: several rules ask."""
    names = doc.__dict__.get("_chinese_names")
    if names is None:
        names = doc.__dict__["_chinese_names"] = list(chinese_names(doc.text))
    return names


@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    return frozenset(data_lines("pinyin_syllables.txt"))


@lru_cache(maxsize=1)
def pinyin_surnames() -> frozenset[str]:
    return frozenset(data_lines("pinyin_surnames.txt"))


@lru_cache(maxsize=1)
def pinyin_words() -> dict[str, tuple[str, str]]:
    """Common Chinese nouns by toneless pinyin spelling: ``{"qiche": ("汽车", "car")}``."""
    return {s: (zh, gloss) for s, zh, gloss in (line.split("\t") for line in data_lines(
        "pinyin_words.tsv"))}


@lru_cache(maxsize=1)
def pinyin_word_keywords() -> Keywords[str]:
    return Keywords((spelling, spelling) for spelling in pinyin_words())


def pinyin_split(word: str) -> list[str] | None:
    """``word`` (lower case) as a sequence of pinyin syllables, fewest first, or None."""
    syllables = pinyin_syllables()
    n = len(word)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 1, min(n, i + 6) + 1):
            if word[i:j] in syllables and (best[j] is None or len(best[j]) > len(best[i]) + 1):
                best[j] = best[i] + [word[i:j]]
    return best[n]


# Letter clusters English words rarely have but pinyin often does.
_PINYIN_MARK = re.compile(r"zh|x[iu]|q[iu]|iao|uai|uan|[^aeiou]uo|[^aeiou]iu|ong$|eng$")


def looks_pinyin(word: str) -> bool:
    """A capitalised word spelled in pinyin of two or more syllables, with a cluster
    that marks it as Chinese rather than English ("Zhongguancun", "Chuanfu")."""
    low = word.lower()
    if len(low) < 5 or not _PINYIN_MARK.search(low):
        return False
    split = pinyin_split(low)
    return split is not None and len(split) >= 2


# -- evidence of Chinese origin -----------------------------------------------------

# Capitalised words with a cluster of _PINYIN_MARK: the few worth a pinyin_split.
# Written to start with a character class, which the regex engine skips ahead to in C
# (a leading \b is tried at every character: twice as slow on 20 MB).
_CAPITALISED = re.compile(
    r"[A-Z](?<![A-Za-z0-9_][A-Z])"
    r"(?:[a-z]*(?:zh|x[iu]|q[iu]|iao|uai|uan|[b-df-hj-np-tv-z](?:uo|iu))[a-z]*|[a-z]{2,}[oe]ng)\b")
#: Two different Chinese names this close (in characters) to a rendering are evidence
#: for it even outside its paragraph; farther away, a long text may simply mention China.
NEAR = 2000
#: How far Chinese script counts as evidence, in characters: about four pages.
SCRIPT_NEAR = 10000
# Runs of script, not characters: a Chinese line holds one run or a few, not dozens.
_SCRIPT = re.compile(f"(?:{HAS_CJK.pattern}|{CJK_PUNCT.pattern})+")


#: Characters a block of the text looked through for pinyin words at once.
_NAME_BLOCK = 1 << 12
_WORD_END = re.compile(r"\b|$")


class Origin:
    """What in a document shows that it came from Chinese: Chinese script or full-width
    punctuation nearby, the source segment, and names of Chinese companies, places,
    currency and people (or other pinyin words) nearby."""

    def __init__(self, doc: Document, source: str | None) -> None:
        # Held weakly: the document keeps its origins (:meth:`of`), and a cycle would
        # keep a long text alive until a collection, or for good once frozen.
        self._doc = weakref.ref(doc)
        self.source = source if source and HAS_CJK.search(source) else None
        # The names found so far, by offset, and the blocks looked through for pinyin.
        self._names: list[tuple[int, str]] | None = None
        self._blocks: set[int] = set()

    @property
    def doc(self) -> Document:
        doc = self._doc()
        if doc is None:
            raise ReferenceError("the document of this Origin is gone")
        return doc

    @classmethod
    def of(cls, doc: Document, source: str | None) -> Origin:
        """The Origin of ``doc`` against ``source``, made once a document: the rules of
        one check share what it found out."""
        made = doc.__dict__.setdefault("_origins", {})
        origin = made.get(source)
        if origin is None:
            origin = made[source] = cls(doc, source)
        return origin

    @cached_property
    def chinese_script(self) -> bool:
        doc = self.doc
        return doc.has_cjk or (not doc.text.isascii()
                               and CJK_PUNCT.search(doc.non_ascii.text) is not None)

    @cached_property
    def script_runs(self) -> tuple[list[int], list[int]]:
        """Where the runs of Chinese script or CJK punctuation start and end, in order."""
        starts, ends = [], []
        for hit in self.doc.non_ascii.finditer(_SCRIPT):
            starts.append(hit.start())
            ends.append(hit.end())
        return starts, ends

    def script_near(self, offset: int) -> bool:
        """Whether Chinese script stands in the paragraph of ``offset`` (as far as
        :data:`PARAGRAPH_REACH` either side) or within :data:`SCRIPT_NEAR` characters of
        it. (A long manual that shows one 〈 as an example of a character says nothing
        about its other pages, nor a changelog that credits one Chinese name.)"""
        if not self.chinese_script:
            return False
        starts, ends = self.script_runs
        start, end = self.doc.paragraph_span(offset)
        start, end = max(start, offset - PARAGRAPH_REACH), min(end, offset + PARAGRAPH_REACH)
        # The first run that ends inside or after the window, if it starts before its end.
        k = bisect.bisect_right(ends, min(start, offset - SCRIPT_NEAR))
        return k < len(starts) and starts[k] < max(end, offset + SCRIPT_NEAR)

    @cached_property
    def possible(self) -> bool:
        """Whether anything at all in the document points at Chinese (cheap: stops at
        the first sign)."""
        text = self.doc.text
        return (self.source is not None or self.chinese_script
                or bool(document_names(self.doc))
                or any(looks_pinyin(m.group()) for m in _CAPITALISED.finditer(text)))

    def names_between(self, lo: int, hi: int) -> list[tuple[int, str]]:
        """(offset, name) of the Chinese names (listed, or other pinyin words) starting
        between ``lo`` and ``hi``, by offset.

        Pinyin words are looked for block by block, in the blocks asked about: a regex
        over all of a long text cost a quarter of a second, which English with one
        candidate rendering in it paid in full.
        """
        text = self.doc.text
        names = self._names
        if names is None:
            names = self._names = sorted(document_names(self.doc))
        added = False
        for k in range(max(lo, 0) // _NAME_BLOCK, min(hi, len(text)) // _NAME_BLOCK + 1):
            if k in self._blocks:
                continue
            self._blocks.add(k)
            start, end = k * _NAME_BLOCK, (k + 1) * _NAME_BLOCK
            # A word running over the block's end is the block's.
            stop = _WORD_END.search(text, end).end() if end < len(text) else end
            found = [(m.start(), m.group()) for m in _CAPITALISED.finditer(text, start, stop)
                     if m.start() < end and looks_pinyin(m.group())]
            if found:
                names.extend(found)
                added = True
        if added:
            names.sort()
        return names[bisect.bisect_left(names, (lo, "")):bisect.bisect_left(names, (hi, ""))]

    def supports(self, offset: int, zh: str) -> bool:
        """Whether a rendering of ``zh`` at ``offset`` is likely a translation of it:
        the source holds ``zh`` (when there is a source, only that counts), or the text
        holds Chinese script near ``offset`` (:meth:`script_near`), or a Chinese name in
        the same paragraph, or two different ones within :data:`NEAR` characters."""
        if self.source is not None:
            return zh in self.source
        if self.script_near(offset):
            return True
        near = self.names_between(offset - NEAR, offset + NEAR + 1)
        start, end = self.doc.paragraph_span(offset)
        return (any(start <= at < end for at, _ in near)
                or len({name for _, name in near}) >= 2)
