"""MT7xx: text decoded with the wrong encoding somewhere on its way (mojibake)."""

from __future__ import annotations

import difflib
from typing import Iterator

import regex

from mtcheck.checks import provides
from mtcheck.document import Document
from mtcheck.findings import Fix, Hit

# UTF-8 read as Latin-1 or Windows-1252 turns every multi-byte character into a lead
# character (U+00C2-U+00F4) followed by continuation bytes (U+0080-U+00BF, or what
# cp1252 puts at 0x80-0x9F). Text without such a pair cannot be mojibake of this kind,
# so ftfy is only imported, and only asked, when one is there.
_UTF8_AS_CP1252 = regex.compile(
    r"[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


@provides("repaired")
def mojibake(doc: Document, rule) -> Iterator[Hit]:
    """Mojibake found and repaired by ftfy, line by line, reported per damaged stretch."""
    if not _UTF8_AS_CP1252.search(doc.checked):
        return
    fix_encoding = None
    for line in doc.lines:
        text = doc.checked[line.start : line.end]
        if not _UTF8_AS_CP1252.search(text):
            continue
        if fix_encoding is None:
            from ftfy import fix_encoding
        repaired = fix_encoding(text)
        if repaired == text:
            continue
        for start, end, replacement in _changes(text, repaired):
            fix = Fix(line.start + start, line.start + end, replacement, rule.fix_safe)
            yield Hit(line.start + start, line.start + end, fix, {"repaired": replacement})


def _changes(old: str, new: str) -> list[tuple[int, int, str]]:
    """Minimal (start, end, replacement) edits turning old into new, nearby ones merged."""
    edits: list[tuple[int, int, int, int]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if edits and i1 - edits[-1][1] <= 2:  # "â€œ" and its neighbours are one damaged word
            edits[-1] = (edits[-1][0], i2, edits[-1][2], j2)
        else:
            edits.append((i1, i2, j1, j2))
    return [(i1, i2, new[j1:j2]) for i1, i2, j1, j2 in edits]
