"""Throughput and memory of ``mtclean batch`` on a generated JSONL translation dump.

    python benchmarks/bench_batch.py                  # 1 GB dump; 1 and 2 workers, Dask
    python benchmarks/bench_batch.py --size-mb 100    # a smaller dump
    python benchmarks/bench_batch.py --runs local1,local2   # some of the runs only

The dump is generated once (seeded, so always the same) into ``benchmarks/data/``, which
git ignores. Each run is the command line in a child process, watched every 0.2 s: the
table gives units per second, the peak resident memory of the job process alone and of
the job with all its worker processes together, and the CPU time they used (all of them,
and the job process alone: reading, splicing, counting). The outputs
of all runs must be identical; the script says so or exits 1.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import psutil

DATA = Path(__file__).parent / "data"

# -- the dump -----------------------------------------------------------------------------

SUBJECTS = [
    ("公司", "the company"), ("新款手机", "the new phone"), ("这家车企", "the carmaker"),
    ("市场监管部门", "the market regulator"), ("研究团队", "the research team"),
    ("该平台", "the platform"), ("地方政府", "the local government"),
    ("这款电动车", "this electric car"), ("董事会", "the board"), ("用户", "users"),
]
VERBS = [
    ("发布了", "released"), ("宣布了", "announced"), ("推迟了", "postponed"),
    ("调整了", "adjusted"), ("公布了", "published"), ("扩大了", "expanded"),
    ("暂停了", "suspended"), ("完成了", "completed"),
]
OBJECTS = [
    ("季度财报", "its quarterly results"), ("降价计划", "a price cut"),
    ("新的充电网络", "a new charging network"), ("海外业务", "its overseas business"),
    ("隐私政策", "the privacy policy"), ("招聘计划", "the hiring plan"),
    ("自动驾驶功能", "the driver-assistance feature"), ("售后服务", "after-sales service"),
]
TAILS = [
    ("，引发了广泛关注", ", which drew wide attention"),
    ("，分析人士认为这一举措有利于长期发展", ", and analysts see the move as good for the long run"),
    ("，但细节尚未公开", ", but the details are not yet public"),
    ("，此前曾多次延期", ", after several delays"),
    ("，业内普遍表示欢迎", ", and the industry broadly welcomed it"),
]
STRAY = [("舆论环境", "public opinion environment"), ("性价比", "value for money"),
         ("内卷", "cutthroat competition"), ("新能源汽车", "new energy vehicles")]


def _segment(rng: random.Random, n: int) -> tuple[str, str]:
    """A (source, target) pair; most targets are clean English, some carry artifacts."""
    (zs, es), (zv, ev), (zo, eo), (zt, et) = (rng.choice(SUBJECTS), rng.choice(VERBS),
                                              rng.choice(OBJECTS), rng.choice(TAILS))
    month, day, amount = rng.randint(1, 12), rng.randint(1, 28), rng.randint(11, 999)
    source = f"{month}月{day}日，{zs}{zv}{zo}，涉及金额约{amount}万元{zt}。"
    date = f"{['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][month - 1]} {day}"
    target = (f"On {date}, {es} {ev} {eo}, involving about {amount * 10:,} thousand "
              f"yuan{et}.")
    target = target[0].upper() + target[1:]
    roll = rng.random()
    if roll < 0.08:  # full-width punctuation between English words
        target = target.replace(", ", "，", 1)
    elif roll < 0.11:  # Chinese left beside its gloss
        zh, en = rng.choice(STRAY)
        source += zh
        target = target.replace(eo, f"{eo} in the {zh} ({en})", 1)
    elif roll < 0.13:  # Chinese left with no gloss
        zh, _ = rng.choice(STRAY)
        source += zh
        target = target.replace(eo, f"{eo} and the {zh}", 1)
    elif roll < 0.14:  # untranslated
        target = source
    elif roll < 0.16:  # a number lost
        target = target.replace(f"about {amount * 10:,} thousand", "a large sum of", 1)
    return source, target


def generate(path: Path, size_mb: int) -> int:
    """Write a dump of at least ``size_mb`` megabytes; return its unit count."""
    rng = random.Random(20240521)
    limit = size_mb * 1024 * 1024
    written = units = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    previous = ("", "")
    with open(path, "w", encoding="utf-8") as out:
        while written < limit:
            source, target = _segment(rng, units)
            # Translation-memory exports carry the segment before as context.
            record = {
                "id": f"tm-{units:09d}",
                "project": rng.choice(["news", "retail", "auto", "support"]),
                "source": source,
                "target": target,
                "context": {"source": previous[0], "target": previous[1]},
                "meta": {"engine": "nmt-v3", "score": round(rng.random(), 4),
                         "created": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"},
            }
            previous = (source, target)
            line = json.dumps(record, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            units += 1
    return units


# -- the runs -----------------------------------------------------------------------------

RUNS = {
    "local1": ["--workers", "1"],
    "local2": ["--workers", "2"],
    "dask2": ["--engine", "dask", "--workers", "2"],
}


def _tree(process: psutil.Process) -> list[psutil.Process]:
    try:
        return [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def measure(dump: Path, name: str, args: list[str]) -> dict:
    out = DATA / f"out-{name}.jsonl"
    command = [sys.executable, "-m", "mtclean.batch", str(dump), "-o", str(out),
               "--no-progress", *args]
    started = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    job = psutil.Process(child.pid)
    peak_job = peak_tree = 0
    job_cpu = 0.0
    cpu: dict[int, float] = {}
    while child.poll() is None:
        total = 0
        for proc in _tree(job):
            try:
                rss = proc.memory_info().rss
                times = proc.cpu_times()
            except psutil.Error:
                continue
            total += rss
            cpu[proc.pid] = times.user + times.system
            if proc.pid == job.pid:
                peak_job = max(peak_job, rss)
                job_cpu = cpu[proc.pid]
        peak_tree = max(peak_tree, total)
        time.sleep(0.2)
    seconds = time.monotonic() - started
    stdout, stderr = child.communicate()
    if child.returncode not in (0, 1):
        sys.exit(f"{name} failed ({child.returncode}):\n{stderr}")
    units = int(stdout.split(": ", 1)[1].split(" units", 1)[0].replace(",", ""))
    digest = hashlib.sha256()
    with open(out, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return {"run": name, "command": " ".join(["mtclean batch", *command[3:]]),
            "units": units, "seconds": seconds, "units_per_s": units / seconds,
            "peak_job_mb": peak_job / 2**20, "peak_tree_mb": peak_tree / 2**20,
            "cpu_s": sum(cpu.values()), "job_cpu_s": job_cpu, "sha256": digest.hexdigest()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="dump size (default 1024)")
    parser.add_argument("--runs", default=",".join(RUNS),
                        help=f"comma-separated, from {', '.join(RUNS)}")
    parser.add_argument("--keep", action="store_true", help="keep the outputs")
    options = parser.parse_args()
    dump = DATA / f"dump-{options.size_mb}mb.jsonl"
    if not dump.exists():
        print(f"generating {dump} ...", flush=True)
        units = generate(dump, options.size_mb)
        print(f"  {units:,} units, {dump.stat().st_size / 2**20:,.0f} MB", flush=True)
    print(f"dump: {dump} ({dump.stat().st_size / 2**20:,.0f} MB); {os.cpu_count()} cores")
    results = []
    for name in options.runs.split(","):
        print(f"running {name} ...", flush=True)
        result = measure(dump, name, RUNS[name])
        results.append(result)
        print(f"  {result['command']}\n  {result['units']:,} units in "
              f"{result['seconds']:,.1f} s", flush=True)
    print()
    print(f"{'run':8} {'units/s':>9} {'seconds':>9} {'job MB':>8} {'tree MB':>8} "
          f"{'CPU s':>8} {'job CPU s':>10}")
    for r in results:
        print(f"{r['run']:8} {r['units_per_s']:9,.0f} {r['seconds']:9,.1f} "
              f"{r['peak_job_mb']:8,.0f} {r['peak_tree_mb']:8,.0f} {r['cpu_s']:8,.0f} "
              f"{r['job_cpu_s']:10,.0f}")
    by_name = {r["run"]: r for r in results}
    if "local1" in by_name and "local2" in by_name:
        speedup = by_name["local2"]["units_per_s"] / by_name["local1"]["units_per_s"]
        print(f"\n2 workers / 1 worker: {speedup:.2f}x")
    digests = {r["sha256"] for r in results}
    print("outputs identical" if len(digests) == 1 else "OUTPUTS DIFFER")
    if not options.keep:
        for r in results:
            (DATA / f"out-{r['run']}.jsonl").unlink(missing_ok=True)
    if len(digests) > 1:
        sys.exit(1)


if __name__ == "__main__":
    main()
