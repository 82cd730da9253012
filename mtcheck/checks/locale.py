"""MT8xx: numbers written the continental way in English text.

A number is flagged where an English reader would misread it: `3,5` (a decimal comma, read as
a list or as 35), `12.500` (a full stop between thousands, read as twelve and a half), `20, 000`
(a group of thousands cut off by a space). What decides is the number's neighbourhood, named
in the rules' YAML options: units, currencies and scale words after it, and the word before it
that makes a dotted number a version, a section or a score.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property

from mtcheck.checks import made_from_options, provides
from mtcheck.engine.findings import Fix, Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.language.pattern_cache import compile_re, longest_first
from mtcheck.text.blocks import Block
from mtcheck.text.document import Document
from mtcheck.text.scan import digit_run_starts

_SPACE = "[ \u00a0\u202f]"
# Digits glued to a word or another number ("E480,20KQ", "1.2.3", "15/30") are codes, not
# amounts. Each pattern starts with a digit and looks behind it from there: a leading
# lookbehind would be tried at every position of the text.
_FIRST_DIGIT = r"\d(?<![\w.,:/#]\d)"
_DOTTED = compile_re(rf"(?P<number>{_FIRST_DIGIT}\d{{0,2}}(?:\.\d{{3}})+)(?!\d|[.,]\d|/\d)")
_COMMA_DECIMAL = compile_re(
    rf"(?P<number>(?P<int>{_FIRST_DIGIT}\d{{0,2}})(?P<groups>(?:\.\d{{3}})*),(?P<frac>\d{{1,2}}))(?!\d|[.,]\d)"
)
_SPLIT_GROUP = compile_re(
    rf"(?P<int>{_FIRST_DIGIT}\d{{0,2}})(?P<sep>,{_SPACE}|{_SPACE}[.,]|\.{_SPACE})(?P<group>\d{{3}})(?!\d|[.,]\d)"
)
_CLOCK_BEFORE = compile_re(r"(?:[\d)]|\d[:.]\s?\d\d\s?[-–])\s?\Z")  # "4/21 23: 59", "(Sat) 10: 00", "6: 00-6: 20"
_CLOCK_RANGE_AFTER = compile_re(r"\s?[-–]\s?\d{1,2}[:.]\s?\d\d(?!\d)")  # "13: 00-14: 00"
_SPACED_CLOCK = compile_re(
    rf"(?P<h>{_FIRST_DIGIT}\d?)(?P<sep>:{_SPACE}|\.{_SPACE}|{_SPACE}:)(?P<m>[0-5]\d)(?!\d|[.,:]\d)"
)

_RANGE = compile_re(rf"{_SPACE}?[-–—]{_SPACE}?\d[\d.,]*")  # "3,5-4,2": the context is after the range
_WORD_BEFORE = compile_re(r"([^\W\d_]+|[§#№])[^\w§#№]*\Z")
_WORD_AFTER = compile_re(rf"{_SPACE}?([^\W\d_][\w'’-]*)")
_LIST_BEFORE = compile_re(rf"(?<![\d.,])\d{{1,3}}{_SPACE}?[,;/]{_SPACE}*\Z")  # "ages 8, 10,12": a list of numbers
_LIST_AFTER = compile_re(rf"(?:{_SPACE}?,{_SPACE}?\d+(?![.,]\d))*,?{_SPACE}+(?:and|or|&){_SPACE}+\d+(?![.,]?\d)")
_SPLIT_CODE = compile_re(rf"\d[.,]{_SPACE}?\Z")  # "424.10. 0.20. 02.002": a code written in parts
_SPACE_GROUPED = compile_re(rf"\d{_SPACE}\Z")  # "per 100 000, 871": a number grouped with spaces


_DIGIT = compile_re(r"\d")


def _matches_at_digits(doc: Document, pattern: re.Pattern[str]) -> Iterator[tuple[Block, re.Match[str]]]:
    """doc.block_matches(pattern) for a pattern that starts with a digit after no word
    character (all here: _FIRST_DIGIT and its kin), so only where a run of digits starts:
    the runs are found once for all such patterns, each tried there as finditer would, on
    from the end of its last match (tests/test_locale_numbers.py holds the two equal)."""
    text = doc.checked
    if "digit_runs" not in doc.cache:
        doc.cache["digit_runs"] = digit_run_starts(text, _DIGIT)
    searched_to = 0
    for start in doc.cache["digit_runs"]:
        if start < searched_to:
            continue
        match = pattern.match(text, start)
        if match is None:
            continue
        searched_to = match.end()
        block = doc.block_holding(start, match.end())
        if block is not None:
            yield block, match


def _alternation(words: Iterable[str]) -> str:
    """One regex alternation: short symbols and abbreviations with a capital keep their case
    ("A" is amperes, "a" is not), words match in any case."""
    parts = []
    for word in sorted({str(w) for w in words}, key=longest_first):
        escaped = re.escape(word).replace(r"\ ", rf"{_SPACE}+")
        parts.append(escaped if len(word) <= 2 or any(c.isupper() for c in word) else f"(?i:{escaped})")
    return "|".join(parts) or "(?!)"


# The word lists the number checks share (rules/en/locale.yaml sets them for each rule).
_NUMBER_WORDS: dict = {
    key: ()
    for key in (
        "clock-after",
        "code-words",
        "currencies",
        "currency-codes",
        "dates",
        "decimal-words",
        "function-words",
        "list-nouns",
        "per-measure",
        "percent",
        "scales",
        "score-words",
        "time-words",
        "units",
    )
}


class _Vocabulary:
    """The words around numbers that a rule's options name. Each pattern is compiled the
    first time a number needs it: most articles have no number that does."""

    def __init__(self, options: dict):
        self.options = options  # kept: the cache below is keyed by its id
        self.code_words = self._set("code-words", lower=True)  # "version 2.100", "§ 1.234", "IP ..."
        self.decimal_words = self._set("decimal-words", lower=True)  # "a score of 3.125"
        self.list_nouns = self._set("list-nouns")  # "pages 3,4"
        self.score_words = self._set("score-words")  # "won 2,1", "a 2,1 win"
        self.function_words = self._set("function-words")
        self.dates = self._set("dates", lower=True)  # "April 3, 410 bodies": a date, then a count
        self.time_words = self._set("time-words")  # "at 19: 00"

    def _words(self, key: str) -> list[str]:
        return [str(w) for w in self.options[key]]

    def _set(self, key: str, lower: bool = False) -> frozenset[str]:
        return frozenset(w.lower() if lower else w for w in self._words(key))

    # Each *_after pattern matches at the start of the text after a number.
    @cached_property
    def percent(self) -> re.Pattern[str]:
        return _after(_alternation(self._words("percent")))

    @cached_property
    def unit(self) -> re.Pattern[str]:
        return _after(_alternation(self._words("units")))

    @cached_property
    def scale(self) -> re.Pattern[str]:
        return _after(_alternation(self._words("scales")))

    @cached_property
    def _symbols(self) -> str:
        marks = "".join(c for c in self._words("currencies") if len(c) == 1)
        return f"[{re.escape(marks)}]" if marks else "(?!)"

    @cached_property
    def currency_after(self) -> re.Pattern[str]:
        names = [c for c in self._words("currencies") if len(c) > 1] + self._words("currency-codes")
        return compile_re(rf"{_SPACE}?(?:{self._symbols}|(?:{_alternation(names)})(?![^\W\d_]))")

    @cached_property
    def currency_before(self) -> re.Pattern[str]:  # searched in the text before a number
        codes = _alternation(self._words("currency-codes"))
        return compile_re(rf"(?:{self._symbols}|(?<![^\W\d_])(?:{codes})\.?){_SPACE}?\Z")

    @cached_property
    def per_measure(self) -> re.Pattern[str]:  # "per litre": a price that may well have three decimals
        return compile_re(
            rf"{_SPACE}?(?:per|a|an|/){_SPACE}?(?:{_alternation(self._words('per-measure'))})(?![^\W\d_])"
        )

    @cached_property
    def clock_after(self) -> re.Pattern[str]:  # "19: 00 p.m.", "22. 00 Moscow time"
        return _after(_alternation(self._words("clock-after")))

    def unit_after(self, text: str) -> bool:
        return any(p.match(text) for p in (self.percent, self.unit, self.scale, self.currency_after))

    def word_before(self, before: str, skip: int = 2) -> str:
        """The nearest word before a number, passing over up to `skip` function words."""
        for _ in range(skip + 1):
            match = _WORD_BEFORE.search(before)
            if not match:
                return ""
            word = match.group(1).lower()
            if word not in self.function_words:
                return word
            before = before[: match.start()]
        return ""


def _after(words: str) -> re.Pattern[str]:
    """Words right after a number, with a space or glued to it ("5.500m")."""
    return compile_re(rf"{_SPACE}?(?:{words})(?![^\W\d_])")


_VOCABULARIES: dict[int, _Vocabulary] = {}


def _vocabulary(rule: PythonRule) -> _Vocabulary:
    # The MT80x rules share one options mapping (a YAML anchor), hence one vocabulary.
    vocabulary = _VOCABULARIES.get(id(rule.options))
    if vocabulary is None:
        if len(_VOCABULARIES) > 32:
            _VOCABULARIES.clear()  # rule sets loaded again and again (tests): keep none alive for long
        vocabulary = _VOCABULARIES[id(rule.options)] = _Vocabulary(rule.options)
    return vocabulary


def _context(doc: Document, block_start: int, block_end: int, start: int, end: int) -> tuple[str, str]:
    """The text before a number (within its block) and after it, past a range ("3,5-4,2 %")."""
    text = doc.checked
    span = _RANGE.match(text, end, block_end)
    after_start = span.end() if span else end
    return text[max(block_start, start - 40) : start], text[after_start : min(block_end, after_start + 40)]


def _hit(start: int, end: int, replacement: str, rule: PythonRule, sure: bool) -> Hit:
    """A finding whose fix is safe only when the reading is sure; the message says which."""
    note = "" if sure else " (if that is the value meant)"
    return Hit(start, end, Fix(start, end, replacement, rule.fix_safe and sure), {"note": note})


def _next_word(words: _Vocabulary, after: str) -> str | None:
    """The word after a number, unless it is a function word ("2.256 and ...")."""
    match = _WORD_AFTER.match(after)
    if not match or match.group(1).lower() in words.function_words:
        return None
    return match.group(1)


# ------------------------------------------------------------------------------------------
# MT801: decimal commas


@provides("suggestion", "note", options=_NUMBER_WORDS)
def decimal_commas(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """ "3,5 percent", "1,5 A", "is 46,7.", "1.234,5": a comma before one or two digits is a
    decimal comma in English text, except in a list ("pages 3,4 and 7") or a score ("won 2,1")."""
    if "," not in doc.checked:
        return
    words = _vocabulary(rule)
    for block, match in _matches_at_digits(doc, _COMMA_DECIMAL):
        start, end = match.span("number")
        reading = _read_comma(doc, block, match, words)
        if reading is None:
            continue
        replacement = match.group("int") + match.group("groups").replace(".", ",") + "." + match.group("frac")
        yield _hit(start, end, replacement, rule, reading)


def _read_comma(doc: Document, block: Block, match: re.Match[str], words: _Vocabulary) -> bool | None:
    """None when the comma is not a decimal comma; else whether the fix is safe."""
    if match.group("groups"):
        return True  # "1.234,5": only a continental number looks so
    before, after = _context(doc, block.start, block.end, *match.span())
    if words.currency_before.search(before) or any(
        p.match(after) for p in (words.percent, words.scale, words.currency_after)
    ):
        return True  # "3,5 %", "1,2 billion", "€2,50": an amount, even in a list ("In 2021, 3,5 %")
    if _LIST_BEFORE.search(before) or (before.endswith("[") and after.startswith("]")):
        return None  # "[0,0]": a pair of numbers in square brackets (coordinates, a vector)
    if words.unit.match(after):
        whole, frac = match.group("int"), match.group("frac")
        # "2,3 times", "3,4 days" in Chinese and Japanese MT are "two or three": flag, but do not guess.
        return not (len(whole) == len(frac) == 1 and int(frac) == int(whole) + 1)
    previous = words.word_before(before)
    if previous in words.list_nouns or previous in words.score_words:
        return None
    following = _WORD_AFTER.match(after)
    if following and following.group(1).lower() in words.score_words:
        return None  # "a 2,1 win"
    # "2,5 and 7" alone is no list: "a temperature of 37,7 and 38 in the evening"
    return False


# ------------------------------------------------------------------------------------------
# MT802: full stops between thousands


@provides("suggestion", "note", options=_NUMBER_WORDS)
def dot_thousands(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """ "12.500 euros", "CZK 220.000", "3.280yen", "at 10.000.": full stops between thousands.
    A number a reader may take for a decimal with three places ("2.256 seconds", "a score of
    3.125") is left alone; one that is probably thousands but could be a decimal ("5.500m",
    "to 2.713.") gets an unsafe fix."""
    if "." not in doc.checked:
        return
    words = _vocabulary(rule)
    for block, match in _matches_at_digits(doc, _DOTTED):
        start, end = match.span("number")
        reading = _read_dotted(doc, block, start, end, words)
        if reading is None:
            continue
        yield _hit(start, end, match.group("number").replace(".", ","), rule, reading)


def _read_dotted(doc: Document, block: Block, start: int, end: int, words: _Vocabulary) -> bool | None:
    """None when the full stops are (or may well be) decimal points or parts of a code; else
    whether they are surely thousands separators (a safe fix)."""
    head, *groups = doc.checked[start:end].split(".")
    if head.startswith("0"):
        return None  # "0.375", "02.002": a decimal, or a code
    before, after = _context(doc, block.start, block.end, start, end)
    if _SPLIT_CODE.search(before):
        return None
    currency = bool(words.currency_before.search(before) or words.currency_after.match(after))
    if not currency and words.word_before(before, skip=0) in words.code_words:
        return None
    following = _next_word(words, after)
    if len(groups) > 1:
        numbers = [int(head), *map(int, groups)]
        if len(groups) == 3 and max(numbers) <= 255 and not currency and following is None:
            return None  # an IP address
        return True
    group = groups[0]
    if words.percent.match(after):
        return None  # "1.125 per cent"
    if words.scale.match(after):
        # "1.125 million" is English; "2.500 million" is the source's 2,500 million
        return False if group.endswith("00") else None
    if currency:
        named = words.currency_after.match(after)
        if words.per_measure.match(after[named.end() if named else 0 :]):
            return None  # "€1.659 per litre", "1.125 dollars per euro": a price with three decimals
        # "the euro rose to 1.125 dollars" may be an exchange rate
        return len(head) > 1 or group.endswith("00")
    if words.unit.match(after):
        # "2.256 seconds" is a decimal; "1.000 km" is not; "5.500m" probably not
        return True if group == "000" else False if group.endswith("00") else None
    if following is not None:
        return True  # "12.500 people", "1.234 new cases": a count
    if words.word_before(before) in words.decimal_words:
        return None  # "a score of 3.125", "the ratio was 1.125."
    return group == "000"  # "at 10.000.", "to 2.713 and": probably thousands


# ------------------------------------------------------------------------------------------
# MT806: thousands of millions

# "3,000 million", "1,500 million", "12.500 millones": a long-scale count of millions.
_THOUSANDS_OF_MILLIONS = compile_re(
    r"(?P<number>\d(?<![\w.,]\d)(?:\d{0,2}(?:[,.]\d{3})+|\d{3,}))(?P<space>\s+)million\b(?!s)"
)


def _billions(millions: int) -> str:
    value = f"{millions / 1000:.3f}".rstrip("0").rstrip(".")
    return f"{value} billion"


@provides()
def thousands_of_millions(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """ "3,000 million euros": the Romance "3.000 millones" for what English calls 3 billion."""
    if "million" not in doc.checked:
        return
    for _, match in _matches_at_digits(doc, _THOUSANDS_OF_MILLIONS):
        number = match.group("number")
        if "." in number and not ("," in number or number.count(".") > 1 or number.endswith("00")):
            continue  # "1.125 million" is a decimal
        millions = int(number.replace(",", "").replace(".", ""))
        if millions < 1000:
            continue
        fix = Fix(match.start(), match.end(), _billions(millions), rule.fix_safe)
        yield Hit(match.start(), match.end(), fix)


# ------------------------------------------------------------------------------------------
# MT809: a group of thousands cut off by a space


@provides("suggestion", "note", options=_NUMBER_WORDS)
def split_thousands(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """ "20, 000 people", "EUR 25 .000", "21. 000": a tokenizer's space inside a number."""
    words = _vocabulary(rule)
    for block, match in _matches_at_digits(doc, _SPLIT_GROUP):
        reading = _read_split(doc, block, match, words)
        if reading is None:
            continue
        yield _hit(*match.span(), f"{match.group('int')},{match.group('group')}", rule, reading)


def _read_split(doc: Document, block: Block, match: re.Match[str], words: _Vocabulary) -> bool | None:
    """None when the two numbers are not one; else whether the fix is safe."""
    sep, group = match.group("sep"), match.group("group")
    if match.group("int")[0] == "0":
        return None  # "100 000, 871": the tail of a number grouped with spaces
    before, after = _context(doc, block.start, block.end, *match.span())
    if _SPACE_GROUPED.search(before) or _LIST_BEFORE.search(before) or _SPLIT_CODE.search(before):
        return None
    if sep[0] == ".":
        # "21. 000"; "he won round 12. 100 people watched" is two sentences
        return True if group == "000" else None
    if sep[0] != ",":
        return group == "000"  # "25 .000", "25 ,500": no list or sentence is written so
    if group == "000":
        return True  # "20, 000"
    # "April 3, 410 bodies", "500, 600 or 700": a date, or a list
    if words.word_before(before, skip=0) in words.dates or _LIST_AFTER.match(after) or after.lstrip().startswith(","):
        return None
    if words.unit_after(after) or words.currency_before.search(before) or _next_word(words, after) is not None:
        return False  # "2, 560 yen", "1, 354 kg", "81, 600 copies" (but "500, 600 is good" is a list)
    return None


# ------------------------------------------------------------------------------------------
# MT810: a clock time cut by a space


@provides("suggestion", options=_NUMBER_WORDS)
def spaced_clock_times(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """ "at 19: 00", "at 22. 00 Moscow time": a time of day with a space after its mark."""
    if ": " not in doc.checked and ". " not in doc.checked and " :" not in doc.checked:
        return
    words = _vocabulary(rule)
    for block, match in _matches_at_digits(doc, _SPACED_CLOCK):
        if int(match.group("h")) > 24:
            continue
        start, end = match.span()
        before, after = _context(doc, block.start, block.end, start, end)
        timed = bool(words.clock_after.match(after) or _CLOCK_RANGE_AFTER.match(doc.checked, end, block.end))
        previous = _WORD_BEFORE.search(before)
        if previous and previous.group(1).lower() in words.time_words or _CLOCK_BEFORE.search(before):
            timed = True  # "until 23: 59", "12/19 (Sat) 10: 00", "20: 00 - 10: 00"
        colon = ":" in match.group("sep")
        if not timed or not colon and match.group("m") not in ("00", "15", "30", "45"):
            continue
        yield Hit(start, end, Fix(start, end, f"{match.group('h')}:{match.group('m')}", rule.fix_safe and colon))


# ------------------------------------------------------------------------------------------
# MT808: ordinals with a full stop

_BULLETS = " \t\u00a0-*•>#"
# "22.", not "1,022." or "A3.": starts with a digit and looks behind it (see _FIRST_DIGIT).
_ORDINAL_STOP = compile_re(r"(?P<number>\d(?<![\w.,]\d)\d?)\.(?=[ \t\u00a0]+(?P<next>[^\W\d_]+))")


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _months_and_clause_words(months: Sequence[str], clause_words: Sequence[str]) -> tuple[set[str], set[str]]:
    return set(months), set(clause_words)


@provides(options={"months": (), "clause-words": ()})
def continental_ordinals(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """ "his 22. win", "on 8. November": German and Nordic ordinals written with a full stop."""
    months, clause_words = made_from_options(rule, _months_and_clause_words, "months", "clause-words")
    for block, match in _matches_at_digits(doc, _ORDINAL_STOP):
        if not 1 <= int(match.group("number")) <= 31:
            continue
        line_start = max(block.start, doc.checked.rfind("\n", block.start, match.start()) + 1)
        prefix = doc.checked[line_start : match.start()].rstrip()
        if not prefix.strip(_BULLETS) or prefix.endswith((":", ";")):
            continue  # "2. return only the mouse", "as follows: 1. results...": a numbered list
        following = match.group("next")
        if following in clause_words:
            continue  # "1 + 1. we don't need it": a sentence ends
        if following in months:
            replacement = match.group("number")  # a date: "8 November"
        elif following.islower():
            replacement = _ordinal(int(match.group("number")))
        else:
            continue  # "...in round 3. The next..." ends a sentence
        yield Hit(match.start(), match.end(), Fix(match.start(), match.end(), replacement, rule.fix_safe))
