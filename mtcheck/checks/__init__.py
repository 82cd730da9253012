"""Python checks: rule logic that a pattern cannot express.

A check is `function(doc, rule) -> Iterable[Hit]`; its rule's metadata and examples live
in a YAML pack (kind: python, check: module.function). `message_fields` lists the values
a check puts in `Hit.data` for the rule's message template.
"""

from __future__ import annotations

from typing import Callable, TypeVar

F = TypeVar("F", bound=Callable)


def provides(*fields: str) -> Callable[[F], F]:
    """Declare the message placeholders a check fills in."""

    def mark(function: F) -> F:
        function.message_fields = fields
        return function

    return mark
