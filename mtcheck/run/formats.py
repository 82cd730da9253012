"""Reports for CI and pipelines: SARIF 2.1.0, GitHub Actions annotations, JSON Lines.

SARIF is what GitHub code scanning and most CI dashboards read; columns are counted in
Unicode code points (declared with `columnKind`), end exclusive, as everywhere in mtcheck.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath
from typing import Any

from mtcheck import __version__
from mtcheck.engine.findings import FileResult, Finding, Severity
from mtcheck.engine.kinds import Rule
from mtcheck.engine.quality import penalty
from mtcheck.run.report import diagnostic, file_quality, is_record, record_keys

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/mtcheck/mtcheck"
_SARIF_LEVELS = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning"}
_GITHUB_COMMANDS = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning"}


def jsonl_lines(result: FileResult) -> Iterator[str]:
    """One JSON object per finding (or per unreadable file), for streaming pipelines."""
    where = {"path": result.path, **record_keys(result)}
    if result.error:
        yield json.dumps({**where, "error": result.error}, ensure_ascii=False)
        return
    for finding in result.findings:
        yield json.dumps({**where, **diagnostic(result, finding)}, ensure_ascii=False)
    for gave_up in result.gave_up:
        yield json.dumps({**where, "error": gave_up.message, "rule": gave_up.code}, ensure_ascii=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_lines(result: FileResult) -> Iterator[str]:
    """GitHub Actions workflow commands: each finding becomes an annotation on its line."""
    if result.error:
        line = f",line={result.record_line}" if result.record_line is not None else ""
        yield f"::error file={_escape_property(result.path)}{line}::{_escape_data(result.error)}"
        return
    for gave_up in result.gave_up:
        yield f"::error file={_escape_property(result.path)},title=mtcheck {gave_up.code}::{_escape_data(gave_up.message)}"
    for finding in result.findings:
        where = diagnostic(result, finding)
        title = f"{finding.code} {finding.name}"
        if is_record(result) and not result.in_file:  # positions are in the record's text: annotate the record's line
            place = [f"line={result.record_line}"] if result.record_line is not None else []
            title += f" (record {result.record_id}, {where['line']}:{where['column']})"
        else:
            if result.in_file:
                title += f" (unit {result.record_id})"
            place = [
                f"line={where['line']}",
                f"col={where['column']}",
                f"endLine={where['end_line']}",
                f"endColumn={where['end_column']}",
            ]
        properties = ",".join([f"file={_escape_property(result.path)}", *place, f"title={_escape_property(title)}"])
        yield f"::{_GITHUB_COMMANDS[finding.severity]} {properties}::{_escape_data(finding.message)}"


def _uri(path: str) -> str:
    if path == "-":
        return "stdin"
    pure = PurePath(path)
    if pure.is_absolute():
        return Path(path).as_uri()
    return pure.as_posix().removeprefix("./")


def _region(result: FileResult, start: int, end: int) -> dict:
    doc = result.checked_doc
    line, column = doc.position(start)
    end_line, end_column = doc.position(end)
    region: dict[str, Any] = {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}
    snippet = doc.text[start:end]
    if snippet:
        region["snippet"] = {"text": snippet}
    return region


def _sarif_rule(code: str, rule: Rule | None) -> dict:
    entry: dict[str, Any] = {"id": code}
    if rule is None:
        return entry
    entry.update(
        {
            "name": rule.name,
            "shortDescription": {"text": rule.name.replace("-", " ")},
            "fullDescription": {"text": " ".join((rule.explanation or rule.message).split())},
            "defaultConfiguration": {"level": _SARIF_LEVELS[rule.severity]},
            "properties": {"category": rule.category, "family": rule.family, "tags": [rule.family, rule.category]},
        }
    )
    return entry


def _sarif_result(result: FileResult, finding: Finding, rule_index: int) -> dict:
    entry: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [_sarif_location(result, finding)],
        "properties": {"severity": str(finding.severity), "category": finding.category, "penalty": penalty(finding)},
    }
    if is_record(result) and not result.in_file:
        # Positions are in the record's text, not in the corpus file: they are properties, and
        # the fix (an edit of the record's text) cannot be applied to the file.
        entry["properties"].update({"record": result.record_id, **_record_position(diagnostic(result, finding))})
    elif finding.fix is not None:
        entry["fixes"] = [
            {
                "description": {"text": "safe fix" if finding.fix.safe else "fix (needs --unsafe-fixes)"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": _uri(result.path)},
                        "replacements": [
                            {
                                "deletedRegion": _region(result, finding.fix.start, finding.fix.end),
                                "insertedContent": {"text": finding.fix.replacement},
                            }
                        ],
                    }
                ],
            }
        ]
    return entry


def _sarif_location(result: FileResult, finding: Finding) -> dict:
    """Where a finding is: the file and region, or a record of a corpus (a logical location)
    and its line in a JSON Lines file."""
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(result.path)}}
    if not is_record(result):
        physical["region"] = _region(result, finding.start, finding.end)
        return {"physicalLocation": physical}
    if result.in_file:  # a unit of a bilingual file: its place in the file, and the unit
        physical["region"] = _region(result, finding.start, finding.end)
    elif result.record_line is not None:
        physical["region"] = {"startLine": result.record_line}
    return {
        "physicalLocation": physical,
        "logicalLocations": [{"name": result.record_id, "kind": "object"}],
    }


def _record_position(shown: dict) -> dict:
    return {key: shown[key] for key in ("line", "column", "end_line", "end_column", "text")}


def sarif_report(results: Iterable[FileResult], rules_by_code: dict[str, Rule]) -> str:
    results = list(results)
    codes = sorted({f.code for r in results if not r.error for f in r.findings})
    index = {code: i for i, code in enumerate(codes)}
    run = {
        "tool": {
            "driver": {
                "name": "mtcheck",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_sarif_rule(code, rules_by_code.get(code)) for code in codes],
            }
        },
        "columnKind": "unicodeCodePoints",
        "properties": {
            "scores": {_uri(r.path): round(q.score, 2) for r in results if (q := file_quality(r)) is not None}
        },
        "results": [_sarif_result(r, f, index[f.code]) for r in results if not r.error for f in r.findings],
        "invocations": [
            {
                "executionSuccessful": not any(r.error or r.gave_up for r in results),
                "toolExecutionNotifications": [
                    {
                        "level": "error",
                        "message": {"text": r.error},
                        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}}}],
                    }
                    for r in results
                    if r.error
                ]
                + [
                    {
                        "level": "error",
                        "message": {"text": g.message},
                        "descriptor": {"id": g.code},
                        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}}}],
                    }
                    for r in results
                    for g in r.gave_up
                ],
            }
        ],
    }
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2)
