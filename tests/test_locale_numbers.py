"""Numbers in the source's convention (MT801, MT802, MT806, MT809, MT810): what is flagged,
and whether its fix is safe, the way `mtcheck check` and `mtcheck fix` report it.

The sentences are from WMT system outputs and references, or written to stand for a class
of number that must be left alone.
"""

from __future__ import annotations

import pytest

from mtcheck.run.fix_files import fix_text
from mtcheck.run.session import Session
from mtcheck.text.inputs import InputText

LOCALE = ("MT801", "MT802", "MT803", "MT806", "MT808", "MT809", "MT810")


@pytest.fixture(scope="module")
def session():
    return Session()


def locale_findings(session, text: str) -> list[tuple[str, str, bool | None]]:
    result = session.check_input("a.txt", InputText("a.txt", text, "text"))
    return [(f.code, text[f.start : f.end], f.fix.safe if f.fix else None) for f in result.findings if f.code in LOCALE]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Decimal commas wherever real text puts them; safe where a unit or currency says "amount".
        ("Every third is a woman (31,8%), among the deans 38,7%.", [("MT801", "31,8", True), ("MT801", "38,7", True)]),
        ("The decoder delivers up to 1,5 A of engine current.", [("MT801", "1,5", True)]),
        (
            "Aeroflot gets 52,5 billion rubles and the meat costs 189,00 CZK / kg.",
            [("MT801", "52,5", True), ("MT801", "189,00", True)],
        ),
        ("The car was expected in 3-3,5 months.", [("MT801", "3,5", True)]),
        ("In 2021, 4,5 million people and 3, 3,5 % of firms left.", [("MT801", "4,5", True), ("MT801", "3,5", True)]),
        ("Prices rose 3,5-4,2 % this year.", [("MT801", "3,5", True), ("MT801", "4,2", True)]),
        ("The average age of the candidates was 46,6.", [("MT801", "46,6", False)]),
        ("The Elaskin 8,8 stretch-panel supports the back.", [("MT801", "8,8", False)]),
        ("The flat costs 1.234,50 euros.", [("MT801", "1.234,50", True)]),
        # "2,3 times" is "two or three times" in Chinese and Japanese MT: flagged, fix not guessed.
        ("It is taken 2,3 times a day.", [("MT801", "2,3", False)]),
        # Lists, scores and codes are no decimals.
        ("See pages 3,4 and chapters 2,5 and 7.", []),
        ("Her daughters (8, 10,12 years old) came too.", []),
        ("Bayern won 2,1 and a 2,1 win followed.", []),
        ("My ThinkPad E480,20KQ is three years old; 1,2,3 go.", []),
        # Thousands dots: safe where they can only be thousands.
        ("Since Saturday more than 21.000 people in Much were without power.", [("MT802", "21.000", True)]),
        ("He seeks damages of CZK 220.000 and court costs.", [("MT802", "220.000", True)]),
        ("Only about 1.000 euros for goods I do not need.", [("MT802", "1.000", True)]),
        ("The upper limit isn't even at 10.000.", [("MT802", "10.000", True)]),
        ("The region has 1.234.567 inhabitants.", [("MT802", "1.234.567", True)]),
        # ...unsafe where a decimal reading is possible but unlikely.
        ("Cold air came in at an altitude of 5.500m.", [("MT802", "5.500", False)]),
        ("The total number of cases rose to 2.713.", [("MT802", "2.713", False)]),
        # (a price of one to nine with three decimals may be an exchange rate)
        (
            "I saw the mouse on sale for 3.280yen; the euro rose to 1.125 dollars.",
            [("MT802", "3.280", False), ("MT802", "1.125", False)],
        ),
        # A decimal with three places, where English writes one, is left alone.
        ("He ran it in 2.256 seconds and it yields 1.125 per cent.", []),
        ("The pipe is 0.375 inches wide; she finished with a score of 3.125.", []),
        ("The fund holds 1.125 million euros and petrol is €1.659 per litre.", []),
        ("Update to version 2.100 and see § 1.234 and section 3.100.", []),
        ("The server 192.168.100.200 went down on 12.03.2021 at 15.30.", []),
        ("Watch 424.10.0.20.02.002/27.60.55.001 in stock.", []),
        # Groups of thousands cut by a space.
        ("More than 20, 000 people died.", [("MT809", "20, 000", True)]),
        ("The bank pays up to EUR 25 .000 for deposits.", [("MT809", "25 .000", True)]),
        ("M size 2, 560 yen (excluding tax)", [("MT809", "2, 560", False)]),
        ("On April 3, 410 bodies were found; new rackets 500, 600 is good.", []),
        # Clock times cut by a space.
        ("All trains departing from Prague at 02: 30 are cancelled.", [("MT810", "02: 30", True)]),
        ("The game will start at 22. 00 at Moscow time.", [("MT810", "22. 00", False)]),
        ("Step 1: 30 minutes of reading.", []),
        # "03:49 hours" is English police style; "1.25 hours" a duration.
        ("The last station was processed at 03:49 hours after 1.25 hours of counting.", []),
    ],
)
def test_numbers_in_context(session, text, expected):
    assert locale_findings(session, text) == expected


def test_thousands_of_millions_reads_a_dotted_decimal_as_a_decimal(session):
    assert locale_findings(session, "The plan costs 1.125 million euros.") == []
    assert ("MT806", "12.500 million", False) in locale_findings(session, "The plan costs 12.500 million euros.")


def test_a_numbered_list_is_no_continental_ordinal(session):
    text = "Options:\n1. refuse the parcel\n2. return only the mouse\n\nShe was last seen on 28. November."
    assert locale_findings(session, text) == [("MT808", "28.", True)]


def test_fix_repairs_what_is_sure_and_leaves_the_guesses(session):
    raw = "Some 12.500 people came, 20, 000 more at 19: 00; cases rose to 2.713 and it is taken 2,3 times.\n"
    check = lambda source: session.check_input("a.txt", source)  # noqa: E731
    safe = fix_text(raw, "a.txt", check)
    assert (
        safe.fixed == "Some 12,500 people came, 20,000 more at 19:00; cases rose to 2.713 and it is taken 2,3 times.\n"
    )
    unsafe = fix_text(raw, "a.txt", check, unsafe=True)
    assert "rose to 2,713" in unsafe.fixed and "2.3 times" in unsafe.fixed


_DIGIT_PATTERNS = (
    "_COMMA_DECIMAL",
    "_DOTTED",
    "_THOUSANDS_OF_MILLIONS",
    "_SPLIT_GROUP",
    "_SPACED_CLOCK",
    "_ORDINAL_STOP",
)


@pytest.mark.parametrize(
    "text",
    [
        "It cost 3,5 million; 12.500 people, 3,000 million euros and 1.234.567.\nAt 19: 00, 22. 00 and 9 :30.",
        "On the 22. March, 20, 000 came; 1,022. and A3. no; 4/21 23: 59; 2.3.4 and 12,34,56 and ١٢,٥ too.",
        "x1,5 1,5,5 1.000.000,25 10.000 000 3,000\nmillion 2000 million 45. Minute 1. 2. 3. Platz\n\n7\u00a0000",
        "",
        "9",
    ],
)
def test_matches_at_digits_are_the_block_matches(text):
    from mtcheck.checks import locale
    from mtcheck.text.document import build_document

    doc = build_document(InputText("a.txt", text, "text"), "en")
    for name in _DIGIT_PATTERNS:
        pattern = getattr(locale, name)
        # every match starts with a digit after no word character (a digit is one)
        assert pattern.pattern.lstrip("(?P<>abcdefghijklmnopqrstuvwxyz").startswith(r"\d(?<![\w"), name
        spans = [m.span() for _, m in locale._matches_at_digits(doc, pattern)]
        assert spans == [m.span() for _, m in doc.block_matches(pattern)], name
