#!/usr/bin/env python3
"""Coverage-guided fuzzing of check and fix with atheris (libFuzzer for Python).

    pip install atheris
    python bench/fuzz_atheris.py -atheris_runs=100000 -timeout=20 [corpus-folder]

Each input is bytes as a file would hold them: decoded as the CLI decodes a file (refusals
are fine), then checked and fixed as text and as Markdown under the contract of
tests/fuzz_contract.py (the one the hypothesis properties in tests/test_fuzz.py hold). A
crash, a contract violation or an input over 2 s of CPU time stops the run with the input
saved (crash-*); turn it into an @example in tests/test_fuzz.py.

Only mtcheck's own code is instrumented for coverage (its modules, the rule checks
included, are all loaded inside the instrumentation block): instrumenting the libraries
too (ftfy, regex, yaml...) made every input several times slower for no mtcheck coverage.
For volume, `MTCHECK_FUZZ_COVERAGE=off` leaves mtcheck uninstrumented: libFuzzer keeps
mutating the corpus the instrumented runs grew, without coverage feedback, at about ten
times the rate.
Every COUNT_EVERY inputs a line on stderr says how many inputs ran and how many were checked
(the others were refused as binary or not UTF-8, before any rule ran).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# MTCHECK_FUZZ_COVERAGE=off runs mtcheck uninstrumented: libFuzzer still mutates the corpus
# (grown by instrumented runs) but without coverage feedback, some ten times faster per input.
_coverage = os.environ.get("MTCHECK_FUZZ_COVERAGE") != "off"
with atheris.instrument_imports(include=["mtcheck"]) if _coverage else contextlib.nullcontext():
    from mtcheck.files import InputError
    from mtcheck.text.inputs import decode
    from tests.fuzz_contract import FUZZ_PATH, check, decoded, hold_contract

    # The rule checks are imported when the rules are first loaded: load them inside the block
    # (and the lazy data with them, before any input is timed).
    for _suffix in (".txt", ".md"):
        check(
            decoded(
                "# The minister said in kyiv. Vl\u00e1da schv\u00e1lila.\n\nIt\u00e2\u20ac\u2122s ( x ).\n", _suffix
            )
        )

COUNT_EVERY = 1_000
_counts = {"inputs": 0, "checked": 0}


def one_input(data: bytes) -> None:
    _counts["inputs"] += 1
    if _counts["inputs"] % COUNT_EVERY == 0:
        print(f"mtcheck-fuzz: {_counts['inputs']} inputs, {_counts['checked']} checked", file=sys.stderr, flush=True)
    try:
        decode(data, FUZZ_PATH + ".txt")
    except InputError:
        return  # binary or not UTF-8: refused with a one-line error, as the CLI refuses such a file
    raw = data.decode("utf-8")
    for suffix in (".txt", ".md"):
        hold_contract(raw, suffix)
    _counts["checked"] += 1


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
