"""Lists, sets and tables of strings parsed from data files, kept in the user's cache folder,
so that a run reads a word list back whole instead of splitting its lines again: marshal
returns the 30,000 entries of the English lexicon some three times faster than splitting
them, and a table as the dict itself (no pairs to zip).

An entry is named by a BLAKE2 digest of what it was built from (the kind of list, FORMAT,
the Python build, whose marshal format it is, and the files' bytes: data files, and for a
language's facts the code that makes them) and holds a CRC-32 of its payload (against
damage; a fifth of a BLAKE2's cost). marshal is not made for damaged input, so the checksum
is checked before the payload is read, and what it returns must be a tuple of lists, sets
or dicts. They hold strings, strings to strings or booleans, bytes and numbers (where a
table's lines start: mtcheck/language/spelled_out.py), or the field values of a language's
facts (strings, numbers, booleans, None, and tuples, frozensets and dicts of them): nothing
else is ever written. Like every entry in the cache folder, it is read only from a private folder and
written to a temporary file renamed into place (mtcheck/language/user_cache.py); a corrupt,
foreign or mismatched entry is ignored and built again.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar, cast

from mtcheck.language.table_cache import entry_path
from mtcheck.language.user_cache import cache_folder, marshalled, private_folder, read_entry, write_atomically

FORMAT = 4  # raise when what an entry holds changes
FOLDER = f"string-lists-{FORMAT}"  # in the user's cache folder
_MAGIC = b"mtcheck string lists\n"

Lists = TypeVar("Lists", bound=tuple)  # of lists, sets or dicts of strings
_CONTAINERS = (list, set, dict)


def cached_lists(kind: str, sources: Iterable[Path], build: Callable[[], Lists]) -> Lists:
    """`build()`, or the entry a run made of the same files for the same kind of list."""
    folder = private_folder(cache_folder(), FOLDER)
    if folder is None:
        return build()
    entry = entry_path(folder, kind, f"{FORMAT}\0{sys.version}", sources)
    found = _read(entry)
    if found is not None:
        return cast(Lists, found)
    built = build()
    try:
        data = marshalled(tuple(built), _MAGIC)
    except ValueError:
        return built  # a value marshal cannot write (a field a Language gained): no entry
    write_atomically(folder, entry, data)
    return built


def _read(entry: Path) -> tuple | None:
    lists = read_entry(entry, _MAGIC)
    if type(lists) is not tuple or not all(type(items) in _CONTAINERS for items in lists):
        return None
    return lists
