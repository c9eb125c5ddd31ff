"""The JSON report: counts by kind and rule, the most frequent terms, findings per unit.

The per-unit part is streamed from the job's segment file, so writing the report does not
hold every finding of a large dump in memory.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .tally import Tally


def summary(meta: dict, tally: Tally) -> dict:
    """The report without its per-segment list."""
    return {
        **meta,
        "units": tally.units,
        "changed": tally.changed,
        "unwritten": tally.unwritten,
        "flagged_units": tally.flagged_units,
        "findings": {"total": tally.findings, "fixed": tally.fixed,
                     "remaining": tally.remaining},
        "by_kind": dict(tally.by_kind.most_common()),
        "by_rule": {rule: {"name": tally.rule_names.get(rule, ""), "count": count}
                    for rule, count in sorted(tally.by_rule.items())},
        "top_terms": tally.top_terms(),
    }


def write_json_report(path: Path, meta: dict, tally: Tally, segments: Path) -> None:
    """Write the report to ``path`` (atomically: a temporary file renamed into place)."""
    path = Path(path)
    head = json.dumps(summary(meta, tally), ensure_ascii=False, indent=1)
    temporary = path.with_name(path.name + ".tmp")
    try:
        with open(temporary, "wb") as out:
            # backslashreplace: a lone surrogate is written as its JSON escape.
            out.write(head[:-2].encode("utf-8", "backslashreplace"))  # reopen the object
            out.write(b',\n "segments": [')
            first = True
            if segments.exists():
                with open(segments, "rb") as lines:
                    for line in lines:
                        out.write(b"\n  " if first else b",\n  ")
                        out.write(line.rstrip(b"\n"))
                        first = False
            out.write(b"\n ]\n}\n" if not first else b"]\n}\n")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
