"""Sentence alignment in document mode: merges, splits, omissions, and accuracy on WMT22."""

from __future__ import annotations

import importlib.util

from mtcheck.compare.alignment import Aligner, Bead
from tests.conftest import REPO, WMT, needs_shared

REFERENCE = [
    "The minister arrived in Brussels on Monday.",
    "She met her counterparts from France and Germany.",
    "The talks lasted until late in the evening.",
    "No agreement was reached on the budget.",
    "A new meeting is planned for next month.",
]


def beads(hyp, ref=REFERENCE):
    return [(b.hyp, b.ref) for b in Aligner().align(hyp, ref)]


def test_one_to_one():
    hyp = [
        "The minister arrived in Brussels on Monday.",
        "She met her French and German counterparts.",
        "The talks went on until late evening.",
        "No agreement on the budget was reached.",
        "A new meeting is planned next month.",
    ]
    assert beads(hyp) == [((i,), (i,)) for i in range(5)]


def test_a_merged_sentence_takes_two_reference_sentences():
    hyp = [
        "The minister arrived in Brussels on Monday and met her counterparts from France and Germany.",
        "The talks lasted until late in the evening.",
        "No agreement was reached on the budget.",
        "A new meeting is planned for next month.",
    ]
    assert beads(hyp)[0] == ((0,), (0, 1))


def test_a_split_sentence_gives_two_mt_sentences_one_reference():
    hyp = [
        "The minister arrived in Brussels on Monday.",
        "She met her counterparts.",
        "They came from France and Germany.",
        "The talks lasted until late in the evening.",
        "No agreement was reached on the budget.",
        "A new meeting is planned for next month.",
    ]
    assert ((1, 2), (1,)) in beads(hyp)


def test_a_dropped_sentence_is_an_unmatched_reference_sentence():
    hyp = [REFERENCE[0], REFERENCE[1], REFERENCE[3], REFERENCE[4]]
    assert beads(hyp) == [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,)), ((3,), (4,))]


def test_empty_sides():
    assert Aligner().align([], ["a"]) == [Bead((), (0,))]
    assert Aligner().align(["a"], []) == [Bead((0,), ())]


@needs_shared(WMT)
def test_accuracy_on_wmt22_documents_with_merges_and_splits():
    spec = importlib.util.spec_from_file_location("alignment_accuracy", REPO / "bench" / "alignment_accuracy.py")
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    correct, total = harness.evaluate("Online-B", doc_lines=40, seed=1)
    assert total > 1900
    assert correct / total >= 0.97, f"{correct}/{total}"


@needs_shared(WMT.parent / "wmt22-ja-en")
def test_accuracy_on_news_documents_written_one_paragraph_per_line():
    # Headlines and product lines without a final stop must stay sentences of their own.
    import sys

    sys.path.insert(0, str(REPO / "bench"))
    spec = importlib.util.spec_from_file_location(
        "news_document_alignment", REPO / "bench" / "news_document_alignment.py"
    )
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    correct, total = harness.evaluate("ja-en", None, seed=1)
    assert total > 2000
    assert correct / total >= 0.97, f"{correct}/{total}"
