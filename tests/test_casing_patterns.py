"""casing's searches that open with a zero-width test find what the whole pattern finds."""

from __future__ import annotations

import random
import re

from mtcheck.checks import casing

PIECES = ("the ", "The ", "a ", "an ", "xa ", "-", "x", " ", ".", "national ", "state ", "bank ", "of ", "for ")
PIECES += ("Ukraine", "supreme court", "central bank", "national people's congress", "a national bank of Ab")


def test_a_search_that_tests_where_it_starts_finds_what_finditer_finds() -> None:
    named = casing._named_institution_pattern(("national", "state", "supreme", "central"), ("bank", "court"))
    plain = casing._institution_pattern(("central", "national", "supreme"), ("bank", "congress", "court"))
    cases = ((casing._NO_ARTICLE_OR_WORD_BEFORE, named), (casing._WORD_START, plain))
    whole = [re.compile(before.pattern + pattern.pattern) for before, pattern in cases]
    rng = random.Random(13)
    found = 0
    for _ in range(2000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 25)))
        for (before, pattern), reference in zip(cases, whole):
            expected = [m.span(1) if m.re.groups else m.span() for m in reference.finditer(text)]
            got = [m.span(1) if m.re.groups else m.span() for m in casing._found_where(before, pattern, text)]
            assert got == expected, text
            found += len(got)
    assert found > 500
