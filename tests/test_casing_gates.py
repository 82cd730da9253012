"""The casing and name-spelling rules' gates and lookups give what the slow way gives, on real articles."""

from __future__ import annotations

import pytest

from mtcheck.checks import casing, name_spelling
from mtcheck.text.document import Document, build_document
from mtcheck.text.inputs import InputText
from mtcheck.text.words import sentence_words
from tests.conftest import SHARED, WMT, needs_shared

ARTICLES = [
    WMT / "generaltest2022.de-en.ref.A.en",
    SHARED / "data" / "wmt22-zh-en" / "generaltest2022.zh-en.hyp.NiuTrans.en",
    SHARED / "data" / "wmt22-ja-en" / "generaltest2022.ja-en.hyp.AIST.en",
    SHARED / "data" / "wmt23-ru-en" / "generaltest2023.ru-en.ref.refA.en",
]
# Blocks in lowercase on purpose (no capital, no final stop, four words or more), one with
# only a capital beyond ASCII, and short or stopped ones that are not.
LOWERCASE = (
    "just landed in kyiv, what a day\n\n"
    "Ärger über die neuen regeln heute\n\n"
    "ärger über die neuen regeln heute\n\n"
    "so much for that\n\n"
    "this one ends with a stop.\n\n"
    "two words\n\n"
    "The minister said so. then he left\n"
)


def _documents(kind: str = "text") -> list[Document]:
    texts = [LOWERCASE] + [path.read_text(encoding="utf-8") for path in ARTICLES if path.exists()]
    return [build_document(InputText("article.txt", text, kind), "en") for text in texts]


@needs_shared(WMT)
@pytest.mark.parametrize("kind", ["text", "markdown"])
def test_a_block_with_an_ascii_capital_is_judged_without_asking(kind: str) -> None:
    for doc in _documents(kind):
        fast = casing._lowercase_on_purpose(doc)
        fresh = build_document(InputText("article.txt", doc.text, kind), "en")
        assert fast == [fresh.written_in_lowercase(fresh.blocks[s.block]) for s in fresh.sentences]
    assert casing._lowercase_on_purpose(_documents()[0]) == [True, False, True, True, False, False, False]


@needs_shared(WMT)
@pytest.mark.parametrize("kind", ["text", "markdown"])
def test_an_opening_word_is_looked_up_in_its_sentence(kind: str) -> None:
    for doc in _documents(kind):
        opening = {w.start for words in sentence_words(doc) for w in words if w.initial}
        starts = {w.start for words in sentence_words(doc) for w in words}
        places = sorted(starts | {start + 1 for start in starts} | {0, len(doc.text)})
        assert [name_spelling._opens(doc, place) for place in places] == [place in opening for place in places]
        assert opening and starts - opening
