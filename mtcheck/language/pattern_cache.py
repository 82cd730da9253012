"""Compiled `regex` patterns kept in the user's cache folder, so that a run does not parse
its patterns again: `regex` parses and optimises a pattern in pure Python (some 70 ms for the
English rules' hundred patterns), and only the last step, building the matcher from the
program it produced, is in C.

A compiled pattern carries that program as `_pickled_data`, the arguments of
`regex._regex.compile` (what pickling a pattern stores); `compile_pattern` keeps them as JSON
and, on the next run, hands them straight to `_regex.compile`. Both are private to `regex`,
so: entries are kept per `regex` version; they are used only in the shape this module knows
(a test in tests/test_pattern_cache.py says when a release changes it); a replayed entry must name the same pattern and named lists as the call; and any
mismatch or error falls back to `regex.compile`. `regex` runs a program without checking it
(a damaged one crashes the process), so each entry carries a checksum of its fields, and the
file follows the cache's safety rules (mtcheck/language/user_cache.py): private to the user,
whose own runs wrote it. New entries are written once, when the run ends.
"""

from __future__ import annotations

import atexit
import binascii
import json
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import regex

from mtcheck.language.user_cache import cache_folder, private_folder, read_private, write_atomically

FORMAT = 2  # raise when what an entry holds changes
MAX_ENTRIES = 1000  # the patterns of this run first, then older ones (rules being edited leave many)
_FIELDS = 11  # regex._regex.compile's arguments in the releases this was tested with; another count: no replay
_UNCACHED_FLAGS = regex.LOCALE | regex.DEBUG  # a locale's pattern depends on more than its text

_entries: dict[str, list] | None = None  # the file's entries, read on the first compile
_new: dict[str, list] = {}  # compiled during this run, written at exit
_used: set[str] = set()


def compile_pattern(pattern: str, flags: int = 0, **lists: Any) -> regex.Pattern[str]:
    """`regex.compile(pattern, flags, **lists)` (lists: named lists of strings), from the cache
    when it holds this pattern. A pattern made for one document only is compiled with
    regex.compile: it would only fill the cache."""
    if flags & _UNCACHED_FLAGS:
        return regex.compile(pattern, flags, **lists)
    key = f"{int(flags)} {int(regex.DEFAULT_VERSION)} {','.join(sorted(lists))} {pattern}"
    stored = _stored().get(key)
    if stored is not None:
        replayed = _replay(stored, pattern, lists)
        if replayed is not None:
            _used.add(key)
            return replayed
    compiled = regex.compile(pattern, flags, **lists)
    encoded = _encode(getattr(compiled, "_pickled_data", None))
    if encoded is not None and _cache_file() is not None:
        if not _new:
            atexit.register(save)
        _new[key] = encoded
        _used.add(key)
    return compiled


def _cache_file() -> Path | None:
    folder = private_folder(cache_folder(), f"compiled-patterns-{FORMAT}")
    if folder is None:
        return None
    return folder / f"regex-{regex.__version__}-{sys.implementation.cache_tag}.json"


def _stored() -> dict[str, list]:
    global _entries
    if _entries is None:
        path = _cache_file()
        _entries = _read(path) if path is not None else {}
    return _entries


def _read(path: Path) -> dict[str, list]:
    found = read_private(path)
    if found is None:
        return {}
    try:
        stored = json.loads(found)
    except ValueError:
        return {}
    if not isinstance(stored, dict) or stored.get("format") != FORMAT or stored.get("regex") != regex.__version__:
        return {}
    entries = stored.get("patterns")
    return entries if isinstance(entries, dict) else {}


def _encode(data: Any) -> list | None:
    """`_pickled_data` as JSON values, or None when it is not in the shape this module knows."""
    if not isinstance(data, tuple) or len(data) != _FIELDS:
        return None
    pattern, flags, code, group_index, index_group, named_lists, list_indexes, offset, chars, req_flags, groups = data
    if not (isinstance(pattern, str) and isinstance(code, bytes) and isinstance(chars, tuple)):
        return None
    fields = [
        pattern,
        flags,
        binascii.b2a_base64(code, newline=False).decode("ascii"),
        group_index,
        sorted(index_group.items()),  # JSON keys are strings: the group numbers go as pairs
        {name: sorted(values) for name, values in named_lists.items()},
        [sorted(items) for items in list_indexes],
        offset,
        list(chars),
        req_flags,
        groups,
    ]
    return [_checksum(fields), *fields]


def _checksum(fields: list) -> int:
    # regex runs a program as given, unchecked (a damaged one crashes the process): an entry
    # whose fields are not the ones written, by a disk fault or a hand, is never run.
    return zlib.crc32(json.dumps(fields, ensure_ascii=False).encode("utf-8"))


def _replay(stored: Any, pattern: str, lists: dict[str, Iterable[str]]) -> regex.Pattern[str] | None:
    """The pattern built from a stored entry, or None when the entry does not fit the call."""
    try:
        checksum, *fields = stored
        if checksum != _checksum(fields):
            return None
        source, flags, code, group_index, index_group, named_lists, list_indexes, offset, chars, req_flags, groups = (
            fields
        )
        named = {name: frozenset(values) for name, values in named_lists.items()}
        if source != pattern or named != {name: frozenset(values) for name, values in lists.items()}:
            return None
        arguments = (
            source,
            flags,
            binascii.a2b_base64(code),
            dict(group_index),
            {int(number): name for number, name in index_group},
            named,
            [frozenset(items) for items in list_indexes],
            offset,
            tuple(chars),
            req_flags,
            groups,
        )
        from regex import _regex  # the C half of regex: private

        compiled: regex.Pattern[str] = _regex.compile(*arguments)  # type: ignore[attr-defined]
        return compiled
    except Exception:  # a damaged entry or another regex's layout: compile afresh
        return None


def save() -> None:
    """Write this run's new patterns into the cache file, merged with what is there now."""
    path = _cache_file()
    if not _new or path is None:
        return
    current = _read(path)  # another run may have written since this one read
    merged = {key: value for key, value in {**current, **_new}.items() if key in _used}
    for key, value in current.items():
        if len(merged) >= MAX_ENTRIES:
            break
        merged.setdefault(key, value)
    text = json.dumps({"format": FORMAT, "regex": regex.__version__, "patterns": merged}, ensure_ascii=False)
    write_atomically(path.parent, path, text)
    _new.clear()
