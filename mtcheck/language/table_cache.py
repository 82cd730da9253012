"""Word tables (mtcheck/language/word_table.py) kept in the user's cache folder, so that a run
loads every language's list as bytes, in milliseconds, instead of hashing 240,000 words.

An entry is named by what it was built from: a BLAKE2 digest of the data files' bytes, the
kind of table and FORMAT (each file's digest is kept in the cache folder for as long as the
file's size, times and inode stay as they were: source_digest). It holds a header (magic, format, byte order, sizes, two CRC-32s,
against damage: a fifth of a BLAKE2's cost) and the payload (the table's keys, where each
bucket of them starts, so that a run does not bisect for it, then a few words as text). Entries are data,
never code, and follow the cache folder's rules (mtcheck/language/user_cache.py): read only
from a private folder, written to a temporary file renamed into place; and they are checked
before what they hold is used (a corrupt, foreign or mismatched entry is ignored and built
again). The sizes and the words are checked when the entry is read (a CRC-32 of them), the
keys and bucket starts (a CRC-32 of their own) when the table is first asked about a word:
an English check asks two dozen languages' lists whether they are empty, and a few of them
about a word (CRC-32s of keys no lookup reads cost 12 M instructions a process).
"""

from __future__ import annotations

import atexit
import os
import stat
import struct
import sys
import time
import zlib
from array import array
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, cast

from mtcheck.language.user_cache import (
    blake2b,
    cache_folder,
    marshalled,
    private_folder,
    read_entry,
    read_private,
    write_atomically,
)
from mtcheck.language.word_table import BUCKET_BITS, WordTable

FORMAT = 3  # raise when what an entry holds, or how a table is built from its files, changes
FOLDER = f"word-tables-{FORMAT}"  # in the user's cache folder
_MAGIC = b"mtcheck word table\n"
# format, little-endian keys, key count, bytes of words, CRC-32 of the two sizes and the words,
# CRC-32 of the keys and bucket starts
_HEADER = struct.Struct("<IBQQII")
_SIZES = struct.Struct("<QQ")  # key count, bytes of words: what the first CRC-32 starts from
_BYTE_ORDER = 1 if sys.byteorder == "little" else 0
_STARTS = (1 << BUCKET_BITS) + 1  # 'Q' numbers after the keys: WordTable.bucket_starts()

Built = tuple[WordTable, tuple[str, ...]]  # a table and a few of its words (the commonest)


def cached_table(kind: str, sources: Iterable[Path], build: Callable[[], Built]) -> Built:
    """`build()`, or the entry a run made of the same files with the same builder."""
    folder = private_folder(cache_folder(), FOLDER)
    if folder is None:
        return build()
    entry = entry_path(folder, kind, str(FORMAT), sources)
    found = _read(entry, lambda: _rebuilt(folder, entry, build))
    if found is not None:
        return found
    built = build()
    _write(folder, entry, built)
    return built


def _rebuilt(folder: Path, entry: Path, build: Callable[[], Built]) -> WordTable:
    """The table built again, and written, for an entry whose keys turn out damaged."""
    built = build()
    _write(folder, entry, built)
    return built[0]


class CheckedOnUse(WordTable):
    """A table read from an entry whose size is checked, but not yet its keys: they are checked
    (their CRC-32) and read when a lookup first needs them, or built again if damaged. Then it
    becomes a WordTable (its class changed, as their slots are the same): its lookups cost what
    any table's do."""

    __slots__ = ()  # (WordTable's: until checked, _starts holds the size and how to read the keys)

    def __init__(self, size: int, keys_of: Callable[[], WordTable]):
        self._starts = (size, keys_of)  # type: ignore[assignment]

    def _check(self) -> None:
        # Each step leaves the table sound for a lookup between two of them (another thread's):
        # the keys first (where only WordTable's methods read them), then the bucket starts
        # (after which no lookup reads the entry again), then the class.
        pending = self._starts
        if type(pending) is tuple:
            table = pending[1]()
            _KEYS.__set__(self, table.keys)
            self._starts = table.bucket_starts()
            self.__class__ = WordTable

    @property
    def keys(self) -> array:
        self._check()
        return cast(array, _KEYS.__get__(self))

    @keys.setter
    def keys(self, keys: array) -> None:
        raise AttributeError("a table read from the cache is not changed")

    def get(self, word: str) -> int | None:
        self._check()
        return WordTable.get(self, word)

    def get_keyed(self, keys: Iterable[int]) -> list[int | None]:
        self._check()
        return WordTable.get_keyed(self, keys)

    def bucket_starts(self) -> list[int]:
        self._check()
        return WordTable.bucket_starts(self)

    def __contains__(self, word: object) -> bool:
        self._check()
        return WordTable.__contains__(self, word)

    def __len__(self) -> int:
        pending = self._starts  # (the entry's size, as its keys hold: both checked, and written together)
        return cast(int, pending[0]) if type(pending) is tuple else len(_KEYS.__get__(self))


_KEYS = WordTable.__dict__["keys"]  # WordTable's slot, which CheckedOnUse.keys stands in front of


def entry_path(folder: Path, kind: str, salt: str, sources: Iterable[Path]) -> Path:
    """The entry of this kind built from these files, named by a digest of their bytes (and of
    salt: what else decides the entry's content, such as its format)."""
    digest = blake2b()(f"{kind}\0{salt}".encode(), digest_size=16)
    for source in sources:
        digest.update(source_digest(source))
    return folder / f"{kind}-{digest.hexdigest()}.bin"


DIGESTS_FOLDER = "source-digests-1"  # in the user's cache folder
_DIGESTS_MAGIC = b"mtcheck source digests\n"
_SETTLED_NS = 2_000_000_000  # a file unchanged this long: a write now would change its times
_MAX_DIGESTS = 2000  # files of every checkout and copy a user runs: then they start again


def source_digest(source: Path) -> bytes:
    """A BLAKE2 digest of a data file's bytes, or a mark for a missing file. Kept in the cache
    folder under the file's path, size, times and inode, so that a run reads and hashes a
    file again only when one of them changed (4 MB, 5 ms, on a check of an English text);
    kept only for a file left alone for a while, as a write in the same tick of the clock as
    the last one would leave its times as they were."""
    try:
        info = os.stat(source)
    except OSError:
        return b"\0missing\0"
    if not stat.S_ISREG(info.st_mode):
        return b"\0missing\0"
    signature = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
    folder = private_folder(cache_folder(), DIGESTS_FOLDER)
    known = _known_digests(folder)
    found = known.get(str(source))
    if type(found) is tuple and found[:-1] == signature and type(found[-1]) is bytes:
        return found[-1]
    digest: bytes = blake2b()(source.read_bytes(), digest_size=16).digest()
    if folder is not None and time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > _SETTLED_NS:
        if len(known) >= _MAX_DIGESTS:
            known.clear()
        if not _unwritten:
            atexit.register(_write_digests)  # once, for every file of the run: one write, not sixty
        known[str(source)] = (*signature, digest)
        _unwritten[folder] = known
    return digest


_unwritten: dict[Path, dict[str, Any]] = {}  # folder -> the digests to write there at exit


def _write_digests() -> None:
    for folder, known in _unwritten.items():
        write_atomically(folder, folder / "digests.bin", marshalled(known, _DIGESTS_MAGIC))
    _unwritten.clear()


@cache  # once per process and folder
def _known_digests(folder: Path | None) -> dict[str, Any]:
    """path -> (size, mtime, ctime, inode, device, digest), as runs recorded them."""
    if folder is None:
        return {}
    found = read_entry(folder / "digests.bin", _DIGESTS_MAGIC)
    return found if type(found) is dict else {}


def _read(entry: Path, rebuilt: Callable[[], WordTable]) -> Built | None:
    data = read_private(entry)
    if data is None:
        return None
    start = len(_MAGIC) + _HEADER.size
    if not data.startswith(_MAGIC) or len(data) < start:
        return None
    version, byte_order, count, text_bytes, head_checksum, keys_checksum = _HEADER.unpack_from(data, len(_MAGIC))
    payload = memoryview(data)[start:]
    numbers = 8 * (count + _STARTS)
    if version != FORMAT or byte_order != _BYTE_ORDER or len(payload) != numbers + text_bytes:
        return None
    text = payload[numbers:]
    if zlib.crc32(text, zlib.crc32(_SIZES.pack(count, text_bytes))) != head_checksum:
        return None
    words = bytes(text).decode("utf-8", "surrogatepass")

    def keys_of() -> WordTable:
        return _keys(payload[:numbers], count, keys_checksum) or rebuilt()

    return CheckedOnUse(count, keys_of), (tuple(words.split("\n")) if words else ())


def _keys(numbers: memoryview, count: int, checksum: int) -> WordTable | None:
    """The table of an entry's keys and bucket starts; None if they are not as written."""
    if zlib.crc32(numbers) != checksum:
        return None
    keys = array("Q")
    keys.frombytes(numbers[: 8 * count])
    starts = array("Q")
    starts.frombytes(numbers[8 * count :])
    bounds = starts.tolist()
    # (in order: as sorted() leaves them, a comparison in C each; int.__gt__ a pair cost 0.3 M a table)
    if bounds[-1] != count or bounds != sorted(bounds):
        return None  # never an entry this module wrote: bisection would leave the table
    return WordTable(keys, bounds)


def _write(folder: Path, entry: Path, built: Built) -> None:
    table, words = built
    numbers = table.keys.tobytes() + array("Q", table.bucket_starts()).tobytes()
    text = "\n".join(words).encode("utf-8", "surrogatepass")
    head_checksum = zlib.crc32(text, zlib.crc32(_SIZES.pack(len(table), len(text))))
    header = _MAGIC + _HEADER.pack(FORMAT, _BYTE_ORDER, len(table), len(text), head_checksum, zlib.crc32(numbers))
    write_atomically(folder, entry, header + numbers + text)
