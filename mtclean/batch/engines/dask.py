"""The Dask engine: the same chunks, checked on a Dask distributed cluster.

``--scheduler ADDRESS`` connects to a running cluster (whose workers must have mtclean
installed); without it a local cluster of worker processes starts for the job and stops
with it. Dask is an optional extra, imported only here.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing import resource_tracker
from typing import Any

from ..units import BatchError
from ..worker import UnitCrash, WorkSpec, check_chunk
from . import submitted_ahead
from .interrupts import block_interrupts, dropped_interrupts_kept, interrupts_held

IN_FLIGHT_PER_THREAD = 3
CONNECT_TIMEOUT = "20s"


def _distributed():
    try:
        import distributed
    except ImportError:
        raise BatchError("the Dask engine needs the 'dask' extra: "
                         "pip install 'mtclean[dask]'") from None
    return distributed


class DaskEngine:
    def __init__(self, spec: WorkSpec, *, scheduler: str | None, workers: int) -> None:
        self.spec = spec
        self.scheduler = scheduler
        self.workers = workers
        self._distributed = _distributed()
        self._cluster = None
        self._client = None
        self._spec_future = None
        self._threads = workers

    def __enter__(self) -> DaskEngine:
        try:
            if self.scheduler:
                self._start()
            else:
                # Ctrl-C reaches the whole process group, and only the job decides what it
                # means: workers that died of it would take the job's spec with them and
                # fail its chunks. The cluster's threads, and the workers they start, begin
                # with SIGINT blocked as this thread has it here, and keep it blocked; the
                # job stops them as it leaves. A Ctrl-C meanwhile waits for the cluster.
                with interrupts_held():
                    # Started later from the cluster's thread, the resource tracker would
                    # unblock SIGINT there on its way out; start it here and block it again.
                    resource_tracker.ensure_running()
                    block_interrupts()
                    self._start()
        except BaseException:
            # Ctrl-C included: ``with`` leaves only an engine whose __enter__ returned.
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self) -> None:
        distributed = self._distributed
        try:
            if self.scheduler:
                self._client = distributed.Client(self.scheduler, timeout=CONNECT_TIMEOUT,
                                                  set_as_default=False)
            else:
                # Loopback only and no dashboard: a job's private cluster serves nobody
                # else. (The scheduler always opens an HTTP port; keep it on loopback.)
                self._cluster = distributed.LocalCluster(
                    n_workers=self.workers, threads_per_worker=1, processes=True,
                    host="127.0.0.1", dashboard_address="127.0.0.1:0",
                    scheduler_kwargs={"dashboard": False},
                    worker_dashboard_address=None, silence_logs=logging.ERROR,
                )
                self._client = distributed.Client(self._cluster, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            where = self.scheduler or "a local cluster"
            raise BatchError(f"cannot reach the Dask scheduler at {where}: {exc}") from None
        self._threads = max(1, sum(self._client.nthreads().values()))
        # Sent once to every worker, not once per chunk.
        self._spec_future = self._client.scatter(self.spec, broadcast=True, hash=False)

    def __exit__(self, *exc) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def map(self, chunks: Iterable[tuple[Any, list]]) -> Iterator[tuple[Any, list]]:
        assert self._client is not None, "engine not started"
        limit = self._threads * IN_FLIGHT_PER_THREAD
        pending: deque = deque()

        def submit(payload):
            return self._client.submit(check_chunk, self._spec_future, payload, pure=False)

        # A local cluster's scheduler runs in this process and hooks a callback into every
        # garbage collection, where the exception of a Ctrl-C is lost.
        with dropped_interrupts_kept() as raise_dropped_interrupt:
            try:
                for tag, future in submitted_ahead(chunks, limit, submit, pending):
                    try:
                        results = future.result()
                    except UnitCrash as crash:
                        crash.tag = tag
                        raise
                    except ImportError as exc:
                        raise BatchError(f"a Dask worker cannot run mtclean ({exc}); install "
                                         "mtclean on every worker of the cluster") from None
                    finally:
                        future.release()
                    raise_dropped_interrupt()
                    yield tag, results
            except (self._distributed.KilledWorker, self._distributed.comm.CommClosedError,
                    OSError) as exc:
                raise BatchError(f"lost the Dask cluster ({type(exc).__name__}: {exc}); "
                                 "run again with --resume to continue") from None
            finally:
                for _, future in pending:
                    future.cancel()
