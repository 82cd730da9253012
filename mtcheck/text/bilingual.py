"""Bilingual files (XLIFF 1.2 and 2.x, TMX, TSV and CSV): the units of translation in them,
each a target text with its source, its languages, and the map back to the file.

A unit's target is what a reader would see of it: inline markup left out (paired codes such
as XLIFF's `<g>` or `<bpt>` leave no trace, a standalone placeholder such as `<x/>` or `<ph>`
stands as MASK), entities and character references decoded, CSV quotes undone. Its
`SourceMap` (mtcheck/text/html.py) records where each character came from in the file, so
that findings are reported at their line and column there and a fix edits only the target's
own text, escaped as the format needs (`escape` returns None when it cannot be written).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the HTML reader is imported with the first bilingual file, not with this module
    from mtcheck.text.html import SourceMap


@dataclass(frozen=True)
class Columns:
    """Which columns of a TSV or CSV file hold the source and the target (None: found by header name)."""

    source: str | None = None
    target: str | None = None


@dataclass
class Unit:
    """One unit of translation: its id, its source and target as checked, and the target's
    map back into the file's text."""

    id: str
    source: str
    target: str
    target_map: SourceMap
    escape: Callable[[str], str | None]  # a replacement as it must be written in the target
    line: int  # the line of the unit in the file
    source_lang: str | None = None  # as the file gives them ("de-DE"), None when it does not
    target_lang: str | None = None


def language_tag(value: str | None) -> str | None:
    """A file's language as mtcheck names languages ("de-DE" -> "de"), None when unusable."""
    if not value or value.strip() in ("", "*all*"):
        return None
    return value.strip().lower().replace("_", "-").split("-")[0] or None
