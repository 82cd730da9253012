"""Python checks: rule logic that a pattern cannot express.

A check is `function(doc, rule) -> Iterable[Hit]`; its rule's metadata and examples live
in a YAML pack (kind: python, check: module.function). `message_fields` lists the values
a check puts in `Hit.data` for the rule's message template.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from copy import copy
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from mtcheck.engine.kinds import PythonRule
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


# (id of a rule's options, what makes something of them, the keys) -> the options' values as
# they were then (copies: a list changed in place is seen), and what was made of them.
_MADE_FROM_OPTIONS: dict[tuple[int, Callable[..., Any], tuple[str, ...]], tuple[list[Any], Any]] = {}


def made_from_options(rule: PythonRule, make: Callable[..., T], *keys: str) -> T:
    """make(*the rule's options of these keys): the sets, tables and patterns a check makes of
    its options, made once per rule and configuration rather than once per document (a rule
    runs on every record of a JSONL corpus; make: a module-level function of those values
    alone). Kept while the values are equal to what they were: a list compared with its copy
    is compared word by word, each word by identity first (a hundred words in well under a
    microsecond, where hashing them took several), so neither another options mapping at the
    same id nor a list changed in place is given what was made of other values."""
    options = rule.options
    values = [options[key] for key in keys]
    key = (id(options), make, keys)
    made = _MADE_FROM_OPTIONS.get(key)
    if made is None or made[0] != values:
        if len(_MADE_FROM_OPTIONS) > 256:
            _MADE_FROM_OPTIONS.clear()  # (rule sets loaded again and again, as in the tests: bounded)
        made = _MADE_FROM_OPTIONS[key] = ([copy(value) for value in values], make(*values))
    return cast(T, made[1])


def source_language(doc: Document) -> str | None:
    """The source language the run was given (--source-lang, or read from --source), or None."""
    return doc.context.settings.source_lang if doc.context else None
