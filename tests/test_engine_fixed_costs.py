"""What the engine works out once per list of rules, per process or per document instead of
once per rule and document gives what doing it each time gave."""

from __future__ import annotations

import time

import pytest

from mtcheck.engine import budget, checker
from mtcheck.engine.budget import BudgetExceeded, RuleBudgets, cpu_budget
from mtcheck.engine.findings import Hit, Severity
from mtcheck.engine.kinds import PythonRule
from mtcheck.language import pattern_cache
from mtcheck.language.pattern_cache import compile_pattern, compile_re
from mtcheck.run.session import Session
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText


def _spin(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_each_rule_of_a_document_has_a_whole_budget_of_its_own() -> None:
    """Rules that each take most of the budget do not give up (each counts from its start); a
    rule that outruns it does, and the next rule again has a whole budget."""
    with RuleBudgets(0.4) as budgets:
        for _ in range(3):
            budgets.start()
            _spin(0.3)
            budgets.stop()
        with pytest.raises(BudgetExceeded) as raised:
            budgets.start()
            _spin(2.0)
        budgets.stop()
        assert raised.value.seconds == 0.4
        budgets.start()
        _spin(0.3)
        budgets.stop()
        _spin(0.6)  # between rules: no rule's time, nothing raised


def test_untimed_work_and_a_shared_analysis_are_not_charged_to_a_documents_rule(monkeypatch) -> None:
    monkeypatch.setattr(budget, "ANALYSIS_BASE_SECONDS", 1.0)
    cache: dict = {}
    with RuleBudgets(0.4) as budgets:
        budgets.start()
        with budget.untimed():
            _spin(0.6)
        assert budget.shared_analysis(cache, "alignment", "aligning", 0, lambda: _spin(0.6) or "aligned") == "aligned"
        _spin(0.2)
        budgets.stop()
        with pytest.raises(BudgetExceeded):  # the ticks go on after them
            budgets.start()
            _spin(2.0)
        budgets.stop()


def test_a_budget_outside_a_document_is_one_shot_as_before() -> None:
    with RuleBudgets(5.0) as budgets:
        budgets.start()
        budgets.stop()
    with pytest.raises(BudgetExceeded) as raised:
        with cpu_budget(0.2):
            _spin(1.0)
    assert raised.value.seconds == 0.2


def _rule(code: str, function, **fields) -> PythonRule:
    return PythonRule(
        code=code, name=f"rule-{code.lower()}", category="Fluency/Other", severity=Severity.MINOR,
        message="{text}", explanation="", pack="test", family="test", language="en", path=None,  # type: ignore[arg-type]
        flag_examples=[], pass_examples=[], function=function, **fields,
    )  # fmt: skip


def test_a_runaway_rule_gives_up_and_the_others_run(monkeypatch) -> None:
    monkeypatch.setattr(checker, "seconds_for", lambda characters: 0.3)
    session = Session()
    engine = session.checker(session.settings_for("article.txt"))
    ran = []

    def runaway(doc, rule):
        _spin(5.0)
        return []

    def slow(doc, rule):  # most of a budget, three times: each rule's own
        _spin(0.25)
        ran.append(rule.code)
        return [Hit(0, 3)]

    rules = [_rule("XX901", slow), _rule("XX902", runaway), _rule("XX903", slow), _rule("XX904", slow)]
    doc = build_document(InputText("article.txt", "The minister spoke.\n", "text"), "en")
    findings = engine.check(doc, rules)
    assert [g.code for g in engine.gave_up] == ["XX902"] and ran == ["XX901", "XX903", "XX904"]
    assert [f.code for f in findings] == ["XX901", "XX903", "XX904"]


def test_a_plan_is_the_rules_severities_and_masking_worked_out_each_time() -> None:
    session = Session()
    engine = session.checker(session.settings_for("article.txt").but(severity=(("MT1", Severity.MAJOR),)))
    plan = engine._plan(engine.rules)
    assert engine._plan(engine.rules) is plan and engine._plan(list(engine.rules)) is plan
    assert [rule for rule, _, _ in plan.ordered] == sorted(engine.rules, key=lambda r: not r.exclusive)
    assert [(severity, exclusive) for rule, severity, exclusive in plan.ordered] == [
        (engine._severity(rule), rule.exclusive) for rule, _, _ in plan.ordered
    ]
    assert any(severity == Severity.MAJOR and rule.code.startswith("MT1") for rule, severity, _ in plan.ordered)
    assert plan.masking == {rule.code for rule in engine.rules if rule.masks_others}
    assert plan.spared == checker._spared(engine.rules, plan.masking)
    fewer = engine.rules[1:]
    assert [rule for rule, _, _ in engine._plan(fewer).ordered] == sorted(fewer, key=lambda r: not r.exclusive)


def test_a_pattern_asked_for_again_is_the_one_compiled_and_other_lists_are_another(monkeypatch) -> None:
    monkeypatch.setattr(pattern_cache, "_memo", {})
    first = compile_pattern(r"\L<names> (?:said|says)", names=["Habeck", "Scholz"])
    with monkeypatch.context() as forbidding:
        forbidding.setattr(pattern_cache, "_stored", lambda key: pytest.fail("decoded again"))
        assert compile_pattern(r"\L<names> (?:said|says)", names=("Scholz", "Habeck")) is first
    other = compile_pattern(r"\L<names> (?:said|says)", names=["Merz"])
    assert other is not first and other.search("Merz said") and not other.search("Habeck said")
    assert compile_re(r"\bsaid\b") is compile_re(r"\bsaid\b")
    assert compile_re(r"\bsaid\b", 2) is not compile_re(r"\bsaid\b")


def test_patterns_made_from_documents_cannot_grow_the_memo_without_end(monkeypatch) -> None:
    monkeypatch.setattr(pattern_cache, "_memo", {})
    monkeypatch.setattr(pattern_cache, "MAX_MEMO", 64)
    monkeypatch.setattr(pattern_cache, "_remember", lambda key, fields: None)
    for number in range(300):
        assert compile_re(f"word{number}").pattern == f"word{number}"
        assert len(pattern_cache._memo) <= 64


# -- shortcuts for short documents (one-line records) --------------------------------------

import dataclasses  # noqa: E402
import random  # noqa: E402

from mtcheck.engine import kinds  # noqa: E402
from mtcheck.engine.packs import ALL_SOURCES  # noqa: E402
from mtcheck.run.session import ruleset_for  # noqa: E402
from mtcheck.text import scan  # noqa: E402
from tests.conftest import SHARED, needs_shared  # noqa: E402

DATA = SHARED / "data"


@pytest.mark.parametrize("short_text", [0, 10**9])  # every text searched the long way, or the short way
def test_holds_any_and_spans_holding_agree_with_a_search_either_way(monkeypatch, short_text: int) -> None:
    monkeypatch.setattr(scan, "SHORT_TEXT", short_text)
    monkeypatch.setattr(kinds, "SHORT_TEXT", short_text)
    generator = random.Random(21)
    pieces = ["( x", "(x", " -", "-", "a", " ", "\n", "a’", "’", "\t", "€"]
    for _ in range(300):
        text = "".join(generator.choices(pieces, k=generator.randrange(1, 600)))
        spans, start = [], 0
        for end in [i for i, c in enumerate(text) if c == "\n"] + [len(text)]:
            spans.append((start, end))
            start = end + 1
        for needles in (["( "], [" -"], ["x("], ["( ", " -"], [" ’", "\t"], ["a"], ["€ ", "-\n"]):
            assert scan.holds_any(text, needles) == any(n in text for n in needles), needles
            naive = [(a, b) for a, b in spans if any(n in text[a:b] for n in needles)]
            assert kinds.spans_holding(text, spans, needles) == naive, needles


def _one_line_documents(count: int) -> list:
    lines = []
    for path in sorted(DATA.glob("wmt22-*-en/*.hyp.*.en"))[::3]:
        lines += path.read_text(encoding="utf-8").splitlines()[:count]
    return [build_document(InputText("record.txt", line + "\n", "text"), "en") for line in lines if line.strip()]


@needs_shared(DATA)
def test_pattern_rules_find_in_one_line_documents_what_they_find_without_their_required_strings() -> None:
    rules = [r for r in ruleset_for("en", (), ALL_SOURCES).rules if isinstance(r, kinds.PatternRule) and r.requires]
    assert any(r.scope == "document" or r.anchored or r.requires_in_scope for r in rules)
    found = 0
    for doc in _one_line_documents(300):
        for rule in rules:
            slow = dataclasses.replace(rule, requires=None, requires_in_scope=False)
            scoped = rule.scope == "document" or rule.anchored or rule.requires_in_scope
            expected = list(slow._hits_scope_by_scope(doc) if scoped else slow._hits_in_one_pass(doc))
            hits = list(rule.hits(doc))
            assert hits == expected, (rule.code, doc.text)
            found += len(hits)
    assert found


def _check_rule(code: str) -> PythonRule:
    rule = next(r for r in ruleset_for("en", (), ALL_SOURCES).rules if r.code == code)
    assert isinstance(rule, PythonRule)
    return rule


@needs_shared(DATA)
@pytest.mark.parametrize(
    ("code", "cleared"),
    [
        ("MT205", ("openers", "weak-openers")),
        ("MT504", ("doubled-on-purpose", "intensifiers")),
        ("MT904", ("function-words",)),
    ],
)
def test_what_a_check_makes_of_its_options_is_its_rules_own(code: str, cleared: tuple[str, ...]) -> None:
    """A rule with other options (another configuration) finds what those options find, not
    what the first rule's sets made of them do, and a copy of the options finds the same."""
    rule = _check_rule(code)
    docs = _one_line_documents(3000)
    hits = {id(doc): list(rule.hits(doc)) for doc in docs}
    assert any(hits.values())
    copy = dataclasses.replace(rule, options={**rule.options})
    assert all(list(copy.hits(doc)) == hits[id(doc)] for doc in docs)
    other = dataclasses.replace(rule, options={**rule.options, **dict.fromkeys(cleared, ())})
    assert any(list(other.hits(doc)) != hits[id(doc)] for doc in docs)


def test_paragraphs_said_again_and_marks_left_open_are_found_past_the_record_shortcuts() -> None:
    from tests.conftest import check_text

    said = "The minister said the talks would go on next week in Brussels.\n\n"
    assert "MT903" in {f.code for f in check_text(said * 2)[1]}
    assert "MT903" not in {f.code for f in check_text(said)[1]}
    assert "MT505" in {f.code for f in check_text("The minister (who spoke on Monday said so.\n")[1]}


def test_what_is_made_of_options_is_made_once_per_rule_and_again_when_they_change() -> None:
    from types import SimpleNamespace

    from mtcheck.checks import made_from_options

    built = []

    def words(listed: list[str]) -> set[str]:
        built.append(list(listed))
        return set(listed)

    first, second = SimpleNamespace(options={"words": ["a", "b"]}), SimpleNamespace(options={"words": ["a", "b"]})
    assert made_from_options(first, words, "words") == {"a", "b"}
    assert made_from_options(first, words, "words") is made_from_options(first, words, "words")
    assert made_from_options(second, words, "words") is not made_from_options(first, words, "words")  # another rule's
    assert made_from_options(first, len, "words") == 2  # another maker: its own
    first.options["words"].append("c")  # a list changed in place is seen
    assert made_from_options(first, words, "words") == {"a", "b", "c"}
    first.options = {"words": ["d"]}  # so is another mapping, whatever its id
    assert made_from_options(first, words, "words") == {"d"}
    assert built == [["a", "b"], ["a", "b"], ["a", "b", "c"], ["d"]]


@needs_shared(DATA)
@pytest.mark.parametrize("code", ["MT203", "MT204", "MT808", "MT901"])
def test_checks_that_make_sets_of_their_options_find_what_a_copy_of_their_options_finds(code: str) -> None:
    rule = _check_rule(code)
    copy = dataclasses.replace(rule, options={**rule.options})
    paths = sorted(DATA.glob("wmt22-*-en/*.hyp.*.en"))[::4]
    for path in paths:
        doc = build_document(InputText(path.name, path.read_text(encoding="utf-8"), "text"), "en")
        assert list(rule.hits(doc)) == list(copy.hits(doc)), path.name


def test_a_documents_properties_are_computed_once_and_kept_as_functools_keeps_them() -> None:
    from mtcheck.text.document import Document, cached_property

    calls = []

    class Counted:
        @cached_property
        def value(self) -> int:
            """The value."""
            calls.append(self)
            return len(calls)

    first, second = Counted(), Counted()
    assert (first.value, first.value, second.value) == (1, 1, 2) and calls == [first, second]
    assert first.__dict__ == {"value": 1} and Counted.value.__doc__ == "The value."
    assert isinstance(Document.sentences, cached_property)
    doc = build_document(InputText("article.txt", "One sentence. Another one.\n\nA paragraph.\n", "text"), "en")
    assert doc.sentences is doc.sentences and doc.__dict__["sentences"] is doc.sentences
    assert [(s.start, s.end) for s in doc.sentences] == [(0, 13), (14, 26), (28, 40)]


def _empty_file_results(session: Session, paths: list, skip: bool) -> list:
    results = []
    for path in paths:
        checker_ = session.checker(session.settings_for(str(path)))
        checker_.empty_text_finds_nothing = skip
        result = session.check_path(str(path))
        results.append((result.error, result.findings, result.gave_up, list(session.warnings)))
    return results


def test_an_empty_text_is_not_handed_to_the_rules_where_none_would_find_anything(tmp_path) -> None:
    """Every bundled rule of every language (and the calques of every source language) finds
    nothing in an empty file, as text, Markdown or HTML, nor in an empty record: the engine
    skipping them gives what running them gives. Compared with a source, an empty translation
    is handed to the rules (it leaves the source out)."""
    from mtcheck.language.profiles import available_languages

    paths = [tmp_path / name for name in ("empty.txt", "empty.md", "empty.html")]
    for path in paths:
        path.write_text("")
    records = tmp_path / "records.jsonl"
    records.write_text('{"id": "a", "text": ""}\n')
    runs = [{"target_lang": language} for language in available_languages()]
    runs += [{"source_lang": language} for language in ("de", "es", "fr", "ru", "zh", "cs", "ja", "uk")]
    for overrides in runs:
        skipped = _empty_file_results(Session(dict(overrides)), paths, True)
        assert skipped == _empty_file_results(Session(dict(overrides)), paths, False), overrides
    from mtcheck.run.records import RecordFields, check_records

    session = Session()
    session.checker(session.settings_for(str(records))).empty_text_finds_nothing = False
    (unskipped,) = check_records(session, str(records), RecordFields(), "jsonl")
    (skipped,) = check_records(Session(), str(records), RecordFields(), "jsonl")
    assert (skipped.findings, skipped.gave_up) == (unskipped.findings, unskipped.gave_up) == ([], [])
    source = tmp_path / "source.txt"
    source.write_text("Der Vertrag wurde am Montag in Berlin unterzeichnet.\n")
    compared = Session(source=str(source), overrides={"source_lang": "de"}).check_path(str(paths[0]))
    assert [f.code for f in compared.findings] == ["SR102"]
