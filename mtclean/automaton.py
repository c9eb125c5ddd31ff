"""Find lexicon renderings in a document: one Aho-Corasick scan, then the entry rules.

The automaton holds every rendering of every entry, case-folded, with one space for
each whitespace run. A document is scanned once, in the same folded form, by the
automaton's C loop; only the hits (rare in clean text) go through Python, which checks
word boundaries, case, and the entry's context conditions. Scans and the positions of
context words are cached per document, so the rules sharing them pay once.
"""

from __future__ import annotations

import bisect
import re
import weakref
from dataclasses import dataclass

from .cache import gc_paused
from .keywords import Keywords, KeywordUnion
from .lexicon import Entry, Lexicon, fold
from .origin import Origin, pinyin_surnames
from .text import HAS_CJK, PARAGRAPH_REACH, Document
from .topics import about

# Same-length folding of a lower-cased document: whitespace to spaces, curly
# apostrophes to straight ones (renderings are folded the same way by ``fold``). A chain
# of str.replace runs in C; str.translate with a table is 40 times slower on 10 MB.
_FOLDS = (*((c, " ") for c in "\t\n\r\x0b\x0c\xa0\u2028\u2029"), ("\u2019", "'"), ("\u2018", "'"))
# Two spaces then any more, written so that the regex engine sees a literal start and
# skips ahead to it in C (" {2,}" is tried at every character, three times slower).
_SPACE_RUN = re.compile("  " + " *")
_ASCII_FOLDS = str.maketrans({c: to for c, to in _FOLDS if c.isascii()})
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")
# Characters that may not touch a rendering's word edge: letters and digits other than
# CJK (English in MT output often runs straight into Chinese, "Weilai蔚来").
_WORD = "[^\\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]"
_OPENERS = " \t\"'\u201c\u2018([{\u00ab*#>_-\u2014"

_DOC_CACHE: weakref.WeakKeyDictionary[Document, dict] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Match:
    """A rendering of a lexicon entry found in a document, after its context checks."""

    entry: Entry
    rendering: str  # the entry's rendering that matched, as written in the lexicon
    start: int
    end: int
    text: str  # the document's text at the match
    safe: bool  # whether the entry's first gloss may be applied without a person
    evidence: tuple[int, int] | None = None  # where a `near` word was found


class Automaton:
    """The compiled renderings of a set of entries."""

    def __init__(self, entries: list[Entry]) -> None:
        table: dict[str, list[tuple[Entry, str]]] = {}
        with gc_paused(freeze=True):
            for entry in entries:
                for rendering, key in zip(entry.match, entry.folded, strict=True):
                    table.setdefault(key, []).append((entry, rendering))
            self.size = len(table)
            self._keywords = Keywords((key, tuple(found)) for key, found in table.items())

    @property
    def keywords(self) -> Keywords:
        """The folded renderings, each with its (entry, rendering) candidates."""
        return self._keywords

    def iter(self, folded: str):
        """(start, end, candidates) of every key in ``folded``, overlaps included, but
        for keys inside a word of ASCII letters and digits ("ov" in "over")."""
        return self._keywords.find(folded, words=True)


def _cache(doc: Document) -> dict:
    cache = _DOC_CACHE.get(doc)
    if cache is None:
        cache = _DOC_CACHE[doc] = {}
    return cache


class _Folded:
    """A document folded for scanning, and the way back to its offsets.

    Runs of more than one space are collapsed, so that a rendering's single spaces
    match them. The text is collapsed in chunks that end outside a run, and each chunk
    remembers how many characters its runs removed; the exact offsets inside a chunk
    are worked out only for the chunks where a scan hits something (prose indented or
    with two spaces after a full stop has a run on every line).
    """

    CHUNK = 1024

    def __init__(self, lowered: str) -> None:
        # The folded copy before collapsing goes once the text is collapsed, and the
        # document's own lower-cased text is kept for the way back (the folds keep
        # lengths, so a chunk folded again has the same runs): one copy of a long text
        # fewer held through the check. Per chunk: its start in the folded text, in the
        # lowered text, and the (folded start, characters removed so far) after each of
        # its runs, when asked.
        self._folded_starts: list[int] = []
        self._lowered_starts: list[int] = []
        self._runs: dict[int, tuple[list[int], list[int]]] = {}
        self._plain: set[int] = set()
        original, lowered = lowered, _fold(lowered)
        pieces, size, pos, folded_pos, collapsed = [], len(lowered), 0, 0, False
        while pos < size:
            cut = min(size, pos + self.CHUNK)
            while cut < size and lowered[cut - 1] == " ":
                cut += 1  # a run never straddles two chunks
            piece = lowered[pos:cut]
            if "  " in piece:
                piece = _SPACE_RUN.sub(" ", piece)
                collapsed = True
            else:
                self._plain.add(len(pieces))  # nothing collapsed: offsets kept
            self._folded_starts.append(folded_pos)
            self._lowered_starts.append(pos)
            pieces.append(piece)
            folded_pos += len(piece)
            pos = cut
        self.text = "".join(pieces)
        # Not the folded copy: the runs of a chunk are found again in it folded anew.
        self._uncollapsed = original if collapsed else None

    def original(self, offset: int) -> int:
        """The document offset of ``offset`` in the folded text."""
        if self._uncollapsed is None:
            return offset
        k = bisect.bisect_right(self._folded_starts, offset) - 1
        if k < 0:
            return offset
        base_folded, base = self._folded_starts[k], self._lowered_starts[k]
        if k in self._plain:
            return base + offset - base_folded
        runs = self._runs.get(k)
        if runs is None:
            # starts[i]: folded offset just after the chunk's i-th run;
            # removed[i]: characters the chunk's runs removed up to and including it.
            end = self._lowered_starts[k + 1] if k + 1 < len(self._lowered_starts) \
                else len(self._uncollapsed)
            starts, removed, total = [], [], 0
            for m in _SPACE_RUN.finditer(_fold(self._uncollapsed[base:end])):
                total += m.end() - m.start() - 1
                starts.append(m.end() - total)
                removed.append(total)
            runs = self._runs[k] = (starts, removed)
        local = offset - base_folded
        i = bisect.bisect_right(runs[0], local) - 1
        return base + local + (runs[1][i] if i >= 0 else 0)


def _fold(piece: str) -> str:
    """``piece`` with the folds of :data:`_FOLDS` made (its length kept): a pass of
    ``str.translate`` or of ``str.replace`` for each, all in C."""
    if piece.isascii():
        return piece.translate(_ASCII_FOLDS)
    for before, after in _FOLDS:
        if before in piece:
            piece = piece.replace(before, after)
    return piece


def _folded(doc: Document) -> _Folded:
    cache = _cache(doc)
    folded = cache.get("folded")
    if folded is None:
        folded = cache["folded"] = _Folded(doc.lower)
    return folded


#: A document this long (in characters) is scanned once for all the keyword sets the
#: rules declare (:func:`prescan_folded`); a shorter one costs less scanned set by set
#: than the union of the sets costs to build.
PRESCAN_FROM = 1 << 20

# The last unions built, by the identities of their sets (which they keep alive).
_UNIONS: dict[tuple[tuple[int, bool], ...], KeywordUnion] = {}


def prescan_folded(doc: Document, sets: list[tuple[Keywords, bool]]) -> None:
    """Find every key of ``sets`` ((keywords, words) pairs) in the folded text of a long
    document in one pass, for :func:`find_folded` and the lexicon scans to take their
    hits from."""
    if len(doc.text) < PRESCAN_FROM:
        return
    sets = list({(id(k), w): (k, w) for k, w in sets}.values())
    cache = _cache(doc)
    sets = [(k, w) for k, w in sets if ("folded-hits", id(k), w) not in cache]
    if len(sets) < 2:
        return  # one set is scanned as well on its own, when it is asked for
    key = tuple((id(k), w) for k, w in sets)
    union = _UNIONS.get(key)
    if union is None:
        if len(_UNIONS) >= 2:
            _UNIONS.clear()
        with gc_paused(freeze=True):
            union = _UNIONS[key] = KeywordUnion(sets)
    for (keywords, words), hits in zip(sets, union.find(_folded(doc).text), strict=True):
        cache[("folded-hits", id(keywords), words)] = (keywords, hits)


def _folded_hits(keywords: Keywords, doc: Document, words: bool):
    """(start, end, value) of the keys of ``keywords`` in the folded text of ``doc``:
    from :func:`prescan_folded`, or found now."""
    hit = _cache(doc).get(("folded-hits", id(keywords), words))
    if hit is not None and hit[0] is keywords:
        return hit[1]
    return keywords.find(_folded(doc).text, words=words)


def find_folded(keywords: Keywords, doc: Document) -> list[tuple[int, int, object]]:
    """(start, end, value) in ``doc`` of every key of ``keywords`` (case-folded, single
    spaces) in the document's folded text, which the lexicon scans share."""
    original = _folded(doc).original
    return [(original(s), original(e - 1) + 1, value)
            for s, e, value in _folded_hits(keywords, doc, False)]


def find_folded_words(keywords: Keywords, doc: Document) -> list[tuple[int, int, object]]:
    """As :func:`find_folded`, but only the keys that stand as whole words: the edges
    are checked in the folded text, before a hit's offsets are mapped back (common
    short keys such as "ev" hit inside many words)."""
    original = _folded(doc).original
    return [(original(s), original(e - 1) + 1, value) for s, e, value in _word_hits(keywords, doc)]


def _word_hits(keywords: Keywords, doc: Document):
    """(start, end, value) of the keys of ``keywords`` standing as whole words in the
    folded text (word edges are the same there: folding only changes spaces)."""
    ftext = _folded(doc).text
    size = len(ftext)
    for s, e, value in _folded_hits(keywords, doc, True):
        if (s > 0 and is_word(ftext[s - 1]) and is_word(ftext[s])) or \
                (e < size and is_word(ftext[e]) and is_word(ftext[e - 1])):
            continue
        yield s, e, value


def is_word(ch: str) -> bool:
    """Whether ``ch`` is part of a word for matching: a letter, digit or underscore, but
    not a CJK character (English in MT output often runs straight into Chinese)."""
    return (ch.isalnum() or ch == "_") and not HAS_CJK.match(ch)


def at_sentence_start(text: str, start: int) -> bool:
    """Whether ``start`` begins a sentence, heading or line (opening quotes allowed)."""
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in "\n\r.!?:;\u3002\uff01\uff1f\u2026"


def _same_case(span: str, rendering: str) -> bool:
    if span == rendering:
        return True
    return _spaced(span) == _spaced(rendering)


def _spaced(text: str) -> str:
    """``text`` with one space for each whitespace run and straight apostrophes."""
    if text.isascii():
        return " ".join(text.split())  # no curly quotes; split() knows ASCII spaces
    return _SPACES.sub(" ", text).replace("\u2019", "'").replace("\u2018", "'")


_SPACES = re.compile(r"\s+")


def candidates(lexicon: Lexicon, doc: Document) -> list[tuple[Entry, str, int, int]]:
    """(entry, rendering, start, end) of every rendering on word boundaries and in the
    right case, before context checks. Cached per document and lexicon."""
    cache = _cache(doc)
    key = ("candidates", id(lexicon))
    hit = cache.get(key)
    if hit is None or hit[0] is not lexicon:
        hit = cache[key] = (lexicon, list(_candidates(lexicon.automaton, doc)))
    return hit[1]


def _candidates(automaton: Automaton, doc: Document):
    folded = _folded(doc)
    text = doc.text
    for fstart, fend, candidates in _word_hits(automaton.keywords, doc):
        start = folded.original(fstart)
        end = folded.original(fend - 1) + 1
        span = text[start:end]
        if "\n" in span and _PARAGRAPH_BREAK.search(span):
            continue
        for entry, rendering in candidates:
            if entry.case_sensitive and not _same_case(span, rendering):
                capital = rendering[:1].upper() + rendering[1:]
                if not (_same_case(span, capital) and at_sentence_start(text, start)):
                    continue
            yield entry, rendering, start, end


@dataclass(frozen=True)
class RawHit:
    entry: Entry
    text: str
    start: int
    end: int


def raw_matches(automaton: Automaton, text: str) -> list[RawHit]:
    """Renderings of ``automaton`` in ``text``, context ignored (for checking glosses)."""
    return [RawHit(e, text[s:t], s, t) for e, _, s, t in _candidates(automaton, Document(text))]


def scan(lexicon: Lexicon, doc: Document, source: str | None = None) -> list[Match]:
    """The lexicon matches in ``doc`` whose context holds, without overlaps (the
    longest wins), by position. ``source`` is the Chinese segment the text was
    translated from, when known (evidence for entries that ask for :mod:`origin`).
    Cached per document, lexicon and source."""
    cache = _cache(doc)
    key = ("scan", id(lexicon), source)
    hit = cache.get(key)
    if hit is not None and hit[0] is lexicon:
        return hit[1]
    found = []
    origin = None
    explained: set[int] = set()  # entries the writer glosses somewhere in the document
    for entry, rendering, start, end in candidates(lexicon, doc):
        if glossed_beside(doc.text, start, end, entry.gloss):
            explained.add(id(entry))
            continue
        if entry.kind == "entity" and given_name(doc.text, start, end):
            continue
        if origin is None and entry.context is not None and entry.context.origin:
            origin = Origin.of(doc, source)
        verdict = context_verdict(doc, entry, start, end, origin=origin)
        if verdict is not None and not mentioned(doc, start, end, entry.zh):
            safe, evidence = verdict
            found.append(Match(entry, rendering, start, end, doc.text[start:end], safe, evidence))
    if explained:
        # A term the writer explains once ("Minguo (Republic of China) calendar") is
        # theirs to use again unexplained further on, or before.
        found = [m for m in found if id(m.entry) not in explained]
    found.sort(key=lambda m: (m.start, m.start - m.end))
    kept: list[Match] = []
    for m in found:
        if kept and m.start < kept[-1].end:
            if m.end - m.start <= kept[-1].end - kept[-1].start:
                continue
            kept.pop()
        kept.append(m)
    cache[key] = (lexicon, kept)
    return kept


_SURNAME_AFTER = re.compile(r"[ \t]+([A-Z][a-z]{0,5})\b(?![ \t]+[A-Z]|['\u2019-])")


def given_name(text: str, start: int, end: int) -> bool:
    """Whether a one-word name matched at ``start..end`` is a person's given name, a
    pinyin surname after it and no more name after that: "thanks to Xiaopeng Xu".
    (MT writes the company before its chief's name, "Weilai Li Bin said", so a surname
    followed by a given name does not count.)"""
    if not text[start:start + 1].isupper() or " " in text[start:end]:
        return False
    after = _SURNAME_AFTER.match(text, end)
    return after is not None and after.group(1).lower() in pinyin_surnames()


# What the writer says right after a name to explain it: "the Weilai brand name means".
_EXPLAINED_AFTER = re.compile(
    r"(?i)(?:['\u2019]s)?[ \t]+(?:(?:brand|company|chinese|original)[ \t]+)?"
    r"name[ \t]+(?:means|meaning|translates|comes)\b|,?[ \t]+\(?(?:literally|lit\.)")

# A writer quoting the literal sense or the romanised name on purpose: "known in
# Chinese as Jinshan", "割韭菜, literally 'cutting leeks'", "the Mandarin word for ...",
# "韭菜 means leeks". Only cues MT output does not produce for a word it renders:
# "called" and "known as" alone are not enough ("Xiaomi's fans, known as rice noodles"
# is MT as often as not).
_MENTION_CUE = re.compile(
    r"(?i)(?:\bliterally|\blit\.|\btranslat(?:es|ed|ing)\s+(?:literally\s+)?(?:as|to)"
    r"|\b(?:in|from)\s+(?:Chinese|Mandarin|Cantonese|pinyin)"
    r"|\b(?:Chinese|Mandarin|Cantonese|pinyin)\s+(?:for|name|word|term|phrase|characters)"
    r"|\bliteral\s+(?:translation|meaning|sense|rendering)"
    r"|[\u3400-\u9fff][^.!?\n]{0,24}\b(?:means|meaning|stands\s+for))"
    r"\b[^.!?;\n]{0,24}$"
)
_MENTION_REACH = 60
#: Lines longer than this are searched through each term's places in the document.
_LONG_LINE = 2000
_BRACKETS = " \t()\uff08\uff09"


def mentioned(doc: Document, start: int, end: int, zh: str) -> bool:
    """Whether the match at ``start..end`` is a deliberate mention of a Chinese word's
    literal sense or romanised name: a cue just before it says so, or its Chinese
    stands elsewhere on the line ("| rice noodles | 米粉 |", "米粉 (mǐfěn) means rice
    noodles"). The Chinese right beside it is not such a sign: MT leaves "Weilai
    (蔚来)" and "产业链 (industrial chain)" as often as writers do."""
    text = doc.text
    if _MENTION_CUE.search(text, max(0, start - _MENTION_REACH), start) \
            or _EXPLAINED_AFTER.match(text, end):
        return True
    if not zh or not doc.has_cjk:
        return False
    lo, hi = doc.line_span(start)
    if hi - lo <= _LONG_LINE:
        at = text.find(zh, lo, hi)
        while at != -1:
            between = text[at + len(zh):start] if at < start else text[end:at]
            if between.strip(_BRACKETS) != "":
                return True
            at = text.find(zh, at + len(zh), hi)
        return False
    places = _places(doc, zh)  # a long line: each term's places are found once
    for i in range(bisect.bisect_left(places, lo), len(places)):
        at = places[i]
        if at + len(zh) > hi:
            break
        between = text[at + len(zh):start] if at < start else text[end:at]
        if between.strip(_BRACKETS) != "":
            return True
    return False


def _places(doc: Document, zh: str) -> list[int]:
    """Where ``zh`` stands in ``doc`` (found once a document; non-overlapping)."""
    places = _cache(doc).setdefault("zh-places", {})
    found = places.get(zh)
    if found is None:
        found, text, at = [], doc.text, doc.text.find(zh)
        while at != -1:
            found.append(at)
            at = text.find(zh, at + len(zh))
        places[zh] = found
    return found


def glossed_beside(text: str, start: int, end: int, glosses: tuple[str, ...]) -> bool:
    """Whether the writer gives the match's meaning in brackets right beside it, in
    one of the entry's own glosses: "Minguo (Republic of China) calendar", "Republic
    of China (Minguo)". Machine translation leaves Chinese in brackets, never the
    right English for the words it has just got wrong."""
    if not glosses:
        return False
    after = _GLOSS_AFTER.match(text, end)
    if after is not None:
        inside = after.group(1).lower()
        return any(g.lower() in inside for g in glosses if g)
    if start and text[start - 1] in "(\uff08":
        i = start - 1
        while i > 0 and text[i - 1] in " \t":
            i -= 1
        before = text[max(0, i - 80):i].lower()
        close = text[end:end + 1]
        return close in (")", "\uff09") and any(
            g and before.endswith(g.lower()) for g in glosses)
    return False


_GLOSS_AFTER = re.compile(r"[ \t]?[(\uff08]([^()\uff08\uff09\n]{1,80})[)\uff09]")


def context_verdict(doc: Document, entry: Entry, start: int, end: int, *,
                    need_near: bool = True, origin: Origin | None = None):
    """None when the entry's context rules the match out; else (safe, evidence).

    ``need_near=False`` skips the ``near`` condition, for callers that have evidence
    of their own. ``origin`` is the document's evidence of Chinese origin, which
    stands in for a ``near`` word when the entry says ``origin = true`` (never safe);
    without it, such an entry needs its ``near`` words.
    """
    c = entry.context
    if c is None:
        return entry.safe, None
    text = doc.text
    if c.followed_by is not None and not c.regex("followed_by").match(text, end):
        return None
    if c.not_followed_by is not None and c.regex("not_followed_by").match(text, end):
        return None
    window = max(0, start - 400)
    if c.preceded_by is not None and not c.regex("preceded_by").search(text, window, start):
        return None
    if c.not_preceded_by is not None and \
            c.regex("not_preceded_by").search(text, window, start):
        return None
    if not (c.near or c.not_near or c.origin or c.topic):
        return entry.safe, None
    lo, hi = doc.scope_span(start, c.scope)
    if c.scope == "paragraph":
        # Text with no blank lines (a man page, a subtitle dump, one JSON string) is one
        # paragraph of any length: evidence 50,000 characters away is not context. A
        # paragraph reaches this far on either side of the match.
        lo, hi = max(lo, start - PARAGRAPH_REACH), min(hi, end + PARAGRAPH_REACH)
    s_lo, s_hi = doc.sentence_span(start)
    if _first_occurrence(doc, c.not_near, s_lo, s_hi, start, end):
        return None
    # A contrary word elsewhere in the scope rules the match out, unless the match's own
    # sentence holds evidence for it ("CATL's Kirin battery" in a paragraph that also
    # mentions Huawei); the finding is then never safe.
    contrary = _first_occurrence(doc, c.not_near, lo, hi, start, end) is not None
    if not ((c.near or c.origin or c.topic) and need_near):
        # Without a near list, or with the caller's own evidence: not safe on the
        # strength of this entry's context alone when it has a near list.
        return (None if contrary else
                (entry.safe and not c.near and not c.origin and not c.topic, None))
    evidence = _first_occurrence(doc, c.near, s_lo, s_hi, start, end)
    if evidence is not None:
        return entry.safe and not contrary, evidence  # evidence in the sentence
    if contrary:
        return None
    evidence = _first_occurrence(doc, c.near, lo, hi, start, end)
    if evidence is not None:
        return False, evidence
    if c.origin and origin is not None and origin.supports(start, entry.zh):
        return False, None  # the text shows it came from Chinese: worth a look
    if any(about(doc, name, start) for name in c.topic):
        return False, None  # the passage is on the subject the entry belongs to
    return None


def _first_occurrence(doc: Document, terms, lo: int, hi: int, start: int, end: int):
    """The leftmost whole-word occurrence in ``[lo, hi)`` of any of ``terms`` that is
    not the match ``start..end`` itself, or None."""
    if not terms:
        return None
    if hi - lo > _LOCAL_SCOPE:
        # A document scope: each term's positions over the whole text, found once.
        found = [_occurrence(doc, term, lo, hi, start, end) for term in terms]
        return min((f for f in found if f), default=None)
    # A sentence or paragraph: one search for all the terms, then the word edges of
    # each term that matches where the search stopped.
    lowered = doc.lower
    pattern = _any_term(tuple(terms))
    pos = lo
    while (m := pattern.search(lowered, pos, hi)) is not None:
        s = m.start()
        for term in terms:
            e = _whole_word_at(term, lowered, s, hi)
            if e is not None and (e <= start or s >= end):
                return s, e
        pos = s + 1
    return None


_ANY_TERM: dict[tuple[str, ...], re.Pattern] = {}


def _any_term(terms: tuple[str, ...]) -> re.Pattern:
    pattern = _ANY_TERM.get(terms)
    if pattern is None:
        pattern = _ANY_TERM[terms] = re.compile(
            "|".join(_term_scan(t).pattern for t in sorted(set(terms), key=len, reverse=True)))
    return pattern


def _whole_word_at(term: str, lowered: str, s: int, hi: int) -> int | None:
    """The end of ``term`` as a whole word at ``s``, or None."""
    m = _term_scan(term).match(lowered, s, hi)
    if m is None:
        return None
    e = m.end()
    if (is_word(term[:1]) and s > 0 and is_word(lowered[s - 1])) or \
            (is_word(term[-1:]) and e < len(lowered) and is_word(lowered[e])):
        return None
    return e


_TERM_PATTERNS: dict[str, re.Pattern] = {}


def term_pattern(term: str) -> re.Pattern:
    """A regex finding ``term`` as a whole word (case-folded text; spaces match runs)."""
    pattern = _TERM_PATTERNS.get(term)
    if pattern is None:
        head = f"(?<!{_WORD})" if is_word(term[:1]) else ""
        tail = f"(?!{_WORD})" if is_word(term[-1:]) else ""
        pattern = _TERM_PATTERNS[term] = re.compile(head + _term_scan(term).pattern + tail)
    return pattern


_TERM_SCANS: dict[str, re.Pattern] = {}


def _term_scan(term: str) -> re.Pattern:
    # Without look-arounds the regex engine jumps from one occurrence of the term's
    # first letters to the next in C, some 50 times faster on a long document, and the
    # pattern compiles in microseconds (the word class of a look-around costs the
    # compiler 2 ms, for each of hundreds of context words); the word edges are
    # checked on each hit instead, by _whole_words.
    pattern = _TERM_SCANS.get(term)
    if pattern is None:
        body = r"\s+".join(re.escape(w) for w in term.lower().split())
        pattern = _TERM_SCANS[term] = re.compile(body)
    return pattern


def _whole_words(term: str, lowered: str, lo: int, hi: int):
    """(start, end) of each whole-word occurrence of ``term`` in ``lowered[lo:hi]``,
    in order; the characters just outside the span may lie beyond ``lo`` and ``hi``."""
    pattern = _term_scan(term)
    head, tail = is_word(term[:1]), is_word(term[-1:])
    size = len(lowered)
    pos = lo
    while True:
        m = pattern.search(lowered, pos, hi)
        if m is None:
            return
        s, e = m.span()
        if (head and s > 0 and is_word(lowered[s - 1])) or \
                (tail and e < size and is_word(lowered[e])):
            pos = s + 1  # a later occurrence may start inside this one
            continue
        yield s, e
        pos = max(e, s + 1)


def term_positions(doc: Document, term: str) -> list[tuple[int, int]]:
    """Every whole-word, case-insensitive occurrence of ``term`` in ``doc`` (cached:
    a long document is searched once per term, not once per match)."""
    cache = _cache(doc)
    key = ("term", term)
    positions = cache.get(key)
    if positions is None:
        lowered = doc.lower
        positions = cache[key] = list(_whole_words(term, lowered, 0, len(lowered)))
    return positions


#: Texts shorter than this find their terms one regex pass each, which is as cheap as
#: building an automaton for them.
_PREFETCH_FROM = 1 << 16


def prefetch_terms(doc: Document, terms) -> None:
    """Find what :func:`term_positions` would for each of ``terms``, all in one
    automaton pass over a long document instead of one regex pass a term."""
    if len(doc.text) < _PREFETCH_FROM:
        return
    cache = _cache(doc)
    todo: dict[str, list[str]] = {}
    for term in dict.fromkeys(terms):
        if ("term", term) not in cache and term.strip():
            todo.setdefault(fold(term), []).append(term)
    if not todo:
        return
    lowered = doc.lower
    found: dict[str, list[tuple[int, int]]] = {t: [] for ts in todo.values() for t in ts}
    for s, e, key in sorted(find_folded(Keywords((k, k) for k in todo), doc)):
        for term in todo[key]:
            if (is_word(term[:1]) and s > 0 and is_word(lowered[s - 1])) or \
                    (is_word(term[-1:]) and e < len(lowered) and is_word(lowered[e])):
                continue
            spans = found[term]
            if not spans or s >= spans[-1][1]:  # one after another, as a regex finds them
                spans.append((s, e))
    for term, spans in found.items():
        cache[("term", term)] = spans


# A scope up to this long is searched where it lies; a longer one (a document scope)
# looks its terms up in their positions over the whole text, found once.
_LOCAL_SCOPE = 20_000


def _occurrence(doc: Document, term: str, lo: int, hi: int, start: int, end: int):
    """The first occurrence of ``term`` in ``[lo, hi)`` that is not the match itself,
    looked up in the term's positions over the whole document."""
    positions = term_positions(doc, term)
    i = bisect.bisect_left(positions, (lo, lo))
    while i < len(positions) and positions[i][0] < hi:
        s, e = positions[i]
        if e <= hi and (e <= start or s >= end):
            return s, e
        i += 1
    return None


__all__ = ["Automaton", "Match", "at_sentence_start", "candidates", "context_verdict",
           "find_folded", "find_folded_words", "prefetch_terms", "prescan_folded",
           "raw_matches", "scan", "term_positions"]
