#!/usr/bin/env python3
"""Coverage-guided fuzzing of check and fix with atheris (libFuzzer for Python).

    pip install atheris
    python bench/fuzz_atheris.py -atheris_runs=100000 [corpus-folder]

Each input is bytes as a file would hold them: decoded as the CLI decodes a file (refusals
are fine), checked as text and as Markdown, and fixed. A crash, a finding whose span or
position is out of the text, a fix that is not valid UTF-8 or changes on a second run, or
an input over 2 s of CPU time stops the run with the input saved (crash-*); turn it into an
@example in tests/test_fuzz.py. tests/test_fuzz.py holds the same properties for hypothesis.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports():
    from mtcheck.files import InputError
    from mtcheck.run.fix_files import fix_text
    from mtcheck.run.session import Session
    from mtcheck.text.inputs import decode

SESSION = Session()
SLOW_SECONDS = 2.0


def check(source):
    return SESSION.check_input(source.path, source)


def one_input(data: bytes) -> None:
    for suffix in (".txt", ".md"):
        path = "/nonexistent-mtcheck-fuzz/article" + suffix
        try:
            source = decode(data, path)
        except InputError:
            return
        started = time.process_time()
        result = check(source)
        text = result.doc.text
        for finding in result.findings:
            if not 0 <= finding.start <= finding.end <= len(text):
                raise AssertionError(f"span out of the text: {finding}")
            line, column = result.doc.position(finding.start)
            if line < 1 or column < 1:
                raise AssertionError(f"position out of the text: {finding}")
        raw = data.decode("utf-8")
        fixed = fix_text(raw, path, check).fixed
        fixed.encode("utf-8")
        if fix_text(fixed, path, check).fixed != fixed:
            raise AssertionError("fixing twice changed the text again")
        if time.process_time() - started > SLOW_SECONDS:
            raise AssertionError(f"slow input: {time.process_time() - started:.1f} s")


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
