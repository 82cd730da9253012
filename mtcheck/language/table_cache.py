"""Word tables (mtcheck/language/word_table.py) kept in the user's cache folder, so that a run
loads every language's list as bytes, in milliseconds, instead of hashing 240,000 words.

An entry is named by what it was built from: a BLAKE2 digest of the data files' bytes, the
kind of table and FORMAT. It holds a header (magic, format, byte order, sizes, a CRC-32 of
the payload, against damage: a fifth of a BLAKE2's cost) and the payload (the table's keys,
where each bucket of them starts, so that a run does not bisect for it, then a few words as
text). Entries are data,
never code, and follow the cache folder's rules (mtcheck/language/user_cache.py): read only
from a private folder, written to a temporary file renamed into place; and they are checked
when read (a corrupt, foreign or mismatched entry is ignored and built again).
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path

from mtcheck.language.user_cache import cache_folder, private_folder, read_private, write_atomically
from mtcheck.language.word_table import BUCKET_BITS, WordTable, blake2b

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
        digest.update(source.read_bytes() if source.is_file() else b"\0missing\0")
    return folder / f"{kind}-{digest.hexdigest()}.bin"


def _read(entry: Path) -> Built | None:
    data = read_private(entry)
    if data is None:
        return None
    start = len(_MAGIC) + _HEADER.size
    if not data.startswith(_MAGIC) or len(data) < start:
        return None
    version, byte_order, count, text_bytes, checksum = _HEADER.unpack_from(data, len(_MAGIC))
    payload = memoryview(data)[start:]
    numbers = 8 * (count + _STARTS)
    if version != FORMAT or byte_order != _BYTE_ORDER or len(payload) != numbers + text_bytes:
        return None
    if zlib.crc32(payload) != checksum:
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
    header = _MAGIC + _HEADER.pack(FORMAT, _BYTE_ORDER, len(table), len(text), zlib.crc32(payload))
    write_atomically(folder, entry, header + payload)
