"""Source-language data read back from the user's cache: the same tables as splitting the
data files on every run (SR1xx's name tables, the frequent word forms)."""

from __future__ import annotations

import pytest

from mtcheck.checks import source
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
