"""Finding characters and strings with str methods, where a regular expression search would
cost more: str.find looks for one character at C speed, and rules a whole search out when
the character is not there."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, overload

from mtcheck.language.pattern_cache import compile_re

try:  # the optional native build's C loops (scripts/build_native.py); the Python here is their reference
    from mtcheck.text import native_words
except ImportError:
    native_words = None  # type: ignore[assignment]

if TYPE_CHECKING:
    import re

    import regex


def char_positions(text: str, chars: Iterable[str]) -> Iterator[int]:
    """Where each of chars (characters, or longer strings) stands in text, one after the other,
    overlapping places included (str.find: far faster than a search)."""
    for char in chars:
        at = text.find(char)
        while at >= 0:
            yield at
            at = text.find(char, at + 1)


def few_char_positions(text: str, chars: Iterable[str], most: int) -> list[int] | None:
    """Where each of chars stands in text, in order; None when they stand in more than `most`
    places (each place is a step in Python: a text full of them is searched the usual way)."""
    places: list[int] = []
    for char in chars:
        at = text.find(char)
        while at >= 0:
            places.append(at)
            at = text.find(char, at + 1)
        if len(places) > most:
            return None
    places.sort()
    return places


@overload
def matches_at(pattern: re.Pattern[str], text: str, positions: Iterable[int]) -> Iterator[re.Match[str]]: ...
@overload
def matches_at(pattern: regex.Pattern[str], text: str, positions: Iterable[int]) -> Iterator[regex.Match[str]]: ...
def matches_at(pattern: Any, text: str, positions: Iterable[int]) -> Iterator[Any]:
    """pattern.finditer(text) (of re or regex), the pattern tried only at `positions`, in order:
    every place where a match can start. finditer's next match is the one at the first place,
    from the end of its last match on, where the pattern matches; match(text, at) sees the text
    before `at`, as a search does (lookbehinds)."""
    searched_to = 0
    match_at = pattern.match
    for at in positions:
        if at < searched_to:
            continue
        match = match_at(text, at)
        if match is None:
            continue
        if match.end() == at:  # an empty match: finditer steps on from it in its own way
            yield from pattern.finditer(text, at)
            return
        yield match
        searched_to = match.end()


_ASCII_BYTES = bytes(range(128))


def digit_run_starts(text: str, digit: re.Pattern[str] | regex.Pattern[str]) -> list[int]:
    r"""Where each run of digits starts in text (a digit after no digit), a digit being what the
    pattern `digit` (r"\d", of re or of regex) matches. A long text with no digit outside ASCII (its
    characters outside ASCII, in order, searched: a few thousand curly quotes and dashes) has
    its ASCII digits found with str.find, rather than a search that tests every character."""
    if len(text) > SHORT_TEXT and ascii_digits_only(text, digit):
        digits = sorted(char_positions(text, "0123456789"))
    else:  # (a short text, a record: the search costs less than the way round it)
        digits = [m.start() for m in digit.finditer(text)]  # (one digit a match: faster than runs)
    return [at for at, before in zip(digits, [-2, *digits]) if before != at - 1]


def ascii_digits_only(text: str, digit: re.Pattern[str] | regex.Pattern[str]) -> bool:
    r"""Are all the text's digits (what `digit`, r"\d", matches) ASCII digits?"""
    return digit.search(outside_ascii(text)) is None


def lowered(text: str) -> str:
    """text.lower(): with the native build, in C (str.lower() reads a text beyond ASCII a
    character at a time through the full case tables: 9 M instructions for 190 KB, asked of a
    whole article twice)."""
    if native_words is None:
        return text.lower()
    return native_words.lowered(text)


def outside_ascii(text: str) -> str:
    """text's characters outside ASCII, in order (its UTF-8 without the ASCII bytes, in C; with
    the native build, one pass of C over the text)."""
    if native_words is not None:
        return native_words.outside_ascii(text)
    return text.encode(errors="surrogatepass").translate(None, _ASCII_BYTES).decode(errors="surrogatepass")


def holds_any(text: str, needles: Iterable[str]) -> bool:
    """Does text hold one of the needles? A needle with a character the text lacks is ruled
    out by searching for that character, which is far faster than searching for the needle
    in text stored two bytes a character (a curly quote is enough): "€ " in 190 KB of
    English news, 0.2 ms; "€", a few microseconds. One with a rare character ("( ", "$ ") is
    looked for where that character stands (see finder)."""
    if len(text) <= SHORT_TEXT:
        return any(map(text.__contains__, needles))
    return any(all(char in text for char in needle) and finder(text, needle)(0) >= 0 for needle in needles)


# Characters: a text this short is searched for a needle outright, in the time it takes to ask
# for its characters one by one (a record, a headline: most documents of a JSONL file).
SHORT_TEXT = 1024
# Characters: from this length on, the sentence marks, the sentence openers and NM102's word
# runs are found in one pass over the whole text; a shorter text (a record) keeps the searches
# part by part, which cost it less (1,000 one-line records took 17 % more the other way).
LONG_TEXT = 2000


# A step to the next occurrence of a needle's rare character costs what a search for the needle
# over a few hundred characters does: past len(text) / 256 steps (the character is common here),
# the needle is searched for instead, at worst some 1.5 times the cost of that search alone.
_STEPS_PER_CHARACTER = 1 / 256


def finder(text: str, needle: str) -> Callable[[int], int]:
    """`lambda start: text.find(needle, start)`, for successive searches. A needle with a rare
    character is looked for where that character stands, rather than by a search for the needle
    itself, which costs a tenth of a millisecond or more per 100,000 characters of a text stored
    two bytes a character."""
    anchor = _rare_character(needle)
    if anchor < 0:
        return lambda start: text.find(needle, start)
    char = needle[anchor]
    steps = max(32, int(len(text) * _STEPS_PER_CHARACTER))
    # In a long text, a character that its first sixteenth holds more often than a sixteenth of
    # the steps (a comma, a full stop in prose) would use up the steps before the needle is
    # searched for anyway: it is searched for at once. (Either way, the same places.)
    if steps > 32 and text.count(char, 0, len(text) >> 4) << 4 > steps:
        return lambda start: text.find(needle, start)

    def find(start: int) -> int:
        nonlocal steps
        at = text.find(char, start + anchor)  # the needle would start at at - anchor
        while at >= 0 and steps:
            if text.startswith(needle, at - anchor):
                return at - anchor
            steps -= 1
            at = text.find(char, at + 1)
        # Out of steps (the character is common here): no occurrence starts between start and at - anchor.
        return at if at < 0 else text.find(needle, at - anchor)

    return find


@cache
def _rare_character(needle: str) -> int:
    """Where the needle has a character that is neither a letter, a digit nor a space (rare in
    prose: brackets, symbols, tabs), or -1."""
    return next((i for i, char in enumerate(needle) if not (char.isalnum() or char == " ")), -1)


# Lowercase letters that `regex`, ignoring case, matches with another lowercase letter (Unicode's
# simple case folding, and a pattern's "I" matching "ı"), by that letter: the long s is an "s",
# the final sigma a "σ", the Greek symbol forms and old Cyrillic shapes their letters.
# tests/test_pattern_prefilters.py holds the table to regex's matching of every cased character.
_CASE_TWINS = {
    "ı": "i",
    "ſ": "s",
    "\u00b5": "\u03bc",  # micro sign: mu
    "\u0345": "\u03b9",  # combining ypogegrammeni: iota
    "\u1fbe": "\u03b9",  # prosgegrammeni: iota
    "\u1fd3": "\u0390",
    "\u1fe3": "\u03b0",
    "ϐ": "β",
    "ϵ": "ε",
    "ϑ": "θ",
    "ϰ": "κ",
    "ϖ": "π",
    "ϱ": "ρ",
    "ς": "σ",
    "ϕ": "φ",
    "\u1c80": "в",
    "\u1c81": "д",
    "\u1c82": "о",
    "\u1c83": "с",
    "\u1c84": "т",
    "\u1c85": "т",
    "\u1c86": "ъ",
    "\u1c87": "ѣ",
    "\u1c88": "ꙋ",
    "ẛ": "ṡ",
    "ﬅ": "ﬆ",
}
_TWIN = compile_re("[" + "".join(_CASE_TWINS) + "]")
# The twins of Latin-1 and Latin Extended-A, which words.text_words does not count as beyond Latin.
_LATIN_TWINS = tuple(twin for twin in _CASE_TWINS if twin <= "\u024f")


def case_folded(text: str, beyond_latin: list[int] | None = None) -> str:
    """text in lowercase and of its length, each letter as `regex` ignoring case takes it: a
    string so lowered is found in a text so lowered wherever a pattern that ignores case finds
    it in the text (the required strings of such a pattern are looked for so). `beyond_latin`:
    where the text has characters beyond Latin, when known (words.text_words): the twins beyond
    Latin are looked for there alone, and those of Latin and Latin-1 one by one, instead of a
    search of the whole text for every twin at once."""
    folded = lowered(text)
    if len(folded) != len(text):  # "İ" (the only such letter) lowers to "i" and a combining dot
        folded = text.replace("İ", "i").lower()
    if beyond_latin is None:
        twins = set(_TWIN.findall(folded))
    else:
        # A twin beyond Latin in the folded text stands where the text has it, or a "Σ" that
        # ends a word (folded to "ς"): both beyond Latin. No letter of Latin lowers to a twin.
        twins = {folded[at] for at in beyond_latin if folded[at] in _CASE_TWINS}
        twins.update(twin for twin in _LATIN_TWINS if twin in folded)
    # Each twin the text holds (a "µ", a Greek "ς") replaced on its own: str.translate reads a
    # text stored two bytes a character a character at a time, six times slower than lower().
    for twin in twins:
        folded = folded.replace(twin, _CASE_TWINS[twin])
    return folded
