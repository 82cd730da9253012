"""The Russian/Ukrainian and Chinese calque packs: dormant for other sources, quiet on human
translations, busy on machine translations of the same segments.

Ceilings are the rates measured on the WMT references with the packs as committed
(bench/calques-ru-zh-2026-11-29.md), with about half again as margin: nearly every finding
there is a reference that has the calque itself (translators also write "on the territory
of", "(Reporter Zhang Ying)"), so a rule that starts firing on plain English shows at once.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import REPO, SHARED

from mtcheck.engine.packs import load_rules

DATA = SHARED / "data"

spec = importlib.util.spec_from_file_location("calque_precision", REPO / "bench" / "calque_precision.py")
calque_precision = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = calque_precision  # its dataclasses look their module up by name
spec.loader.exec_module(calque_precision)


def codes(rules) -> set[str]:
    return {rule.code[:2] for rule in rules}


def test_packs_stay_dormant_for_another_source_language():
    ruleset = load_rules("en", (), "de")
    assert not codes(ruleset.rules) & {"RU", "ZH"}
    dormant = {d.code for d in ruleset.dormant}
    assert {"RU101", "ZH101"} <= dormant


def test_ukrainian_source_switches_on_the_russian_pack_only():
    ruleset = load_rules("en", (), "uk")
    assert "RU" in codes(ruleset.rules) and "ZH" not in codes(ruleset.rules)


# (folder, source language, ceiling on reference findings per 1,000 sentences)
REFERENCE_CEILINGS = [
    ("wmt23-ru-en", "ru", 5.0),  # measured 3.38: 6 findings, each a reference with the calque
    ("wmt22-uk-en", "uk", 7.0),  # measured 4.38: 10 findings, each a reference with the calque
    ("wmt22-zh-en", "zh", 17.0),  # measured 11.7 over both references: Xinhua bylines kept by the translators
]


def tally(folder: str, lang: str, side: str, limit: int | None = None):
    path = DATA / folder
    files = sorted(path.glob(f"*.{side}.*.en"))[:limit]
    hits: list = []
    return calque_precision.check_files(calque_precision.pack_checker(lang), files, side, 0, None, hits)


@pytest.mark.parametrize("folder,lang,ceiling", REFERENCE_CEILINGS)
def test_references_stay_under_the_measured_ceiling(folder, lang, ceiling):
    if not (DATA / folder).exists():
        pytest.skip(f"shared data not found at {DATA / folder} (set MTCHECK_SHARED)")
    refs = tally(folder, lang, "ref")
    assert refs.sentences > 1500
    assert refs.per_thousand() <= ceiling, refs.findings


@pytest.mark.parametrize("folder,lang", [("wmt23-ru-en", "ru"), ("wmt22-zh-en", "zh")])
def test_machine_translations_have_far_more_calques_than_the_references(folder, lang):
    if not (DATA / folder).exists():
        pytest.skip(f"shared data not found at {DATA / folder} (set MTCHECK_SHARED)")
    outputs = tally(folder, lang, "hyp", limit=3)
    refs = tally(folder, lang, "ref")
    assert outputs.per_thousand() >= 1.5 * refs.per_thousand(), (outputs.findings, refs.findings)
