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
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise BaselineError(
                f"{path}: no such baseline file (create it with --write-baseline)"
            ) from None
        except OSError as exc:
            raise BaselineError(f"{path}: cannot read: {exc.strerror or exc}") from None
        except UnicodeDecodeError as exc:
            raise BaselineError(f"{path}: not a baseline file: {exc}") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BaselineError(f"{path}: not a baseline file: {exc}") from None
        except ValueError:  # json.loads refuses an integer of over 4,300 digits so
            raise BaselineError(f"{path}: not an mtclean baseline: "
                                "a number is too long") from None
        except RecursionError:
            raise BaselineError(f"{path}: not an mtclean baseline: "
                                "nested too deeply") from None
        version = data.get("version") if isinstance(data, dict) else None
        if type(version) is int and version != FORMAT_VERSION and data.get("tool") == "mtclean":
            raise BaselineError(f"{path}: baseline format version {version} is not "
                                f"{FORMAT_VERSION}; write it again")
        try:
            counts = recorded_counts(data)
        except ValueError as exc:
            raise BaselineError(f"{path}: not an mtclean baseline: {exc}") from None
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


#: More findings of one kind than a baseline can sensibly record; a larger count is damage.
MAX_COUNT = 10**9
_KEY_FIELDS = ("path", "rule", "text", "context")


def _shown(value: object) -> str:
    """``value`` as an error message shows it: short, in JSON's words."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        text = json.dumps(value[:40], ensure_ascii=False)
        return text if len(value) <= 40 else text[:-1] + '..."'
    return json.dumps(value)  # null, true, 5, 1e+300, Infinity, NaN


def recorded_counts(data: object) -> Counter:
    """The findings recorded in a baseline's parsed JSON, with their counts.

    Raises ValueError saying what is wrong, so that a damaged or hand-edited file is
    refused with a reason instead of failing somewhere later.
    """
    if not isinstance(data, dict):
        raise ValueError(f"the file holds {_shown(data)}, not an object")
    if data.get("tool") != "mtclean":
        raise ValueError(f'"tool" is {_shown(data.get("tool"))}, not "mtclean"')
    if data.get("version") != FORMAT_VERSION:
        raise ValueError(f'"version" is {_shown(data.get("version"))}, not {FORMAT_VERSION}')
    findings = data.get("findings", [])
    if not isinstance(findings, list):
        raise ValueError(f'"findings" is {_shown(findings)}, not a list')
    counts: Counter = Counter()
    for number, item in enumerate(findings, 1):
        if not isinstance(item, dict):
            raise ValueError(f"finding {number} is malformed: it is {_shown(item)}, "
                             "not an object")
        for name in _KEY_FIELDS:
            if not isinstance(item.get(name), str):
                raise ValueError(f'finding {number} is malformed: "{name}" is '
                                 f"{_shown(item.get(name))}, not a string")
        count = item.get("count", 1)
        # True is an int to Python; Infinity and 1e300 are floats to json.
        if type(count) is not int or not 1 <= count <= MAX_COUNT:
            raise ValueError(f'finding {number} is malformed: "count" is {_shown(count)}, '
                             f"not a whole number from 1 to {MAX_COUNT:,}")
        counts[tuple(item[name] for name in _KEY_FIELDS)] += count
    return counts


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
