"""Detectors for text broken by an encoding accident (mojibake), or lost in one.

Four accidents reach English MT output from Chinese sources:

- UTF-8 read as a Western single-byte code page ("cafÃ©", "donâ€™t"): ftfy's own
  detector and decoder, restricted to encoding repair (MT301);
- UTF-8 Chinese read as GBK ("鎵嬫満" for 手机): MT302;
- GBK Chinese read as Latin-1 or windows-1252 ("Ð¡Ã×" for 小米): MT303;
- text replaced by U+FFFD, or read from memory nobody wrote ("锟斤拷", "烫烫烫"): MT304.

Clean text takes a fast path: ASCII text is dismissed by ``str.isascii``, and otherwise
one compiled character class (or a substring test) over the whole text finds the
candidates, so clean English pays nothing else. ftfy and the list of common Chinese
characters load only when a candidate turns up. Chinese recovered by MT302 and MT303 becomes stray Chinese,
which the stray-CJK rules gloss on the fixer's next round.
"""

from __future__ import annotations

import bisect
import difflib
import re
import weakref
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources

from ..model import Finding, Suggestion
from ..text import HAS_CJK, Document, common_ends
from .base import CheckContext, Rule

# -- shared knowledge ----------------------------------------------------------------

#: The characters windows-1252 puts at bytes 0x80-0x9F.
_CP1252_HIGH = (
    "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d"
    "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
)


class _LazyPattern:
    """A regex compiled on first use. A character class spanning the Han block takes
    milliseconds to compile, which a run on English text should not pay at start-up."""

    def __init__(self, source: str) -> None:
        self._source = source
        self._compiled: re.Pattern | None = None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = re.compile(self._source)
        return getattr(self._compiled, name)


_HAN = _LazyPattern(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: What recovered Chinese may hold besides Han: CJK punctuation, full-width forms, ASCII.
_RECOVERED_OK = _LazyPattern(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e\x20-\x7e]*"
)


@lru_cache(maxsize=1)
def common_hanzi() -> frozenset[str]:
    """The ~3,500 most common Chinese characters, with their traditional forms.

    Read once from ``mtclean/data/common_hanzi.txt`` (built by
    ``scripts/build_common_hanzi.py``).
    """
    data = resources.files("mtclean").joinpath("data/common_hanzi.txt").read_text("utf-8")
    return frozenset(
        ch for line in data.splitlines() if not line.startswith("#") for ch in line.strip()
    )


def _common_share(text: str) -> float:
    """The share of the Han characters of ``text`` that are common (1.0 with none)."""
    han = _HAN.findall(text)
    if not han:
        return 1.0
    common = common_hanzi()
    return sum(ch in common for ch in han) / len(han)


_MEMO: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _memo(doc: Document, key: str, compute: Callable[[Document], list]) -> list:
    """``compute(doc)``, computed once per document and key (rules share results)."""
    per_doc = _MEMO.setdefault(doc, {})
    if key not in per_doc:
        per_doc[key] = compute(doc)
    return per_doc[key]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start..end`` overlaps one of the sorted, disjoint ``spans`` (a bisection:
    a text may hold thousands of findings)."""
    i = bisect.bisect_left(spans, (end,)) - 1  # the last span starting before ``end``
    return i >= 0 and spans[i][1] > start


def _within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start..end`` lies inside one of the sorted, disjoint ``spans``."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1  # the last starting at or before
    return i >= 0 and spans[i][1] >= end


def _english_around(doc: Document, start: int, end: int) -> bool:
    """Whether the characters next to ``text[start:end]`` (past spaces) are not Han."""
    text = doc.text
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    j = end
    while j < len(text) and text[j] in " \t":
        j += 1
    before = text[i] if i >= 0 else ""
    after = text[j] if j < len(text) else ""
    return not HAS_CJK.match(before or " ") and not HAS_CJK.match(after or " ")


def claimed_spans(doc: Document) -> list[tuple[int, int]]:
    """Spans of ``doc`` that are Chinese mojibake or lost text (MT302, MT303, MT304).

    Rules that look at Chinese characters (stray CJK, untranslated text) can skip these:
    "鎵嬫満" is not Chinese to gloss but bytes to decode, and "锟斤拷" is gone.
    """
    spans = [(s, e) for s, e, *_ in _memo(doc, "gbk", _gbk)]
    spans += [(s, e) for s, e, *_ in _memo(doc, "latin1", _latin1)]
    spans += [m.span() for m in _memo(doc, "lost", _lost)]
    return sorted(spans)


# -- MT301: Western mojibake, through ftfy -------------------------------------------

# A UTF-8 lead byte read as Latin-1 followed by a continuation byte read as
# windows-1252 ("Ã©", "â€"), a C1 control character, or a UTF-8 Cyrillic lead read as
# windows-1251 followed by a continuation that is not a Russian letter ("Ð" -> "Р").
# The scan looks for the first character alone (one character class is what the regex
# engine scans fastest); the second is checked only where the first turns up.
_WESTERN_FIRST = re.compile("[\u00c2-\u00f4\u0420\u0421\u0080-\u009f]")
_LATIN_CONTINUATION = frozenset(map(chr, range(0x80, 0xC0))) | frozenset(_CP1252_HIGH)
_CYRILLIC_CONTINUATION = frozenset(
    "\u0402\u0403\u0404\u0405\u0406\u0407\u0408\u0409\u040a\u040b\u040c\u040e\u040f"
    "\u0452\u0453\u0454\u0455\u0456\u0457\u0458\u0459\u045a\u045b\u045c\u045e\u045f"
    "\u0490\u0491\u2116\u00a4\u00a6\u00a7\u00a9\u00ab\u00ac\u00ae\u00b0\u00b1\u00b5\u00b6"
    "\u00b7\u00bb\u201a\u201e\u2020\u2021\u20ac\u2030\u2039\u203a\u2018\u2019\u201c\u201d"
    "\u2022\u2013\u2014\u2122"
)


def _looks_western(text: str, at: int) -> bool:
    """Whether the character at ``at`` (found by ``_WESTERN_FIRST``) starts mojibake."""
    first = text[at]
    if first <= "\u009f":
        return True  # a C1 control: no text has those
    second = text[at + 1:at + 2]
    if first in "\u0420\u0421":
        return second in _CYRILLIC_CONTINUATION and second != ""
    return second in _LATIN_CONTINUATION


@lru_cache(maxsize=1)
def _ftfy():
    """ftfy's encoding repair, and nothing else it does (loaded on first need)."""
    import ftfy
    from ftfy.badness import is_bad

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )
    return is_bad, lambda text: ftfy.fix_encoding_and_explain(text, config)


def _changed_spans(old: str, new: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, replacement) in ``old`` for each place ``new`` differs, widened to
    whole words so that a finding reads "cafÃ©" -> "café" rather than "Ã©" -> "é"."""
    # The line's unchanged head and tail are cut off first: difflib is quadratic in
    # what it is given, and a repair is usually one word of a long line.
    head, tail = common_ends(old, new)
    matcher = difflib.SequenceMatcher(
        None, old[head:len(old) - tail], new[head:len(new) - tail], autojunk=False)
    spans: list[list[int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        i1, i2, j1, j2 = i1 + head, i2 + head, j1 + head, j2 + head
        while i1 > 0 and j1 > 0 and _in_word(old[i1 - 1]) and old[i1 - 1] == new[j1 - 1]:
            i1, j1 = i1 - 1, j1 - 1
        while i2 < len(old) and j2 < len(new) and _in_word(old[i2]) and old[i2] == new[j2]:
            i2, j2 = i2 + 1, j2 + 1
        if spans and i1 <= spans[-1][1]:
            spans[-1][1], spans[-1][3] = max(spans[-1][1], i2), max(spans[-1][3], j2)
        else:
            spans.append([i1, i2, j1, j2])
    for i1, i2, j1, j2 in spans:
        yield i1, i2, new[j1:j2]


def _in_word(ch: str) -> bool:
    """Whether a repair's span widens over ``ch``: letters and digits, but not Han and
    other CJK characters, which Chinese writes without spaces ("café价格" is the word
    "café" and two more)."""
    return ch.isalnum() and HAS_CJK.match(ch) is None


#: A line longer than this is repaired in pieces of about this size.
PIECE = 250
_BLANK_RUN = re.compile(r"[ \t]+")
# Failing a space, any ASCII character: no byte of a multi-byte sequence is ASCII, so no
# mojibake word is cut there either (a long run of Chinese or of mojibake without one
# went to difflib whole, quadratic: a 250 KB line took minutes).
_ASCII = re.compile(r"[\x00-\x7f]")


def _pieces(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """``start..end`` cut at spaces (else before an ASCII character) into pieces of
    about :data:`PIECE` characters, so that the diff of a repair stays cheap on a line of
    any length. No multi-byte sequence holds an ASCII character, so a cut there never
    splits one."""
    while end - start > 2 * PIECE:
        cut = _BLANK_RUN.search(text, start + PIECE, start + 2 * PIECE) or \
            _ASCII.search(text, start + PIECE, start + 2 * PIECE) or \
            _ASCII.search(text, start + 2 * PIECE, end)
        if cut is None:
            break
        yield start, cut.start()
        start = cut.start()
    yield start, end


def _western(doc: Document) -> list[tuple[int, int, str, str]]:
    """(start, end, repaired, explanation) for each stretch ftfy repairs."""
    text = doc.text
    if text.isascii():
        return []
    lines: list[tuple[int, int]] = []
    for m in doc.non_ascii.finditer(_WESTERN_FIRST):
        if (not lines or m.start() >= lines[-1][1]) and _looks_western(text, m.start()):
            lines.append(doc.line_span(m.start()))
    if not lines:
        return []
    is_bad, fix = _ftfy()
    claimed = [(s, e) for s, e, *_ in _memo(doc, "latin1", _latin1)]
    found = []
    for line_start, line_end in (piece for span in lines for piece in _pieces(text, *span)):
        line = text[line_start:line_end]
        if not is_bad(line):
            continue
        fixed, plan = fix(line)
        if fixed == line:
            continue
        how = ", ".join(f"{action} {param}" for action, param in plan)
        for s, e, repaired in _changed_spans(line, fixed):
            s, e = s + line_start, e + line_start
            if _overlaps(claimed, s, e):
                continue  # GBK read as Latin-1: MT303's, not a UTF-8 accident
            found.append((s, e, repaired, how))
    return found


class Mojibake(Rule):
    """UTF-8 text read as windows-1252, Latin-1 or another Western code page.

    Repaired with ftfy's encoding fixer only: curly quotes, ligatures, full-width forms
    and line breaks are left alone. Safe, unless the repair can only mark lost bytes
    with U+FFFD.

    Wrong: the cafÃ© donâ€™t close
    Right: the café don’t close
    """

    code = "MT301"
    name = "mojibake"
    kind = "mojibake"
    summary = "UTF-8 text read in a Western code page (\"cafÃ©\")"

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        for start, end, repaired, how in _memo(doc, "western", _western):
            yield self.finding(
                doc, start, end,
                f"mojibake: UTF-8 read in a Western code page; reads {repaired!r} ({how})",
                [Suggestion.replace(start, end, repaired, safe="\ufffd" not in repaired,
                                    source="ftfy")],
            )


# -- MT302: UTF-8 read as GBK --------------------------------------------------------

# What a GBK decoder makes of UTF-8 bytes: Han (mostly rare), kana, full-width forms,
# Greek, Cyrillic, box drawing and CJK symbols, all from GBK's two-byte repertoire; and
# "?" or U+FFFD where it met a byte pair GBK does not have.
_GBK_CHARS = (
    "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\u3040-\u30ff\u3000-\u303f\u3105-\u3129"
    "\uff01-\uffe5\ufe30-\ufe6b\u0391-\u03c9\u0401-\u0451\u2010-\u203b\u2103\u2116"
    "\u2160-\u216b\u2190-\u2199\u2208-\u2312\u2460-\u249b\u2500-\u257f\u25a0-\u25e5"
    "\u2605\u2606\u2640\u2642\u3220-\u3229\ue000-\uf8ff"
    "\u00a4\u00a7\u00a8\u00b0\u00b1\u00b7\u00d7\u00f7\u00e0-\u00fc\u0101-\u01dc\u02c7\u02c9"
)
# "[x][x]*" rather than "[x]+", here and below: a pattern that starts with a plain
# character class lets the regex engine skip to the next candidate in C, twice as fast
# on a long text as trying the repeat at every character.
_GBK_RUN = _LazyPattern(f"[{_GBK_CHARS}][{_GBK_CHARS}]*(?:[?\ufffd][{_GBK_CHARS}]+)*[?\ufffd]?")
_GBK_LOST = re.compile("[?\ufffd]")
_UTF8_TAIL = re.compile(rb"(?:[\xc2-\xdf]|[\xe0-\xef][\x80-\xbf]?|[\xf0-\xf4][\x80-\xbf]{0,2})$")
_UTF8_CONTINUATION = re.compile(rb"^[\x80-\xbf]{1,3}")


def _recover_gbk(run: str) -> tuple[str, bool] | None:
    """The Chinese whose UTF-8 bytes a GBK decoder turned into ``run``, and whether it
    came back whole. Where the decoder left "?" or U+FFFD, and where a character lost
    its last byte at the end, the result holds U+FFFD."""
    pieces = _GBK_LOST.split(run)
    out: list[str] = []
    for i, piece in enumerate(pieces):
        try:
            raw = piece.encode("gbk")
        except UnicodeEncodeError:
            return None
        if i > 0:
            # The bytes the decoder gave up on took part of a character with them; the
            # rest of it starts this piece as continuation bytes.
            out.append("\ufffd")
            raw = _UTF8_CONTINUATION.sub(b"", raw)
        tail = _UTF8_TAIL.search(raw)
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            if tail is None:
                return None
            try:
                out.append(raw[:tail.start()].decode("utf-8"))
            except UnicodeDecodeError:
                return None
            if i == len(pieces) - 1:
                out.append("\ufffd")
    recovered = "".join(out)
    return recovered, "\ufffd" not in recovered


def _gbk(doc: Document) -> list[tuple[int, int, str, bool]]:
    """(start, end, recovered Chinese, safe) for each run of UTF-8-read-as-GBK."""
    if not doc.has_cjk:
        return []
    common = None
    found = []
    for m in doc.non_ascii.finditer(_GBK_RUN):
        # A UTF-8 Chinese character starts with a byte GBK reads as the lead of a Han
        # character, so mojibake starts with Han; what comes before it is punctuation
        # or accents of the text around. A question mark after Chinese is usually one.
        start = _HAN.search(m.group())
        if start is None:
            continue
        run = m.group()[start.start():].rstrip("?")
        if len(run) < 2:
            continue
        if common is None:
            common = common_hanzi()
        # Real Chinese is made of common characters; GBK's reading of UTF-8 is not
        # (the first character of each pair comes from GB2312's rare second level,
        # the middle one from GBK's extension rows). Cheap, so it goes first.
        rare = sum(ch not in common for ch in run)
        if rare * 3 < len(run):
            continue
        result = _recover_gbk(run)
        if result is None:
            # A closing quote or bracket of the text around may end the run.
            end = len(run)
            while end > 2 and not _HAN.match(run[end - 1]):
                end -= 1
            if end < len(run):
                run = run[:end]
                result = _recover_gbk(run)
        if result is None:
            continue
        recovered, whole = result
        han = len(_HAN.findall(recovered))
        if han < 2 or not _RECOVERED_OK.fullmatch(recovered.replace("\ufffd", "")):
            continue
        if len(recovered) >= len(run):
            continue  # UTF-8 Chinese takes 3 bytes a character, GBK 2: mojibake is longer
        share = _common_share(recovered)
        if share < 0.8:
            continue
        safe = whole and share >= 0.9 and rare * 3 >= len(run) * 2
        begin = m.start() + start.start()
        end = begin + len(run)
        if recovered.endswith("\ufffd") and doc.text[end:end + 1] == "?":
            end += 1  # the decoder's "?" for the byte it could not pair
        found.append((begin, end, recovered, safe))
    return found


class GbkMojibake(Rule):
    """UTF-8 Chinese read as GBK (GB2312, GB18030): rare characters in place of common ones.

    The run is encoded back to GBK and decoded as UTF-8; it is flagged only when that
    round trip succeeds, gives a shorter run of common Chinese (80% or more), and a third
    or more of the run itself is rare characters. Real Chinese passes neither test: not
    one of CC-CEDICT's 190,000 headwords, simplified or traditional, is flagged. Safe when
    the whole run comes back, 90% of it is common and two thirds of the run are rare;
    where the decoder lost bytes ("?", U+FFFD) the suggestion keeps a U+FFFD and is not
    safe. Mojibake that happens to be made of common characters ("鎮蹭激" for 悲伤) is
    missed.

    Wrong: the new 鎵嬫満 sold out
    Right: the new 手机 sold out
    """

    code = "MT302"
    name = "gbk-mojibake"
    kind = "mojibake"
    summary = "UTF-8 Chinese read as GBK (\"鎵嬫満\" for 手机)"

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        for start, end, recovered, safe in _memo(doc, "gbk", _gbk):
            yield self.finding(
                doc, start, end,
                f"mojibake: UTF-8 Chinese read as GBK; reads {recovered!r}",
                [Suggestion.replace(start, end, recovered, safe=safe, source="gbk-roundtrip")],
            )


# -- MT303: GBK read as Latin-1 / windows-1252 ---------------------------------------

# GB2312 puts both bytes of a Chinese character in 0xA1-0xFE, which Latin-1 reads as
# "¡".."þ"; GBK's extension rows add lead bytes 0x81-0xA0 (windows-1252's "€".."Ÿ").
# Four in a row is two Chinese characters; European words never have four.
_LATIN1_BYTE = f"[\u00a1-\u00fe\u0081-\u009f{_CP1252_HIGH}]"
_LATIN1_RUN = re.compile(f"{_LATIN1_BYTE}{_LATIN1_BYTE}{{3,}}")
_CP1252_BYTE = {ch: bytes([0x80 + i]) for i, ch in enumerate(
    "\u20ac\ufffe\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffe"
    "\u017d\ufffe\ufffe\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a"
    "\u0153\ufffe\u017e\u0178") if ch != "\ufffe"}


def _single_bytes(run: str) -> bytes:
    """The bytes a Latin-1 / windows-1252 decoder read as ``run``."""
    return b"".join(_CP1252_BYTE.get(ch) or bytes([ord(ch)]) for ch in run)


def _recover_latin1(run: str) -> str | None:
    raw = _single_bytes(run)
    try:
        raw.decode("utf-8")
        return None  # UTF-8 read as Latin-1: ftfy's case (MT301)
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gbk")
    except UnicodeDecodeError:
        return None


# Latin-1 symbols ("¡".."¿", "×", "÷") and windows-1252 punctuation: a GB2312 byte
# lands on one a third of the time, a European word almost never.
_SYMBOLS = re.compile("[\u00a1-\u00bf\u00d7\u00f7\u0081-\u009f\u20ac\u201a\u201e\u2026"
                      "\u2020\u2021\u02c6\u2030\u2039\u2018\u2019\u201c\u201d\u2022\u2013"
                      "\u2014\u02dc\u2122\u203a]")


def _plausible_latin1(run: str, share: float) -> bool:
    """Whether ``run`` looks like GBK bytes rather than European words or symbols."""
    if len(set(run)) < 2:
        return False  # "áááá", "èèèè": laughter and emphasis, not Chinese
    letters = sum(ch.isalpha() for ch in run)
    symbols = len(_SYMBOLS.findall(run))
    if not letters:
        return False  # "°±²³": a row of signs, whatever GBK makes of it
    if any(ch in _CP1252_HIGH for ch in run):
        # Bytes 0x80-0x9F lead only GBK's extension rows (rare and traditional
        # characters), and "€", "’", "…" are everyday English: demand a long run.
        return len(run) >= 6 and share >= 0.9
    if symbols:
        # Two characters must both be common; longer runs may hold a rare name.
        return share >= (1.0 if len(run) < 6 else 0.5)
    # All letters: European words never run four non-ASCII letters together, save
    # for repeats ("èèèè") and Central European words windows-1252 spells with its
    # own letters ("ížíš"); demand more of these.
    if any(ch in "\u0160\u0161\u017d\u017e\u0152\u0153\u0178\u0192" for ch in run):
        return False
    return len(set(run)) >= 3 and share >= 0.9


def _glued_to_word(text: str, start: int, end: int) -> bool:
    """Whether an ASCII letter touches the run: it is then the end of a European word
    ("añ·Çå", "Jürgen·Çå"), where GBK bytes read as Latin-1 stand apart or beside
    Chinese."""
    return (start > 0 and text[start - 1].isascii() and text[start - 1].isalpha()) or (
        end < len(text) and text[end].isascii() and text[end].isalpha())


def _latin1(doc: Document) -> list[tuple[int, int, str, bool]]:
    """(start, end, recovered Chinese, safe) for each run of GBK-read-as-Latin-1."""
    found = []
    if doc.text.isascii():
        return found
    for m in doc.non_ascii.finditer(_LATIN1_RUN):
        start, end = m.span()
        recovered = _recover_latin1(m.group())
        if recovered is None and (end - start) % 2:
            # One byte too many: a Latin-1 character that belongs to the English.
            for s, e in ((start, end - 1), (start + 1, end)):
                recovered = _recover_latin1(doc.text[s:e])
                if recovered is not None:
                    start, end = s, e
                    break
        if recovered is None:
            continue
        han = len(_HAN.findall(recovered))
        if han < 2 or not _RECOVERED_OK.fullmatch(recovered) or any(c.isascii() for c in recovered):
            continue
        run = doc.text[start:end]
        share = _common_share(recovered)
        if not _plausible_latin1(run, share):
            continue
        if len(run) < 6 and _glued_to_word(doc.text, start, end):
            continue  # "añ·Çå": accented words joined by a sign, inside Latin text
        safe = share >= 0.9 and (bool(_SYMBOLS.search(run)) or len(run) >= 6)
        found.append((start, end, recovered, safe))
    return found


class Latin1Mojibake(Rule):
    """GBK Chinese read as Latin-1 or windows-1252: runs of accented letters and signs.

    The run (four or more characters, two Chinese ones) is encoded back to single bytes
    and decoded as GBK; it is flagged only when the bytes are not valid UTF-8 (that is
    MT301's accident) and give Chinese of common characters. A GB2312 byte is a Latin-1
    sign ("¡".."¿", "×") a third of the time, a European word's letter never, so a run
    with a sign needs half its Chinese common (all of it for two characters, 90% and
    three characters with windows-1252's "€" or "’"); a run of letters alone needs 90%, three
    different letters and none of windows-1252's Czech letters ("ížíš"); repeats
    ("áááá") and rows of signs ("°±²³") never count. Safe when 90% of the Chinese is
    common and the run holds a sign or is six or more long. A run shorter than six that
    an ASCII letter touches is the end of a European word ("añ·Çå") and is left alone.
    What can still fool it: a word of accented letters glued to Latin-1 signs with no
    space ("öè·£4").

    Wrong: the Ð¡Ã× phone
    Right: the 小米 phone
    """

    code = "MT303"
    name = "latin1-mojibake"
    kind = "mojibake"
    summary = "GBK Chinese read as Latin-1 (\"Ð¡Ã×\" for 小米)"

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        for start, end, recovered, safe in _memo(doc, "latin1", _latin1):
            yield self.finding(
                doc, start, end,
                f"mojibake: GBK Chinese read as Latin-1; reads {recovered!r}",
                [Suggestion.replace(start, end, recovered, safe=safe, source="latin1-roundtrip")],
            )


# -- MT304: lost text ----------------------------------------------------------------

# 锟斤拷 is the UTF-8 of U+FFFD U+FFFD read as GBK; 烫 (0xCCCC) and 屯 (0xCDCD) are
# MSVC's fill bytes for uninitialised stack and heap memory read as GBK.
# Every branch starts with a plain character, so the regex engine skips from one of the
# four to the next in C; with "(?:锟斤拷)+" or "烫{3,}" in front it would try every branch
# at every character, ten times slower on a long text.
_LOST = re.compile("锟斤拷(?:锟斤拷)*锟?|烫烫烫+|屯屯屯+|\ufffd\ufffd*")
_LOST_WHY = {
    "锟": "U+FFFD replacement characters read as GBK ('锟斤拷')",
    "烫": "uninitialised memory read as GBK ('烫烫烫')",
    "屯": "uninitialised memory read as GBK ('屯屯屯')",
    "\ufffd": "U+FFFD replacement characters: a decoder gave up on these bytes",
}


def _lost(doc: Document) -> list[re.Match]:
    text = doc.text
    # Substring tests run at memory speed; the regex runs only when one succeeds.
    if not any(sign in text for sign in ("\ufffd", "锟斤拷", "烫烫烫", "屯屯屯")):
        return []
    # A U+FFFD inside GBK mojibake is part of that finding, whose repair keeps it.
    gbk = [(s, e) for s, e, *_ in _memo(doc, "gbk", _gbk)]
    return [
        m for m in doc.non_ascii.finditer(_LOST)
        if not (m.group()[0] in "烫屯" and len(m.group()) < 4
                and not _english_around(doc, *m.span()))
        and not _within(gbk, m.start(), m.end())
    ]


# U+FFFD shown on purpose, right after its name.
_NAMED = re.compile(r"(?i)(?:U\+FFFD|replacement\s+character)[^.!?\n]{0,12}$")


class LostText(Rule):
    """Text an encoding accident destroyed: U+FFFD, "锟斤拷", "烫烫烫", "屯屯屯".

    Nothing can be recovered, so the finding carries no suggestion: the passage must be
    translated again from the source. "烫烫烫" in Chinese text needs a run of four, as a
    child's "好烫烫烫" is real Chinese.

    Wrong: the CEO said 锟斤拷锟斤拷 at the launch
    Right: the CEO said "Are you OK?" at the launch
    """

    code = "MT304"
    name = "lost-text"
    kind = "mojibake"
    summary = "text lost in an encoding accident (U+FFFD, \"锟斤拷\", \"烫烫烫\")"

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        text = doc.text
        for m in _memo(doc, "lost", _lost):
            first = m.group()[0]
            if first == "\ufffd" and _NAMED.search(text, max(0, m.start() - 40), m.start()):
                continue  # "the replacement character U+FFFD �": shown, not lost
            yield self.finding(
                doc, m.start(), m.end(),
                f"lost text: {_LOST_WHY[first]}; the original is gone, translate the "
                "passage again from the source",
            )


RULES = [Mojibake, GbkMojibake, Latin1Mojibake, LostText]
