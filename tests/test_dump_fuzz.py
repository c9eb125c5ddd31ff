"""Malformed dumps, generated: every reader meets mangled copies of a valid dump.

Each example takes one of the batch fixtures (TMX, XLIFF 1.2 and 2.0, PO, CSV, TSV,
JSONL) and mangles its bytes a few times: cuts it short, flips a byte, deletes a run, or
inserts what breaks that kind of file (``<``, ``&``, a quote, a line break, a comma, a
tab, a lone continuation byte, a NUL...). Whatever comes out, ``mtclean batch`` must

- never fail with a traceback, and exit 0, 1 or 2;
- on exit 2, name the file (and, for what it could start reading, the place) and leave
  nothing behind: no output, no report, no temporary or checkpoint file;
- otherwise write an output that reads back without an error.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtclean.batch.command import batch

FIXTURES = Path(__file__).parent / "fixtures" / "batch"
DUMPS = ["dump.tmx", "dump12.xlf", "dump20.xlf", "dump.po", "dump.csv", "dump.tsv",
         "dump.jsonl"]
#: Bytes that break one format or another, and a few that are merely odd.
BREAKERS = [b"<", b">", b"&", b"&nope;", b'"', b"'", b"\n", b"\r", b"\r\n", b",", b"\t",
            b"{", b"}", b"[", b"\\", b"\x00", b"\x80", b"\xff\xfe", b"]]>", b"<!--",
            b"</seg>", b"</target>", b'msgid "', b'msgstr "', b"#~ ", "，".encode(),
            "舆论".encode(), "舆论".encode()[:2]]

FUZZ = settings(max_examples=30, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mangled(draw, data: bytes) -> bytes:
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        how = draw(st.sampled_from(["cut", "flip", "delete", "insert", "insert"]))
        if how == "cut":
            data = data[:at]
        elif how == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
        elif how == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 40)):]
        else:
            data = data[:at] + draw(st.sampled_from(BREAKERS)) + data[at:]
    return data


def _run(*args):
    return CliRunner().invoke(batch, [str(a) for a in args])


def _check(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        dump = folder / name
        dump.write_bytes(data)
        out, report = folder / ("out-" + name), folder / "report.json"
        result = _run(dump, "-o", out, "--report", report, "--workers", "1")
        assert result.exception is None or isinstance(result.exception, SystemExit), \
            f"{type(result.exception).__name__}: {result.exception}"
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 1, 2), result.output
        left = sorted(p.name for p in folder.iterdir() if p.name != name)
        if result.exit_code == 2:
            assert str(dump) in result.stderr, result.stderr
            assert left == [], f"left behind: {left}"
            return
        assert left == sorted([out.name, report.name]), left
        again = _run(out, "--workers", "1")
        assert again.exit_code in (0, 1), again.output


@pytest.mark.slow
@pytest.mark.parametrize("name", DUMPS)
def test_mangled_dumps_fail_cleanly_or_round_trip(name):
    original = (FIXTURES / name).read_bytes()

    @FUZZ
    @given(mangled(original))
    def run(data):
        _check(name, data)

    run()


@pytest.mark.parametrize("name", DUMPS)
def test_a_dump_cut_in_the_middle_is_an_error_naming_the_place(name, tmp_path):
    data = (FIXTURES / name).read_bytes()
    dump = tmp_path / name
    shutil.copy(FIXTURES / name, dump)
    # Cut inside the second unit's target: every format is then broken or short.
    marker = {"dump.po": b'msgstr "', "dump.csv": b'"', "dump.tsv": b"\t",
              "dump.jsonl": b'"target": "'}.get(name, b"<target")
    if name == "dump.tmx":
        marker = b"<seg>"
    first = data.index(marker)
    cut = data.index(marker, first + 1) + len(marker) + 3
    dump.write_bytes(data[:cut])
    result = _run(dump, "-o", tmp_path / "out", "--workers", "1")
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{type(result.exception).__name__}: {result.exception}"
    if name in ("dump.csv", "dump.tsv", "dump.jsonl", "dump.po"):
        # Line formats: a cut line is either a short last unit or an error on its line.
        assert result.exit_code in (0, 1, 2), result.output
    else:
        assert result.exit_code == 2, result.output
    if result.exit_code == 2:
        assert f"{dump}:" in result.stderr and "nothing written" in result.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == [name]
