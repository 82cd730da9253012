"""Numbers as a language writes them: "1.500" and "3,5" in Spanish are 1500 and 3.5,
"2 millones" is two million, "mil millones" a billion, "15.30 horas" a time of day,
"75 тыс." 75,000, "XXI век" the 21st century ("3.5万" and other CJK numbers: cjk_numbers.py).

Each language's conventions (decimal mark, group separators, scale words, times, spelled
numbers) live in rules/<lang>/data/language.yaml under `numbers`. A mention gets every
reading it can honestly have ("3:30" without am/pm is 03:30 or 15:30), and two mentions
agree when they share a reading, or when one is the other rounded ("2.26" for "2,256").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache

Reading = tuple[str, float]  # ("n", value) or ("t", minutes after midnight)

# Digits with the separators any convention uses; which is which is decided per language.
_NUMBER = re.compile(
    r"(?<!\d[.,])(?<!\d)(?:(?P<date>(?P<day>\d{1,2})(?P<mark>[./])(?P<month>\d{1,2})(?P=mark)(?P<year>\d{4}|\d{2})?(?![\d.,]\d))"
    r"|\d{1,2}: ?\d{2}(?![\d:])"  # a time of day ("1: 00" as MT tokenizers leave it)
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d)"  # groups set off by spaces
    r"|\d+(?:[.,]\d+)*(?!\d))"
)
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th|\.?º|\.?ª|er|re|e|ème)(?![^\W\d_])", re.IGNORECASE)
_DECADE = re.compile(r"(?:'?s|’s|er)(?![^\W\d_])")
_SPLIT_DECADE = re.compile(r" s(?![^\W\d_])")  # "the 1980 s", as a tokenizer left it
_CURRENCY_SIGNS = set("$€£¥₽₴")
_CURRENCY_AFTER = re.compile(
    r"\s+(?:euros?|dollars?|pounds?|roubles?|rubles?|hryvnias?|yuan|yen|crowns?|koruna)\b", re.IGNORECASE
)
_AM_PM = re.compile(r"\s?([ap])\.?\s?m\b\.?", re.IGNORECASE)


@dataclass(frozen=True)
class NumberFormat:
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
    glued_scales: dict[str, float] = field(
        default_factory=dict
    )  # scales written only against the digits ("€121m", "2.5k")

    @property
    def scale_pattern(self) -> re.Pattern | None:
        return _scale_pattern(tuple(sorted(self.scales, key=len, reverse=True)))

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
        for prefix in sorted(self.compound_prefixes, key=len, reverse=True):
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


def mentions(text: str, fmt: NumberFormat) -> Iterator[Mention]:
    """Every number written in digits, with scale words and times taken into account
    (and Roman numerals, in languages that number centuries with them)."""
    # Digits of a name ("COVID-19") count only where the other side has them.
    named = [m.span() for m in _named_pattern(fmt.named).finditer(text)] if fmt.named else []
    if fmt.cjk:
        from mtcheck.cjk_numbers import cjk_mentions  # only CJK sources need it

        for mention in cjk_mentions(text, fmt):
            yield (
                replace(mention, optional=True)
                if any(start <= mention.start < end for start, end in named)
                else mention
            )
        return
    for mention in _digit_mentions(text, fmt):
        if named and any(start <= mention.start < end for start, end in named):
            mention = replace(mention, optional=True)
        yield mention
    if fmt.century_words:
        yield from roman_mentions(text, fmt)


@cache
def _named_pattern(names: tuple[str, ...]) -> re.Pattern:
    return re.compile(
        "|".join(rf"(?<![\w-]){re.escape(n)}s?(?!\w|-\d)" for n in names), re.IGNORECASE
    )  # "COVID-19-positive", "COVID-19s"


@cache
def _round_pattern(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"(1/(\d{{1,2}}))\s+(?:{'|'.join(map(re.escape, words))})", re.IGNORECASE)


def _inside_word(text: str, start: int, end: int) -> bool:
    return start > 0 and text[start - 1].isalpha() and text[end : end + 1].isalpha()


def _glued_scale(text: str, end: int, fmt: NumberFormat) -> re.Match | None:
    """ "€121m", "$2.5bn": only after a currency sign ("30m" is thirty metres, "4K" a resolution)."""
    match = re.match(r"([^\W\d_]{1,2})(?![\w])", text[end : end + 3])
    if not match or match.group(1).lower() not in fmt.glued_scales:
        return None
    before = text[:end].rstrip("0123456789.,")
    return match if before[-1:] in _CURRENCY_SIGNS or _CURRENCY_AFTER.match(text, end + match.end()) else None


def _digit_mentions(text: str, fmt: NumberFormat) -> Iterator[Mention]:
    scale_pattern = fmt.scale_pattern
    taken = 0  # the end of a time's minutes in words ("17 часов 47 минут")
    rounds = (
        {m.start(): m for m in _round_pattern(fmt.round_words).finditer(text)}
        if fmt.round_words and "/" in text
        else {}
    )
    for match in _NUMBER.finditer(text):
        if match.start() < taken:
            continue
        if match.start() in rounds:  # "1/8 финала" is the last 16; "1/4" the quarterfinals, no digits in English
            stage = rounds[match.start()]
            taken = stage.end(1)
            yield Mention(
                stage.start(), taken, stage.group(1), frozenset({("n", 2.0 * int(stage.group(2)))}), optional=True
            )
            continue
        month = _month_part(match) if match.group("date") else None
        if month and fmt.decimal == "." and match.group("mark") == "." and not match.group("year"):
            month = None  # "(kg) is 2.9." in English: a decimal before a full stop, no 2 September
        if month:
            # "12.03.2022", "5.11.", "02/14/2021": the day and the year; the month is usually a
            # word on the other side, or comes first ("3/16"), so it is never missed on its own.
            for part in ("day", "month", "year"):
                value = match.group(part)
                if value:
                    readings = {("n", float(value))} | (
                        {("n", 2000.0 + int(value))} if part == "year" and len(value) == 2 else set()
                    )
                    yield Mention(
                        match.start(part), match.end(part), value, frozenset(readings), optional=part == month
                    )
            continue
        token = match.group()
        if (
            token == "0"
            and re.search(r"-\s?$", text[max(match.start() - 2, 0) : match.start()])
            and re.match(r"\s?-", text[match.end() :])
        ):
            continue  # "-0-": the end mark of an agency story, no number
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
                    right = right.lstrip()
                    readings.add(("n", float(left)))
                    yield Mention(match.start(), end, token, frozenset(readings))
                    yield Mention(end - len(right), end, right, frozenset({("n", float(right))}), optional=True)
                else:
                    yield Mention(
                        match.start(), end + consumed, text[match.start() : end + consumed], frozenset(readings)
                    )
                continue
            # "15.30" or "15 horas" may also be a plain number (a duration, a decimal).
            taken = end + consumed
        if ":" in token and clock is None:  # a score or a ratio ("61:72"): two numbers
            left, _, right = token.partition(":")
            for offset, part in ((0, left), (len(token) - len(right.lstrip()), right.lstrip())):
                start = match.start() + offset
                yield Mention(start, start + len(part), part, frozenset({("n", float(part))}))
            continue
        value, decimals = parse_digits(token, fmt)
        step = 10.0**-decimals
        scale = scale_pattern.match(text, end) if scale_pattern else None
        glued = _glued_scale(text, end, fmt) if fmt.glued_scales and not scale else None
        if glued:
            value *= fmt.glued_scales[glued.group(1).lower()]
            step *= fmt.glued_scales[glued.group(1).lower()]
            end += glued.end()
        elif scale:
            word = " ".join(scale.group().lower().split())
            value *= fmt.scales[word]
            step *= fmt.scales[word]
            end = scale.end()
        elif (
            token.isdigit()
            and value % 10 == 0
            and (value < 100 or 1000 <= value < 2100)
            and (decade := _DECADE.match(text, end) or (_SPLIT_DECADE.match(text, end) if value >= 1000 else None))
        ):
            # "the 90s", "die 90er", "the 1990s": the same decade
            readings.add(("n", 1900.0 + value) if value < 100 else ("n", value % 100))
            end = decade.end()
        elif token.isdigit() and (ordinal := _ORDINAL_SUFFIX.match(text, end)):
            end = ordinal.end()  # "1st", "2.º", "3e": the same number
        readings.add(("n", value))
        yield Mention(
            match.start(),
            end,
            text[match.start() : end],
            frozenset(readings),
            step=step,
            metric=_metric(value, text, end, fmt) if fmt.converted_units else None,
            # "00" of "с 10-00" (minutes), digits inside a code ("UxID9ZGjzm"): never missed on their own
            optional=(token.startswith("00") and not token.strip("0")) or _inside_word(text, match.start(), end),
        )


def _metric(value: float, text: str, end: int, fmt: NumberFormat) -> float | None:
    unit = _unit_pattern(tuple(sorted(fmt.converted_units, key=len, reverse=True))).match(text, end)
    if unit:
        return value * fmt.converted_units[" ".join(unit.group(1).lower().split())]
    if re.match(r"\s?(?:°\s?F\b|degrees? Fahrenheit)", text[end : end + 20]):
        return round((value - 32) / 1.8, 1)
    return None


@cache
def _unit_pattern(units: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(u).replace(r"\ ", r"\s+") for u in units)
    return re.compile(rf"[\s\u00a0-]?({alternatives})\b", re.IGNORECASE)


# Uppercase Roman numerals up to 399 (Cyrillic Х and І typed for X and I are read too).
_ROMAN = re.compile(r"(?<![\w.-])(?=[IVXLCХІ])C{0,3}(?:XC|XL|L?[XХ]{0,3})(?:[IІ][XХ]|[IІ]V|V?[IІ]{0,3})(?![\w-])")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_mentions(text: str, fmt: NumberFormat) -> Iterator[Mention]:
    """Roman numerals: a century before a century word ("XXI век", "XX. století"); elsewhere
    ("Карл III", "II мировая война") only a possible match, since English keeps them as
    they are and reads them as no number."""
    for match in _ROMAN.finditer(text):
        numeral = match.group().replace("Х", "X").replace("І", "I")
        if not numeral:
            continue
        value = 0
        for k, char in enumerate(numeral):
            worth = _ROMAN_VALUES[char]
            value += -worth if k + 1 < len(numeral) and _ROMAN_VALUES[numeral[k + 1]] > worth else worth
        word = re.match(r"\.?\s?([^\W\d_]+\.?)", text[match.end() : match.end() + 20])
        # "XVII в." is a century, "Николай II в 1917 году" is not: abbreviations are listed with their full stop.
        century = bool(word) and (
            word.group(1).lower() in fmt.century_words or word.group(1).lower().rstrip(".") in fmt.century_words
        )
        if len(numeral) == 1 and not century:
            continue  # "I", "V", "C": a word or a letter far more often than a number
        yield Mention(match.start(), match.end(), match.group(), frozenset({("n", float(value))}), optional=not century)


def _month_part(match: re.Match) -> str | None:
    """Which part of a date is the month: the second ("12.03."), or the first in the
    American order ("02/14/2021"); None when the digits are no date."""
    day, month = int(match.group("day")), int(match.group("month"))
    if 1 <= day <= 31 and 1 <= month <= 12:
        return "month"
    if match.group("mark") == "/" and 1 <= day <= 12 and 13 <= month <= 31:
        return "day"
    return None


def _clock(token: str, after: str, fmt: NumberFormat) -> tuple[set[float], int, bool] | None:
    """A time of day: the minutes after midnight it can mean ("3:30" is 03:30 or 15:30 when
    nothing says which), how many characters after the digits belong to it ("p.m.", "Uhr",
    "h30"), and whether it can only be a time (a colon, am or pm)."""
    am_pm = _AM_PM.match(after)
    word = re.match(r"(?:-[^\W\d_]{1,3})?\s?([^\W\d_]+)\.?", after)  # "о 6-ій вечора"
    time_word = bool(word) and word.group(1).lower() in fmt.time_words
    consumed = am_pm.end() if am_pm else word.end() if time_word else 0
    meridiem = am_pm.group(1).lower() if am_pm else None
    hours = minutes = None
    parts = re.fullmatch(r"(\d{1,2})(:|\.)\s?(\d{2})", token)
    military = re.fullmatch(r"([01]\d|2[0-4])([0-5]\d)", token) if "hours" in fmt.time_words else None
    if parts and (parts.group(2) == ":" or parts.group(2) in fmt.hour_marks or consumed):
        hours, minutes = int(parts.group(1)), int(parts.group(3))
    elif military and consumed:  # "2100 hours", "1030 hours"
        hours, minutes = int(military.group(1)), int(military.group(2))
    elif token.isdigit() and len(token) <= 2:
        french = re.match(r"\s?h\s?(\d{2})?(?![^\W\d_])", after) if "h" in fmt.hour_marks else None
        if french:
            hours, minutes, consumed = int(token), int(french.group(1) or 0), french.end()
        elif consumed:
            hours, minutes = int(token), 0
            spelled_minutes = re.match(r"\s+(\d{1,2})\s+([^\W\d_]+)", after[consumed:]) if fmt.minute_words else None
            if spelled_minutes and spelled_minutes.group(2).lower().startswith(fmt.minute_words):
                minutes, consumed = int(spelled_minutes.group(1)), consumed + spelled_minutes.end()
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
    """Values of the spelled numbers and scale words in a text ("two", "mil millones",
    "двух"), and of runs of them ("twenty-five", "пять тысяч")."""
    values = set()
    run: list[float] = []
    last_end = -1
    lowered = text.lower()
    for match in _spelled_pattern(tuple(sorted(fmt.scales, key=len, reverse=True))).finditer(lowered):
        phrase = " ".join(match.group().replace("’", "'").replace("ʼ", "'").split())
        value = fmt.word_value(phrase)
        if value is None:
            continue
        if run and lowered[last_end : match.start()].strip(" -") == "":
            run.append(value)
            values.add(_compound(run))
        else:
            run = [value]
        values.add(value)
        last_end = match.end()
    return values


def _compound(values: list[float]) -> float:
    """The value of adjacent number words: "twenty five" 25, "five thousand" 5000."""
    total = current = 0.0
    for value in values:
        if value >= 1000:
            total, current = total + (current or 1) * value, 0.0
        elif value == 100 and 0 < current < 10:
            current *= 100
        else:
            current += value
    return total + current


@cache
def _spelled_pattern(scales: tuple[str, ...]) -> re.Pattern:
    phrases = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in scales if " " in s)
    word = r"\w+(?:['’ʼ]\w+)*"  # Ukrainian writes an apostrophe inside words ("п'ять")
    return re.compile(rf"\b(?:{phrases})\b|{word}" if phrases else word)
