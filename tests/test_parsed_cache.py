"""The parsed-YAML cache: the same data as parsing, rebuilt when anything is off, never
read from a folder someone else can write."""

from __future__ import annotations

import os
import stat

import pytest

from mtcheck.language import parsed_cache
from mtcheck.language.resources import load_yaml, rules_root
from mtcheck.language.user_cache import marshalled, private_folder, read_entry
from tests.conftest import private_cache

PACK = rules_root() / "common" / "residue.yaml"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    with private_cache(tmp_path, monkeypatch, parsed_cache.FOLDER) as entries:
        yield entries


def _parsed_directly(path):
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _entries(folder):
    return sorted(p for p in folder.iterdir() if p.suffix == ".entry")


def test_every_bundled_pack_and_data_file_reads_the_same_from_the_cache(folder):
    paths = sorted(rules_root().rglob("*.yaml"))
    first = [load_yaml(p) for p in paths]  # parsed, and written to the cache
    # every one, number words keyed by their value (`scales: {1000: ...}`) too
    assert len(_entries(folder)) == len({p.read_bytes() for p in paths})
    second = [load_yaml(p) for p in paths]  # read from the cache
    assert first == second == [_parsed_directly(p) for p in paths]


def test_a_changed_file_gets_a_new_entry(folder, tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("pack: a\nrules: []\n", encoding="utf-8")
    assert load_yaml(pack) == {"pack": "a", "rules": []}
    pack.write_text("pack: b\nrules: []\n", encoding="utf-8")
    assert load_yaml(pack) == {"pack": "b", "rules": []}
    assert len(_entries(folder)) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: entry.write_bytes(b"not an entry"),
        # a byte of the payload changed: the checksum no longer matches, marshal never reads it
        lambda entry: entry.write_bytes(entry.read_bytes()[:-1] + bytes([entry.read_bytes()[-1] ^ 1])),
        # the same checksum and length, another text: the entry says what it was parsed from
        lambda entry: entry.write_bytes(marshalled((b"pack: x\n", {}), parsed_cache.MAGIC)),
        # an entry of another format (another magic), and a sound entry of another shape
        lambda entry: entry.write_bytes(marshalled((PACK.read_bytes(), {}), b"mtcheck parsed yaml 3\x00")),
        lambda entry: entry.write_bytes(marshalled([1, 2], parsed_cache.MAGIC)),
    ],
)
def test_a_corrupt_or_foreign_entry_is_ignored_and_written_again(folder, damage):
    expected = load_yaml(PACK)
    (entry,) = _entries(folder)
    damage(entry)
    assert load_yaml(PACK) == expected
    assert read_entry(entry, parsed_cache.MAGIC) == (PACK.read_bytes(), expected)


def test_a_folder_others_can_write_is_not_used(folder):
    load_yaml(PACK)
    (entry,) = _entries(folder)
    entry.write_bytes(marshalled((PACK.read_bytes(), {"planted": True}), parsed_cache.MAGIC))
    os.chmod(folder, os.stat(folder).st_mode | stat.S_IWOTH)
    private_folder.cache_clear()
    assert load_yaml(PACK) == _parsed_directly(PACK)  # the planted entry is not read


def test_keys_that_are_not_strings_come_back_as_they_were(folder, tmp_path):
    pack = tmp_path / "numbers.yaml"
    pack.write_text(
        "words: {0: nula, 1: jedna, 1.5: půl}\nflags: {true: a, null: b}\nlist: [{2: dva}, plain]\n"
        '"\\0pairs": [[1, 2]]\nnested: {3: {4: čtyři}}\n',
        encoding="utf-8",
    )
    parsed = _parsed_directly(pack)
    assert parsed["words"][0] == "nula" and "\x00pairs" in parsed
    assert load_yaml(pack) == parsed  # parsed, and written
    (entry,) = _entries(folder)
    again = load_yaml(pack)  # read from the entry
    assert again == parsed and list(again["words"]) == [0, 1, 1.5] and again["nested"][3] == {4: "čtyři"}
    assert list(again["flags"]) == [True, None] and again["list"][0] == {2: "dva"}
    assert read_entry(entry, parsed_cache.MAGIC)[1] == parsed  # kept as it is, integer keys and all


def test_data_marshal_cannot_keep_is_not_cached(folder, tmp_path):
    dated = tmp_path / "dated.yaml"
    dated.write_text("when: 2024-05-01\n1: one\n", encoding="utf-8")
    first = load_yaml(dated)
    assert load_yaml(dated) == first and 1 in first
    assert _entries(folder) == []


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("MTCHECK_CACHE_DIR", "off")
    private_folder.cache_clear()
    assert load_yaml(PACK) == _parsed_directly(PACK)
    private_folder.cache_clear()
