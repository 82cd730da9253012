"""Shared helpers: where the shared WMT data lives, and running mtcheck on text."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
from contextlib import contextmanager
from pathlib import Path

import pure_source  # noqa: F401  (before mtcheck: the tests run the Python source, even beside a native build)
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


@pytest.fixture(scope="session")
def c_modules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with mtcheck's C modules compiled by scripts/build_native.py --c-only, once per
    test process (the checkout's own build, if any, is not what is tested); the tests that ask
    for it are skipped where this Python has no C compiler."""
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        pytest.skip(f"no C compiler ({compiler}) to build mtcheck's C modules")
    folder = tmp_path_factory.mktemp("c-modules")
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_native.py"), "--c-only", str(folder)],
        check=True,
        capture_output=True,
    )
    return folder


def c_module_library(folder: Path, module: str) -> Path:
    """The library of one C module ("mtcheck/text/native_words") in the folder of c_modules."""
    parent, name = module.rsplit("/", 1)
    (library,) = (folder / parent).glob(f"{name}.*")
    return library


def check_text(text: str, fmt: str = "text", path: str = "article.txt", **settings):
    """Findings for a text checked with the bundled rules and the given settings."""
    settings = Settings(**settings)
    doc = build_document(InputText(path, text, fmt), settings.target_lang, settings.front_matter_fields)
    return doc, Checker(ruleset_for(settings.target_lang, settings.rule_folders), settings).check(doc)


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def modules_a_check_loads(
    article: Path, prefixes: tuple[str, ...], options: tuple[str, ...] = (), writes: str = ""
) -> list[str]:
    """The modules starting with one of `prefixes` that `mtcheck check [OPTIONS] ARTICLE` imports,
    in a fresh process (whose output holds `writes`)."""
    probe = (
        f"import sys, runpy; sys.argv = ['mtcheck', 'check', *{list(options)!r}, sys.argv[1]]\n"
        "try:\n    runpy.run_module('mtcheck', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        f"import json; print(json.dumps(sorted(m for m in sys.modules if m.startswith({prefixes!r}))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(article)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=True,
    )
    assert writes in result.stdout, result.stdout[-500:]
    return json.loads(result.stdout.splitlines()[-1])


def report_in_a_fresh_process(
    paths: list[Path],
    prelude: str = "",
    epilogue: str = "",
    environment: dict[str, str] | None = None,
    folder: Path = REPO,
) -> tuple[dict, str]:
    """The JSON report of `mtcheck check` of the paths in a fresh Python run in `folder` (the
    checkout, whose mtcheck it imports first unless `environment` sets PYTHONPATH elsewhere and
    `folder` is another): `prelude` runs first, `epilogue` after the check; returns the report
    and what the epilogue printed."""
    program = (
        f"{prelude}\nimport runpy, sys\nsys.argv[0] = 'mtcheck'\n"
        "try:\n    runpy.run_module('mtcheck', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        f"print()\n{epilogue}\n"
    )
    command = [sys.executable, "-c", program, "check", "--format", "json", "--fail-on", "never"]
    command += ["--max-findings", "10000000", *map(str, paths)]
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(environment or {})}
    run = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=folder, check=True)
    report, _, printed = run.stdout.rpartition("\n\n")
    return json.loads(report), printed.strip()


@contextmanager
def private_cache(tmp_path: Path, monkeypatch, name: str):
    """The user cache moved into tmp_path for a test; yields the folder `name` in it."""
    from mtcheck.language.user_cache import private_folder

    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    private_folder.cache_clear()
    yield tmp_path / "cache" / name
    private_folder.cache_clear()


def ended(process) -> bool:
    """Whether a psutil.Process has ended: gone, or a zombie (only its exit status left)."""
    import psutil

    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def all_end_within(processes: list, seconds: float) -> bool:
    """Whether every psutil.Process has ended, or does within `seconds`."""
    deadline = time.monotonic() + seconds
    while not all(map(ended, processes)):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
