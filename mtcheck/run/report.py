"""Presenting findings: the text lines editors read and the JSON pipelines parse."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from mtcheck import __version__
from mtcheck.engine.findings import CheckedText, FileResult, Finding, Severity
from mtcheck.engine.quality import Quality, SentenceQuality, penalty, quality
from mtcheck.engine.windows import LineSpans, TextView
from mtcheck.text.blocks import line_starts
from mtcheck.text.document import Document

if TYPE_CHECKING:
    from mtcheck.compare.reference import Segment
    from mtcheck.compare.scoring import Scores

_SEVERITY_COLORS = {Severity.CRITICAL: ("red", True), Severity.MAJOR: ("yellow", True), Severity.MINOR: ("cyan", False)}


def suggestion(finding: Finding, doc: CheckedText) -> str | None:
    """How a fix reads in one line: the new text, what it removes, or, when the fix reaches
    beyond the flagged text (a line break after a dateline), the result in its context."""
    fix = finding.fix
    if fix is None:
        return None
    if fix.replacement:
        shown = fix.replacement
        if shown != shown.strip() or "\n" in doc.text[fix.start : fix.end]:  # ". " alone reads as nothing
            return _in_context(doc.text, fix.start, fix.end, shown)
        return _quoted(shown) if shown != shown.strip() or "\n" in shown else shown
    removed = doc.text[fix.start : fix.end]
    lines = removed.rstrip("\n").count("\n") + 1
    if lines > 1 or len(removed) > 40 or removed.endswith("\n"):
        if not removed.strip():
            return "(remove blank lines)"
        return "(remove the line)" if lines == 1 else f"(remove {lines} lines)"
    return f"(remove {_quoted(removed)})"


def _in_context(text: str, start: int, end: int, replacement: str, reach: int = 24) -> str:
    """'"KYIV, Nov. 8 – Ministers met…"': the fixed text with a few words either side."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - reach) : start]
    line_end = text.find("\n", end)
    after = text[end : min(len(text) if line_end < 0 else line_end, end + reach)]
    if start - len(before) > line_start and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if end + len(after) < (len(text) if line_end < 0 else line_end) and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return _quoted(before + replacement + after)


def _quoted(text: str) -> str:
    """The text in double quotes, with JSON's escapes ("a\\nb" for a line break): what
    json.dumps(text, ensure_ascii=False) gives, without importing json for a text report."""
    return '"' + text.translate(_JSON_ESCAPES) + '"'


# What JSON escapes in a string written with ensure_ascii=False: the quote, the backslash and
# the control characters (a lone surrogate is written as it is, as json.dumps writes it).
_JSON_ESCAPES = {
    **{code: f"\\u{code:04x}" for code in range(0x20)},
    **{
        ord(char): escaped for char, escaped in zip('"\\\n\r\t\b\f', ('\\"', "\\\\", "\\n", "\\r", "\\t", "\\b", "\\f"))
    },
}


def text_line(result: FileResult, finding: Finding, color: bool = False) -> str:
    line, column = result.checked_doc.position(finding.start)
    severity = str(finding.severity)
    code = finding.code
    if color:
        import typer

        tint, bold = _SEVERITY_COLORS[finding.severity]
        severity = typer.style(severity, fg=tint, bold=bold)
        code = typer.style(code, bold=True)
    out = f"{result.name}:{line}:{column}: {severity} {code} {finding.name} {finding.message}"
    shown = suggestion(finding, result.checked_doc)
    if shown is not None:
        out += f" → {shown}"
    return out


def is_record(result: FileResult) -> bool:
    """A record of a corpus (checked, or not checkable) rather than a file."""
    return result.record_id is not None or result.record_line is not None


def record_keys(result: FileResult) -> dict[str, Any]:
    """The record's id and line in a JSON report; nothing for a file."""
    if not is_record(result):
        return {}
    return {"record": result.record_id, "record_line": result.record_line}


class Tally:
    """What the summary and the exit code need of a run's results, counted as they come, so
    that a run over a corpus of millions of records keeps counts rather than results."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.failing = False  # a finding at or above its file's --fail-on
        self.with_errors = False
        self.with_gave_up = False
        self.scored, self.score_sum = 0, 0.0
        self.lowest: tuple[float, str] | None = None  # the lowest quality score and its file
        self.by_rule: Counter[str] = Counter()  # findings per rule code (--statistics)
        self.fixable_by_rule: Counter[str] = Counter()
        self.rule_names: dict[str, str] = {}

    def add(self, result: FileResult) -> None:
        unit = "records" if is_record(result) else "files"
        self.counts[unit] += 1
        self.counts[f"{unit}_with_errors"] += bool(result.error)
        self.counts["findings"] += len(result.findings)
        self.counts.update(str(f.severity) for f in result.findings)
        self.counts["fixable"] += sum(1 for f in result.findings if f.fix is not None)
        self.counts["rules_gave_up"] += len(result.gave_up)
        for finding in result.findings:
            self.by_rule[finding.code] += 1
            self.fixable_by_rule[finding.code] += finding.fix is not None
            self.rule_names.setdefault(finding.code, finding.name)
        self.failing |= result.fails
        self.with_errors |= bool(result.error)
        self.with_gave_up |= bool(result.gave_up)
        scored = file_quality(result)
        if scored is not None:
            self.scored += 1
            self.score_sum += scored.score
            if self.lowest is None or (scored.score, result.name) < self.lowest:
                self.lowest = (scored.score, result.name)

    def scores_phrase(self) -> str:
        """'; score 93.4/100' for one file; the lowest and the mean for several."""
        if self.lowest is None:
            return ""
        if self.scored == 1:
            return f"; score {self.lowest[0]:.1f}/100"
        return f"; scores: lowest {self.lowest[0]:.1f}/100 ({self.lowest[1]}), mean {self.score_sum / self.scored:.1f}"

    def summary(self) -> dict:
        counts = self.counts
        summary = {
            "files": counts["files"],
            "files_with_errors": counts["files_with_errors"],
            "findings": counts["findings"],
            "by_severity": {name: counts[name] for name in ("critical", "major", "minor")},
            "fixable": counts["fixable"],
            "rules_gave_up": counts["rules_gave_up"],
        }
        if counts["records"]:  # only in runs over corpora, so that the output of every other run stays as it was
            summary["records"] = counts["records"]
            summary["records_with_errors"] = counts["records_with_errors"]
        return summary


def summary_counts(results: list[FileResult]) -> dict:
    tally = Tally()
    for result in results:
        tally.add(result)
    return tally.summary()


def _checked(counts: dict) -> str:
    files = counts["files"] - counts["files_with_errors"]
    records = counts.get("records", 0) - counts.get("records_with_errors", 0)
    parts = [f"{files} file{'s' if files != 1 else ''}"] if files or not records else []
    if records:
        parts.append(f"{records} record{'s' if records != 1 else ''}")
    return " and ".join(parts)


def statistics_lines(tally: Tally) -> list[str]:
    """A line per rule that found something, most findings first: count, code, name, and
    `[*]` when some of its findings have a fix (ruff's --statistics, for MT output)."""
    width = len(str(max(tally.by_rule.values(), default=0)))
    return [
        f"{count:>{width}}\t{code}\t{tally.rule_names[code]}" + ("\t[*]" if tally.fixable_by_rule[code] else "")
        for code, count in sorted(tally.by_rule.items(), key=lambda item: (-item[1], item[0]))
    ]


def summary_line(counts: dict, scores: str = "") -> str:
    """The last line of the text output, from summary_counts() or Tally.summary(), and
    Tally.scores_phrase()."""
    checked = _checked(counts)
    unchecked = counts["files_with_errors"] + counts.get("records_with_errors", 0)
    if counts["findings"]:
        parts = ", ".join(f"{n} {name}" for name, n in counts["by_severity"].items() if n)
        noun = "finding" if counts["findings"] == 1 else "findings"
        line = f"Found {counts['findings']} {noun} ({parts}) in {checked}"
        if counts["fixable"]:
            line += f"; {counts['fixable']} with a suggested fix"
        line += scores
    else:
        line = f"No findings in {checked}"
    if unchecked:
        line += f"; {unchecked} could not be checked"
    if counts["rules_gave_up"]:
        line += (
            f"; {counts['rules_gave_up']} rule run{'s' if counts['rules_gave_up'] != 1 else ''} gave up (out of time)"
        )
    return line + "."


def file_quality(result: FileResult) -> Quality | None:
    """The file's MQM-style score (mtcheck/engine/quality.py); None when it was not checked."""
    doc = result.doc
    if doc is None:
        return None
    if isinstance(doc, Document):
        # A document without blocks (an empty file) has no sentences: no need to load its language to split them.
        sentences = [(s.start, s.end) for s in doc.sentences] if doc.blocks else []
        return quality(doc.checked, result.findings, sentences)
    if isinstance(doc, TextView) and doc.quality is not None:
        return doc.quality
    if isinstance(doc, TextView) and doc.sentences is not None:
        in_file, visible, in_visible = doc.sentences
        return quality(visible, result.findings, in_file, in_visible)
    # Without sentences (a file checked in windows), its lines stand for them.
    lines = doc.line_spans() if isinstance(doc, TextView) else LineSpans(len(doc.text), line_starts(doc.text))
    return quality(doc.text, result.findings, lines)


def diagnostic(result: FileResult, finding: Finding) -> dict:
    doc = result.checked_doc
    line, column = doc.position(finding.start)
    end_line, end_column = doc.position(finding.end)
    fix = None
    if finding.fix is not None:
        fix_line, fix_column = doc.position(finding.fix.start)
        fix_end_line, fix_end_column = doc.position(finding.fix.end)
        fix = {
            "replacement": finding.fix.replacement,
            "safe": finding.fix.safe,
            "line": fix_line,
            "column": fix_column,
            "end_line": fix_end_line,
            "end_column": fix_end_column,
        }
    return {
        "code": finding.code,
        "name": finding.name,
        "category": finding.category,
        "severity": str(finding.severity),
        "message": finding.message,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "text": doc.text[finding.start : finding.end],
        "fix": fix,
        "penalty": penalty(finding),
    }


class _Compared(NamedTuple):
    reference_path: str
    segments: list[Segment]
    scores: Scores | None  # None when there was nothing to score
    metrics: tuple[str, ...]


def _comparison(result: FileResult) -> _Compared | None:
    doc = result.doc
    if isinstance(doc, TextView):  # a detached result keeps its comparison; a windowed file has none
        return doc.compared
    if not isinstance(doc, Document) or doc.reference is None:
        return None
    from mtcheck.checks.reference import COMPARISON_METRICS, comparison

    compared = comparison(doc)
    if compared is None:  # only without a reference, excluded above
        return None
    segments, scores = compared
    return _Compared(doc.reference.path, segments, scores, COMPARISON_METRICS)


def compared_with_reference(result: FileResult) -> bool:
    return _comparison(result) is not None


def reference_table(result: FileResult) -> str:
    """Per-sentence scores against the reference, after the file's findings."""
    from mtcheck.compare.score_report import text_report

    compared = _comparison(result)
    if compared is None or compared.scores is None:
        return f"{result.path}: nothing to compare with the reference"
    return text_report(
        f"{result.path} against {compared.reference_path}:",
        compared.scores,
        compared.segments,
        compared.metrics,
        show_segments=True,
    )


def problems(result: FileResult) -> list[dict]:
    """What kept the file from being checked fully: an unreadable file, rules out of time."""
    found = [{"kind": "input", "message": result.error}] if result.error else []
    return found + [{"kind": "timeout", "rule": g.code, "message": g.message} for g in result.gave_up]


def _sentence_dict(doc: CheckedText, sentence: SentenceQuality, compared: _Compared | None) -> dict:
    line, column = doc.position(sentence.start)
    end_line, end_column = doc.position(sentence.end)
    entry: dict[str, Any] = {
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "text": doc.text[sentence.start : sentence.end],
        "words": sentence.words,
        "penalty": sentence.penalty,
        "score": round(sentence.score, 2),
        "codes": list(sentence.codes),
    }
    if compared is not None and compared.scores is not None:
        segment = _overlapping_segment(compared.segments, sentence.start, sentence.end)
        if segment is not None:
            entry["reference"] = {"segment": segment.index + 1}
            entry["reference"].update({m: round(segment.scores[m], 4) for m in compared.metrics})
    return entry


def _overlapping_segment(segments: list[Segment], start: int, end: int) -> Segment | None:
    """The reference segment that shares the most text with a sentence."""
    best, most = None, 0
    for segment in segments:
        if segment.hyp_span is not None:
            shared = min(end, segment.hyp_span[1]) - max(start, segment.hyp_span[0])
            if shared > most:
                best, most = segment, shared
    return best


def quality_dict(result: FileResult, compared: _Compared | None = None) -> dict | None:
    """The file's score, penalty and words, and the sentences with findings (with their
    BLEU and chrF against the reference when there is one)."""
    found = file_quality(result)
    if found is None:
        return None
    return {
        "score": round(found.score, 2),
        "penalty": found.penalty,
        "words": found.words,
        "sentences": [_sentence_dict(result.checked_doc, s, compared) for s in found.sentences],
    }


def json_report(results: list[FileResult]) -> str:
    files = []
    for r in results:
        entry: dict[str, Any] = {
            "path": r.path,
            **record_keys(r),
            "diagnostics": [diagnostic(r, f) for f in r.findings],
            "error": r.error,
            "errors": problems(r),
        }
        compared = _comparison(r)
        entry["quality"] = quality_dict(r, compared)
        if compared is not None and compared.scores is not None:
            from mtcheck.compare.score_report import json_object  # (and its modules) only with a reference

            entry["reference"] = json_object(
                compared.reference_path, compared.scores, compared.segments, compared.metrics
            )
        files.append(entry)
    import json

    return json.dumps(
        {"version": __version__, "files": files, "summary": summary_counts(results)}, ensure_ascii=False, indent=2
    )


def detached(result: FileResult) -> FileResult:
    """The result with its document replaced by what reports read of it (the text, line
    offsets and the comparison with a reference), so that a run over many files holds no
    document past its report and a worker process can send the result back."""
    doc = result.doc
    if not isinstance(doc, Document):
        return result
    view = TextView(doc.path, doc.text, doc.line_offsets)
    view.compared = _comparison(result)
    view.quality = file_quality(result)
    return replace(result, doc=view)
