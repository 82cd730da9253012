"""`mtcheck report`: one self-contained HTML page for a run (a folder, a corpus or an article).

The page holds everything it shows: Vega's JavaScript inline, the plots as Vega-Lite
specifications built with altair,
and the run's data as one JSON blob that the page's script turns into tables and, when a row
is clicked, into the article's text with its findings highlighted. So 2,000 articles cost one
table of 2,000 rows, not 2,000 texts in the page, and the page needs no network to be read.

Article texts and file names are untrusted: the data blob is JSON with `<`, `>` and `&`
escaped (so `</script>` in an article cannot end the script element), the page's script puts
text in only as text nodes, and a Content-Security-Policy forbids every request.
"""

from __future__ import annotations

import html
import json
import os
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from mtcheck import __version__
from mtcheck.engine.findings import FileResult, Finding, Severity
from mtcheck.engine.quality import penalty, score, word_count
from mtcheck.language.pattern_cache import compile_pattern
from mtcheck.run.command import Run, RunOptions
from mtcheck.run.report import file_quality, suggestion
from mtcheck.run.session import Session

# Above this many sentences compared with a reference, the BLEU/chrF plot is a density, not
# one SVG point per sentence (which would slow the page for a large corpus).
SCATTER_POINTS = 3000
_ASTRAL = compile_pattern(r"[\U00010000-\U0010FFFF]")
_PAGE = files("mtcheck.run").joinpath("report_page")


def _utf16_offsets(text: str) -> Callable[[int], int]:
    """Code-point offsets (Python's) as UTF-16 offsets (JavaScript's string indices)."""
    astral = [m.start() for m in _ASTRAL.finditer(text)]
    if not astral:
        return lambda offset: offset
    return lambda offset: offset + bisect_left(astral, offset)


def _family(code: str, rules: dict[str, Any]) -> str:
    rule = rules.get(code)
    return str(getattr(rule, "family", None) or "other")


def _finding_row(finding: Finding, result: FileResult, utf16: Callable[[int], int]) -> list[Any]:
    shown = suggestion(finding, result.checked_doc)
    return [
        utf16(finding.start),
        utf16(finding.end),
        int(finding.severity),
        finding.code,
        finding.name,
        finding.message,
        shown or "",
    ]


def article_entry(result: FileResult) -> dict[str, Any]:
    """One article's row and text: its score, counts and findings (UTF-16 offsets into `text`)."""
    entry: dict[str, Any] = {"name": result.name, "error": result.error}
    if result.error or result.doc is None:
        return {**entry, "score": None, "words": 0, "findings": [], "text": ""}
    text = result.checked_doc.text
    found = file_quality(result)
    utf16 = _utf16_offsets(text)
    severities = Counter(int(f.severity) for f in result.findings)
    return {
        **entry,
        "score": round(found.score, 2) if found else 100.0,
        "words": found.words if found else word_count(text),
        "penalty": found.penalty if found else 0.0,
        "counts": [severities[int(s)] for s in (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR)],
        "rules": [code for code, _ in Counter(f.code for f in result.findings).most_common(3)],
        "findings": [_finding_row(f, result, utf16) for f in result.findings],
        "text": text,
        "gave_up": [g.message for g in result.gave_up],
    }


def reference_points(result: FileResult) -> list[tuple[float, float, float, str]]:
    """(mtcheck score, BLEU, chrF, text) for each of the article's sentences that a reference
    sentence scores: the sentence's own findings give its mtcheck score."""
    compared = getattr(result.doc, "compared", None)
    if compared is None or compared.scores is None or result.doc is None:
        return []
    text = result.checked_doc.text
    # Penalties summed up to each finding, by start, so that a span's cost is two bisections.
    starts, costs = [], [0.0]
    for finding in sorted(result.findings, key=lambda f: f.start):
        starts.append(finding.start)
        costs.append(costs[-1] + penalty(finding))
    points = []
    for segment in compared.segments:
        if segment.hyp_span is None or not any(segment.refs):
            continue
        start, end = segment.hyp_span
        cost = costs[bisect_left(starts, end)] - costs[bisect_left(starts, start)]
        sentence_score = score(cost, word_count(text, start, end))
        points.append((round(sentence_score, 2), segment.scores["bleu"], segment.scores["chrf"], text[start:end]))
    return points


_SEVERITY_COLORS = {"critical": "#b2182b", "major": "#ef8a62", "minor": "#67a9cf"}


def _figures(articles: list[dict[str, Any]], families: Counter[tuple[str, int]], points: list) -> dict[str, Any]:
    """The plots: Vega-Lite specifications built with altair (which validates them), as Vega."""
    import altair as alt

    scores = [{"score": a["score"]} for a in articles if a["score"] is not None]
    distribution = (
        alt.Chart(alt.Data(values=scores), title="Score distribution", width="container", height=240)
        .mark_bar(color="#4c78a8")
        .encode(
            x=alt.X("score:Q", bin=alt.Bin(extent=[0, 100], step=5), title="mtcheck score"),
            y=alt.Y("count():Q", title="articles"),
            tooltip=[alt.Tooltip("score:Q", bin=alt.Bin(extent=[0, 100], step=5)), "count():Q"],
        )
    )
    counted = [
        {"family": name, "severity": str(Severity(rank)), "rank": rank, "findings": n}
        for (name, rank), n in sorted(families.items())
    ]
    by_family = (
        alt.Chart(alt.Data(values=counted), title="Findings per family", width="container", height=240)
        .mark_bar()
        .encode(
            x=alt.X(
                "family:N",
                sort=alt.EncodingSortField("findings", op="sum", order="descending"),
                axis=alt.Axis(labelAngle=-35),
                title=None,
            ),
            y=alt.Y("sum(findings):Q", title="findings"),
            color=alt.Color(
                "severity:N",
                scale=alt.Scale(domain=list(_SEVERITY_COLORS), range=list(_SEVERITY_COLORS.values())),
            ),
            order=alt.Order("rank:Q", sort="descending"),
            tooltip=["family:N", "severity:N", "findings:Q"],
        )
    )
    figures = {"distribution": distribution, "families": by_family}
    if points:
        rows = [
            {"score": p[0], "metric": metric, "value": round(value, 2), "sentence": p[3][:200]}
            for p in points
            for metric, value in (("BLEU", p[1]), ("chrF", p[2]))
        ]
        base = alt.Chart(alt.Data(values=rows), width=420, height=240)
        if len(points) > SCATTER_POINTS:
            marks = base.mark_rect().encode(
                x=alt.X("score:Q", bin=alt.Bin(maxbins=25), title="mtcheck sentence score"),
                y=alt.Y("value:Q", bin=alt.Bin(maxbins=25), title=None),
                color=alt.Color("count():Q", scale=alt.Scale(scheme="blues"), title="sentences"),
            )
        else:
            marks = base.mark_circle(opacity=0.5).encode(
                x=alt.X("score:Q", title="mtcheck sentence score"),
                y=alt.Y("value:Q", title=None),
                tooltip=["sentence:N", "score:Q", "metric:N", "value:Q"],
            )
        figures["reference"] = marks.facet(
            column=alt.Column("metric:N", title=None), title="Sentences against the reference: BLEU and chrF"
        )
    import vl_convert

    # Compiled to Vega here, so that the page does not compile them again at every opening.
    return {name: vl_convert.vegalite_to_vega(chart.to_dict()) for name, chart in figures.items()}


def report_data(results: Iterable[FileResult], rules: dict[str, Any], title: str) -> dict[str, Any]:
    """Everything the page shows, as JSON-able data."""
    articles, points = [], []
    families: Counter[tuple[str, int]] = Counter()
    by_rule: Counter[str] = Counter()
    articles_by_rule: Counter[str] = Counter()
    rule_info: dict[str, list[str]] = {}
    total_penalty, total_words = 0.0, 0
    for result in results:
        entry = article_entry(result)
        articles.append(entry)
        points.extend(reference_points(result))
        total_penalty += entry.get("penalty", 0.0)
        total_words += entry["words"]
        for finding in result.findings:
            family = _family(finding.code, rules)
            families[family, int(finding.severity)] += 1
            by_rule[finding.code] += 1
            rule_info.setdefault(finding.code, [finding.name, family, str(finding.severity)])
        articles_by_rule.update({f.code for f in result.findings})
    scored = [a["score"] for a in articles if a["score"] is not None]
    # Worst first, as the page opens: not checked, then the lowest score, then the most findings.
    articles.sort(key=lambda a: (a["score"] is not None, a["score"] or 0.0, -len(a["findings"])))
    return {
        "title": title,
        "version": __version__,
        "summary": {
            "articles": len(articles),
            "unchecked": sum(1 for a in articles if a["error"]),
            "findings": sum(by_rule.values()),
            "by_severity": [sum(n for (_, rank), n in families.items() if rank == s) for s in (3, 2, 1)],
            "mean": round(sum(scored) / len(scored), 2) if scored else None,
            "lowest": min(scored) if scored else None,
            "pooled": round(score(total_penalty, total_words), 2) if total_words else None,
            "words": total_words,
        },
        "rules": [[code, *rule_info[code], count, articles_by_rule[code]] for code, count in by_rule.most_common()],
        "families": [
            [name, *(families[name, int(s)] for s in (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR))]
            for name in sorted({n for n, _ in families})
        ],
        "articles": articles,
        "figures": _figures(articles, families, points),
        "reference_sentences": len(points),
    }


def _script_json(data: Any) -> str:
    """JSON that is inert inside a <script> element, whatever its strings hold."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def _vega_js() -> str:
    """Vega, Vega-Lite and vega-embed as one script (vl-convert bundles them; ~0.9 MB, a few
    seconds to build, so once per process)."""
    import vl_convert

    return vl_convert.javascript_bundle("window.vegaEmbed = vegaEmbed;").replace("</script", "<\\/script")


def render_page(data: dict[str, Any]) -> str:
    """The whole page: styles, plotly, the data and the page's script, all inline."""
    template = _PAGE.joinpath("page.html").read_text(encoding="utf-8")
    parts = {
        "TITLE": html.escape(data["title"]),
        "STYLE": _PAGE.joinpath("report.css").read_text(encoding="utf-8"),
        "VEGA": _vega_js(),
        "DATA": _script_json(data),
        "SCRIPT": _PAGE.joinpath("report.js").read_text(encoding="utf-8"),
    }
    # One pass, so that nothing inserted is read again as a placeholder.
    return compile_pattern(r"/\*@(TITLE|STYLE|VEGA|DATA|SCRIPT)@\*/").sub(lambda m: parts[m[1]], template)


class ReportRun(Run):
    """A check run whose output is the HTML page, written once every file is checked; only
    errors and warnings are printed."""

    def __init__(
        self, session: Session, options: RunOptions, echo: Callable[..., None], output: Path, title: str
    ) -> None:
        super().__init__(session, options, echo)
        self.output = output
        self.title = title

    def _results(self, paths: list[str]) -> Iterator[FileResult]:
        # A report written into the folder it reports on is not one of its articles the next time.
        written = os.path.abspath(self.output)
        return super()._results([path for path in paths if os.path.abspath(path) != written])

    def _stream(self, result: FileResult) -> None:
        if result.error:
            self.echo(f"mtcheck: error: {result.error}", err=True)
        for gave_up in result.gave_up:
            self.echo(f"mtcheck: warning: {result.name}: {gave_up.message}", err=True)
        self.results.append(result)

    def _finish(self) -> None:
        page = render_page(report_data(self.results, self.session.rules_by_code(), self.title))
        try:
            self.output.write_text(page, encoding="utf-8")
        except OSError as err:
            self.echo(f"mtcheck: error: {self.output}: cannot be written: {err.strerror or err}", err=True)
            self.tally.with_errors = True
            return
        counts = self.tally.summary()
        articles = counts["files"] + counts.get("records", 0)
        self.echo(
            f"Wrote {self.output} ({articles} article{'s' if articles != 1 else ''},"
            f" {counts['findings']} finding{'s' if counts['findings'] != 1 else ''})."
        )

    def exit_code(self) -> int:
        from mtcheck import EXIT_ERROR, EXIT_OK

        return EXIT_ERROR if self.tally.with_errors else EXIT_OK
