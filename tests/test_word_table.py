"""The compact word lists (mtcheck/language/word_table.py) answer exactly as the dicts they replace."""

from __future__ import annotations

import os
import stat
import tracemalloc

import pytest

from mtcheck.checks.tokenization import hyphenated_words
from mtcheck.checks.untranslated import _word_lists
from mtcheck.language import table_cache
from mtcheck.language.names import COMMONEST, lexicon, word_frequencies
from mtcheck.language.resources import data_file
from mtcheck.language.user_cache import private_folder
from mtcheck.language.word_table import WordTable, word_key
from tests.conftest import private_cache


def test_table_answers_as_a_dict() -> None:
    entries = {"straße": 412, "der": 731, "hund": 0, "ß": 4095}
    table = WordTable.of(entries)
    assert {word: table.get(word) for word in entries} == entries
    assert all(word in table for word in entries)
    assert "strasse" not in table and table.get("Der") is None and table.get("") is None
    assert 3 not in table  # not a string: never a word
    assert len(table) == 4 and table.nbytes == 32


def test_keyed_lookups_answer_as_get_does() -> None:
    entries = {word: index % 4096 for index, word in enumerate(list(lexicon("de").words)[:5000])}
    table = WordTable.of(entries)
    asked = [*entries, *(word + "q" for word in entries), "", "Der", "straße"]
    assert table.get_keyed(map(word_key, asked)) == [table.get(word) for word in asked]
    assert table.get_keyed(map(word_key, entries)) == list(entries.values())
    assert table.get_keyed([]) == []


def test_a_value_too_big_for_the_table_is_refused() -> None:
    with pytest.raises(ValueError, match="must be 0 to 4095: 0 to 4096 given"):
        WordTable.of({"small": 0, "big": 4096})


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


def test_the_hyphenated_compounds_are_those_of_the_file() -> None:
    lines = data_file("en", "hyphenated-words.tsv").read_text(encoding="utf-8").splitlines()
    compounds = [line for line in lines if line and line[0] != "#"]
    table = hyphenated_words("en")
    assert len(compounds) > 25_000 and all(compound in table for compound in compounds)
    listed = set(compounds)
    assert not any(f"{compound}x" in table for compound in compounds if f"{compound}x" not in listed)


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    with private_cache(tmp_path, monkeypatch, table_cache.FOLDER) as entries:
        yield entries


def _fresh(language: str) -> tuple[list[int], tuple[str, ...]]:
    """The language's table as a new run gets it (not this process's cached one)."""
    found = word_frequencies.__wrapped__(language)
    return found.words.keys.tolist(), found.commonest


def test_a_table_read_from_the_cache_is_the_table_built(cache_folder) -> None:
    built = _fresh("es")  # built, and written to the cache
    (entry,) = cache_folder.iterdir()
    assert entry.name.startswith("zipf-es-") and stat.S_IMODE(entry.stat().st_mode) == 0o600
    os.utime(entry, ns=(0, 0))
    assert _fresh("es") == built
    assert entry.stat().st_mtime_ns == 0  # read, not written again
    read = word_frequencies.__wrapped__("es").words
    assert read.bucket_starts() == WordTable(read.keys).bucket_starts()  # kept in the entry, as bisection finds them
    assert word_frequencies.__wrapped__("es").zipf("que") == lexicon("es").zipf("que") > 6


def test_a_damaged_entry_is_ignored_and_written_again(cache_folder) -> None:
    built = _fresh("fr")
    (entry,) = cache_folder.iterdir()
    data = bytearray(entry.read_bytes())
    data[-100] ^= 0xFF  # one byte of the keys
    entry.write_bytes(bytes(data))
    assert _fresh("fr") == built
    entry.write_bytes(data[:500])  # cut short
    assert _fresh("fr") == built
    assert len(entry.read_bytes()) == len(data)


def test_an_entry_others_can_write_is_never_read(cache_folder) -> None:
    built = _fresh("it")
    (entry,) = cache_folder.iterdir()
    # A planted entry: well formed, under the right name, holding another language's list.
    planted = cache_folder / "planted"
    _fresh("pt")
    (pt_entry,) = [p for p in cache_folder.iterdir() if p.name.startswith("zipf-pt-")]
    pt_entry.rename(planted)
    planted.rename(entry)
    os.chmod(entry, 0o666)
    assert _fresh("it") == built
    os.chmod(cache_folder, 0o777)
    private_folder.cache_clear()
    assert private_folder(cache_folder.parent, table_cache.FOLDER) is None  # a folder others can write: no cache


def test_without_a_cache_every_run_builds(monkeypatch) -> None:
    monkeypatch.setenv("MTCHECK_CACHE_DIR", "off")
    private_folder.cache_clear()
    try:
        assert _fresh("nl") == (word_frequencies("nl").words.keys.tolist(), word_frequencies("nl").commonest)
    finally:
        private_folder.cache_clear()


def test_a_source_digest_is_kept_only_for_a_settled_file_and_follows_its_changes(tmp_path, monkeypatch) -> None:
    from mtcheck.language.user_cache import blake2b, unmarshalled

    def digest(data: bytes) -> bytes:
        return blake2b()(data, digest_size=16).digest()

    with private_cache(tmp_path, monkeypatch, table_cache.DIGESTS_FOLDER) as folder:
        table_cache._known_digests.cache_clear()
        source = tmp_path / "words.tsv"
        source.write_bytes(b"fresh\n")
        assert table_cache.source_digest(source) == digest(b"fresh\n")
        table_cache._write_digests()  # as at exit
        assert not (folder / "digests.bin").exists()  # just written: its times may not change with it
        os.utime(source, ns=(0, 0))  # an old file (its ctime is not, but a file older than 2 s is)
        monkeypatch.setattr(table_cache, "_SETTLED_NS", -(10**30))
        assert table_cache.source_digest(source) == digest(b"fresh\n")
        table_cache._write_digests()
        kept = unmarshalled((folder / "digests.bin").read_bytes(), table_cache._DIGESTS_MAGIC)
        assert kept[str(source)][-1] == digest(b"fresh\n")
        table_cache._known_digests.cache_clear()
        assert table_cache.source_digest(source) == digest(b"fresh\n")  # from the kept digests
        source.write_bytes(b"changed\n")
        assert table_cache.source_digest(source) == digest(b"changed\n")
        assert (
            table_cache.source_digest(tmp_path / "missing.tsv") == table_cache.source_digest(tmp_path) == b"\0missing\0"
        )
        (folder / "digests.bin").write_bytes(b"planted")  # not an entry: ignored
        table_cache._known_digests.cache_clear()
        assert table_cache.source_digest(source) == digest(b"changed\n")
    table_cache._known_digests.cache_clear()


def test_the_kept_source_digests_start_again_when_there_are_too_many(tmp_path, monkeypatch) -> None:
    from mtcheck.language.user_cache import unmarshalled

    with private_cache(tmp_path, monkeypatch, table_cache.DIGESTS_FOLDER) as folder:
        table_cache._known_digests.cache_clear()
        monkeypatch.setattr(table_cache, "_SETTLED_NS", -(10**30))
        monkeypatch.setattr(table_cache, "_MAX_DIGESTS", 2)
        for name in ("a", "b", "c"):
            (tmp_path / name).write_text(name)
            table_cache.source_digest(tmp_path / name)
        table_cache._write_digests()
        kept = unmarshalled((folder / "digests.bin").read_bytes(), table_cache._DIGESTS_MAGIC)
        assert list(kept) == [str(tmp_path / "c")]
    table_cache._known_digests.cache_clear()


def test_the_kept_source_digests_drop_files_since_removed(tmp_path, monkeypatch) -> None:
    from mtcheck.language.user_cache import unmarshalled

    with private_cache(tmp_path, monkeypatch, table_cache.DIGESTS_FOLDER) as folder:
        table_cache._known_digests.cache_clear()
        monkeypatch.setattr(table_cache, "_SETTLED_NS", -(10**30))
        checkout = tmp_path / "checkout"
        checkout.mkdir()
        for name in ("a", "b"):
            (checkout / name).write_text(name)
            table_cache.source_digest(checkout / name)
        table_cache._write_digests()
        (checkout / "b").unlink()  # a checkout's file removed, then another file recorded
        (tmp_path / "c").write_text("c")
        table_cache.source_digest(tmp_path / "c")
        table_cache._write_digests()
        kept = unmarshalled((folder / "digests.bin").read_bytes(), table_cache._DIGESTS_MAGIC)
        assert set(kept) == {str(checkout / "a"), str(tmp_path / "c")}
    table_cache._known_digests.cache_clear()
