"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURE_LEXICONS = Path(__file__).parent / "fixtures" / "lexicons"


@pytest.fixture
def fixture_lexicons(monkeypatch):
    """The small lexicons of tests/fixtures/lexicons/ in place of the shipped ones, for
    the length of a test."""
    from mtclean import lexicon

    files = sorted((p.name, p.read_text(encoding="utf-8"))
                   for p in FIXTURE_LEXICONS.glob("*.toml"))
    monkeypatch.setattr(lexicon, "_SHIPPED", files)
    monkeypatch.setattr(lexicon, "_CACHE", {})


@pytest.fixture
def files(tmp_path, monkeypatch):
    """A working directory (the current one for the test) and a helper that writes a
    file into it, making folders on the way, and returns the name it was given."""
    monkeypatch.chdir(tmp_path)

    def make(name: str, content: str | bytes) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return name

    return make


@pytest.fixture
def here(files):
    """The same as ``files``, under the name the hostile-input tests read best with."""
    return files


@pytest.fixture
def latin1_mojibake() -> bytes:
    """Latin-1 bytes of a line whose mojibake (GBK Chinese read as Latin-1) mends into
    小米, which Latin-1 cannot hold; the test is skipped if no rule mends it."""
    from mtclean import fix_text

    text = "The launch coincided with the Ð¡Ã× conference in Beijing.\n"
    try:
        fix_text(text).text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("latin-1")
    pytest.skip("no rule mends this mojibake into Chinese")
