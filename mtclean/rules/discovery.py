"""Discovery: machine-translation debris that no curated lexicon lists.

Five detectors for literal renderings that keep recurring in Chinese-to-English MT
output:

- MT701 generated-calque: the literal renderings ``scripts/generate_calques.py`` composed
  from CC-CEDICT (``lexicons/generated.toml``), reported only where the text shows it
  came from Chinese (see :class:`Origin`);
- MT702 of-chain: Chinese word order carried into English ("the phone of the flagship
  series of Huawei");
- MT703 literal-measure-word: Chinese measure words rendered as nouns ("three paragraphs
  of new cars" for 三款新车);
- MT704 pinyin-common-word: a common Chinese noun left in pinyin inside a name ("Xiaomi
  Qiche" for 小米汽车), or an idiom left in pinyin as one token ("Aiwujiwu");
- MT705 collapsed-pair: two Chinese near-synonyms given one English word ("experience
  and experience" for 经验和经历).

None of them is sure enough to mend text unattended: every suggestion is unsafe.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from ..automaton import find_folded
from ..keywords import Keywords
from ..model import Suggestion
from ..origin import (
    Origin,
    data_lines,
    document_names,
    pinyin_split,
    pinyin_surnames,
    pinyin_word_keywords,
    pinyin_words,
    signals,
)
from ..text import Document
from .base import CheckContext, Rule

# -- MT701 --------------------------------------------------------------------------

GENERATED_FILE = "generated.toml"
_GENERATED: dict[str, object] = {}


def generated_lexicon(config):
    """The generated tier (with the user's own entries, which override it) as a
    :class:`mtclean.lexicon.Lexicon`: loaded on first need, once per configuration.

    The generated file is large and matters only in text that came from Chinese, so it
    is loaded here, apart from the curated lexicons every document needs.
    """
    from ..lexicon import Lexicon, load, read_shipped

    extra = list(getattr(config, "extra_entries", ()) or ())
    key = json.dumps(extra, sort_keys=True, default=str, ensure_ascii=False)
    lexicon = _GENERATED.get(key)
    if lexicon is None:
        if len(_GENERATED) > 16:  # a long-lived process seeing many configurations
            _GENERATED.clear()
        path = resources.files("mtclean.lexicons") / GENERATED_FILE
        files = [(GENERATED_FILE, read_shipped(path))] if path.is_file() else []
        lexicon = _GENERATED[key] = Lexicon(load(files, extra))
    return lexicon


class GeneratedCalque(Rule):
    """A literal rendering composed from CC-CEDICT, in text that came from Chinese.

    Wrong: Thousands of fruit powders queued in Beijing for the new iPhone.
    Right: Thousands of Apple fans queued in Beijing for the new iPhone.
    """

    code = "MT701"
    name = "generated-calque"
    kind = "calque"
    summary = "literal rendering of a Chinese word (generated from CC-CEDICT)"

    def folded_keywords(self, doc: Document, ctx: CheckContext):
        if not Origin.of(doc, ctx.source).possible:
            return []
        from ..lexicon import lexicon_for

        return [(lexicon_for(ctx.config).automaton.keywords, True),
                (generated_lexicon(ctx.config).automaton.keywords, True)]

    def check(self, doc: Document, ctx: CheckContext):
        origin = Origin.of(doc, ctx.source)
        if not origin.possible:
            return  # fast path: nothing here came from Chinese
        from ..automaton import scan
        from ..lexicon import lexicon_for
        from .lexical import lexicon_suggestions

        curated = [(m.start, m.end) for m in scan(lexicon_for(ctx.config), doc, ctx.source)
                   if m.entry.tier != "generated"]
        for match in scan(generated_lexicon(ctx.config), doc):
            entry = match.entry
            if entry.tier != "generated" or not origin.supports(match.start, entry.zh):
                continue
            if any(s < match.end and match.start < e for s, e in curated):
                continue  # a curated entry speaks for this text
            if entry.kind == "entity" and (_given_name(doc.text, match.start, match.end)
                                           or _credited(doc.text, match.start, match.end)):
                continue
            yield self.finding(
                doc, match.start, match.end,
                f"'{match.text}' may be a literal rendering of {entry.zh}: {entry.note}",
                lexicon_suggestions(doc, match, entry.glosses_for(match.rendering),
                                    source="cedict"),
                kind=entry.kind)


_NAME_WORD = re.compile(r"[A-Z][a-z]{1,6}")
_NAME_BEFORE = re.compile(r"(?<![^\W\d_])([A-Z][a-z]{1,6}) $")


def _given_name(text: str, start: int, end: int) -> bool:
    """Whether the word ``text[start:end]``, in pinyin, is a person's given name: a
    capitalised pinyin surname stands right before it ("Huang Mingzhi", not the Meiji
    era) or right after it ("Xinjie Zhang", not the New Territories)."""
    word = text[start:end]
    if not word.isalpha() or not word.istitle() or pinyin_split(word.lower()) is None:
        return False
    surnames = pinyin_surnames()
    if start >= 2 and text[start - 1] == " ":
        m = _NAME_BEFORE.search(text, max(0, start - 10), start)
        if m and m.group(1).lower() in surnames:
            return True
    if end < len(text) - 1 and text[end] == " ":
        m = _NAME_WORD.match(text, end + 1)
        if m and (m.end() == len(text) or not text[m.end()].isalpha()) \
                and m.group().lower() in surnames:
            return True
    return False


# A person's address after a name: "Xiao Liang <xl@example.org>", "Xiao Liang (@xliang)".
_ADDRESS_AFTER = re.compile(r" ?(?:<[^<>\s@]+@[^<>\s]+>|\(@\w+\))")


def _credited(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a person credited by name: the whole text of a
    Markdown link ("[Xiao Liang](https://github.com/...)" in a list of contributors)
    or a name with an address after it."""
    if text[start - 1:start] == "[" and text.startswith("](", end):
        return True
    return _ADDRESS_AFTER.match(text, end) is not None


# -- MT702 --------------------------------------------------------------------------

_WORD = r"[a-z][a-z'-]*"
_PHRASE = rf"(?:{_WORD} ){{0,2}}{_WORD}"
# Nouns with which "the X of the Y of Z" is plain English ("the chairman of the board of
# Xiaomi", "the history of the city of ..."): never the start of a reported chain.
_RELATIONAL = frozenset(
    "board boards chairman chairwoman chair president vice ceo head heads chief founder "
    "founders member members share shares history capital government people city "
    "province mayor governor ministry minister department director directors office "
    "bank university college school party secretary committee council court state "
    "republic rest end part parts beginning middle top bottom side edge center centre "
    "half majority number most some all each one none".split()
)


@lru_cache(maxsize=1)
def _of_chain() -> re.Pattern:
    companies = sorted((n for n, k in signals().items() if k == "company"), key=len,
                       reverse=True)
    name = "|".join(map(re.escape, companies))
    return re.compile(
        rf"\b[Tt]he (?P<x>{_PHRASE}) of the (?P<y>{_PHRASE}) of (?:the )?"
        rf"(?P<name>{name})(?![\w'])"
    )


#: How far before a company's name a chain of "of" may start: three phrases of three
#: words and the joining words.
_CHAIN_REACH = 300


def _of_chains(doc: Document):
    """The matches of :func:`_of_chain` in ``doc``: it is tried only just before the
    names of companies, which one automaton pass finds, and must end at the name."""
    text, exact, kinds, last = doc.text, _of_chain(), signals(), 0
    for start, name in document_names(doc):
        if kinds[name] != "company":
            continue
        end = start + len(name)
        for m in exact.finditer(text, max(last, start - _CHAIN_REACH), min(len(text), end + 1)):
            if m.end() == end:
                yield m
                last = end
                break


class OfChain(Rule):
    """Chinese word order (A 的 B 的 C) carried into English as a chain of "of".

    Wrong: the phone of the flagship series of Huawei
    Right: Huawei's flagship phone
    """

    code = "MT702"
    name = "of-chain"
    kind = "calque"
    summary = "chain of 'the X of the Y of' ending in a Chinese company name"

    def check(self, doc: Document, ctx: CheckContext):
        if not document_names(doc):
            return
        for m in _of_chains(doc):
            x, y = m.group("x"), m.group("y")
            if _RELATIONAL.intersection(x.lower().split() + y.lower().split()):
                continue
            better = f"{m.group('name')}'s {y} {x}"
            yield self.finding(
                doc, m.start(), m.end(), "Chinese word order: a chain of 'of'",
                [Suggestion.replace(m.start(), m.end(), better[:1].upper() + better[1:]
                                    if m.group()[0] == "T" else better)])


# -- MT703 --------------------------------------------------------------------------

_COUNT = (r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|many|"
          r"multiple|a few|these|those|this|that|each|every|a)")
_PRODUCTS = (r"(?:phones?|smartphones?|handsets?|cars?|vehicles?|models?|products?|SUVs?|"
             r"sedans?|EVs?|laptops?|notebooks?|tablets?|watch(?:es)?|smartwatch(?:es)?|"
             r"headphones?|earphones?|earbuds?|devices?|games?|apps?|chips?|cameras?|TVs?|"
             r"drinks?|beverages?|snacks?|flavou?rs?|perfumes?|lipsticks?|shoes?|sneakers?|"
             r"bags?|handbags?|routers?|speakers?|monitors?|consoles?|robots?)")
_MACHINES = (r"(?:computers?|PCs?|phones?|machines?|servers?|devices?|robots?|printers?|"
             r"TVs?|televisions?|air conditioners?|refrigerators?|fridges?|cameras?|"
             r"washing machines?)")
_FIRMS = (r"(?:companies|firms|enterprises|stores|shops|restaurants|banks|hotels|"
          r"factories|hospitals|brands|supermarkets|cinemas|retailers|startups|"
          r"manufacturers|suppliers)")
# Measure word as MT renders it -> the nouns it counts in Chinese and never in English.
_MEASURES = {
    "paragraphs?": _PRODUCTS,  # 款
    "families": _FIRMS,  # 家
    "(?:tables|stations)": _MACHINES,  # 台
    "(?:tails|strips)": r"(?:fish|fishes|carp)",  # 条, 尾
    "mouths?": r"(?:wells?|pots?|cauldrons?|coffins?)",  # 口
    "eyes?": r"(?:wells?|springs?)",  # 眼
    "seats?": r"(?:bridges?|mountains?|temples?|towers?|pagodas?|factories|factory)",  # 座
    "handles?": r"(?:chairs?|knives|knife|umbrellas?|keys?|guns?|swords?|scissors)",  # 把
    "roots?": r"(?:cigarettes?|chopsticks?|cables?|needles?)",  # 根
    "sections?": r"(?:batteries|battery|lessons?|classes)",  # 节
}


# Literal stems of the measure words above, for a str.find prefilter; and the room a
# count takes before one, and the counted noun after it.
_MEASURE_STEMS = ("paragraph", "famil", "table", "station", "tail", "strip", "mouth",
                  "eye", "seat", "handle", "root", "section", " only ")
_HEAD, _TAIL = 12, 100
_NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


@lru_cache(maxsize=1)
def _stem_keywords() -> Keywords[str]:
    return Keywords((stem, stem) for stem in _MEASURE_STEMS)


def _measure_hits(lower: str) -> list[int]:
    """Offsets of every measure-word stem in the case-folded text, sorted (one
    automaton pass: thirteen str.find scans took ten times as long on 20 MB)."""
    return sorted(start for start, _, _ in _stem_keywords().find(lower))


def _may_count(lower: str, hit: int) -> bool:
    """Whether the measure pattern can match at a stem: a measure word has " of " right
    after it, and " only " a number right before it. Most stems in English text ("table",
    "family", "the only one") fail this, and the pattern is slow to try."""
    if lower.startswith(" only ", hit):
        return lower[hit - 1:hit].isdigit() or lower.endswith(_NUMBER_WORDS, max(0, hit - 5), hit)
    return lower.find(" of ", hit, hit + 16) != -1


@lru_cache(maxsize=1)
def _measure_pattern() -> re.Pattern:
    # Up to two modifiers between "of" and the noun ("of new electric cars"), but no
    # determiner: "a handle of the knife" is English. A count is a word of its own,
    # not the end of "UTF-8" or "3.8".
    modifier = rf"(?!(?:the|a|an|this|that|these|those|its|his|her|their|our|my|your)\b){_WORD} "
    arms = "|".join(f"(?:{m}) of (?:{modifier}){{0,2}}?{n}" for m, n in _MEASURES.items())
    return re.compile(
        rf"(?<![\w.-])(?P<count>{_COUNT}) (?P<measure>(?:{arms}))\b"
        rf"|(?<![\w.-])(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten) only "
        rf"(?P<only>(?:{_WORD} )?{_PRODUCTS})\b",
        re.IGNORECASE)


class LiteralMeasureWord(Rule):
    """A Chinese measure word rendered as an English noun (款 as "paragraph").

    Wrong: The company released three paragraphs of new cars this year.
    Right: The company released three new cars this year.
    """

    code = "MT703"
    name = "literal-measure-word"
    kind = "calque"
    summary = "Chinese measure word rendered literally ('three paragraphs of new cars')"

    def check(self, doc: Document, ctx: CheckContext):
        text, lower, last = doc.text, doc.lower, 0
        # The full pattern is slow to try at every word; try it only around the
        # measure words themselves, which clean text seldom holds.
        for hit in _measure_hits(lower):
            if hit < last or not _may_count(lower, hit):
                continue
            window = min(len(text), hit + _TAIL)
            m = _measure_pattern().search(text, max(last, hit - _HEAD), window)
            if m is None or (m.end() == window < len(text)):
                continue  # no match, or one cut short by the window
            last = m.end()
            if m.group("only"):
                better = f"{m.group('n')} {m.group('only')}"
            else:
                better = f"{m.group('count')} {m.group('measure').split(' of ', 1)[1]}"
            yield self.finding(doc, m.start(), m.end(), "measure word rendered literally",
                               [Suggestion.replace(m.start(), m.end(), better)])


# -- MT704 --------------------------------------------------------------------------

_RUN = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+\b")


@lru_cache(maxsize=1)
def _phrase_keywords() -> Keywords[tuple[str, str, str]]:
    """Idioms and long words by their one-token pinyin spelling ("aiwujiwu")."""
    rows = (line.split("\t") for line in data_lines("pinyin_phrases.tsv"))
    return Keywords((spelling, (spelling, zh, gloss)) for spelling, zh, gloss in rows)


class PinyinCommonWord(Rule):
    """A common Chinese word left in pinyin: a noun inside a name (小米汽车 as "Xiaomi
    Qiche"), or an idiom or long word as one token (爱屋及乌 as "Aiwujiwu").

    Wrong: Xiaomi Qiche delivered its first sedan in March.
    Right: Xiaomi Auto delivered its first sedan in March.
    """

    code = "MT704"
    name = "pinyin-common-word"
    kind = "entity"
    summary = "common Chinese word or idiom left in pinyin"

    def folded_keywords(self, doc: Document, ctx: CheckContext):
        sets = [(pinyin_word_keywords(), False)]
        if Origin.of(doc, ctx.source).possible:
            sets.append((_phrase_keywords(), False))
        return sets

    def check(self, doc: Document, ctx: CheckContext):
        yield from self._in_names(doc)
        if Origin.of(doc, ctx.source).possible:
            yield from self._whole_phrases(doc)

    def _whole_phrases(self, doc: Document):
        """Tokens that spell an idiom or a word of three syllables or more: no name is
        spelled so, but only text that shows Chinese origin is searched."""
        lower = doc.lower
        for start, end, (_, zh, gloss) in find_folded(_phrase_keywords(), doc):
            if (start and lower[start - 1].isalpha()) or (
                    end < len(lower) and lower[end].isalpha()):
                continue
            if doc.text[start:end] in signals():
                continue  # a brand spelled in pinyin ("Pinduoduo")
            yield self.finding(doc, start, end, f"pinyin of {zh} left untranslated",
                               [Suggestion.replace(start, end, gloss, source="cedict")])

    def _in_names(self, doc: Document):
        words = pinyin_words()
        # Only lines where a common noun's pinyin occurs at all (one automaton pass)
        # are searched for runs of capitalised words.
        lines = sorted({doc.line_span(start)
                        for start, _, _ in find_folded(pinyin_word_keywords(), doc)})
        for line_start, line_end in lines:
            yield from self._runs_in(doc, words, line_start, line_end)

    def _runs_in(self, doc: Document, words, line_start: int, line_end: int):
        for m in _RUN.finditer(doc.text, line_start, line_end):
            # The run is capitalised words joined by single spaces or hyphens.
            if words.keys().isdisjoint(m.group().lower().replace("-", " ").split(" ")):
                continue
            tokens = [(t.start(), t.group()) for t in re.finditer(r"[A-Za-z]+", m.group())]
            for run in self._pinyin_runs(tokens):
                common = self._common_words([t for _, t in run], words)
                if common:
                    start = m.start() + run[0][0]
                    end = m.start() + run[-1][0] + len(run[-1][1])
                    detail = ", ".join(f"{t} = {zh} ({gloss})" for t, zh, gloss in common)
                    yield self.finding(doc, start, end,
                                       f"pinyin of a common noun left in a name: {detail}")

    @staticmethod
    def _pinyin_runs(tokens: list[tuple[int, str]]):
        """The longest stretches of two or more tokens spelled in pinyin or naming a
        Chinese place or company ("Xiaomi Qiche" in "Xiaomi Qiche Co")."""
        run: list[tuple[int, str]] = []
        for token in tokens + [(-1, "")]:
            text = token[1]
            if text and (text in signals() or pinyin_split(text.lower())):
                run.append(token)
                continue
            if len(run) >= 2:
                yield run
            run = []

    @staticmethod
    def _common_words(tokens: list[str], words) -> list[tuple[str, str, str]]:
        """The tokens that spell common nouns, if the run is not a person's name."""
        lows = [t.lower() for t in tokens]
        if lows[0] in pinyin_surnames() or lows[-1] in pinyin_surnames():
            return []  # a person: "Lei Jun", "Chuanfu Wang"
        return [(t, *words[low]) for t, low in zip(tokens, lows, strict=True) if low in words]


# -- MT705 --------------------------------------------------------------------------

#: Endings of abstract nouns, which MT gives to both halves of a Chinese pair of near
#: synonyms (经验和经历 "experience and experience", 研发与开发 "development and
#: development"). Native English repeats other words for emphasis ("more and more",
#: "over and over", "waited and waited", "money and money"), never these.
_ABSTRACT_ENDINGS = ("tion", "sion", "ment", "ence", "ance", "ity", "ness", "ship", "ism",
                     "ogy")
_ABSTRACT_NOUN = re.compile(r"[a-z]{2,}\Z")
# A word after the second noun that makes it a modifier ("technology and technology
# policy", "education and education reform"): anything but these.
_NEXT_WORD = re.compile(r" ([a-z]+)")
_NOT_A_HEAD = frozenset(
    "of in on at to for with from by and or but nor is are was were be been being has "
    "have had will would can could should may might must that which who as the a an "
    "into about through over during among between than so when while where it its they "
    "their this these those".split())


def _collapsed_pairs(doc: Document):
    """(start, end) of each "X and X" whose X is one abstract noun: every " and " is
    found with str.find, and only those after an abstract ending are looked at."""
    lower = doc.lower
    at = lower.find(" and ")
    while at != -1:
        end_first, at = at, lower.find(" and ", at + 1)
        if not lower.endswith(_ABSTRACT_ENDINGS, 0, end_first):
            continue
        start = end_first
        while start and (lower[start - 1].isalpha() or lower[start - 1] == "-"):
            start -= 1
        word = lower[start:end_first]
        if len(word) < 6 or not _ABSTRACT_NOUN.search(word):
            continue
        second = end_first + 5
        end = second + len(word)
        if lower[second:end] != word or (end < len(lower) and (
                lower[end].isalnum() or lower[end] == "-")):
            continue
        head = _NEXT_WORD.match(lower, end)
        if head and head.group(1) not in _NOT_A_HEAD:
            continue  # "technology and technology policy": the second modifies a noun
        yield start, end


class CollapsedPair(Rule):
    """Two Chinese near-synonyms given the same English word, joined by "and".

    Wrong: She shared her experience and experience of working abroad.
    Right: She shared her experiences and insights from working abroad.
    """

    code = "MT705"
    name = "collapsed-pair"
    kind = "calque"
    summary = "the same abstract noun on both sides of 'and' ('experience and experience')"

    def check(self, doc: Document, ctx: CheckContext):
        origin = Origin.of(doc, ctx.source)
        if not origin.possible:
            return  # fast path: nothing here came from Chinese
        for start, end in _collapsed_pairs(doc):
            if not origin.supports(start, ""):
                continue
            word = doc.text[start:end].split()[0]
            yield self.finding(
                doc, start, end,
                f"'{word}' on both sides: two Chinese words of related meaning given the "
                "same English word; the second needs its own translation")


RULES = [GeneratedCalque, OfChain, LiteralMeasureWord, PinyinCommonWord, CollapsedPair]
