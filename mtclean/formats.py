"""Output for tools and terminals: GitHub annotations, colour, rule documentation.

(JSON and JSON Lines records are built by :mod:`mtclean.report`, one shape for both.)
Every formatter works on one file at a time: its displayed path, its
:class:`~mtclean.text.Document` and its findings. Positions are 1-based lines and
columns counted in code points; an end column points just past the span, as in SARIF
and in ruff's output.
"""

from __future__ import annotations

import difflib
import inspect
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import IO

from .model import Finding
from .text import Document

# -- positions ----------------------------------------------------------------


def span_position(doc: Document, start: int, end: int) -> tuple[int, int, int, int]:
    """(line, column, end line, end column) of ``doc.text[start:end]``; the end column is
    one past the last code point."""
    line, column = doc.position(start)
    end_line, end_column = doc.position(end)
    return line, column, end_line, end_column


# -- GitHub workflow commands ----------------------------------------------------------------


def _escape_data(value: str) -> str:
    # GitHub's own toolkit (@actions/core, command.ts) escapes exactly these.
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_message(finding: Finding) -> str:
    """The annotation text: the finding's message and, if there is one, its fix."""
    message = finding.message or f"{finding.name}: {finding.text!r}"
    best = finding.best
    if best is not None:
        how = "applied by `mtclean fix`" if best.safe else "needs review"
        message += f" Suggested: {finding.text!r} -> {best.replacement!r} ({how})."
    return message


def github_command(level: str, path: str, doc: Document, start: int, end: int, *,
                   title: str, message: str) -> str:
    """One workflow command (``::warning file=...::message``) for ``doc.text[start:end]``."""
    line, column, end_line, end_column = span_position(doc, start, end)
    props = [f"file={_escape_property(path)}", f"line={line}", f"col={column}"]
    if end_line != line:
        props.append(f"endLine={end_line}")
    props.append(f"endColumn={end_column}")
    props.append(f"title={_escape_property(title)}")
    return f"::{level} {','.join(props)}::{_escape_data(message)}"


def github_lines(path: str, doc: Document, findings: Iterable[Finding], *,
                 level: str = "warning") -> Iterable[str]:
    """GitHub Actions workflow commands, one per finding, which the runner turns into
    annotations on the changed lines of a pull request."""
    for finding in findings:
        yield github_command(level, path, doc, finding.start, finding.end,
                             title=f"{finding.rule} {finding.name}",
                             message=github_message(finding))


# -- colour ---------------------------------------------------------------------------------

_STYLES = {
    "bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34",
    "magenta": "35", "cyan": "36", "reverse": "7",
}


def colour_enabled(stream: IO | None, env: Mapping[str, str] | None = None) -> bool:
    """Whether to colour output to ``stream``: only on a terminal, never with NO_COLOR set
    (https://no-color.org), always with FORCE_COLOR set."""
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (ValueError, OSError):  # a closed stream
        return False


def paint(text: str, style: str, enabled: bool) -> str:
    """``text`` wrapped in the ANSI codes of ``style`` ("bold red"), when ``enabled``."""
    if not enabled or not text:
        return text
    codes = ";".join(_STYLES[s] for s in style.split())
    return f"\x1b[{codes}m{text}\x1b[0m"


# -- rule documentation ---------------------------------------------------------------------


def rule_description(rule) -> str:
    """The rule's docstring, dedented, without the Wrong/Right lines."""
    doc = inspect.cleandoc(type(rule).__doc__ or "")
    kept = [ln for ln in doc.splitlines() if not ln.strip().startswith(("Wrong:", "Right:"))]
    return "\n".join(kept).strip()


def format_rules(rules: Sequence) -> str:
    """``mtclean rules``: one line per rule with its code, name, kind and summary."""
    if not rules:
        return "no rules registered\n"
    name_width = max(len(r.name) for r in rules)
    kind_width = max(len(r.kind) for r in rules)
    lines = []
    for rule in rules:
        summary = getattr(rule, "summary", "") or rule_description(rule).split("\n")[0]
        off = "" if rule.default_on else " (off by default)"
        needs = " (needs the source segment)" if rule.needs_source else ""
        lines.append(f"{rule.code}  {rule.name:<{name_width}}  {rule.kind:<{kind_width}}  "
                     f"{summary}{off}{needs}")
    return "\n".join(lines) + "\n"


def format_explain(rule) -> str:
    """``mtclean explain CODE``: the rule's docstring, with its wrong and right examples."""
    head = f"{rule.code} {rule.name} (kind: {rule.kind})"
    summary = getattr(rule, "summary", "")
    out = [head, "=" * len(head), ""]
    if summary:
        out += [summary, ""]
    description = rule_description(rule)
    if description and description != summary:
        out += [description, ""]
    wrong, right = rule.examples()
    if wrong:
        out.append(f"Wrong: {wrong}")
    if right:
        out.append(f"Right: {right}")
    if wrong or right:
        out.append("")
    notes = []
    if not rule.default_on:
        notes.append(f"Off by default; turn it on with --select {rule.code}.")
    if rule.needs_source:
        notes.append("Runs only when the source segment is known (batch jobs).")
    notes.append(f"Silence it on one line with: mtclean: ignore[{rule.code}]")
    out += notes
    return "\n".join(out) + "\n"


def unknown_rule_message(code: str, rules: Sequence) -> str:
    """An error for ``mtclean explain`` with a code no rule has, naming close ones."""
    names = [r.code for r in rules] + [r.name for r in rules]
    close = difflib.get_close_matches(code, names, n=3, cutoff=0.5)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    return f"no rule {code!r}{hint}; `mtclean rules` lists them"
