"""The MQM-style quality score: penalties by severity and error type, per sentence and per
file, in the reports, and --fail-under."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.engine.findings import Severity
from mtcheck.engine.packs import load_rules
from mtcheck.engine.quality import (
    _WORD,
    MQM_ERROR_TYPES,
    NON_TRANSLATION_PENALTY,
    _latin_word_count,
    mqm_error_type,
    penalty,
    quality,
    word_count,
)
from tests.conftest import REPO, SHARED, check_text

BRIEF = REPO / "examples" / "brief.txt"
SAMPLE = REPO / "examples" / "sample-article.txt"
DIGEST = REPO / "corpora" / "en" / "clean-wire-digest.txt"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def file_quality_of(text: str, **settings):
    doc, findings = check_text(text, **settings)
    return findings, quality(doc.checked, findings, [(s.start, s.end) for s in doc.sentences])


def test_every_bundled_category_has_an_mqm_error_type():
    categories = {rule.category for rule in load_rules("en").rules}
    assert categories <= set(MQM_ERROR_TYPES), categories - set(MQM_ERROR_TYPES)
    assert mqm_error_type("Style/Register") == "Style"  # a user pack's own category


def test_brief_costs_two_majors_over_its_thirteen_words():
    findings, found = file_quality_of(BRIEF.read_text(encoding="utf-8"))
    assert sorted(f.code for f in findings) == ["MT101", "MT401"]
    assert [penalty(f) for f in findings] == [5.0, 5.0]
    # KYIV Nov 8 Ministers met in kyiv on Friday to discuss air defence
    assert found.words == 13 and found.penalty == 10.0
    assert found.score == pytest.approx(100 - 100 * 10 / 13)
    (sentence,) = found.sentences
    assert sentence.penalty == 10.0 and set(sentence.codes) == {"MT101", "MT401"}


def test_minor_punctuation_costs_a_tenth_and_untranslated_text_twenty_five():
    findings, _ = file_quality_of("The minister said , on Friday, that talks would resume.\n")
    spacing = [f for f in findings if f.category == "Fluency/Punctuation"]
    assert spacing and all(f.severity == Severity.MINOR for f in spacing)
    assert [penalty(f) for f in spacing] == [0.1] * len(spacing)
    german = (
        "The government met on Monday.\n\n"
        "Die Regierung hat am Montag beschlossen, die Steuern für kleine Unternehmen im nächsten Jahr zu senken, "
        "wie der Finanzminister in Berlin mitteilte.\n"
    )
    findings, found = file_quality_of(german)
    untranslated = [f for f in findings if f.category == "Accuracy/Untranslated text"]
    assert untranslated and untranslated[0].severity >= Severity.MAJOR
    assert penalty(untranslated[0]) == NON_TRANSLATION_PENALTY
    assert found.sentences[-1].penalty >= NON_TRANSLATION_PENALTY  # counted in the German sentence
    assert found.sentences[0].start > 0  # the English sentence has no finding and is not listed


def test_a_clean_article_scores_higher_than_a_damaged_copy():
    clean = DIGEST.read_text(encoding="utf-8")
    damaged = (
        "Follow live the latest news about the war in Ukraine\n"
        + clean.replace("Nov. 8 (AP)", "Nov. 8 ()").replace("Friday", "friday").replace("Japan", "japan")
        + "\nAdd Comment\n"
    )
    _, clean_quality = file_quality_of(clean)
    findings, damaged_quality = file_quality_of(damaged)
    assert clean_quality.penalty == 0 and clean_quality.score == 100
    assert damaged_quality.penalty == pytest.approx(sum(penalty(f) for f in findings))
    assert len(findings) >= 5 and damaged_quality.score < 90
    assert word_count(damaged) > word_count(clean)


def test_json_reports_the_score_per_file_and_per_sentence():
    result = run("check", "--format", "json", str(SAMPLE))
    (entry,) = json.loads(result.stdout)["files"]
    found = entry["quality"]
    assert found["penalty"] == pytest.approx(sum(d["penalty"] for d in entry["diagnostics"]))
    assert found["score"] == pytest.approx(max(0, 100 - 100 * found["penalty"] / found["words"]), abs=0.01)
    first = found["sentences"][0]
    assert first["line"] == 1 and first["codes"] == ["MT302"]
    assert first["text"] == "Follow live the latest news about the energy crisis"
    assert first["penalty"] == 5.0 and first["words"] == 9
    assert sum(s["penalty"] for s in found["sentences"]) == pytest.approx(found["penalty"])
    assert "reference" not in first


def test_json_puts_bleu_and_chrf_beside_a_sentence_penalty_with_a_reference(tmp_path):
    mt = tmp_path / "mt.txt"
    ref = tmp_path / "ref.txt"
    mt.write_text("Ministers met in kyiv on Friday.\n\nThe talks ended without a deal.\n", encoding="utf-8")
    ref.write_text("Ministers met in Kyiv on Friday.\n\nThe talks ended with no agreement.\n", encoding="utf-8")
    result = run("check", "--format", "json", "--ref", str(ref), str(mt))
    (entry,) = json.loads(result.stdout)["files"]
    (sentence,) = entry["quality"]["sentences"]
    assert sentence["codes"] == ["MT101"]
    assert sentence["reference"]["segment"] == 1
    assert 0 < sentence["reference"]["chrf"] < 100 and 0 < sentence["reference"]["bleu"] < 100


def test_fail_under_exits_1_when_a_file_scores_under_it():
    # The sample scores about 65; --fail-on never leaves the score as the only gate.
    assert run("check", "--fail-on", "never", "--fail-under", "60", str(SAMPLE)).exit_code == 0
    assert run("check", "--fail-on", "never", "--fail-under", "70", str(SAMPLE)).exit_code == 1
    assert run("check", "--fail-on", "never", "--fail-under", "100", str(DIGEST)).exit_code == 0
    assert run("check", "--fail-under", "101", str(DIGEST)).exit_code == 2  # out of range: a usage error


def test_text_summary_and_explain_show_the_score():
    summary = run("check", str(SAMPLE)).stdout.strip().splitlines()[-1]
    assert summary.endswith("; score 64.8/100.")
    both = run("check", str(SAMPLE), str(BRIEF)).stdout.strip().splitlines()[-1]
    assert f"lowest 23.1/100 ({BRIEF})" in both
    explained = run("explain", "--scoring").stdout
    assert "score = max(0, 100 - 100 * penalty / words)" in explained and "Style/Awkward" in explained


def test_sarif_and_jsonl_carry_penalties():
    jsonl = [json.loads(line) for line in run("check", "--format", "jsonl", str(BRIEF)).stdout.splitlines()]
    assert [line["penalty"] for line in jsonl] == [5.0, 5.0]
    sarif = json.loads(run("check", "--format", "sarif", str(BRIEF)).stdout)["runs"][0]
    assert [r["properties"]["penalty"] for r in sarif["results"]] == [5.0, 5.0]
    assert list(sarif["properties"]["scores"].values()) == [pytest.approx(23.08)]


def test_words_counted_without_the_regex_are_its_matches_for_every_character():
    """_latin_word_count against _WORD.findall: every code point as a word, inside a word, doubled,
    at each end of one and after a joiner, a few thousand to a text (the other words keep each
    text within the share of characters beyond Latin-1 that it reads)."""
    points = [chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000]
    for first in range(0, len(points), 2048):
        text = "".join(
            f"a{c}b {c}{c} a{c} {c}b 1’{c} x.{c} {c}-y it's a well-known fact in the U.S. that few words__ go ... "
            for c in points[first : first + 2048]
        )
        counted = _latin_word_count(text)
        assert counted is not None and counted == len(_WORD.findall(text)), f"from U+{ord(points[first]):04X}"


def test_word_count_is_the_regex_count_on_every_wmt_text():
    texts = sorted((SHARED / "data").glob("wmt2*/*"))
    if not texts:
        pytest.skip(f"no WMT data under {SHARED / 'data'}")
    read = 0
    for path in texts:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, IsADirectoryError):
            continue
        read += 1
        assert word_count(text) == len(_WORD.findall(text)), path.name
        half = len(text) // 2  # a span, as a sentence's words are counted
        assert word_count(text, half, half + 5000) == len(_WORD.findall(text, half, half + 5000)), path.name
    assert read > 20
