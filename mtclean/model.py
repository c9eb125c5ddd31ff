"""The data mtclean's core speaks: findings, the suggestions they carry, and edits.

A *finding* says what is wrong and where. It carries *suggestions*, best first; each
suggestion is a set of *edits* to the original text, by code-point position, and is
marked safe (``fix`` may apply it without a person looking) or not. A finding with no
suggestion means a person must look.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The kinds of artifact a finding can report. Part of the JSON output contract.
KINDS = (
    "stray-cjk",
    "untranslated",
    "punctuation",
    "mojibake",
    "calque",
    "entity",
    "terminology",
)


@dataclass(frozen=True, slots=True, order=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement`` (code-point offsets)."""

    start: int
    end: int
    replacement: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad edit span {self.start}..{self.end}")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One way to mend a finding.

    ``replacement`` is what the flagged text becomes, for display; ``edits`` is what
    the fixer applies, and may reach beyond the flagged span (dropping a bracketed
    gloss, mending spacing around it).
    """

    replacement: str
    edits: tuple[Edit, ...]
    safe: bool = False
    source: str = ""  # where the suggestion came from: "inline-gloss", "lexicon", "cedict"...

    @classmethod
    def replace(cls, start: int, end: int, replacement: str, *, safe: bool = False,
                source: str = "") -> Suggestion:
        """A suggestion that replaces one span."""
        return cls(replacement, (Edit(start, end, replacement),), safe, source)

    @property
    def span(self) -> tuple[int, int]:
        return (min(e.start for e in self.edits), max(e.end for e in self.edits))


@dataclass(frozen=True, slots=True)
class Finding:
    """Something wrong in a text: which rule, what kind, where, and how to mend it."""

    rule: str  # stable code, "MT101"
    name: str  # readable rule name, "stray-cjk"
    kind: str  # one of KINDS
    start: int
    end: int
    text: str
    message: str
    suggestions: tuple[Suggestion, ...] = ()
    related: tuple[tuple[int, int], ...] = field(default=())  # other spans it points at

    @property
    def safe(self) -> bool:
        """Whether ``fix`` applies the first suggestion by default."""
        return bool(self.suggestions) and self.suggestions[0].safe

    @property
    def best(self) -> Suggestion | None:
        return self.suggestions[0] if self.suggestions else None

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.rule)
