"""What every dump format provides, and the line reading the line-based ones share."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..splice import Splice
from ..units import DumpError, Unit

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class FormatOptions:
    """How to find the segments in a dump; each format reads the fields it knows."""

    format: str | None = None  # None: from the file name
    field: str = "target"  # JSONL: dotted path of the target
    source_field: str | None = None  # JSONL: of the source (default "source" if present)
    id_field: str | None = None  # JSONL: of the unit id (default "id" if present)
    column: str = "target"  # CSV/TSV: the target column (name, or 0-based index)
    source_column: str | None = None
    id_column: str | None = None
    source_path: Path | None = None  # parallel text: the source file
    encoding: str = "utf-8"  # plain and parallel text, CSV/TSV
    source_lang: str | None = None  # TMX: language of the source (default: the header's)
    target_lang: str | None = None  # TMX: language of the target (default: English)
    #: CSV/TSV with a header: a row whose cells are not as many as the header's is an
    #: error (by default such a row is read as it stands, or passed over when short).
    strict_rows: bool = False


class Dump:
    """A dump being read. Subclasses read units and say how to write a new target.

    ``path`` is the file whose targets are rewritten; ``inputs`` every file read.
    """

    name = "?"

    def __init__(self, path: Path, options: FormatOptions) -> None:
        self.path = Path(path)
        self.options = options
        self.inputs: tuple[Path, ...] = (self.path,)
        self.position = 0  # bytes read so far, for progress
        #: What the reader passed over and the person running the job should hear of,
        #: said after the last unit (:meth:`finish`).
        self.notes: list[str] = []

    @property
    def total_bytes(self) -> int:
        return sum(os.path.getsize(p) for p in self.inputs)

    def units(self, resume: Any = None, first_index: int = 0) -> Iterator[Unit]:
        """The dump's units in order, numbered from ``first_index``.

        ``resume`` is the :attr:`Unit.after` of the last unit a job finished; reading
        starts just after it. Formats whose units carry no ``after`` always read from the
        start, and a resumed job drops the units it already has.
        """
        raise NotImplementedError

    def rewrite(self, unit: Unit, new_target: str) -> list[Splice] | None:
        """The splices that write ``new_target`` in place of ``unit``'s target, or None
        when the format cannot hold it (a line break in a one-line-per-unit file)."""
        raise NotImplementedError

    def finish(self) -> None:
        """Called after the last unit: report what could only be seen at the end."""

    def spans(self, unit: Unit) -> list[tuple[int, int]]:
        """The byte spans ``unit``'s target is written in, in order, as the file spells
        it (quotes and escapes included); empty when they cannot be told.

        By default, what rewriting the target with itself would replace: formats that
        write a whole string token, cell or field do that whatever changed.
        """
        return [(start, end) for start, end, _ in self.rewrite(unit, unit.target) or ()]


def open_binary(path: Path) -> BinaryIO:
    try:
        return open(path, "rb")
    except OSError as exc:
        raise DumpError(path, "", f"cannot read: {exc.strerror or exc}") from None


def read_lines(stream: BinaryIO, offset: int = 0) -> Iterator[tuple[int, bytes]]:
    """(offset, line with its line break) for each line from ``offset`` on."""
    stream.seek(offset)
    for line in stream:
        yield offset, line
        offset += len(line)


def split_eol(line: bytes) -> bytes:
    """``line`` without its line break (LF or CRLF)."""
    if line.endswith(b"\n"):
        line = line[:-1]
        if line.endswith(b"\r"):
            line = line[:-1]
    return line


def decode(data: bytes, encoding: str, path: Path, where: str,
           hint: str = "use --encoding") -> str:
    """``data`` decoded; a :class:`DumpError` ending in ``hint`` when it is not valid."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DumpError(path, where, f"not valid {encoding} (byte {exc.start + 1} of the "
                                     f"line; {hint})") from None
