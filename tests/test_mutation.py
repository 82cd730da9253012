"""The mutation evaluation: injectors make the failures they claim, and a fixed subset of
the evaluation holds every artifact type's recall and the false-alarm ceiling, so that a
later change cannot quietly lose a family (issue 9)."""

from __future__ import annotations

import random

import pytest

import mtcheck.engine.windows
import mtcheck.run.session
from mtcheck.evaluation.injectors import INJECTORS, Article, Context, iter_cases
from mtcheck.evaluation.mutation import Corpus, evaluate_injection, measure_false_alarms, read_corpus, read_judgements
from mtcheck.run.session import Session
from tests.conftest import REPO, SHARED, needs_shared

UK = SHARED / "data" / "wmt22-uk-en" / "wmttest2022.uk-en.all.xml"
DE_REF = SHARED / "data" / "wmt22-de-en" / "generaltest2022.de-en.ref.A.en"
JUDGEMENTS = REPO / "bench" / "clean-text-judgements.tsv"
ARTICLE = Article(
    "sample",
    (
        "Ministers meet in Brussels to discuss the budget",
        "BRUSSELS (Reuters) - The ministers of the European Union met on Monday in Brussels to discuss a budget of 12,500 million euros.",
        "“We will not give up,” said Olaf Scholz, the German chancellor. The talks were difficult, and they ended at 3.5 hours past midnight.",
        "Russia and Ukraine were not at the table. The state-owned companies of France didn't object (officials said).",
        "The next round of talks is planned for March in Berlin.",
    ),
)


@pytest.mark.parametrize("name", sorted(INJECTORS))
def test_each_injector_changes_the_text_and_points_inside_it(name):
    injector = INJECTORS[name]
    context = Context(foreign={"de": ["Die Minister trafen sich am Montag in Brüssel, um den Haushalt zu beraten."]})
    made = 0
    for case in range(30):
        context.case = case
        mutation = injector.function(ARTICLE, random.Random(case), context)
        if mutation is None:
            continue
        made += 1
        assert mutation.text != ARTICLE.text
        assert 0 <= mutation.start < mutation.end <= len(mutation.text), mutation
        assert mutation.subtype
    assert made, f"{name} found no place in the sample article"


def test_cases_are_the_same_for_the_same_seed():
    articles = [ARTICLE]
    context = Context(foreign={})
    first = [(i.name, m.text) for i, _, m in iter_cases(articles, list(INJECTORS.values()), 3, 7, context) if m]
    second = [(i.name, m.text) for i, _, m in iter_cases(articles, list(INJECTORS.values()), 3, 7, context) if m]
    assert first == second and first


@needs_shared(UK)
def test_wmt_xml_documents_are_articles_with_their_sources():
    corpus = read_corpus([UK])
    assert len(corpus.articles) > 800
    article = corpus.articles[0]
    assert article.source and len(article.source) == len(article.paragraphs) and article.source_lang == "uk"
    assert article.origins[0].startswith("wmt22-uk-en/wmttest2022.uk-en.all.xml#")


@needs_shared(DE_REF)
def test_segment_files_are_cut_into_articles_and_placeholders_left_out():
    corpus = read_corpus([DE_REF], lines_per_article=20)
    assert corpus.dropped_segments > 50  # #PRS_ORG#, #NUMBER#: the data set's anonymisation
    assert all(len(a.paragraphs) <= 20 for a in corpus.articles)
    assert corpus.articles[0].origins[0] == "wmt22-de-en/generaltest2022.de-en.ref.A.en:1"
    assert corpus.foreign["de"]


@needs_shared(DE_REF)
@needs_shared(UK)
def test_regression_guard_every_type_found_and_few_false_alarms():
    """20 cases per type on the de-en reference A and the uk-en documents: every type at
    0.85 or better (the full
    evaluation, bench/mutation_eval.py, holds them at 0.95 with 40 cases and three seeds on
    five pairs), and on the untouched text at most 10 findings per 1,000 sentences, and 0.5
    major ones, that the judgements do not hold to be real problems of the reference."""
    corpus = read_corpus([DE_REF, UK], lines_per_article=20)
    judged = read_judgements(JUDGEMENTS) if JUDGEMENTS.exists() else {}
    report = evaluate_injection(corpus, Session(), seed=11, cases=20, judgements=judged)
    low = {name: round(score.recall, 2) for name, score in report.types.items() if score.cases and score.recall < 0.85}
    assert not low, f"recall below 0.85: {low}\n" + "\n".join(m for name in low for m in report.types[name].misses)
    assert all(score.cases >= 15 for score in report.types.values())
    fa = report.false_alarms
    false = [f"{f.origin} {f.finding.code} {f.text!r}" for f in fa.findings if f.key not in fa.judged_real]
    assert fa.per_thousand(false_only=True) <= 10, "\n".join(false)
    assert fa.per_thousand(floor=2, false_only=True) <= 0.5, "\n".join(false)


def test_false_alarms_count_the_sentences_of_an_article_checked_in_windows(monkeypatch):
    """An article long enough to be checked window by window has no whole document in its
    result: its sentences are still counted, as many as when it is checked whole (this
    crashed with AttributeError on 'TextView' for an article over 2,000,000 characters)."""
    corpus = Corpus([Article("sample", ARTICLE.paragraphs * 30)])
    whole = measure_false_alarms(corpus, Session())
    monkeypatch.setattr(mtcheck.engine.windows, "WINDOW_CHARACTERS", 2000)
    monkeypatch.setattr(mtcheck.run.session, "WINDOWED_ABOVE", 4000)
    assert len(corpus.articles[0].text) > 4000
    windowed = measure_false_alarms(corpus, Session())
    assert whole.sentences >= 30 * len(ARTICLE.paragraphs)
    assert windowed.sentences == whole.sentences
    assert windowed.articles == 1
