"""The command line: ``mtclean check`` and ``mtclean fix``.

A thin layer: it turns options into a :class:`mtclean.Config` and a
:class:`mtclean.report.Options`, and hands them to :mod:`mtclean.report`. Options shared
by several commands are decorators defined once here, so a new option is one function.
"""

from __future__ import annotations

import codecs
import os
import sys
from functools import reduce

import click

from . import __version__
from .config import Config
from .model import KINDS
from .report import FORMATS, Options, run_check, run_fix

PATHS = click.argument("paths", nargs=-1, required=True, metavar="PATH...",
                       type=click.Path(allow_dash=True))


def _selectors(ctx: click.Context, param: click.Parameter,
               values: tuple[str, ...]) -> frozenset[str]:
    """Split comma-separated rule selectors and check that each names something."""
    from .rules import all_rules

    known: set[str] = set(KINDS)
    for rule in all_rules():
        known.update(rule.selectors())
    chosen = set()
    for value in values:
        for item in value.split(","):
            item = item.strip()
            if not item:
                continue
            item = item.upper() if item[:2].upper() == "MT" else item.lower()
            if item not in known:
                raise click.BadParameter(f"no rule, code prefix or kind is called {item!r}",
                                         ctx=ctx, param=param)
            chosen.add(item)
    return frozenset(chosen)


def _encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        codecs.lookup(value)
    except LookupError:
        raise click.BadParameter(f"unknown encoding {value!r}", ctx=ctx, param=param) from None
    return value


_COMMON = (
    PATHS,
    click.option("--select", multiple=True, callback=_selectors, metavar="RULES",
                 help="Run only these rules: comma-separated codes (MT101), code prefixes "
                      "(MT1), names (stray-cjk) or kinds (calque)."),
    click.option("--ignore", multiple=True, callback=_selectors, metavar="RULES",
                 help="Do not run these rules (same forms as --select)."),
    click.option("--encoding", callback=_encoding, metavar="NAME",
                 help="Read files in this encoding instead of detecting it."),
    click.option("--unsafe-fixes", is_flag=True,
                 help="Also apply (fix) or count as fixable (check) suggestions that need "
                      "a person's judgement."),
    click.option("--no-langid", "langid", flag_value=False, default=True,
                 help="Do not use statistical language identification."),
    click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
                 show_default=True, help="Output format."),
)


def common_options(command):
    """The options every command that reads files takes."""
    return reduce(lambda f, option: option(f), reversed(_COMMON), command)


def _config(select, ignore, unsafe_fixes, langid) -> Config:
    return Config(select=select, ignore=ignore, unsafe_fixes=unsafe_fixes, langid=langid)


def _color() -> bool:
    # https://no-color.org: any non-empty NO_COLOR turns colour off.
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtclean")
def cli() -> None:
    """Find and mend the artifacts machine translation leaves in Chinese-to-English text.

    Exit codes: 0 clean, 1 findings, 2 usage or input error.
    """


@cli.command()
@common_options
def check(paths, select, ignore, encoding, unsafe_fixes, langid, output_format) -> None:
    """Report stray Chinese, full-width punctuation, mojibake and calques in PATH...

    Directories are searched recursively; - reads standard input.
    """
    report = run_check(paths, _config(select, ignore, unsafe_fixes, langid),
                       Options(format=output_format, encoding=encoding, color=_color()))
    sys.exit(report.finish("check"))


@cli.command()
@common_options
@click.option("--diff", is_flag=True,
              help="Print a unified diff of the fixes and change nothing (exit 0 unless "
                   "an input error).")
@click.option("--out-dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Write fixed copies under DIR (at each file's path as given) and leave "
                   "the files alone.")
@click.option("--explain", is_flag=True,
              help="For each fix, also print the rule's message and the edits it made.")
def fix(paths, select, ignore, encoding, unsafe_fixes, langid, output_format, diff,
        out_dir, explain) -> None:
    """Apply safe fixes to PATH... in place and report what remains.

    With - the fixed text goes to standard output and the report to standard error.
    Exit codes: 0 nothing left to report, 1 findings remain, 2 input error.
    """
    if diff and out_dir:
        raise click.UsageError("--diff and --out-dir cannot be used together")
    options = Options(format=output_format, encoding=encoding, color=_color(), diff=diff,
                      out_dir=out_dir, explain=explain)
    report = run_fix(paths, _config(select, ignore, unsafe_fixes, langid), options)
    sys.exit(report.finish("fix"))


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``mtclean`` script and ``python -m mtclean``."""
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show Chinese gets escapes rather than a crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        cli.main(args=argv, prog_name="mtclean")
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`mtclean check . | head`); say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
