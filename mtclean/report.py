"""The report of a run: what is printed for each finding and fix, the counts, the exit code.

Text output is one line per finding, greppable and stable::

    PATH:LINE:COL: CODE KIND 'TEXT' -> 'SUGGESTION'
    PATH:LINE:COL: CODE KIND 'TEXT' -> 'SUGGESTION' (unsafe)
    PATH:LINE:COL: CODE KIND 'TEXT'
    PATH:LINE:COL: fixed CODE KIND 'TEXT' -> 'REPLACEMENT'

Lines and columns are 1-based, columns count code points. Quoted texts escape ``\\``,
``'`` and control characters the way Python does; other characters appear as they are.
The summary goes to standard error. Exit codes: 0 clean, 1 findings, 2 usage or input
error (an input error wins over findings).

:func:`run_check` and :func:`run_fix` are what the command line runs: they read the
files, call the library and feed the report.
"""

from __future__ import annotations

import bisect
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

from . import textio
from .baseline import write_baseline
from .config import Config
from .diffwriter import unified_diff
from .dumpfiles import (
    DumpFile,
    DumpFileError,
    DumpFix,
    Placement,
    PlainText,
    is_dump,
    read_dump,
    shape_broken,
)
from .engine import check_text
from .fixer import AppliedFix, FixResult, apply_edits, fix_text
from .formats import github_command, github_lines
from .model import Edit, Finding
from .settings import excluded
from .text import Document

if TYPE_CHECKING:
    from .baseline import Baseline
    from .interactive import Prompter

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "jsonl", "sarif", "github")


@dataclass(frozen=True)
class Options:
    """How a run reads, writes and reports (what :class:`mtclean.Config` does not cover)."""

    format: str = "text"
    encoding: str | None = None
    color: bool = False
    #: Glob patterns of paths to pass over (:func:`mtclean.settings.excluded`), relative
    #: to ``root``.
    exclude: tuple[str, ...] = ()
    root: str = "."
    #: Report only findings this baseline does not hold (a :class:`Baseline`).
    baseline: Baseline | None = None
    #: check only: record every finding in this file instead of reporting them.
    write_baseline: str | None = None
    #: Exit 0 even when findings are reported.
    exit_zero: bool = False
    #: check only: print counts by rule instead of the findings.
    statistics: bool = False
    # fix only
    diff: bool = False
    out_dir: str | None = None
    explain: bool = False
    #: Ask a person about each finding (a :class:`mtclean.interactive.Prompter`).
    prompter: Prompter | None = None


@dataclass
class RuleTally:
    """One rule's findings in a ``check --statistics`` run."""

    code: str
    name: str
    kind: str
    count: int = 0
    fixable: int = 0
    texts: Counter = field(default_factory=Counter)

    #: How many of the commonest texts a line shows.
    SHOWN = 3

    def add(self, f: Finding) -> None:
        self.count += 1
        self.fixable += f.safe
        self.texts[f.text] += 1

    def line(self) -> str:
        fixable = f"{self.fixable} fixable" if self.fixable else ""
        common = ", ".join(f"{quote(text)} {n}" for text, n in self.texts.most_common(self.SHOWN))
        return f"{self.count:>7}  {self.code}  {self.name:<22} {fixable:<14} {common}".rstrip()

    def as_json(self) -> dict:
        return {"rule": self.code, "name": self.name, "kind": self.kind, "count": self.count,
                "fixable": self.fixable,
                "texts": [{"text": text, "count": n}
                          for text, n in self.texts.most_common(self.SHOWN)]}


def quote(text: str) -> str:
    """``text`` in single quotes, with backslash, quote and control characters escaped."""
    out = []
    for ch in text:
        if ch == "\\" or ch == "'":
            out.append("\\" + ch)
        elif ch in "\n\r\t":
            out.append(repr(ch)[1:-1])
        elif ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def json_array(records: list[dict]) -> str:
    """``records`` as a JSON array, one record a line.

    json.dumps with ``indent`` runs its pure-Python encoder (a second and a half for
    20,000 findings); one compact line per record keeps the C encoder and stays easy to
    read and to grep.
    """
    if not records:
        return "[]"
    return "[\n" + ",\n".join(
        "  " + json.dumps(r, ensure_ascii=False) for r in records) + "\n]"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class OffsetMap:
    """Maps offsets in a text after one round of ``edits`` back to the text before it,
    by bisection: a fix run on a long line maps thousands of offsets."""

    def __init__(self, edits: list[Edit]) -> None:
        self.edits = sorted(edits)
        self.new_starts: list[int] = []
        self.deltas: list[int] = []  # the shift after each edit
        delta = 0
        for e in self.edits:
            self.new_starts.append(e.start + delta)
            delta += len(e.replacement) - (e.end - e.start)
            self.deltas.append(delta)

    def back(self, offset: int) -> int:
        """Where ``offset`` was; an offset inside a replacement maps to the start of what
        it replaced."""
        i = bisect.bisect_right(self.new_starts, offset) - 1
        if i < 0:
            return offset
        e = self.edits[i]
        if offset < self.new_starts[i] + len(e.replacement):
            return e.start
        return offset - self.deltas[i]


def _map_back(offset: int, edits: list[Edit]) -> int:
    """Where ``offset`` in a text after ``edits`` was in the text before them."""
    return OffsetMap(edits).back(offset)


class Report:
    """Counts, messages and the exit code of one ``check`` or ``fix`` run.

    Text lines are printed as findings arrive; JSON is gathered and printed by
    :meth:`finish` as one array.
    """

    def __init__(self, options: Options | None = None, *, unsafe_fixes: bool = False) -> None:
        self.options = options or Options()
        self.unsafe_fixes = unsafe_fixes
        self.files = 0
        self.findings = 0
        self.fixable = 0
        self.unsafe_fixable = 0
        self.fixed = 0
        self.changed_files = 0
        self.errors = 0
        self.records: list[dict] = []
        self.sarif_files: list[tuple[str, Document, list[Finding]]] = []
        #: Findings the baseline held, not reported.
        self.baselined = 0
        #: Set once a baseline file is written: how many findings it holds.
        self.baseline_written: int | None = None
        #: Where finding lines go; fixing standard input sends them to standard error.
        self.to_stderr = False
        #: With ``statistics``: per rule, its findings' count and texts.
        self.tally: dict[str, RuleTally] = {}

    # -- output ------------------------------------------------------------------

    def _echo(self, line: str) -> None:
        click.echo(line, err=self.to_stderr, color=self.options.color or None)

    def _style(self, text: str, **style) -> str:
        return click.style(text, **style) if self.options.color else text

    def _line(self, path: str, doc: Document, f: Finding, *, fixed: str | None = None,
              start: int | None = None) -> str:
        line, col = doc.position(f.start if start is None else start)
        head = f"{path}:{line}:{col}: "
        code = self._style(f.rule, fg="yellow", bold=True)
        text = self._style(quote(f.text), fg="red")
        if fixed is not None:
            return f"{head}fixed {code} {f.kind} {text} -> {self._style(quote(fixed), fg='green')}"
        best = f.best
        if best is None:
            return f"{head}{code} {f.kind} {text}"
        suggestion = self._style(quote(best.replacement), fg="green")
        tail = "" if best.safe else " (unsafe)"
        return f"{head}{code} {f.kind} {text} -> {suggestion}{tail}"

    def _record(self, path: str, doc: Document, f: Finding, start: int, end: int) -> dict:
        line, col = doc.position(start)
        end_line, end_col = doc.position(end)
        return {
            "path": path,
            "line": line,
            "column": col,
            "end_line": end_line,
            "end_column": end_col,
            "rule": f.rule,
            "name": f.name,
            "kind": f.kind,
            "text": f.text,
            "message": f.message,
            "suggestions": [s.replacement for s in f.suggestions],
            "safe": f.safe,
        }

    def _add_record(self, record: dict) -> None:
        if self.options.format == "jsonl":
            self._echo(json.dumps(record, ensure_ascii=False))
        else:
            self.records.append(record)

    def _annotate(self, path: str, doc: Document, findings: list[Finding]) -> None:
        """GitHub annotations now; SARIF results gathered for :meth:`finish`."""
        if self.options.format == "github":
            for line in github_lines(path, doc, findings):
                self._echo(line)
        elif self.options.format == "sarif":
            self.sarif_files.append((path, doc, list(findings)))

    # -- events ----------------------------------------------------------------

    def error(self, err: textio.InputError) -> None:
        """An input error: the file is left alone and the run exits 2."""
        self.errors += 1
        click.echo(f"mtclean: error: {err.path}: {err.message}", err=True)

    def note(self, err: textio.InputError) -> None:
        """Something worth saying that is not an error (a binary file skipped)."""
        click.echo(f"mtclean: {err.path}: {err.message}", err=True)

    def file_checked(self, path: str, text: str, findings: list[Finding]) -> None:
        """The findings in one file, positions in ``text``."""
        self.files += 1
        doc = Document(text)
        for f in findings:
            self.findings += 1
            if f.safe:
                self.fixable += 1
            elif f.suggestions:
                self.unsafe_fixable += 1
            if self.options.statistics:
                self.tally.setdefault(f.rule, RuleTally(f.rule, f.name, f.kind)).add(f)
            elif self.options.format in ("json", "jsonl"):
                self._add_record(self._record(path, doc, f, f.start, f.end))
            elif self.options.format == "text":
                self._echo(self._line(path, doc, f))
        if not self.options.statistics:
            self._annotate(path, doc, findings)

    def file_fixed(self, path: str, original: str, result: FixResult, *,
                   quiet: bool = False) -> None:
        """What fixing one file applied (positions in ``original``) and what is left
        (positions in the fixed text); ``quiet`` (a diff run) only counts."""
        self.files += 1
        if result.changed:
            self.changed_files += 1
        self.fixed += len(result.applied)
        if quiet:
            return  # a diff run: the diff says what would change
        self._applied_fixes(path, Document(original), original, result)
        self._remaining(path, Document(result.text), result.remaining)

    def _applied_fixes(self, path: str, doc: Document, original: str, result: FixResult,
                       place: Placement | None = None) -> None:
        """Report what fixing ``original`` applied; ``place`` puts offsets in it into
        ``doc`` (a translation file's target in the file), or they are ``doc``'s."""
        plan = result.plan
        texts = [original]
        for edits in plan[:-1]:
            texts.append(apply_edits(texts[-1], edits))
        maps = [OffsetMap(edits) for edits in plan]
        for fix in result.applied:
            self._applied(path, doc, maps, texts, fix, place)

    def _remaining(self, path: str, fixed_doc: Document, remaining: list[Finding]) -> None:
        """The findings a fix left, positions in the fixed text."""
        for f in remaining:
            self.findings += 1
            if f.suggestions and not f.safe:
                self.unsafe_fixable += 1
            if self.options.format in ("json", "jsonl"):
                record = self._record(path, fixed_doc, f, f.start, f.end)
                record["fixed"] = False
                self._add_record(record)
            elif self.options.format == "text":
                self._echo(self._line(path, fixed_doc, f))
        self._annotate(path, fixed_doc, remaining)

    def dump_fixed(self, path: str, original: str, result: DumpFix, *,
                   quiet: bool = False) -> None:
        """What fixing a translation file applied (placed in ``original``) and what is
        left (placed in ``result.text``); ``quiet`` (a diff run) only counts."""
        self.files += 1
        if result.data is not None:
            self.changed_files += 1
        self.fixed += result.fixed
        if result.unwritten:
            click.echo(f"mtclean: {path}: {_plural(result.unwritten, 'fix')} the format "
                       "cannot hold left unwritten", err=True)
        if quiet:
            return
        doc = Document(original)
        for unit in result.applied:
            self._applied_fixes(path, doc, unit.target, unit.result, unit.place)
        self._remaining(path, Document(result.text), result.remaining)

    def _applied(self, path: str, doc: Document, maps: list[OffsetMap], texts: list[str],
                 fix: AppliedFix, place: Placement | None = None) -> None:
        def original(offset: int, *, end: bool = False) -> int:
            for offsets in reversed(maps[:fix.round - 1]):
                offset = offsets.back(offset)
            if place is None:
                return offset
            return place.end(offset) if end else place.start(offset)

        def edit_span(e: Edit) -> tuple[int, int]:
            a = original(e.start)
            return a, max(a, original(e.end, end=True)) if e.end > e.start else a

        f, s = fix.finding, fix.suggestion
        start, end = original(f.start), original(f.end, end=True)
        round_text = texts[fix.round - 1]
        if self.options.format == "github":
            self._echo(github_command(
                "notice", path, doc, start, max(start, end), title=f"{f.rule} {f.name}",
                message=f"fixed {quote(f.text)} -> {quote(s.replacement)}"))
            return
        if self.options.format == "sarif":
            return  # SARIF describes what is left to do, in the file as now written
        if self.options.format in ("json", "jsonl"):
            record = self._record(path, doc, f, start, max(start, end))
            edits = []
            for e in s.edits:
                (line, column), (end_line, end_column) = map(doc.position, edit_span(e))
                edits.append({"line": line, "column": column, "end_line": end_line,
                              "end_column": end_column, "old": round_text[e.start:e.end],
                              "new": e.replacement})
            record.update(fixed=True, replacement=s.replacement, safe=s.safe, edits=edits)
            self._add_record(record)
            return
        self._echo(self._line(path, doc, f, fixed=s.replacement, start=start))
        if self.options.explain:
            self._echo(f"    {f.rule} {f.name}: {f.message}")
            for e in s.edits:
                a, b = ("{}:{}".format(*doc.position(at)) for at in edit_span(e))
                self._echo(f"    edit {a}-{b} {quote(round_text[e.start:e.end])} -> "
                           f"{quote(e.replacement)}" + ("" if s.safe else " (unsafe)"))

    # -- the end -----------------------------------------------------------------

    def finish(self, command: str) -> int:
        """Print JSON output and the summary; return the exit code."""
        if self.options.statistics:
            tallies = sorted(self.tally.values(), key=lambda t: (-t.count, t.code))
            if self.options.format == "json":
                click.echo(json.dumps([t.as_json() for t in tallies], ensure_ascii=False,
                                      indent=1))
            else:
                for t in tallies:
                    self._echo(t.line())
        elif self.options.format == "json":
            click.echo(json_array(self.records), err=self.to_stderr)
        elif self.options.format == "sarif":
            from .sarif import sarif_log  # only this format needs it

            click.echo(json.dumps(sarif_log(self.sarif_files), ensure_ascii=False, indent=2),
                       err=self.to_stderr)
        click.echo(self.summary(command), err=True)
        return self.exit_code(command)

    def summary(self, command: str) -> str:
        files = _plural(self.files, "file")
        if command == "check":
            fixable = []
            if self.unsafe_fixes and self.fixable + self.unsafe_fixable:
                fixable.append(f"{self.fixable + self.unsafe_fixable} fixable with "
                               "`mtclean fix --unsafe-fixes`")
            else:
                if self.fixable:
                    fixable.append(f"{self.fixable} fixable with `mtclean fix`")
                if self.unsafe_fixable:
                    fixable.append(f"{self.unsafe_fixable} more with `--unsafe-fixes`")
            tail = f" ({', '.join(fixable)})" if fixable else ""
            text = f"{_plural(self.findings, 'finding')} in {files}{tail}"
        else:
            verb = "Would fix" if self.options.diff else "Fixed"
            text = (f"{verb} {_plural(self.fixed, 'finding')} in "
                    f"{_plural(self.changed_files, 'file')}")
            # With no file read (each one given was an error) "(0 files read); 0
            # remaining" would say nothing true about the files: they were not looked at.
            if self.files:
                text += f" ({files} read)"
            if not self.options.diff and self.files:
                text += f"; {self.findings} remaining"
                if self.unsafe_fixable and not self.unsafe_fixes:
                    text += f" ({self.unsafe_fixable} fixable with `--unsafe-fixes`)"
        if self.baselined:
            text += f"; {self.baselined} more in the baseline"
        if self.baseline_written is not None:
            text = (f"Wrote {_plural(self.baseline_written, 'finding')} in {files} to "
                    f"{self.options.write_baseline}")
        if self.errors:
            text += f"; {_plural(self.errors, 'error')}"
        return text + "."

    def exit_code(self, command: str) -> int:
        if self.errors:
            return EXIT_ERROR
        if self.options.exit_zero or self.baseline_written is not None:
            return EXIT_CLEAN
        if command == "fix" and self.options.diff:
            return EXIT_CLEAN
        return EXIT_FINDINGS if self.findings else EXIT_CLEAN


# -- runs --------------------------------------------------------------------


def _read(report: Report, path: str, options: Options) -> textio.TextFile | None:
    try:
        if path == "-":
            return textio.read_stdin(options.encoding)
        return textio.read_file(path, options.encoding)
    except textio.BinaryFile as exc:
        report.note(exc)
        _pass_through(report, exc.data)
    except textio.InputError as exc:
        report.error(exc)
        _pass_through(report, exc.data)
    return None


def _pass_through(report: Report, data: bytes | None) -> None:
    """Fixing standard input writes to standard output what it could not fix, as it
    came: ``mtclean fix - < in > out`` must never leave ``out`` empty."""
    if report.to_stderr and data is not None:
        textio.write_stdout(data)


def _files(report: Report, paths: Iterable[str], options: Options):
    for path, err in textio.iter_files(list(paths)):
        # Excluded paths are passed over even when named on the command line, so a
        # pre-commit hook (which names every staged file) honours the exclude list.
        if options.exclude and path != "-" and excluded(path, options.exclude, options.root):
            continue
        if err is not None:
            report.error(err)
            continue
        source = _read(report, path, options)
        if source is not None:
            yield source


def run_check(paths: Iterable[str], config: Config, options: Options | None = None) -> Report:
    """Check each file under ``paths`` and report its findings."""
    options = options or Options()
    report = Report(options, unsafe_fixes=config.unsafe_fixes)
    recorded = []
    for source in _files(report, paths, options):
        reading = _read_dump(report, source)
        if reading is None:
            continue
        dump, plain = reading
        try:
            findings = (dump.check(config) if dump is not None
                        else check_text(source.text, config))
        except DumpFileError as exc:
            report.error(textio.InputError(source.path, str(exc)))
            continue
        if plain and findings:
            report.note(textio.InputError(source.path, plain))
        if options.write_baseline:
            report.files += 1
            recorded.append((source.path, Document(source.text), findings))
            continue
        report.file_checked(source.path, source.text,
                            _new_findings(report, options, source.path, source.text, findings))
    if options.write_baseline and not report.errors:
        try:
            report.baseline_written = write_baseline(options.write_baseline, recorded)
        except OSError as exc:
            report.error(textio.InputError(options.write_baseline,
                                           f"cannot write baseline: {exc.strerror or exc}"))
    return report


def _read_dump(report: Report, source: textio.TextFile
               ) -> tuple[DumpFile | None, str | None] | None:
    """``source`` as a translation file (:mod:`mtclean.dumpfiles`), or None for plain
    text, with why a file named like a translation file is plain text; None when it is
    an input error (reported)."""
    if not is_dump(source.path):
        return None, None
    try:
        return read_dump(source), None
    except PlainText as why:
        return None, str(why)
    except DumpFileError as exc:
        report.error(textio.InputError(source.path, str(exc)))
        return None


def _new_findings(report: Report, options: Options, path: str, text: str,
                  findings: list[Finding]) -> list[Finding]:
    """``findings`` less those the baseline holds (counted in the report)."""
    if options.baseline is None or not findings:
        return findings
    new = options.baseline.new_findings(path, Document(text), findings)
    report.baselined += len(findings) - len(new)
    return new


def out_path(out_dir: str, path: str) -> str:
    """Where ``--out-dir`` puts the copy of ``path``: under ``out_dir`` at the path as
    given, made relative (an absolute path is taken relative to the current directory
    when it lies under it, else from its root; leading ``..`` parts are dropped)."""
    rel = os.path.normpath(path)
    if os.path.isabs(rel):
        inside = os.path.relpath(rel)
        if inside.startswith(os.pardir):
            inside = os.path.splitdrive(rel)[1].lstrip(os.sep)
        rel = inside
    parts = [p for p in rel.split(os.sep) if p not in (os.pardir, os.curdir, "")]
    return os.path.join(out_dir, *parts)


def run_fix(paths: Iterable[str], config: Config, options: Options | None = None) -> Report:
    """Fix each file under ``paths``: in place, as a diff, as copies, or (for ``-``) to
    standard output."""
    options = options or Options()
    report = Report(options, unsafe_fixes=config.unsafe_fixes)
    paths = list(paths)
    if "-" in paths and not options.diff:
        report.to_stderr = True  # standard output carries the fixed text
    for source in _files(report, paths, options):
        reading = _read_dump(report, source)
        if reading is None:
            continue
        dump, plain = reading
        if dump is not None:
            _fix_dump_file(report, dump, config, options)
            continue
        prompter = options.prompter.for_file(source.path) if options.prompter else None
        result = fix_text(source.text, config, decide=prompter)
        result.remaining = _new_findings(report, options, source.path, result.text,
                                         result.remaining)
        if plain and (result.applied or result.remaining):
            report.note(textio.InputError(source.path, plain))
        try:
            broken = shape_broken(source, result.text) if plain else None
            if broken:
                raise textio.InputError(source.path, f"{broken}; file left unchanged")
            data = source.encode(result.text)
            if options.diff:
                if result.changed:
                    click.echo(unified_diff(source.text, result.text, source.path), nl=False)
            elif source.path == "-":
                textio.write_stdout(data)
            elif options.out_dir:
                copy = out_path(options.out_dir, source.path)
                if os.path.exists(copy) and os.path.samefile(copy, source.path):
                    raise textio.InputError(source.path, "--out-dir would put the copy over "
                                                         "the file itself; file left unchanged")
                textio.write_file(copy, data, like=source.path)
            elif result.changed:
                textio.write_file(source.path, data)
        except textio.InputError as exc:
            report.error(exc)
            if source.path == "-" and not options.diff:
                _pass_through(report, source.encode(source.text))
            continue
        report.file_fixed(source.path, source.text, result, quiet=options.diff)
    return report


def _fix_dump_file(report: Report, dump: DumpFile, config: Config,
                   options: Options) -> None:
    """Fix a translation file through its format (:mod:`mtclean.dumpfiles`)."""
    source = dump.source
    path = source.path
    try:
        if options.prompter is not None:
            raise textio.InputError(path, "translation files are not fixed interactively; "
                                          "fix it with `mtclean batch` or without -i")
        try:
            result = dump.fix(config)
        except DumpFileError as exc:
            raise textio.InputError(path, str(exc)) from None
        result.remaining = _new_findings(report, options, path, result.text,
                                         result.remaining)
        if options.diff:
            if result.data is not None:
                click.echo(unified_diff(source.text, result.text, path), nl=False)
        elif options.out_dir:
            copy = out_path(options.out_dir, path)
            if os.path.exists(copy) and os.path.samefile(copy, path):
                raise textio.InputError(path, "--out-dir would put the copy over the file "
                                              "itself; file left unchanged")
            textio.write_file(copy, result.data if result.data is not None else dump.data,
                              like=path)
        elif result.data is not None:
            textio.write_file(path, result.data)
    except textio.InputError as exc:
        report.error(exc)
        return
    report.dump_fixed(path, source.text, result, quiet=options.diff)
