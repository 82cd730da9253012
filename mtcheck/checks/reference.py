"""RF1xx: what comparing with a human reference shows (only with `mtcheck check --ref`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from mtcheck.checks import provides
from mtcheck.engine.budget import shared_analysis
from mtcheck.engine.findings import Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.text.document import Document

if TYPE_CHECKING:
    from mtcheck.compare.reference import Segment
    from mtcheck.compare.scoring import Scores

COMPARISON_METRICS = ("chrf", "bleu")


def comparison(doc: Document) -> tuple[list[Segment], Scores | None] | None:
    """The MT's sentences aligned with the reference's and scored (cached on the document);
    no scores when no sentence pairs up."""
    reference = doc.reference
    if reference is None:
        return None

    def compare() -> tuple[list[Segment], Scores | None]:
        # Imported here: a run without --ref never loads alignment and scoring.
        from mtcheck.compare.reference import document_segments, score_segments
        from mtcheck.compare.scoring import ScoringOptions

        segments = document_segments(doc, [reference])
        return segments, score_segments(segments, ScoringOptions(COMPARISON_METRICS)) if segments else None

    characters = len(doc.text) + len(reference.text)
    return shared_analysis(doc.cache, "reference_comparison", "aligning with the reference", characters, compare)


def _threshold(doc: Document, rule: PythonRule) -> float:
    settings = doc.context.settings if doc.context else None
    configured = getattr(settings, "ref_chrf_threshold", None)
    return configured if configured is not None else rule.options["chrf-threshold"]


@provides("chrf", "reference", options={"chrf-threshold": 20.0})
def low_scoring_sentences(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    result = comparison(doc)
    if result is None:
        return
    threshold = _threshold(doc, rule)
    for segment in result[0]:
        if segment.hyp_span and segment.refs[0] and segment.scores["chrf"] < threshold:
            start, end = segment.hyp_span
            yield Hit(start, end, data={"chrf": f"{segment.scores['chrf']:.1f}", "reference": _quote(segment.refs[0])})


@provides("reference")
def omissions(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A reference sentence with no MT counterpart, reported where the MT should have it."""
    result = comparison(doc)
    if result is None:
        return
    segments = result[0]
    for index, segment in enumerate(segments):
        if not segment.omitted:
            continue
        following = next((s.hyp_span for s in segments[index + 1 :] if s.hyp_span), None)
        previous = next((s.hyp_span for s in reversed(segments[:index]) if s.hyp_span), None)
        at = following[0] if following else previous[1] if previous else 0
        yield Hit(at, at, data={"reference": _quote(segment.refs[0])})


@provides("chrf")
def additions(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    result = comparison(doc)
    if result is None:
        return
    for segment in result[0]:
        if segment.added and segment.hyp_span:
            yield Hit(*segment.hyp_span)


def _quote(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
