"""The big word lists a check reads whole at every start (the target language's lexicon, its
name words, the gazetteer's names and their first words), as the native build holds them:
each packed into one bytes object (mtcheck/language/native_tables.c) that the user's cache
gives back as it is, instead of a dict or set of tens of thousands of strings that marshal
builds one by one. On the WMT22 de-en reference A the four took 14-18 ms of a run as dicts and
sets, and some 1,000 fresh pages of memory; packed, 4 ms.

Without the native build they are the dicts and sets they always were (list_cache), and
tests/test_native_tables.py holds the two to the same answers. Either answers `in`, `get`,
`[]`, `len`, iteration, `keys()` and `items()` alike; code that needs more of a dict or a set
(set.difference with one) goes through `without()`, `among()` and `holding()` here, which ask a
packed table in one call.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

from mtcheck.language.list_cache import cached_lists

try:  # the optional native build (scripts/build_native.py)
    from mtcheck.language import native_tables
except ImportError:
    native_tables = None  # type: ignore[assignment]

_SHAPES = {"dict": 3, "set": 2, "list": 2}  # a packed entry's parts: its shape, then what it holds


def cached_tables(kind: str, sources: Iterable[Path], build: Callable[[], tuple]) -> tuple[Any, ...]:
    """cached_lists(kind, sources, build), with each dict and set that `build` gives packed
    into a read-only table when the native build is present."""
    if native_tables is None:
        return cached_lists(kind, sources, build)
    entry = cached_lists(f"packed{native_tables.FORMAT}-{kind}", sources, lambda: _packed(build()))
    try:
        return _unpacked(entry)
    except (ValueError, TypeError):  # never an entry this module wrote: the lists themselves
        return _unpacked(_packed(build()))


def without(words: set[str], table: Mapping[str, Any] | set[str] | frozenset[str]) -> set[str]:
    """The words that are not in the table, in C for a dict or a set: a few words each looked up
    (set.difference), many copied and the table's keys taken out (`- keys()`, which is quicker
    for them). A packed table is asked about each word instead."""
    if type(table) is dict and len(words) * 4 >= len(table):
        return words - table.keys()
    if type(table) in (dict, set, frozenset):
        return words.difference(table)
    if native_tables is not None and type(table) is native_tables.StringTable:
        return table.without(words)
    return {word for word in words if word not in table}


def among(words: AbstractSet[str], table: Mapping[str, Any]) -> set[str]:
    """The words that are keys of the table: `words & table.keys()` for a dict (whose keys a
    packed table would make as strings, all of them)."""
    if type(table) is dict:
        return words & table.keys()
    if native_tables is not None and type(table) is native_tables.StringTable:
        return table.among(words)
    return {word for word in words if word in table}


def holding(
    groups: list[list[Any]], field: int, table: Collection[str], fold: Callable[[str], str]
) -> list[tuple[int, int]]:
    """The (group, position) of each tuple in the lists of `groups` (a document's sentences of
    words) whose item `field` the table holds, as written or, beyond ASCII, folded: found in C
    in a packed table (most words of a text start no name, and a loop asking of each cost 4 %
    of a check)."""
    if native_tables is not None and type(table) is native_tables.StringTable:
        return table.holding(groups, field, fold)
    return [
        (g, i)
        for g, group in enumerate(groups)
        for i, item in enumerate(group)
        if (key := item[field]) in table or not key.isascii() and fold(key) in table
    ]


def _packed(built: tuple) -> tuple[list, ...]:
    """What the cache keeps of built lists: each as [shape, ...what makes it again]."""
    assert native_tables is not None
    parts: list[list] = []
    for items in built:
        if isinstance(items, dict):
            numbers: dict[Any, int] = {}  # each distinct value once, by its number
            keys = list(items)
            packed = native_tables.pack(keys, [numbers.setdefault(value, len(numbers)) for value in items.values()])
            parts.append(["dict", packed, list(numbers)])
        elif isinstance(items, (set, frozenset)):
            parts.append(["set", native_tables.pack(sorted(items), [0] * len(items))])
        else:
            parts.append(["list", list(items)])
    return tuple(parts)


def _unpacked(entry: tuple) -> tuple[Any, ...]:
    assert native_tables is not None
    lists: list[Any] = []
    for part in entry:
        if type(part) is not list or not part or _SHAPES.get(part[0]) != len(part):
            raise ValueError("not a packed entry")
        shape, made = part[0], part[1]
        if shape == "dict":
            lists.append(native_tables.StringTable(made, tuple(part[2])))
        elif shape == "set":
            lists.append(native_tables.StringTable(made, (True,)))
        elif type(made) is list:
            lists.append(made)
        else:
            raise ValueError("not a packed entry")
    return tuple(lists)
