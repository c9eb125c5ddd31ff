"""The ``batch`` command: options, exit codes, and clear errors that write nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtclean.batch.command import batch

FIXTURES = Path(__file__).parent / "fixtures" / "batch"


def run_batch(*args):
    return CliRunner().invoke(batch, [str(a) for a in args])


def _nothing_written(folder: Path, *names: str) -> None:
    left = sorted(p.name for p in folder.iterdir() if p.name not in names)
    assert left == [], f"left behind: {left}"


@pytest.mark.parametrize("name, content, where, what", [
    ("bad.jsonl", '{"target": "fine"}\n{"target": "oops",}\n', ":2:19:", "not valid JSON"),
    ("bad.tmx", '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="zh"/>\n<body>\n'
                '<tu><tuv xml:lang="en"><seg>a</tuv></tu>\n</body></tmx>\n', ":4:",
     "malformed XML"),
    ("bad.xlf", '<xliff version="1.2"><file><body>\n<trans-unit id="1"><target>x &nope; y'
                '</target></trans-unit>\n</body></file></xliff>\n', ":2:", "malformed XML"),
    ("bad.po", 'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d\n', ":5", "not a valid PO entry"),
    ("bad.csv", "id,text\n1,a\n", ":1:", "no column 'target'"),
    ("open.csv", 'id,target\n1,fine\n2,"a，b\n3,c\n', ":3:", "a quoted cell is never closed"),
    ("bad.txt", "fine\n", "", None),
])
def test_bad_input_names_file_and_position_and_writes_nothing(tmp_path, name, content, where,
                                                              what):
    dump = tmp_path / name
    if name == "bad.txt":
        dump.write_bytes(b"fine line\n\xff\xfe broken\n")
        where, what = ":2:", "not valid utf-8"
    else:
        dump.write_text(content, encoding="utf-8")
    result = run_batch(dump, "-o", tmp_path / "out", "--report", tmp_path / "r.json",
                       "--report-html", tmp_path / "r.html", "--workers", "1")
    assert result.exit_code == 2, result.output
    assert f"{dump}{where}" in result.stderr
    assert what in result.stderr
    assert "nothing written" in result.stderr
    assert "Traceback" not in result.output
    _nothing_written(tmp_path, name)


@pytest.mark.parametrize("line, what", [
    ("[" * 100_000, "not valid JSON: nested too deeply"),
    ('{"target": "x", "n": ' + "9" * 5000 + "}", "not valid JSON: a number is too long"),
], ids=["deep", "long-number"])
def test_a_jsonl_line_json_itself_refuses_is_an_error_on_that_line(tmp_path, line, what):
    dump = tmp_path / "bad.jsonl"
    dump.write_text('{"target": "fine，here"}\n' + line + "\n", encoding="utf-8")
    result = run_batch(dump, "-o", tmp_path / "out", "--workers", "1")
    assert result.exit_code == 2, result.output
    assert result.stderr == f"mtclean: {dump}:2: {what} (nothing written)\n"
    _nothing_written(tmp_path, "bad.jsonl")


@pytest.mark.parametrize("content, options, where, what", [
    ("id,source,target\n1,x,a，b\n", ["--column", "5"], ":1:",
     "no column 5 (--column): the first row has 3 columns"),
    ("a，b,x\n", ["--column", "0", "--id-column", "7"], ":1:",
     "no column 7 (--id-column): the first row has 2 columns"),
    ("a，b,x\n", ["--column", "0", "--source-column", "src"], ":",
     "--source-column 'src' must be a 0-based column index"),
    ("id,source,target\n1,x,a，b\n", ["--id-column", "nope"], ":1:",
     "no column 'nope' in the header (columns: id, source, target; choose with --id-column)"),
], ids=["target-index", "id-index", "name-for-index", "id-name"])
def test_a_csv_column_that_is_not_there_is_an_error_naming_it(tmp_path, content, options,
                                                             where, what):
    dump = tmp_path / "dump.csv"
    dump.write_text(content, encoding="utf-8")
    result = run_batch(dump, *options, "-o", tmp_path / "out.csv", "--workers", "1")
    assert result.exit_code == 2, result.output
    assert f"{dump}{where}" in result.stderr and what in result.stderr
    _nothing_written(tmp_path, "dump.csv")


def test_csv_rows_too_short_for_the_target_are_named_not_passed_over_quietly(tmp_path):
    dump = tmp_path / "dump.csv"
    dump.write_text("id,source,target\n1,你好,Hello，world\n2,坏\n\n3,好,Fine\n4\n",
                    encoding="utf-8")
    result = run_batch(dump, "-o", tmp_path / "out.csv", "--workers", "1")
    assert result.exit_code == 0, result.output  # all fixed
    assert f"{dump}: 2 rows with too few cells to hold the target column were not " \
           "checked (lines 3, 6)" in result.stderr
    assert "2 units" in result.output
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == \
        "id,source,target\n1,你好,\"Hello, world\"\n2,坏\n\n3,好,Fine\n4\n"
    full = tmp_path / "full.csv"
    full.write_text("id,source,target\n1,你好,Hello，world\n", encoding="utf-8")
    assert "not checked" not in run_batch(full, "--workers", "1").stderr


def test_missing_file_and_unknown_format_are_usage_errors(tmp_path):
    result = run_batch(tmp_path / "nope.jsonl", "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 2 and "no such file" in result.stderr
    odd = tmp_path / "dump.weird"
    odd.write_text("Hello\n")
    result = run_batch(odd)
    assert result.exit_code == 2 and "--format" in result.stderr


def test_jsonl_without_the_field_says_which_option_to_use(tmp_path):
    dump = tmp_path / "dump.jsonl"
    dump.write_text('{"en": "Hello，world"}\n')
    result = run_batch(dump, "-o", tmp_path / "out.jsonl", "--workers", "1")
    assert result.exit_code == 2
    assert "--field" in result.stderr
    _nothing_written(tmp_path, "dump.jsonl")


def test_parallel_files_of_different_lengths(tmp_path):
    (tmp_path / "src.zh").write_text("一\n二\n三\n")
    (tmp_path / "tgt.en").write_text("One\nTwo\n")
    result = run_batch("--source", tmp_path / "src.zh", "--target", tmp_path / "tgt.en",
                       "-o", tmp_path / "out.en", "--workers", "1")
    assert result.exit_code == 2 and "more lines" in result.stderr
    assert not (tmp_path / "out.en").exists()


def test_output_may_not_overwrite_the_input(tmp_path):
    dump = tmp_path / "dump.txt"
    dump.write_text("Hello，world\n")
    result = run_batch(dump, "-o", dump)
    assert result.exit_code == 2 and "is an input file" in result.stderr
    assert dump.read_text() == "Hello，world\n"


@pytest.mark.parametrize("option", ["--report", "--report-html"])
def test_a_report_may_not_overwrite_the_input(tmp_path, option):
    dump = tmp_path / "dump.txt"
    dump.write_text("Hello，world\n")
    result = run_batch(dump, option, dump, "--workers", "1")
    assert result.exit_code == 2 and f"{option} " in result.stderr
    assert "is an input file" in result.stderr
    assert dump.read_text() == "Hello，world\n"
    _nothing_written(tmp_path, "dump.txt")


def test_output_and_report_may_not_be_the_same_file(tmp_path):
    dump = tmp_path / "dump.txt"
    dump.write_text("Hello，world\n")
    result = run_batch(dump, "-o", tmp_path / "out", "--report", tmp_path / "out")
    assert result.exit_code == 2 and "name the same file" in result.stderr
    _nothing_written(tmp_path, "dump.txt")


def test_a_missing_report_directory_is_found_before_anything_is_written(tmp_path):
    dump = tmp_path / "dump.txt"
    dump.write_text("Hello，world\n")
    result = run_batch(dump, "-o", tmp_path / "out.txt", "--report",
                       tmp_path / "nodir" / "r.json", "--workers", "1")
    assert result.exit_code == 2 and "there is no directory" in result.stderr
    _nothing_written(tmp_path, "dump.txt")


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no named pipes here")
def test_output_onto_a_named_pipe_is_refused_and_the_pipe_stays(tmp_path):
    import os
    dump = tmp_path / "dump.txt"
    dump.write_text("Hello，world\n")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    result = run_batch(dump, "-o", pipe, "--workers", "1")
    assert result.exit_code == 2 and "not a regular file" in result.stderr
    assert pipe.is_fifo()


def test_output_through_a_symbolic_link_writes_its_target_and_keeps_the_link(tmp_path):
    dump = tmp_path / "dump.txt"
    dump.write_text("Hello，world\n")
    target = tmp_path / "real.txt"
    target.write_text("old\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    result = run_batch(dump, "-o", link, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and target.read_text() == "Hello, world\n"


def test_check_only_writes_no_output_and_exits_1_on_findings(tmp_path):
    dump = tmp_path / "dump.txt"
    dump.write_text("Prices rose，sales fell\nAll fine.\n")
    result = run_batch(dump, "--workers", "1")
    assert result.exit_code == 1
    assert "2 units" in result.stdout and "1 findings" in result.stdout
    _nothing_written(tmp_path, "dump.txt")


def test_exit_0_when_every_finding_was_fixed_and_1_when_some_remain(tmp_path):
    dump = tmp_path / "dump.txt"
    dump.write_text("Prices rose，sales fell\n")
    assert run_batch(dump, "-o", tmp_path / "out.txt", "--workers", "1").exit_code == 0
    parallel_source = tmp_path / "src.zh"
    parallel_source.write_text("价格上涨\n欢迎光临\n")
    target = tmp_path / "tgt.en"
    target.write_text("Prices rose，sales fell\n欢迎光临\n")
    result = run_batch("--source", parallel_source, "--target", target, "-o",
                       tmp_path / "out.en", "--workers", "1")
    assert result.exit_code == 1, result.output
    assert "1 left for review" in result.stdout


def test_select_and_ignore(tmp_path):
    dump = tmp_path / "dump.txt"
    dump.write_text("Prices rose，sales fell\n")
    out = tmp_path / "out.txt"
    assert run_batch(dump, "-o", out, "--ignore", "MT201", "--workers", "1").exit_code == 0
    assert out.read_text() == "Prices rose，sales fell\n"
    result = run_batch(dump, "-o", out, "--select", "no-such-rule", "--workers", "1")
    assert result.exit_code == 2 and "no-such-rule" in result.stderr


def test_usage_errors(tmp_path):
    dump = tmp_path / "dump.txt"
    dump.write_text("x\n")
    assert run_batch().exit_code == 2
    assert run_batch(dump, "--scheduler", "tcp://127.0.0.1:1").exit_code == 2
    assert run_batch(dump, "--target", dump, "--source", dump).exit_code == 2
    assert run_batch(dump, "--workers", "0").exit_code == 2
    result = run_batch(dump, "--resume")
    assert result.exit_code == 2 and "--resume needs" in result.stderr


def test_dask_engine_without_dask_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # makes `import distributed` fail
    dump = tmp_path / "dump.txt"
    dump.write_text("Hello，world\n")
    result = run_batch(dump, "-o", tmp_path / "out.txt", "--engine", "dask")
    assert result.exit_code == 2
    assert "pip install 'mtclean[dask]'" in result.stderr
    _nothing_written(tmp_path, "dump.txt")


def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    pytest.importorskip("distributed")
    dump = tmp_path / "dump.txt"
    dump.write_text("Hello，world\n")
    result = run_batch(dump, "-o", tmp_path / "out.txt", "--engine", "dask",
                       "--scheduler", "tcp://127.0.0.1:9")  # the discard port: nobody there
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr


def test_json_report_counts_and_segments(tmp_path):
    report = tmp_path / "report.json"
    result = run_batch(FIXTURES / "dump.jsonl", "-o", tmp_path / "out.jsonl",
                       "--report", report, "--workers", "1")
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["format"] == "jsonl" and data["mode"] == "fix"
    assert data["units"] == 4 and data["changed"] == 3
    assert data["findings"] == {"total": 3, "fixed": 3, "remaining": 0}
    assert data["by_kind"] == {"punctuation": 2, "stray-cjk": 1}
    assert data["by_rule"]["MT201"] == {"name": "cjk-punctuation", "count": 2} or \
        data["by_rule"]["MT201"]["count"] == 2
    assert {"text": "舆论环境", "kind": "stray-cjk", "count": 1,
            "suggestion": "public opinion environment"} in data["top_terms"]
    assert [s["id"] for s in data["segments"]] == ["1", "2", "4"]
    first = data["segments"][0]
    assert first["target"] == "Prices rose，sales fell"
    assert first["fixed_target"] == "Prices rose, sales fell"
    assert first["findings"][0]["rule"] == "MT201" and first["findings"][0]["fixed"]


def test_a_failing_rule_names_the_segment(tmp_path, monkeypatch):
    from mtclean.rules.source import SameAsSource

    def broken(self, doc, ctx):
        raise RuntimeError("rule bug")

    monkeypatch.setattr(SameAsSource, "check", broken)
    dump = tmp_path / "dump.jsonl"
    dump.write_text('{"id": "a", "source": "一", "target": "One"}\n'
                    '{"id": "b", "source": "二", "target": "Two"}\n')
    result = run_batch(dump, "-o", tmp_path / "out.jsonl", "--workers", "1")
    assert result.exit_code == 2
    assert f"{dump}:1 (unit a): a rule failed" in result.stderr
    assert "RuntimeError: rule bug" in result.stderr
    _nothing_written(tmp_path, "dump.jsonl")


def test_progress_bar_only_when_asked_or_on_a_terminal(tmp_path):
    dump = tmp_path / "dump.txt"
    dump.write_text("Prices rose，sales fell\nAll fine.\n" * 50)
    quiet = run_batch(dump, "--workers", "1")
    assert "units/s" not in quiet.stderr  # CliRunner's stderr is not a terminal
    shown = run_batch(dump, "--workers", "1", "--progress")
    assert "100 units" in shown.stderr and "units/s" in shown.stderr


def test_batch_is_a_command_of_mtclean(tmp_path):
    # Users type `mtclean batch`; the subcommand is imported only when it runs.
    from mtclean.cli import cli

    dump = tmp_path / "dump.txt"
    dump.write_text("Prices rose，sales fell\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    result = CliRunner().invoke(cli, ["batch", str(dump), "-o", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == "Prices rose, sales fell\n"
    assert "batch" in CliRunner().invoke(cli, ["--help"]).output


def test_glossary_option_checks_source_terms_in_the_target(tmp_path):
    glossary = tmp_path / "terms.csv"
    glossary.write_text("zh,en\n续航,range\n", encoding="utf-8")
    dump = tmp_path / "dump.jsonl"
    dump.write_text('{"id": "1", "source": "续航提升", "target": "Endurance is better"}\n'
                    '{"id": "2", "source": "续航提升", "target": "The range is better"}\n',
                    encoding="utf-8")
    report = tmp_path / "r.json"
    result = run_batch(dump, "--glossary", glossary, "--report", report, "--workers", "1")
    assert result.exit_code == 1, result.output
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["by_rule"] == {"MT605": {"name": "glossary-term-missing", "count": 1}}
    assert [s["id"] for s in data["segments"]] == ["1"]
    missing = run_batch(dump, "--glossary", tmp_path / "nope.csv")
    assert missing.exit_code == 2 and "no such glossary file" in missing.stderr
    unknown = run_batch(dump, "--select", "MT9")
    assert unknown.exit_code == 2 and "'MT9'" in unknown.stderr


@pytest.mark.parametrize("encoding", ["no-such-codec", "rot13"])
def test_an_encoding_that_is_no_text_encoding_is_a_usage_error(tmp_path, encoding):
    dump = tmp_path / "dump.txt"
    dump.write_text("Hello，world\n")
    result = run_batch(dump, "--encoding", encoding)
    assert result.exit_code == 2 and "--encoding" in result.stderr
    assert "Traceback" not in result.output
