"""The optional native build (scripts/build_native.py): where it is present, its findings are
the Python source's, and it is not older than the source. The rest of the suite runs the
source (tests/pure_source.py), as CI does, where nothing is compiled."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from mtcheck.checks import CompiledCheck, provides
from tests.conftest import REPO, SEED, WMT, report_in_a_fresh_process

sys.path.insert(0, str(REPO / "scripts"))
import build_native  # noqa: E402

COMPILED = build_native.compiled_files()
needs_build = pytest.mark.skipif(not COMPILED, reason="no native build here (python scripts/build_native.py)")


def _check(how: str, path: Path) -> tuple[dict, str]:
    """The JSON report of a whole `mtcheck check` in a fresh process, from the source or the
    build, and the files the checks' modules were loaded from."""
    source = "import sys; sys.path.insert(0, 'tests'); import pure_source" if how == "source" else ""
    loaded = "import mtcheck.checks.casing, mtcheck.text.words\n"
    loaded += "print(mtcheck.checks.casing.__file__, mtcheck.text.words.__file__)"
    return report_in_a_fresh_process([path], prelude=source, epilogue=loaded)


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
