"""Inline suppression comments and ignored words.

``mtclean: ignore`` silences every finding on its line, ``mtclean: ignore[MT101,calque]``
only the rules or kinds named, and ``mtclean: ignore-next-line`` (also with a list) the
line after it. The marker may sit inside any comment syntax (``#``, ``//``, ``<!-- -->``)
because mtclean only looks for the words. A list names rules the way ``--ignore`` does:
by code ("MT101"), code prefix ("MT1"), name ("stray-cjk") or kind ("calque"), in any
case.

Ignored words (``ignore-words`` in the configuration) silence a finding whose flagged
text equals one of them, compared case-insensitively and with runs of whitespace
folded, so "Public  opinion" in the text matches "public opinion" in the list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import Finding
from .text import Document

# "ignore" must end the word: "mtclean: ignored" or "mtclean: ignore-words" is prose,
# not a marker.
_MARKER = re.compile(
    r"mtclean:[ \t]*ignore(-next-line)?(?![\w-])(?:\[([^\]\n]*)\])?", re.IGNORECASE
)
_ALL = frozenset({"*"})
_SPACE = re.compile(r"\s+")


def fold_word(word: str) -> str:
    """The form ignored words are compared in: case-folded, whitespace runs as one space."""
    return _SPACE.sub(" ", word).strip().casefold()


def line_ignores(doc: Document) -> dict[int, frozenset[str]]:
    """Map 0-based line numbers to the selectors silenced there ("*" for all).

    Selectors are case-folded.
    """
    ignores: dict[int, frozenset[str]] = {}
    # The cheap test first: most texts hold no marker at all.
    if "mtclean:" not in doc.lower:
        return ignores
    for m in _MARKER.finditer(doc.text):
        line = doc.position(m.start())[0] - 1
        if m.group(1):
            line += 1
        names = m.group(2)
        selectors = (
            frozenset(s.strip().casefold() for s in names.split(",") if s.strip())
            if names is not None else _ALL
        )
        # "ignore[]" names nothing; treat it as a typo for a bare ignore rather than
        # as a marker that silently does nothing.
        ignores[line] = ignores.get(line, frozenset()) | (selectors or _ALL)
    return ignores


def _keys(finding: Finding) -> set[str]:
    keys = {finding.rule.casefold(), finding.name.casefold(), finding.kind.casefold()}
    keys.update(finding.rule[:i].casefold() for i in range(3, len(finding.rule)))
    return keys


def silenced(finding: Finding, selectors: frozenset[str]) -> bool:
    """Whether case-folded ``selectors`` name ``finding`` (by code, prefix, name, kind)."""
    return "*" in selectors or not selectors.isdisjoint(_keys(finding))


def apply(findings: Iterable[Finding], doc: Document, *, inline: bool,
          ignore_words: frozenset[str]) -> list[Finding]:
    """Drop findings silenced by inline comments or by the ignored-words list.

    A finding that spans several lines is silenced by a marker on any of them.
    """
    findings = list(findings)
    if not findings:
        return findings
    folded_words = frozenset(fold_word(w) for w in ignore_words)
    ignores = line_ignores(doc) if inline else {}
    if not folded_words and not ignores:
        return findings
    kept = []
    for f in findings:
        if folded_words and fold_word(f.text) in folded_words:
            continue
        if ignores:
            first = doc.position(f.start)[0] - 1
            last = doc.position(max(f.start, f.end - 1))[0] - 1
            if any(silenced(f, ignores[ln]) for ln in range(first, last + 1) if ln in ignores):
                continue
        kept.append(f)
    return kept
