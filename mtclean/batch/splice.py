"""Write a dump's output by splicing fixed targets into the original bytes.

Everything a fix did not touch is copied byte for byte from the input, so a dump with
nothing to fix comes out identical and a fixed one differs only inside its targets.
Formats say *where* a target lies and how a new one is escaped; this module only copies.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

_BLOCK = 1 << 20

#: One replacement: input bytes ``[start, end)`` become ``data``.
Splice = tuple[int, int, bytes]


class Splicer:
    """Copies ``source`` to ``out``, replacing the spans it is given, in file order.

    ``cursor`` is how far into the input has been written; a job resumed from a
    checkpoint starts a new splicer there.
    """

    def __init__(self, source: BinaryIO, out: BinaryIO, cursor: int = 0) -> None:
        self.source = source
        self.out = out
        self.cursor = cursor
        self.source.seek(cursor)

    def _copy_to(self, offset: int) -> None:
        remaining = offset - self.cursor
        while remaining > 0:
            block = self.source.read(min(_BLOCK, remaining))
            if not block:
                raise ValueError(f"input ended at {self.cursor}, before offset {offset}")
            self.out.write(block)
            remaining -= len(block)
            self.cursor += len(block)

    def apply(self, splices: Iterable[Splice]) -> None:
        """Write up to and including each splice; splices come in increasing order."""
        for start, end, data in sorted(splices):
            if start < self.cursor:
                raise ValueError(f"splice at {start} is behind the output ({self.cursor})")
            self._copy_to(start)
            self.out.write(data)
            self.source.seek(end)
            self.cursor = end

    def finish(self) -> None:
        """Copy the rest of the input."""
        while True:
            block = self.source.read(_BLOCK)
            if not block:
                break
            self.out.write(block)
            self.cursor += len(block)
