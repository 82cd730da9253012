"""The floor on precision and recall per rule family over corpora/ (issue 2: 0.95)."""

from __future__ import annotations

import pytest

from mtcheck.evaluation.annotated import GoldError, evaluate_corpus, read_gold
from tests.conftest import REPO

FLOOR = 0.95
CORPORA = REPO / "corpora"


@pytest.fixture(scope="module")
def report():
    return evaluate_corpus([CORPORA])


FAMILIES = [
    "casing",
    "segmentation",
    "residue",
    "dateline",
    "typography",
    "tokenization",
    "encoding",
    "locale",
    "degeneration",
    "calque",
    "untranslated",
    "source",
]
TARGET_LANGUAGES = ["es", "fr", "de"]


def test_corpus_is_big_enough_to_mean_something(report):
    assert report.articles >= 25
    for family in FAMILIES:
        assert report.families[family].gold >= 15, family


@pytest.mark.parametrize("family", FAMILIES)
def test_precision_and_recall_floor(report, family):
    score = report.families[family]
    details = "\n".join(
        [f"missed {a.path}:{a.line}:{a.column} {a.text!r}" for a in report.misses if a.family == family]
        + report.false_alarms
    )
    assert score.precision >= FLOOR, details
    assert score.recall >= FLOOR, details


@pytest.mark.parametrize("language", TARGET_LANGUAGES)
def test_each_target_language_holds_the_floor_on_its_own_articles(language):
    """Spanish, French and German targets: the language-independent families with their
    conventions (quotes, decimal comma, abbreviations), each language measured alone."""
    report = evaluate_corpus([CORPORA / language])
    assert report.articles >= 2
    assert sum(score.gold for score in report.families.values()) >= 15
    assert {"segmentation", "residue", "dateline", "typography", "locale", "untranslated"} <= set(report.families)
    details = "\n".join(
        [f"missed {a.path}:{a.line}:{a.column} {a.text!r}" for a in report.misses] + report.false_alarms
    )
    assert report.meets(FLOOR), details


def test_gold_that_drifts_from_its_article_is_an_error(tmp_path):
    gold = tmp_path / "a.gold.tsv"
    gold.write_text("1\t5\t9\tcasing\tkyiv\t\n", encoding="utf-8")
    with pytest.raises(GoldError, match="the article has 'army' there, not 'kyiv'"):
        read_gold(gold, "The army left kyiv.\n", "a.txt")


def test_every_article_unpacks_into_a_draft_that_annotates_back(tmp_path):
    """scripts/annotate.py round trip: corpora stay editable as annotated drafts."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("annotate", REPO / "scripts" / "annotate.py")
    annotate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(annotate)
    for gold in sorted(CORPORA.rglob("*.gold.tsv")):
        article = next(p for p in gold.parent.glob(gold.name.replace(".gold.tsv", ".*")) if p.suffix in (".md", ".txt"))
        draft = tmp_path / "drafts" / article.name
        draft.parent.mkdir(exist_ok=True)

        draft.write_text(annotate.unpack(article), encoding="utf-8")
        annotate.main([str(draft), str(tmp_path / "out")])
        assert (tmp_path / "out" / article.name).read_text(encoding="utf-8") == article.read_text(encoding="utf-8")
        assert (tmp_path / "out" / gold.name).read_text(encoding="utf-8") == gold.read_text(encoding="utf-8")
