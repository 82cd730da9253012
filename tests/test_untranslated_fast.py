"""The untranslated-text rules' shortcuts (mtcheck/checks/untranslated.py) give what the slow way gives, on real text."""

from __future__ import annotations

from mtcheck.checks import untranslated
from mtcheck.language.names import lexicon
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText
from mtcheck.text.words import sentence_words
from tests.conftest import WMT, needs_shared

REFERENCE = WMT / "generaltest2022.de-en.ref.A.en"


def reference_document():
    return build_document(InputText(str(REFERENCE), REFERENCE.read_text(encoding="utf-8"), "text"), "en")


@needs_shared(WMT)
def test_remembered_zipfs_are_each_lists_zipf_of_each_word() -> None:
    doc = reference_document()
    lexicons = untranslated._source_lexicons(untranslated._word_lists())
    remembered: dict[str, dict[str, float]] = {language: {"": 0.0} for language in lexicons}
    asked_words: set[str] = set()
    for words in sentence_words(doc)[:600]:  # sentence by sentence, as LI102 asks, new words and old
        asked = ["", *(w.lower for w in words), *(w.text for w in words)]
        untranslated._remember_zipfs(asked, lexicons, remembered)
        asked_words.update(asked)
    assert len(lexicons) > 20 and len(asked_words) > 3000
    for language, found in lexicons.items():
        assert remembered[language] == {word: found.zipf(word) if word else 0.0 for word in asked_words}, language
    assert sum(map(bool, remembered["de"].values())) > 500  # words of both languages, and misses


def _mask_borrowed_slowly(lowered: list[str], phrases: frozenset[tuple[str, ...]]) -> None:
    for first in range(len(lowered) - 1):
        for last in range(first + 2, min(first + 6, len(lowered)) + 1):
            if tuple(lowered[first:last]) in phrases:
                lowered[first:last] = [""] * (last - first)
                break


@needs_shared(WMT)
def test_borrowed_phrases_are_masked_as_every_slice_would_mask_them() -> None:
    doc = reference_document()
    phrases = doc.language.borrowed_whole
    target = lexicon(doc.lang)
    sentences = [
        [untranslated._run_token(doc, w, doc.sentence_start(sentence), target) for w in words]
        for sentence, words in zip(doc.sentences, sentence_words(doc))
    ]
    # Phrases spliced into real sentences, one after another and overlapping ("per se" in "per se et al").
    sentences += [lowered[:4] + list(phrase) + lowered[4:] for phrase, lowered in zip(sorted(phrases), sentences)]
    sentences += [["per", "se", "et", "al", "ad", "hoc"], ["et", "al"], ["al"], []]
    masked = 0
    for lowered in sentences:
        fast, slow = list(lowered), list(lowered)
        untranslated._mask_borrowed(fast, phrases)
        _mask_borrowed_slowly(slow, phrases)
        assert fast == slow, lowered
        masked += fast != lowered
    assert len(phrases) > 10 and masked >= len(phrases)
