"""The command line: ``mtclean check``, ``fix``, ``rules`` and ``explain``.

A thin layer: it reads the configuration file (:mod:`mtclean.settings`), lets the
options override it, turns the result into a :class:`mtclean.Config` and a
:class:`mtclean.report.Options`, and hands them to :mod:`mtclean.report`. Options shared
by several commands are decorators defined once here, so a new option is one function.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from functools import reduce

import click

from . import __version__, settings, textio
from .baseline import Baseline, BaselineError
from .config import Config
from .formats import colour_enabled, format_explain, format_rules, unknown_rule_message
from .model import KINDS
from .report import FORMATS, Options, run_check, run_fix

PATHS = click.argument("paths", nargs=-1, required=True, metavar="PATH...",
                       type=click.Path(allow_dash=True))


def _selectors(ctx: click.Context, param: click.Parameter,
               values: tuple[str, ...]) -> frozenset[str] | None:
    """Split comma-separated rule selectors and check that each names something.

    None when the option is not given, so that the configuration file's value stands.
    """
    from .rules import all_rules

    if not values:
        return None

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
        textio.text_codec(value)
    except LookupError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
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
    click.option("--unsafe-fixes/--no-unsafe-fixes", default=None,
                 help="Also apply (fix) or count as fixable (check) suggestions that need "
                      "a person's judgement."),
    click.option("--langid/--no-langid", "langid", default=None,
                 help="Use statistical language identification (on by default)."),
    click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
                 show_default=True,
                 help="Output format: text lines, a JSON array, JSON Lines, SARIF 2.1.0, or "
                      "GitHub Actions annotations."),
    click.option("--config", "config_file", type=click.Path(dir_okay=False), metavar="FILE",
                 help="Read settings from FILE instead of the nearest .mtclean.toml, "
                      "pyproject.toml [tool.mtclean] or setup.cfg [mtclean]."),
    click.option("--glossary", type=click.Path(dir_okay=False), metavar="FILE",
                 help="Your glossary: CSV or TSV rows zh,en[,note], or TBX. Its terms win "
                      "over the built-in lexicons."),
    click.option("--ignore-words", multiple=True, metavar="WORDS",
                 help="Never report these comma-separated words or phrases (any case)."),
    click.option("--exclude", multiple=True, metavar="GLOBS",
                 help="Pass over paths matching these comma-separated globs, even when "
                      "named on the command line (replaces the configured list)."),
    click.option("--baseline", type=click.Path(dir_okay=False), metavar="FILE",
                 help="Report only findings FILE does not hold (see check "
                      "--write-baseline)."),
    click.option("--exit-zero", is_flag=True,
                 help="Exit 0 even when there are findings (an input error still exits 2)."),
)


def common_options(command):
    """The options every command that reads files takes."""
    return reduce(lambda f, option: option(f), reversed(_COMMON), command)


class SettingsProblem(click.ClickException):
    """A configuration, glossary or baseline file mtclean cannot use: exit 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"mtclean: error: {self.message}", err=True)


def _settings(options: dict) -> tuple[Config, dict]:
    """The configuration file's settings with the options given here in their place:
    the :class:`Config` and the :class:`Options` fields they decide."""
    try:
        found = settings.discover(options["config_file"])
        found = settings.override(
            found, select=options["select"], ignore=options["ignore"],
            unsafe_fixes=options["unsafe_fixes"], langid=options["langid"],
            glossary=options["glossary"], baseline=options["baseline"],
            ignore_words=options["ignore_words"] or None,
            exclude=options["exclude"] or None,
        )
        loaded = Baseline.load(found.baseline) if found.baseline is not None else None
    except (settings.SettingsError, BaselineError) as exc:
        raise SettingsProblem(str(exc)) from None
    return found.config, {"exclude": found.exclude, "root": str(found.root),
                          "baseline": loaded, "exit_zero": options["exit_zero"]}


def _color() -> bool:
    # https://no-color.org: any non-empty NO_COLOR turns colour off.
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


class _Commands(click.Group):
    """The commands, with ``batch`` imported only when it runs: its formats, engines and
    reports cost a check of one file a tenth of a second to import."""

    LAZY = {"batch": ("mtclean.batch.command", "batch")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY:
            import importlib

            module, attribute = self.LAZY[name]
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtclean")
def cli() -> None:
    """Find and mend the artifacts machine translation leaves in Chinese-to-English text.

    Exit codes: 0 clean, 1 findings, 2 usage or input error.
    """


@cli.command()
@common_options
@click.option("--write-baseline", type=click.Path(dir_okay=False), metavar="FILE",
              help="Record every finding in FILE instead of reporting them; later runs "
                   "with --baseline FILE report only new ones.")
@click.option("--statistics", is_flag=True,
              help="Print how many findings each rule has, and its commonest texts, "
                   "instead of the findings (text or json format).")
def check(paths, encoding, output_format, write_baseline, statistics, **options) -> None:
    """Report stray Chinese, full-width punctuation, mojibake and calques in PATH...

    Directories are searched recursively; - reads standard input. Settings come from
    the nearest .mtclean.toml, pyproject.toml [tool.mtclean] or setup.cfg [mtclean];
    options given here override them.
    """
    if write_baseline == "":
        raise click.BadParameter("an empty file name", param_hint="--write-baseline")
    if write_baseline and options["baseline"]:
        raise click.UsageError("--write-baseline and --baseline cannot be used together")
    if statistics and output_format not in ("text", "json"):
        raise click.UsageError(f"--statistics prints text or json, not {output_format}")
    if statistics and write_baseline:
        raise click.UsageError("--statistics and --write-baseline cannot be used together")
    config, edge = _settings(options)
    if write_baseline:
        edge["baseline"] = None  # the new baseline records everything, old or new
    report = run_check(paths, config,
                       Options(format=output_format, encoding=encoding, color=_color(),
                               write_baseline=write_baseline, statistics=statistics, **edge))
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
@click.option("--interactive", "-i", is_flag=True,
              help="Ask about each finding: apply a suggestion, type a replacement, skip "
                   "or quit.")
def fix(paths, encoding, output_format, diff, out_dir, explain, interactive,
        **options) -> None:
    """Apply safe fixes to PATH... in place and report what remains.

    With - the fixed text goes to standard output and the report to standard error.
    Exit codes: 0 nothing left to report, 1 findings remain, 2 input error.
    """
    if diff and out_dir:
        raise click.UsageError("--diff and --out-dir cannot be used together")
    config, edge = _settings(options)
    prompter = None
    if interactive:
        if "-" in paths:
            raise click.UsageError("--interactive reads answers from standard input; "
                                   "it cannot fix standard input too")
        if not sys.stdin.isatty():
            raise click.UsageError("--interactive needs a terminal")
        from .interactive import Prompter

        prompter = Prompter("", input=sys.stdin, output=sys.stdout,
                            colour=colour_enabled(sys.stdout))
    run_options = Options(format=output_format, encoding=encoding, color=_color(), diff=diff,
                          out_dir=out_dir, explain=explain, prompter=prompter, **edge)
    report = run_fix(paths, config, run_options)
    sys.exit(report.finish("fix"))


@cli.command("rules")
def rules_command() -> None:
    """List every rule: code, name, kind and what it finds."""
    from .rules import all_rules

    click.echo(format_rules(all_rules()), nl=False)


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """Explain the rule CODE (MT101, or its name): what it finds, with a wrong and a
    right example."""
    from .rules import all_rules, rule_by_code

    rule = rule_by_code(code)
    if rule is None:
        raise SettingsProblem(unknown_rule_message(code, all_rules()))
    click.echo(format_explain(rule), nl=False)


def _interrupted(signum, frame) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``mtclean`` script and ``python -m mtclean``."""
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show Chinese gets escapes rather than a crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if threading.current_thread() is threading.main_thread():
        # Click turns Ctrl-C into "Aborted!" and exit code 1, which a script cannot tell
        # from findings; an interrupted run exits 128 + SIGINT, as a shell expects.
        # SystemExit still runs every ``finally`` on the way out (temporary files).
        signal.signal(signal.SIGINT, _interrupted)
    try:
        cli.main(args=argv, prog_name="mtclean")
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`mtclean check . | head`); say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
