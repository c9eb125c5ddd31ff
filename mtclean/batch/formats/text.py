"""Plain text, one segment a line; and parallel text, a source file beside it.

Blank lines are not segments. Line breaks (LF or CRLF), a UTF-8 byte order mark and the
encoding stay as they were.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..units import DumpError, Unit
from .base import BOM, Dump, FormatOptions, decode, open_binary, read_lines, split_eol


def _check_encoding(path: Path, encoding: str) -> None:
    if encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32", "utf16", "utf32")):
        raise DumpError(path, "", f"{encoding} text is not supported one line at a time; "
                                  "convert it to UTF-8")


class TextDump(Dump):
    name = "text"

    def __init__(self, path: Path, options: FormatOptions) -> None:
        super().__init__(path, options)
        _check_encoding(self.path, options.encoding)

    def units(self, resume=None, first_index: int = 0) -> Iterator[Unit]:
        offset, line_no = resume if resume else (0, 0)
        index = first_index
        encoding = self.options.encoding
        with open_binary(self.path) as stream:
            for start, raw in read_lines(stream, offset):
                line_no += 1
                self.position = start + len(raw)
                content = split_eol(raw)
                if start == 0 and content.startswith(BOM):
                    content, start = content[3:], 3
                text = decode(content, encoding, self.path, f"{line_no}")
                if not text.strip():
                    continue
                yield Unit(index, f"line {line_no}", text, None, f"{line_no}",
                           edit=(start, start + len(content)),
                           after=(self.position, line_no))
                index += 1

    def rewrite(self, unit: Unit, new_target: str):
        if "\n" in new_target or "\r" in new_target:
            return None
        start, end = unit.edit
        return [(start, end, new_target.encode(self.options.encoding))]


class ParallelDump(Dump):
    """Target lines with the source lines at the same line numbers in another file."""

    name = "parallel"

    def __init__(self, path: Path, options: FormatOptions) -> None:
        super().__init__(path, options)
        if options.source_path is None:
            raise DumpError(path, "", "parallel text needs --source FILE")
        self.source_path = Path(options.source_path)
        self.inputs = (self.path, self.source_path)
        _check_encoding(self.path, options.encoding)

    def units(self, resume=None, first_index: int = 0) -> Iterator[Unit]:
        offset, source_offset, line_no = resume if resume else (0, 0, 0)
        index = first_index
        encoding = self.options.encoding
        with open_binary(self.path) as stream, open_binary(self.source_path) as sources:
            source_lines = read_lines(sources, source_offset)
            for start, raw in read_lines(stream, offset):
                line_no += 1
                source_start, source_raw = next(source_lines, (None, None))
                if source_raw is None:
                    raise DumpError(self.source_path, "",
                                    f"has fewer lines than {self.path} ({line_no - 1})")
                source_offset = source_start + len(source_raw)
                self.position = start + len(raw) + source_offset
                content = split_eol(raw)
                if start == 0 and content.startswith(BOM):
                    content, start = content[3:], 3
                source_bytes = split_eol(source_raw)
                if source_start == 0 and source_bytes.startswith(BOM):
                    source_bytes = source_bytes[3:]
                text = decode(content, encoding, self.path, f"{line_no}")
                if not text.strip():
                    continue
                source = decode(source_bytes, encoding, self.source_path, f"{line_no}")
                source = source if source.strip() else None
                yield Unit(index, f"line {line_no}", text, source, f"{line_no}",
                           edit=(start, start + len(content)),
                           after=(start + len(raw), source_offset, line_no))
                index += 1
            if next(source_lines, None) is not None:
                raise DumpError(self.source_path, "",
                                f"has more lines than {self.path} ({line_no})")

    def rewrite(self, unit: Unit, new_target: str):
        return TextDump.rewrite(self, unit, new_target)  # same line-per-segment layout
