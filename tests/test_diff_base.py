"""`--diff-base REF`: only lines changed since a git revision are reported (and fixed)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.run.gitdiff import changed_lines

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

LEGACY = "The army left kyiv on friday.\n\nOfficials met in brussels.\n"


def git(folder, *args):
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "editor@example.org")
    git(tmp_path, "config", "user.name", "Editor")
    (tmp_path / "old.md").write_text(LEGACY, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "legacy article")
    return tmp_path


def codes(output: str) -> list[str]:
    return [line.split()[2] for line in output.splitlines() if line.count(":") >= 3]


def test_only_changed_lines_are_reported(repo):
    article = repo / "old.md"
    article.write_text(LEGACY + "\nThe talks went on until tuesday.\n", encoding="utf-8")
    everything = CliRunner().invoke(app, ["check", str(article)])
    assert len(codes(everything.output)) == 4
    changed = CliRunner().invoke(app, ["check", str(article), "--diff-base", "HEAD"])
    assert codes(changed.output) == ["MT104"] and ":5:" in changed.output


def test_a_file_new_since_the_base_is_reported_whole(repo):
    new = repo / "new.md"
    new.write_text(LEGACY, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(new), "--diff-base", "HEAD"])
    assert len(codes(result.output)) == 3


def test_fix_with_diff_base_leaves_legacy_lines_alone(repo):
    article = repo / "old.md"
    article.write_text(LEGACY + "\nThe talks went on until tuesday.\n", encoding="utf-8")
    CliRunner().invoke(app, ["fix", str(article), "--diff-base", "HEAD"])
    text = article.read_text(encoding="utf-8")
    assert "until Tuesday" in text and "left kyiv on friday" in text


def test_unknown_revision_and_no_repository_are_clear_errors(repo, tmp_path_factory):
    result = CliRunner().invoke(app, ["check", str(repo / "old.md"), "--diff-base", "no-such-branch"])
    assert result.exit_code == 2 and "unknown revision 'no-such-branch'" in result.output
    outside = tmp_path_factory.mktemp("plain") / "a.md"
    outside.write_text(LEGACY, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(outside), "--diff-base", "HEAD"])
    assert result.exit_code == 2 and "not in a git repository" in result.output


def test_changed_lines():
    assert changed_lines("a\nb\nc\n", "a\nB\nc\nd\n") == {2, 4}
    assert changed_lines(None, "a\n") is None
    assert changed_lines("a\nb\n", "b\n") == set()
