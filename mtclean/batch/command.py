"""``mtclean batch``: clean a translation dump, on this machine or on a Dask cluster.

The command only gathers options into a :class:`BatchJob`, runs it and prints what it
found; everything else lives in the modules beside it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import settings, textio
from ..config import Config
from .formats import FORMATS, FormatOptions
from .job import BatchJob, BatchSummary, run_job
from .units import BatchError, DumpError


def _load_config(config_file: Path | None, select: str | None, ignore: str | None,
                 unsafe_fixes: bool | None, glossary: Path | None,
                 ignore_words: tuple[str, ...]) -> Config:
    """The configuration file's settings (found as ``check`` finds it), with the options
    given here in their place."""
    chosen = {}
    for name, value in (("select", select), ("ignore", ignore)):
        if value is not None:
            items = [item.strip() for item in value.split(",") if item.strip()]
            chosen[name] = tuple(settings.selectors(items, f"--{name}"))
    found = settings.discover(config_file)
    found = settings.override(found, unsafe_fixes=unsafe_fixes, glossary=glossary,
                              ignore_words=ignore_words or None, **chosen)
    return found.config


def _encoding(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        textio.text_codec(value)
    except LookupError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    return value


def _print_summary(summary: BatchSummary, job: BatchJob) -> None:
    tally = summary.tally
    name = job.input.name
    line = f"{name}: {tally.units:,} units"
    if job.output is not None:
        line += f", {tally.changed:,} changed"
    line += f", {tally.findings:,} findings"
    if job.output is not None and tally.findings:
        line += f" ({tally.fixed:,} fixed, {tally.remaining:,} left for review)"
    click.echo(line)
    if tally.by_kind:
        click.echo("  " + ", ".join(f"{kind} {count:,}" for kind, count in
                                    tally.by_kind.most_common()))
    if tally.unwritten:
        click.echo(f"  {tally.unwritten:,} fixed targets could not be written back in "
                   f"{summary.format} and were left as they were")
    written = [str(p) for p in (job.output, job.report_json, job.report_html) if p]
    rate = tally.units / summary.seconds if summary.seconds else 0
    done = f"{summary.seconds:,.1f} s, {rate:,.0f} units/s"
    click.echo(f"wrote {', '.join(written)} ({done})" if written else f"({done})")


@click.command("batch")
@click.argument("dump", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the cleaned dump here, in the input's format. Without it the "
                   "dump is only checked.")
@click.option("--format", "format_", type=click.Choice(FORMATS),
              help="The dump's format (default: from the file name).")
@click.option("--field", default="target", show_default=True,
              help="JSONL: dotted path of the target segment.")
@click.option("--source-field", help="JSONL: dotted path of the source segment "
                                     "[default: source, if present].")
@click.option("--id-field", help="JSONL: dotted path of the unit id [default: id, if present].")
@click.option("--column", default="target", show_default=True,
              help="CSV/TSV: the target column (a header name, or a 0-based index for "
                   "files without a header).")
@click.option("--source-column", help="CSV/TSV: the source column [default: source, if present].")
@click.option("--id-column", help="CSV/TSV: the id column [default: id, if present].")
@click.option("--source", "source_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Parallel text: the source file, one segment a line.")
@click.option("--target", "target_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Parallel text: the target file (instead of DUMP).")
@click.option("--source-lang", help="TMX: the source language [default: the header's srclang].")
@click.option("--target-lang", help="TMX: the target language [default: en].")
@click.option("--encoding", default="utf-8", show_default=True, callback=_encoding,
              help="Plain and parallel text, CSV/TSV: the files' encoding.")
@click.option("--report", "report_json", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a JSON report: counts by kind and rule, frequent terms, "
                   "findings per unit.")
@click.option("--report-html", type=click.Path(dir_okay=False, path_type=Path),
              help="Write an HTML report for a reviewer: charts and changed segments.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True, help="Where to run: local processes, or a Dask cluster.")
@click.option("--workers", type=click.IntRange(min=1),
              help="Worker processes (local engine, or a local Dask cluster) "
                   "[default: the number of cores].")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler to connect to (tcp://host:8786); without it --engine "
                   "dask starts a local cluster.")
@click.option("--resume", is_flag=True,
              help="Continue an interrupted job from its last checkpoint.")
@click.option("--select", help="Only these rules (comma-separated codes, names or kinds).")
@click.option("--ignore", help="Not these rules (comma-separated codes, names or kinds).")
@click.option("--unsafe-fixes/--no-unsafe-fixes", default=None,
              help="Also apply suggestions that need a person's judgement.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Read settings from this file instead of searching for one.")
@click.option("--glossary", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Your glossary: CSV or TSV rows zh,en[,note], or TBX. Its terms win over "
                   "the built-in lexicons, and with a source segment MT605 checks that "
                   "their English is in the target.")
@click.option("--ignore-words", multiple=True, metavar="WORDS",
              help="Never report these comma-separated words or phrases (any case).")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar [default: when stderr is a terminal].")
@click.option("--chunk-size", type=click.IntRange(min=1), default=500, hidden=True)
@click.option("--checkpoint-every", type=click.FloatRange(min=0), default=10.0, hidden=True,
              help="Seconds between checkpoints.")
def batch(dump, output, format_, field, source_field, id_field, column, source_column,
          id_column, source_path, target_path, source_lang, target_lang, encoding,
          report_json, report_html, engine, workers, scheduler, resume, select, ignore,
          unsafe_fixes, config_file, glossary, ignore_words, progress, chunk_size,
          checkpoint_every):
    """Check and clean a translation dump: plain text, JSONL, CSV/TSV, TMX, XLIFF, PO,
    or parallel text (--source FILE --target FILE).

    With --output the dump is written again with its fixed target segments and nothing
    else changed. Exit status: 0 nothing left to review, 1 findings left, 2 bad input
    or options.
    """
    if dump is not None and target_path is not None:
        raise click.UsageError("give the dump as DUMP or as --target, not both")
    dump = dump or target_path
    if dump is None:
        raise click.UsageError("no dump given (DUMP, or --source FILE --target FILE)")
    if target_path is not None and source_path is None:
        raise click.UsageError("--target goes with --source (parallel text)")
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    try:
        config = _load_config(config_file, select, ignore, unsafe_fixes, glossary,
                              ignore_words)
        job = BatchJob(
            input=dump,
            options=FormatOptions(
                format=format_, field=field, source_field=source_field, id_field=id_field,
                column=column, source_column=source_column, id_column=id_column,
                source_path=source_path, encoding=encoding, source_lang=source_lang,
                target_lang=target_lang),
            config=config, output=output, report_json=report_json, report_html=report_html,
            engine=engine, workers=workers, scheduler=scheduler, resume=resume,
            chunk_units=chunk_size, checkpoint_seconds=checkpoint_every,
            progress=sys.stderr.isatty() if progress is None else progress,
        )
        summary = run_job(job, notify=lambda message: click.echo(message, err=True))
    except DumpError as exc:
        click.echo(f"mtclean: {exc} (nothing written)", err=True)
        sys.exit(2)
    except (BatchError, settings.SettingsError) as exc:
        click.echo(f"mtclean: {exc}", err=True)
        sys.exit(2)
    except (KeyboardInterrupt, SystemExit) as exc:
        # Ctrl-C: a KeyboardInterrupt, or the exit 130 the mtclean command turns it into.
        interrupted = isinstance(exc, KeyboardInterrupt) or exc.code == 130
        if interrupted:
            click.echo("mtclean: interrupted; run again with --resume to continue", err=True)
        if isinstance(exc, KeyboardInterrupt):
            sys.exit(130)
        raise
    _print_summary(summary, job)
    sys.exit(summary.exit_code)
