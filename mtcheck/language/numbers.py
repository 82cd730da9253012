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
from dataclasses import replace
from functools import cache

from mtcheck.language.fraction_numbers import FRACTION_CHARACTERS, fraction_mentions, slashed_fractions
from mtcheck.language.number_model import (
    COPIED_SCALES,
    CURRENCY_SIGNS,
    YEAR_FIRST_DATE,
    Mention,
    NumberFormat,
    Reading,
    bare_decimal,
    bracketed_numbers,
    clock_minutes,
    parse_digits,
    part_mentions,
    shortened_year,
    year_first_date_mentions,
)
from mtcheck.language.pattern_cache import compile_re, longest_first

# Digits with the separators any convention uses; which is which is decided per language.
_NUMBER = compile_re(
    r"(?<!\d[.,])(?<!\d)(?:(?P<date>(?P<day>\d{1,2})(?P<mark>[./])(?P<month>\d{1,2})(?P=mark)(?P<year>\d{2,4}(?!\d))?(?![\d.,]\d))"
    r"|\d{1,2}: ?\d{2}(?:: ?\d{2})?(?![\d:])"  # a time of day ("1: 00" as MT tokenizers leave it; "13:07:20")
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d)"  # groups set off by spaces
    r"|\d+(?:[.,]\d+)*(?!\d))"
)
_VERSION_TAIL = compile_re(r"\d{1,3}(?![\d.,]?\d)")
_YEAR_RANGE_GLOSS = compile_re(r"\((?:1[0-9]|20)\d\d ?[-–] ?(?:1[0-9]|20)\d\d\)")
_UNIT_POWER = compile_re(r"(?<![^\W\d_])(?:k|c|m)?m[23](?![\w])$")
_CJK_SCALES = {"万": 1e4, "萬": 1e4, "億": 1e8, "亿": 1e8}
_WORD_AFTER = compile_re(r" ([^\W\d_]+)")
_WORD_BEFORE = compile_re(r"(?<![^\W\d_])([^\W\d_]+) $")
_ORDINAL_SUFFIX = compile_re(r"(?:st|nd|rd|th|\.?º|\.?ª|er|re|e|ème)(?![^\W\d_])", re.IGNORECASE)
_DECADE = compile_re(r"(?:'?s|’s|er)(?![^\W\d_])")
_SPLIT_DECADE = compile_re(r" s(?![^\W\d_])")  # "the 1980 s", as a tokenizer left it
_CURRENCY_AFTER = compile_re(
    r"\s+(?:euros?|dollars?|pounds?|roubles?|rubles?|hryvnias?|yuan|yen|crowns?|koruna)\b", re.IGNORECASE
)
_SPACED_AMOUNT = compile_re(r"(?<=[$€£¥₽₴])\d{1,3}(?: ,\d{3})+(?: \.\d{1,2})?(?!\d)|(?<=[$€£¥₽₴])\d+ \.\d{1,2}(?!\d)")
_YEAR_BEFORE = compile_re(r"(?<!\d)((?:19|20)\d\d) ?[-–/] ?$")  # the first year of "2024-25", "1960s-70s"
_CASE_ENDING = compile_re(r"-[^\W\d_]{1,3}(?=[\s\u00a0])")
# A currency word, then cents in digits and their word: the cents of the amount before them.
_CENTS_AFTER = compile_re(
    r"[\s\u00a0]+(?:дол|евро|євро|руб|грн|грив|фунт|dol|euro|eur|korun|liber|pound)[^\W\d_]*\.?"
    r"(?:[\s\u00a0]+(?:a|и|і|та|and))?[\s\u00a0]+(\d{1,2})[\s\u00a0]+(?:цент|коп|cent|halé)[^\W\d_]*",
    re.IGNORECASE,
)
_AM_PM = compile_re(r"\s?([ap])\.?\s?m\b\.?", re.IGNORECASE)
# What joins a range's first number to the last: a dash, or "to", "or" and the like in English,
# Czech, Polish, Russian and Ukrainian ("2.53 per 1 million" is no range)
_RANGE_TO = compile_re(
    r"(?:\s?[-–—]\s?|\s+(?:to|and|or|a|až|nebo|do|i|lub|albo|oraz|и|или|до|і|й|та|або)\s+)[$€£¥₽₴]?\d+(?:[.,]\d+)?",
    re.IGNORECASE,
)
_SHARED_MERIDIEM = compile_re(r"\s?[-–]\s?(\d{1,2})(?::\d{2})?\s?([ap])\.?\s?m\b", re.IGNORECASE)
_CHARACTER_REFERENCE = compile_re(r"& ?# ?(?:\d+|[xX][0-9a-fA-F]+) ?;")  # "& # 183;" as MT spaces it


def mentions(text: str, fmt: NumberFormat) -> Iterator[Mention]:
    """Every number written in digits, with scale words and times taken into account
    (and Roman numerals, in languages that number centuries with them)."""
    # "в&#39;язниць": the digits of an HTML character reference (an escaped apostrophe) are no number.
    escaped = [m.span() for m in _CHARACTER_REFERENCE.finditer(text)] if "&" in text else []
    for mention in _mentions(text, fmt):
        if not any(start <= mention.start < end for start, end in escaped):
            yield mention


def _mentions(text: str, fmt: NumberFormat) -> Iterator[Mention]:
    if fmt.cjk:
        from mtcheck.language.cjk_numbers import cjk_mentions  # only CJK sources need it

        found = list(cjk_mentions(text, fmt))
        named = _named_spans(text, fmt) if found else []
        for mention in found:
            yield (
                replace(mention, optional=True)
                if any(start <= mention.start < end for start, end in named)
                else mention
            )
        return
    # Every number _digit_mentions reads has a digit or a fraction character: a text with
    # neither (most sentences) has none to read, and no name or gloss to look for.
    if _DIGIT_OR_FRACTION.search(text):
        # "the Edo period (1603-1867)": the years of a period in brackets, a gloss one side may add
        glosses = [m.span() for m in _YEAR_RANGE_GLOSS.finditer(text)] if "(" in text else []
        named = _named_spans(text, fmt)
        for mention in _digit_mentions(text, fmt):
            if any(start <= mention.start < end for start, end in named + glosses):
                mention = replace(mention, optional=True)
            yield mention
    if fmt.century_words:
        yield from roman_mentions(text, fmt)


_DIGIT_OR_FRACTION = compile_re(rf"[\d{FRACTION_CHARACTERS}]")


def _named_spans(text: str, fmt: NumberFormat) -> list[tuple[int, int]]:
    """Where the text names something whose digits are no number ("COVID-19"): its digits
    count only where the other side has them."""
    return [m.span() for m in _named_pattern(fmt.named).finditer(text)] if fmt.named else []


# A letter or digit of an alphabet: a name ends where one does not follow, and Chinese or
# Japanese may follow it directly ("COVID-19の").
_ALPHABETIC = "[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u052f_]"


@cache
def _named_pattern(names: tuple[str, ...]) -> re.Pattern:
    return compile_re(
        "|".join(rf"(?<!{_ALPHABETIC}|-){re.escape(n)}s?(?!{_ALPHABETIC}|-\d)" for n in names), re.IGNORECASE
    )  # "COVID-19-positive", "COVID-19s"


@cache
def _round_pattern(words: tuple[str, ...]) -> re.Pattern:
    return compile_re(rf"(1/(\d{{1,2}}))\s+(?:{'|'.join(map(re.escape, words))})", re.IGNORECASE)


def _inside_word(text: str, start: int, end: int) -> bool:
    """Digits inside a word, or the power of a unit written without a superscript ("km2", "m3")."""
    if start > 0 and text[start - 1].isalpha() and text[end : end + 1].isalpha():
        return True
    return end - start == 1 and text[start] in "23" and bool(_UNIT_POWER.search(text, max(start - 3, 0), end))


def _glued_scale(text: str, end: int, fmt: NumberFormat) -> tuple[re.Match, bool, float] | None:
    """ "€121m", "$2.5bn", "a town of 75k": the letters, whether they are certainly a scale
    (only after a currency sign: "30m" may be thirty metres, "4K" a resolution) and its factor.
    A language that writes no such letters has them only after a currency sign, copied."""
    match = re.match(r"([^\W\d_]{1,2})(?![\w])", text[end : end + 3])
    if not match:
        return None
    letters = match.group(1).lower()
    before = text[:end].rstrip("0123456789.,")
    currency = before[-1:] in CURRENCY_SIGNS or bool(_CURRENCY_AFTER.match(text, end + match.end()))
    if letters in fmt.glued_scales:
        return match, currency, fmt.glued_scales[letters]
    if currency and not fmt.glued_scales and letters in COPIED_SCALES:
        return match, True, COPIED_SCALES[letters]
    return None


def _digit_mentions(text: str, fmt: NumberFormat) -> Iterator[Mention]:
    fractions = list(fraction_mentions(text))  # "¾", "3⁄4": one number, read before its digits
    if fmt.decimal == "." and any(sign in text for sign in CURRENCY_SIGNS):
        fractions += _spaced_amounts(text)
    yield from sorted([*fractions, *_plain_digit_mentions(text, fmt, fractions)], key=lambda m: m.start)


def _spaced_amounts(text: str) -> list[Mention]:
    """ "$449 .99", "$1 ,575 .76": an amount as speech recognition spaces it, one number."""
    found = []
    for match in _SPACED_AMOUNT.finditer(text):
        value = float(re.sub(r"[ ,]", "", match.group()))
        found.append(Mention(match.start(), match.end(), match.group(), frozenset({("n", value)}), step=0.01))
    return found


def _plain_digit_mentions(text: str, fmt: NumberFormat, fractions: list[Mention]) -> Iterator[Mention]:
    scale_pattern = fmt.scale_pattern
    taken = 0  # the end of a time's minutes in words ("17 часов 47 минут")
    rounds = (
        {m.start(): m for m in _round_pattern(fmt.round_words).finditer(text)}
        if fmt.round_words and "/" in text
        else {}
    )
    # "1/3", "3/4": either part may be the fraction (the other then says it twice)
    slashed = slashed_fractions(text)
    for match in _NUMBER.finditer(text):
        if match.start() < taken or any(f.start <= match.start() < f.end for f in fractions):
            continue
        if match.start() in rounds:  # "1/8 финала" is the last 16; "1/4" the quarterfinals, no digits in English
            stage = rounds[match.start()]
            taken = stage.end(1)
            under = int(stage.group(2))
            # "the 1/4 finals", as MT keeps it, says the same: both its digits may be there
            yield Mention(
                stage.start(),
                stage.start(2) - 1,
                "1",
                frozenset({("n", 2.0 * under), ("n", 1.0), ("n", 1 / under)}),
                optional=True,
            )
            # (its text the fraction's, so that a lone "8", "the last 8", is not taken for it)
            yield Mention(stage.start(2), taken, stage.group(1), frozenset({("n", 1 / under)}), optional=True)
            continue
        month = _month_part(match) if match.group("date") else None
        as_decimal = None
        if month and fmt.decimal == "." and match.group("mark") == "." and not match.group("year"):
            if match.group("month").startswith("0"):  # "25.04." copied from the source: 25 April, or 25.04
                as_decimal = float(f"{match.group('day')}.{match.group('month')}")
            else:
                month = None  # "(kg) is 2.9." in English: a decimal before a full stop, no 2 September
        if month:
            # "12.03.2022", "5.11.", "02/14/2021": the day and the year; the month is usually a
            # word on the other side, or comes first ("3/16"), so it is never missed on its own.
            for part in ("day", "month", "year"):
                value = match.group(part)
                if value:
                    part_readings = {("n", float(value))} | (
                        {("n", 2000.0 + int(value))} if part == "year" and len(value) == 2 else set()
                    )
                    if part == "day" and as_decimal is not None:
                        part_readings.add(("n", as_decimal))
                    yield Mention(
                        match.start(part), match.end(part), value, frozenset(part_readings), optional=part == month
                    )
            continue
        token = match.group()
        if token.count(":") == 2:  # "13:07:20": the time, and its seconds, never missed on their own
            seconds = token.rpartition(":")[2].lstrip()
            yield Mention(match.end() - 2, match.end(), seconds, frozenset({("n", float(seconds))}), optional=True)
            token = token[: token.rindex(":")]
        if (ymd := YEAR_FIRST_DATE.fullmatch(token)) and 1 <= int(ymd.group(2)) <= 12 and 1 <= int(ymd.group(3)) <= 31:
            yield from year_first_date_mentions(ymd, match.start())  # "2021.6.11" as an MT copies it
            continue
        if (
            token == "0"
            and re.search(r"-\s?$", text[max(match.start() - 2, 0) : match.start()])
            and re.match(r"\s?-", text[match.end() :])
        ):
            continue  # "-0-": the end mark of an agency story, no number
        if match.group("date"):  # not a date after all ("15.30.", "1.2.3"): the digits before the last mark
            token = token.rstrip("./")
            if match.group("mark") == "." and (version := _VERSION_TAIL.match(text, match.end())):
                # "the 10.9.2 update": 10.9, then the 2, as the Chinese or Japanese side reads it
                yield Mention(
                    version.start(), version.end(), version.group(), frozenset({("n", float(version.group()))})
                )
        end = match.start() + len(token)
        if "," in token and (pair := bracketed_numbers(text, match.start(), end)):
            yield from pair  # "[0,0]": a pair of numbers, no decimal
            continue
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
            yield from part_mentions(token, match.start(), ":", text)
            continue
        value, decimals = parse_digits(token, fmt)
        bare = bare_decimal(text, match.start(), token)
        if bare:
            value, decimals = min(bare), len(token)  # ".35"
            readings |= {("n", v) for v in bare}
        step = 10.0**-decimals
        # "70-ти мільйонів", "5-ти тысяч": a case ending on the digits before the scale word
        ending = _CASE_ENDING.match(text, end) if scale_pattern and "-" in text[end : end + 1] else None
        scale = scale_pattern.match(text, ending.end() if ending else end) if scale_pattern else None
        glued = _glued_scale(text, end, fmt) if not scale else None
        if glued and not glued[1]:
            readings.add(("n", value * glued[2]))  # 75 or 75,000
        elif glued:
            value *= glued[2]
            step *= glued[2]
            end += glued[0].end()
        elif scale:
            word = _scale_word(scale)
            if word in fmt.scales_or_units and (len(word) > 3 or text[scale.end() : scale.end() + 1] != "."):
                readings.add(("n", value))  # "27 mil" may be miles; "27 mil." is the abbreviation
            factor = fmt.scale_factor(word)
            value *= factor
            step *= factor
            end = scale.end()
        elif (
            token.isdigit()
            and value % 10 == 0
            and (value < 100 or 1000 <= value < 2100)
            and (decade := _DECADE.match(text, end) or (_SPLIT_DECADE.match(text, end) if value >= 1000 else None))
        ):
            # "the 90s", "die 90er", "the 1990s": the same decade
            readings.add(("n", 1900.0 + value) if value < 100 else ("n", value % 100))
            if value >= 1000 and value % 100 == 0:
                readings.add(("n", value // 100 + 1))  # "the early 1900s": the early 20th century
            end = decade.end()
        elif token.isdigit() and (ordinal := _ORDINAL_SUFFIX.match(text, end)):
            end = ordinal.end()  # "1st", "2.º", "3e": the same number
        elif not decimals and (cents := _CENTS_AFTER.match(text, end)):
            # "1575 долларов 76 центов", "1 575 dolarů a 76 centů": one amount, 1,575.76
            value = round(value + int(cents.group(1)) / 100, 2)
            step, end = 0.01, cents.end()
            taken = end
        elif (
            scale_pattern
            and (joined := _RANGE_TO.match(text, end))
            and (last := scale_pattern.match(text, joined.end()))
        ):
            # "60 a 90 miliardami", "between 60 and 90 billion": the first number may take the last one's scale
            readings.add(("n", value * fmt.scale_factor(_scale_word(last))))
        readings.add(("n", value))
        word_before = _WORD_BEFORE.search(text, max(match.start() - 20, 0), match.start())
        if len(token) == 2 and fmt.year_words and _beside_year_word(word_before, text, end, fmt):
            readings |= {("n", 1900.0 + value), ("n", 2000.0 + value)}  # "v roce 38", "в 98 году": 1938, 1998
        if text[end : end + 1] in _CJK_SCALES and not fmt.cjk:
            readings.add(("n", value * _CJK_SCALES[text[end]]))  # "#1000万枚記念" an MT left as it was
        if scale_pattern and not scale and word_before:
            inverted = fmt.scales.get(word_before.group(1).lower())
            if inverted:  # "тисяч 100", "миллионов 5": about 100 thousand, about 5 million
                readings.add(("n", value * inverted))
        if match.start() in slashed:
            readings.add(("n", slashed[match.start()]))
        if len(token) == 2 and not bare and (first := _YEAR_BEFORE.search(text, 0, match.start())):
            if year := shortened_year(first.group(1), value):
                readings.add(("n", year))  # "2024-25": 2025
        start = match.start() - 1 if bare else match.start()  # ".35" with its point
        yield Mention(
            start,
            end,
            text[start:end],
            frozenset(readings),
            step=step,
            metric=_metric(value, text, end, fmt) if fmt.converted_units else None,
            # "00" of "с 10-00" (minutes), digits inside a code ("UxID9ZGjzm"): never missed on their own
            optional=(token.startswith("00") and not token.strip("0")) or _inside_word(text, match.start(), end),
        )


def _scale_word(match: re.Match) -> str:
    """The scale word as listed ("-bilionový" is bilionový; spaces inside a phrase are one space)."""
    return " ".join(match.group().lower().lstrip("-").split())


def _metric(value: float, text: str, end: int, fmt: NumberFormat) -> float | None:
    unit = _unit_pattern(tuple(sorted(fmt.converted_units, key=longest_first))).match(text, end)
    if unit:
        return value * fmt.converted_units[" ".join(unit.group(1).lower().split())]
    if re.match(r"\s?(?:°\s?F\b|degrees? Fahrenheit)", text[end : end + 20]):
        return round((value - 32) / 1.8, 1)
    return None


@cache
def _unit_pattern(units: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(u).replace(r"\ ", r"\s+") for u in units)
    return compile_re(rf"[\s\u00a0-]?({alternatives})\b", re.IGNORECASE)


# Uppercase Roman numerals up to 399 (Cyrillic Х and І typed for X and I are read too).
_ROMAN = compile_re(r"(?<![\w.-])(?=[IVXLCХІ])C{0,3}(?:XC|XL|L?[XХ]{0,3})(?:[IІ][XХ]|[IІ]V|V?[IІ]{0,3})(?![\w-])")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_mentions(text: str, fmt: NumberFormat) -> Iterator[Mention]:
    """Roman numerals: a century before a century word ("XXI век", "XX. století"); elsewhere
    ("Карл III", "II мировая война") only a possible match, since English keeps them as
    they are and reads them as no number."""
    found = [match for match in _ROMAN.finditer(text) if match.group()]
    # "VIII місце в світі та І місце в Європі": a lone I, V or X before a word that follows a
    # longer numeral of the text is a numeral too
    counted = {_word_after(text, match.end()) for match in found if len(match.group()) > 1} - {None}
    for match in found:
        numeral = match.group().replace("Х", "X").replace("І", "I")
        value = 0
        for k, char in enumerate(numeral):
            worth = _ROMAN_VALUES[char]
            value += -worth if k + 1 < len(numeral) and _ROMAN_VALUES[numeral[k + 1]] > worth else worth
        word = re.match(r"\.?\s?([^\W\d_]+\.?)", text[match.end() : match.end() + 20])
        # "XVII в." is a century, "Николай II в 1917 году" is not: abbreviations are listed with their full stop.
        century = word is not None and (
            word.group(1).lower() in fmt.century_words or word.group(1).lower().rstrip(".") in fmt.century_words
        )
        if len(numeral) == 1 and not century and _word_after(text, match.end()) not in counted:
            continue  # "I", "V", "C": a word or a letter far more often than a number
        yield Mention(match.start(), match.end(), match.group(), frozenset({("n", float(value))}), optional=not century)


def _beside_year_word(before: re.Match | None, text: str, end: int, fmt: NumberFormat) -> bool:
    """The word before the digits, or the one after them (at `end`), says "year"."""
    return (before is not None and before.group(1).lower() in fmt.year_words) or _word_after(
        text, end
    ) in fmt.year_words


def _word_after(text: str, end: int) -> str | None:
    word = _WORD_AFTER.match(text, end)
    return word.group(1).lower() if word else None


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
    # "6-8 p.m.": the first hour of a range takes the last one's am or pm (not "11-1 p.m.")
    shared = None if am_pm else _SHARED_MERIDIEM.match(after)
    if shared and int(re.split(r"\D", token)[0]) >= int(shared.group(1)):
        shared = None
    word = re.match(r"(?:-[^\W\d_]{1,3})?\s?([^\W\d_]+)\.?", after)  # "о 6-ій вечора"
    time_word = word is not None and word.group(1).lower() in fmt.time_words
    consumed = am_pm.end() if am_pm else word.end() if word is not None and time_word else 0
    meridiem = am_pm.group(1).lower() if am_pm else shared.group(2).lower() if shared else None
    hours = minutes = None
    parts = re.fullmatch(r"(\d{1,2})(:|\.)\s?(\d{2})", token)
    military = re.fullmatch(r"([01]\d|2[0-4])([0-5]\d)", token) if "hours" in fmt.time_words else None
    if parts and (parts.group(2) == ":" or parts.group(2) in fmt.hour_marks or consumed):
        hours, minutes = int(parts.group(1)), int(parts.group(3))
    elif military and (consumed or token[0] == "0"):  # "2100 hours", "1030 hours"; "at 0500 sharp"
        hours, minutes = int(military.group(1)), int(military.group(2))
    elif token.isdigit() and len(token) <= 2:
        french = re.match(r"\s?h\s?(\d{2})?(?![^\W\d_])", after) if "h" in fmt.hour_marks else None
        if french:
            hours, minutes, consumed = int(token), int(french.group(1) or 0), french.end()
        elif consumed or shared:
            hours, minutes = int(token), 0
            spelled_minutes = re.match(r"\s+(\d{1,2})\s+([^\W\d_]+)", after[consumed:]) if fmt.minute_words else None
            if spelled_minutes and spelled_minutes.group(2).lower().startswith(fmt.minute_words):
                minutes, consumed = int(spelled_minutes.group(1)), consumed + spelled_minutes.end()
    if hours is None or minutes is None or not (0 <= hours <= 24 and 0 <= minutes < 60):  # both set, or neither
        return None
    certain = bool(am_pm) or bool(parts and parts.group(2) == ":")
    return clock_minutes(hours, minutes, meridiem), consumed, certain


def spelled(text: str, fmt: NumberFormat) -> set[float]:
    """Values of the spelled numbers and scale words in a text ("two", "mil millones",
    "двух"), and of runs of them ("twenty-five", "пять тысяч")."""
    values = set()
    run: list[float] = []
    last_end = -1
    if "&#" in text:  # "п&#39;ять" is п'ять
        import html  # here, as in checks/tokenization.py: its table of entities is a large import

        lowered = html.unescape(text).lower()
    else:
        lowered = text.lower()
    for match in _spelled_pattern(tuple(sorted(fmt.scales, key=longest_first))).finditer(lowered):
        phrase = " ".join(match.group().replace("’", "'").replace("ʼ", "'").split())
        value = fmt.word_value(phrase)
        if value is None:
            continue
        gap = lowered[last_end : match.start()].strip(" -")
        if run and gap == "":
            run.append(value)
            values.add(_compound(run))
        elif run and value == 0.5 and gap in _HALF_JOINERS:
            values.add(_compound(run) + 0.5)  # "восемь с половиной", "osm a půl": 8½
            run = []
        else:
            if run and gap in fmt.share_joiners and value >= 2:
                values |= _rounded(100 * _compound(run) / value)  # "four in ten": 40 (per cent)
            run = [value]
        values.add(value)
        last_end = match.end()
    if fmt.quantity_phrases:
        for match in _phrase_pattern(tuple(sorted(fmt.quantity_phrases, key=longest_first))).finditer(lowered):
            values |= _rounded(fmt.quantity_phrases[" ".join(match.group().replace("-", " ").split())])
    if fmt.clock_before:
        for match in _clock_before_pattern(tuple(sorted(fmt.clock_before, key=longest_first))).finditer(lowered):
            hour = fmt.word_value(match.group(2))
            if hour is not None and 1 <= hour <= 24 and hour == int(hour):
                values.add(hour - fmt.clock_before[" ".join(match.group(1).split())])  # "půl druhé": 1.5
    return values


def _rounded(value: float) -> set[float]:
    """A value as the other side may write it: "a third" is 33.3 or 33 (per cent)."""
    return {round(value, 1), float(round(value))}


@cache
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern:
    """Phrases whose words may be joined by spaces or hyphens ("four-in-ten", "double-digit")."""
    alternatives = "|".join(r"[\s-]+".join(re.escape(w) for w in p.split()) for p in phrases)
    return compile_re(rf"\b(?:{alternatives})\b")


@cache
def _clock_before_pattern(phrases: tuple[str, ...]) -> re.Pattern:
    """A phrase that counts back from the hour, then the hour's word ("čtvrt na osm")."""
    alternatives = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in phrases)
    return compile_re(rf"\b({alternatives})\s+(\w+)")


# The word that joins a half to the number before it ("с половиной", "з половиною", "a půl").
_HALF_JOINERS = frozenset({"с", "со", "з", "a", "and a"})


def _compound(values: list[float]) -> float:
    """The value of adjacent number words: "twenty five" 25, "five thousand" 5000, "dvě
    třetiny" 2/3, "half century" 50."""
    total = current = 0.0
    for value in values:
        if 0 < value < 1 and 1 <= current < 10:
            current *= value  # a count of fractions: "tři čtvrtiny" is 3/4
        elif value >= 1000:
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
    return compile_re(rf"\b(?:{phrases})\b|{word}" if phrases else word)
