"""Big word lists held compactly: each word as one 64-bit number in a sorted array (its hash
with a small value in the low bits), looked up by bisection. A dict of strings costs about 90
bytes a word; this costs 8, and the words themselves are not kept.

The hash is Python's own, so a table lives only as long as the process that built it, and
asking every language's table about the same token hashes it once (a str keeps its hash).
Two words share a key with odds of about one in 2**52 per lookup: far below anything the
lists' own noise could change.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable

VALUE_BITS = 12  # the low bits of a key hold the word's value: 0 to 4095
_VALUE_MASK = (1 << VALUE_BITS) - 1
_HASH_MASK = (1 << (64 - VALUE_BITS)) - 1


def _hashed(word: str) -> int:
    return (hash(word) & _HASH_MASK) << VALUE_BITS


class WordTable:
    """word -> a small number (0 to 4095), with `in` and `get` as a dict has them."""

    __slots__ = ("_keys",)

    def __init__(self, items: Iterable[tuple[str, int]]):
        keys = []
        for word, value in items:
            if not 0 <= value <= _VALUE_MASK:
                raise ValueError(f"{word!r}: {value} does not fit in {VALUE_BITS} bits")
            keys.append(_hashed(word) | value)
        keys.sort()
        self._keys = array("Q", keys)

    def get(self, word: str) -> int | None:
        key = _hashed(word)
        keys = self._keys
        index = bisect_left(keys, key)
        if index < len(keys) and keys[index] >> VALUE_BITS == key >> VALUE_BITS:
            return keys[index] & _VALUE_MASK
        return None

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def __len__(self) -> int:
        return len(self._keys)

    @property
    def nbytes(self) -> int:
        """The memory the keys take."""
        return self._keys.itemsize * len(self._keys)
