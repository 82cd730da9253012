"""What a check makes of its rule's options once, not per document, follows the options: two
rules with different options (another configuration) never share it."""

from __future__ import annotations

import dataclasses

from mtcheck.checks import dateline, transliterated
from mtcheck.engine.settings import Settings
from mtcheck.run.session import ruleset_for
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText


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
