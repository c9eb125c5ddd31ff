"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest


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
