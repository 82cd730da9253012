"""The word lists of frequent source words with their English equivalents, and how they place
a line left out among short chat lines with no number, name or mark."""

from __future__ import annotations

from mtcheck.compare import source
from mtcheck.language.bilingual_words import word_list
from tests.conftest import SHARED, needs_shared

UK = SHARED / "data" / "wmt22-uk-en"


def test_a_chat_line_and_its_translation_share_meanings():
    words = word_list("uk")
    shared = words.source_meanings("Завтра ввечері, після роботи.") & words.english_meanings(
        "Tomorrow night, after work."
    )
    assert len(shared) == 3  # tomorrow, evening/night, work
    apology = words.source_meanings("Я забула вам написати, вибачте.")
    assert len(apology & words.english_meanings("I forgot to write to you, sorry.")) == 3
    assert not apology & words.english_meanings("Yesterday everything went very well.")


def test_a_word_stands_for_its_longest_stem_only():
    words = word_list("ru")
    breakfast = words.source_meanings("завтраком")
    assert breakfast and not breakfast & words.english_meanings("tomorrow")
    assert words.source_meanings("завтра") & words.english_meanings("tomorrow")
    # a stem with more than an ending after it is another word ("среди": among, not Wednesday)
    assert not words.source_meanings("среди") & words.english_meanings("Wednesday")
    assert not words.english_meanings("an") and not words.source_meanings("он")


def test_languages_without_a_list_have_none():
    assert word_list("de") is None and word_list("fr") is None
    assert word_list("cs") is not None


def test_words_of_an_unspaced_source_are_found_where_they_occur_longest_first():
    chinese = word_list("zh")
    shared = chinese.source_meanings("明天晚上下班以后。") & chinese.english_meanings("Tomorrow night, after work.")
    assert len(shared) == 2  # tomorrow, night ("下班", to leave work, is not listed)
    november = chinese.source_meanings("十一月")
    assert november == chinese.english_meanings("November") and not november & chinese.english_meanings("January")
    japanese = word_list("ja")
    thanks = japanese.source_meanings("昨日はありがとうございました。")
    assert len(thanks & japanese.english_meanings("Thank you for yesterday.")) == 2


def _gap_lines(system_lines: list[str], source_lines: list[str], drop: int) -> list[tuple[int, ...]]:
    import importlib.util

    from tests.conftest import REPO

    spec = importlib.util.spec_from_file_location("source_accuracy", REPO / "bench" / "source_accuracy.py")
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    target, original = harness.pair(system_lines[:drop] + system_lines[drop + 1 :], source_lines, "uk")
    return [
        tuple(harness.line_of(original, original.sentences[j].start) for j in gap.source)
        for gap in source.omissions(target)
    ]


@needs_shared(UK)
def test_a_chat_line_left_out_is_placed_by_its_words(monkeypatch):
    """WMT22 uk-en, Online-Y, lines 241-280: "I forgot to write to you, sorry." left out
    between two lines of its length; without the word list the gap was reported one line on,
    at "Yesterday everything went very well." (Вчора все пройшло дуже добре.)."""
    src = (UK / "generaltest2022.uk-en.src.uk").read_text(encoding="utf-8").split("\n")[240:280]
    mt = (UK / "generaltest2022.uk-en.hyp.Online-Y.en").read_text(encoding="utf-8").split("\n")[240:280]
    assert _gap_lines(mt, src, 30) == [(30,)]
    monkeypatch.setattr(source, "word_list", lambda code: None)
    assert _gap_lines(mt, src, 30) == [(31,)]
