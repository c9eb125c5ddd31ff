"""Throughput of ``mtclean check`` beside a regex floor and codespell, and start-up time.

    python benchmarks/bench_throughput.py                 # 20 MB corpus, best of 3
    python benchmarks/bench_throughput.py --runs 5 --corpus FILE
    python benchmarks/bench_throughput.py --checkout /tmp/old   # another source tree

On the same file and in the same run, interleaved round by round, three commands:

- the floor: Python reads the file and counts the matches of one CJK character class
  (``re.finditer``), the least any checker of this text must do;
- ``codespell FILE``;
- ``mtclean check --format json FILE``, every default rule on, the JSON written to a
  file.

Each is a child process pinned to one core (``taskset -c 0``) and timed best of N by
wall clock; the CPU time it used is shown beside it, since the machine may be busy.
Start-up is ``mtclean check`` (and codespell) on a one-line file, best of ten, and
``mtclean check`` on one line holding a Chinese fragment to gloss.

The corpus is ``benchmarks/data/corpus-20mb.txt`` from ``make_corpus.py``, generated
when missing. Python's bytecode cache is on for the children (an installed package has
one) and kept under ``benchmarks/data/pycache``; start-up without it is shown too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE / "data"
CORPUS = DATA / "corpus-20mb.txt"

# The class mtclean.text.CJK_CHAR spells, written out here so that the floor imports
# nothing of mtclean.
CJK_CLASS = (
    "[\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3040-\u30ff\u3100-\u312f"
    "\u31a0-\u31bf\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\u1100-\u11ff\u3130-\u318f"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]"
)
FLOOR = (
    "import re, sys\n"
    "text = open(sys.argv[1], encoding='utf-8').read()\n"
    "print(sum(1 for _ in re.finditer(sys.argv[2], text)))\n"
)
#: What mtclean check should reach (see the Performance section of README.md).
TARGET_VS_CODESPELL = 2.0  # at least this many times codespell's throughput
TARGET_VS_FLOOR = 4.0  # at most this many times the floor's time
TARGET_STARTUP = 0.5  # seconds


def _pin() -> list[str]:
    return ["taskset", "-c", "0"] if shutil.which("taskset") else []


def run(command: list[str], env: dict, stdout=subprocess.DEVNULL) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, exit status) of one child process."""
    started = time.perf_counter()
    # Not from the repository's root: ``python -m mtclean`` would import the package
    # there before the one --checkout names.
    child = subprocess.Popen(command, stdout=stdout, stderr=subprocess.DEVNULL, env=env,
                             cwd=DATA)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, child.returncode


def staged(checkout: Path) -> Path:
    """A copy of ``checkout``'s package with its lexicons inside, as an install lays
    them out (``mtclean/lexicons``). Put first on PYTHONPATH: from the bare source tree,
    ``mtclean.lexicons`` would resolve through an editable install of this repository to
    *this* tree's lexicons, and a before-and-after would compare code but not data."""
    if not (checkout / "mtclean").is_dir() or not (checkout / "lexicons").is_dir():
        sys.exit(f"error: {checkout} is not a source tree of mtclean (no mtclean/ and lexicons/)")
    root = DATA / "checkout"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(checkout / "mtclean", root / "mtclean",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(checkout / "lexicons", root / "mtclean" / "lexicons", dirs_exist_ok=True)
    return root


def environment(checkout: Path | None, bytecode: bool) -> dict:
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(DATA / "pycache")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    if checkout is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(checkout),
                                                          env.get("PYTHONPATH", "")]))
    return env


def best(times: list[tuple[float, float, int]]) -> tuple[float, float]:
    return min(t[0] for t in times), min(t[1] for t in times)


def codespell_command() -> list[str]:
    found = Path(sys.executable).with_name("codespell")
    if found.exists():
        return [str(found)]
    if shutil.which("codespell"):
        return ["codespell"]
    sys.exit("error: codespell is missing: pip install -e '.[bench]'")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--runs", type=int, default=3, help="best of N (default 3)")
    parser.add_argument("--startup-runs", type=int, default=10)
    parser.add_argument("--checkout", type=Path, default=None,
                        help="run mtclean from this source tree, its lexicons included (a copy goes first on PYTHONPATH)")
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    args = parser.parse_args(argv)

    if not args.corpus.exists():
        if args.corpus != CORPUS:
            sys.exit(f"error: no corpus at {args.corpus}")
        subprocess.run([sys.executable, str(HERE / "make_corpus.py")], check=True)
    size = args.corpus.stat().st_size
    mb = size / 2**20
    pin = _pin()
    if args.checkout is not None:
        args.checkout = staged(args.checkout.resolve())
    env = environment(args.checkout, bytecode=True)
    mtclean = [sys.executable, "-m", "mtclean"]
    codespell = codespell_command()
    DATA.mkdir(exist_ok=True)

    print(f"corpus: {args.corpus} ({mb:.1f} MB); best of {args.runs}; "
          f"{'pinned to core 0' if pin else 'not pinned (no taskset): mtclean check is one process'}; "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "findings.json"
        commands = {
            "floor (read + CJK regex)": [*pin, sys.executable, "-c", FLOOR, str(args.corpus),
                                         CJK_CLASS],
            "codespell": [*pin, *codespell, str(args.corpus)],
            "mtclean check --format json": [*pin, *mtclean, "check", "--format", "json",
                                            str(args.corpus)],
        }
        # Warm the page cache and the bytecode cache before timing anything.
        for command in commands.values():
            run(command, env)
        times: dict[str, list] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                if name.startswith("mtclean"):
                    with open(out, "wb") as stream:
                        times[name].append(run(command, env, stdout=stream))
                else:
                    times[name].append(run(command, env))
        findings = len(json.loads(out.read_text(encoding="utf-8")))

        one_line = Path(tmp) / "one-line.txt"
        one_line.write_text("The launch went well, and orders open at noon.\n", encoding="utf-8")
        # A stray Chinese fragment to gloss: CC-CEDICT, jieba and the generated lexicon
        # load (from mtclean's cache, filled by the first of the runs).
        chinese_line = Path(tmp) / "one-line-chinese.txt"
        chinese_line.write_text("The launch went well, and 订单 open at noon.\n", encoding="utf-8")
        startup_commands = {
            "python -c pass": [*pin, sys.executable, "-c", "pass"],
            "codespell": [*pin, *codespell, str(one_line)],
            "mtclean check": [*pin, *mtclean, "check", str(one_line)],
            "mtclean check, Chinese fragment": [*pin, *mtclean, "check", str(chinese_line)],
        }
        startup = {name: [] for name in startup_commands}
        for _ in range(args.startup_runs):
            for name, command in startup_commands.items():
                startup[name].append(run(command, env))
        cold_env = environment(args.checkout, bytecode=False)
        startup["mtclean check, no bytecode cache"] = [
            run(startup_commands["mtclean check"], cold_env) for _ in range(args.startup_runs)]

    rows = {name: best(t) for name, t in times.items()}
    print(f"\n{'command':32} {'wall s':>7} {'MB/s':>7} {'CPU s':>7} {'MB/s CPU':>9}")
    for name, (wall, cpu) in rows.items():
        print(f"{name:32} {wall:7.2f} {mb / wall:7.1f} {cpu:7.2f} {mb / cpu:9.1f}")
    print(f"mtclean findings: {findings:,}")

    floor, spell, ours = rows.values()
    vs_spell = (spell[0] / ours[0], spell[1] / ours[1])
    vs_floor = (ours[0] / floor[0], ours[1] / floor[1])
    print(f"\nmtclean throughput / codespell's: {vs_spell[0]:.2f}x wall, {vs_spell[1]:.2f}x CPU "
          f"(target at least {TARGET_VS_CODESPELL:g}x)")
    print(f"mtclean time / floor's:           {vs_floor[0]:.2f}x wall, {vs_floor[1]:.2f}x CPU "
          f"(target at most {TARGET_VS_FLOOR:g}x)")

    print(f"\nstart-up on a one-line file, best of {args.startup_runs}:")
    starts = {name: best(t) for name, t in startup.items()}
    for name, (wall, cpu) in starts.items():
        print(f"  {name:34} {wall:6.3f} s wall {cpu:6.3f} s CPU")
    print(f"  (target for mtclean check: under {TARGET_STARTUP} s)")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "corpus": str(args.corpus), "mb": mb, "runs": args.runs, "findings": findings,
            "throughput": {n: {"wall": w, "cpu": c} for n, (w, c) in rows.items()},
            "startup": {n: {"wall": w, "cpu": c} for n, (w, c) in starts.items()},
            "raw": {n: t for n, t in {**times, **startup}.items()},
        }, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
