"""The methods `dataclasses` writes for each class, compiled once and kept in the user's cache
folder. For every @dataclass, Python 3.11's dataclasses module writes the source of its
__init__, __repr__, __eq__, __hash__ and, when frozen, __setattr__ and __delattr__, and
compiles each with `exec` at every start: some 130 compilations, a sixth of a cold
`mtcheck check`. `install()` gives that module an `exec` that compiles each distinct source
once per Python build and keeps the code object, as a .pyc keeps a module's: what runs is the
code the string compiles to, so the classes are exactly as before. Likewise `typing` compiles
each string annotation of a NamedTuple's fields (strings under `from __future__ import
annotations`) into a ForwardRef: some 60 compilations; it gets a `compile` that keeps those too.

The entry point installs it (tests and library callers compile as Python does). The entries
are code, so they follow the cache folder's rules (mtcheck/language/user_cache.py): one file,
read only from the private folder, its CRC-32 checked before marshal reads it, and only code
objects accepted; it is named by the Python build. Each entry stays marshalled until a class
asks for it. New entries are written once, at exit.
"""

from __future__ import annotations

import atexit
import builtins
import marshal
import sys
import zlib
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any, cast

from mtcheck.language.user_cache import (
    cache_folder,
    marshalled,
    private_folder,
    read_private,
    unmarshalled,
    write_atomically,
)

if TYPE_CHECKING:
    import mmap

FORMAT = 2  # raise when what the file holds changes
MAX_ENTRIES = 1000  # this run's first, then older ones (classes being edited leave many)
_MAGIC = b"mtcheck dataclass code\n"

# The file's entries, read on the first compile: marshalled code, replaced by the code object
# (None for one that holds none) once decoded.
_stored: dict[str, bytes | CodeType | None] | None = None
_new: dict[str, CodeType] = {}
_used: set[str] = set()


def install() -> None:
    """From now on, the methods dataclasses writes are compiled once per source."""
    if "dataclasses" not in sys.modules and "inspect" not in sys.modules:
        # dataclasses imports inspect (with ast, dis, tokenize and linecache: 5% of a start) only
        # to describe a class without a docstring: it gets a stand-in that imports inspect when
        # first read (tests/test_dataclass_code.py). Any later `import inspect` gets the module.
        stand_in = sys.modules["inspect"] = _OnFirstUse("inspect")  # type: ignore[assignment]
        try:
            import dataclasses
        finally:
            if sys.modules.get("inspect") is stand_in:
                del sys.modules["inspect"]
    import dataclasses
    import typing

    if _cache_file() is not None and getattr(dataclasses, "exec", None) is not cached_exec:
        dataclasses.exec = cached_exec  # type: ignore[attr-defined]  # found before the builtin
        typing.compile = cached_compile  # type: ignore[attr-defined]


class _OnFirstUse:
    """Stands for a module: the first attribute read imports it."""

    __spec__ = None  # what `import` asks of a module in sys.modules: not one being initialised

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        import importlib

        if attribute.startswith("__"):
            raise AttributeError(attribute)
        if sys.modules.get(self._name) is self:
            del sys.modules[self._name]
        return getattr(importlib.import_module(self._name), attribute)


def cached_exec(source: Any, globals: dict[str, Any] | None = None, locals: Any = None, /) -> None:
    """`exec(source, globals, locals)`, with a source string's code from the cache."""
    if type(source) is str:
        source = _compiled(source)
    builtins.exec(source, globals, locals)


def cached_compile(source: Any, filename: Any, mode: str, *args: Any, **kwargs: Any) -> Any:
    """`compile(source, filename, mode, ...)`, with the code of an expression from the cache, as
    typing.ForwardRef compiles one: compile(annotation, "<string>", "eval")."""
    if type(source) is str and filename == "<string>" and mode == "eval" and not args and not kwargs:
        return _compiled(source, "eval")
    return compile(source, filename, mode, *args, **kwargs)


_EXPRESSION = "<eval>"  # before an expression's key (a class's methods, the other keys, are statements)


def _compiled(source: str, mode: str = "exec") -> CodeType:
    global _stored
    if _stored is None:
        path = _cache_file()
        _stored = cast("dict[str, bytes | CodeType | None]", _read(path) if path is not None else {})
    entries = _stored
    key = source if mode == "exec" else _EXPRESSION + source
    _used.add(key)
    code = _new.get(key)
    if code is None:
        stored = entries.get(key)
        if isinstance(stored, bytes):  # decoded once: typing asks for "str" and "int" again and again
            stored = entries[key] = _decoded(stored)
        code = stored
    if code is None:
        # as exec compiles a string in dataclasses.py, and compile in typing.py: no __future__
        # flags of this module's (a SyntaxError is raised as there)
        code = _new[key] = compile(source, "<string>", mode, dont_inherit=True)
        if len(_new) == 1:
            atexit.register(save)
    return code


def _cache_file() -> Path | None:
    folder = private_folder(cache_folder(), f"dataclass-code-{FORMAT}")
    if folder is None:
        return None
    return folder / f"{sys.implementation.cache_tag}-{zlib.crc32(sys.version.encode('utf-8')):08x}.bin"


def _read(path: Path) -> dict[str, bytes]:
    return _read_bytes(read_private(path))


def _read_bytes(data: bytes | mmap.mmap | None) -> dict[str, bytes]:
    """The file's entries: each source's code, still marshalled (decoded when a class asks for
    it, in _compiled: the file holds every class of every command and of edited versions, 835
    entries where a check uses some 160, and decoding them all cost 3 ms a start)."""
    found = unmarshalled(data, _MAGIC)
    if type(found) is not dict or not all(type(k) is str and type(v) is bytes for k, v in found.items()):
        return {}
    return found


def _decoded(data: bytes) -> CodeType | None:
    """An entry's code object, or None for one that does not hold one (the checksum of the
    whole file was checked before)."""
    try:
        code = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None
    return code if type(code) is CodeType else None


def save() -> None:
    """Write this run's new code into the cache file, merged with what is there now."""
    path = _cache_file()
    if not _new or path is None:
        return
    current = _read(path)  # another run may have written since this one read
    new = {key: marshal.dumps(code) for key, code in _new.items()}
    merged = {key: code for key, code in {**current, **new}.items() if key in _used}
    for key, code in current.items():
        if len(merged) >= MAX_ENTRIES:
            break
        merged.setdefault(key, code)
    write_atomically(path.parent, path, marshalled(merged, _MAGIC))
    _new.clear()
