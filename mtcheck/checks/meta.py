"""MT001: suppression directives that mtcheck cannot understand are reported, not ignored."""

from __future__ import annotations

from collections.abc import Iterator

from mtcheck.checks import provides
from mtcheck.engine.findings import Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.engine.suppressions import parse_directives
from mtcheck.text.document import Document


@provides("problem")
def invalid_directives(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    is_known = doc.context.is_known_selector if doc.context else (lambda selector: True)
    _, problems = parse_directives(doc.text, doc.comments, is_known)
    for problem in problems:
        yield Hit(problem.start, problem.end, data={"problem": problem.message})
