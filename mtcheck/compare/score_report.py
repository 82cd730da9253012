"""Presenting scores: a table for people, JSON for programs, TSV for spreadsheets."""

from __future__ import annotations

import json
import shutil

from mtcheck.compare.reference import LineRange, Segment
from mtcheck.compare.scoring import Comparison, Scores

_NAMES = {"bleu": "BLEU", "chrf": "chrF", "ter": "TER"}


def worst(segments: list[Segment], count: int | None, metric: str) -> list[Segment]:
    """The `count` segments with the lowest score (highest for TER, an error rate)."""
    if count is None:
        return segments
    reverse = metric == "ter"
    return sorted(segments, key=lambda s: s.scores.get(metric, 0.0), reverse=reverse)[:count]


def _lines(span: LineRange | None) -> str:
    if span is None:
        return "-"
    first, last = span
    return str(first) if first == last else f"{first}-{last}"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def text_report(
    path: str,
    scores: Scores,
    segments: list[Segment],
    metrics: tuple[str, ...],
    worst_count: int | None = None,
    show_segments: bool = False,
) -> str:
    """The corpus scores first; the segments below them only when asked for (all of them,
    or the `worst_count` lowest)."""
    rows = [path, *(scores.corpus[m].text for m in metrics)]
    if not show_segments and worst_count is None:
        return "\n".join(rows)
    shown = worst(segments, worst_count, "chrf" if "chrf" in metrics else metrics[0])
    if not shown:
        return "\n".join(rows)
    width = max(60, shutil.get_terminal_size((120, 20)).columns)
    columns = [f"{_NAMES[m]:>6}" for m in metrics]
    header = f"{'#':>5} {'line':>7} " + " ".join(columns) + "  MT / reference"
    text_width = max(30, width - len(header) + len("MT / reference"))
    rows += ["", header]
    indent = " " * (len(header) - len("MT / reference"))
    for segment in shown:
        values = " ".join(f"{segment.scores.get(m, 0.0):6.1f}" for m in metrics)
        hyp = _clip(segment.hyp, text_width) if segment.hyp else "(nothing: the MT left this out)"
        rows.append(f"{segment.index + 1:>5} {_lines(segment.hyp_lines):>7} {values}  {hyp}")
        for ref in segment.refs:
            rows.append(f"{indent}{_clip(ref, text_width) if ref else '(no reference: added by the MT?)'}")
    return "\n".join(rows)


def segment_dict(segment: Segment, metrics: tuple[str, ...]) -> dict:
    data = {
        "index": segment.index + 1,
        "hyp": segment.hyp,
        "refs": segment.refs,
        "hyp_lines": list(segment.hyp_lines) if segment.hyp_lines else None,
        "ref_lines": [list(span) if span else None for span in segment.ref_lines],
    }
    for metric in metrics:
        data[metric] = round(segment.scores[metric], 4)
    return data


def json_object(
    path: str, scores: Scores, segments: list[Segment], metrics: tuple[str, ...], worst_count: int | None = None
) -> dict:
    return {
        "path": path,
        "corpus": {
            metric: {
                "score": round(scores.corpus[metric].score, 4),
                "signature": scores.corpus[metric].signature,
                "formatted": scores.corpus[metric].text,
            }
            for metric in metrics
        },
        "segments": [
            segment_dict(s, metrics) for s in worst(segments, worst_count, "chrf" if "chrf" in metrics else metrics[0])
        ],
    }


def json_report(systems: list[dict]) -> str:
    data = systems[0] if len(systems) == 1 else {"systems": systems}
    return json.dumps(data, ensure_ascii=False, indent=2)


def tsv_report(systems: list[tuple[str, list[Segment]]], metrics: tuple[str, ...]) -> str:
    references = max(len(segments[0].refs) for _, segments in systems if segments)
    header = ["system", "index", "hyp_lines", "ref_lines", *metrics, "hyp", *[f"ref{r + 1}" for r in range(references)]]
    rows = ["\t".join(header)]
    for path, segments in systems:
        for s in segments:
            cells = [path, str(s.index + 1), _lines(s.hyp_lines), ";".join(_lines(r) for r in s.ref_lines)]
            cells += [f"{s.scores[m]:.4f}" for m in metrics]
            cells += [_tsv(s.hyp), *(_tsv(r) for r in s.refs)]
            rows.append("\t".join(cells))
    return "\n".join(rows)


def _tsv(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def comparison_text(comparison: Comparison, metrics: tuple[str, ...]) -> str:
    test = "paired bootstrap resampling" if comparison.test == "bs" else "paired approximate randomization"
    rows = [f"Significance against the baseline ({test}); * marks p < 0.05"]
    header = f"{'system':<30}" + "".join(
        f"{_NAMES[m] + (' (μ ± 95% CI)' if comparison.test == 'bs' else ''):>24}{'p':>9}" for m in metrics
    )
    rows.append(header)
    for row in comparison.rows:
        cells = f"{('baseline: ' if row['baseline'] else '') + row['system']:<30}"
        for metric in metrics:
            result = row[metric]
            value = f"{result['score']:.1f}"
            if result["mean"] is not None and result["ci"] is not None:
                value = f"{result['score']:.1f} ({result['mean']:.1f} ± {result['ci']:.1f})"
            p_value = (
                ""
                if result["p_value"] is None
                else f"{result['p_value']:.4f}" + ("*" if result["p_value"] < 0.05 else " ")
            )
            cells += f"{value:>24}{p_value:>9}"
        rows.append(cells)
    rows.append("")
    rows.extend(f"{_NAMES.get(name, name)}: {signature}" for name, signature in comparison.signatures.items())
    return "\n".join(rows)
