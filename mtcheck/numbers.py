"""Numbers as a language writes them: "1.500" and "3,5" in Spanish are 1500 and 3.5,
"2 millones" is two million, "mil millones" a billion, "15.30 horas" a time of day.

Each language's conventions (decimal mark, group separators, scale words, times, spelled
numbers) live in rules/<lang>/data/language.yaml under `numbers`. A mention gets every
reading it can honestly have ("3:30" without am/pm is 03:30 or 15:30), and two mentions
agree when they share a reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator

Reading = tuple[str, float]  # ("n", value) or ("t", minutes after midnight)

# Digits with the separators any convention uses; which is which is decided per language.
_NUMBER = re.compile(
    r"(?<![\d.,])(?:(?P<date>(?P<day>\d{1,2})(?P<mark>[./])(?P<month>\d{1,2})(?P=mark)(?P<year>\d{4}|\d{2})?(?![\d.,]\d))"
    r"|\d{1,2}:\d{2}(?![\d:])"  # a time of day
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d)"  # groups set off by spaces
    r"|\d+(?:[.,]\d+)*(?!\d))"
)
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th|\.?º|\.?ª|er|re|e|ème)(?![^\W\d_])", re.IGNORECASE)
_DIGITS_AND_SEPARATORS = re.compile(r"[\d.,\u00a0\u202f ]+")
_DECADE = re.compile(r"(?:'?s|’s|er)(?![^\W\d_])")
_AM_PM = re.compile(r"\s?([ap])\.?\s?m\b\.?", re.IGNORECASE)


@dataclass(frozen=True)
class NumberFormat:
    decimal: str = "."
    group: tuple[str, ...] = (",",)
    scales: dict[str, float] = field(default_factory=dict)  # lowercase word(s) after a number -> factor
    time_words: frozenset[str] = frozenset()  # words after a number that make it an hour ("Uhr", "horas")
    hour_marks: tuple[str, ...] = (":",)  # what separates hours from minutes ("15h30", "15.30 Uhr")
    words: dict[str, float] = field(default_factory=dict)  # spelled numbers ("two", "zwei")

    @property
    def scale_pattern(self) -> re.Pattern | None:
        return _scale_pattern(tuple(sorted(self.scales, key=len, reverse=True)))


@lru_cache(maxsize=None)
def _scale_pattern(scales: tuple[str, ...]) -> re.Pattern | None:
    if not scales:
        return None
    alternatives = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in scales)
    return re.compile(rf"[\s\u00a0\u202f]?(?:{alternatives})(?![\w])", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """A number in a text: where it is, how it was written, and what it can mean."""

    start: int
    end: int
    text: str
    readings: frozenset[Reading]
    optional: bool = False  # the minutes of "16:32", which may be a time or a score: never missed on its own

    def agrees(self, other: "Mention") -> bool:
        # Written the same way agrees too: "1.500" in English output is a locale error
        # (MT502 reports it), not a changed number.
        return bool(self.readings & other.readings) or self.text == other.text

    @property
    def shown(self) -> str:
        """The first numeric reading for a message ("1,500")."""
        values = sorted(v for kind, v in self.readings if kind == "n")
        if not values:
            minutes = min(v for _, v in self.readings)
            return f"{int(minutes) // 60:02d}:{int(minutes) % 60:02d}"
        value = values[0]
        return f"{value:,.0f}" if value == int(value) else f"{value:,.6g}" if value < 1e6 else f"{value:,.2f}"


def parse(token: str, fmt: NumberFormat) -> float | None:
    """The value of digits with separators in this convention (the other one when the token
    cannot be read in it: "1,5" in English is 1.5, "1.5" in Spanish too)."""
    for decimal, groups in ((fmt.decimal, fmt.group), _other_convention(fmt)):
        value = _parse_with(token, decimal, groups)
        if value is not None:
            return value
    if not _DIGITS_AND_SEPARATORS.fullmatch(token):
        return None  # "3/31/2021": a date in another order, not one number
    # Mixed or odd separators: the last one is the decimal mark when fewer than three digits follow.
    parts = re.split(r"[.,\u00a0\u202f ]", token)
    if len(parts) > 1 and len(parts[-1]) != 3:
        return float("".join(parts[:-1]) + "." + parts[-1])
    return float("".join(parts))


def _other_convention(fmt: NumberFormat) -> tuple[str, tuple[str, ...]]:
    return ("," if fmt.decimal == "." else "."), ((".",) if fmt.decimal == "." else (",",))


def _parse_with(token: str, decimal: str, groups: tuple[str, ...]) -> float | None:
    whole, _, fraction = token.partition(decimal) if decimal in token else (token, "", "")
    if fraction and not fraction.isdigit():
        return None
    separators = set(re.findall(r"\D", whole))
    if not separators:
        return float(whole + ("." + fraction if fraction else ""))
    if len(separators) > 1 or not separators <= set(groups) | {"\u00a0", "\u202f", " "}:
        return None
    blocks = re.split(r"\D", whole)
    if not (1 <= len(blocks[0]) <= 3 and all(len(b) == 3 for b in blocks[1:])):
        return None
    return float("".join(blocks) + ("." + fraction if fraction else ""))


def mentions(text: str, fmt: NumberFormat) -> Iterator[Mention]:
    """Every number written in digits, with scale words and times taken into account."""
    scale_pattern = fmt.scale_pattern
    for match in _NUMBER.finditer(text):
        if match.group("date") and 1 <= int(match.group("day")) <= 31 and 1 <= int(match.group("month")) <= 12:
            # "12.03.2022", "5.11.": the day and the year; the month is usually a word on the
            # other side, or comes first ("3/16"), so it is never missed on its own.
            for part in ("day", "month", "year"):
                value = match.group(part)
                if value:
                    readings = {("n", float(value))} | ({("n", 2000.0 + int(value))} if part == "year" and len(value) == 2 else set())
                    yield Mention(match.start(part), match.end(part), value, frozenset(readings), optional=part == "month")
            continue
        token = match.group()
        if match.group("date"):  # not a date after all ("15.30.", "1.2.3"): the digits before the last mark
            token = token.rstrip("./")
        end = match.start() + len(token)
        readings: set[Reading] = set()
        after = text[end : end + 40]
        clock = _clock(token, after, fmt)
        if clock is not None:
            minutes, consumed, certain = clock
            readings |= {("t", m) for m in minutes}
            if certain:
                if ":" in token and not consumed:
                    # "16:32" with nothing after it: a time, or the score of a match (16-32).
                    left, _, right = token.partition(":")
                    readings.add(("n", float(left)))
                    yield Mention(match.start(), end, token, frozenset(readings))
                    yield Mention(end - len(right), end, right, frozenset({("n", float(right))}), optional=True)
                else:
                    yield Mention(match.start(), end + consumed, text[match.start() : end + consumed], frozenset(readings))
                continue
            # "15.30" or "15 horas" may also be a plain number (a duration, a decimal).
        if ":" in token and clock is None:  # a score or a ratio ("61:72"): two numbers
            left, _, right = token.partition(":")
            for offset, part in ((0, left), (len(left) + 1, right)):
                start = match.start() + offset
                yield Mention(start, start + len(part), part, frozenset({("n", float(part))}))
            continue
        value = parse(token, fmt)
        if value is None:
            continue
        scale = scale_pattern.match(text, end) if scale_pattern else None
        if scale:
            word = " ".join(scale.group().lower().split())
            value *= fmt.scales[word]
            end = scale.end()
        elif token.isdigit() and value % 10 == 0 and (value < 100 or 1000 <= value < 2100) and (decade := _DECADE.match(text, end)):
            # "the 90s", "die 90er", "the 1990s": the same decade
            readings.add(("n", 1900.0 + value) if value < 100 else ("n", value % 100))
            end = decade.end()
        elif token.isdigit() and (ordinal := _ORDINAL_SUFFIX.match(text, end)):
            end = ordinal.end()  # "1st", "2.º", "3e": the same number
        readings.add(("n", value))
        yield Mention(match.start(), end, text[match.start() : end], frozenset(readings))


def _clock(token: str, after: str, fmt: NumberFormat) -> tuple[set[float], int, bool] | None:
    """A time of day: the minutes after midnight it can mean ("3:30" is 03:30 or 15:30 when
    nothing says which), how many characters after the digits belong to it ("p.m.", "Uhr",
    "h30"), and whether it can only be a time (a colon, am or pm)."""
    am_pm = _AM_PM.match(after)
    word = re.match(r"\s?([^\W\d_]+)\.?", after)
    time_word = bool(word) and word.group(1).lower() in fmt.time_words
    consumed = am_pm.end() if am_pm else word.end() if time_word else 0
    meridiem = am_pm.group(1).lower() if am_pm else None
    hours = minutes = None
    parts = re.fullmatch(r"(\d{1,2})([:.])(\d{2})", token)
    if parts and (parts.group(2) == ":" or parts.group(2) in fmt.hour_marks or consumed):
        hours, minutes = int(parts.group(1)), int(parts.group(3))
    elif token.isdigit() and len(token) <= 2:
        french = re.match(r"\s?h\s?(\d{2})?(?![^\W\d_])", after) if "h" in fmt.hour_marks else None
        if french:
            hours, minutes, consumed = int(token), int(french.group(1) or 0), french.end()
        elif consumed:
            hours, minutes = int(token), 0
    if hours is None or not (0 <= hours <= 24 and 0 <= minutes < 60):
        return None
    certain = bool(am_pm) or bool(parts and parts.group(2) == ":")
    return _clock_minutes(hours, minutes, meridiem), consumed, certain


def _clock_minutes(hours: int, minutes: int, meridiem: str | None) -> set[float]:
    if meridiem == "p" and hours < 12:
        hours += 12
    elif meridiem == "a" and hours == 12:
        hours = 0
    base = hours * 60 + minutes
    if meridiem is None and 1 <= hours <= 12:
        return {float(base), float((base + 720) % 1440)}
    return {float(base % 1440)}


def spelled(text: str, fmt: NumberFormat) -> set[float]:
    """Values of the spelled numbers and scale words in a text ("two", "mil millones")."""
    values = set()
    for match in _spelled_pattern(tuple(sorted(fmt.scales, key=len, reverse=True))).finditer(text.lower()):
        phrase = " ".join(match.group().split())
        value = fmt.scales.get(phrase, fmt.words.get(phrase))
        if value is not None:
            values.add(value)
    return values


@lru_cache(maxsize=None)
def _spelled_pattern(scales: tuple[str, ...]) -> re.Pattern:
    phrases = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in scales if " " in s)
    return re.compile(rf"\b(?:{phrases})\b|\w+" if phrases else r"\w+")
