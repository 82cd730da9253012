"""MT4xx: datelines damaged by MT."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from mtcheck.checks import made_from_options, provides
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
        for foreign in made_from_options(rule, _longest_first, "cities"):
            after = head[len(foreign) : len(foreign) + 1]
            if head.startswith(foreign) and after in (" ", ",", "(", ""):
                english = cities[foreign]
                if english != foreign:
                    end = block.start + len(foreign)
                    yield Hit(block.start, end, Fix(block.start, end, english, rule.fix_safe))
                break


def _longest_first(cities: Mapping[str, str]) -> tuple[str, ...]:
    """The cities' foreign names, longest first: sorted once per list, not per document."""
    return tuple(sorted(cities, key=longest_first))
