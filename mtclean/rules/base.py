"""The one signature every rule has, and helpers for building findings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..model import Finding, Suggestion
from ..text import Document

if TYPE_CHECKING:
    from ..config import Config
    from ..keywords import Keywords


@dataclass
class CheckContext:
    """What a rule may consult besides the text: the config and, in batch jobs, the
    source segment the text was translated from."""

    config: Config
    source: str | None = None


class Rule:
    """A detector. Subclasses set the class attributes and implement :meth:`check`.

    The docstring of a subclass holds a ``Wrong:`` line and a ``Right:`` line; ``mtclean
    explain`` prints them.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    kind: ClassVar[str]
    summary: ClassVar[str]
    default_on: ClassVar[bool] = True
    #: Rules that need the source segment run only when one is given.
    needs_source: ClassVar[bool] = False

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        raise NotImplementedError

    def folded_keywords(self, doc: Document, ctx: CheckContext) -> list[tuple[Keywords, bool]]:
        """The keyword sets :meth:`check` will look up in the document's folded text
        (:func:`mtclean.automaton.find_folded`, lexicon scans), as (keywords, words)
        pairs: a long document is scanned once for those of all the rules."""
        return []

    @classmethod
    def selectors(cls) -> tuple[str, ...]:
        """Everything ``--select``/``--ignore`` may name this rule by."""
        prefixes = tuple(cls.code[:i] for i in range(3, len(cls.code)))
        return (cls.code, cls.name, cls.kind, *prefixes)

    def finding(self, doc: Document, start: int, end: int, message: str,
                suggestions: Iterable[Suggestion] = (), *, kind: str | None = None,
                related: tuple[tuple[int, int], ...] = ()) -> Finding:
        return Finding(
            rule=self.code,
            name=self.name,
            kind=kind or self.kind,
            start=start,
            end=end,
            text=doc.text[start:end],
            message=message,
            suggestions=tuple(suggestions),
            related=related,
        )

    @classmethod
    def examples(cls) -> tuple[str, str]:
        """The (wrong, right) example lines from the docstring."""
        wrong = right = ""
        for line in (cls.__doc__ or "").splitlines():
            line = line.strip()
            if line.startswith("Wrong:"):
                wrong = line[len("Wrong:"):].strip()
            elif line.startswith("Right:"):
                right = line[len("Right:"):].strip()
        return wrong, right
