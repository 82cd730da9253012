"""Parsed YAML kept as JSON in the user's cache folder, so that a run does not parse the rule
packs and language data again: parsing YAML is most of what loading them costs, and JSON
reads some thirty times faster.

An entry is named by a checksum of the file's bytes and holds the text it was parsed from,
which must equal the file's for the entry to be used: a changed pack never meets an old
entry, and no cryptographic hash (whose library takes longer to load than the entry) is
needed. Entries follow the cache's safety rules (mtcheck/language/user_cache.py) and are
checked when read: a corrupt, foreign or mismatched entry is ignored and written again. Data
that JSON cannot carry unchanged (dates, keys that are not strings) is simply not cached.
`MTCHECK_CACHE_DIR` moves the cache; `MTCHECK_CACHE_DIR=off` turns it off.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mtcheck.language.user_cache import cache_folder, private_folder, read_private, write_atomically

FORMAT = 2  # raise when what an entry holds changes
FOLDER = f"parsed-yaml-{FORMAT}"  # in the user's cache folder
_MISSING = object()


def cached_parse(data: bytes, parse: Callable[[str], Any]) -> Any:
    """`parse(text)` of a file's bytes, from the cache when an entry for these bytes is there."""
    text = data.decode("utf-8")
    folder = private_folder(cache_folder(), FOLDER)
    if folder is None:
        return parse(text)
    entry = folder / f"{zlib.crc32(data):08x}-{len(data):x}.json"
    found = _read(entry, text)
    if found is not _MISSING:
        return found
    value = parse(text)
    _write(folder, entry, text, value)
    return value


def _read(entry: Path, text: str) -> Any:
    found = read_private(entry)
    if found is None:
        return _MISSING
    try:
        stored = json.loads(found)
    except ValueError:
        return _MISSING
    if not isinstance(stored, dict) or stored.get("format") != FORMAT or stored.get("source") != text:
        return _MISSING
    return stored.get("data", _MISSING)


def _write(folder: Path, entry: Path, text: str, value: Any) -> None:
    try:
        stored = json.dumps({"format": FORMAT, "source": text, "data": value}, ensure_ascii=False)
    except (TypeError, ValueError):
        return  # a date, a set: not JSON
    if json.loads(stored)["data"] != value:
        return  # keys that are not strings would come back as strings
    write_atomically(folder, entry, stored)
