"""What the README shows must be what mtcheck does: its example rule pack passes its own
examples, its JSON sample is real output, and its pre-commit `rev` is a real release tag."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from mtcheck import __version__
from mtcheck.cli import app
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_example_rule_pack_passes_its_own_examples(tmp_path):
    pack = next(block for block in re.findall(r"```yaml\n(.*?)```", README, re.S) if block.startswith("pack:"))
    (tmp_path / "house.yaml").write_text(pack, encoding="utf-8")
    result = CliRunner().invoke(app, ["test-rules", "--target-lang", "en", "--rule-folder", str(tmp_path)])
    assert result.exit_code == 0, result.stdout
    explained = CliRunner().invoke(app, ["explain", "HS101", "--rule-folder", str(tmp_path)]).stdout
    assert "→ Flights to Kyiv resumed." in explained


def test_the_json_sample_is_real_output(monkeypatch):
    command, shown = re.search(
        r"JSON output is one object \(`(mtcheck [^`]+)`\):\n\n```json\n(.*?)```", README, re.S
    ).groups()
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(app, command.split()[1:])
    assert json.loads(result.stdout) == json.loads(shown)


def test_the_pre_commit_rev_is_this_version_and_a_real_tag():
    revs = set(re.findall(r"^\s*rev: (\S+)", README, re.M))
    assert revs == {f"v{__version__}"}
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout: the tag cannot be looked up")
    tags = subprocess.run(["git", "-C", str(REPO), "tag", "--list"], capture_output=True, text=True).stdout.split()
    if not tags:
        pytest.skip("this clone has no tags (cloned with --no-tags or shallow)")
    assert f"v{__version__}" in tags


def test_the_html_sample_gets_the_findings_of_the_text_sample(monkeypatch):
    monkeypatch.chdir(REPO)
    codes = {}
    for name in ("sample-article.txt", "sample-article.html"):
        result = CliRunner().invoke(app, ["check", "--format", "json", f"examples/{name}"])
        codes[name] = sorted(f["code"] for f in json.loads(result.stdout)["files"][0]["diagnostics"])
    assert codes["sample-article.html"] == codes["sample-article.txt"]
    assert len(codes["sample-article.txt"]) == 13
