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
from tests.conftest import REPO, SEED, WMT, report_in_a_fresh_process

sys.path.insert(0, str(REPO / "scripts"))
import build_native  # noqa: E402

COMPILED = build_native.compiled_files()
needs_build = pytest.mark.skipif(not COMPILED, reason="no native build here (python scripts/build_native.py)")


# Modules of both kinds of build, compiled by mypyc (the first two) or written in C.
_WATCHED = (
    "mtcheck.checks.casing",
    "mtcheck.text.words",
    "mtcheck.text.native_words",
    "mtcheck.language.native_tables",
)


def _check(how: str, path: Path) -> tuple[dict, list[str]]:
    """The JSON report of a whole `mtcheck check` in a fresh process, from the source or the
    build, and the file each of _WATCHED was loaded from ("-" for a C module not loaded)."""
    source = "import sys; sys.path.insert(0, 'tests'); import pure_source" if how == "source" else ""
    loaded = "import importlib\nfor name in " + repr(_WATCHED) + ":\n"
    loaded += "    try:\n        print(importlib.import_module(name).__file__)\n"
    loaded += "    except ImportError:\n        print('-')"
    report, printed = report_in_a_fresh_process([path], prelude=source, epilogue=loaded)
    return report, printed.split("\n")


def _source_of(library: Path) -> str | None:
    """The source a compiled module was built from (None for mypyc's shared runtime)."""
    module = library.relative_to(REPO).as_posix().split(".")[0]  # mtcheck/text/words
    sources = (*build_native.MODULES, *build_native.C_MODULES.values())
    return next((source for source in (module + ".py", module + ".c") if source in sources), None)


def _compiled_module(name: str) -> bool:
    """Is there a compiled file for this module in the checkout?"""
    built = {source.rpartition(".")[0] for source in map(_source_of, COMPILED) if source is not None}
    return name.replace(".", "/") in built


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
    sources = {source for source in map(_source_of, COMPILED) if source is not None}
    stale = sorted(source for source in sources if built.get(source) != build_native.source_hash(source))
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
    assert all(name.endswith(".py") or name == "-" for name in source_files)
    # Each watched module ran compiled where the build made it (all four, or the C ones of `--c`).
    for name, loaded in zip(_WATCHED, native_files, strict=True):
        assert loaded.endswith((".py", "-")) != _compiled_module(name), (name, loaded)
    assert native == source
    assert sum(len(f["diagnostics"]) for f in native["files"]) > 0


@needs_build
def test_the_native_build_names_source_languages() -> None:
    """What a check of the corpora and references does not reach: the language of source
    texts, detected one after another (a compiled identify.py once raised at the second, as
    it read back the pattern the first had compiled: a Dask worker's source fields)."""
    texts = [
        "La OTAN ha condenado este viernes el despliegue de tropas norcoreanas en Rusia. " * 3,
        "Der Bundestag hat am Freitag ein neues Gesetz zur Rente beschlossen. " * 3,
    ]
    program = (
        "import mtcheck.language.identify as identify\n"
        f"print(identify.__file__.rpartition('.')[2], [identify.detect_language(t)[0] for t in {texts!r}])"
    )
    answers = {}
    for how in ("source", "native"):
        prelude = "import sys; sys.path.insert(0, 'tests'); import pure_source\n" if how == "source" else ""
        environment = {**os.environ, "PYTHONPATH": str(REPO)}
        run = subprocess.run(
            [sys.executable, "-c", prelude + program], capture_output=True, text=True, env=environment, cwd=REPO
        )
        assert run.returncode == 0, run.stderr
        answers[how] = run.stdout.split()
    assert answers["source"] == ["py", "['es',", "'de']"]
    assert answers["native"] == [("so" if _compiled_module("mtcheck.language.identify") else "py"), "['es',", "'de']"]
