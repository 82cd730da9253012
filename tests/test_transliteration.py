"""Russian and Ukrainian words in Latin letters (TL101): the folding that makes schemes
agree, and the frozen lists in rules/ru/data and rules/uk/data."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from bisect import bisect_left
from itertools import accumulate

import pytest

from mtcheck.language import spelled_out
from mtcheck.language.resources import data_file
from mtcheck.language.spelled_out import _first_line_from, _line_of, skeleton, source_word, spelling_score
from tests.conftest import REPO, private_cache

BUILD_PACKAGES = ("wordfreq", "english_words", "iuliia")
TABLES = ("transliterations.tsv", "spelling-trigrams.tsv")


@pytest.mark.parametrize(
    "spellings",
    [
        ("pylesos", "pilesos"),
        ("yasli", "iasli"),
        ("khokhol", "hohol"),
        ("azhiotazh", "azhiotaž"),
        ("kommentariyev", "kommentariev"),
        ("tsentr", "centr"),
        ("shchuka", "schuka"),
    ],
)
def test_schemes_fold_to_one_skeleton(spellings):
    assert len({skeleton(s) for s in spellings}) == 1


@pytest.mark.parametrize(
    "latin, language, word",
    [
        ("subbotnik", "ru", "субботник"),
        ("azhiotazh", "ru", "ажиотаж"),
        ("pilosos", "uk", "пилосос"),
        ("toshnit", "ru", "тошнит"),
        ("defolt", "ru", "дефолт"),
    ],
)
def test_spelled_out_words_are_found(latin, language, word):
    assert source_word(latin, language) == word


@pytest.mark.parametrize(
    "latin", ["dacha", "oblast", "perestroika", "babushka", "gusty", "obfuscate", "rada", "troika"]
)
def test_english_words_and_loanwords_are_not(latin):
    assert source_word(latin, "ru") is None and source_word(latin, "uk") is None


@pytest.mark.parametrize(
    "spelled_out", ["zasikavlenikh", "zaderzhuyu", "pradelni", "nakalyaetsya", "dirzhava", "pyrizhivat"]
)
@pytest.mark.parametrize("english", ["sanatorium", "memorandums", "papyrus", "harvard", "informer", "olympic"])
def test_the_spelling_model_tells_spelled_out_ukrainian_from_english(spelled_out, english):
    # Words of WMT22 uk-en MT output that no list has (зацікавлених, задержую, пральні...),
    # against English words and loans that Ukrainian shares stems with.
    for language in ("uk", "ru"):
        assert spelling_score(spelled_out, language) > 0.9
        assert spelling_score(english, language) < 0


@pytest.mark.skipif(
    any(importlib.util.find_spec(p) is None for p in BUILD_PACKAGES),
    reason="the data build dependencies are not installed (pip install -e '.[data]')",
)
def test_frozen_lists_match_the_build_script(tmp_path):
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_transliteration_data.py"), "--out", str(tmp_path)], check=True
    )
    for name in (f"{language}/data/{table}" for language in ("ru", "uk") for table in TABLES):
        assert (tmp_path / name).read_text(encoding="utf-8") == (REPO / "rules" / name).read_text(encoding="utf-8"), (
            f"rules/{name} is out of date: run scripts/build_transliteration_data.py"
        )


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_a_lookup_through_the_sampled_lines_finds_the_line_a_bisection_finds(language):
    # _first_line_from narrows its bisection to the lines between two sampled ones: right only
    # if the table's lines sort by key, as bytes.
    data = data_file(language, "transliterations.tsv").read_bytes()
    start = spelled_out._entries_start(data)
    lines = data[start:].split(b"\n")
    keys = [line.split(b"\t", 1)[0] for line in lines if line]
    assert keys == sorted(keys)
    line_starts = [start + offset for offset in accumulate((len(line) + 1 for line in lines), initial=0)]
    for key in [
        b"",
        b"a",
        b"zzzz",
        b"a\tb",
        b"a\nb",
        keys[0],
        keys[-1],
        *keys[::97],
        *(key + b"a" for key in keys[::89]),
    ]:
        first = min(line_starts[bisect_left(keys, key)], len(data))
        assert _first_line_from(language, key) == first
        assert _line_of(language, key) == (first if data.startswith(key + b"\t", first) else -1)


def _lookups(language: str, words: list[str]) -> list[object]:
    """What TL101 asks of a language's table about these words, and the lines it reads."""
    lines = spelled_out._lines(language)
    found: list[object] = []
    for word in words:
        key = skeleton(word).encode("ascii", "replace")
        start = _first_line_from(language, key)
        found += [spelled_out._entry(word, language), spelled_out.inflected_word(word, language)]
        found += [start, _line_of(language, key), lines.line(start), lines.starts_with(start, key[:3])]
    return found


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_a_table_read_by_blocks_answers_as_the_whole_file(tmp_path, monkeypatch, language):
    # The first run samples the whole file and keeps the samples in the cache; the next reads
    # them back and reads only the blocks its lookups fall in. Words of the table, spelled out
    # and inflected (so that inflected_word walks lines, across blocks too), and keys between.
    data = data_file(language, "transliterations.tsv").read_bytes()
    words = []
    for line in data[spelled_out._entries_start(data) :].decode("utf-8").splitlines()[::211]:
        key, word, *english = line.split("\t")
        latin = word.translate(spelled_out._CYRILLIC_TO_LATIN)
        words += [latin, latin[:-1] + "ami", latin[:-2] + "om", key, key + "a", *english[:1]]
    with private_cache(tmp_path, monkeypatch, "string-lists"):
        spelled_out._lines.cache_clear()
        whole = spelled_out._lines(language)
        expected = _lookups(language, words)
        spelled_out._lines.cache_clear()
        by_blocks = spelled_out._lines(language)
        try:
            assert whole._data == data and by_blocks._data is None
            assert (by_blocks.keys, by_blocks.bounds) == (whole.keys, whole.bounds)
            assert _lookups(language, words) == expected
            assert 0 < len(by_blocks._blocks) < len(by_blocks.bounds) - 1
        finally:
            spelled_out._lines.cache_clear()
    assert len(expected) > 1000 and any(expected[1::6]), "no inflected form found: the walk is untested"


def test_a_block_that_is_not_where_its_samples_say_reads_the_whole_file():
    # Samples of another file (one that changed since): the blocks do not start with their
    # sample's key, and the table is read and sampled again rather than misread.
    path = data_file("uk", "transliterations.tsv")
    right = spelled_out._lines_of_whole_file(path)
    wrong = spelled_out._Lines(path, right.keys, [bound + 7 for bound in right.bounds[:-1]] + right.bounds[-1:], None)
    for key in (right.keys[5], right.keys[500] + b"a", b"zzzz"):
        assert wrong.block_of(key) == right.block_of(key)
    assert wrong._data is not None and wrong.bounds == right.bounds


@pytest.mark.parametrize("samples", [([b"a"], [0, 5]), ([b"b", b"a"], [0, 9, 5, 20]), (["a"], [0, 5, 9])])
def test_samples_that_are_not_what_sampling_gives_are_not_used(monkeypatch, samples):
    # (Only a damaged entry whose checksum still holds could give them: the table is sampled whole.)
    monkeypatch.setattr(spelled_out, "cached_lists", lambda kind, sources, build: samples)
    spelled_out._lines.cache_clear()
    try:
        lines = spelled_out._lines("uk")
        assert lines._data is not None and (lines.keys, lines.bounds) == spelled_out._sampled(lines._data)
    finally:
        spelled_out._lines.cache_clear()


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_the_trigram_model_read_back_from_the_cache_is_the_file(tmp_path, monkeypatch, language):
    # Made from the file on the first run, read back as one string and the ratios' bytes on the
    # next: every trigram of the file has its ratio, and one it lacks has 0.0.
    lines = data_file(language, "spelling-trigrams.tsv").read_text(encoding="utf-8").splitlines()
    written = {gram: float(ratio) for gram, ratio in (line.split("\t") for line in lines if line[:1] != "#")}
    with private_cache(tmp_path, monkeypatch, "string-lists"):
        spelled_out._trigram_ratios.cache_clear()
        try:
            built = spelled_out._trigram_ratios(language)
            spelled_out._trigram_ratios.cache_clear()
            cached = spelled_out._trigram_ratios(language)
            assert built.grams == cached.grams == sorted(written) and built.ratios == cached.ratios
            asked = [*written, "^qq", "qqq", "zz$", ""]
            assert [cached[gram] for gram in asked] == [written.get(gram, 0.0) for gram in asked]
            assert dict(cached) == {gram: written.get(gram, 0.0) for gram in asked} and len(written) > 5000
        finally:
            spelled_out._trigram_ratios.cache_clear()


@pytest.mark.parametrize("entry", [([], []), (["a\nb"], [b"12345678"]), ([b"a"], [b"12345678"]), (["a"], ["x" * 8])])
def test_a_trigram_entry_that_is_not_as_written_is_made_afresh(monkeypatch, entry):
    monkeypatch.setattr(spelled_out, "cached_lists", lambda kind, sources, build: entry)
    spelled_out._trigram_ratios.cache_clear()
    try:
        assert len(spelled_out._trigram_ratios("uk").grams) > 5000
    finally:
        spelled_out._trigram_ratios.cache_clear()
