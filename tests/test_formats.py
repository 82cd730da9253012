"""Reports for CI: SARIF 2.1.0 (validated against the official schema), GitHub Actions
annotations, JSON Lines; --fail-on and --max-findings decide the exit code."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from tests.conftest import SHARED

SARIF_SCHEMA = SHARED / "data" / "sarif-schema-2.1.0.json"
ARTICLE = "The army left kyiv on friday.\nAdd Comment\nThe talks were held in the capital , the ministry said.\n"


def invoke(*args: str, env=None):
    return CliRunner().invoke(app, list(args), env=env)


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.skipif(not SARIF_SCHEMA.exists(), reason=f"SARIF schema not found at {SARIF_SCHEMA} (set MTCHECK_SHARED)")
def test_sarif_is_valid_against_the_official_schema(article, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    unreadable = tmp_path / "binary.txt"
    unreadable.write_bytes(b"\x00\x01")
    result = invoke("check", str(article), str(unreadable), "--format", "sarif")
    sarif = json.loads(result.output[result.output.index("{") :])
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(sarif, schema)
    run = sarif["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert {"MT101", "MT104", "MT301"} <= set(rules)
    kyiv = next(r for r in run["results"] if r["ruleId"] == "MT101")
    region = kyiv["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (1, 15, 19)
    assert kyiv["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "Kyiv"
    assert rules["MT101"]["defaultConfiguration"]["level"] == "error"
    assert run["invocations"][0]["executionSuccessful"] is False  # the binary file
    assert result.exit_code == 2


def test_github_annotations_are_chosen_on_github_actions(article):
    result = invoke("check", str(article), env={"GITHUB_ACTIONS": "true"})
    lines = [line for line in result.output.splitlines() if line.startswith("::")]
    assert len(lines) >= 4
    kyiv = next(line for line in lines if "MT101" in line)
    assert kyiv.startswith(
        f"::error file={article},line=1,col=15,endLine=1,endColumn=19,title=MT101 lowercase-place-name::"
    )
    assert any(line.startswith("::warning ") for line in lines)  # minor findings are warnings
    plain = invoke("check", str(article), env={"GITHUB_ACTIONS": "false"})
    assert not any(line.startswith("::") for line in plain.output.splitlines())


def test_github_annotation_properties_are_escaped(tmp_path):
    path = tmp_path / "a,b:c.txt"
    path.write_text("The army left kyiv.\n", encoding="utf-8")
    line = invoke("check", str(path), "--format", "github").output.splitlines()[0]
    assert "a%2Cb%3Ac.txt" in line


def test_json_lines_stream_one_finding_per_line(article):
    result = invoke("check", str(article), "--format", "jsonl")
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) >= 4
    assert all(
        r["path"] == str(article) and {"code", "line", "column", "end_column", "severity"} <= set(r) for r in records
    )


def test_fail_on_and_max_findings_decide_the_exit_code_apart_from_the_report(article):
    assert invoke("check", str(article)).exit_code == 1
    assert invoke("check", str(article), "--fail-on", "never").exit_code == 0
    assert invoke("check", str(article), "--fail-on", "never", "--max-findings", "1").exit_code == 1
    assert invoke("check", str(article), "--fail-on", "never", "--max-findings", "100").exit_code == 0
    quiet = invoke("check", str(article), "--fail-on", "critical", "--format", "jsonl")
    assert quiet.exit_code == 0 and len(quiet.output.splitlines()) >= 4  # still reported
