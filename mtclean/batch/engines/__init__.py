"""Engines run the checking of chunks somewhere and hand the results back in order.

Every engine has one method that matters, :meth:`map`: it takes ``(tag, payload)`` pairs,
sends the payloads to workers with a bounded number in flight (so memory stays bounded
whatever the dump size), and yields ``(tag, results)`` in the order the chunks came. The
tag is whatever the caller needs back with the results (the units of the chunk); it never
leaves the parent process.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..units import BatchError
from ..worker import WorkSpec


def submitted_ahead(chunks: Iterable[tuple[Any, list]], limit: int,
                    submit: Callable[[list], Any], pending: deque) -> Iterator[tuple[Any, Any]]:
    """``(tag, future)`` for each of ``chunks`` in order, the chunks after it submitted
    ahead (``submit(payload)`` gives a future) so that up to ``limit`` are in flight.
    ``pending`` holds those submitted and not yet handed back, for the engine to cancel
    when it stops early."""
    chunks = iter(chunks)
    exhausted = False
    while True:
        while not exhausted and len(pending) < limit:
            try:
                tag, payload = next(chunks)
            except StopIteration:
                exhausted = True
                break
            pending.append((tag, submit(payload)))
        if not pending:
            return
        yield pending.popleft()


def default_workers() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def make_engine(name: str, spec: WorkSpec, *, workers: int | None = None,
                scheduler: str | None = None):
    """The engine called ``name`` ("local" or "dask"), not yet started."""
    if name == "local":
        if scheduler:
            raise BatchError("--scheduler is only for --engine dask")
        from .local import make_local_engine

        return make_local_engine(spec, workers or default_workers())
    if name == "dask":
        from .dask import DaskEngine

        return DaskEngine(spec, scheduler=scheduler, workers=workers or default_workers())
    raise BatchError(f"no engine called {name!r} (choose local or dask)")
