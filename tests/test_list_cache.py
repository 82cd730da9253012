"""The cache of word lists split from data files: the same data as splitting them, rebuilt
when anything is off, never read from a folder someone else can write."""

from __future__ import annotations

import marshal
import os
import stat
import zlib

import pytest

from mtcheck.language import list_cache, names
from mtcheck.language.resources import data_file
from mtcheck.language.user_cache import private_folder
from tests.conftest import private_cache

TABLES = ["names.tsv", "common-words.tsv", "name-words.tsv", "contested-words.tsv"]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    with private_cache(tmp_path, monkeypatch, list_cache.FOLDER) as entries:
        yield entries


def _split(language: str, name: str) -> dict[str, str]:
    return names._split_table(data_file(language, name))


@pytest.mark.parametrize("name", TABLES)
def test_a_table_reads_the_same_from_the_cache(folder, name):
    first = names.data_table("en", name)  # split, and written to the cache
    assert len(list(folder.iterdir())) == 1
    second = names.data_table("en", name)  # read back
    assert first == second == _split("en", name) and list(first) == list(second)
    assert sum(len(key) + len(value) for key, value in first.items()) > 10_000  # real data, not an empty table


def test_the_gazetteer_from_the_cache_is_the_gazetteer_built_afresh(folder):
    names.gazetteer.cache_clear()
    built = names.gazetteer("en")
    names.gazetteer.cache_clear()
    cached = names.gazetteer("en")
    names.gazetteer.cache_clear()
    assert cached.first_words == built.first_words == names._first_words(_split("en", "names.tsv"))
    assert cached.prefixes == built.prefixes == names._prefixes(_split("en", "names.tsv"))
    longest = max(key.count(" ") for key in _split("en", "names.tsv")) + 1  # words of the longest name, kept too
    assert cached.longest == built.longest == longest > 3 and cached.get("kyiv") == built.get("kyiv")


def test_a_changed_file_gets_a_new_entry(folder, tmp_path):
    table = tmp_path / "table.tsv"
    table.write_text("# a comment\nkyiv\tKyiv\tplace\t0\n", encoding="utf-8")
    build = lambda: (names._split_table(table), ["a list"], {"a set"})  # noqa: E731
    assert list_cache.cached_lists("test", [table], build) == ({"kyiv": "Kyiv\tplace\t0"}, ["a list"], {"a set"})
    table.write_text("lviv\tLviv\tplace\t0\n", encoding="utf-8")
    assert list_cache.cached_lists("test", [table], build) == ({"lviv": "Lviv\tplace\t0"}, ["a list"], {"a set"})
    assert len(list(folder.iterdir())) == 2


def _with_checksum(payload: bytes) -> bytes:
    return list_cache._MAGIC + zlib.crc32(payload).to_bytes(4, "little") + payload


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-7],  # cut short
        lambda data: data[:40] + bytes([data[40] ^ 1]) + data[41:],  # a flipped bit
        lambda data: b"something else\n" + data,
        lambda data: _with_checksum(marshal.dumps(["not", "a", "tuple"])),  # a fitting checksum, not the shape
        lambda data: _with_checksum(marshal.dumps((("a", 1),))),
        lambda data: _with_checksum(b"\xff\x00"),  # not marshal data
    ],
    ids=["cut-short", "flipped-bit", "foreign", "not-a-tuple", "not-lists", "not-marshal"],
)
def test_a_corrupt_or_foreign_entry_is_ignored_and_written_again(folder, damage):
    expected = names.data_table("en", "contested-words.tsv")
    (entry,) = folder.iterdir()
    written = entry.read_bytes()
    entry.write_bytes(damage(written))
    assert names.data_table("en", "contested-words.tsv") == expected
    assert entry.read_bytes() == written


def test_a_folder_others_can_write_is_not_used(folder):
    names.data_table("en", "contested-words.tsv")
    (entry,) = folder.iterdir()
    entry.write_bytes(_with_checksum(marshal.dumps(({"planted": "1"},))))
    os.chmod(folder, os.stat(folder).st_mode | stat.S_IWOTH)
    private_folder.cache_clear()
    assert "planted" not in names.data_table("en", "contested-words.tsv")


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("MTCHECK_CACHE_DIR", "off")
    private_folder.cache_clear()
    assert names.data_table("en", "contested-words.tsv") == _split("en", "contested-words.tsv")
    private_folder.cache_clear()


def test_a_language_read_from_the_cache_is_the_language_read_from_its_file(folder) -> None:
    from mtcheck.language.profiles import _read_language, language

    for code in ("en", "cs", "ja", "ru"):
        built = language.__wrapped__(code)  # read from the YAML, and written
        assert built == _read_language(code, data_file(code, "language.yaml"))
        assert language.__wrapped__(code) == built  # read back
    assert len(list(folder.iterdir())) == 4


def test_what_marshal_cannot_write_is_returned_and_not_kept(folder) -> None:
    odd = ({"pattern": object()},)
    assert list_cache.cached_lists("odd", [data_file("en", "names.tsv")], lambda: odd) is odd
    assert not folder.exists() or not list(folder.iterdir())


def test_the_leaning_words_from_the_cache_are_those_of_the_table(folder):
    names.contested_words.cache_clear()
    try:
        built = names.contested_words("en")  # made from the table, and written to the cache
        names.contested_words.cache_clear()
        cached = names.contested_words("en")
        expected = {word: leans == "1" for word, leans in _split("en", "contested-words.tsv").items()}
        assert built == cached == expected and list(cached) == list(expected)
        assert sum(expected.values()) > 100 and len(expected) - sum(expected.values()) > 100  # both kinds
        assert names.contested_words("xx") is None  # no data file: None, as before
    finally:
        names.contested_words.cache_clear()


def test_the_first_names_line_from_the_cache_is_the_line_checked_afresh(folder):
    names._sorted_line.cache_clear()
    try:
        built = names._sorted_line("en", "first-names.tsv")  # checked, and written to the cache
        assert any(entry.name.startswith("sorted-line-en-") for entry in folder.iterdir())
        names._sorted_line.cache_clear()
        assert (
            names._sorted_line("en", "first-names.tsv")
            == built
            == names._checked_line(data_file("en", "first-names.tsv"))[0]
        )
    finally:
        names._sorted_line.cache_clear()
