"""The number model every script shares: how a language writes numbers (NumberFormat), a
number found in a text with its possible readings (Mention), and reading digits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from mtcheck.language.pattern_cache import compile_re, longest_first

Reading = tuple[str, float]  # ("n", value) or ("t", minutes after midnight)


@dataclass(frozen=True)
class NumberFormat:
    """How a language writes numbers: decimal mark, group separators, scale words."""

    decimal: str = "."
    group: tuple[str, ...] = (",",)
    scales: dict[str, float] = field(default_factory=dict)  # lowercase word(s) after a number -> factor
    time_words: frozenset[str] = frozenset()  # words after a number that make it an hour ("Uhr", "horas")
    hour_marks: tuple[str, ...] = (":",)  # what separates hours from minutes ("15h30", "15.30 Uhr")
    words: dict[str, float] = field(default_factory=dict)  # spelled numbers ("two", "zwei", "двух")
    stems: dict[str, float] = field(default_factory=dict)  # inflected words: stem + one of the endings ("втор" + "ого")
    endings: tuple[str, ...] = ()
    century_words: frozenset[str] = frozenset()  # after a Roman numeral, a century ("XXI век", "XX. století")
    cjk: bool = False  # CJK numerals and scales, words not set off by spaces (cjk_numbers.py)
    eras: dict[str, float] = field(default_factory=dict)  # era name -> the year before its first ("令和": 2018)
    converted_units: dict[str, float] = field(default_factory=dict)  # "miles" -> 1.609 (km): metric value per unit
    # Numbers inside compound words ("sedmadvacetiletý", "двухлетний": 27 and 2 years old): the
    # number's combining forms, and the heads they combine with.
    compound_prefixes: dict[str, float] = field(default_factory=dict)
    compound_heads: tuple[str, ...] = ()
    round_words: tuple[str, ...] = ()  # "1/8 финала": the round of 16 (a stage of a cup, not a fraction)
    minute_words: tuple[str, ...] = ()  # "17 часов 47 минут": the minutes after an hour in words
    compound_scales: dict[str, float] = field(
        default_factory=dict
    )  # heads that multiply: "čtyř|stovka" 400, "dvou|tisícový" 2,000
    named: tuple[str, ...] = ()  # names whose digits are no number of the text ("COVID-19", "G7")
    numeral_words: tuple[str, ...] = ()  # CJK words that begin with a numeral and say no number ("一直" always)
    glued_scales: dict[str, float] = field(
        default_factory=dict
    )  # scales written only against the digits ("€121m", "2.5k")
    scales_or_units: frozenset[str] = frozenset()  # "27 mil" in Czech: 27 million, or 27 miles (míle)
    share_joiners: tuple[str, ...] = ()  # "four in ten", "one out of five": a share, 40 and 20 per cent
    quantity_phrases: dict[str, float] = field(default_factory=dict)  # "half an hour": 30, "a third": 33.3
    # Words before an hour said in words that count back from it: "půl dvanácté" is 11:30,
    # "без четверти восемь" 7:45 ({půl: 0.5, без четверти: 0.25}).
    clock_before: dict[str, float] = field(default_factory=dict)
    year_words: frozenset[str] = frozenset()  # "v roce 38", "в 98 году": a year of two digits (1938, 1998)

    @property
    def scale_pattern(self) -> re.Pattern | None:
        return _scale_pattern(tuple(sorted(self.scales, key=longest_first)), self.endings)

    def scale_factor(self, word: str) -> float:
        """The factor of a scale word the scale pattern found: listed ("milionů") or an
        adjective made of a scale ("bilionového", a stem with one of the language's endings)."""
        factor = self.scales.get(word)
        if factor is not None:
            return factor
        return next(
            value
            for stem, value in self.scales.items()
            if stem.endswith("*") and word.startswith(stem[:-1]) and word[len(stem) - 1 :] in self.endings
        )

    def word_value(self, word: str) -> float | None:
        """The value of a spelled number or scale word, inflected or not (lowercase word)."""
        value = self.words.get(word, self.scales.get(word))
        if value is None and self.stems:
            for ending in self.endings:
                if word.endswith(ending) and (value := self.stems.get(word[: len(word) - len(ending)])) is not None:
                    break
        if value is None and self.compound_heads:
            value = self._compound_word(word, first=True)
        return value

    def _plain_word(self, word: str) -> float | None:
        """A number word of ten or more, as listed or inflected (no compound)."""
        value = self.words.get(word)
        if value is None:
            value = next(
                (
                    v
                    for ending in self.endings
                    if word.endswith(ending) and (v := self.stems.get(word[: len(word) - len(ending)])) is not None
                ),
                None,
            )
        return value if value is not None and value >= 10 else None

    def _compound_word(self, word: str, first: bool = False) -> float | None:
        """ "sedmadvacetiletý" is 7 + 20 before "let", "двадцатипятилетний" 20 + 5 before "лет"."""
        if not first and word.startswith(self.compound_heads):
            return 0.0
        if not first and (value := self._plain_word(word)) is not None:
            return value  # "devěta|třicáté": 9 + 30th
        for prefix in sorted(self.compound_prefixes, key=longest_first):
            if word.startswith(prefix) and len(word) > len(prefix):
                rest = word[len(prefix) :]
                factor = next((f for head, f in self.compound_scales.items() if rest.startswith(head)), None)
                if factor is not None:
                    return self.compound_prefixes[prefix] * factor
                value = self._compound_word(rest)
                if value is None and rest.startswith("a"):  # Czech "sedm-a-dvaceti"
                    value = self._compound_word(rest[1:])
                if value is not None:
                    return self.compound_prefixes[prefix] + value
        return None


@cache
def _scale_pattern(scales: tuple[str, ...], endings: tuple[str, ...]) -> re.Pattern | None:
    if not scales:
        return None
    inflected = f"(?:{'|'.join(map(re.escape, endings))})"
    alternatives = "|".join(
        re.escape(s[:-1]) + inflected if s.endswith("*") else re.escape(s).replace(r"\ ", r"\s+") for s in scales
    )
    # "34bilionového", "34-миллиардный", "$5-million": a scale glued or hyphened to the digits
    return compile_re(rf"[\s\u00a0\u202f-]?(?:{alternatives})(?![\w])", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """A number in a text: where it is, how it was written, and what it can mean."""

    start: int
    end: int
    text: str
    readings: frozenset[Reading]
    optional: bool = False  # the minutes of "16:32", which may be a time or a score: never missed on its own
    step: float = 0.0  # the value of the last digit written ("2.26": 0.01, "1.5 million": 100,000)
    metric: float | None = None  # "15 miles": 24.1 (km), the value the source may have before conversion

    def agrees(self, other: Mention) -> bool:
        # Written the same way agrees too: "1.500" in English output is a locale error
        # (MT502 reports it), not a changed number.
        if self.text == other.text or self.converts(other) or other.converts(self):
            return True
        times = {r for r in self.readings if r[0] == "t"}
        other_times = {r for r in other.readings if r[0] == "t"}
        if times and other_times:
            return bool(times & other_times)  # two clock times: "9:19" is not "9:49"
        if self.readings & other.readings:
            return True
        # "10:00 p.m." and "22" (a bare hour, as in "до 22-00"): the same hour
        hours = {
            ("n", hour)
            for _, value in (times or other_times)
            if value % 60 == 0
            for hour in {value // 60, value // 60 - 12}
            if hour > 0
        }  # "6 p.m." for "о 6" too
        return bool(hours & (other.readings if times else self.readings))

    def converts(self, other: Mention) -> bool:
        """A translation that converted the other's metric figure ("15 miles" for "24 km")."""
        return self.metric is not None and any(
            kind == "n" and abs(value - self.metric) <= 0.05 * value for kind, value in other.readings
        )

    def rounds(self, other: Mention) -> bool:
        """This is the other rounded to the digits written here ("2.26", "1.5 million" for
        "2,256", "1 543 000"), keeping at least two significant digits. One way only: a
        translation may round its source, not add digits to it."""
        if not self.step:
            return False
        return any(
            kind == "n" and value >= 10 * self.step and abs(value - theirs) <= self.step / 2 * (1 + 1e-9)
            for kind, value in self.readings
            for other_kind, theirs in other.readings
            if other_kind == "n"
        )

    @property
    def shown(self) -> str:
        """The first numeric reading for a message ("1,500")."""
        values = sorted(v for kind, v in self.readings if kind == "n")
        if not values:
            minutes = min(v for _, v in self.readings)
            return f"{int(minutes) // 60:02d}:{int(minutes) % 60:02d}"
        value = values[0]
        if value == int(value) and value < 10000:
            return f"{value:.0f}"  # "1999", a year more often than not
        return f"{value:,.0f}" if value == int(value) else f"{value:,.6g}" if value < 1e6 else f"{value:,.2f}"


# A decimal point with no whole part before it, ".35", or the end of a range "4.25-.35" or
# "4,25-,35" (4.35 for short); a comma alone is a list's ("8, 10 ,12").
_BARE_DECIMAL = compile_re(r"(?:(?<!\d)(\d+)[.,]\d+\s?[-–]\s?[.,]|(?<![\w.,])\.)$")


def bare_decimal(text: str, start: int, digits: str) -> set[float]:
    """What digits after a bare decimal mark say: ".35" is 0.35; "4.25-.35" ends in 4.35, or
    0.35 read literally. Empty when the mark before the digits (at start - 1) is not bare."""
    bare = _BARE_DECIMAL.search(text, max(start - 20, 0), start) if digits.isdigit() else None
    if bare is None:
        return set()
    value = int(digits) / 10 ** len(digits)
    return {value} | ({round(int(bare.group(1)) + value, len(digits))} if bare.group(1) else set())


CURRENCY_SIGNS = frozenset("$€£¥￥₽₴")
# English scale letters after an amount, which MT copies into other languages as they are
# ("€100m ($110m)" in a Czech text, "£44м" with the m in Cyrillic, "£44m" in a Chinese one).
COPIED_SCALES = {"m": 1e6, "mn": 1e6, "bn": 1e9, "k": 1e3, "м": 1e6, "к": 1e3}

_COMMA_LIST = compile_re(r"\d+(?:,\d+)+")
_BRACKETS = {("[", "]"), ("(", ")")}


def bracketed_numbers(text: str, start: int, end: int, shown: str | None = None) -> list[Mention]:
    """The numbers of a pair or list in brackets written without spaces ("[0,0]", "(1,2,3)":
    coordinates, a vector), one mention each (their text from `shown`, the original of a
    normalised text, when given); none for anything else, for digits grouped in thousands
    ("(1,500)" is 1500) and for a pair in round brackets ("(46,7)")."""
    token = text[start:end]
    if not _COMMA_LIST.fullmatch(token) or (text[start - 1 : start], text[end : end + 1]) not in _BRACKETS:
        return []
    parts = token.split(",")
    if len(parts[0]) <= 3 and all(len(part) == 3 for part in parts[1:]):
        return []
    if text[start - 1] == "(" and len(parts) == 2:
        return []  # "(46,7)" may be a decimal comma in round brackets; "[0,0]" is a pair
    return part_mentions(token, start, ",", text if shown is None else shown)


def part_mentions(token: str, start: int, separator: str, shown: str) -> list[Mention]:
    """A mention for each number of a token split at `separator` ("1,2,3", "51:49", "61: 72"),
    each at its own place and with its own text (from `shown`, the original of a normalised
    text)."""
    found, offset = [], start
    for part in token.split(separator):
        digits = part.strip()
        begin = offset + len(part) - len(part.lstrip())
        found.append(
            Mention(begin, begin + len(digits), shown[begin : begin + len(digits)], frozenset({("n", float(digits))}))
        )
        offset += len(part) + len(separator)
    return found


# A date written year first with points ("2021.6.11"), as Chinese and Japanese write it.
YEAR_FIRST_DATE = compile_re(r"((?:19|20)\d\d)\.(\d{1,2})\.(\d{1,2})")


def year_first_date_mentions(date: re.Match, offset: int) -> list[Mention]:
    """The year, month and day of a YEAR_FIRST_DATE match found at `offset`; the month is no
    number of its own (English names it)."""
    return [
        Mention(
            offset + date.start(k),
            offset + date.end(k),
            date.group(k),
            frozenset({("n", float(date.group(k)))}),
            optional=k == 2,
        )
        for k in (1, 2, 3)
    ]


def shortened_year(first_year: str, value: float) -> float | None:
    """The year the last two digits of a range name after its first year ("2024-25": 2025,
    "1827～91年": 1891); None when that year would not come after the first."""
    century = int(first_year) // 100 * 100
    return century + value if century + value > int(first_year) else None


def parse(token: str, fmt: NumberFormat) -> float | None:
    """The value of digits with separators in this convention (the other one when the token
    cannot be read in it: "1,5" in English is 1.5, "1.5" in Spanish too)."""
    return parse_digits(token, fmt)[0]


def parse_digits(token: str, fmt: NumberFormat) -> tuple[float, int]:
    """The value of the digits and how many of them follow the decimal mark."""
    for decimal, groups in ((fmt.decimal, fmt.group), _other_convention(fmt)):
        parsed = _parse_with(token, decimal, groups)
        if parsed is not None:
            return parsed
    # Mixed or odd separators: the last one is the decimal mark when fewer than three digits follow.
    parts = re.split(r"[.,\u00a0\u202f ]", token)
    if len(parts) > 1 and len(parts[-1]) != 3:
        return float("".join(parts[:-1]) + "." + parts[-1]), len(parts[-1])
    return float("".join(re.findall(r"\d", token))), 0  # "1/2/3" and other odd runs: the digits


def _other_convention(fmt: NumberFormat) -> tuple[str, tuple[str, ...]]:
    return ("," if fmt.decimal == "." else "."), ((".",) if fmt.decimal == "." else (",",))


def _parse_with(token: str, decimal: str, groups: tuple[str, ...]) -> tuple[float, int] | None:
    whole, _, fraction = token.partition(decimal) if decimal in token else (token, "", "")
    if fraction and not fraction.isdigit():
        return None
    separators = set(re.findall(r"\D", whole))
    if not separators:
        return float(whole + ("." + fraction if fraction else "")), len(fraction)
    if len(separators) > 1 or not separators <= set(groups) | {"\u00a0", "\u202f", " "}:
        return None
    blocks = re.split(r"\D", whole)
    if not (1 <= len(blocks[0]) <= 3 and all(len(b) == 3 for b in blocks[1:])):
        return None
    return float("".join(blocks) + ("." + fraction if fraction else "")), len(fraction)


def clock_minutes(hours: int, minutes: int, meridiem: str | None) -> set[float]:
    if meridiem == "p" and hours < 12:
        hours += 12
    elif meridiem == "a" and hours == 12:
        hours = 0
    base = hours * 60 + minutes
    if meridiem is None and 1 <= hours <= 12:
        return {float(base), float((base + 720) % 1440)}
    return {float(base % 1440)}
