"""The registry of rules. Each family of detectors lives in a module of its own."""

from __future__ import annotations

import importlib

from .base import CheckContext, Rule

# Modules holding rule families, in the order their findings are preferred when two
# rules flag the same span.
_FAMILIES = (
    "mojibake",
    "stray_cjk",
    "untranslated",
    "shorthand",
    "punctuation",
    "lexical",
    "numbers",
    "terminology",
    "source",
    "discovery",
)

_RULES: list[Rule] | None = None


def all_rules() -> list[Rule]:
    """One instance of every rule, in family order, then code order."""
    global _RULES
    if _RULES is None:
        found: list[Rule] = []
        for family in _FAMILIES:
            try:
                module = importlib.import_module(f"{__name__}.{family}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{__name__}.{family}":
                    raise
                continue
            found.extend(cls() for cls in getattr(module, "RULES", ()))
        _RULES = found
    return _RULES


def rule_by_code(code: str) -> Rule | None:
    code = code.upper()
    for rule in all_rules():
        if rule.code == code or rule.name.upper() == code:
            return rule
    return None


__all__ = ["CheckContext", "Rule", "all_rules", "rule_by_code"]
