"""The compact word lists (mtcheck/language/word_table.py) answer exactly as the dicts they replace."""

from __future__ import annotations

import tracemalloc

import pytest

from mtcheck.checks.untranslated import _word_lists
from mtcheck.language.names import COMMONEST, lexicon, word_frequencies
from mtcheck.language.word_table import WordTable


def test_table_answers_as_a_dict() -> None:
    entries = {"straße": 412, "der": 731, "hund": 0, "ß": 4095}
    table = WordTable(entries.items())
    assert {word: table.get(word) for word in entries} == entries
    assert all(word in table for word in entries)
    assert "strasse" not in table and table.get("Der") is None and table.get("") is None
    assert 3 not in table  # not a string: never a word
    assert len(table) == 4 and table.nbytes == 32


def test_a_value_too_big_for_the_table_is_refused() -> None:
    with pytest.raises(ValueError, match="'big': 4096 does not fit"):
        WordTable([("big", 4096)])


@pytest.mark.parametrize("language", _word_lists())
def test_every_word_of_every_list_has_the_frequency_the_file_gives(language: str) -> None:
    words, compact = lexicon(language), word_frequencies(language)
    assert len(compact.words) == len(words.words) > 1000
    assert all(compact.zipf(word) == words.zipf(word) for word in words.words)
    # Words off the list: the same words with a letter added, where that is no word of the list.
    strangers = [word + "q" for word in words.words if word + "q" not in words.words]
    assert not any(word in compact.words for word in strangers)
    assert all(compact.zipf(word) == 0.0 for word in strangers)
    assert compact.commonest == tuple(list(words.words)[:COMMONEST])


def test_a_list_takes_under_twelve_bytes_a_word() -> None:
    # Built afresh (not the cached tables), for three of the biggest lists: tracemalloc is slow.
    tracemalloc.start()
    try:
        tables = [word_frequencies.__wrapped__(language) for language in ("de", "it", "pt")]
        compact = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    words = sum(len(table.words) for table in tables)
    assert words > 50_000
    assert compact / words < 12  # 8 for the key, the rest for the commonest words (a dict: about 90)
