"""A pattern tried only where its matches can start (engine/match_starts.py) finds what a search
of the whole text finds."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import regex

from mtcheck.engine import budget, kinds
from mtcheck.engine import match_starts as match_starts_module
from mtcheck.engine.match_starts import MATCH_STARTS, MatchStarts, match_starts
from mtcheck.engine.packs import ALL_SOURCES
from mtcheck.run.session import ruleset_for
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText, read_input
from mtcheck.text.scan import digit_run_starts, few_char_positions, matches_at
from tests.conftest import SHARED, WMT, needs_shared

DATA = SHARED / "data"
WMT_A = WMT / "generaltest2022.de-en.ref.A.en"


def _listed_patterns() -> dict[str, regex.Pattern[str]]:
    """The bundled patterns with an entry, by code."""
    rules = ruleset_for("en", (), ALL_SOURCES).rules
    return {r.code: r.pattern for r in rules if isinstance(r, kinds.PatternRule) and match_starts(r.pattern)}


def _texts() -> list[Path]:
    """A reference and an MT output of each WMT pair into English, and a source."""
    found = []
    for pair in sorted(DATA.glob("wmt2*-*-en")):
        found += sorted(pair.glob("*.ref.*.en"))[:1] + sorted(pair.glob("*.hyp.*.en"))[:1]
    return found + sorted(DATA.glob("wmt22-de-en/*.src.de"))


def _same_as_a_search(pattern: regex.Pattern[str], text: str) -> int:
    """Asserts the shortcut's matches are finditer's, and that every place a match can start
    (every match regex finds overlapping) is among the entry's positions; their number."""
    starts = match_starts(pattern)
    assert starts is not None
    slow = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in matches_at(pattern, text, starts.positions(text))] == slow
    positions = set(starts.positions(text))
    assert all(m.start() in positions for m in pattern.finditer(text, overlapped=True))
    return len(slow)


def test_every_entry_is_a_bundled_pattern() -> None:
    # An entry whose pattern was edited would no longer be used: the test names it.
    assert sorted(p.pattern for p in _listed_patterns().values()) == sorted(MATCH_STARTS)
    assert {"MT202", "MT502", "MT503", "MT604", "MT803", "MT807"} <= set(_listed_patterns())


def test_a_flag_that_changes_a_pattern_drops_its_entry() -> None:
    assert match_starts_module._PLAIN_FLAGS == regex.UNICODE | regex.VERSION0 | regex.VERSION1
    text = next(iter(MATCH_STARTS))
    assert match_starts(regex.compile(text)) is not None
    assert match_starts(regex.compile(text, regex.IGNORECASE)) is None
    assert match_starts(regex.compile(text, regex.REVERSE)) is None


@needs_shared(DATA)
def test_listed_patterns_find_in_real_text_what_a_search_finds() -> None:
    patterns = _listed_patterns()
    found = 0
    for path in _texts():
        text = read_input(str(path)).text
        for pattern in patterns.values():
            found += _same_as_a_search(pattern, text)
    assert found > 20


@pytest.mark.parametrize("seed", range(3))
def test_listed_patterns_find_in_random_text_what_a_search_finds(seed: int) -> None:
    generator = random.Random(seed)
    pieces = [" ", "  ", "\u00a0", "\n", ".", "!", "?", ",", ";", ":", "”", '"', ")", "]", "»", "…"]
    pieces += ["a", "ab", "word", "ab.", "ab,", "ab.The", "Word", "The", "Éa", "x.", "U.S.", "1", "3.5"]
    pieces += ["14h30", "12.00 h", "at 9.30 hrs", "7:15h", "100€", "€", "$", "2,5 £", "a1", "٣", "５"]
    pieces += ["<unk>", "<", "</b>", "<br x>", "{{ a.b }}", "{0}", "{", "%s", "%1$d", "%", "[PERSON]", "[ORG_2]", "["]
    for code, pattern in _listed_patterns().items():
        found = 0
        for _ in range(300):
            text = "".join(generator.choices(pieces, k=generator.randrange(1, 40)))
            found += _same_as_a_search(pattern, text)
        assert found > 10, code


def test_an_empty_match_is_followed_as_finditer_follows_it() -> None:
    pattern = regex.compile(r"\.A|(?=\.)")
    starts = MatchStarts(strings=(".",))
    for text in ("x.A..A.b.", ".", "..A", "A.A.A"):
        slow = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in matches_at(pattern, text, starts.positions(text))] == slow


def test_positions_of_marks_skip_those_followed_by_what_never_follows() -> None:
    starts = MatchStarts(strings=("  ",), marks=".,", never_after=" \n")
    text = "a. b.c,d,\n e   f."
    assert starts.positions(text) == [4, 6, 12, 13]
    # A mark followed by another is followed by something; the last is followed by nothing.
    assert MatchStarts(marks="{", never_after=" ").positions("{{ {{") == [0, 3]
    assert MatchStarts(marks="{").positions("{{ {{") == [0, 1, 3]
    assert MatchStarts(marks="{", never_after="{").positions("{{ {{") == [1]


@pytest.mark.parametrize("digit", [re.compile(r"\d"), regex.compile(r"\d")])
def test_digit_run_starts_are_where_a_search_for_digits_finds_a_run_start(digit: re.Pattern[str]) -> None:
    short = ["", "1", "a12 b3 4", "٣٤ and 5", "x5٣6", "１２ ３", "\ud800 7", "“9” – 10"]
    texts = short + [text + " “a” " * 300 + text for text in short]  # long ones too (past SHORT_TEXT)
    if WMT_A.exists():
        texts.append(WMT_A.read_text(encoding="utf-8"))
    for text in texts:
        digits = [m.start() for m in digit.finditer(text)]
        slow = [at for at, before in zip(digits, [-2, *digits]) if before != at - 1]
        assert digit_run_starts(text, digit) == slow, text[:20]


@needs_shared(WMT_A)
def test_listed_rules_report_under_a_cpu_budget_what_they_report_with_a_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Under a CPU budget (no timeout per search) a listed rule is tried at its starts only;
    # with a timeout, by finditer: the same hits.
    rules = [
        r
        for r in ruleset_for("en", (), ALL_SOURCES).rules
        if isinstance(r, kinds.PatternRule) and match_starts(r.pattern)
    ]
    added = "\n\nShe went home.Then she saw red,green and blue at 14h30, for 100€.  Fine, [PERSON] %s.\n"
    doc = build_document(InputText("a.txt", WMT_A.read_text(encoding="utf-8") + added, "text"), "en")
    timed = {r.code: list(r.hits(doc)) for r in rules}
    monkeypatch.setattr(budget._state, "active", True, raising=False)
    assert budget.pattern_timeout(0) is None
    assert {r.code: list(r.hits(doc)) for r in rules} == timed
    assert all(timed.values())


def test_few_char_positions_gives_up_past_its_limit() -> None:
    text = "Yes. No! Maybe? Yes."
    assert few_char_positions(text, ".!?", 4) == [3, 7, 14, 19]
    assert few_char_positions(text, ".!?", 3) is None  # four places: the caller searches as before
