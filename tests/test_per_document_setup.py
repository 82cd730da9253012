"""What a check makes of its rule's options once, not per document, follows the options: two
rules with different options (another configuration) never share it."""

from __future__ import annotations

import dataclasses

import pytest

from mtcheck.checks import dateline, transliterated, untranslated
from mtcheck.engine.checker import Checker
from mtcheck.engine.packs import RuleSet
from mtcheck.engine.settings import Settings
from mtcheck.language.names import lexicon
from mtcheck.run.session import ruleset_for
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText
from tests.conftest import WMT, needs_shared


def _rule(code: str):
    return next(r for r in ruleset_for("en", Settings().rule_folders).rules if r.code == code)


def _doc(text: str):
    return build_document(InputText("article.txt", text, "text"), "en")


def test_dateline_cities_are_tried_longest_first_in_each_rules_own_list() -> None:
    rule = _rule("MT403")
    doc = _doc("BRUXELLES-CAPITALE (AFP) – The talks went on.\n\nBRUXELLES, Nov. 8 – More talks.\n\nPARIGI – Talks.\n")
    bundled = [(h.start, h.end, h.fix.replacement) for h in dateline.untranslated_city(doc, rule)]
    assert bundled == [(0, 18, "BRUSSELS"), (47, 56, "BRUSSELS")]
    # Another rule's list: its own cities, longest first ("BRUXELLES-CAPITALE" before "BRUXELLES").
    other = dataclasses.replace(
        rule, options={"cities": {"BRUXELLES": "BRUSSEL", "PARIGI": "PARIS", "BRUXELLES-CAPITALE": "BXL"}}
    )
    for _ in range(2):  # and each list again, after the other
        assert [(h.start, h.end, h.fix.replacement) for h in dateline.untranslated_city(doc, other)] == [
            (0, 18, "BXL"),
            (47, 56, "BRUSSEL"),
            (80, 86, "PARIS"),
        ]
        assert [(h.start, h.end, h.fix.replacement) for h in dateline.untranslated_city(doc, rule)] == bundled


def test_transliterated_words_follow_each_rules_loanwords_and_syllables() -> None:
    rule = _rule("TL101")
    doc = _doc("All zasikavlenikh families please write in private messages.\n")
    loanword = dataclasses.replace(
        rule, options={**rule.options, "loanwords": [*rule.options["loanwords"], "zasikavlenikh"]}
    )
    no_model = dataclasses.replace(rule, options={**rule.options, "spelling-model": 0.0})
    for _ in range(2):
        assert len(list(transliterated.transliterated_words(doc, rule))) == 1
        assert not list(transliterated.transliterated_words(doc, loanword))
        assert not list(transliterated.transliterated_words(doc, no_model))
    # A word of Chinese or Japanese syllables is no spelled-out Russian: with the rule's syllables only.
    syllables = _doc("The luzhou water project and the tohoku coast were discussed.\n")
    no_syllables = dataclasses.replace(rule, options={**rule.options, "east-asian-syllable": ""})
    for _ in range(2):
        assert not list(transliterated.transliterated_words(syllables, rule))
        assert len(list(transliterated.transliterated_words(syllables, no_syllables))) == 1


REFERENCE = WMT / "generaltest2022.de-en.ref.A.en"
CZECH_OUTPUT = WMT.parent / "wmt22-cs-en" / "generaltest2022.cs-en.hyp.Online-W.en"
GERMAN_SOURCE = WMT / "generaltest2022.de-en.src.de"  # read as English: German through and through


@needs_shared(WMT)
@pytest.mark.parametrize("path", [REFERENCE, CZECH_OUTPUT, GERMAN_SOURCE])
def test_a_short_documents_tallies_weighed_word_by_word_are_the_counts_of_each_probe(path) -> None:
    """Each line of the test set a document of its own (a record): few words, weighed one by one."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:600]
    counted = {"function": 0, "leaning": 0}
    for line in lines:
        doc = _doc(line + "\n")
        known, function_words = lexicon(doc.lang).words, doc.language.function_words
        leaning = untranslated.contested_words(doc.lang) or {}
        probes, tallies = untranslated._probes(doc), untranslated._tallies(doc)
        assert len({t for tokens in probes for t in tokens}) <= untranslated._FEW_WORDS  # (the short way)
        for index, tokens in enumerate(probes):
            assert tallies.known[index] == sum(t in known for t in tokens), line
            assert tallies.function[index] == sum(t in function_words for t in tokens), line
            assert tallies.leaning[index] == sum(t in known and bool(leaning.get(t, False)) for t in tokens), line
            counted["function"] += tallies.function[index]
            counted["leaning"] += tallies.leaning[index]
    assert counted["function"] > 100 and counted["leaning"] > 10, counted


def _slow_sentence_rule(doc):
    rules = doc.context.ruleset.rules if doc.context else ()
    return next((r for r in rules if getattr(r, "function", None) is untranslated.untranslated_sentences), None)


def test_the_article_and_run_checks_ask_each_runs_own_untranslated_sentence_rule() -> None:
    bundled = ruleset_for("en", Settings().rule_folders)
    rule = next(r for r in bundled.rules if getattr(r, "function", None) is untranslated.untranslated_sentences)
    # Another configuration: the same rules, LI101 asking for more words (no five-word sentence is foreign then).
    stricter = dataclasses.replace(rule, options={**rule.options, "min-words": 6})
    other = RuleSet([stricter if r is rule else r for r in bundled.rules])
    text = "Die Regierung hat das Gesetz gestern beschlossen.\n\nDas ist gut so.\n"
    for _ in range(2):
        for ruleset, expected in ((bundled, rule), (other, stricter), (RuleSet([]), None)):
            doc = _doc(text)
            doc.context = Checker(ruleset, Settings()).context
            assert _slow_sentence_rule(doc) is expected
            assert untranslated._sentence_rule(doc.context.ruleset.rules) is expected
            options = expected.options if expected is not None else untranslated._SENTENCE_OPTIONS
            assert untranslated._foreign_sentences(doc) == untranslated.sentence_languages(
                doc, options["min-words"], options["min-probability"]
            )
    # Appended to in place, a list is searched again.
    grown = RuleSet([r for r in bundled.rules if r is not rule])
    assert untranslated._sentence_rule(grown.rules) is None
    grown.rules.append(stricter)
    assert untranslated._sentence_rule(grown.rules) is stricter


MT_FROM_UKRAINIAN = sorted((WMT.parent / "wmt22-uk-en").glob("generaltest2022.uk-en.hyp.*.en"))


@needs_shared(WMT)
def test_a_short_text_whose_candidates_are_all_english_words_is_passed_over_as_word_by_word(monkeypatch) -> None:
    """Each line of ten MT outputs from Ukrainian, and each of the rule's examples, a document
    of its own: the same findings with the one search for a candidate no English word, and without it."""
    rule = _rule("TL101")
    lines = [line for path in MT_FROM_UKRAINIAN for line in path.read_text(encoding="utf-8").splitlines()]
    lines += [example.text for example in (*rule.flag_examples, *rule.pass_examples) if not example.settings]
    found = passed_over = 0
    for line in lines:
        doc = _doc(line + "\n")
        monkeypatch.setattr(transliterated, "_SHORT_TEXT", 4000)
        quick = list(transliterated.transliterated_words(doc, rule))
        monkeypatch.setattr(transliterated, "_SHORT_TEXT", -1)
        assert quick == list(transliterated.transliterated_words(doc, rule)), line
        found += len(quick)
        candidates = set(transliterated._CANDIDATE.findall(doc.checked))
        passed_over += bool(candidates) and candidates <= lexicon("en").words.keys()
    assert len(MT_FROM_UKRAINIAN) == 10 and found > 60 and passed_over > 10000, (found, passed_over)
