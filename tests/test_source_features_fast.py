"""Shortcuts in the features the source alignment computes per sentence (mtcheck/compare/source.py,
mtcheck/language/romanisation.py, transliteration.py) give what the slow way gives."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from mtcheck.compare import source as source_alignment
from mtcheck.compare.alignment import SentenceFeatures
from mtcheck.language import transliteration
from mtcheck.language.romanisation import available, romanised
from mtcheck.language.transliteration import kept_letters, skeleton
from tests.conftest import SHARED, needs_shared

ZH = SHARED / "data" / "wmt22-zh-en"
ZH_SOURCE = ZH / "generaltest2022.zh-en.src.zh"
ZH_SYSTEMS = ("DLUT", "HuaweiTSC", "Online-A")
needs_pinyin = pytest.mark.skipif(not available("zh"), reason="pypinyin is not installed (pip install mtcheck[cjk])")


def test_no_fold_of_the_skeleton_writes_or_removes_a_kept_letter() -> None:
    kept = transliteration._FOLDED
    for spelled, folded in transliteration._FOLDS:
        assert spelled.translate(kept) == folded.translate(kept), (spelled, folded)
    assert all(not start[0].translate(kept) for start in transliteration._SILENT_START)


def _words() -> list[str]:
    rnd = random.Random(13)
    letters = "abcdefghijklmnopqrstuvwxyz'’üéčš"
    words = ["".join(rnd.choice(letters) for _ in range(rnd.randint(0, 14))) for _ in range(100_000)]
    words += ["".join(rnd.choice("aiueoszhckjyw") for _ in range(rnd.randint(0, 10))) for _ in range(100_000)]
    return words + ["zelenskyy", "knox", "wright", "dzhokhar", "shchedrin", "xijinping", "aaa'a", ""]


def test_a_word_and_its_skeleton_keep_the_same_letters() -> None:
    for word in _words():
        assert kept_letters(skeleton(word)) == kept_letters(word), word


def _with_romanised_names_slowly(
    target_texts: list[str], source_texts: list[str], target: list[SentenceFeatures], source: list[SentenceFeatures]
) -> tuple[list[SentenceFeatures], list[SentenceFeatures], list[Counter]]:
    """The Chinese branch of _with_romanised_names as it was: every spelling folded."""
    from pypinyin import lazy_pinyin

    names = [
        Counter(source_alignment._NAME_KEY + skeleton(name) for name in source_alignment._capitalised_names(text))
        for text in target_texts
    ]
    target = [source_alignment._plus(f, n) for f, n in zip(target, names)]
    translated = {key for counter in names for key in counter}
    spelled = []
    for text in source_texts:
        words = []
        for run in re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", text) if len(text) <= 1000 else []:
            syllables = lazy_pinyin(run)
            if len(syllables) == len(run):
                for size in (2, 3, 4):
                    words += ["".join(syllables[k : k + size]) for k in range(len(syllables) - size + 1)]
        spelled.append(Counter(source_alignment._NAME_KEY + transliteration.skeleton(w) for w in words))
    lines_with = Counter(key for counter in spelled for key in counter)
    translated = {key for key in translated if lines_with[key] <= source_alignment.NAME_LINES}
    source = [
        source_alignment._plus(f, Counter({k: n for k, n in s.items() if k in translated}))
        for f, s in zip(source, spelled)
    ]
    return target, source, [Counter() for _ in spelled]


def _unigrams(features: list[SentenceFeatures]) -> list[list[tuple[str, int]]]:
    return [list(f.unigrams.items()) for f in features]


@needs_pinyin
@needs_shared(ZH_SOURCE)
@pytest.mark.parametrize("system", ZH_SYSTEMS)
def test_chinese_names_are_those_of_every_spelling_folded(system: str) -> None:
    source_texts = ZH_SOURCE.read_text(encoding="utf-8").splitlines()
    target_texts = (ZH / f"generaltest2022.zh-en.hyp.{system}.en").read_text(encoding="utf-8").splitlines()
    target = [SentenceFeatures(Counter(), Counter(), 0, len(t)) for t in target_texts]
    source = [SentenceFeatures(Counter(), Counter(), 0, len(t)) for t in source_texts]
    fast = source_alignment._with_romanised_names(target_texts, source_texts, target, source, "zh")
    slow = _with_romanised_names_slowly(target_texts, source_texts, target, source)
    assert _unigrams(fast[0]) == _unigrams(slow[0])
    assert _unigrams(fast[1]) == _unigrams(slow[1])
    assert [f.tokens for f in fast[1]] == [f.tokens for f in slow[1]]
    assert fast[2] == slow[2]
    assert sum(f.tokens for f in fast[1]) > 100  # names were found
    # Read twice (the run's syllables kept), the same.
    assert [romanised(t, "zh") for t in source_texts[:300]] == [romanised(t, "zh") for t in source_texts[:300]]
