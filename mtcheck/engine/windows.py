"""Checking a very long file in windows, so that memory follows the window and not the file.

A news article is a few kilobytes; a file of several megabytes is an export or an archive
of many articles. Such a file is cut at paragraph breaks (never inside a Markdown code
fence) into windows of about WINDOW_CHARACTERS, and each window is checked as a document of
its own: time stays linear and the memory the rules use stays that of one window. What a
rule compares across a whole article (a paragraph repeated, a name capitalised elsewhere)
it compares within a window; a `disable` directive does not reach past its window.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, overload

from mtcheck.engine.findings import Finding
from mtcheck.text.blocks import line_starts

if TYPE_CHECKING:
    from mtcheck.engine.quality import Quality

WINDOW_CHARACTERS = 150_000  # a window's document and its analyses take about 250 bytes per character
WINDOWED_ABOVE = 2 * WINDOW_CHARACTERS  # a text up to this long is checked whole
_FENCES = ("```", "~~~")


def window_spans(text: str, markdown: bool) -> list[tuple[int, int]]:
    """(start, end) of consecutive windows covering text, cut after a blank line."""
    spans = []
    start = 0
    while len(text) - start > WINDOW_CHARACTERS * 3 // 2:  # no last window of a few lines
        cut = _cut_after(text, start + WINDOW_CHARACTERS, markdown, start)
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans


def _cut_after(text: str, wanted: int, markdown: bool, window_start: int) -> int:
    """The end of the first blank line at or after wanted (outside a code fence in Markdown),
    else of the first line break, else after the first space."""
    position = wanted
    limit = min(len(text), wanted + WINDOW_CHARACTERS)
    while True:
        blank = text.find("\n\n", position, limit)
        if blank < 0:
            break
        if not markdown or _fence_lines(text, window_start, blank) % 2 == 0:
            return blank + 2
        position = blank + 2
    for separator in ("\n", " "):  # one endless line: at least not inside a word
        found = text.find(separator, wanted, limit)
        if found >= 0:
            return found + 1
    return wanted


def _fence_lines(text: str, start: int, end: int) -> int:
    return sum(1 for line in text[start:end].split("\n") if line.lstrip().startswith(_FENCES))


def shifted(finding: Finding, offset: int) -> Finding:
    """A window's finding placed in the whole text."""
    fix = finding.fix
    if fix is not None:
        fix = replace(fix, start=fix.start + offset, end=fix.end + offset)
    return replace(finding, start=finding.start + offset, end=finding.end + offset, fix=fix)


class LineSpans(Sequence[tuple[int, int]]):
    """The (start, end) of each line from the line starts, without a list of them (a 10 MB
    file has hundreds of thousands of lines)."""

    def __init__(self, length: int, starts: list[int]):
        self._length = length
        self._starts = starts

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[int, int]]: ...

    def __getitem__(self, index: int | slice) -> tuple[int, int] | Sequence[tuple[int, int]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        start = self._starts[index]
        following = index + 1 if index >= 0 else len(self._starts) + index + 1
        end = self._starts[following] - 1 if following < len(self._starts) else self._length
        return start, end


class TextView:
    """What reports need of a document (its text, positions) for a file checked in windows."""

    reference = None
    original = None
    compared: Any = None  # a detached result's comparison with its reference (mtcheck/run/report.py)
    quality: Quality | None = None  # a detached result's score (mtcheck/engine/quality.py)
    # An HTML file's sentences: their spans in the file, the visible text and their spans in it
    # (words are counted in what a reader sees, not in the markup).
    sentences: tuple[list[tuple[int, int]], str, list[tuple[int, int]]] | None = None

    def __init__(self, path: str, text: str, line_offsets: list[int] | None = None):
        self.path = path
        self.text = text
        self._line_starts = line_starts(text) if line_offsets is None else line_offsets

    def line_spans(self) -> LineSpans:
        """Each line's (start, end), made on demand: what stands for sentences in a file checked in windows."""
        return LineSpans(len(self.text), self._line_starts)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1
