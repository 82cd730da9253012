"""Parsed YAML kept as JSON in the user's cache folder, so that a run does not parse the rule
packs and language data again: parsing YAML is most of what loading them costs, and JSON
reads some thirty times faster.

An entry is named by a checksum of the file's bytes and holds the text it was parsed from,
which must equal the file's for the entry to be used: a changed pack never meets an old
entry, and no cryptographic hash (whose library takes longer to load than the entry) is
needed. Entries follow the cache's safety rules (mtcheck/language/user_cache.py) and are
checked when read: a corrupt, foreign or mismatched entry is ignored and written again. A
mapping whose keys are not all strings (the number words of cs/pl/ru/uk: `0: nula`) is kept as
a list of pairs, marked, and made a mapping again when read; data that JSON cannot carry
unchanged even so (dates) is simply not cached.
`MTCHECK_CACHE_DIR` moves the cache; `MTCHECK_CACHE_DIR=off` turns it off.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mtcheck.language.user_cache import cache_folder, private_folder, read_private, write_atomically

FORMAT = 3  # raise when what an entry holds changes
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
    data = stored.get("data", _MISSING)
    return _decoded(data) if stored.get("pairs") is True else data  # only the few entries that need it


def _write(folder: Path, entry: Path, text: str, value: Any) -> None:
    encoded = _encoded(value)
    try:
        stored = json.dumps(
            {"format": FORMAT, "source": text, "pairs": encoded is not value, "data": encoded}, ensure_ascii=False
        )
    except (TypeError, ValueError):
        return  # a date, a set: not JSON
    if _decoded(json.loads(stored)["data"]) != value:
        return  # anything else JSON would change
    write_atomically(folder, entry, stored)


_PAIRS = "\x00pairs"  # the one key of a mapping kept as a list of [key, value] pairs


def _encoded(value: Any) -> Any:
    """value with every mapping whose keys are not all strings (or that holds the marker key)
    as {_PAIRS: [[key, value], ...]}; value itself when there is none."""
    if isinstance(value, dict):
        items = {key: _encoded(item) for key, item in value.items()}
        if not all(isinstance(key, str) and key != _PAIRS for key in value):
            return {_PAIRS: [[key, item] for key, item in items.items()]}
        changed = any(items[key] is not item for key, item in value.items())
        return items if changed else value
    if isinstance(value, list):
        encoded = [_encoded(item) for item in value]
        return encoded if any(e is not item for e, item in zip(encoded, value)) else value
    return value


def _decoded(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1 and _PAIRS in value:
            return {key: _decoded(item) for key, item in value[_PAIRS]}
        return {key: _decoded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decoded(item) for item in value]
    return value
