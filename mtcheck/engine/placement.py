"""Findings on a text derived from a file (an HTML file's visible text) placed in the file itself."""

from __future__ import annotations

from dataclasses import replace

from mtcheck.engine.findings import Finding, Fix
from mtcheck.text.html import SourceMap, escape_text

NOT_FIXED_IN_HTML = " (no automatic fix in HTML: the edit would cross markup or cut an entity)"


def placed_in_file(finding: Finding, source_map: SourceMap) -> Finding:
    """The finding at its span of the file; a fix the file cannot take is dropped, and the message says so."""
    start, end = source_map.span(finding.start, finding.end)
    fix = finding.fix
    message = finding.message
    if fix is not None:
        where = source_map.edit_span(fix.start, fix.end, deleting=not fix.replacement)
        if where is None:
            fix, message = None, message + NOT_FIXED_IN_HTML
        else:
            fix = Fix(where[0], where[1], escape_text(fix.replacement), fix.safe)
    return replace(finding, start=start, end=end, fix=fix, message=message)
