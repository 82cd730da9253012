"""The untranslated-text rules' shortcuts (mtcheck/checks/untranslated.py) give what the slow way gives, on real text."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest

from mtcheck.checks import untranslated
from mtcheck.language import identify
from mtcheck.language.names import lexicon
from mtcheck.language.profiles import language as language_data
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText
from mtcheck.text.words import sentence_words
from tests.conftest import WMT, needs_shared

REFERENCE = WMT / "generaltest2022.de-en.ref.A.en"
# Czech left in the output: runs of Czech words, and single ones.
CZECH_OUTPUT = WMT.parent / "wmt22-cs-en" / "generaltest2022.cs-en.hyp.Online-W.en"


def document(path):
    return build_document(InputText(str(path), path.read_text(encoding="utf-8"), "text"), "en")


def _has_source_word_slowly(
    lowered: list[str], in_target_list: list[float], in_source_list: list[float], target, nouns: frozenset[int]
) -> bool:
    """Is a word an S or an F of _runs, token by token (as _runs asked before the languages were picked for it)?"""
    for index, (token, in_target, in_source) in enumerate(zip(lowered, in_target_list, in_source_list)):
        if not (in_source and token):
            continue
        if token[0] != "~":
            if not in_target or in_source - in_target >= untranslated.BRIDGE:
                return True
        elif index in nouns or (
            len(token) == 2 and token[1].islower() and untranslated._letter_kind(token[1:], in_source, target) in "SF"
        ):
            return True
    return False


@needs_shared(WMT)
@pytest.mark.parametrize("cached", [True, False])  # the lists asked through their index, or each list
@pytest.mark.parametrize("path", [REFERENCE, CZECH_OUTPUT])
def test_what_the_lists_asked_say_is_what_each_list_says_word_by_word(path, cached, monkeypatch) -> None:
    from mtcheck.language.user_cache import private_folder

    doc = document(path)
    target = lexicon(doc.lang)
    lexicons = untranslated._source_lexicons(tuple(lang for lang in untranslated._word_lists() if lang != doc.lang))
    if not cached:
        monkeypatch.setenv("MTCHECK_CACHE_DIR", "off")
    private_folder.cache_clear()
    untranslated._lists_index.cache_clear()
    assert (untranslated._ListsAsked(lexicons, target).index is not None) == cached
    noun_languages = {language for language in lexicons if language_data(language).capitalised_nouns}
    sentences = []
    for sentence, words in zip(doc.sentences, sentence_words(doc)):  # every sentence, not only those LI102 asks about
        lowered = [untranslated._run_token(doc, w, doc.sentence_start(sentence), target) for w in words]
        nouns = untranslated._capitalised_nouns(lowered, target, doc.lang)
        sentences.append((lowered, nouns, untranslated._asked_of_lists(lowered, nouns)))
    lists = untranslated._ListsAsked(lexicons, target)
    for _, _, asked in sentences[::2]:  # a sentence's words asked at once with others', or some of them before
        lists.ask(asked)
    for _, _, asked in sentences:
        lists.ask(asked)
    asked_words = {word for _, _, asked in sentences for word in asked}
    assert lists.listed == {w for w in asked_words if w and any(w in found.words for _, found in lexicons.items())}
    pairs = with_source_word = 0
    for lowered, nouns, asked in sentences:
        in_target = [target.zipf(t) if t and t[0] != "~" and target.is_common(t) else 0.0 for t in lowered]
        slow = set()
        for language, found in lexicons.items():
            in_source = [found.zipf(word) if word else 0.0 for word in asked]
            assert list(map(lists.zipfs[language].__getitem__, asked)) == in_source
            language_nouns = nouns if language in noun_languages else frozenset()
            if _has_source_word_slowly(lowered, in_target, in_source, target, language_nouns):
                slow.add(language)
        assert lists.with_source_word(lowered, nouns, noun_languages) == slow, lowered
        pairs += len(lexicons)
        with_source_word += len(slow)
    assert len(lexicons) > 20 and pairs > 20_000 and 100 < with_source_word < pairs / 2
    monkeypatch.undo()
    private_folder.cache_clear()
    untranslated._lists_index.cache_clear()


def _run_tokens_asked_both_ways(doc) -> dict[str, bool]:
    """Asserts that each sentence's run tokens are the same with the names asked once (a dict
    shared by every sentence, as _may_hold_runs shares it) as asked word by word; the dict."""
    target = lexicon(doc.lang)
    named: dict[str, bool] = {}
    for sentence, words in zip(doc.sentences, sentence_words(doc)):
        body = doc.sentence_start(sentence)
        assert [untranslated._run_token(doc, w, body, target, named) for w in words] == [
            untranslated._run_token(doc, w, body, target) for w in words
        ]
    return named


def test_run_tokens_with_each_name_asked_once_are_the_tokens_asked_word_by_word() -> None:
    text = "Then russia said no, and russia meant it. e.g. a u.s. plan, in russia 2 times."
    doc = build_document(InputText("t", text, "text"), "en")
    assert _run_tokens_asked_both_ways(doc) == {
        "said": False,
        "no": False,
        "and": False,
        "meant": False,
        "it": False,
        "plan": False,
        "in": False,
        "times": False,
        "russia": True,
    }


@needs_shared(WMT)
@pytest.mark.parametrize("path", [REFERENCE, CZECH_OUTPUT])
def test_run_tokens_of_whole_articles_with_each_name_asked_once_are_the_tokens_asked_word_by_word(path) -> None:
    assert len(_run_tokens_asked_both_ways(document(path))) > 1000


def _mask_borrowed_slowly(lowered: list[str], phrases: frozenset[tuple[str, ...]]) -> None:
    for first in range(len(lowered) - 1):
        for last in range(first + 2, min(first + 6, len(lowered)) + 1):
            if tuple(lowered[first:last]) in phrases:
                lowered[first:last] = [""] * (last - first)
                break


@needs_shared(WMT)
def test_borrowed_phrases_are_masked_as_every_slice_would_mask_them() -> None:
    doc = document(REFERENCE)
    phrases = doc.language.borrowed_whole
    target = lexicon(doc.lang)
    sentences = [
        [untranslated._run_token(doc, w, doc.sentence_start(sentence), target) for w in words]
        for sentence, words in zip(doc.sentences, sentence_words(doc))
    ]
    # Phrases spliced into real sentences, one after another and overlapping ("per se" in "per se et al").
    sentences += [lowered[:4] + list(phrase) + lowered[4:] for phrase, lowered in zip(sorted(phrases), sentences)]
    sentences += [["per", "se", "et", "al", "ad", "hoc"], ["et", "al"], ["al"], []]
    masked = 0
    for lowered in sentences:
        fast, slow = list(lowered), list(lowered)
        untranslated._mask_borrowed(fast, phrases)
        _mask_borrowed_slowly(slow, phrases)
        assert fast == slow, lowered
        masked += fast != lowered
    assert len(phrases) > 10 and masked >= len(phrases)


def _script_letters_slowly(text: str) -> Counter:
    """Every letter named on its own, as script_letters counted before it named each distinct one once."""
    counts: Counter = Counter()
    for char in text:
        if char.isalpha():
            counts[identify._SCRIPT_OF_NAME.get(unicodedata.name(char, "").split(" ", 1)[0], "other")] += 1
    return counts


@needs_shared(WMT)
@pytest.mark.parametrize(
    "path",
    [
        WMT.parent / "wmt22-ja-en" / "generaltest2022.ja-en.hyp.AIST.en",  # word salad, Japanese left in
        WMT.parent / "wmt22-ja-en" / "generaltest2022.ja-en.src.ja",
        WMT.parent / "wmt23-ru-en" / "generaltest2023.ru-en.src.ru",
        CZECH_OUTPUT,
    ],
)
def test_script_letters_counts_and_orders_scripts_as_naming_every_letter_does(path) -> None:
    for line in path.read_text(encoding="utf-8").splitlines():
        # the order matters too: most_common(1) breaks a tie by the script that comes first
        assert list(identify.script_letters(line).items()) == list(_script_letters_slowly(line).items())


def test_the_alphabets_read_back_from_the_cache_are_the_letters_of_the_lists(tmp_path, monkeypatch) -> None:
    from mtcheck.language import list_cache
    from tests.conftest import private_cache

    languages = ("en", "de", "cs")  # German's list is read with its "ß" (_spell_eszett)
    with private_cache(tmp_path, monkeypatch, list_cache.FOLDER) as entries:
        for _ in range(2):  # built and written, then read back
            untranslated._alphabet.cache_clear()
            for language in languages:
                assert untranslated._alphabet(language) == frozenset("".join(lexicon(language).words)), language
        assert len(list(entries.glob("alphabet-*"))) == len(languages)
    untranslated._alphabet.cache_clear()
    assert "ß" in untranslated._alphabet("de") and "ř" in untranslated._alphabet("cs")


def test_the_languages_with_word_lists_are_those_a_glob_finds() -> None:
    from mtcheck.language.resources import rules_root

    globbed = {path.parent.parent.name for path in rules_root().glob("*/data/word-frequencies.tsv")}
    assert untranslated._word_lists() == tuple(sorted({"en", *globbed}))
    assert len(globbed) > 20


GERMAN_SOURCE = WMT / "generaltest2022.de-en.src.de"  # read as English: German through and through


@needs_shared(WMT)
@pytest.mark.parametrize("path", [REFERENCE, CZECH_OUTPUT, GERMAN_SOURCE])
def test_the_tallies_are_the_counts_of_each_probe_and_decide_as_the_words_do(path) -> None:
    """_tallies against counting each sentence's probe word by word, and what LI101 and LI102
    decide from them against what they decided from the words."""
    doc = document(path)
    target = lexicon(doc.lang)
    known, function_words = target.words, doc.language.function_words
    leaning = untranslated.contested_words(doc.lang) or {}
    probes, tallies = untranslated._probes(doc), untranslated._tallies(doc)
    assert len(tallies.known) == len(tallies.function) == len(tallies.leaning) == len(probes) == len(doc.sentences)
    decided = {True: 0, False: 0}
    for index, tokens in enumerate(probes):
        assert tallies.known[index] == sum(t in known for t in tokens)
        assert tallies.function[index] == sum(t in function_words for t in tokens)
        assert tallies.leaning[index] == sum(t in known and bool(leaning.get(t, False)) for t in tokens)
        if len(tokens) > 5:
            plain = untranslated._plainly_target_words(tokens, target, function_words, leaning)
            assert (
                untranslated._plainly_target_tally(
                    len(tokens), tallies.known[index], tallies.function[index], function_words
                )
                == plain
            )
            decided[plain] += 1
        strangers = [t for t in tokens if t not in known or leaning.get(t, False)]
        unknown = len(tokens) - tallies.known[index]
        assert unknown + tallies.leaning[index] == len(strangers)
        assert bool(unknown) == any(t not in known for t in strangers)
    assert decided[True] > 100 if path != GERMAN_SOURCE else decided[False] > 1000


def test_a_language_has_a_word_list_where_one_of_its_files_is() -> None:
    """_WordLists reads no list to know which languages have one: a file of the list exists
    exactly where the list holds words."""
    from mtcheck.language.names import word_frequencies
    from mtcheck.language.resources import rules_root

    languages = sorted({*(p.name for p in rules_root().iterdir() if p.is_dir()), *untranslated.LANGUAGE_NAMES})
    having = [language for language in languages if untranslated._has_word_list(language)]
    assert having == [language for language in languages if len(word_frequencies(language).words)]
    assert len(having) > 20


@needs_shared(WMT)
@pytest.mark.parametrize("cached", [True, False])  # the lists asked through their index, or each list
def test_what_all_the_lists_say_of_a_word_is_what_each_says(cached, monkeypatch) -> None:
    """_WordLists.zipfs (from the index of the lists, or each list without a cache) against
    each list's own Frequencies.zipf, for every word of a reference and a Czech output, in two
    orders of the languages; and a list is read only when it is asked for."""
    from mtcheck.language.names import word_frequencies
    from mtcheck.language.user_cache import private_folder

    if not cached:
        monkeypatch.setenv("MTCHECK_CACHE_DIR", "off")
    private_folder.cache_clear()
    untranslated._lists_index.cache_clear()
    words = {w.lower for path in (REFERENCE, CZECH_OUTPUT) for s in sentence_words(document(path)) for w in s}
    words |= {"", "straße", "strasse", "ı", "ſ", "µ"}
    in_play = tuple(lang for lang in identify.languages_in_play("en", None) if lang != "en")
    for languages in (in_play, tuple(reversed(untranslated._word_lists()))):
        lists = untranslated._WordLists(languages)
        assert lists._read == {} and set(lists) <= set(languages) and len(lists) > 5
        for word in sorted(words):
            assert lists.zipfs(word) == [word_frequencies(language).zipf(word) for language in lists], word
        assert (lists._index is not None) == cached
        assert (lists._read == {}) == cached  # with the index, no list itself was read
        assert list(lists.items()) == [(language, word_frequencies(language)) for language in lists]
    with pytest.raises(KeyError):
        untranslated._WordLists(("de",))["fr"]
    monkeypatch.undo()
    private_folder.cache_clear()
    untranslated._lists_index.cache_clear()
