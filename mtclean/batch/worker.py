"""The work a batch job hands out: check (and fix) a chunk of target segments.

This module runs in worker processes, local or on a Dask cluster. It sees only texts and
the job's :class:`WorkSpec`; it never touches files. The rules, and any lexicon they load,
are built once per process and reused for every chunk.
"""

from __future__ import annotations

import os
import select
import signal
import threading
import time
import traceback
from dataclasses import dataclass

from ..config import Config
from ..engine import check_text
from ..fixer import fix_text
from ..model import Finding
from .units import PLACEHOLDER, FindingRecord, UnitResult

#: A chunk as sent to a worker: (target, source) pairs.
Payload = list[tuple[str, "str | None"]]


@dataclass(frozen=True)
class WorkSpec:
    """What every chunk of one job is checked with."""

    config: Config
    fix: bool  # apply fixes (an output is written) or only report


class UnitCrash(Exception):
    """A rule failed on one unit; carries its position in the chunk and the traceback."""

    def __init__(self, position: int, details: str) -> None:
        super().__init__(position, details)
        self.position = position
        self.details = details
        self.tag = None  # the engine puts the chunk's units here, in the job process


def _record(finding: Finding, *, fixed: bool, suggestion: str | None) -> FindingRecord:
    return FindingRecord(finding.rule, finding.name, finding.kind, finding.start, finding.end,
                         finding.text, finding.message, suggestion, fixed)


def _best(finding: Finding) -> str | None:
    return finding.best.replacement if finding.best else None


def check_unit(target: str, source: str | None, spec: WorkSpec) -> UnitResult | None:
    """Check one target (and fix it when the job writes output); None when it is clean."""
    if not target or target.isspace():
        return None
    config = spec.config
    if not spec.fix:
        found = check_text(target, config, source=source)
        if not found:
            return None
        return UnitResult(None, tuple(_record(f, fixed=False, suggestion=_best(f)) for f in found))
    result = fix_text(target, config, source=source)
    if not result.applied:
        if not result.remaining:
            return None
        return UnitResult(None, tuple(_record(f, fixed=False, suggestion=_best(f))
                                      for f in result.remaining))
    if result.text.count(PLACEHOLDER) != target.count(PLACEHOLDER):
        # The fix would move text across inline markup, which cannot follow it: leave
        # the segment as it is and report what was found for a person to mend.
        found = check_text(target, config, source=source)
        return UnitResult(None, tuple(_record(f, fixed=False, suggestion=_best(f)) for f in found))
    records = [_record(a.finding, fixed=True, suggestion=a.suggestion.replacement)
               for a in result.applied]
    records.extend(_record(f, fixed=False, suggestion=_best(f)) for f in result.remaining)
    new = result.text if result.text != target else None
    return UnitResult(new, tuple(records))


class ChunkAbandoned(Exception):
    """The job stopped before this chunk was finished; nobody wants its results."""


def check_chunk(spec: WorkSpec, payload: Payload, stop=None) -> list[UnitResult | None]:
    """Results for each (target, source) pair of ``payload``, in order.

    ``stop`` (a shared flag) set means the job is going away: raise
    :class:`ChunkAbandoned` before the next unit rather than finish the chunk.
    """
    results = []
    for position, (target, source) in enumerate(payload):
        if stop is not None and stop.value:
            raise ChunkAbandoned(position)
        try:
            results.append(check_unit(target, source, spec))
        except Exception:  # a bug in a rule: name the unit rather than lose the job
            raise UnitCrash(position, traceback.format_exc()) from None
    return results


# -- the local process pool ---------------------------------------------------------------

_SPEC: WorkSpec | None = None
_STOP = None  # the job's flag: set when it stops early and wants no more results


def _exit_when_gone(pid: int) -> None:
    """Exit this worker as soon as the job process ``pid`` is gone.

    A job killed outright (SIGKILL, out of memory) cannot shut its pool down, and pool
    workers blocked on their task queue would wait for it forever.
    """
    def watch() -> None:
        try:
            handle = os.pidfd_open(pid)  # Linux: readable once the process has exited
        except (AttributeError, OSError):
            handle = None
        if handle is not None:
            select.select([handle], [], [])
        else:
            while True:
                time.sleep(1.0)
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                except PermissionError:
                    pass
        os._exit(1)

    threading.Thread(target=watch, name="mtclean-job-watch", daemon=True).start()


def init_process(spec: WorkSpec, job_pid: int | None = None, stop=None) -> None:
    """Pool initializer: keep the job's spec and stop flag, build the rules once for
    this process, and leave when the job does."""
    global _SPEC, _STOP
    _SPEC = spec
    _STOP = stop
    # Ctrl-C reaches the whole process group, but only the job decides what it means
    # (keep the checkpoint and exit); it then stops its workers through ``stop``. A worker
    # that died of it instead, waiting for work or halfway through sending a result,
    # would break the pool under the job as the job shut it down. The job started this
    # process with SIGINT blocked, so none can have come before this line.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if job_pid is not None:
        _exit_when_gone(job_pid)
    from ..rules import all_rules

    all_rules()


def check_chunk_in_process(payload: Payload) -> list[UnitResult | None]:
    """:func:`check_chunk` with the spec :func:`init_process` stored."""
    assert _SPEC is not None, "init_process was not called in this worker"
    return check_chunk(_SPEC, payload, _STOP)
