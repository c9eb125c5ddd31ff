"""What flows through a batch job: units read from a dump, and what checking them gave.

A *unit* is one target segment of a dump (a JSONL line's target field, a TMX ``<seg>``
in the target language, a PO ``msgstr``), with its source segment when the dump holds
one. Workers see only the texts; what the format needs to write a fixed target back into
the file stays in the parent, in :attr:`Unit.edit`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

#: Stands for inline markup (a ``<g>`` tag, a placeholder) between the text runs of one
#: target. Rules see an opaque character there; a fix that removes or adds one is not
#: written back, because the markup could not follow it.
PLACEHOLDER = "\ufffc"


@dataclass(slots=True)
class Unit:
    """One target segment, where it is, and what it was translated from."""

    index: int  # 0-based position among the dump's units
    id: str  # the unit's own id (tuid, trans-unit id, msgid), or "line N"
    target: str
    source: str | None
    where: str  # a position for messages: "line 12"
    #: Format-private: what :meth:`Dump.rewrite` needs to write a new target.
    edit: Any = None
    #: Format-private: where reading may resume after this unit (None: by count).
    after: Any = None


class FindingRecord(NamedTuple):
    """A finding as a batch job reports it: small, picklable, JSON-able.

    ``start`` and ``end`` are code-point offsets in the text the rule saw: the original
    target for findings a fix removed, the written target for those that remain.
    """

    rule: str
    name: str
    kind: str
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None
    fixed: bool


class UnitResult(NamedTuple):
    """What checking one unit gave: the new target (None when unchanged) and findings."""

    new_target: str | None
    findings: tuple[FindingRecord, ...]


class DumpError(Exception):
    """A dump mtclean cannot read: the message names the file and the position."""

    def __init__(self, path, where: str, message: str) -> None:
        self.path = str(path)
        self.where = where
        self.message = message
        super().__init__(f"{self.path}:{where}: {message}" if where else f"{self.path}: {message}")


class MissingTarget(DumpError):
    """A dump that is readable but has no target where the options look for one: no
    such column in the header, or no line with a string at the field."""


class BatchError(Exception):
    """A batch job that cannot run as asked (options, engine, checkpoint)."""
