"""The command line: output lines, summary, exit codes, formats and error handling."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.language.romanisation import available
from tests.conftest import REPO

SAMPLE = str(REPO / "examples" / "sample-article.txt")
LINE = re.compile(
    r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<severity>minor|major|critical) (?P<code>MT\d{3}) (?P<name>[a-z0-9-]+) (?P<message>.+?)(?: → (?P<fix>.+))?$"
)


def run(*args, input=None):
    return CliRunner().invoke(app, list(args), input=input)


def test_text_output_lines_and_summary():
    result = run("check", SAMPLE)
    lines = result.stdout.strip().split("\n")
    assert result.exit_code == 1
    findings = [LINE.match(line) for line in lines[:-1]]
    assert all(findings), lines
    assert lines[-1].startswith("Found 13 findings (11 major, 2 minor) in 1 file")
    kyiv_like = [m for m in findings if m["code"] == "MT104"]
    assert [(m["line"], m["col"], m["fix"]) for m in kyiv_like][0] == ("3", "43", "Tuesday")


def test_exit_codes_follow_fail_on_and_min_severity(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("The talks in Kyiv resumed on Friday.\n", encoding="utf-8")
    assert run("check", str(clean)).exit_code == 0
    assert run("check", SAMPLE, "--fail-on", "critical").exit_code == 0
    assert run("check", SAMPLE, "--fail-on", "never").exit_code == 0
    minor_only = run("check", SAMPLE, "--select", "MT402", "--fail-on", "minor")
    assert minor_only.exit_code == 1
    assert run("check", SAMPLE, "--select", "MT402").exit_code == 0
    only_major = run("check", SAMPLE, "--min-severity", "major")
    assert "MT402" not in only_major.stdout and "MT101" in only_major.stdout


def test_select_and_ignore_by_code_prefix_and_name():
    by_prefix = run("check", SAMPLE, "--select", "MT1,MT3")
    assert set(re.findall(r" (MT\d{3}) ", by_prefix.stdout)) == {"MT101", "MT102", "MT104", "MT301", "MT302", "MT305"}
    by_name = run("check", SAMPLE, "--select", "broken-sentence-split")
    assert set(re.findall(r" (MT\d{3}) ", by_name.stdout)) == {"MT201"}
    ignored = run("check", SAMPLE, "--ignore", "MT1", "--ignore", "comment-widget")
    assert not re.search(r" MT1\d\d | MT301 ", ignored.stdout)


def test_unknown_selector_is_a_usage_error():
    result = run("check", SAMPLE, "--select", "MT999")
    assert result.exit_code == 2
    assert result.stderr.strip() == "mtcheck: error: select: 'MT999' matches no rule"


def test_json_output_is_the_stable_interface():
    result = run("check", SAMPLE, "--format", "json")
    data = json.loads(result.stdout)
    assert set(data) == {"version", "files", "summary"}
    (file,) = data["files"]
    assert file["path"] == SAMPLE and file["error"] is None
    first = file["diagnostics"][0]
    assert set(first) == {
        "code",
        "name",
        "category",
        "severity",
        "message",
        "line",
        "column",
        "end_line",
        "end_column",
        "text",
        "fix",
        "penalty",
    }
    kyiv = next(d for d in file["diagnostics"] if d["text"] == "portugal")
    assert (kyiv["line"], kyiv["column"], kyiv["end_column"]) == (6, 175, 183)
    assert kyiv["fix"]["replacement"] == "Portugal" and kyiv["fix"]["safe"] is True
    assert data["summary"]["findings"] == 13 and data["summary"]["by_severity"]["major"] == 11


def test_stdin_with_a_name_for_format_and_reporting():
    result = run("check", "-", "--stdin-filename", "story.md", input="Attacks on **kyiv** continued.\n")
    assert result.stdout.startswith("story.md:1:14: major MT101 ")


def test_bad_files_are_reported_and_the_others_still_checked(tmp_path):
    (tmp_path / "good.txt").write_text("The army left kyiv.\n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 in kyiv\n".encode("latin-1"))
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\x00\x00")
    result = run("check", str(tmp_path))
    assert result.exit_code == 2
    assert f"{tmp_path / 'good.txt'}:1:15: major MT101" in result.stdout
    errors = result.stderr.strip().split("\n")
    assert errors == [
        f"mtcheck: error: {tmp_path / 'image.txt'}: binary file (contains NUL bytes), not text",
        f"mtcheck: error: {tmp_path / 'latin1.txt'}: not valid UTF-8: byte 0xe9 at offset 3 (line 1)",
    ]
    assert result.stdout.strip().endswith("in 1 file; 1 with a suggested fix; score 0.0/100; 2 could not be checked.")


def test_color_only_when_asked_or_on_a_terminal():
    assert "\x1b[" not in run("check", SAMPLE).stdout
    assert "\x1b[" in run("check", SAMPLE, "--color", "always").stdout


def test_rules_and_explain():
    table = run("rules").stdout.split("\n")
    assert table[0].split() == ["CODE", "SEVERITY", "NAME", "CATEGORY", "FIX", "PACK", "WHEN"]
    assert any(row.startswith("MT101") and "lowercase-place-name" in row for row in table)
    explained = run("explain", "mt201").stdout
    assert explained.startswith("MT201 broken-sentence-split")
    assert "✗ The war in Ukraine was expanded by Moscow. and Pyongyang." in explained
    assert run("explain", "MT999").exit_code == 2


def test_rules_for_a_source_language_say_what_is_covered_and_list_only_what_applies():
    german = run("rules", "--source-lang", "DE").stdout
    assert german.startswith("Texts translated from 'de':")
    assert "numbers read in its conventions (decimal ','" in german and "calques-de" in german
    assert re.search(r"^DE101 ", german, re.M) and not re.search(r"^ES101 ", german, re.M)
    swahili = run("rules", "--source-lang", "sw").stdout
    assert "found and named by language identification (LI101-LI104)" in swahili
    assert "no number conventions on file" in swahili and "no pack for this language" in swahili
    assert not re.search(r"^(DE|ES|FR)1\d\d ", swahili, re.M)
    assert re.search(r"^ES101 ", run("rules").stdout, re.M)  # without a source language: every pack
    # Chinese and Japanese: sentences placed by lengths, and what that leaves out of SR102/SR103.
    japanese = run("rules", "--source-lang", "ja").stdout
    assert "SR103 only for a sentence with a number the source lacks" in japanese
    assert (
        "katakana words and names in Latin letters" if available("ja") else "pip install 'mtcheck[cjk]'"
    ) in japanese
    assert "left out / added" not in german


def test_source_language_codes_are_normalised(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The minister said the talks would resume.\n", encoding="utf-8")
    assert run("check", str(article), "--source-lang", "zh-CN").exit_code == 0


def test_test_rules_command_passes_on_the_bundled_packs():
    result = run("test-rules")
    assert result.exit_code == 0 and result.stdout.strip().endswith(", 0 problems.")


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "missing.txt"], "mtcheck: error: missing.txt: no such file"),
        (["check", SAMPLE, "--target-lang", "xx"], "mtcheck: error: --target-lang: no rule packs for language 'xx'"),
        (["check", SAMPLE, "--config", "nowhere.toml"], "mtcheck: error: nowhere.toml: config file not found"),
        (
            ["check", SAMPLE, "--source-lang", "xx"],
            "mtcheck: error: --source-lang: unknown language 'xx' (known: af, ar,",
        ),
        (["rules", "--source-lang", "klingon"], "mtcheck: error: --source-lang: unknown language 'klingon'"),
    ],
)
def test_errors_are_one_line_without_traceback_in_a_real_process(args, message):
    process = subprocess.run([sys.executable, "-m", "mtcheck", *args], capture_output=True, text=True, cwd=REPO)
    assert process.returncode == 2
    assert process.stderr.startswith(message)
    assert "Traceback" not in process.stderr and len(process.stderr.strip().split("\n")) == 1


def test_output_piped_to_a_closed_reader_exits_quietly():
    command = f"{sys.executable} -m mtcheck check {SAMPLE} {SAMPLE} {SAMPLE} | head -1"
    process = subprocess.run(
        command, shell=True, capture_output=True, text=True, cwd=REPO, env={**os.environ, "NO_COLOR": "1"}
    )
    assert process.stdout.count("\n") == 1 and "Traceback" not in process.stderr


def test_a_fix_that_inserts_spaces_or_joins_lines_is_shown_in_context(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "KYIV, Nov. 8 –\nMinisters met in Kyiv on Friday. The minister said.The talks resumed on Monday.\n",
        encoding="utf-8",
    )
    lines = run("check", str(article)).stdout.split("\n")
    assert any(" MT402 " in line and line.endswith('→ "KYIV, Nov. 8 – Ministers met in Kyiv…"') for line in lines), (
        lines
    )
    assert any(" MT202 " in line and '→ "…The minister said. The talks resumed on…"' in line for line in lines), lines
