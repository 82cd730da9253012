"""The optional native build (scripts/build_native.py): where it is present, its findings are
the Python source's, and it is not older than the source. The rest of the suite runs the
source (tests/pure_source.py), as CI does, where nothing is compiled."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mtcheck.checks import CompiledCheck, provides
from tests.conftest import REPO, SEED, WMT

sys.path.insert(0, str(REPO / "scripts"))
import build_native  # noqa: E402

COMPILED = build_native.compiled_files()
needs_build = pytest.mark.skipif(not COMPILED, reason="no native build here (python scripts/build_native.py)")

# A whole `mtcheck check` in a fresh process, run from the source when the first argument says so;
# it prints the JSON report, then the files the checks' modules were loaded from.
PROGRAM = """
import sys
if sys.argv.pop(1) == "source":
    sys.path.insert(0, "tests")
    import pure_source
import runpy
sys.argv[0] = "mtcheck"
try:
    runpy.run_module("mtcheck", run_name="__main__")
except SystemExit:
    pass
import mtcheck.checks.casing, mtcheck.text.words
print()
print(mtcheck.checks.casing.__file__, mtcheck.text.words.__file__)
"""


def _check(how: str, path: Path) -> tuple[dict, str]:
    command = [sys.executable, "-c", PROGRAM, how, "check", "--format", "json", "--fail-on", "never", str(path)]
    command += ["--max-findings", "10000000"]
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=REPO, check=True)
    report, _, loaded = run.stdout.rpartition("\n\n")
    return json.loads(report), loaded


def test_a_compiled_check_keeps_what_provides_declares() -> None:
    """mypyc's functions take no attributes: `provides` wraps them, and the engine reads the wrapper."""
    check = provides("count", options={"min-words": 3})(len)
    assert isinstance(check, CompiledCheck)
    assert check.message_fields == ("count",) and check.option_defaults == {"min-words": 3}
    assert check("four") == 4


def test_the_tests_run_the_python_source() -> None:
    import mtcheck.checks.casing
    import mtcheck.text.words

    assert mtcheck.checks.casing.__file__.endswith(".py") and mtcheck.text.words.__file__.endswith(".py")


@needs_build
def test_no_compiled_module_is_older_than_its_source() -> None:
    built = json.loads(build_native.SOURCES.read_text()) if build_native.SOURCES.exists() else {}
    sources = (*build_native.MODULES, *build_native.C_MODULES.values())
    stale = [module for module in sources if built.get(module) != build_native.source_hash(module)]
    assert stale == [], "edited since the native build: run scripts/build_native.py again (or --clean)"


@needs_build
@pytest.mark.parametrize(
    "path",
    [REPO / "corpora", SEED, WMT / "generaltest2022.de-en.ref.A.en"],
    ids=["corpora", "seed", "de-en-ref-A"],
)
def test_the_native_build_finds_what_the_source_finds(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} not found (set MTCHECK_SHARED)")
    source, source_files = _check("source", path)
    native, native_files = _check("native", path)
    assert all(name.endswith(".py") for name in source_files.split())
    assert all(not name.endswith(".py") for name in native_files.split())  # the compiled modules ran
    assert native == source
    assert sum(len(f["diagnostics"]) for f in native["files"]) > 0
