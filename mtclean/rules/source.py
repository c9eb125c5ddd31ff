"""Rules that compare a target with the Chinese source segment it was translated from.

They run only when a source is given (batch jobs over translation memories, parallel
text, XLIFF, PO): with the source at hand, Chinese copied into the target, a target left
untranslated, a literal rendering of a term the source really holds, a glossary term
dropped, and a number lost on the way can be told with confidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .. import langid
from ..automaton import Match as LexiconMatch
from ..automaton import candidates, context_verdict, term_pattern
from ..glossing import gloss_fragment
from ..lexicon import lexicon_for
from ..model import Finding, Suggestion
from ..text import CJK_CHAR, HAS_CJK, Document
from .base import CheckContext, Rule
from .lexical import glosses_for, lexicon_suggestions
from .untranslated import fit_replacement

_CJK_RUN = re.compile(f"{CJK_CHAR}(?:[{CJK_CHAR[1:-1]}\u00b7\u30fb]*{CJK_CHAR})?")
_SPACES = re.compile(r"\s+")
_ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
_FUNCTION_WORD = re.compile(
    r"(?i)\b(?:the|a|an|of|and|to|in|is|are|was|were|for|on|with|that|this|by|as|at|from|"
    r"it|be|has|have|had|will|not|but|or|which|who|their|its|they|we|he|she|you)\b")
_OPENERS = "(\uff08[\u3010\u300a\u201c\"'\u2018"
_CLOSERS = ")\uff09]\u3011\u300b\u201d\"'\u2019"


def _trimmed(text: str) -> tuple[int, int]:
    start, end = 0, len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _mostly_latin(text: str) -> bool:
    cjk, latin = langid.script_counts(text)
    return latin > 2 * cjk


class _SourceRule(Rule):
    needs_source = True

    def _whole(self, doc: Document, message: str) -> Finding | None:
        start, end = _trimmed(doc.text)
        return self.finding(doc, start, end, message) if end > start else None


class CopiedSource(_SourceRule):
    """Chinese in the target copied from the source instead of being translated.

    Wrong: (source 新能源汽车销量大增) Sales of 新能源汽车 rose sharply.
    Right: Sales of new energy vehicles rose sharply.
    """

    code = "MT601"
    name = "copied-source"
    kind = "stray-cjk"
    summary = "Chinese copied from the source into the target"

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        source = ctx.source or ""
        if not doc.has_cjk or not HAS_CJK.search(source) or not _mostly_latin(doc.text):
            return
        text = doc.text
        for m in _CJK_RUN.finditer(text):
            start, end = m.span()
            fragment = m.group()
            if fragment not in source:
                continue
            # "Lei Jun (雷军)": a name given in both languages on purpose.
            if start and text[start - 1] in _OPENERS and text[end:end + 1] in _CLOSERS:
                continue
            suggestions = [
                Suggestion.replace(start, end, fit_replacement(text, start, end, g.text),
                                   safe=g.safe, source=g.source)
                for g in gloss_fragment(fragment, ctx.config) if g.text
            ]
            yield self.finding(doc, start, end, f"'{fragment}' is copied from the source "
                                                "untranslated", suggestions)


class SameAsSource(_SourceRule):
    """A target that is the source itself: the segment was never translated.

    Wrong: (source 欢迎光临) 欢迎光临
    Right: Welcome
    """

    code = "MT602"
    name = "same-as-source"
    kind = "untranslated"
    summary = "target identical to its Chinese source"

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        source = ctx.source or ""
        if not doc.has_cjk or not HAS_CJK.search(source):
            return  # "iPhone 15" -> "iPhone 15" is a translation
        if _SPACES.sub(" ", doc.text.strip()).casefold() == \
                _SPACES.sub(" ", source.strip()).casefold():
            finding = self._whole(doc, "the target is the source, untranslated")
            if finding:
                yield finding


class NotEnglish(_SourceRule):
    """A target that is not in English: mostly Chinese, Japanese or Korean letters, or
    a language fastText names with confidence in a target with no English words.

    Wrong: (source 今天天气很好) 今天天气很好，适合出门。
    Right: The weather is fine today, a good day to go out.
    """

    code = "MT603"
    name = "not-english"
    kind = "untranslated"
    summary = "target not in English"

    MIN_WORDS = 6
    MIN_PROBABILITY = 0.9

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        text = doc.text
        if doc.has_cjk:
            cjk, latin = langid.script_counts(text)
            if cjk >= 2 and cjk >= latin:
                finding = self._whole(doc, "the target is mostly CJK, not English")
                if finding:
                    yield finding
            return
        if not ctx.config.langid or not HAS_CJK.search(ctx.source or ""):
            return
        if _FUNCTION_WORD.search(text):
            return  # the usual case, settled without counting words
        if len(_ENGLISH_WORD.findall(text)) < self.MIN_WORDS:
            return
        try:
            lang, probability = langid.identify(text)
        except langid.LangIdUnavailable:
            return
        if lang != "en" and probability >= self.MIN_PROBABILITY:
            finding = self._whole(doc, f"the target reads as language '{lang}', not English")
            if finding:
                yield finding


class SourceCalque(_SourceRule):
    """A literal rendering of a lexicon term that the source really holds.

    The source settles what the lexicon alone cannot: the words came from that Chinese
    term. An entry whose meaning depends on nearby words (米粉 near 小米 or Xiaomi) still
    needs them, in the target or in the source; a review entry, ambiguous only as native
    English, becomes safe.

    Wrong: (source 蔚来发布新车) Weilai released a new car.
    Right: NIO released a new car.
    """

    code = "MT604"
    name = "source-calque"
    kind = "calque"
    summary = "literal rendering of a term found in the source"

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        source = ctx.source or ""
        if not HAS_CJK.search(source):
            return
        lexicon = lexicon_for(ctx.config)
        taken_until = -1
        hits = sorted(candidates(lexicon, doc), key=lambda h: (h[2], h[2] - h[3]))
        for entry, rendering, start, end in hits:  # the longest rendering at a place wins
            if start < taken_until or entry.zh not in source:
                continue
            if context_verdict(doc, entry, start, end, need_near=False) is None:
                continue
            if not self._near_holds(doc, entry, source):
                continue  # 米粉 in the source may still be the noodles
            taken_until = end
            safe = entry.context is None if entry.tier == "review" else entry.safe
            match = LexiconMatch(entry, rendering, start, end, doc.text[start:end], safe, None)
            message = f"'{match.text}' renders {entry.zh} from the source literally"
            if entry.note:
                message += f": {entry.note}"
            suggestions = lexicon_suggestions(doc, match, glosses_for(match, ctx.config))
            yield self.finding(doc, start, end, message, suggestions, kind=entry.kind)

    @staticmethod
    def _near_holds(doc: Document, entry, source: str) -> bool:
        """Whether an entry's ``near`` words, if it has any, are in the target or the
        source (anywhere: a segment is short). Review entries are ambiguous only as
        native English, which the source rules out; others need their evidence."""
        context = entry.context
        if context is None or not context.near:
            return True
        lowered = doc.lower
        return any(term in source or term_pattern(term).search(lowered)
                   for term in context.near)


class GlossaryTermMissing(_SourceRule):
    """A term of the user's glossary that the source holds and the target lacks.

    Wrong: (glossary 米粉 = Mi Fans; source 米粉们排队) Rice noodle lovers queued.
    Right: Mi Fans queued.
    """

    code = "MT605"
    name = "glossary-term-missing"
    kind = "terminology"
    summary = "glossary term of the source missing from the target"

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        source = ctx.source or ""
        glossary = ctx.config.glossary
        if not glossary or not HAS_CJK.search(source):
            return
        wanted: dict[str, list[str]] = {}
        for entry in glossary:
            if entry.zh and entry.zh in source:
                wanted.setdefault(entry.zh, []).append(entry.en)
        missing = [(zh, ens) for zh, ens in wanted.items()
                   if not any(self._present(doc, en) for en in ens)]
        if missing:
            terms = "; ".join(f"{zh} = {' / '.join(repr(e) for e in ens)}" for zh, ens in missing)
            finding = self._whole(doc, f"glossary terms of the source missing: {terms}")
            if finding:
                yield finding

    @staticmethod
    def _present(doc: Document, en: str) -> bool:
        """Whether ``en`` is in the target, as a whole word, perhaps inflected
        ("Mi Fan" in "Mi Fans" or "Mi Fan's")."""
        words = r"\s+".join(re.escape(w) for w in en.lower().split())
        if not words:
            return True
        return re.search(rf"(?<!\w){words}(?:s|es|'s|\u2019s)?(?!\w)", doc.lower) is not None


# -- numbers ------------------------------------------------------------------------------

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1000),
                "百": Decimal(100)}
_MEASURE = "个名人位家元块岁年月日号天次件台辆款米吨斤秒分条座所只张项份批倍场届部架艘棵头篇"
_SOURCE_NUMBER = re.compile(
    r"(?<![\d.])(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?P<f>\.\d+)?\s*(?P<x>万亿|亿|万|千|百)?"
    r"\s*(?P<u>[%年月日号点时])?")
_ZH_NUMBER = re.compile(
    r"(?P<pct>百分之)?(?P<z>[零〇一二两三四五六七八九十百千万亿]{2,})(?:多|余)?")
_TARGET_NUMBER = re.compile(
    r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s*(trillion|billion|million|thousand|"
    r"bn|mn|k)\b)?", re.IGNORECASE)
_MONTHS = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
                     re.IGNORECASE)
_MONTH_NUMBERS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTH_NAME = {i: re.compile(rf"(?i)\b{m}[a-z]*\b") for m, i in _MONTH_NUMBERS.items()}
_SCALES = {"trillion": 10 ** 12, "billion": 10 ** 9, "bn": 10 ** 9, "million": 10 ** 6,
           "mn": 10 ** 6, "thousand": 1000, "k": 1000}
_WORD_VALUES = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_WORD_VALUES.update({w: 10 * i for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)})
_WORD_VALUES.update({"dozen": 12, "a": 1})
_ORDINALS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
    "twentieth".split(), 1)}
_SCALE_WORDS = ("hundred", "thousand", "million", "billion", "trillion")
_WORD_TOKEN = re.compile(r"[a-z]+|[^a-z\s-]+")


def chinese_numeral(text: str) -> int | None:
    """The value of a Chinese numeral ("三百五十" -> 350, "两千万" -> 20000000)."""
    total = section = number = 0
    for ch in text:
        if ch in _ZH_DIGITS:
            number = _ZH_DIGITS[ch]
        elif ch in _ZH_UNITS:
            section += (number or (1 if ch == "十" else 0)) * _ZH_UNITS[ch]
            number = 0
        elif ch == "万":
            total += (section + number) * 10_000
            section = number = 0
        elif ch == "亿":
            total = (total + section + number) * 100_000_000
            section = number = 0
        else:
            return None
    return total + section + number


def _words_value(words: list[str]) -> int | None:
    """The value of a run of number words, or None if it is not a number."""
    while words and words[-1] == "and":
        words = words[:-1]
    # "1.5 million and twenty": the million belongs to the digits before it.
    while words and (words[0] in _SCALE_WORDS or words[0] == "and"):
        words = words[1:]
    if not words or words == ["a"]:
        return None
    total = current = 0
    for word in words:
        if word in _WORD_VALUES:
            current += _WORD_VALUES[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
    return total + current


def _word_numbers(lowered: str):
    """Values of the numbers written in words in the lower-cased ``lowered``."""
    run: list[str] = []
    for m in _WORD_TOKEN.finditer(lowered):
        word = m.group()
        if word in _WORD_VALUES or word in _SCALE_WORDS or (word == "and" and run):
            run.append(word)
            continue
        if run:
            value = _words_value(run)
            if value is not None:
                yield value
            run = []
    if run:
        value = _words_value(run)
        if value is not None:
            yield value


def target_numbers(text: str) -> set[Decimal]:
    """Every number ``text`` states, in digits or words, scaled ("3.5 million")."""
    values: set[Decimal] = set()
    for m in _TARGET_NUMBER.finditer(text):
        raw = Decimal(m.group(1).replace(",", "") + (m.group(2) or ""))
        values.add(raw)
        if m.group(3):
            values.add(raw * _SCALES[m.group(3).lower()])
    lowered = text.lower()
    values.update(Decimal(v) for v in _word_numbers(lowered))
    for word, value in _ORDINALS.items():
        if word in lowered:
            values.add(Decimal(value))
    for m in _MONTHS.finditer(text):
        values.add(Decimal(_MONTH_NUMBERS[m.group(1).lower()]))
    return values


@lru_cache(maxsize=4096)  # a fix checks the same source several times over
def source_numbers(source: str) -> tuple[tuple[str, frozenset[Decimal], str], ...]:
    """(as written, acceptable values, unit) of each number in the source worth checking."""
    return tuple((written, frozenset(values), unit) for written, values, unit
                 in _source_numbers(source))


def _source_numbers(source: str):
    text = source.translate(_FULL_WIDTH)
    found: list[tuple[str, set[Decimal], str]] = []
    for m in _SOURCE_NUMBER.finditer(text):
        try:
            raw = Decimal(m.group("n").replace(",", "") + (m.group("f") or ""))
        except InvalidOperation:
            continue
        unit, scale = m.group("u"), m.group("x")
        accepted = {raw}
        if scale:
            multiplier = Decimal(1)
            for ch in scale:
                multiplier *= _MULTIPLIERS[ch]
            accepted.add(raw * multiplier)
        elif unit in ("点", "时") and 12 < raw <= 24:
            accepted.add(raw - 12)  # 15点 -> 3 p.m.
        elif raw < 3 and not m.group("f") and unit != "%":
            continue  # "1个" is "a", "2" is often "both" or "a pair"
        found.append((m.group().strip(), accepted, unit or ""))
    for m in _ZH_NUMBER.finditer(text):
        value = chinese_numeral(m.group("z"))
        if value is None or value < 10:
            continue
        followed = text[m.end():m.end() + 1]
        if not m.group("pct") and (not followed or followed not in _MEASURE):
            continue  # 十一黄金周, 三十而立: not a quantity
        found.append((m.group(), {Decimal(value)}, ""))
    return found


def _digits_in(text: str, form: str) -> bool:
    """Whether ``form`` ("35,000", "12") stands in ``text`` as a whole number."""
    start = text.find(form)
    while start >= 0:
        end = start + len(form)
        before, after = text[start - 1:start], text[end:end + 2]
        if not (before.isdigit() or before in (".", ",")) and not (
                after[:1].isdigit() or (after[:1] in (".", ",") and after[1:2].isdigit())):
            return True
        start = text.find(form, start + 1)
    return False


_SCALED = tuple((Decimal(10 ** e), w) for e, w in ((12, "trillion"), (9, "billion"),
                                                    (6, "million"), (3, "thousand")))
_THOUSANDTH = Decimal("0.001")


def _stated_as_written(text: str, values: frozenset[Decimal], unit: str) -> bool:
    """A quick look for a number in the target: its digits, or its month's name."""
    for value in values:
        if value == value.to_integral_value():
            whole = int(value)
            if _digits_in(text, str(whole)) or (whole >= 1000 and _digits_in(text, f"{whole:,}")):
                return True
            if unit == "月" and 1 <= whole <= 12 and _MONTH_NAME[whole].search(text):
                return True
        elif _digits_in(text, format(value.normalize(), "f")):
            return True
        for scale, word in _SCALED:  # "1,230 thousand", "1.23 million"
            if value >= scale:
                scaled = value / scale
                if scaled == scaled.quantize(_THOUSANDTH) and \
                        f"{scaled.normalize():,f} {word}" in text:
                    return True
    return False


ROUNDED_FROM = Decimal(100_000)


def _present(values: set[Decimal], stated: set[Decimal]) -> bool:
    """Whether a value is stated; large amounts may be rounded by up to 1% ("2.48亿" as
    "nearly 250 million"), years and counts may not."""
    for value in values:
        if value in stated:
            return True
        if value >= ROUNDED_FROM and any(abs(o - value) <= value / 100 for o in stated):
            return True
    return False


class NumberMissing(_SourceRule):
    """A number of the source that the target does not state, in any form.

    万 and 亿 amounts, Chinese numerals, dates and 24-hour times are compared by value,
    so "3.5万" is found as "35,000" or "35 thousand" and "5月" as "May".

    Wrong: (source 销量达到3.5万辆) Sales reached a new high.
    Right: Sales reached 35,000 vehicles.
    """

    code = "MT606"
    name = "number-missing"
    kind = "untranslated"
    summary = "number of the source missing from the target"

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        source = ctx.source or ""
        if not HAS_CJK.search(source) or not _mostly_latin(doc.text):
            return
        numbers = source_numbers(source)
        if not numbers:
            return
        text = doc.text
        missing = [(written, values) for written, values, unit in numbers
                   if not _stated_as_written(text, values, unit)]
        if missing:  # only now read every number the target states, words and all
            stated = target_numbers(text)
            missing = [(written, values) for written, values in missing
                       if not _present(values, stated)]
        missing = [written for written, _ in missing]
        if missing:
            listed = ", ".join(dict.fromkeys(missing))
            finding = self._whole(doc, f"numbers of the source missing from the target: {listed}")
            if finding:
                yield finding


_TARGET_LETTER = re.compile(r"[A-Za-z0-9\u00c0-\u024f]")
_SOURCE_LATIN = re.compile(r"[A-Za-z0-9]")
#: English letters a Chinese character of the source comes to in a translation: about
#: three in news and product text.
LETTERS_PER_HANZI = 3
#: A target longer than this many times its expected length, and by more than
#: :data:`LONG_SLACK` letters, says more than its source (1.9 at most in the parallel
#: news of WMT's evaluations; hallucinated sentences from 2.4).
LONG_RATIO, LONG_SLACK = 2.5, 20
#: A target shorter than this share of its expected length leaves part of it out.
SHORT_RATIO = 0.3
#: Sources shorter than this many Chinese characters are not compared: a short title
#: or an idiom may take many English words ("双十一", "Double Eleven shopping festival").
LONG_FROM, SHORT_FROM = 8, 20


class LengthMismatch(_SourceRule):
    """A target far longer or far shorter than a translation of its source would be.

    The expected length is three English letters for each Chinese character of the
    source (and each Latin letter or digit of the source as it is). A target more than
    2.5 times that long (and 20 letters over) holds something the source does not:
    neural MT's hallucinated sentences ("The article was published by the Associated
    Press." for a caption naming a news agency) or a merged segment. One under 0.3 times
    that long leaves part of the source out. Sources of fewer than 8 (20) characters
    are not compared, as translation memory tools do with their length checks.

    Wrong: (source 图片来自新华社，拍摄于二〇二三年三月) The Chinese government has not yet
    responded to the report, and officials declined to comment on the matter on Monday
    evening, citing the ongoing investigation into the incident and its causes.
    Right: (source 图片来自新华社，拍摄于二〇二三年三月) Photo: Xinhua, March 2023.
    """

    code = "MT607"
    name = "length-mismatch"
    kind = "untranslated"
    summary = "target far longer or shorter than a translation of its source"

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        source = ctx.source or ""
        hanzi = len(_CJK_LETTER.findall(source))
        if hanzi < LONG_FROM or not _mostly_latin(doc.text):
            return
        expected = LETTERS_PER_HANZI * hanzi + len(_SOURCE_LATIN.findall(source))
        letters = len(_TARGET_LETTER.findall(doc.text))
        if letters > LONG_RATIO * expected + LONG_SLACK:
            message = (f"target {letters / expected:.1f} times as long as a translation of "
                       f"its source ({hanzi} Chinese characters) would be: a sentence the "
                       f"source does not hold?")
        elif hanzi >= SHORT_FROM and letters < SHORT_RATIO * expected:
            message = (f"target {letters / expected:.1f} times as long as a translation of "
                       f"its source ({hanzi} Chinese characters) would be: part of it left "
                       f"out?")
        else:
            return
        finding = self._whole(doc, message)
        if finding:
            yield finding


_CJK_LETTER = re.compile(CJK_CHAR)

# Placeholders of software strings and markup, as translation memories and PO files
# carry them: printf ("%s", "%1$d", "%(count)d", "%@"), Python and .NET ("{0}",
# "{name}", "{name:>8}"), templates ("{{ user }}", "${total}") and tags ("<b>",
# "</a>", "<br/>"). No space flag in printf: "50% sales" is English, not "% s".
_PLACEHOLDER = re.compile(
    r"%(?:\d+\$)?[-+#0]*\d*(?:\.\d+)?(?:hh|h|ll|l|L|z|j|t|q)?[diouxXeEfFgGcsp@](?![A-Za-z])"
    r"|%\([^\W\d]\w*\)[-+#0 ]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|\{\{\s*[^\W\d][\w.]*\s*\}\}"
    r"|\$\{[^\W\d][\w.]*\}"
    r"|\{(?:\d+|[^\W\d][\w.]*)(?:![rsa])?(?::[^{}\n]{0,20})?\}"
    r"|</?[A-Za-z][\w:-]*(?:\s[^<>\n]*?)?/?>")
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^<>]*?(/?)>")


def placeholders(text: str) -> Counter:
    """The placeholders of ``text``, tags reduced to their names ("<a>", "</a>")."""
    found: Counter = Counter()
    for m in _PLACEHOLDER.finditer(text):
        token = m.group()
        if token.startswith("<"):
            tag = _TAG_NAME.match(token)
            token = f"<{tag.group(1)}{tag.group(2).lower()}{tag.group(3)}>" if tag else token
        elif token.startswith("{{"):
            token = "{{" + token[2:-2].strip() + "}}"
        found[token] += 1
    return found


class PlaceholderMismatch(_SourceRule):
    """A placeholder or tag of the source that the target lost or changed.

    Machine translation treats "%s", "{count}" and "<b>" as text: it spaces them
    ("% s"), widens them ("％d"), translates the name inside ("{数量}" becomes
    "{quantity}") or drops them, and the program that fills them in breaks. Each
    placeholder of the source must stand in the target as often, exactly as written
    (tags by name, their attributes may be translated).

    Wrong: (source 已删除 %d 个文件) Deleted % d files
    Right: (source 已删除 %d 个文件) Deleted %d files
    """

    code = "MT608"
    name = "placeholder-mismatch"
    kind = "untranslated"
    summary = "placeholder or tag of the source missing from the target ('%s', '{0}', '<b>')"

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        source = ctx.source or ""
        if not any(ch in source for ch in "%{$<"):
            return
        wanted = placeholders(source)
        if not wanted:
            return
        present = placeholders(doc.text)
        missing = wanted - present
        if not missing:
            return
        extra = present - wanted
        message = "placeholders of the source missing from the target: " + ", ".join(
            f"{token} (x{n})" if n > 1 else token for token, n in missing.items())
        if extra:
            message += "; the target has instead: " + ", ".join(extra)
        finding = self._whole(doc, message)
        if finding:
            yield finding


RULES = [CopiedSource, SameAsSource, NotEnglish, SourceCalque, GlossaryTermMissing,
         NumberMissing, LengthMismatch, PlaceholderMismatch]
