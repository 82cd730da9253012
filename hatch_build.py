"""Build hook: a wheel built where a C compiler is at hand carries mtcheck's C modules.

mtcheck/text/native_words.c (the word split, the Words, the language probe, the doubled-word
scan) and mtcheck/language/native_tables.c (the big word lists as packed tables) stand in for
Python that stays their reference and fallback: the tests hold the two to the same results
(tests/test_native_words.py, tests/test_native_tables.py); mtcheck/run/native_arenas.c puts the
allocator's arenas in huge pages for the command line (fewer page faults, no other change).
Compiled into the wheel, a check of the WMT22 de-en reference takes about 0.88 of the
pure-Python CPU, with the same output.

Where the compiler is missing or fails, or MTCHECK_PURE_PYTHON is set, the wheel is the pure
Python one, as before: the hook says so in one line and never fails the install. An editable
install compiles nothing (scripts/build_native.py builds in place for developers).

MTCHECK_MYPYC=1 asks for the release build as well: the hottest modules compiled with mypyc
(scripts/build_native.py's MODULES) beside the C modules, about 0.9 of the C wheel's CPU on the
de-en reference. It is asked for, not the default: the build needs mypy (a large build
dependency, which the hook then adds) and takes minutes. Asked for, it fails the install
with one line rather than give a slower wheel than the one asked for. An editable install
compiles nothing and says so (scripts/build_native.py builds in a checkout).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MYPYC = "MTCHECK_MYPYC"  # set (to anything but "" or "0"): the wheel carries the mypyc modules too
# What the mypyc build needs beside mtcheck's own dependencies (for their types): the versions
# pyproject.toml's `native` and `test` extras name (tests/test_packaging.py keeps them equal).
MYPYC_BUILD_REQUIRES = ["mypy==2.4.1", "setuptools>=65", "types-PyYAML", "types-regex"]

C_MODULES = {  # as scripts/build_native.py's C_MODULES
    "mtcheck/text/native_words": "mtcheck/text/native_words.c",
    "mtcheck/language/native_tables": "mtcheck/language/native_tables.c",
    "mtcheck/run/native_arenas": "mtcheck/run/native_arenas.c",
}


class NativeLoops(BuildHookInterface):
    """Compile the C modules into a wheel for this interpreter, or leave the wheel pure."""

    PLUGIN_NAME = "custom"

    def dependencies(self) -> list[str]:
        if self.target_name != "wheel" or not _mypyc_asked():
            return []
        return [*MYPYC_BUILD_REQUIRES, *self.metadata.core.dependencies]

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._folder: str | None = None
        if self.target_name == "wheel" and version == "editable" and _mypyc_asked():
            self.app.display_info(f"mtcheck: {MYPYC} builds wheels; in a checkout: python scripts/build_native.py")
        if self.target_name != "wheel" or version == "editable" or os.environ.get("MTCHECK_PURE_PYTHON"):
            return
        if _mypyc_asked():
            self._include_mypyc_build(build_data)
            return
        command = _compile_command()
        if command is None:
            self.app.display_info("mtcheck: no C compiler configured for this Python; a pure-Python wheel")
            return
        self._folder = tempfile.mkdtemp(prefix="mtcheck-native-")
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        built: dict[str, str] = {}
        for module, source in C_MODULES.items():
            library = Path(self._folder) / (Path(module).name + suffix)
            try:
                subprocess.run(
                    [*command, str(Path(self.root) / source), "-o", str(library)],
                    check=True,
                    capture_output=True,
                    timeout=300,
                )
            except (OSError, subprocess.SubprocessError) as err:
                self.app.display_warning(
                    f"mtcheck: {source} did not compile ({type(err).__name__}); a pure-Python wheel"
                )
                return
            built[str(library)] = module + suffix
        build_data["force_include"].update(built)
        build_data["pure_python"] = False
        build_data["infer_tag"] = True  # this interpreter's and platform's wheel

    def _include_mypyc_build(self, build_data: dict[str, Any]) -> None:
        """scripts/build_native.py's whole build, compiled into a folder of its own (the checkout
        is left as it is) and carried by the wheel."""
        self._folder = tempfile.mkdtemp(prefix="mtcheck-mypyc-")
        script = Path(self.root) / "scripts" / "build_native.py"
        self.app.display_info("mtcheck: compiling with mypyc (MTCHECK_MYPYC is set); this takes minutes")
        failure = _run_build(script, self._folder)
        if failure is not None:
            self.app.abort(f"mtcheck: the mypyc build asked for by {MYPYC} failed: {failure}")
            return
        libraries = [p for p in Path(self._folder).rglob("*") if p.suffix in (".so", ".pyd")]
        build_data["force_include"].update({str(p): str(p.relative_to(self._folder)) for p in libraries})
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)


def _run_build(script: Path, folder: str) -> str | None:
    """Run scripts/build_native.py --into folder: None, or what went wrong, in one line."""
    try:
        run = subprocess.run([sys.executable, str(script), "--into", folder], capture_output=True, text=True)
    except OSError as err:
        return f"{type(err).__name__}: {err}"
    if run.returncode == 0:
        return None
    last = (run.stderr or run.stdout).strip().splitlines()[-1:]
    return last[0] if last else f"exit status {run.returncode}"


def _mypyc_asked() -> bool:
    return os.environ.get(MYPYC, "") not in ("", "0") and not os.environ.get("MTCHECK_PURE_PYTHON")


def _compile_command() -> list[str] | None:
    """The compiler and flags Python's own extensions were built with (Unix), compiling and
    linking in one step; None where Python has none configured (Windows) or it is not installed."""
    linker, shared, flags = (sysconfig.get_config_var(name) for name in ("LDSHARED", "CCSHARED", "CFLAGS"))
    include = sysconfig.get_paths()["include"]
    if not linker:
        return None
    command = [*shlex.split(linker), *shlex.split(shared or ""), *shlex.split(flags or ""), f"-I{include}"]
    return command if shutil.which(command[0]) else None
