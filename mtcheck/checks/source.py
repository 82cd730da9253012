"""SR1xx: what comparing with the source shows (only with `mtcheck check --source`). These are
the rules' checks; each finds nothing without a source, and imports its work
(checks/source_comparison.py: 2,000 lines, 3 ms of a start) only for a document that has one,
so that a run without a source never loads it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from mtcheck.checks import provides

if TYPE_CHECKING:
    from mtcheck.engine.findings import Hit
    from mtcheck.engine.kinds import PythonRule
    from mtcheck.text.document import Document


def _compared(name: str, doc: Document, rule: PythonRule) -> Iterable[Hit]:
    """The hits of checks/source_comparison.py's check of this name (that module imported here),
    none without a source."""
    if doc.original is None:
        return ()
    from mtcheck.checks import source_comparison

    check: Callable[[Document, PythonRule], Iterable[Hit]] = getattr(source_comparison, name)
    return check(doc, rule)


@provides("detail")
def number_mismatch(doc: Document, rule: PythonRule) -> Iterable[Hit]:
    """A number whose value the source does not have: each side read in its own convention."""
    return _compared("number_mismatch", doc, rule)


@provides("language", "source")
def omitted_sentences(doc: Document, rule: PythonRule) -> Iterable[Hit]:
    """A source sentence with no translation, reported where the translation should have it."""
    return _compared("omitted_sentences", doc, rule)


@provides()
def added_sentences(doc: Document, rule: PythonRule) -> Iterable[Hit]:
    """Sentences of the translation that nothing in the source gives."""
    return _compared("added_sentences", doc, rule)


@provides(options={"min-words": 3})
def same_as_source(doc: Document, rule: PythonRule) -> Iterable[Hit]:
    """A sentence copied from the source (not one the source already had in the target language)."""
    return _compared("same_as_source", doc, rule)


@provides(
    "direction",
    "ratio",
    options={
        "max-ratio": 2.5,
        "max-ratio-unspaced": 4.0,
        "min-chars": 40,
        "neighbour-ratio": 1.3,
        "joined-ratio": 1.35,
    },
)
def length_outliers(doc: Document, rule: PythonRule) -> Iterable[Hit]:
    """One-to-one pairs whose lengths are far out of the article's proportion."""
    return _compared("length_outliers", doc, rule)


@provides("kind", "item", "where")
def verbatim_differs(doc: Document, rule: PythonRule) -> Iterable[Hit]:
    """A URL, e-mail address, handle or hashtag on one side only."""
    return _compared("verbatim_differs", doc, rule)


@provides("name", options={"min-letters": 4})
def missing_names(doc: Document, rule: PythonRule) -> Iterable[Hit]:
    """A name of the source that the translation lacks."""
    return _compared("missing_names", doc, rule)
