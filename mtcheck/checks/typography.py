"""MT5xx: quotation marks and brackets that do not pair up or do not belong in English."""

from __future__ import annotations

import re
from typing import Iterator

from mtcheck.checks import provides
from mtcheck.document import Block, Document
from mtcheck.findings import Fix, Hit

_PAIRS = {"(": ")", "[": "]", "“": "”"}  # « » belong to MT507 (source-language quotes)
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}
_EMOTICON_EYES = re.compile(r"[:;=8][-']?$")  # ":)", ";-(", "=]"
_ENUMERATOR = re.compile(r"\s*(?:[a-zA-Z]{1,3}|\d{1,3})$")  # "4)", "b)", "iv)" at the start of a line
_PROSE = ("paragraph", "quote", "list_item", "heading", "table_cell", "front_matter")
_OPENING_CONTEXT = re.compile(r"(?:^|[\s(\[{“‘—–-])$")


_MARKS = re.compile(r'[()\[\]“”"]')


def _symbols(doc: Document, block: Block) -> Iterator[tuple[int, str]]:
    text = doc.checked
    for match in _MARKS.finditer(text, block.start, block.end):
        pos, char = match.start(), match.group()
        if char in "()[]" and _EMOTICON_EYES.search(text, max(block.start, pos - 2), pos):
            continue
        yield pos, char


def _straight_quotes(doc: Document, block: Block) -> list[int]:
    return [pos for pos, char in _symbols(doc, block) if char == '"' and not _inch_mark(doc.checked, pos)]


def _inch_mark(text: str, pos: int) -> bool:
    """'a 12" screen': after a digit and before a word. A quotation can end after a number
    ("as in May 2023".), so a mark followed by punctuation or the end is a quote."""
    return text[pos - 1 : pos].isdigit() and text[pos + 1 : pos + 2] not in (".", ",", ";", ":", "!", "?", "", "\n", ")")


@provides("mark", "problem")
def unbalanced_marks(doc: Document, rule) -> Iterator[Hit]:
    """Brackets and double quotes that do not pair up within a paragraph.

    A quotation that runs over several paragraphs opens each of them and closes only at
    the end ("“...¶“...”"), as news style wants: an unclosed “ is fine when the next
    paragraph opens with one. Straight quotes cannot say whether they open or close, so
    an odd number of them is fine when a neighbouring paragraph has an odd number too
    (text split into one sentence per line splits quotations the same way).
    """
    blocks = [b for b in doc.blocks if b.kind in _PROSE]
    odd = [len(_straight_quotes(doc, b)) % 2 == 1 for b in blocks]
    for index, block in enumerate(blocks):
        stack: list[tuple[int, str]] = []
        for pos, char in _symbols(doc, block):
            if char == '"':
                continue
            if char in _PAIRS:
                stack.append((pos, char))
            elif stack and stack[-1][1] == _CLOSERS[char]:
                stack.pop()
            elif char == ")" and _enumerator(doc, block, pos):
                continue  # "4) Would you do it again?"
            else:
                yield Hit(pos, pos + 1, data={"mark": char, "problem": "closes nothing opened before it in the paragraph"})
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        for pos, char in stack:
            if char == "“" and following is not None and doc.checked[following.start : following.start + 1] == "“":
                continue
            yield Hit(pos, pos + 1, data={"mark": char, "problem": f"is never closed with {_PAIRS[char]} in the paragraph"})
        neighbours_odd = (index > 0 and odd[index - 1]) or (index + 1 < len(odd) and odd[index + 1])
        if odd[index] and not neighbours_odd:
            pos = _straight_quotes(doc, block)[-1]
            yield Hit(pos, pos + 1, data={"mark": '"', "problem": "has no partner: the paragraph has an odd number of them"})


def _enumerator(doc: Document, block: Block, pos: int) -> bool:
    line_start = max(block.start, doc.checked.rfind("\n", 0, pos) + 1)
    return bool(_ENUMERATOR.fullmatch(doc.checked, line_start, pos))


@provides("style", "other")
def mixed_quote_styles(doc: Document, rule) -> Iterator[Hit]:
    """Straight "…" beside curly “…” double quotes in one article: the less used style is flagged."""
    straight, curly = [], 0
    for block in doc.blocks:
        for pos, char in _symbols(doc, block):
            if char == '"' and not _inch_mark(doc.checked, pos):
                straight.append(pos)
            elif char in "“”":
                curly += 1
    if not straight or not curly:
        return
    if len(straight) > curly:
        # Mostly straight: flag each curly mark, suggesting the straight one.
        for block in doc.blocks:
            for pos, char in _symbols(doc, block):
                if char in "“”":
                    yield Hit(pos, pos + 1, Fix(pos, pos + 1, '"', rule.fix_safe), {"style": "curly", "other": "straight"})
        return
    for pos in straight:
        before = doc.checked[max(0, pos - 1) : pos]
        replacement = "“" if _OPENING_CONTEXT.search(before) else "”"
        yield Hit(pos, pos + 1, Fix(pos, pos + 1, replacement, rule.fix_safe), {"style": "straight", "other": "curly"})


_FOREIGN_OPENERS = {"«": "»", "„": "“”", "‹": "›", "‚": "‘’"}
_FOREIGN_CLOSERS = {"»": "”", "›": "’"}
_INNER_SPACE = " \u00a0\u202f"
_FOREIGN_MARKS = re.compile("[«»„‹›‚]")


@provides("mark")
def source_language_quotes(doc: Document, rule) -> Iterator[Hit]:
    """« », „ “ and ‹ › left from French, Spanish, German or Russian sources.

    Each quotation becomes “…” (or ‘…’ for single marks), without the spaces French puts
    inside the guillemets; a closing mark without its opener becomes ” (or ’).
    """
    text = doc.checked
    if not _FOREIGN_MARKS.search(text):
        return
    for block in doc.blocks:
        pos = block.start
        while pos < block.end:
            char = text[pos]
            closers = _FOREIGN_OPENERS.get(char)
            if closers is None:
                if char in _FOREIGN_CLOSERS:
                    start = pos
                    while start > block.start and text[start - 1] in _INNER_SPACE:
                        start -= 1
                    yield Hit(pos, pos + 1, Fix(start, pos + 1, _FOREIGN_CLOSERS[char], rule.fix_safe), {"mark": char})
                pos += 1
                continue
            single = char in "‹‚"
            opening, closing = ("‘", "’") if single else ("“", "”")
            inner_start = pos + 1
            while inner_start < block.end and text[inner_start] in _INNER_SPACE:
                inner_start += 1
            yield Hit(pos, pos + 1, Fix(pos, inner_start, opening, rule.fix_safe), {"mark": char})
            close = min((i for i in (text.find(c, inner_start, block.end) for c in closers) if i >= 0), default=-1)
            if close < 0:
                pos = inner_start
                continue
            inner_end = close
            while inner_end > inner_start and text[inner_end - 1] in _INNER_SPACE:
                inner_end -= 1
            if text[close] != closing:  # German „…“ closes with “, English with ”
                yield Hit(close, close + 1, Fix(inner_end, close + 1, closing, rule.fix_safe), {"mark": text[close]})
            pos = close + 1
