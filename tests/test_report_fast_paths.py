"""Shortcuts outside the rules (the quality score's word counts) give what the slow way gives."""

from __future__ import annotations

from pathlib import Path

from mtcheck.engine import quality
from tests.conftest import SHARED, needs_shared

_DATA = SHARED / "data"


def _slow_word_count(text: str, start: int = 0, end: int | None = None) -> int:
    return sum(1 for _ in quality._WORD.finditer(text, start, len(text) if end is None else end))


def _texts() -> list[str]:
    paths = sorted(_DATA.glob("wmt2*/generaltest*.ref.A.*")) + sorted(_DATA.glob("wmt2*/generaltest*.src.*"))
    return [Path(p).read_text(encoding="utf-8") for p in paths]


@needs_shared(_DATA / "wmt22-de-en")
def test_word_counts_are_the_matches_counted_one_by_one() -> None:
    texts = _texts()
    assert len(texts) >= 6
    for text in texts:
        assert quality.word_count(text) == _slow_word_count(text)
        spans, start = [], 0
        for line in text.splitlines(keepends=True):
            spans.append((start, start + len(line.rstrip("\n"))))
            start += len(line)
        # Lines, and spans cut mid-word (a span's ends bound its words as the slow way's do).
        spans += [(s + 1, e - 1) for s, e in spans if e - s > 2]
        for span in spans[:3000]:
            assert quality.word_count(text, *span) == _slow_word_count(text, *span), span
    assert quality.word_count("it's e.g. a well-known x.", 3) == _slow_word_count("it's e.g. a well-known x.", 3)
