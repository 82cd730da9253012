"""The floor on precision and recall per rule family over corpora/ (issue 2: 0.95)."""

from __future__ import annotations

import pytest

from mtcheck.evaluate import GoldError, evaluate_corpus, read_gold
from tests.conftest import REPO

FLOOR = 0.95
CORPORA = REPO / "corpora"


@pytest.fixture(scope="module")
def report():
    return evaluate_corpus([CORPORA])


def test_corpus_is_big_enough_to_mean_something(report):
    assert report.articles >= 20
    for family in ("casing", "segmentation", "residue", "dateline"):
        assert report.families[family].gold >= 15, family


@pytest.mark.parametrize("family", ["casing", "segmentation", "residue", "dateline"])
def test_precision_and_recall_floor(report, family):
    score = report.families[family]
    details = "\n".join([f"missed {a.path}:{a.line}:{a.column} {a.text!r}" for a in report.misses if a.family == family] + report.false_alarms)
    assert score.precision >= FLOOR, details
    assert score.recall >= FLOOR, details


def test_gold_that_drifts_from_its_article_is_an_error(tmp_path):
    gold = tmp_path / "a.gold.tsv"
    gold.write_text("1\t5\t9\tcasing\tkyiv\t\n", encoding="utf-8")
    with pytest.raises(GoldError, match="the article has 'army' there, not 'kyiv'"):
        read_gold(gold, "The army left kyiv.\n", "a.txt")
