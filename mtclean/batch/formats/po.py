"""Gettext PO files: each ``msgstr`` (or ``msgstr[n]``) is a target, its ``msgid`` the
source.

The file is read one entry block at a time (entries are separated by blank lines) and
each block is parsed by polib, so memory stays small whatever the file size. A fixed
``msgstr`` is written back in place, single-line if it was, wrapped the way gettext
wraps if it was not; comments, flags, references and the other strings stay as they were.
The header entry and obsolete (``#~``) entries are not segments.

Targets and sources are read with every C escape gettext knows, and a fixed target keeps
the spelling of what the fix did not touch (:mod:`.po_strings`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import polib

from ..units import DumpError, Unit
from .base import BOM, Dump, FormatOptions, decode, open_binary, read_lines, split_eol
from .po_strings import WRAP_WIDTH, field_lines, respell, string_pieces

_KEYWORD = re.compile(r"\s*(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+\"")
_CONTINUATION = re.compile(r"\s*\"")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_STRING_LINE = re.compile(r'\s*(?:(?:msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+)?'
                          r'"(?:[^"\\]|\\.)*"\s*$')
_POLIB_LINE = re.compile(r"\(line (\d+)\)")
_CHARSET = re.compile(r'"?Content-Type:.+? charset=([\w_\-:\.]+)')  # polib's own pattern


def _string_value(lines: list[str]) -> str:
    """The value of a field's string lines as polib reads it (escapes it does not know
    left as they stand): what polib's entries are checked against."""
    return "".join(polib.unescape(m.group(1)) for line in lines for m in _STRING.finditer(line))


def _bodies(lines: list[str]) -> list[str]:
    """What stands between the quotes of each string on a field's lines."""
    return [m.group(1) for line in lines for m in _STRING.finditer(line)]


def _detect_encoding(path: Path) -> tuple[str, bool]:
    """The file's encoding, and whether its header declares it."""
    with open_binary(path) as stream:
        head = stream.read(1 << 16).decode("latin-1")
    charset = polib.detect_encoding(head)
    # polib falls back to UTF-8 without a word; the header declares a charset when it
    # names one polib took (the template's "charset=CHARSET" is no codec, so not one).
    declared = any(m.group(1) == charset for m in _CHARSET.finditer(head))
    return ("utf-8" if charset.lower() in ("ascii", "us-ascii") else charset), declared


class _Group:
    """The lines of one msgstr field: keyword, plural index, span, value, and the lines
    of its entry's msgid and msgid_plural."""

    __slots__ = ("keyword", "plural", "start", "end", "lines", "msgid", "multiline", "eol",
                 "sources")

    def __init__(self, keyword, plural, start, lines, msgid, eol, sources):
        self.keyword, self.plural, self.start = keyword, plural, start
        self.lines, self.msgid, self.eol = lines, msgid, eol
        self.sources: dict[str, list[str]] = sources
        self.multiline = len(lines) > 1
        self.end = start


class PoDump(Dump):
    name = "po"

    def __init__(self, path: Path, options: FormatOptions) -> None:
        super().__init__(path, options)
        self.encoding, declared = _detect_encoding(self.path)
        # gettext reads a PO file in the charset its header declares, so --encoding has
        # no say here; what to mend is the header, or the file.
        self.hint = ("the PO header declares this charset" if declared else
                     "the PO header must declare the file's charset "
                     '("Content-Type: text/plain; charset=NAME\\n"); without one the '
                     "file is read as UTF-8")

    def _decode(self, raw: bytes, line: int) -> str:
        return decode(raw, self.encoding, self.path, f"{line}", self.hint)

    # -- reading ------------------------------------------------------------------------

    def _blocks(self):
        """(first line number, [(offset, raw line)]) for each run of non-blank lines."""
        block, first, line_no = [], 0, 0
        with open_binary(self.path) as stream:
            for start, raw in read_lines(stream):
                line_no += 1
                self.position = start + len(raw)
                if start == 0 and raw.startswith(BOM):
                    raw, start = raw[3:], 3
                if raw.strip():
                    if not block:
                        first = line_no
                    block.append((start, raw))
                elif block:
                    yield first, block
                    block = []
        if block:
            yield first, block

    def _groups(self, first: int, block) -> list[_Group]:
        groups: list[_Group] = []
        current: _Group | None = None
        sources: dict[str, list[str]] = {}  # msgid and msgid_plural: their lines
        in_source: str | None = None
        for number, (start, raw) in enumerate(block):
            text = self._decode(raw, first + number)
            if text.lstrip().startswith("#"):
                current, in_source = None, None
                continue
            if not _STRING_LINE.match(text):
                raise DumpError(self.path, f"{first + number}",
                                "not a valid PO entry: expected a keyword and a quoted string")
            keyword = _KEYWORD.match(text)
            if keyword:
                current, in_source = None, None
                if keyword.group(1) in ("msgid", "msgid_plural"):
                    in_source = keyword.group(1)
                    if in_source == "msgid":
                        sources = {}
                    sources[in_source] = [text]
                if keyword.group(1).startswith("msgstr"):
                    eol = "\r\n" if raw.endswith(b"\r\n") else "\n"
                    current = _Group(keyword.group(1), keyword.group(2), start, [text],
                                     _string_value(sources.get("msgid", [])), eol, sources)
                    groups.append(current)
            elif _CONTINUATION.match(text):
                if current is not None:
                    current.lines.append(text)
                    current.multiline = True
                elif in_source is not None:
                    sources[in_source].append(text)
                    continue
            if current is not None:
                current.end = start + len(split_eol(raw))
        return groups

    def units(self, resume=None, first_index: int = 0) -> Iterator[Unit]:
        index = 0
        for first, block in self._blocks():
            # Line by line, so that a byte the charset does not hold is told by its line.
            text = "".join(self._decode(raw, first + n) for n, (_, raw) in enumerate(block))
            try:
                parsed = polib.pofile(text, encoding=self.encoding, wrapwidth=WRAP_WIDTH)
            except (OSError, ValueError) as exc:
                match = _POLIB_LINE.search(str(exc))
                line = first + int(match.group(1)) - 1 if match else first
                detail = str(exc).split(": ", 1)[1] if ": " in str(exc) else "syntax error"
                raise DumpError(self.path, f"{line}", f"not a valid PO entry: {detail}") from None
            groups = [g for g in self._groups(first, block) if g.msgid or g.plural]
            fields = []
            for entry in parsed:
                if entry.obsolete:
                    continue
                if entry.msgid_plural:
                    for n in sorted(entry.msgstr_plural):
                        source = entry.msgid if n == 0 else entry.msgid_plural
                        fields.append((entry, n, entry.msgstr_plural[n], source))
                else:
                    fields.append((entry, None, entry.msgstr, entry.msgid))
            if len(fields) != len(groups) or any(
                    _string_value(g.lines) != value for g, (_, _, value, _) in zip(groups, fields, strict=True)):
                raise DumpError(self.path, f"{first}", "cannot map this entry's msgstr lines "
                                                       "to what polib read")
            for group, (entry, n, _, _) in zip(groups, fields, strict=True):
                value = self._value(group.lines)  # with the escapes polib leaves alone
                if not value.strip():
                    continue
                source = self._value(group.sources.get("msgid_plural" if n else "msgid", []))
                ident = f"{entry.msgctxt} | {entry.msgid}" if entry.msgctxt else entry.msgid
                if n is not None:
                    ident += f"[{n}]"
                line = first + sum(1 for off, _ in block if off < group.start)
                yield Unit(index, ident, value, source or None, f"{line}", edit=group)
                index += 1

    def _value(self, lines: list[str]) -> str:
        return "".join(text for _, text in string_pieces(_bodies(lines), self.encoding))

    # -- writing ------------------------------------------------------------------------

    def rewrite(self, unit: Unit, new_target: str):
        group: _Group = unit.edit
        old = string_pieces(_bodies(group.lines), self.encoding)
        pieces = respell(old, new_target, self.encoding)
        lines = None if pieces is None else field_lines(group.keyword, pieces, group.multiline)
        if lines is None:
            return None  # the fix would cut an escape gettext does not know: left unwritten
        data = group.eol.join(lines).encode(self.encoding)
        return [(group.start, group.end, data)]
