"""Inline suppression comments and ignored words.

``mtclean: ignore`` silences every finding on its line, ``mtclean: ignore[MT101,calque]``
only the rules or kinds named, and ``mtclean: ignore-next-line`` (also with a list) the
line after it. The marker may sit inside any comment syntax (``#``, ``//``, ``<!-- -->``)
because mtclean only looks for the words.
"""

from __future__ import annotations

import re
from typing import Iterable

from .model import Finding
from .text import Document

_MARKER = re.compile(r"mtclean:\s*ignore(-next-line)?(?:\[([^\]]*)\])?", re.IGNORECASE)
_ALL = frozenset({"*"})


def _line_ignores(doc: Document) -> dict[int, frozenset[str]]:
    """Map 0-based line numbers to the selectors silenced there ("*" for all)."""
    ignores: dict[int, frozenset[str]] = {}
    text = doc.text
    if "mtclean:" not in text.lower():
        return ignores
    for m in _MARKER.finditer(text):
        line = doc.position(m.start())[0] - 1
        if m.group(1):
            line += 1
        names = m.group(2)
        selectors = (
            frozenset(s.strip() for s in names.split(",") if s.strip()) if names else _ALL
        )
        ignores[line] = ignores.get(line, frozenset()) | selectors
    return ignores


def _silenced(finding: Finding, selectors: frozenset[str]) -> bool:
    if "*" in selectors:
        return True
    keys = {finding.rule, finding.name, finding.kind}
    keys.update(finding.rule[:i] for i in range(3, len(finding.rule)))
    return any(s in keys or s.upper() in keys for s in selectors)


def apply(findings: Iterable[Finding], doc: Document, *, inline: bool,
          ignore_words: frozenset[str]) -> list[Finding]:
    """Drop findings silenced by inline comments or by the ignored-words list."""
    findings = list(findings)
    if not findings:
        return findings
    folded_words = frozenset(w.casefold() for w in ignore_words)
    ignores = _line_ignores(doc) if inline else {}
    kept = []
    for f in findings:
        if folded_words and f.text.casefold().strip() in folded_words:
            continue
        if ignores:
            first = doc.position(f.start)[0] - 1
            last = doc.position(max(f.start, f.end - 1))[0] - 1
            if any(_silenced(f, ignores[ln]) for ln in range(first, last + 1) if ln in ignores):
                continue
        kept.append(f)
    return kept
