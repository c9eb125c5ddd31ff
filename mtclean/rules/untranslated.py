"""MT102 untranslated: sentences machine translation left in Chinese.

A segment (a sentence or line; Chinese full stops end a segment even with no space after
them) is *untranslated* when it is mostly Chinese. The script ratio decides where it
is clear, a CJK character weighing as much as 2.5 Latin letters
(:func:`mtclean.langid.cjk_share`): a segment at least 80% CJK is Chinese and one under
50% is not. In between, fastText decides, with langdetect as a second opinion on short
segments ("这款 iPhone Pro Max 的价格太高了。" is Chinese, "He said 好的" is English with
a stray fragment); without either model the ratio alone decides (60%). One short run
of Chinese with English words on either side is a stray fragment in an English
sentence whatever the models say ("The 用户增长 slowed."). Segments with
kana or hangul are Japanese or Korean: a quotation, not Chinese-to-English debris, so
they are left alone.

Only an English document has untranslated segments: in one whose letters are mostly
CJK, one whose headings are in Chinese (a Chinese or bilingual README: at least two
headings, and at least half of them, hold Chinese), or a bilingual layout (more than a
third of its lines mostly Chinese, as in bilingual subtitles or side-by-side
glossaries), Chinese lines are meant to be there.
Chinese in code blocks, inline code and URLs is never reported.

:func:`untranslated_segments` is shared with MT101 (stray-cjk), which leaves these
segments to this rule so that nothing is reported twice.
"""

from __future__ import annotations

import bisect
import itertools
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .. import langid
from ..glossing import gloss_fragment
from ..model import Edit, Finding, Suggestion
from ..text import CJK_CHAR, HAS_CJK, LATIN_LETTER, Document, fenced_blocks
from .base import CheckContext, Rule

try:  # Chinese mojibake and lost text are the mojibake rules' business
    from .mojibake import claimed_spans as _mojibake_spans
except ImportError:  # pragma: no cover - a build without the mojibake rules
    def _mojibake_spans(doc: Document) -> list[tuple[int, int]]:
        return []

#: Share of CJK letters at or above which a segment is Chinese without asking a model.
CLEAR_SHARE = 0.8
#: Share under which a segment is never Chinese.
MIN_SHARE = 0.5
#: The threshold used when no language model is at hand.
FALLBACK_SHARE = 0.6
#: Segments with fewer letters than this also ask langdetect (fastText is shaky on them).
SHORT = 24
#: Untranslated segments up to this many CJK letters may get a gloss (unsafe).
GLOSSABLE = 8
#: Gloss sources trusted with a whole segment.
CURATED = frozenset({"glossary", "lexicon"})

_CJK = re.compile(CJK_CHAR)
# Not "{CJK_CHAR}+": a pattern that starts with a plain character class lets the regex
# engine skip to the next CJK letter in C, twice as fast on a long text.
_CJK_RUN = re.compile(f"{CJK_CHAR}{CJK_CHAR}*")
# Chinese sentence ends need no space after them, nor does an English one that Chinese
# follows ("Sales rose.价格不变。").
_ZH_SENTENCE_END = re.compile(rf"[。！？；]+[”’」』）)]*|[.!?]+(?={CJK_CHAR})")
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_URL = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>\"'“”）)]+", re.I)
# A line of code that calls something with string arguments ("check('公司.cn', null);",
# "assert_eq!(f(\"中国\"), 2);"): the string literals in it are data, not prose.
_CALL_LINE = re.compile(r"[ \t]*(?:[A-Za-z_$][\w$.:]*!?\(|assert\b|return\b).*[);][ \t]*\r?$")
_STRING_LITERAL = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")
_CJK_RUN = re.compile(f"{CJK_CHAR}+")
_LATIN_LINE = re.compile(r"^[^A-Za-z\n]*[A-Za-z]", re.M)


OPEN_QUOTES = "“‘\"'「『"
CLOSE_QUOTES = "”’\"'」』"


def is_latin_alnum(ch: str) -> bool:
    """Whether ``ch`` is a Latin letter or an ASCII digit ("" is not)."""
    return bool(ch) and (ch.isascii() and ch.isalnum() or LATIN_LETTER.match(ch) is not None)


def sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t" + OPEN_QUOTES + "(（[":
        i -= 1
    if i > 0 and text[i] == "." and text[i - 1].isdigit():
        return False  # "3.5" or "No. 3." rather than a full stop; err on lower case
    return i < 0 or text[i] in "\n.!?。！？"


def fit_replacement(text: str, start: int, end: int, replacement: str) -> str:
    """``replacement`` for ``text[start:end]``, spaced and capitalised to fit the sentence.

    A space goes between it and a Latin word or sentence punctuation glued to the span,
    none before punctuation; a sentence-initial gloss gets a capital. An empty
    replacement becomes one space only when it would otherwise glue two words together.
    """
    before, after = text[start - 1:start], text[end:end + 1]
    if not replacement:
        return " " if is_latin_alnum(before) and is_latin_alnum(after) else ""
    if sentence_start(text, start) and replacement[0].islower():
        replacement = replacement[0].upper() + replacement[1:]
    if is_latin_alnum(before) or (before and before in ",;:!?)]}”’") or (
            before == "." and not text[start - 2:start - 1].isdigit()):
        replacement = " " + replacement
    if is_latin_alnum(after) or (after and after in "([{“‘"):
        replacement += " "
    return replacement


@dataclass(frozen=True, slots=True)
class Segment:
    """An untranslated segment: its span and how it was judged."""

    start: int
    end: int
    lang: str
    prob: float
    method: str  # "script", "fasttext", "langdetect"


# Per-document analyses, dropped with the document.
_CACHE: weakref.WeakKeyDictionary[Document, dict] = weakref.WeakKeyDictionary()


def _cache(doc: Document) -> dict:
    try:
        return _CACHE[doc]
    except KeyError:
        return _CACHE.setdefault(doc, {})


def cjk_clusters(doc: Document) -> list[tuple[int, int]]:
    """Spans of the runs of CJK letters in ``doc`` (one regex pass, shared by the rules)."""
    cache = _cache(doc)
    if "clusters" not in cache:
        cache["clusters"] = [m.span() for m in doc.non_ascii.finditer(_CJK_RUN)] if doc.has_cjk else []
    return cache["clusters"]


def mojibake_spans(doc: Document) -> list[tuple[int, int]]:
    """Spans the mojibake rules claim ("鎵嬫満" is bytes to decode, "锟斤拷" is lost text):
    CJK there is not Chinese to translate."""
    cache = _cache(doc)
    if "mojibake" not in cache:
        cache["mojibake"] = _mojibake_spans(doc) if doc.has_cjk else []
    return cache["mojibake"]


def _fenced_code(doc: Document) -> list[tuple[int, int]]:
    cache = _cache(doc)
    if "fences" not in cache:
        text = doc.text
        cache["fences"] = fenced_blocks(text)
    return cache["fences"]


def protected(doc: Document, start: int, end: int) -> bool:
    """Whether ``start..end`` touches a code block, inline code or a URL, or lies in a
    string literal on a line of code that calls something (Chinese there is not prose).
    Only the line at hand is searched for inline code, URLs and literals, once a line."""
    if inside(_fenced_code(doc), start, end):
        return True
    line_start, line_end = doc.line_span(start)
    if end > line_end:
        # A span past its line (rare): search as far as it reaches, uncached.
        return any(m.start() < end and start < m.end()
                   for pattern in (_INLINE_CODE, _URL)
                   for m in pattern.finditer(doc.text, line_start, end))
    marked, literals = _line_code(doc, line_start, line_end)
    if inside(marked, start, end):
        return True
    if literals is not None:
        runs = [m.span() for m in _CJK_RUN.finditer(doc.text, start, end)]
        return bool(runs) and all(any(s < a and b < e for s, e in literals) for a, b in runs)
    return False


def _line_code(doc: Document, line_start: int, line_end: int):
    """(sorted spans of inline code and URLs, string literal spans or None when the line
    is not a line of code that calls something) for the line at ``line_start``."""
    lines = _cache(doc).setdefault("code-lines", {})
    found = lines.get(line_start)
    if found is None:
        text = doc.text
        marked = sorted(m.span() for pattern in (_INLINE_CODE, _URL)
                        for m in pattern.finditer(text, line_start, line_end))
        literals = None
        if _CALL_LINE.fullmatch(text, line_start, line_end):
            literals = [m.span() for m in _STRING_LITERAL.finditer(text, line_start, line_end)]
        found = lines[line_start] = (marked, literals)
    return found


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start..end`` overlaps one of the sorted, mostly disjoint ``spans``."""
    i = bisect.bisect_right(spans, (start, float("inf")))
    # A span starting at or before ``start`` may reach over it; check a few back in case
    # spans nest (an URL inside a code block).
    for _, e in spans[max(0, i - 3):i]:
        if e > start:
            return True
    return i < len(spans) and spans[i][0] < end


def overlapping(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The sorted, disjoint ``spans`` that overlap ``start..end``."""
    i = max(0, bisect.bisect_right(spans, (start, start)) - 1)
    found = []
    for s, e in spans[i:]:
        if s >= end:
            break
        if e > start:
            found.append((s, e))
    return found


def document_is_english(doc: Document) -> bool:
    """Whether the document is English, so that Chinese in it is foreign: most of its
    letters are Latin, and its headings are not written in Chinese."""
    cache = _cache(doc)
    if "english" not in cache:
        cjk = sum(e - s for s, e in cjk_clusters(doc))
        cache["english"] = not cjk or (_more_latin_than(doc.text, cjk)
                                        and not written_in_chinese(doc))
    return cache["english"]


def written_in_chinese(doc: Document) -> bool:
    """Whether the document's headings say it was written in Chinese, whole or in part:
    at least two headings hold Chinese, and they are at least half of its headings.

    Machine translation translates headings with the rest. A README with "## 安装" or
    "## Installation 安装" is Chinese or bilingual on purpose, however many Latin
    letters its code, links and metadata hold; one heading left in Chinese, or a stray
    fragment in one, is not enough to say so.
    """
    cache = _cache(doc)
    if "written-in-chinese" not in cache:
        chinese = _chinese_headings(doc)
        cache["written-in-chinese"] = chinese >= 2 and 2 * chinese >= _headings(doc)
    return cache["written-in-chinese"]


# A Markdown heading ("## 安装"), or a line underlined as a heading (Markdown, rST).
_ATX_HEADING = re.compile(r"[ ]{0,3}#{1,6}[ \t]+\S")
_UNDERLINE = re.compile(r"[ \t]*([=\-~^\"'`#*+])\1{2,}[ \t]*\r?$")
_ATX_HEADINGS = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+\S", re.M)
_UNDERLINES = re.compile(r"^[ \t]*([=\-~^\"'`#*+])\1{2,}[ \t]*\r?$", re.M)


def _is_heading(doc: Document, line_start: int, line_end: int) -> bool:
    text = doc.text
    if _ATX_HEADING.match(text, line_start, line_end):
        return True
    if not text[line_start:line_end].strip():
        return False
    next_start = line_end + 1
    next_end = text.find("\n", next_start)
    if next_end < 0:
        next_end = len(text)
    return next_start < len(text) and _UNDERLINE.match(text, next_start, next_end) is not None


def _chinese_headings(doc: Document) -> int:
    """How many headings outside code blocks hold Chinese."""
    fences = _fenced_code(doc)
    count, pos = 0, 0
    for cluster_start, _ in cjk_clusters(doc):
        if cluster_start < pos:
            continue
        start, end = doc.line_span(cluster_start)
        pos = end + 1
        if _is_heading(doc, start, end) and not inside(fences, start, end):
            count += 1
    return count


def _headings(doc: Document) -> int:
    """How many headings the document has outside code blocks."""
    text, fences = doc.text, _fenced_code(doc)
    count = sum(1 for m in _ATX_HEADINGS.finditer(text) if not inside(fences, *m.span()))
    for m in _UNDERLINES.finditer(text):
        above_end = m.start() - 1
        if above_end > 0 and not inside(fences, *m.span()):
            above_start = text.rfind("\n", 0, above_end) + 1
            if text[above_start:above_end].strip() and \
                    not _UNDERLINE.match(text, above_start, above_end):
                count += 1
    return count


def _more_latin_than(text: str, cjk: int) -> bool:
    # Count Latin letters over a growing prefix: in the usual long English text with a
    # few Chinese characters the first few kilobytes settle it.
    size = max(4096, 8 * cjk)
    while True:
        latin = langid.script_counts(text[:size], cjk=False)[1]
        if latin > cjk or size >= len(text):
            return latin > cjk
        size *= 4


def _bilingual_layout(doc: Document) -> bool:
    """Whether more than a third of the lines with letters are mostly Chinese."""
    text = doc.text
    chinese_lines = cjk_only_lines = 0
    pos = 0
    for cluster_start, _ in cjk_clusters(doc):
        if cluster_start < pos:
            continue
        start, end = doc.line_span(cluster_start)
        cjk, latin = langid.script_counts(text[start:end])
        if cjk > latin:
            chinese_lines += 1
        if not latin:
            cjk_only_lines += 1
        pos = end + 1
    # True when the lines with Latin letters number fewer than ``need``: count only that
    # many (a long English text settles it in its first few pages).
    need = chinese_lines * 3 - cjk_only_lines
    return need > 0 and len(list(itertools.islice(_LATIN_LINE.finditer(text), need))) < need


@lru_cache(maxsize=4096)
def judge(segment: str, use_langid: bool) -> tuple[str, float, str] | None:
    """(language, probability, method) when ``segment`` is Chinese, else None."""
    cjk, latin = langid.script_counts(segment)
    if cjk < 2 or langid.has_kana_or_hangul(segment):
        return None
    share = langid.CJK_WEIGHT * cjk / (langid.CJK_WEIGHT * cjk + latin)
    if share < MIN_SHARE:
        return None
    if share >= CLEAR_SHARE:
        return "zh", share, "script"
    if _fragment_in_english(segment):
        return None
    if use_langid:
        try:
            lang, prob = langid.identify(segment)
            if langid.is_chinese(lang):
                return lang, prob, "fasttext"
            # fastText calls short Han-only text Japanese now and then.
            if lang == "ja" and share >= FALLBACK_SHARE:
                return "zh", prob, "fasttext"
            if cjk + latin < SHORT:
                second = langid.second_opinion(segment)
                if second is not None and langid.is_chinese(second[0]):
                    return second[0], second[1], "langdetect"
            return None
        except langid.LangIdUnavailable:
            pass  # degrade to the script ratio
    return ("zh", share, "script") if share >= FALLBACK_SHARE else None


_ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def _fragment_in_english(segment: str) -> bool:
    """Whether ``segment`` is an English sentence around one short Chinese fragment
    ("The 用户增长 slowed.": MT101 glosses the fragment), though a model would call it
    Chinese, four Han letters weighing more than its English."""
    runs = _CJK_RUN.findall(segment)
    if len(runs) != 1 or len(runs[0]) > GLOSSABLE:
        return False
    before, _, after = segment.partition(runs[0])
    return _ENGLISH_WORD.search(before) is not None and _ENGLISH_WORD.search(after) is not None


def _segments_with_cjk(doc: Document) -> Iterable[tuple[int, int]]:
    """Each sentence-or-line holding CJK, split further after Chinese full stops."""
    text = doc.text
    pos = 0
    for cluster_start, cluster_end in cjk_clusters(doc):
        if cluster_start < pos:
            continue
        start, end = doc.sentence_span(cluster_start)
        end = max(end, cluster_end)
        piece_start = start
        for stop in _ZH_SENTENCE_END.finditer(text, start, end):
            yield piece_start, stop.end()
            piece_start = stop.end()
        if piece_start < end:
            yield piece_start, end
        pos = end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def untranslated_segments(doc: Document, config) -> list[Segment]:
    """The mostly Chinese segments of ``doc``, whatever the document is.

    MT102 reports them only in English documents; MT101 skips the Chinese inside them
    in any case.
    """
    cache = _cache(doc)
    key = ("segments", bool(config.langid))
    if key not in cache:
        found = []
        if doc.has_cjk:
            text = doc.text
            claimed = mojibake_spans(doc)
            for start, end in _segments_with_cjk(doc):
                start, end = _trim(text, start, end)
                if start >= end or not HAS_CJK.search(text, start, end):
                    continue
                segment = text[start:end]
                for s, e in overlapping(claimed, start, end):
                    # Judge what is left once the mojibake is out.
                    lo, hi = max(s, start) - start, min(e, end) - start
                    segment = segment[:lo] + " " * (hi - lo) + segment[hi:]
                verdict = judge(segment, bool(config.langid))
                if verdict is None or protected(doc, start, end):
                    continue
                found.append(Segment(start, end, *verdict))
        cache[key] = found
    return cache[key]


def in_untranslated(doc: Document, config, start: int, end: int) -> bool:
    """Whether ``start..end`` lies in an untranslated segment."""
    segments = untranslated_segments(doc, config)
    return inside([(s.start, s.end) for s in segments], start, end) if segments else False


class Untranslated(Rule):
    """A sentence or line left in Chinese inside an English text.

    Reported, never fixed: it needs a translator. A short segment may carry a gloss
    from the user's glossary or the curated lexicons, as an unsafe suggestion.

    Wrong: The launch went well. 我们会继续努力，不辜负大家的期待。 Orders open at noon.
    Right: The launch went well. We will keep working to deserve your trust. Orders open at noon.
    """

    code = "MT102"
    name = "untranslated"
    kind = "untranslated"
    summary = "sentence left untranslated (Chinese) in English text"

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        if not doc.has_cjk:
            return
        segments = untranslated_segments(doc, ctx.config)
        if not segments or not document_is_english(doc) or _bilingual_layout(doc):
            return
        how = {"script": "by script", "fasttext": "fastText", "langdetect": "langdetect"}
        for seg in segments:
            yield self.finding(
                doc, seg.start, seg.end,
                f"segment left in Chinese ({seg.lang}, {how[seg.method]} {seg.prob:.2f})",
                self._suggestions(doc, ctx, seg),
            )

    @staticmethod
    def _suggestions(doc: Document, ctx: CheckContext, seg: Segment) -> list[Suggestion]:
        """Glosses for a short segment, from the user's glossary and the curated lexicons
        only (a dictionary gloss built word by word is no translation of a sentence);
        they replace the Chinese and leave punctuation to the punctuation rules."""
        text = doc.text
        clusters = list(_CJK_RUN.finditer(text, seg.start, seg.end))
        if sum(len(m.group()) for m in clusters) > GLOSSABLE:
            return []
        start, end = clusters[0].start(), clusters[-1].end()
        zh = langid.to_simplified(text[start:end])
        return [
            Suggestion(g.text, (Edit(start, end, fit_replacement(text, start, end, g.text)),),
                       False, g.source)
            for g in gloss_fragment(zh, ctx.config) if g.source in CURATED
        ]


RULES = [Untranslated]
