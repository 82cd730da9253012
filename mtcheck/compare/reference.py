"""Pairing a translation with human references: segments by line or by aligned sentences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from mtcheck.compare.alignment import Aligner, Bead
from mtcheck.compare.scoring import Scores, ScoringError, ScoringOptions, score
from mtcheck.text.document import Document
from mtcheck.text.inputs import InputText

LineRange = tuple[int, int]  # first and last line, 1-based


@dataclass
class Segment:
    """One unit of scoring: MT text and the reference text(s) that translate the same thing.

    In document mode an empty `hyp` is a reference sentence the MT left out (an omission),
    and a segment whose references are all empty is MT text with nothing behind it.
    """

    index: int
    hyp: str
    refs: list[str]
    hyp_lines: LineRange | None
    ref_lines: list[LineRange | None]
    hyp_span: tuple[int, int] | None = None  # offsets in the MT document (document mode)
    ref_spans: list[tuple[int, int] | None] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def omitted(self) -> bool:
        return not self.hyp and any(self.refs)

    @property
    def added(self) -> bool:
        return bool(self.hyp) and not any(self.refs)


def read_lines(source: InputText) -> list[str]:
    """The segments of a one-segment-per-line file (a final newline ends the last one)."""
    text = source.text
    if text.endswith("\n"):
        text = text[:-1]
    return text.split("\n") if text else []


def line_segments(hyp: InputText, refs: Sequence[InputText]) -> list[Segment]:
    hyp_lines = read_lines(hyp)
    ref_lines = [read_lines(ref) for ref in refs]
    for ref, lines in zip(refs, ref_lines):
        if len(lines) != len(hyp_lines):
            raise ScoringError(
                f"{hyp.path} has {len(hyp_lines)} lines but {ref.path} has {len(lines)}: "
                "score line by line needs the same number, or use --align"
            )
    return [
        Segment(i, line, [lines[i] for lines in ref_lines], (i + 1, i + 1), [(i + 1, i + 1)] * len(refs))
        for i, line in enumerate(hyp_lines)
    ]


@dataclass
class _Unit:
    hyp: list[int]  # sentence indices in the MT
    refs: list[list[int]]  # per reference, sentence indices


def document_segments(hyp: Document, refs: Sequence[Document], aligner: Aligner | None = None) -> list[Segment]:
    """Segments from sentence alignment: each reference is aligned with the MT on its own,
    and MT sentences linked through any reference form one segment."""
    aligner = aligner or Aligner()
    hyp_texts = [hyp.text[s.start : s.end] for s in hyp.sentences]
    alignments = [aligner.align(hyp_texts, [ref.text[s.start : s.end] for s in ref.sentences]) for ref in refs]
    units = _units(len(hyp_texts), alignments)
    segments = []
    for index, unit in enumerate(units):
        hyp_span = _span(hyp, unit.hyp)
        ref_spans = [_span(ref, sentences) for ref, sentences in zip(refs, unit.refs)]
        segments.append(
            Segment(
                index,
                _joined(hyp, unit.hyp),
                [_joined(ref, sentences) for ref, sentences in zip(refs, unit.refs)],
                _lines(hyp, hyp_span),
                [_lines(ref, span) for ref, span in zip(refs, ref_spans)],
                hyp_span,
                ref_spans,
            )
        )
    return segments


def _units(hyp_count: int, alignments: list[list[Bead]]) -> list[_Unit]:
    """Group MT sentences that any reference links (a 2-1 bead joins two of them) and give
    each group its reference sentences; unmatched reference sentences become units of
    their own, in order."""
    group = list(range(hyp_count))  # union of consecutive MT sentences, by their first index

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for beads in alignments:
        for bead in beads:
            for left, right in zip(bead.hyp, bead.hyp[1:]):
                group[root(right)] = root(left)
    units: dict[int, _Unit] = {}
    order: list[tuple[float, int]] = []  # (position, key) to sort units, omissions in place
    for i in range(hyp_count):
        key = root(i)
        if key not in units:
            units[key] = _Unit([], [[] for _ in alignments])
            order.append((key, key))
        units[key].hyp.append(i)
    omission_key = -1
    for r, beads in enumerate(alignments):
        last_hyp = -1
        for bead in beads:
            if bead.hyp:
                key = root(bead.hyp[0])
                units[key].refs[r].extend(bead.ref)
                last_hyp = bead.hyp[-1]
            else:
                units[omission_key] = _Unit([], [[] for _ in alignments])
                units[omission_key].refs[r].extend(bead.ref)
                order.append((last_hyp + 0.5, omission_key))
                omission_key -= 1
    return [units[key] for _, key in sorted(order)]


def _span(doc: Document, sentences: list[int]) -> tuple[int, int] | None:
    if not sentences:
        return None
    return doc.sentences[sentences[0]].start, doc.sentences[sentences[-1]].end


def _lines(doc: Document, span: tuple[int, int] | None) -> LineRange | None:
    if span is None:
        return None
    return doc.position(span[0])[0], doc.position(span[1])[0]


def _joined(doc: Document, sentences: list[int]) -> str:
    return " ".join(" ".join(doc.text[s.start : s.end].split()) for s in (doc.sentences[i] for i in sentences))


def score_segments(segments: list[Segment], options: ScoringOptions, n_bootstrap: int = 1) -> Scores:
    """Score the segments (and store each one's scores on it)."""
    if not segments:
        raise ScoringError("nothing to score: the files are empty")
    references = [[segment.refs[r] for segment in segments] for r in range(len(segments[0].refs))]
    scores = score([segment.hyp for segment in segments], references, options, n_bootstrap)
    for name, values in scores.segments.items():
        for segment, value in zip(segments, values):
            segment.scores[name] = value
    return scores
