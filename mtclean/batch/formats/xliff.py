"""XLIFF 1.2 and 2.x: the ``<target>`` of each translation unit, beside its ``<source>``.

XLIFF 1.2 has one target per ``<trans-unit>`` (those under ``<alt-trans>`` are
alternatives, left alone); XLIFF 2 has one per ``<segment>`` of a ``<unit>``, and the
ones in ``<ignorable>`` are only whitespace between segments. A unit holding more than
one ``<target>`` (which neither version allows) has each checked, the second as
"ID (target 2)".
"""

from __future__ import annotations

from .xmldump import XmlDump, local, plain_text


def _child(elem, name: str):
    return next((child for child in elem if local(child.tag) == name), None)


class XliffDump(XmlDump):
    name = "xliff"
    target_name = "target"
    unit_names = frozenset({"trans-unit", "unit"})

    def __init__(self, path, options) -> None:
        super().__init__(path, options)
        self.version = None

    def on_start(self, elem) -> None:
        if self.version is None and local(elem.tag) == "xliff":
            self.version = elem.get("version", "1.2")

    def select(self, elem, number: int):
        if local(elem.tag) == "trans-unit":
            return self._target_of(elem, elem.get("id") or f"trans-unit {number}")
        segments = [child for child in elem if local(child.tag) == "segment"]
        unit_id = elem.get("id") or f"unit {number}"
        chosen = []
        for n, segment in enumerate(segments, 1):
            ident = unit_id if len(segments) == 1 else f"{unit_id}/{segment.get('id') or n}"
            chosen.extend(self._target_of(segment, ident))
        return chosen

    @staticmethod
    def _target_of(holder, ident: str):
        targets = [child for child in holder if local(child.tag) == "target"]
        source = _child(holder, "source")
        source_text = plain_text(source) if source is not None else None
        # One <target> a unit or segment; a file with more is checked whole all the same.
        return [(target, ident if k == 1 else f"{ident} (target {k})", source_text)
                for k, target in enumerate(targets, 1)]
