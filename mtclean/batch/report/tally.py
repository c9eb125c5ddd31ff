"""The running tally of a batch job: counts by kind and rule, frequent terms, samples.

Everything here is bounded, whatever the dump size: the term counter keeps the most
frequent terms once it grows past its cap (so counts of rare terms in huge dumps are
approximate), and only the first few hundred changed or flagged segments are kept whole
for the HTML page. A tally is saved with each checkpoint and restored on ``--resume``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..units import FindingRecord, Unit, UnitResult

TERM_CAP = 20_000
SAMPLE_CAP = 300


def finding_dict(record: FindingRecord) -> dict:
    return record._asdict()


@dataclass
class Tally:
    units: int = 0
    changed: int = 0
    #: Fixed targets the format could not hold (a line break in a one-line format...).
    unwritten: int = 0
    flagged_units: int = 0
    findings: int = 0
    fixed: int = 0
    by_kind: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)
    rule_names: dict = field(default_factory=dict)
    terms: Counter = field(default_factory=Counter)
    term_info: dict = field(default_factory=dict)  # text -> [kind, suggestion]
    changed_samples: list = field(default_factory=list)
    flagged_samples: list = field(default_factory=list)
    sample_cap: int = SAMPLE_CAP
    _seen: dict | None = field(default=None, repr=False)

    @property
    def remaining(self) -> int:
        return self.findings - self.fixed

    def add(self, unit: Unit, result: UnitResult | None, *, written: bool) -> dict | None:
        """Count one unit; return its entry for the per-segment report, if it has one."""
        self.units += 1
        if result is None:
            return None
        records = result.findings
        if result.new_target is not None and not written:
            self.unwritten += 1
            records = tuple(r._replace(fixed=False) for r in records)
        changed = result.new_target is not None and written
        self.changed += changed
        self.flagged_units += 1
        for record in records:
            self.findings += 1
            self.fixed += record.fixed
            self.by_kind[record.kind] += 1
            self.by_rule[record.rule] += 1
            self.rule_names.setdefault(record.rule, record.name)
            if record.text.strip() != unit.target.strip():  # a term, not the whole segment
                self._count_term(record)
        entry = {
            "index": unit.index,
            "id": unit.id,
            "line": unit.where,
            "target": unit.target,
            "fixed_target": result.new_target if changed else None,
            "source": unit.source,
            "findings": [finding_dict(r) for r in records],
        }
        self._sample(entry, changed)
        return entry

    def _sample(self, entry: dict, changed: bool) -> None:
        """Keep ``entry`` for the HTML page, unless one like it is kept already: dumps
        repeat themselves, and a reviewer learns more from different segments."""
        samples = self.changed_samples if changed else self.flagged_samples
        key = (entry["target"], entry["fixed_target"])
        if self._seen is None:
            self._seen = {(e["target"], e["fixed_target"]): e
                          for e in (*self.changed_samples, *self.flagged_samples)}
        kept = self._seen.get(key)
        if kept is not None:
            kept["repeats"] = kept.get("repeats", 0) + 1
        elif len(samples) < self.sample_cap:
            samples.append(entry)
            self._seen[key] = entry

    def _count_term(self, record: FindingRecord) -> None:
        text = record.text.strip()
        if not text or len(text) > 80:
            return
        self.terms[text] += 1
        if text not in self.term_info:
            self.term_info[text] = [record.kind, record.suggestion]
        if len(self.terms) > TERM_CAP:
            kept = dict(self.terms.most_common(TERM_CAP // 2))
            self.terms = Counter(kept)
            self.term_info = {t: self.term_info[t] for t in kept}

    def top_terms(self, n: int = 30) -> list[dict]:
        return [
            {"text": text, "kind": self.term_info[text][0], "count": count,
             "suggestion": self.term_info[text][1]}
            for text, count in self.terms.most_common(n)
        ]

    # -- checkpoints ----------------------------------------------------------------------

    def to_state(self) -> dict:
        return {
            "units": self.units, "changed": self.changed, "unwritten": self.unwritten,
            "flagged_units": self.flagged_units, "findings": self.findings,
            "fixed": self.fixed, "by_kind": dict(self.by_kind), "by_rule": dict(self.by_rule),
            "rule_names": self.rule_names, "terms": dict(self.terms),
            "term_info": self.term_info, "changed_samples": self.changed_samples,
            "flagged_samples": self.flagged_samples,
        }

    @classmethod
    def from_state(cls, state: dict) -> Tally:
        tally = cls()
        for key, value in state.items():
            if key in ("by_kind", "by_rule", "terms"):
                value = Counter(value)
            setattr(tally, key, value)
        return tally
