"""What plain text and Markdown have in common: blocks, line offsets, HTML comments, and the
web and e-mail addresses that are masked in both."""

from __future__ import annotations

import re
from typing import NamedTuple

from mtcheck.text.segment import MASK


class Block(NamedTuple):
    """A paragraph-level unit: paragraph, heading, list_item, quote, table_cell, front_matter."""

    start: int
    end: int
    kind: str


def line_starts(text: str) -> list[int]:
    """Offsets where each line of text begins."""
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

# Bare web addresses, e-mail addresses and domain names: never prose, never checked.
_TOP_LEVEL_DOMAINS = "com|org|net|int|gov|edu|info|news|io|eu|uk|de|es|fr|it|pt|ru|ua"
# Patterns that start with a literal, searched in lowercased text: the regular expression
# engine then jumps from candidate to candidate instead of trying every position.
_WEB_ADDRESS_START = re.compile(r"https?://|ftp://|www\.")
_WEB_ADDRESS = re.compile(r"[^\s<>\"“”‘’«»]*[^\s<>\"“”‘’«».,;:!?)\]]")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DOMAIN_END = re.compile(r"\.(?:" + _TOP_LEVEL_DOMAINS + r")\b")
_DOMAIN_CHARS = re.compile(r"[\w.-]*$")
_PATH = re.compile(r"/[^\s]*[^\s.,;:!?)]")


def url_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Web addresses, e-mail addresses and bare domains ("nato.int/news") in text[start:end].

    Each kind is searched only when a cheap substring test says it may be there: most
    articles hold no address, and a regular expression over the whole text is not free.
    """
    end = len(text) if end is None else end
    lowered = text.lower()  # same length: lowercasing never changes offsets in these scripts
    if len(lowered) != len(text):
        lowered = text
    spans = []
    for match in _WEB_ADDRESS_START.finditer(lowered, start, end):
        rest = _WEB_ADDRESS.match(text, match.end(), end)
        spans.append((match.start(), rest.end() if rest else match.end()))
    if "@" in text:
        spans += [m.span() for m in _EMAIL.finditer(text, start, end)]
    for match in _DOMAIN_END.finditer(lowered, start, end):
        if match.start() == start or not (text[match.start() - 1].isalnum() or text[match.start() - 1] in "-_"):
            continue
        if text[match.start() + 1].isupper():
            continue  # "said.It was": two sentences glued, not a domain in ".it"
        # From the top-level domain, back over the host name and on over any path.
        host = _DOMAIN_CHARS.search(text, max(start, match.start() - 253), match.start())  # 253: longest host name
        assert host is not None  # [\w.-]*$ always matches, if only the empty string
        first = host.start()
        path = _PATH.match(text, match.end(), end)
        spans.append((first, path.end() if path else match.end()))
    return spans


def mask_urls(checked: list[str], text: str, start: int = 0, end: int | None = None) -> None:
    for first, last in url_spans(text, start, end):
        checked[first:last] = MASK * (last - first)
