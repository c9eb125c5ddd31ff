"""Crash safety: a job's work directory, its checkpoints, and resuming from one.

A job that writes anything works in a directory beside its output
(``clean.jsonl.mtclean-batch/``): the output and the per-segment findings grow there, and
the output is renamed into place only when the job is complete. Now and then, at a chunk
boundary, the job flushes both files to disk and then records a checkpoint: how many
units are done, where reading resumes, how far into the input the output has been
written, the two files' sizes and the tally. ``--resume`` cuts the files back to those
sizes and carries on from there, so no unit is lost or written twice whatever moment the
job was killed at.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

from ..config import Config
from .units import BatchError

STATE_VERSION = 1


def _canonical(value: Any) -> Any:
    """A JSON-able form of ``value`` that is the same in every process (sets sorted)."""
    if is_dataclass(value):
        return {f.name: _canonical(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, Path):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def fingerprint(inputs: tuple[Path, ...], options: Any, config: Config, *, fix: bool,
                version: str, segments: bool = False) -> str:
    """What must not change between a run and its resumption: inputs and settings, and
    which files the job grows (the output when it fixes, ``segments`` for a JSON report)."""
    files = []
    for path in inputs:
        stat = os.stat(path)
        files.append([str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns])
    data = {"files": files, "options": _canonical(options), "config": _canonical(config),
            "fix": fix, "segments": segments, "version": version}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@dataclass
class State:
    fingerprint: str
    units_done: int = 0
    after: Any = None  # the last finished unit's resume position (None: resume by count)
    cursor: int = 0  # bytes of the input already copied or spliced into the output
    output_size: int = 0
    segments_size: int = 0
    tally: dict | None = None


_STATE_KEYS = frozenset({"version", "digest"} | {f.name for f in fields(State)})


def _digest(data: dict) -> str:
    """A digest of a checkpoint's parsed JSON, ``digest`` left out.

    Any damage to the file (cut short, a byte changed, an edit by hand) changes it, even
    one that leaves valid JSON of the right shape: a cursor moved on would otherwise
    splice the output in the wrong place without a word.
    """
    body = {key: value for key, value in data.items() if key != "digest"}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def parse_state(data: Any) -> State:
    """The :class:`State` a checkpoint's parsed JSON holds; ValueError if it is damaged.

    The version and the fingerprint are the caller's to check, before this.
    """
    if not isinstance(data, dict):
        raise ValueError("it does not hold a JSON object")
    missing, unknown = sorted(_STATE_KEYS - set(data)), sorted(set(data) - _STATE_KEYS)
    if missing:
        raise ValueError(f"it has no {missing[0]!r} field")
    if unknown:
        raise ValueError(f"it has an unknown field {unknown[0]!r}")
    if data["digest"] != _digest(data):
        raise ValueError("its contents do not match its digest")
    state = State(**{key: value for key, value in data.items()
                     if key not in ("version", "digest")})
    state.after = _tuples(state.after)
    return state


def _jsonable(value):
    return [_jsonable(v) for v in value] if isinstance(value, (list, tuple)) else value


def _tuples(value):
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


class WorkDir:
    """The directory a job works in until it is complete."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.output = self.path / "output.partial"
        self.segments = self.path / "segments.jsonl"
        self.state = self.path / "checkpoint.json"

    @classmethod
    def beside(cls, anchor: Path) -> WorkDir:
        anchor = Path(anchor)
        return cls(anchor.with_name(anchor.name + ".mtclean-batch"))

    def exists(self) -> bool:
        return self.state.is_file()

    def fresh(self) -> None:
        """Start over: an empty work directory."""
        self.remove()
        try:
            self.path.mkdir(parents=True)
        except OSError as exc:
            raise BatchError(f"cannot create {self.path}: {exc.strerror or exc}") from None

    def load(self, expected: str) -> State:
        """The state last saved, if the job's fingerprint is still ``expected``; raise
        :class:`BatchError` when the checkpoint cannot be used."""
        try:
            text = self.state.read_text(encoding="utf-8")
        except OSError as exc:
            raise BatchError(f"cannot read the checkpoint {self.state}: "
                             f"{exc.strerror or exc}; run without --resume to start over"
                             ) from None
        except UnicodeDecodeError:
            raise self._damaged("it is not UTF-8 text") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise self._damaged(f"not valid JSON: {exc.msg}: line {exc.lineno} "
                                f"column {exc.colno}") from None
        except (ValueError, RecursionError):  # a huge number, deep nesting
            raise self._damaged("not valid JSON") from None
        if isinstance(data, dict) and (data.get("version") != STATE_VERSION or
                                       data.get("fingerprint") != expected):
            raise BatchError("cannot resume: the input or the options changed since the "
                             f"checkpoint in {self.path}; run without --resume to start over")
        try:
            state = parse_state(data)
        except ValueError as exc:
            raise self._damaged(str(exc)) from None
        except RecursionError:
            raise self._damaged("nested too deeply") from None
        for path, size in ((self.output, state.output_size), (self.segments, state.segments_size)):
            if path.exists() and path.stat().st_size < size:
                raise BatchError(f"cannot resume: {path} is shorter than the checkpoint says; "
                                 "run without --resume to start over")
        return state

    def _damaged(self, why: str) -> BatchError:
        return BatchError(f"the checkpoint {self.state} is damaged ({why}); "
                          "run again without --resume to start over")

    def save(self, state: State) -> None:
        """Record ``state``; the files it describes must already be on disk."""
        data = {"version": STATE_VERSION, **asdict(state)}
        data["after"] = _jsonable(state.after)
        # The digest is of the data as it will read back (tuples become lists, and so on).
        data["digest"] = _digest(json.loads(json.dumps(data)))
        temporary = self.state.with_suffix(".tmp")
        with open(temporary, "w", encoding="utf-8") as stream:
            # ASCII: a target may hold a lone surrogate, which UTF-8 cannot encode.
            json.dump(data, stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, self.state)

    def remove(self) -> None:
        if self.path.is_dir():
            shutil.rmtree(self.path, ignore_errors=True)


def sync(stream) -> int:
    """Flush ``stream`` to disk and return its size."""
    stream.flush()
    os.fsync(stream.fileno())
    return stream.tell()
