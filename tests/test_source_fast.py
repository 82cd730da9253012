"""Shortcuts of the SR1xx rules held to the slow way on real text."""

from __future__ import annotations

import pytest

from mtcheck.checks import source_comparison as source
from mtcheck.text.verbatim import verbatim_items
from tests.conftest import SHARED, needs_shared

DATA = SHARED / "data"
EDGES = [
    "https://example.com/a?b=1 at the start, and info@example.org.",
    "链接https://t.cn/abc，或给我发邮件到Bosmadison@gmail.com，@user13様 ＠A＿ListMGMT #Product1#FW21",
    "#Robecofirm#geologist\t@kpotionus\u3000instagram@kpotionus\u00a0#rum (see www.example.com/x/)",
    "a:b @ # ＠ :// http://x.y @@ab ##tag #1tag e-mail: -a.b+c@d-e.f.g, #на Азовсталь",
]


@pytest.mark.parametrize("text", EDGES)
def test_verbatim_items_read_in_runs_are_the_items_of_the_whole_text(text):
    assert source._verbatim_items(text) == verbatim_items(text)


@needs_shared(DATA)
def test_verbatim_items_read_in_runs_on_the_wmt_sources_and_translations():
    files = sorted(DATA.glob("wmt2*/*.src.*")) + sorted(DATA.glob("wmt2*/*.hyp.*"))
    assert len(files) >= 12
    kinds: set[str] = set()
    for path in files:
        text = path.read_text(encoding="utf-8")
        items = verbatim_items(text)
        assert source._verbatim_items(text) == items, path.name
        kinds.update(kind for kind, _, _, _ in items)
    assert kinds == {"url", "email", "handle", "hashtag"}  # items of every kind were there to find


@needs_shared(DATA)
def test_emphasis_collapsed_in_one_substitution_is_each_word_collapsed():
    """SR107's words with a letter repeated for emphasis collapsed ("waaaaahoooo": wahoo), in
    one substitution over the words joined, are those of one substitution a word."""
    from mtcheck.language.names import fold

    text = (DATA / "wmt22-de-en" / "generaltest2022.de-en.hyp.LT22.en").read_text(encoding="utf-8")
    words = {fold(w) for w in text.split()} | {"waaaaahoooo", "zzz", "aaa", "x", "", "a\nbbb\nccc"}
    slow = {source._EMPHASIS.sub(r"\1", w) for w in words}
    assert source._emphasis_collapsed(words) == slow and len(slow) > 5000
    assert source._emphasis_collapsed(["aaa"]) == {"a"} and source._emphasis_collapsed([]) == set()
    assert "waho" in slow and "a\nb\nc" in slow
