"""Numbers of Russian, Ukrainian, Czech, Chinese and Japanese sources on real WMT data:
a changed number in the MT output is found, and the untouched output raises few SR101
findings (bench/source_accuracy.py; the judged sample is bench/number-precision-2026-11-29.tsv)."""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import REPO, SHARED

# pair -> (system, slice of the test set in lines, lowest share of changed numbers found,
# most SR101 findings on the untouched slice per 1,000 sentences)
PAIRS = {
    "cs-en": ("Online-B", 600, 0.93, 6),
    "uk-en": ("Online-B", 600, 0.93, 6),
    "zh-en": ("Online-B", 600, 0.90, 15),
    "ja-en": ("Online-B", 600, 0.90, 15),
    "ru-en": ("ONLINE-B", 1200, 0.93, 10),
}
FOLDERS = {"ru-en": "wmt23-ru-en"}


def harness():
    spec = importlib.util.spec_from_file_location("source_accuracy", REPO / "bench" / "source_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_changed_numbers_are_found_and_untouched_output_stays_quiet(pair):
    folder = SHARED / "data" / FOLDERS.get(pair, f"wmt22-{pair}")
    if not folder.exists():
        pytest.skip(f"shared data not found at {folder} (set MTCHECK_SHARED)")
    system, lines, least_found, most_findings = PAIRS[pair]
    result = harness().changed_numbers(system, 40, 1, pair, limit=lines)
    assert result["changed"] >= 12, result
    assert result["found"] / result["changed"] >= least_found, result
    assert 1000 * result["false_alarms"] / result["sentences"] <= most_findings, result


def differences(target: str, source: str, lang: str) -> list[tuple[str | None, str | None]]:
    from mtcheck.compare.source import number_differences

    doc, _ = harness().pair([target], [source], lang)
    return [(d.target.text if d.target else None, d.source.text if d.source else None) for d in number_differences(doc)]


def test_a_value_said_twice_is_no_change_unless_both_sides_have_one_left():
    assert differences("Jennifer 8 (Jennifer 8) arrived in Moscow.", "Дженнифер 8 прибыла в Москву.", "ru") == []
    assert differences("Between 70% and 80% can be saved.", "百分之七八十能救过来。", "zh") == []
    # "2-т-1" changed into "1-t-1": the 1 is said twice, but a 2 of the source is left too.
    assert differences(
        "Festivals: 2toggo, 1-t-1 will begin soon.", "Фестивали: «2тогго», скоро начнется “2-т-1”.", "ru"
    ) == [("1", "2")]


def test_numbers_run_together_by_the_translation_read_apart():
    assert differences("On April 3 410 bodies were taken out.", "3 квітня вивезено 410 тіл.", "uk") == []
    assert differences("For her daughters (8, 10,12 years old).", "Для її доньок (8, 10 ,12 років).", "uk") == []
    # A real thousands group stays one number, and a changed one is still found.
    assert differences("On April 3 3,410 bodies were taken out.", "3 квітня вивезено 410 тіл.", "uk") == [
        ("3,410", "410")
    ]
