"""Translation files named to ``check`` and ``fix``: PO, TMX and XLIFF.

Their Chinese source segments are there on purpose, beside the English targets. Read
as plain text, every ``msgid`` would be an untranslated sentence, and a fix written
straight into the file could break it (a ``"`` put inside a PO string, a ``<`` into
XML). So only the target segments are checked, each with its source (the rules that
compare the two run too), through the readers of ``mtclean batch``; a fix is written
back through the format, escaped as it needs, everything else byte for byte.

Findings are placed in the file where their text stands, searched from the line the
unit starts on; a text that does not stand there as written (an XML entity, a PO
escape) is placed at the start of that line.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .engine import check_text
from .fixer import fix_text
from .model import Edit, Finding, Suggestion

#: File name endings read as translation files, and their format.
DUMP_SUFFIXES = {".po": "po", ".pot": "po", ".tmx": "tmx", ".xlf": "xliff",
                 ".xliff": "xliff"}
#: How far past the unit's first line a finding's text is looked for.
_SEARCH_LINES = 400


class DumpFileError(Exception):
    """A translation file that cannot be read as one; the message says where."""


def is_dump(path: str) -> bool:
    return path != "-" and Path(path).suffix.lower() in DUMP_SUFFIXES


@dataclass
class DumpFix:
    """What fixing a translation file gave."""

    data: bytes | None  # the new file, or None when nothing changed
    #: The fixes applied, placed in the file as it was, with their replacements.
    applied: list[tuple[Finding, str]] = field(default_factory=list)
    #: The findings left, placed in the file as written.
    remaining: list[Finding] = field(default_factory=list)
    #: Units whose fix the format cannot hold (left as they were).
    unwritten: int = 0


def _units(path: str):
    from .batch.formats import FormatOptions, open_dump
    from .batch.units import DumpError

    fmt = DUMP_SUFFIXES[Path(path).suffix.lower()]
    try:
        dump = open_dump(Path(path), FormatOptions(format=fmt))
        units = list(dump.units())
        dump.finish()
    except DumpError as exc:
        where = f"line {exc.where}: " if exc.where else ""
        raise DumpFileError(f"{where}{exc.message}") from None
    return dump, units


class _Placer:
    """Puts findings of a unit's target at the place in the file where they stand."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        at = text.find("\n")
        while at != -1:
            self.starts.append(at + 1)
            at = text.find("\n", at + 1)

    def _line_start(self, line: int) -> int:
        return self.starts[max(0, min(line, len(self.starts)) - 1)]

    def place(self, f: Finding, where: str) -> Finding:
        line = int(where) if where.isdigit() else 1
        lo = self._line_start(line)
        hi = self._line_start(line + _SEARCH_LINES) if line + _SEARCH_LINES <= len(
            self.starts) else len(self.text)
        at = self.text.find(f.text, lo, hi) if f.text else -1
        if at == -1:
            start = end = lo
            suggestions = tuple(dataclasses.replace(s, edits=(Edit(lo, lo, ""),) if s.edits
                                                    else ()) for s in f.suggestions)
        else:
            start, end, shift = at, at + len(f.text), at - f.start
            suggestions = tuple(_shifted(s, shift) for s in f.suggestions)
        return dataclasses.replace(f, start=start, end=end, suggestions=suggestions)


def _shifted(s: Suggestion, shift: int) -> Suggestion:
    return dataclasses.replace(s, edits=tuple(
        Edit(max(0, e.start + shift), max(0, e.end + shift), e.replacement) for e in s.edits))


def check_dump(path: str, text: str, config: Config) -> list[Finding]:
    """The findings in the target segments of the translation file ``path`` (read as
    ``text``), placed in ``text``. Raises :class:`DumpFileError`."""
    _, units = _units(path)
    placer = _Placer(text)
    found = []
    for unit in units:
        if unit.target and not unit.target.isspace():
            found.extend(placer.place(f, unit.where)
                         for f in check_text(unit.target, config, source=unit.source))
    found.sort(key=Finding.sort_key)
    return found


def fix_dump(path: str, text: str, data: bytes, config: Config,
             decode: Callable[[bytes], str]) -> DumpFix:
    """Fix the target segments of the translation file ``path`` (its bytes ``data``,
    decoded as ``text``; ``decode`` decodes the new bytes the same way). Raises
    :class:`DumpFileError`."""
    from .batch.units import PLACEHOLDER

    dump, units = _units(path)
    placer = _Placer(text)
    result = DumpFix(None)
    splices = []
    left: list[tuple[int, Finding]] = []  # (the unit's line in the input, finding)
    for unit in units:
        target = unit.target
        if not target or target.isspace():
            continue
        line = int(unit.where) if unit.where.isdigit() else 1
        fixed = fix_text(target, config, source=unit.source)
        written = None
        if fixed.applied and fixed.text != target and \
                fixed.text.count(PLACEHOLDER) == target.count(PLACEHOLDER):
            written = dump.rewrite(unit, fixed.text)
            if written is None:
                result.unwritten += 1
        if written:
            splices.extend(written)
            result.applied.extend((placer.place(a.finding, unit.where),
                                   a.suggestion.replacement) for a in fixed.applied)
            left.extend((line, f) for f in fixed.remaining)
        else:
            left.extend((line, f) for f in check_text(target, config, source=unit.source))
    new_text = text
    moved: list[tuple[int, int]] = []  # (input line of a splice, lines it added)
    if splices:
        pieces, cursor = [], 0
        for start, end, new_bytes in sorted(splices):
            pieces += [data[cursor:start], new_bytes]
            cursor = end
            moved.append((data.count(b"\n", 0, start) + 1,
                          new_bytes.count(b"\n") - data.count(b"\n", start, end)))
        pieces.append(data[cursor:])
        result.data = b"".join(pieces)
        new_text = decode(result.data)
    # A unit's line in the file as written: its line in the input, moved by the lines
    # the fixes above it added or removed.
    lines = [line for line, _ in moved]
    added = [0]
    for _, n in moved:
        added.append(added[-1] + n)
    placer = _Placer(new_text)
    result.remaining = sorted(
        (placer.place(f, str(line + added[bisect.bisect_left(lines, line)]))
         for line, f in left), key=Finding.sort_key)
    return result
