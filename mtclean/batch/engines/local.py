"""The local engine: a pool of worker processes on this machine, or none at all.

With one worker the chunks are checked in this process: a pool would only add the cost of
sending every segment to another process and back.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..units import BatchError
from ..worker import UnitCrash, WorkSpec, check_chunk, check_chunk_in_process, init_process

#: Chunks in flight per worker: enough that no worker waits for the parent, few enough
#: that memory does not grow with the dump.
IN_FLIGHT_PER_WORKER = 3


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


class PoolEngine:
    """Check chunks on a pool of worker processes, each holding the rules once."""

    def __init__(self, spec: WorkSpec, workers: int) -> None:
        self.spec = spec
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> PoolEngine:
        self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_context(),
                                         initializer=init_process,
                                         initargs=(self.spec, os.getpid()))
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map(self, chunks: Iterable[tuple[Any, list]]) -> Iterator[tuple[Any, list]]:
        assert self._pool is not None, "engine not started"
        limit = self.workers * IN_FLIGHT_PER_WORKER
        pending: deque = deque()
        chunks = iter(chunks)
        exhausted = False
        try:
            while True:
                while not exhausted and len(pending) < limit:
                    try:
                        tag, payload = next(chunks)
                    except StopIteration:
                        exhausted = True
                        break
                    pending.append((tag, self._pool.submit(check_chunk_in_process, payload)))
                if not pending:
                    return
                tag, future = pending.popleft()
                try:
                    results = future.result()
                except UnitCrash as crash:
                    crash.tag = tag
                    raise
                yield tag, results
        except BrokenProcessPool:
            raise BatchError("a worker process died (out of memory, or killed); "
                             "run again with --resume to continue") from None
        finally:
            for _, future in pending:
                future.cancel()
