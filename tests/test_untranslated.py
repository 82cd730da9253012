"""Untranslated and wrong-language text (LI1xx): the identifier interface, the pre-filter,
and detection on WMT22 references with German lines put back in."""

from __future__ import annotations

import importlib.util

import pytest

from mtcheck.checks.untranslated import _cannot_lean, probe
from mtcheck.langid import LanguageIdentificationError, identifier, languages_in_play
from mtcheck.names import contested_words, lexicon
from mtcheck.words import sentence_words
from tests.conftest import REPO, WMT, check_text, codes, needs_shared


def harness():
    spec = importlib.util.spec_from_file_location("untranslated_accuracy", REPO / "bench" / "untranslated_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_langdetect_is_deterministic_and_limited_to_languages_in_play():
    asked = identifier(("de", "en", "es"))
    text = "die Regierung hat am Montag neue Maßnahmen beschlossen"
    first = asked.probabilities(text)
    assert first[0][0] == "de" and first[0][1] > 0.9
    assert all(asked.probabilities(text) == first for _ in range(5))
    assert {lang for lang, _ in asked.probabilities("el gobierno aprobó nuevas medidas el lunes")} <= {"de", "en", "es"}


def test_languages_in_play_narrow_to_the_source_when_known():
    assert languages_in_play("en", "es") == ("en", "es")
    assert {"de", "fr", "es"} <= set(languages_in_play("en", None))


def test_missing_optional_backend_is_a_clear_error(monkeypatch):
    if importlib.util.find_spec("py3langid") is not None:
        pytest.skip("py3langid is installed here")
    with pytest.raises(LanguageIdentificationError, match="pip install mtcheck\\[py3langid\\]"):
        identifier(("de", "en"), "py3langid").probabilities("die Regierung hat beschlossen")


def test_prefilter_settles_an_english_headline_without_other_word_lists():
    # Only "euro" leans away (more frequent in German and Italian) and "eases" is unknown:
    # five words are surely English, so no other language's list is needed.
    tokens = ["euro", "area", "inflation", "eases", "as", "energy", "prices", "fall"]
    assert _cannot_lean(tokens, lexicon("en"), contested_words("en"))
    assert not _cannot_lean(["die", "regierung", "hat", "beschlossen"], lexicon("en"), contested_words("en"))


def test_names_and_numbers_are_not_shown_to_the_identifier():
    doc, _ = check_text("The talks between Olaf Scholz and Emmanuel Macron in Berlin ended on 12 May.\n")
    assert probe(sentence_words(doc)[0]) == ["the", "talks", "between", "and", "in", "ended", "on"]


def test_german_paragraph_in_english_article_is_one_critical_finding():
    text = (
        "The government approved the budget on Monday after a long debate.\n\n"
        "Die Opposition kritisierte den Entwurf scharf. Sie forderte mehr Geld für Schulen.\n\n"
        "The vote is expected next week.\n"
    )
    doc, findings = check_text(text)
    untranslated = [f for f in findings if f.code == "LI101"]
    assert len(untranslated) == 1 and untranslated[0].severity.name == "CRITICAL"
    assert "German" in untranslated[0].message
    assert doc.position(untranslated[0].start)[0] == 3 and doc.position(untranslated[0].end)[0] == 3


def test_an_article_entirely_in_spanish_gets_one_finding_and_nothing_else():
    text = (
        "El Gobierno aprobó este martes el proyecto de ley de presupuestos para el próximo año.\n\n"
        "La ministra de Hacienda defendió que las cuentas son las más sociales de la historia.\n\n"
        "La oposición anunció que presentará enmiendas a la totalidad en las próximas semanas.\n"
    )
    _, findings = check_text(text)
    assert codes(findings) == ["LI104"] and "Spanish" in findings[0].message


def test_clean_english_with_foreign_names_and_quoted_script_is_quiet():
    text = (
        "Chancellor Olaf Scholz said the Bundestag would vote on Friday.\n\n"
        "The newspaper «Izvestia» (Известия) quoted the Kremlin spokesman Dmitry Peskov.\n\n"
        "Residents of São Paulo and Düsseldorf joined the protests, organisers said.\n"
    )
    _, findings = check_text(text)
    assert not [f for f in findings if f.code.startswith("LI")]


@needs_shared(WMT)
def test_german_lines_in_wmt22_references_are_found():
    module = harness()
    found = replaced = 0
    for seed in range(1, 6):
        result = module.evaluate("A", doc_lines=40, seed=seed)
        found += result["found"]
        replaced += result["replaced"]
    assert replaced > 400
    assert found / replaced >= 0.95, f"{found}/{replaced}"


@needs_shared(WMT)
@pytest.mark.parametrize("reference", ["A", "B"])
def test_untouched_wmt22_references_have_at_most_one_untranslated_finding_per_thousand(reference):
    result = harness().evaluate(reference, doc_lines=40, seed=1)
    assert result["sentences"] > 1900
    assert 1000 * result["false_alarms"] / result["sentences"] <= 1.0, result
