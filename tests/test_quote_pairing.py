"""MT505 pairs a quotation over lines only where one quotation can run (issue 9): each lone
mark is reported at its own place."""

from __future__ import annotations

import pytest

from tests.conftest import check_text


def lone_marks(text: str) -> list[tuple[int, str]]:
    """(line, text before the mark) of every MT505 finding."""
    return [
        (text.count("\n", 0, f.start) + 1, text[max(0, f.start - 12) : f.start])
        for f in check_text(text)[1]
        if f.code == "MT505"
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a line holding a whole quotation in the same marks is not inside a quotation
        (
            "“At 6 pm some soldiers entered the house.\nThey asked: “Is anybody here?”\n"
            "They said: We need a video for the commander.”",
            [(1, ""), (3, "e commander.")],
        ),
        # the closer after "yes" follows a whole quotation of its own line
        (
            "“At 6 pm some soldiers entered the house.\nThey asked: “Is anybody here?” – I said yes”. – “Get out!”",
            [(1, ""), (2, "– I said yes")],
        ),
        # a quoted term closed before a lowercase word ends in its line
        (
            'The series adds figures from "New Game!\nAoba also has her long twintails" that can be swapped.',
            [(1, "igures from "), (2, "ng twintails")],
        ),
        # a closing glyph glued to the next word opens (a wrong glyph, no partner for line 1's opener)
        (
            "Around the secret, “boomer submarines become “the most important weapons”.\n"
            "Meta is the largest”advertising alliance”, and many apps work with it.",
            [(1, "the secret, ")],
        ),
        # an inverted speech tag ends the quotation, though the next paragraph opens with a mark
        (
            "“Poland should veto it, said Ziobro, head of Solidary Poland, a small party.\n"
            "“Poland should also reconsider,” Ziobro added.",
            [(1, "")],
        ),
    ],
)
def test_a_lone_quote_is_reported_at_its_own_place(text, expected):
    assert lone_marks(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Its head said: “I am from Chernihiv.\nI know what you went through.\nEverything will be as he says.”",
        'He called it "a dangerous\nstep" and left.',
        "„We worry about her very much,“ she said at the press conference.",
        "“We will not retreat. We will fight.\n\n“And we will win,” the general said.",
    ],
)
def test_quotations_over_lines_and_german_quotes_are_left_alone(text):
    assert lone_marks(text) == []


def test_blocks_holding_marks_are_those_the_mark_search_finds_in():
    from mtcheck.checks.typography import _MARK_CHARS, _MARKS, _holds_marks
    from mtcheck.text.document import build_document
    from mtcheck.text.inputs import InputText

    assert [c for c in map(chr, range(0x110000)) if _MARKS.fullmatch(c)] == sorted(_MARK_CHARS)
    text = '(a) [b]\n\n“c” "d" „e“\n\nnone here\n\nx)\n\n(\n\nend ]'
    doc = build_document(InputText("a.txt", text, "text"), "en")
    for block in doc.blocks:
        assert _holds_marks(doc, block) == (_MARKS.search(doc.checked, block.start, block.end) is not None), block
