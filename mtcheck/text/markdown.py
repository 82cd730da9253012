"""Markdown documents: which characters are prose, and how they group into blocks.

markdown-it-py gives the block structure (with source line ranges); each block's inline
content is then located in its source lines, and inline markup, code spans, links and
HTML inside it are masked here, in source order, so that positions stay exact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mtcheck.language.pattern_cache import compile_re
from mtcheck.text.blocks import COMMENT, Block, line_starts, url_spans
from mtcheck.text.segment import MASK

_FRONT_MATTER = compile_re(
    r"\A(?:(---)[ \t]*\n.*?\n(?:---|\.\.\.)|(\+\+\+)[ \t]*\n.*?\n\+\+\+)[ \t]*(?:\n|\Z)", re.DOTALL
)
_FIELD = compile_re(r"^(?P<key>[\w-]+)[ \t]*[:=][ \t]*(?P<value>.*?)[ \t]*$", re.MULTILINE)
_BLOCK_KINDS = {
    "heading_open": "heading",
    "th_open": "table_cell",
    "td_open": "table_cell",
    "list_item_open": "list_item",
    "blockquote_open": "quote",
}

_INLINE_MARKUP = compile_re(
    r"<!--.*?-->"  # HTML comment
    r"|<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>"  # autolink
    r"|<[\w.+-]+@[\w-]+(?:\.[\w-]+)+>"  # e-mail autolink
    r"|</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>"  # inline HTML tag
    r"|\]\((?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"  # link tail
    r"|\\(?=[!-/:-@\[-`{-~\n])",  # backslash escape or hard break
    re.DOTALL,
)
_EMPHASIS = compile_re(
    r"(?<![\\\w*~])(?P<d>\*{1,3}|(?<!\w)_{1,3}|~~)(?=[^\s*_~])(?:(?!(?P=d)).)+?(?<=[^\s\\])(?P=d)(?![\w*~])",
    re.DOTALL,
)


def markdown_blocks(
    text: str, front_matter_fields: Iterable[str] = ()
) -> tuple[str, list[Block], list[tuple[int, int]]]:
    """(checked text, blocks, HTML comment spans outside code) for a Markdown document."""
    from markdown_it import MarkdownIt

    checked = [c if c == "\n" else " " for c in text]
    blocks: list[Block] = []
    body = text
    front = _FRONT_MATTER.match(text)
    if front:
        blocks.extend(_front_matter_blocks(text, front.end(), set(front_matter_fields), checked))
        # markdown-it sees blank lines where the front matter was, so line numbers hold.
        body = "\n" * text.count("\n", 0, front.end()) + text[front.end() :]

    env: dict = {}
    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(body, env)
    references = {label for label in env.get("references", {})}
    starts = line_starts(text)
    comments: list[tuple[int, int]] = []
    cell_cursors: dict[int, int] = {}
    stack: list[str] = []
    for token in tokens:
        if token.nesting == 1:
            stack.append(token.type)
        elif token.nesting == -1:
            stack.pop()
        elif token.type == "html_block" and token.map:
            start, end = starts[token.map[0]], _line_end(text, starts, token.map[1] - 1)
            comments.extend(m.span() for m in COMMENT.finditer(text, start, end))
        elif token.type == "inline" and token.map:
            in_cell = bool(stack) and stack[-1] in ("th_open", "td_open")
            pieces = _locate(text, starts, token.map, token.content, in_cell, cell_cursors)
            if not pieces:
                continue
            for start, end in pieces:
                checked[start:end] = text[start:end]
            start, end = pieces[0][0], pieces[-1][1]
            comments.extend(_mask_inline(text, checked, start, end, references))
            blocks.append(Block(start, end, _kind(stack)))
    return "".join(checked), blocks, comments


def _kind(stack: list[str]) -> str:
    for token_type in reversed(stack):
        if token_type in _BLOCK_KINDS:
            return _BLOCK_KINDS[token_type]
    return "paragraph"


def _line_end(text: str, starts: list[int], line: int) -> int:
    return starts[line + 1] - 1 if line + 1 < len(starts) else len(text)


def _locate(
    text: str, starts: list[int], line_map: list[int], content: str, in_cell: bool, cursors: dict[int, int]
) -> list[tuple[int, int]]:
    """Source spans of each line of an inline token's content (container prefixes excluded)."""
    pieces = []
    first_line = line_map[0]
    for offset, content_line in enumerate(content.split("\n")):
        wanted = content_line.strip()
        line = first_line + offset
        if not wanted or line >= len(starts):
            continue
        start, end = starts[line], _line_end(text, starts, line)
        source_line = text[start:end].rstrip()
        if in_cell:
            # Cells of one row share a line: find each after the previous one.
            found = source_line.find(wanted, cursors.get(start, 0))
            if found >= 0:
                cursors[start] = found + len(wanted)
        elif source_line.endswith(wanted):
            found = len(source_line) - len(wanted)
        else:
            found = source_line.find(wanted)
        if found >= 0:
            pieces.append((start + found, start + found + len(wanted)))
    return pieces


def _mask_inline(text: str, checked: list[str], start: int, end: int, references: set[str]) -> list[tuple[int, int]]:
    """Mask code spans, HTML, link syntax, emphasis and URLs in text[start:end]; return comment spans."""
    comments = []
    for span_start, span_end in _code_spans(text, start, end):
        _mask(checked, span_start, span_end)
    for match in _INLINE_MARKUP.finditer(text, start, end):
        if _is_masked(checked, match.start()):
            continue
        if match.group().startswith("<!--"):
            comments.append(match.span())
        _mask(checked, *match.span())
        if match.group().startswith("]("):
            _mask_opening_bracket(text, checked, start, match.start())
    _mask_reference_links(text, checked, start, end, references)
    for match in _EMPHASIS.finditer(text, start, end):
        delimiter = len(match.group("d"))
        _mask(checked, match.start(), match.start() + delimiter)
        _mask(checked, match.end() - delimiter, match.end())
    for first, last in url_spans(text, start, end):
        if not _is_masked(checked, first):
            _mask(checked, first, last)
    return comments


def _code_spans(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """CommonMark code spans: a run of n backticks closed by the next run of exactly n."""
    runs = list(re.finditer(r"(?<!\\)`+", text[start:end]))
    used: set[int] = set()
    for i, opener in enumerate(runs):
        if i in used:
            continue
        for j in range(i + 1, len(runs)):
            if j not in used and len(runs[j].group()) == len(opener.group()):
                used.update(range(i, j + 1))
                yield start + opener.start(), start + runs[j].end()
                break


def _mask_opening_bracket(text: str, checked: list[str], floor: int, closing: int) -> None:
    depth = 0
    for pos in range(closing - 1, floor - 1, -1):
        char = text[pos]
        if char == "]":
            depth += 1
        elif char == "[":
            if depth == 0:
                _mask(checked, pos, pos + 1)
                if pos > floor and text[pos - 1] == "!":
                    _mask(checked, pos - 1, pos)
                return
            depth -= 1


_REFERENCE_LINK = compile_re(r"!?\[(?P<text>[^\[\]]+)\](?:\[(?P<label>[^\[\]]*)\])?")


def _mask_reference_links(text: str, checked: list[str], start: int, end: int, references: set[str]) -> None:
    for match in _REFERENCE_LINK.finditer(text, start, end):
        if _is_masked(checked, match.end() - 1):
            continue
        label = match.group("label") or match.group("text")
        if _normalize_label(label) not in references:
            continue
        text_start, text_end = match.span("text")
        _mask(checked, match.start(), text_start)
        _mask(checked, text_end, match.end())


def _normalize_label(label: str) -> str:
    # markdown-it-py stores reference labels case-folded with whitespace collapsed.
    return " ".join(label.split()).upper()


def _front_matter_blocks(text: str, end: int, fields: set[str], checked: list[str]) -> list[Block]:
    """Opted-in front matter fields (title, description...) become blocks of their own."""
    blocks = []
    for match in _FIELD.finditer(text, 0, end):
        if match.group("key") not in fields:
            continue
        value_start, value_end = match.span("value")
        value = text[value_start:value_end]
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value_start, value_end = value_start + 1, value_end - 1
        if value_start < value_end:
            checked[value_start:value_end] = text[value_start:value_end]
            blocks.append(Block(value_start, value_end, "front_matter"))
    return blocks


def _mask(checked: list[str], start: int, end: int) -> None:
    for pos in range(start, end):
        if checked[pos] != "\n":
            checked[pos] = MASK


def _is_masked(checked: list[str], pos: int) -> bool:
    return checked[pos] == MASK
