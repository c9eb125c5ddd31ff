"""What a run of the core is told: which rules, which fixes, which user knowledge.

A plain value object. Reading it from setup.cfg, pyproject.toml or .mtclean.toml happens
at the edge (:mod:`mtclean.settings`); the core only sees the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One term of a user's glossary: Chinese source, English target, optional note."""

    zh: str
    en: str
    note: str = ""


@dataclass(frozen=True)
class Config:
    """Options for :func:`mtclean.check_text` and :func:`mtclean.fix_text`.

    ``select`` and ``ignore`` hold rule codes ("MT101"), code prefixes ("MT1"), rule
    names ("stray-cjk") or kinds ("calque"). An empty ``select`` means every rule that
    is on by default.
    """

    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    unsafe_fixes: bool = False
    #: Words and phrases never reported (case-insensitive), like codespell's ignore list.
    ignore_words: frozenset[str] = frozenset()
    #: The user's glossary; it wins over the built-in lexicons.
    glossary: tuple[GlossaryEntry, ...] = ()
    #: Extra lexicon entries from the user's configuration (parsed lexicon tables).
    extra_entries: tuple = ()
    #: Use statistical language identification (fastText, langdetect) where script
    #: ratios alone cannot decide.
    langid: bool = True
    #: Honour ``mtclean: ignore`` comments in the text.
    inline_ignores: bool = True
    extra: tuple[tuple[str, object], ...] = field(default=())

    def with_(self, **changes) -> Config:
        return replace(self, **changes)

    def enabled(self, rule) -> bool:
        """Whether ``rule`` (a :class:`mtclean.rules.base.Rule`) runs under this config."""
        keys = rule.selectors()
        if any(k in self.ignore for k in keys):
            return False
        if self.select:
            return any(k in self.select for k in keys)
        return rule.default_on


DEFAULT = Config()
