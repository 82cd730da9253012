"""`--diff-base REF`: only lines changed since a git revision are reported (and fixed)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.run.gitdiff import changed_lines, parse_diff

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


def test_git_is_asked_once_and_unchanged_files_are_not_read(repo, monkeypatch):
    from mtcheck.run import gitdiff

    (repo / "drafts").mkdir()
    for number in range(30):
        (repo / "drafts" / f"story{number}.md").write_text(LEGACY, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "thirty stories")
    (repo / "drafts" / "story7.md").write_text(LEGACY + "\nThe talks went on until tuesday.\n", encoding="utf-8")
    calls = []
    real_git = gitdiff._git
    monkeypatch.setattr(gitdiff, "_git", lambda folder, *args: calls.append(args[0]) or real_git(folder, *args))
    read = []
    from mtcheck.run import session as session_module

    real_read = session_module.read_input
    monkeypatch.setattr(session_module, "read_input", lambda path, *a: read.append(path) or real_read(path, *a))
    result = CliRunner().invoke(app, ["check", str(repo), "--diff-base", "HEAD"])
    assert codes(result.output) == ["MT104"] and "story7.md:5:" in result.output
    assert [str(path) for path in read] == [str(repo / "drafts" / "story7.md")]
    assert sorted(calls) == ["diff", "ls-files", "rev-parse", "rev-parse"]  # the root, the revision


def test_a_bad_revision_is_one_error_for_the_run(repo):
    for number in range(5):
        (repo / f"story{number}.md").write_text(LEGACY, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(repo), "--diff-base", "no-such-branch"])
    assert result.exit_code == 2
    assert result.output.count("unknown revision") == 1, result.output


def test_a_revision_that_looks_like_an_option_is_only_a_revision(repo, tmp_path):
    target = tmp_path / "written-by-git.txt"
    result = CliRunner().invoke(app, ["check", str(repo), f"--diff-base=--output={target}"])
    assert result.exit_code == 2 and "unknown revision" in result.output
    assert not target.exists()


def test_untracked_staged_and_oddly_named_files_count_as_new(repo):
    (repo / "untracked.md").write_text(LEGACY, encoding="utf-8")
    (repo / "staged.md").write_text(LEGACY, encoding="utf-8")
    git(repo, "add", "staged.md")
    odd = repo / 'notícia "especial"\tnova.md'
    odd.write_text("Old line.\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "odd name")
    odd.write_text("Old line.\n\nThe talks went on until tuesday.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(repo), "--diff-base", "HEAD~1", "--format", "json"])
    import json

    by_file = {}
    for entry in json.loads(result.output)["files"]:
        by_file[entry["path"].rsplit("/", 1)[-1]] = len(entry["diagnostics"])
    assert by_file == {'notícia "especial"\tnova.md': 1, "staged.md": 3, "untracked.md": 3}


def test_parse_diff_reads_hunks_and_new_files(tmp_path):
    output = (
        b"diff --git a/a.md b/a.md\nindex 1..2 100644\n--- a/a.md\n+++ b/a.md\n"
        b"@@ -2 +2 @@\n-x\n+y\n@@ -9,0 +10,3 @@\n+p\n+q\n+r\n@@ -20,2 +22,0 @@\n-gone\n-gone\n"
        b'diff --git a/n.md b/n.md\nnew file mode 100644\n--- /dev/null\n+++ "b/caf\\303\\251 x.md"\t\n@@ -0,0 +1 @@\n+z\n'
        b"diff --git a/old.md b/old.md\ndeleted file mode 100644\n--- a/old.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-w\n"
    )
    files = parse_diff(output, str(tmp_path))
    real = str(tmp_path.resolve())
    assert files == {f"{real}/a.md": frozenset({2, 10, 11, 12}), f"{real}/café x.md": None}
