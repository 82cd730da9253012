"""Monotone sentence alignment of a translation with a reference (or a source).

In the spirit of Bleualign (Sennrich and Volk, 2010), written anew:
1. a symmetric similarity (BLEU-2-like precision and recall of word n-grams, combined as an
   F-score, so that a merged sentence does not look like a perfect match for half of it);
2. confident one-to-one anchors: pairs that are each other's best match, kept in order;
3. a dynamic programme over beads 1-1, 1-2, 2-1, 2-2, 1-0 and 0-1 inside a band around the
   anchors, where merges compete with single pairs on similarity weighted by length, and
   a Gale-Church length prior breaks ties and carries the alignment where words do not match.
Time grows linearly with the document: only pairs near the anchor path are ever compared.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from mtcheck.language.pattern_cache import compile_re

# Gale and Church (1993): how often each bead occurs in parallel text.
_BEAD_PRIOR = {(1, 1): 0.89, (1, 2): 0.0445, (2, 1): 0.0445, (2, 2): 0.011, (1, 0): 0.0049, (0, 1): 0.0049}
_VARIANCE = 6.8  # Gale and Church: variance of the length difference per character
_TOKEN = compile_re(r"\w+")
_SQRT_2 = math.sqrt(2)
LOCAL_WINDOW = 40  # sentences either side searched for anchors in a long document
LOST_AFTER = 8  # sentences without a confident match before a wide search


@dataclass(frozen=True)
class Bead:
    """Sentences of the translation (hyp) and of the reference (ref) that correspond."""

    hyp: tuple[int, ...]
    ref: tuple[int, ...]


@dataclass
class SentenceFeatures:
    """A sentence's words as the similarities count them (never changed once built)."""

    unigrams: Counter
    bigrams: Counter
    tokens: int
    chars: int

    # The keys as sets (an intersection of two sets walks the smaller one; of two dicts' keys
    # it copies the first), and the counts above one (most words occur once in a sentence).
    @cached_property
    def unigram_set(self) -> frozenset[str]:
        return frozenset(self.unigrams)

    @cached_property
    def unigram_repeats(self) -> dict[str, int]:
        return _repeats(self.unigrams)

    @cached_property
    def bigram_set(self) -> frozenset[tuple[str, str]]:
        return frozenset(self.bigrams)

    @cached_property
    def bigram_repeats(self) -> dict[tuple[str, str], int]:
        return _repeats(self.bigrams)


Groups = dict[int, list[SentenceFeatures]]  # size -> the features of every run of that many consecutive sentences


def _text(sentence: str) -> SentenceFeatures:
    tokens = _TOKEN.findall(sentence.lower())
    return SentenceFeatures(Counter(tokens), Counter(zip(tokens, tokens[1:])), len(tokens), len(sentence))


def _join(a: SentenceFeatures, b: SentenceFeatures, bridge: tuple[str, str] | None) -> SentenceFeatures:
    # Features across languages have no bigrams: two empty counters add up to an empty one.
    bigrams = a.bigrams + b.bigrams if a.bigrams or b.bigrams else Counter()
    if bridge:
        bigrams[bridge] += 1
    return SentenceFeatures(a.unigrams + b.unigrams, bigrams, a.tokens + b.tokens, a.chars + b.chars + 1)


def _repeats(counts: Counter) -> dict:
    """key -> how many times more than once it occurs, for the keys that occur more than once."""
    return {key: count - 1 for key, count in counts.items() if count > 1}


def _overlap(a: frozenset, b: frozenset, a_repeats: dict, b_repeats: dict) -> int:
    """The sum over keys of the smaller count: one for each key both have (a and b, the keys
    of each), and for the few keys both have more than once, the smaller of their repeats."""
    shared = len(a & b)
    if shared and a_repeats and b_repeats:
        shared += sum(min(a_repeats[key], b_repeats[key]) for key in a_repeats.keys() & b_repeats.keys())
    return shared


def similarity(a: SentenceFeatures, b: SentenceFeatures) -> float:
    """Symmetric n-gram similarity in [0, 1]: an F-score of BLEU-2-like precision and recall."""
    if not a.tokens or not b.tokens:
        return 0.0
    unigrams = _overlap(a.unigram_set, b.unigram_set, a.unigram_repeats, b.unigram_repeats)
    if not unigrams:
        return 0.0
    bigrams = (
        _overlap(a.bigram_set, b.bigram_set, a.bigram_repeats, b.bigram_repeats) + 1
    )  # add-one: short sentences have few bigrams
    precision = math.sqrt(unigrams / a.tokens * bigrams / (a.tokens + 1))
    recall = math.sqrt(unigrams / b.tokens * bigrams / (b.tokens + 1))
    return 2 * precision * recall / (precision + recall)


def cross_similarity(a: SentenceFeatures, b: SentenceFeatures) -> float:
    """Dice coefficient of shared anchors (numbers, cognate prefixes, marks) for two
    sentences in different languages, where word order and bigrams mean nothing."""
    if not a.tokens or not b.tokens:
        return 0.0
    return 2 * _overlap(a.unigram_set, b.unigram_set, a.unigram_repeats, b.unigram_repeats) / (a.tokens + b.tokens)


def _length_cost(hyp_chars: int, ref_chars: int, ratio: float, variance: float = _VARIANCE) -> float:
    """Gale-Church: -log of how likely this length difference is for a true translation."""
    if hyp_chars == 0 and ref_chars == 0:
        return 0.0
    # Measured in characters of the hyp side, so that a language written in fewer characters
    # (Chinese: a quarter of English) is held to the same proportion.
    scaled = ref_chars / ratio
    mean = (hyp_chars + scaled) / 2
    delta = (scaled - hyp_chars) / math.sqrt(max(mean, 1) * variance)
    probability = max(math.erfc(abs(delta) / _SQRT_2), 1e-12)
    return -math.log(probability)


@dataclass(frozen=True)
class LengthModel:
    """How the lengths of a text and its translation compare: source characters per target
    character, and the variance of the difference per character."""

    ratio: float
    variance: float = _VARIANCE

    def cost(self, hyp_chars: int, ref_chars: int) -> float:
        return _length_cost(hyp_chars, ref_chars, self.ratio, self.variance)


class Aligner:
    """Aligns two lists of sentences; `lexical` weighs word overlap against length alone.

    For two texts in one language (MT and reference) words decide; for a source and its
    translation, `similarity` may be replaced by one built on numbers and names, and
    `ratio` set to the expected length ratio of the two languages.
    """

    def __init__(
        self,
        lexical: float = 1.0,
        length: float = 2.0,
        ratio: float = 1.0,
        band: int = 8,
        similarity_of: Callable[[SentenceFeatures, SentenceFeatures], float] = similarity,
        anchor_threshold: float = 0.35,
        features: tuple[Callable[[str], SentenceFeatures], Callable[[str], SentenceFeatures]] | None = None,
        priors: dict[tuple[int, int], float] | None = None,
        unique_anchors: bool = False,
        variance: float = _VARIANCE,
    ):
        self.features = features
        # An anchor must be the one best match on both sides: across languages, where a
        # sentence's only anchor may be "1" or "?", a tie says nothing about where it goes.
        self.unique_anchors = unique_anchors
        # (hyp side, ref side); beads of three or more sentences on a side only when given here
        # (an English translation of one Chinese sentence often has three).
        self.priors = {bead: -math.log(p) for bead, p in (priors or _BEAD_PRIOR).items()}
        self.beads = tuple(self.priors)
        self.lexical = lexical
        self.length = length
        self.ratio = ratio
        self.variance = variance  # of the length difference per character (Gale and Church: 6.8)
        self.band = band
        self.similarity_of = similarity_of
        self.anchor_threshold = anchor_threshold

    def align(self, hyp: Sequence[str], ref: Sequence[str]) -> list[Bead]:
        m, n = len(hyp), len(ref)
        if not m or not n:
            return [Bead((i,), ()) for i in range(m)] + [Bead((), (j,)) for j in range(n)]
        hyp_features, ref_features = self.features or (_text, _text)
        hyp_texts = [hyp_features(s) for s in hyp]
        ref_texts = [ref_features(s) for s in ref]
        hyp_groups = self._groups(hyp_texts, hyp, max(a for a, _ in self.beads))
        ref_groups = self._groups(ref_texts, ref, max(b for _, b in self.beads))
        path = self._anchor_path(hyp_texts, ref_texts)
        beads = self._best_beads(hyp_groups, ref_groups, path)
        return self._split_unsupported(beads, hyp_texts, ref_texts)

    def _groups(self, texts: list[SentenceFeatures], sentences: Sequence[str], largest: int) -> Groups:
        """size -> the features of every run of that many consecutive sentences."""
        groups = {1: texts}
        for size in range(2, largest + 1):
            groups[size] = [
                _join(groups[size - 1][i], texts[i + size - 1], self._bridge(sentences, i + size - 2))
                for i in range(len(texts) - size + 1)
            ]
        return groups

    def _bridge(self, sentences: Sequence[str], i: int) -> tuple[str, str] | None:
        """The bigram across the end of sentence i and the start of the next (one language only)."""
        if self.features:
            return None
        left = _TOKEN.findall(sentences[i].lower())
        right = _TOKEN.findall(sentences[i + 1].lower())
        return (left[-1], right[0]) if left and right else None

    def _anchor_path(self, hyp: list[SentenceFeatures], ref: list[SentenceFeatures]) -> list[float]:
        """For each hyp sentence, the ref position the alignment should pass near."""
        m, n = len(hyp), len(ref)
        slope = n / m
        wide = max(self.band * 2, int(0.1 * max(m, n)))
        # An article is searched around the diagonal. A long document (a whole test set, an
        # export) around where the last confident match puts the alignment, within a window
        # that does not grow with the document, so the search stays linear; after a run of
        # sentences with no confident match, one sentence in LOST_AFTER looks as wide as the
        # diagonal search would, to find the alignment again past a long omission.
        follow = wide > LOCAL_WINDOW
        drift = 0.0
        unmatched: list[int] = []  # sentences since the last confident match
        best_for_hyp: dict[int, tuple[float, int]] = {}
        best_for_ref: dict[int, tuple[float, int]] = {}
        tied: set[tuple[str, int]] = set()  # ("hyp", i) or ("ref", j) whose best match is not the only one

        sharing = self._scores_by_shared_words()
        where = _positions(ref) if sharing else {}

        def search(i: int, window: int) -> None:
            centre = int(i * slope + drift)
            low, high = max(0, centre - window), min(n, centre + window + 1)
            # A pair sharing no word scores 0.0, which neither beats a best match nor ties
            # one (both need a score above 0.0): only the pairs sharing one, in the same order.
            for j in _sharing_in(hyp[i].unigrams, where, low, high) if sharing else range(low, high):
                score = self.similarity_of(hyp[i], ref[j])
                best_hyp, best_ref = best_for_hyp.get(i, (0.0, -1)), best_for_ref.get(j, (0.0, -1))
                if score > best_hyp[0]:
                    best_for_hyp[i] = (score, j)
                    tied.discard(("hyp", i))
                elif score and score == best_hyp[0] and j != best_hyp[1]:
                    tied.add(("hyp", i))
                if score > best_ref[0]:
                    best_for_ref[j] = (score, i)
                    tied.discard(("ref", j))
                elif score and score == best_ref[0] and i != best_ref[1]:
                    tied.add(("ref", j))

        for i in range(m):
            lost = len(unmatched) >= LOST_AFTER and len(unmatched) % LOST_AFTER == 0
            search(i, wide if not follow or lost else LOCAL_WINDOW)
            if not follow:
                continue
            found = best_for_hyp.get(i)
            if found is None or found[0] < self.anchor_threshold:
                unmatched.append(i)
                continue
            moved = abs(found[1] - i * slope - drift) > LOCAL_WINDOW
            drift = found[1] - i * slope
            if moved:  # past a jump: look again for the sentences before it, where it now runs
                for k in unmatched:
                    search(k, LOCAL_WINDOW)
            unmatched = []
        anchors = [
            (i, j)
            for i, (score, j) in sorted(best_for_hyp.items())
            if score >= self.anchor_threshold
            and best_for_ref.get(j, (0, -1))[1] == i
            and not (self.unique_anchors and (("hyp", i) in tied or ("ref", j) in tied))
        ]
        anchors = _increasing(anchors)
        # Interpolate between anchors (and towards the corners) for every hyp sentence.
        points = [(-1, -1.0)] + [(i, float(j)) for i, j in anchors] + [(m, float(n))]
        path = []
        for (i0, j0), (i1, j1) in zip(points, points[1:]):
            for i in range(i0 + 1, i1 + 1):
                if i < m:
                    path.append(j0 + (j1 - j0) * (i - i0) / (i1 - i0))
        return path

    def _scores_by_shared_words(self) -> bool:
        """Whether `similarity_of` is 0.0 for two sentences with no word (anchor) in common."""
        return self.similarity_of is similarity or self.similarity_of is cross_similarity

    def _best_beads(self, hyp_groups: Groups, ref_groups: Groups, path: list[float]) -> list[Bead]:
        m, n = len(hyp_groups[1]), len(ref_groups[1])
        band = self.band

        def reach(i: int) -> tuple[float, float]:
            """Where row i's band runs: around the path, and back down to the previous row's
            position when the path jumps further than the band there (reference sentences
            missing from the MT: after pairing the sentence before them, one 0-1 bead each)."""
            centre = path[min(i, m - 1)] if i < m else float(n)
            behind = path[i - 1] if 0 < i <= m else centre
            return (behind if centre - behind > band else centre), centre

        # Each row's band once (it was worked out again for every cell a bead reached), and
        # the bounds near() compares a column with, computed as it computed them.
        reaches = [reach(i) for i in range(m + 1)]
        near_low = [low - band - 1 for low, _ in reaches]
        near_high = [high + band + 1 for _, high in reaches]

        sharing = self._scores_by_shared_words()
        # Per bead: its sizes, its prior, its value when one side is empty (no words or length
        # to compare: -length * prior), and itself (kept as the back pointer, not built anew).
        moves = [(a, b, self.priors[(a, b)], -self.length * self.priors[(a, b)], (a, b)) for a, b in self.beads]
        # score[i][j]: the best score of an alignment of the first i hyp and j ref sentences,
        # back[i][j] the bead that ends it (a dict per row: no pair of indices built per cell).
        score: list[dict[int, float]] = [{} for _ in range(m + 1)]
        back: list[dict[int, tuple[int, int]]] = [{} for _ in range(m + 1)]
        score[0][0] = 0.0
        for i in range(m + 1):
            first, last = reaches[i] if m else (0.0, 0.0)
            low, high = max(0, int(first) - band - 2), min(n, int(last) + band + 2)
            if i == m:
                high = n
            row = score[i]
            for j in range(low, high + 1):
                here = row.get(j)
                if here is None:
                    continue
                for a, b, prior, alone, bead in moves:
                    to_i, to_j = i + a, j + b
                    if to_i > m or to_j > n:
                        continue
                    if not (near_low[to_i] <= to_j <= near_high[to_i] or to_i == m or to_j == n):
                        continue  # outside the band
                    gain = self._pair_value(hyp_groups[a][i], ref_groups[b][j], prior, sharing) if a and b else alone
                    value = here + gain
                    if value > score[to_i].get(to_j, -math.inf):
                        score[to_i][to_j] = value
                        back[to_i][to_j] = bead
        if n not in score[m]:  # the band missed the corner: should not happen, but never fail
            return [Bead((i,), ()) for i in range(m)] + [Bead((), (j,)) for j in range(n)]
        beads = []
        i, j = m, n
        while (i, j) != (0, 0):
            a, b = back[i][j]
            beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j))))
            i, j = i - a, j - b
        return beads[::-1]

    def _split_unsupported(
        self, beads: list[Bead], hyp: list[SentenceFeatures], ref: list[SentenceFeatures]
    ) -> list[Bead]:
        """A merge is cheaper than leaving a sentence unmatched, so a reference sentence the
        MT left out ends up merged into a neighbouring bead. Take it back out when its words
        are nowhere in the bead's other side while its partner's are (and the same for MT
        sentences with nothing behind them): these are the omissions and additions."""
        if self.similarity_of is not similarity:
            return beads  # coverage needs words in common: not for two languages
        # Words found in many sentences ("the", "said") say little: weigh each by rarity.
        frequency = Counter(word for text in (*hyp, *ref) for word in text.unigrams)
        count = len(hyp) + len(ref)
        weight = {word: math.log((count + 1) / (df + 0.5)) for word, df in frequency.items()}
        result: list[Bead] = []
        for bead in beads:
            if len(bead.ref) == 2 and bead.hyp:
                result.extend(self._split_side(bead, [ref[j] for j in bead.ref], _merged(hyp, bead.hyp), "ref", weight))
            elif len(bead.hyp) == 2 and bead.ref:
                result.extend(self._split_side(bead, [hyp[i] for i in bead.hyp], _merged(ref, bead.ref), "hyp", weight))
            else:
                result.append(bead)
        return result

    @staticmethod
    def _split_side(
        bead: Bead, parts: list[SentenceFeatures], other: SentenceFeatures, side: str, weight: dict[str, float]
    ) -> list[Bead]:
        coverage = [_coverage(part, other, weight) for part in parts]
        lonely = [k for k in (0, 1) if coverage[k] < _UNSUPPORTED and coverage[1 - k] >= _SUPPORTED]
        if not lonely:
            return [bead]
        k = lonely[0]
        indices = bead.ref if side == "ref" else bead.hyp
        kept = tuple(i for i in indices if i != indices[k])
        alone = Bead((), (indices[k],)) if side == "ref" else Bead((indices[k],), ())
        rest = Bead(bead.hyp, kept) if side == "ref" else Bead(kept, bead.ref)
        return [alone, rest] if k == 0 else [rest, alone]

    def _pair_value(self, h: SentenceFeatures, r: SentenceFeatures, prior: float, sharing: bool) -> float:
        """The score of a bead with sentences on both sides (h and r, `prior` its -log prior);
        `sharing`: similarity_of is 0.0 for sentences with no word in common."""
        lexical = 0.0
        # Not scored when no word is shared (most pairs across languages): 0.0 times a token
        # count (never negative) is the 0.0 already there.
        if not sharing or not h.unigrams.keys().isdisjoint(r.unigrams):
            lexical = self.similarity_of(h, r) * (h.tokens + r.tokens)
        return self.lexical * lexical - self.length * (
            _length_cost(h.chars, r.chars, self.ratio, self.variance) + prior
        )


def _coverage(part: SentenceFeatures, other: SentenceFeatures, weight: dict[str, float]) -> float:
    """Share of a sentence's words, weighted by rarity, that the other side also has."""
    total = sum(count * weight[word] for word, count in part.unigrams.items())
    if not total:
        return 1.0
    found = sum(
        min(count, other.unigrams[word]) * weight[word]
        for word, count in part.unigrams.items()
        if word in other.unigrams
    )
    return found / total


def _merged(texts: list[SentenceFeatures], indices: tuple[int, ...]) -> SentenceFeatures:
    merged = texts[indices[0]]
    for index in indices[1:]:
        merged = _join(merged, texts[index], None)
    return merged


_UNSUPPORTED = (
    0.2  # share of a sentence's words (weighted by rarity) found on the other side, below which it is unmatched
)
_SUPPORTED = 0.5


def _positions(texts: list[SentenceFeatures]) -> dict[str, list[int]]:
    """word -> the positions of the sentences that have it, in increasing order."""
    where: dict[str, list[int]] = {}
    for position, text in enumerate(texts):
        for word in text.unigrams:
            where.setdefault(word, []).append(position)
    return where


def _sharing_in(words: Counter, where: dict[str, list[int]], low: int, high: int) -> list[int]:
    """The positions from low up to (not including) high of the sentences sharing one of `words`."""
    found: set[int] = set()
    for word in words:
        positions = where.get(word)
        if positions:
            found.update(positions[bisect.bisect_left(positions, low) : bisect.bisect_left(positions, high)])
    return sorted(found)


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of pairs increasing in both coordinates (pairs come sorted by the first)."""
    if not pairs:
        return []
    tails: list[int] = []  # index into pairs of the smallest tail of each run length
    previous = [-1] * len(pairs)
    tail_values: list[int] = []
    for index, (_, j) in enumerate(pairs):
        position = bisect.bisect_left(tail_values, j)
        if position == len(tail_values):
            tail_values.append(j)
            tails.append(index)
        else:
            tail_values[position] = j
            tails[position] = index
        previous[index] = tails[position - 1] if position else -1
    result = []
    index = tails[-1]
    while index != -1:
        result.append(pairs[index])
        index = previous[index]
    return result[::-1]
