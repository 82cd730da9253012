"""Word tables (mtcheck/language/word_table.py) kept in the user's cache folder, so that a run
loads every language's list as bytes, in milliseconds, instead of hashing 240,000 words.

An entry is named by what it was built from: a BLAKE2 digest of the data files' bytes, the
kind of table and FORMAT. It holds a header (magic, format, byte order, sizes, a digest of
the payload) and the payload (the table's keys, then a few words as text). Entries are data,
never code, and follow the cache folder's rules (mtcheck/language/user_cache.py): read only
from a private folder, written to a temporary file renamed into place; and they are checked
when read (a corrupt, foreign or mismatched entry is ignored and built again).
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path

from mtcheck.language.user_cache import cache_folder, private_folder, read_private, write_atomically
from mtcheck.language.word_table import WordTable, blake2b

FORMAT = 1  # raise when what an entry holds, or how a table is built from its files, changes
FOLDER = f"word-tables-{FORMAT}"  # in the user's cache folder
_MAGIC = b"mtcheck word table\n"
_HEADER = struct.Struct("<IBQQ16s")  # format, little-endian keys, key count, bytes of words, payload digest
_BYTE_ORDER = 1 if sys.byteorder == "little" else 0

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
    version, byte_order, count, text_bytes, digest = _HEADER.unpack_from(data, len(_MAGIC))
    payload = memoryview(data)[start:]
    if version != FORMAT or byte_order != _BYTE_ORDER or len(payload) != 8 * count + text_bytes:
        return None
    if blake2b()(payload, digest_size=16).digest() != digest:
        return None
    keys = array("Q")
    keys.frombytes(payload[: 8 * count])
    words = bytes(payload[8 * count :]).decode("utf-8", "surrogatepass")
    return WordTable(keys), (tuple(words.split("\n")) if words else ())


def _write(folder: Path, entry: Path, built: Built) -> None:
    table, words = built
    payload = table.keys.tobytes() + "\n".join(words).encode("utf-8", "surrogatepass")
    digest = blake2b()(payload, digest_size=16).digest()
    header = _MAGIC + _HEADER.pack(FORMAT, _BYTE_ORDER, len(table), len(payload) - 8 * len(table), digest)
    write_atomically(folder, entry, header + payload)
