"""Presenting findings: the text lines editors read and the JSON pipelines parse."""

from __future__ import annotations

import json
from collections import Counter

from mtcheck import __version__
from mtcheck.engine.findings import FileResult, Finding, Severity
from mtcheck.text.document import Document

_SEVERITY_COLORS = {Severity.CRITICAL: ("red", True), Severity.MAJOR: ("yellow", True), Severity.MINOR: ("cyan", False)}


def suggestion(finding: Finding, doc: Document) -> str | None:
    """How a fix reads in one line: the new text, what it removes, or, when the fix reaches
    beyond the flagged text (a line break after a dateline), the result in its context."""
    fix = finding.fix
    if fix is None:
        return None
    if fix.replacement:
        shown = fix.replacement
        if shown != shown.strip() or "\n" in doc.text[fix.start : fix.end]:  # ". " alone reads as nothing
            return _in_context(doc.text, fix.start, fix.end, shown)
        return json.dumps(shown, ensure_ascii=False) if shown != shown.strip() or "\n" in shown else shown
    removed = doc.text[fix.start : fix.end]
    lines = removed.rstrip("\n").count("\n") + 1
    if lines > 1 or len(removed) > 40 or removed.endswith("\n"):
        if not removed.strip():
            return "(remove blank lines)"
        return "(remove the line)" if lines == 1 else f"(remove {lines} lines)"
    return f"(remove {json.dumps(removed, ensure_ascii=False)})"


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
    return json.dumps(before + replacement + after, ensure_ascii=False)


def text_line(result: FileResult, finding: Finding, color: bool = False) -> str:
    line, column = result.doc.position(finding.start)
    severity = str(finding.severity)
    code = finding.code
    if color:
        import typer

        tint, bold = _SEVERITY_COLORS[finding.severity]
        severity = typer.style(severity, fg=tint, bold=bold)
        code = typer.style(code, bold=True)
    out = f"{result.path}:{line}:{column}: {severity} {code} {finding.name} {finding.message}"
    shown = suggestion(finding, result.doc)
    if shown is not None:
        out += f" → {shown}"
    return out


def summary_counts(results: list[FileResult]) -> dict:
    counts = Counter(str(f.severity) for r in results for f in r.findings)
    return {
        "files": len(results),
        "files_with_errors": sum(1 for r in results if r.error),
        "findings": sum(len(r.findings) for r in results),
        "by_severity": {name: counts.get(name, 0) for name in ("critical", "major", "minor")},
        "fixable": sum(1 for r in results for f in r.findings if f.fix is not None),
        "rules_gave_up": sum(len(r.gave_up) for r in results),
    }


def summary_line(results: list[FileResult]) -> str:
    counts = summary_counts(results)
    checked = counts["files"] - counts["files_with_errors"]
    files = f"{checked} file{'s' if checked != 1 else ''}"
    if counts["findings"]:
        parts = ", ".join(f"{n} {name}" for name, n in counts["by_severity"].items() if n)
        noun = "finding" if counts["findings"] == 1 else "findings"
        line = f"Found {counts['findings']} {noun} ({parts}) in {files}"
        if counts["fixable"]:
            line += f"; {counts['fixable']} with a suggested fix"
    else:
        line = f"No findings in {files}"
    if counts["files_with_errors"]:
        line += f"; {counts['files_with_errors']} could not be checked"
    if counts["rules_gave_up"]:
        line += (
            f"; {counts['rules_gave_up']} rule run{'s' if counts['rules_gave_up'] != 1 else ''} gave up (out of time)"
        )
    return line + "."


def diagnostic(result: FileResult, finding: Finding) -> dict:
    doc = result.doc
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
    }


def _comparison(result: FileResult):
    if result.doc is None or result.doc.reference is None:
        return None
    from mtcheck.checks.reference import COMPARISON_METRICS, comparison

    segments, scores = comparison(result.doc)
    return segments, scores, COMPARISON_METRICS


def reference_table(result: FileResult) -> str:
    """Per-sentence scores against the reference, after the file's findings."""
    from mtcheck.compare.score_report import text_report

    compared = _comparison(result)
    if compared is None or compared[1] is None:
        return f"{result.path}: nothing to compare with the reference"
    segments, scores, metrics = compared
    return text_report(
        f"{result.path} against {result.doc.reference.path}:", scores, segments, metrics, show_segments=True
    )


def problems(result: FileResult) -> list[dict]:
    """What kept the file from being checked fully: an unreadable file, rules out of time."""
    found = [{"kind": "input", "message": result.error}] if result.error else []
    return found + [{"kind": "timeout", "rule": g.code, "message": g.message} for g in result.gave_up]


def json_report(results: list[FileResult]) -> str:
    from mtcheck.compare.score_report import json_object

    files = []
    for r in results:
        entry = {
            "path": r.path,
            "diagnostics": [diagnostic(r, f) for f in r.findings],
            "error": r.error,
            "errors": problems(r),
        }
        compared = _comparison(r)
        if compared is not None and compared[1] is not None:
            segments, scores, metrics = compared
            entry["reference"] = json_object(r.doc.reference.path, scores, segments, metrics)
        files.append(entry)
    return json.dumps(
        {"version": __version__, "files": files, "summary": summary_counts(results)}, ensure_ascii=False, indent=2
    )
