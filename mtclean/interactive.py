"""``mtclean fix --interactive``: a person decides each fix.

:class:`Prompter` is a ``decide`` callback for :func:`mtclean.fix_text`: for each finding
it shows the line with the span marked and the suggestions, and reads an answer:

- Enter or ``y``: apply the first suggestion;
- a number: apply that suggestion;
- ``e``: type a replacement for the flagged text;
- ``s`` or ``n``: skip this finding;
- ``q`` (or end of input): skip this and every later finding, in every file;
- ``?``: show this help.

The core stays pure: this module only reads answers and writes prompts, on the streams
it is given.
"""

from __future__ import annotations

import unicodedata
from typing import IO

from .fixer import apply_edits
from .formats import paint
from .model import Edit, Finding, Suggestion
from .text import Document

HELP = (
    "  Enter/y  apply suggestion 1      1-9  apply that suggestion\n"
    "  e        type a replacement      s/n  skip this finding\n"
    "  q        quit (skip the rest)    ?    this help\n"
)

#: Display columns of context shown on each side of a span in a long line.
CONTEXT_WIDTH = 40


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide (CJK, full-width) characters count two."""
    return sum(
        0 if unicodedata.combining(ch) else
        2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        for ch in text
    )


def _clip_left(text: str, width: int) -> str:
    out, used = [], 0
    for ch in reversed(text):
        used += display_width(ch)
        if used > width:
            return "…" + "".join(reversed(out))
        out.append(ch)
    return text


def _clip_right(text: str, width: int) -> str:
    out, used = [], 0
    for ch in text:
        used += display_width(ch)
        if used > width:
            return "".join(out) + "…"
        out.append(ch)
    return text


def _visible(text: str) -> str:
    return text.replace("\t", " ").replace("\r", "")


def excerpt(doc: Document, start: int, end: int, colour: bool) -> tuple[str, str]:
    """The line holding ``doc.text[start:end]`` (clipped around it when long) and a caret
    line beneath it marking the span."""
    line_start, line_end = doc.line_span(start)
    stop = min(end, line_end)
    before = _clip_left(_visible(doc.text[line_start:start]), CONTEXT_WIDTH)
    span = _visible(doc.text[start:stop])
    after = _clip_right(_visible(doc.text[stop:line_end]), CONTEXT_WIDTH)
    line = before + paint(span, "reverse", colour) + after
    carets = " " * display_width(before) + "^" * max(1, display_width(span))
    return line, paint(carets, "red", colour)


def preview(doc: Document, suggestion: Suggestion) -> str:
    """The line(s) the suggestion touches, as they would read once it is applied."""
    first, last = suggestion.span
    start = doc.line_span(first)[0]
    end = doc.line_span(max(first, last - 1) if last > first else first)[1]
    end = max(end, last)
    local = [Edit(e.start - start, e.end - start, e.replacement) for e in suggestion.edits]
    return _visible(apply_edits(doc.text[start:end], local)).replace("\n", " ⏎ ")


class Prompter:
    """A ``decide`` callback that asks a person (see the module docstring).

    ``quit`` becomes true once the person quits; later calls, on this file or others,
    skip without asking. ``ask_safe=False`` applies safe suggestions without asking.
    """

    def __init__(self, path: str, *, input: IO, output: IO, colour: bool = False,
                 ask_safe: bool = True) -> None:
        self.path = path
        self.input = input
        self.output = output
        self.colour = colour
        self.ask_safe = ask_safe
        self.quit = False
        self.accepted = 0
        self.skipped = 0
        self._doc: Document | None = None
        self._taken: list[Edit] = []

    def for_file(self, path: str) -> Prompter:
        """This prompter, now asking about ``path`` (a quit carries over)."""
        self.path = path
        self._doc = None
        return self

    def __call__(self, finding: Finding, doc: Document) -> Suggestion | None:
        if doc is not self._doc:
            self._doc, self._taken = doc, []
        if self.quit:
            return None
        if self._overlaps_answer(finding):
            # An earlier answer already rewrote this text; the fixer would drop it anyway.
            return None
        if not self.ask_safe and finding.safe:
            return self._take(finding.suggestions[0])
        self._show(finding, doc)
        while True:
            answer = self._ask(self._question(finding))
            if answer is None or answer == "q":
                self.quit = True
                self._write("quitting; the remaining findings are left as they are\n")
                return None
            if answer in ("s", "n"):
                self.skipped += 1
                return None
            if answer == "?":
                self._write(HELP)
                continue
            if answer in ("", "y") and finding.suggestions:
                return self._take(finding.suggestions[0])
            if answer.isdigit() and 1 <= int(answer) <= len(finding.suggestions):
                return self._take(finding.suggestions[int(answer) - 1])
            if answer == "e":
                typed = self._ask("replacement for " + repr(finding.text) + ": ", raw=True)
                if typed is None:
                    self.quit = True
                    return None
                if typed == "":
                    continue
                return self._take(Suggestion.replace(finding.start, finding.end, typed,
                                                     safe=True, source="user"))
            self._write(f"unknown answer {answer!r}\n{HELP}")

    # -- helpers -------------------------------------------------------------------

    def _overlaps_answer(self, finding: Finding) -> bool:
        spans = [s.span for s in finding.suggestions] or [(finding.start, finding.end)]
        return any(a < e.end and e.start < b for a, b in spans for e in self._taken)

    def _take(self, suggestion: Suggestion) -> Suggestion:
        self.accepted += 1
        self._taken.extend(suggestion.edits)
        return suggestion

    def _question(self, finding: Finding) -> str:
        n = len(finding.suggestions)
        if n == 0:
            return "[e]dit, [s]kip, [q]uit, [?] help: "
        pick = "[1]" if n == 1 else f"[1-{n}]"
        return f"apply {pick} (Enter = 1), [e]dit, [s]kip, [q]uit, [?] help: "

    def _show(self, finding: Finding, doc: Document) -> None:
        line_no, column = doc.position(finding.start)
        head = paint(f"{self.path}:{line_no}:{column}:", "bold", self.colour)
        rule = paint(f"{finding.rule} {finding.name}", "yellow", self.colour)
        text, carets = excerpt(doc, finding.start, finding.end, self.colour)
        gutter = f"{line_no:>5} | "
        out = [f"\n{head} {rule} {finding.message}\n",
               f"{gutter}{text}\n",
               f"{' ' * (len(gutter) - 2)}| {carets}\n"]
        for number, suggestion in enumerate(finding.suggestions, 1):
            tags = ["safe" if suggestion.safe else "unsafe"]
            if suggestion.source:
                tags.append(suggestion.source)
            out.append(f"  {number}) {suggestion.replacement!r}  ({', '.join(tags)})\n")
            out.append(f"       -> {preview(doc, suggestion)}\n")
        if not finding.suggestions:
            out.append("  no suggestion; type a replacement with e, or skip\n")
        self._write("".join(out))

    def _ask(self, question: str, *, raw: bool = False) -> str | None:
        self._write(question)
        self.output.flush()
        line = self.input.readline()
        if not line:
            self._write("\n")
            return None
        line = line.rstrip("\r\n")
        return line if raw else line.strip().lower()

    def _write(self, text: str) -> None:
        self.output.write(text)
