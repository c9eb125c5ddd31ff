"""SARIF output: valid against the 2.1.0 schema, with rule metadata and applicable fixes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtclean import Finding
from mtclean.fixer import apply_edits
from mtclean.model import Edit, Suggestion
from mtclean.rules import all_rules
from mtclean.rules.base import Rule
from mtclean.sarif import sarif_log
from mtclean.text import Document

SCHEMA = Path(__file__).resolve().parents[1].parent / "shared" / "schemas" / \
    "sarif-schema-2.1.0.json"


class StrayHan(Rule):
    """Chinese characters left in English text.

    Machine translation sometimes leaves a term untranslated.

    Wrong: the critical舆论环境 (public opinion environment) grew
    Right: the critical public opinion environment grew
    """

    code = "MT901"
    name = "stray-han"
    kind = "stray-cjk"
    summary = "Chinese characters left in English text"


class Comma(Rule):
    """A full-width comma in English text.

    Wrong: up 12%，mainly
    Right: up 12%, mainly
    """

    code = "MT902"
    name = "fullwidth-comma"
    kind = "punctuation"
    summary = "full-width comma"
    default_on = False


RULES = [StrayHan(), Comma()]


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip(f"no SARIF schema at {SCHEMA}")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert "draft-07" in schema["$schema"]
    if not {"$ref", "properties", "type"} & set(schema):
        # This copy keeps the log's own schema under definitions/Root and has no
        # top-level constraint: validating against it as is would accept anything.
        schema = {**schema, "$ref": "#/definitions/Root"}
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def sample() -> tuple[str, Document, list[Finding]]:
    text = "Intro line\r\nthe critical舆论环境 (public opinion environment) grew\r\nup 12%，mainly\r\n"
    doc = Document(text)
    start = text.index("舆论环境")
    gloss_start = text.index(" (public")
    gloss_end = text.index(") grew") + 1
    stray = Finding(
        "MT901", "stray-han", "stray-cjk", start, start + 4, "舆论环境",
        "Chinese left in English; the text glosses it",
        suggestions=(
            Suggestion("public opinion environment",
                       (Edit(start, start + 4, " public opinion environment"),
                        Edit(gloss_start, gloss_end, "")), safe=True, source="inline-gloss"),
            Suggestion.replace(start, start + 4, " media climate", source="lexicon"),
        ),
        related=((gloss_start + 2, gloss_end - 1),),
    )
    comma = text.index("，")
    punct = Finding("MT902", "fullwidth-comma", "punctuation", comma, comma + 1, "，",
                    "full-width comma", (Suggestion.replace(comma, comma + 1, ", ", safe=True),))
    unfixable = Finding("MT901", "stray-han", "stray-cjk", 0, 5, "Intro", "look at it")
    return text, doc, [unfixable, stray, punct]


def offset(text: str, line: int, column: int) -> int:
    """Code-point offset of a SARIF 1-based line and column (lines split at \\n)."""
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return starts[line - 1] + column - 1


def test_log_is_valid_sarif(validator):
    text, doc, findings = sample()
    log = sarif_log([("docs/a.md", doc, findings)], RULES, version="0.1.0")
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    # and survives a round trip through JSON
    assert json.loads(json.dumps(log, ensure_ascii=False)) == log


def test_empty_run_is_valid_sarif(validator):
    log = sarif_log([], RULES, version="0.1.0")
    assert not list(validator.iter_errors(log))
    assert log["runs"][0]["results"] == []


def test_every_registered_rule_is_described_validly(validator):
    rules = all_rules()
    log = sarif_log([], version="0.1.0")
    assert not list(validator.iter_errors(log))
    assert [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]] == [r.code for r in rules]


def test_rule_metadata():
    log = sarif_log([], RULES, version="0.1.0")
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    first, second = run["tool"]["driver"]["rules"]
    assert first["id"] == "MT901" and first["name"] == "stray-han"
    assert first["shortDescription"]["text"] == "Chinese characters left in English text"
    assert "sometimes leaves a term untranslated" in first["fullDescription"]["text"]
    assert "Wrong: the critical舆论环境" in first["help"]["text"]
    assert "Right: the critical public opinion environment grew" in first["help"]["text"]
    assert first["defaultConfiguration"] == {"enabled": True, "level": "warning"}
    assert second["defaultConfiguration"]["enabled"] is False
    assert second["properties"]["kind"] == "punctuation"


def test_regions_count_code_points_and_ends_are_exclusive():
    text, doc, findings = sample()
    results = sarif_log([("docs/a.md", doc, findings)], RULES, version="0")["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["MT901", "MT901", "MT902"]
    assert [r["ruleIndex"] for r in results] == [0, 0, 1]
    region = results[1]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 2, "startColumn": 13, "endLine": 2, "endColumn": 17,
                      "snippet": {"text": "舆论环境"}}
    location = results[1]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "docs/a.md", "uriBaseId": "%SRCROOT%"}
    related = results[1]["relatedLocations"][0]["physicalLocation"]["region"]
    assert related["snippet"]["text"] == "public opinion environment"
    assert "fixes" not in results[0]
    assert results[0]["partialFingerprints"]["mtcleanLineHash/v1"]


def test_fixes_replay_the_suggestions_edits():
    text, doc, findings = sample()
    results = sarif_log([("a.md", doc, findings)], RULES, version="0")["runs"][0]["results"]
    for finding, result in zip(findings[1:], results[1:], strict=True):
        assert len(result["fixes"]) == len(finding.suggestions)
        for suggestion, fix in zip(finding.suggestions, result["fixes"], strict=True):
            (change,) = fix["artifactChanges"]
            edits = []
            for r in change["replacements"]:
                region = r["deletedRegion"]
                edits.append(Edit(offset(text, region["startLine"], region["startColumn"]),
                                  offset(text, region["endLine"], region["endColumn"]),
                                  r["insertedContent"]["text"]))
            assert apply_edits(text, edits) == apply_edits(text, suggestion.edits)
    first_fix = results[1]["fixes"][0]
    assert first_fix["description"]["text"].startswith(
        "Replace '舆论环境' with 'public opinion environment' (safe, from inline-gloss)")


def test_paths_outside_the_current_folder_become_file_uris(tmp_path):
    doc = Document("舆论")
    finding = Finding("MT901", "stray-han", "stray-cjk", 0, 2, "舆论", "x")
    log = sarif_log([(str(tmp_path / "b c.md"), doc, [finding]), ("../x.md", doc, [finding])],
                    RULES, version="0", root=tmp_path)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"]]
    assert uris[0] == (tmp_path / "b c.md").as_uri()
    assert uris[0].endswith("b%20c.md")
    assert uris[1].startswith("file:///")
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == \
        tmp_path.resolve().as_uri() + "/"


def test_the_schema_check_can_fail(validator):
    text, doc, findings = sample()
    log = sarif_log([("a.md", doc, findings)], RULES, version="0")
    log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    log["runs"][0]["columnKind"] = "bytes"
    assert len(list(validator.iter_errors(log))) == 2


def test_cli_sarif_output_is_valid(validator, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from mtclean.cli import cli

    (tmp_path / ".git").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(
        "Intro.\r\nThe critical舆论环境 (public opinion environment) shaped it.\r\n",
        encoding="utf-8")
    (tmp_path / "clean.md").write_text("Nothing here.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--format", "sarif", "docs", "clean.md"])
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    assert not list(validator.iter_errors(log))
    (only,) = log["runs"][0]["results"]
    assert only["ruleId"] == "MT101"
    location = only["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "docs/a.md", "uriBaseId": "%SRCROOT%"}
    assert location["region"]["startLine"] == 2 and location["region"]["startColumn"] == 13
    assert only["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == \
        {"text": " public opinion environment"}
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[only["ruleIndex"]]["id"] == "MT101"
