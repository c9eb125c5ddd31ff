"""Text analysis shared by the rules: scripts, segments and positions.

A :class:`Document` wraps the text being checked and computes, lazily and once, what
several rules need: where the Chinese is, where sentences and paragraphs begin and end,
and how offsets map to lines and columns.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property

# Han ideographs (with extensions and compatibility forms), kana, hangul, bopomofo.
_CJK_LETTERS = (
    "\u2e80-\u2fdf"  # radicals
    "\u3005-\u3007\u3021-\u3029\u3038-\u303b"  # 々〆〇, Hangzhou numerals
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3100-\u312f\u31a0-\u31bf"  # bopomofo
    "\u31f0-\u31ff"  # katakana extensions
    "\u3400-\u4dbf"  # extension A
    "\u4e00-\u9fff"  # unified ideographs
    "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"  # hangul
    "\uf900-\ufaff"  # compatibility ideographs
    "\U00020000-\U0003134f"  # extensions B-H
)
#: One CJK letter (Han, kana, hangul, bopomofo).
CJK_CHAR = f"[{_CJK_LETTERS}]"
#: Quick test: does a string hold any CJK letter at all?
HAS_CJK = re.compile(CJK_CHAR)

#: CJK and full-width punctuation (the ideographic space included).
CJK_PUNCT_CHARS = "\u3000-\u3004\u3008-\u3020\u3030\u303d\u30fb\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
CJK_PUNCT = re.compile(f"[{CJK_PUNCT_CHARS}]")

LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")

# A sentence ends at ., !, ? (ASCII or full-width) followed by space or end, or at a
# line break. Abbreviations cost us a split now and then, which only narrows scopes.
#: Lines longer than this have their sentence breaks found once and kept.
_LONG_LINE = 2000
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])[\"'”’)\]]*(?:\s+|$)|\n")
# A CRLF blank line ("\r\n\r\n") is matched from its first "\n" (the "\r" between is
# blank space) and ends in the same place; a literal first character lets the regex
# engine skip ahead in C, four times faster than an alternation on 20 MB.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


# How far line_span looks for a line break before it builds the table of line starts:
# a text of a few very long lines (minified JSON) must not be scanned once per finding.
_NEAR = 4096
#: How far (in characters) a paragraph scope reaches on each side of an offset.
PARAGRAPH_REACH = 1500
# How many characters position() may count in all before it builds the table instead.
_COUNT_BUDGET = 4


class Hit:
    """A match found in an :class:`Excerpt`, at its offsets in the whole text (the
    methods of ``re.Match`` the rules use)."""

    __slots__ = ("_start", "_end", "_text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self._start, self._end, self._text = start, end, text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return self._start, self._end

    def group(self) -> str:
        return self._text


class Excerpt:
    """The lines of a text that hold a character outside ASCII, joined by line breaks.

    Mostly-English text has few such lines, and ``str.isascii`` tells a line's case
    without reading it, so a search for Chinese, full-width forms or mojibake reads a
    small part of the text. Only for patterns that need a non-ASCII character to match
    and never match a line break.
    """

    def __init__(self, text: str, line_break: str) -> None:
        self._starts: list[int] = []  # where each kept line starts in self.text
        self._origins: list[int] = []  # and in the whole text
        #: Where every line of the whole text starts (found on the way), or None.
        self.line_starts: list[int] | None = None
        if text.isascii():
            self.text = ""
            return
        pieces, pos, here, line_starts = [], 0, 0, []
        for line in text.split(line_break):
            line_starts.append(pos)
            if not line.isascii():
                self._starts.append(here)
                self._origins.append(pos)
                pieces.append(line)
                here += len(line) + 1
            pos += len(line) + 1
        self.line_starts = line_starts
        if 2 * here > len(text):
            # Most of the text kept (one long line, say): the text itself stands in,
            # rather than a copy of most of it.
            self.text, self._starts, self._origins = text, [0], [0]
            return
        self.text = "\n".join(pieces)

    def finditer(self, pattern: re.Pattern):
        """Each match of ``pattern``, as a :class:`Hit` in the whole text."""
        starts, origins = self._starts, self._origins
        for m in pattern.finditer(self.text):
            s, e = m.span()
            k = bisect.bisect_right(starts, s) - 1
            shift = origins[k] - starts[k]
            yield Hit(s + shift, e + shift, m.group())


class Document:
    """The text under check, with lazily computed structure."""

    def __init__(self, text: str) -> None:
        self.text = text
        # position(): the last offset asked for, its 0-based line, and the characters
        # counted so far (offsets usually come in order, so counting the line breaks
        # between two of them costs less than a table of every line start).
        self._cursor = (0, 0)
        self._counted = 0

    # -- scripts ---------------------------------------------------------------

    @cached_property
    def has_cjk(self) -> bool:
        # Searched in the lines outside ASCII, which most rules gather anyway: in
        # English text that is a small part of the whole.
        return not self.text.isascii() and HAS_CJK.search(self.non_ascii.text) is not None

    @cached_property
    def lower(self) -> str:
        """The text case-folded without changing its length (for matching)."""
        lowered = self.text.lower()
        # str.lower() keeps length except for a few letters (İ -> i̇); fall back to a
        # per-character fold that does.
        if len(lowered) != len(self.text):
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in self.text)
        return lowered

    @cached_property
    def non_ascii(self) -> Excerpt:
        """The lines holding a non-ASCII character (see :class:`Excerpt`)."""
        return Excerpt(self.text, self.line_break)

    # -- lines -----------------------------------------------------------------

    @cached_property
    def line_break(self) -> str:
        """The character that ends a line: a text with CR-only line endings (old Mac
        files) has no "\n" at all, and its lines end at "\r"."""
        text = self.text
        return "\r" if "\r" in text and "\n" not in text else "\n"

    @cached_property
    def line_starts(self) -> list[int]:
        if "non_ascii" in self.__dict__ and self.non_ascii.line_starts is not None:
            return self.non_ascii.line_starts
        starts = [0]
        find = self.text.find
        brk = self.line_break
        i = find(brk)
        while i != -1:
            starts.append(i + 1)
            i = find(brk, i + 1)
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset; columns count code points."""
        if "line_starts" not in self.__dict__:
            last, line = self._cursor
            self._counted += abs(offset - last)
            if self._counted <= _COUNT_BUDGET * len(self.text) + _NEAR:
                brk = self.line_break
                if offset >= last:
                    line += self.text.count(brk, last, offset)
                else:
                    line -= self.text.count(brk, offset, last)
                self._cursor = (offset, line)
                return line + 1, offset - self._line_start(offset) + 1
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def _line_start(self, offset: int) -> int:
        if "line_starts" not in self.__dict__:
            lo = max(0, offset - _NEAR)
            i = self.text.rfind(self.line_break, lo, offset)
            if i != -1 or lo == 0:
                return i + 1
        starts = self.line_starts
        return starts[bisect.bisect_right(starts, offset) - 1]

    def line_span(self, offset: int) -> tuple[int, int]:
        """Start and end (without the line break) of the line holding ``offset``."""
        text = self.text
        start = end = -1
        if "line_starts" not in self.__dict__:
            # Near the offset first: lines are short, and the table costs a pass.
            lo, hi = max(0, offset - _NEAR), offset + _NEAR
            brk = self.line_break
            start = text.rfind(brk, lo, offset)
            if start != -1 or lo == 0:
                start += 1
                end = text.find(brk, offset, hi)
                if end == -1 and hi >= len(text):
                    end = len(text)
        if end == -1:
            starts = self.line_starts
            line = bisect.bisect_right(starts, offset) - 1
            start = starts[line]
            end = starts[line + 1] - 1 if line + 1 < len(starts) else len(text)
        if end > start and text[end - 1] == "\r":
            end -= 1
        return start, end

    # -- segments --------------------------------------------------------------

    @cached_property
    def paragraph_starts(self) -> list[int]:
        return [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(self.text)]

    def paragraph_span(self, offset: int) -> tuple[int, int]:
        starts = self.paragraph_starts
        i = bisect.bisect_right(starts, offset) - 1
        end = starts[i + 1] if i + 1 < len(starts) else len(self.text)
        return starts[i], end

    def sentence_span(self, offset: int) -> tuple[int, int]:
        """The sentence (or line, whichever is shorter) holding ``offset``."""
        line_start, line_end = self.line_span(offset)
        if line_end - line_start > _LONG_LINE:
            # A long line is split once; each look-up is then a bisection.
            starts, ends = self._sentence_breaks(line_start, line_end)
            i = bisect.bisect_right(ends, offset)
            start = ends[i - 1] if i else line_start
            j = bisect.bisect_left(starts, offset)
            end = starts[j] if j < len(starts) else line_end
            return start, end
        segment = self.text[line_start:line_end]
        start, end = 0, len(segment)
        for m in _SENTENCE_END.finditer(segment):
            if m.end() <= offset - line_start:
                start = m.end()
            elif m.start() >= offset - line_start:
                end = m.start()
                break
        return line_start + start, line_start + end

    def _sentence_breaks(self, line_start: int, line_end: int) -> tuple[list[int], list[int]]:
        breaks = self.__dict__.setdefault("_breaks", {})
        found = breaks.get(line_start)
        if found is None:
            spans = [m.span() for m in _SENTENCE_END.finditer(self.text, line_start, line_end)]
            found = breaks[line_start] = ([s for s, _ in spans], [e for _, e in spans])
        return found

    def scope_span(self, offset: int, scope: str) -> tuple[int, int]:
        if scope == "sentence":
            return self.sentence_span(offset)
        if scope == "paragraph":
            return self.paragraph_span(offset)
        return 0, len(self.text)

    def sentences(self, start: int = 0, end: int | None = None):
        """Yield (start, end) of each sentence-or-line in ``text[start:end]``."""
        end = len(self.text) if end is None else end
        pos = start
        while pos < end:
            s, e = self.sentence_span(pos)
            e = min(max(e, pos + 1), end)
            yield max(s, start), e
            # skip the separator
            nxt = e
            while nxt < end and self.text[nxt] in " \t\r\n":
                nxt += 1
            pos = nxt


def fenced_blocks(text: str, *, unclosed: bool = False) -> list[tuple[int, int]]:
    """Spans of the fenced code blocks of Markdown in ``text``: from a line that opens
    with three backticks or tildes (after blanks) to the end of the next line that opens
    with the same three, by position. With ``unclosed``, a fence never closed runs to
    the end of the text (as CommonMark has it); otherwise it is no block.

    The fences are found with ``str.find``: a multi-line regex for them tries every
    character of the text, 0.14 s on 20 MB.
    """
    marks = []
    for fence in ("```", "~~~"):
        at = text.find(fence)
        while at != -1:
            lo = max(0, at - 256)  # a fence is indented by a few blanks at most
            line_start = max(text.rfind("\n", lo, at), text.rfind("\r", lo, at)) + 1
            if (line_start or not lo) and not text[line_start:at].strip(" \t"):
                marks.append((line_start, fence))
                # The rest of a fence line ("~~~~~~", "```python") is no other fence.
                end = text.find("\n", at)
                at = text.find(fence, end) if end != -1 else -1
            else:
                at = text.find(fence, at + 3)
    marks.sort()
    spans = []
    opened: tuple[int, str] | None = None
    for line_start, fence in marks:
        if opened is None:
            opened = (line_start, fence)
        elif fence == opened[1]:
            end = text.find("\n", line_start)
            spans.append((opened[0], len(text) if end == -1 else end))
            opened = None
    if opened is not None and unclosed:
        spans.append((opened[0], len(text)))
    return spans


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def common_ends(old: str, new: str) -> tuple[int, int]:
    """How many characters ``old`` and ``new`` share at their start, and then at their
    end (not counting the start's again): what lies between is all that differs."""
    head, limit = 0, min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head, tail
