"""Many keywords found in one pass over a long text.

An Aho-Corasick automaton (ahocorasick_rs; a DFA for long texts) runs over the UTF-8
bytes of the text: on 20 MB of mostly English that is a fifth of the time of walking
the code points of a Python string, and the text is converted once for all automata. Byte offsets of the hits are turned back into code-point offsets through a
table of chunk starts, so the cost of that is paid per hit, not per character.

A hit always starts on a character boundary, UTF-8 being self-synchronising: a key's
first byte is never a continuation byte.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Generic, TypeVar

import ahocorasick_rs

T = TypeVar("T")

#: Texts of this many bytes or more, and at least this many bytes a key, are scanned
#: with a DFA.
LARGE = 1 << 20
DFA_BYTES_PER_KEY = 2000
#: Code points per chunk of the offset table.
_CHUNK = 2048


class Utf8Text:
    """A text with its UTF-8 bytes and the way back from byte to code-point offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Lone surrogates (bytes a decoder escaped) pass as three bytes each; no key
        # holds one, so none matches.
        self.data = text.encode("utf-8", "surrogatepass")
        self._ascii = len(self.data) == len(text)
        self._starts: list[int] = []
        self._plain: list[bool] = []  # whether the chunk is ASCII (bytes = code points)
        if not self._ascii:
            starts, plain, total = self._starts, self._plain, 0
            for i in range(0, len(text), _CHUNK):
                starts.append(total)
                piece = text[i:i + _CHUNK]
                if piece.isascii():
                    plain.append(True)
                    total += len(piece)
                else:
                    plain.append(False)
                    total += len(piece.encode("utf-8", "surrogatepass"))

    def offset(self, byte: int) -> int:
        """The code-point offset of the byte offset ``byte`` (a character boundary)."""
        if self._ascii:
            return byte
        k = bisect.bisect_right(self._starts, byte) - 1
        base = self._starts[k]
        if byte == base or self._plain[k]:
            return k * _CHUNK + byte - base
        return k * _CHUNK + len(self.data[base:byte].decode("utf-8", "surrogatepass"))


_LAST: list[Utf8Text] = []


def utf8(text: str) -> Utf8Text:
    """The :class:`Utf8Text` of ``text``, kept for the last few texts (the rules of one
    check scan the same document, and its folded form, several times)."""
    for i, item in enumerate(_LAST):
        if item.text is text:
            if i:
                _LAST.insert(0, _LAST.pop(i))  # the one used last goes first
            return item
    item = Utf8Text(text)
    _LAST.insert(0, item)
    del _LAST[4:]
    return item


def forget() -> None:
    """Drop the texts :func:`utf8` keeps: a check's rules share them, and the next check
    (the second round of a fix, say) should not hold the last one's alive."""
    _LAST.clear()


class Keywords(Generic[T]):
    """Keys, each with a value, found anywhere in a text, overlaps included."""

    def __init__(self, items: Iterable[tuple[str, T]]) -> None:
        table: dict[str, T] = {}
        for key, value in items:
            if key:
                table.setdefault(key, value)
        self.keys = list(table)
        self.values = list(table.values())
        self._lengths = [len(k) for k in self.keys]
        self._encoded = [k.encode("utf-8") for k in self.keys]
        self._automata: dict[bool, ahocorasick_rs.BytesAhoCorasick] = {}

    def _automaton(self, size: int) -> ahocorasick_rs.BytesAhoCorasick:
        # A DFA scans long text fastest but takes five times as long to build as the
        # default automaton, longer than a short file takes to scan; with tens of
        # thousands of keys it pays only on text some 2,000 bytes a key long (the
        # generated lexicon's 28,000 keys: 0.22 s to build, 0.04 s gained on 20 MB).
        large = size >= LARGE and size >= DFA_BYTES_PER_KEY * len(self._encoded)
        automaton = self._automata.get(large)
        if automaton is None:
            if large:
                automaton = ahocorasick_rs.BytesAhoCorasick(
                    self._encoded, implementation=ahocorasick_rs.Implementation.DFA)
            else:
                automaton = ahocorasick_rs.BytesAhoCorasick(self._encoded)
            self._automata[large] = automaton
        return automaton

    def __len__(self) -> int:
        return len(self.keys)

    def find(self, text: str, *, words: bool = False) -> list[tuple[int, int, T]]:
        """(start, end, value) of every key in ``text``, in code points, by end.

        With ``words``, a key that begins (ends) with an ASCII letter, digit or
        underscore is dropped where the same kind of character comes right before
        (after) it: "ov" inside "over" is the commonest hit of the lexicon scan, and
        most of its cost. A key touching a character outside ASCII is kept for the
        caller to judge.
        """
        if not self.keys or not text:
            return []
        source = utf8(text)
        data = source.data
        hits = self._automaton(len(data)).find_matches_as_indexes(data, overlapping=True)
        lengths, values, offset = self._lengths, self.values, source.offset
        found = []
        if words:
            heads, tails = self._word_edges()
            size = len(data)
            for index, start, end in hits:
                if (start and heads[index] and data[start - 1] in _WORD_BYTES) or \
                        (end < size and tails[index] and data[end] in _WORD_BYTES):
                    continue
                s = offset(start)
                found.append((s, s + lengths[index], values[index]))
            return found
        for index, start, _ in hits:
            s = offset(start)
            found.append((s, s + lengths[index], values[index]))
        return found

    def _word_edges(self) -> tuple[list[bool], list[bool]]:
        """Per key, whether its first and its last byte is an ASCII word character."""
        edges = self.__dict__.get("_edges")
        if edges is None:
            edges = self._edges = ([k[0] in _WORD_BYTES for k in self._encoded],
                                   [k[-1] in _WORD_BYTES for k in self._encoded])
        return edges


_WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


class KeywordUnion:
    """Several keyword sets found in one pass over the same text.

    A long document is scanned once for all the sets the rules will look up in it
    rather than once a set: on 20 MB the five sets of the folded text took 0.94 s one
    by one and 0.31 s together. :meth:`find` gives each set what its own
    :meth:`Keywords.find` would, in the same order.
    """

    def __init__(self, sets: list[tuple[Keywords, bool]]) -> None:
        """``sets``: (keywords, words) pairs, ``words`` as for :meth:`Keywords.find`."""
        self.sets = list(sets)
        table: dict[bytes, list[tuple[int, object]]] = {}
        lengths: dict[bytes, int] = {}
        for n, (keywords, _) in enumerate(self.sets):
            for key, length, value in zip(keywords._encoded, keywords._lengths,
                                          keywords.values, strict=True):
                members = table.get(key)
                if members is None:
                    members = table[key] = []
                    lengths[key] = length
                members.append((n, value))
        self._encoded = list(table)
        self._members = list(table.values())
        self._lengths = [lengths[key] for key in self._encoded]
        self._words = [words for _, words in self.sets]
        self._heads = [key[0] in _WORD_BYTES for key in self._encoded]
        self._tails = [key[-1] in _WORD_BYTES for key in self._encoded]
        self._automaton: ahocorasick_rs.BytesAhoCorasick | None = None

    def find(self, text: str) -> list[list[tuple[int, int, object]]]:
        """Per set, in the order given, (start, end, value) of each of its keys in
        ``text``, as :meth:`Keywords.find` finds them."""
        found: list[list[tuple[int, int, object]]] = [[] for _ in self.sets]
        if not self._encoded or not text:
            return found
        if self._automaton is None:
            self._automaton = ahocorasick_rs.BytesAhoCorasick(self._encoded)
        source = utf8(text)
        data = source.data
        size = len(data)
        hits = self._automaton.find_matches_as_indexes(data, overlapping=True)
        heads, tails = self._heads, self._tails
        lengths, members, words, offset = self._lengths, self._members, self._words, source.offset
        for index, start, end in hits:
            inside_word = (start and heads[index] and data[start - 1] in _WORD_BYTES) or \
                (end < size and tails[index] and data[end] in _WORD_BYTES)
            s = -1
            for n, value in members[index]:
                if inside_word and words[n]:
                    continue
                if s < 0:
                    s = offset(start)
                found[n].append((s, s + lengths[index], value))
        return found
