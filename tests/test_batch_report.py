"""The HTML report: one self-contained page, checked as text and rendered in Chromium."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtclean.batch.command import batch
from mtclean.batch.report.html import diff_html, marked_html

FIXTURES = Path(__file__).parent / "fixtures" / "batch"


@pytest.fixture(scope="module")
def report_page(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    dump = folder / "dump.jsonl"
    dump.write_text((FIXTURES / "dump.jsonl").read_text(encoding="utf-8")
                    + '{"id": "x", "source": "欢迎光临", "target": "欢迎光临"}\n'
                    + '{"id": "y", "source": "脚本", "target": "A <script>alert(1)</script>，ok"}\n',
                    encoding="utf-8")
    page = folder / "report.html"
    result = CliRunner().invoke(batch, [str(dump), "-o", str(folder / "out.jsonl"),
                                        "--report-html", str(page), "--workers", "1"])
    assert result.exit_code == 1, result.output
    return page


def test_page_is_self_contained(report_page):
    html = report_page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html  # the segment's <script> is escaped, and there is none of ours
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "@import" not in html and "url(" not in html


def test_page_shows_charts_and_changes(report_page):
    html = report_page.read_text(encoding="utf-8")
    assert html.count("<svg") == 2
    for kind in ("punctuation", "stray-cjk", "untranslated"):
        assert f">{kind}</text>" in html
    assert '<del><span lang="zh-Hans">舆论环境</span></del>' in html
    assert "<ins>, </ins>" in html or "<ins>,</ins>" in html
    assert "Left for review" in html
    assert '<mark><span lang="zh-Hans">欢迎光临</span></mark>' in html


def test_diff_marks_only_what_changed():
    before, after = diff_html("the critical舆论环境 (public opinion environment) grew",
                              "the critical public opinion environment grew")
    assert before == ("the critical<del>舆论环境</del> <del>(</del>public opinion environment"
                      "<del>)</del> grew")
    assert after == "the critical public opinion environment grew"  # nothing was added
    assert diff_html("Prices rose，sales fell", "Prices rose, sales fell") == \
        ("Prices rose<del>，</del>sales fell", "Prices rose<ins>, </ins>sales fell")
    assert marked_html("a 中文 b", [{"start": 2, "end": 4, "fixed": False}]) == \
        "a <mark>中文</mark> b"


def _png_size_and_pixels(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    return width, height, zlib.decompress(idat)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                                              "(Debian: apt-get install chromium)")
def test_page_renders_in_headless_chromium(report_page, tmp_path):
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
             "--window-size=1280,2000"]
    url = report_page.resolve().as_uri()
    screenshot = tmp_path / "report.png"
    subprocess.run([*flags, f"--screenshot={screenshot}", url], capture_output=True,
                   timeout=120, check=True)
    width, height, pixels = _png_size_and_pixels(screenshot)
    assert (width, height) == (1280, 2000)
    assert len(set(pixels)) > 50, "the screenshot is blank"

    dom = subprocess.run([*flags, "--dump-dom", url], capture_output=True, timeout=120,
                         check=True, text=True).stdout
    assert "mtclean batch report" in dom
    assert dom.count("<svg") == 2 and dom.count('class="seg"') >= 4
