"""Word tables (mtcheck/language/word_table.py) kept in the user's cache folder, so that a run
loads every language's list as bytes, in milliseconds, instead of hashing 240,000 words.

An entry is named by what it was built from: a BLAKE2 digest of the data files' bytes, the
kind of table and FORMAT (each file's digest is kept in the cache folder for as long as the
file's size, times and inode stay as they were: source_digest). It holds a header (magic, format, byte order, sizes, a CRC-32 of
the payload, against damage: a fifth of a BLAKE2's cost) and the payload (the table's keys,
where each bucket of them starts, so that a run does not bisect for it, then a few words as
text). Entries are data,
never code, and follow the cache folder's rules (mtcheck/language/user_cache.py): read only
from a private folder, written to a temporary file renamed into place; and they are checked
when read (a corrupt, foreign or mismatched entry is ignored and built again).
"""

from __future__ import annotations

import atexit
import os
import stat
import struct
import sys
import time
from array import array
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from mtcheck.language.user_cache import (
    blake2b,
    cache_folder,
    checksum,
    marshalled,
    private_folder,
    read_entry,
    read_private,
    write_atomically,
)
from mtcheck.language.word_table import BUCKET_BITS, WordTable

FORMAT = 2  # raise when what an entry holds, or how a table is built from its files, changes
FOLDER = f"word-tables-{FORMAT}"  # in the user's cache folder
_MAGIC = b"mtcheck word table\n"
_HEADER = struct.Struct("<IBQQI")  # format, little-endian keys, key count, bytes of words, payload CRC-32
_BYTE_ORDER = 1 if sys.byteorder == "little" else 0
_STARTS = (1 << BUCKET_BITS) + 1  # 'Q' numbers after the keys: WordTable.bucket_starts()

Built = tuple[WordTable, tuple[str, ...]]  # a table and a few of its words (the commonest)


def cached_table(kind: str, sources: Iterable[Path], build: Callable[[], Built]) -> Built:
    """`build()`, or the entry a run made of the same files with the same builder."""
    folder = private_folder(cache_folder(), FOLDER)
    if folder is None:
        return build()
    entry = entry_path(folder, kind, str(FORMAT), sources)
    found = _read(entry)
    if found is not None:
        return found
    built = build()
    _write(folder, entry, built)
    return built


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
        # Without the files since removed (checkouts and copies deleted, temporary folders): a
        # record every run reads held 1,862 files, most of them gone, where one install has 150.
        present = {path: kept for path, kept in known.items() if os.path.isfile(path)}
        write_atomically(folder, folder / "digests.bin", marshalled(present, _DIGESTS_MAGIC))
    _unwritten.clear()


@cache  # once per process and folder
def _known_digests(folder: Path | None) -> dict[str, Any]:
    """path -> (size, mtime, ctime, inode, device, digest), as runs recorded them."""
    if folder is None:
        return {}
    found = read_entry(folder / "digests.bin", _DIGESTS_MAGIC)
    return found if type(found) is dict else {}


def _read(entry: Path) -> Built | None:
    data = read_private(entry)
    if data is None:
        return None
    start = len(_MAGIC) + _HEADER.size
    if len(data) < start or data[: len(_MAGIC)] != _MAGIC:
        return None
    version, byte_order, count, text_bytes, stored_crc = _HEADER.unpack_from(data, len(_MAGIC))
    payload = memoryview(data)[start:]
    numbers = 8 * (count + _STARTS)
    if version != FORMAT or byte_order != _BYTE_ORDER or len(payload) != numbers + text_bytes:
        return None
    if checksum(payload) != stored_crc:
        return None
    keys = array("Q")
    keys.frombytes(payload[: 8 * count])
    starts = array("Q")
    starts.frombytes(payload[8 * count : numbers])
    if starts[-1] != count or any(map(int.__gt__, starts, starts[1:])):
        return None  # never an entry this module wrote: bisection would leave the table
    words = bytes(payload[numbers:]).decode("utf-8", "surrogatepass")
    return WordTable(keys, starts.tolist()), (tuple(words.split("\n")) if words else ())


def _write(folder: Path, entry: Path, built: Built) -> None:
    table, words = built
    starts = array("Q", table.bucket_starts()).tobytes()
    text = "\n".join(words).encode("utf-8", "surrogatepass")
    payload = table.keys.tobytes() + starts + text
    header = _MAGIC + _HEADER.pack(FORMAT, _BYTE_ORDER, len(table), len(text), checksum(payload))
    write_atomically(folder, entry, header + payload)
