"""A translation beside its source: sentences aligned across the two languages.

Words cannot be compared across languages, so the aligner is given what both sides share:
numbers (each read in its own language's convention), the first four letters of longer
words (cognates and names: "inflation"/"Inflation", "ministro"/"minister", Simard et al.
1992), and question marks, exclamation marks, colons and quotation marks. Sentence length
does the rest (Gale and Church 1993), with the length ratio of the two languages taken
from the article itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from mtcheck.alignment import Aligner, Bead, SentenceFeatures, cross_similarity
from mtcheck.document import Document
from mtcheck.language import Language
from mtcheck.numbers import Mention, mentions, spelled

_WORD = re.compile(r"[^\W\d_]{4,}")
_MARKS = {"?": "?", "!": "!", ":": ":", "“": "q", "”": "q", '"': "q", "«": "q", "»": "q", "„": "q", "(": "("}
PREFIX = 4  # Simard et al.: words sharing their first four letters are likely cognates


@lru_cache(maxsize=4096)
def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def anchors(sentence: str, lang: Language, numbers: list[Mention] | None = None) -> SentenceFeatures:
    """What a sentence shares with its translation in any language (its numbers may be
    given, already read)."""
    features: Counter = Counter()
    for mention in mentions(sentence, lang.numbers) if numbers is None else numbers:
        for kind, value in mention.readings:
            features[f"{kind}{value:g}"] += 1
    for word in _WORD.findall(sentence):
        features[_fold(word)[:PREFIX]] += 1
    for char in sentence:
        mark = _MARKS.get(char)
        if mark:
            features[mark] += 1
    return SentenceFeatures(features, Counter(), sum(features.values()), len(sentence))


@dataclass
class SourceAlignment:
    """Beads pair target sentences (hyp) with source sentences (ref), in order."""

    beads: list[Bead]
    ratio: float  # source characters per target character in this article


def sentence_texts(doc: Document) -> list[str]:
    return [doc.checked[s.start : s.end] for s in doc.sentences]


def align_with_source(doc: Document) -> SourceAlignment | None:
    """The target's sentences aligned with its source's (cached on the document)."""
    source = getattr(doc, "original", None)
    if source is None:
        return None
    cached = doc.cache.get("source_alignment")
    if cached is None:
        target_texts, source_texts = sentence_texts(doc), sentence_texts(source)
        ratio = length_ratio(doc, source, target_texts, source_texts)
        target_features = {t: anchors(t, doc.language, n) for t, n in zip(target_texts, sentence_numbers(doc))}
        source_features = {t: anchors(t, source.language, n) for t, n in zip(source_texts, sentence_numbers(source))}
        aligner = Aligner(
            lexical=LEXICAL_WEIGHT, ratio=ratio, similarity_of=cross_similarity, anchor_threshold=ANCHOR_THRESHOLD,
            features=(target_features.__getitem__, source_features.__getitem__), priors=BEAD_PRIORS, band=BAND,
        )
        beads = aligner.align(target_texts, source_texts)
        beads = _unshift_merges(beads, [target_features[t].unigrams for t in target_texts],
                                [source_features[t].unigrams for t in source_texts])
        cached = doc.cache["source_alignment"] = SourceAlignment(beads, ratio)
    return cached


def _unshift_merges(beads: list[Bead], target: list[Counter], source: list[Counter]) -> list[Bead]:
    """A merge beside an omission is often a pair shifted by one: when a sentence was cut
    short, lengths alone pair its remains with the next sentence's source and call that
    source sentence omitted. Undo it when the merged sentence nearest the gap shares
    anchors (a number, a name) with the "omitted" source sentence and none with its own."""
    result = list(beads)
    for k in range(len(result) - 1):
        merge, gap = result[k], result[k + 1]
        if len(merge.hyp) == 2 and len(merge.ref) == 1 and not gap.hyp and len(gap.ref) == 1:
            moved, stays = merge.hyp[1], merge.hyp[0]
            if _shares(target[moved], source[gap.ref[0]]) and not _shares(target[moved], source[merge.ref[0]]):
                result[k], result[k + 1] = Bead((stays,), merge.ref), Bead((moved,), gap.ref)
        elif not merge.hyp and len(merge.ref) == 1 and len(gap.hyp) == 2 and len(gap.ref) == 1:
            moved, stays = gap.hyp[0], gap.hyp[1]
            if _shares(target[moved], source[merge.ref[0]]) and not _shares(target[moved], source[gap.ref[0]]):
                result[k], result[k + 1] = Bead((moved,), merge.ref), Bead((stays,), gap.ref)
    return result


def _shares(a: Counter, b: Counter) -> bool:
    return any(key in b for key in a)


def length_ratio(doc: Document, source: Document, target_texts: list[str], source_texts: list[str]) -> float:
    """Source characters per target character: the article's own figure, kept near what the
    two languages usually show, since an omission or addition skews a short article's."""
    prior = source.language.length_vs_english / doc.language.length_vs_english
    measured = (sum(len(t) for t in source_texts) or 1) / (sum(len(t) for t in target_texts) or 1)
    return min(max(measured, prior / RATIO_SLACK), prior * RATIO_SLACK)


RATIO_SLACK = 1.2
BAND = 5  # how far from the anchor path the alignment may stray, in sentences
LEXICAL_WEIGHT = 2.0
# MT translates sentence by sentence: merges are rarer than between two human texts (Gale
# and Church's 0.0445), and a dropped sentence is what we look for. Tuned on WMT22 de-en
# with bench/source_accuracy.py: a left-out line is found 93% of the time while 99% of
# source sentences stay paired right when one MT line in eight is merged or split.
BEAD_PRIORS = {(1, 1): 0.89, (1, 2): 0.02, (2, 1): 0.02, (2, 2): 0.005, (1, 0): 0.03, (0, 1): 0.03}
ANCHOR_THRESHOLD = 0.5


@dataclass(frozen=True)
class Gap:
    """Source sentences with no translation, and where the translation should have them."""

    source: tuple[int, ...]
    at: int


def omissions(doc: Document) -> list[Gap]:
    alignment = align_with_source(doc)
    if alignment is None:
        return []
    beads = alignment.beads
    gaps = []
    for index, bead in enumerate(beads):
        if bead.hyp or not bead.ref:
            continue
        following = next((b.hyp[0] for b in beads[index + 1 :] if b.hyp), None)
        previous = next((b.hyp[-1] for b in reversed(beads[:index]) if b.hyp), None)
        at = doc.sentences[following].start if following is not None else doc.sentences[previous].end if previous is not None else 0
        gaps.append(Gap(bead.ref, at))
    return gaps


def additions(doc: Document) -> list[tuple[int, ...]]:
    """Target sentences with no source behind them."""
    alignment = align_with_source(doc)
    return [bead.hyp for bead in alignment.beads if bead.hyp and not bead.ref] if alignment else []


def pairs(doc: Document) -> list[Bead]:
    """Beads with sentences on both sides."""
    alignment = align_with_source(doc)
    return [bead for bead in alignment.beads if bead.hyp and bead.ref] if alignment else []


def span(doc: Document, sentences: tuple[int, ...]) -> tuple[int, int]:
    return doc.sentences[sentences[0]].start, doc.sentences[sentences[-1]].end


def quote(doc: Document, sentences: tuple[int, ...], width: int = 90) -> str:
    start, end = span(doc, sentences)
    text = " ".join(doc.text[start:end].split())
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True)
class NumberDifference:
    """A number on one side that the other side does not have (None on that side), in
    one pair of aligned sentences; offsets are in their own document."""

    target: Mention | None
    source: Mention | None
    bead: Bead


def sentence_numbers(doc: Document) -> list[list[Mention]]:
    """The numbers of each sentence, offsets in the document (read once, cached)."""
    cached = doc.cache.get("sentence_numbers")
    if cached is None:
        cached = doc.cache["sentence_numbers"] = [
            [replace(m, start=m.start + s.start, end=m.end + s.start)
             for m in mentions(doc.checked[s.start : s.end], doc.language.numbers)]
            for s in doc.sentences
        ]
    return cached


def _mentions_in(doc: Document, sentences: tuple[int, ...]) -> list[Mention]:
    numbers = sentence_numbers(doc)
    return [m for index in sentences for m in numbers[index]]


def _unmatched(ours: list[Mention], theirs: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """Pair agreeing mentions one to one; what is left on each side."""
    left = list(theirs)
    alone = []
    for mention in ours:
        partner = next((other for other in left if mention.agrees(other)), None)
        if partner is None:
            alone.append(mention)
        else:
            left.remove(partner)
    return alone, left


def _spelled_in(doc: Document, sentences: tuple[int, ...]) -> set[float]:
    start, end = span(doc, sentences)
    return spelled(doc.checked[start:end], doc.language.numbers)


def _excused(mention: Mention, words: set[float]) -> bool:
    """The other side spells it out ("two", "zwei", "midday")."""
    if mention.metric is not None and any(abs(word - mention.metric) <= 0.05 * word for word in words):
        return True  # "40 feet" for "dvanácti metrů"
    return any((value if kind == "n" else value / 60) in words for kind, value in mention.readings)


def number_differences(doc: Document) -> list[NumberDifference]:
    cached = doc.cache.get("source_numbers")
    if cached is not None:
        return cached
    source = doc.original
    alignment = align_with_source(doc)
    beads = alignment.beads if alignment else []
    found: list[NumberDifference] = []
    for index, bead in enumerate(beads):
        if not bead.hyp or not bead.ref:
            continue
        target_numbers = _mentions_in(doc, bead.hyp)
        source_numbers = _mentions_in(source, bead.ref)
        if not target_numbers and not source_numbers:
            continue
        target_numbers = _join_split_groups(doc, target_numbers, source_numbers)
        target_alone, source_alone = _unmatched(target_numbers, source_numbers)
        target_alone = [m for m in target_alone if not m.optional]
        source_alone = [m for m in source_alone if not m.optional]
        if not target_alone and not source_alone:
            continue
        # Spelled out on the other side, or found in a neighbouring pair (an alignment
        # that cut a sentence pair differently) or in a sentence between them that the
        # alignment left unpaired: not a difference.
        neighbours = _neighbours(beads, index)
        near_source = [m for b in neighbours for m in _mentions_in(source, b.ref)]
        near_target = [m for b in neighbours for m in _mentions_in(doc, b.hyp)]
        source_words, target_words = _spelled_in(source, bead.ref), _spelled_in(doc, bead.hyp)
        # A value said twice on one side and once on the other ("Jennifer 8 (Jennifer 8)") is no changed number.
        near_source += source_numbers
        near_target += target_numbers
        target_alone = [m for m in target_alone if not _excused(m, source_words) and not any(m.agrees(o) for o in near_source)]
        source_alone = [m for m in source_alone if not _excused(m, target_words) and not any(m.agrees(o) for o in near_target)]
        for k in range(max(len(target_alone), len(source_alone))):
            found.append(NumberDifference(
                target_alone[k] if k < len(target_alone) else None,
                source_alone[k] if k < len(source_alone) else None,
                bead,
            ))
    doc.cache["source_numbers"] = found
    return found


def _neighbours(beads: list[Bead], index: int, reach: int = 2) -> list[Bead]:
    """The nearest pairs on each side (two: sentences of a CJK source are often cut
    differently from their translation's), and the one-sided beads on the way."""
    found = []
    for step in (-1, 1):
        k, paired = index + step, 0
        while 0 <= k < len(beads) and paired < reach:
            found.append(beads[k])
            paired += bool(beads[k].hyp and beads[k].ref)
            k += step
    return found


def _join_split_groups(doc: Document, numbers: list[Mention], others: list[Mention]) -> list[Mention]:
    """Numbers an MT split at a thousands separator ("27, 000" for 27 000) read as one
    when the whole is a number of the other side."""
    result = list(numbers)
    for first, second in zip(numbers, numbers[1:]):
        between = doc.checked[first.end : second.start]
        if between.strip() == "," and len(second.text) == 3 and second.text.isdigit() and first.text.isdigit():
            whole = ("n", float(first.text + second.text))
            if first in result and any(whole in other.readings for other in others):
                k = result.index(first)
                result[k : k + 2] = [Mention(first.start, second.end, doc.checked[first.start : second.end], frozenset({whole}))]
    return result
