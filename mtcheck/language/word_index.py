"""Several languages' word lists (word_table.WordTable) as one index: which lists hold a word,
and with what value, from one bisection of one sorted array instead of one in each list.
LI102 asks two dozen lists about every word of the sentences that may hold a run: a bisection
in each list cost 8 ms of a WMT reference's check.

The index holds each table's keys as they are (the word's hash bits, with the table's number
where a table keeps the value), so it finds exactly what each table's `get` finds. It is kept
in the user's cache folder, named by the lists' data files as their tables are
(table_cache.py), and checked as they are when read.
"""

from __future__ import annotations

import struct
import sys
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable
from pathlib import Path

from mtcheck.language import table_cache
from mtcheck.language.user_cache import cache_folder, checksum, private_folder, read_private, write_atomically
from mtcheck.language.word_table import BUCKET_BITS, VALUE_BITS, WordTable

FORMAT = 1  # raise when what an entry holds, or how an index is built from its tables, changes
FOLDER = f"word-indexes-{FORMAT}"  # in the user's cache folder
_MAGIC = b"mtcheck word index\n"
# format, little-endian numbers, key count, payload CRC-32; padded so that the payload's numbers
# start at a multiple of 8 bytes
_HEADER = struct.Struct("<IBQI4x")
_BYTE_ORDER = 1 if sys.byteorder == "little" else 0
_VALUE_MASK = (1 << VALUE_BITS) - 1
_HASH_MASK = ~_VALUE_MASK & ((1 << 64) - 1)
_BUCKET_SHIFT = 64 - BUCKET_BITS
_STARTS = (1 << BUCKET_BITS) + 1  # where each bucket's keys start, and the end


class WordIndex:
    """word_key -> (table number, value) of each table holding the word."""

    __slots__ = ("keys", "values", "starts")

    def __init__(self, keys: array | memoryview, values: array | memoryview, starts: list[int]):
        self.keys = keys  # sorted 'Q': a table's key's hash bits | the table's number
        self.values = values  # 'H': that table's value for the key (an entry's bytes read in place)
        self.starts = starts  # where the keys of each value of the top bits start (as WordTable's), and the end

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
        starts = [bisect_left(keys, bucket << _BUCKET_SHIFT) for bucket in range(_STARTS - 1)] + [len(keys)]
        return cls(keys, values, starts)

    def holding(self, key: int) -> list[tuple[int, int]]:
        """(number, value) of each table whose `get` finds the word of this word_key, by number."""
        keys = self.keys
        bucket = key >> _BUCKET_SHIFT
        # (a key's entries, one a table, share its top bits: they lie in its bucket)
        index = bisect_left(keys, key, self.starts[bucket], self.starts[bucket + 1])
        found = []
        while index < len(keys) and keys[index] & _HASH_MASK == key:
            found.append((keys[index] & _VALUE_MASK, self.values[index]))
            index += 1
        return found

    def __len__(self) -> int:
        return len(self.keys)


def cached_index(kind: str, sources: Iterable[Path], build: Callable[[], WordIndex]) -> WordIndex | None:
    """The entry a run made of the same files (the tables' data files) with the same builder, or
    `build()` kept as one; None without a cache folder to keep it in: an index built for a single
    run costs more than the lookups it saves (0.2 s against 8 ms)."""
    folder = private_folder(cache_folder(), FOLDER)
    if folder is None:
        return None
    # (the tables' format decides their keys, and so the index's)
    entry = table_cache.entry_path(folder, kind, f"{FORMAT}\0{table_cache.FORMAT}", sources)
    found = _read(entry)
    if found is None:
        found = build()
        _write(folder, entry, found)
    return found


def _read(entry: Path) -> WordIndex | None:
    data = read_private(entry)
    start = len(_MAGIC) + _HEADER.size
    if data is None or len(data) < start or data[: len(_MAGIC)] != _MAGIC:
        return None
    version, byte_order, count, stored_crc = _HEADER.unpack_from(data, len(_MAGIC))
    payload = memoryview(data)[start:]
    if version != FORMAT or byte_order != _BYTE_ORDER or len(payload) != 8 * (count + _STARTS) + 2 * count:
        return None
    if checksum(payload) != stored_crc:
        return None
    # Read in place (2.4 MB for two dozen lists: copies cost a millisecond a run).
    keys = payload[: 8 * count].cast("Q")
    starts = payload[8 * count : 8 * (count + _STARTS)].cast("Q")
    values = payload[8 * (count + _STARTS) :].cast("H")
    if starts[-1] != count or any(map(int.__gt__, starts, starts[1:])):
        return None  # never an entry this module wrote: bisection would leave the keys
    return WordIndex(keys, values, starts.tolist())


def _write(folder: Path, entry: Path, index: WordIndex) -> None:
    payload = index.keys.tobytes() + array("Q", index.starts).tobytes() + index.values.tobytes()
    header = _MAGIC + _HEADER.pack(FORMAT, _BYTE_ORDER, len(index), checksum(payload))
    write_atomically(folder, entry, header + payload)
