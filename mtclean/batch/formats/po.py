"""Gettext PO files: each ``msgstr`` (or ``msgstr[n]``) is a target, its ``msgid`` the
source.

The file is read one entry block at a time (entries are separated by blank lines) and
each block is parsed by polib, so memory stays small whatever the file size. A fixed
``msgstr`` is written back in place, single-line if it was, wrapped the way gettext
wraps if it was not; comments, flags, references and the other strings stay as they were.
The header entry and obsolete (``#~``) entries are not segments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import polib

from ..units import DumpError, Unit
from .base import BOM, Dump, FormatOptions, decode, open_binary, read_lines, split_eol

_KEYWORD = re.compile(r"\s*(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+\"")
_CONTINUATION = re.compile(r"\s*\"")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_STRING_LINE = re.compile(r'\s*(?:(?:msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+)?'
                          r'"(?:[^"\\]|\\.)*"\s*$')
_POLIB_LINE = re.compile(r"\(line (\d+)\)")
WRAP_WIDTH = 78


def _string_value(lines: list[str]) -> str:
    return "".join(polib.unescape(m.group(1)) for line in lines for m in _STRING.finditer(line))


def _detect_encoding(path: Path) -> str:
    with open_binary(path) as stream:
        head = stream.read(1 << 16).decode("latin-1")
    charset = polib.detect_encoding(head)
    return "utf-8" if charset.lower() in ("charset", "ascii", "us-ascii") else charset


class _Group:
    """The lines of one msgstr field: keyword, plural index, span, value."""

    __slots__ = ("keyword", "plural", "start", "end", "lines", "msgid", "multiline", "eol")

    def __init__(self, keyword, plural, start, lines, msgid, eol):
        self.keyword, self.plural, self.start = keyword, plural, start
        self.lines, self.msgid, self.eol = lines, msgid, eol
        self.multiline = len(lines) > 1
        self.end = start


class PoDump(Dump):
    name = "po"

    def __init__(self, path: Path, options: FormatOptions) -> None:
        super().__init__(path, options)
        self.encoding = _detect_encoding(self.path)

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
        msgid_lines: list[str] | None = None
        in_msgid = False
        for number, (start, raw) in enumerate(block):
            text = decode(raw, self.encoding, self.path, f"{first + number}")
            if text.lstrip().startswith("#"):
                current, in_msgid = None, False
                continue
            if not _STRING_LINE.match(text):
                raise DumpError(self.path, f"{first + number}",
                                "not a valid PO entry: expected a keyword and a quoted string")
            keyword = _KEYWORD.match(text)
            if keyword:
                current, in_msgid = None, keyword.group(1) == "msgid"
                if in_msgid:
                    msgid_lines = [text]
                if keyword.group(1).startswith("msgstr"):
                    eol = "\r\n" if raw.endswith(b"\r\n") else "\n"
                    current = _Group(keyword.group(1), keyword.group(2), start, [text],
                                     _string_value(msgid_lines or []), eol)
                    groups.append(current)
            elif _CONTINUATION.match(text):
                if current is not None:
                    current.lines.append(text)
                    current.multiline = True
                elif in_msgid and msgid_lines is not None:
                    msgid_lines.append(text)
                    continue
            if current is not None:
                current.end = start + len(split_eol(raw))
        return groups

    def units(self, resume=None, first_index: int = 0) -> Iterator[Unit]:
        index = 0
        for first, block in self._blocks():
            text = b"".join(raw for _, raw in block)
            try:
                parsed = polib.pofile(decode(text, self.encoding, self.path, f"{first}"),
                                      encoding=self.encoding, wrapwidth=WRAP_WIDTH)
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
            for group, (entry, n, value, source) in zip(groups, fields, strict=True):
                if not value.strip():
                    continue
                ident = f"{entry.msgctxt} | {entry.msgid}" if entry.msgctxt else entry.msgid
                if n is not None:
                    ident += f"[{n}]"
                line = first + sum(1 for off, _ in block if off < group.start)
                yield Unit(index, ident, value, source or None, f"{line}", edit=group)
                index += 1

    # -- writing ------------------------------------------------------------------------

    def rewrite(self, unit: Unit, new_target: str):
        group: _Group = unit.edit
        keyword = group.keyword
        if not group.multiline and "\n" not in new_target.rstrip("\n"):
            lines = [f'{keyword} "{polib.escape(new_target)}"']
        else:
            plural = keyword[len("msgstr"):]
            lines = polib.POEntry()._str_field("msgstr", "", plural, new_target, WRAP_WIDTH)
        data = group.eol.join(lines).encode(self.encoding)
        return [(group.start, group.end, data)]
