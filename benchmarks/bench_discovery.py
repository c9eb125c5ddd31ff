#!/usr/bin/env python3
"""Measure calque discovery: recall on calques nobody listed, false positives in native
English.

1. Hold-out recall. The curated entries (``lexicons/*.toml``, every tier but
   ``generated``) are split in two halves by a hash of their Chinese. The generator
   runs deduplicating against one half only, as if the other half had never been
   written; recall, for calques and for names apart, is the share of held-out entries
   one of whose renderings the generated lexicon holds (and, looser, the share whose
   Chinese it covers at all).
2. Gold recall. The calque and entity artifacts of the public evaluation set
   (``hadqaet-mqm``), which the generator never reads: how many the discovery rules
   (MT701..MT705) catch that the curated lexicons (MT401, MT402) miss. The same for the
   five seed articles, for information.
3. False positives. Lines of native English that the filter never saw: the half of
   Debian's fortune cookies it keeps aside (``reference_half`` 1) and the prose of
   Python's reference topics. Reported per 1,000 lines three ways: every match of a
   generated rendering (no evidence gate), the discovery rules' findings as they run,
   and their findings with the gate forced open (each cookie prefixed with a sentence
   naming Beijing), the worst case of native English about China.

Installs Debian's ``fortunes``, ``fortunes-min``, ``wordnet-base``, ``dict-gcide`` and
``dict-jargon`` with apt-get when they are missing.
Usage: ``python benchmarks/bench_discovery.py [--eval /work/shared/eval]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import time
import tomllib
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DISCOVERY = frozenset({"MT701", "MT702", "MT703", "MT704", "MT705"})
LEXICAL = frozenset({"MT401", "MT402"})
OPEN_GATE = "Reported from Beijing. "


def load_generator():
    spec = importlib.util.spec_from_file_location(
        "generate_calques", ROOT / "scripts" / "generate_calques.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_calques"] = module
    spec.loader.exec_module(module)
    return module


def ensure_references(gen) -> None:
    """Install the Debian packages of reference English the generator reads."""
    missing = gen.missing_references()
    if not missing:
        return
    if shutil.which("apt-get") is None:
        raise SystemExit(f"error: install the packages {' '.join(missing)} (no apt-get here)")
    subprocess.run(["apt-get", "install", "-y", *missing], check=True,
                   stdout=subprocess.DEVNULL)


def curated_entries(lexicon_dir: Path) -> list[dict]:
    """The calque and entity entries of every curated lexicon."""
    entries = []
    for path in sorted(lexicon_dir.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if data.get("lexicon", {}).get("tier") in ("generated", "glossary"):
            continue
        entries += [e for e in data.get("entry", []) if e.get("match")]
    return entries


def held_out(entry: dict) -> bool:
    return zlib.crc32(entry["zh"].encode("utf-8")) & 1 == 1


def holdout_recall(gen, lexicon_dir: Path) -> None:
    curated = curated_entries(lexicon_dir)
    held = [e for e in curated if held_out(e)]
    exclude = {m.lower() for e in held for m in e["match"]}
    entries = gen.run(lexicon_dir=lexicon_dir, exclude=exclude, log=lambda m: None)
    renderings = {m.lower() for e in entries for m in e["match"]}
    covered_zh = {e["zh"] for e in entries}
    for kind in ("calque", "entity"):
        total = sum(1 for e in curated if e.get("kind") == kind)
        out = [e for e in held if e.get("kind") == kind]
        hits = [e for e in out if any(m.lower() in renderings for m in e["match"])]
        same_zh = [e for e in out if e["zh"] in covered_zh]
        print(f"hold-out, {kind}: {total} curated entries, {len(out)} held out")
        if out:
            print(f"  recall (a held-out rendering generated): {len(hits)}/{len(out)}"
                  f" = {len(hits) / len(out):.1%}")
            print(f"  Chinese covered (some rendering of the same word): {len(same_zh)}/"
                  f"{len(out)} = {len(same_zh) / len(out):.1%}")
            for e in hits:
                print(f"    reproduced: {e['zh']} {e['match'][0]!r}")


def gold_recall(name: str, texts: dict[str, str], gold: list[dict]) -> None:
    from mtclean import Config, check_text

    wanted = [g for g in gold if g["kind"] in ("calque", "entity") and g["file"] in texts]
    found: dict[str, dict[int, list]] = {}
    for file, text in texts.items():
        lines = found.setdefault(file, {})
        for f in check_text(text, Config(select=DISCOVERY | LEXICAL)):
            line = text.count("\n", 0, f.start) + 1
            col = f.start - (text.rfind("\n", 0, f.start) + 1) + 1
            lines.setdefault(line, []).append((col, col + f.end - f.start, f.rule))

    def caught(g, rules):
        return any(r in rules and s < g["end_column"] and g["column"] < e
                   for s, e, r in found.get(g["file"], {}).get(g["line"], []))

    missed = [g for g in wanted if not caught(g, LEXICAL)]
    new = [g for g in missed if caught(g, DISCOVERY)]
    total_discovery = sum(1 for lines in found.values() for hits in lines.values()
                          for *_, r in hits if r in DISCOVERY)
    print(f"{name}: {len(wanted)} calque/entity artifacts, {len(missed)} not caught by "
          f"MT401/MT402; discovery catches {len(new)}/{len(missed)}"
          + (f" = {len(new) / len(missed):.1%}" if missed else "")
          + f"; discovery findings in all: {total_discovery}")
    for g in new:
        print(f"    caught: {g['text']!r}")


def false_positives(gen, corpora: dict[str, list[list[str]]]) -> None:
    """``corpora``: name -> documents, each a list of lines."""
    from mtclean import Config, check_text

    lexicon = tomllib.loads((ROOT / "lexicons" / "generated.toml").read_text("utf-8"))
    finder = gen.PhraseFinder(m.lower() for e in lexicon["entry"] for m in e["match"])
    config = Config(select=DISCOVERY)
    for name, docs in corpora.items():
        lines = sum(len(d) for d in docs)
        raw, gated, opened, examples = 0, 0, 0, []
        started = time.perf_counter()
        for doc in docs:
            text = "\n".join(doc)
            hits = finder.find(text)
            raw += len(hits)
            examples += sorted(hits)
            gated += len(check_text(text, config))
            opened += sum(1 for f in check_text(OPEN_GATE + text, config))
        seconds = time.perf_counter() - started
        per = 1000 / max(lines, 1)
        print(f"{name}: {lines} lines in {len(docs)} documents ({seconds:.1f} s)")
        for label, count in (("generated renderings matched, no gate", raw),
                             ("discovery findings as run", gated),
                             ("discovery findings, gate forced open", opened)):
            print(f"  {label + ':':40} {count} = {count * per:.2f} per 1,000 lines")
        if examples:
            print(f"  renderings seen: {', '.join(examples[:20])}")


def fortune_documents(gen) -> list[list[str]]:
    """The cookies whose lines all fall in the measuring half."""
    docs, current = [], []
    for path in sorted(gen.FORTUNES_DIR.iterdir()):
        if path.suffix or not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines() + ["%"]:
            if line.strip() == "%":
                kept = [x for x in current if x.strip() and gen.reference_half(x) == 1]
                if kept:
                    docs.append(kept)
                current = []
            else:
                current.append(line)
    return docs


def python_prose() -> list[list[str]]:
    """Prose lines of Python's reference topics (no code: they end in a full stop)."""
    from pydoc_data.topics import topics

    docs = []
    for _, text in sorted(topics.items()):
        lines = [x.strip() for x in text.splitlines()
                 if len(x.split()) >= 6 and x.strip().endswith(".") and not x.startswith("   ")]
        if lines:
            docs.append(lines)
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=Path("/work/shared/eval"))
    parser.add_argument("--lexicons", type=Path, default=ROOT / "lexicons")
    args = parser.parse_args(argv)
    gen = load_generator()
    ensure_references(gen)

    holdout_recall(gen, args.lexicons)
    public = args.eval / "public"
    if (public / "hadqaet-mqm.gold.jsonl").exists():
        gold = [json.loads(x) for x in (public / "hadqaet-mqm.gold.jsonl").open(encoding="utf-8")]
        texts = {"hadqaet-mqm.txt": (public / "hadqaet-mqm.txt").read_text(encoding="utf-8")}
        gold_recall("public eval (hadqaet-mqm)", texts, gold)
    seeds = args.eval.parent / "seeds"
    if (args.eval / "seeds.gold.jsonl").exists() and seeds.is_dir():
        gold = [json.loads(x) for x in (args.eval / "seeds.gold.jsonl").open(encoding="utf-8")]
        texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))}
        gold_recall("seed articles", texts, gold)
    false_positives(gen, {"fortunes (held-out half)": fortune_documents(gen),
                          "Python reference prose": python_prose()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
