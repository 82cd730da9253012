"""The wheel carries the rule packs: after `pip install .` mtcheck works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation", "-q", "-w", str(out)],
        check=True,
    )
    (path,) = out.glob("mtcheck-*.whl")
    return path


def test_wheel_contains_every_rule_pack_and_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "mtcheck/_rules/" + str(p.relative_to(REPO / "rules")).replace(os.sep, "/")
        for p in (REPO / "rules").rglob("*")
        if p.is_file()
    }
    assert expected and expected <= names
    assert "mtcheck/_rules/en/casing.yaml" in names and "mtcheck/_rules/en/data/names.tsv" in names
    assert "mtcheck/py.typed" in names  # the library interface is typed for its users' type checkers


def test_installed_package_checks_from_another_folder(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    article = tmp_path / "story.txt"
    article.write_text("The army left kyiv.\nAdd Comment\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site)}
    process = subprocess.run(
        [
            sys.executable,
            "-c",
            "import mtcheck.language.resources as r, sys; print(r.rules_root()); sys.argv=['mtcheck','check','story.txt']; from mtcheck.cli import main; main()",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    lines = process.stdout.strip().split("\n")
    assert lines[0] == str(site / "mtcheck" / "_rules")
    assert lines[1].startswith("story.txt:1:15: major MT101 lowercase-place-name")
    assert lines[2].startswith("story.txt:2:1: major MT301 comment-widget")
    assert process.returncode == 1
