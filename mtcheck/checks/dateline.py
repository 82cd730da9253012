"""MT4xx: datelines damaged by MT."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from mtcheck.checks import provides
from mtcheck.engine.findings import Fix, Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.language.pattern_cache import longest_first
from mtcheck.text.document import Document
from mtcheck.text.segment import dateline_end


@provides(options={"cities": {}})
def untranslated_city(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A dateline whose city is the source language's name for it ("BRUSELAS –")."""
    cities: dict[str, str] = rule.options["cities"]
    for block in doc.blocks:
        if dateline_end(doc.checked, block.start, block.end) == block.start:
            continue  # no dateline here
        head = doc.checked[block.start : block.start + 40]
        for foreign in _longest_first(tuple(cities)):
            after = head[len(foreign) : len(foreign) + 1]
            if head.startswith(foreign) and after in (" ", ",", "(", ""):
                english = cities[foreign]
                if english != foreign:
                    end = block.start + len(foreign)
                    yield Hit(block.start, end, Fix(block.start, end, english, rule.fix_safe))
                break


@lru_cache(maxsize=8)
def _longest_first(cities: tuple[str, ...]) -> tuple[str, ...]:
    """The cities, longest first: sorted once per list, not per document (keyed by the list itself)."""
    return tuple(sorted(cities, key=longest_first))
