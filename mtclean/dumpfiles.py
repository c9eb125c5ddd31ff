"""Translation files named to ``check`` and ``fix``: PO, TMX, XLIFF, JSONL, CSV and TSV.

Their Chinese source segments are there on purpose, beside the English targets. Read
as plain text, every ``msgid`` or source column would be an untranslated sentence, and a
fix written straight into the file could break it (a ``"`` put inside a PO or JSON
string, a ``<`` into XML, a ``,`` into an unquoted CSV cell). So only the target
segments are checked, each with its source (the rules that compare the two run too),
through the readers of ``mtclean batch`` with its defaults; a fix is written back
through the format, escaped or quoted as it needs, everything else byte for byte.

JSONL, CSV and TSV are translation files only in the shape ``mtclean batch`` reads by
default: a JSONL file with a string at ``"target"`` on some line (``"source"`` and
``"id"`` are read when present), a CSV or TSV file whose header has a ``target`` column
(``source`` and ``id`` when present). The same suffixes hold any other data, English
text among it, and ``mtclean check .`` walks into them; like codespell or typos, which
read every file as text, such a file is read as plain text, as before, rather than
failing the run (a translation table with other names is ``mtclean batch
--field/--column``'s job, and a note says so when the file has findings). What plain
text cannot promise is the file's shape, so a plain-text fix of one is written only if
every JSON line still parses to the same keys and every CSV/TSV row keeps its cells
(:func:`shape_broken`). A file that is none of these things (a line that is not JSON, a
quote never closed, a row with more or fewer cells than the header) is an input error.

Findings and the edits of applied fixes are placed where the target's text stands in
the file: the format says which bytes spell the target (:meth:`Dump.spans`) and the
target is aligned with them, character by character where it is written as it is,
skipping over quotes, escapes and line continuations (:mod:`mtclean.placement`).
"""

from __future__ import annotations

import bisect
import csv
import dataclasses
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import textio
from .config import Config
from .engine import check_text
from .fixer import FixResult, apply_edits, fix_text
from .model import Edit, Finding
from .placement import Chars, Placement
from .text import common_ends

#: File name endings read as translation files, and their format (the names
#: ``mtclean batch`` gives them).
DUMP_SUFFIXES = {".po": "po", ".pot": "po", ".tmx": "tmx", ".xlf": "xliff",
                 ".xliff": "xliff", ".jsonl": "jsonl", ".ndjson": "jsonl",
                 ".jsonlines": "jsonl", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv"}
#: Formats that are translation files only in the shape ``mtclean batch`` reads.
_SHAPED = ("jsonl", "csv", "tsv")


class DumpFileError(Exception):
    """A translation file that cannot be read as one; the message says where."""


class PlainText(Exception):
    """A JSONL, CSV or TSV file without a target: read as plain text. The message says
    why, for a note."""


def is_dump(path: str) -> bool:
    return path != "-" and _format(path) is not None


def _format(path: str) -> str | None:
    return DUMP_SUFFIXES.get(Path(path).suffix.lower())


def _where_line(unit) -> int:
    return int(unit.where) if unit.where.isdigit() else 1


# -- reading, checking, fixing ------------------------------------------------------


@dataclass
class UnitFix:
    """The fixes applied to one target, and where that target stood in the file."""

    target: str
    result: FixResult  # offsets in the target
    place: Placement  # the target's offsets in the file as it was


@dataclass
class DumpFix:
    """What fixing a translation file gave."""

    data: bytes | None  # the new file, or None when nothing changed
    text: str  # the file's text as written (as it was when nothing changed)
    applied: list[UnitFix] = field(default_factory=list)
    #: The findings left, placed in the file as written.
    remaining: list[Finding] = field(default_factory=list)
    #: Units whose fix the format cannot hold (left as they were).
    unwritten: int = 0

    @property
    def fixed(self) -> int:
        return sum(len(u.result.applied) for u in self.applied)


class DumpFile:
    """A translation file read through its format: its units and its bytes."""

    def __init__(self, source: textio.TextFile, data: bytes, dump, units: list) -> None:
        self.source, self.data, self.dump = source, data, dump
        self.units = [u for u in units if u.target and not u.target.isspace()]
        self.chars = Chars(data, len(source.bom), source.encoding)

    def _placement(self, unit, target: str, spans, chars: Chars, text: str) -> Placement:
        if not spans:  # the format cannot tell: the start of the unit's line
            at = chars.line_start(_where_line(unit))
            spans = [(at, at)]
        pieces = []
        for start, end in spans:
            a, b = chars.char(start), chars.char(end)
            pieces.append((a, text[a:b]))
        return Placement(target, pieces)

    def place(self, unit) -> Placement:
        """Where ``unit``'s target stands in the file."""
        return self._placement(unit, unit.target, self.dump.spans(unit), self.chars,
                               self.source.text)

    def check(self, config: Config) -> list[Finding]:
        """The findings in the target segments, placed in the file's text. Raises
        :class:`DumpFileError`."""
        from .batch.units import DumpError

        try:
            return self._check(config)
        except DumpError as exc:  # a format that cannot say where a target it read is
            raise _input_error(exc) from None

    def fix(self, config: Config) -> DumpFix:
        """Fix the target segments: the new bytes, and where the fixes and what is left
        stand. Raises :class:`DumpFileError`."""
        from .batch.units import DumpError

        try:
            return self._fix(config)
        except DumpError as exc:
            raise _input_error(exc) from None

    def _check(self, config: Config) -> list[Finding]:
        found = []
        for unit in self.units:
            findings = check_text(unit.target, config, source=unit.source)
            if findings:
                place = self.place(unit)
                spell = _Speller(self, unit, unit.target, {}, lambda byte: byte, self.chars)
                found.extend(spell.finding(place.finding(f), f) for f in findings)
        found.sort(key=Finding.sort_key)
        return found

    def _fix(self, config: Config) -> DumpFix:
        from .batch.units import PLACEHOLDER

        result = DumpFix(None, self.source.text)
        splices = []
        left = []  # (unit, its target as written, its splices, the findings in it)
        for unit in self.units:
            target = unit.target
            fixed = fix_text(target, config, source=unit.source)
            written = None
            if fixed.applied and fixed.text != target and \
                    fixed.text.count(PLACEHOLDER) == target.count(PLACEHOLDER):
                try:
                    written = self.dump.rewrite(unit, fixed.text)
                except UnicodeEncodeError:  # the file's encoding cannot hold the fix
                    written = None
                if written is None:
                    result.unwritten += 1
            if written:
                splices.extend(written)
                result.applied.append(UnitFix(target, fixed, self.place(unit)))
                left.append((unit, fixed.text, written, fixed.remaining))
            elif fixed.text == target:
                left.append((unit, target, [], fixed.remaining))
            else:
                left.append((unit, target, [], check_text(target, config,
                                                          source=unit.source)))
        data = self.data
        if splices:
            splices.sort()
            pieces, cursor = [], 0
            for start, end, new in splices:
                pieces += [self.data[cursor:start], new]
                cursor = end
            pieces.append(self.data[cursor:])
            result.data = data = b"".join(pieces)
            bom = len(self.source.bom)
            result.text = data[bom:].decode(self.source.encoding, "surrogateescape")
        moved = _Moved(splices)
        chars = Chars(data, len(self.source.bom), self.source.encoding)
        remaining = []
        for unit, target, written, findings in left:
            if not findings:
                continue
            spans = moved.spans(self.dump.spans(unit), written)
            if not spans:
                at = moved.offset(self.chars.line_start(_where_line(unit)))
                spans = [(at, at)]
            place = self._placement(unit, target, spans, chars, result.text)
            spell = _Speller(self, unit, target, {(a, b): new for a, b, new in written},
                             moved.offset, chars)
            remaining.extend(spell.finding(place.finding(f), f) for f in findings)
        result.remaining = sorted(remaining, key=Finding.sort_key)
        return result


class _Speller:
    """The edits of a finding's suggestions as the file must spell them.

    A suggestion's edits are in the target's text; placed in the file as they are, a
    ``"`` would end a JSON or PO string, a ``<`` open an XML tag and a ``,`` split an
    unquoted CSV cell. So the suggestion is applied to the target, the target written
    again through its format, and the edit is what differs between the bytes the file
    holds and those (the whole cell, when a cell must now be quoted). A suggestion the
    format cannot hold (a line break in a one-line unit) is dropped, as ``fix`` drops it.
    """

    def __init__(self, dump_file: DumpFile, unit, target: str, written: dict,
                 moved, chars: Chars) -> None:
        self.dump_file, self.unit, self.target = dump_file, unit, target
        self.written = written  # (start, end) of the file as read -> the bytes there now
        self.moved = moved  # a byte offset of the file as read -> where it is now
        self.chars = chars  # of the file as it is now

    def finding(self, placed: Finding, found: Finding) -> Finding:
        """``placed`` (``found`` placed in the file) with its edits spelled for the file."""
        if not found.suggestions:
            return placed
        suggestions = []
        for suggestion in found.suggestions:
            edits = self._edits(suggestion.edits)
            if edits:
                suggestions.append(dataclasses.replace(suggestion, edits=tuple(edits)))
        return dataclasses.replace(placed, suggestions=tuple(suggestions))

    def _edits(self, edits) -> list[Edit] | None:
        from .batch.units import PLACEHOLDER, DumpError

        new_target = apply_edits(self.target, edits)
        if new_target.count(PLACEHOLDER) != self.target.count(PLACEHOLDER):
            return None  # the edit would take inline markup with it
        data, encoding = self.dump_file.data, self.dump_file.source.encoding
        try:
            splices = self.dump_file.dump.rewrite(self.unit, new_target)
        except (UnicodeEncodeError, DumpError):  # the file cannot hold the fix
            return None
        if not splices:
            return None
        out = []
        for start, end, new in splices:
            old = self.written.get((start, end), data[start:end])
            if old == new:
                continue
            old_text = old.decode(encoding, "surrogateescape")
            new_text = new.decode(encoding, "surrogateescape")
            head, tail = common_ends(old_text, new_text)
            at = self.chars.char(self.moved(start))
            out.append(Edit(at + head, at + len(old_text) - tail,
                            new_text[head:len(new_text) - tail]))
        return out or None


class _Moved:
    """Byte offsets of the file as it was, in the file the splices made."""

    def __init__(self, splices) -> None:  # sorted, none overlapping
        self.ends = [end for _, end, _ in splices]
        self.shifts = [0]
        for start, end, new in splices:
            self.shifts.append(self.shifts[-1] + len(new) - (end - start))

    def offset(self, byte: int) -> int:
        """Where ``byte``, outside every splice, is now."""
        return byte + self.shifts[bisect.bisect_right(self.ends, byte)]

    def spans(self, spans, written) -> list[tuple[int, int]]:
        """Where ``spans`` of a unit whose own splices are ``written`` stand now: a
        span a splice wrote again is that splice's new bytes."""
        out: list[tuple[int, int]] = []
        for start, end in spans:
            splice = next(((s, e, new) for s, e, new in written if s <= start and end <= e),
                          None)
            if splice is None:
                span = (self.offset(start), self.offset(end))
            else:
                at = self.offset(splice[0])
                span = (at, at + len(splice[2]))
            if span not in out:
                out.append(span)
        return out


def read_dump(source: textio.TextFile) -> DumpFile:
    """``source`` read as a translation file through its format.

    Raises :class:`PlainText` for a JSONL, CSV or TSV file without a target, and
    :class:`DumpFileError` for a file that is not valid in its format.
    """
    from .batch.formats import FormatOptions, open_dump
    from .batch.units import DumpError, MissingTarget

    path, fmt = source.path, _format(source.path)
    if fmt in ("csv", "tsv") and source.encoding.startswith(("utf-16", "utf-32")):
        # The table reader splits lines on the byte \n, which UTF-16 and UTF-32 do not
        # keep to themselves.
        raise DumpFileError(f"a {fmt.upper()} file in {source.encoding} is not read as a "
                            "translation table; convert it to UTF-8")
    try:
        data = textio.read_bytes(path)
    except textio.InputError as exc:
        raise DumpFileError(exc.message) from None
    if data[len(source.bom):].decode(source.encoding, "surrogateescape") != source.text:
        raise DumpFileError("changed while it was being read")
    options = FormatOptions(format=fmt, encoding=source.encoding, strict_rows=True)
    try:
        dump = open_dump(Path(path), options)
        units = list(dump.units())
        dump.finish()
    except MissingTarget:
        if fmt == "jsonl":
            raise PlainText('no line has a string at "target", so it is read as plain '
                            "text (for translations in other fields: mtclean batch "
                            "--field NAME --source-field NAME)") from None
        raise PlainText('no "target" column in its header, so it is read as plain text '
                        "(for translations in other columns: mtclean batch --column NAME "
                        "--source-column NAME)") from None
    except DumpError as exc:
        raise _input_error(exc) from None
    return DumpFile(source, data, dump, units)


def _input_error(exc) -> DumpFileError:
    """A :class:`DumpError` of the batch readers, said for a file named on its own."""
    line, _, column = exc.where.partition(":")
    where = f"line {line}, column {column}: " if column else f"line {line}: " if line else ""
    return DumpFileError(f"{where}{exc.message}")


# -- the shape a plain-text fix must keep -----------------------------------------


def _skeleton(value):
    """A JSON value with every string emptied: what a fix of its text may not change."""
    if isinstance(value, dict):
        return {key: _skeleton(v) for key, v in value.items()}
    if isinstance(value, list):
        return [_skeleton(v) for v in value]
    return "" if isinstance(value, str) else value


def shape_broken(source: textio.TextFile, new_text: str) -> str | None:
    """What a plain-text fix of the JSONL, CSV or TSV file ``source`` would break, as
    ``new_text``: the first line that is no longer the same JSON object or the same
    number of cells; None when the fix keeps the file's shape (or it is no such file)."""
    fmt = _format(source.path)
    if fmt not in _SHAPED or new_text == source.text:
        return None
    if fmt == "jsonl":
        old_lines, new_lines = source.text.split("\n"), new_text.split("\n")
        if len(old_lines) != len(new_lines):
            return "the fixes would add or remove lines"
        for number, (old, new) in enumerate(zip(old_lines, new_lines, strict=True), 1):
            if old == new:
                continue
            try:
                same = _skeleton(json.loads(new)) == _skeleton(json.loads(old))
            except (ValueError, RecursionError):
                same = False
            if not same:
                return f"line {number}: the fixes would break its JSON"
        return None
    from .batch.formats import FormatOptions, open_dump
    from .batch.units import DumpError

    try:  # the dialect the table reader finds in the file (a header is not needed)
        dialect = open_dump(Path(source.path), FormatOptions(
            format=fmt, column="0", encoding=source.encoding)).dialect
    except DumpError:
        return "the fixes would be written into a table that cannot be read"
    old_rows = csv.reader(io.StringIO(source.text, newline=""), dialect)
    new_rows = csv.reader(io.StringIO(new_text, newline=""), dialect)
    line = 1
    while True:
        old, new = next(old_rows, None), next(new_rows, None)
        if old is None and new is None:
            return None
        if old is None or new is None or len(old) != len(new):
            return f"line {line}: the fixes would change its {fmt.upper()} cells"
        line = old_rows.line_num + 1
