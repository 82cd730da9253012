"""Build hook: a wheel built where a C compiler is at hand carries mtcheck's C modules.

mtcheck/text/native_words.c (the word split, the Words, the language probe, the doubled-word
scan) and mtcheck/language/native_tables.c (the big word lists as packed tables) stand in for
Python that stays their reference and fallback: the tests hold the two to the same results
(tests/test_native_words.py, tests/test_native_tables.py). Compiled into the wheel, a check of
the WMT22 de-en reference takes about 0.88 of the pure-Python CPU, with the same output.

Where the compiler is missing or fails, or MTCHECK_PURE_PYTHON is set, the wheel is the pure
Python one, as before: the hook says so in one line and never fails the install. An editable
install compiles nothing (scripts/build_native.py builds in place for developers). The
mypyc-compiled modules stay a developer's option (scripts/build_native.py): mypy is a large
build dependency, and a build of them takes minutes.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

C_MODULES = {  # as scripts/build_native.py's C_MODULES
    "mtcheck/text/native_words": "mtcheck/text/native_words.c",
    "mtcheck/language/native_tables": "mtcheck/language/native_tables.c",
}


class NativeLoops(BuildHookInterface):
    """Compile the C modules into a wheel for this interpreter, or leave the wheel pure."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._folder: str | None = None
        if self.target_name != "wheel" or version == "editable" or os.environ.get("MTCHECK_PURE_PYTHON"):
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

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)


def _compile_command() -> list[str] | None:
    """The compiler and flags Python's own extensions were built with (Unix), compiling and
    linking in one step; None where Python has none configured (Windows) or it is not installed."""
    linker, shared, flags = (sysconfig.get_config_var(name) for name in ("LDSHARED", "CCSHARED", "CFLAGS"))
    include = sysconfig.get_paths()["include"]
    if not linker:
        return None
    command = [*shlex.split(linker), *shlex.split(shared or ""), *shlex.split(flags or ""), f"-I{include}"]
    return command if shutil.which(command[0]) else None
