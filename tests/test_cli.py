"""The command line: output grammar, JSON fields, exit codes, files, stdin and stdout.

These tests lean on two basic behaviours only: MT201 flags a full-width comma between
English words and suggests a comma (with a space when none follows), and MT101 flags stray Chinese such as 舆情分析.
Where a fixed text matters, the expectation comes from the library (`fix_text`), so the
tests check the command line's plumbing rather than any rule's details.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner

from mtclean import fix_text
from mtclean.cli import cli

COMMA = "Revenue rose，profits fell.\n"
STRAY = "They studied the 舆情分析 closely.\n"
CLEAN = "Revenue rose, profits fell.\n"
LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<fixed>fixed )?"
                  r"(?P<rule>MT\d{3}) (?P<kind>[a-z-]+) '(?P<text>(?:[^'\\]|\\.)*)'"
                  r"(?: -> '(?P<suggestion>(?:[^'\\]|\\.)*)'(?P<unsafe> \(unsafe\))?)?$")


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2 mixes stderr into stdout otherwise
    except TypeError:
        return CliRunner()


def run(*args, input=None):
    return _runner().invoke(cli, list(args), input=input)


def lines(output: str) -> list[re.Match]:
    matches = [LINE.match(line) for line in output.splitlines()]
    assert all(matches), output
    return matches


# -- check -------------------------------------------------------------------------


def test_check_clean_file_exits_0(files):
    result = run("check", files("clean.txt", CLEAN))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "0 findings in 1 file" in result.stderr


def test_check_reports_one_greppable_line_per_finding(files):
    result = run("check", files("a.txt", "Intro line.\n" + COMMA))
    assert result.exit_code == 1
    [m] = [m for m in lines(result.stdout) if m["rule"] == "MT201"]
    assert (m["path"], m["line"], m["col"]) == ("a.txt", "2", str(COMMA.index("，") + 1))
    assert (m["kind"], m["text"], m["suggestion"].strip(), m["unsafe"]) == \
        ("punctuation", "，", ",", None)
    assert re.search(r"\d+ findings? in 1 file \(\d+ fixable with `mtclean fix`", result.stderr)


def test_check_flags_stray_chinese(files):
    result = run("check", files("a.txt", STRAY))
    assert result.exit_code == 1
    assert any(m["rule"] == "MT101" and m["text"] == "舆情分析" for m in lines(result.stdout))


def test_check_json_fields_and_types(files):
    path = files("a.txt", "First line\r\n" + COMMA + STRAY)
    result = run("check", "--format", "json", path)
    assert result.exit_code == 1
    records = json.loads(result.stdout)
    assert {r["rule"] for r in records} >= {"MT201", "MT101"}
    types = {"path": str, "line": int, "column": int, "end_line": int, "end_column": int,
             "rule": str, "kind": str, "text": str, "message": str, "suggestions": list,
             "safe": bool}
    for r in records:
        for key, kind in types.items():
            assert isinstance(r[key], kind), (key, r)
        assert all(isinstance(s, str) for s in r["suggestions"])
        assert r["path"] == "a.txt"
    comma = next(r for r in records if r["rule"] == "MT201")
    col = COMMA.index("，") + 1
    assert (comma["line"], comma["column"], comma["end_line"], comma["end_column"]) == \
        (2, col, 2, col + 1)
    assert comma["text"] == "，" and comma["kind"] == "punctuation"
    assert comma["suggestions"][0].strip() == "," and comma["safe"] is True
    stray = next(r for r in records if r["rule"] == "MT101")
    # columns count code points: the text is exactly what stands in the file
    line = STRAY.rstrip("\n")
    assert line[stray["column"] - 1:stray["end_column"] - 1] == stray["text"] == "舆情分析"


def test_check_json_clean_is_an_empty_array(files):
    result = run("check", "--format", "json", files("clean.txt", CLEAN))
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_select_and_ignore(files):
    path = files("a.txt", COMMA)
    assert run("check", "--ignore", "MT201", path).exit_code == 0
    assert run("check", "--ignore", "mt2", path).exit_code == 0
    assert run("check", "--select", "stray-cjk,MT101", path).exit_code == 0
    assert run("check", "--select", "punctuation", path).exit_code == 1


def test_statistics_count_findings_by_rule_instead_of_listing_them(files):
    a = files("a.txt", COMMA * 3 + STRAY)
    b = files("b.txt", "Costs rose，sales fell.\n")
    result = run("check", "--statistics", a, b)
    assert result.exit_code == 1
    rows = result.stdout.splitlines()
    assert len(rows) == 2, result.stdout
    count, code, name, *rest = rows[0].split()
    assert (count, code, name) == ("4", "MT201", "cjk-punctuation")
    assert "4 fixable" in rows[0] and "'，' 4" in rows[0]
    assert rows[1].split()[:3] == ["1", "MT101", "stray-cjk"] and "'舆情分析' 1" in rows[1]
    assert "5 findings in 2 files" in result.stderr

    as_json = json.loads(run("check", "--statistics", "--format", "json", a, b).stdout)
    assert [(r["rule"], r["count"], r["fixable"]) for r in as_json] == [
        ("MT201", 4, 4), ("MT101", 1, 0)]
    assert as_json[0]["texts"] == [{"text": "，", "count": 4}]
    clean = run("check", "--statistics", files("c.txt", CLEAN))
    assert clean.exit_code == 0 and clean.stdout == ""


@pytest.mark.parametrize("args", [
    ["check", "--select", "MT999", "x.txt"],
    ["check", "--encoding", "no-such-codec", "x.txt"],
    ["check", "--encoding", "rot13", "x.txt"],
    ["check", "--write-baseline", "", "x.txt"],
    ["check", "--statistics", "--format", "sarif", "x.txt"],
    ["check", "--statistics", "--write-baseline", "b.json", "x.txt"],
    ["fix", "--encoding", "base64", "x.txt"],
    ["check"],
    ["check", "--format", "xml", "x.txt"],
    ["fix", "--diff", "--out-dir", "out", "x.txt"],
    ["frobnicate"],
])
def test_usage_errors_exit_2(files, args):
    files("x.txt", CLEAN)
    result = run(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output + result.stderr


def test_missing_file_exits_2_naming_it(files):
    files("clean.txt", COMMA)
    result = run("check", "missing.txt", "clean.txt")
    assert result.exit_code == 2  # an input error wins over findings
    assert "missing.txt" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert any(m["path"] == "clean.txt" for m in lines(result.stdout))  # others still run


def test_fix_summary_says_nothing_about_files_it_never_read(files):
    result = run("fix", "missing.txt")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Fixed 0 findings in 0 files; 1 error."
    files("a.txt", COMMA)
    result = run("fix", "missing.txt", "a.txt")
    assert result.stderr.splitlines()[-1].startswith("Fixed 1 finding in 1 file (1 file read); ")


def test_undecodable_file_exits_2_and_fix_writes_nothing(files):
    data = "Résumé，café – naïve\n".encode("cp1252", errors="replace")
    path = files("latin.txt", data)
    for command in ("check", "fix"):
        result = run(command, path)
        assert result.exit_code == 2
        assert "latin.txt" in result.stderr and "--encoding" in result.stderr
        assert "Traceback" not in result.stderr
    with open(path, "rb") as f:
        assert f.read() == data


def test_forced_encoding(files):
    path = files("latin.txt", "Caf\xe9 rose，fell\n".encode("gb18030"))
    result = run("check", "--encoding", "gb18030", path)
    assert result.exit_code == 1


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root reads any directory")
def test_unreadable_directory_is_an_error_not_a_traceback(files, tmp_path):
    files("locked/a.txt", COMMA)
    os.chmod(tmp_path / "locked", 0)
    try:
        result = run("check", "locked")
    finally:
        os.chmod(tmp_path / "locked", 0o755)
    assert result.exit_code == 2
    assert "locked" in result.stderr and "Traceback" not in result.stderr


def test_no_colour_when_not_a_terminal(files):
    result = run("check", files("a.txt", COMMA))
    assert "\x1b[" not in result.stdout


# -- directories and binary files ---------------------------------------------------


def test_directory_is_walked(files):
    files("docs/a.txt", COMMA)
    files("docs/sub/b.md", STRAY)
    files("docs/.git/c.txt", COMMA)
    files("docs/logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0")
    result = run("check", "docs")
    assert result.exit_code == 1
    paths = {m["path"] for m in lines(result.stdout)}
    assert paths == {os.path.join("docs", "a.txt"), os.path.join("docs", "sub", "b.md")}
    assert "logo.png" in result.stderr and "binary" in result.stderr
    assert "in 2 files" in result.stderr


def test_binary_file_named_explicitly_is_skipped_with_a_note(files):
    result = run("check", files("blob.bin", b"\0\1\2\3" * 10))
    assert result.exit_code == 0
    assert "blob.bin" in result.stderr and "binary" in result.stderr


# -- stdin and stdout ---------------------------------------------------------------


def test_check_stdin(files):
    result = run("check", "--format", "json", "-", input=COMMA.encode())
    assert result.exit_code == 1
    assert {r["path"] for r in json.loads(result.stdout)} == {"-"}


def test_fix_stdin_writes_fixed_text_to_stdout(files):
    result = run("fix", "-", input=COMMA.encode())
    assert result.stdout_bytes == fix_text(COMMA).text.encode()
    assert "，" not in result.stdout
    assert "fixed MT201" in result.stderr  # the report goes to stderr
    assert result.exit_code == 0


def test_fix_stdin_keeps_its_encoding(files):
    data = COMMA.encode("gbk")
    result = run("fix", "-", input=data)
    assert result.stdout_bytes == fix_text(COMMA).text.encode("gbk")


# -- fix ----------------------------------------------------------------------------


def test_fix_in_place(files):
    path = files("a.txt", "Intro.\r\n" + COMMA.replace("\n", "\r\n"))
    result = run("fix", path)
    assert result.exit_code == 0
    [m] = lines(result.stdout)
    assert (m["fixed"], m["rule"], m["line"], m["text"], m["suggestion"].strip()) == \
        ("fixed ", "MT201", "2", "，", ",")
    with open(path, "rb") as f:
        data = f.read()
    assert data == fix_text("Intro.\r\n" + COMMA.replace("\n", "\r\n")).text.encode()
    assert data.count(b"\r\n") == 2
    again = run("fix", path)
    assert (again.exit_code, again.stdout) == (0, "")
    assert "Fixed 0 findings" in again.stderr


def test_fix_exits_1_when_findings_remain(files):
    path = files("a.txt", COMMA + STRAY)
    result = run("fix", path)
    assert result.exit_code == 1
    parsed = lines(result.stdout)
    assert any(m["fixed"] and m["rule"] == "MT201" for m in parsed)
    assert any(not m["fixed"] and m["rule"] == "MT101" for m in parsed)
    with open(path, encoding="utf-8") as f:
        assert "，" not in f.read()


def test_fix_keeps_gbk_encoding_and_permissions(files):
    text = "雷军说，the 销量 was good.\n" + COMMA
    path = files("gbk.txt", text.encode("gbk"))
    os.chmod(path, 0o604)
    run("fix", "--encoding", "gbk", path)
    run("fix", path)
    with open(path, "rb") as f:
        assert f.read() == fix_text(text).text.encode("gbk")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o604


def test_fix_keeps_utf16_bom(files):
    data = codecs.BOM_UTF16_LE + COMMA.encode("utf-16-le")
    path = files("u16.txt", data)
    assert run("fix", path).exit_code == 0
    with open(path, "rb") as f:
        assert f.read() == codecs.BOM_UTF16_LE + fix_text(COMMA).text.encode("utf-16-le")


def test_fix_read_only_file_is_left_and_exits_2(files):
    path = files("ro.txt", COMMA)
    os.chmod(path, 0o444)
    result = run("fix", path)
    assert result.exit_code == 2
    assert "ro.txt" in result.stderr and "read-only" in result.stderr
    with open(path, encoding="utf-8") as f:
        assert f.read() == COMMA


def test_fix_diff_writes_nothing_and_exits_0(files):
    path = files("a.txt", COMMA + STRAY)
    result = run("fix", "--diff", path)
    assert result.exit_code == 0
    assert result.stdout.startswith("--- a/a.txt\n+++ b/a.txt\n")
    assert "-" + COMMA in result.stdout
    assert "+" + fix_text(COMMA).text in result.stdout
    assert "Would fix" in result.stderr
    with open(path, encoding="utf-8") as f:
        assert f.read() == COMMA + STRAY


def test_fix_diff_of_clean_file_is_empty(files):
    result = run("fix", "--diff", files("a.txt", CLEAN))
    assert (result.exit_code, result.stdout) == (0, "")


def test_fix_out_dir_writes_copies_and_leaves_originals(files, tmp_path):
    files("docs/a.txt", COMMA)
    files("docs/sub/b.txt", CLEAN)
    result = run("fix", "--out-dir", "out", "docs")
    assert result.exit_code == 0
    assert (tmp_path / "docs" / "a.txt").read_text(encoding="utf-8") == COMMA
    assert (tmp_path / "out" / "docs" / "a.txt").read_text(encoding="utf-8") == \
        fix_text(COMMA).text
    assert (tmp_path / "out" / "docs" / "sub" / "b.txt").read_text(encoding="utf-8") == CLEAN


def test_fix_out_dir_that_is_the_files_own_directory_leaves_it_alone(files, tmp_path):
    path = files("a.txt", COMMA)
    result = run("fix", "--out-dir", ".", "a.txt")
    assert result.exit_code == 2
    assert "over the file itself" in result.stderr
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == COMMA
    assert path


def test_fix_explain_prints_rule_message_and_edit(files):
    result = run("fix", "--explain", files("a.txt", COMMA))
    out = result.stdout.splitlines()
    assert out[0].startswith("a.txt:1:")
    assert out[1].startswith("    MT201 ")
    assert any(line.startswith("    edit 1:") and "'，'" in line for line in out[2:])


def test_fix_json_marks_what_was_fixed(files):
    result = run("fix", "--format", "json", files("a.txt", COMMA + STRAY))
    records = json.loads(result.stdout)
    assert any(r["fixed"] is True and r["rule"] == "MT201" for r in records)
    assert any(r["fixed"] is False and r["rule"] == "MT101" for r in records)


def test_unsafe_fixes_flag_is_accepted(files):
    result = run("fix", "--unsafe-fixes", "--diff", files("a.txt", STRAY))
    assert result.exit_code == 0


# -- the real program ---------------------------------------------------------------


def test_python_dash_m_mtclean(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(COMMA, encoding="utf-8")
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mtclean", "check", "a.txt"], cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8", env=env)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("a.txt:1:")
    assert re.search(r"MT201 punctuation '，' -> ', ?'$", proc.stdout, re.M)
    proc = subprocess.run([sys.executable, "-m", "mtclean", "fix", "-"], input=COMMA.encode(),
                          capture_output=True, env=env)
    assert proc.returncode == 0
    assert proc.stdout == fix_text(COMMA).text.encode()
    proc = subprocess.run([sys.executable, "-m", "mtclean", "check", "nope.txt"], cwd=tmp_path,
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 2
    assert "nope.txt" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.skipif(os.name != "posix", reason="closes file descriptor 0 in the child")
@pytest.mark.parametrize("command", ["check", "fix"])
def test_closed_stdin_is_a_one_line_error(command):
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mtclean", command, "-"],
                          capture_output=True, text=True, env=env, stdin=None,
                          preexec_fn=lambda: os.close(0))  # like `mtclean check - <&-`
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines()[0] == \
        "mtclean: error: -: cannot read standard input: it is closed"
    assert "Traceback" not in proc.stderr and proc.stdout == ""


# -- report helpers -----------------------------------------------------------------


def test_quote_escapes_backslash_quote_and_controls():
    from mtclean.report import quote

    assert quote("it's") == r"'it\'s'"
    assert quote("a\\b\tc\r\n\x1b") == r"'a\\b\tc\r\n\x1b'"
    assert quote("舆论 “x” — é") == "'舆论 “x” — é'"


def test_positions_of_later_rounds_map_back_to_the_original():
    from mtclean.model import Edit
    from mtclean.report import _map_back

    original = "ab，cd XY"
    edits = [Edit(2, 3, ", "), Edit(6, 8, "Z")]
    after = "ab, cd Z"
    assert _map_back(after.index("cd"), edits) == original.index("cd")
    assert _map_back(3, edits) == 2  # inside a replacement: its start
    assert _map_back(after.index("Z"), edits) == original.index("XY")
    assert _map_back(len(after), edits) == len(original)


@pytest.mark.parametrize("path, expected", [
    ("a.txt", "out/a.txt"),
    ("docs/sub/a.txt", "out/docs/sub/a.txt"),
    ("../x/a.txt", "out/x/a.txt"),
    ("./a.txt", "out/a.txt"),
])
def test_out_path_keeps_relative_paths(path, expected):
    from mtclean.report import out_path

    assert out_path("out", path) == expected.replace("/", os.sep)


def test_out_path_of_absolute_path(tmp_path, monkeypatch):
    from mtclean.report import out_path

    monkeypatch.chdir(tmp_path)
    assert out_path("out", str(tmp_path / "d" / "a.txt")) == os.path.join("out", "d", "a.txt")
    assert out_path("out", "/elsewhere/a.txt") == os.path.join("out", "elsewhere", "a.txt")


def test_fix_that_the_file_encoding_cannot_hold_is_an_error(files, latin1_mojibake):
    # The fix holds 小米, which a Latin-1 file cannot.
    data = latin1_mojibake
    path = files("latin.txt", data)
    result = run("fix", "--encoding", "latin-1", path)
    assert result.exit_code == 2
    assert "latin.txt" in result.stderr and "cannot encode" in result.stderr
    with open(path, "rb") as f:
        assert f.read() == data


# -- translation files -------------------------------------------------------------

PO = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
      '#: src/a.c:1\nmsgid "读《红楼梦》，然后休息"\nmsgstr "Read 《Dream》，then rest"\n\n'
      'msgid "保存"\nmsgstr "Save"\n')


def test_check_a_po_file_checks_its_targets_only(files):
    """The msgid is Chinese on purpose: read as plain text it was an untranslated
    sentence, and its 《》 and ， were reported."""
    result = run("check", files("a.po", PO))
    assert result.exit_code == 1
    found = [(int(m["line"]), int(m["col"]), m["rule"], m["text"])
             for m in lines(result.stdout)]
    assert found == [(7, 14, "MT201", "《"), (7, 20, "MT201", "》，")], result.stdout
    assert PO.splitlines()[6][13] == "《" and PO.splitlines()[6][19:21] == "》，"


def test_fix_a_po_file_escapes_what_it_writes(files):
    path = files("a.po", PO)
    result = run("fix", path)
    assert result.exit_code == 0, result.stdout + result.stderr
    with open(path, encoding="utf-8") as f:
        assert f.read() == PO.replace('"Read 《Dream》，then rest"', '"Read \\"Dream\\", then rest"')
    assert [m["fixed"] for m in lines(result.stdout)] == ["fixed ", "fixed "]


def test_fix_diff_of_a_tmx_file_changes_nothing(files):
    tmx = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh" '
           'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" '
           'creationtool="t" creationtoolversion="1"/><body>\n<tu tuid="1">'
           '<tuv xml:lang="zh"><seg>价格上涨，销量下降</seg></tuv>'
           '<tuv xml:lang="en"><seg>Prices rose，R&amp;D fell</seg></tuv></tu>\n</body></tmx>\n')
    path = files("a.tmx", tmx)
    result = run("fix", "--diff", path)
    assert result.exit_code == 0
    assert "Prices rose, R&amp;D fell" in result.stdout
    with open(path, encoding="utf-8") as f:
        assert f.read() == tmx
    checked = run("check", path)
    assert [(m["line"], m["rule"]) for m in lines(checked.stdout)] == [("3", "MT201")]


def test_a_broken_po_file_is_an_input_error_and_stays_as_it_was(files):
    broken = 'msgid "好"\nmsgstr "Good，fine\n'
    path = files("b.po", broken)
    for command in ("check", "fix"):
        result = run(command, path)
        assert result.exit_code == 2
        assert "b.po" in result.stderr and "Traceback" not in result.stderr
    with open(path, encoding="utf-8") as f:
        assert f.read() == broken


def test_a_gb18030_po_file_without_a_charset_says_its_header_must_declare_one(files):
    """gettext reads a PO file in the charset its header declares; --encoding has no say,
    so the message must not send the user there."""
    path = files("g.po", 'msgid "保存"\nmsgstr "Save，now"\n'.encode("gb18030"))
    for args in (["check", path], ["check", "--encoding", "gb18030", path], ["fix", path]):
        result = run(*args)
        assert result.exit_code == 2
        assert "g.po: line 1: not valid utf-8" in result.stderr
        assert "PO header must declare the file's charset" in result.stderr
        assert "--encoding" not in result.stderr
    declared = files("d.po", ('msgid ""\nmsgstr "Content-Type: text/plain; charset=GB18030\\n"'
                              '\n\nmsgid "保存"\nmsgstr "Save，now"\n').encode("gb18030"))
    assert [m["line"] for m in lines(run("check", declared).stdout)] == ["5"]


# -- JSONL, CSV and TSV translation files ------------------------------------------

JSONL = ('{"id": "a1", "source": "价格上涨，销量下降", "target": "Prices rose，sales fell"}\n'
         '{"id": "a2",  "source": "读《红楼梦》", "target": "Read 《Dream》 today", "n": 1.50}\n'
         '{"id": "a3", "source": "好，", "target": "Fine"}\n')


def _fixed(target: str) -> str:
    return fix_text(target).text


def test_check_a_jsonl_file_checks_its_targets_only(files):
    """The sources hold ， and 《》 too: read as plain text they were reported."""
    result = run("check", files("a.jsonl", JSONL))
    assert result.exit_code == 1
    found = [(int(m["line"]), int(m["col"]), m["text"]) for m in lines(result.stdout)]
    rows = JSONL.splitlines()
    assert found == [(1, rows[0].rindex("，") + 1, "，"), (2, rows[1].rindex("《") + 1, "《"),
                     (2, rows[1].rindex("》") + 1, "》")], result.stdout
    assert all(rows[line - 1].index('"target"') < col for line, col, _ in found)


def test_fix_a_jsonl_file_escapes_what_it_writes_and_keeps_the_rest(files):
    path = files("a.jsonl", JSONL)
    result = run("fix", path)
    assert result.exit_code == 0, result.stdout + result.stderr
    expected = JSONL
    for target in ("Prices rose，sales fell", "Read 《Dream》 today"):
        expected = expected.replace(json.dumps(target, ensure_ascii=False),
                                    json.dumps(_fixed(target), ensure_ascii=False))
    with open(path, encoding="utf-8") as f:
        written = f.read()
    assert written == expected and '\\"Dream\\"' in written
    assert [json.loads(line)["target"] for line in written.splitlines()][:2] == [
        _fixed("Prices rose，sales fell"), _fixed("Read 《Dream》 today")]
    again = run("fix", path)
    assert again.exit_code == 0 and "Fixed 0 findings" in again.stderr


CSV = ('id,source,target\r\n'
       '1,"价格上涨，销量下降","Prices rose，""sales"" fell"\r\n'
       '2,好，,Fine，fine\r\n'
       '3,行,Clean\r\n')


def test_fix_a_csv_file_keeps_its_quoting_and_line_endings(files):
    path = files("a.csv", CSV)
    checked = run("check", path)
    assert [(m["line"], m["col"]) for m in lines(checked.stdout)] == [
        ("2", str(CSV.splitlines()[1].rindex("，") + 1)),
        ("3", str(CSV.splitlines()[2].rindex("，") + 1))], checked.stdout
    result = run("fix", path)
    assert result.exit_code == 0, result.stdout + result.stderr
    first, second = _fixed('Prices rose，"sales" fell'), _fixed("Fine，fine")
    assert "," in second  # so the cell must be quoted now
    expected = (CSV.replace('"Prices rose，""sales"" fell"', '"' + first.replace('"', '""') + '"')
                .replace(",Fine，fine\r\n", f',"{second}"\r\n'))
    with open(path, "rb") as f:
        assert f.read() == expected.encode("utf-8")
    assert run("fix", path).exit_code == 0 and run("check", path).exit_code == 0


def test_check_a_tsv_file_in_gbk_checks_its_target_column(files):
    tsv = "source\ttarget\n价格上涨，销量下降\tPrices rose，sales fell\n"
    path = files("a.tsv", tsv.encode("gbk"))
    result = run("check", path)
    assert [(m["line"], m["col"]) for m in lines(result.stdout)] == [
        ("2", str(tsv.splitlines()[1].rindex("，") + 1))]
    assert run("fix", path).exit_code == 0
    with open(path, "rb") as f:
        assert f.read().decode("gbk") == tsv.replace("Prices rose，sales fell",
                                                     _fixed("Prices rose，sales fell"))


def test_fixes_of_translation_files_list_their_edits_in_the_file_as_it_was(files):
    """As for plain text: each applied fix's edits say where in the original file the
    text they replace stands."""
    targets = {"a.po": PO, "a.jsonl": JSONL, "a.csv": CSV,
               # written with \\u escapes, as json.dumps writes by default
               "b.jsonl": json.dumps({"source": "好，", "target": 'Say "hi"\\n，then 《go》'}) + "\n"}
    for name, content in targets.items():
        path = files(name, content)
        result = run("fix", "--format", "json", path)
        assert result.exit_code == 0, result.stderr
        records = json.loads(result.stdout)
        assert records and all(r["fixed"] for r in records)
        rows = content.splitlines()
        for r in records:
            assert r["edits"], (name, r)
            for e in r["edits"]:
                assert e["line"] == e["end_line"] == r["line"]
                stands = rows[e["line"] - 1][e["column"] - 1:e["end_column"] - 1]
                spelled = json.dumps(e["old"])[1:-1] if name == "b.jsonl" else e["old"]
                assert stands == spelled, (name, e, stands)
                assert e["new"]
    with open("b.jsonl", "rb") as f:
        assert f.read().isascii()  # what the fixes wrote is escaped as the rest is


TMX = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh" '
       'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" '
       'creationtoolversion="1"/><body>\n<tu tuid="1"><tuv xml:lang="zh"><seg>读《书》'
       '</seg></tuv><tuv xml:lang="en"><seg>Read 《Books》，R&amp;D fell</seg></tuv></tu>'
       '\n</body></tmx>\n')


@pytest.mark.parametrize("name, content", [
    ("a.po", PO), ("a.jsonl", JSONL), ("a.csv", CSV), ("a.tmx", TMX),
    ("b.csv", "id,target\n1,Fine，fine\n2,\"Say 「hi」\"\n"),
    ("b.jsonl", '{"target": "Say 「hi」，\\u4e2d then"}\n'),
])
def test_the_sarif_fixes_of_a_translation_file_are_spelled_as_the_file_needs(
        files, name, content):
    """Applied as they stand, the fixes check reports make the file fix writes: a quote
    escaped in JSON and PO, a cell that gains a comma quoted whole in CSV."""
    path = files(name, content)
    sarif = json.loads(run("check", "--format", "sarif", path).stdout)
    text = content
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    replacements = []
    for result in sarif["runs"][0]["results"]:
        [fix] = result["fixes"][:1]
        for change in fix["artifactChanges"]:
            for r in change["replacements"]:
                region = r["deletedRegion"]
                start = starts[region["startLine"] - 1] + region["startColumn"] - 1
                end = starts[region["endLine"] - 1] + region["endColumn"] - 1
                replacements.append((start, end, r["insertedContent"]["text"]))
    assert replacements
    for start, end, new in sorted(replacements, reverse=True):
        text = text[:start] + new + text[end:]
    assert run("fix", path).exit_code == 0
    with open(path, encoding="utf-8", newline="") as f:
        assert text == f.read()


def test_what_a_fix_leaves_in_a_rewritten_target_is_spelled_in_the_file_as_written(files):
    """The safe fixes of a target are written; the edits of what is left apply to the
    file as it now is, escaped as it needs."""
    path = files("d.jsonl", '{"target": "Read 《Dream》 and the 舆情分析 report"}\n')
    sarif = json.loads(run("fix", "--format", "sarif", path).stdout)
    with open(path, encoding="utf-8") as f:
        written = f.read()
    assert written == '{"target": "Read \\"Dream\\" and the 舆情分析 report"}\n'
    [result] = sarif["runs"][0]["results"]
    [change] = result["fixes"][0]["artifactChanges"]
    [r] = change["replacements"]
    region = r["deletedRegion"]
    assert written[region["startColumn"] - 1:region["endColumn"] - 1] == "舆情分析"
    assert r["insertedContent"]["text"] == "public sentiment analysis"


def test_what_a_fix_leaves_in_a_jsonl_file_is_placed_in_its_target(files):
    """The source, on the same line before the target, holds the same text."""
    content = '{"source": "舆情分析，价格", "target": "The 舆情分析 rose，fell"}\n'
    path = files("c.jsonl", content)
    result = run("fix", "--format", "json", path)
    records = json.loads(result.stdout)
    [left] = [r for r in records if not r["fixed"]]
    with open(path, encoding="utf-8") as f:
        row = f.read().splitlines()[0]
    assert left["text"] == "舆情分析"
    assert row[left["column"] - 1:left["end_column"] - 1] == "舆情分析"
    assert left["column"] - 1 > row.index('"target"')


@pytest.mark.parametrize("name, content, command_line", [
    ("data.csv", "name,text\na,Revenue rose，profits fell\n", 2),
    ("data.jsonl", '{"text": "Read 《Dream》 now"}\n', 1),
])
def test_a_table_without_a_target_is_plain_text_and_a_fix_keeps_its_shape(
        files, name, content, command_line):
    """Such a file may be any data with English in it: it is checked as plain text, as
    before, with a note; a fix that would break its cells or its JSON is not written."""
    path = files(name, content)
    checked = run("check", path)
    assert checked.exit_code == 1 and lines(checked.stdout)
    assert "read as plain text" in checked.stderr and "mtclean batch --" in checked.stderr
    fixed = run("fix", path)
    assert fixed.exit_code == 2
    assert f"{name}: line {command_line}: the fixes would" in fixed.stderr
    assert "file left unchanged" in fixed.stderr and "Traceback" not in fixed.stderr
    with open(path, encoding="utf-8") as f:
        assert f.read() == content


def test_a_fix_that_keeps_the_shape_of_a_table_without_a_target_is_written(files):
    content = 'name,text\na,"Revenue rose，profits fell"\n'
    path = files("data.csv", content)
    result = run("fix", path)
    assert result.exit_code == 0, result.stderr
    with open(path, encoding="utf-8") as f:
        assert f.read() == content.replace("Revenue rose，profits fell",
                                           _fixed("Revenue rose，profits fell"))


@pytest.mark.parametrize("name, content, where", [
    ("b.jsonl", '{"target": "Fine，ok"}\n{"target": "Oops，"\n', "line 2, column"),
    ("b.csv", "source,target\n好,\"Fine，ok\"\n行,Good，ok,extra\n", "line 3: not valid CSV"),
    ("b.tsv", "source\ttarget\n好\tFine，ok\n行\n", "line 3: not valid TSV"),
    ("c.csv", 'source,target\n好,"Fine，ok\n', "line 2: not valid CSV"),
])
def test_a_broken_jsonl_or_csv_file_is_an_input_error_and_stays_as_it_was(
        files, name, content, where):
    path = files(name, content)
    for command in ("check", "fix"):
        result = run(command, path)
        assert result.exit_code == 2
        assert f"{name}: {where}" in result.stderr and "Traceback" not in result.stderr
    with open(path, encoding="utf-8") as f:
        assert f.read() == content


def test_a_utf16_csv_file_is_an_input_error(files):
    path = files("u.csv", "source,target\r\n好,Fine，ok\r\n".encode("utf-16"))
    result = run("check", path)
    assert result.exit_code == 2 and "u.csv: a CSV file in utf-16" in result.stderr
