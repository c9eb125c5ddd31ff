"""Run a batch job: read units, check them on an engine, splice the output, report.

The parent process only reads, splices and counts; workers check. Units stream through in
chunks with a bounded number in flight, so memory does not grow with the dump; results
come back in order, so the output is the same whatever the engine or worker count.
"""

from __future__ import annotations

import dataclasses
import json
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..config import Config
from . import checkpoint
from .engines import make_engine
from .formats import FormatOptions, open_dump
from .progress import Progress
from .report import Tally
from .splice import Splicer
from .units import BatchError, DumpError, Unit
from .worker import UnitCrash, WorkSpec

#: A chunk holds up to this many units, or about this many characters of text.
CHUNK_UNITS = 500
CHUNK_CHARS = 1 << 18


@dataclass
class BatchJob:
    """Everything a batch job is told."""

    input: Path
    options: FormatOptions = field(default_factory=FormatOptions)
    config: Config = field(default_factory=Config)
    output: Path | None = None  # None: check only, write no output
    report_json: Path | None = None
    report_html: Path | None = None
    engine: str = "local"
    workers: int | None = None
    scheduler: str | None = None
    resume: bool = False
    chunk_units: int = CHUNK_UNITS
    checkpoint_seconds: float = 10.0
    progress: bool = False
    html_samples: int = 300


@dataclass
class BatchSummary:
    tally: Tally
    format: str
    resumed_at: int = 0  # units a previous run had finished
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 1 if self.tally.remaining else 0


def chunked(units: Iterable[Unit], size: int) -> Iterator[tuple[list[Unit], list]]:
    """(units, payload) chunks of up to ``size`` units (fewer when the texts are long)."""
    batch: list[Unit] = []
    chars = 0
    for unit in units:
        batch.append(unit)
        chars += len(unit.target) + len(unit.source or "")
        if len(batch) >= size or chars >= CHUNK_CHARS:
            yield batch, [(u.target, u.source) for u in batch]
            batch, chars = [], 0
    if batch:
        yield batch, [(u.target, u.source) for u in batch]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _destinations(job: BatchJob, inputs: tuple[Path, ...]) -> BatchJob:
    """``job`` with its output and reports checked before anything is read or written:
    none may be an input or another destination, each must be a regular file or not yet
    exist, in a directory that does; a symbolic link is written through, not replaced."""
    sources = {os.path.realpath(p) for p in inputs}
    taken: dict[str, str] = {}
    chosen = {}
    for name, option in (("output", "--output"), ("report_json", "--report"),
                         ("report_html", "--report-html")):
        path = getattr(job, name)
        if path is None:
            continue
        real = os.path.realpath(path)
        if real in sources or any(_same_file(path, p) for p in inputs):
            raise BatchError(f"{option} {path} is an input file; it must not be "
                             "overwritten: write elsewhere and rename")
        if real in taken:
            raise BatchError(f"{option} and {taken[real]} name the same file, {path}")
        taken[real] = option
        try:
            mode = os.stat(real).st_mode
        except FileNotFoundError:
            parent = os.path.dirname(real)
            if not os.path.isdir(parent):
                raise BatchError(f"{option} {path}: there is no directory "
                                 f"{os.path.dirname(str(path)) or '.'}") from None
            if not os.access(parent, os.W_OK | os.X_OK):
                raise BatchError(f"{option} {path}: cannot write in "
                                 f"{os.path.dirname(str(path)) or '.'}") from None
        except OSError as exc:
            raise BatchError(f"{option} {path}: {exc.strerror}") from None
        else:
            if not stat.S_ISREG(mode):
                raise BatchError(f"{option} {path} exists and is not a regular file")
        if os.path.islink(path):
            chosen[name] = Path(real)
    return dataclasses.replace(job, **chosen) if chosen else job


def run_job(job: BatchJob, notify: Callable[[str], None] = lambda message: None) -> BatchSummary:
    """Run ``job`` to the end; raise :class:`DumpError` (input) or :class:`BatchError`.

    Nothing is written when the input turns out to be unreadable. When the job stops for
    any other reason its last checkpoint stays for ``--resume``.
    """
    started = time.monotonic()
    dump = open_dump(job.input, job.options)
    job = _destinations(job, dump.inputs)
    spec = WorkSpec(job.config, fix=job.output is not None)
    anchor = job.output or job.report_json or job.report_html
    workdir = checkpoint.WorkDir.beside(anchor) if anchor else None
    print_ = checkpoint.fingerprint(dump.inputs, job.options, job.config, fix=spec.fix,
                                    version=__version__,
                                    segments=job.report_json is not None)
    state = None
    if job.resume:
        if workdir is None:
            raise BatchError("--resume needs --output or a report: nothing was checkpointed")
        if workdir.exists():
            state = workdir.load(print_)
            notify(f"resuming after unit {state.units_done:,} of an earlier run")
        else:
            notify("no checkpoint to resume from; starting from the beginning")
    elif workdir is not None and workdir.exists():
        notify(f"starting over (the earlier run's checkpoint in {workdir.path} is dropped; "
               "--resume continues it)")
    if workdir is not None and state is None:
        workdir.fresh()
    state = state or checkpoint.State(print_)
    tally = Tally.from_state(state.tally) if state.tally else Tally()
    tally.sample_cap = job.html_samples
    try:
        try:
            _run(job, dump, spec, workdir, state, tally, started)
        except UnitCrash as crash:
            unit = crash.tag[crash.position] if crash.tag else None
            where = f"{dump.path}:{unit.where} (unit {unit.id})" if unit else str(dump.path)
            raise BatchError(f"{where}: a rule failed on this segment, which is a bug in "
                             f"mtclean; please report it with the segment.\n{crash.details}"
                             ) from None
    except BaseException as exc:
        # A bad input leaves nothing behind; so does a job stopped before its first
        # checkpoint, which has nothing to resume. Otherwise the checkpoint stays.
        if workdir is not None and (isinstance(exc, DumpError) or not workdir.exists()):
            workdir.remove()
        raise
    for note in dump.notes:
        notify(note)
    summary = BatchSummary(tally, dump.name, state.units_done if job.resume else 0,
                           time.monotonic() - started)
    return summary


def _open_growing(path: Path, size: int | None):
    """``path`` for writing: truncated to ``size`` when resuming, else new."""
    if size is None:
        return open(path, "wb")
    stream = open(path, "r+b")
    stream.truncate(size)
    stream.seek(size)
    return stream


def _run(job, dump, spec, workdir, state, tally, started) -> None:
    resuming = state.units_done > 0 or state.tally is not None
    resumed_units = state.units_done
    out = segments = source = None
    try:
        if job.output is not None:
            out = _open_growing(workdir.output, state.output_size if resuming else None)
            source = open(dump.path, "rb")
        if job.report_json is not None:
            segments = _open_growing(workdir.segments, state.segments_size if resuming else None)
        splicer = Splicer(source, out, state.cursor) if out is not None else None

        if state.after is not None:
            units = dump.units(state.after, state.units_done)
        else:
            units = (u for u in dump.units() if u.index >= resumed_units)
        progress = Progress(dump.total_bytes, enabled=job.progress,
                            start_units=resumed_units)
        last_checkpoint = time.monotonic()
        engine = make_engine(job.engine, spec, workers=job.workers, scheduler=job.scheduler)
        try:
            with engine:
                for batch, results in engine.map(chunked(units, job.chunk_units)):
                    _take(batch, results, dump, splicer, tally, segments)
                    state.units_done = batch[-1].index + 1
                    state.after = batch[-1].after
                    progress.update(len(batch), dump.position)
                    if workdir is not None and \
                            time.monotonic() - last_checkpoint >= job.checkpoint_seconds:
                        _checkpoint(workdir, state, splicer, out, segments, tally)
                        last_checkpoint = time.monotonic()
                dump.finish()
        finally:
            progress.close()
        if splicer is not None:
            splicer.finish()
    finally:
        for stream in (out, segments, source):
            if stream is not None:
                stream.close()
    _complete(job, dump, workdir, tally, time.monotonic() - started)


def _take(batch, results, dump, splicer, tally, segments) -> None:
    for unit, result in zip(batch, results, strict=True):
        written = False
        if result is not None and result.new_target is not None and splicer is not None:
            try:
                splices = dump.rewrite(unit, result.new_target)
            except UnicodeEncodeError:
                splices = None  # the dump's encoding cannot hold the fix: left as it was
            if splices is not None:
                splicer.apply(splices)
                written = True
        entry = tally.add(unit, result, written=written)
        if entry is not None and segments is not None:
            line = json.dumps(entry, ensure_ascii=False)
            segments.write(line.encode("utf-8", "backslashreplace") + b"\n")


def _checkpoint(workdir, state, splicer, out, segments, tally) -> None:
    if out is not None:
        state.output_size = checkpoint.sync(out)
        state.cursor = splicer.cursor
    if segments is not None:
        state.segments_size = checkpoint.sync(segments)
    state.tally = tally.to_state()
    workdir.save(state)


def _complete(job, dump, workdir, tally, seconds) -> None:
    """Put the output in place and write the reports; then the work directory goes."""
    from .report.html import write_html_report
    from .report.jsonreport import write_json_report

    meta = {
        "mtclean": __version__,
        "input": str(job.input),
        "source": str(job.options.source_path) if job.options.source_path else None,
        "format": dump.name,
        "output": str(job.output) if job.output else None,
        "mode": "fix" if job.output else "check",
        "seconds": round(seconds, 3),
    }
    if job.output is not None:
        os.replace(workdir.output, job.output)
    if job.report_json is not None:
        write_json_report(job.report_json, meta, tally, workdir.segments)
    if job.report_html is not None:
        write_html_report(job.report_html, meta, tally)
    if workdir is not None:
        workdir.remove()
