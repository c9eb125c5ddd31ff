"""The local engine: a pool of worker processes on this machine, or none at all.

With one worker the chunks are checked in this process: a pool would only add the cost of
sending every segment to another process and back.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..units import BatchError
from ..worker import UnitCrash, WorkSpec, check_chunk, check_chunk_in_process, init_process
from . import submitted_ahead
from .interrupts import block_interrupts, interrupts_held

#: Chunks in flight per worker: enough that no worker waits for the parent, few enough
#: that memory does not grow with the dump.
IN_FLIGHT_PER_WORKER = 3

#: Seconds the workers of a job that stopped early get to leave before they are killed.
#: They drop their chunks at the next unit, so only a unit that never ends needs more.
STOP_GRACE = 5.0


def make_local_engine(spec: WorkSpec, workers: int):
    if workers < 1:
        raise BatchError("--workers must be at least 1")
    return InlineEngine(spec) if workers == 1 else PoolEngine(spec, workers)


class InlineEngine:
    """Check each chunk in this process, one after the other."""

    workers = 1

    def __init__(self, spec: WorkSpec) -> None:
        self.spec = spec

    def __enter__(self) -> InlineEngine:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def map(self, chunks: Iterable[tuple[Any, list]]) -> Iterator[tuple[Any, list]]:
        for tag, payload in chunks:
            try:
                results = check_chunk(self.spec, payload)
            except UnitCrash as crash:
                crash.tag = tag
                raise
            yield tag, results


def _context():
    # forkserver: workers start from a small clean process rather than a copy of this
    # one (which may hold threads, a progress bar, open files); spawn where it is missing.
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["mtclean.batch.worker"])
        return ctx
    return multiprocessing.get_context("spawn")


def _start_forkserver() -> None:
    """Start the forkserver now, with SIGINT blocked (inside :func:`interrupts_held`), so
    that every worker it forks begins with SIGINT blocked too."""
    from multiprocessing import forkserver, resource_tracker

    # The forkserver starts the resource tracker first, which unblocks SIGINT on its
    # way out; start the tracker here and block SIGINT again.
    resource_tracker.ensure_running()
    block_interrupts()
    forkserver.ensure_running()


class PoolEngine:
    """Check chunks on a pool of worker processes, each holding the rules once."""

    def __init__(self, spec: WorkSpec, workers: int) -> None:
        self.spec = spec
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._stop = None

    def __enter__(self) -> PoolEngine:
        ctx = _context()
        with interrupts_held():
            # Ctrl-C reaches the workers too (the whole process group), and they ignore
            # it: the job stops them by setting this flag, which makes them drop the
            # chunks they hold. Shared memory, read without a lock: a worker killed while
            # holding a lock would leave the others waiting for it.
            self._stop = ctx.RawValue("b", 0)
            if ctx.get_start_method() == "forkserver":
                _start_forkserver()
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx,
                                             initializer=init_process,
                                             initargs=(self.spec, os.getpid(), self._stop))
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        with interrupts_held():
            if exc_type is None:
                pool.shutdown(wait=True)
            else:
                self._abandon(pool)

    def _abandon(self, pool: ProcessPoolExecutor) -> None:
        """Stop the workers of a job that stopped early (Ctrl-C, an error): no result is
        wanted any more, so none is waited for; the job exits within moments and leaves
        no worker behind."""
        self._stop.value = 1
        # Private, but the pool has no public way to reach its workers before Python
        # 3.14 (terminate_workers), and only a copy taken before shutdown still holds them.
        processes = list((getattr(pool, "_processes", None) or {}).values())
        # The pool's own thread cancels the chunks not yet started. (Cancelling them from
        # here races with it: before Python 3.12 that thread can die of InvalidStateError
        # when a worker dies, gh-107219, and leave the exit waiting forever.)
        pool.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + STOP_GRACE
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
        for process in processes:
            if process.is_alive():  # stuck in one unit: it cannot be waited for
                process.kill()
                process.join()

    def map(self, chunks: Iterable[tuple[Any, list]]) -> Iterator[tuple[Any, list]]:
        assert self._pool is not None, "engine not started"
        limit = self.workers * IN_FLIGHT_PER_WORKER

        def submit(payload):
            # Submitting may start a worker, which must not be cut short.
            with interrupts_held():
                return self._pool.submit(check_chunk_in_process, payload)

        try:
            for tag, future in submitted_ahead(chunks, limit, submit, deque()):
                try:
                    results = future.result()
                except UnitCrash as crash:
                    crash.tag = tag
                    raise
                yield tag, results
        except BrokenProcessPool:
            raise BatchError("a worker process died (out of memory, or killed); "
                             "run again with --resume to continue") from None
        # No ``finally`` cancelling the chunks still pending: leaving the engine does that,
        # without racing the pool's own thread (see _abandon).
