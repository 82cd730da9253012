"""The article the project started from: every artifact found, nothing else serious."""

from __future__ import annotations

from mtcheck.engine.findings import Severity
from mtcheck.run.session import Session
from tests.conftest import SEED, needs_shared

pytestmark = needs_shared(SEED)

EXPECTED = [
    # (line, column, code, text)
    (1, 1, "MT302", "Follow live the latest news about the war in Ukraine"),  # the header line
    (2, 17, "MT401", "()"),
    (3, 228, "MT201", "."),  # by Moscow. and Pyongyang.
    (4, 249, "MT201", "."),  # the war. in Ukraine
    (5, 288, "MT201", "."),  # aggression. of Russia
    (8, 221, "MT101", "kyiv"),
    (9, 70, "MT101", "kyiv"),
    (10, 241, "MT101", "kyiv"),
    (11, 1, "MT301", "Add Comment"),
]


def test_all_nine_artifacts_and_nothing_else_major():
    result = Session().check_path(str(SEED))
    serious = [f for f in result.findings if f.severity >= Severity.MAJOR]
    found = [(*result.doc.position(f.start), f.code, result.doc.text[f.start : f.end]) for f in serious]
    assert found == EXPECTED


def test_suggestions_repair_what_is_safe():
    result = Session().check_path(str(SEED))
    suggestions = {(result.doc.position(f.start)[0], f.code): f.fix.replacement for f in result.findings if f.fix}
    assert suggestions[(8, "MT101")] == "Kyiv"
    assert suggestions[(3, "MT201")] == ""  # the stray full stop goes
    assert suggestions[(11, "MT301")] == ""
