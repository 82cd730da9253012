"""MT6xx: what MT pipelines leave behind: tokenizer markers and escaped HTML."""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Iterator

import regex

from mtcheck.checks import provides
from mtcheck.document import Document
from mtcheck.findings import Fix, Hit

_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,30}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_DOUBLE_ESCAPED = re.compile(r"&amp;(?:[a-zA-Z][a-zA-Z0-9]{1,30}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")


@provides()
def html_entities(doc: Document, rule) -> Iterator[Hit]:
    """HTML entities written out as text ("&amp;", "&quot;", "&#39;").

    In Markdown an entity is markup that renders as its character, so only a doubly
    escaped one ("&amp;quot;") is an artifact there.
    """
    if "&" not in doc.checked:
        return
    pattern = _DOUBLE_ESCAPED if doc.source.format == "markdown" else _ENTITY
    for _, match in doc.block_matches(pattern):
        entity = match.group()
        decoded = html.unescape(html.unescape(entity) if pattern is _DOUBLE_ESCAPED else entity)
        if decoded != entity:
            yield Hit(match.start(), match.end(), Fix(match.start(), match.end(), decoded, rule.fix_safe))


def tokenizer_markers(doc: Document, rule) -> Iterator[Hit]:
    """Markers of a tokenizer that the detokenizer forgot: "state @-@ owned", "`` quote ''"."""
    markers: dict[str, str] = rule.options.get("markers", {})
    if not any(marker in doc.checked for marker in markers):
        return
    alternatives = "|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True))
    # Spaces around a joining marker ("@-@") go with it; around quotes and brackets they stay.
    pattern = re.compile(rf"(?P<lead>[ \t]?)(?P<marker>{alternatives})(?P<trail>[ \t]?)")
    for _, match in doc.block_matches(pattern):
        marker = match.group("marker")
        replacement = markers[marker]
        joining = marker.startswith("@") and marker.endswith("@")
        start, end = (match.start(), match.end()) if joining else match.span("marker")
        yield Hit(match.start("marker"), match.end("marker"), Fix(start, end, replacement, rule.fix_safe))


# Controls, zero-width characters (a joiner inside an emoji sequence excepted), soft
# hyphens, byte order marks inside the text and bidirectional controls.
_INVISIBLE = regex.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200c\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069\u200e\u200f]"
    r"|(?<!\p{Extended_Pictographic})\u200d|\u200d(?!\p{Extended_Pictographic})"
)


@provides("code", "name")
def invisible_characters(doc: Document, rule) -> Iterator[Hit]:
    for _, match in doc.block_matches(_INVISIBLE):
        char = match.group()
        name = unicodedata.name(char, "CONTROL CHARACTER")
        data = {"code": f"U+{ord(char):04X}", "name": name}
        yield Hit(match.start(), match.end(), Fix(match.start(), match.end(), "", rule.fix_safe), data)
