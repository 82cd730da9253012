"""Applying fixes: from the end backwards, skipping overlaps."""

from __future__ import annotations

from mtcheck.engine.findings import Fix
from mtcheck.engine.fixes import apply_fixes


def test_fixes_apply_in_any_order():
    text = "kyiv and nato"
    fixed, applied, skipped = apply_fixes(text, [Fix(9, 13, "NATO"), Fix(0, 4, "Kyiv")])
    assert fixed == "Kyiv and NATO" and len(applied) == 2 and not skipped


def test_overlapping_fixes_are_skipped_and_reported():
    text = "BRUSSELS () –\nNATO met."
    first = Fix(8, 11, "")  # remove " ()"
    overlapping = Fix(0, 14, "BRUSSELS () – ")  # join the dateline with the story
    fixed, applied, skipped = apply_fixes(text, [overlapping, first])
    assert applied == [overlapping] and skipped == [first]
    assert fixed == "BRUSSELS () – NATO met."


def test_same_fix_twice_counts_once():
    fixed, applied, _ = apply_fixes("kyiv", [Fix(0, 4, "Kyiv"), Fix(0, 4, "Kyiv")])
    assert fixed == "Kyiv" and len(applied) == 1
