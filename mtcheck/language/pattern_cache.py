"""Compiled patterns kept in the user's cache folder, so that a run does not parse its
patterns again: `regex` and the standard `re` parse and optimise a pattern in pure Python
(some 70 ms and 15 ms of a start), and only the last step, building the matcher from the
program the parser produced, is in C.

`compile_pattern` (regex) and `compile_re` (re) keep that program as plain values and, on the next
run, hand it straight to the C step: `regex._regex.compile` with what a compiled pattern
carries as `_pickled_data` (what pickling it stores), `_sre.compile` with what
`re._parser.parse` and `re._compiler._code` produce. All of these are private, so: entries
are kept per installation of `regex` (its files' sizes and times, as a .pyc is kept per source)
and per Python build; they are used only in the shape this module knows (a test in
tests/test_pattern_cache.py says when a release changes it); a replayed entry must name the
same pattern (and named lists) as the call; and any mismatch or error compiles afresh. A run
whose patterns all come from the cache loads only regex's C module, never its pure-Python
parser (`import regex` runs both: a tenth of a start); `regex` itself is imported when a
pattern must be compiled, or when a caller uses it.

The entries are stored with `marshal` (strings, bytes, numbers, lists and dicts only: it loads some
thirty times faster than JSON, and never runs anything), each on its own behind an index, so
that a run decodes only the entries it uses (the file holds every language's and every
edited rule's patterns: a run uses a fifth of them, or less). `regex` runs a program without
checking it (a damaged one crashes the process; `_sre` checks), and marshal is not made for
damaged input either, so the index and each entry carry a checksum, checked before they are
read, and the file follows the cache's safety rules (mtcheck/language/user_cache.py): private
to the user, whose own runs wrote it. New entries are written once, when the run ends. A
pattern made for one document only is compiled directly: it would only fill the cache.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
import zlib
from array import array
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtcheck.language.user_cache import cache_folder, checksum, private_folder, read_private, write_atomically

if TYPE_CHECKING:
    import regex

FORMAT = 7  # raise when what an entry holds, or how the file keeps it, changes
MAX_ENTRIES = 1000  # the patterns of this run first, then older ones (rules being edited leave many)
_FIELDS = 11  # regex._regex.compile's arguments in the releases this was tested with; another count: no replay
# regex's flag values, read without importing it (tests/test_pattern_cache.py holds them to regex's)
IGNORECASE = 0x2
_UNCACHED_FLAGS = 0x4 | 0x200  # LOCALE (a locale's pattern depends on more than its text) and DEBUG
_VERSION0 = 0x2000  # regex.DEFAULT_VERSION unless a caller changed it (which imports regex)
_CODE_WORD = "I"  # re's program: 32-bit words (_sre.CODESIZE == 4)

# The file's index (key -> offset, length and checksum of its entry in the payload), read on the
# first compile, and its payload; entries are decoded when asked for.
_entries: dict[str, tuple[int, int, int]] | None = None
_payload: bytes | memoryview = b""
_new: dict[str, list] = {}  # compiled during this run, written at exit
_used: set[str] = set()


# The patterns compiled in this process, by their key (with a pattern's named lists, their
# strings): asked again (a check that builds its pattern on each call), a pattern is neither
# decoded nor replayed again. Compiled patterns are immutable, so one object serves every caller,
# as re.compile's own cache does. Bounded: past MAX_MEMO, the oldest half goes, so that patterns
# made from documents (a name list's alternation) cannot grow it without end.
MAX_MEMO = 2048
_memo: dict[Any, Any] = {}


def _memorized(key: Any, compiled: Any) -> Any:
    if len(_memo) >= MAX_MEMO:
        for old in list(_memo)[: MAX_MEMO // 2]:  # (dicts keep insertion order: the oldest first)
            del _memo[old]
    _memo[key] = compiled
    return compiled


def compile_pattern(pattern: str, flags: int = 0, **lists: Any) -> regex.Pattern[str]:
    """`regex.compile(pattern, flags, **lists)` (lists: named lists of strings), from the cache
    when it holds this pattern."""
    if flags & _UNCACHED_FLAGS:
        return _regex().compile(pattern, flags, **lists)
    key = f"{int(flags)} {_default_version()} {','.join(sorted(lists))} {pattern}"
    # A named list matches as a set of its strings (regex compiles it so): the memo's key holds them so.
    memo_key = (key, *(frozenset(lists[name]) for name in sorted(lists))) if lists else key
    compiled: regex.Pattern[str] | None = _memo.get(memo_key)
    if compiled is not None:
        return compiled
    stored = _stored(key)
    if stored is not None:
        replayed = _replay(stored, pattern, lists)
        if replayed is not None:
            _used.add(key)
            return _memorized(memo_key, replayed)
    compiled = _regex().compile(pattern, flags, **lists)
    _remember(key, _encode(getattr(compiled, "_pickled_data", None)))
    return _memorized(memo_key, compiled)


def longest_first(word: str) -> tuple[int, str]:
    """Sort key for a pattern's alternatives: the longest first, ties in a fixed order. A pattern
    built from a set must be the same text in every run, or each run caches it anew."""
    return -len(word), word


def escape(text: str) -> str:
    """`regex.escape(text)`: its special characters and white space escaped (tests/test_pattern_cache.py
    holds the two equal on every code point), without importing regex."""
    return "".join("\\" + c if c in _SPECIAL or c.isspace() else c for c in text)


_SPECIAL = frozenset("()[]{}?*+|^$\\.-#&~")


def pattern_error() -> type[Exception]:
    """regex.error, for an `except` clause (evaluated only when something was raised)."""
    return _regex().error


def _regex() -> Any:
    import regex  # the whole package, parser included: only when a pattern must be compiled

    return regex


def _default_version() -> int:
    loaded = sys.modules.get("regex")
    return int(loaded.DEFAULT_VERSION) if loaded is not None else _VERSION0


def compile_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from the cache when it holds this pattern."""
    if int(flags) & _UNCACHED_RE_FLAGS or _CODE_SIZE != 4:
        return re.compile(pattern, flags)
    key = f"re {int(flags)} {pattern}"
    compiled: re.Pattern[str] | None = _memo.get(key)
    if compiled is not None:
        return compiled
    stored = _stored(key)
    if stored is not None:
        replayed = _replay_re(stored, pattern)
        if replayed is not None:
            _used.add(key)
            return _memorized(key, replayed)
    compiled = re.compile(pattern, flags)
    _remember(key, _sre_arguments(pattern, int(flags), compiled))
    return _memorized(key, compiled)


def _remember(key: str, fields: list | None) -> None:
    if fields is not None and _cache_file() is not None:
        if not _new:
            atexit.register(save)
        _new[key] = fields
        _used.add(key)


def _cache_file() -> Path | None:
    folder = private_folder(cache_folder(), f"compiled-patterns-{FORMAT}")
    installed = _installed_regex()
    if folder is None or installed is None:
        return None
    # One file per installation of regex and Python build, so that two installations never take
    # turns replacing each other's file.
    build = zlib.crc32(sys.version.encode("utf-8"))
    return folder / f"regex-{installed[1]}-{sys.implementation.cache_tag}-{build:08x}.bin"


@cache
def _installed_regex() -> tuple[Path, str] | None:
    """regex's C module and a stamp of the files that make a compiled pattern (the C module,
    the parser, the package's entry): their sizes and modification times. None when regex
    is not laid out as this module knows."""
    from importlib.machinery import EXTENSION_SUFFIXES
    from importlib.util import find_spec

    try:
        spec = find_spec("regex")
        folder = Path(next(iter(spec.submodule_search_locations or ()))) if spec else None
    except (ImportError, ValueError, StopIteration):
        return None
    if folder is None:
        return None
    matcher = next(
        (folder / f"_regex{suffix}" for suffix in EXTENSION_SUFFIXES if (folder / f"_regex{suffix}").is_file()), None
    )
    if matcher is None:
        return None
    try:
        stamp = " ".join(
            f"{info.st_size}:{info.st_mtime_ns}"
            for info in map(os.stat, (matcher, folder / "_regex_core.py", folder / "_main.py"))
        )
    except OSError:
        return None
    return matcher, f"{zlib.crc32(stamp.encode('ascii')):08x}"


def _matcher() -> Any:
    """regex's C module (regex._regex), loaded without running the package, whose entry imports
    the pure-Python parser; later, `import regex` finds it loaded and uses it."""
    loaded = sys.modules.get("regex._regex")
    if loaded is not None:
        return loaded
    installed = _installed_regex()
    if installed is None:
        from regex import _regex

        return _regex
    from importlib.machinery import ExtensionFileLoader
    from importlib.util import module_from_spec, spec_from_file_location

    loader = ExtensionFileLoader("regex._regex", str(installed[0]))
    spec = spec_from_file_location("regex._regex", installed[0], loader=loader)
    assert spec is not None
    module = module_from_spec(spec)
    loader.exec_module(module)
    sys.modules["regex._regex"] = module
    return module


def _stored(key: str) -> list | None:
    """The decoded entry for key, or None when the file has none (or a damaged one)."""
    global _entries, _payload
    if _entries is None:
        path = _cache_file()
        _entries, _payload = _read(path) if path is not None else ({}, b"")
    place = _entries.get(key)
    if place is None:
        return None
    return _decoded(_payload, place)


def _decoded(payload: bytes | memoryview, place: tuple[int, int, int]) -> list | None:
    offset, length, stored_crc = place
    data = memoryview(payload)[offset : offset + length]
    if len(data) != length or checksum(data) != stored_crc:
        return None  # checked first: marshal is not made for damaged input
    try:
        fields = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None
    return fields if type(fields) is list else None


def _read(path: Path) -> tuple[dict[str, tuple[int, int, int]], bytes | memoryview]:
    """The index and payload of a cache file: a header line (the index's size and checksum, then
    the format and versions: _header), the index (one marshalled dict of key -> (offset, length,
    checksum) in the payload), the payload."""
    found = read_private(path)
    if found is None:
        return {}, b""
    # Views into the file's bytes, not copies: the file holds up to a thousand entries.
    newline = found.find(b"\n")
    header, rest = found[: max(newline, 0)], memoryview(found)[newline + 1 :]
    try:
        size = int(header.partition(b" ")[0])
        index = rest[:size]
        if header != _header(size, checksum(index)):
            return {}, b""
        entries = marshal.loads(index)
    except (ValueError, EOFError, TypeError):
        return {}, b""
    if not isinstance(entries, dict) or not all(
        type(key) is str and type(place) is tuple and len(place) == 3 for key, place in entries.items()
    ):
        return {}, b""
    return entries, rest[size:]


def _header(size: int, index_crc: int) -> bytes:
    """A cache file's first line: the index's size and checksum, then what decides whether its
    programs fit this process (the format, regex's stamp, the Python build), as a repr on one
    line (a Python build's version may hold a line break, which repr escapes). Compared whole
    when read, so that no JSON parser is imported for it (2 ms of a start)."""
    installed = _installed_regex()
    return f"{size} {index_crc} {(FORMAT, installed and installed[1], sys.version)!r}".encode()


def _encode(data: Any) -> list | None:
    """`_pickled_data` as plain values marshal keeps, or None when it is not in the shape this module knows."""
    if not isinstance(data, tuple) or len(data) != _FIELDS:
        return None
    pattern, flags, code, group_index, index_group, named_lists, list_indexes, offset, chars, req_flags, groups = data
    if not (isinstance(pattern, str) and isinstance(code, bytes) and isinstance(chars, tuple)):
        return None
    return [
        pattern,
        flags,
        code,  # bytes, kept as they are (as base64 text, decoding them was 1% of a start)
        group_index,
        index_group,
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
            code,
            dict(group_index),
            dict(index_group),
            named,
            [frozenset(items) for items in list_indexes],
            offset,
            tuple(chars),
            req_flags,
            groups,
        )
        compiled: regex.Pattern[str] = _matcher().compile(*arguments)
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


_SRE = _re_internals()[2]
_CODE_SIZE = _SRE.CODESIZE
# As an int: re's flags combine and compare in Python (enum.Flag), 25,000 instructions a test.
_UNCACHED_RE_FLAGS = int(re.DEBUG | re.LOCALE)


def _sre_arguments(pattern: str, flags: int, compiled: re.Pattern[str]) -> list | None:
    """What `_sre.compile` takes for this pattern, as plain values: the program re's parser and
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
    program = array(_CODE_WORD, code).tobytes()
    return [pattern, final_flags, program, parsed.state.groups - 1, group_index, index_group]


def _replay_re(stored: Any, pattern: str) -> re.Pattern[str] | None:
    try:
        source, flags, program, groups, group_index, index_group = stored
        if source != pattern:
            return None
        code = array(_CODE_WORD)
        code.frombytes(program)
        compiled: re.Pattern[str] = _SRE.compile(source, flags, code.tolist(), groups, group_index, tuple(index_group))
        return compiled
    except Exception:  # _sre checks the program: a damaged one raises, and is compiled afresh
        return None


def save() -> None:
    """Write this run's new patterns into the cache file, merged with what is there now."""
    path = _cache_file()
    if not _new or path is None:
        return
    index, payload = _read(path)  # another run may have written since this one read
    # Views into what was read, written out piece by piece: no copy of the whole file.
    view = memoryview(payload)
    current = {key: view[start : start + length] for key, (start, length, _) in index.items()}
    current = {key: data for key, data in current.items() if checksum(data) == index[key][2]}  # sound ones only
    new: dict[str, bytes | memoryview] = {key: marshal.dumps(fields) for key, fields in _new.items()}
    merged = {key: value for key, value in {**current, **new}.items() if key in _used}
    for key, value in current.items():
        if len(merged) >= MAX_ENTRIES:
            break
        merged.setdefault(key, value)
    places: dict[str, tuple[int, int, int]] = {}
    offset = 0
    for key, data in merged.items():
        places[key] = (offset, len(data), checksum(data))
        offset += len(data)
    written_index = marshal.dumps(places)
    header = _header(len(written_index), checksum(written_index))
    write_atomically(path.parent, path, [header, b"\n", written_index, *merged.values()])
    _new.clear()
