"""Shortcuts in the checks (mtcheck/checks) give what the slow way gives, on real text."""

from __future__ import annotations

import re

import pytest
import yaml

from mtcheck.checks import transliterated
from tests.conftest import REPO, SHARED, WMT, check_text, codes, needs_shared

CS_SOURCE = SHARED / "data" / "wmt22-cs-en" / "generaltest2022.cs-en.src.cs"
REF_A = WMT / "generaltest2022.de-en.ref.A.en"


def _slow_beside_foreign(text: str, match: re.Match[str]) -> bool:
    before = transliterated._WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
    after = transliterated._WORD_AFTER.match(text, match.end())
    return any(
        not w.isascii() and not transliterated._CYRILLIC.search(w) for w in (m.group(1) for m in (before, after) if m)
    )


@needs_shared(CS_SOURCE)
@pytest.mark.parametrize("path", [CS_SOURCE, REF_A])
def test_a_word_is_beside_a_foreign_one_as_the_search_of_every_word_before_it_says(path) -> None:
    text = path.read_text(encoding="utf-8")
    matches = list(transliterated._CANDIDATE.finditer(text))
    told = [transliterated._beside_foreign(text, match) for match in matches]
    assert told == [_slow_beside_foreign(text, match) for match in matches]
    assert any(told) and not all(told)


def test_a_word_the_model_finds_is_left_in_a_text_that_writes_czech_letters_however_late() -> None:
    word = "All zasikavlenikh families please write in private messages."
    assert codes(check_text(word)[1]).count("TL101") == 1
    # The Czech letters before the word, and after it (on other lines: not the word's accented line).
    for text in (f"Jiří Dvořák wrote.\n\n{word}\n", f"{word}\n\nJiří Dvořák wrote.\n"):
        assert "TL101" not in codes(check_text(text)[1]), text


def _stop_words() -> tuple[str, ...]:
    rules = yaml.safe_load((REPO / "rules" / "en" / "segmentation.yaml").read_text(encoding="utf-8"))["rules"]
    return tuple(next(rule for rule in rules if rule["code"] == "MT206")["options"]["stop-words"])


@needs_shared(WMT)
def test_an_abbreviation_pattern_is_searched_for_wherever_it_can_match() -> None:
    from mtcheck.checks import source_abbreviations as abbreviations

    words = _stop_words()
    stops = abbreviations._stop_pattern(words)
    prefilters = [
        (abbreviations._CITY, abbreviations._may_abbreviate_g),
        (abbreviations._YEAR, abbreviations._may_abbreviate_g),
        (stops, lambda t: abbreviations._word_before_stop_and_comma(t, words)),
    ]
    made_up = ["2022 g. was hard", "(g. Moscow)", "2022-2023 gg.", "g. Kyiv", "region., and", "e.g. long.", "dog.,"]
    paths = sorted((SHARED / "data" / "wmt23-ru-en").glob("*.en"))
    lines = made_up + [line for path in paths for line in path.read_text(encoding="utf-8").splitlines()]
    for pattern, prefilter in prefilters:
        said = [prefilter(line) for line in lines]
        found = [pattern.search(line) is not None for line in lines]
        assert all(s for s, f in zip(said, found) if f), pattern.pattern
        assert any(found) and not all(said), pattern.pattern  # matches, and lines skipped
    # Configured words that are no plain letters leave the question to the pattern.
    assert abbreviations._word_before_stop_and_comma("5 thous.,", ("thous?",))
    assert abbreviations._word_before_stop_and_comma("U.S., and", ())


def _slow_variant_groups(doc, places) -> list[list[str]]:
    from collections import defaultdict

    from mtcheck.checks import name_spelling

    by_skeleton = defaultdict(list)
    for word in places:
        by_skeleton[name_spelling._skeleton(doc, word)].append(word)
    groups = [words for words in by_skeleton.values() if len(words) > 1]
    grouped = {w for g in groups for w in g}
    by_shape = defaultdict(list)
    for word in places:
        if len(word) >= name_spelling._MIN_SUBSTITUTED and word not in grouped:
            by_shape[(len(word), word[0])].append(word)
    for words in by_shape.values():
        for i, first in enumerate(words):
            for second in words[i + 1 :]:
                if name_spelling._one_inner_letter_apart(first, second):
                    groups.append([first, second])
    return groups


@needs_shared(WMT)
def test_names_one_letter_apart_are_paired_as_comparing_every_two_of_a_shape_pairs_them() -> None:
    from mtcheck.checks import name_spelling
    from mtcheck.text.document import build_document
    from mtcheck.text.inputs import InputText

    paired = 0
    for path in [REF_A, *sorted((SHARED / "data" / "wmt23-ru-en").glob("*.en"))]:
        doc = build_document(InputText(str(path), path.read_text(encoding="utf-8"), "text"), "en")
        places: dict[str, list[tuple[int, int]]] = {}
        for match in name_spelling._NAME.finditer(doc.checked):
            places.setdefault(match.group(), []).append(match.span())
        groups = name_spelling._variant_groups(doc, places)
        assert groups == _slow_variant_groups(doc, places), path.name
        # (pairs one letter apart: the words of a skeleton's group share it, theirs differ)
        paired += sum(name_spelling._skeleton(doc, a) != name_spelling._skeleton(doc, b) for a, b, *_ in groups)
    assert paired


def test_a_paragraphs_marks_found_once_are_those_found_each_time() -> None:
    from mtcheck.checks import typography
    from mtcheck.text.document import build_document
    from mtcheck.text.inputs import decode

    paths = sorted((REPO / "corpora").glob("*/*.*")) + sorted((REPO / "examples").glob("*.*"))
    paths = [p for p in paths if p.suffix in (".txt", ".md", ".html")] + ([REF_A] if REF_A.exists() else [])
    found = 0
    for path in paths:
        doc = build_document(decode(path.read_bytes(), str(path)), "en")
        starts = [block.start for block in doc.blocks]
        assert len(set(starts)) == len(starts), path.name  # the cache's key tells the paragraphs apart
        for block in doc.blocks:
            marks = typography._symbols(doc, block)
            assert marks == list(typography._find_symbols(doc, block)) == typography._symbols(doc, block)
            found += len(marks)
    assert found


@needs_shared(WMT)
def test_a_paragraph_is_found_cut_off_as_without_the_look_at_its_lowered_end() -> None:
    import dataclasses

    from mtcheck.checks import degeneration
    from mtcheck.engine.settings import Settings
    from mtcheck.run.session import ruleset_for
    from mtcheck.text.document import build_document
    from mtcheck.text.inputs import decode

    rule = next(r for r in ruleset_for("en", Settings().rule_folders).rules if r.code == "MT904")
    # A function word outside ASCII turns the look at the lowered end off; no text ends in it.
    listed = rule.options["function-words"]
    slow = dataclasses.replace(rule, options={**rule.options, "function-words": [*listed, "ñoño"]})
    found = 0
    paths = [REF_A, *sorted(SHARED.glob("data/*/*.Online-B.en")), *sorted(SHARED.glob("data/*/*.ref.A.en"))]
    for path in [*paths, *sorted((REPO / "corpora" / "en").glob("*.txt"))]:
        doc = build_document(decode(path.read_bytes(), str(path)), "en")
        hits = list(degeneration.truncated_paragraphs(doc, rule))
        assert hits == list(degeneration.truncated_paragraphs(doc, slow)), path.name
        found += len(hits)
    assert found


SOURCES = SHARED / "data"
# Line-aligned WMT pairs: a source and an MT output into English (SR107's shortcuts).
NAME_PAIRS = [
    (language, SOURCES / folder / f"{test}.src.{language}", SOURCES / folder / f"{test}.hyp.{system}.en")
    for language, folder, test, system in (
        ("cs", "wmt22-cs-en", "generaltest2022.cs-en", "Online-W"),
        ("uk", "wmt22-uk-en", "generaltest2022.uk-en", "Online-B"),
        ("ru", "wmt23-ru-en", "generaltest2023.ru-en", "ONLINE-B"),
    )
]
_WORD = re.compile(r"\w+")


def _pair_lines(source_path, target_path) -> list[tuple[list[str], list[str]]]:
    """Each line's words, source and target."""
    sources = source_path.read_text(encoding="utf-8").splitlines()
    targets = target_path.read_text(encoding="utf-8").splitlines()
    return [(_WORD.findall(s), _WORD.findall(t)) for s, t in zip(sources, targets)]


@needs_shared(SOURCES / "wmt22-cs-en")
def test_a_name_is_present_in_the_sorted_words_as_the_scan_of_every_word_finds_it() -> None:
    from mtcheck.checks.source_comparison import _present, _SortedWords
    from mtcheck.language.names import fold

    _, source_path, target_path = NAME_PAIRS[0]
    lines = _pair_lines(source_path, target_path)
    target = {fold(w) for _, words in lines for w in words}
    # The source's words, and the translation's cut short: beginnings of longer words are what
    # the sorted index finds.
    names = sorted({fold(w) for words, _ in lines for w in words} | {w[:cut] for w in target for cut in (1, 2, 3, 5)})
    names = names[::4]  # every fourth, spread over the alphabet: the slow way scans every word for each (14 s for all)
    indexed = _SortedWords(target)
    told = [_present(name, indexed) for name in names]
    assert told == [_present(name, set(target)) for name in names]
    beginnings = [n for n, t in zip(names, told) if t and n not in target and n[:-1] not in target]
    assert beginnings and not all(told)


@needs_shared(SOURCES / "wmt23-ru-en")
@pytest.mark.parametrize("language, source_path, target_path", NAME_PAIRS)
def test_a_window_names_or_sounds_like_a_source_name_as_comparing_it_with_each_skeleton_says(
    language, source_path, target_path
) -> None:
    from mtcheck.checks import source_comparison as source
    from mtcheck.language.names import fold
    from mtcheck.language.profiles import language as language_of
    from mtcheck.language.transliteration import consonants, latin, same_name, skeleton

    lines = _pair_lines(source_path, target_path)
    table = [frozenset(skeleton(fold(w)) for w in words) for _, words in lines]
    sentences = source._TargetSentences(
        folds=[], skeletons=table, loose={}, lower={}, heard={}, named={}, acronyms={}, translated_name={},
        prefixes=set(), other_script=True,
    )  # fmt: skip
    facts = language_of(language)
    named = same = alike = 0
    for i, (words, _) in enumerate(lines):
        near = source._Near([j for j in (i - 1, i, i + 1) if 0 <= j < len(lines)], sentences)
        for word in words:
            if word[:1].isupper():
                name = skeleton(latin(word.lower(), facts))
                named += len(consonants(name)) == 2
                told = near.same_name_as(name), near.sounds_alike(name)
                assert told == (
                    any(same_name(name, w) for w in near.skeletons),
                    source._sounds_alike(name, near.skeletons),
                ), (word, i)
                same, alike = same + told[0], alike + told[1]
    assert named and 0 < same and 0 < alike


@needs_shared(SOURCES / "wmt22-uk-en")
def test_a_word_without_a_latin_lookalike_is_left_as_counting_its_letters_leaves_it() -> None:
    from mtcheck.checks.source_comparison import _LOOKALIKES, _unmixed
    from mtcheck.language.identify import script_letters

    def slow(text: str) -> str:
        if text.isascii():
            return text
        letters = script_letters(text)
        return text.translate(_LOOKALIKES) if letters["Cyrillic"] > letters["Latin"] else text

    words = {w for _, path, _ in NAME_PAIRS for w in _WORD.findall(path.read_text(encoding="utf-8"))}
    # A Cyrillic word with each lookalike in it, and a Latin brand with Cyrillic ones.
    words |= {f"Укра{letter}на" for letter in "aceiopxyABCEHIKMOPTX"} | {"РrоUkrаїnu", "Škoda", "Zelenskyj"}
    assert [_unmixed(w) for w in sorted(words)] == [slow(w) for w in sorted(words)]
    assert _unmixed("Євроcоюз") == "Євросоюз" and _unmixed("РrоUkrаїnu") == "РrоUkrаїnu"


@needs_shared(SOURCES / "wmt22-uk-en")
def test_a_text_folded_with_a_table_of_marks_is_the_text_folded_character_by_character() -> None:
    import unicodedata

    from mtcheck.language.names import fold

    def slow(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text.lower())
        return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))

    for path in sorted(SOURCES.glob("*/*.src.*")):
        text = path.read_text(encoding="utf-8")
        assert fold(text) == slow(text), path.name
        words = sorted(set(text.split()))
        assert [fold(w) for w in words] == [slow(w) for w in words], path.name


def test_the_name_spellings_read_back_from_the_cache_are_those_built(tmp_path, monkeypatch) -> None:
    from mtcheck.checks import source_comparison as source
    from mtcheck.language import list_cache
    from mtcheck.language.resources import data_file
    from tests.conftest import private_cache

    built = source._english_name_spellings()
    stems = {stem for word in source.less_frequent_forms("ru") for stem in source._stems(word)}
    files = [data_file("en", "first-names.tsv")]
    with private_cache(tmp_path, monkeypatch, list_cache.FOLDER) as entries:
        for _ in range(2):  # built and written, then read back
            assert source._data_built("names", files, source._english_name_spellings) == built
            assert source._data_built("stems", [], lambda: (stems,)) == (stems,)
        assert len(list(entries.iterdir())) == 2
    assert all(built) and stems
