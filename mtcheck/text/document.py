"""The document model: the text, what of it is checked, its blocks, lines and sentences.

`checked` is a copy of `text` of the same length in which everything rules must not see is
hidden: whole code blocks, front matter and HTML become spaces, and inline markup, code
spans and URLs become MASK characters (a private-use code point that is neither a word
character nor whitespace, so hiding `code` creates no doubled space and no fake word).
Because both strings have the same length, every offset a rule reports is an offset into
the original file, and line and column are computed only when a finding is printed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar, overload

from mtcheck.language.pattern_cache import compile_re
from mtcheck.language.profiles import Language, language
from mtcheck.text.blocks import Block, line_starts
from mtcheck.text.inputs import InputText
from mtcheck.text.plain import plain_text_blocks
from mtcheck.text.segment import MASK, dateline_end, split_spans

if TYPE_CHECKING:
    import re

    import regex

    from mtcheck.text.html import HtmlView, SourceMap

_START_END = itemgetter(0, 1)  # a Block's span, read in C

# Neither whitespace (re's \s in text is str.isspace) nor MASK.
_VISIBLE = compile_re(f"[^\\s{MASK}]")


T = TypeVar("T")


class cached_property(Generic[T]):  # noqa: N801 - functools.cached_property's name and use
    """functools.cached_property as Python 3.12 has it: without the lock 3.11 takes on each
    first read (one lock for every document: a microsecond per property of a one-line
    document). Two threads reading the same new property of one document at once may each
    compute it; the values are equal."""

    def __init__(self, function: Callable[[Any], T]) -> None:
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> T | cached_property[T]:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


# Named tuples: cheap to build by the thousand, immutable, hashable.
class Sentence(NamedTuple):
    start: int
    end: int
    block: int  # index into Document.blocks


class Line(NamedTuple):
    """A physical line of a block: `start` is its first visible character, `end` its last + 1."""

    start: int
    end: int
    block: int


class Document:
    def __init__(
        self,
        input_text: InputText,
        checked: str,
        blocks: list[Block],
        lang: str,
        comments: Sequence[tuple[int, int]] = (),
    ):
        assert len(checked) == len(input_text.text)
        self.input = input_text  # the file as read (not the source-language text: that is `original`)
        self.path = input_text.path
        self.text = input_text.text
        self.checked = checked
        self.blocks = [b for b in blocks if _has_visible_text(checked, b.start, b.end)]
        self.lang = lang
        # HTML comments outside code (where suppression directives may live).
        self.comments = list(comments)
        # Set by the engine for the run: settings and loaded rules (see engine.RunContext).
        self.context: Any = None
        # A human translation of the same text, when the run has one (mtcheck check --ref).
        self.reference: Document | None = None
        # The text this one translates, when the run has it (mtcheck check --source).
        self.original: Document | None = None
        # Derived analyses shared by rules (tokens, name matches...), keyed by their owner.
        self.cache: dict[Any, Any] = {}
        # For an HTML file, `text` is its visible text: this places offsets in the file.
        self.source_map: SourceMap | None = None

    @cached_property
    def language(self) -> Language:
        return language(self.lang)

    @cached_property
    def line_offsets(self) -> list[int]:
        """Where each line of the text starts."""
        return line_starts(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of an offset; end offsets are exclusive."""
        line = bisect_right(self.line_offsets, offset) - 1
        return line + 1, offset - self.line_offsets[line] + 1

    @cached_property
    def sentences(self) -> list[Sentence]:
        spans = split_spans(self.checked, map(_START_END, self.blocks), self.language)
        return list(map(tuple.__new__, repeat(Sentence), spans))  # (no Python call per sentence)

    @cached_property
    def sentence_starts(self) -> list[int]:
        """Where each sentence starts, in order (to find a sentence by bisection)."""
        return [s.start for s in self.sentences]

    @cached_property
    def lines(self) -> list[Line]:
        """The checked lines of every block, trimmed of whitespace and leading markup."""
        spans = []
        checked = self.checked
        for index, block in enumerate(self.blocks):
            pos, block_end = block.start, block.end
            while pos < block_end:
                newline = checked.find("\n", pos, block_end)
                stop = block_end if newline < 0 else newline
                start, end = pos, stop
                while start < end and (checked[start].isspace() or checked[start] == MASK):
                    start += 1
                while end > start and (checked[end - 1].isspace() or checked[end - 1] == MASK):
                    end -= 1
                if start < end:
                    spans.append((start, end, index))
                pos = stop + 1
        return list(map(tuple.__new__, repeat(Line), spans))  # (no Python call per line)

    def written_in_lowercase(self, block: Block) -> bool:
        """Text with no capital at all and no final punctuation (social posts, slugs) is
        lowercase on purpose; a lowercase sentence that ends in a full stop is not."""
        judged = self.cache.setdefault("written_in_lowercase", {})  # asked once per match: keep it linear
        if block.start not in judged:
            text = self.checked[block.start : block.end].rstrip()
            # A closing quote or bracket after the mark still ends a sentence ("...with earth.”").
            ending = text.rstrip("\"'”’»)]")
            judged[block.start] = (
                not any(c.isupper() for c in text) and not ending.endswith((".", "?", "!")) and len(text.split()) >= 4
            )
        return judged[block.start]

    def sentence_start(self, sentence: Sentence) -> int:
        """Where the first word of a sentence is, after any news dateline."""
        return dateline_end(self.checked, sentence.start, sentence.end)

    def next_text_line(self, offset: int) -> int:
        """The 1-based number of the first non-blank line after the line holding offset."""
        index = bisect_right(self.line_offsets, offset) - 1
        for following in range(index + 1, len(self.line_offsets)):
            if self.text[slice(*self._physical_line(following))].strip():
                return following + 1
        return index + 2

    @overload
    def block_matches(self, pattern: re.Pattern[str]) -> Iterator[tuple[Block, re.Match[str]]]: ...
    @overload
    def block_matches(self, pattern: regex.Pattern[str]) -> Iterator[tuple[Block, regex.Match[str]]]: ...
    def block_matches(
        self, pattern: re.Pattern[str] | regex.Pattern[str]
    ) -> Iterator[tuple[Block, re.Match[str] | regex.Match[str]]]:
        """(block, match) for each match of pattern that lies inside one block.

        One search of the whole checked text instead of one per block: the pattern must not
        be anchored (^, $), since those would match at block edges only block by block.
        """
        for match in pattern.finditer(self.checked):
            block = self.block_holding(match.start(), match.end())
            if block is not None:
                yield block, match

    def block_holding(self, start: int, end: int) -> Block | None:
        """The block that holds the span start..end whole, if one does (the checks that find
        their candidates by other means than block_matches place them with it)."""
        index = bisect_right(self._block_starts, start) - 1
        return self.blocks[index] if index >= 0 and end <= self.blocks[index].end else None

    @cached_property
    def _block_starts(self) -> list[int]:
        return [b.start for b in self.blocks]

    def line_removal_span(self, offset: int) -> tuple[int, int]:
        """What to delete to remove the line holding offset without leaving a double blank line."""
        index = bisect_right(self.line_offsets, offset) - 1
        start, end = self._physical_line(index)
        previous_blank = index == 0 or not self.text[slice(*self._physical_line(index - 1))].strip()
        if previous_blank and index + 1 < len(self.line_offsets):
            next_start, next_end = self._physical_line(index + 1)
            if not self.text[next_start:next_end].strip():
                end = next_end
        return start, end

    def _physical_line(self, index: int) -> tuple[int, int]:
        starts = self.line_offsets
        return starts[index], starts[index + 1] if index + 1 < len(starts) else len(self.text)


def build_document(input_text: InputText, lang: str, front_matter_fields: tuple[str, ...] = ()) -> Document:
    if input_text.format == "html":
        from mtcheck.text.html import html_view

        return html_document(input_text, html_view(input_text.text), lang)
    if input_text.format == "markdown":
        from mtcheck.text.markdown import markdown_blocks

        checked, blocks, comments = markdown_blocks(input_text.text, front_matter_fields)
    else:
        checked, blocks, comments = plain_text_blocks(input_text.text)
    return Document(input_text, checked, blocks, lang, comments)


def html_document(input_text: InputText, view: HtmlView, lang: str, start: int = 0, end: int | None = None) -> Document:
    """The visible text of an HTML file (view[start:end] of it: a window) as a document; its
    offsets are into that text, placed in the file by `source_map` (after adding start)."""
    end = len(view.text) if end is None else end
    blocks = [
        Block(max(b.start, start) - start, min(b.end, end) - start, b.kind) for b in view.blocks_between(start, end)
    ]
    comments = [(a - start, b - start) for a, b in view.comments if start <= a and b <= end]
    doc = Document(replace(input_text, text=view.text[start:end]), view.checked[start:end], blocks, lang, comments)
    doc.source_map = view.source_map
    return doc


def _has_visible_text(checked: str, start: int, end: int) -> bool:
    return _VISIBLE.search(checked, start, end) is not None
