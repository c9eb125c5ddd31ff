"""CSV and TSV: one segment a row, the target in a named column (``--column``).

The dialect is sniffed from the start of a CSV file (TSV is tab-separated and unquoted,
as translation tools write it). Only the target cell of a fixed row is rewritten, quoted
the way it was; a row the cell scanner cannot follow is written again whole, in the
sniffed dialect.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from ..units import DumpError, MissingTarget, Unit
from .base import BOM, Dump, FormatOptions, decode, open_binary, read_lines

_SAMPLE = 1 << 16
csv.field_size_limit(1 << 28)  # segments can be long; the default 128 KiB is not enough


class _Dialect(csv.Dialect):
    delimiter = ","
    quotechar = '"'
    doublequote = True
    escapechar = None
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL
    strict = False


def _dialect(delimiter: str, quoted: bool) -> type[csv.Dialect]:
    return type("Sniffed", (_Dialect,), {
        "delimiter": delimiter,
        "quoting": csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE,
        "quotechar": '"' if quoted else None,
    })


def cell_spans(text: str, dialect) -> list[tuple[int, int]] | None:
    """Spans of the cells of one row's text (its line break removed), quotes included."""
    delimiter, quote = dialect.delimiter, dialect.quotechar
    spans, pos, size = [], 0, len(text)
    while True:
        start = pos
        if quote and text.startswith(quote, pos):
            pos += 1
            while True:
                closing = text.find(quote, pos)
                if closing < 0:
                    return None
                if text.startswith(quote * 2, closing):
                    pos = closing + 2
                    continue
                pos = closing + 1
                break
        end = text.find(delimiter, pos)
        end = size if end < 0 else end
        spans.append((start, end))
        if end >= size:
            return spans
        pos = end + 1


def _cell_value(cell: str, quote: str | None) -> str:
    if quote and len(cell) >= 2 and cell[0] == quote and cell[-1] == quote:
        return cell[1:-1].replace(quote * 2, quote)
    return cell


def _strip_eol(text: str) -> str:
    if text.endswith("\n"):
        text = text[:-1]
        if text.endswith("\r"):
            text = text[:-1]
    return text


class DelimitedDump(Dump):
    name = "csv"

    def __init__(self, path: Path, options: FormatOptions, *, tsv: bool = False) -> None:
        super().__init__(path, options)
        self.name = "tsv" if tsv else "csv"
        self.encoding = options.encoding
        self.dialect = _dialect("\t", False) if tsv else self._sniff()
        self.header_end = 0
        self.columns: dict[str, int] = {}
        self.width = 0  # the header's number of cells
        self._short_rows: list[str] = []  # lines of rows too short to hold a target
        self._short_count = 0
        if options.column.isdigit():
            self.target_col = int(options.column)
            self.source_col = self._index("--source-column", options.source_column)
            self.id_col = self._index("--id-column", options.id_column)
            self._check_width()
        else:
            self._read_header()

    def _index(self, option: str, value: str | None) -> int | None:
        """A column given by index, as it must be when --column is one (no header)."""
        if value is None:
            return None
        if not value.isdigit():
            raise DumpError(self.path, "", f"{option} {value!r} must be a 0-based column "
                                           "index, as --column is (a file without a header)")
        return int(value)

    def _check_width(self) -> None:
        """Refuse a column index the first row does not reach: every row would be passed
        over (or every id and source left out) without a word."""
        for _, _, _, _, _, cells in self._rows(0, 0):
            for option, column in (("--column", self.target_col),
                                   ("--source-column", self.source_col),
                                   ("--id-column", self.id_col)):
                if column is not None and column >= len(cells):
                    raise DumpError(self.path, "1", f"no column {column} ({option}): the "
                                                    f"first row has {len(cells)} columns, "
                                                    f"0 to {len(cells) - 1}")
            break

    def _sniff(self) -> type[csv.Dialect]:
        with open_binary(self.path) as stream:
            sample = stream.read(_SAMPLE)
        cut = sample.rfind(b"\n")
        sample = sample[: cut + 1] if cut > 0 else sample
        text = sample.decode(self.encoding, errors="replace").lstrip("\ufeff")
        try:
            sniffed = csv.Sniffer().sniff(text, delimiters=",;|\t")
            delimiter = sniffed.delimiter
        except csv.Error:
            delimiter = ","
        return _dialect(delimiter, True)

    def _rows(self, offset: int, line_no: int):
        """(first line, last line, start offset, end offset, row text, cells) per row."""
        state = {"end": offset, "line": line_no, "taken": []}

        def lines():
            with open_binary(self.path) as stream:
                for start, raw in read_lines(stream, offset):
                    state["line"] += 1
                    state["end"] = start + len(raw)
                    if start == 0 and raw.startswith(BOM):
                        raw = raw[3:]
                        state["bom"] = 3
                    text = decode(raw, self.encoding, self.path, f"{state['line']}")
                    state["taken"].append(text)
                    yield text

        reader = csv.reader(lines(), self.dialect)
        row_start, first_line = offset, line_no + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise DumpError(self.path, f"{first_line}", f"not valid {self.name.upper()}: "
                                                            f"{exc}") from None
            text = "".join(state["taken"])
            state["taken"] = []
            # The csv module reads a quote that never closes as a cell that runs to the
            # end of the file; a file cut short, or a stray quote, would be taken whole.
            if self.dialect.quotechar and cell_spans(_strip_eol(text), self.dialect) is None:
                raise DumpError(self.path, f"{first_line}", f"not valid {self.name.upper()}: "
                                "a quoted cell is never closed")
            start = row_start + state.pop("bom", 0)
            yield first_line, state["line"], start, state["end"], text, cells
            row_start, first_line = state["end"], state["line"] + 1

    def _read_header(self) -> None:
        for _, _, _, end, _, cells in self._rows(0, 0):
            self.columns = {name.strip(): i for i, name in enumerate(cells)}
            self.header_end = end
            self.width = len(cells)
            break
        opts = self.options
        if opts.column not in self.columns:
            names = ", ".join(self.columns) or "none"
            raise MissingTarget(self.path, "1", f"no column {opts.column!r} in the header "
                                                f"(columns: {names}; choose with --column)")
        for option, name in (("--source-column", opts.source_column),
                             ("--id-column", opts.id_column)):
            if name and name not in self.columns:
                raise DumpError(self.path, "1", f"no column {name!r} in the header (columns: "
                                                f"{', '.join(self.columns)}; choose with "
                                                f"{option})")
        self.target_col = self.columns[opts.column]
        self.source_col = self.columns.get(opts.source_column or "source")
        self.id_col = self.columns.get(opts.id_column or "id")

    def units(self, resume=None, first_index: int = 0) -> Iterator[Unit]:
        offset, line_no = resume if resume else (self.header_end, 1 if self.columns else 0)
        index = first_index
        target_col, source_col, id_col = self.target_col, self.source_col, self.id_col
        strict = self.options.strict_rows and self.width
        for first_line, last_line, start, end, text, cells in self._rows(offset, line_no):
            self.position = end
            if strict and cells and len(cells) != self.width:
                raise DumpError(self.path, f"{first_line}", f"not valid {self.name.upper()}: "
                                f"{len(cells)} cells, and the header has {self.width}")
            if len(cells) <= target_col:
                if any(cell.strip() for cell in cells):
                    self._short_count += 1
                    if len(self._short_rows) < 5:
                        self._short_rows.append(f"{first_line}")
                continue
            if not cells[target_col].strip():
                continue
            source = cells[source_col] if source_col is not None and source_col < len(cells) else None
            ident = cells[id_col] if id_col is not None and id_col < len(cells) else ""
            yield Unit(index, ident or f"line {first_line}", cells[target_col], source or None,
                       f"{first_line}", edit=(start, text, cells),
                       after=(end, last_line))
            index += 1

    def finish(self) -> None:
        if self._short_count:
            count = self._short_count
            lines = ", ".join(self._short_rows) + (", ..." if count > len(self._short_rows) else "")
            self.notes.append(
                f"{self.path}: {count:,} row{'s' if count > 1 else ''} with too few cells to "
                f"hold the target column {'were' if count > 1 else 'was'} not checked "
                f"(line{'s' if count > 1 else ''} {lines})")

    def rewrite(self, unit: Unit, new_target: str):
        start, text, cells = unit.edit
        row = _strip_eol(text)
        spans = cell_spans(row, self.dialect)
        quote = self.dialect.quotechar
        if spans and len(spans) == len(cells) and all(
                _cell_value(row[a:b], quote) == cell for (a, b), cell in zip(spans, cells, strict=True)):
            a, b = spans[self.target_col]
            new_cell = self._encode_cell(new_target, was_quoted=bool(quote) and
                                         row.startswith(quote, a))
            if new_cell is None:
                return None
        else:  # write the row again, whole, in the sniffed dialect
            a, b = 0, len(row)
            out = io.StringIO()
            new_cells = list(cells)
            new_cells[self.target_col] = new_target
            try:
                csv.writer(out, self.dialect, lineterminator="").writerow(new_cells)
            except csv.Error:
                return None
            new_cell = out.getvalue()
        byte_a = start + len(row[:a].encode(self.encoding))
        byte_b = byte_a + len(row[a:b].encode(self.encoding))
        return [(byte_a, byte_b, new_cell.encode(self.encoding))]

    def _encode_cell(self, value: str, *, was_quoted: bool) -> str | None:
        quote, delimiter = self.dialect.quotechar, self.dialect.delimiter
        special = delimiter in value or "\n" in value or "\r" in value
        if not quote:
            return None if special else value
        if was_quoted or special or quote in value:
            return quote + value.replace(quote, quote * 2) + quote
        return value
