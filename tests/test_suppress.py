"""Inline ``mtclean: ignore`` markers and ignored words."""

from __future__ import annotations

import re

import pytest

import mtclean.rules
from mtclean import Config, Finding, check_text, fix_text
from mtclean.config import DEFAULT
from mtclean.model import Suggestion
from mtclean.rules.base import Rule
from mtclean.suppress import apply, line_ignores
from mtclean.text import Document


class HanRun(Rule):
    """Flags each run of Han characters (a stand-in for the stray-Chinese rule).

    Wrong: the 舆论 grew
    Right: the public opinion grew
    """

    code = "MT901"
    name = "han-run"
    kind = "stray-cjk"
    summary = "a run of Han characters"

    def check(self, doc, ctx):
        for m in re.finditer(r"[\u4e00-\u9fff]+", doc.text):
            yield self.finding(doc, m.start(), m.end(), "Chinese left in English",
                               [Suggestion.replace(m.start(), m.end(), "ZH", safe=True)])


class RiceNoodles(Rule):
    """Flags "rice noodles" (a stand-in for a calque rule).

    Wrong: rice noodles queued for the phone
    Right: Mi Fans queued for the phone
    """

    code = "MT902"
    name = "rice-noodles"
    kind = "calque"
    summary = "a calque"

    def check(self, doc, ctx):
        for m in re.finditer(r"rice noodles", doc.text, re.IGNORECASE):
            yield self.finding(doc, m.start(), m.end(), "calque",
                               [Suggestion.replace(m.start(), m.end(), "Mi Fans", safe=True)])


@pytest.fixture(autouse=True)
def fake_rules(monkeypatch):
    monkeypatch.setattr(mtclean.rules, "_RULES", [HanRun(), RiceNoodles()])


def flagged(text: str, config: Config = DEFAULT) -> list[tuple[int, str]]:
    doc = Document(text)
    return [(doc.position(f.start)[0], f.text) for f in check_text(text, config)]


def test_without_markers_everything_is_reported():
    assert flagged("a 舆论 b rice noodles\nc 环境\n") == [
        (1, "舆论"), (1, "rice noodles"), (2, "环境")]


def test_bare_ignore_silences_its_own_line_only():
    text = "a 舆论 rice noodles  # mtclean: ignore\nb 环境\n"
    assert flagged(text) == [(2, "环境")]


@pytest.mark.parametrize("names", [
    "MT902", "mt902", "calque", "CALQUE", "rice-noodles", " MT902 , MT100 "])
def test_ignore_list_names_rules_by_code_name_or_kind(names):
    text = f"a 舆论 rice noodles <!-- mtclean: ignore[{names}] -->\n"
    assert flagged(text) == [(1, "舆论")]


@pytest.mark.parametrize("prefix", ["MT9", "mt90"])
def test_ignore_list_names_rules_by_code_prefix(prefix):
    assert flagged(f"a 舆论 rice noodles # mtclean: ignore[{prefix}]\n") == []


def test_ignore_list_with_two_selectors():
    assert flagged("舆论 rice noodles // mtclean: ignore[MT901,calque]\n") == []
    assert flagged("舆论 rice noodles // mtclean: ignore[MT901]\n") == [(1, "rice noodles")]


def test_empty_list_is_a_bare_ignore():
    assert flagged("舆论 rice noodles # mtclean: ignore[]\n") == []


def test_ignore_next_line():
    text = "# mtclean: ignore-next-line\n舆论 rice noodles\n环境\n"
    assert flagged(text) == [(3, "环境")]
    text = "舆论 # mtclean: ignore-next-line[calque]\n环境 rice noodles\n"
    # the marker's own line is not silenced; the next line only for calques
    assert flagged(text) == [(1, "舆论"), (2, "环境")]


@pytest.mark.parametrize("comment", [
    "# mtclean: ignore[MT901]",
    "// mtclean: ignore[MT901]",
    "<!-- mtclean: ignore[MT901] -->",
    "/* MTCLEAN: IGNORE[mt901] */",
    "[//]: # (mtclean:ignore[MT901])",
])
def test_markers_in_any_comment_syntax(comment):
    assert flagged(f"舆论 rice noodles {comment}\n") == [(1, "rice noodles")]


@pytest.mark.parametrize("prose", [
    "mtclean: ignored",
    "mtclean: ignore-words",
    "mtclean: ignorenextline",
    "mtclean ignore",
])
def test_prose_that_resembles_a_marker_silences_nothing(prose):
    assert flagged(f"舆论 ({prose})\n") == [(1, "舆论")]


def test_crlf_files():
    text = ("first 舆论 line\r\n"
            "<!-- mtclean: ignore-next-line -->\r\n"
            "second 环境 rice noodles\r\n"
            "third 媒体 rice noodles // mtclean: ignore[calque]\r\n"
            "fourth 平台\r\n")
    assert flagged(text) == [(1, "舆论"), (4, "媒体"), (5, "平台")]


def test_marker_on_the_last_line_without_newline():
    assert flagged("ok\n舆论 # mtclean: ignore") == []
    assert flagged("舆论\n# mtclean: ignore-next-line") == [(1, "舆论")]


def test_inline_ignores_can_be_turned_off():
    config = Config(inline_ignores=False)
    assert flagged("舆论 # mtclean: ignore\n", config) == [(1, "舆论")]


def test_fix_leaves_silenced_findings_alone():
    text = "舆论 # mtclean: ignore\n环境\n"
    assert fix_text(text).text == "舆论 # mtclean: ignore\nZH\n"


def test_a_finding_over_several_lines_is_silenced_by_a_marker_on_any_of_them():
    text = "alpha beta\ngamma # mtclean: ignore[MT903]\ndelta\n"
    doc = Document(text)
    spanning = Finding("MT903", "spanning", "untranslated", 6, 20, text[6:20], "x")
    other = Finding("MT904", "other", "untranslated", 6, 20, text[6:20], "x")
    assert apply([spanning, other], doc, inline=True, ignore_words=frozenset()) == [other]


def test_line_ignores_map():
    doc = Document("a\n# mtclean: ignore-next-line[MT1, calque]\nb # mtclean: ignore\n")
    assert line_ignores(doc) == {2: frozenset({"*", "mt1", "calque"})}
    doc = Document("a # mtclean: ignore[MT1]\n# mtclean: ignore-next-line[calque]\nb\n")
    assert line_ignores(doc) == {0: frozenset({"mt1"}), 2: frozenset({"calque"})}


# -- ignored words ----------------------------------------------------------------------


def test_ignored_words_match_case_and_spacing_insensitively():
    config = Config(ignore_words=frozenset({"Rice Noodles", "舆论"}))
    assert flagged("舆论 and rice  noodles and 环境\n", config) == [(1, "环境")]
    assert flagged("RICE NOODLES\n", config) == []


def test_ignored_words_match_whole_findings_only():
    config = Config(ignore_words=frozenset({"舆"}))
    assert flagged("舆论\n", config) == [(1, "舆论")]


# -- with the shipped rules, through the command line -------------------------------------


def test_cli_honours_inline_ignores(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from mtclean.cli import cli

    monkeypatch.setattr(mtclean.rules, "_RULES", None)  # the shipped rules
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    stray = "The critical舆论环境 (public opinion environment) shaped it."
    (tmp_path / "a.md").write_text(
        f"{stray} <!-- mtclean: ignore[MT101] -->\r\n"
        f"<!-- mtclean: ignore-next-line[stray-cjk] -->\r\n{stray}\r\n"
        f"{stray} <!-- mtclean: ignore[calque] -->\r\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "a.md"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "a.md:4:13: MT101 stray-cjk '舆论环境' -> 'public opinion environment'"]
    fixed = CliRunner().invoke(cli, ["fix", "a.md"])
    assert fixed.exit_code == 0
    lines = (tmp_path / "a.md").read_bytes().decode("utf-8").split("\r\n")
    assert lines[0].startswith(stray) and lines[2] == stray
    assert lines[3].startswith("The critical public opinion environment shaped it.")
