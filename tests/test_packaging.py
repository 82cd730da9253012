"""The wheel carries the rule packs: after `pip install .` mtcheck works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPO, SEED, report_in_a_fresh_process

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


def _compiler() -> bool:
    import hatch_build

    return hatch_build._compile_command() is not None


def test_the_wheel_carries_the_c_modules_where_a_compiler_is(wheel, tmp_path):
    """hatch_build.py: the C modules compiled into the wheel, and the installed package runs
    them (a check of the seed's text reports what the source reports: tests/test_native_tables.py
    and test_native_words.py hold the C to the Python)."""
    import sysconfig

    sys.path.insert(0, str(REPO / "scripts"))
    import build_native

    if not _compiler():
        pytest.skip("no C compiler for this Python: the wheel is pure Python")
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {name.replace(".", "/") + suffix for name in build_native.C_MODULES} <= names
    assert wheel.name.endswith(".whl") and "py3-none-any" not in wheel.name  # this platform's wheel
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = "import mtcheck.text.words as w, mtcheck.language.string_tables as t; print(w.native_words.__file__, t.native_tables.__file__)"
    run = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,  # (not the checkout, which `python -c` would import first)
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert all(path.startswith(str(site)) and path.endswith(suffix) for path in run.stdout.split())


def test_the_hook_builds_a_pure_wheel_when_told_to(tmp_path):
    """MTCHECK_PURE_PYTHON=1 (and a missing or failing compiler, which the hook treats alike):
    the wheel of every platform, with no compiled module."""
    out = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation", "-q", "-w", str(out)],
        check=True,
        env={**os.environ, "MTCHECK_PURE_PYTHON": "1"},
    )
    (path,) = out.glob("mtcheck-*.whl")
    assert path.name.endswith("-py3-none-any.whl")
    assert not [name for name in zipfile.ZipFile(path).namelist() if name.endswith((".so", ".pyd"))]


def test_the_hook_compiles_what_the_native_build_compiles():
    import hatch_build

    sys.path.insert(0, str(REPO / "scripts"))
    import build_native

    assert {
        module.replace("/", "."): source for module, source in hatch_build.C_MODULES.items()
    } == build_native.C_MODULES


def test_the_mypyc_wheel_carries_the_native_build_and_finds_what_the_source_finds(tmp_path):
    """MTCHECK_MYPYC=1: the wheel carries every module scripts/build_native.py compiles, the
    installed package runs them, and its reports on the corpora and the seed are the source's
    (the one place CI compares a compiled build with the source: tests/test_native.py needs a
    build in the checkout)."""
    import sysconfig

    pytest.importorskip("mypyc", reason="mypy (with mypyc) is not installed: pip install -e '.[native]'")
    if not _compiler():
        pytest.skip("no C compiler for this Python")
    sys.path.insert(0, str(REPO / "scripts"))
    import build_native

    import hatch_build

    out = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation", "-q", "-w", str(out)],
        check=True,
        env={**os.environ, hatch_build.MYPYC: "1"},
    )
    (path,) = out.glob("mtcheck-*.whl")
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    expected = {module.removesuffix(".py") + suffix for module in build_native.MODULES}
    expected |= {name.replace(".", "/") + suffix for name in build_native.C_MODULES}
    assert expected | {f"mtcheck/_native__mypyc{suffix}"} <= set(zipfile.ZipFile(path).namelist())
    site = tmp_path / "site"
    zipfile.ZipFile(path).extractall(site)
    shown = "import mtcheck.text.words as w, mtcheck.checks.untranslated as u\nprint(w.__file__, u.__file__)"
    paths = [REPO / "corpora", *([SEED] if SEED.exists() else [])]
    compiled, loaded = report_in_a_fresh_process(
        paths, epilogue=shown, environment={"PYTHONPATH": str(site)}, folder=tmp_path
    )
    assert all(file.startswith(str(site)) and file.endswith(suffix) for file in loaded.split())
    pure = f"import sys; sys.path.insert(0, {str(REPO / 'tests')!r}); import pure_source"
    source, _ = report_in_a_fresh_process(paths, prelude=pure, folder=tmp_path)
    assert compiled == source
    assert sum(len(f["diagnostics"]) for f in compiled["files"]) > 0


def test_the_mypyc_build_requires_what_the_extras_name():
    """hatch_build.py's build requirements for MTCHECK_MYPYC are the versions pyproject.toml's
    `native` and `test` extras install (the ones CI's type check and the tests use)."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib

    import hatch_build

    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    named = {
        requirement.split("==")[0].split(">=")[0]: requirement for requirement in extras["native"] + extras["test"]
    }
    for requirement in hatch_build.MYPYC_BUILD_REQUIRES:
        assert named[requirement.split("==")[0].split(">=")[0]] == requirement
