"""The samples/ folder: `mtclean fix` turns each sample into its NAME.fixed.EXT twin,
byte for byte (encoding, BOM and line endings included), and fixing that again changes
nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtclean.cli import cli

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _pairs():
    for path in sorted(SAMPLES.iterdir()):
        if ".fixed." in path.name or path.name.startswith(".") or path.suffix == ".md":
            continue
        expected = path.with_name(f"{path.stem}.fixed{path.suffix}")
        yield pytest.param(path, expected, id=path.name)


PAIRS = list(_pairs())


def test_every_sample_has_its_fixed_twin():
    assert len(PAIRS) >= 3
    for param in PAIRS:
        sample, expected = param.values
        assert expected.exists(), f"{sample.name} has no {expected.name}"
        assert expected.read_bytes() != sample.read_bytes(), f"{sample.name} shows no fix"


def _fix(path: Path):
    return CliRunner().invoke(cli, ["fix", str(path)])


@pytest.mark.parametrize("sample, expected", PAIRS)
def test_fix_gives_the_fixed_twin_and_is_idempotent(tmp_path, sample, expected):
    work = tmp_path / sample.name
    shutil.copyfile(sample, work)
    result = _fix(work)
    assert result.exit_code in (0, 1), result.output
    assert work.read_bytes() == expected.read_bytes()
    again = _fix(work)
    assert again.exit_code == result.exit_code
    assert "fixed " not in again.stdout
    assert work.read_bytes() == expected.read_bytes()

