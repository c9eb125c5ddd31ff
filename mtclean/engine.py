"""check_text: run the enabled rules over a text and return their findings."""

from __future__ import annotations

from . import keywords, suppress
from .automaton import PRESCAN_FROM, prescan_folded
from .cache import gc_paused
from .config import DEFAULT, Config
from .examples import outside_examples
from .model import Finding
from .rules import CheckContext, all_rules
from .text import Document

_ACTIVE: dict[tuple[int, bool], tuple[Config, list, list]] = {}


def active_rules(config: Config, *, with_source: bool = False):
    """The rules ``config`` runs, in registry order (remembered per configuration and
    registry: a batch job checks a million short segments under one)."""
    registry = all_rules()
    key = (id(config), with_source)
    hit = _ACTIVE.get(key)
    if hit is not None and hit[0] is config and hit[1] is registry:
        return hit[2]
    rules = [
        r for r in registry
        if config.enabled(r) and (with_source or not r.needs_source)
    ]
    if len(_ACTIVE) > 64:
        _ACTIVE.clear()
    _ACTIVE[key] = (config, registry, rules)
    return rules


def check_document(doc: Document, config: Config = DEFAULT, *,
                   source: str | None = None) -> list[Finding]:
    ctx = CheckContext(config=config, source=source)
    findings: list[Finding] = []
    # The rules allocate much and leave next to no cycles: what they do leave waits for
    # the collector's next run after the check.
    rules = active_rules(config, with_source=source is not None)
    with gc_paused():
        if len(doc.text) >= PRESCAN_FROM:
            # One pass over a long document for the keyword sets of all the rules.
            prescan_folded(doc, [s for rule in rules for s in rule.folded_keywords(doc, ctx)])
        for rule in rules:
            findings.extend(rule.check(doc, ctx))
        findings = outside_examples(findings, doc)
        findings = suppress.apply(
            findings, doc, inline=config.inline_ignores, ignore_words=config.ignore_words
        )
        findings = _deduplicate(findings)
    if len(doc.text) >= PRESCAN_FROM:
        keywords.forget()  # a long text's encodings go with its check
    return findings


def check_text(text: str, config: Config = DEFAULT, *, source: str | None = None) -> list[Finding]:
    """Findings in ``text``, sorted by position.

    ``source``, when given, is the Chinese segment ``text`` was translated from; rules
    that compare the two run only then.
    """
    return check_document(Document(text), config, source=source)


def _deduplicate(findings: list[Finding]) -> list[Finding]:
    """Keep one finding per span and kind: the first rule in registry order wins."""
    seen: set[tuple[int, int, str]] = set()
    kept = []
    for f in findings:
        key = (f.start, f.end, f.kind)
        if key in seen:
            continue
        seen.add(key)
        kept.append(f)
    kept.sort(key=Finding.sort_key)
    return kept
