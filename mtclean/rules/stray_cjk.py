"""MT101 stray-cjk: fragments of Chinese left inside English sentences.

What counts as one fragment
    A run of CJK letters (Han, kana, hangul, bopomofo), which may hold spaces, Chinese
    commas and colons, dashes, numbers and Latin letters *between* CJK letters ("心情dang
    到低谷", "经济观察网 - 专业财经新闻网站", "艹 艹 艹"). A number glued to its front ("5月")
    and a code, acronym or model glued to its end ("城市NOA", "小米SU7", "华为Mate60")
    belong to it; an English word glued to either side ("critical舆论环境", "李易峰help",
    "上一篇Error") does not, since that word is part of the English around it. Brackets,
    quotes and sentence punctuation end a fragment; full-width punctuation belongs to the
    punctuation rules.

How it is mended
    ``舆论环境 (public opinion environment)``, also with full-width brackets: the gloss
    MT left replaces the Chinese, brackets dropped, spaced to fit the sentence. Safe when
    the Chinese is glued to the English around it or the gloss is lowercase; unsafe
    for a spaced fragment with a capitalised gloss ("人民日报 (People's Daily)" may be
    deliberate). ``public opinion environment (舆论环境)``: the English already stands, so
    the bracketed Chinese goes (safe). Otherwise the glossary, lexicons and dictionaries
    are asked (:func:`mtclean.glossing.gloss_fragment`, after OpenCC turns traditional
    characters into simplified ones); with no gloss the finding has no suggestion.

What is left alone (bilingual writing that is meant)
    - a name or term next to its pinyin: "Lei Jun (雷军)", "雷军 (Lei Jun)", "舆论
      yúlùn: public opinion", "guanxi (关系)";
    - Chinese in brackets after a capitalised English name or a quoted word: "NIO
      (蔚来)", "Hong Kong (香港)", "the Double 11 (双十一) festival", "means “millet”
      (小米)", the journalist's way of giving a name or term in the original;
    - Chinese cited as language: after "the term", "the characters", "known as",
      "in Chinese", "the slogan" and the like, or followed by "means"/"literally";
    - glossary lines and table cells ("舆论环境 = public opinion environment", "| 小米 |");
    - languages named in their own script, as in language pickers ("English | 简体中文");
    - Japanese and Korean (runs with kana or hangul) unless glued to a Latin word: this
      is a Chinese-to-English tool and a quoted Japanese phrase is no MT debris;
    - a lone Han character inside a kaomoji ("ᖗ乛◡乛ᖘ");
    - CJK in URLs, inline code and fenced code blocks;
    - sentences that are mostly Chinese (MT102 untranslated reports those), and
      documents whose letters are mostly CJK.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from .. import langid
from ..glossing import cedict_readings, gloss_fragment
from ..model import Edit, Finding, Suggestion
from ..text import CJK_CHAR, HAS_CJK, LATIN_LETTER, Document
from .base import CheckContext, Rule
from .untranslated import (
    CLOSE_QUOTES,
    OPEN_QUOTES,
    cjk_clusters,
    document_is_english,
    fit_replacement,
    inside,
    is_latin_alnum,
    mojibake_spans,
    overlapping,
    protected,
    sentence_start,
    untranslated_segments,
)

_L = CJK_CHAR
_JOINER = (
    r"(?:[0-9]+(?:[.,][0-9]+)+"  # 52.99
    r"|[A-Za-z0-9]+"  # glued on both sides: 心情dang到
    r"|[ \t\u3000]+"
    r"|[ \t]*[，、：；·・/\u2013\u2014-][ \t]*)"
)
# Matched where a CJK cluster starts; a number glued to the front ("5月") is taken in
# afterwards.
_RUN = re.compile(
    rf"{_L}+(?:{_JOINER}{_L}+)*"
    # A code or model glued to the end: 城市NOA, 小米SU7, 华为Mate60 (not a word: 上一篇Error).
    r"(?:(?:[A-Z0-9]+|[A-Za-z]+[0-9][A-Za-z0-9]*)(?![A-Za-z0-9]))?"
)
_LEADING_NUMBER = re.compile(r"(?<![\w.,])[0-9]+(?:[.,][0-9]+)*$")
_CJK_CHUNK = re.compile(f"{_L}+")

_LATIN_WORD = r"[A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z\u00c0-\u024f]+)*"
_WORD_SEPARATORS = " \t(（)）“”\"‘’'：:,，\u2013\u2014-"
_WORD = re.compile(_LATIN_WORD)

# One pinyin syllable, tone marks and ü already folded away; a cheap gate before pypinyin.
_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|uai|uan|ian|iao|ai|ei|ao|ou|an|en|in|un"
    r"|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u)r?"
)
_PINYIN = re.compile(rf"(?:{_SYLLABLE})+")

# A gloss MT left after the Chinese: "舆论环境 (public opinion environment)".
_GLOSS_AFTER = re.compile(r"[ \t]*[(（]([^()（）\n]{1,80})[)）]")
_GLOSS_CUE = re.compile(r"(?:lit\.|literally|meaning|i\.e\.|or)\s+", re.I)

_CUE_BEFORE = re.compile(
    r"\b(?:Chinese|Mandarin|Cantonese|Japanese|Korean|characters?|hanzi|kanji|term|word"
    r"|phrase|idiom|saying|slogan|motto|proverb|expression|buzzword|name|called|known as"
    r"|concept|notion|idea|ideal|virtue|custom|tradition|greeting|learn(?:ed|t)?|taught"
    r"|say|says|call(?:s|ing)?"
    r"|dubbed|nicknamed|titled|written|reads?|reading|pronounced|so-called|hashtag|banner"
    r"|sign|verse|couplet|lyrics?|inscribed|inscription|(?:the|first|last|opening) lines?"
    r"|translations?|translated as|strings?|msgid|msgstr)"
    r"\b[^.!?\n]{0,8}$",
    re.I,
)
# Chinese quoted as an example of itself: 'e.g., "好" rather than "\\u597d"'.
_EXAMPLE_CUE = re.compile(
    r"(?i)(?:\be\.g\.|\bi\.e\.|\bfor (?:example|instance)|\bsuch as)[^.!?\n]{0,40}[\"“'‘「『]$")
_CUE_AFTER = re.compile(
    r"[”’\"'」』)）]?[ \t]*[,(（—-]?[ \t]*(?:means?\b|meaning\b|literally\b|lit\.|which means\b)",
    re.I,
)
_TABLE_CELL_START = re.compile(r"\|[ \t]*$")
_TABLE_CELL_END = re.compile(r"[ \t]*\|")
# The words before a bracket form a name: "NIO", "Li Auto", "SU7", "Double 11", "Mate 60".
_NAME_BEFORE = re.compile(
    r"(?:[A-Z][\w'’.&-]*(?:[ \t\u00a0]+[0-9][\w.]*)?|[A-Z0-9]+)[ \t\u00a0]*$")
# Spaces between a bracket and the words around it (no-break spaces in lists of names).
_BLANK = " \t\u00a0\u202f"
# Glossary lines: "舆论环境: public opinion", "- 舆论环境 (public opinion environment)",
# "- user experience (用户体验)".
_BULLET = re.compile(r"[ \t]*(?:[-*•][ \t]+|\d+[.)][ \t]+)?")
_GLOSSARY_SEP = re.compile(r"[ \t]*(?:[=\t]|[:：]|[ \t][\u2013\u2014-][ \t])")
_GLOSSARY_GLOSS = re.compile(r"[ \t]*[(（][^()（）\n]{1,80}[)）][ \t.;,]*(?:\r?\n|$)")
# Possessive letters: a word that may also be read as two (nothing between them) made
# a failing match try every split of every word, milliseconds a line.
_GLOSSARY_TERM = re.compile(
    r"[ \t]*(?:[-*•][ \t]+|\d+[.)][ \t]+)?"
    r"(?:[A-Za-z\u00c0-\u024f]++(?:['’][A-Za-z\u00c0-\u024f]++)*[ \t-]*){1,6}[(（][ \t]*$"
)
_LINE_END_BRACKET = re.compile(r"[ \t]*[)）][ \t.;,]*(?:\r?\n|$)")
# A name credited with a change, as changelogs and commit logs do: "(陈刚)
# [#18283]", "(三咲智子 Kevin Deng) [#46388]", "(陈刚 <chen@example.com>)",
# "Contributed by 翠 / green", "Signed-off-by: 陈刚 <...>".
_CREDIT_OPEN = re.compile(r"[(（][^()（）\n]{0,40}$")
_CREDIT_CLOSE = re.compile(
    r"[^()（）\n]{0,40}?(?:[)）][ \t]*(?:\[?#\d+|\[`?[0-9a-f]{7,40}|<[^<>\s]+@[^<>\s]+>)"
    r"|<[^<>\s]+@[^<>\s]+>[ \t]*[)）])")
_CREDITED_BY = re.compile(
    r"(?i)(?:\b(?:contributed|reported|found|fixed|written|patch(?:ed)?|patches|suggested|"
    r"tested|reviewed|translated|sponsored|requested|noticed|spotted|provided|submitted|"
    r"implemented|authored|discovered|credited|maintained|man ?page|manual|translation|"
    r"artwork|illustrations?|photos?|music|lyrics)[ \t]+by[ \t]*:?[ \t]*"
    r"(?:[A-Z][\w'’-]*[ \t]+){0,3}(?:/[ \t]*)?"
    r"|\b(?:thanks|thank[ \t]+you|kudos|credits?)[ \t]+(?:[^.\n]{0,60}[ \t])?(?:go(?:es)?[ \t]+)?to[ \t]+"
    r"|^[ \t]*(?:reviewed-by|signed-off-by|co-authored-by|acked-by|tested-by|reported-by"
    r"|suggested-by|helped-by):[ \t]*)$",
    re.M)
# A person with an address, as changelogs, AUTHORS and THANKS files list them:
# "张丹丹 <zhang@example.cn>", "林博仁(Buo-ren Lin) <lin@example.com>", or an address
# of its own: "章鱼哥@example.com". (A handle after "@" is MT's, in a post it copied.)
_ADDRESS_AFTER = re.compile(r"[^\n<>]{0,40}?<[^<>\s@]+@[^<>\s]+>|@[\w-]+(?:\.[\w-]+)+")
# A name beside its Latin spelling inside brackets: "(Asho Yeh - 阿信)", "(甘露 Lu Gan,".
_NAME = r"[A-Z][a-z]+(?:-[a-z]+)?(?:[ \t]+[A-Z][a-z]+(?:-[a-z]+)?){1,2}"
_NAMED_BEFORE = re.compile(rf"[(（][ \t]*{_NAME}[ \t]*[-–—/:,]?[ \t]*$")
_NAMED_AFTER = re.compile(rf"[ \t]*[-–—/:,]?[ \t]*{_NAME}[ \t]*[,;)）]")
_CLOSE_BRACKET = re.compile(r"[ \t]*[)）]")
# A label of an internationalised domain name: "食狮.com.cn", "www.食狮.中国".
_LABEL = rf"(?:[a-z0-9-]+|{_L}+)"
_DOMAIN_AFTER = re.compile(rf"(?:\.{_LABEL})+(?=[\s'\"/:)\]>,;]|$)")
_DOMAIN_BEFORE = re.compile(r"(?:^|[\s'\"/@(<])(?:[a-z0-9-]+\.)+$")


# Languages named in their own script, as language pickers and links to translations
# name them ("English | 简体中文 | 日本語").
_AUTONYMS = frozenset({
    "中文", "简体中文", "繁体中文", "繁體中文", "正體中文", "汉语", "漢語", "华语", "華語",
    "普通话", "普通話", "国语", "國語", "粤语", "粵語", "广东话", "廣東話", "简体", "繁體",
    "日本語", "한국어", "조선어",
})


def _fold(word: str) -> str:
    """Lowercase, tone marks and ü folded away, apostrophes, hyphens and spaces gone."""
    if word.isascii() and word.isalpha():
        return word.lower()  # the usual case, without a pass per character
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if c.isascii() and c.isalpha())


@lru_cache(maxsize=4096)
def _pinyin_readings(han: str) -> frozenset[str]:
    """The toneless pinyin spellings of ``han`` (heteronyms included, capped).

    Cached: a document repeats its stray terms, and English words next to them ("in",
    "an", "men") often look like pinyin, so this is asked for again and again."""
    readings = [cedict_readings(c) for c in han]
    if not all(readings):
        # A character CC-CEDICT has no reading for (a traditional form): pypinyin,
        # slower to load than the dictionary the glosses need anyway.
        from pypinyin import Style, pinyin

        readings = pinyin(han, style=Style.NORMAL, heteronym=True, errors="ignore")
    combos = itertools.islice(itertools.product(*readings), 64)
    return frozenset("".join(c).replace("v", "u").replace("ü", "u") for c in combos)


def _adjacent_words(window: str, *, before: bool) -> list[str]:
    """Up to six Latin words touching the run: at the end of ``window`` when ``before``,
    else at its start; spaces and hyphens may separate them, and brackets, quotes, colons
    and commas may stand between them and the run."""
    if before:
        window = window.rstrip(_WORD_SEPARATORS)
    else:
        window = window.lstrip(_WORD_SEPARATORS)
    chain: list[re.Match] = []
    matches = list(_WORD.finditer(window))
    if before:
        matches.reverse()
    edge = len(window) if before else 0
    for m in matches[:6]:
        gap = window[m.end():edge] if before else window[edge:m.start()]
        if gap.strip(" \t-"):
            break
        chain.append(m)
        edge = m.start() if before else m.end()
    words = [m.group() for m in chain]
    return words[::-1] if before else words


def _is_latin_letter(ch: str) -> bool:
    return "a" <= ch <= "z" or "A" <= ch <= "Z" or "\u00c0" <= ch <= "\u024f" or ch in "'’"


def _edge_word(text: str, start: int, end: int, *, before: bool) -> str:
    """The Latin word nearest the run, folded: the last of ``text[start:end]`` when
    ``before``, else the first (what :func:`_adjacent_words` puts at the run's side)."""
    if before:
        i = len(text[start:end].rstrip(_WORD_SEPARATORS)) + start
        j = i
        while j > start and _is_latin_letter(text[j - 1]):
            j -= 1
        return _fold(text[j:i].strip("'’"))
    i = end - len(text[start:end].lstrip(_WORD_SEPARATORS))
    j = i
    while j < end and _is_latin_letter(text[j]):
        j += 1
    return _fold(text[i:j].strip("'’"))


def _neighbour_is_pinyin(text: str, start: int, end: int) -> bool:
    """Whether the Latin words right before or after the run spell its pinyin."""
    han = "".join(_CJK_CHUNK.findall(text, start, end))
    if not han or langid.has_kana_or_hangul(han):
        return False
    last = _edge_word(text, max(0, start - 80), start, before=True)
    first = _edge_word(text, end, min(len(text), end + 80), before=False)
    if not last and not first:
        return False
    # Every spelling the words before could make ends with the nearest of them, and
    # every one after starts with it: most runs stop here ("the", "and" spell nothing).
    # Not for characters CC-CEDICT cannot read, whose readings load pypinyin.
    readings = None
    if all(cedict_readings(c) for c in han):
        readings = _name_readings(han)
        if not any((last and r.endswith(last)) or (first and r.startswith(first))
                   for r in readings):
            return False
    candidates = []
    words = _adjacent_words(text[max(0, start - 80):start], before=True)
    candidates += ["".join(words[-k:]) for k in range(1, len(words) + 1)]
    words = _adjacent_words(text[end:end + 80], before=False)
    candidates += ["".join(words[:k]) for k in range(1, len(words) + 1)]
    folded = {_fold(c) for c in candidates}
    folded = {c for c in folded if len(c) >= len(han) and _PINYIN.fullmatch(c)}
    if not folded:
        return False
    return not folded.isdisjoint(readings if readings is not None else _name_readings(han))


def _name_readings(han: str) -> frozenset[str]:
    """The pinyin spellings of ``han``, and for a name of two to four characters also
    in English order, given name first ("Lu Gan" for 甘露, "Yanyan Jiang" for 蒋炎岩)."""
    readings = _pinyin_readings(han)
    if 2 <= len(han) <= 4:
        readings = readings | _pinyin_readings(han[1:] + han[0])
        if len(han) == 4:
            readings = readings | _pinyin_readings(han[2:] + han[:2])
    return readings


def _in_kaomoji(text: str, start: int, end: int) -> bool:
    if end - start != 1:
        return False
    for pos in (start - 1, end):
        if 0 <= pos < len(text):
            ch = text[pos]
            cat = unicodedata.category(ch)
            if cat in ("So", "Sm", "Sk", "Pc") or (cat == "Lo" and not HAS_CJK.match(ch)):
                return True
    return False


def _bracketed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(open, close_end) when the run alone fills a pair of brackets."""
    i = start - 1
    while i >= 0 and text[i] in _BLANK:
        i -= 1
    j = end
    while j < len(text) and text[j] in _BLANK:
        j += 1
    if i >= 0 and text[i] in "(（" and j < len(text) and text[j] in ")）":
        return i, j + 1
    return None


def _after_name_or_quote(text: str, open_pos: int) -> bool:
    """Whether a bracket follows a capitalised name or code ("NIO (蔚来)", "Double 11
    (双十一)") or a quoted English word ("means “millet” (小米)"): the writer is giving
    the original on purpose."""
    i = open_pos
    while i > 0 and text[i - 1] in _BLANK:
        i -= 1
    if i > 0 and text[i - 1] in CLOSE_QUOTES:
        return True
    return _NAME_BEFORE.search(text, max(0, i - 60), i) is not None


def _english_before(text: str, open_pos: int) -> bool:
    i = open_pos - 1
    while i >= 0 and text[i] in _BLANK:
        i -= 1
    return i >= 0 and (is_latin_alnum(text[i]) or text[i] in CLOSE_QUOTES)


def _legitimate(text: str, start: int, end: int) -> bool:
    """Whether the Chinese at ``start..end`` is bilingual writing that is meant."""
    glued = is_latin_alnum(text[start - 1:start]) or is_latin_alnum(text[end:end + 1])
    run = text[start:end]
    if run in _AUTONYMS:
        return True
    if langid.has_kana_or_hangul(run):
        return not glued
    if _in_kaomoji(text, start, end):
        return True
    # Table cells and glossary lines.
    line_start = text.rfind("\n", 0, start) + 1
    if _TABLE_CELL_START.search(text, max(line_start, start - 40), start) and \
            _TABLE_CELL_END.match(text, end):
        return True
    if _BULLET.fullmatch(text, line_start, start) and (
            _GLOSSARY_SEP.match(text, end) or _GLOSSARY_GLOSS.match(text, end)):
        return True
    if _LINE_END_BRACKET.match(text, end) and _GLOSSARY_TERM.fullmatch(text, line_start, start):
        return True
    if _neighbour_is_pinyin(text, start, end):
        return True
    # Credits and addresses; each regex only where its literal part stands near.
    near = text[max(line_start, start - 80):start]
    opened = "(" in near[-40:] or "（" in near[-40:]
    if opened and _CREDIT_OPEN.search(text, max(line_start, start - 40), start) \
            and _CREDIT_CLOSE.match(text, end):
        return True
    lowered = near.lower()
    if ("by" in lowered or "to " in lowered) \
            and _CREDITED_BY.search(text, max(line_start, start - 80), start):
        return True
    if end - start <= 8 and "@" in text[end:end + 48] and _ADDRESS_AFTER.match(text, end):
        return True
    if (text[end:end + 1] == "." and _DOMAIN_AFTER.match(text, end)) \
            or (text[start - 1:start] == "." and _DOMAIN_BEFORE.search(text, max(0, start - 60), start)):
        return True
    if opened and ((_NAMED_BEFORE.search(text, max(line_start, start - 40), start)
                    and _CLOSE_BRACKET.match(text, end))
                   or (_CREDIT_OPEN.search(text, max(line_start, start - 40), start)
                       and _NAMED_AFTER.match(text, end))):
        return True
    bracket = _bracketed(text, start, end)
    if bracket and _english_before(text, bracket[0]) and _after_name_or_quote(text, bracket[0]):
        return True
    if not glued:
        if _CUE_BEFORE.search(text, max(0, start - 60), start) or _CUE_AFTER.match(text, end) \
                or _EXAMPLE_CUE.search(text, max(0, start - 60), start):
            return True
        gloss = _GLOSS_AFTER.match(text, end)
        if gloss and re.match(r"\s*(?:lit\.|literally|meaning)\b", gloss.group(1), re.I):
            return True
    return False


def _without(claimed: list[tuple[int, int]], text: str, start: int, end: int):
    """The parts of the run ``start..end`` outside the mojibake spans ``claimed``, each
    trimmed to begin and end with a CJK letter."""
    if not claimed:
        yield start, end
        return
    edges = [start] + [x for span in claimed for x in span] + [end]
    for lo, hi in zip(edges[::2], edges[1::2], strict=True):
        piece = _CJK_CHUNK.search(text, max(lo, start), min(hi, end))
        if piece is None:
            continue
        last = max(m.end() for m in _CJK_CHUNK.finditer(text, piece.start(), min(hi, end)))
        yield piece.start(), last


class StrayCJK(Rule):
    """Chinese (or other CJK) text left inside an English sentence.

    Wrong: the critical舆论环境 (public opinion environment) around the launch
    Right: the critical public opinion environment around the launch
    """

    code = "MT101"
    name = "stray-cjk"
    kind = "stray-cjk"
    summary = "Chinese fragment left in English text"

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        if not doc.has_cjk or not document_is_english(doc):
            return
        text = doc.text
        untranslated = [(s.start, s.end) for s in untranslated_segments(doc, ctx.config)]
        claimed = mojibake_spans(doc)
        pos = 0
        for cluster_start, _ in cjk_clusters(doc):
            if cluster_start < pos:
                continue
            start, end = _RUN.match(text, cluster_start).span()
            pos = end
            number = _LEADING_NUMBER.search(text, max(0, start - 24), start)
            if number:
                start = number.start()
            if inside(untranslated, start, end) or protected(doc, start, end):
                continue
            for lo, hi in _without(overlapping(claimed, start, end), text, start, end):
                if not _legitimate(text, lo, hi):
                    yield self._finding(doc, ctx, lo, hi)

    def _finding(self, doc: Document, ctx: CheckContext, start: int, end: int) -> Finding:
        text = doc.text
        glued = is_latin_alnum(text[start - 1:start]) or is_latin_alnum(text[end:end + 1])
        quoted = (start > 0 and text[start - 1] in OPEN_QUOTES
                  and text[end:end + 1] in CLOSE_QUOTES and text[end:end + 1] != "")
        gloss = _GLOSS_AFTER.match(text, end + 1 if quoted else end)
        if gloss and LATIN_LETTER.search(gloss.group(1)) and not HAS_CJK.search(gloss.group(1)):
            english = " ".join(gloss.group(1).split())
            cue = _GLOSS_CUE.match(english)
            english = english[cue.end():] if cue else english
            # A capitalised gloss after spaced Chinese may be a name given in both
            # languages on purpose ("人民日报 (People's Daily)"): a person decides.
            safe = not cue and (glued or not english[0].isupper() or sentence_start(text, start))
            if quoted:
                # “加油” (keep going) -> “keep going”: the quotes stay around the gloss.
                edits = (Edit(start, end, english), Edit(end + 1, gloss.end(), ""))
            else:
                fitted = fit_replacement(text, start, gloss.end(), english)
                edits = (Edit(start, gloss.end(), fitted),)
            return self.finding(
                doc, start, end, "Chinese left beside its English gloss",
                [Suggestion(english, edits, safe, "inline-gloss")],
                related=(gloss.span(1),),
            )
        bracket = _bracketed(text, start, end)
        if bracket and _english_before(text, bracket[0]):
            cut = bracket[0]
            while cut > 0 and text[cut - 1] in " \t":
                cut -= 1
            edit = Edit(cut, bracket[1], fit_replacement(text, cut, bracket[1], ""))
            return self.finding(
                doc, start, end, "bracketed Chinese repeats the English before it",
                [Suggestion("", (edit,), True, "inline-gloss")],
                related=((cut, bracket[0]),),
            )
        suggestions = []
        seen = set()
        for g in self._glosses(text[start:end], ctx):
            if g.text and g.text not in seen:
                seen.add(g.text)
                edit = Edit(start, end, fit_replacement(text, start, end, g.text))
                suggestions.append(Suggestion(g.text, (edit,), g.safe, g.source))
        return self.finding(doc, start, end, "Chinese left in English text", suggestions)

    @staticmethod
    def _glosses(fragment: str, ctx: CheckContext):
        """Glosses of the fragment; a lone Chinese chunk with a Latin or numeric head or
        tail ("城市NOA") is glossed alone and the rest kept (never safe, being composed)."""
        zh = langid.to_simplified(fragment)
        glosses = gloss_fragment(zh, ctx.config)
        if glosses:
            return glosses
        chunks = list(_CJK_CHUNK.finditer(zh))
        if len(chunks) != 1 or chunks[0].group() == zh:
            return []
        head, tail = zh[:chunks[0].start()].strip(), zh[chunks[0].end():].strip()
        composed = []
        for g in gloss_fragment(chunks[0].group(), ctx.config):
            parts = [p for p in (head, g.text, tail) if p]
            composed.append(type(g)(" ".join(parts), g.source, False))
        return composed


RULES = [StrayCJK]
