"""Glosses for Chinese fragments that have none in the text.

Filled in by the glossary work: the user's glossary, the curated lexicons, CC-CEDICT and
pinyin for names. Until then no gloss is proposed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Gloss:
    """An English rendering proposed for a Chinese fragment."""

    text: str
    source: str  # "glossary", "lexicon", "cedict", "pinyin"
    safe: bool = False


def gloss_fragment(zh: str, config) -> list[Gloss]:
    """English glosses for ``zh``, best first."""
    return []
