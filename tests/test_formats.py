"""Output formats (JSON Lines, GitHub annotations), colour, and rule documentation."""

from __future__ import annotations

import io
import json

import pytest

from mtclean import Finding
from mtclean.formats import (
    colour_enabled,
    format_explain,
    format_rules,
    github_lines,
    paint,
    unknown_rule_message,
)
from mtclean.model import Suggestion
from mtclean.rules import all_rules
from mtclean.rules.base import Rule
from mtclean.text import Document


class StrayHan(Rule):
    """Chinese characters left in English text.

    Wrong: the critical舆论环境 (public opinion environment) grew
    Right: the critical public opinion environment grew
    """

    code = "MT901"
    name = "stray-han"
    kind = "stray-cjk"
    summary = "Chinese characters left in English text"


class Quiet(Rule):
    """Off unless asked for."""

    code = "MT999"
    name = "quiet-one"
    kind = "untranslated"
    summary = "a rule that is off by default"
    default_on = False
    needs_source = True


TEXT = "line one\nthe critical舆论环境 (public opinion environment)\n"
START = TEXT.index("舆论环境")
FINDING = Finding("MT901", "stray-han", "stray-cjk", START, START + 4, "舆论环境",
                  "Chinese left in English",
                  (Suggestion.replace(START, START + 4, "public opinion environment",
                                      safe=True, source="inline-gloss"),))


def test_github_annotation():
    (line,) = github_lines("docs/a.md", Document(TEXT), [FINDING])
    assert line.startswith("::warning file=docs/a.md,line=2,col=13,endColumn=17,"
                           "title=MT901 stray-han::Chinese left in English")
    assert "'舆论环境' -> 'public opinion environment'" in line


def test_github_escaping():
    text = "a,b:c%\n"
    finding = Finding("MT901", "stray-han", "stray-cjk", 0, 3, "a,b", "50% of\r\nit: a,b")
    (line,) = github_lines("dir,x/a:b%.md", Document(text), [finding], level="error")
    head, message = line[2:].split("::", 1)
    assert head == "error file=dir%2Cx/a%3Ab%25.md,line=1,col=1,endColumn=4,title=MT901 stray-han"
    assert message == "50%25 of%0D%0Ait: a,b"
    assert "\n" not in line


def test_github_multiline_span_names_its_end_line():
    finding = Finding("MT901", "stray-han", "stray-cjk", 5, 12, TEXT[5:12], "x")
    (line,) = github_lines("a.md", Document(TEXT), [finding])
    assert "line=1,col=6,endLine=2,endColumn=4," in line


class FakeStream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("tty, env, expected", [
    (True, {}, True),
    (False, {}, False),
    (True, {"NO_COLOR": "1"}, False),
    (True, {"NO_COLOR": ""}, True),  # an empty NO_COLOR does not count
    (False, {"FORCE_COLOR": "1"}, True),
    (True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
])
def test_colour_only_on_a_terminal_and_never_with_no_color(tty, env, expected):
    assert colour_enabled(FakeStream(tty), env) is expected


def test_paint():
    assert paint("x", "bold red", False) == "x"
    assert paint("x", "bold red", True) == "\x1b[1;31mx\x1b[0m"


def test_rules_listing():
    listing = format_rules([StrayHan(), Quiet()])
    lines = listing.splitlines()
    assert lines[0].split() == ["MT901", "stray-han", "stray-cjk", "Chinese", "characters",
                                "left", "in", "English", "text"]
    assert lines[1].startswith("MT999  quiet-one  untranslated  a rule that is off by default")
    assert "(off by default)" in lines[1] and "(needs the source segment)" in lines[1]


def test_every_registered_rule_is_listed():
    rules = all_rules()
    listing = format_rules(rules).splitlines()
    if not rules:
        assert listing == ["no rules registered"]
    for rule, line in zip(rules, listing, strict=bool(rules)):
        assert line.startswith(f"{rule.code}  {rule.name}")
        assert rule.kind in line


def test_explain():
    text = format_explain(StrayHan())
    assert text.startswith("MT901 stray-han (kind: stray-cjk)\n")
    assert "Wrong: the critical舆论环境 (public opinion environment) grew" in text
    assert "Right: the critical public opinion environment grew" in text
    assert "mtclean: ignore[MT901]" in text
    quiet = format_explain(Quiet())
    assert "--select MT999" in quiet and "source segment" in quiet


def test_unknown_rule_message_suggests_close_codes():
    message = unknown_rule_message("MT910", [StrayHan(), Quiet()])
    assert "'MT910'" in message and "MT901" in message
    assert "did you mean" not in unknown_rule_message("zzz", [StrayHan()])


# -- through the command line ------------------------------------------------------------


def run_cli(*args: str):
    from click.testing import CliRunner

    from mtclean.cli import cli

    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 keeps stderr apart already
        runner = CliRunner()
    return runner.invoke(cli, list(args))


STRAY = "Intro.\nThe critical舆论环境 (public opinion environment) shaped coverage.\n"


@pytest.fixture
def article(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.md").write_text(STRAY * 2, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return "a.md"


def test_cli_jsonl_has_the_json_records_one_per_line(article):
    as_json = run_cli("check", "--format", "json", article)
    as_jsonl = run_cli("check", "--format", "jsonl", article)
    assert as_json.exit_code == as_jsonl.exit_code == 1
    lines = as_jsonl.stdout.splitlines()
    assert len(lines) == 2
    assert [json.loads(line) for line in lines] == json.loads(as_json.stdout)
    fixed = run_cli("fix", "--format", "jsonl", "--diff", article)
    assert fixed.exit_code == 0


def test_cli_github_annotations(article):
    result = run_cli("check", "--format", "github", article)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("::warning file=a.md,line=2,col=13,endColumn=17,"
                               "title=MT101 stray-cjk::")
    assert lines[1].startswith("::warning file=a.md,line=4,col=13,")


def test_cli_github_notes_what_fix_changed(article):
    result = run_cli("fix", "--format", "github", article)
    assert result.exit_code == 0
    assert result.stdout.startswith("::notice file=a.md,line=2,col=13,")
    assert "fixed '舆论环境' -> 'public opinion environment'" in result.stdout


def test_cli_rules_lists_every_rule():
    result = run_cli("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    rules = all_rules()
    assert len(lines) == len(rules) > 0
    for rule, line in zip(rules, lines, strict=True):
        assert line.split()[:3] == [rule.code, rule.name, rule.kind]
    assert any(line.startswith("MT101  stray-cjk") for line in lines)


def test_cli_explain():
    result = run_cli("explain", "MT101")
    assert result.exit_code == 0
    assert result.stdout.startswith("MT101 stray-cjk (kind: stray-cjk)")
    assert "Wrong: " in result.stdout and "Right: " in result.stdout
    assert run_cli("explain", "stray-cjk").stdout == result.stdout
    unknown = run_cli("explain", "MT1O1")
    assert unknown.exit_code == 2
    assert "no rule 'MT1O1'" in unknown.stderr and "MT101" in unknown.stderr
