"""The aligner's shortcuts give what scoring every pair gives, on WMT22 text."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from mtcheck.compare import alignment
from mtcheck.compare.alignment import Aligner, cross_similarity
from tests.conftest import WMT, needs_shared


def _lines(name: str) -> list[str]:
    return (WMT / f"generaltest2022.de-en.{name}").read_text(encoding="utf-8").splitlines()


def _with_gaps(target: list[str], source: list[str]) -> tuple[list[str], list[str]]:
    """The line-parallel texts with lines left out on either side and lines merged, as the
    aligner meets them (left-out runs long enough for the wide search past them)."""
    rng = random.Random(3)
    kept_target, kept_source = [], []
    for k, (t, s) in enumerate(zip(target, source)):
        if 300 <= k < 330:
            kept_source.append(s)  # a long omission
            continue
        roll = rng.random()
        if roll < 0.04:
            kept_source.append(s)
        elif roll < 0.07:
            kept_target.append(t)
        elif roll < 0.1 and kept_target:
            kept_target[-1] += " " + t
            kept_source.append(s)
        else:
            kept_target.append(t)
            kept_source.append(s)
    return kept_target, kept_source


def _cross_aligner() -> Aligner:
    from mtcheck.compare.source import anchors
    from mtcheck.language.profiles import language

    english, german = language("en"), language("de")
    return Aligner(
        lexical=2.0,
        similarity_of=cross_similarity,
        anchor_threshold=0.5,
        features=(lambda s: anchors(s, english), lambda s: anchors(s, german)),
        band=5,
        unique_anchors=True,
    )


def _scored(aligner: Aligner, hyp: list[str], ref: list[str], monkeypatch) -> tuple[list, list, int]:
    """The anchor path and the beads of `aligner`, and how often it compared two sentences' words."""
    features = aligner.features or (alignment._text, alignment._text)
    hyp_texts, ref_texts = [features[0](s) for s in hyp], [features[1](s) for s in ref]
    overlap, calls = alignment._overlap, Counter()

    def counted(a: frozenset, b: frozenset, a_repeats: dict, b_repeats: dict) -> int:
        calls["overlap"] += 1
        return overlap(a, b, a_repeats, b_repeats)

    with monkeypatch.context() as counting:
        counting.setattr(alignment, "_overlap", counted)
        path, beads = aligner._anchor_path(hyp_texts, ref_texts), aligner.align(hyp, ref)
    return path, beads, calls["overlap"]


@needs_shared(WMT)
@pytest.mark.parametrize("same_language", [False, True])
def test_only_pairs_sharing_a_word_are_scored_and_the_alignment_is_the_same(monkeypatch, same_language):
    """The anchor search and the beads skip pairs with no word (anchor) in common, which
    score 0.0: the same anchor path and beads as when every pair is scored, on a whole
    test set (the search that follows the alignment, and the wide one after an omission)
    and on an article."""
    target, source = _lines("hyp.Online-B.en")[:700], _lines("ref.A.en" if same_language else "src.de")[:700]
    target, source = _with_gaps(target, source)
    for hyp, ref in ((target, source), (target[40:80], source[42:85])):
        aligner = Aligner() if same_language else _cross_aligner()
        fast_path, fast_beads, fast_calls = _scored(aligner, hyp, ref, monkeypatch)
        with monkeypatch.context() as slow:
            slow.setattr(Aligner, "_scores_by_shared_words", lambda self: False)
            slow_path, slow_beads, slow_calls = _scored(aligner, hyp, ref, monkeypatch)
        assert fast_path == slow_path
        assert fast_beads == slow_beads
        if len(hyp) > 100:
            assert any(not b.ref for b in fast_beads) and any(len(b.hyp) == 2 for b in fast_beads)
        # Not every pair shares a word: across languages, nearly none does.
        assert fast_calls < (0.3 if not same_language else 0.95) * slow_calls, (fast_calls, slow_calls)


@needs_shared(WMT)
def test_the_overlap_of_two_counters_is_the_sum_of_the_smaller_counts_of_the_words_both_have():
    texts = [alignment._text(s) for s in _lines("hyp.Online-B.en")[:60] + _lines("ref.A.en")[:60]]
    texts += [alignment._join(a, b, None) for a, b in zip(texts, texts[1:])]  # merged: more repeats
    repeated = 0
    for a in texts:
        for b in texts:
            for x, y in ((a.unigrams, b.unigrams), (a.bigrams, b.bigrams)):
                x_repeats, y_repeats = alignment._repeats(x), alignment._repeats(y)
                repeated += bool(x_repeats.keys() & y_repeats.keys())
                expected = sum(min(n, y[k]) for k, n in x.items() if k in y)
                assert alignment._overlap(frozenset(x), frozenset(y), x_repeats, y_repeats) == expected
    assert repeated > 1000  # pairs where a word occurs more than once on both sides
