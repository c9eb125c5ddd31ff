"""Where a translation file's target segment stands in the file that spells it.

A format writes a target with quotes, escapes and line continuations (``\"`` and
``\u4e2d`` in JSON, ``&lt;`` in XML, ``""`` in CSV, wrapped strings in PO). To report a
finding in the target where its text stands in the file, and to say where a fix's
edits go, the target is aligned with the characters that spell it: character by
character where it is written as it is, with what lies between shared out among the
characters an escape stands for.
"""

from __future__ import annotations

import bisect
import dataclasses

from .model import Edit, Finding

#: Characters of the target that must stand together for the alignment to trust a match
#: (3 when the walk picks up again after an escape: the next one may be near), and how
#: far past a character it looks for the next one (the longest escape of a character,
#: \\ud83d\\ude00 in JSON or four octal bytes in PO, is 16 long).
_WINDOW, _NEAR, _REACH = 8, 3, 16


def _align(target: str, spelled: str) -> tuple[list[int], list[int]]:
    """Where each character of ``target`` is spelled in ``spelled`` (the target as the
    file writes it): the offsets its spelling starts and ends at.

    The walk pairs equal characters. Where they differ it looks ahead for the nearest
    place the target's next characters stand as they are, and shares what it passed over
    among the characters it skipped (``\\n``, ``\\u4e2d``, ``&lt;``), one escape each
    when it can tell them apart, else evenly; passed over with no character skipped, it
    was not the target's (a quote, a line continuation, the backslash of ``\\"``).
    """
    size, length = len(target), len(spelled)
    starts, ends = [0] * size, [0] * size
    # Written with \u escapes (JSON's default), no character beyond ASCII is as it is.
    escaped = _ESCAPED + ("" if not spelled.isascii() or target.isascii() else "ascii")
    t, r = 0, spelled.find(target[:_WINDOW])
    if r < 0:  # the target does not start as it is written
        t, r = _resume(target, spelled, 0, 0, escaped, fresh=True)
        for n, (a, b) in enumerate(_share(spelled, 0, r, t)):
            starts[n], ends[n] = a, b
    while t < size:
        if r < length and target[t] == spelled[r]:
            # XML writes & as &amp;, which begins with the character it stands for.
            width = 5 if target[t] == "&" and spelled.startswith("&amp;", r) else 1
            starts[t], ends[t] = r, r + width
            t, r = t + 1, r + width
            continue
        skipped, at = _resume(target, spelled, t, r, escaped)
        for n, (a, b) in enumerate(_share(spelled, r, at, skipped)):
            starts[t + n], ends[t + n] = a, b
        t, r = t + skipped, at
    return starts, ends


#: Characters some format escapes (a quote, a backslash, markup, control characters):
#: not to be looked for as they are. "ascii" added: every character beyond ASCII too.
_ESCAPED = "\"\\&<>" + "".join(map(chr, range(32)))


def _plain_run(text: str, start: int, escaped: str) -> str:
    """Up to _NEAR characters of ``text`` from ``start`` no format escapes."""
    end = start
    while end < min(len(text), start + _NEAR):
        ch = text[end]
        if ch in escaped or (escaped.endswith("ascii") and ord(ch) > 127):
            break
        end += 1
    return text[start:end]


def _resume(target: str, spelled: str, t: int, r: int, escaped: str, *,
            fresh: bool = False) -> tuple[int, int]:
    """After ``target[t]`` and ``spelled[r]`` differ (or, ``fresh``, before anything
    is paired): how many characters of the target to skip, and where in ``spelled``
    the walk goes on (the end, when the rest is never written as it is).

    Skipping as few as it can: a character no format escapes that is not where the walk
    is stands after something that is not the target's (a quote, a line continuation),
    so it is looked for first; one some format escapes is skipped, its escape shared
    out when the walk picks up again.
    """
    rest, length = len(target) - t, len(spelled)
    for skipped in range(min(rest, _REACH * 8)):
        wanted = _plain_run(target, t + skipped, escaped)
        if not wanted:
            continue
        # Spelling a character takes one place at least, _REACH at most.
        first = r + skipped if fresh or skipped else r + 1
        at = spelled.find(wanted, first, min(length, r + _REACH * (skipped + 1) + len(wanted)))
        if at != -1:
            return skipped, at
    # The rest is all escapes: it runs to the end, but for the closing quote of a JSON,
    # PO or CSV string (what it spells would have matched by now).
    return rest, length - 1 if spelled.endswith('"') and length - 1 > r else length


def _share(spelled: str, r: int, at: int, count: int) -> list[tuple[int, int]]:
    """``spelled[r:at]`` shared among ``count`` characters: at each escape's start when
    there are as many (``\\`` or ``&`` begins one), else evenly."""
    if not count:
        return []
    marks = [i for i in range(r, at) if spelled[i] in "\\&"]
    if len(marks) == count:
        return list(zip(marks, [*marks[1:], at], strict=True))
    width = max(at - r, 0)
    cuts = [r + width * n // count for n in range(count + 1)]
    return list(zip(cuts, cuts[1:], strict=False))


class Placement:
    """Where the offsets of one target stand in the file's text.

    ``pieces`` are the texts of the spans the target is written in, each with its offset
    in the file's text; several of them (XML text runs) stand for the inline markup
    between them, as :data:`~mtclean.batch.units.PLACEHOLDER` does in the target.
    """

    def __init__(self, target: str, pieces: list[tuple[int, str]]) -> None:
        from .batch.units import PLACEHOLDER

        self.size = len(target)
        self.at: list[int] = []  # where each piece starts in the joined spelling
        self.offsets: list[int] = []  # and in the file's text
        self.lengths: list[int] = []
        cursor = 0
        for offset, text in pieces:
            self.at.append(cursor)
            self.offsets.append(offset)
            self.lengths.append(len(text))
            cursor += len(text) + len(PLACEHOLDER)
        spelled = PLACEHOLDER.join(text for _, text in pieces)
        self.starts, self.ends = _align(target, spelled)

    def _in_file(self, r: int) -> int:
        i = max(bisect.bisect_right(self.at, r) - 1, 0)
        return self.offsets[i] + min(r - self.at[i], self.lengths[i])

    def start(self, offset: int) -> int:
        """Where the character at ``offset`` of the target starts in the file's text."""
        if offset < self.size:
            return self._in_file(self.starts[offset])
        return self.end(offset)

    def end(self, offset: int) -> int:
        """Where the character before ``offset`` of the target ends in the file's text."""
        if offset <= 0 or not self.size:
            return self._in_file(self.starts[0] if self.size else 0)
        return self._in_file(self.ends[min(offset, self.size) - 1])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """``target[start:end]``'s place in the file's text."""
        placed = self.start(start)
        return placed, max(placed, self.end(end)) if end > start else placed

    def finding(self, f: Finding) -> Finding:
        """``f``, a finding in the target, placed in the file's text, edits too."""
        start, end = self.span(f.start, f.end)
        return dataclasses.replace(
            f, start=start, end=end,
            suggestions=tuple(dataclasses.replace(s, edits=tuple(
                Edit(*self.span(e.start, e.end), e.replacement) for e in s.edits))
                for s in f.suggestions),
            related=tuple(self.span(a, b) for a, b in f.related))


class Chars:
    """Byte offsets in a file's bytes to code-point offsets in its text (the bytes after
    the byte-order mark, decoded). Offsets asked for must fall between characters."""

    def __init__(self, data: bytes, bom: int, encoding: str) -> None:
        self.data, self.encoding = data, encoding
        self.known_bytes, self.known_chars = [bom], [0]
        self._line_starts: list[int] | None = None

    def char(self, offset: int) -> int:
        i = max(bisect.bisect_right(self.known_bytes, offset) - 1, 0)
        byte = self.known_bytes[i]
        char = self.known_chars[i] + len(
            self.data[byte:offset].decode(self.encoding, "surrogateescape"))
        if offset > byte:
            self.known_bytes.insert(i + 1, offset)
            self.known_chars.insert(i + 1, char)
        return char

    def line_start(self, line: int) -> int:
        """The byte offset of the 1-based ``line``."""
        if self._line_starts is None:
            self._line_starts = [self.known_bytes[0]]
            at = self.data.find(b"\n")
            while at != -1:
                self._line_starts.append(at + 1)
                at = self.data.find(b"\n", at + 1)
        return self._line_starts[min(max(line, 1), len(self._line_starts)) - 1]
