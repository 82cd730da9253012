"""`--statistics`: a count per rule instead of the findings, matching what the findings are."""

from __future__ import annotations

import json
from collections import Counter

from typer.testing import CliRunner

from mtcheck.cli import app
from tests.conftest import REPO

EXAMPLES = str(REPO / "examples")


def test_statistics_count_each_rule_s_findings_most_first():
    shown = CliRunner().invoke(app, ["check", "--statistics", EXAMPLES])
    report = json.loads(CliRunner().invoke(app, ["check", "--format", "json", EXAMPLES]).stdout)
    diagnostics = [d for f in report["files"] for d in f["diagnostics"]]
    expected = Counter(d["code"] for d in diagnostics)
    *table, summary = shown.stdout.splitlines()
    counts = {line.split("\t")[1]: int(line.split("\t")[0]) for line in table}
    assert counts == dict(expected)
    assert [int(line.split("\t")[0]) for line in table] == sorted(counts.values(), reverse=True)
    fixable = {d["code"] for d in diagnostics if d["fix"]}
    assert {line.split("\t")[1] for line in table if line.endswith("[*]")} == fixable
    assert summary.startswith(f"Found {len(diagnostics)} findings")
    assert shown.exit_code == 1  # the exit code is the check's, as without --statistics


def test_statistics_print_no_finding_lines():
    shown = CliRunner().invoke(app, ["check", "--statistics", EXAMPLES]).stdout
    assert "sample-article.txt:" not in shown and "major MT" not in shown
