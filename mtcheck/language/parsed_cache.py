"""Parsed YAML kept, marshalled, in the user's cache folder, so that a run does not parse the
rule packs and language data again: parsing YAML is most of what loading them costs. Marshal
reads an entry some forty times faster than YAML is parsed (and twice as fast as JSON, which
this cache held up to format 3), and keeps what YAML makes as it is: integer and boolean
keys (the number words of cs/pl/ru/uk: `0: nula`) need no encoding.

An entry is named by a checksum of the file's bytes and holds the bytes it was parsed from,
which must equal the file's for the entry to be used (bytes: a hit neither decodes the file
nor has marshal decode a copy of it): a changed pack never meets an old
entry, and no cryptographic hash (whose library takes longer to load than the entry) is
needed. Entries follow the cache's safety rules (mtcheck/language/user_cache.py: a private
folder, a checksum checked before marshal reads anything) and are checked when read: a
corrupt, foreign or mismatched entry is ignored and written again. Data that marshal cannot
carry (dates) is simply not cached.
`MTCHECK_CACHE_DIR` moves the cache; `MTCHECK_CACHE_DIR=off` turns it off.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mtcheck.language.user_cache import cache_folder, checksum, marshalled, private_folder, read_entry, write_atomically

FORMAT = 5  # raise when what an entry holds changes
FOLDER = f"parsed-yaml-{FORMAT}"  # in the user's cache folder
MAGIC = b"mtcheck parsed yaml\x00"
_MISSING = object()


def cached_parse(data: bytes, parse: Callable[[str], Any]) -> Any:
    """`parse(text)` of a file's bytes, from the cache when an entry for these bytes is there."""
    folder = private_folder(cache_folder(), FOLDER)
    if folder is None:
        return parse(data.decode("utf-8"))
    entry = folder / f"{checksum(data):08x}-{len(data):x}.entry"
    found = _read(entry, data)
    if found is not _MISSING:
        return found
    value = parse(data.decode("utf-8"))
    _write(folder, entry, data, value)
    return value


def _read(entry: Path, data: bytes) -> Any:
    stored = read_entry(entry, MAGIC)
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == data):
        return _MISSING  # none, damaged, or parsed from other bytes
    return stored[1]


def _write(folder: Path, entry: Path, data: bytes, value: Any) -> None:
    try:
        write_atomically(folder, entry, marshalled((data, value), MAGIC))
    except ValueError:
        return  # a date: not something marshal keeps
