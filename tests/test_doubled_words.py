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
