"""Detokenization slips (MT601-MT611): the sub-forms real MT output shows, and the look-alikes
of human text that must stay quiet (a spaced hyphen used as a dash, emoticon brackets,
nested quotes, list labels)."""

from __future__ import annotations

import pytest

from mtcheck.checks.tokenization import dictionary_compounds
from mtcheck.run.fix_files import fix_text
from mtcheck.run.session import Session
from tests.conftest import check_text, codes


def fixed(text: str, unsafe: bool = False) -> str:
    session = Session()
    outcome = fix_text(text + "\n", "a.txt", lambda source: session.check_input("a.txt", source), unsafe=unsafe)
    return outcome.fixed[:-1]


def found(text: str, code: str) -> list[str]:
    _, findings = check_text(text + "\n")
    return [text[f.start : f.end] for f in findings if f.code == code]


@pytest.mark.parametrize(
    "broken, repaired",
    [
        ("Intel spent $ 20 billion.", "Intel spent $20 billion."),
        ("The € 20 are not going to help.", "The €20 are not going to help."),
        ("Its loss of US $ 251 billion.", "Its loss of US $251 billion."),
        ("Only 10 % of revenue, and 31.8 % in March.", "Only 10% of revenue, and 31.8% in March."),
        ('They said, " Why? " and left.', 'They said, "Why?" and left.'),
        ("A man ( 69) visited the site (www.example.org ).", "A man (69) visited the site (www.example.org)."),
        ("He called it `` a disgrace '' on Monday.", "He called it “a disgrace” on Monday."),
    ],
)
def test_safe_repairs(broken, repaired):
    assert fixed(broken) == repaired


@pytest.mark.parametrize(
    "text, compound",
    [
        ("Oleg also found me a part - time job.", "part-time"),
        ("Cross - border trade fell.", "Cross-border"),
        ("The well - defined rules apply.", "well-defined"),
        ("A 32-year - old woman was found.", "year-old"),
        ("The up-to - date figures came late.", "to-date"),
        ("The one - time payment is 800 UAH.", "one-time"),
        ("It is the third - largest in the world.", "third-largest"),
        ("The Kyiv - based firm said so.", "Kyiv-based"),
        ("Ask for a follow - up call.", "follow-up"),
        # a compound continued by a word before its noun: no clause follows a dash there
        ("A two-year - lasting effect was seen.", "two-year-lasting"),
    ],
)
def test_a_compound_split_by_a_tokenizer_is_found_and_joined_only_on_request(text, compound):
    assert found(text, "MT608") == [" - "]
    assert fixed(text) == text  # the fix needs --unsafe-fixes
    assert compound in fixed(text, unsafe=True)


@pytest.mark.parametrize(
    "text",
    [
        "Officials called for the protection of Europeans - at work, on the street - and beyond.",
        "Oops - something went wrong - try again.",
        "Three times a year - on the eve of Victory Day, Russia Day and Unity Day.",
        "More than half - women (57%).",
        "The cars - Toyotas hi-lux - are new and good.",
        "The border crossing at Reintal - Břeclav was closed.",
        "It was a well-known - and feared - place.",
    ],
)
def test_a_spaced_hyphen_used_as_a_dash_is_left_alone(text):
    assert found(text, "MT608") == []


def test_a_compound_the_article_writes_joined_elsewhere_is_found():
    text = "My dog - child has an upset stomach."
    assert found(text, "MT608") == []
    assert found("My dog-child was ill last week. " + text, "MT608") == [" - "]
    # ...but not across a word that closes or opens a clause
    assert found("Sales grew year-on-year. Three times a year - on the eve of Victory Day.", "MT608") == []


@pytest.mark.parametrize(
    "text",
    [
        "I can’t remember this schedule in any way )",
        "I can’t do it in person(((((( Thank you, this form needs printing.",
        "My ex-husband writes poems for me ) a real drama).",
    ],
)
def test_emoticon_brackets_are_not_spaces_inside_brackets(text):
    assert found(text, "MT603") == []


def test_nested_and_one_sided_straight_quotes():
    assert found('"There is no doubt about who "ordered" this story," Zakharova said.', "MT611") == []
    assert found('"Most recover within two weeks," Pillay said. "', "MT611") == []
    # Only one mark stands apart: found, but the pairing is not certain enough to fix alone.
    text = 'Our child says, " you have 7 days to give away our phones."'
    assert found(text, "MT611") == [" "]
    assert fixed(text) == text
    assert fixed(text, unsafe=True) == 'Our child says, "you have 7 days to give away our phones."'


def test_a_bulleted_label_with_a_spaced_colon_is_not_space_before_punctuation():
    text = (
        "■Numa : A pachinko swamp full of traps.\n■E Card : a card game for 2 players.\n"
        "Yoshiro Matsumoto : the first try failed."
    )
    _, findings = check_text(text + "\n")
    assert [text[f.start - 8 : f.end + 1] for f in findings if f.code == "MT501"] == ["atsumoto :"]


def test_two_spaces_after_a_quoted_sentence_are_a_typing_convention():
    assert "MT503" not in codes(check_text('"Can it be swept away so easily?"   The bridge was rebuilt.\n')[1])


def test_compounds_a_dictionary_lists_decide_where_the_words_do_not():
    words = dictionary_compounds("en")
    assert {"cost-effective", "runner-up", "so-so", "one-on-one"} <= words
    assert "it-now" not in words and "to-the" not in words  # web-text tokens, not compounds
    assert found("The plan is cost - effective and the mood so - so.", "MT608") == [" - ", " - "]
    assert found("It was not what I wanted - so what?", "MT608") == []


@pytest.mark.parametrize(
    "text",
    [
        '" I want it! " he said. “ Yes ”, “no”,"x" and 12" screens\n\n"\n\n" a\n\nb "\n\t"tab"\t“\t”',
        "no quotes at all",
        '"\n"',
        'a “ b\n\nc ” d\n\n"" " "',
    ],
)
def test_blocks_with_a_quote_beside_space_are_those_of_the_search(text):
    import regex

    from mtcheck.checks.tokenization import _blocks_with_a_quote_beside_space
    from mtcheck.text.document import build_document
    from mtcheck.text.inputs import InputText

    doc = build_document(InputText("a.txt", text, "text"), "en")
    search = regex.compile(r'(?<=[ \t])["”]|["“](?=[ \t])')
    assert _blocks_with_a_quote_beside_space(doc) == {block for block, _ in doc.block_matches(search)}
