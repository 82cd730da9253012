"""MT4xx: datelines damaged by MT."""

from __future__ import annotations

from collections.abc import Iterator

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
    longest = sorted(cities, key=longest_first)
    for block in doc.blocks:
        if dateline_end(doc.checked, block.start, block.end) == block.start:
            continue  # no dateline here
        head = doc.checked[block.start : block.start + 40]
        for foreign in longest:
            after = head[len(foreign) : len(foreign) + 1]
            if head.startswith(foreign) and after in (" ", ",", "(", ""):
                english = cities[foreign]
                if english != foreign:
                    end = block.start + len(foreign)
                    yield Hit(block.start, end, Fix(block.start, end, english, rule.fix_safe))
                break
