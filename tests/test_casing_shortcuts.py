"""casing's shortcuts give what the slow way gives, on real articles and on the rules' own examples."""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

import pytest

from mtcheck.checks import casing
from mtcheck.engine.checker import Checker
from mtcheck.engine.findings import Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.engine.settings import Settings
from mtcheck.run.session import ruleset_for
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText
from tests.conftest import SHARED, WMT, needs_shared

# Ref A, and the machine translations where the casing rules find the most.
ARTICLES = [
    WMT / "generaltest2022.de-en.ref.A.en",
    SHARED / "data" / "wmt22-zh-en" / "generaltest2022.zh-en.hyp.NiuTrans.en",
    SHARED / "data" / "wmt22-ja-en" / "generaltest2022.ja-en.hyp.AIST.en",
    SHARED / "data" / "wmt22-ja-en" / "generaltest2022.ja-en.hyp.AISP-SJTU.en",
]


@cache
def _checker() -> Checker:
    settings = Settings()
    return Checker(ruleset_for("en", settings.rule_folders), settings)


def _examples(code: str) -> str:
    """The rule's flag and pass examples, a paragraph each."""
    (rule,) = [r for r in _checker().rules if r.code == code]
    return "\n\n".join(example.text for example in rule.flag_examples + rule.pass_examples) + "\n"


def _findings(text: str, code: str) -> list[Hit]:
    checker = _checker()
    (rule,) = [r for r in checker.rules if r.code == code]
    doc = build_document(InputText("article.txt", text, "text"), "en")
    doc.context = checker.context
    return list(rule.hits(doc))


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@needs_shared(WMT)
@pytest.mark.parametrize("path", ARTICLES, ids=lambda path: path.name)
def test_lowercase_inside_names_looks_only_where_it_can_find_on_articles(path, monkeypatch) -> None:
    _lowercase_inside_names_looks_only_where_it_can_find(_read(path), monkeypatch)


def test_lowercase_inside_names_looks_only_where_it_can_find_in_its_examples(monkeypatch) -> None:
    # A surname that is also a word before a foreign word, and a name opener before a word that is
    # none: places the scan looks at for what stands after them.
    text = _examples("MT109") + "\nIt was translated by zhou shanshan.\n\nThe deutsche post delivered it.\n"
    assert len(_findings(text, "MT109")) > 20
    _lowercase_inside_names_looks_only_where_it_can_find(text, monkeypatch)


def _lowercase_inside_names_looks_only_where_it_can_find(text: str, monkeypatch) -> None:
    fast = _findings(text, "MT109")
    # The slow way: the scan looks at every place of every sentence.
    monkeypatch.setattr(casing, "_places_to_look", lambda texts, foreign, worth: range(len(texts)))
    assert _findings(text, "MT109") == fast


def _found_the_slow_way(before, pattern, text: str):  # _found_where before it searched from the words' places
    position = 0
    while (found := pattern.search(text, position)) is not None:
        if before.match(text, found.start()) is not None:
            yield found
            position = found.end()
        else:
            position = found.start() + 1


@needs_shared(WMT)
@pytest.mark.parametrize("path", ARTICLES, ids=lambda path: path.name)
def test_institutions_are_searched_from_where_their_words_start(path) -> None:
    (rule,) = [r for r in _checker().rules if r.code == "MT110"]
    text = _read(path) + _examples("MT110")
    named = tuple(rule.options["named-qualifiers"])
    qualifiers = tuple(sorted(rule.options["qualifiers"]))
    searches = [
        (
            casing._NO_ARTICLE_OR_WORD_BEFORE,
            casing._named_institution_pattern(named, tuple(rule.options["named-heads"])),
            named,
        ),
        (casing._WORD_START, casing._institution_pattern(qualifiers, tuple(sorted(rule.options["heads"]))), qualifiers),
    ]
    for before, pattern, openings in searches:
        fast = [(m.span(), m.groups()) for m in casing._found_where(before, pattern, text, openings)]
        assert fast == [(m.span(), m.groups()) for m in _found_the_slow_way(before, pattern, text)]
        assert len(fast) >= 3


def test_a_pattern_among_the_openings_is_searched_everywhere() -> None:
    text = "the national bank of Ukraine and the n.tional bank of Poland"
    pattern = casing._named_institution_pattern(("n.tional",), ("bank",))
    fast = [m.span() for m in casing._found_where(casing._NO_ARTICLE_OR_WORD_BEFORE, pattern, text, ("n.tional",))]
    assert fast == [m.span() for m in _found_the_slow_way(casing._NO_ARTICLE_OR_WORD_BEFORE, pattern, text)]
    assert len(fast) == 2


MORE_ARTICLES = [
    SHARED / "data" / "wmt22-zh-en" / "generaltest2022.zh-en.hyp.Online-A.en",
    SHARED / "data" / "wmt22-zh-en" / "generaltest2022.zh-en.ref.A.en",
]


@needs_shared(WMT)
@pytest.mark.parametrize("code", ["MT106", "MT110"])
@pytest.mark.parametrize("path", ARTICLES + MORE_ARTICLES, ids=lambda path: path.name)
def test_sentences_without_a_word_looked_for_are_skipped_unread(path, code, monkeypatch) -> None:
    text = _read(path) + _examples(code)
    fast = _findings(text, code)
    assert fast
    # The slow way: every sentence holds every text of the document, so none is skipped (the
    # rules ask a sentence's texts only whether they hold a word looked for: one set of all
    # of them, shared, answers that as a list of every text would, and without a sort each).
    texts = casing._sentence_texts

    def every_text_everywhere(doc):
        everything = frozenset().union(*texts(doc))
        return [everything for _ in texts(doc)]

    monkeypatch.setattr(casing, "_sentence_texts", every_text_everywhere)
    monkeypatch.setattr(casing, "_distinct_texts", lambda doc: set().union(*texts(doc)))
    assert _findings(text, code) == fast


def test_a_string_in_lowercase_is_its_own_lowercase_form() -> None:
    # What lets a set of the words' texts stand for their lowercase forms: no character that
    # str.lower changes is in a string that islower() (str.lower maps character by character
    # but for a final capital sigma, which is no lowercase either).
    for code in range(0x110000):
        char = chr(code)
        assert char.lower() == char or not (char + "a").islower(), hex(code)


def _rule(code: str) -> PythonRule:
    (rule,) = [r for r in _checker().rules if r.code == code]
    assert isinstance(rule, PythonRule)
    return rule


def _hits(text: str, rule: PythonRule) -> list[tuple[int, int, str | None]]:
    doc = build_document(InputText("article.txt", text, "text"), "en")
    doc.context = _checker().context
    return [(hit.start, hit.end, hit.fix.replacement if hit.fix else None) for hit in rule.hits(doc)]


@pytest.mark.parametrize(
    ("code", "text", "options"),
    [
        ("MT109", "The exams go ahead in xinshan District from Monday.", {"name-heads": ["Province"]}),
        ("MT109", "The novel was translated by chen huijie last year.", {"romanised-syllable": ""}),
        ("MT109", "According to kelesh jagutpal, minister of health, the cases fell.", {"titles": []}),
        ("MT101", "He flew from kyiv to Warsaw.", {"categories": ["calendar"]}),
        ("MT101", "The talks in china ended.", {"after-words": []}),
        ("MT106", "The State Council met. Later the state council said no.", {"institution-heads": []}),
        ("MT108", "He drove a lamborghini to the nhl game.", {"not-names": ["lamborghini", "nhl"]}),
        ("MT110", "He spoke to the supreme court on Monday.", {"heads": ["assembly"]}),
    ],
)
def test_each_rule_reads_its_own_options(code: str, text: str, options: dict) -> None:
    """Options made into sets and patterns once per different values, not per rule: two rules
    (two configurations) with other options find other things, whichever asks first."""
    rule = _rule(code)
    other = dataclasses.replace(rule, options={**rule.options, **options})
    found = _hits(text, rule)
    assert found, (code, text)
    assert _hits(text, other) != found
    assert _hits(text, rule) == found
    # The same mapping given the rule's values again, a list changed in place: what the rule finds.
    for key, value in options.items():
        if isinstance(value, list):
            value[:] = rule.options[key]
        else:
            other.options[key] = rule.options[key]
    assert _hits(text, other) == found


def _per_line_and_whole(path: Path, rule: PythonRule, more: str = "") -> tuple[list, list]:
    """The rule's hits on each line of a file (and of `more`) checked as a document of its own
    (at the line's place in the whole), and on the lines checked as one document of paragraphs."""
    lines = [line for line in (_read(path) + more).splitlines() if line.strip()]
    per_line, at = [], 0
    for line in lines:
        per_line += [(start + at, end + at, fix) for start, end, fix in _hits(line + "\n", rule)]
        at += len(line) + 2
    return per_line, _hits("\n\n".join(lines) + "\n", rule)


@needs_shared(WMT)
@pytest.mark.parametrize("path", ARTICLES, ids=lambda path: path.name)
def test_lowercase_inside_names_skips_only_records_it_finds_nothing_in(path: Path) -> None:
    """MT109 judges each sentence on its own words: a line checked alone gives what it gives
    in the whole, where the whole's foreign words keep the skip of a record from being taken."""
    per_line, whole = _per_line_and_whole(path, _rule("MT109"))
    assert per_line == whole


@needs_shared(WMT)
@pytest.mark.parametrize("path", ARTICLES + MORE_ARTICLES, ids=lambda path: path.name)
def test_capitalised_elsewhere_gathers_evidence_only_where_it_can_tell(path: Path, monkeypatch) -> None:
    """MT106 skips a document whose words the evidence could tell nothing of, without gathering
    it: on each line alone (most are skipped) and on the whole, what it finds when it gathers
    the evidence everywhere."""
    rule = _rule("MT106")
    per_line, whole = _per_line_and_whole(path, rule)
    assert whole or ".ref." in path.name  # (a reference writes its names as the article does)
    monkeypatch.setattr(casing, "_may_be_told", lambda *args: True)
    assert _per_line_and_whole(path, rule) == (per_line, whole)


@needs_shared(WMT)
@pytest.mark.parametrize("path", ARTICLES + MORE_ARTICLES, ids=lambda path: path.name)
def test_lowercase_institutions_skips_only_records_without_a_qualifier(path: Path, monkeypatch) -> None:
    """MT110 skips a document that holds none of its qualifiers: on each line alone (most are
    skipped) and on the whole, what it finds searching each of them."""
    rule = _rule("MT110")
    per_line, whole = _per_line_and_whole(path, rule, _examples("MT110"))
    assert len(per_line) >= 5
    monkeypatch.setattr(casing, "_words_of_letters", lambda *lists: None)
    assert _per_line_and_whole(path, rule, _examples("MT110")) == (per_line, whole)
