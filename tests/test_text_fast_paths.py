"""Shortcuts in the per-document analyses give what the slow way gives."""

from __future__ import annotations

import regex

from mtcheck.text import segment
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText
from tests.conftest import WMT, needs_shared


def test_a_dateline_needs_two_capitals_which_in_ascii_are_two_of_a_to_z() -> None:
    assert segment.DATELINE.pattern.startswith(r"\p{Lu}{2}")
    two_capitals = regex.compile(r"\p{Lu}{2}")
    for first in range(128):
        for second in range(128):
            head = chr(first) + chr(second)
            if not (head.isalpha() and head.isupper()):
                assert two_capitals.match(head) is None, repr(head)
                assert segment.dateline_end(head + "AP) - x", 0, 9) == 0


@needs_shared(WMT)
def test_dateline_end_is_the_dateline_match_at_every_sentence_and_paragraph() -> None:
    russian = WMT.parent / "wmt23-ru-en"
    found = 0
    for path in (
        WMT / "generaltest2022.de-en.ref.A.en",
        *sorted(russian.glob("*.ref.*.en")),
        *russian.glob("*.src.ru"),
    ):
        doc = build_document(InputText(path.name, path.read_text(encoding="utf-8"), "text"), "en")
        for start, end in [(s.start, s.end) for s in doc.sentences] + [(b.start, b.end) for b in doc.blocks]:
            match = segment.DATELINE.match(doc.checked, start, end)
            assert segment.dateline_end(doc.checked, start, end) == (match.end() if match else start)
            found += match is not None
    assert found >= 4
