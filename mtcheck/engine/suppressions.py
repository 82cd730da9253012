"""Inline suppression directives in HTML comments.

    <!-- mtcheck: disable MT101, MT3 -->  ...  <!-- mtcheck: enable -->
    <!-- mtcheck: disable-next-line MT201 -->
    <!-- mtcheck: disable-line -->           (on the line it is written on)

Selectors are codes, code prefixes or rule names; none means every rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mtcheck.language.pattern_cache import compile_re

_DIRECTIVE = compile_re(r"<!--\s*mtcheck\b(?P<colon>\s*:)?\s*(?P<body>.*?)\s*-->", re.DOTALL | re.IGNORECASE)
ACTIONS = ("disable", "enable", "disable-next-line", "disable-line")


@dataclass(frozen=True)
class Directive:
    """One inline directive: disable, enable, disable-line or disable-next-line."""

    action: str
    selectors: tuple[str, ...]  # empty: every rule
    start: int
    end: int


@dataclass(frozen=True)
class Problem:
    """A suppression directive mtcheck cannot understand (reported as MT001)."""

    start: int
    end: int
    message: str


def parse_directives(
    text: str, comments: Iterable[tuple[int, int]], is_known: Callable[[str], bool]
) -> tuple[list[Directive], list[Problem]]:
    directives: list[Directive] = []
    problems: list[Problem] = []
    for start, end in comments:
        match = _DIRECTIVE.fullmatch(text, start, end)
        if not match:
            continue
        words = match.group("body").replace(",", " ").split()
        action = words[0].lower() if words else ""
        if not match.group("colon"):
            problems.append(Problem(start, end, "malformed directive: write 'mtcheck:' followed by an action"))
        elif action not in ACTIONS:
            shown = action or "nothing"
            problems.append(Problem(start, end, f"unknown directive action {shown!r} (use {', '.join(ACTIONS)})"))
        else:
            unknown = [w for w in words[1:] if not is_known(w)]
            if unknown:
                problems.append(Problem(start, end, f"directive names no known rule: {unknown[0]!r}"))
            else:
                directives.append(Directive(action, tuple(words[1:]), start, end))
    return directives, problems


class Suppressions:
    """Answers whether a finding at a line is switched off by the directives before it."""

    def __init__(
        self, directives: list[Directive], line_of: Callable[[int], int], next_text_line: Callable[[int], int]
    ):
        self._ranges: list[tuple[int, int, tuple[str, ...], bool]] = []  # (first, last, selectors, enable)
        self._events: list[tuple[int, Directive]] = []
        for directive in directives:
            line = line_of(directive.start)
            if directive.action == "disable-line":
                self._ranges.append((line, line_of(directive.end), directive.selectors, False))
            elif directive.action == "disable-next-line":
                target = next_text_line(directive.end)
                self._ranges.append((target, target, directive.selectors, False))
            else:
                self._events.append((line, directive))

    def suppresses(self, line: int, matches: Callable[[str], bool]) -> bool:
        for first, last, selectors, _ in self._ranges:
            if first <= line <= last and (not selectors or any(matches(s) for s in selectors)):
                return True
        disabled = False
        for event_line, directive in self._events:
            if event_line > line:
                break
            applies = not directive.selectors or any(matches(s) for s in directive.selectors)
            if applies:
                disabled = directive.action == "disable"
        return disabled
