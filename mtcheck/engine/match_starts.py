"""Where a pattern's matches can start, for the few bundled patterns whose one search of a whole
document costs the most: such a pattern begins with a lookbehind or a character class, which
`regex` tries at every character (some 75 instructions each), while the places a match can start
(a double space, a comma not followed by a space) are found with str methods at C speed and are
few. The pattern is then tried only there, as finditer would (tests/test_match_starts.py holds
the two equal on real text).

Each entry is keyed by the pattern's exact text: a pattern that is edited is no longer listed,
and is searched the ordinary way until its entry is written again for it."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from mtcheck.language.pattern_cache import compile_pattern
from mtcheck.text.scan import SHORT_TEXT, ascii_digits_only, char_positions, digit_run_starts, native_words

if TYPE_CHECKING:
    import regex


@dataclass(frozen=True)
class MatchStarts:
    """Every match starts where one of `strings` stands, or at one of `marks` not followed by
    one of `never_after` (nor standing last), or (`digit_runs`) where a run of digits starts."""

    strings: tuple[str, ...] = ()
    marks: str = ""
    never_after: str = ""
    digit_runs: bool = False

    def positions(self, text: str) -> list[int]:
        """The places in text where a match can start, in order (a superset of them): with the
        native build, in one pass of C for a long text whose digits are ASCII (each string
        and mark searched for, or split at, here: 0.4-0.6 ms each on a 190 KB article)."""
        if (
            native_words is not None
            and len(text) > SHORT_TEXT
            and all(self.strings)
            and len(self.strings) <= _MOST_NATIVE_STRINGS
        ):
            if not self.digit_runs or ascii_digits_only(text, _DIGIT):
                return native_words.match_starts(text, self.strings, self.marks, self.never_after, self.digit_runs)
        found: set[int] = set(digit_run_starts(text, _DIGIT)) if self.digit_runs else set()
        found.update(char_positions(text, self.strings))  # (overlapping: "   " holds "  " twice)
        never_after = self.never_after
        for mark in self.marks:
            if mark not in text:
                continue
            # The text split at the mark: the k-th mark stands after k + 1 pieces and k marks,
            # and the piece after it begins with the character that follows it (when empty,
            # another mark follows, or none after the last).
            pieces = text.split(mark)
            ends = accumulate(map(len, pieces[:-1]))
            last = len(pieces) - 2
            found.update(
                end + k
                for k, (end, after) in enumerate(zip(ends, pieces[1:]))
                if (after[0] not in never_after if after else k < last and mark not in never_after)
            )
        return sorted(found)


_DIGIT = compile_pattern(r"\d")  # (the patterns' digits: regex's)
_MOST_NATIVE_STRINGS = 64  # (native_words.c: MOST_NEEDLES)

# Whitespace that a match never has right after its first character.
_SPACE_OR_BREAK = " \n"

MATCH_STARTS: dict[str, MatchStarts] = {
    # MT202, a sentence run on after its full stop ("home.The"): the match begins with the mark,
    # followed by a closing quote or bracket or by a capital (the lookahead), never by a space.
    r'(?<=\p{Ll}{2})(?P<replace>(?P<flag>[.!?])(?P<close>["”’»)]?))(?=\p{Lu}\p{Ll}+\b)': MatchStarts(
        marks=".!?", never_after=_SPACE_OR_BREAK
    ),
    # MT502, no space after a comma between words ("red,green"): the mark, then a lowercase letter.
    r"(?<=\p{Ll}{2})(?P<flag>[,;:])(?=\p{Ll}{2})": MatchStarts(marks=",;:", never_after=_SPACE_OR_BREAK),
    # MT503, a double space: the match begins with two of " " and the no-break space, so with
    # "  ", " \u00a0", or a no-break space.
    r'(?P<flag>[ \u00a0][ \u00a0](?<=[^\s.!?:]..)(?<![.!?:]["”’»)\]]..)[ \u00a0]*)(?=\S)': MatchStarts(
        strings=("  ", " \u00a0", "\u00a0")
    ),
    # MT604, markup and placeholders left in ("<unk>", "{0}", "%s", "[PERSON]"): each alternative
    # begins with one of "<{%[", followed by a letter, a digit, "/" or "{".
    r"<(?:unk|UNK|s|/s|pad|PAD|mask|MASK|eos|EOS|bos|BOS|sep|SEP|cls|CLS)>|</?(?:br|p|b|i|u|em|strong|span|div|a|font|sup|sub|li|ul|h[1-6])\b[^<>\n]{0,80}>|\{\{\s*[\w.]+\s*\}\}|\{\d\}|(?<![\w%])%(?:\d\$)?[sdif](?!\w)|\[(?:PERSON|NAME|LOC|LOCATION|ORG|ORGANIZATION|ORGANISATION|DATE|TIME|NUMBER|PER|MISC|EMAIL|URL|PHONE|ADDRESS|GPE)(?:_\d+)?\]": MatchStarts(
        marks="<{%[", never_after=_SPACE_OR_BREAK
    ),
    # MT803, a clock time written the French way ("14h30"): a digit after no word character
    # (the lookbehind after it), so after no digit.
    r"(?P<h>\d(?<!\w\d)\d?)(?<=\b(?:[01]?\d|2[0-3]))(?:\.(?P<m>[0-5]\d)(?<=\b(?:at|from|until|till|since)\s+\d{1,2}\.\d\d|\b(?:0\d|1[3-9]|2[0-3])\.\d\d|\.00)\s?(?:h|hrs|hours)\b|:(?P<m3>[0-5]\d)\s?h\b|h(?P<m2>[0-5]\d)\b)": MatchStarts(
        digit_runs=True
    ),
    # MT807, a currency sign after its amount ("100€"): a digit after no word character, so after no digit.
    r"(?<![\w.,])(?P<num>\d[\d.,]*\d|\d)[ \u00a0]?(?P<cur>[€£¥$])(?![\w€£¥$])": MatchStarts(digit_runs=True),
}


# Flags that leave the entries true: none that changes what a character class or a literal
# matches (IGNORECASE, VERBOSE) or the order of a search (REVERSE, POSIX).
# regex.UNICODE | VERSION0 | VERSION1, written out: `import regex` costs a tenth of a start
# (the compiled patterns come from pattern_cache without it).
_PLAIN_FLAGS = 0x20 | 0x2000 | 0x100


def match_starts(pattern: regex.Pattern[str]) -> MatchStarts | None:
    """The pattern's entry, if it has one and is compiled with no flag that would change it."""
    starts = MATCH_STARTS.get(pattern.pattern)
    return starts if starts is not None and not pattern.flags & ~_PLAIN_FLAGS else None


def start_positions(cache: dict, text: str, starts: MatchStarts) -> list[int]:
    """starts.positions(text), kept in the document's cache: two patterns with the same entry
    (a digit after no digit) share them."""
    key = ("match_starts", starts)
    positions: list[int] | None = cache.get(key)
    if positions is None:
        positions = cache[key] = starts.positions(text)
    return positions
