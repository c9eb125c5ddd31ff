"""Detectors for the punctuation and spacing Chinese leaves in English MT output.

- MT201 cjk-punctuation: full-width and CJK marks ("，" "。" "（" "《") among English
  words, replaced by their English forms with English spacing (the table is data:
  ``mtclean/data/cjk_punctuation.toml``);
- MT202 fullwidth-form: full-width letters and digits ("ＡＢＣ１２３");
- MT203 spacing-debris: the spacing MT leaves around ASCII marks ("noted , the",
  "Dink! ! !", "( Xiaomi )").

A mark belongs to the language around it: CJK punctuation next to Chinese is Chinese
punctuation and is left alone (the stray-CJK and untranslated rules deal with the
Chinese), so a Chinese document raises nothing here. Curly quotes, em and en dashes,
one "…", accented letters, currency, degree and middle-dot signs are English and are
never reported.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..keywords import Keywords
from ..model import Edit, Finding, Suggestion
from ..origin import Origin
from ..text import HAS_CJK, LATIN_LETTER, Document, fenced_blocks
from .base import CheckContext, Rule
from .untranslated import inside, written_in_chinese

# -- English context -------------------------------------------------------------------

# What may stand next to a mark in English text: ASCII, Latin letters, curly quotes,
# dashes, the ellipsis, full-width letters and digits, emoji ("🎬《Title》"). Kaomoji
# symbols ("（＾▽＾）") and CJK do not.
_ENGLISH_NEIGHBOUR = re.compile(
    "[\x21-\x7e\u00a0-\u024f\u2013\u2014\u2018-\u201f\u2026\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
    "\u2600-\u27bf\U0001f300-\U0001faff]"
)
_SKIPPED = " \t\u3000"
#: How far either side of a mark the script balance is measured.
_WINDOW = 80
_LATIN_WORD = re.compile("[A-Za-z\u00c0-\u024f]+")


def _looks_english(ch: str) -> bool:
    return _ENGLISH_NEIGHBOUR.match(ch) is not None


def _not_chinese(ch: str) -> bool:
    return HAS_CJK.match(ch) is None


def english_context(doc: Document, start: int, end: int, skip: re.Pattern | None = None,
                    neighbour: Callable[[str], bool] = _looks_english) -> bool:
    """Whether ``text[start:end]`` stands among English rather than Chinese.

    The nearest characters either side on the same line (past spaces and whatever
    ``skip`` matches) must pass ``neighbour`` (by default: look English), one of them
    at least must exist, and the line around must hold more English words than Han
    characters: a Chinese sentence naming "Python 3" or "iPhone" has few Latin words
    among many Han characters, an English sentence with a stray "舆论环境" the reverse.
    """
    text = doc.text
    line_start, line_end = doc.line_span(start)
    i = start - 1
    while i >= line_start and (text[i] in _SKIPPED or (skip and skip.match(text[i]))):
        i -= 1
    j = end
    while j < line_end and (text[j] in _SKIPPED or (skip and skip.match(text[j]))):
        j += 1
    if i < line_start and j >= line_end:
        return False
    for k in (i, j):
        if line_start <= k < line_end and not neighbour(text[k]):
            return False
    if doc.has_cjk:
        window = text[max(line_start, start - _WINDOW):min(line_end, end + _WINDOW)]
        if len(HAS_CJK.findall(window)) >= len(_LATIN_WORD.findall(window)):
            return False
    return True


def _uses_curly_quotes(doc: Document) -> bool:
    # Substring tests over the whole text: callers ask once per document.
    return "\u201c" in doc.text or "\u201d" in doc.text


# -- MT201: CJK punctuation ----------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """One CJK mark and its English form (a row of ``cjk_punctuation.toml``)."""

    char: str
    english: str
    role: str
    curly: str = ""
    digits: str = ""
    safe: bool = True
    note: str = ""


ROLES = ("pause", "open", "close", "plain", "space")


@lru_cache(maxsize=1)
def punctuation_table() -> dict[str, Mark]:
    """The marks MT201 knows, by character (read once from the data file)."""
    import tomllib  # only text with CJK marks needs the table, and the parser

    raw = resources.files("mtclean").joinpath("data/cjk_punctuation.toml").read_text("utf-8")
    return {ch: Mark(ch, **fields) for ch, fields in tomllib.loads(raw)["marks"].items()}


@lru_cache(maxsize=1)
def _cjk_punct_run() -> re.Pattern:
    """Runs of table marks, ellipses and em dashes: one character class, the fastest
    thing the regex engine scans; :func:`_groups` sorts a run out."""
    chars = "".join(re.escape(ch) for ch in punctuation_table())
    return re.compile(f"[{chars}\u2026\u22ef\u2014]+")


def _groups(start: int, run: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, kind) of the parts of a run worth a look: table marks, two or more
    "…" or "⋯" (the Chinese ellipsis; one "…" is English), and exactly two em dashes
    (the Chinese dash; one is English, three are a bibliography's repeated author)."""
    pos = start
    for kind, chars in itertools.groupby(
            run, lambda ch: "ellipsis" if ch in "\u2026\u22ef" else "dash" if ch == "\u2014"
            else "marks"):
        n = len(list(chars))
        if kind == "marks" or (kind == "ellipsis" and n >= 2) or (kind == "dash" and n == 2):
            yield pos, pos + n, kind
        pos += n


_CJK_PUNCT_SKIP = re.compile("[\u3000-\u303f\u30fb\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
_OPENERS = "([{\"'\u201c\u2018"
# After a mark, a straight quote may as well close as open: no space is added before it.
_OPENERS_AFTER = "([{\u201c\u2018"


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _is_emoji(ch: str) -> bool:
    return "\u2600" <= ch <= "\u27bf" or "\U0001f300" <= ch <= "\U0001faff"


class CjkPunctuation(Rule):
    """Full-width and CJK punctuation among English words.

    Each mark becomes its English form (``mtclean/data/cjk_punctuation.toml``) with
    English spacing: no space before a comma or a closing bracket, one after it when a
    word follows; one space before an opening bracket. 《》 and 「」 become double
    quotes (curly when the document already uses curly quotes), since plain text cannot
    italicise a title. Repeated marks keep their count ("！！！" -> "!!!"); between digits
    "．" and "：" stay tight and "～" is a range ("5～10" -> "5-10"). Two or more "…" are
    the Chinese ellipsis ("..."); exactly two em dashes are the Chinese dash (one em dash).
    Marks next to Chinese belong to the Chinese and are not reported, nor are marks in
    fenced code blocks and `code` spans, nor in the paragraphs holding Chinese of a
    document written in Chinese on purpose (see MT102).

    Wrong: revenue rose 12%，mainly from phones（Xiaomi）。
    Right: revenue rose 12%, mainly from phones (Xiaomi).
    """

    code = "MT201"
    name = "cjk-punctuation"
    kind = "punctuation"
    summary = "full-width or CJK punctuation in English text (\"，\" \"。\" \"（）\")"

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        text = doc.text
        # Fast path: ASCII-only text has none of these marks.
        if text.isascii():
            return
        # Whether the text uses curly quotes: asked once, not once per mark, which
        # scanned a long text again for every finding in it.
        curly = None
        # In a document written in Chinese on purpose (a bilingual README), a paragraph
        # holding Chinese is Chinese, whatever its code and links make of the count.
        chinese = doc.has_cjk and written_in_chinese(doc)
        for m in doc.non_ascii.finditer(_cjk_punct_run()):
            for start, end, kind in _groups(m.start(), m.group()):
                if not english_context(doc, start, end, _CJK_PUNCT_SKIP):
                    continue
                if chinese and HAS_CJK.search(text, *doc.paragraph_span(start)):
                    continue
                if _in_marked_code(doc, start):
                    continue  # a code block or `code`: fixing it would change the code
                if _shown(doc, start, end):
                    continue
                if kind == "dash":
                    mended = _mend_dash(doc, start, end)
                elif kind == "ellipsis":
                    mended = (start, end, "...", True)
                else:
                    if curly is None:
                        curly = _uses_curly_quotes(doc)
                    mended = _mend_marks(doc, start, end, curly)
                if mended is None:
                    continue
                s, e, replacement, safe = mended
                yield self.finding(
                    doc, start, end,
                    f"CJK punctuation in English text: {text[start:end]!r} -> "
                    f"{replacement.strip() or replacement!r}",
                    [Suggestion.replace(s, e, replacement, safe=safe, source="punctuation-table")],
                )


# Words that say a sentence talks about marks as such ("the characters 〈 and 〉").
_ABOUT_MARKS = re.compile(
    r"\b(?:characters?|symbols?|glyphs?|brackets?|punctuation|commas?|full[- ]stops?|"
    r"(?:quotation|question|exclamation) marks?|code ?points?|unicode)\b|"
    r"U\+[0-9A-Fa-f]{4}", re.IGNORECASE)
_QUOTES_OPEN = "\"'`\u201c\u2018"
_QUOTES_CLOSE = "\"'`\u201d\u2019"


def _shown(doc: Document, start: int, end: int) -> bool:
    """Whether the marks at ``start:end`` are shown as themselves, not used: quoted on
    their own ("write '，' for a comma"), or standing apart between spaces in a
    sentence about characters, marks or brackets ("the characters 〈 and 〉")."""
    text = doc.text
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before and after and before in _QUOTES_OPEN and after in _QUOTES_CLOSE:
        return True
    if before.strip() or after not in ("", " ", "\t", "\n", "\r", ",", ".", ";", ")"):
        return False
    s, e = doc.sentence_span(start)
    return _ABOUT_MARKS.search(text, s, e) is not None


def _mend_dash(doc: Document, start: int, end: int):
    """"——" -> "—", where it cannot be English's two-em dash for omitted letters
    ("Mr. D—— said"): only when a word follows it directly, or spaces stand both sides."""
    text = doc.text
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if _is_word(after) or (before == " " and after == " "):
        return start, end, "\u2014", True
    return None


def _mend_marks(doc: Document, start: int, end: int, curly: bool):
    """(edit start, edit end, replacement, safe) for a run of table marks."""
    text = doc.text
    table = punctuation_table()
    marks = [table[ch] for ch in text[start:end]]
    line_start, line_end = doc.line_span(start)
    before = text[start - 1] if start > line_start else ""
    after = text[end] if end < line_end else ""
    safe = all(m.safe for m in marks)

    if len(marks) == 1 and marks[0].digits and before.isdigit() and after.isdigit():
        return start, end, marks[0].digits, safe

    if all(m.role == "space" for m in marks):
        s, e = start, end
        while s > line_start and text[s - 1] in " \t":
            s -= 1
        while e < line_end and text[e] in " \t":
            e += 1
        at_edge = s == line_start or e == line_end
        return s, e, "" if at_edge else " ", safe

    body = []
    for i, m in enumerate(marks):
        form = (m.curly if curly and m.curly else m.english)
        if i and m.role == "open" and marks[i - 1].role in ("pause", "close"):
            body.append(" ")
        body.append(" " if m.role == "space" else form)
    replacement = re.sub(" {2,}", " ", "".join(body))

    s, e = start, end
    first, last = marks[0].role, marks[-1].role
    if first in ("pause", "close"):
        # Drop the space MT put before the mark, unless it is a line's indentation.
        k = s
        while k > line_start and text[k - 1] in " \t":
            k -= 1
        if k > line_start:
            s = k
    elif first == "open" and before and not before.isspace() and before not in _OPENERS:
        replacement = " " + replacement
    if last in ("pause", "close"):
        if after and (_is_word(after) or after in _OPENERS_AFTER or _is_emoji(after)):
            replacement += " "
    elif last == "space":
        k = e
        while k < line_end and text[k] in " \t":
            k += 1
        e = k
        if k == line_end:
            replacement = replacement.rstrip(" ")
    elif last == "open":
        k = e
        while k < line_end and text[k] in " \t":
            k += 1
        if k < line_end:
            e = k
    return s, e, replacement, safe


# -- MT202: full-width letters and digits --------------------------------------------

_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")


class FullwidthForm(Rule):
    """Full-width letters and digits in English text.

    Replaced by their ASCII forms (what NFKC does to them). In Chinese text full-width
    digits are ordinary typography ("２０２３年") and are left alone.

    Wrong: the ｉＰｈｏｎｅ １５ launched in ２０２３
    Right: the iPhone 15 launched in 2023
    """

    code = "MT202"
    name = "fullwidth-form"
    kind = "punctuation"
    summary = "full-width letters or digits in English text (\"ＡＢＣ１２３\")"

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        if doc.text.isascii():
            return
        for m in doc.non_ascii.finditer(_FULLWIDTH_ALNUM):
            if not english_context(doc, m.start(), m.end(), _FULLWIDTH_ALNUM):
                continue
            if _in_marked_code(doc, m.start()):
                continue
            ascii_form = "".join(chr(ord(ch) - 0xFEE0) for ch in m.group())
            yield self.finding(
                doc, m.start(), m.end(),
                f"full-width characters in English text: {m.group()!r} -> {ascii_form!r}",
                [Suggestion.replace(m.start(), m.end(), ascii_form, safe=True,
                                    source="nfkc")],
            )


# -- MT203: spacing debris -----------------------------------------------------------

_DEBRIS = re.compile(
    r"(?P<marks>[!?](?:[ \t]+[!?])+)"  # "Dink! ! !", "dog? ? ?"
    r"|(?P<dots>\.(?:[ \t]\.)+)"  # "seconds. . .", "on. . But"
    r"|(?P<before>[ \t]+[,;:.!?](?![.!?]|[ \t]+[.!?]))"  # "noted , the", "in June ."
    r"|(?P<brackets>[(\[](?:[ \t]+[^()\[\]\n]{1,80}?[ \t]*|[^()\[\]\n]{1,80}?[ \t]+)[)\]])"
)
_WORD_GROUP = re.compile(r"[^\W_](?:[\w \-'’&./]*[^\W_])?")
_GLUED = re.compile(
    r"(?<![\w.])(?P<word>[A-Z]?[a-z]{2,})\((?P<inner>[A-Z][\w \-'’&]{1,60}?)\)(?=[\s,.;:!?]|$)"
)
_CODE_LINE = re.compile(
    r"[{};]\s*$|==|!=|=>|->|::|&&|\|\||\w\(\)|^\s*(?:def|class|return|import|from|var|let|"
    r"const|function|if|for|while|#include|SELECT|select)\b|^(?: {4}|\t)"
    # A line that opens with a call in lower case ("set(FOO bar)", "include(CTest)"):
    # CMake and other command languages; prose starts a line with a word and a space.
    r"|^\s*[a-z_][a-z0-9_]*\("
    # A requirement with an environment marker ("trio ; python_version < '3.11'"), an
    # rST hyperlink target (".. _pull # 4 : https://..."), a command line without its
    # prompt ("pip install -e .", "FOO=1 npm run build").
    r"|\s;\s*(?:python_(?:full_)?version|sys_platform|platform_\w+|extra|os_name|"
    r"implementation_\w+)\s*(?:[<>=!~]|in\b|not\b)|^\.\. _"
    r"|^\s*(?:sudo\s+)?(?:[A-Z_][A-Z0-9_]*=\S*\s+)*(?:pip[3x]?|uv|poetry|conda|npm|npx|"
    r"yarn|pnpm|cargo|docker|kubectl|brew|apt(?:-get)?|python3?\s+-m\s+[\w.]+|"
    r"git\s+(?:add|clone|commit|push|pull|checkout|switch|rebase|merge|log|diff|status|"
    r"fetch|reset|tag|init|remote|stash|submodule))\s+[-a-z.]"
    # Any command with an option ("tar -rf archive --label 'My volume' .").
    r"|^\s*[a-z][\w.+-]*\s+--?[A-Za-z]"
)
# ASCII marks may stand next to emoji and symbols ("What! ! ! 😒"); only Chinese
# neighbours (``_not_chinese``) make them part of Chinese text.
_ASCII_MARKS = re.compile(r"[!?.,;:()\[\]]")
# A name in words ("Vivo", "Great Wall"), not a constant ("NULL") or an identifier
# ("UntrustedPackage").
_PLAIN_NAME = re.compile(r"[A-Z][a-z]+(?:[ \-'’&]+[A-Za-z][a-z]*)*")
#: Trademark and service marks written in brackets ("Kludge(TM)"), not names.
_MARKS_IN_BRACKETS = frozenset({"TM", "SM"})
_PREFIXES = {"inter", "super", "trans", "counter", "under", "over", "multi", "post", "anti",
             "semi", "micro", "macro", "hyper", "re", "un", "dis", "non", "pre", "sub", "mis"}


class SpacingDebris(Rule):
    """Spacing MT leaves around ASCII punctuation.

    A space before a comma, full stop, colon (not safe), semicolon, "!" or "?"; spaced runs of
    "!" and "?" (one for one, "! ! !" -> "!!!"); spaced full stops (". . ." after a word
    -> "...", ". ." -> "."), save Chicago's spaced ellipsis (" . . ." after a space, or
    four dots after a word); spaces inside brackets around a word group; and, not safe,
    a bracketed name glued to the word before it ("company(Xiaomi)").

    Left alone: "12 %" (ISO and French style write it), emoticons (" :)"), " .NET",
    "3 : 1", aligned colons ("Name   : value") and anything after a tab or a run of
    spaces, French quotations, a lone " ?" or " !" in text with no Chinese in it
    (French and chat style), " :" and " ;" unless the text shows its Chinese origin
    nearby or spaces its commas too, " . " before a lower-case word, a full stop kept
    off a URL, path, file name or issue number ("see #975344 ."), "e.g. .so", brackets
    mentioned ("[ or ]") and changelog lines "[ Name ]", code (lines that look like
    code or a command with options, `backticks`, fenced blocks), plurals or calls
    ("file(s)", "f(x)", "(re)start", and "free(NULL)" or "Package(Untrusted)" unless
    the text shows its Chinese origin) and trademark signs ("Kludge(TM)").

    Wrong: sales rose , the company said ( Xiaomi ) . Dink! ! !
    Right: sales rose, the company said (Xiaomi). Dink!!!
    """

    code = "MT203"
    name = "spacing-debris"
    kind = "punctuation"
    summary = "spacing debris around punctuation (\"noted , the\", \"! ! !\", \"( Xiaomi )\")"

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        text = doc.text
        code = _CodeSpans(doc)
        for line_start, line_end in _hinted_lines(doc, _DEBRIS_HINTS):
            for m in _DEBRIS.finditer(text, line_start, line_end):
                found = _debris(doc, m)
                if found is None or code.covers(m.start()):
                    continue
                if doc.has_cjk and not english_context(doc, m.start(), m.end(), _ASCII_MARKS,
                                                       _not_chinese):
                    continue  # spacing in Chinese text is not this rule's business
                start, end, s, e, replacement, safe, what = found
                yield self.finding(
                    doc, start, end, f"spacing debris: {what}",
                    [Suggestion(replacement, (Edit(s, e, replacement),), safe, "spacing")],
                )
        for line_start, line_end in _hinted_lines(doc, ("(",), _glued_hint):
            if "`" in text[line_start:line_end]:
                continue  # a line that marks its code may hold calls outside the marks
            for m in _GLUED.finditer(text, line_start, line_end):
                if m.group("word").lower() in _PREFIXES or code.covers(m.start()):
                    continue
                if not (m.group("word").islower() and _PLAIN_NAME.fullmatch(m.group("inner"))) \
                        and not Origin.of(doc, ctx.source).supports(m.start("inner"), ""):
                    # "chroot(DIR)", "Emit Package(Untrusted)": calls and notation, in
                    # native English too; "maker(Vivo)" or, where the text shows its
                    # Chinese origin, "Weilai(NIO)" are MT's.
                    continue
                if m.group("inner") in _MARKS_IN_BRACKETS:
                    continue  # "Kludge(TM)": a trademark sign, not a name
                if "_" in m.group("inner"):
                    continue  # "getrlimit(RLIMIT_NOFILE)": a call with a constant
                at = m.start("word") + len(m.group("word"))
                yield self.finding(
                    doc, at, m.end(),
                    "spacing debris: no space before a bracket",
                    [Suggestion(" (", (Edit(at, at + 1, " ("),), False, "spacing")],
                )


# Every kind of debris holds one of these; str.find looks for them far faster than the
# regex engine can, so clean lines never reach the regex.
_DEBRIS_HINTS = tuple(
    [space + mark for space in " \t" for mark in ",.;:!?)]"]
    + [bracket + space for bracket in "([" for space in " \t"]
)


def _glued_hint(text: str, at: int) -> bool:
    return at > 0 and text[at - 1].islower() and text[at + 1:at + 2].isupper()


def _hinted_lines(doc: Document, hints, check=None) -> list[tuple[int, int]]:
    """The (start, end) of each line holding one of ``hints`` (where ``check(text, at)``
    agrees, when given), in order: one automaton pass for all the hints."""
    text = doc.text
    lines: set[tuple[int, int]] = set()
    last_end = -1
    for at, _, _ in _hint_keywords(tuple(hints)).find(text):
        if at < last_end:
            continue  # this line is in already
        if check is None or check(text, at):
            span = doc.line_span(at)
            lines.add(span)
            last_end = span[1]
    return sorted(lines)


@lru_cache(maxsize=8)
def _hint_keywords(hints: tuple[str, ...]) -> Keywords[str]:
    return Keywords((hint, hint) for hint in hints)


def _debris(doc: Document, m: re.Match):
    """(finding start, end, edit start, end, replacement, safe, message) or None."""
    text = doc.text
    kind = m.lastgroup
    start, end = m.span()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if kind == "marks":
        marks = re.sub(r"[ \t]", "", m.group())
        s = start
        while s > 0 and text[s - 1] in " \t":
            s -= 1
        if s == start or not (s > 0 and _ends_word(text[s - 1])):
            s = start
        return start, end, s, end, marks, True, f"spaced marks {m.group()!r} -> {marks!r}"
    if kind == "dots":
        count = m.group().count(".")
        attached = bool(before) and not before.isspace() and before != "."
        if after == "." or (attached and count == 4) or (not attached and count < 5):
            return None  # Chicago's spaced ellipsis, or part of a longer run
        if after.isalnum():
            return None  # "e.g. .so", "on . NET": the last dot starts a name
        dots = "." if count == 2 else "..."
        return start, end, start, end, dots, True, f"spaced full stops {m.group()!r} -> {dots!r}"
    if kind == "before":
        spaces = m.group()[:-1]
        mark = m.group()[-1]
        if not _space_before_ok(doc, start, end, spaces, mark, before, after):
            return None
        if mark == "," and before in "!?":
            # "hair! , look": the comma of "！，" doubled the "!"; drop it.
            return start, end, start, end, "", False, "a comma after '!' or '?'"
        replacement = mark + (" " if mark in ",;" and after.isalnum() else "")
        # " :" is also French typography, which English written by French speakers
        # keeps ("Note : ..."); report it, but let a person decide.
        return start, end, start, end, replacement, mark != ":", f"space before {mark!r}"
    if kind == "brackets":
        inner = m.group()[1:-1]
        core = inner.strip(" \t")
        if m.group()[0] + m.group()[-1] not in ("()", "[]"):
            return None
        if text[max(0, start - 2):start] == "  ":
            return None  # a column of notes in a table or changelog: layout, not debris
        if core == inner or not _WORD_GROUP.fullmatch(core) or len(LATIN_LETTER.findall(core)) < 2:
            return None
        if core.lower() in _MENTIONED_BRACKETS:
            return None  # "a hostname containing [ or ]": the brackets are mentioned
        line_start, line_end = doc.line_span(start)
        if _BRACKET_LINE.fullmatch(text, line_start, line_end):
            return None  # "  * [ Debconf translations ]": a changelog's section line
        fixed = m.group()[0] + core + m.group()[-1]
        return start, end, start, end, fixed, True, f"spaces inside brackets -> {fixed!r}"
    return None


# A bracketed word that shows the brackets are mentioned, not used ("[ or ]").
_MENTIONED_BRACKETS = frozenset({"or", "and", "and/or", "to", "vs"})
# A line that is one bracketed group, perhaps after a bullet: Debian changelogs head the
# changes of each contributor "[ Name ]".
_BRACKET_LINE = re.compile(r"[ \t]*(?:[-*+][ \t]+)?[(\[][^()\[\]\n]*[)\]][ \t]*\r?")


def _ends_word(ch: str) -> bool:
    """Whether an English word (or a closing quote or bracket) can end with ``ch``."""
    return (ch.isascii() and ch.isalnum()) or bool(LATIN_LETTER.match(ch)) or ch in "\"'”’)]%"


def _space_before_ok(doc, start, end, spaces, mark, before, after) -> bool:
    """Whether a space before ``mark`` is debris rather than style, code or an emoticon."""
    text = doc.text
    if not before or not (_ends_word(before) or (mark == "," and before in "!?")):
        return False
    if spaces != " ":
        return False  # tabs or a run of spaces align columns, forms, comments, ASCII art
    if mark in ":;" and (_french_spacing(doc, mark) or not _mt_spacing(doc, start)):
        # " :" and " ;" are French typography too, and labels in changelogs written by
        # French speakers ("Fix typo : Dispatching"); MT's are reported where the text
        # shows its Chinese origin, or spaces its commas and full stops as MT does.
        return False
    if mark in "!?" and not Origin.of(doc, None).script_near(start):
        # A lone " ?" or " !" is French typography and chat style ("anyone tried it
        # with 2.2.x ?"), which native English text holds too; MT's " ?" is reported
        # where Chinese script stands near (not for one Chinese name in a long
        # changelog). Spaced runs ("! ! !") are always debris.
        return False
    if before == '"':
        line_start, _ = doc.line_span(start)
        if text.count('"', line_start, start) % 2:
            return False  # an opening quote: '" , ' is not a word's end
    if mark in ",;":
        # Not before a bracket: " ;)" is a wink.
        ok_after = not after or after.isspace() or after.isalnum() or after in "\"”’"
    elif mark == ":":
        ok_after = not after or after.isspace()
    elif mark == ".":
        ok_after = not after or after.isspace() or after in "\"”’)]"
        if after == " " and text[end + 1:end + 2].islower():
            return False  # no sentence ends here: "Because . doesn't match \n"
    else:  # ! ?
        ok_after = not after or after.isspace() or after in "\"”’)]"
    if not ok_after:
        return False
    if before.isdigit():
        k = end
        while k < len(text) and text[k] in " \t":
            k += 1
        if k < len(text) and text[k].isdigit():
            return False  # "3 : 1", "1 . 5"
    line_start, line_end = doc.line_span(start)
    if "«" in text[line_start:line_end] or "»" in text[line_start:line_end]:
        return False  # French typography in a quotation
    if mark == "." and _URL_BEFORE.search(text, max(line_start, start - 200), start):
        return False  # "see https://example.com/issues ." keeps the full stop off the URL
    if mark == "." and _FILE_BEFORE.search(text, max(line_start, start - 100), start):
        return False  # "in pngrutil.c ." keeps the full stop off the file's name
    if mark == "." and _PATH_BEFORE.search(text, max(line_start, start - 200), start):
        return False  # "in /usr/share/doc/foo .", "see #975344 .": kept off a path or number
    if mark == ";" and _SHELL_AFTER.match(text, end):
        return False  # "if [ -f x ] ; then": a shell command
    if mark in ".," and after in "\"'`" and _COMMAND_QUOTED.search(text, line_start, start):
        return False  # "git add -u .": a command's argument, not a sentence's end
    return True


_STYLE_SAMPLE = 2_000_000


def _mt_spacing(doc: Document, start: int) -> bool:
    """Whether a space before a colon or semicolon at ``start`` may be MT's: the text
    shows its Chinese origin there (:meth:`Origin.supports`), or spaces its commas and
    full stops too."""
    if Origin.of(doc, None).supports(start, ""):
        return True
    memo = doc.__dict__
    if "_spaced_stops" not in memo:
        text = doc.text[:_STYLE_SAMPLE] if len(doc.text) > _STYLE_SAMPLE else doc.text
        memo["_spaced_stops"] = text.count(" , ") + text.count(" . ") >= 3
    return memo["_spaced_stops"]


def _french_spacing(doc: Document, mark: str) -> bool:
    """Whether the document spaces ``mark`` (":" or ";") as French typography does, as
    its house style: five times or more, at least as often as not, while its commas
    and full stops are not spaced (MT's broken spacing spaces them all)."""
    memo = doc.__dict__.setdefault("_french_spacing", {})
    if mark not in memo:
        # Counted in the first 2 million characters: a style shows long before that,
        # and each count of a 20 MB text costs 0.03 s.
        text = doc.text[:_STYLE_SAMPLE] if len(doc.text) > _STYLE_SAMPLE else doc.text
        spaced = text.count(f" {mark} ") + text.count(f" {mark}\n")
        total = text.count(f"{mark} ") + text.count(f"{mark}\n")
        commas = text.count(" , ") + text.count(" . ")
        memo[mark] = (spaced >= 5 and 2 * spaced >= total
                      and 20 * commas <= text.count(", ") + text.count(". "))
    return memo[mark]


# A URL right before a spaced full stop.
_URL_BEFORE = re.compile(r"\b(?:https?://|www\.)\S+$")
# A file's name right before it ("png.h", "developer-keys.pgp", "src/main.c").
_FILE_BEFORE = re.compile(r"(?<![\w.])[\w/-]*\w\.[A-Za-z][A-Za-z0-9]{0,4}$")
# A path or an issue number right before it ("/usr/share/doc/foo", "./dsp", "#975344"),
# or a manual page ("libpng.3").
_PATH_BEFORE = re.compile(r"(?<!\S)(?:\S*/\S*|#\d+|[\w-]+\.\d)$")
_SHELL_AFTER = re.compile(r"[ \t]+(?:then|do|done|fi|else|esac)\b")
# An open quotation or backtick span that holds a command line ("git add -u .").
_COMMAND_QUOTED = re.compile(
    r"[\"'`](?:sudo )?(?:[a-z][\w.+-]* --?[A-Za-z][^\"'`\n]*$|git|svn|hg|npm|npx|yarn|pnpm|pip3?|python3?|node|cargo|go|make|"
    r"cmake|docker|kubectl|apt(?:-get)?|brew|ls|cd|cp|mv|rm|find|grep|tar|chmod|chown|du|"
    r"rsync|scp|ssh|sed|awk|pytest|tox|ruff|mtclean)(?: [^\"'`\n]*)?$")


_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")


def _in_marked_code(doc: Document, offset: int) -> bool:
    """Whether ``offset`` lies in a fenced code block or a `code` span: code marked as
    such, whose full-width marks may be the point (``split("，")``). Unlike MT203's
    test, a line is not taken for code by its look: MT output indents prose too."""
    text = doc.text
    line_start, line_end = doc.line_span(offset)
    # A line's first backtick and its spans are found once: a slice or a search of the
    # line up to each mark made a single 50 MB line with a comma every 5 KB quadratic.
    ticks = doc.__dict__.setdefault("_first_backticks", {})
    first = ticks.get(line_start)
    if first is None:
        first = ticks[line_start] = text.find("`", line_start, line_end)
    if 0 <= first < offset:
        spans = doc.__dict__.setdefault("_code_spans", {})
        line_spans = spans.get(line_start)
        if line_spans is None:
            line_spans = spans[line_start] = [
                m.span() for m in _INLINE_CODE.finditer(text, line_start, line_end)]
        if any(start <= offset < end for start, end in line_spans):
            return True
    fences = doc.__dict__.get("_closed_fences")
    if fences is None:
        fences = doc.__dict__["_closed_fences"] = fenced_blocks(text)
    return inside(fences, offset, offset + 1)


class _CodeSpans:
    """Where the text is code: fenced blocks, `backtick` spans, lines that look like code."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._lines: dict[int, bool] = {}
        self._fences: list[tuple[int, int]] | None = None

    def covers(self, offset: int) -> bool:
        doc = self.doc
        line_start, line_end = doc.line_span(offset)
        if line_start not in self._lines:
            line = doc.text[line_start:line_end]
            self._lines[line_start] = bool(_CODE_LINE.search(line))
        if self._lines[line_start]:
            return True
        if "`" in doc.text[line_start:offset]:
            line = doc.text[line_start:line_end]
            at = offset - line_start
            # `code` and ``code``: a span closes with as many backticks as opened it.
            if any(m.start() <= at < m.end() for m in _INLINE_CODE.finditer(line)):
                return True
        if self._fences is None:
            self._fences = fenced_blocks(doc.text, unclosed=True)
        return inside(self._fences, offset, offset + 1)


RULES = [CjkPunctuation, FullwidthForm, SpacingDebris]
