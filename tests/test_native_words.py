"""The C loops of the native build (mtcheck/text/native_words.c) give what the Python they stand
in for gives. The suite runs the Python (tests/pure_source.py); this module compiles the C file
alone (scripts/build_native.py --c-only, a second with a C compiler) and holds each function to
its Python reference on real text and on generated text full of the cases the C must tell apart."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtcheck.checks.untranslated import probe
from mtcheck.text import words
from tests.conftest import REPO, SEED, WMT, c_module_library, needs_shared


@pytest.fixture(scope="module")
def native(c_modules: Path) -> ModuleType:
    library = c_module_library(c_modules, "mtcheck/text/native_words")
    spec = importlib.util.spec_from_file_location("native_words", library)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _real_texts() -> list[str]:
    paths = [SEED, *sorted((REPO / "corpora").rglob("*.txt"))]
    paths += [WMT / name for name in ("generaltest2022.de-en.ref.A.en", "generaltest2022.de-en.src.de")]
    return [path.read_text(encoding="utf-8") for path in paths if path.exists()]


def _agrees(native: ModuleType, text: str, initial_every: int = 3) -> None:
    split = native.latin_split(words._LATIN1_WORD_BYTES, words._BEYOND_LATIN1_SHARE, text)
    assert split == words._latin_split(text)
    if split is None:
        return
    starts, ends, texts, _ = split
    initial = [index % initial_every == 0 for index in range(len(texts))]
    built = native.built(words.Word, starts, ends, texts, initial)
    assert built == words._built(starts, ends, texts, initial)
    assert all(type(word) is words.Word for word in built)
    assert native.probe(built) == probe(built)


@needs_shared(WMT)
def test_the_c_loops_agree_on_real_text(native: ModuleType) -> None:
    texts = _real_texts()
    assert len(texts) > 10
    for text in texts:
        _agrees(native, text)
    # each reads the German source too: "ß", umlauts, and capitalised nouns that are not initial
    assert sum(len(native.latin_split(words._LATIN1_WORD_BYTES, 8, t)[2]) for t in texts) > 10_000


# What the C tells apart: Latin-1 letters and digits from the rest of Latin-1 ("?", "²", "×"),
# Latin Extended-A and B (word characters) from IPA (U+0250, not), General Punctuation and
# U+E000 from other characters beyond Latin, capitals whose lowercase is longer ("İ") or that
# are no ASCII ("Ä"), combining marks, and scripts beyond Latin.
_TRICKY = "aZz09 ?²×ªºÿÀÄßĀİŉɏɐ\u0300\u2010\u2019\u206f\u2070\ue000\ue001ΩжЖ中'\".!-\n\t"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_TRICKY, max_size=60))
def test_the_c_loops_agree_on_generated_text(native: ModuleType, text: str) -> None:
    _agrees(native, text, initial_every=2)


def test_a_text_with_many_marks_is_left_to_the_python(native: ModuleType) -> None:
    """Past one character in eight beyond Latin-1 (or "?"), _latin_split answers None."""
    assert native.latin_split(words._LATIN1_WORD_BYTES, 8, "Что? " * 3) is None
    assert native.latin_split(words._LATIN1_WORD_BYTES, 8, "What? Why not " * 3) is not None


def test_wrong_arguments_raise_instead_of_crashing(native: ModuleType) -> None:
    with pytest.raises(TypeError):
        native.latin_split(b"short", 8, "text")
    with pytest.raises(ValueError):
        native.latin_split(words._LATIN1_WORD_BYTES, 0, "text")
    with pytest.raises(TypeError):
        native.built(dict, [0], [1], ["a"], [False])
    with pytest.raises(ValueError):
        native.built(words.Word, [0], [1], [""], [False])
    with pytest.raises(ValueError):
        native.built(words.Word, [], [1], ["a"], [False])
    with pytest.raises(TypeError):
        native.probe([("not", "a", "word")])
    with pytest.raises(TypeError):
        native.doubled_ascii("not bytes")
    with pytest.raises(TypeError):
        native.repeats_in_a_row(["a", 1, "a", "a"], 8)
    with pytest.raises(TypeError):
        native.repeats_in_a_row(("a", "a", "a", "a"), 8)


def _doubled_agrees(native: ModuleType, text: str) -> int:
    from mtcheck.checks.typography import _DOUBLED_ASCII_BYTES
    from mtcheck.text.habits import ascii_word_bytes

    padded = b" " + ascii_word_bytes(text) + b" "
    expected = [pair.span() for pair in _DOUBLED_ASCII_BYTES.finditer(padded)]
    assert native.doubled_ascii(padded) == expected, text[:80]
    return len(expected)


@needs_shared(WMT)
def test_the_doubled_word_scan_agrees_on_real_text(native: ModuleType) -> None:
    texts = _real_texts()
    texts += ["the the", "the  the end", "that that that", "a a a a", "is is7 is", "x_ x_", "So so", "ab abc ab"]
    assert sum(_doubled_agrees(native, text) for text in texts) > 10


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "ab", " ", "  ", "\n", "7", "_", "é", "A"]), max_size=30).map("".join))
def test_the_doubled_word_scan_agrees_on_generated_text(native: ModuleType, text: str) -> None:
    _doubled_agrees(native, text)


def _repeats_in_a_row(lowered: list[str], max_n: int) -> bool:
    """What native_words.repeats_in_a_row answers, in Python: for some n up to max_n, as many
    words in a row equal to the word n on as a loop of n words needs (3, 4, then n)."""
    for n in range(1, max_n + 1):
        needed, run = 3 if n == 1 else 4 if n == 2 else n, 0
        for word, later in zip(lowered, lowered[n:]):
            run = run + 1 if word == later else 0
            if run >= needed:
                return True
    return False


def _in_a_row_agrees(native: ModuleType, lowered: list[str], max_n: int = 8) -> bool:
    from mtcheck.checks.degeneration import _repeats_a_word_pair

    found = native.repeats_in_a_row(lowered, max_n)
    assert found == _repeats_in_a_row(lowered, max_n), lowered[:20]
    # Both prefilters ask what every loop has: a block the C lets through the sets let through too.
    assert not found or _repeats_a_word_pair(lowered), lowered[:20]
    return found


def test_the_loop_prefilter_agrees_on_real_text(native: ModuleType) -> None:
    found = 0
    for text in _real_texts():
        for paragraph in text.split("\n"):
            found += _in_a_row_agrees(native, paragraph.lower().split())
    loops = ["no no no no", "the talks the talks the talks", "a b c d a b c d", "x y x y x y", "one one one"]
    assert [_in_a_row_agrees(native, loop.split()) for loop in loops] == [True, True, True, True, False]
    # equal words that are different objects, as the words of a text are
    assert _in_a_row_agrees(native, ["".join(["w", "ord"]) for _ in range(5)])
    assert found > 0


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "é", "ab"]), max_size=24), st.integers(min_value=0, max_value=9))
def test_the_loop_prefilter_agrees_on_generated_words(native: ModuleType, lowered: list[str], max_n: int) -> None:
    _in_a_row_agrees(native, lowered, max_n)


def _words_of(native: ModuleType, text: str) -> list[words.Word]:
    split = native.latin_split(words._LATIN1_WORD_BYTES, words._BEYOND_LATIN1_SHARE, text)
    if split is None:
        return []
    starts, ends, texts, _ = split
    return native.built(words.Word, starts, ends, texts, [index % 5 == 0 for index in range(len(texts))])


def _column_loops_agree(native: ModuleType, text: str) -> int:
    """capitalised_runs, sums_of and indexes_in against their Python, line by line; the runs found."""
    from mtcheck.checks.transliterated import _indexes_in
    from mtcheck.checks.untranslated import _sums_of

    found = 0
    lines = [_words_of(native, line) for line in text.split("\n")]
    for line, line_words in zip(text.split("\n"), lines, strict=True):
        runs = native.capitalised_runs(line, line_words)
        assert runs == words._capitalised_runs(line, line_words), line[:80]
        found += len(runs)
    lists = [probe(line_words) for line_words in lines]
    # weights of every size: small, negative, and past a C long long (Python's addition then)
    weights = {token: (len(token) - 3) * (1 << (len(token) * 7)) for tokens in lists for token in tokens}
    assert native.sums_of(weights, lists) == _sums_of(weights, lists)
    texts = [word.text for line_words in lines for word in line_words]
    keys = {text: "" for text in texts[::7]}
    for kind in (dict, set, frozenset):
        assert native.indexes_in(kind(keys), texts) == _indexes_in(keys, texts)
    return found


@needs_shared(WMT)
def test_the_column_loops_agree_on_real_text(native: ModuleType) -> None:
    assert sum(_column_loops_agree(native, text) for text in _real_texts()) > 1000


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_TRICKY + "AB  ", max_size=60))
def test_the_column_loops_agree_on_generated_text(native: ModuleType, text: str) -> None:
    _column_loops_agree(native, text)


def test_the_column_loops_raise_as_their_python(native: ModuleType) -> None:
    with pytest.raises(KeyError):
        native.sums_of({"a": 1}, [["a", "b"]])
    assert native.sums_of({"a": 1, "b": 2.5}, [["a", "b"], []]) == [3.5, 0]
    with pytest.raises(TypeError):
        native.sums_of({"a": 1}, [("a",)])
    with pytest.raises(TypeError):
        native.indexes_in(["a"], ["a"])
    with pytest.raises(TypeError):
        native.capitalised_runs("Ab Cd", [("Ab",)])
    word = words.Word(0, 2, "Ab", True, True, "ab")
    assert native.capitalised_runs("Ab Ab", [word, word._replace(start=3, end=5)]) == [(0, 1)]
    assert native.capitalised_runs("Ab  Ab", [word, word._replace(start=4, end=6)]) == [(0, 0), (1, 1)]


def test_the_sentence_columns_agree(native: ModuleType) -> None:
    from mtcheck.checks.casing import _sentence_columns

    for text in [*_real_texts(), "", "One. Two three"]:
        sentences = [_words_of(native, line) for line in text.split("\n")]
        for field in range(len(words.Word._fields)):
            assert native.fields_of(sentences, field) == _sentence_columns(sentences, field)
    with pytest.raises(IndexError):
        native.fields_of([[("a",)]], 1)
    with pytest.raises(TypeError):
        native.fields_of([["a"]], 0)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40) | st.text(alphabet=_TRICKY + "\ud800\U0001f600", max_size=40))
def test_outside_ascii_agrees(native: ModuleType, text: str) -> None:
    from mtcheck.text.scan import outside_ascii

    assert native.outside_ascii(text) == outside_ascii(text)


def test_outside_ascii_agrees_on_real_text(native: ModuleType) -> None:
    from mtcheck.text.scan import outside_ascii

    texts = _real_texts()
    assert all(native.outside_ascii(text) == outside_ascii(text) for text in texts)
    assert sum(map(len, map(native.outside_ascii, texts))) > 1000


def test_lowered_is_str_lower_for_every_character(native: ModuleType) -> None:
    """The one pass of C lowers each character by its simple mapping: the same as str.lower()
    for every code point (after a character beyond ASCII, so that none takes a shortcut), and
    for the two it hands to str.lower() in their contexts (a final sigma, a dotted İ)."""
    different = [c for c in range(0x110000) if native.lowered("é" + chr(c)) != ("é" + chr(c)).lower()]
    assert different == []
    for text in ["ΟΔΥΣΣΕΥΣ ΚΑΙ Σ", "İSTANBUL é", "Ǆemal Ǆ", "ÀÉÎ ǅ ẞ", "", "plain", "ASCII, With Capitals"]:
        assert native.lowered(text) == text.lower()
    assert all(native.lowered(text) == text.lower() for text in _real_texts())


def _bundled_needles() -> list[tuple[str, ...]]:
    """The `requires` of every bundled pattern rule, as the rule looks for them."""
    from mtcheck.engine.kinds import PatternRule
    from mtcheck.engine.packs import load_rules

    rules = load_rules("en").rules
    return [rule.needles for rule in rules if isinstance(rule, PatternRule) and rule.needles]


def _spans_of(text: str) -> list[list[tuple[int, int]]]:
    """Blocks (the lines of the text) and sentence-sized pieces of them, as a check's scopes are."""
    lines, at = [], 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((at, at + len(line)))
        at += len(line) + 1
    pieces = [(start + 1, end - 1) for start, end in lines if end - start > 2]
    return [lines, pieces]


@needs_shared(WMT)
def test_spans_holding_agrees_on_real_text(native: ModuleType) -> None:
    """One pass of C gives the spans the searches of kinds.spans_holding give, for the needles
    of every bundled pattern rule in the real texts (the Python: the suite runs no native build)."""
    from mtcheck.engine.kinds import spans_holding
    from mtcheck.text.scan import case_folded

    needles = _bundled_needles()
    assert len(needles) > 10
    held = 0
    for text in _real_texts():
        for folded in (text, case_folded(text)):
            for spans in _spans_of(folded):
                for group in needles:
                    live = tuple(n for n in group if all(c in folded for c in n))
                    expected = spans_holding(folded, spans, group)
                    assert native.spans_holding(folded, spans, live) == expected
                    held += len(expected)
    assert held > 1000


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet="ab .,-\n\u2019\u0161\u012e\u3000Ж\U0001f600", max_size=80),
    st.lists(
        st.text(alphabet="ab .,-\u2019\u0161\u012e\u3000Ж\U0001f600", min_size=1, max_size=3), min_size=1, max_size=6
    ),
    st.integers(min_value=1, max_value=9),
)
def test_spans_holding_agrees_on_generated_text(native: ModuleType, text: str, needles: list[str], cut: int) -> None:
    """Needles that overlap or share a first pair, of one character or more, at a span's edges,
    with characters whose low byte is another's ("\u0161" and "a", "\u012e" and "."): the bitmap
    only narrows, the comparison decides."""
    from mtcheck.engine.kinds import spans_holding

    spans = [(start, min(start + cut, len(text))) for start in range(0, len(text), cut + 1)]
    assert native.spans_holding(text, spans, tuple(needles)) == spans_holding(text, spans, needles)


def test_spans_holding_refuses_what_it_cannot_read(native: ModuleType) -> None:
    assert native.spans_holding("a b", [(0, 1), (2, 3)], ("b",)) == [(2, 3)]
    assert native.spans_holding("", [], ("b",)) == []
    with pytest.raises(ValueError):
        native.spans_holding("a b", [(0, 3)], ("",))
    with pytest.raises(ValueError):
        native.spans_holding("a b", [(0, 3)], tuple("x" * 65))
    with pytest.raises(TypeError):
        native.spans_holding("a b", [(0,)], ("a",))
    with pytest.raises(TypeError):
        native.spans_holding("a b", [(0, 3)], ["a"])


def _python_positions(starts, text: str) -> list[int]:
    """MatchStarts.positions as the Python finds them (tests run without the native build)."""
    from mtcheck.engine import match_starts

    assert match_starts.native_words is None
    return starts.positions(text)


@needs_shared(WMT)
def test_match_starts_agrees_on_real_text(native: ModuleType) -> None:
    """Every bundled entry of match_starts, on texts long and with digits all ASCII."""
    from mtcheck.engine.match_starts import _DIGIT, MATCH_STARTS
    from mtcheck.text.scan import ascii_digits_only

    texts = [text for text in _real_texts() if ascii_digits_only(text, _DIGIT)]
    assert len(texts) > 10
    found = 0
    for text in texts:
        for starts in MATCH_STARTS.values():
            expected = _python_positions(starts, text)
            assert (
                native.match_starts(text, starts.strings, starts.marks, starts.never_after, starts.digit_runs)
                == expected
            )
            found += len(expected)
    assert found > 2000


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet="ab 09.,!?\n\u00a0\u2019\u3000\u012e\u0131\U0001f600", max_size=80),
    st.lists(st.text(alphabet="ab .\u00a0\u3000\U0001f600", min_size=1, max_size=3), max_size=3),
    st.text(alphabet=".,!?\u012e", max_size=3),
    st.text(alphabet=" \n.", max_size=2),
    st.booleans(),
)
def test_match_starts_agrees_on_generated_text(
    native: ModuleType, text: str, strings: list[str], marks: str, never_after: str, digit_runs: bool
) -> None:
    """Strings that overlap, marks last or doubled, digits at the start, and characters whose low
    byte is a mark's ("\u012e" and ".") or a digit's ("\u0131" and "1"): the table only narrows."""
    from mtcheck.engine.match_starts import MatchStarts

    starts = MatchStarts(tuple(strings), marks, never_after, digit_runs)
    got = native.match_starts(text, starts.strings, marks, never_after, digit_runs)
    assert got == _python_positions(starts, text)


def test_match_starts_refuses_what_it_cannot_read(native: ModuleType) -> None:
    assert native.match_starts("a1 b22.c", ("b",), ".", " ", True) == [1, 3, 4, 6]
    with pytest.raises(ValueError):
        native.match_starts("a b", ("",), "", "", False)
    with pytest.raises(TypeError):
        native.match_starts("a b", ["a"], "", "", False)
    with pytest.raises(ValueError):
        native.match_starts("a b", ("a",) * 65, "", "", False)
