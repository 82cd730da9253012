"""The native build's packed string tables (mtcheck/language/native_tables.c) answer as the dicts
and sets they stand for (mtcheck/language/string_tables.py). The suite runs the Python, with
dicts (tests/pure_source.py); this module compiles the C file alone (scripts/build_native.py
--c-only, a second with a C compiler) and holds a table to its dict on the real word lists, on
generated ones, on damaged bytes, and in whole checks."""

from __future__ import annotations

import importlib.util
import mmap
import pickle
import random
import sys
import zlib
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtcheck.language import names, string_tables
from tests.conftest import REPO, SEED, WMT, c_module_library, needs_shared, private_cache, report_in_a_fresh_process
from tests.test_identify_cache import LANGUAGE_SETS, _from_json, _probabilities
from tests.test_native_words import _real_texts


@pytest.fixture(scope="module")
def library(c_modules: Path) -> Path:
    return c_module_library(c_modules, "mtcheck/language/native_tables")


@pytest.fixture(scope="module")
def native(library: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("mtcheck.language.native_tables", library)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _table(native: ModuleType, items: dict) -> object:
    numbers: dict = {}
    packed = native.pack(list(items), [numbers.setdefault(value, len(numbers)) for value in items.values()])
    return native.StringTable(packed, tuple(numbers))


def _agrees(table: object, items: dict, others: list) -> None:
    assert len(table) == len(items)  # type: ignore[arg-type]
    assert list(table) == list(items) == table.keys()  # type: ignore[attr-defined, call-overload]
    assert table.items() == list(items.items())  # type: ignore[attr-defined]
    for key in [*items, *others]:
        assert (key in table) == (key in items), key  # type: ignore[operator]
        assert table.get(key) == items.get(key), key  # type: ignore[attr-defined]
        assert table.get(key, "absent") == items.get(key, "absent"), key  # type: ignore[attr-defined]
        if key in items:
            assert table[key] == items[key]  # type: ignore[index]
        else:
            with pytest.raises(KeyError):
                table[key]  # type: ignore[index]
    # The questions asked of many words in one call: as a set or a dict answers them.
    asked = [*items, *others]
    assert table.among(set(asked)) == set(asked) & set(items)  # type: ignore[attr-defined]
    assert table.without(iter(asked)) == set(asked) - set(items)  # type: ignore[attr-defined]
    groups = [[(None, key) for key in asked[:3]], [], [(None, key) for key in asked[3:]]]
    expected = [(g, i) for g, group in enumerate(groups) for i, (_, key) in enumerate(group) if key in items]
    assert table.holding(groups, 1, None) == expected  # type: ignore[attr-defined]
    # Folded: keys beyond ASCII are asked again as fold makes them, and only they.
    folded = [
        (g, i)
        for g, group in enumerate(groups)
        for i, (_, key) in enumerate(group)
        if key in items or not key.isascii() and key.lower() in items
    ]
    assert table.holding(groups, 1, str.lower) == folded  # type: ignore[attr-defined]
    assert string_tables.holding(groups, 1, items, str.lower) == folded


@needs_shared(SEED)
def test_a_table_answers_as_the_lexicon_and_the_names(native: ModuleType) -> None:
    """The real lists the native build packs, asked about their own words and the words of
    real text (most of which they do not hold)."""
    lexicon = dict(names._lexicon_entries("en"))
    gazetteer = dict(names._split_table(names.data_file("en", "names.tsv")))
    name_words = dict(names._name_words("en"))
    assert len(lexicon) > 20_000 and len(gazetteer) > 5_000 and len(name_words) > 10_000
    text = SEED.read_text(encoding="utf-8")
    if (WMT / "generaltest2022.de-en.ref.A.en").exists():
        text += (WMT / "generaltest2022.de-en.ref.A.en").read_text(encoding="utf-8")
        text += (WMT / "generaltest2022.de-en.src.de").read_text(encoding="utf-8")
    others = sorted(set(text.lower().split()) | set(text.split()))
    for items in (lexicon, gazetteer, name_words):
        _agrees(_table(native, items), items, others)


_KEYS = st.text(alphabet="aZ0 \t\néßİ中\U0001f600\x00", max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_KEYS, st.sampled_from(["x", "y", "", "3.5\tL"]), max_size=40), st.lists(_KEYS, max_size=20))
def test_a_table_answers_as_its_dict_on_generated_keys(native: ModuleType, items: dict, others: list) -> None:
    _agrees(_table(native, items), items, others)


def test_what_no_key_can_be_is_in_no_table(native: ModuleType) -> None:
    table = _table(native, {"a": 1, "1": 2})
    for key in (1, None, b"a", ("a",), "\ud800", "a\ud800"):
        assert key not in table  # type: ignore[operator]
        assert table.get(key) is None  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        native.pack(["a", 1], [0, 0])
    with pytest.raises(ValueError):
        native.pack(["a", "a"], [0, 1])  # distinct keys only
    with pytest.raises(UnicodeEncodeError):
        native.pack(["\ud800"], [0])
    with pytest.raises(ValueError):
        native.pack(["a"], [0, 1])
    with pytest.raises(ValueError):
        native.pack(["a"], [-1])


def test_many_words_asked_at_once_fail_cleanly_on_what_is_not_words(native: ModuleType) -> None:
    table = _table(native, {"zurich": 1})
    with pytest.raises(TypeError):
        table.holding((["a"],), 0, None)  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        table.holding([("a",)], 0, None)  # type: ignore[attr-defined]  # a group that is no list
    with pytest.raises(TypeError):
        table.holding([[("a",)]], 1, None)  # type: ignore[attr-defined]  # no such field
    with pytest.raises(ValueError):
        table.holding([[("a",)]], -1, None)  # type: ignore[attr-defined]
    with pytest.raises(ZeroDivisionError):
        table.holding([[("zürich",)]], 0, lambda key: 1 / 0)  # type: ignore[attr-defined]
    assert table.holding([[("zürich",), ("zurich",)]], 0, lambda key: key.replace("ü", "u")) == [(0, 0), (0, 1)]  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        table.among(3)  # type: ignore[attr-defined]
    assert table.without([1, "zurich", None]) == {1, None}  # type: ignore[attr-defined]  # no string: held by none


def test_a_table_pickles_for_worker_processes(native: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "mtcheck.language.native_tables", native)
    table = _table(native, {"kyiv": "Kyiv\tplace\t0", "": "empty"})
    copy = pickle.loads(pickle.dumps(table))
    assert copy.items() == table.items()  # type: ignore[attr-defined]


def test_damaged_bytes_are_refused_or_answer_without_reading_outside_them(native: ModuleType) -> None:
    items = {f"word{i}": str(i % 3) for i in range(50)}
    table = _table(native, items)
    packed = native.pack(list(items), [i % 3 for i in range(50)])
    values = ("0", "1", "2")
    assert native.StringTable(packed, values).items() == table.items()  # type: ignore[attr-defined]
    for damaged in (b"", packed[:20], packed[:-1], packed + b"x", b"x" + packed[1:]):
        with pytest.raises(ValueError):
            native.StringTable(damaged, values)
    with pytest.raises(ValueError):
        native.StringTable(packed, ("0", "1"))  # a value number beyond the values
    # Every byte changed in turn: refused, or a table whose lookups end and read only its bytes.
    for at in range(len(packed)):
        damaged = packed[:at] + bytes([packed[at] ^ 0xA5]) + packed[at + 1 :]
        try:
            changed = native.StringTable(damaged, values)
        except ValueError:
            continue
        for key in [*items, "other", ""]:
            changed.get(key)
        try:
            changed.items()
        except UnicodeDecodeError:
            pass  # a key's bytes changed into no UTF-8


def test_without_the_native_build_the_lists_are_dicts_and_sets() -> None:
    """The suite runs the source, where string_tables keeps the dicts and sets."""
    assert string_tables.native_tables is None
    assert type(names.lexicon("en").words) is dict and type(names.gazetteer("en").first_words) is set
    words = {"house", "the", "zzqx"}
    lexicon = names.lexicon("en").words
    assert string_tables.without(words, lexicon) == words.difference(lexicon) == {"zzqx"}
    many = set(list(lexicon)[:10_000]) | {"zzqx"}  # enough words for `- keys()`: the same answer
    assert string_tables.without(many, lexicon) == {"zzqx"}
    table = names.name_words("en")
    assert string_tables.among(words, table) == words & table.keys()


# The source, with the C tables when a library is given (as the native build imports them).
_WITH_LIBRARY = """
import importlib.util, sys
sys.path.insert(0, "tests")
import pure_source
spec = importlib.util.spec_from_file_location("mtcheck.language.native_tables", {library!r})
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
sys.modules["mtcheck.language.native_tables"] = module
"""
_KINDS = "from mtcheck.language import names\n"
_KINDS += "print(type(names.lexicon('en').words).__name__, type(names.gazetteer('en').first_words).__name__)"


def _check(library: str, cache: Path, paths: list[Path]) -> tuple[dict, str]:
    """The JSON report of a whole check in a fresh process, and the kinds of the lexicon and names."""
    prelude = (
        _WITH_LIBRARY.format(library=library)
        if library
        else "import sys; sys.path.insert(0, 'tests'); import pure_source"
    )
    return report_in_a_fresh_process(paths, prelude, _KINDS, {"MTCHECK_CACHE_DIR": str(cache)})


def test_a_check_with_the_tables_finds_what_the_dicts_find(library: Path, tmp_path: Path) -> None:
    """The seed, the corpora and the WMT22 de-en reference A: the same report from the dicts
    and from the tables, both when the tables are packed and when they are read back packed."""
    paths = [SEED, REPO / "corpora"]
    if (WMT / "generaltest2022.de-en.ref.A.en").exists():
        paths.append(WMT / "generaltest2022.de-en.ref.A.en")
    cache = tmp_path / "cache"
    expected, kinds = _check("", cache, paths)
    assert kinds == "dict set"
    assert sum(len(file["diagnostics"]) for file in expected["files"]) > 100
    for run in ("packing", "reading the packed entries"):
        found, kinds = _check(str(library), cache, paths)
        assert kinds == "StringTable StringTable", run
        assert found == expected, run
    assert list(cache.rglob("packed*-lexicon-en-*.bin")), "the packed lexicon is kept in the cache"


def test_the_langdetect_profiles_as_one_table_answer_as_the_profiles(
    native: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """identify._ProfileTable, the native build's word_lang_prob_map: written to the cache and
    read back, it has every n-gram of the JSON profiles with the very floats, and detectors
    over it answer as detectors over the profiles, on the corpora (other languages than the
    sets' own too) and on their short lines, where close calls are; a damaged entry is made again."""
    from mtcheck.language import identify, list_cache
    from mtcheck.language.user_cache import marshalled

    monkeypatch.setitem(sys.modules, "mtcheck.language.native_tables", native)
    monkeypatch.setattr(identify, "native_tables", native)
    texts = [path.read_text(encoding="utf-8") for path in sorted((REPO / "corpora").rglob("*.txt"))]
    samples = [text[:3000] for text in texts] + [line for text in texts for line in text.splitlines()[2:5] if line]
    assert len(texts) >= 5
    with private_cache(tmp_path, monkeypatch, list_cache.FOLDER) as folder:
        for languages in LANGUAGE_SETS:
            built = _from_json(languages)
            identify.LangdetectIdentifier(languages)._load()  # made and written to the cache
            cached = identify.LangdetectIdentifier(languages)._load()  # read back
            table = cached.word_lang_prob_map
            assert type(table) is identify._ProfileTable and cached.langlist == built.langlist
            grams = sorted(table)
            assert grams == sorted(built.word_lang_prob_map) and len(grams) > 4000
            for gram, probabilities in built.word_lang_prob_map.items():
                assert gram in table and table[gram] == probabilities
            assert "no such n-gram" not in table
            for sample in samples:
                try:
                    expected = _probabilities(built, sample)
                except Exception as error:  # no features: the table's detector fails alike
                    with pytest.raises(type(error)):
                        _probabilities(cached, sample)
                    continue
                assert _probabilities(cached, sample) == expected, (languages, sample[:60])
        entries = sorted(folder.iterdir())
        assert len(entries) == len(LANGUAGE_SETS)
        for entry in entries:  # well formed to the cache (its checksum holds), but not a table
            entry.write_bytes(marshalled((["en", "de"], [b"not a table", b"\0" * 16]), list_cache._MAGIC))
        languages = LANGUAGE_SETS[2]
        again = identify.LangdetectIdentifier(languages)._load()
        assert list(again.word_lang_prob_map) and _probabilities(again, samples[0]) == _probabilities(
            _from_json(languages), samples[0]
        )


@pytest.fixture(scope="module")
def folded_crc32(native: ModuleType):
    if not hasattr(native, "crc32"):
        pytest.skip("this processor has no carry-less products (PCLMULQDQ): the caches use zlib.crc32")
    return native.crc32


def test_the_folded_crc32_is_zlibs_at_every_length_and_start(folded_crc32) -> None:
    """Every length up to 1,100 bytes crosses each path (bytewise under 64, then the four lanes,
    the 16-byte folds and a tail of each size), from every 16-byte alignment of a buffer."""
    rng = random.Random(13)
    data = rng.randbytes(1200)
    view = memoryview(data)
    for length in range(1100):
        offset = length % 16
        piece = view[offset : offset + length]
        assert folded_crc32(piece) == zlib.crc32(piece), length
    for value in (1, 0xFFFFFFFF, rng.getrandbits(32), 2**40 + 5):
        assert folded_crc32(data, value) == zlib.crc32(data, value & 0xFFFFFFFF)
    large = rng.randbytes((1 << 20) + 37)
    assert folded_crc32(large) == zlib.crc32(large)
    assert folded_crc32(bytearray(b"\0" * 4096)) == zlib.crc32(b"\0" * 4096)
    # in pieces, as zlib chains it
    assert folded_crc32(large[777:], folded_crc32(large[:777])) == zlib.crc32(large)


def test_the_folded_crc32_reads_a_mapped_cache_entry(folded_crc32, tmp_path: Path) -> None:
    entry = tmp_path / "entry.bin"
    entry.write_bytes(random.Random(5).randbytes(300_001))
    with entry.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        assert folded_crc32(mapped) == zlib.crc32(entry.read_bytes())
        assert folded_crc32(memoryview(mapped)[40:]) == zlib.crc32(entry.read_bytes()[40:])


def test_the_folded_crc32_refuses_what_is_no_buffer(folded_crc32) -> None:
    with pytest.raises(TypeError):
        folded_crc32("text")
    with pytest.raises(TypeError):
        folded_crc32()
    with pytest.raises(TypeError):
        folded_crc32(b"a", 0, 1)
    with pytest.raises(TypeError):
        folded_crc32(b"a", "0")


def _skeleton_agrees(native: ModuleType, word: str) -> None:
    from mtcheck.language.spelled_out import skeleton

    expected = skeleton.__wrapped__(word)  # (the Python, not its cache)
    assert native.ascii_skeleton(word) == (expected if word.isascii() else None), word


def test_the_skeleton_agrees_on_real_words(native: ModuleType) -> None:
    words_seen = {word for text in _real_texts() for word in text.split()}
    for word in words_seen:
        _skeleton_agrees(native, word)
    assert native.ascii_skeleton("Shchukin") == "sukin" and native.ascii_skeleton("Kommentariyev") == "komentarev"
    assert native.ascii_skeleton("Žukov") is None


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="abceghijkostuvwxyzSHCXW'`\n .é", max_size=24))
def test_the_skeleton_agrees_on_generated_words(native: ModuleType, word: str) -> None:
    _skeleton_agrees(native, word)
