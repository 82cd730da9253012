"""Compiled patterns kept in the user's cache folder, so that a run does not parse its
patterns again: `regex` and the standard `re` parse and optimise a pattern in pure Python
(some 70 ms and 15 ms of a start), and only the last step, building the matcher from the
program the parser produced, is in C.

`compile_pattern` (regex) and `compile_re` (re) keep that program as plain values and, on the next
run, hand it straight to the C step: `regex._regex.compile` with what a compiled pattern
carries as `_pickled_data` (what pickling it stores), `_sre.compile` with what
`re._parser.parse` and `re._compiler._code` produce. All of these are private, so: entries
are kept per `regex` version and per Python build; they are used only in the shape this
module knows (a test in tests/test_pattern_cache.py says when a release changes it); a
replayed entry must name the same pattern (and named lists) as the call; and any mismatch or
error compiles afresh. The entries are stored with `marshal` (strings, numbers, lists and
dicts only: it loads the file's 1.5 MB some thirty times faster than JSON, and never runs
anything). `regex` runs a program without checking it (a damaged one crashes the process;
`_sre` checks), and marshal is not made for damaged input either, so the file carries a
checksum of its entries, checked before they are read, and it follows
the cache's safety rules (mtcheck/language/user_cache.py): private to the user, whose own
runs wrote it. New entries are written once, when the run ends. A pattern made for one
document only is compiled directly: it would only fill the cache.
"""

from __future__ import annotations

import atexit
import binascii
import json
import marshal
import re
import sys
import zlib
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import regex

from mtcheck.language.user_cache import cache_folder, private_folder, read_private, write_atomically

FORMAT = 4  # raise when what an entry holds, or how the file keeps it, changes
MAX_ENTRIES = 1000  # the patterns of this run first, then older ones (rules being edited leave many)
_FIELDS = 11  # regex._regex.compile's arguments in the releases this was tested with; another count: no replay
_UNCACHED_FLAGS = regex.LOCALE | regex.DEBUG  # a locale's pattern depends on more than its text
_CODE_WORD = "I"  # re's program: 32-bit words (_sre.CODESIZE == 4)

_entries: dict[str, list] | None = None  # the file's entries, read on the first compile
_new: dict[str, list] = {}  # compiled during this run, written at exit
_used: set[str] = set()


def compile_pattern(pattern: str, flags: int = 0, **lists: Any) -> regex.Pattern[str]:
    """`regex.compile(pattern, flags, **lists)` (lists: named lists of strings), from the cache
    when it holds this pattern."""
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
    _remember(key, _encode(getattr(compiled, "_pickled_data", None)))
    return compiled


def compile_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from the cache when it holds this pattern."""
    if flags & (re.DEBUG | re.LOCALE) or _CODE_SIZE != 4:
        return re.compile(pattern, flags)
    key = f"re {int(flags)} {pattern}"
    stored = _stored().get(key)
    if stored is not None:
        replayed = _replay_re(stored, pattern)
        if replayed is not None:
            _used.add(key)
            return replayed
    compiled = re.compile(pattern, flags)
    _remember(key, _sre_arguments(pattern, int(flags), compiled))
    return compiled


def _remember(key: str, fields: list | None) -> None:
    if fields is not None and _cache_file() is not None:
        if not _new:
            atexit.register(save)
        _new[key] = fields
        _used.add(key)


def _cache_file() -> Path | None:
    folder = private_folder(cache_folder(), f"compiled-patterns-{FORMAT}")
    if folder is None:
        return None
    # One file per regex release and Python build, so that two installations never take turns
    # replacing each other's file.
    build = zlib.crc32(sys.version.encode("utf-8"))
    return folder / f"regex-{regex.__version__}-{sys.implementation.cache_tag}-{build:08x}.bin"


def _stored() -> dict[str, list]:
    global _entries
    if _entries is None:
        path = _cache_file()
        _entries = _read(path) if path is not None else {}
    return _entries


def _read(path: Path) -> dict[str, list]:
    """The entries of a cache file: a header line in JSON (format, versions, the checksum of
    the rest) and the entries, one marshalled dict of key -> list."""
    found = read_private(path)
    if found is None:
        return {}
    header, _, body = found.partition(b"\n")
    try:
        stored = json.loads(header)
        if stored != _header(zlib.crc32(body)):
            return {}
        entries = marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return {}
    if not isinstance(entries, dict) or not all(type(k) is str and type(v) is list for k, v in entries.items()):
        return {}
    return entries


def _header(checksum: int) -> dict[str, Any]:
    return {"format": FORMAT, "regex": regex.__version__, "python": sys.version, "checksum": checksum}


def _encode(data: Any) -> list | None:
    """`_pickled_data` as JSON values, or None when it is not in the shape this module knows."""
    if not isinstance(data, tuple) or len(data) != _FIELDS:
        return None
    pattern, flags, code, group_index, index_group, named_lists, list_indexes, offset, chars, req_flags, groups = data
    if not (isinstance(pattern, str) and isinstance(code, bytes) and isinstance(chars, tuple)):
        return None
    return [
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


def _replay(stored: Any, pattern: str, lists: dict[str, Iterable[str]]) -> regex.Pattern[str] | None:
    """The pattern built from a stored entry, or None when the entry does not fit the call."""
    try:
        source, flags, code, group_index, index_group, named_lists, list_indexes, offset, chars, req_flags, groups = (
            stored
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


def _re_internals() -> tuple[Any, Any, Any]:
    """re's parser, code generator and C module (named sre_* before Python 3.11)."""
    import _sre  # type: ignore[import-not-found]  # re's C half: private, no stubs

    if sys.version_info >= (3, 11):
        from re import _compiler, _parser
    else:  # pragma: no cover
        import sre_compile as _compiler
        import sre_parse as _parser
    return _parser, _compiler, _sre


_CODE_SIZE = _re_internals()[2].CODESIZE


def _sre_arguments(pattern: str, flags: int, compiled: re.Pattern[str]) -> list | None:
    """What `_sre.compile` takes for this pattern, as JSON values: the program re's parser and
    code generator make (re.compile's own steps), checked against the pattern it compiled."""
    try:
        parser, compiler, _ = _re_internals()
        parsed = parser.parse(pattern, flags)
        code = compiler._code(parsed, flags)
        group_index = dict(parsed.state.groupdict)
        index_group: list[str | None] = [None] * parsed.state.groups
        for name, number in group_index.items():
            index_group[number] = name
        final_flags = flags | parsed.state.flags
    except Exception:  # another Python's internals
        return None
    if (final_flags, parsed.state.groups - 1, group_index) != (compiled.flags, compiled.groups, compiled.groupindex):
        return None
    program = binascii.b2a_base64(array(_CODE_WORD, code).tobytes(), newline=False).decode("ascii")
    return [pattern, final_flags, program, parsed.state.groups - 1, group_index, index_group]


def _replay_re(stored: Any, pattern: str) -> re.Pattern[str] | None:
    try:
        source, flags, program, groups, group_index, index_group = stored
        if source != pattern:
            return None
        code = array(_CODE_WORD)
        code.frombytes(binascii.a2b_base64(program))
        _, _, sre = _re_internals()
        compiled: re.Pattern[str] = sre.compile(source, flags, code.tolist(), groups, group_index, tuple(index_group))
        return compiled
    except Exception:  # _sre checks the program: a damaged one raises, and is compiled afresh
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
    body = marshal.dumps(merged)
    header = json.dumps(_header(zlib.crc32(body))).encode("utf-8")
    write_atomically(path.parent, path, header + b"\n" + body)
    _new.clear()
