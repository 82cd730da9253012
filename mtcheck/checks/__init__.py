"""Python checks: rule logic that a pattern cannot express.

A check is `function(doc, rule) -> Iterable[Hit]`; its rule's metadata and examples live
in a YAML pack (kind: python, check: module.function). `message_fields` lists the values
a check puts in `Hit.data` for the rule's message template.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from mtcheck.text.document import Document

F = TypeVar("F", bound=Callable)
T = TypeVar("T")


def provides(*fields: str, options: Mapping[str, Any] | None = None) -> Callable[[F], F]:
    """Declare the message placeholders a check fills in, and the options it takes with
    their defaults. A default's type is the option's: a whole number, a number, a string, a
    list of words (a tuple), a table of words (a dict). A pack that sets an option the check
    does not declare, or one of another type, is rejected when it is loaded; the check reads
    `rule.options[key]`, which always holds the default or the pack's value."""

    def mark(function: F) -> F:
        try:
            function.message_fields = fields  # type: ignore[attr-defined]
            function.option_defaults = dict(options or {})  # type: ignore[attr-defined]
        except AttributeError:  # compiled by mypyc (scripts/build_native.py): no attributes of its own
            return cast(F, CompiledCheck(function, fields, dict(options or {})))
        return function

    return mark


class CompiledCheck:
    """A compiled check function with what `provides` declares about it."""

    def __init__(self, function: Callable, message_fields: tuple[str, ...], option_defaults: dict[str, Any]):
        self.function = function
        self.message_fields = message_fields
        self.option_defaults = option_defaults
        self.__doc__ = function.__doc__

    def __call__(self, *args: Any) -> Any:
        return self.function(*args)


_PREPARED: dict[tuple[int, Callable], tuple[Mapping[str, Any], Any]] = {}


def prepared(options: Mapping[str, Any], build: Callable[[Mapping[str, Any]], T]) -> T:
    """`build(options)`, once per rule's options rather than once per document: the sets, tables
    and patterns a check makes of them (build: a module-level function of the options alone).
    Kept by the mapping's id, with the mapping, so that the id is not reused while kept: rules
    loaded with other options (another configuration) have their own. A bounded few."""
    key = (id(options), build)
    entry = _PREPARED.get(key)
    if entry is None:
        if len(_PREPARED) >= 256:
            _PREPARED.clear()  # rule sets loaded again and again (tests): keep none alive for long
        entry = _PREPARED[key] = (options, build(options))
    return entry[1]


def source_language(doc: Document) -> str | None:
    """The source language the run was given (--source-lang, or read from --source), or None."""
    return doc.context.settings.source_lang if doc.context else None
