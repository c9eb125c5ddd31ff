"""Killing ``mtclean fix`` at any moment leaves each file whole: the old version or the new.

A fixed file is written to a temporary file beside it, flushed to disk and renamed over
it (mtclean/textio.py). These tests kill real ``mtclean fix`` processes that are
rewriting a 20 MB file, many times at seeded random moments, and check the file after
each kill against the two versions it may be.

SIGKILL cannot be caught, so a kill between the temporary file's creation and the rename
leaves that file behind. It is recognisable (``.NAME.XXXXXXXX.mtclean``, hidden, beside
NAME), holds only a copy of the new text, and mtclean never reads it: directory walks
pass over hidden files. mtclean does not delete such files on its next run: another
mtclean run (pre-commit starts several at once) may be writing its own temporary file
in the same folder, and a name alone cannot tell a stale one from a live one.
SIGTERM and Ctrl-C unwind, and leave nothing behind.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_harness import ENV, mtclean

KILLS = 24
SEED = 20240521
#: Only MT201 runs: crash safety does not depend on the rules, and a cheap check leaves
#: more of each run to the rewriting the kills are aimed at.
FIX = ("fix", "--select", "MT201")


def _dump(size: int) -> bytes:
    """About ``size`` bytes of English lines with a full-width comma every few lines."""
    rng = random.Random(SEED)
    words = ("the market price of the new phone rose sharply after the launch and "
             "analysts said demand was strong").split()
    lines, total = [], 0
    while total < size:
        line = " ".join(rng.choice(words) for _ in range(14))
        if rng.random() < 0.2:
            line = line.replace(" said ", "，said ", 1)
        lines.append(line + ".\n")
        total += len(lines[-1])
    return "".join(lines).encode()


def _temporary_files(folder: Path, name: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != name)


TEMPORARY = re.compile(r"^\.dump\.txt\.[A-Za-z0-9_]+\.mtclean$")


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """(old bytes, new bytes, seconds a whole run takes, seconds its write takes)."""
    folder = tmp_path_factory.mktemp("reference")
    old = _dump(20 << 20)
    path = folder / "dump.txt"
    path.write_bytes(old)
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "mtclean", *FIX, str(path)], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    writing = None
    while proc.poll() is None:
        if writing is None and _temporary_files(folder, "dump.txt"):
            writing = time.monotonic()
        time.sleep(0.002)
    ended = time.monotonic()
    assert proc.returncode == 0
    new = path.read_bytes()
    assert new != old and _temporary_files(folder, "dump.txt") == []
    return old, new, ended - started, ended - (writing or started)


def _kill_once(folder: Path, old: bytes, delay: float, after_write_starts: bool,
               sig: int) -> tuple[bytes, list[str], int]:
    path = folder / "dump.txt"
    path.write_bytes(old)
    proc = subprocess.Popen([sys.executable, "-m", "mtclean", *FIX, str(path)], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if after_write_starts:
            while proc.poll() is None and not _temporary_files(folder, "dump.txt"):
                time.sleep(0.001)
        time.sleep(delay)
        proc.send_signal(sig)
    finally:
        proc.wait()
    return path.read_bytes(), _temporary_files(folder, "dump.txt"), proc.returncode


@pytest.mark.slow
def test_sigkill_at_random_moments_leaves_the_old_or_the_new_file(versions, tmp_path):
    old, new, run_seconds, write_seconds = versions
    rng = random.Random(SEED)
    outcomes = {"old": 0, "new": 0, "temporary file left": 0, "killed": 0}
    for n in range(KILLS):
        # Half the kills at any moment of a run, half once the temporary file exists.
        after_write_starts = n % 2 == 1
        window = write_seconds if after_write_starts else run_seconds
        delay = rng.uniform(0, window * 1.2)
        data, left, code = _kill_once(tmp_path, old, delay, after_write_starts,
                                      signal.SIGKILL)
        assert data in (old, new), f"kill {n} after {delay:.3f} s left a mangled file"
        outcomes["old" if data == old else "new"] += 1
        outcomes["killed"] += code == -signal.SIGKILL
        assert all(TEMPORARY.match(name) for name in left), left
        if left:
            outcomes["temporary file left"] += 1
            # What a kill leaves is the new text, whole or in part, and never read.
            proc = mtclean("check", "--select", "MT201", ".", cwd=tmp_path)
            assert "in 1 file" in proc.stderr
            for name in left:
                assert new.startswith((tmp_path / name).read_bytes())
                os.unlink(tmp_path / name)
    print(f"\n{KILLS} kills (run {run_seconds:.2f} s, write {write_seconds:.3f} s): "
          f"{outcomes}")
    assert outcomes["killed"] >= KILLS // 2  # most kills landed while it was running


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_terminated_while_writing_leaves_no_temporary_file(versions, tmp_path, sig):
    old, new, _, write_seconds = versions
    rng = random.Random(SEED + sig)
    for _ in range(6):
        data, left, code = _kill_once(tmp_path, old, rng.uniform(0, write_seconds), True, sig)
        assert data in (old, new)
        assert left == [], f"signal {sig} left {left}"
        assert code in (0, 128 + sig, -sig, 130), code
