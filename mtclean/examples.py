"""Code examples in prose: interactive sessions and commands typed at a shell prompt.

What stands in them is input and output of programs, written on purpose: Chinese passed
to a function (``>>> pinyin('中心')``), mojibake shown to a repair function, a space
before a shell's ``.``. No rule reports anything inside one.

- An interactive session (a Python doctest, or any ``>>>`` prompt) runs from a line
  that opens with ``>>>`` and code to the next blank line, so the lines continuing it
  (``...``) and the output printed under it belong to it. (``>>>`` before prose is a
  reply quoted in an e-mail.)
- A shell command is one line that opens with ``$`` and a space, then a command name
  or path (``$ pip install .``); ``$ 5 million`` is money, not a prompt.
- A fenced code block of Markdown (three backticks or tildes), from its opening fence
  to its closing one; a fence never closed marks nothing.
"""

from __future__ import annotations

import bisect
import re

from .text import Document, fenced_blocks

# The first prompt must hold code: a call, an index, an assignment, a string, a dotted
# name, a statement keyword, or one bare name. ">>> Please write down these values" is
# a reply quoted three levels deep in an e-mail, which is prose.
_CODE_PROMPT = (r"[ \t]*>>>[ \t]+(?=[^\n]*[(\[='\"]|[^\n]*\w\.\w|(?:import|from|for|def|"
                r"class|if|with|while|try|del|assert|raise|print|help)\b|[\w.]+[ \t]*\r?$)")
_SESSION = re.compile(rf"{_CODE_PROMPT}.*(?:\n(?![ \t]*\r?$).*)*", re.M)
_PROMPT_LINE = re.compile(r"^[ \t]*>>>", re.M)
_CODE_PROMPT_LINE = re.compile(_CODE_PROMPT, re.M)
_SHELL = re.compile(r"[ \t]*\$[ \t]+[A-Za-z_./~].*")
# Where a prompt may stand; each is then tried at the start of its line (a literal
# search runs far faster than a pattern tried at every line of a long text, and two
# literal searches faster than one alternation).
_MARKS = (re.compile(r">>>"), re.compile(r"\$[ \t]"))


def example_spans(doc: Document) -> list[tuple[int, int]]:
    """Sorted, disjoint (start, end) spans of the code examples in ``doc``."""
    text = doc.text
    spans = fenced_blocks(text)
    if ">>>" not in text and "$" not in text and not spans:
        return []
    last_line = -1
    marks = sorted(m.start() for pattern in _MARKS for m in pattern.finditer(text))
    for at in marks:
        line = text.rfind("\n", 0, at) + 1
        if line == last_line or text[line:at].strip(" \t"):
            continue  # a line tried already, or the mark is not where the line begins
        last_line = line
        if text[at] == ">":
            m = _SESSION.match(text, line)
            if m:
                spans.append(_session(text, m))
        elif m := _SHELL.match(text, line):
            spans.append(m.span())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _session(text: str, m: re.Match) -> tuple[int, int]:
    """The span of the session ``m`` found, cut before a later prompt that holds prose."""
    for prompt in _PROMPT_LINE.finditer(text, m.start() + 1, m.end()):
        if not _CODE_PROMPT_LINE.match(text, prompt.start()):
            return m.start(), prompt.start()
    return m.span()


def outside_examples(findings: list, doc: Document) -> list:
    """``findings`` without those that lie within a code example."""
    spans = example_spans(doc)
    if not spans:
        return findings

    def inside(start: int, end: int) -> bool:
        i = bisect.bisect_right(spans, (start, float("inf"))) - 1
        return i >= 0 and spans[i][0] <= start and end <= spans[i][1]

    return [f for f in findings if not inside(f.start, f.end)]
