"""Numbers in Chinese and Japanese: full-width digits (２０２２), CJK numerals and their
scales (三千, 3.5万 = 35,000, 1万2千 = 12,000, 1亿2000万 = 120 million), dates
(2022年3月15日), times (9时30分, 下午3点, 午後3時), percentages (百分之三十, 3割, 七成)
and Japanese era years (令和4年 = 2022).

A number written only in CJK numerals is a possible match and never missed on its own:
一 and 十 are parts of many words (一些 "some", 十分 "very"), and English spells small
numbers out anyway. So is a month (3月), which English writes as a name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

from mtcheck.language.fraction_numbers import fraction_mentions, slashed_fractions
from mtcheck.language.number_model import (
    COPIED_SCALES,
    CURRENCY_SIGNS,
    YEAR_FIRST_DATE,
    Mention,
    NumberFormat,
    bare_decimal,
    bracketed_numbers,
    clock_minutes,
    parse_digits,
    part_mentions,
    shortened_year,
    year_first_date_mentions,
)
from mtcheck.language.pattern_cache import compile_re

# Same length on both sides, so offsets in the translated text are offsets in the original.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％：", "0123456789.%:")
# "177，000", "1，000，000": digit groups set off by a full-width comma, as MT writes them (a
# clause's comma is seldom followed by exactly three digits after a short number).
_FULLWIDTH_GROUPS = compile_re(r"(?<![\d.,])(\d{1,3})， ?(?=\d{3}(?!\d))")
# Digits and their separators, groups of three set off by a space or by a comma and a space
# too ("1 400多人", "10, 541 次", "12, 000", as MT writes them; Chinese and Japanese lists are
# set off by 、).
_DIGIT_RUN = r"\d{1,3}(?:(?:, ?| )\d{3})+(?:\.\d+)?(?![\d.,])|\d+(?:[.,]\d+)*"
_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_PM = ("下午", "晚上", "傍晚", "午後", "夜", "晚")
_AM = ("上午", "早上", "凌晨", "午前", "早晨", "朝")


_VERSION = compile_re(r"(\d{1,3}\.\d{1,3})\.(\d{1,3})")  # "10.9.2"
_DECADES = {10.0 * k for k in range(1, 10)}
# 1か月半, 一个半月: 1.5 months; 八又半, 《八部半》: 8½
_HALF = compile_re(r" ?(?:[个個かヶカケ]?(?:月|年|小时|小時|時間|天|日|周|週|週間|分|分钟|分鐘)|[个個又部])半")
# A counter after a lone 1 (not a date, time or scale): 1本, 1袋, 1位, 1个
_COUNTER_AFTER_ONE = compile_re(r" ?[^\d\s年月日号號时時点點分秒万萬亿億兆千百十.,%、/:：\-~〜～]")
# Counters of people, things and animals after a 2, which English says as "both", "the two" or "they"
_COUNTERS_OF_TWO = frozenset("人台名匹頭")
# A scale left in English after the digits ("£101million", "$5bn"); m or k only after a currency
# sign ("£44m"), for "5m" may be metres.
_LATIN_SCALE = compile_re(r" ?(million|billion|trillion|mn|bn|m|k)(?![A-Za-z])", re.IGNORECASE)
_LATIN_FACTORS = {**COPIED_SCALES, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_CENTS_AFTER = compile_re(r" ?(?:ドル|美元|ユーロ|欧元) ?(\d{1,2}) ?(?:セント|美分|欧分)")
_DECADE_DIGITS = r"[\d〇零一二三四五六七八九十]+"
_DECADES_OF_CENTURY = compile_re(
    rf"(?:世纪|世紀) ?{_DECADE_DIGITS}(?: ?年代)?(?: ?(?:至|到|和|与|與|、|-|–|~|〜|～) ?{_DECADE_DIGITS})? ?年代"
)
# 三分之一, 4分の3: a fraction, denominator first (百分之 is a percentage, read as one)
_OF_PART = compile_re(r"([\d〇零一二三四五六七八九十]+)(?:分之|分の)([\d〇零一二三四五六七八九十]+)")
_MONTH_FIRST = compile_re(r" ?(?:[至到~〜～\-–—] ?\d{1,2} ?月|/\d{1,2}(?!\d))")
# "2019冠状病毒病", "2019新型冠状病毒": the Chinese name of COVID-19, whose year English does not write.
_COVID_NAME = ("冠状病毒", "冠狀病毒", "新型冠状病毒", "新型冠狀病毒")
# An event named by its date, month and day set off by a point ("9·11事件", "9.11恐怖袭击",
# "5·12汶川地震"): English says "9/11", "September 11" or "the May 12 earthquake".
_EVENT = '["”」』]? ?(?:事件|恐怖|袭击|襲撃|襲擊|テロ|大地震|地震|惨案|慘案|运动|運動)'
_AFTER = "(?:以降|以来|以後|以后|之后|後|后)"  # "9·11以来": since 9/11
# After a middle dot a place may come first ("5·12汶川地震"); after a point not ("5.8级地震" is a
# magnitude).
_DATED_EVENT = compile_re(
    rf"(\d{{1,2}})(?:\.(\d{{1,2}}) ?{_EVENT}|[·・](\d{{1,2}}) ?(?:[\u4e00-\u9fff]{{0,4}}?{_EVENT}|{_AFTER}))"
)
# "9.11以降", "9.11後に" (after 9/11): after a point, 以降 and 後 follow a decimal too ("Python
# 3.5以降", "5.8后"), but not 9.11.
_NINE_ELEVEN = compile_re(rf"(?<![\d.])(9)\.(11)(?=[\"”」』]?{_AFTER})")
# A quarter to nine, "9時15分前": minutes before the hour (Japanese).
_MINUTES_BEFORE = compile_re(r"の? ?(\d{1,2}) ?分前")
# "24時間365日", "24h365日": around the clock, every day ("24/7" in English).
_ALL_DAYS = compile_re(r"(24) ?(?:時間|h|小时|小時) ?(365) ?[日天]")
# A range whose bounds share one scale ("60〜70万年前": 600,000 to 700,000 years ago).
_SHARED_SCALE = compile_re(
    r"(?<![\d.,])(\d+(?:\.\d+)?) ?[〜~～\-–至到] ?\d+(?:\.\d+)? ?([万萬亿億])"
    r"|(?<![一二三四五六七八九十百千])([一二三四五六七八九])[、至到〜~～\-]([一二三四五六七八九])([十百千万萬亿億])"
)
# "1、2年前", "2、3日", "２，3日": one or two years, two or three days, which English says in words;
# the digit before the second of them. Across a tilde only the first ("2~3回": "a few times",
# whose "a few" says the 3; a range "２～３日分" the MT dropped is still reported).
_ONE_OR_TWO = compile_re(r"(?:[、，,] ?\d|[～〜~] ?(\d)) ?[年日月週周人回時个個]")
_ONE_BEFORE = compile_re(r"(?<!\d)(\d) ?[、，,] ?$")
# The first year of a range whose last year drops its century ("（１８２７～９１年）").
_FIRST_YEAR = compile_re(r"(?<!\d)((?:1[0-9]|20)\d\d) ?(?:年 ?)?[～〜~\-–] ?$")
# Two CJK digits read positionally, as a year is shortened ("九二共识": the 1992 consensus).
_POSITIONAL_PAIR = compile_re("[〇零一二三四五六七八九][〇零一二三四五六七八九]")
# A digit after these is a size or a school year English names ("単3": AA, "高3": a senior).
_GRADE_MARKS = frozenset("単高中小")
# Units 千 makes a thousand of ("8千米": 8 km, "5千克": 5 kg, "千瓦", "千卡").
_KILO_UNITS = frozenset("米克瓦卡赫伏帕焦")
# A year of two digits with its era year in brackets before 年 ("２７（昭和２）年", "０５（同３８）年").
_ERA_IN_BRACKETS = compile_re(r" ?[（(]([^（）()\d]{1,2})(\d{1,2})[）)] ?年")
_MINUTE_DIGITS = compile_re(r"\d{1,2}")
_SECONDS = compile_re(r" ?(\d{1,2}|[〇零一二三四五六七八九十]{1,3}) ?秒")
# Era names a year may be glossed with in brackets (Japanese eras before Meiji too: 慶長17年).
_GLOSS_ERAS = ("令和", "平成", "昭和", "大正", "明治", "慶長", "元禄", "享保", "天保", "慶応", "文久", "安政", "嘉永")
_NUMBER_FORMS = compile_re("[\u2460-\u2473\u2160-\u216b\u2170-\u217b]")  # ① to ⑳, Ⅰ to Ⅻ, ⅰ to ⅻ
# Decimals written without a point: "29・6" (a Japanese decimal point), "2分21秒97" (21.97
# seconds), "一米七八" (1.78 metres, as Chinese says a height).
_POINT_DECIMAL = compile_re(r"(?<![\d.・])(\d{1,3})・(\d)(?![\d・])")
_HUNDREDTHS = compile_re(r"(?<!\d)(\d{1,2}) ?秒 ?(\d{1,2})(?![\d.])")
_SPOKEN_METRES = compile_re(
    r"(?<![\d一二三四五六七八九十])([一二三四五六七八九])米([一二三四五六七八九]{1,2})(?![\d一二三四五六七八九十百千万])"
)
# Currency words after a scale left in English ("10mポンド", "5m美元"): the m is a million.
_CURRENCY_WORDS = ("ポンド", "ドル", "ユーロ", "英镑", "英鎊", "美元", "欧元", "歐元", "円", "元")


@cache
def _run_pattern(scales: tuple[str, ...], words: tuple[str, ...]) -> re.Pattern:
    numerals = re.escape("".join(_DIGITS) + "".join(_UNITS) + "".join(scales))
    multipliers = re.escape("".join(_UNITS) + "".join(scales))
    # A numeral that begins a word ("0一直": 0, then "always"; "1百分比": 1, then "percentage") is no part of a number.
    # ("十分钟" is ten minutes, though "十分" alone is "very")
    not_word = f"(?!(?:{'|'.join(map(re.escape, words))})(?![钟鐘]))" if words else ""
    # A space may stand before a unit or scale ("820 万"), never between two numbers.
    # "1 亿 7 千万" (170 million), as MT spaces it: digits after a scale word, before a unit or scale.
    spaced = rf"(?<=[{re.escape(''.join(scales))}]) (?:{_DIGIT_RUN})(?= ?[{multipliers}])" if scales else "(?!)"
    # "30余万": more than 300,000. Digits after a bare point (".35", "4.25-.35") are read too (bare_decimal).
    # A number begun in numerals takes no digits after it: "每一百万15起" is 15 per million, not 1,000,015.
    # Nor does a CJK digit continue digits: it begins a number ("11二月2023" is the 11th, then
    # February; "Ö3四十强" is Ö3, then the top 40).
    more = rf" ?[余多]?{not_word}[{multipliers}]"
    numeral = rf"{not_word}[{numerals}]"
    after_digits = rf"{_DIGIT_RUN}|{not_word}(?<!\d)[{numerals}]"
    # Inside a number begun in numerals no word begins: "六十分钟" is 60 minutes, though "十分" is "very".
    run = rf"(?:{_DIGIT_RUN})(?:{after_digits}|{spaced}|{more})*|{numeral}(?:[{numerals}]| ?[余多]?[{multipliers}])*"
    # A number after a full stop is a decimal's fraction, unless the stop ends an abbreviation ("No.3").
    return compile_re(
        rf"(?P<clock>(?<!\d)\d{{1,2}}:\d{{2}}(?!\d))|(?P<percent>百分之)?(?:(?<![\d.,])|(?<=[^\w.,]\.)|(?<=[^\W\d_],)|(?<=\b[Nn]o\.)|(?<=(?<![A-Za-z])[A-Z]\.)|(?<=\d)(?=[{numerals}]))(?P<run>{run})"
    )


@cache
def _era_pattern(eras: tuple[str, ...]) -> re.Pattern:
    numerals = re.escape("".join(_DIGITS) + "".join(_UNITS))
    # "明治23（1890）年": the Western year may stand in brackets before 年
    return compile_re(rf"({'|'.join(map(re.escape, eras))})(元|\d{{1,2}}|[{numerals}]{{1,3}})([（(]\d{{4}}[）)])?年")


def cjk_mentions(text: str, fmt: NumberFormat) -> Iterator[Mention]:
    normal = _FULLWIDTH_GROUPS.sub(r"\1,", text.translate(_FULLWIDTH))
    era_years = []
    for match in _era_pattern(tuple(sorted(fmt.eras))).finditer(normal) if fmt.eras else ():
        year = 1.0 if match.group(2) == "元" else _value(match.group(2), fmt)
        if year is not None:  # 令和4年 is 2022, 令和元年 2019
            era_years.append(match.start(2))
            era_readings = frozenset({("n", year), ("n", fmt.eras[match.group(1)] + year)})
            if match.group(3):  # the bracketed year is the Western one: 23 here only says 23
                era_readings = frozenset({("n", year)})
            yield Mention(
                match.start(2),
                match.end(2),
                text[match.start(2) : match.end(2)],
                era_readings,
                optional=bool(match.group(3)),  # the bracketed year says it
            )
    for match in _NUMBER_FORMS.finditer(normal):  # ②: a list item, "2)" or nothing in English; Ⅱ, ⅱ
        value = unicodedata.numeric(match.group())
        yield Mention(match.start(), match.end(), match.group(), frozenset({("n", value)}), optional=True)
    decimals, decimal_parts = _unpointed_decimals(normal)
    taken = 0  # the end of the last time of day read ("3点30分" holds the 30)
    extra: list[Mention] = []  # a time's minutes and seconds, after its mention
    fractions = list(_fractions(normal, fmt))
    yield from fractions
    slashed = slashed_fractions(normal)
    shared = {}  # "60〜70万", "三、四千公尺" (3,000 to 4,000 metres): the first bound takes the scale
    for m in _SHARED_SCALE.finditer(normal):
        scale = m.group(2) or m.group(5)
        factor = _UNITS.get(scale) or fmt.scales.get(scale)
        if factor:
            shared[m.start(1) if m.group(1) else m.start(3)] = factor
    all_days = {m.start(k) for m in _ALL_DAYS.finditer(normal) for k in (1, 2)}
    dated = {}  # the start of "9.11" or "9·11" before an event -> month and day
    for match in _DATED_EVENT.finditer(normal):
        part = 2 if match.group(2) else 3
        month, day = int(match.group(1)), int(match.group(part))
        if 1 <= month <= 12 and 1 <= day <= 31:
            dated[match.start(1)] = (match.end(1), match.start(part), match.end(part))
    for match in _NINE_ELEVEN.finditer(normal):
        dated[match.start(1)] = (match.end(1), match.start(2), match.end(2))
    for match in _run_pattern(tuple(sorted(fmt.scales)), fmt.numeral_words).finditer(normal):
        if match.group("clock"):
            hours, minutes = map(int, match.group("clock").split(":"))
            if hours <= 24 and minutes < 60:
                readings = {("n", float(hours))} | {
                    ("t", float(m)) for m in clock_minutes(hours, minutes, _meridiem(normal, match.start()))
                }
                yield Mention(match.start(), match.end(), match.group(), frozenset(readings))
            else:  # "51:49方式", "3:1": a ratio or a score, two numbers
                yield from part_mentions(match.group("clock"), match.start(), ":", text)
            continue
        if match.group("run") in fmt.scales:  # 每万字: per ten thousand characters
            yield Mention(
                match.start("run"),
                match.end("run"),
                match.group("run"),
                frozenset({("n", fmt.scales[match.group("run")])}),
                optional=True,
            )
            continue
        run = match.group("run").lstrip("".join(fmt.scales))
        start, end = match.end("run") - len(run), match.end("run")
        if start in dated:  # 9·11事件: the month (a name in English) and the day
            month_end, day_start, day_end = dated.pop(start)
            yield Mention(
                start,
                month_end,
                text[start:month_end],
                frozenset({("n", float(normal[start:month_end]))}),
                optional=True,
            )
            yield Mention(
                day_start, day_end, text[day_start:day_end], frozenset({("n", float(normal[day_start:day_end]))})
            )
            taken = day_end
            continue
        if version := _VERSION.fullmatch(run):  # "10.9.2版": 10.9, then 2 (English reads it so)
            yield Mention(start, start + version.end(1), version.group(1), frozenset({("n", float(version.group(1)))}))
            tail = start + version.start(2)
            yield Mention(tail, end, text[tail:end], frozenset({("n", float(version.group(2)))}))
            continue
        if date := YEAR_FIRST_DATE.fullmatch(run):  # 2021.6.11: year, month (a name in English) and day
            yield from year_first_date_mentions(date, start)
            continue
        if "," in run and (pair := bracketed_numbers(normal, start, end, shown=text)):
            yield from pair  # "[1,1]": a pair of numbers, no decimal
            continue
        if "," in run and (listed := _comma_list(start, run, text)):
            yield from listed  # "2-6,7-6", "4,7": Chinese and Japanese write no decimal comma
            continue
        parsed = _value(run, fmt) if run else None
        if parsed is None or start in era_years or start < taken:
            continue
        in_fraction = any(f.start <= start < f.end for f in fractions)
        written_in_digits = bool(re.search(r"\d", run))
        readings = {("n", parsed)}
        if bare := bare_decimal(normal, start, run):
            readings, start = {("n", v) for v in bare}, start - 1  # ".35", "4.25-.35": with the point
        if start in slashed:  # "3/4盎司" or "3/4日": both parts may say three quarters, or a date
            readings.add(("n", slashed[start]))
        if start in shared:  # "60〜70万": the first bound is 600,000 too
            readings.add(("n", parsed * shared[start]))
        if start in decimals:  # "29・6" is 29.6, or 29 and 6
            readings.add(("n", decimals[start]))
        if len(run) == 2 and written_in_digits and (first := _FIRST_YEAR.search(normal, max(start - 8, 0), start)):
            if year := shortened_year(first.group(1), parsed):
                readings.add(("n", year))  # "（1827～91年）": 1827 to 1891
        if not written_in_digits and _POSITIONAL_PAIR.fullmatch(run):
            readings |= {("n", 1900.0 + parsed), ("n", 2000.0 + parsed)}  # 九二共识: the 1992 consensus
        space = 1 if normal[end : end + 1] == " " else 0  # "2021 年 1 月", "5 点 9 分"
        after = normal[end + space : end + space + 6]
        optional = not written_in_digits or (
            not normal[:start].strip() and after[:1] in ("、", ".", "．")
        )  # "3、" numbers a list item
        if len(run) == 1 and written_in_digits and (few := _ONE_OR_TWO.match(after)):
            optional = optional or not few.group(1) or int(few.group(1)) == parsed + 1  # 1、2年前: "a year or two ago"
        elif len(run) == 1 and (previous := _ONE_BEFORE.search(normal, max(start - 3, 0), start)):
            optional = optional or int(previous.group(1)) + 1 == parsed  # the 3 of 2、3日: "a few days"
        if len(run) == 1 and written_in_digits and normal[start - 1 : start] in _GRADE_MARKS:
            optional = True  # 単3 (an AA battery), 高3 (a senior): a size or school year in English
        if start in all_days or start in decimal_parts:
            optional = True  # 24時間365日: "24/7", "around the clock"; the 6 of 29・6
        if not written_in_digits and len(run) <= 4:
            readings |= _parts(run, fmt)  # "十四五" (the 14th Five-Year Plan), "七八十" (70 or 80)
        if _HALF.match(after):
            readings.add(("n", parsed + 0.5))  # 1か月半, 一个半月: 1.5 months
        if run == "1" and after[:1] and _COUNTER_AFTER_ONE.match(after):
            optional = True  # 1公演につき, 1本, 每满1个年度: "per", "a", "each" in English
        elif run == "2" and after[:1] in _COUNTERS_OF_TWO:
            optional = True  # この2人, 2台とも: "the two", "both", "they" in English
        elif (
            run == "1"
            and after[:1] == "日"
            and after[1:2]
            and after[1:2] in "のにでを中当あ"
            and not normal[:start].rstrip().endswith("月")
        ):
            optional = True  # 1日の最高の時間帯, 1日に3回, 1日当たり: "the day", "a day", "daily" (4月1日 stays a date)
        elif run == "1" and (
            (
                after[:1] == "日"
                and after[1:2]
                and (after[1:2].isdigit() or after[1:2] in "最平換")
                and not normal[:start].rstrip().endswith("月")
            )
            or (after[:1] == "年" and after[1:2] and after[1:2] in "かで間中にの当")
        ):
            optional = True  # 1日最大の増加, 1日19件, 1日換算, 1年かけて: "daily", "19 a day", "all year"
        elif (
            written_in_digits
            and parsed in _DECADES
            and parsed < 100
            and after[:1] == "代"
            and not normal[:start].endswith("第")
        ):
            optional = True  # 10代の若者, 20代: teenagers, "in their twenties" (第10代 is a tenth generation)
        elif written_in_digits and any(after.startswith(name) for name in _COVID_NAME):
            optional = True  # 2019冠状病毒病: COVID-19
        elif written_in_digits and parsed <= 12 and _MONTH_FIRST.match(after):
            optional = True  # 3至6月 (March to June), 5/12 (May 12)
        if match.group("percent"):
            start, optional = match.start("percent"), False
        elif after.startswith("年代"):
            # 80年代, 六七十年代: the 1980s, the 1960s and 1970s
            readings |= {("n", 1900.0 + value) for kind, value in set(readings) if kind == "n" and value in _DECADES}
        elif after.startswith("年"):
            if written_in_digits and len(run) == 2:
                readings |= {("n", 2000.0 + parsed), ("n", 1900.0 + parsed)}  # 22年: 2022; 98年: 1998
        elif after.startswith("月") and parsed <= 12:
            optional = True
        elif (
            after[:1]
            and after[:1] in "时時点點"
            and after[1:2] not in ("间", "間", "候")
            and parsed <= 24
            and parsed == int(parsed)
        ):
            minutes, consumed = _minutes(after[1:], fmt)
            hour = int(parsed)
            if not consumed and (
                before := _MINUTES_BEFORE.match(after[1:] + normal[end + space + 6 : end + space + 12])
            ):
                if hour >= 1 and 0 < int(before.group(1)) < 60:  # 9時の15分前: 8:45
                    hour, minutes, consumed = hour - 1, 60 - int(before.group(1)), before.end()
            readings |= {("t", float(m)) for m in clock_minutes(hour, minutes, _meridiem(normal, start))}
            if consumed and (digits := _MINUTE_DIGITS.search(normal, end + space + 1, end + space + 1 + consumed)):
                # "5 点 9 分" as MT writes it, "5: 9am", "5:9": its minutes may stand as a number
                extra.append(
                    Mention(
                        digits.start(),
                        digits.end(),
                        text[digits.start() : digits.end()],
                        frozenset({("n", float(minutes))}),
                        optional=True,
                    )
                )
            end = taken = end + space + 1 + consumed
            if consumed and (seconds := _SECONDS.match(normal, end)) and (second := _value(seconds.group(1), fmt)):
                # "三点五十二分三十八秒": 3:52:38, the seconds a number of their own, never missed
                extra.append(
                    Mention(
                        seconds.start(1),
                        seconds.end(1),
                        text[seconds.start(1) : seconds.end(1)],
                        frozenset({("n", second)}),
                        optional=True,
                    )
                )
                end = taken = seconds.end()
        elif after.startswith(("世纪", "世紀")) and _DECADES_OF_CENTURY.match(
            after + normal[end + space + 6 : end + space + 20]
        ):
            optional = True  # 20世纪80年代, 20世纪60至70年代: "the 1980s", "the 1960s-70s" say the century
        elif after[:1] and after[:1] in "割成":
            readings.add(("n", parsed * 10))  # 3割, 七成: 30 percent
        elif written_in_digits and parsed == int(parsed) and (cents := _CENTS_AFTER.match(normal, end)):
            # 449ドル99セント, 1575美元76美分: one amount, 449.99
            readings = {("n", round(parsed + int(cents.group(1)) / 100, 2))}
            end = taken = cents.end()
        elif after[:1] == "折" and 0 < parsed < 100:
            # 八折, 七二折: the price paid, 80 % and 72 %; English says the discount, 20 and 28 % off
            readings.add(("n", 100 - (parsed * 10 if parsed < 10 else parsed)))
        if run.endswith("千") and after[:1] and after[:1] in _KILO_UNITS:
            readings.add(("n", parsed / 1000))  # "8千米": 8 kilometres (or 8,000 metres)
        if written_in_digits and len(run) == 2 and (era_year := _bracketed_era_year(normal, end, fmt)):
            if era_year % 100 == parsed:
                readings.add(("n", float(era_year)))  # "２７（昭和２）年": 1927; "０５（同３８）年": 1905
        if after[:1] == "兆" and "兆" not in fmt.scales and written_in_digits:
            # "3.6兆美元": 3.6 trillion in Taiwan and Hong Kong, "100兆瓦" 100 megawatts
            readings |= {("n", parsed * 1e12), ("n", parsed * 1e6)}
            end += 1
        if after[:1] in ("強", "强") and parsed in (4, 8, 16, 32):
            optional = True  # 8強, 四强: the quarterfinals, the semifinals in English
        if _in_gloss(normal, start):
            optional = True  # "1612年（慶長17年）", "６０００万ドル（約６８億円）": the same figure said again
        if written_in_digits and (latin := _LATIN_SCALE.match(normal, end)):
            word = latin.group(1).lower()
            if (
                word not in ("m", "k")
                or normal[:start].rstrip()[-1:] in CURRENCY_SIGNS
                or normal[latin.end() :].lstrip().startswith(_CURRENCY_WORDS)
            ):
                readings = {("n", value * _LATIN_FACTORS[word]) for kind, value in readings if kind == "n"}
                end = latin.end()
        yield Mention(
            start, end, text[start:end], frozenset(readings), optional=optional or in_fraction, step=_step(run, fmt)
        )
        yield from extra
        extra.clear()


def _unpointed_decimals(normal: str) -> tuple[dict[int, float], set[int]]:
    """Decimals written without a point (`_POINT_DECIMAL`, `_HUNDREDTHS`, `_SPOKEN_METRES`): the
    value, by where its first part starts, and the starts of the digits after the point."""
    values, parts = {}, set()
    for pattern in (_POINT_DECIMAL, _HUNDREDTHS):
        for match in pattern.finditer(normal):
            values[match.start(1)] = float(f"{match.group(1)}.{match.group(2)}")
            parts.add(match.start(2))
    for match in _SPOKEN_METRES.finditer(normal):
        tenths = "".join(str(_DIGITS[c]) for c in match.group(2))
        values[match.start(1)] = _DIGITS[match.group(1)] + float(f"0.{tenths}")
        parts.add(match.start(2))
    return values, parts


def _bracketed_era_year(normal: str, end: int, fmt: NumberFormat) -> int | None:
    """The Western year an era year in brackets after two digits says ("２７（昭和２）年" 1927;
    "０５（同３８）年", the same era as the last one named, 1905)."""
    bracket = _ERA_IN_BRACKETS.match(normal, end)
    if not bracket or not fmt.eras:
        return None
    era = bracket.group(1)
    if era == "同":
        named = [m.group(1) for m in _era_pattern(tuple(sorted(fmt.eras))).finditer(normal, 0, end)]
        named += [m.group(1) for m in _ERA_IN_BRACKETS.finditer(normal, 0, end) if m.group(1) in fmt.eras]
        era = named[-1] if named else ""
    return int(fmt.eras[era] + int(bracket.group(2))) if era in fmt.eras else None


def _in_gloss(text: str, start: int) -> bool:
    """Inside brackets that restate what stands before them: an era year after a year
    ("1612年（慶長17年）", "２７（昭和２）年", "０５（同３８）年") or an approximate conversion
    ("（約６８億円）", "（约3.8升）")."""
    opening = max(text.rfind("（", 0, start), text.rfind("(", 0, start))
    if opening < 1 or max(text.rfind("）", opening, start), text.rfind(")", opening, start)) != -1:
        return False
    inside = text[opening + 1 : start]
    return inside.startswith(("約", "约", "およそ", "大约")) or (
        (text[opening - 1] == "年" or text[opening - 1].isdigit()) and inside.startswith((*_GLOSS_ERAS, "同"))
    )


def _comma_list(start: int, run: str, shown: str) -> list[Mention]:
    """Digits joined by commas that are not thousands groups ("6,7", "63,6", "2,4,6"): a
    list, one number each, since no Chinese or Japanese writer puts a decimal comma; none
    for groups of three ("1,500", "249,289,299") or digits followed by more numerals."""
    parts = run.split(",")
    if not all(part.isdigit() for part in parts) or all(len(part) == 3 for part in parts[1:]):
        return []
    return part_mentions(run, start, ",", shown)


def _fractions(text: str, fmt: NumberFormat) -> Iterator[Mention]:
    """ "¾", "3⁄4", 三分之一: each one number, whose digits are never missed on their own.
    三分之一 and 3分の1 are not missed either: English mostly spells them ("a third")."""
    yield from fraction_mentions(text)
    for match in _OF_PART.finditer(text):
        under, over = _value(match.group(1), fmt), _value(match.group(2), fmt)
        if under and over is not None and under < 100:
            yield Mention(match.start(), match.end(), match.group(), frozenset({("n", over / under)}), optional=True)


def _meridiem(text: str, start: int) -> str | None:
    """ "p" after 下午 or 午後, "a" after 上午 or 午前."""
    before = text[max(start - 3, 0) : start].rstrip()
    return "p" if before.endswith(_PM) else "a" if before.endswith(_AM) else None


def _value(run: str, fmt: NumberFormat) -> float | None:
    """The value of digits and CJK numerals with their units and scales."""
    total = section = 0.0
    number: float | None = None
    previous_digit = False
    for token in re.findall(rf"{_DIGIT_RUN}|\S", run):
        if token in "余多":
            continue
        if token[0].isdigit():
            number, previous_digit = parse_digits(token, fmt)[0], False
        elif token in _DIGITS:
            # 二〇二二 is 2022: CJK digits in a row are read positionally.
            number = number * 10 + _DIGITS[token] if previous_digit and number is not None else float(_DIGITS[token])
            previous_digit = True
        elif token in _UNITS:
            section += (number if number is not None else 1) * _UNITS[token]
            number, previous_digit = None, False
        else:
            section += number or 0
            total = total * fmt.scales[token] if not section else total + section * fmt.scales[token]  # 万亿 = 10^12
            section, number, previous_digit = 0.0, None, False
    value = total + section + (number or 0)
    return value or (0.0 if re.fullmatch(r"[0〇零]+", run) else None)


def _parts(run: str, fmt: NumberFormat) -> set[tuple[str, float]]:
    parts = {
        ("n", value)
        for k in range(len(run))
        for j in range(k + 1, len(run) + 1)
        if (value := _value(run[k:j], fmt)) is not None
    }
    approximate = re.fullmatch(r"([一二三四五六七八九])([一二三四五六七八九])([十百千万萬])", run)
    if approximate:  # 七八十: seventy or eighty
        unit = _UNITS.get(approximate.group(3)) or fmt.scales[approximate.group(3)]
        parts |= {("n", float(_DIGITS[approximate.group(k)] * unit)) for k in (1, 2)}
    return parts


def _step(run: str, fmt: NumberFormat) -> float:
    """The value of the last digit written, for "3.5万" (1,000); 0 for other forms."""
    simple = re.fullmatch(r"(\d+(?:[.,]\d+)?) ?(.?)", run)
    if not simple or (simple.group(2) and simple.group(2) not in fmt.scales):
        return 0.0
    decimals = parse_digits(simple.group(1), fmt)[1]
    return 10.0**-decimals * fmt.scales.get(simple.group(2), 1.0)


def _minutes(after_hour: str, fmt: NumberFormat) -> tuple[int, int]:
    """Minutes after "9时", "9点" or "9時" ("30分", "半"), and how many characters they take."""
    if after_hour.startswith("半"):
        return 30, 1
    match = re.match(r" ?(\d{1,2}|[〇零一二三四五六七八九十]{1,3}) ?分", after_hour)
    if match:
        value = _value(match.group(1), fmt)
        if value is not None and value < 60:
            return int(value), match.end()
    return 0, 0
