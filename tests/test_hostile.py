"""Hostile input through the real command line.

Each case gets a clear message, the right exit code (0 clean, 1 findings, 2 input
error), no traceback, and loses nothing: a file mtclean cannot or must not change keeps
its bytes, and the other files of the run are still processed. Expected fixed texts come
from the library (``fix_text``), so these tests check the file handling, not the rules.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
import threading

import pytest
from cli_harness import mtclean, no_traceback, run

from mtclean import fix_text, textio
from mtclean.rules import punctuation

COMMA = "Revenue rose，profits fell.\n"  # MT201 fixes the full-width comma
CLEAN = "A clean line of English text.\n"
MB = 1 << 20


def _fixed(text: str) -> str:
    return fix_text(text).text


def _bytes(path) -> bytes:
    with open(path, "rb") as f:
        return f.read()


# -- empty, binary, huge ---------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE],
                         ids=["empty", "utf8-bom-only", "utf16-bom-only"])
def test_empty_file_is_clean_and_stays_as_it_was(here, data):
    path = here("empty.txt", data)
    for command in ("check", "fix"):
        result = run(command, path)
        no_traceback(result)
        assert result.exit_code == 0, result.stderr
        assert "0 findings in 1 file" in result.stderr or "(1 file read)" in result.stderr
    assert _bytes(path) == data


def test_binary_file_is_skipped_with_a_note_and_the_others_still_run(here):
    binary = bytes(range(256)) * 40 + b"\0\0\0"
    here("data/image.bin", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + binary)
    here("data/notes.txt", COMMA)
    result = run("fix", "data")
    no_traceback(result)
    assert result.exit_code == 0
    assert "image.bin: binary file (NUL bytes), skipped" in result.stderr
    assert _bytes("data/image.bin").endswith(binary)
    assert _bytes("data/notes.txt") == _fixed(COMMA).encode()


def test_nul_bytes_past_the_binary_sniff_survive_a_fix(here):
    # Only the first 8 KiB are sniffed for NUL bytes; a later one is text to keep.
    text = CLEAN * (textio.SNIFF_BYTES // len(CLEAN) + 1) + "log\x00entry\n" + COMMA
    path = here("log.txt", text)
    result = run("fix", path)
    no_traceback(result)
    assert result.exit_code == 0
    assert _bytes(path) == _fixed(text).encode()
    assert b"log\x00entry\n" in _bytes(path)


@pytest.mark.slow
def test_a_single_50_mb_line_is_fixed_in_bounded_memory(tmp_path):
    # One line of English with a full-width comma every 5 KB or so: a minified dump,
    # say. The text is held whole, as bytes, as str, lower-cased for matching, as
    # fixed text and encoded again, so memory grows with the file by a small factor
    # (about 11x measured, over what the same run takes on a small file). A structure per
    # character or word (30-60 bytes each) would be 30x or more; 16x is the bound.
    words = ("the market price of the new phone rose sharply after the launch and "
             "analysts said demand was strong in every region this spring ")
    piece = words * 20 + words.replace(" and ", "，and ") + words * 20
    size = 50 * MB
    line = (piece * (size // len(piece) + 1))[:size].rstrip("，") + "\n"
    data = line.encode()
    expected = data.replace("，".encode(), b", ")
    assert _fixed(words.replace(" and ", "，and ")) == words.replace(" and ", ", and ")

    small = tmp_path / "small.txt"
    small.write_bytes(piece.encode() + b"\n")
    base = mtclean("fix", small, measure=True)
    big = tmp_path / "big.txt"
    big.write_bytes(data)
    del line
    proc = mtclean("fix", big, measure=True)
    assert proc.returncode == 0, proc.stderr
    assert "(1 file read); 0 remaining" in proc.stderr
    assert big.read_bytes() == expected
    grown = proc.peak_rss - base.peak_rss
    assert grown < 16 * len(data), f"{grown / MB:.0f} MiB over a small run"


def test_many_marks_in_one_long_text_scan_it_for_curly_quotes_once(monkeypatch):
    # Each MT201 finding used to search the whole text for curly quotes again: fixing a
    # 50 MB line with 9,000 commas took minutes. One scan per document now.
    calls = []
    real = punctuation._uses_curly_quotes
    monkeypatch.setattr(punctuation, "_uses_curly_quotes",
                        lambda doc: calls.append(1) or real(doc))
    text = "Revenue rose，profits fell，costs held。" * 200
    result = fix_text(text)
    assert len(result.applied) >= 600
    assert len(calls) == 1


# -- encodings -------------------------------------------------------------------------


def test_invalid_utf8_in_the_middle_exits_2_names_the_line_and_writes_nothing(here):
    english = (CLEAN * 2).encode() + b"bad \xff\xfe bytes\n" + COMMA.encode()
    chinese = ("小米手机的销量很好，" + COMMA).encode() + b"bad \xff here\n" + COMMA.encode()
    here("english.txt", english)
    here("chinese.txt", chinese)
    here("other.txt", COMMA)
    for command in ("check", "fix"):
        result = run(command, "english.txt", "chinese.txt", "other.txt")
        no_traceback(result)
        assert result.exit_code == 2
        assert "english.txt: cannot tell its encoding (byte 0xff on line 3" in result.stderr
        assert "chinese.txt: mixes encodings: line 1 is UTF-8 but byte 0xff on line 2" \
            in result.stderr
        assert "--encoding" in result.stderr
    assert (_bytes("english.txt"), _bytes("chinese.txt")) == (english, chinese)
    assert _bytes("other.txt") == _fixed(COMMA).encode()  # the others still run


def test_gbk_and_utf8_lines_in_one_file_are_an_error_not_a_silent_re_encoding(here):
    # Read as GBK, the UTF-8 line is mojibake; MT302 mended it and the fix wrote the
    # mended words back in GBK, into a UTF-8 line, exiting 0.
    gbk = "这是一个用GBK编码的论坛帖子，大家都在讨论小米手机的价格。\n".encode("gbk") * 20
    data = gbk + "Fans said the 小米手机 was great，and cheap.\n".encode() + gbk
    path = here("forum.txt", data)
    for command in ("check", "fix"):
        result = run(command, path)
        no_traceback(result)
        assert result.exit_code == 2
        assert "forum.txt: mixes encodings: line 21 is UTF-8 but byte 0xd5 on line 1 " \
               "is not valid UTF-8" in result.stderr
    assert _bytes(path) == data
    # Named, the encoding is the user's choice.
    assert run("check", "--encoding", "gbk", path).exit_code == 1


def test_a_gbk_file_is_still_read_and_fixed_as_gbk(here):
    text = ("这是一个用GBK编码的论坛帖子，大家都在讨论小米手机的价格。\n" * 30
            + COMMA + "北京的天气很好，我们去公园散步吧。\n" * 30)
    path = here("gbk.txt", text.encode("gbk"))
    result = run("fix", path)
    no_traceback(result)
    assert result.exit_code in (0, 1), result.stderr
    assert _bytes(path) == _fixed(text).encode("gbk")


@pytest.mark.parametrize("codec, bom", [
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-16-le", b""), ("utf-16-be", b""),
], ids=["le-bom", "be-bom", "le", "be"])
def test_utf16_round_trips_with_its_byte_order_and_mark(here, codec, bom):
    text = CLEAN + COMMA + "Second，line.\r\n" + CLEAN
    path = here("wide.txt", bom + text.encode(codec))
    result = run("fix", path)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert _bytes(path) == bom + _fixed(text).encode(codec)


@pytest.mark.parametrize("newline", ["\r\n", "\r", "mixed"])
def test_line_endings_round_trip_byte_for_byte_but_for_the_fixes(here, newline):
    lines = [CLEAN, COMMA, "Prices，fell。", COMMA, "", CLEAN]
    if newline == "mixed":
        text = "".join(line.rstrip("\n") + ("\r\n", "\n", "\r")[i % 3]
                       for i, line in enumerate(lines))
    else:
        text = "".join(line.rstrip("\n") + newline for line in lines)
    path = here("endings.txt", text.encode())
    result = run("fix", path)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    fixed = _fixed(text)
    assert fixed != text
    after = _bytes(path)
    assert after == fixed.encode()
    for ending in (b"\r\n", b"\r", b"\n"):
        assert after.count(ending) == text.encode().count(ending)


def test_cr_only_file_reports_findings_on_their_own_lines(here):
    path = here("mac.txt", (CLEAN + COMMA).replace("\n", "\r"))
    result = run("check", path)
    assert result.stdout.startswith("mac.txt:2:")


# -- files that must not be written ---------------------------------------------------


def test_read_only_file_is_reported_and_left_and_the_others_fixed(here):
    here("ro.txt", COMMA)
    here("rw.txt", COMMA)
    os.chmod("ro.txt", 0o444)
    result = run("fix", "ro.txt", "rw.txt")
    no_traceback(result)
    assert result.exit_code == 2
    assert "ro.txt: read-only file, left unchanged" in result.stderr
    assert _bytes("ro.txt") == COMMA.encode()
    assert stat.S_IMODE(os.stat("ro.txt").st_mode) == 0o444
    assert _bytes("rw.txt") == _fixed(COMMA).encode()


def test_symlink_target_is_fixed_and_the_link_stays_a_link(here):
    here("real/target.txt", COMMA)
    os.symlink(os.path.join("real", "target.txt"), "link.txt")
    result = run("fix", "link.txt")
    no_traceback(result)
    assert result.exit_code == 0
    assert os.path.islink("link.txt")
    assert os.readlink("link.txt") == os.path.join("real", "target.txt")
    assert _bytes("real/target.txt") == _fixed(COMMA).encode()


def test_dangling_symlink_in_a_tree_is_an_error_naming_it(here):
    here("tree/a.txt", COMMA)
    os.symlink("nowhere.txt", os.path.join("tree", "gone.txt"))
    result = run("fix", "tree")
    no_traceback(result)
    assert result.exit_code == 2
    assert os.path.join("tree", "gone.txt") + ": no such file or directory" in result.stderr
    assert _bytes("tree/a.txt") == _fixed(COMMA).encode()


@pytest.mark.parametrize("replacement", ["deleted", "directory"])
def test_file_gone_between_listing_and_reading(here, monkeypatch, replacement):
    for name in ("a.txt", "b.txt", "c.txt"):
        here(f"tree/{name}", COMMA)
    real_read = textio.read_bytes

    def read_bytes(path):
        if os.path.basename(path) == "b.txt":
            os.unlink(path)
            if replacement == "directory":
                os.mkdir(path)
        return real_read(path)

    monkeypatch.setattr(textio, "read_bytes", read_bytes)
    result = run("fix", "tree")
    no_traceback(result)
    assert result.exit_code == 2
    message = "no such file or directory" if replacement == "deleted" else "is a directory"
    assert f"{os.path.join('tree', 'b.txt')}: {message}" in result.stderr
    for name in ("a.txt", "c.txt"):
        assert _bytes(f"tree/{name}") == _fixed(COMMA).encode()


def test_fifo_in_a_tree_is_passed_over_not_waited_on(tmp_path):
    # Reading a FIFO waits for a writer: `mtclean check .` hung forever on one.
    (tmp_path / "a.txt").write_text(COMMA)
    os.mkfifo(tmp_path / "pipe.txt")
    proc = mtclean("check", ".", cwd=tmp_path, timeout=60)
    assert proc.returncode == 1
    assert "1 finding in 1 file" in proc.stderr


def test_fix_does_not_replace_a_fifo_named_on_the_command_line(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "wb") as f:
            f.write(COMMA.encode())

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    proc = mtclean("fix", fifo, timeout=60)
    writer.join(10)
    assert proc.returncode == 2
    assert "pipe.txt: not a regular file, left unchanged" in proc.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_named_on_the_command_line_is_skipped_not_read_forever(tmp_path):
    proc = mtclean("check", "/dev/zero", timeout=60)
    assert proc.returncode == 0
    assert "/dev/zero: a device, not a file; skipped" in proc.stderr


# -- standard input --------------------------------------------------------------------


@pytest.mark.parametrize("data, code", [
    (b"log\x00entry \x01\x02\n", 0),
    (b"caf\xe9 \xff\xfe au lait\n", 2),
], ids=["binary", "undecodable"])
def test_fixing_standard_input_passes_what_it_cannot_read_through(data, code):
    # `mtclean fix - < in > out` left `out` empty (and exited 0 for binary input).
    proc = mtclean("fix", "-", input=data)
    assert proc.returncode == code
    assert proc.raw_stdout == data


def test_fixing_standard_input_its_encoding_cannot_hold_passes_it_through(latin1_mojibake):
    # The fix holds 小米, which Latin-1 cannot; the input goes through as it came.
    data = latin1_mojibake
    proc = mtclean("fix", "--encoding", "latin-1", "-", input=data)
    assert proc.returncode == 2
    assert "cannot encode" in proc.stderr
    assert proc.raw_stdout == data


# -- many files, odd names ---------------------------------------------------------------


@pytest.mark.slow
def test_a_directory_of_10000_files(tmp_path):
    tree = tmp_path / "tree"
    for i in range(10_000):
        folder = tree / f"d{i // 1000}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{i:05}.txt").write_text(COMMA if i % 100 == 0 else CLEAN)
    proc = mtclean("check", "tree", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.strip().endswith("100 findings in 10000 files (100 fixable with "
                                        "`mtclean fix`).")
    assert len(proc.stdout.splitlines()) == 100
    proc = mtclean("fix", "tree", cwd=tmp_path)
    assert proc.returncode == 0
    assert "Fixed 100 findings in 100 files (10000 files read)" in proc.stderr
    fixed = _fixed(COMMA).encode()
    for i in range(10_000):
        data = (tree / f"d{i // 1000}" / f"f{i:05}.txt").read_bytes()
        assert data == (fixed if i % 100 == 0 else CLEAN.encode())


@pytest.mark.parametrize("name", ["中文 文件.txt", "dir with spaces/naïve café.txt",
                                  "-dash.txt", "quote's \"name\".txt"])
def test_paths_with_spaces_and_non_ascii_names(tmp_path, name):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(COMMA)
    proc = mtclean("check", "--", name, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.startswith(f"{name}:1:")
    proc = mtclean("fix", "--", name, cwd=tmp_path)
    assert proc.returncode == 0
    assert path.read_bytes() == _fixed(COMMA).encode()


@pytest.mark.skipif(sys.platform != "linux", reason="names that are not UTF-8: Linux")
def test_a_file_name_that_is_not_utf8_works_in_every_output(tmp_path):
    # The SARIF writer and --write-baseline raised UnicodeEncodeError on such a name.
    os.mkdir(tmp_path / "tree")
    raw = os.path.join(os.fsencode(tmp_path), b"tree", b"\xff\xfe name.txt")
    with open(raw, "wb") as f:
        f.write(COMMA.encode())
    for fmt in ("text", "json", "jsonl", "sarif", "github"):
        proc = mtclean("check", "--format", fmt, "tree", cwd=tmp_path)
        assert proc.returncode == 1, (fmt, proc.stderr)
    proc = mtclean("check", "--format", "sarif", "tree", cwd=tmp_path)
    assert '"uri": "tree/%FF%FE%20name.txt"' in proc.stdout
    proc = mtclean("check", "--write-baseline", "base.json", "tree", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = mtclean("check", "--baseline", "base.json", "tree", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "0 findings in 1 file; 1 more in the baseline" in proc.stderr
    proc = mtclean("fix", "tree", cwd=tmp_path)
    assert proc.returncode == 0
    with open(raw, "rb") as f:
        assert f.read() == _fixed(COMMA).encode()
