"""`mtcheck score`: reading the files, building segments, scoring and comparing systems."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from mtcheck.compare.reference import Segment, document_segments, line_segments, score_segments
from mtcheck.compare.score_report import comparison_text, json_object, json_report, text_report, tsv_report
from mtcheck.compare.scoring import Comparison, Scores, ScoringError, ScoringOptions, compare
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText, read_input

BOOTSTRAP_SAMPLES = 1000  # as sacrebleu --confidence


@dataclass
class ScoreRequest:
    hypotheses: list[str]
    references: list[str]
    metrics: tuple[str, ...] = ("bleu", "chrf")
    tokenize: str = "13a"
    lowercase: bool = False
    chrf_word_order: int = 0
    align: bool = False
    output_format: str = "text"
    worst: int | None = None
    segments: bool = False  # text: list the segments under the corpus scores
    confidence: bool = False
    paired: str | None = None  # "bs" or "ar"
    paired_samples: int = 0
    language: str = "en"


def run_score(request: ScoreRequest) -> str:
    options = ScoringOptions(request.metrics, request.tokenize, request.lowercase, request.chrf_word_order)
    options.check()
    _reject_repeated_references(request.references)
    references = [read_input(path) for path in request.references]
    hypotheses = [read_input(path) for path in request.hypotheses]
    by_sentence = request.align or any(s.format == "markdown" for s in [*references, *hypotheses])
    if request.paired and by_sentence:
        raise ScoringError(
            "--paired-bs and --paired-ar compare systems segment by segment: they need line mode, not --align"
        )
    if request.paired and len(hypotheses) < 2:
        raise ScoringError("a paired test needs at least two systems: the baseline first, then the others")
    systems: list[tuple[str, list[Segment], Scores]] = []
    for hypothesis in hypotheses:
        segments = _segments(hypothesis, references, by_sentence, request.language)
        scores = score_segments(segments, options, BOOTSTRAP_SAMPLES if request.confidence else 1)
        systems.append((hypothesis.path, segments, scores))
    comparison = None
    if request.paired:
        named: list[tuple[str, Sequence[str]]] = [(path, [s.hyp for s in segments]) for path, segments, _ in systems]
        refs = [[s.refs[r] for s in systems[0][1]] for r in range(len(references))]
        comparison = compare(named, refs, options, request.paired, request.paired_samples)
    return _render(request, systems, comparison)


def _reject_repeated_references(paths: list[str]) -> None:
    seen: dict[str, str] = {}
    for path in paths:
        key = os.path.realpath(path)
        if key in seen:
            raise ScoringError(f"{path}: given twice as --ref (a reference counts once)")
        seen[key] = path


def _segments(hypothesis: InputText, references: list[InputText], by_sentence: bool, language: str) -> list[Segment]:
    if not by_sentence:
        return line_segments(hypothesis, references)
    return document_segments(build_document(hypothesis, language), [build_document(r, language) for r in references])


def _render(
    request: ScoreRequest, systems: list[tuple[str, list[Segment], Scores]], comparison: Comparison | None
) -> str:
    metrics = request.metrics
    if request.output_format == "json":
        objects = [json_object(path, scores, segments, metrics, request.worst) for path, segments, scores in systems]
        if comparison is not None:
            return json_report(
                [
                    {
                        "systems": objects,
                        "paired": {
                            "test": comparison.test,
                            "signatures": comparison.signatures,
                            "results": comparison.rows,
                        },
                    }
                ]
            )
        return json_report(objects)
    if request.output_format == "tsv":
        return tsv_report([(path, segments) for path, segments, _ in systems], metrics)
    parts = [
        text_report(path, scores, segments, metrics, request.worst, request.segments)
        for path, segments, scores in systems
    ]
    if comparison is not None:
        parts.append(comparison_text(comparison, metrics))
    return "\n\n".join(parts)
