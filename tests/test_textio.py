"""Reading, decoding and writing user files (mtclean/textio.py)."""

from __future__ import annotations

import codecs
import os
import stat

import pytest

from mtclean import textio
from mtclean.textio import BinaryFile, InputError, TextFile, decode, read_file, write_file

ZH = "小米发布了新款手机，雷军表示销量很好。"
ZH_TRAD = "小米發佈了新款手機，雷軍表示銷量很好。"
MIXED = "Xiaomi said，the 舆论环境 improved。\n"


def _fix(text: str) -> str:
    """A stand-in for the fixer: full-width comma and full stop to ASCII."""
    return text.replace("，", ", ").replace("。", ".")


def _roundtrip(tmp_path, data: bytes, encoding=None) -> tuple[TextFile, bytes]:
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    source = read_file(str(path), encoding)
    write_file(str(path), source.encode(_fix(source.text)))
    return source, path.read_bytes()


@pytest.mark.parametrize("codec, expected", [
    ("gbk", "gbk"),
    ("gb2312", "gbk"),
])
def test_gb_file_is_read_and_written_back_in_gb(tmp_path, codec, expected):
    text = MIXED + ZH + "\n"
    source, written = _roundtrip(tmp_path, text.encode(codec))
    assert source.encoding == expected
    assert source.text == text
    assert written == _fix(text).encode(codec)


def test_gb18030_only_characters_are_read_as_gb18030(tmp_path):
    # U+20000 and the euro sign exist in GB18030 but not in GBK.
    text = ZH + "𠀀 costs 5€，ok\n"
    source, written = _roundtrip(tmp_path, text.encode("gb18030"))
    assert source.encoding == "gb18030"
    assert source.text == text
    assert written == _fix(text).encode("gb18030")


def test_big5_file_is_read_as_big5(tmp_path):
    text = "Xiaomi said，the " + ZH_TRAD + "\n"
    source, written = _roundtrip(tmp_path, text.encode("big5"))
    assert source.encoding == "big5"
    assert source.text == text
    assert written == _fix(text).encode("big5")


@pytest.mark.parametrize("text, codec", [
    ("雷军", "gbk"),  # two characters, both plausible as Big5 too: GB wins a tie
    ("The 舆论环境 is tense，they said.", "gbk"),
    ("說明：本產品適用於台灣地區，請參閱說明書。", "big5"),
    ("雷軍說", "big5"),
])
def test_short_legacy_texts_decode_in_their_own_encoding(text, codec):
    source = decode(text.encode(codec), "f.txt")
    assert (source.text, source.encoding) == (text, codec)


@pytest.mark.parametrize("text", [
    "The company said，revenue rose 12%。\n",
    "Which phone？ He says it looks “more natural” — but costs more，sadly！\n",
])
def test_gbk_english_with_only_fullwidth_punctuation_is_read_as_gbk(tmp_path, text):
    source, written = _roundtrip(tmp_path, text.encode("gbk"))
    assert source.encoding == "gbk"
    assert written == _fix(text).encode("gbk")


def test_utf8_bom_is_kept(tmp_path):
    text = "line，one\r\nline two\r\n"
    source, written = _roundtrip(tmp_path, codecs.BOM_UTF8 + text.encode())
    assert source.bom == codecs.BOM_UTF8
    assert source.text == text  # the mark is not part of the text
    assert written == codecs.BOM_UTF8 + _fix(text).encode()


@pytest.mark.parametrize("codec, bom", [
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE),
])
def test_utf16_and_utf32_with_bom_round_trip(tmp_path, codec, bom):
    text = MIXED + ZH + "\r\n"
    source, written = _roundtrip(tmp_path, bom + text.encode(codec))
    assert (source.encoding, source.bom) == (codec, bom)
    assert source.text == text
    assert written == bom + _fix(text).encode(codec)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_by_its_nul_bytes(tmp_path, codec):
    text = "The critical 舆论环境 (public opinion environment)，they said.\n" * 3
    source, written = _roundtrip(tmp_path, text.encode(codec))
    assert (source.encoding, source.bom) == (codec, b"")
    assert written == _fix(text).encode(codec)  # still no mark


def test_crlf_mixed_and_missing_final_newline_survive(tmp_path):
    text = "one，a\r\ntwo，b\nthree，c\r\nno newline，d"
    source, written = _roundtrip(tmp_path, text.encode())
    assert source.newline == "mixed"
    assert source.text == text
    assert written == _fix(text).encode()


@pytest.mark.parametrize("text, newline", [
    ("a\nb\n", "\n"), ("a\r\nb\r\n", "\r\n"), ("a\rb", "\r"), ("a\r\nb\n", "mixed"), ("ab", ""),
])
def test_newline_is_recorded(text, newline):
    assert decode(text.encode(), "f").newline == newline


def test_forced_encoding_wins(tmp_path):
    text = "café，naïve\n"
    path = tmp_path / "f.txt"
    path.write_bytes(text.encode("latin-1", errors="ignore").replace(b"\xef\xbc\x8c", b""))
    with pytest.raises(InputError):
        read_file(str(path))
    source = read_file(str(path), "latin-1")
    assert source.encoding == "iso8859-1"
    assert source.text == "café,naïve\n".replace(",", "")


def test_forced_utf8_keeps_a_bom(tmp_path):
    path = tmp_path / "f.txt"
    path.write_bytes(codecs.BOM_UTF8 + "x，y".encode())
    source = read_file(str(path), "utf-8")
    assert (source.text, source.bom) == ("x，y", codecs.BOM_UTF8)


def test_undecodable_file_is_an_error_naming_it(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Résumé of the café – naïve".encode("cp1252"))
    with pytest.raises(InputError) as info:
        read_file(str(path))
    assert str(path) in str(info.value)
    assert "--encoding" in info.value.message


def test_utf8_chinese_with_one_bad_byte_is_not_taken_for_gbk():
    data = ("小米手机的销量很好，" * 5).encode() + b"\xff"
    with pytest.raises(InputError):
        decode(data, "f.txt")


@pytest.mark.parametrize("data", [
    b"The caf\xc3\xa9 served cr\xc3\xa8me br\xc3\xbbl\xc3\xa9e.\nNa\xefve text\n",
    "“Quoted” — 小米 phone\n".encode() + b"caf\xe9 au lait\n",
])
def test_utf8_latin_text_with_one_stray_latin1_byte_is_not_taken_for_gbk(data):
    with pytest.raises(InputError) as info:
        decode(data, "f.txt")
    assert "UTF-8 but" in info.value.message


@pytest.mark.parametrize("text, codec", [
    ("看的堵得慌；\tGrass mud horse", "gbk"),
    ("艹艹艹艹艹艹艹艹艹操", "gbk"),
    ("啊啊啊啊啊啊啊啊啊啊啊啊啊啊啊上", "big5"),
])
def test_legacy_text_whose_byte_pairs_pass_for_utf8_is_still_read(text, codec):
    assert decode(text.encode(codec), "f.txt").text == text


def test_a_big5_file_that_would_not_round_trip_is_read_but_not_rewritten():
    data = "公司說，".encode("big5") + b"\n\xa2\xcc\n"  # A2CC and A451 are both 十
    source = decode(data, "f.txt", "big5")
    assert source.text == "公司說，\n十\n" and source.inexact_line == 2
    with pytest.raises(InputError) as info:
        source.encode(source.text.replace("，", ", "))
    assert "line 2" in info.value.message


@pytest.mark.parametrize("name", ["rot13", "base64", "hex"])
def test_a_codec_that_is_not_a_text_encoding_is_refused(name):
    with pytest.raises(LookupError, match="not a text encoding"):
        textio.text_codec(name)
    with pytest.raises(InputError, match="not a text encoding"):
        decode(b"abc", "f.txt", name)


def test_binary_file_is_recognised():
    with pytest.raises(BinaryFile):
        decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)), "img.png")


def test_empty_file():
    source = decode(b"", "empty.txt")
    assert (source.text, source.encoding, source.newline) == ("", "utf-8", "")


def test_encoding_a_character_the_file_encoding_lacks_is_an_error():
    source = decode("说，好".encode("gbk"), "f.txt")
    assert source.encoding == "gbk"
    assert source.encode("说—好") == "说—好".encode("gbk")  # an em dash is in GBK
    with pytest.raises(InputError) as info:
        source.encode("说™好")
    assert "U+2122" in info.value.message and "f.txt" in str(info.value)


# -- writing -----------------------------------------------------------------


def test_write_keeps_mode_bits(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("x")
    os.chmod(path, 0o640)
    write_file(str(path), b"y")
    assert path.read_bytes() == b"y"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_symlink_target_is_rewritten_and_link_kept(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("x")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_file(str(link), b"y")
    assert link.is_symlink()
    assert target.read_bytes() == b"y"


def test_read_only_file_is_refused_and_left(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("x")
    os.chmod(path, 0o444)
    with pytest.raises(InputError) as info:
        write_file(str(path), b"y")
    assert "read-only" in info.value.message
    assert path.read_text() == "x"


def test_failed_write_leaves_original_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "f.txt"
    path.write_text("original")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(textio.os, "fsync", broken_fsync)
    with pytest.raises(InputError) as info:
        write_file(str(path), b"new")
    assert "no space left" in info.value.message
    assert path.read_text() == "original"
    assert os.listdir(tmp_path) == ["f.txt"]


def test_interrupted_write_leaves_original(tmp_path, monkeypatch):
    path = tmp_path / "f.txt"
    path.write_text("original")
    monkeypatch.setattr(textio.os, "replace", lambda a, b: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        write_file(str(path), b"new")
    assert path.read_text() == "original"
    assert os.listdir(tmp_path) == ["f.txt"]


def test_copy_gets_mode_of_source_and_directories_are_made(tmp_path):
    source = tmp_path / "src.txt"
    source.write_text("x")
    os.chmod(source, 0o600)
    copy = tmp_path / "out" / "deep" / "src.txt"
    write_file(str(copy), b"y", like=str(source))
    assert copy.read_bytes() == b"y"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


# -- walking -----------------------------------------------------------------


def test_walk_skips_hidden_caches_and_venvs(tmp_path):
    for rel in ["a.txt", "sub/b.txt", ".git/c.txt", "sub/.hidden.txt", "__pycache__/d.txt",
                "node_modules/e.txt", "env1/pyvenv.cfg", "env1/f.txt", ".tox/g.txt"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x")
    found = [os.path.relpath(p, tmp_path) for p, err in textio.iter_files([str(tmp_path)])]
    assert found == ["a.txt", os.path.join("sub", "b.txt")]


def test_missing_path_is_reported(tmp_path):
    missing = str(tmp_path / "nope.txt")
    [(path, err)] = textio.iter_files([missing])
    assert path == missing and isinstance(err, InputError)


def test_named_hidden_file_is_read(tmp_path):
    p = tmp_path / ".notes.txt"
    p.write_text("x")
    assert [path for path, _ in textio.iter_files([str(p)])] == [str(p)]


def test_unlistable_directory_is_reported_not_raised(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "a.txt").write_text("x")
    real_scandir = os.scandir

    def scandir(path):
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(textio.os, "scandir", scandir)
    found = list(textio.iter_files([str(tmp_path)]))
    assert found[0] == (str(tmp_path / "a.txt"), None)
    path, err = found[1]
    assert path == str(tmp_path / "locked") and "permission denied" in err.message


@pytest.mark.parametrize("codec, bom", [("utf-8", codecs.BOM_UTF8), ("gbk", b""),
                                        ("utf-16-le", codecs.BOM_UTF16_LE)])
def test_control_characters_do_not_make_a_file_undecodable(codec, bom):
    text = "log \x1b[1mbold\x1b[0m，说明\n"
    source = decode(bom + text.encode(codec), "f.txt")
    assert (source.text, source.encoding) == (text, codec)
