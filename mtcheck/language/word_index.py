"""Several languages' word lists (word_table.WordTable) as one index: which lists hold a word,
and with what value, from one bisection of one sorted array instead of one in each list.
LI102 asks two dozen lists about every word of the sentences that may hold a run: a bisection
in each list cost 8 ms of a WMT reference's check.

The index holds each table's keys as they are (the word's hash bits, with the table's number
where a table keeps the value), so it finds exactly what each table's `get` finds. It is kept
in the user's cache folder, named by the lists' data files as their tables are
(table_cache.py), and checked before what it holds is used: its block starts and checksums
when read (a CRC-32 of them), each block of keys and values (a CRC-32 of its own) when a
lookup first reads it. An article asks the index about a few hundred words, which read a
tenth of its 2.4 MB: a CRC-32 of the whole cost 9 M instructions a process.
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable
from pathlib import Path

from mtcheck.language import table_cache
from mtcheck.language.user_cache import cache_folder, private_folder, read_private, write_atomically
from mtcheck.language.word_table import VALUE_BITS, WordTable

FORMAT = 2  # raise when what an entry holds, or how an index is built from its tables, changes
FOLDER = f"word-indexes-{FORMAT}"  # in the user's cache folder
_MAGIC = b"mtcheck word index\n"
# format, little-endian numbers, key count, CRC-32 of the count, block starts and blocks' CRC-32s;
# padded so that the payload's numbers start at a multiple of 8 bytes
_HEADER = struct.Struct("<IBQI4x")
_COUNT = struct.Struct("<Q")  # the key count: what the CRC-32 of the block starts starts from
_BYTE_ORDER = 1 if sys.byteorder == "little" else 0
_VALUE_MASK = (1 << VALUE_BITS) - 1
_HASH_MASK = ~_VALUE_MASK & ((1 << 64) - 1)
BLOCK_BITS = 12  # the top bits of a key pick its block: where a lookup bisects, and what one checks
_BLOCK_SHIFT = 64 - BLOCK_BITS
_BLOCKS = 1 << BLOCK_BITS
_STARTS = _BLOCKS + 1  # where each block's keys start, and the end


class WordIndex:
    """word_key -> (table number, value) of each table holding the word."""

    __slots__ = ("_keys", "_values", "starts", "_unchecked", "_pending")

    def __init__(
        self,
        keys: array | memoryview,
        values: array | memoryview,
        starts: list[int],
        unchecked: _Unchecked | None = None,
    ):
        self._keys = keys  # sorted 'Q': a table's key's hash bits | the table's number
        self._values = values  # 'H': that table's value for the key (an entry's bytes read in place)
        self.starts = starts  # where the keys of each value of the top BLOCK_BITS start, and the end
        self._unchecked = unchecked  # an entry's checksums, and how to build it again; None: all sound
        # The blocks not yet checked: one set lookup a word (an attribute and a test fewer than asking _unchecked).
        self._pending: set[int] = set(range(_BLOCKS)) if unchecked is not None else set()

    @classmethod
    def of(cls, tables: Iterable[WordTable]) -> WordIndex:
        """The index of these tables, numbered in this order."""
        entries: dict[int, int] = {}
        for number, table in enumerate(tables):
            if number > _VALUE_MASK:
                raise ValueError(f"an index holds at most {_VALUE_MASK + 1} tables")
            for key in table.keys:
                # Two words of one table that share their hash bits: its `get` finds the first,
                # of the lower value (its keys are sorted), and so does the index, keeping that one.
                entries.setdefault(key & _HASH_MASK | number, key & _VALUE_MASK)
        keys = array("Q", sorted(entries))
        values = array("H", map(entries.__getitem__, keys))
        starts = [bisect_left(keys, block << _BLOCK_SHIFT) for block in range(_BLOCKS)] + [len(keys)]
        return cls(keys, values, starts)

    @property
    def keys(self) -> array | memoryview:
        """The keys, every block checked."""
        self._check_all()
        return self._keys

    @property
    def values(self) -> array | memoryview:
        """The values, every block checked."""
        self._check_all()
        return self._values

    def holding(self, key: int) -> list[tuple[int, int]]:
        """(number, value) of each table whose `get` finds the word of this word_key, by number."""
        block = key >> _BLOCK_SHIFT
        # (a key's entries, one a table, share its top bits: they lie in its block)
        if block in self._pending:
            self._check(block)
        keys = self._keys
        index = bisect_left(keys, key, self.starts[block], self.starts[block + 1])
        found = []
        while index < len(keys) and keys[index] & _HASH_MASK == key:
            found.append((keys[index] & _VALUE_MASK, self._values[index]))
            index += 1
        return found

    def _check(self, block: int) -> None:
        """The block's keys and values as written, or the whole index built again."""
        unchecked = self._unchecked
        assert unchecked is not None
        if _block_checksum(self._keys, self._values, self.starts, block) == unchecked.checksums[block]:
            self._pending.discard(block)
            return
        rebuilt = unchecked.rebuild()
        self._keys, self._values, self.starts = rebuilt._keys, rebuilt._values, rebuilt.starts
        self._unchecked, self._pending = None, set()

    def _check_all(self) -> None:
        for block in sorted(self._pending):
            if block in self._pending:  # (none left once built again)
                self._check(block)

    def __len__(self) -> int:
        return len(self._keys)  # (the entry's size, checked with its block starts)


class _Unchecked:
    """The checksums of an entry's blocks, and how to build it again."""

    __slots__ = ("checksums", "rebuild")

    def __init__(self, checksums: memoryview, rebuild: Callable[[], WordIndex]):
        self.checksums = checksums  # 'I': a CRC-32 a block, of its keys' bytes then its values'
        self.rebuild = rebuild


def _block_checksum(keys: array | memoryview, values: array | memoryview, starts: list[int], block: int) -> int:
    start, end = starts[block], starts[block + 1]
    return zlib.crc32(values[start:end], zlib.crc32(keys[start:end]))


def cached_index(kind: str, sources: Iterable[Path], build: Callable[[], WordIndex]) -> WordIndex | None:
    """The entry a run made of the same files (the tables' data files) with the same builder, or
    `build()` kept as one; None without a cache folder to keep it in: an index built for a single
    run costs more than the lookups it saves (0.2 s against 8 ms)."""
    folder = private_folder(cache_folder(), FOLDER)
    if folder is None:
        return None
    # (the tables' format decides their keys, and so the index's)
    entry = table_cache.entry_path(folder, kind, f"{FORMAT}\0{table_cache.FORMAT}", sources)

    def rebuild() -> WordIndex:
        built = build()
        _write(folder, entry, built)
        return built

    found = _read(entry, rebuild)
    return rebuild() if found is None else found


def _read(entry: Path, rebuild: Callable[[], WordIndex]) -> WordIndex | None:
    data = read_private(entry)
    start = len(_MAGIC) + _HEADER.size
    if data is None or not data.startswith(_MAGIC) or len(data) < start:
        return None
    version, byte_order, count, checksum = _HEADER.unpack_from(data, len(_MAGIC))
    payload = memoryview(data)[start:]
    blocks_at = 8 * (count + _STARTS)  # the blocks' checksums, after the keys and their starts
    values_at = blocks_at + 4 * _BLOCKS
    if version != FORMAT or byte_order != _BYTE_ORDER or len(payload) != values_at + 2 * count:
        return None
    if zlib.crc32(payload[8 * count : values_at], zlib.crc32(_COUNT.pack(count))) != checksum:
        return None
    # Read in place (2.4 MB for two dozen lists: copies cost a millisecond a run).
    keys = payload[: 8 * count].cast("Q")
    starts = payload[8 * count : blocks_at].cast("Q").tolist()
    if starts[-1] != count or starts != sorted(starts):  # (in order, compared in C: table_cache._read)
        return None  # never an entry this module wrote: bisection would leave the keys
    unchecked = _Unchecked(payload[blocks_at:values_at].cast("I"), rebuild)
    return WordIndex(keys, payload[values_at:].cast("H"), starts, unchecked)


def _write(folder: Path, entry: Path, index: WordIndex) -> None:
    keys, values, starts = index.keys, index.values, index.starts
    checksums = array("I", (_block_checksum(keys, values, starts, block) for block in range(_BLOCKS)))
    heads = array("Q", starts).tobytes() + checksums.tobytes()
    payload = keys.tobytes() + heads + values.tobytes()
    checksum = zlib.crc32(heads, zlib.crc32(_COUNT.pack(len(index))))
    header = _MAGIC + _HEADER.pack(FORMAT, _BYTE_ORDER, len(index), checksum)
    write_atomically(folder, entry, header + payload)
