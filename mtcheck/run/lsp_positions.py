"""Positions in an editor's document as the Language Server Protocol counts them.

mtcheck reports code-point offsets into the text it checked, which has no BOM and '\\n'
newlines. An editor's document keeps its BOM and its '\\r\\n' or '\\r' newlines, and LSP
counts a column in UTF-16 code units unless the client and server agreed on UTF-8 or UTF-32
(LSP 3.17 position encodings). Lines break at '\\n', '\\r\\n' and '\\r' in both, and nowhere
else: U+2028 and form feeds are inside a line for LSP, whatever str.splitlines thinks.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from mtcheck.language.pattern_cache import compile_re

ENCODINGS = ("utf-8", "utf-16", "utf-32")
_LINE_BREAK = compile_re(r"\r\n|\r|\n")


def code_units(text: str, encoding: str) -> int:
    """How many code units of the position encoding the text takes."""
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class DocumentPositions:
    """Maps offsets into a document's text to LSP (line, character) positions.

    `raw` is the document as the editor holds it. Offsets are either into the text mtcheck
    checked (`checked_offsets`) or into `raw` itself (`raw_offsets`).
    """

    def __init__(self, raw: str, encoding: str = "utf-16"):
        if encoding not in ENCODINGS:
            raise ValueError(f"unknown position encoding {encoding!r}")
        self.raw = raw
        self.encoding = encoding
        self.bom = 1 if raw.startswith("\ufeff") else 0
        self.raw_starts = [0]  # where each line starts in raw
        self.checked_starts = [0]  # and in the checked text (no BOM, one character per line break)
        crlf = 0  # each '\r\n' is two characters in raw and one in the checked text
        for match in _LINE_BREAK.finditer(raw):
            crlf += match.end() - match.start() - 1
            self.raw_starts.append(match.end())
            self.checked_starts.append(match.end() - self.bom - crlf)

    def checked_to_raw(self, offset: int) -> int:
        """The raw offset of an offset into the checked text."""
        line = bisect_right(self.checked_starts, offset) - 1
        return self._line_start(line) + offset - self.checked_starts[line]

    def _line_start(self, line: int) -> int:
        return self.bom if line == 0 else self.raw_starts[line]

    def checked_offsets(self, offsets: Iterable[int]) -> dict[int, tuple[int, int]]:
        """Each offset into the checked text as (line, character), both 0-based."""
        return self._positions({offset: self.checked_to_raw(offset) for offset in offsets})

    def raw_offsets(self, offsets: Iterable[int]) -> dict[int, tuple[int, int]]:
        """Each offset into raw as (line, character), both 0-based."""
        return self._positions({offset: offset for offset in offsets})

    def end(self) -> tuple[int, int]:
        """The position after the last character."""
        return self.raw_offsets([len(self.raw)])[len(self.raw)]

    def _positions(self, raw_of: dict[int, int]) -> dict[int, tuple[int, int]]:
        # In raw order, counting code units from the previous position on the same line, so
        # that many findings on one very long line cost one pass over it, not one each.
        found: dict[int, tuple[int, int]] = {}
        line, at, units = -1, 0, 0
        for offset, raw_offset in sorted(raw_of.items(), key=lambda item: item[1]):
            line_here = bisect_right(self.raw_starts, raw_offset) - 1
            if line_here != line:
                line, at, units = line_here, self.raw_starts[line_here], 0
            units += code_units(self.raw[at:raw_offset], self.encoding)
            at = raw_offset
            found[offset] = (line, units)
        return found
