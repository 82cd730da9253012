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


def _searched_keys(doc, english, loanwords) -> dict[str, str]:
    """TL101's keys the slow way: every match of the search over the whole text, weighed in turn."""
    keys = {}
    for token in transliterated._CANDIDATE.findall(doc.checked):
        english_word = token in english.words or token in loanwords
        ending = bool(transliterated._ENGLISH_ENDING.search(token)) and not transliterated._SCHEME_ONLY.search(token)
        polish = transliterated._POLISH_SPELLING.search(token)
        key = "" if english_word or ending or polish else transliterated.skeleton(token)
        if key:
            keys[token] = key
    return keys


def _searched_candidates(doc, keys):
    return (m for m in transliterated._CANDIDATE.finditer(doc.checked) if m.group() in keys)


@needs_shared(WMT)
def test_transliterated_words_are_found_among_the_words_as_the_search_of_the_whole_text_finds_them(
    monkeypatch,
) -> None:
    """Each line of ten MT outputs from Ukrainian, each of the rule's examples, and whole articles,
    each a document of its own: the same findings from the candidates looked for among the
    text's words (each weighed once), and from the search of every character of the text."""
    rule = _rule("TL101")
    texts = [line for path in MT_FROM_UKRAINIAN for line in path.read_text(encoding="utf-8").splitlines()]
    texts += [example.text for example in (*rule.flag_examples, *rule.pass_examples) if not example.settings]
    texts += [path.read_text(encoding="utf-8") for path in (*MT_FROM_UKRAINIAN, WMT / "generaltest2022.de-en.ref.A.en")]
    # Where the search finds no word: after or before a word character, an address, a dash or apostrophe.
    texts.append(
        "They felt the azhiotazh. x_azhiotazh, azhiotazh.ru, @azhiotazh, azhiotazh's, azhiotazh-da, Жazhiotazh,"
        " azhiotazhЖ, /azhiotazh, .azhiotazh, azhiotazh@, azhiotazh2 and the subbotnik."
    )
    fast, slow = (transliterated._keys, transliterated._candidates), (_searched_keys, _searched_candidates)
    found = 0
    for text in texts:
        doc = _doc(text + "\n")
        monkeypatch.setattr(transliterated, "_keys", fast[0])
        monkeypatch.setattr(transliterated, "_candidates", fast[1])
        quick = list(transliterated.transliterated_words(doc, rule))
        monkeypatch.setattr(transliterated, "_keys", slow[0])
        monkeypatch.setattr(transliterated, "_candidates", slow[1])
        assert quick == list(transliterated.transliterated_words(doc, rule)), text[:80]
        found += len(quick)
    assert len(MT_FROM_UKRAINIAN) == 10 and found > 100, found
