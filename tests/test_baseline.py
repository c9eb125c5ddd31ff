"""Baselines: old findings stay quiet, new ones are reported, line numbers do not matter."""

from __future__ import annotations

import json
import os
import re

import pytest

from mtclean import Finding
from mtclean.baseline import Baseline, BaselineError, baseline_data, write_baseline
from mtclean.text import Document


def han_findings(text: str) -> list[Finding]:
    """A stand-in detector: one finding per run of Han characters."""
    return [Finding("MT901", "stray-han", "stray-cjk", m.start(), m.end(), m.group(), "x")
            for m in re.finditer(r"[\u4e00-\u9fff]+", text)]


def files(**texts: str):
    return [(name.replace("__", "/").replace("_", "."), Document(text), han_findings(text))
            for name, text in texts.items()]


def new_texts(baseline: Baseline, path: str, text: str) -> list[tuple[int, str]]:
    doc = Document(text)
    return [(doc.position(f.start)[0], f.text)
            for f in baseline.new_findings(path, doc, han_findings(text))]


OLD = "Intro.\nThe 舆论 was loud. Then 环境 changed.\nClean line.\n"


@pytest.fixture
def baseline(tmp_path, monkeypatch) -> Baseline:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "baseline.json"
    assert write_baseline(path, files(a_md=OLD)) == 2
    return Baseline.load(path)


def test_the_recorded_findings_are_not_new(baseline):
    assert len(baseline) == 2
    assert new_texts(baseline, "a.md", OLD) == []


def test_edits_elsewhere_do_not_bring_old_findings_back(baseline):
    moved = "A new first line.\n\nIntro,   rewritten.\nThe 舆论 was loud.  Then 环境 changed.\n"
    assert new_texts(baseline, "a.md", moved) == []


def test_a_new_finding_is_reported(baseline):
    text = OLD + "Now 媒体 too.\n"
    assert new_texts(baseline, "a.md", text) == [(4, "媒体")]


def test_editing_the_sentence_of_a_finding_makes_it_new(baseline):
    text = "Intro.\nThe 舆论 was very loud. Then 环境 changed.\n"
    assert new_texts(baseline, "a.md", text) == [(2, "舆论")]


def test_matching_counts_identical_findings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    line = "The 舆论 was loud.\n"
    write_baseline(tmp_path / "b.json", files(a_md=line * 2))
    baseline = Baseline.load(tmp_path / "b.json")
    assert json.loads((tmp_path / "b.json").read_text("utf-8"))["findings"][0]["count"] == 2
    assert new_texts(baseline, "a.md", line * 2) == []
    assert new_texts(baseline, "a.md", line * 3) == [(3, "舆论")]
    assert new_texts(baseline, "a.md", line) == []


def test_the_same_finding_in_another_file_is_new(baseline):
    assert new_texts(baseline, "b.md", OLD) == [(2, "舆论"), (2, "环境")]


def test_paths_are_relative_to_the_baseline_file(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    write_baseline("baseline.json", files(docs__a_md=OLD))
    data = json.loads((tmp_path / "baseline.json").read_text("utf-8"))
    assert {item["path"] for item in data["findings"]} == {"docs/a.md"}
    # Run from another folder: the same file, spelled differently, still matches.
    monkeypatch.chdir(tmp_path / "docs")
    baseline = Baseline.load("../baseline.json")
    assert new_texts(baseline, "a.md", OLD) == []
    assert new_texts(baseline, os.path.join(str(tmp_path), "docs", "a.md"), OLD) == []


def test_baseline_file_is_stable_and_readable(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = baseline_data(files(b_md=OLD, a_md=OLD), tmp_path)
    assert data["tool"] == "mtclean" and data["version"] == 1
    keys = [(i["path"], i["rule"], i["text"], i["context"]) for i in data["findings"]]
    assert keys == sorted(keys)
    assert data["findings"][0]["name"] == "stray-han"
    write_baseline("x.json", files(a_md=OLD))
    first = (tmp_path / "x.json").read_bytes()
    write_baseline("x.json", files(a_md=OLD))
    assert (tmp_path / "x.json").read_bytes() == first
    assert "舆论".encode() in first  # not \u-escaped: reviewable in a diff
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]  # no temporary left behind


@pytest.mark.parametrize("content, words", [
    (None, "no such baseline file"),
    ("{", "not a baseline file"),
    ('{"tool": "other", "version": 1}', "not an mtclean baseline"),
    ('{"tool": "mtclean", "version": 99, "findings": []}', "version 99"),
    ('{"tool": "mtclean", "version": 1, "findings": [{"path": "a"}]}', "finding 1 is malformed"),
])
def test_bad_baseline_files(tmp_path, content, words):
    path = tmp_path / "b.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError) as err:
        Baseline.load(path)
    assert str(path) in str(err.value) and words in str(err.value)


@pytest.mark.parametrize("findings, words", [
    ("5", '"findings" is 5, not a list'),
    ("null", '"findings" is null, not a list'),
    ("[7]", "finding 1 is malformed: it is 7, not an object"),
    ('[{"path": "a", "rule": "MT101", "text": 5, "context": "c"}]', '"text" is 5'),
    ('[{"path": "a", "rule": "MT101", "text": "t", "context": "c", "count": Infinity}]',
     '"count" is Infinity'),
    ('[{"path": "a", "rule": "MT101", "text": "t", "context": "c", "count": 1e300}]',
     '"count" is 1e+300'),
    ('[{"path": "a", "rule": "MT101", "text": "t", "context": "c", "count": "2"}]',
     '"count" is "2"'),
    ('[{"path": "a", "rule": "MT101", "text": "t", "context": "c", "count": true}]',
     '"count" is true'),
    ('[{"path": "a", "rule": "MT101", "text": "t", "context": "c", "count": ' + "9" * 5000
     + "}]", "a number is too long"),
    ("[" * 100_000, "nested too deeply"),
], ids=["int", "null", "int-finding", "int-text", "infinity", "huge-float", "string-count",
        "bool-count", "huge-int", "deep"])
def test_a_damaged_baseline_says_what_is_wrong(tmp_path, findings, words):
    path = tmp_path / "b.json"
    path.write_text('{"tool": "mtclean", "version": 1, "findings": ' + findings + "}",
                    encoding="utf-8")
    with pytest.raises(BaselineError) as err:
        Baseline.load(path)
    assert str(err.value).startswith(f"{path}: not an mtclean baseline: ")
    assert words in str(err.value) and "\n" not in str(err.value)


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
def corpus(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()  # keep the settings search inside the test folder
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(STRAY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_adopting_on_an_existing_corpus(corpus):
    written = run_cli("check", "--write-baseline", "baseline.json", "docs")
    assert written.exit_code == 0, written.output
    assert written.stdout == ""  # the findings go to the file, not the screen
    assert "Wrote 1 finding in 1 file to baseline.json" in written.stderr
    again = run_cli("check", "--baseline", "baseline.json", "docs")
    assert again.exit_code == 0 and again.stdout == ""
    assert "1 more in the baseline" in again.stderr
    # an edit elsewhere moves the old finding down a line; a new one appears
    (corpus / "docs" / "a.md").write_text("New first line.\n" + STRAY +
                                          "The 媒体环境 (media environment) too.\n",
                                          encoding="utf-8")
    later = run_cli("check", "--baseline", "baseline.json", "docs")
    assert later.exit_code == 1
    assert later.stdout.count("MT101") == 1 and "docs/a.md:4:" in later.stdout
    # the same from the configuration file
    (corpus / ".mtclean.toml").write_text("baseline = 'baseline.json'\n", encoding="utf-8")
    assert run_cli("check", "docs").stdout == later.stdout


def test_bad_baseline_option_exits_2(corpus):
    (corpus / "b.json").write_text("[]", encoding="utf-8")
    result = run_cli("check", "--baseline", "b.json", "docs")
    assert result.exit_code == 2 and "b.json: not an mtclean baseline" in result.stderr
    missing = run_cli("check", "--baseline", "nope.json", "docs")
    assert missing.exit_code == 2 and "--write-baseline" in missing.stderr


def test_a_damaged_baseline_option_is_one_line_and_exits_2(corpus):
    (corpus / "b.json").write_text('{"tool": "mtclean", "version": 1, "findings": 5}',
                                   encoding="utf-8")
    result = run_cli("check", "--baseline", "b.json", "docs")
    assert result.exit_code == 2, result.output
    assert result.stderr == ('mtclean: error: b.json: not an mtclean baseline: '
                             '"findings" is 5, not a list\n')
