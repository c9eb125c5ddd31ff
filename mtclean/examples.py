"""Code examples in prose: interactive sessions and commands typed at a shell prompt.

What stands in them is input and output of programs, written on purpose: Chinese passed
to a function (``>>> pinyin('中心')``), mojibake shown to a repair function, a space
before a shell's ``.``. No rule reports anything inside one.

- An interactive session (a Python doctest, or any ``>>>`` prompt) runs from a line
  that opens with ``>>>`` to the next blank line, so the lines continuing it (``...``)
  and the output printed under it belong to it.
- A shell command is one line that opens with ``$`` and a space, then a command name
  or path (``$ pip install .``); ``$ 5 million`` is money, not a prompt.
"""

from __future__ import annotations

import bisect
import re

from .text import Document

_SESSION = re.compile(r"^[ \t]*>>>(?:[ \t]|$).*(?:\n(?![ \t]*\r?$).*)*", re.M)
_SHELL = re.compile(r"^[ \t]*\$[ \t]+[A-Za-z_./~].*", re.M)


def example_spans(doc: Document) -> list[tuple[int, int]]:
    """Sorted, disjoint (start, end) spans of the code examples in ``doc``."""
    text = doc.text
    if ">>>" not in text and "$" not in text:
        return []
    spans = sorted(m.span() for pattern in (_SESSION, _SHELL) for m in pattern.finditer(text))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def outside_examples(findings: list, doc: Document) -> list:
    """``findings`` without those that lie within a code example."""
    spans = example_spans(doc)
    if not spans:
        return findings

    def inside(start: int, end: int) -> bool:
        i = bisect.bisect_right(spans, (start, float("inf"))) - 1
        return i >= 0 and spans[i][0] <= start and end <= spans[i][1]

    return [f for f in findings if not inside(f.start, f.end)]
