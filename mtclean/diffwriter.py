"""The diff writer: a pure function from two texts to a unified diff."""

from __future__ import annotations

import difflib

_NO_NEWLINE = "\\ No newline at end of file\n"


def _lines(text: str) -> list[str]:
    # Split on \n only, keeping the ends, so CRLF files diff line by line and a diff
    # of a CRLF file keeps its \r characters.
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def unified_diff(old: str, new: str, path: str, *, context: int = 3) -> str:
    """A unified diff from ``old`` to ``new``, labelled ``a/path`` and ``b/path``.

    Empty when the texts are equal. A last line without a line break is marked the way
    ``diff`` and ``git apply`` expect.
    """
    if old == new:
        return ""
    out = []
    for line in difflib.unified_diff(_lines(old), _lines(new), f"a/{path}", f"b/{path}",
                                     n=context):
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n" + _NO_NEWLINE)
    return "".join(out)
