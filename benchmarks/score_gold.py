"""Score mtclean against gold artifact files, and count its findings on native English.

Three measurements, each a subcommand (default: ``gold``):

``gold``
    Runs ``python -m mtclean check --format json`` over the texts of the evaluation sets
    (``seeds/*.txt`` and ``eval/public/hadqaet-mqm.txt`` under ``--shared``) and scores
    the findings against their gold files (``eval/seeds.gold.jsonl``,
    ``eval/public/hadqaet-mqm.gold.jsonl``). A finding catches a gold artifact when it
    overlaps the artifact's span on its line; a suggestion matches when it contains
    one of the artifact's ``accept`` keywords (case-insensitive). Prints recall by kind
    and grade, suggestion match (first suggestion, and any suggestion), and lists the
    findings that overlap no gold span so a person can judge them.
``native``
    Findings per 1,000 lines of native English prose: the fortune cookies of Debian's
    ``fortunes`` package (``/usr/share/games/fortunes``), installed with apt-get when
    missing. Lists every finding.
``books``
    The same count on three more books of native English from Debian's packages
    (installed with apt-get when missing): the Devil's Dictionary, the Jargon File and
    GCIDE, Webster's 1913 dictionary with centuries of quotations. (The calque
    generator reads the last two as reference English, so they are not held out from
    MT701; for every other rule they are.)
``negatives``
    Runs every negative example of every lexicon entry through all rules; each finding
    there is a false positive.

``--direct`` calls :func:`mtclean.check_text` in this process instead of the command
line (for profiling, or where the CLI cannot run).

Usage::

    python benchmarks/score_gold.py [gold|native|books|negatives|all] [--shared DIR] [--direct]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FORTUNES = Path("/usr/share/games/fortunes")
TARGETS = {"must_recall": 0.90, "must_suggestion": 0.70, "native_per_1000": 0.5}


# -- running mtclean ----------------------------------------------------------------


def _cli_available() -> bool:
    sys.path.insert(0, str(REPO))
    try:
        return importlib.util.find_spec("mtclean.cli") is not None
    finally:
        sys.path.pop(0)


def run_cli(paths: list[Path], extra_args: tuple[str, ...] = ()) -> list[dict]:
    """Findings of ``mtclean check --format json`` over ``paths`` (in chunks)."""
    findings: list[dict] = []
    # Run outside the repository so no project configuration file is picked up.
    with tempfile.TemporaryDirectory() as cwd:
        for i in range(0, len(paths), 200):
            chunk = [str(p) for p in paths[i:i + 200]]
            proc = subprocess.run(
                [sys.executable, "-m", "mtclean", "check", "--format", "json",
                 *extra_args, *chunk],
                capture_output=True, text=True, cwd=cwd,
                env={**_env(), "PYTHONPATH": str(REPO)},
            )
            if proc.returncode not in (0, 1):
                raise SystemExit(f"mtclean check failed ({proc.returncode}):\n{proc.stderr}")
            out = proc.stdout.strip()
            if out:
                findings.extend(json.loads(out))
    return findings


def _env() -> dict:
    import os
    return dict(os.environ)


def run_direct(paths: list[Path]) -> list[dict]:
    """The same records as the JSON output, from :func:`mtclean.check_text`."""
    sys.path.insert(0, str(REPO))
    from mtclean import check_text
    from mtclean.text import Document

    findings = []
    for path in paths:
        text = path.read_bytes().decode("utf-8", errors="replace")
        doc = Document(text)
        for f in check_text(text):
            line, column = doc.position(f.start)
            end_line, end_column = doc.position(f.end)
            findings.append({
                "path": str(path), "line": line, "column": column, "end_line": end_line,
                "end_column": end_column, "rule": f.rule, "name": f.name, "kind": f.kind,
                "text": f.text, "message": f.message,
                "suggestions": [s.replacement for s in f.suggestions], "safe": f.safe,
            })
    return findings


def findings_for(paths: list[Path], direct: bool) -> list[dict]:
    if direct or not _cli_available():
        return run_direct(paths)
    return run_cli(paths)


# -- gold ---------------------------------------------------------------------------


def _overlaps(finding: dict, gold: dict) -> bool:
    line = gold["line"]
    if not finding["line"] <= line <= finding.get("end_line", finding["line"]):
        return False
    start = finding["column"] if finding["line"] == line else 1
    end = finding["end_column"] if finding.get("end_line", line) == line else 10 ** 9
    return start < gold["end_column"] and gold["column"] < end


def _accepts(suggestion: str, accept: list[str]) -> bool:
    return any(a.lower() in suggestion.lower() for a in accept)


def gold_sets(shared: Path) -> dict[str, tuple[list[Path], list[dict]]]:
    seeds = sorted((shared / "seeds").glob("*.txt"))
    public = [shared / "eval" / "public" / "hadqaet-mqm.txt"]
    sets = {}
    for name, texts, gold in (
        ("seeds", seeds, shared / "eval" / "seeds.gold.jsonl"),
        ("public", public, shared / "eval" / "public" / "hadqaet-mqm.gold.jsonl"),
    ):
        texts = [p for p in texts if p.is_file()]
        if not texts or not gold.is_file():
            print(f"{name}: no texts or no gold file under {shared}", file=sys.stderr)
            continue
        rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()
                if line.strip()]
        sets[name] = (texts, rows)
    return sets


def score(name: str, rows: list[dict], findings: list[dict], *, show: int) -> dict:
    by_line: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for f in findings:
        for line in range(f["line"], f.get("end_line", f["line"]) + 1):
            by_line[(Path(f["path"]).name, line)].append(f)
    caught = Counter()
    total = Counter()
    best_ok = Counter()
    any_ok = Counter()
    with_accept = Counter()
    used: set[int] = set()
    misses = []
    wrong_fix = []
    for row in rows:
        key = (row["kind"], row["grade"])
        total[key] += 1
        hits = [f for f in by_line[(row["file"], row["line"])] if _overlaps(f, row)]
        used.update(id(f) for f in hits)
        if not hits:
            misses.append(row)
            continue
        caught[key] += 1
        accept = row.get("accept") or []
        if accept:
            with_accept[key] += 1
            first = any(f["suggestions"] and _accepts(f["suggestions"][0], accept) for f in hits)
            anywhere = any(_accepts(s, accept) for f in hits for s in f["suggestions"])
            best_ok[key] += first
            any_ok[key] += anywhere
            if not anywhere:
                wrong_fix.append((row, hits))
    extra = [f for f in findings if id(f) not in used]

    print(f"\n== {name}: {len(rows)} gold artifacts, {len(findings)} findings ==")
    print(f"{'kind':<14}{'grade':<7}{'recall':>16}{'first suggestion':>22}{'any suggestion':>20}")
    for key in sorted(total):
        print(f"{key[0]:<14}{key[1]:<7}{_ratio(caught[key], total[key]):>16}"
              f"{_ratio(best_ok[key], with_accept[key]):>22}"
              f"{_ratio(any_ok[key], with_accept[key]):>20}")
    summary = {}
    for grade in ("must", "ok"):
        keys = [k for k in total if k[1] == grade]
        if not keys:
            continue
        t = sum(total[k] for k in keys)
        c = sum(caught[k] for k in keys)
        w = sum(with_accept[k] for k in keys)
        b = sum(best_ok[k] for k in keys)
        a = sum(any_ok[k] for k in keys)
        print(f"{'all':<14}{grade:<7}{_ratio(c, t):>16}{_ratio(b, w):>22}{_ratio(a, w):>20}")
        summary[grade] = {"recall": c / t, "first": b / w if w else None,
                          "any": a / w if w else None}
    print(f"findings overlapping no gold span: {len(extra)} of {len(findings)}; by rule: "
          + ", ".join(f"{r} {n}" for r, n in Counter(f["rule"] for f in extra).most_common()))
    if show:
        _listing("missed (must)", [r for r in misses if r["grade"] == "must"], show,
                 lambda r: f"{r['file']}:{r['line']}:{r['column']} {r['kind']} {r['text']!r} "
                           f"accept {r.get('accept', [])[:3]}")
        _listing("caught, no acceptable suggestion", wrong_fix, show,
                 lambda p: f"{p[0]['file']}:{p[0]['line']} {p[0]['text']!r} -> "
                           f"{[s for f in p[1] for s in f['suggestions']][:3]} "
                           f"accept {p[0].get('accept', [])[:3]}")
        _listing("findings overlapping no gold span", extra, show, _describe)
    return summary


def _describe(f: dict) -> str:
    suggestion = f["suggestions"][0] if f["suggestions"] else ""
    return (f"{Path(f['path']).name}:{f['line']}:{f['column']} {f['rule']} {f['text']!r}"
            f" -> {suggestion!r}")


def _listing(title: str, items: list, limit: int, fmt) -> None:
    if not items:
        return
    print(f"-- {title} ({len(items)}) --")
    for item in items[:limit]:
        print("  " + fmt(item))
    if len(items) > limit:
        print(f"  ... {len(items) - limit} more")


def _ratio(n: int, d: int) -> str:
    return f"{n}/{d} {100 * n / d:5.1f}%" if d else "-"


def gold(args) -> int:
    sets = gold_sets(args.shared)
    failed = False
    for name, (texts, rows) in sets.items():
        started = time.perf_counter()
        findings = findings_for(texts, args.direct)
        summary = score(name, rows, findings, show=args.show)
        print(f"({time.perf_counter() - started:.1f} s)")
        if name == "seeds" and "must" in summary:
            must = summary["must"]
            ok = must["recall"] >= TARGETS["must_recall"] and \
                (must["first"] or 0) >= TARGETS["must_suggestion"]
            print(f"targets (must recall >= 90%, suggestion match >= 70%): "
                  f"{'met' if ok else 'NOT met'}")
            failed |= not ok
    return 1 if failed and args.strict else 0


# -- native English ------------------------------------------------------------------


def _ensure_fortunes() -> list[Path]:
    if not FORTUNES.is_dir() and shutil.which("apt-get"):
        print("installing Debian's fortunes package (apt-get install fortunes)...",
              file=sys.stderr)
        subprocess.run(["apt-get", "install", "-y", "-q", "fortunes"], check=False,
                       capture_output=True)
    if not FORTUNES.is_dir():
        raise SystemExit(f"{FORTUNES} not found: install Debian's 'fortunes' package "
                         "(sudo apt-get install fortunes)")
    return sorted(p for p in FORTUNES.iterdir()
                  if p.is_file() and not p.is_symlink() and p.suffix not in (".dat", ".u8"))


def native(args) -> int:
    files = _ensure_fortunes()
    lines = sum(sum(1 for line in p.read_bytes().splitlines() if line.strip() != b"%")
                for p in files)
    started = time.perf_counter()
    findings = findings_for(files, args.direct)
    elapsed = time.perf_counter() - started
    rate = 1000 * len(findings) / lines
    print(f"\n== native English: {len(files)} fortune files, {lines} lines, "
          f"{len(findings)} findings ({elapsed:.1f} s) ==")
    print(f"findings per 1,000 lines: {rate:.2f} (target <= {TARGETS['native_per_1000']})")
    print("by rule: " + ", ".join(f"{r} {n}" for r, n in
                                  Counter(f["rule"] for f in findings).most_common()))
    _listing("findings", findings, args.show, _describe)
    return 1 if args.strict and rate > TARGETS["native_per_1000"] else 0


DICTD = Path("/usr/share/dictd")
#: Debian packages of native English beyond the fortunes: the Devil's Dictionary, the
#: Jargon File (hackers' English) and GCIDE (Webster's 1913 with its quotations).
BOOKS = {"devil": "dict-devil", "jargon": "dict-jargon", "gcide": "dict-gcide"}


def _book_lines(path: Path) -> list[str]:
    """A dictd book's lines; a line that is not UTF-8 is read as windows-1252 (GCIDE
    holds a few such bytes)."""
    import gzip

    lines = []
    for raw in gzip.open(path).read().splitlines():
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode("cp1252", "replace"))
    return lines


def books(args) -> int:
    missing = [pkg for name, pkg in BOOKS.items() if not (DICTD / f"{name}.dict.dz").exists()]
    if missing and shutil.which("apt-get"):
        print(f"installing {' '.join(missing)} with apt-get...", file=sys.stderr)
        subprocess.run(["apt-get", "install", "-y", "-q", *missing], check=False,
                       capture_output=True)
    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in BOOKS:
            source = DICTD / f"{name}.dict.dz"
            if not source.exists():
                print(f"\n== {name}: {source} not found, skipped ==")
                continue
            lines = _book_lines(source)
            path = Path(tmp) / f"{name}.txt"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            started = time.perf_counter()
            findings = findings_for([path], args.direct)
            elapsed = time.perf_counter() - started
            rate = 1000 * len(findings) / len(lines)
            print(f"\n== native English, {name}: {len(lines)} lines, {len(findings)} "
                  f"findings ({elapsed:.1f} s) ==")
            print(f"findings per 1,000 lines: {rate:.2f} (target <= "
                  f"{TARGETS['native_per_1000']})")
            if findings:
                print("by rule: " + ", ".join(f"{r} {n}" for r, n in
                                              Counter(f["rule"] for f in findings).most_common()))
            _listing("findings", findings, args.show, _describe)
            if args.strict and rate > TARGETS["native_per_1000"]:
                status = 1
    return status


# -- negative examples --------------------------------------------------------------


def negatives(args) -> int:
    sys.path.insert(0, str(REPO))
    from mtclean import check_text
    from mtclean.lexicon import load, shipped_files

    entries = [e for e in load(shipped_files()) if e.negative]
    examples = [(e, s) for e in entries for s in e.negative]
    bad = []
    for entry, sentence in examples:
        for f in check_text(sentence):
            bad.append((entry, sentence, f))
    print(f"\n== negative examples: {len(examples)} sentences from {len(entries)} entries, "
          f"{len(bad)} findings (target 0) ==")
    _listing("findings", bad, args.show,
             lambda b: f"{b[0].where}: {b[2].rule} {b[2].text!r} in {b[1]!r}")
    return 1 if args.strict and bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", nargs="?", default="gold",
                        choices=("gold", "native", "books", "negatives", "all"))
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                        help="folder holding seeds/ and eval/ (default: ../shared)")
    parser.add_argument("--direct", action="store_true",
                        help="call check_text in this process instead of the CLI")
    parser.add_argument("--show", type=int, default=40,
                        help="list at most this many items per listing (default 40)")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when a target is not met")
    args = parser.parse_args(argv)
    modes = ("gold", "native", "books", "negatives") if args.mode == "all" else (args.mode,)
    status = 0
    for mode in modes:
        status |= {"gold": gold, "native": native, "books": books,
                   "negatives": negatives}[mode](args)
    return status


if __name__ == "__main__":
    sys.exit(main())
