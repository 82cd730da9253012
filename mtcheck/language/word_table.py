"""Big word lists held compactly: each word as one 64-bit number in a sorted array (52 bits of
its BLAKE2 hash, its value in the low 12 bits), looked up by bisection. A dict of strings costs
about 90 bytes a word; this costs 8, and the words themselves are not kept.

The hash is the same in every process, so a table built once is kept in the user's cache
folder (mtcheck/language/table_cache.py) and loads as bytes. Two words share a key with odds
of about one in 2**52 per lookup: far below anything the lists' own noise could change.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any

from mtcheck.language.user_cache import blake2b

VALUE_BITS = 12  # the low bits of a key hold the word's value: 0 to 4095
_VALUE_MASK = (1 << VALUE_BITS) - 1
_HASH_MASK = ~_VALUE_MASK & ((1 << 64) - 1)
BUCKET_BITS = 8  # the top bits of a key pick the stretch of the table a lookup bisects
_BUCKET_SHIFT = 64 - BUCKET_BITS


@lru_cache(maxsize=4096)  # the hot path asks every language's table about the same token
def word_key(word: str) -> int:
    """The word's 64-bit key with a value of 0."""
    return _key(blake2b(), word)


def _key(blake2b: Callable[..., Any], word: str) -> int:
    digest = blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little") & _HASH_MASK


class WordTable:
    """word -> a small number (0 to 4095), with `in` and `get` as a dict has them."""

    __slots__ = ("keys", "_starts")

    def __init__(self, keys: array, starts: list[int] | None = None):
        self.keys = keys  # sorted 'Q' keys: word_key(word) | value
        # Where the keys of each bucket start (bucket_starts); the word table cache keeps them.
        self._starts = starts

    @classmethod
    def of(cls, words: Mapping[str, int]) -> WordTable:
        values = set(words.values())
        if values and not (min(values) >= 0 and max(values) <= _VALUE_MASK):
            raise ValueError(f"word values must be 0 to {_VALUE_MASK}: {min(values)} to {max(values)} given")
        hashed = blake2b()
        return cls(array("Q", sorted(_key(hashed, word) | value for word, value in words.items())))

    def get(self, word: str) -> int | None:
        key = word_key(word)
        keys = self.keys
        starts = self._starts or self.bucket_starts()
        bucket = key >> _BUCKET_SHIFT
        # Every key before the bucket's stretch is smaller and every key after it larger: the
        # same place as bisecting the whole table, in 8 comparisons fewer.
        index = bisect_left(keys, key, starts[bucket], starts[bucket + 1])
        if index < len(keys) and keys[index] & _HASH_MASK == key:
            return keys[index] & _VALUE_MASK
        return None

    def get_keyed(self, keys: Iterable[int]) -> list[int | None]:
        """get of each word whose word_key is given, in order: a caller asking several tables
        about the same words makes their keys once (get's lookup, inlined: no call per word)."""
        table = self.keys
        size = len(table)
        starts = self._starts or self.bucket_starts()
        found: list[int | None] = []
        for key in keys:
            bucket = key >> _BUCKET_SHIFT
            index = bisect_left(table, key, starts[bucket], starts[bucket + 1])
            found.append(table[index] & _VALUE_MASK if index < size and table[index] & _HASH_MASK == key else None)
        return found

    def bucket_starts(self) -> list[int]:
        """Where the keys of each value of the top bits start, and the table's end (built on
        the first lookup unless given: 256 bisections)."""
        if self._starts is None:
            keys = self.keys
            buckets = range(1 << BUCKET_BITS)
            self._starts = [bisect_left(keys, bucket << _BUCKET_SHIFT) for bucket in buckets] + [len(keys)]
        return self._starts

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def nbytes(self) -> int:
        """The memory the keys take."""
        return self.keys.itemsize * len(self.keys)
