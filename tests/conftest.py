"""Shared helpers: where the shared WMT data lives, and running mtcheck on text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mtcheck.engine.checker import Checker
from mtcheck.engine.settings import Settings
from mtcheck.run.session import ruleset_for
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText

REPO = Path(__file__).resolve().parent.parent
# The shared data sits beside every checkout (../shared); MTCHECK_SHARED points elsewhere.
SHARED = Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared"))
WMT = SHARED / "data" / "wmt22-de-en"
SEED = SHARED / "seeds" / "000_7759f210fbbb2692.txt"


def needs_shared(path: Path):
    return pytest.mark.skipif(not path.exists(), reason=f"shared data not found at {path} (set MTCHECK_SHARED)")


def check_text(text: str, fmt: str = "text", path: str = "article.txt", **settings):
    """Findings for a text checked with the bundled rules and the given settings."""
    settings = Settings(**settings)
    doc = build_document(InputText(path, text, fmt), settings.target_lang, settings.front_matter_fields)
    return doc, Checker(ruleset_for(settings.target_lang, settings.rule_folders), settings).check(doc)


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def imported_by_a_plain_check(tmp_path: Path, prefixes: tuple[str, ...]) -> list[str]:
    """The modules named by these prefixes that `mtcheck check` of a plain text file imports."""
    import ast
    import subprocess
    import sys

    article = tmp_path / "a.txt"
    article.write_text("All quiet.\n")
    probe = (
        "import sys, runpy; sys.argv = ['mtcheck', 'check', sys.argv[1]]\n"
        "try:\n    runpy.run_module('mtcheck', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        f"print(sorted(m for m in sys.modules if m.startswith({prefixes!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(article)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=True,
    )
    return ast.literal_eval(result.stdout.splitlines()[-1])
