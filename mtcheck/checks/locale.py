"""MT8xx: numbers written the continental way in English text."""

from __future__ import annotations

import re
from typing import Iterator

from mtcheck.checks import provides
from mtcheck.document import Document
from mtcheck.findings import Fix, Hit

# 1.000 / 12.500 / 1.234.567 followed by a word: thousands grouped with full stops.
_DOT_GROUPED = re.compile(r"(?<![\w.,])(?P<number>\d{1,3}(?:\.\d{3})+)(?![\w.,]|\s?(?:%|per ?cent|percent))(?=\s+[^\W\d])")
_AFTER_VERSION = re.compile(r"(?i)(?:version|v|release|build|firmware|update|ip|no|nr)\.?\s*$")
# "3,000 million", "1,500 million", "12.500 millones": a long-scale count of millions.
_THOUSANDS_OF_MILLIONS = re.compile(r"(?<![\w.,])(?P<number>\d{1,3}(?:[,.]\d{3})+|\d{4,})(?P<space>\s+)million\b(?!s)")


@provides("suggestion")
def dot_thousands(doc: Document, rule) -> Iterator[Hit]:
    for block, match in doc.block_matches(_DOT_GROUPED):
        if _AFTER_VERSION.search(doc.checked, max(block.start, match.start() - 12), match.start()):
            continue
        start, end = match.span("number")
        fix = Fix(start, end, match.group("number").replace(".", ","), rule.fix_safe)
        yield Hit(start, end, fix)


def _billions(millions: int) -> str:
    value = f"{millions / 1000:.3f}".rstrip("0").rstrip(".")
    return f"{value} billion"


@provides()
def thousands_of_millions(doc: Document, rule) -> Iterator[Hit]:
    """"3,000 million euros": the Romance "3.000 millones" for what English calls 3 billion."""
    if "million" not in doc.checked:
        return
    for _, match in doc.block_matches(_THOUSANDS_OF_MILLIONS):
        millions = int(re.sub(r"[,.]", "", match.group("number")))
        if millions < 1000:
            continue
        fix = Fix(match.start(), match.end(), _billions(millions), rule.fix_safe)
        yield Hit(match.start(), match.end(), fix)


# Starts with the digits (the preceding character is checked in code): a leading lookbehind
# would be tried at every position of the text.
_ORDINAL_STOP = re.compile(r"(?P<number>[12]?\d|3[01])\.(?=[ \t\u00a0]+(?P<next>[^\W\d_]+))")


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


@provides()
def continental_ordinals(doc: Document, rule) -> Iterator[Hit]:
    """"his 22. win", "on 8. November": German and Nordic ordinals written with a full stop."""
    months = set(rule.options.get("months", ()))
    for _, match in doc.block_matches(_ORDINAL_STOP):
        if match.group("number") == "0" or match.start() and doc.checked[match.start() - 1] in "0123456789.,":
            continue  # part of a longer number ("2.5", "1,000.")
        following = match.group("next")
        if following in months:
            replacement = match.group("number")  # a date: "8 November"
        elif following.islower():
            replacement = _ordinal(int(match.group("number")))
        else:
            continue  # "...in round 3. The next..." ends a sentence
        yield Hit(match.start(), match.end(), Fix(match.start(), match.end(), replacement, rule.fix_safe))
