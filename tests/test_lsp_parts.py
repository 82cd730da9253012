"""The language server's parts that need no client: positions of mtcheck's offsets as LSP counts
them (line breaks '\\n', '\\r\\n', '\\r' and nothing else, a BOM kept, columns in UTF-8, UTF-16 or
UTF-32 code units), and pygls as an optional extra that `mtcheck check` never loads."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from mtcheck.run.lsp_positions import DocumentPositions
from mtcheck.text.inputs import decode
from tests.conftest import REPO

PIECES = ["a", "Kyiv", " ", "\n", "\r", "\r\n", "😀", "🇺🇦", "é", "ḱ", "\u2028", "\x0c", "\x85", "\ufeff"]


def expected(raw: str, raw_offset: int, encoding: str) -> tuple[int, int]:
    before = raw[:raw_offset]
    line = len(re.findall(r"\r\n|\r|\n", before))
    last = re.split(r"\r\n|\r|\n", before)[-1]
    if encoding == "utf-8":
        return line, len(last.encode("utf-8"))
    if encoding == "utf-16":
        return line, sum(2 if ord(c) > 0xFFFF else 1 for c in last)
    return line, len(last)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.booleans(), st.sampled_from(["utf-8", "utf-16", "utf-32"]))
def test_checked_offsets_land_on_the_same_character_in_the_editors_text(pieces, bom, encoding):
    raw = ("\ufeff" if bom else "") + "".join(pieces)
    checked = decode(raw.encode("utf-8"), "x.txt").text  # what mtcheck's offsets count in
    positions = DocumentPositions(raw, encoding)
    found = positions.checked_offsets(range(len(checked) + 1))
    for offset in range(len(checked) + 1):
        raw_offset = positions.checked_to_raw(offset)
        if offset < len(checked):
            assert raw[raw_offset] == checked[offset] or (checked[offset] == "\n" and raw[raw_offset] in "\r\n")
        assert found[offset] == expected(raw, raw_offset, encoding)


def test_many_findings_on_one_long_line_cost_one_pass():
    unit = "🇺🇦 kyiv "  # 8 code points, 10 UTF-16 units
    raw = unit * 200_000  # 1.6 million characters on one line, a position at each repeat
    found = DocumentPositions(raw, "utf-16").checked_offsets(range(0, len(raw), len(unit)))
    assert found[len(unit) * 150_000] == (0, 10 * 150_000)


def _run(probe: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=REPO)


def test_checking_never_loads_the_language_server():
    probe = (
        "import sys\n"
        "from mtcheck.cli import main\n"
        "sys.argv = ['mtcheck', 'check', 'examples/brief.txt']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'mtcheck.run.lsp_server')))\n"
    )
    result = _run(probe)
    assert "MT101" in result.stdout and result.stdout.splitlines()[-1] == "[]"


def test_without_the_extra_the_command_says_what_to_install():
    probe = (
        "import sys\n"
        "sys.modules['lsprotocol'] = sys.modules['pygls'] = None\n"  # as if the extra were not installed
        "from mtcheck.cli import main\n"
        "sys.argv = ['mtcheck', 'lsp']\n"
        "main()\n"
    )
    result = _run(probe)
    assert result.returncode == 2
    assert result.stderr.strip().endswith('the language server needs lsprotocol: pip install "mtcheck[lsp]"')
