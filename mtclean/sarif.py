"""SARIF 2.1.0 output, for code-scanning dashboards (GitHub code scanning and others).

One run per invocation. The driver lists every rule (code, name, summary, the docstring
with its wrong and right examples, default level); each result points at its rule, its
span and, when the finding carries suggestions, the fixes they make. Columns count
Unicode code points (``columnKind``), ends are exclusive, and a fix's regions and text
come from the suggestion's own edits, so a consumer applying them gets what
``mtclean fix`` would write.

Paths relative to the current directory are written relative to ``%SRCROOT%``, which is
what code scanning expects; others as ``file:`` URIs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import quote

from .baseline import fingerprint
from .formats import github_message, rule_description, span_position
from .model import Finding, Suggestion
from .text import Document

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"


def rule_descriptor(rule) -> dict:
    """A ``reportingDescriptor`` for ``rule``."""
    summary = getattr(rule, "summary", "") or rule.name
    description = rule_description(rule) or summary
    wrong, right = rule.examples()
    examples_text = ""
    examples_md = ""
    if wrong or right:
        examples_text = f"\n\nWrong: {wrong}\nRight: {right}"
        examples_md = f"\n\n**Wrong:** `{wrong}`\n\n**Right:** `{right}`"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": description},
        "help": {
            "text": f"{description}{examples_text}",
            "markdown": f"{description}{examples_md}",
        },
        "defaultConfiguration": {"enabled": bool(rule.default_on), "level": "warning"},
        "properties": {"kind": rule.kind, "tags": [rule.kind]},
    }


def _artifact_location(path: str) -> dict:
    if path in ("-", "<stdin>"):
        return {"uri": "stdin"}
    posix = Path(path).as_posix()
    absolute = os.path.isabs(path)
    if not absolute:
        relative = os.path.normpath(posix)
        if not relative.startswith(".."):
            # surrogateescape: a file name that is not UTF-8 is quoted as its own bytes.
            return {"uri": quote(Path(relative).as_posix(), errors="surrogateescape"),
                    "uriBaseId": SRCROOT}
    return {"uri": Path(os.path.abspath(path)).as_uri()}


def _region(doc: Document, start: int, end: int, *, snippet: bool) -> dict:
    line, column, end_line, end_column = span_position(doc, start, end)
    region = {"startLine": line, "startColumn": column, "endLine": end_line,
              "endColumn": end_column}
    if snippet:
        region["snippet"] = {"text": doc.text[start:end]}
    return region


def _fix(doc: Document, location: dict, finding: Finding, suggestion: Suggestion) -> dict:
    replacements = [
        {
            "deletedRegion": _region(doc, e.start, e.end, snippet=False),
            "insertedContent": {"text": e.replacement},
        }
        for e in sorted(suggestion.edits)
    ]
    safety = "safe" if suggestion.safe else "unsafe"
    origin = f", from {suggestion.source}" if suggestion.source else ""
    return {
        "description": {
            "text": f"Replace {finding.text!r} with {suggestion.replacement!r} "
                    f"({safety}{origin})"
        },
        "artifactChanges": [{"artifactLocation": location, "replacements": replacements}],
    }


def sarif_results(path: str, doc: Document, findings: Iterable[Finding],
                  rule_index: dict[str, int]) -> list[dict]:
    """The SARIF ``result`` objects for one file's findings."""
    location = _artifact_location(path)
    results = []
    for finding in findings:
        result = {
            "ruleId": finding.rule,
            "level": "warning",
            "kind": "fail",
            "message": {"text": github_message(finding)},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": location,
                    "region": _region(doc, finding.start, finding.end, snippet=True),
                },
            }],
            "partialFingerprints": {"mtcleanLineHash/v1": fingerprint(doc, finding)},
            "properties": {"kind": finding.kind, "name": finding.name,
                           "safe": finding.safe},
        }
        if finding.rule in rule_index:
            result["ruleIndex"] = rule_index[finding.rule]
        if finding.related:
            result["relatedLocations"] = [
                {"id": n, "physicalLocation": {"artifactLocation": location,
                                               "region": _region(doc, s, e, snippet=True)}}
                for n, (s, e) in enumerate(finding.related)
            ]
        if finding.suggestions:
            result["fixes"] = [_fix(doc, location, finding, s) for s in finding.suggestions]
        results.append(result)
    return results


def sarif_log(files: Iterable[tuple[str, Document, Sequence[Finding]]],
              rules: Sequence | None = None, *, version: str | None = None,
              root: Path | None = None) -> dict:
    """A complete SARIF log for ``files``: (displayed path, document, findings) triples.

    ``rules`` defaults to every registered rule; ``root`` (default: the current
    directory) is what ``%SRCROOT%`` stands for.
    """
    if rules is None:
        from .rules import all_rules

        rules = all_rules()
    if version is None:
        from . import __version__ as version
    descriptors = [rule_descriptor(r) for r in rules]
    rule_index = {d["id"]: i for i, d in enumerate(descriptors)}
    results: list[dict] = []
    for path, doc, findings in files:
        results.extend(sarif_results(path, doc, findings, rule_index))
    base = (root or Path.cwd()).resolve().as_uri().rstrip("/") + "/"
    return {
        "$schema": SCHEMA_URI,
        "version": VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": "mtclean",
                "version": version,
                "semanticVersion": version,
                "rules": descriptors,
            }},
            "originalUriBaseIds": {SRCROOT: {"uri": base}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
