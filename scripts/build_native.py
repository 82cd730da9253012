#!/usr/bin/env python3
"""Compile mtcheck's hottest modules with mypyc, in place: an optional build, for speed.

    pip install -e ".[native]"                # mypy (which ships mypyc) and setuptools
    python scripts/build_native.py            # a few minutes; needs a C compiler
    python scripts/build_native.py --c        # the C modules alone: a second, no mypy needed
    python scripts/build_native.py --clean    # pure Python again
    python scripts/build_native.py --c-only FOLDER  # the C modules alone, into FOLDER (the tests' copy)
    python scripts/build_native.py --into FOLDER    # everything, into FOLDER (the wheel's, hatch_build.py)

Python imports a compiled module (`words.cpython-311-x86_64-linux-gnu.so`) before the
`words.py` beside it, so after a build every run of this checkout uses the compiled code. The
.py files stay the only source: a normal `pip install .` ignores the compiled files (they are
in .gitignore), the tests run the source (tests/pure_source.py), and tests/test_native.py checks,
where a build is present, that it gives the very findings the source gives and that no
compiled module is older than its source (edit a module, build again or clean).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "mtcheck"
# The per-word and per-sentence loops (bench/throughput-2026-11-30.md): words, names, word
# lists, and the checks that spend most of a check's time. Each pays (callgrind of a whole
# `mtcheck check` of the WMT22 de-en reference A, 2026-12-02: 1,890 M instructions with all
# nine, 2,119 M with none): left out one at a time, a run grows by 81 M (untranslated), 44 M
# (casing), 38 M (words), 37 M (degeneration), 26 M (names), 13 M (typography), 2 M
# (transliterated), 1 M (word_table), 1 M (segmentation); the nine more below bring it to
# 1,853 M. engine/kinds.py cannot be compiled as it is: its rule
# dataclasses annotate `regex.Pattern`, which a compiled dataclass looks up at import (KeyError:
# 'regex'; quoting the annotation does not help), and regex is imported for type checkers only.
MODULES = (
    "mtcheck/text/words.py",
    "mtcheck/language/names.py",
    "mtcheck/language/word_table.py",
    "mtcheck/checks/casing.py",
    "mtcheck/checks/untranslated.py",
    "mtcheck/checks/typography.py",
    "mtcheck/checks/degeneration.py",
    "mtcheck/checks/transliterated.py",
    "mtcheck/checks/segmentation.py",
    # Five more per-sentence checks and the loop that runs the rules: together 12 M less (1,878 M).
    "mtcheck/checks/locale.py",
    "mtcheck/checks/name_spelling.py",
    "mtcheck/checks/tokenization.py",
    "mtcheck/language/word_index.py",
    "mtcheck/engine/checker.py",
    # The text's scans, sentences, paragraph habits and blocks: 26 M less with the first nine alone,
    # 1,853 M with all eighteen.
    "mtcheck/text/scan.py",
    "mtcheck/text/segment.py",
    "mtcheck/text/habits.py",
    "mtcheck/text/blocks.py",
    # Three more (callgrind of a whole check, 2026-12-04): the plain-text reader, dialogue dashes
    # and language identification, 7.5 M less on reference A (1,224 -> 1,216 M) and 1.5 M on
    # the 5 KB article; spelled_out, profiles and source_abbreviations gained nothing or lost.
    "mtcheck/text/plain.py",
    "mtcheck/checks/dialogue.py",
    "mtcheck/language/identify.py",
)
# Loops written in C (module -> source), each standing in for Python that stays its reference
# (tests/test_native_words.py holds the two to the same results): mypyc compiles the Python of
# these loops to the very calls the interpreter makes, one word at a time.
C_MODULES = {
    "mtcheck.text.native_words": "mtcheck/text/native_words.c",
    # Word lists packed into one bytes object each (mtcheck/language/string_tables.py says why).
    "mtcheck.language.native_tables": "mtcheck/language/native_tables.c",
    # Not a loop: the object allocator's arenas mapped with their pages (the C file says why).
    "mtcheck.run.native_arenas": "mtcheck/run/native_arenas.c",
}
SOURCES = PACKAGE / "native-sources.json"  # each compiled module's source hash at build time
# CI's mypy checks the code for Python 3.10 (pyproject.toml); mypyc checks it again for the
# running Python, where typeshed has no re._parser and re._compiler (language/pattern_cache.py)
# and ignores that 3.10 needs are unused.
MYPY_FLAGS = ("--disable-error-code", "attr-defined", "--no-warn-unused-ignores")


def source_hash(module: str) -> str:
    return hashlib.sha256((REPO / module).read_bytes()).hexdigest()


def compiled_files() -> list[Path]:
    return sorted(p for suffix in ("*.so", "*.pyd") for p in PACKAGE.rglob(suffix))


def clean() -> None:
    for path in compiled_files():
        path.unlink()
    SOURCES.unlink(missing_ok=True)


def build_c_in_place() -> None:
    """The C modules alone, in place of any earlier build: most of what the native build gives
    (on the de-en reference, 0.88 of the source's CPU against the full build's 0.81) without
    mypy and in a second."""
    clean()
    for target in build_c_only(REPO):
        print(f"built {target.relative_to(REPO)}")
    SOURCES.write_text(json.dumps({source: source_hash(source) for source in C_MODULES.values()}, indent=1) + "\n")


def build(into: Path = REPO) -> list[Path]:
    """The mypyc modules and the C modules, compiled in place (`into` the checkout) or into
    another folder (as into/mtcheck/text/words...so), which leaves the checkout as it is."""
    from mypyc.build import mypycify

    in_place = into == REPO
    if in_place:
        clean()
    paths = [str(REPO / module) for module in MODULES]
    # the sources as compiled
    hashes = {module: source_hash(module) for module in (*MODULES, *C_MODULES.values())}
    with tempfile.TemporaryDirectory() as folder:
        here = os.getcwd()
        os.chdir(folder)  # (mypycify writes its C files in the folder it runs in)
        try:
            extensions = mypycify(
                ["--config-file", str(REPO / "pyproject.toml"), *MYPY_FLAGS, *paths],
                opt_level="3",
                group_name="mtcheck._native",  # the shared runtime goes inside the package
            )
        finally:
            os.chdir(here)
        built = _compiled(extensions + c_extensions(), Path(folder), into)
    if in_place:
        SOURCES.write_text(json.dumps(hashes, indent=1) + "\n")
    return built


def c_extensions() -> list:
    from setuptools import Extension

    return [Extension(name, [str(REPO / source)]) for name, source in C_MODULES.items()]


def build_c_only(into: Path) -> list[Path]:
    """The C modules alone, compiled into `into` (as into/mtcheck/text/native_words...so)."""
    with tempfile.TemporaryDirectory() as folder:
        return _compiled(c_extensions(), Path(folder), into)


def _compiled(extensions: list, folder: Path, into: Path) -> list[Path]:
    """Compile the extensions in `folder`, and copy the libraries into `into`, as in the package."""
    from setuptools import setup

    here = os.getcwd()
    # setuptools reads the project file of the folder it runs in, and mtcheck's is hatchling's.
    os.chdir(folder)
    try:
        setup(
            name="mtcheck-native",
            ext_modules=extensions,
            script_args=["build_ext", "--build-lib", "out", "--build-temp", "temp", "--quiet"],
        )
    finally:
        os.chdir(here)
    copied = []
    built = folder / "out"
    for library in sorted(built.rglob("*.so")) + sorted(built.rglob("*.pyd")):
        target = into / library.relative_to(built)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(library, target)
        copied.append(target)
    return copied


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="remove the compiled modules")
    parser.add_argument("--c", action="store_true", help="compile only the C modules, in place (no mypy needed)")
    parser.add_argument("--c-only", type=Path, metavar="FOLDER", help="compile only the C modules, into FOLDER")
    parser.add_argument("--into", type=Path, metavar="FOLDER", help="compile everything into FOLDER, not in place")
    args = parser.parse_args()
    if args.clean:
        clean()
    elif args.c:
        build_c_in_place()
    elif args.c_only:
        for target in build_c_only(args.c_only):
            print(f"built {target}")
    else:
        into = args.into.resolve() if args.into else REPO
        for target in build(into):
            print(f"built {target.relative_to(into)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
