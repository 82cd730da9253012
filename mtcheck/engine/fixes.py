"""Applying fixes to text: from the end backwards, skipping any that overlap."""

from __future__ import annotations

from collections.abc import Iterable

from mtcheck.engine.findings import Fix


def apply_fixes(text: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix], list[Fix]]:
    """(new text, applied fixes, skipped overlapping fixes). Earlier fixes win over later ones;
    of two for the same span, the one given first wins (callers order them by rule code), so
    the result never depends on hashing order."""
    ordered = sorted(dict.fromkeys(fixes), key=lambda f: (f.start, f.end))  # a stable sort
    chosen: list[Fix] = []
    skipped: list[Fix] = []
    last_end = -1
    for fix in ordered:
        # Two insertions at one point, or a fix starting inside the previous one, conflict.
        if fix.start < last_end or (chosen and fix.start == chosen[-1].start == chosen[-1].end == fix.end):
            skipped.append(fix)
            continue
        chosen.append(fix)
        last_end = max(last_end, fix.end)
    pieces = []
    position = len(text)
    for fix in reversed(chosen):
        pieces.append(text[fix.end : position])
        pieces.append(fix.replacement)
        position = fix.start
    pieces.append(text[:position])
    return "".join(reversed(pieces)), chosen, skipped
