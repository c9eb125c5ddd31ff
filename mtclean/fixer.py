"""fix_text: apply the suggestions findings carry, by position, until nothing changes.

Only this module changes text. It picks one suggestion per finding (the first, when it is
safe or unsafe fixes are allowed, or what a ``decide`` callback returns), drops any whose
edits overlap an earlier choice, and applies the rest to the original text from the end
backwards so that positions stay valid. Fixing can expose new findings (mojibake repaired
into stray Chinese, say), so it runs again on the result, up to ``MAX_ROUNDS`` times; the
rounds it made form a *plan* that :func:`apply_plan` replays.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .config import DEFAULT, Config
from .engine import check_document
from .model import Edit, Finding, Suggestion
from .text import Document

MAX_ROUNDS = 8

#: Called for each finding; returns the suggestion to apply, or None to skip it.
Decide = Callable[[Finding, Document], "Suggestion | None"]


@dataclass(frozen=True)
class AppliedFix:
    """A suggestion the fixer applied, the finding it mends, and the round it ran in."""

    finding: Finding
    suggestion: Suggestion
    round: int


@dataclass
class FixResult:
    text: str
    applied: list[AppliedFix] = field(default_factory=list)
    #: Findings still in the fixed text (those with no applicable suggestion).
    remaining: list[Finding] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.applied)

    @property
    def plan(self) -> list[list[Edit]]:
        """The edits of each round, replayable with :func:`apply_plan`."""
        rounds: dict[int, list[Edit]] = {}
        for fix in self.applied:
            rounds.setdefault(fix.round, []).extend(fix.suggestion.edits)
        return [sorted(rounds[r]) for r in sorted(rounds)]


def _conflicts(a: Edit, b: Edit) -> bool:
    if a.start < b.end and b.start < a.end:
        return True
    # Two insertions at one point would depend on their order.
    return a.start == a.end == b.start == b.end


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits to ``text`` (positions refer to ``text``)."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for prev, nxt in zip(ordered, ordered[1:], strict=False):
        if _conflicts(prev, nxt):
            raise ValueError(f"overlapping edits {prev} and {nxt}")
    if ordered and ordered[-1].end > len(text):
        raise ValueError("edit beyond the end of the text")
    parts = []
    pos = 0
    for e in ordered:
        parts.append(text[pos:e.start])
        parts.append(e.replacement)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def apply_plan(text: str, plan: list[list[Edit]]) -> str:
    """Replay the rounds of a :attr:`FixResult.plan`."""
    for edits in plan:
        text = apply_edits(text, edits)
    return text


def _clashes(edit: Edit, taken: list[tuple[int, int]]) -> bool:
    """Whether ``edit`` conflicts with one of ``taken``, the sorted spans of edits that
    do not conflict with each other (so their ends are sorted too)."""
    # Of the spans starting before the edit ends, the last reaches furthest.
    i = bisect.bisect_left(taken, (edit.end, -1))
    if i and taken[i - 1][1] > edit.start:
        return True
    if edit.start == edit.end:
        j = bisect.bisect_left(taken, (edit.start, edit.start))
        return j < len(taken) and taken[j] == (edit.start, edit.start)
    return False


def _choose(findings: list[Finding], doc: Document, unsafe: bool,
            decide: Decide | None) -> list[tuple[Finding, Suggestion]]:
    chosen: list[tuple[Finding, Suggestion]] = []
    # Sorted spans of the edits chosen so far: a bisection per edit, not a comparison
    # with every earlier one (a text with thousands of findings took minutes).
    taken: list[tuple[int, int]] = []
    for f in findings:
        if decide is not None:
            suggestion = decide(f, doc)
        elif f.suggestions and (f.suggestions[0].safe or unsafe):
            suggestion = f.suggestions[0]
        else:
            suggestion = None
        if suggestion is None:
            continue
        if any(_clashes(e, taken) for e in suggestion.edits):
            continue
        if apply_edits(doc.text[suggestion.span[0]:suggestion.span[1]],
                       [Edit(e.start - suggestion.span[0], e.end - suggestion.span[0],
                             e.replacement) for e in suggestion.edits]) == \
                doc.text[suggestion.span[0]:suggestion.span[1]]:
            continue  # a no-op suggestion; applying it would loop forever
        chosen.append((f, suggestion))
        for e in suggestion.edits:
            bisect.insort(taken, (e.start, e.end))
    return chosen


def fix_text(text: str, config: Config = DEFAULT, *, unsafe: bool | None = None,
             decide: Decide | None = None, source: str | None = None) -> FixResult:
    """Apply fixes to ``text``; return the new text, what was applied and what remains.

    Safe suggestions are applied; unsafe ones too when ``unsafe`` (default:
    ``config.unsafe_fixes``). ``decide``, when given, chooses instead (interactive fixing).
    """
    unsafe = config.unsafe_fixes if unsafe is None else unsafe
    result = FixResult(text)
    for round_no in range(1, MAX_ROUNDS + 1):
        doc = Document(result.text)
        findings = check_document(doc, config, source=source)
        chosen = _choose(findings, doc, unsafe, decide)
        if not chosen:
            result.remaining = findings
            return result
        result.text = apply_edits(doc.text, [e for _, s in chosen for e in s.edits])
        result.applied.extend(AppliedFix(f, s, round_no) for f, s in chosen)
        if decide is not None:
            # A person answers each finding once; do not ask again on the result.
            result.remaining = check_document(Document(result.text), config, source=source)
            return result
    result.remaining = check_document(Document(result.text), config, source=source)
    return result
