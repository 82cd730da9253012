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


def _corpus_sentences() -> list[str]:
    from mtcheck.text.document import build_document
    from mtcheck.text.inputs import read_input

    sentences: list[str] = []
    for path in sorted((REPO / "corpora" / "en").iterdir()):
        if path.suffix in (".txt", ".md"):
            doc = build_document(read_input(str(path)), "en")
            for sentence in doc.sentences:
                text = doc.text[sentence.start : sentence.end].strip()
                if len(text.split()) >= 5 and text not in sentences:
                    sentences.append(text)
    return sentences


def test_a_long_document_follows_the_alignment_past_a_long_omission(monkeypatch):
    """A long document is searched near where the alignment runs (a window that does not grow
    with the document), and a wide search finds it again after sentences missing from the MT.
    The window is narrowed here so that the corpora's 400 sentences count as long."""
    from mtcheck.compare import alignment

    monkeypatch.setattr(alignment, "LOCAL_WINDOW", 10)
    ref = _corpus_sentences()
    assert len(ref) > 300
    hyp = ref[:150] + ref[180:]  # 30 sentences, three windows, left out of the MT
    found = Aligner().align(hyp, ref)
    pairs = {i: b.ref for b in found for i in b.hyp}
    assert pairs == {i: (i if i < 150 else i + 30,) for i in range(len(hyp))}
    assert sorted(j for b in found if not b.hyp for j in b.ref) == list(range(150, 180))


def test_a_tied_best_match_is_no_anchor_across_languages():
    # Sentence 20's only anchor ("1") is in two source sentences, 17 and 20: taken as an
    # anchor with the first one found, it would pull the alignment three sentences off.
    from collections import Counter

    from mtcheck.compare.alignment import SentenceFeatures, cross_similarity

    def features(anchors: str) -> SentenceFeatures:
        unigrams = Counter(anchors.split())
        return SentenceFeatures(unigrams, Counter(), sum(unigrams.values()), 40)

    target = [features("n1" if k == 20 else "") for k in range(30)]
    source = [features("n1" if k in (17, 20) else "") for k in range(30)]

    def path_at_20(unique: bool) -> float:
        aligner = Aligner(similarity_of=cross_similarity, anchor_threshold=0.5, unique_anchors=unique)
        return aligner._anchor_path(target, source)[20]

    assert path_at_20(unique=True) == 20
    assert path_at_20(unique=False) == 17  # what the tie did before


def test_a_language_may_weigh_lengths_less_when_aligned_with_english():
    from mtcheck.compare.alignment import LengthModel
    from mtcheck.language.profiles import language

    # rules/zh/data/language.yaml: Chinese line lengths vary more against English than
    # Gale and Church's 6.8 allows (bench/length_model.py); German keeps theirs.
    assert language("zh").length_variance == 12 and language("de").length_variance is None
    chinese = LengthModel(language("zh").length_vs_english, 12)
    assert chinese.cost(100, 40) < LengthModel(chinese.ratio).cost(100, 40)
    assert chinese.cost(100, 26) < chinese.cost(100, 40)  # the expected length still fits best


def _lengths(*chars: int) -> list:
    from collections import Counter

    from mtcheck.compare.alignment import SentenceFeatures

    return [SentenceFeatures(Counter(), Counter(), 1, n) for n in chars]


def test_a_translation_that_keeps_its_paragraphs_pairs_them_in_order():
    from mtcheck.compare.source import _paragraphs_kept

    blocks = [[0], [1], [2], [3]]
    # Short dialogue lines of any lengths, and long ones about as long as their source (ratio 2:
    # two source characters per English one), keep their places.
    assert _paragraphs_kept(blocks, blocks, _lengths(4, 30, 120, 9), _lengths(20, 8, 230, 30), 2.0)
    # A line that took in the next one and a line split in two leave as many lines, but the
    # merged one is twice as long as its source: the lengths must place them.
    assert not _paragraphs_kept(blocks, blocks, _lengths(240, 60, 60, 30), _lengths(240, 240, 120, 60), 2.0)
    # Fewer paragraphs on one side: something was left out or joined.
    assert not _paragraphs_kept(blocks, blocks[:3], _lengths(10, 10, 10, 10), _lengths(20, 20, 20), 2.0)


def test_paragraphs_drifting_from_their_anchors_are_paired_in_order():
    from collections import Counter

    from mtcheck.compare.source import _detours_borne_out, _shared_anchors, anchors
    from mtcheck.language.profiles import language

    chinese = ["“你们在做什么？”", "1818年，他带着6个侍卫走了进来。", "她皱了皱眉：“这里是玉漱宫！”", "林妃没有说话。"]
    english = [
        '"What are you doing?"',
        "In 1818 he came in with 6 guards.",
        'She frowned: "This is the Yushu Palace!"',
        "Concubine Lin said nothing.",
    ]
    shared = _shared_anchors(
        [anchors(line, language("en")) for line in english], [anchors(line, language("zh")) for line in chinese]
    )
    target, source = ([f.unigrams for f in side] for side in shared)
    one_each = [Bead((k,), (k,)) for k in range(4)]
    # Lengths left line 2 out and paired the rest a line off: the numbers and marks say otherwise.
    drifted = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,)), Bead((2, 3), (3,))]
    assert _detours_borne_out(drifted, target, source) == one_each
    # Nothing to tell the two pairings apart: the lengths' pairing stays.
    plain = [Counter() for _ in range(4)]
    assert _detours_borne_out(drifted, plain, plain) == drifted
    # A translation that joined lines 2 and 3 and added a line has their anchors where it says.
    merged = [target[0], target[1] + target[2], Counter(), target[3]]
    joined = [Bead((0,), (0,)), Bead((1,), (1, 2)), Bead((2,), ()), Bead((3,), (3,))]
    assert _detours_borne_out(joined, merged, source) == joined
