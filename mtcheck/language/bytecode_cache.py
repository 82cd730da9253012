"""mtcheck's compiled modules kept in the user's cache folder when Python writes no .pyc files
(PYTHONDONTWRITEBYTECODE=1, as editable installs are often run): without them every start
compiles mtcheck's 500 KB of source again, half of such a start. The source tree stays free of
__pycache__ folders, as the setting asks; `MTCHECK_CACHE_DIR=off` turns this off with the rest.

Only mtcheck's own modules are concerned, and only those Python would otherwise compile from
source (no valid .pyc beside them). An entry is named by a BLAKE2 digest of the module's path
and source bytes and of the Python build, so a changed module never meets an old entry; it
holds a CRC-32 of its payload, checked before the payload is read, and the payload must be a
code object. Like every entry in the cache folder it is read only from a folder private to
the user (mtcheck/language/user_cache.py): what is run from it, only the user's own runs wrote.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from types import CodeType, ModuleType
from typing import Any

# Only user_cache, which the modules imported before this one already compiled: every module
# imported before install() is compiled from source at each start.
from mtcheck.language.user_cache import blake2b, cache_folder, marshalled, private_folder, read_entry, write_atomically

FORMAT = 1  # raise when what an entry holds changes
FOLDER = f"bytecode-{FORMAT}"  # in the user's cache folder
_MAGIC = b"mtcheck bytecode\n" + importlib.util.MAGIC_NUMBER


def install() -> None:
    """From now on, mtcheck's modules imported without a .pyc are compiled once per source."""
    if sys.dont_write_bytecode and not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Finder())


class _Finder:
    """Finds mtcheck's modules as Python would, and gives their source a caching loader."""

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if not name.startswith("mtcheck."):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is not None and type(spec.loader) is importlib.machinery.SourceFileLoader:
            spec.loader = _CachingLoader(spec.loader.name, spec.loader.path)
        return spec


class _CachingLoader(importlib.machinery.SourceFileLoader):
    def source_to_code(self, data: Any, path: Any, *, _optimize: int = -1) -> CodeType:  # type: ignore[override]
        folder = private_folder(cache_folder(), FOLDER)
        if folder is None or not isinstance(data, bytes):
            return super().source_to_code(data, path)
        digest = blake2b()(f"{path}\0{sys.version}\0{_optimize}\0{sys.flags.optimize}".encode(), digest_size=16)
        digest.update(data)
        entry = folder / f"{digest.hexdigest()}.bin"
        found = read_entry(entry, _MAGIC)
        if isinstance(found, CodeType):
            return found
        code: CodeType = super().source_to_code(data, path)
        write_atomically(folder, entry, marshalled(code, _MAGIC))
        return code
