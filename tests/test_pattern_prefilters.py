"""What lets a pattern rule skip a document, or most of it, without running its pattern
(`requires`, and how its strings are looked for) gives what running the pattern everywhere gives."""

from __future__ import annotations

import dataclasses
import random
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from mtcheck.engine import kinds
from mtcheck.engine.packs import ALL_SOURCES, RuleSet
from mtcheck.engine.selftest import run_rule
from mtcheck.run.session import ruleset_for
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText, read_input
from mtcheck.text.scan import case_folded, finder, holds_any
from tests.conftest import SHARED, needs_shared

DATA = SHARED / "data"


def _pattern_rules(lang: str = "en") -> list[kinds.PatternRule]:
    return [r for r in ruleset_for(lang, (), ALL_SOURCES).rules if isinstance(r, kinds.PatternRule)]


def _wmt_texts() -> list[Path]:
    """A reference and an MT output of each WMT pair into English, and a source."""
    found = []
    for pair in sorted(DATA.glob("wmt2*-*-en")):
        found += sorted(pair.glob("*.ref.*.en"))[:1] + sorted(pair.glob("*.hyp.*.en"))[:1]
    return found + sorted(DATA.glob("wmt22-de-en/*.src.de"))


@needs_shared(DATA)
def test_holds_any_is_a_search_for_each_needle_in_real_text() -> None:
    needles = sorted({n for lang in ("en", "de") for r in _pattern_rules(lang) for n in r.requires or ()})
    needles += [" ’", "’s", ". ", "“", "” ", "(1", "%)"]  # needles whose rare character is common here
    for path in _wmt_texts():
        text = path.read_text(encoding="utf-8")
        for needle in needles:
            assert holds_any(text, [needle]) == (needle in text), (path.name, needle)


def test_holds_any_finds_a_needle_behind_many_of_its_rare_character() -> None:
    many = "(x " * 5000  # more "(" than are stepped through before the needle is searched for
    for text, needles in [
        (many + "( ", ["( "]),
        (many + " (", ["( "]),
        (many + "(", [" )", "( ", "(("]),
        (" )" + many, [" )"]),  # the needle at the very start, its rare character second
        (")" + many, [" )"]),
        ("", ["( ", "x"]),
        ("a\tb", ["\t", "b"]),
        ("price € 5", ["€ ", "$ "]),
        ("no marks here", ["( ", " ]", "\t", "s h"]),
        ("ab", []),
    ]:
        assert holds_any(text, needles) == any(n in text for n in needles), (text[-20:], needles)


def test_holds_any_agrees_with_a_search_on_random_text() -> None:
    generator = random.Random(13)
    alphabet = "( )[]{}（）\t\u00a0a’.€$%"
    needles = ["()", "( ", "(\t", "(\u00a0", "[ ", " )", " ]", "（）", "€ ", "$\u00a0", " %", "a’", "’a", "a"]
    for _ in range(5000):
        text = "".join(generator.choices(alphabet, k=generator.randrange(12)))
        for needle in needles:
            assert holds_any(text, [needle]) == (needle in text), (text, needle)


def _without_requires(rule: kinds.PatternRule, doc) -> list:
    """The rule's hits with its pattern run over every scope, on the path the rule takes."""
    slow = dataclasses.replace(rule, requires=None, requires_in_scope=False)
    scoped = rule.scope == "document" or rule.anchored or rule.requires_in_scope
    return list(slow._hits_scope_by_scope(doc) if scoped else slow._hits_in_one_pass(doc))


@needs_shared(DATA)
def test_required_strings_skip_only_text_the_pattern_finds_nothing_in() -> None:
    rules = [r for r in _pattern_rules() if r.requires]
    assert {"MT401", "MT503", "MT906", "MT907"} <= {r.code for r in rules}
    for path in _wmt_texts()[:-1:4]:  # three texts: a pattern run over all of one takes up to a tenth of a second
        doc = build_document(read_input(str(path)), "en")
        for rule in rules:
            assert list(rule.hits(doc)) == _without_requires(rule, doc), (rule.code, path.name)


@pytest.mark.parametrize("seed", range(4))
def test_empty_brackets_are_found_with_their_required_strings_as_without(seed: int) -> None:
    rule = next(r for r in _pattern_rules() if r.code == "MT401")
    generator = random.Random(seed)
    pieces = ["(", ")", "[", "]", "{", "}", "（", "）", " ", "  ", "\t", "\u00a0", "a", "word", ":", "\n", "\n\n"]
    found = 0
    for _ in range(400):
        text = "".join(generator.choices(pieces, k=generator.randrange(1, 40))) + "\n"
        doc = build_document(InputText("brackets.txt", text, "text"), "en")
        hits = list(rule.hits(doc))
        assert hits == _without_requires(rule, doc), text
        found += len(hits)
    assert found > 50


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for paragraph in text.split("\n"):
        spans.append((start, start + len(paragraph)))
        start += len(paragraph) + 1
    return spans


def test_finder_finds_what_find_finds_from_every_start() -> None:
    generator = random.Random(7)
    for _ in range(3000):
        text = "".join(generator.choices("( )[]\t\u00a0a’.-|x\n", k=generator.randrange(30)))
        for needle in ("( ", " )", "()", " -", "a’", "’a", "x", "\t", ".\n", "(((", "a"):
            find = finder(text, needle)
            for start in range(len(text) + 2):  # successive searches, as spans_holding makes them
                assert find(start) == text.find(needle, start), (text, needle, start)


def test_finder_in_long_text_finds_what_find_finds_whether_its_character_is_common_or_rare() -> None:
    # Over 8,192 characters the finder looks at its rare character's count in the first
    # sixteenth: a common one ("," here) has the needle searched for, a rare one ("(") stepped to.
    generator = random.Random(9)
    for common in (True, False):
        pieces = ["word ", "word, ", " ,", "( ", "(x", "\n"] if common else ["word ", " ,", "(x", "( ", "\n"]
        weights = [20, 20, 1, 1, 1, 2] if common else [60, 1, 1, 1, 3]
        text = "".join(generator.choices(pieces, weights, k=4000))
        assert len(text) > 16_000
        for needle in (" ,", "( ", "(x", " (", ", "):
            find, start = finder(text, needle), 0
            while start <= len(text) + 1:
                assert find(start) == text.find(needle, start), (common, needle, start)
                start += generator.randrange(1, 40)


def test_spans_holding_a_needle_are_those_whose_text_holds_one_past_many_of_its_rare_character() -> None:
    generator = random.Random(8)
    for _ in range(100):
        pieces = ["( x", "(x", " -", "-", "a", " ", "\n", "a’", "’"]
        text = "".join(generator.choices(pieces, k=3000)) + "( " * generator.randrange(2)
        spans = [span for span in _paragraph_spans(text) if generator.random() < 0.8]
        for needles in (["( "], [" -"], ["x("], ["( ", " -"], [" ’", "\t"], ["a"]):
            naive = [(a, b) for a, b in spans if any(n in text[a:b] for n in needles)]
            assert kinds.spans_holding(text, spans, needles) == naive, needles
            assert kinds.spans_holding(text, spans, needles, [a for a, _ in spans]) == naive, needles


@needs_shared(DATA)
def test_spans_holding_the_required_strings_of_every_rule_in_real_text() -> None:
    needles = {r.code: r.requires for lang in ("en", "de") for r in _pattern_rules(lang) if r.requires}
    for path in _wmt_texts()[::3]:
        text = path.read_text(encoding="utf-8")
        spans = _paragraph_spans(text)
        for code, required in needles.items():
            naive = [(a, b) for a, b in spans if any(n in text[a:b] for n in required)]
            assert kinds.spans_holding(text, spans, required) == naive, (code, path.name)


def _rules_with_required_strings() -> list[tuple[kinds.PatternRule, RuleSet]]:
    """Every bundled pattern rule with `requires`, of every language, with its language's rules."""
    found: dict[str, tuple[kinds.PatternRule, RuleSet]] = {}
    for folder in sorted(Path(kinds.__file__).parent.parent.parent.joinpath("rules").iterdir()):
        if folder.is_dir() and folder.name != "common":
            ruleset = ruleset_for(folder.name, (), ALL_SOURCES)
            for rule in ruleset.rules:
                if isinstance(rule, kinds.PatternRule) and rule.requires:
                    found.setdefault(rule.code, (rule, ruleset))
    return list(found.values())


# Every character `regex` takes for white space (\s): none lies past U+3000.
_WHITE_SPACE = [chr(c) for c in range(0x3001) if regex.match(r"\s", chr(c))]
# Categories whose characters a text writes for one another: currency symbols, dashes, brackets, quotes.
_STANDING_IN = ("Sc", "Pd", "Ps", "Pe", "Pi", "Pf")


@cache
def _cased() -> str:
    return "".join(c for c in map(chr, range(0x20000)) if c.lower() != c or c.upper() != c or c.casefold() != c)


@cache
def _of_category(category: str) -> list[str]:
    return [c for c in map(chr, range(0x20000)) if unicodedata.category(c) == category]


@cache
def _stand_ins(char: str, ignoring_case: bool) -> list[str]:
    """What a pattern may match in place of this character of a required string, as a text may
    write it: any white space for white space, the letter in any case `regex` matches it with
    (when the pattern ignores case), any other character of a symbol's, dash's, bracket's or
    quote's category."""
    if char in _WHITE_SPACE:
        return [c for c in _WHITE_SPACE if c != char]
    if char.isalpha():
        return [c for c in regex.findall("(?i)" + regex.escape(char), _cased()) if c != char] if ignoring_case else []
    category = unicodedata.category(char)
    return [c for c in _of_category(category) if c != char] if category in _STANDING_IN else []


def _required_places(rule: kinds.PatternRule, text: str) -> list[tuple[int, int]]:
    """Where the example holds one of the rule's required strings, as the rule looks for them."""
    looked_in = case_folded(text) if rule.folds_case else text
    places = []
    for needle in rule.needles:
        at = looked_in.find(needle)
        while at >= 0:
            places.append((at, at + len(needle)))
            at = looked_in.find(needle, at + 1)
    return places


def _spans(hits: list) -> list[tuple[int, int]]:
    return [(h.start, h.end) for h in hits]


def _unfiltered(rule: kinds.PatternRule, text: str, ruleset: RuleSet, example: kinds.Example) -> list:
    doc, _ = run_rule(rule, text, ruleset, example)
    return _without_requires(rule, doc)


def _rewritten(rule: kinds.PatternRule, text: str) -> Iterator[str]:
    """The example in capitals, lowercase, title case and with its case swapped, and with the white
    space of its required strings each other white space, throughout."""
    yield from (text.upper(), text.lower(), text.title(), text.swapcase())
    spaces = [i for start, end in _required_places(rule, text) for i in range(start, end) if text[i] in _WHITE_SPACE]
    for space in _WHITE_SPACE if spaces else ():
        chars = list(text)
        for i in spaces:
            chars[i] = space
        yield "".join(chars)


def test_required_strings_let_through_every_example_written_in_another_case_or_white_space() -> None:
    rules = _rules_with_required_strings()
    assert {"MT309", "MT513", "MT906", "MT907"} <= {rule.code for rule, _ in rules}
    found = 0
    for rule, ruleset in rules:
        for example in rule.flag_examples:
            for text in _rewritten(rule, example.text):
                doc, hits = run_rule(rule, text, ruleset, example)
                assert _spans(hits) == _spans(_without_requires(rule, doc)), (rule.code, text)
                found += bool(hits)
    assert found > 300  # the rewritten examples the patterns still match: the test has teeth


def test_a_required_string_written_otherwise_where_the_pattern_still_matches_is_required_too() -> None:
    """Each character of each required string an example's hits need, written as a text may
    write it instead (see _stand_ins): where the pattern finds the same, the rewritten string
    with what stands around it still holds a required string, so the prefilter would let
    through a text holding only it."""
    checked = 0
    for rule, ruleset in _rules_with_required_strings():
        ignoring_case = kinds.ignores_case(rule.pattern)
        around = max(map(len, rule.needles)) - 1  # a required string over the rewritten one's edge
        for example in rule.flag_examples:
            text = example.text
            meant = _spans(_unfiltered(rule, text, ruleset, example))
            for start, end in _required_places(rule, text):
                blotted = text[:start] + "x" * (end - start) + text[end:]
                if _spans(_unfiltered(rule, blotted, ruleset, example)) == meant:
                    continue  # no hit needs this one
                for i in range(start, end):
                    for char in _stand_ins(text[i], ignoring_case):
                        rewritten = text[:i] + char + text[i + 1 :]
                        if _spans(_unfiltered(rule, rewritten, ruleset, example)) == meant:
                            written = rewritten[max(0, start - around) : end + around]
                            looked_for = case_folded(written) if rule.folds_case else written
                            assert holds_any(looked_for, rule.needles), (rule.code, written, text)
                            checked += 1
    assert checked > 100


def test_case_folded_gives_one_letter_for_every_pair_regex_matches_ignoring_case() -> None:
    """scan.case_folded's table of twins against regex: two cased characters a pattern that
    ignores case matches together ("ſ" and "s", "ς" and "Σ", "ı" and "I") fold alike, and the
    fold keeps the text's length ("İ")."""
    cased = _cased()
    folded = case_folded(cased)
    assert len(folded) == len(cased)
    pairs = 0
    for char in cased:
        for twin in regex.findall("(?i)" + regex.escape(char), cased):
            assert case_folded(twin) == case_folded(char), (char, twin)
            pairs += 1
    assert pairs > 5000


def _folded_both_ways(text: str) -> str:
    """case_folded told where the text's characters beyond Latin are (as kinds.py tells it,
    from words.text_words), which must fold as it does when it searches for every twin."""
    from mtcheck.text.words import _latin_split

    split = _latin_split(text)
    folded = case_folded(text, None if split is None else split[3])
    assert folded == case_folded(text), text[:80]
    return folded


def test_case_folding_told_where_characters_beyond_latin_are_folds_alike():
    from tests.conftest import REPO, SEED

    paths = [SEED, *sorted((REPO / "corpora").rglob("*.txt"))]
    paths += [SHARED / "data" / "wmt22-de-en" / f"generaltest2022.de-en.{name}" for name in ("ref.A.en", "src.de")]
    texts = [path.read_text(encoding="utf-8") for path in paths if path.exists()]
    assert len(texts) > 10
    for text in texts:
        _folded_both_ways(text)
    # the twins of Latin and Latin-1 in a text with nothing beyond Latin, and each kind beyond it
    assert _folded_both_ways("Das Maß ſei 5 µm, ıt “sagt” er") == "das maß sei 5 μm, it “sagt” er"
    assert _folded_both_ways("ΣΟΦΟΣ σοφος in „Kyiv“") == "σοφοσ σοφοσ in „kyiv“"
    assert _folded_both_ways("İstanbul ﬅ ẛ ϐ") == "istanbul ﬆ ṡ β"
    assert _folded_both_ways("5 € für ΣΟΦΟΣ") == "5 € für σοφοσ"  # a final sigma where the text has a capital


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="aAßİıſµςΣΟϐﬅẛ€\u0345\u1c80 “’.\n" + "".join(chr(c) for c in range(0x0100, 0x0110)), max_size=40)
)
def test_case_folding_with_the_hint_agrees_on_generated_text(text: str) -> None:
    _folded_both_ways(text)
