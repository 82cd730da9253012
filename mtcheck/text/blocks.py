"""What plain text and Markdown have in common: blocks, line offsets, HTML comments, and the
web and e-mail addresses that are masked in both."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from mtcheck.language.pattern_cache import compile_re
from mtcheck.text.scan import lowered
from mtcheck.text.segment import MASK
from mtcheck.text.verbatim import EMAIL


class Block(NamedTuple):
    """A paragraph-level unit: paragraph, heading, list_item, quote, table_cell, front_matter."""

    start: int
    end: int
    kind: str


_NEWLINE = compile_re("\n")


def line_starts(text: str) -> list[int]:
    """Offsets where each line of text begins."""
    starts = [0]
    starts.extend(m.end() for m in _NEWLINE.finditer(text))
    return starts


COMMENT = compile_re(r"<!--.*?-->", re.DOTALL)

# Bare web addresses, e-mail addresses and domain names: never prose, never checked.
# rf, ukr and rus: the Cyrillic domains (.рф, .укр, .рус) as MT spells them out (TL102 reads the raw text).
_TOP_LEVEL_DOMAINS = "com|org|net|int|gov|edu|info|news|io|eu|uk|de|es|fr|it|pt|ru|ua|rf|ukr|rus"
# Patterns that start with a literal, searched in lowercased text: the regular expression
# engine then jumps from candidate to candidate instead of trying every position.
_SCHEMES = ("https", "http", "ftp")
_WEB_ADDRESS = compile_re(r"[^\s<>\"“”‘’«»]*[^\s<>\"“”‘’«».,;:!?)\]]")
# Of no Chinese or Japanese letter ("发邮件到Bosmadison@gmail.com" an address after a word).
_EMAIL = compile_re(EMAIL)
_DOMAIN_END = compile_re(r"\.(?:" + _TOP_LEVEL_DOMAINS + r")\b")
_PATH = compile_re(r"/[^\s]*[^\s.,;:!?)]")


def web_address_starts(text: str) -> list[tuple[int, int]]:
    """Where "http://", "https://", "ftp://" and "www." are in text, as (start, end) in order:
    the matches of `https?://|ftp://|www\\.`, found with str.find (a regex tried every
    position of every block, and most blocks hold none)."""
    found = []
    at = text.find("://")
    while at >= 0:
        for scheme in _SCHEMES:
            if at >= len(scheme) and text.startswith(scheme, at - len(scheme)):
                found.append((at - len(scheme), at + 3))
                break
        at = text.find("://", at + 3)
    at = text.find("www.")
    while at >= 0:
        found.append((at, at + 4))
        at = text.find("www.", at + 4)
    found.sort()  # (neither kind of start can overlap the other)
    return found


def url_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Web addresses, e-mail addresses and bare domains ("nato.int/news") in text[start:end].

    Each kind is searched only when a cheap substring test says it may be there: most
    articles hold no address, and a regular expression over the whole text is not free.
    """
    end = len(text) if end is None else end
    # Only the part asked about is lowercased (Markdown asks block by block), and offsets in
    # it are shifted by `start`; lowercasing keeps the length in these scripts, else as written.
    folded = lowered(text[start:end])
    if len(folded) != end - start:
        folded = text[start:end]
    spans = []
    covered = start  # an address start inside the previous address is part of it
    for first, after in web_address_starts(folded):
        first, after = start + first, start + after
        if first < covered:
            continue
        rest = _WEB_ADDRESS.match(text, after, end)
        spans.append((first, rest.end() if rest else after))
        covered = spans[-1][1]
    if text.find("@", start, end) >= 0:
        spans += [m.span() for m in _EMAIL.finditer(text, start, end)]
    for match in _DOMAIN_END.finditer(folded):
        dot, after = start + match.start(), start + match.end()
        if dot == start or not (text[dot - 1].isalnum() or text[dot - 1] in "-_"):
            continue
        if text[dot + 1].isupper():
            continue  # "said.It was": two sentences glued, not a domain in ".it"
        # From the top-level domain, back over the host name and on over any path.
        first, floor = dot, max(start, dot - 253)  # 253: longest host name
        while first > floor and (text[first - 1].isalnum() or text[first - 1] in "_.-"):
            first -= 1  # what re's [\w.-] matches, read backwards (a search would try every start)
        path = _PATH.match(text, after, end)
        spans.append((first, path.end() if path else after))
    return spans


def mask_urls(checked: list[str], text: str, start: int = 0, end: int | None = None) -> None:
    for first, last in url_mask_spans(text, start, end):
        checked[first:last] = MASK * (last - first)


def url_mask_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """The spans of url_spans in order and apart: spans can overlap (an address and the
    domain in it), and each character is masked once."""
    masked_to = start
    for first, last in sorted(url_spans(text, start, end)):
        first = max(first, masked_to)
        if first < last:
            yield first, last
            masked_to = last
