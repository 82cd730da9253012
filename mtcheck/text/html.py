"""HTML articles: the text a reader sees, checked as a document of its own and mapped back.

The file is cut into tokens (text, tags, comments) after the WHATWG tokenizer, each with its
exact span: no parser measured gives exact positions and linear time together (lxml gives
line numbers only, html5lib and selectolax no positions, and the standard library's
html.parser, exact through getpos(), takes quadratic time on tags and comments left open:
57 s for 120 KB of "<a b='" on Python 3.11.7). Text outside scripts, styles, code and the
like becomes the *view*: entities decoded, whitespace collapsed as a browser does, one line
per block element (`p`, `h1`-`h6`, `li`, `td`, `title`...), inline elements (`a`, `em`,
`b`...) leaving no trace, so that `<b>Kyiv</b>'s` reads as "Kyiv's". `SourceMap` records
where each character of the view came from, so that findings are reported at their exact
line and column in the file, and a fix is applied to the file only when it stays inside
one run of text.
"""

from __future__ import annotations

import html
import itertools
import re
import sys
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from mtcheck.language.pattern_cache import compile_pattern, compile_re
from mtcheck.text.blocks import Block, mask_urls
from mtcheck.text.segment import MASK

# The kind of block an element makes (the innermost one wins, as in Markdown lists and quotes).
_BLOCK_KINDS = {
    "title": "heading",
    **{f"h{level}": "heading" for level in range(1, 7)},
    "li": "list_item",
    "dt": "list_item",
    "dd": "list_item",
    "blockquote": "quote",
    "td": "table_cell",
    "th": "table_cell",
}
# Elements that start and end a block of text (a paragraph unless a kind above applies).
_BLOCK_ELEMENTS = frozenset(_BLOCK_KINDS) | {
    "p", "div", "figcaption", "caption", "html", "head", "body", "article", "section", "main", "header",
    "footer", "nav", "aside", "figure", "table", "thead", "tbody", "tfoot", "tr", "ul", "ol", "dl", "form",
    "fieldset", "legend", "address", "details", "summary", "hr", "center", "hgroup", "menu", "option",
}  # fmt: skip
# Content never checked: invisible, a block of its own, or an inline stand-in (MASK) for code.
_INVISIBLE = frozenset({"script", "style", "template"})
_SKIPPED_BLOCKS = frozenset(
    {"pre", "xmp", "textarea", "select", "iframe", "object", "noscript", "noembed", "noframes", "video", "audio"}
)
_SKIPPED_INLINE = frozenset({"code", "kbd", "samp", "svg", "math"})
_SKIPPED = _INVISIBLE | _SKIPPED_BLOCKS | _SKIPPED_INLINE
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_OPEN_LIMIT = 64  # how far back an end tag looks for its element: malformed HTML stays linear

# Within a text node: a character reference, or whitespace that is not a single space.
_TEXT_SPECIAL = compile_re(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)|[ \t\n\r\f]{2,}|[\t\n\r\f]")
_HTML_SPACE = " \t\n\r\f"

# Kinds of view segments.
_LITERAL = 0  # copied character for character
_DECODED = 1  # an entity or a whitespace run, read as a whole: no edit starts or ends inside it
_INSERTED = 2  # a line break between blocks, or MASK for code: no source text at all


class SourceMap:
    """For each segment of the view: where it starts in the view, its source span and kind."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.view_starts = array("q")
        self.source_starts = array("q")
        self.source_ends = array("q")
        self.kinds = array("b")
        self.editable = array("b")  # 0 in a run of text with a "<" written as is (see _ArticleReader)
        self.hidden_spaces = array("q")  # where whitespace a browser collapses was left out, in order
        self.view_length = 0

    def add(self, length: int, source_start: int, source_end: int, kind: int, editable: bool = True) -> None:
        self.view_starts.append(self.view_length)
        self.source_starts.append(source_start)
        self.source_ends.append(source_end)
        self.kinds.append(kind)
        self.editable.append(editable)
        self.view_length += length

    def drop_last(self, length: int) -> None:
        """Forget the last `length` characters of the view (a trailing space)."""
        self.view_length -= length
        last = len(self.view_starts) - 1
        if self.view_starts[last] == self.view_length:
            for column in (self.view_starts, self.source_starts, self.source_ends, self.kinds, self.editable):
                column.pop()
        else:  # part of a literal run
            self.source_ends[last] -= length

    def _segment(self, offset: int) -> int:
        return bisect_right(self.view_starts, offset) - 1

    def _view_end(self, index: int) -> int:
        return self.view_starts[index + 1] if index + 1 < len(self.view_starts) else self.view_length

    def start(self, offset: int) -> int:
        """The file offset where the view character at offset starts (the whole entity's start)."""
        if offset >= self.view_length:
            return self.source_ends[-1] if self.kinds else 0
        index = self._segment(offset)
        if self.kinds[index] == _LITERAL:
            return self.source_starts[index] + offset - self.view_starts[index]
        return self.source_starts[index]

    def end(self, offset: int) -> int:
        """The file offset where a view span ending (exclusively) at offset ends."""
        if offset <= 0:
            return self.source_starts[0] if self.kinds else 0
        index = self._segment(offset - 1)
        if self.kinds[index] == _LITERAL:
            return self.source_starts[index] + offset - self.view_starts[index]
        return self.source_ends[index]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The file span a finding on view[start:end] covers (an empty span stays empty)."""
        first = self.start(start)
        return (first, first) if end <= start else (first, max(first, self.end(end)))

    def edit_span(self, start: int, end: int, deleting: bool) -> tuple[int, int] | None:
        """The file span to edit for view[start:end], or None when the edit would cross markup
        or cut into an entity. A deletion sheds the block breaks at its edges (removing a
        line removes its text; the element stays, empty)."""
        if start == end:
            point = self._insertion_point(start)
            return None if point is None or self._makes_an_entity(point) else (point, point)
        first, last = self._segment(start), self._segment(end - 1)
        if deleting:
            while first <= last and self.kinds[first] == _INSERTED:
                first += 1
                start = self.view_starts[first] if first <= last else end
            while last >= first and self.kinds[last] == _INSERTED:
                last -= 1
                end = self._view_end(last)
            if first > last:
                return None
        for index in range(first, last + 1):
            if self.kinds[index] == _INSERTED:
                return None
            if index > first and self.source_starts[index] != self.source_ends[index - 1]:
                return None  # markup between two runs of text
        if self.kinds[first] == _DECODED and start != self.view_starts[first]:
            return None
        if self.kinds[last] == _DECODED and end != self._view_end(last):
            return None
        if any(not self.editable[index] for index in range(first, last + 1)) or self._makes_an_entity(
            self.start(start)
        ):
            return None
        if self._reveals_a_space(end):
            return None
        return self.start(start), self.end(end)

    def _reveals_a_space(self, end: int) -> bool:
        """Would editing a space at view[end - 1] let whitespace left out after it show?"""
        source_end = self.end(end)
        if not self.source[source_end - 1 : source_end].isspace():
            return False
        following = self.start(end) if end < self.view_length else len(self.source)
        index = bisect_right(self.hidden_spaces, source_end - 1)
        return index < len(self.hidden_spaces) and self.hidden_spaces[index] < following

    def _makes_an_entity(self, start: int) -> bool:
        """Could text put at source[start] make an entity of a "&" written as is before it ("AT&T")?"""
        before = start
        while before > max(0, start - 33) and (self.source[before - 1].isalnum() or self.source[before - 1] == "#"):
            before -= 1
        return before > 0 and self.source[before - 1] == "&"

    def _insertion_point(self, offset: int) -> int | None:
        after = self._segment(offset) if offset < self.view_length else -1
        before = self._segment(offset - 1) if offset > 0 else -1
        if after >= 0 and after == before:  # inside one segment
            return self.start(offset) if self.kinds[after] == _LITERAL and self.editable[after] else None
        text_after = after >= 0 and self.kinds[after] != _INSERTED and self.editable[after]
        text_before = before >= 0 and self.kinds[before] != _INSERTED and self.editable[before]
        if text_after:
            return self.source_starts[after]
        if text_before:
            return self.source_ends[before]
        return None


def escape_text(text: str) -> str:
    """Text as it must be written in an HTML text node."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


@dataclass
class HtmlView:
    """The checkable text of an HTML file: `text`, what rules see of it (`checked`), its
    blocks, and the map back to the file."""

    text: str
    checked: str
    blocks: list[Block]
    source_map: SourceMap
    comments: list[tuple[int, int]]  # mtcheck directives (<!-- mtcheck: ... -->), kept in the text for the checker

    def blocks_between(self, start: int, end: int) -> list[Block]:
        """The blocks that overlap text[start:end] (a window of a long page)."""
        found = []
        for block in itertools.islice(self.blocks, bisect_right(self._block_ends, start), None):
            if block.start >= end:
                break
            found.append(block)
        return found

    @cached_property
    def _block_ends(self) -> list[int]:
        return [b.end for b in self.blocks]


def html_view(source: str) -> HtmlView:
    """The visible text of an HTML file, its blocks and its map back to the file (never fails: HTML has no syntax errors)."""
    reader = _ArticleReader(source)
    for kind, start, end, name in html_tokens(source):
        if kind == "text":
            reader.text(start, end)
        elif kind == "start":
            reader.start_tag(name, start)
        elif kind == "end":
            reader.end_tag(name, start)
        elif kind == "comment":
            reader.comment(start, end)
    reader.end_block(len(source))
    text = "".join(reader.view)
    checked = list(text)
    mask_urls(checked, text)
    for start, end, alone in reader.directives:
        # Never checked: blank when alone between blocks, markup inside one (as in plain text).
        checked[start:end] = [c if c == "\n" else " " if alone else MASK for c in text[start:end]]
    comments = [(start, end) for start, end, _ in reader.directives]
    return HtmlView(text, "".join(checked), reader.blocks, reader.map, comments)


# The tokens of HTML, after the WHATWG tokenizer: every one either ends where the standard ends
# it or runs to the end of the file, so each is scanned once and reading stays linear.
# A quote opens a quoted value only after "=" (<img alt=Kyiv's> ends at its ">").
START_TAG = r"<([A-Za-z][^\s/>]*+)(?:[^>\"'=]++|=\s*+(?:\"[^\"]*+\"|'[^']*+')?+|[\"'])*+>"
END_TAG = r"</([A-Za-z][^\s/>]*+)[^>]*+>"
if sys.version_info >= (3, 11):
    _START_TAG = compile_re(START_TAG)
    _END_TAG = compile_re(END_TAG)
else:  # `re` reads possessive quantifiers (what keeps the scan linear) from 3.11 on; `regex` on any
    _START_TAG = compile_pattern(START_TAG)
    _END_TAG = compile_pattern(END_TAG)
_COMMENT_END = compile_re(r"--!?>")
_DIRECTIVE = compile_re(r"<!--\s*mtcheck\b", re.IGNORECASE)
# Elements whose content is text up to their end tag, whatever it holds ("<p>" in a script).
_TEXT_ONLY = ("script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript")
_TEXT_ONLY_END = {name: compile_re(rf"</{name}(?=[\s/>])", re.IGNORECASE) for name in _TEXT_ONLY}


def html_tokens(source: str) -> Iterator[tuple[str, int, int, str]]:
    """(kind, start, end, tag name) of each token: "text", "start", "end", "comment" or "other"
    (a doctype, a processing instruction, a tag left open at the end of the file)."""
    length = len(source)
    position = text_start = 0
    while True:
        opening = source.find("<", position)
        if opening < 0:
            break
        following = source[opening + 1 : opening + 2]
        name = ""
        if _ascii_letter(following):
            match = _START_TAG.match(source, opening)
            kind, end = ("start", match.end()) if match else ("other", length)
            name = match.group(1).lower() if match else ""
        elif following == "/" and _ascii_letter(source[opening + 2 : opening + 3]):
            match = _END_TAG.match(source, opening)
            kind, end = ("end", match.end()) if match else ("other", length)
            name = match.group(1).lower() if match else ""
        elif source.startswith("<!--", opening):
            kind, end = "comment", _comment_end(source, opening)
        elif following in ("!", "?", "/"):  # a doctype, or a bogus comment up to the next ">"
            close = source.find(">", opening + 2)
            kind, end = "other", close + 1 if close >= 0 else length
        else:
            position = opening + 1  # "a < b": a "<" that opens nothing is text
            continue
        if opening > text_start:
            yield "text", text_start, opening, ""
        yield kind, opening, end, name
        position = text_start = end
        if kind == "start" and name in _TEXT_ONLY_END:
            closing = _TEXT_ONLY_END[name].search(source, end)
            position = text_start = closing.start() if closing else length
            if position > end:
                yield "text", end, position, ""
    if length > text_start:
        yield "text", text_start, length, ""


def _ascii_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()  # a tag name starts with one; "<é" and "< " are text


def _comment_end(source: str, start: int) -> int:
    for empty in ("<!-->", "<!--->"):
        if source.startswith(empty, start):
            return start + len(empty)
    match = _COMMENT_END.search(source, start + 4)
    return match.end() if match else len(source)


class _ArticleReader:
    """Builds the view, its blocks and its source map from the tokens of an HTML file."""

    def __init__(self, source: str):
        self.source = source
        self.view: list[str] = []
        self.map = SourceMap(source)
        self.blocks: list[Block] = []
        self.block_start: int | None = None  # view offset of the open block's first character
        self.kinds: list[tuple[str, str]] = []  # open elements that give a block its kind: (tag, kind)
        self.skipped: list[str] = []  # open elements whose content is not checked
        self.after_space = True  # the last character of the view is whitespace (or nothing yet)
        self.run_editable = True
        self.directives: list[tuple[int, int, bool]] = []  # view spans of directive comments, alone on their line

    def comment(self, start: int, end: int) -> None:
        """A suppression directive is kept in the view (never edited), where the checker finds it."""
        if self.skipped or not _DIRECTIVE.match(self.source, start, end):
            return
        alone = self.block_start is None
        view_start = self.map.view_length
        self.view.append(self.source[start:end])
        self.map.add(end - start, start, end, _LITERAL, editable=False)
        self.directives.append((view_start, self.map.view_length, alone))
        if alone:
            self.view.append("\n")
            self.map.add(1, end, end, _INSERTED)
        else:
            self.after_space = False

    def start_tag(self, tag: str, offset: int) -> None:
        if self.skipped:
            if tag in _SKIPPED and tag not in _VOID:
                self.skipped.append(tag)
            return
        if tag in _SKIPPED:
            self._open_skipped(tag, offset)
        elif tag == "br":
            self._line_break(offset)
        elif tag in _BLOCK_ELEMENTS:
            self.end_block(offset)
            if tag in _BLOCK_KINDS:
                if self.kinds and self.kinds[-1][0] == tag and tag in ("li", "td", "th", "dt", "dd"):
                    self.kinds.pop()  # "<li>a<li>b": the second item closes the first
                self.kinds.append((tag, _BLOCK_KINDS[tag]))

    def end_tag(self, tag: str, offset: int) -> None:
        if self.skipped:
            if tag in self.skipped[-_OPEN_LIMIT:]:
                while self.skipped.pop() != tag:
                    pass
                if not self.skipped and tag in _SKIPPED_BLOCKS:
                    self.end_block(offset)
            return
        if tag in _BLOCK_ELEMENTS:
            self.end_block(offset)
            for depth in range(len(self.kinds) - 1, max(-1, len(self.kinds) - 1 - _OPEN_LIMIT), -1):
                if self.kinds[depth][0] == tag:
                    del self.kinds[depth:]
                    break

    # Building the view.
    def _open_skipped(self, tag: str, offset: int) -> None:
        if tag in _SKIPPED_BLOCKS:
            self.end_block(offset)
        elif tag in _SKIPPED_INLINE and self.block_start is not None:
            self._add(MASK, offset, offset, _INSERTED)
        if tag not in _VOID:
            self.skipped.append(tag)

    def text(self, start: int, offset: int) -> None:
        if self.skipped:
            return
        # A "<" written as is in a run of text (where no tag can start, "a < b") could start
        # one after an edit: such a run is checked but never edited.
        self.run_editable = "<" not in self.source[start:offset]
        position = start
        for match in _TEXT_SPECIAL.finditer(self.source, start, offset):
            if match.start() > position:
                self._add_literal(position, match.start())
            raw = match.group()
            if raw[0] == "&":
                decoded = html.unescape(raw)
                if decoded == raw:
                    self._add_literal(match.start(), match.end())
                elif decoded:  # "&#1;" decodes to nothing at all
                    self._add(decoded, match.start(), match.end(), _DECODED)
            elif not self.after_space:
                self._add(" ", match.start(), match.end(), _DECODED)
            else:
                self.map.hidden_spaces.append(match.start())
            position = match.end()
        if offset > position:
            self._add_literal(position, offset)

    def _add_literal(self, start: int, end: int) -> None:
        if self.after_space and self.source[start] == " ":
            self.map.hidden_spaces.append(start)
            start += 1  # a space after a space, or at a block's start, is not seen
        if start < end:
            self._add(self.source[start:end], start, end, _LITERAL)

    def _add(self, text: str, source_start: int, source_end: int, kind: int) -> None:
        if self.block_start is None:
            if kind != _INSERTED and not text.strip(_HTML_SPACE):
                return
            self.block_start = self.map.view_length
        self.view.append(text)
        self.map.add(len(text), source_start, source_end, kind, kind == _INSERTED or self.run_editable)
        self.after_space = text[-1] in _HTML_SPACE

    def _line_break(self, offset: int) -> None:
        if self.block_start is not None:
            self._trim_end()
            self._add("\n", offset, offset, _INSERTED)

    def _trim_end(self, inserted_too: bool = False) -> None:
        """Drop the spaces (and, at a block's end, the line breaks and code stand-ins) that end the view."""
        while self.view and self.map.view_length > (self.block_start or 0):
            last = self.view[-1]
            if last[-1] == " ":
                self.view[-1] = last[:-1]
            elif inserted_too and self.map.kinds[-1] == _INSERTED:
                self.view[-1] = ""
            else:
                break
            self.map.drop_last(1)
            if not self.view[-1]:
                self.view.pop()

    def end_block(self, offset: int) -> None:
        """Close the open block (if it has text) and start a new line of the view."""
        if self.block_start is None:
            return
        self._trim_end(inserted_too=True)
        if self.map.view_length > self.block_start:
            kind = self.kinds[-1][1] if self.kinds else "paragraph"
            self.blocks.append(Block(self.block_start, self.map.view_length, kind))
            self.view.append("\n")
            self.map.add(1, offset, offset, _INSERTED)
        self.block_start = None
        self.after_space = True
