"""Scores against human references, computed by sacrebleu (and only by sacrebleu).

Corpus scores and per-segment scores come from one pass of sacrebleu's own statistics:
sacrebleu computes `sentence_score` as the score of one segment's statistics and
`corpus_score` as the score of all of them summed, so extracting the statistics once gives
both, exactly as the two calls would (tests compare against the public calls).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

METRICS = ("bleu", "chrf", "ter")
DEFAULT_METRICS = ("bleu", "chrf")
TOKENIZERS = ("13a", "intl", "zh", "ja-mecab", "char", "flores200", "none")


class ScoringError(Exception):
    """Options or inputs sacrebleu cannot score; str() is the one-line message."""


@dataclass(frozen=True)
class ScoringOptions:
    metrics: tuple[str, ...] = DEFAULT_METRICS
    tokenize: str = "13a"
    lowercase: bool = False
    chrf_word_order: int = 0  # 2 is chrF++

    def check(self) -> None:
        unknown = [m for m in self.metrics if m not in METRICS]
        if unknown or not self.metrics:
            raise ScoringError(
                f"--metrics: unknown metric {unknown[0] if unknown else 'list'!r} (use {', '.join(METRICS)})"
            )
        if self.tokenize not in TOKENIZERS:
            raise ScoringError(f"--tokenize: unknown tokenizer {self.tokenize!r} (use {', '.join(TOKENIZERS)})")


@dataclass
class CorpusScore:
    score: float
    signature: str
    text: str  # sacrebleu's own formatting, with the confidence interval when asked for


@dataclass
class Scores:
    """Corpus scores and one score per segment for each metric."""

    corpus: dict[str, CorpusScore] = field(default_factory=dict)
    segments: dict[str, list[float]] = field(default_factory=dict)


def build_metrics(options: ScoringOptions, references: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """(corpus metrics, sentence metrics) by name, as sacrebleu objects."""
    options.check()
    try:
        from sacrebleu.metrics import BLEU, CHRF, TER
    except ImportError as err:  # pragma: no cover - sacrebleu is a dependency
        raise ScoringError(f"sacrebleu is not installed: {err}") from None
    corpus: dict[str, Any] = {}
    sentence: dict[str, Any] = {}
    try:
        for name in options.metrics:
            if name == "bleu":
                corpus[name] = BLEU(tokenize=options.tokenize, lowercase=options.lowercase)
                # Sentence BLEU needs the effective order, or short segments score 0.
                sentence[name] = BLEU(tokenize=options.tokenize, lowercase=options.lowercase, effective_order=True)
            elif name == "chrf":
                corpus[name] = sentence[name] = CHRF(word_order=options.chrf_word_order, lowercase=options.lowercase)
            else:
                # sacrebleu's TER is case-insensitive unless asked otherwise, --lowercase or not.
                corpus[name] = sentence[name] = TER()
    except Exception as err:  # a tokenizer whose package or model is missing
        raise ScoringError(f"--tokenize {options.tokenize}: not available here ({_first_line(err)})") from None
    return corpus, sentence


def _first_line(err: Exception) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0]


def score(
    hypotheses: Sequence[str], references: Sequence[Sequence[str]], options: ScoringOptions, n_bootstrap: int = 1
) -> Scores:
    """Score hypotheses against one or more reference sets (each as long as the hypotheses)."""
    for index, reference in enumerate(references):
        if len(reference) != len(hypotheses):
            raise ScoringError(f"reference {index + 1} has {len(reference)} segments, the output {len(hypotheses)}")
    corpus_metrics, sentence_metrics = build_metrics(options, len(references))
    result = Scores()
    for name, metric in corpus_metrics.items():
        stats = metric._extract_corpus_statistics(list(hypotheses), [list(r) for r in references])
        corpus_score = metric._aggregate_and_compute(stats)
        if n_bootstrap > 1:
            from sacrebleu.significance import _bootstrap_resample

            metric.n_bootstrap = n_bootstrap
            metric.seed, samples = _bootstrap_resample(stats, metric, n_bootstrap)
            corpus_score.estimate_ci(samples)
        sentence_metric = sentence_metrics[name]
        result.segments[name] = [sentence_metric._aggregate_and_compute([s]).score for s in stats]
        signature = metric.get_signature().format()
        result.corpus[name] = CorpusScore(
            corpus_score.score, f"{corpus_score.name}|{signature}", corpus_score.format(signature=signature)
        )
    return result


@dataclass
class Comparison:
    """A paired significance test of systems against a baseline, as sacrebleu reports it."""

    test: str  # "bs" (paired bootstrap resampling) or "ar" (approximate randomization)
    signatures: dict[str, str]
    rows: list[dict]  # per system: name, and per metric score, interval or p-value


def compare(
    systems: list[tuple[str, Sequence[str]]],
    references: Sequence[Sequence[str]],
    options: ScoringOptions,
    test: str,
    samples: int = 0,
) -> Comparison:
    """Paired bootstrap resampling ("bs") or approximate randomization ("ar") of the systems
    against the first, with sacrebleu's PairedTest (the same numbers `sacrebleu --paired-*` prints)."""
    corpus_metrics, _ = build_metrics(options, len(references))
    from sacrebleu.significance import PairedTest

    for name, hypotheses in systems:
        if len(hypotheses) != len(references[0]):
            raise ScoringError(f"{name} has {len(hypotheses)} segments, the reference {len(references[0])}")
    paired = PairedTest(systems, corpus_metrics, [list(r) for r in references], test_type=test, n_samples=samples)
    signatures, results = paired()
    # Results come keyed by sacrebleu's metric names ("BLEU", "chrF2"), in the metrics' order.
    columns = dict(zip(corpus_metrics, [key for key in results if key != "System"]))
    rows = []
    for index, system in enumerate(results["System"]):
        row: dict[str, Any] = {"system": system, "baseline": index == 0}
        for metric in corpus_metrics:
            outcome = results[columns[metric]][index]
            if isinstance(outcome, str):  # only the "System" column holds names
                raise TypeError(f"sacrebleu gave {outcome!r} as the {metric} result of {system}")
            # float(): sacrebleu hands back numpy numbers, which JSON cannot write.
            row[metric] = {
                key: None if value is None else round(float(value), 4)
                for key, value in (
                    ("score", outcome.score),
                    ("mean", outcome.mean),
                    ("ci", outcome.ci),
                    ("p_value", outcome.p_value),
                )
            }
        rows.append(row)
    names = {display: metric for metric, display in columns.items()}
    return Comparison(test, {names.get(k, k): v.format() for k, v in signatures.items()}, rows)
