"""Shortcuts in the features the source alignment computes per sentence (mtcheck/compare/source.py,
mtcheck/language/romanisation.py, transliteration.py) give what the slow way gives."""

from __future__ import annotations

import copy
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from mtcheck.compare import source as source_alignment
from mtcheck.compare.alignment import SentenceFeatures
from mtcheck.language import bilingual_words, fraction_numbers, numbers, romanisation, transliteration
from mtcheck.language.bilingual_words import word_list
from mtcheck.language.number_model import Mention
from mtcheck.language.numbers import mentions
from mtcheck.language.pattern_cache import longest_first
from mtcheck.language.profiles import language
from mtcheck.language.romanisation import available, romanised
from mtcheck.language.transliteration import kept_letters, skeleton
from mtcheck.text.document import Document, build_document
from mtcheck.text.inputs import InputText
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


JA = SHARED / "data" / "wmt22-ja-en"


def _article(hyp: Path, src: Path, code: str) -> Document:
    doc = build_document(InputText(str(hyp), hyp.read_text(encoding="utf-8"), "text"), "en")
    doc.original = build_document(InputText(str(src), src.read_text(encoding="utf-8"), "text"), code)
    return doc


def _pair_across_beads_slowly(left, sources, near) -> None:
    """_pair_across_beads as it was: every entry of `sources` looked at for each number."""
    for index, target_alone, _ in left:
        for mention in list(target_alone):
            reach = near if all(value < 10 for kind, value in mention.readings if kind == "n") else max(near, 8)
            for other_index, _, source_alone in sources:
                partner = (
                    next((o for o in source_alone if source_alignment._same(mention, o)), None)
                    if abs(other_index - index) <= reach
                    else None
                )
                if partner is not None:
                    target_alone.remove(mention)
                    source_alone.remove(partner)
                    break


@needs_shared(JA)
@pytest.mark.parametrize(
    ("hyp", "src", "code"),
    [
        (JA / "generaltest2022.ja-en.hyp.AIST.en", JA / "generaltest2022.ja-en.src.ja", "ja"),
        (ZH / "generaltest2022.zh-en.hyp.DLUT.en", ZH_SOURCE, "zh"),
    ],
)
def test_omissions_and_numbers_across_pairs_are_found_as_by_looking_at_every_sentence(
    monkeypatch, hyp: Path, src: Path, code: str
) -> None:
    pairings, lines = [], []
    fast_pairing, fast_line = source_alignment._pair_across_beads, source_alignment._bare_counterpart_line

    def pair_both_ways(left, sources, near) -> None:
        copies = copy.deepcopy((left, sources))
        fast_pairing(left, sources, near)
        _pair_across_beads_slowly(*copies, near)
        assert (left, sources) == copies
        pairings.append(sum(len(t) for _, t, _ in left))

    def line_both_ways(doc: Document, source: Document, sentence: int) -> int | None:
        found = fast_line(doc, source, sentence)
        slow = None
        if len(doc.line_offsets) == len(source.line_offsets):
            line = source.position(source.sentences[sentence].start)[0] - 1
            start = doc.line_offsets[line]
            end = doc.line_offsets[line + 1] if line + 1 < len(doc.line_offsets) else len(doc.text)
            if doc.text[start:end].strip() and not any(start <= s.start < end for s in doc.sentences):
                slow = start
        assert found == slow
        lines.append(found)
        return found

    listed_items = []
    fast_listed = source_alignment._numbers_list_item

    def listed_both_ways(doc: Document, mention: Mention) -> bool:
        found = fast_listed(doc, mention)
        assert found == (
            any(s.start == mention.start for s in doc.sentences)
            and doc.checked[mention.end : mention.end + 2] in (". ", ") ")
        )
        listed_items.append(found)
        return found

    monkeypatch.setattr(source_alignment, "_numbers_list_item", listed_both_ways)
    monkeypatch.setattr(source_alignment, "_pair_across_beads", pair_both_ways)
    monkeypatch.setattr(source_alignment, "_bare_counterpart_line", line_both_ways)
    doc = _article(hyp, src, code)
    source_alignment.omissions(doc)
    source_alignment.number_differences(doc)
    assert pairings and len(listed_items) > 10
    assert len(lines) > 10 or code == "zh"  # (this zh-en output has no sentence left out)


def _numbers(rnd: random.Random, at: int) -> list[Mention]:
    values = [rnd.choice((1, 2, 3, 12, 44, 100)) for _ in range(rnd.randint(0, 3))]
    return [Mention(at + k, at + k + 1, str(v), frozenset({("n", float(v))})) for k, v in enumerate(values)]


def test_numbers_pair_across_beads_as_by_looking_at_every_entry() -> None:
    rnd = random.Random(5)
    for _ in range(400):
        pairs = sorted(rnd.sample(range(60), rnd.randint(1, 30)))
        left = [(i, _numbers(rnd, 10 * i), _numbers(rnd, 10 * i + 5)) for i in pairs]
        spare = [(i, [], _numbers(rnd, 10 * i + 7)) for i in sorted(rnd.sample(range(60), rnd.randint(0, 20)))]
        near = rnd.choice((2, 3))
        fast = copy.deepcopy((left, left + spare))
        source_alignment._pair_across_beads(*fast, near)
        slow = copy.deepcopy((left, left + spare))
        _pair_across_beads_slowly(*slow, near)
        assert fast == slow


def test_a_bare_line_is_found_as_by_looking_at_every_sentence() -> None:
    rnd = random.Random(8)
    pieces = ("A word", "two words.", "", "   ", "Then more", "of it.", "https://example.com", "End.")
    for _ in range(150):
        lines = [" ".join(rnd.sample(pieces, rnd.randint(0, 3))) for _ in range(rnd.randint(2, 12))]
        doc = build_document(InputText("t.txt", "\n".join(lines) + "\n", "text"), "en")
        doc.original = source = build_document(InputText("s.txt", "Eins.\n" * len(lines), "text"), "de")
        for sentence in range(len(source.sentences)):
            slow = None
            line = source.position(source.sentences[sentence].start)[0] - 1
            if len(doc.line_offsets) == len(source.line_offsets):
                start = doc.line_offsets[line]
                end = doc.line_offsets[line + 1] if line + 1 < len(doc.line_offsets) else len(doc.text)
                if doc.text[start:end].strip() and not any(start <= s.start < end for s in doc.sentences):
                    slow = start
            assert source_alignment._bare_counterpart_line(doc, source, sentence) == slow


def test_a_list_number_is_found_as_by_looking_at_every_sentence() -> None:
    text = "1. Eins. 2) Zwei und 3. drei.\n\n4. Vier 5. fünf.\n6) sechs\n"
    doc = build_document(InputText("s.txt", text, "text"), "de")
    found = []
    for start in range(len(text)):
        mention = Mention(start, start + 1, text[start], frozenset({("n", 1.0)}))
        slow = any(s.start == start for s in doc.sentences) and text[start + 1 : start + 3] in (". ", ") ")
        assert source_alignment._numbers_list_item(doc, mention) == slow
        found.append(slow)
    assert sum(found) >= 3


NUMBER_TEXTS = [  # each shortcut's characters alone in a text
    "¾ of them",
    "3⁄4 and 81⁄2 inches",
    "٣ apples",
    "３ apples",
    "5/8 and 1/4 финала",
    "COVID-19 (1603-1867) cost $449 .99 on 25.04. at 16:32",
    "no number here at all",
    "XXI век и XX. století",
    "第44届 3.5万 一个 四周 令和4年",
]


def _number_files() -> list[tuple[Path, str]]:
    data = SHARED / "data"
    return [
        (data / "wmt22-cs-en" / "generaltest2022.cs-en.src.cs", "cs"),
        (data / "wmt22-de-en" / "generaltest2022.de-en.src.de", "de"),
        (data / "wmt22-uk-en" / "generaltest2022.uk-en.src.uk", "uk"),
        (data / "wmt23-ru-en" / "generaltest2023.ru-en.src.ru", "ru"),
        (ZH_SOURCE, "zh"),
        (JA / "generaltest2022.ja-en.src.ja", "ja"),
        (ZH / "generaltest2022.zh-en.hyp.DLUT.en", "en"),
        (data / "wmt22-cs-en" / "generaltest2022.cs-en.hyp.Online-W.en", "en"),
    ]


@needs_shared(ZH_SOURCE)
@pytest.mark.parametrize(("path", "code"), _number_files())
def test_numbers_are_read_as_when_every_text_is_searched(monkeypatch, path: Path, code: str) -> None:
    fmt = language(code).numbers
    texts = path.read_text(encoding="utf-8").splitlines() + NUMBER_TEXTS
    fast = [list(mentions(t, fmt)) for t in texts]
    everywhere = re.compile("")  # matches every text: the shortcuts let every text through
    monkeypatch.setattr(numbers, "_DIGIT_OR_FRACTION", everywhere)
    monkeypatch.setattr(fraction_numbers, "_FRACTION_MARK", everywhere)
    assert fast == [list(mentions(t, fmt)) for t in texts]
    assert sum(map(len, fast)) > 100


def _anchors_slowly(sentence: str, lang, numbers: list[Mention]) -> SentenceFeatures:
    """anchors() as it was: a Counter added to one key at a time, every character looked up."""
    features: Counter = Counter()
    for mention in numbers:
        for kind, value in mention.readings:
            features[f"{kind}{value:g}"] += 1
    for word in source_alignment._WORD.findall(sentence):
        features[source_alignment._word_key(word, lang)] += 1
    for char in sentence:
        mark = source_alignment._MARKS.get(char)
        if mark:
            features[mark] += 1
    return SentenceFeatures(features, Counter(), sum(features.values()), len(sentence))


@needs_shared(ZH_SOURCE)
@pytest.mark.parametrize(("path", "code"), _number_files())
def test_anchors_are_those_counted_one_at_a_time(path: Path, code: str) -> None:
    texts = (
        path.read_text(encoding="utf-8").splitlines() + NUMBER_TEXTS + ["“Quoted?” (yes): «no»! 「はい」？！：（）｢a｣"]
    )
    lang = language(code)
    for text in texts:
        numbers = list(mentions(text, lang.numbers))
        fast, slow = source_alignment.anchors(text, lang, numbers), _anchors_slowly(text, lang, numbers)
        assert list(fast.unigrams.items()) == list(slow.unigrams.items()), text
        assert (fast.bigrams, fast.tokens, fast.chars) == (slow.bigrams, slow.tokens, slow.chars)
        assert source_alignment.anchors(text, lang) == fast


def _skeleton_slowly(latin_word: str) -> str:
    """skeleton() as it was: each fold replaced in turn, doubled letters through a template."""
    text = latin_word
    if text[:2] in transliteration._SILENT_START:
        text = text[1:]
    for spelled, folded in transliteration._FOLDS:
        if spelled in text:
            text = text.replace(spelled, folded)
    return re.sub(r"(.)\1+", r"\1", text)


@needs_shared(ZH_SOURCE)
def test_the_skeleton_is_each_fold_replaced_in_turn() -> None:
    words = _words()
    for path, code in _number_files():
        text = path.read_text(encoding="utf-8").lower()
        words += re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", text)
        words += [w for line in text.splitlines()[:400] for w in romanised(line, code)]
    assert len(words) > 300_000
    for word in words:
        assert transliteration.skeleton.__wrapped__(word) == _skeleton_slowly(word), word


def test_one_letter_folds_taken_together_are_the_folds_in_turn() -> None:
    rnd = random.Random(21)
    for _ in range(2000):
        folds = tuple(
            ("".join(rnd.choice("abc") for _ in range(rnd.choice((1, 1, 2)))), rnd.choice(("", "a", "b", "c", "ab")))
            for _ in range(rnd.randint(1, 6))
        )
        for _ in range(20):
            text = "".join(rnd.choice("abcd") for _ in range(rnd.randint(0, 8)))
            slow = text
            for spelled, folded in folds:
                slow = slow.replace(spelled, folded)
            fast = text
            for step in transliteration._fold_steps(folds):
                fast = fast.replace(*step) if type(step) is tuple else fast.translate(step)
            assert fast == slow, (folds, text)


@needs_shared(JA)
@pytest.mark.parametrize(("code", "path"), [("zh", ZH_SOURCE), ("ja", JA / "generaltest2022.ja-en.src.ja")])
def test_listed_words_are_found_as_by_the_words_longest_first(code: str, path: Path) -> None:
    listed = word_list(code)
    assert listed is not None and listed.unspaced is not None
    one_by_one = re.compile("|".join(map(re.escape, sorted(listed.source, key=longest_first))))
    rnd = random.Random(3)
    letters = sorted({letter for word in listed.source for letter in word}) + ["。", "a"]
    texts = path.read_text(encoding="utf-8").splitlines()
    texts += ["".join(rnd.choice(letters) for _ in range(rnd.randint(0, 30))) for _ in range(3000)]
    texts += ["".join(rnd.sample(sorted(listed.source), 5)) for _ in range(1000)]
    found = [listed.unspaced.findall(text) for text in texts]
    assert found == [one_by_one.findall(text) for text in texts]
    assert sum(map(len, found)) > 5000


@pytest.mark.skipif(not available("ja"), reason="cutlet with a UniDic dictionary is not installed")
@needs_shared(JA)
def test_japanese_words_kept_are_those_spelled_anew() -> None:
    texts = (JA / "generaltest2022.ja-en.src.ja").read_text(encoding="utf-8").splitlines()[:400]
    first = [romanised(text, "ja") for text in texts]
    assert first == [romanised(text, "ja") for text in texts]  # (kept)
    spelled_anew = romanisation._japanese_words.__wrapped__  # cutlet called again, nothing kept
    assert first == [
        spelled_anew(text) if romanisation._KATAKANA.search(text) or romanisation._HAN_RUN.search(text) else ()
        for text in texts
    ]
    assert sum(map(len, first)) > 100


def _meanings_slowly(text: str, stems: dict[str, tuple[int, ...]]) -> Counter:
    """bilingual_words._meanings as it was: every word cut and looked up."""
    found: Counter = Counter()
    for word in bilingual_words._WORD.findall(text.lower().translate(bilingual_words._APOSTROPHES)):
        for cut in range(min(bilingual_words.ENDING, len(word) - bilingual_words.SHORTEST) + 1):
            rows = stems.get(word[: len(word) - cut])
            if rows is not None:
                found.update(rows)
                break
    return found


@needs_shared(ZH_SOURCE)
@pytest.mark.parametrize(("path", "code"), _number_files())
def test_listed_meanings_are_those_of_every_word_cut(path: Path, code: str) -> None:
    texts = path.read_text(encoding="utf-8").splitlines() + ["Don’t WORK ʼtil the П’ЯТНИЦЯ, pʼятниця'", "ab a"]
    english = next(
        listed for other in ("cs", "de", "uk", "ru") if (listed := word_list(other)) is not None
    )  # any list's English side
    listed = word_list(code) or english
    said = 0
    for text in texts:
        fast = listed.english_meanings(text)
        assert list(fast.items()) == list(_meanings_slowly(text, listed.english).items())
        said += len(fast)
        if listed.unspaced is None:
            fast = listed.source_meanings(text)
            assert list(fast.items()) == list(_meanings_slowly(text, listed.source).items())
            said += len(fast)
    assert said > 50


@needs_shared(ZH_SOURCE)
def test_the_names_of_each_sentence_are_read_once_as_each_would_be() -> None:
    data = SHARED / "data" / "wmt22-uk-en"
    doc = _article(data / "generaltest2022.uk-en.hyp.Online-B.en", data / "generaltest2022.uk-en.src.uk", "uk")
    for side in (doc, doc.original):
        names = source_alignment._sentence_names(side)
        assert names == [source_alignment._names_in(t, side.language) for t in source_alignment.sentence_texts(side)]
        assert source_alignment._sentence_names(side) is names  # (kept on the document)
        assert source_alignment._name_keys(side) == set().union(*names)
        assert sum(map(len, names)) > 50


@needs_shared(JA)
@pytest.mark.parametrize(
    ("hyp", "src", "code"),
    [
        (JA / "generaltest2022.ja-en.hyp.AIST.en", JA / "generaltest2022.ja-en.src.ja", "ja"),
        (
            SHARED / "data" / "wmt22-uk-en" / "generaltest2022.uk-en.hyp.ARC-NKUA.en",
            SHARED / "data" / "wmt22-uk-en" / "generaltest2022.uk-en.src.uk",
            "uk",
        ),
    ],
)
def test_a_gap_places_unmatched_anchors_are_each_places_own(monkeypatch, hyp: Path, src: Path, code: str) -> None:
    counted = []
    fast = source_alignment._unmatched_at_each

    def both_ways(places, target, source) -> list[int]:
        found = fast(places, target, source)
        assert found == [source_alignment._unmatched_anchors(place, target, source) for place in places]
        counted.append(len(places))
        return found

    monkeypatch.setattr(source_alignment, "_unmatched_at_each", both_ways)
    source_alignment.align_with_source(_article(hyp, src, code))
    assert sum(counted) > 20
