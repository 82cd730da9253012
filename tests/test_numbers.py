"""Numbers read in each language's own convention (mtcheck/language/numbers.py)."""

from __future__ import annotations

import pytest

from mtcheck.language.number_model import parse
from mtcheck.language.numbers import mentions, spelled
from mtcheck.language.profiles import language


def read(text: str, lang: str) -> list[tuple[str, list]]:
    return [(m.text, sorted(m.readings)) for m in mentions(text, language(lang).numbers)]


@pytest.mark.parametrize(
    "token, lang, value",
    [
        ("1.500", "es", 1500),
        ("1.500", "de", 1500),
        ("3,5", "es", 3.5),
        ("3,5", "fr", 3.5),
        ("1,500", "en", 1500),
        ("3.5", "en", 3.5),
        ("1.234.567,89", "de", 1234567.89),
        ("1,234,567.89", "en", 1234567.89),
        ("1 500", "fr", 1500),
        ("1\u202f500,5", "fr", 1500.5),
        # Not valid in the language's convention: read in the other one.
        ("3,5", "en", 3.5),
        ("1.5", "es", 1.5),
    ],
)
def test_each_language_reads_its_own_separators(token, lang, value):
    assert parse(token, language(lang).numbers) == pytest.approx(value)


def test_scale_words_multiply():
    assert read("2 millones y 3 mil millones y 20 mil", "es") == [
        ("2 millones", [("n", 2e6)]),
        ("3 mil millones", [("n", 3e9)]),
        ("20 mil", [("n", 20000.0)]),
    ]
    assert read("2,5 Mio. Euro und 3 Milliarden", "de") == [("2,5 Mio", [("n", 2.5e6)]), ("3 Milliarden", [("n", 3e9)])]
    assert read("3 milliards", "fr") == [("3 milliards", [("n", 3e9)])]
    assert read("1.5 billion and $2bn", "en") == [("1.5 billion", [("n", 1.5e9)]), ("2bn", [("n", 2e9)])]


def test_times_of_day_agree_across_conventions():
    spanish = next(mentions("a las 15.30 horas", language("es").numbers))
    english = next(mentions("at 3:30 p.m.", language("en").numbers))
    french = next(mentions("à 15h30", language("fr").numbers))
    german = next(mentions("um 15.30 Uhr", language("de").numbers))
    assert english.agrees(spanish) and english.agrees(french) and english.agrees(german)
    assert not english.agrees(next(mentions("a las 16.30 horas", language("es").numbers)))


def test_a_score_is_two_numbers_and_a_colon_time_may_be_a_score():
    assert [m.text for m in mentions("won 61:72", language("de").numbers)] == ["61", "72"]
    first, second = mentions("beim 16:32", language("de").numbers)
    assert ("n", 16.0) in first.readings and second.optional


def test_dates_give_day_and_year():
    assert read("am 12.03.2022 und am 5.11.", "de") == [
        ("12", [("n", 12.0)]),
        ("03", [("n", 3.0)]),
        ("2022", [("n", 2022.0)]),
        ("5", [("n", 5.0)]),
        ("11", [("n", 11.0)]),
    ]
    assert [m.optional for m in mentions("am 5.11.", language("de").numbers)] == [False, True]
    assert read("vom 03.01.21", "de") == [
        ("03", [("n", 3.0)]),
        ("01", [("n", 1.0)]),
        ("21", [("n", 21.0), ("n", 2021.0)]),
    ]


def test_decades_ordinals_and_glued_letters():
    assert ("n", 1990.0) in read("in den 90er Jahren", "de")[0][1]
    assert read("on the 1st and 22nd", "en") == [("1st", [("n", 1.0)]), ("22nd", [("n", 22.0)])]
    assert read("Sars-CoV-2 and G7", "en") == [("2", [("n", 2.0)]), ("7", [("n", 7.0)])]


def test_spelled_numbers_and_scales():
    assert spelled("El Gobierno gastará mil millones; dos ministros", language("es").numbers) >= {1e9, 2.0}
    assert 2.0 in spelled("zwei Menschen", language("de").numbers)
    assert 0.0 in spelled("null Tore", language("de").numbers)  # YAML once read the key `null` as None
    assert 12.0 in spelled("at noon", language("en").numbers)


def test_written_the_same_way_agrees():
    # "1.500" left in English output is a locale error (MT502), not a changed number.
    english = next(mentions("1.500 people", language("en").numbers))
    spanish = next(mentions("1.500 personas", language("es").numbers))
    assert english.agrees(spanish)


def test_every_language_data_file_loads():
    """A word YAML reads as a boolean ("no", "on") would be lost from a list: refused at load."""
    from mtcheck.language.profiles import available_languages
    from mtcheck.language.resources import rules_root

    for path in sorted(rules_root().glob("*/data/language.yaml")):
        data = language(path.parent.parent.name)
        # Source languages only (ru, zh...) need no function words: those judge a target text.
        assert data.function_words or data.code not in available_languages(), path


def values(text: str, lang: str) -> list[float]:
    """The plain numeric readings of every required mention, in order."""
    return [
        sorted(v for kind, v in m.readings if kind == "n")[0]
        for m in mentions(text, language(lang).numbers)
        if not m.optional
    ]


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        # Russian: space groups, decimal comma, scale abbreviations with their full stop.
        ("Число раненых превышает 80 тысяч, ожидают от 600 тыс. до 800 тыс. человек", "ru", [80000, 600000, 800000]),
        ("Объем перевозок составил 95,2 млн человек, а пассажирооборот - 228,0 млрд", "ru", [95.2e6, 228e9]),
        ("Тираж 81 600 экземпляров, рост на 2,256%", "ru", [81600, 2.256]),
        ("В начале XVII в., когда жил Иван Сусанин", "ru", [17]),
        # Ukrainian and Czech.
        ("понад 1,5 тис. осіб і 3 млрд грн", "uk", [1500, 3e9]),
        ("Kokain za 1600 liber, necelých 50 tisíc korun a 2,5 mld. Kč", "cs", [1600, 50000, 2.5e9]),
        ("Na konci XX. století", "cs", [20]),
        # Chinese and Japanese: glued scales, full-width digits, era years.
        ("Axie Infinity 日收入超过 820 万美元，共计３００名培训者", "zh", [8.2e6, 300]),
        ("林某将20万元定金退回，1亿2000万元", "zh", [200000, 1.2e8]),
        ("１万２千人が参加した", "ja", [12000]),
    ],
)
def test_numbers_of_the_source_languages(text, lang, expected):
    assert values(text, lang) == pytest.approx(expected)


def test_words_that_carry_a_number_in_their_cases():
    russian, ukrainian, czech = language("ru").numbers, language("uk").numbers, language("cs").numbers
    assert {2.0, 24.0, 7.0, 1.5} <= spelled("второго типа за последние сутки, Большая семерка, полтора года", russian)
    assert {3.0, 2.0, 24.0} <= spelled("трьох людей, другий день, за добу", ukrainian)
    assert {27.0, 12.0, 2.0} <= spelled("sedmadvacetiletý muž z výšky dvanácti metrů, dvou dětí", czech)
    assert 25.0 in spelled("двадцать пять", russian) and 5000.0 in spelled("пять тысяч", russian)
    # A word that only starts like a number is none ("вторник" is Tuesday, "let" years).
    assert not spelled("во вторник", russian) and not spelled("před let", czech)


def test_times_with_words_for_morning_and_evening():
    english = next(mentions("at 7 pm", language("en").numbers))
    assert english.agrees(next(mentions("до 7 вечора", language("uk").numbers)))
    assert english.agrees(next(mentions("下午7点", language("zh").numbers)))
    assert english.agrees(next(mentions("午後7時", language("ja").numbers)))
    assert not english.agrees(next(mentions("下午8点", language("zh").numbers)))
    assert next(mentions("at 5:09 a.m.", language("en").numbers)).agrees(
        next(mentions("早上 5 点 9 分", language("zh").numbers))
    )


def test_values_agree_in_any_form_the_english_writes():
    english = language("en").numbers
    for phrase, source, lang in [
        ("35,000", "3.5万", "zh"),
        ("35 thousand", "3.5万", "zh"),
        ("2022", "令和4年", "ja"),
        ("30%", "3割", "ja"),
        ("75,000", "75 тыс.", "ru"),
        ("2.26", "2,256", "ru"),
        ("1.5 million", "1 543 000", "ru"),
        ("15 miles", "24 км", "ru"),
        ("21st", "XXI век", "ru"),
    ]:
        target, source_mention = next(mentions(phrase, english)), next(mentions(source, language(lang).numbers))
        assert target.agrees(source_mention) or target.rounds(source_mention), (phrase, source)
    # Rounding keeps two significant digits, a changed digit is still a change, and a
    # translation never adds digits its source does not have.
    for phrase, source, lang in [
        ("2.29", "2,256", "ru"),
        ("3 million", "3,4 млн", "ru"),
        ("301,000", "30万", "zh"),
        ("9:49", "9:19", "de"),
    ]:
        target, source_mention = next(mentions(phrase, english)), next(mentions(source, language(lang).numbers))
        assert not target.agrees(source_mention) and not target.rounds(source_mention), (phrase, source)


def test_cjk_numerals_alone_are_never_missed_on_their_own():
    chinese = language("zh").numbers
    assert list(mentions("一些人一起", chinese)) == []  # 一些 "some", 一起 "together": words, no numbers
    zero, always = mentions("0一直都是空格吗？一个人", chinese)
    assert zero.text == "0" and zero.readings == {("n", 0.0)}  # 一直 "always" is no 1 glued to the 0
    assert always.text == "一" and always.optional
    plan = next(mentions("“十四五”规划", chinese))
    assert plan.optional and ("n", 14.0) in plan.readings  # the 14th Five-Year Plan
    month, day = mentions("3月15日", chinese)
    assert month.optional and not day.optional


def test_cjk_forms_that_english_writes_otherwise():
    chinese, japanese, english = language("zh").numbers, language("ja").numbers, language("en").numbers
    # 80年代 and 20世纪80年代 are "the 1980s" (a tokenizer may write "1980 s").
    decade = next(m for m in mentions("自20世纪80年代以来", chinese) if not m.optional)
    assert next(mentions("since the 1980 s", english)).agrees(decade)
    assert next(mentions("20世纪80年代", chinese)).optional  # the century, said by "1980s"
    # 1か月半 is a month and a half; a lone 1 before a counter is "per", "a" or "each".
    assert ("n", 1.5) in next(mentions("約1か月半", japanese)).readings
    assert next(mentions("1公演につき", japanese)).optional and next(mentions("每满1个年度", chinese)).optional
    assert [m.optional for m in mentions("5/12(日)まで", japanese)] == [True, False]  # May 12
    assert [m.optional for m in mentions("每年的3至6月", chinese)] == [True, True]  # March to June
    assert [m.optional for m in mentions("15/30、145ヤード", japanese)] == [False, False, False]


def test_english_glued_scales_and_hours():
    english, russian = language("en").numbers, language("ru").numbers
    # Certain only after a currency sign: "30m" may be thirty metres, "4K" a screen, "75k" 75,000.
    assert [sorted(m.readings) for m in mentions("€121m and $2.5k, 30m high, 4K, a town of 75k", english)] == [
        [("n", 121e6)],
        [("n", 2500.0)],
        [("n", 30.0), ("n", 30e6)],
        [("n", 4.0), ("n", 4000.0)],
        [("n", 75.0), ("n", 75000.0)],
    ]
    # "22-00": the bare hour 22 agrees with 10 p.m.; its "00" is never missed on its own.
    ten_pm = next(mentions("at 10:00 p.m.", english))
    hour, zeros = list(mentions("до 22-00", russian))
    assert ten_pm.agrees(hour) and zeros.optional
    assert not ten_pm.agrees(next(mentions("до 21", russian)))


def test_czech_compound_numerals():
    czech = language("cs").numbers
    for word, value in [
        ("šestadvacetiletý", 26),
        ("pětačtyřicetiletého", 45),
        ("devětatřicáté", 39),
        ("šedesátin", 60),
        ("čtyřstovku", 400),
        ("sedmitisícovou", 7000),
        ("dvoutisícový", 2000),
        ("stobodovou", 100),
        ("devět set", 900),
        ("tisícovky", 1000),
    ]:
        assert value in spelled(word, czech), word
    assert not spelled("setkání před let", czech)


def test_times_and_cup_rounds_in_words():
    english, russian = language("en").numbers, language("ru").numbers
    # "17 часов 47 минут" is one time, 17:47; its minutes are no number of their own.
    (time,) = mentions("В 17 часов 47 минут поступило сообщение", russian)
    assert next(mentions("At 5:47 p.m.", english)).agrees(time)
    assert not next(mentions("At 5:45 p.m.", english)).agrees(time)
    # "1/8 финала" is the last 16, never missed on its own ("the quarterfinals" for 1/4); an MT
    # that keeps "the 1/8 finals" says it too.
    stage, under = mentions("ответный матч 1/8 финала", russian)
    assert stage.optional and under.optional and next(mentions("last 16", english)).agrees(stage)
    one, eight = mentions("the 1/8 finals", english)
    assert one.agrees(stage) and eight.agrees(under)
    assert not any(m.agrees(stage) or m.agrees(under) for m in mentions("the last 8", english))
    assert [m.text for m in mentions("only 39.6m euros, 30m high", english)] == ["39.6m", "30"]


def test_english_forms_of_the_round_two_sample():
    english, chinese = language("en").numbers, language("zh").numbers
    # "2100 hours" is 21:00 (21时); "COVID-19s" is the name; "thirties" is ３０代.
    assert next(mentions("as of 2100 hours", english)).agrees(list(mentions("截至25日21时", chinese))[1])
    assert not next(mentions("as of 2200 hours", english)).agrees(list(mentions("截至25日21时", chinese))[1])
    assert [m.optional for m in mentions("12 COVID-19s", english)] == [False, True]
    assert 30.0 in spelled("in his thirties", english)


def test_fractions_read_as_one_number():
    english, czech, chinese = language("en").numbers, language("cs").numbers, language("zh").numbers

    def values(text, fmt):
        return [(m.text, sorted(v for _, v in m.readings), m.optional) for m in mentions(text, fmt)]

    # "¾" and "3⁄4" (U+2044) are 0.75; "3/4" three quarters or a date (each part may say which).
    assert values("¾ oz and 1½ cups", english) == [("¾", [0.75], False), ("1½", [1.5], False)]
    assert values("3⁄4 dne", czech) == [("3⁄4", [0.75], False)]
    assert values("3/4 cup", english) == [("3", [0.75, 3.0], False), ("4", [0.75, 4.0], False)]
    assert values("3/4日", language("ja").numbers) == [("3", [0.75, 3.0], True), ("4", [0.75, 4.0], False)]
    assert values("81⁄2", czech) == [("81⁄2", [8.5, 40.5], False)]  # 8½ set without its space
    assert all(len(m.readings) == 1 for m in mentions("3/4/2021, 5/3", english))  # no fraction
    # 三分之一 and 3分の1 are a third, never missed on their own (English says "a third").
    assert values("三分之一的人", chinese)[0] == ("三分之一", [1 / 3], True)
    assert values("《八部半》", chinese) == [("八", [8.0, 8.5], True)]


def test_spelled_ordinals_cases_and_fractions():
    czech, ukrainian, english = language("cs").numbers, language("uk").numbers, language("en").numbers
    assert {20.0, 3.0} <= spelled("dvacátá hra v posledních třech měsících", czech)
    assert 2 / 3 in spelled("dvě třetiny hráčů", czech) and 0.75 in spelled("tři čtvrtiny", czech)
    assert 1 / 3 in spelled("роздала третину речей", ukrainian)
    assert 50.0 in spelled("his half-century off 68 balls", english)


def test_abbreviated_year_range():
    english = language("en").numbers
    first, second = mentions("the 2024-25 season", english)
    assert ("n", 2025.0) in second.readings and ("n", 25.0) in second.readings
    assert ("n", 2019.0) not in list(mentions("2024-19", english))[1].readings  # not a range forwards


def test_amounts_spaced_by_speech_recognition():
    english = language("en").numbers
    found = [(m.text, sorted(m.readings)) for m in mentions("$449 .99, $1 ,575 .76 and $1 ,024. Then 40 .", english)]
    assert found == [
        ("449 .99", [("n", 449.99)]),
        ("1 ,575 .76", [("n", 1575.76)]),
        ("1 ,024", [("n", 1024.0)]),
        ("40", [("n", 40.0)]),
    ]
