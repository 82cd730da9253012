"""casing's searches that open with a zero-width test find what the whole pattern finds."""

from __future__ import annotations

import random
import re

from mtcheck.checks import casing

PIECES = ("the ", "The ", "a ", "an ", "xa ", "-", "x", " ", ".", "national ", "state ", "bank ", "of ", "for ")
PIECES += ("Ukraine", "supreme court", "central bank", "national people's congress", "a national bank of Ab")


def test_a_search_that_tests_where_it_starts_finds_what_finditer_finds() -> None:
    named_openings, plain_openings = ("national", "state", "supreme", "central"), ("central", "national", "supreme")
    named = casing._named_institution_pattern(named_openings, ("bank", "court"))
    plain = casing._institution_pattern(plain_openings, ("bank", "congress", "court"))
    cases = ((casing._NO_ARTICLE_OR_WORD_BEFORE, named, named_openings), (casing._WORD_START, plain, plain_openings))
    whole = [re.compile(before.pattern + pattern.pattern) for before, pattern, _ in cases]
    rng = random.Random(13)
    found = 0
    for _ in range(2000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 25)))
        for (before, pattern, openings), reference in zip(cases, whole):
            expected = [m.span(1) if m.re.groups else m.span() for m in reference.finditer(text)]
            got = [m.span(1) if m.re.groups else m.span() for m in casing._found_where(before, pattern, text, openings)]
            assert got == expected, text
            found += len(got)
    assert found > 500


def test_the_word_the_found_after_its_letters_is_the_word_the() -> None:
    noun_place = casing._NOUN_PLACE
    before = (r"\b[Tt]he ([a-z]{3,4})" + noun_place, r"\b[Tt]he ([b-df-hj-np-tv-xz]{2,5})" + noun_place)
    pieces = ("the ", "The ", "THE ", "othe ", "athe ", "he ", "tt ", "spd", "hde", "the", "of ", "'s ", ", ", ". ")
    rng = random.Random(7)
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 20)))
        for old, new in zip(before, (casing._AFTER_THE, casing._VOWELLESS_AFTER_THE)):
            expected = [(m.span(), m.groups()) for m in re.finditer(old, text)]
            got = [(m.span(1), m.groups()) for m in new.finditer(text)]
            assert [(span[1], groups) for span, groups in expected] == [(span[1], groups) for span, groups in got], text
            found += len(got)
    assert found > 100
