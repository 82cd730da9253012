"""Which files a folder search checks: articles, not what git or the project ignores, not
what --exclude names, not a repository's own documents; named files always."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.text.inputs import discover

ARTICLE = "Talks in kyiv ended on Friday.\n"


def tree(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def found(root, *args, **kwargs):
    return sorted(os.path.relpath(p, root) for p in discover([str(root), *args], **kwargs))


def test_a_repository_s_own_documents_are_not_articles_unless_named(tmp_path):
    tree(tmp_path, {"README.md": ARTICLE, "CHANGELOG.md": ARTICLE, "LICENSE.txt": ARTICLE, "news/story.md": ARTICLE})
    assert found(tmp_path) == ["news/story.md"]
    named = str(tmp_path / "README.md")
    assert named in list(discover([named]))  # a pre-commit hook or a script chose it


def test_gitignore_and_mtcheckignore_are_honoured_from_the_repository_root_down(tmp_path):
    (tmp_path / ".git").mkdir()
    tree(
        tmp_path,
        {
            ".gitignore": "build/\n*.tmp.md\n",
            "site/.mtcheckignore": "drafts/\n!drafts/keep.md\n",
            "site/story.md": ARTICLE,
            "site/story.tmp.md": ARTICLE,
            "site/drafts/old.md": ARTICLE,
            "site/build/page.html": "<p>kyiv</p>",
            "build/out.md": ARTICLE,
        },
    )
    # Searching a folder inside the repository still reads the root's .gitignore.
    assert found(
        tmp_path / "site",
    ) == ["story.md"]
    assert found(tmp_path) == ["site/story.md"]


def test_a_deeper_ignore_file_can_take_a_pattern_back(tmp_path):
    tree(
        tmp_path,
        {".mtcheckignore": "*.es.md\n", "a.es.md": ARTICLE, "sub/.mtcheckignore": "!*.es.md\n", "sub/b.es.md": ARTICLE},
    )
    assert found(tmp_path) == ["sub/b.es.md"]


def test_exclude_patterns_leave_out_files_and_folders(tmp_path):
    tree(tmp_path, {"a.md": ARTICLE, "b.es.md": ARTICLE, "drafts/c.md": ARTICLE, "x/drafts/d.md": ARTICLE})
    assert found(tmp_path, exclude=["*.es.md", "drafts/"]) == ["a.md"]
    assert found(tmp_path, exclude=["/drafts/"]) == ["a.md", "b.es.md", "x/drafts/d.md"]


def test_the_command_line_excludes_and_reports_what_is_left(tmp_path):
    tree(tmp_path, {"a.md": ARTICLE, "drafts/b.md": ARTICLE, "README.md": ARTICLE})
    result = CliRunner().invoke(app, ["check", "--exclude", "drafts/", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path / 'a.md'}:1:10: major MT101" in result.stdout
    assert "drafts" not in result.stdout and "README" not in result.stdout
    assert "in 1 file" in result.stdout.splitlines()[-1]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_named_like_an_ignore_file_is_not_read(tmp_path):
    tree(tmp_path, {"a.md": ARTICLE})
    os.mkfifo(tmp_path / ".gitignore")
    result = subprocess.run(
        [sys.executable, "-m", "mtcheck", "check", str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1, result.stderr
    assert "a.md:1:10" in result.stdout
