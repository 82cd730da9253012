"""Chinese and Japanese words in Latin letters (mtcheck/language/romanisation.py, the optional
extra `cjk`) as anchors when a translation is aligned with its source."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from mtcheck.compare import source as source_alignment
from mtcheck.compare.alignment import SentenceFeatures
from mtcheck.language import romanisation
from mtcheck.language.profiles import language
from mtcheck.language.romanisation import available, romanised
from mtcheck.language.transliteration import skeleton
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText
from tests.conftest import REPO, SHARED, needs_shared

needs_pinyin = pytest.mark.skipif(not available("zh"), reason="pypinyin is not installed (pip install mtcheck[cjk])")
needs_cutlet = pytest.mark.skipif(
    not available("ja"), reason="cutlet with a UniDic dictionary is not installed (pip install mtcheck[cjk])"
)


@needs_pinyin
def test_chinese_names_are_spelled_in_pinyin_runs_of_two_to_four_characters():
    spelled = romanised("兰州交通大学3名学生给习近平写信", "zh")
    assert {"lanzhou", "jiaotong", "xijinping", "jinping"} <= set(spelled)
    assert not any(len(word) < 4 for word in spelled)  # no single syllables: "xi", "li"


@needs_cutlet
def test_japanese_loanwords_take_their_english_spelling_and_names_their_romaji():
    assert "tomato" in romanised("濃厚トマトのおいしさ", "ja")
    assert {"fukushima", "matsumoto"} <= set(romanised("福島県矢祭町高地原地区の松本好郎さん。", "ja"))
    # Words written in kanji or hiragana that are no names are not spelled.
    assert romanised("今日はとても暑いです。", "ja") == ()


@needs_cutlet
def test_a_run_too_long_for_a_sentence_is_not_spelled():
    # Hostile input: MeCab's time grows faster than the length of one unbroken run of kana.
    assert romanised("トマト" + "ア" * romanisation.LONGEST, "ja") == ()
    assert romanised("濃厚トマト" * 10, "ja").count("tomato") == 10


def test_other_languages_are_not_spelled():
    assert romanised("Zelenskyj přijel do Prahy.", "cs") == ()


def test_without_the_libraries_nothing_is_spelled_and_alignment_goes_on(monkeypatch):
    monkeypatch.setattr(romanisation, "_pinyin", lambda: None)
    monkeypatch.setattr(romanisation, "_cutlet", lambda: None)
    assert romanised("兰州交通大学", "zh") == () and romanised("濃厚トマト", "ja") == ()
    doc = build_document(InputText("a.txt", "Rich tomatoes.\nIt is cold.\n", "text"), "en")
    doc.original = build_document(InputText("a.ja.txt", "濃厚トマト。\n寒いです。\n", "text"), "ja")
    assert len(source_alignment.align_with_source(doc).beads) == 2


def features(*keys: str) -> SentenceFeatures:
    return SentenceFeatures(Counter(keys), Counter(), len(keys), 10)


@needs_pinyin
def test_a_pinyin_name_is_an_anchor_where_the_translation_writes_it_capitalised():
    target = ["President Xi Jinping visited Lanzhou.", "The weather was fine."]
    source = ["习近平主席访问兰州。", "天气很好。"]
    with_names, source_with, unmatched = source_alignment._with_romanised_names(
        target, source, [features(), features()], [features(), features()], "zh"
    )
    names = {"~" + skeleton("xijinping"), "~" + skeleton("lanzhou")}
    assert names <= set(source_with[0].unigrams) <= set(with_names[0].unigrams)
    assert not source_with[1].unigrams and not with_names[1].unigrams
    assert unmatched == [Counter(), Counter()]  # a Chinese run the translation lacks is mostly no name


@needs_cutlet
def test_a_japanese_loanword_the_translation_lacks_still_marks_its_line():
    target = ["Spring arrivals in popular outerwear."]
    source = ["人気のアウターに春夏新作が入荷", "濃厚トマトのおいしさ"]
    english = source_alignment.anchors(target[0], language("en"))
    _, source_with, unmatched = source_alignment._with_romanised_names(
        target, source, [english], [features(), features()], "ja"
    )
    assert "oute" in source_with[0].unigrams  # "outer" and "outerwear" share their first letters
    assert unmatched[1] == Counter({"tomato"[:4]: 1})  # the tomatoes are nowhere in the translation


@needs_cutlet
@needs_shared(SHARED / "data" / "wmt22-ja-en")
def test_a_dropped_japanese_line_is_placed_by_its_loanwords():
    # WMT22 ja-en, Online-Y, lines 441-480 with line 471 left out ("募集 スクリプトコンパイルの
    # やり方&既存MODのスクリプト改変のやりかた"): lengths alone reported the line before it;
    # "script" and "compile" are nowhere in what is left of the translation.
    import importlib.util

    spec = importlib.util.spec_from_file_location("source_accuracy", REPO / "bench" / "source_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    japanese = module.read("src", "ja-en")[440:480]
    english = module.read("hyp.Online-Y.en", "ja-en")[440:480]
    target, source = module.pair(english[:30] + english[31:], japanese, "ja")
    gap_at = sum(len(line) + 1 for line in english[:30])
    found = [
        {module.line_of(source, source.sentences[j].start) for j in gap.source}
        for gap in source_alignment.omissions(target)
        if gap_at - 1 <= gap.at <= gap_at
    ]
    assert {30} in found


def test_checking_an_article_does_not_import_the_romanisation_libraries():
    code = (
        "import sys\n"
        "from mtcheck.run.api import check_text\n"
        "check_text('The minister said 12 people came.\\n', source='Der Minister sagte, 12 Leute kamen.\\n', "
        "source_lang='de')\n"
        "print(sorted(m for m in ('pypinyin', 'cutlet', 'fugashi') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip() == "[]"
