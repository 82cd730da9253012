"""The README's two set-up commands, and CI running exactly the test one."""

from __future__ import annotations

import re

from tests.conftest import REPO


def readme_commands() -> list[str]:
    quick_start = (REPO / "README.md").read_text(encoding="utf-8").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", quick_start)


def test_readme_quick_start_has_install_and_test_commands():
    install, test = readme_commands()
    assert install.startswith("pip install . && mtcheck check examples/")
    assert (REPO / install.split("mtcheck check ", 1)[1]).is_file()
    assert "pytest" in test


def test_ci_runs_the_readme_test_command():
    _, test = readme_commands()
    lines = [line.strip() for line in (REPO / ".ci" / "run").read_text().splitlines()]
    assert test in lines
