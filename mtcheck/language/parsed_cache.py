"""Parsed YAML kept as JSON in the user's cache folder, so that a run does not parse the rule
packs and language data again: parsing YAML is most of what loading them costs, and JSON
reads some thirty times faster.

An entry is named by a checksum of the file's bytes and holds the text it was parsed from,
which must equal the file's for the entry to be used: a changed pack never meets an old
entry, and no cryptographic hash (whose library takes longer to load than the entry) is
needed. Entries are JSON (data, never code), read only from
a folder the user owns that nobody else can write, and checked when read: a corrupt,
foreign or mismatched entry is ignored and written again. An entry is written to a
temporary file and renamed into place, so a concurrent run never reads half of one. Data
that JSON cannot carry unchanged (dates, keys that are not strings) is simply not cached.
`MTCHECK_CACHE_DIR` moves the cache; `MTCHECK_CACHE_DIR=off` turns it off.
"""

from __future__ import annotations

import json
import os
import stat
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

FORMAT = 2  # raise when what an entry holds changes
_MISSING = object()


def cache_folder() -> Path | None:
    setting = os.environ.get("MTCHECK_CACHE_DIR")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mtcheck", appauthor=False))


def cached_parse(data: bytes, parse: Callable[[str], Any]) -> Any:
    """`parse(text)` of a file's bytes, from the cache when an entry for these bytes is there."""
    text = data.decode("utf-8")
    folder = _entries_folder(cache_folder())
    if folder is None:
        return parse(text)
    entry = folder / f"{zlib.crc32(data):08x}-{len(data):x}.json"
    found = _read(entry, text)
    if found is not _MISSING:
        return found
    value = parse(text)
    _write(folder, entry, text, value)
    return value


@cache
def _entries_folder(root: Path | None) -> Path | None:
    """The folder of entries, when it is safe to use: made private if new; refused when
    another user owns it or can write to it (an entry planted there would become rules)."""
    if root is None:
        return None
    folder = root / f"parsed-yaml-{FORMAT}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
        return folder if stat.S_ISDIR(info.st_mode) and _private(info) else None
    except OSError:
        return None  # a read-only home, a full disk: run without the cache


def _private(info: os.stat_result) -> bool:
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(entry: Path, text: str) -> Any:
    try:
        info = os.lstat(entry)
        if not stat.S_ISREG(info.st_mode) or not _private(info):
            return _MISSING
        stored = json.loads(entry.read_bytes())
    except (OSError, ValueError):
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
    import tempfile  # only when writing: most runs only read

    try:
        handle, temporary = tempfile.mkstemp(prefix=".entry.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(stored)
            os.replace(temporary, entry)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass  # the cache is an optimisation: never a reason to fail a run
