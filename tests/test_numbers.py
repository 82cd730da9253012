"""Numbers read in each language's own convention (mtcheck/numbers.py)."""

from __future__ import annotations

import pytest

from mtcheck.language import language
from mtcheck.numbers import mentions, parse, spelled


def read(text: str, lang: str) -> list[tuple[str, list]]:
    return [(m.text, sorted(m.readings)) for m in mentions(text, language(lang).numbers)]


@pytest.mark.parametrize(
    "token, lang, value",
    [
        ("1.500", "es", 1500), ("1.500", "de", 1500), ("3,5", "es", 3.5), ("3,5", "fr", 3.5),
        ("1,500", "en", 1500), ("3.5", "en", 3.5), ("1.234.567,89", "de", 1234567.89),
        ("1,234,567.89", "en", 1234567.89), ("1 500", "fr", 1500), ("1\u202f500,5", "fr", 1500.5),
        # Not valid in the language's convention: read in the other one.
        ("3,5", "en", 3.5), ("1.5", "es", 1.5),
    ],
)
def test_each_language_reads_its_own_separators(token, lang, value):
    assert parse(token, language(lang).numbers) == pytest.approx(value)


def test_scale_words_multiply():
    assert read("2 millones y 3 mil millones y 20 mil", "es") == [
        ("2 millones", [("n", 2e6)]), ("3 mil millones", [("n", 3e9)]), ("20 mil", [("n", 20000.0)])]
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
        ("12", [("n", 12.0)]), ("03", [("n", 3.0)]), ("2022", [("n", 2022.0)]), ("5", [("n", 5.0)]), ("11", [("n", 11.0)])]
    assert [m.optional for m in mentions("am 5.11.", language("de").numbers)] == [False, True]
    assert read("vom 03.01.21", "de") == [("03", [("n", 3.0)]), ("01", [("n", 1.0)]), ("21", [("n", 21.0), ("n", 2021.0)])]


def test_decades_ordinals_and_glued_letters():
    assert ("n", 1990.0) in read("in den 90er Jahren", "de")[0][1]
    assert read("on the 1st and 22nd", "en") == [("1st", [("n", 1.0)]), ("22nd", [("n", 22.0)])]
    assert read("Sars-CoV-2 and G7", "en") == [("2", [("n", 2.0)]), ("7", [("n", 7.0)])]


def test_spelled_numbers_and_scales():
    assert spelled("El Gobierno gastará mil millones; dos ministros", language("es").numbers) >= {1e9, 2.0}
    assert 2.0 in spelled("zwei Menschen", language("de").numbers)
    assert 12.0 in spelled("at noon", language("en").numbers)


def test_written_the_same_way_agrees():
    # "1.500" left in English output is a locale error (MT502), not a changed number.
    english = next(mentions("1.500 people", language("en").numbers))
    spanish = next(mentions("1.500 personas", language("es").numbers))
    assert english.agrees(spanish)


def test_every_language_data_file_loads():
    """A word YAML reads as a boolean ("no", "on") would be lost from a list: refused at load."""
    from mtcheck.language import available_languages
    from mtcheck.resources import rules_root

    for path in sorted(rules_root().glob("*/data/language.yaml")):
        data = language(path.parent.parent.name)
        # Source languages only (ru, zh...) need no function words: those judge a target text.
        assert data.function_words or data.code not in available_languages(), path
