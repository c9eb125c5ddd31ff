"""The same job gives the same output on every engine and worker count.

One in-process worker, a local pool of two, a Dask cluster the job starts itself, and a
real Dask scheduler with two workers started here on the loopback interface: the output
dump and the JSON report must be identical byte for byte (but for the time taken).

And a job on a local pool or a local Dask cluster stops cleanly on Ctrl-C, whenever it
comes.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_harness import ENV
from click.testing import CliRunner

from mtclean.batch.command import batch
from mtclean.batch.engines.interrupts import dropped_interrupts_kept

SEGMENTS = [
    ("价格上涨，销量下降", "Prices rose，sales fell"),
    ("在关键的舆论环境中增长", "the critical舆论环境 (public opinion environment) grew"),
    ("一切正常", "Everything is fine."),
    ("欢迎光临", "欢迎光临"),
    ("销量达到3.5万辆", "Sales reached 35,000 vehicles."),
    ("销量达到3.5万辆", "Sales reached a new high."),
    ("会议在周一举行", "The meeting is on Monday，at noon，in Hall 2."),
    ("他说：好", "He said：fine"),
]


def make_dump(path: Path, units: int) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for i in range(units):
            source, target = SEGMENTS[(i * 7 + i // 5) % len(SEGMENTS)]
            out.write(json.dumps({"id": f"u{i}", "source": source, "target": target,
                                  "n": i}, ensure_ascii=i % 3 == 0) + "\n")
    return path


def run_job(dump: Path, out: Path, *extra) -> dict:
    report = out.with_suffix(".json")
    result = CliRunner().invoke(batch, [str(dump), "-o", str(out), "--report", str(report),
                                        "--chunk-size", "50", *map(str, extra)])
    assert result.exit_code == 1, result.output  # some findings are left for review
    data = json.loads(report.read_text(encoding="utf-8"))
    data.pop("seconds")
    data.pop("output")
    return data


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dask_scheduler():
    """A Dask scheduler and two single-threaded workers on 127.0.0.1.

    Bounded: the scheduler stops after two idle minutes and the workers half a minute
    after losing it, should this fixture's own teardown never run.
    """
    distributed = pytest.importorskip("distributed")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
         "--port", str(port), "--no-dashboard", "--dashboard-address", "127.0.0.1:0",
         "--idle-timeout", "120"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_worker", address, "--host", "127.0.0.1",
         "--nworkers", "2", "--nthreads", "1", "--no-dashboard",
         "--dashboard-address", "127.0.0.1:0", "--death-timeout", "30", "--memory-limit", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with distributed.Client(address, timeout="5s") as client:
                    client.wait_for_workers(2, timeout=60)
                break
            except (OSError, TimeoutError):
                if time.monotonic() > deadline or scheduler.poll() is not None:
                    raise
                time.sleep(0.5)
        yield address
    finally:
        for process in (workers, scheduler):
            process.terminate()
        for process in (workers, scheduler):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.mark.slow
def test_local_engines_agree(tmp_path):
    dump = make_dump(tmp_path / "dump.jsonl", 1200)
    one = run_job(dump, tmp_path / "one.jsonl", "--workers", "1")
    two = run_job(dump, tmp_path / "two.jsonl", "--workers", "2")
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert one == two
    assert one["units"] == 1200 and one["changed"] > 0 and one["findings"]["remaining"] > 0
    assert [s["index"] for s in one["segments"]] == sorted(s["index"] for s in one["segments"])


@pytest.mark.slow
def test_dask_engines_agree_with_local(tmp_path, dask_scheduler):
    dump = make_dump(tmp_path / "dump.jsonl", 1200)
    local = run_job(dump, tmp_path / "local.jsonl", "--workers", "1")
    remote = run_job(dump, tmp_path / "remote.jsonl", "--engine", "dask",
                     "--scheduler", dask_scheduler)
    assert (tmp_path / "local.jsonl").read_bytes() == (tmp_path / "remote.jsonl").read_bytes()
    assert local == remote


@pytest.mark.slow
def test_dask_engine_starts_its_own_cluster(tmp_path):
    pytest.importorskip("distributed")
    dump = make_dump(tmp_path / "dump.jsonl", 300)
    local = run_job(dump, tmp_path / "local.jsonl", "--workers", "1")
    own = run_job(dump, tmp_path / "own.jsonl", "--engine", "dask", "--workers", "2")
    assert (tmp_path / "local.jsonl").read_bytes() == (tmp_path / "own.jsonl").read_bytes()
    assert local == own


# -- Ctrl-C ------------------------------------------------------------------------------

INTERRUPTED = "mtclean: interrupted; run again with --resume to continue"


def _group(pgid: int) -> list[int]:
    """The live (not zombie) processes of process group ``pgid``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rpartition(")")[2].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[2]) == pgid and fields[0] not in "ZX":
            found.append(int(entry))
    return found


def _wait_for(what, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not what():
        assert time.monotonic() < deadline, "the job never got there"
        time.sleep(0.002)


@pytest.fixture(scope="module")
def long_dump(tmp_path_factory) -> Path:
    """A plain-text dump that takes a pool of workers far longer than any wait below."""
    path = tmp_path_factory.mktemp("long") / "dump.txt"
    targets = [target for _, target in SEGMENTS]
    with open(path, "w", encoding="utf-8") as out:
        for i in range(150_000):
            out.write(f"{targets[i % len(targets)]} {i}\n")
    return path


#: When to press Ctrl-C: once the first worker process exists, or the first checkpoint,
#: and so many seconds later. The workers load their rules during the first few tenths of
#: a second; that is where the job used to hang.
MOMENTS = [("worker", 0.0), ("worker", 0.05), ("worker", 0.1), ("worker", 0.2),
           ("checkpoint", 0.0), ("checkpoint", 0.5)]


def _interrupt(dump: Path, tmp_path: Path, options: list[str], after: str, delay: float,
               started: int) -> None:
    """Run a job with ``options``, press Ctrl-C once ``after`` came ("worker": ``started``
    processes in its group; "checkpoint": the first checkpoint) and ``delay`` seconds more,
    and check that it stopped cleanly."""
    out = tmp_path / "out.txt"
    checkpoint = tmp_path / "out.txt.mtclean-batch" / "checkpoint.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mtclean", "batch", str(dump), "-o", str(out), *options,
         "--chunk-size", "50", "--checkpoint-every", "0", "--no-progress"],
        env=ENV, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        if after == "worker":
            _wait_for(lambda: len(_group(proc.pid)) >= started)
        else:
            _wait_for(checkpoint.exists)
        time.sleep(delay)
        assert proc.poll() is None, "the job ended before it was interrupted"
        os.killpg(proc.pid, signal.SIGINT)
        try:
            code = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail("still running 10 s after Ctrl-C")
        err = proc.stderr.read().decode("utf-8", "backslashreplace")
        assert code == 130, err
        assert "Traceback" not in err, err
        assert err.strip().splitlines()[-1] == INTERRUPTED, err
        if after == "checkpoint":
            assert checkpoint.exists()
        assert not out.exists()
        # The forkserver and the resource tracker leave as soon as they see the job go.
        deadline = time.monotonic() + 5
        while _group(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _group(proc.pid) == [], "processes left behind"
    finally:
        if proc.poll() is None or _group(proc.pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.stderr.close()


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("after, delay", MOMENTS, ids=[f"{a}+{d}s" for a, d in MOMENTS])
def test_ctrl_c_stops_a_pool_job_promptly(long_dump, tmp_path, after, delay):
    """Ctrl-C (SIGINT to the whole process group, workers included) exits 130 within
    seconds, says how to resume, keeps the checkpoint and leaves no process behind.

    Workers used to die of it as they started, breaking the pool under the job while it
    shut the pool down: tracebacks, and now and then a job that never exited.
    """
    # The job, the resource tracker, the forkserver, a worker.
    _interrupt(long_dump, tmp_path, ["--workers", "4"], after, delay, started=4)


#: While the local cluster starts (its first worker is importing), and while it checks.
DASK_MOMENTS = [("worker", 0.2), ("checkpoint", 0.0)]


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("after, delay", DASK_MOMENTS,
                         ids=[f"{a}+{d}s" for a, d in DASK_MOMENTS])
def test_ctrl_c_stops_a_dask_job_promptly(long_dump, tmp_path, after, delay):
    """The same on a local Dask cluster the job started, whose worker processes are in
    the job's process group too.

    They used to die of the Ctrl-C, printing their tracebacks, and take the job's spec
    with them: when the job's own exception was lost (see the test below), it failed on a
    cancelled chunk with status 1.
    """
    pytest.importorskip("distributed")
    # The job, the resource tracker, a worker.
    _interrupt(long_dump, tmp_path, ["--engine", "dask", "--workers", "2"], after, delay,
               started=3)


def test_an_interrupt_python_dropped_is_raised_again(capsys):
    """A Ctrl-C's exception raised in a garbage-collector callback (Dask's scheduler hooks
    one into every collection) cannot leave it; the Dask engine raises it between chunks,
    and nothing is printed about it."""
    def callback(phase, info):
        raise SystemExit(130)

    with dropped_interrupts_kept() as raise_dropped:
        raise_dropped()  # nothing was dropped yet
        gc.callbacks.append(callback)
        try:
            gc.collect()
        finally:
            gc.callbacks.remove(callback)
        with pytest.raises(SystemExit) as raised:
            raise_dropped()
    assert raised.value.code == 130
    assert capsys.readouterr().err == ""
