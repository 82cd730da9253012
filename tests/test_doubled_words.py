"""MT504's fix is safe for a doubled function word only: deleting one of two content words
can damage a sentence where two compounds meet ("low power power line")."""

from __future__ import annotations

import pytest

from mtcheck.run.session import Session
from mtcheck.text.inputs import InputText


@pytest.fixture(scope="module")
def session():
    return Session()


def doubled(session, text: str) -> list[tuple[str, bool | None]]:
    result = session.check_input("a.txt", InputText("a.txt", text, "text"))
    return [(text[f.start : f.end], f.fix.safe if f.fix else None) for f in result.findings if f.code == "MT504"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The agreement was signed by the the ministers.", [("the", True)]),
        ("The talks were held in in Geneva.", [("in", True)]),
        ("It is a small power power line for the village.", [("power", False)]),
        ("Russian President Vladimir Vladimir Putin spoke.", [("Vladimir", False)]),
        ("What makes Britain Britain is its people.", []),
    ],
)
def test_doubled_word_fix_safety(session, text, expected):
    assert doubled(session, text) == expected


def test_lines_skipped_hold_no_doubled_word():
    """MT504 searches with regex only the lines where `re` finds an ASCII word doubled or a
    character outside the ranges that hold no letter: those ranges must hold none for regex
    either, and the ASCII letters must be regex's letters there."""
    import re

    import regex

    from mtcheck.checks.typography import _MAYBE_LETTER

    ascii_letters = "".join(c for c in map(chr, range(128)) if regex.match(r"\p{L}", c))
    assert ascii_letters == "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    skipped = [chr(c) for c in range(0x10000) if not _MAYBE_LETTER.match(chr(c)) and c >= 128]
    assert skipped and not [c for c in skipped if regex.match(r"\p{L}", c)]
    assert not re.search("[^\\x00-\\x7f\\u00a0-\\u00bf\\u2010-\\u205e]", "".join(skipped))


@pytest.mark.parametrize(
    "text",
    [
        "Ärger ärger and the the, THE the\tthe.\nÅ å; fiancé fiancé, \u00b5 \u00b5 and ſ S, k \u212a",
        "no doubles here\n\nnor here“ ” — “",
        "a a\nb b",
        "\u00aa \u00aa \u00ba \u00ba x",
        "The the start\nend of of\nthe\nthe cross, the the\tthe. 5the the, the the5, _a a_, a a",
        "“so so” (Bora Bora) [is is] is  is\r\nwe we\r\nit’s it’s",
        "a the\nthe the b\nof\nof of c\n\nx the\n\nthe the",  # a word doubled over a line break hides one after it
    ],
)
def test_doubled_matches_are_the_full_search(text):
    from mtcheck.checks.typography import _DOUBLED, _doubled_matches
    from mtcheck.text.document import build_document

    doc = build_document(InputText("a.txt", text, "text"), "en")
    assert [m.span() for _, m in _doubled_matches(doc)] == [m.span() for _, m in doc.block_matches(_DOUBLED)]
