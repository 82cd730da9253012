"""Source-language data read back from the user's cache: the same tables as splitting the
data files on every run (SR1xx's name tables, the frequent word forms)."""

from __future__ import annotations

import pytest

from mtcheck.checks import source_comparison as source
from mtcheck.language import list_cache, names
from mtcheck.language.resources import data_file
from tests.conftest import private_cache


@pytest.fixture
def folder(tmp_path, monkeypatch):
    with private_cache(tmp_path, monkeypatch, list_cache.FOLDER) as entries:
        yield entries


@pytest.mark.parametrize("language", ["ru", "uk", "cs", "pl", "de"])
@pytest.mark.parametrize("files", [("exonyms.tsv",), source.LISTED_NAMES, source.DEMONYMS])
def test_a_name_table_reads_the_same_from_the_cache(folder, language, files):
    paths = [data_file(language, name) for name in files if data_file(language, name).is_file()]
    split = source._split_name_table(paths)
    source._name_table.cache_clear()
    first = source._name_table(language, files)  # split, and written to the cache
    source._name_table.cache_clear()
    second = source._name_table(language, files)  # read back
    source._name_table.cache_clear()
    assert first == second == split and list(second) == list(split)
    assert all(type(pair) is tuple for pairs in second.values() for pair in pairs)
    if language in ("ru", "uk") and files == ("exonyms.tsv",):
        assert sum(map(len, second.values())) > 3000  # real data, not an empty table


@pytest.mark.parametrize("language", ["ru", "uk", "cs", "pl", "de", "en"])
def test_the_frequent_forms_read_the_same_from_the_cache(folder, language):
    merged = {**names._frequencies(language, "frequent-words.tsv"), **names._lexicon_entries(language)}
    names.frequent_forms.cache_clear()
    first = names.frequent_forms(language).words  # merged, and written to the cache
    names.frequent_forms.cache_clear()
    second = names.frequent_forms(language).words  # read back
    names.frequent_forms.cache_clear()
    assert first == second == merged and list(second) == list(merged) and len(merged) > 15_000
    assert len(list(folder.iterdir())) >= 2


@pytest.mark.parametrize("language", ["cs", "ru", "uk", "pl", "de"])
def test_the_less_frequent_forms_by_initial_answer_as_their_set(folder, language):
    """Every listed form is in, and the words of WMT text that are not listed are not, built
    and then read back from the cache."""
    words = names.less_frequent_forms(language)
    text = " ".join(path.read_text(encoding="utf-8")[:200_000] for path in _wmt_texts())
    others = {w for token in text.lower().split() for w in (token, token.strip(".,:;!?\"'()«»„“"))}
    others |= {"", "x", "\n", "a b"} | {w[:-1] for w in list(words)[:5000]} | {w + "x" for w in list(words)[:5000]}
    for _ in range(2):
        names.less_frequent_lookup.cache_clear()
        lookup = names.less_frequent_lookup(language)
        assert all(w in lookup for w in words)
        assert [w for w in others if (w in lookup) != (w in words)] == []
        assert 1 not in lookup
    names.less_frequent_lookup.cache_clear()
    assert len(words) > 50_000 or language == "de"


def _wmt_texts():
    from tests.conftest import SHARED

    return sorted((SHARED / "data").glob("wmt2*/*.src.*"))
