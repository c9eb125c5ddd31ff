"""Run the behaviour case files in tests/cases/ (their format: tests/cases/README.md)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from mtclean import Config, check_text, fix_text

CASES_DIR = Path(__file__).parent / "cases"
GROUPS = {"real-world", "synthetic", "negative", "known-failure"}
CASE_KEYS = {"id", "group", "text", "select", "config", "findings", "fixed", "fixed_unsafe", "note"}


def _load():
    for path in sorted(CASES_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in data.get("case", []):
            marks = []
            if case.get("group") == "known-failure":
                marks.append(pytest.mark.xfail(strict=True, reason=case.get("note", "known failure")))
            yield pytest.param(path.stem, case, id=f"{path.stem}:{case.get('id')}", marks=marks)


CASES = list(_load())


def _config(case) -> Config:
    options = dict(case.get("config", {}))
    if "select" in case:
        options["select"] = frozenset(case["select"])
    for key in ("ignore", "ignore_words"):
        if key in options:
            options[key] = frozenset(options[key])
    return Config(**options)


def test_case_files_are_well_formed():
    assert CASES, "no case files found"
    seen = set()
    for param in CASES:
        stem, case = param.values
        assert set(case) <= CASE_KEYS, f"{stem}: unknown keys {set(case) - CASE_KEYS}"
        assert case.get("group") in GROUPS, f"{stem}:{case.get('id')}: bad group"
        assert isinstance(case.get("text"), str), f"{stem}:{case.get('id')}: no text"
        key = (stem, case["id"])
        assert key not in seen, f"duplicate case id {key}"
        seen.add(key)
        if case["group"] == "negative":
            assert "findings" not in case and "fixed" not in case, key
        else:
            assert "findings" in case or "fixed" in case or "fixed_unsafe" in case, key


@pytest.mark.parametrize("stem, case", CASES)
def test_case(stem, case):
    config = _config(case)
    text = case["text"]
    findings = check_text(text, config)
    if case["group"] == "negative":
        assert findings == [], [(f.rule, f.text) for f in findings]
        assert fix_text(text, config, unsafe=True).text == text
        return
    if "findings" in case:
        got = [(f.rule, f.text) for f in findings]
        want = [(f["rule"], f["text"]) for f in case["findings"]]
        assert got == want
        for f, expected in zip(findings, case["findings"], strict=True):
            if "suggestion" in expected:
                assert (f.best.replacement if f.best else "") == expected["suggestion"], f
            if "safe" in expected:
                assert f.safe == expected["safe"], f
    for key, unsafe in (("fixed", False), ("fixed_unsafe", True)):
        if key in case:
            fixed = fix_text(text, config, unsafe=unsafe).text
            assert fixed == case[key]
            assert fix_text(fixed, config, unsafe=unsafe).text == fixed, "fix is not idempotent"
