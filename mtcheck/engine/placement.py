"""Findings on a text derived from a file (an HTML file's visible text, a bilingual file's
target) placed in the file itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from mtcheck.engine.findings import Finding, Fix
from mtcheck.text.html import SourceMap, escape_text

NOT_FIXED_IN_HTML = " (no automatic fix in HTML: the edit would cross markup or cut an entity)"


def placed_in_file(
    finding: Finding,
    source_map: SourceMap,
    escape: Callable[[str], str | None] = escape_text,
    not_fixed: str = NOT_FIXED_IN_HTML,
) -> Finding:
    """The finding at its span of the file; a fix the file cannot take (it would cross markup,
    or `escape` cannot write its replacement there) is dropped, and the message says so."""
    start, end = source_map.span(finding.start, finding.end)
    fix = finding.fix
    message = finding.message
    if fix is not None:
        where = source_map.edit_span(fix.start, fix.end, deleting=not fix.replacement)
        replacement = escape(fix.replacement) if where is not None else None
        if where is None or replacement is None:
            fix, message = None, message + not_fixed
        else:
            fix = Fix(where[0], where[1], replacement, fix.safe)
    return replace(finding, start=start, end=end, fix=fix, message=message)
