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


def test_installed_code_and_generated_sites_are_left_out_by_default(tmp_path):
    tree(
        tmp_path,
        {
            "news/a.md": ARTICLE,
            "node_modules/pkg/readme.md": ARTICLE,
            "_site/news/a.html": "<p>kyiv</p>",
            "venv/x.md": ARTICLE,
        },
    )
    result = CliRunner().invoke(app, ["check", str(tmp_path)])
    assert "in 1 file" in result.stdout.splitlines()[-1], result.stdout


def test_the_config_s_exclude_replaces_the_defaults_and_extend_exclude_adds(tmp_path_factory):
    def checked(config):
        root = tmp_path_factory.mktemp("project")  # configurations are read once per process
        tree(root, {"news/a.md": ARTICLE, "news/drafts/b.md": ARTICLE, "_site/c.md": ARTICLE, "archive/d.md": ARTICLE})
        (root / ".mtcheck.toml").write_text(config, encoding="utf-8")
        output = CliRunner().invoke(app, ["check", "--format", "jsonl", str(root / "news"), str(root / "_site")])
        paths = {line.split('"path": "')[1].split('"')[0] for line in output.stdout.splitlines()}
        return sorted(os.path.relpath(path, root) for path in paths)

    assert checked("") == ["news/a.md", "news/drafts/b.md"]
    # Patterns are relative to the configuration's folder, not to the folder searched.
    assert checked('extend-exclude = ["/news/drafts/"]\n') == ["news/a.md"]
    assert checked('exclude = ["archive/"]\n') == ["_site/c.md", "news/a.md", "news/drafts/b.md"]
    assert checked('exclude = []\nextend-exclude = ["drafts/"]\n') == ["_site/c.md", "news/a.md"]


def test_force_exclude_applies_the_exclusions_to_named_files(tmp_path_factory):
    def files_checked(config, *options):
        root = tmp_path_factory.mktemp("project")
        tree(root, {"news/a.md": ARTICLE, "news/drafts/b.md": ARTICLE, "README.md": ARTICLE})
        (root / ".mtcheck.toml").write_text(config, encoding="utf-8")
        named = [str(root / name) for name in ("news/a.md", "news/drafts/b.md", "README.md")]
        return CliRunner().invoke(app, ["check", *options, *named]).stdout.splitlines()[-1]

    assert "in 3 files" in files_checked('extend-exclude = ["drafts/"]\n')
    assert "in 1 file" in files_checked('extend-exclude = ["drafts/"]\n', "--force-exclude")
    assert "in 1 file" in files_checked('extend-exclude = ["drafts/"]\nforce-exclude = true\n')


def test_bad_exclude_settings_are_config_errors(tmp_path):
    tree(tmp_path, {"a.md": ARTICLE})
    (tmp_path / ".mtcheck.toml").write_text("force-exclude = 1\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 2 and "force-exclude" in result.output and "true or false" in result.output
