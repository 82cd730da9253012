"""The pre-commit hooks, tested for real: a content repository whose config points at this
repository (a local path, at its current commit) commits articles through `pre-commit`.

Slow (pre-commit builds a virtualenv and installs mtcheck into it), but it runs in CI. It
tests the committed state of this repository: pre-commit installs the hook from `rev`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not (REPO / ".git").exists(), reason="this checkout is not a git repository"),
]

BROKEN = "BRUSSELS Nov. 8 () – NATO members met on friday in brussels.\nAdd Comment\n"
CLEAN = "BRUSSELS, Nov. 8 (AFP) – NATO members met on Friday in Brussels.\n"


def run(cwd, *args, env):
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def content_repo(tmp_path_factory):
    pytest.importorskip("pre_commit")
    head = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    folder = tmp_path_factory.mktemp("newsroom")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
    }
    for args in (("git", "init", "-q"), ("git", "config", "commit.gpgsign", "false")):
        run(folder, *args, env=env)
    (folder / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {REPO}\n    rev: {head}\n    hooks:\n      - id: mtcheck-fix\n      - id: mtcheck\n",
        encoding="utf-8",
    )
    installed = run(folder, sys.executable, "-m", "pre_commit", "install", env=env)
    assert installed.returncode == 0, installed.stderr
    return folder, env


def test_an_article_with_artifacts_is_stopped_repaired_and_then_passes(content_repo):
    folder, env = content_repo
    article = folder / "story.md"
    article.write_text(BROKEN, encoding="utf-8")
    run(folder, "git", "add", "story.md", ".pre-commit-config.yaml", env=env)
    first = run(folder, "git", "commit", "-m", "story", env=env)
    output = first.stdout + first.stderr
    assert first.returncode != 0, output
    assert "mtcheck fix" in output and "files were modified by this hook" in output
    fixed = article.read_text(encoding="utf-8")
    assert "Add Comment" not in fixed and "()" not in fixed and "on Friday in Brussels" in fixed
    run(folder, "git", "add", "story.md", env=env)
    second = run(folder, "git", "commit", "-m", "story", env=env)
    assert second.returncode == 0, second.stdout + second.stderr


def test_the_checking_hook_reports_findings_it_cannot_fix(content_repo):
    folder, env = content_repo
    article = folder / "numbers.md"
    article.write_text(
        "Officials said the talks would resume. Die Regierung hat am Montag neue Maßnahmen beschlossen.\n",
        encoding="utf-8",
    )
    run(folder, "git", "add", "numbers.md", env=env)
    result = run(folder, "git", "commit", "-m", "numbers", env=env)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "numbers.md:1:40: critical LI101" in output and "- hook id: mtcheck\n" in output
    assert output.count("numbers.md:1:40: critical LI101") == 1  # the fix hook reports fixes only
    assert "- hook id: mtcheck-fix" not in output  # nothing to fix: the fix hook passes


def test_a_clean_article_passes(content_repo):
    folder, env = content_repo
    (folder / "clean.md").write_text(CLEAN, encoding="utf-8")
    run(folder, "git", "add", "clean.md", env=env)
    run(folder, "git", "reset", "-q", "numbers.md", env=env)
    result = run(folder, "git", "commit", "-m", "clean", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
