"""Round trips of every dump format through ``mtclean batch``.

For each format: the fixed dump differs from the input only inside the targets that were
fixed (byte for byte everywhere else); a dump with nothing to fix comes out identical;
and an independent reader (translate-toolkit, csv, json) finds the same units, ids,
sources and notes in the output, in the same order.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtclean.batch.command import batch

FIXTURES = Path(__file__).parent / "fixtures" / "batch"

COMMA = ("Prices rose，sales fell", "Prices rose, sales fell")
GLOSS = ("the critical舆论环境 (public opinion environment) grew",
         "the critical public opinion environment grew")
FIRST_THEN = (" first，then close", " first, then close")
RND = ("R&amp;D spending grew，profit held", "R&amp;D spending grew, profit held")

#: For each fixture, what its output is: the input with exactly these replacements.
EXPECTED = {
    "dump.tmx": [COMMA, GLOSS, FIRST_THEN, RND,
                 # A fixed run that held CDATA is written as escaped text.
                 ("<![CDATA[Use <tags> here]]> today，and there",
                  "Use &lt;tags&gt; here today, and there")],
    # The alternative translation in <alt-trans> has the same comma and stays as it is.
    "dump12.xlf": [COMMA, ('</g> first，then close', '</g> first, then close'), RND],
    "dump20.xlf": [("Prices rose，sales fell.", "Prices rose, sales fell."), GLOSS, FIRST_THEN],
    "dump.po": [
        (f'msgstr "{COMMA[0]}"', f'msgstr "{COMMA[1]}"'),
        ('msgstr ""\n"the critical舆论环境 (public opinion environment) grew, and the market "\n'
         '"cooled"', 'msgstr "the critical public opinion environment grew, and the market '
         'cooled"'),
        ('msgstr[0] "one file，kept"', 'msgstr[0] "one file, kept"'),
        ('msgstr[1] "%d files，kept"', 'msgstr[1] "%d files, kept"'),
    ],
    "dump.csv": [
        (f'"{COMMA[0]}"', f'"{COMMA[1]}"'), GLOSS,
        ('"Line one，line two\nand more"', '"Line one, line two\nand more"'),
        # An unquoted cell that now holds the delimiter gets quoted.
        (",Hello，world,", ',"Hello, world",'),
        ('"She said ""fine""，then left"', '"She said ""fine"", then left"'),
    ],
    "dump.tsv": [COMMA, GLOSS],
    "dump.jsonl": [
        (f'"target": "{COMMA[0]}"', f'"target": "{COMMA[1]}"'),
        ('"the critical\\u8206\\u8bba\\u73af\\u5883 (public opinion environment) grew"',
         f'"{GLOSS[1]}"'),
        ('"target": "Hello，world"', '"target": "Hello, world"'),
    ],
    "parallel.en": [COMMA, GLOSS],
}


def run_batch(*args) -> CliRunner.invoke:
    return CliRunner().invoke(batch, [str(a) for a in args])


def _args(name: str, path: Path) -> list:
    if name == "parallel.en":
        return ["--source", FIXTURES / "parallel.zh", "--target", path]
    return [path]


def _expected(name: str) -> bytes:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    for old, new in EXPECTED[name]:
        assert text.count(old) == 1, f"{name}: {old!r} should occur once"
        text = text.replace(old, new)
    return text.encode("utf-8")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixed_dump_changes_only_the_fixed_targets(name, tmp_path):
    out = tmp_path / name
    result = run_batch(*_args(name, FIXTURES / name), "-o", out, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == _expected(name)
    assert not list(tmp_path.glob("*.mtclean-batch")), "work directory left behind"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_dump_with_nothing_to_fix_comes_out_identical(name, tmp_path):
    clean = tmp_path / ("clean-" + name)
    clean.write_bytes(_expected(name))
    out = tmp_path / ("again-" + name)
    args = _args(name, clean)
    result = run_batch(*args, "-o", out, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == clean.read_bytes()


def test_text_keeps_crlf_bom_and_blank_lines(tmp_path):
    dump = tmp_path / "dump.txt"
    dump.write_bytes(b"\xef\xbb\xbf" + "Prices rose，sales fell\r\n\r\nAll fine.\r\n"
                     "Hello，world".encode())
    out = tmp_path / "out.txt"
    result = run_batch(dump, "-o", out, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == b"\xef\xbb\xbf" + b"Prices rose, sales fell\r\n\r\nAll fine.\r\n" \
        b"Hello, world"


def test_text_in_another_encoding_stays_in_it(tmp_path):
    dump = tmp_path / "dump.txt"
    dump.write_bytes("Prices rose，sales fell\n价格上涨\n".encode("gb18030"))
    out = tmp_path / "out.txt"
    result = run_batch(dump, "-o", out, "--workers", "1", "--encoding", "gb18030")
    assert result.exit_code in (0, 1), result.output
    assert out.read_bytes().split(b"\n")[0] == b"Prices rose, sales fell"
    assert out.read_bytes().split(b"\n")[1] == "价格上涨".encode("gb18030")


def test_a_fix_the_encoding_cannot_hold_is_left_unwritten_not_a_crash(tmp_path):
    dump = tmp_path / "dump.txt"
    # Mended, the GBK read as Latin-1 is Chinese, which Latin-1 cannot hold.
    dump.write_bytes("Xiaomi's (Ð¡Ã×) phone\nPrices rose, sales fell\n".encode("latin-1"))
    out = tmp_path / "out.txt"
    result = run_batch(dump, "-o", out, "--workers", "1", "--encoding", "latin-1")
    assert result.exit_code == 1, result.output
    assert "1 fixed targets could not be written back" in result.stdout
    assert out.read_bytes() == dump.read_bytes()


def test_jsonl_lone_surrogate_escape_survives_fix_and_reports(tmp_path):
    dump = tmp_path / "dump.jsonl"
    dump.write_text('{"target": "Hello，world \\ud800 x"}\n', encoding="utf-8")
    out, report, html = tmp_path / "out.jsonl", tmp_path / "r.json", tmp_path / "r.html"
    result = run_batch(dump, "-o", out, "--report", report, "--report-html", html,
                       "--workers", "1")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == '{"target": "Hello, world \\ud800 x"}\n'
    assert json.loads(report.read_text(encoding="utf-8"))["segments"][0]["target"] \
        == "Hello，world \ud800 x"
    assert html.exists() and not list(tmp_path.glob("*.tmp"))


def test_jsonl_dotted_path_and_ascii_escapes(tmp_path):
    dump = tmp_path / "dump.jsonl"
    lines = [
        {"id": "a", "tr": {"zh": "价格上涨，销量下降", "en": "Prices rose，sales fell"}, "n": 1},
        {"id": "b", "tr": {"zh": "一切正常", "en": "All fine."}},
        {"id": "c", "tr": [{"en": "x"}]},
    ]
    dump.write_text(json.dumps(lines[0]) + "\n"  # ensure_ascii: \u escapes
                    + json.dumps(lines[1], ensure_ascii=False, separators=(",", ":")) + "\n"
                    + json.dumps(lines[2]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run_batch(dump, "-o", out, "--field", "tr.en", "--source-field", "tr.zh",
                       "--workers", "1")
    assert result.exit_code == 0, result.output
    original = dump.read_text().splitlines()
    written = out.read_text().splitlines()
    assert written[0] == original[0].replace("rose\\uff0csales", "rose, sales")
    assert written[1:] == original[1:]
    assert [json.loads(line)["id"] for line in written] == ["a", "b", "c"]


def test_csv_with_semicolons_keeps_its_dialect(tmp_path):
    dump = tmp_path / "dump.csv"
    dump.write_text('key;source;target\r\nk1;价格;"Prices rose，sales fell"\r\n'
                    "k2;你好;Hello，world\r\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run_batch(dump, "-o", out, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == ('key;source;target\r\nk1;价格;"Prices rose, sales fell"\r\n'
                                "k2;你好;Hello, world\r\n").encode()


def test_po_escapes_the_fix_did_not_touch_keep_their_spelling(tmp_path):
    # gettext reads \x41 as "A" and \102 as "B"; polib leaves both as they stand, and
    # escaping its value again wrote \\x41: a backslash and "x41".
    untouched = 'msgid "a"\nmsgstr "Plain \\x41 and \\102\\a, as written"\n'
    text = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n' + untouched +
            '\nmsgid "b"\nmsgstr "Prices rose，sales \\x41fell \\102 and \\a\\v\\t"\n'
            '\nmsgid "c"\nmsgstr ""\n"Rose，fell \\x41 \\102 and long long long long long '
            'long long long long "\n"more \\"quoted\\"\\n"\n')
    dump = tmp_path / "dump.po"
    dump.write_text(text, encoding="utf-8")
    out = tmp_path / "out.po"
    result = run_batch(dump, "-o", out, "--workers", "1")
    assert result.exit_code in (0, 1), result.output
    written = out.read_text(encoding="utf-8")
    assert untouched in written
    assert 'msgstr "Prices rose, sales \\x41fell \\102 and \\a\\v\\t"\n' in written
    assert "\\\\x41" not in written and "\\\\102" not in written
    assert written.count("\\x41") == 3 and written.count("\\102") == 3
    # the wrapped one is wrapped again as polib wraps, every escape whole
    assert written.endswith('msgstr ""\n"Rose, fell \\x41 \\102 and long long long long long '
                            'long long long long more "\n"\\"quoted\\"\\n"\n')


def test_po_strings_are_read_with_their_c_escapes(tmp_path):
    from mtclean.batch.formats.base import FormatOptions
    from mtclean.batch.formats.po import PoDump

    dump = tmp_path / "dump.po"
    dump.write_text('msgid "\\344\\270\\255"\nmsgstr "\\x41\\102\\x43 \\xe4\\xb8\\xad\\q"\n',
                    encoding="utf-8")
    (unit,) = PoDump(dump, FormatOptions()).units()
    # \q is no escape gettext knows: it stays as polib reads it
    assert (unit.source, unit.target) == ("中", "ABC 中\\q")


# -- the output read back by other parsers ---------------------------------------------------


def _translate_toolkit_units(path: Path):
    from translate.storage import factory
    from translate.storage.xliff2 import Xliff2File

    if b'version="2.0"' in path.read_bytes()[:400]:
        with open(path, "rb") as stream:
            store = Xliff2File(stream)
    else:
        store = factory.getobject(str(path))
    return [(u.getid(), str(u.source), str(u.target) if u.target is not None else None,
             u.getnotes()) for u in store.units]


@pytest.mark.parametrize("name", ["dump.tmx", "dump12.xlf", "dump20.xlf", "dump.po"])
def test_translate_toolkit_reads_the_same_units(name, tmp_path):
    source = tmp_path / name
    shutil.copy(FIXTURES / name, source)
    out = tmp_path / ("out-" + name)
    assert run_batch(source, "-o", out, "--workers", "1").exit_code == 0
    before, after = _translate_toolkit_units(source), _translate_toolkit_units(out)
    assert len(before) == len(after)
    changed = 0
    for (bid, bsource, btarget, bnotes), (aid, asource, atarget, anotes) in zip(before, after, strict=True):
        assert (aid, asource, anotes) == (bid, bsource, bnotes)
        changed += btarget != atarget
    assert changed == len(EXPECTED[name]) - (name == "dump.po" and 1)  # two plural forms


def test_csv_and_jsonl_read_back_with_the_same_rows(tmp_path):
    out = tmp_path / "out.csv"
    assert run_batch(FIXTURES / "dump.csv", "-o", out, "--workers", "1").exit_code == 0
    with open(FIXTURES / "dump.csv", newline="", encoding="utf-8") as a, \
            open(out, newline="", encoding="utf-8") as b:
        before, after = list(csv.reader(a)), list(csv.reader(b))
    assert len(before) == len(after)
    for row_a, row_b in zip(before, after, strict=True):
        assert row_a[:2] + row_a[3:] == row_b[:2] + row_b[3:]

    out = tmp_path / "out.jsonl"
    assert run_batch(FIXTURES / "dump.jsonl", "-o", out, "--workers", "1").exit_code == 0
    before = [json.loads(x) for x in (FIXTURES / "dump.jsonl").read_text().splitlines() if x]
    after = [json.loads(x) for x in out.read_text().splitlines() if x]
    assert [list(o) for o in before] == [list(o) for o in after]  # keys, in order
    assert [{k: v for k, v in o.items() if k != "target"} for o in before] == \
        [{k: v for k, v in o.items() if k != "target"} for o in after]


def test_tmx_target_language_is_chosen_by_subtag(tmp_path):
    dump = tmp_path / "dump.tmx"
    dump.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" '
        'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" '
        'creationtoolversion="1"/><body>\n<tu tuid="1">'
        '<tuv xml:lang="zh-CN"><seg>价格上涨，销量下降</seg></tuv>'
        '<tuv xml:lang="en-US"><seg>Prices rose，sales fell</seg></tuv>'
        '<tuv xml:lang="EN-GB"><seg>Prices rose，sales dropped</seg></tuv></tu>\n'
        "</body></tmx>\n", encoding="utf-8")
    out = tmp_path / "out.tmx"
    result = run_batch(dump, "-o", out, "--target-lang", "en-GB", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == dump.read_text(encoding="utf-8").replace(
        "Prices rose，sales dropped", "Prices rose, sales dropped")


@pytest.mark.parametrize("kind", ["tmx", "xlf"])
def test_a_second_target_in_one_unit_is_checked_too(tmp_path, kind):
    """TMX allows one <seg> a <tuv>, XLIFF one <target> a unit: a file with two has
    both checked and fixed, not only the first."""
    if kind == "tmx":
        text = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header '
                'srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en" '
                'o-tmf="x" creationtool="t" creationtoolversion="1"/><body>\n<tu tuid="7">'
                '<tuv xml:lang="zh-CN"><seg>价格上涨，销量下降</seg></tuv><tuv xml:lang="en">'
                "<seg>Prices rose，sales fell</seg><seg>Costs rose，margins fell</seg>"
                "</tuv></tu>\n</body></tmx>\n")
    else:
        text = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
                '<file original="a" source-language="zh" target-language="en" '
                'datatype="plaintext"><body>\n<trans-unit id="7"><source>价格上涨，销量下降'
                "</source><target>Prices rose，sales fell</target>"
                "<target>Costs rose，margins fell</target></trans-unit>\n</body></file></xliff>\n")
    dump = tmp_path / f"dump.{kind}"
    dump.write_text(text, encoding="utf-8")
    out, report = tmp_path / f"out.{kind}", tmp_path / "report.json"
    result = run_batch(dump, "-o", out, "--report", report, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == text.replace("rose，", "rose, ")
    ids = [s["id"] for s in json.loads(report.read_text(encoding="utf-8"))["segments"]]
    second = "7 (seg 2)" if kind == "tmx" else "7 (target 2)"
    assert ids == ["7", second]


def test_xml_with_crlf_and_a_multiline_target_keeps_its_line_breaks(tmp_path):
    dump = tmp_path / "dump.xlf"
    text = ('<?xml version="1.0" encoding="UTF-8"?>\r\n'
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\r\n'
            '<file original="a" source-language="zh" target-language="en" datatype="plaintext">'
            "<body>\r\n"
            '<trans-unit id="1"><source>两行</source><target>Line one，then\r\nline two，too'
            "</target></trans-unit>\r\n</body></file></xliff>\r\n")
    dump.write_bytes(text.encode("utf-8"))
    out = tmp_path / "out.xlf"
    result = run_batch(dump, "-o", out, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == text.replace("one，then", "one, then").replace(
        "two，too", "two, too").encode("utf-8")


def test_csv_with_a_byte_order_mark(tmp_path):
    dump = tmp_path / "dump.csv"
    dump.write_bytes(b"\xef\xbb\xbf" + "target,source\nHello，world,你好\n".encode())
    out = tmp_path / "out.csv"
    result = run_batch(dump, "-o", out, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == b"\xef\xbb\xbf" + '"Hello, world",你好\n'.encode().replace(
        b'"Hello', b'target,source\n"Hello')


@pytest.mark.parametrize("line, path", [
    # the target's value also stands in another field, written the same way
    ('{"source": "same", "target": "same"}', ("target",)),
    # another field ends with an escaped quote and the value: '\"same"'
    ('{"note": "say \\"same", "target": "same"}', ("target",)),
    # the writer escaped what json.dumps would not
    ('{"target": "caf\\u00e9 \\/ bar"}', ("target",)),
    # a nested path, and the same value one level up
    ('{"target": "x", "t": {"en": "x"}}', ("t", "en")),
    ('{"a": [{"en": "q"}, {"en": "q"}]}', ("a", "1", "en")),
    # a repeated key: the last one counts, as for json.loads
    ('{"target": "old", "target": "old"}', ("target",)),
])
def test_jsonl_target_span_agrees_with_walking_the_line(line, path):
    from mtclean.batch.formats.jsonl import _found_by_value, get_path, locate_string

    value = get_path(json.loads(line), path)
    walked = locate_string(line, path)
    found = _found_by_value(line, path, value)
    assert found is None or found == walked
    assert json.loads(line[walked[0]:walked[1]]) == value
