"""Baselines: record today's findings so that only new ones are reported from now on.

A team adopting mtclean on an existing corpus runs ``mtclean check --write-baseline
FILE`` once and commits FILE; later runs with ``--baseline FILE`` report only findings
the baseline does not hold.

A finding is matched by its path, rule, flagged text and a fingerprint of its context
(the sentence holding it, or its line if shorter, with whitespace folded), never by its
line number, so edits elsewhere in the file do not bring old findings back; editing the
sentence itself does, which is when a person should look again. Matching counts: if the
baseline holds two identical findings and the file now has three, one is new (the last
in the file).

Paths are stored relative to the baseline file's folder, so the check gives the same
answer from any working directory.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from .model import Finding
from .text import Document

FORMAT_VERSION = 1
STDIN = "<stdin>"

Key = tuple[str, str, str, str]  # path, rule, text, context fingerprint


class BaselineError(ValueError):
    """A baseline file mtclean cannot read; the message names the file."""


def fingerprint(doc: Document, finding: Finding) -> str:
    """A digest of the rule, the flagged text and its context (see the module docstring),
    stable under edits outside the finding's sentence."""
    import hashlib  # here: most runs never fingerprint anything

    start, end = doc.sentence_span(finding.start)
    if not start <= finding.start < max(end, start + 1):
        start, end = doc.line_span(finding.start)
    context = " ".join(doc.text[start:end].split())
    key = "\0".join((finding.rule, finding.text, context))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def path_key(path: str, root: Path) -> str:
    """``path`` as a baseline stores it: relative to ``root``, with ``/`` separators."""
    if path in ("-", STDIN):
        return STDIN
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, os.path.abspath(root))
    except ValueError:  # another drive on Windows
        relative = absolute
    return Path(relative).as_posix()


def finding_key(path: str, doc: Document, finding: Finding, root: Path) -> Key:
    return (path_key(path, root), finding.rule, finding.text, fingerprint(doc, finding))


class Baseline:
    """The findings recorded in a baseline file, with their counts."""

    def __init__(self, counts: Counter, root: Path, path: Path | None = None) -> None:
        self.counts = counts
        self.root = root
        self.path = path

    def __len__(self) -> int:
        return sum(self.counts.values())

    @classmethod
    def load(cls, path: Path | str) -> Baseline:
        """Read the baseline file ``path``; raise :class:`BaselineError`."""
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(
                f"{path}: no such baseline file (create it with --write-baseline)"
            ) from None
        except OSError as exc:
            raise BaselineError(f"{path}: cannot read: {exc.strerror or exc}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BaselineError(f"{path}: not a baseline file: {exc}") from None
        if not isinstance(data, dict) or data.get("tool") != "mtclean":
            raise BaselineError(f"{path}: not an mtclean baseline file")
        if data.get("version") != FORMAT_VERSION:
            raise BaselineError(f"{path}: baseline format version {data.get('version')!r} "
                                f"is not {FORMAT_VERSION}; write it again")
        counts: Counter = Counter()
        for number, item in enumerate(data.get("findings", []), 1):
            try:
                key = (item["path"], item["rule"], item["text"], item["context"])
                count = int(item.get("count", 1))
            except (KeyError, TypeError, ValueError):
                raise BaselineError(f"{path}: finding {number} is malformed") from None
            if not all(isinstance(part, str) for part in key) or count < 1:
                raise BaselineError(f"{path}: finding {number} is malformed")
            counts[key] += count
        return cls(counts, path.resolve().parent, path)

    def new_findings(self, path: str, doc: Document,
                     findings: Iterable[Finding]) -> list[Finding]:
        """The findings of one file the baseline does not account for, in order."""
        if not self.counts:
            return list(findings)
        budget: Counter = Counter()
        new = []
        for finding in findings:
            key = finding_key(path, doc, finding, self.root)
            if budget[key] < self.counts.get(key, 0):
                budget[key] += 1
            else:
                new.append(finding)
        return new


def baseline_data(files: Iterable[tuple[str, Document, Sequence[Finding]]],
                  root: Path) -> dict:
    """The JSON document of a baseline holding every finding of ``files``."""
    counts: Counter = Counter()
    names: dict[str, str] = {}
    for path, doc, findings in files:
        for finding in findings:
            counts[finding_key(path, doc, finding, root)] += 1
            names[finding.rule] = finding.name
    items = [
        {"path": p, "rule": r, "name": names[r], "text": t, "context": c, "count": n}
        for (p, r, t, c), n in sorted(counts.items())
    ]
    return {"tool": "mtclean", "version": FORMAT_VERSION, "findings": items}


def write_baseline(path: Path | str, files: Iterable[tuple[str, Document, Sequence[Finding]]]
                   ) -> int:
    """Write a baseline of ``files`` to ``path`` (atomically); return the findings held."""
    path = Path(path)
    data = baseline_data(files, path.resolve().parent)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    # A file name that is not UTF-8 holds lone surrogates (surrogateescape), which UTF-8
    # cannot encode; as JSON escapes they load back the same.
    text = re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text)
    # Write beside the target and rename, so an interrupted run leaves the old file whole.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.resolve().parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a baseline is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return sum(item["count"] for item in data["findings"])
