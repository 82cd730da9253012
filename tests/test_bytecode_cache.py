"""mtcheck's compiled modules in the user's cache folder when Python writes no .pyc files: the
same code as compiling, compiled once per source, rebuilt when anything is off."""

from __future__ import annotations

import builtins
import os
import subprocess
import sys

import pytest

from mtcheck.language import bytecode_cache
from mtcheck.language.user_cache import marshalled
from tests.conftest import REPO, private_cache


@pytest.fixture
def folder(tmp_path, monkeypatch):
    with private_cache(tmp_path, monkeypatch, bytecode_cache.FOLDER) as entries:
        yield entries


def _compile_forbidden(monkeypatch) -> list[str]:
    compiled: list[str] = []
    original = builtins.compile

    def spy(source, filename, *args, **kwargs):
        compiled.append(str(filename))
        return original(source, filename, *args, **kwargs)

    monkeypatch.setattr(builtins, "compile", spy)
    return compiled


def _load(path):
    loader = bytecode_cache._CachingLoader("mtcheck.example", str(path))
    return loader.source_to_code(path.read_bytes(), str(path))


def test_a_module_is_compiled_once_per_source(folder, tmp_path, monkeypatch):
    module = tmp_path / "example.py"
    module.write_text("ANSWER = 6 * 7\n", encoding="utf-8")
    first = _load(module)
    compiled = _compile_forbidden(monkeypatch)
    second = _load(module)
    assert compiled == [] and second == first and len(list(folder.iterdir())) == 1
    namespace: dict = {}
    exec(second, namespace)
    assert namespace["ANSWER"] == 42
    module.write_text("ANSWER = 43\n", encoding="utf-8")  # a changed source: compiled afresh
    exec(_load(module), namespace)
    assert namespace["ANSWER"] == 43 and compiled == [str(module)]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-3],
        lambda data: data[:-20] + bytes([data[-20] ^ 1]) + data[-19:],
        lambda data: marshalled(("not", "code"), bytecode_cache._MAGIC),
        lambda data: b"mtcheck bytecode\n" + b"\0\0\0\0" + data[len(bytecode_cache._MAGIC) :],  # another Python
    ],
    ids=["cut-short", "flipped-bit", "not-code", "other-magic"],
)
def test_a_damaged_or_foreign_entry_is_compiled_afresh(folder, tmp_path, damage):
    module = tmp_path / "example.py"
    module.write_text("ANSWER = 6 * 7\n", encoding="utf-8")
    _load(module)
    (entry,) = folder.iterdir()
    written = entry.read_bytes()
    entry.write_bytes(damage(written))
    namespace: dict = {}
    exec(_load(module), namespace)
    assert namespace["ANSWER"] == 42 and entry.read_bytes() == written


CHECK_AND_REPORT = """
import builtins, json, sys
compiled = []
original = builtins.compile
def spy(source, filename, *args, **kwargs):
    compiled.append(str(filename))
    return original(source, filename, *args, **kwargs)
builtins.compile = spy
report = sys.argv.pop()
sys.argv[0] = "mtcheck"
from mtcheck.entry import main
try:
    main()
except SystemExit:
    pass
with open(report, "w") as out:
    json.dump([name for name in compiled if "/mtcheck/" in name], out)
"""


def test_without_pyc_files_a_second_start_compiles_none_of_mtcheck(tmp_path):
    import json

    environment = {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPYCACHEPREFIX": str(tmp_path / "no-pyc-here"),  # no .pyc is found, for any module
        "MTCHECK_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONPATH": str(REPO),
    }
    article = REPO / "examples" / "sample-article.txt"
    outputs = []
    for run in ("first", "second"):
        done = subprocess.run(
            [sys.executable, "-c", CHECK_AND_REPORT, "check", str(article), str(tmp_path / run)],
            env=environment,
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        outputs.append((done.stdout, done.stderr))  # the exit code is the program's own: 0
    normal = subprocess.run(
        [sys.executable, "-m", "mtcheck", "check", str(article)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert outputs[0] == outputs[1] == (normal.stdout, normal.stderr) and "Found 13 findings" in normal.stdout
    first = json.loads((tmp_path / "first").read_text())
    second = json.loads((tmp_path / "second").read_text())
    assert len(first) > 40  # every module of a check, compiled once
    # Only what is imported before the cache can be used: the entry point and the cache's own modules.
    assert len(second) <= 12 and set(second) < set(first), second
