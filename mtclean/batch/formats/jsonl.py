"""JSON Lines: one JSON object a line, the target at a dotted path (``--field``).

Only the target's string token is rewritten, inside its line: key order, spacing, number
formats and the other fields' escapes stay as they were. The new string is escaped the
way the original seems to be (``\\u`` escapes or raw UTF-8).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from json.decoder import scanstring
from pathlib import Path
from typing import Any

from ..units import DumpError, MissingTarget, Unit
from .base import BOM, Dump, FormatOptions, open_binary, read_lines, split_eol

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_MISSING = object()


def split_path(dotted: str) -> tuple[str, ...]:
    """``"a.b.0"`` -> ``("a", "b", "0")``; digits index into arrays."""
    parts = tuple(dotted.split("."))
    if not all(parts):
        raise ValueError(f"bad field path {dotted!r}")
    return parts


def get_path(obj: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if isinstance(obj, dict):
            obj = obj.get(key, _MISSING)
        elif isinstance(obj, list) and key.isdigit() and int(key) < len(obj):
            obj = obj[int(key)]
        else:
            return _MISSING
        if obj is _MISSING:
            return obj
    return obj


def _skip(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()


def locate_string(text: str, path: tuple[str, ...]) -> tuple[int, int] | None:
    """The span of the JSON string token (quotes included) at ``path`` in ``text``.

    A repeated key resolves to its last occurrence, as :func:`json.loads` does.
    """
    pos = _skip(text, 0)
    for key in path:
        if text.startswith("{", pos):
            pos, found = _skip(text, pos + 1), None
            while not text.startswith("}", pos):
                name, pos = scanstring(text, pos + 1)
                pos = _skip(text, pos)
                pos = _skip(text, pos + 1)  # past the colon
                if name == key:
                    found = pos
                _, pos = _DECODER.raw_decode(text, pos)
                pos = _skip(text, pos)
                if text.startswith(",", pos):
                    pos = _skip(text, pos + 1)
            if found is None:
                return None
            pos = found
        elif text.startswith("[", pos) and key.isdigit():
            pos = _skip(text, pos + 1)
            for _ in range(int(key)):
                _, pos = _DECODER.raw_decode(text, pos)
                pos = _skip(text, pos)
                pos = _skip(text, pos + 1)  # past the comma
        else:
            return None
    if not text.startswith('"', pos):
        return None
    _, end = scanstring(text, pos + 1)
    return pos, end


_PROBE = "\u0000mtclean probe\u0000"


def _found_by_value(line: str, path: tuple[str, ...], value: str) -> tuple[int, int] | None:
    """The span of the string token at ``path``, found by searching ``line`` for the
    value as json.dumps writes it (the usual case), then proved by parsing the line with
    a probe in its place; None when that fails and the line must be walked."""
    for ensure_ascii in (False, True):
        token = json.dumps(value, ensure_ascii=ensure_ascii)
        start = line.find(token)
        if start < 0 or line.find(token, start + 1) >= 0:
            continue
        end = start + len(token)
        try:
            probe = json.loads(line[:start] + json.dumps(_PROBE) + line[end:])
        except ValueError:
            continue
        if get_path(probe, path) == _PROBE:
            return start, end
    return None


def _uses_ascii_escapes(token: str, line: str) -> bool:
    """Whether the writer of ``line`` escaped non-ASCII text (``ensure_ascii``)."""
    for sample in (token, line):
        if not sample.isascii():
            return False
        if "\\u" in sample:
            return True
    return False


class JsonlDump(Dump):
    name = "jsonl"

    def __init__(self, path: Path, options: FormatOptions) -> None:
        super().__init__(path, options)
        try:
            self.field = split_path(options.field)
            self.source_field = split_path(options.source_field) if options.source_field else None
            self.id_field = split_path(options.id_field) if options.id_field else None
        except ValueError as exc:
            raise DumpError(path, "", str(exc)) from None
        self.lines = 0
        self.missing = 0

    def units(self, resume=None, first_index: int = 0) -> Iterator[Unit]:
        offset, line_no = resume if resume else (0, 0)
        index = first_index
        field, source_field = self.field, self.source_field
        id_field = self.id_field or ("id",)
        default_source = ("source",) if source_field is None else None
        with open_binary(self.path) as stream:
            for start, raw in read_lines(stream, offset):
                line_no += 1
                self.position = start + len(raw)
                bom = 3 if start == 0 and raw.startswith(BOM) else 0
                data = raw[bom:] if bom else raw
                if data.isspace() or not data:
                    continue
                self.lines += 1
                try:
                    # Decoded here: json.loads would first guess the bytes' encoding.
                    obj = json.loads(data.decode("utf-8"))
                except json.JSONDecodeError as exc:
                    raise DumpError(self.path, f"{line_no}:{exc.colno}",
                                    f"not valid JSON: {exc.msg}") from None
                except UnicodeDecodeError:
                    raise DumpError(self.path, f"{line_no}", "not valid UTF-8") from None
                except ValueError:  # json refuses an integer of over 4,300 digits so
                    raise DumpError(self.path, f"{line_no}",
                                    "not valid JSON: a number is too long") from None
                except RecursionError:
                    raise DumpError(self.path, f"{line_no}",
                                    "not valid JSON: nested too deeply") from None
                target = get_path(obj, field)
                if not isinstance(target, str):
                    self.missing += 1
                    continue
                source = get_path(obj, source_field or default_source)
                ident = get_path(obj, id_field)
                yield Unit(
                    index,
                    str(ident) if isinstance(ident, (str, int)) else f"line {line_no}",
                    target,
                    source if isinstance(source, str) else None,
                    f"{line_no}",
                    edit=(start + bom, data),
                    after=(self.position, line_no),
                )
                index += 1

    def rewrite(self, unit: Unit, new_target: str):
        start, data = unit.edit
        line = split_eol(data).decode("utf-8")
        span = _found_by_value(line, self.field, unit.target) or locate_string(line, self.field)
        if span is None:  # json.loads found it, so this cannot happen short of a bug
            raise DumpError(self.path, unit.where, f"cannot locate {self.options.field!r}")
        token = line[span[0]:span[1]]
        new_token = json.dumps(new_target, ensure_ascii=_uses_ascii_escapes(token, line))
        byte_start = start + len(line[:span[0]].encode("utf-8"))
        byte_end = byte_start + len(token.encode("utf-8"))
        # A lone surrogate the input escaped (\\ud800) is escaped again, not refused.
        return [(byte_start, byte_end, new_token.encode("utf-8", "backslashreplace"))]

    def finish(self) -> None:
        if self.lines and self.missing == self.lines:
            raise MissingTarget(self.path, "", f"no line has a string at "
                                               f"{self.options.field!r} (choose the target "
                                               "with --field)")
