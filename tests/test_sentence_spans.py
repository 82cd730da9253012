"""Sentences of a whole document at once (split_spans) are each paragraph's own (split_sentences)."""

from __future__ import annotations

import pytest

from mtcheck.text import segment
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText
from mtcheck.text.segment import split_sentences
from tests.conftest import SHARED, WMT, needs_shared


def _paragraph_by_paragraph(text: str, lang: str, kind: str = "text") -> tuple[list[tuple[int, int, int]], list]:
    doc = build_document(InputText("article", text, kind), lang)
    slow = [
        (start, end, index)
        for index, block in enumerate(doc.blocks)
        for start, end in split_sentences(doc.checked, block.start, block.end, doc.language)
    ]
    return slow, doc.sentences


TEXTS = [
    "",
    "One.",
    "No mark at all\n\nA paragraph. And another sentence!\n\nWhat? yes. It costs 3.5 euros.”",
    "Mr. Smith went to Washington. He said.The talks failed… Then “Why?” he asked.\n\n  Trimmed.  \n",
    "他说。她说！\n\n私たちはただ。.. 私たちの「はい。」と言った。",
    "!!!!!!!!!!!!!!!!!!!! Marks everywhere. ... ?? !!\n\n" + ". " * 50,
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("lang", ["en", "zh", "de"])
def test_split_spans_is_split_sentences_block_by_block(text: str, lang: str, monkeypatch) -> None:
    monkeypatch.setattr(segment, "LONG_TEXT", 0)  # (short texts split from the whole text's marks too)
    slow, fast = _paragraph_by_paragraph(text, lang)
    assert fast == slow


def test_a_text_of_marks_is_split_by_the_regex_alone(monkeypatch) -> None:
    text = "Is it? Yes. " * 20
    assert segment._mark_places(text, "") is None  # more marks than _mark_places finds in Python
    monkeypatch.setattr(segment, "_MARKS_SHARE", 1)
    assert segment._mark_places(text, "") == sorted(i for i, c in enumerate(text) if c in "?.")


@needs_shared(WMT)
def test_split_spans_splits_whole_articles_as_split_sentences() -> None:
    data = SHARED / "data"
    paths = (
        sorted(data.glob("wmt2*/*.ref.A.en"))
        + sorted(data.glob("wmt2*/*Online-A*"))
        + sorted(data.glob("wmt2*/*.src.*"))
    )
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        lang = path.suffix[1:]
        for kind in ("text", "markdown"):
            slow, fast = _paragraph_by_paragraph(text, lang, kind)
            assert fast == slow, path.name
