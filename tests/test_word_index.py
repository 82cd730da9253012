"""One index of several word lists (mtcheck/language/word_index.py) finds in each list what its own lookup finds."""

from __future__ import annotations

from array import array

from mtcheck.language import word_index
from mtcheck.language.names import lexicon, word_frequencies
from mtcheck.language.resources import data_file
from mtcheck.language.word_index import WordIndex, cached_index
from mtcheck.language.word_table import WordTable, word_key
from tests.conftest import private_cache

LANGUAGES = ("de", "fr", "cs", "nl")


def _held_slowly(tables: list[WordTable], key: int) -> list[tuple[int, int]]:
    """What each table's own lookup finds of a word key, table by table."""
    found = [table.get_keyed([key])[0] for table in tables]
    return [(number, value) for number, value in enumerate(found) if value is not None]


def _asked_words() -> list[str]:
    """Words of the lists and of English, and words of none (a letter added)."""
    words = [word for language in ("en", *LANGUAGES) for word in list(lexicon(language).words)[::7]]
    return [*words, *(word + "q" for word in words[::5]), "", "Der", "straße", "a", "ß"]


def test_the_index_finds_what_each_list_finds() -> None:
    tables = [word_frequencies(language).words for language in LANGUAGES]
    index = WordIndex.of(tables)
    assert len(index) == sum(map(len, tables))  # (no two words of one list share a key here)
    held = 0
    for word in _asked_words():
        key = word_key(word)
        assert index.holding(key) == _held_slowly(tables, key), word
        held += bool(index.holding(key))
    assert held > 5_000


def test_a_key_a_list_holds_twice_is_found_as_the_list_finds_it() -> None:
    """Two words sharing their hash bits in one list (odds of 1 in 2**52): the list finds the
    one of the lower value; so does the index. Keys made by hand, in two tables."""
    shared, other = word_key("straße"), word_key("hund")
    first = WordTable(array("Q", sorted([shared | 700, shared | 12, other | 5])))
    second = WordTable(array("Q", sorted([shared | 300, word_key("der") | 1])))
    index = WordIndex.of([first, second])
    for key in (shared, other, word_key("der"), word_key("katze")):
        assert index.holding(key) == _held_slowly([first, second], key)
    assert index.holding(shared) == [(0, 12), (1, 300)]


def test_an_index_reads_back_from_the_cache_as_built_and_a_damaged_one_is_built_again(tmp_path, monkeypatch) -> None:
    tables = [word_frequencies(language).words for language in LANGUAGES]
    sources = [data_file(language, "word-frequencies.tsv") for language in LANGUAGES]
    built = WordIndex.of(tables)
    builds = []

    def build() -> WordIndex:
        builds.append(1)
        return WordIndex.of(tables)

    with private_cache(tmp_path, monkeypatch, word_index.FOLDER) as entries:
        for _ in range(2):  # built and written, then read back in place
            index = cached_index("test", sources, build)
            assert bytes(index.keys) == bytes(built.keys) and bytes(index.values) == bytes(built.values)
            assert list(index.starts) == built.starts
        assert len(builds) == 1 and type(index.keys) is memoryview
        (entry,) = entries.iterdir()
        data = bytearray(entry.read_bytes())
        data[-3] ^= 1  # a value's bit flipped: the checksum no longer holds
        entry.write_bytes(bytes(data))
        assert bytes(cached_index("test", sources, build).values) == bytes(built.values)
        assert len(builds) == 2
    for word in _asked_words()[::50]:
        assert index.holding(word_key(word)) == built.holding(word_key(word))
