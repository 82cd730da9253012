"""Fractions written as one number: a vulgar fraction character ("¾", "1½") or digits around
the fraction slash U+2044 ("3⁄4"), which typesetting and MT put where the other side has
"3/4" or "0,75"."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from mtcheck.language.number_model import Mention
from mtcheck.language.pattern_cache import compile_re

FRACTION_CHARACTERS = "\u00bc-\u00be\u2150-\u215e"  # ¼ to ¾, ⅐ to ⅞: as a character class's ranges
_FRACTION = compile_re(
    rf"(?<![\d.,])(?:(?P<whole>\d+) ?)?(?P<char>[{FRACTION_CHARACTERS}])"
    r"|(?<![\d.,])(?P<over>\d+)\u2044(?P<under>\d+)(?!\d)"
)
# "3/4" with an ASCII slash may be three quarters, or a date (5/8 is May 8 in English MT):
# a proper fraction with a small denominator, 1/2 to 9/10, gets both readings.
_SLASHED = compile_re(r"(?<![\d.,/])([1-9])/([2-9]|10)(?![\d/])")


# What each fraction has: a fraction character or the fraction slash (a quick test, where
# _FRACTION's lookbehinds make it scan slowly).
_FRACTION_MARK = compile_re(f"[{FRACTION_CHARACTERS}\u2044]")


def fraction_mentions(text: str) -> Iterator[Mention]:
    """Each fraction written with a fraction character or slash, as one number."""
    if not _FRACTION_MARK.search(text):
        return
    for match in _FRACTION.finditer(text):
        if match.group("char"):
            value = int(match.group("whole") or 0) + unicodedata.numeric(match.group("char"))
        elif int(match.group("under")):
            over, under = match.group("over"), int(match.group("under"))
            value = int(over) / under
            if len(over) > 1 and int(over[-1]) < under <= 9:  # "81⁄2": 8½ typeset without its space
                yield Mention(
                    match.start(),
                    match.end(),
                    match.group(),
                    frozenset({("n", value), ("n", int(over[:-1]) + int(over[-1]) / under)}),
                )
                continue
        else:
            continue
        yield Mention(match.start(), match.end(), match.group(), frozenset({("n", value)}))


def slashed_fractions(text: str) -> dict[int, float]:
    """The value of each "a/b" that may be a fraction, keyed by where each of its two
    numbers starts (a reader adds it to the readings of the digits)."""
    found = {}
    for match in _SLASHED.finditer(text) if "/" in text else ():
        over, under = int(match.group(1)), int(match.group(2))
        if over < under:
            found[match.start(1)] = found[match.start(2)] = over / under
    return found
