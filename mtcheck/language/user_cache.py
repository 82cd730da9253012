"""The user's cache folder and the safety rules every cache in it follows: entries are read
only from a private folder (made private if new; refused when another user owns it or can
write to it, since an entry planted there would become rules, patterns or, for the compiled
modules of mtcheck/language/bytecode_cache.py, code that runs), each checked when read (a
checksum, the shape of what it holds), and written to a temporary file renamed into place, so
that a concurrent run never reads half of one. Entries are never unpickled: JSON, or marshal
of plain values (and, for the compiled modules and the methods dataclasses writes
(mtcheck/language/dataclass_code.py), code objects, as a .pyc file holds them).
`MTCHECK_CACHE_DIR` moves the cache; `MTCHECK_CACHE_DIR=off` turns it off.
"""

from __future__ import annotations

import marshal
import mmap
import os
import stat
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

_CHECKSUM = 4  # bytes of the CRC-32 of a marshalled entry

# checksum(data): zlib.crc32's value, which checks every entry of the caches before it is read
# (10 MB on a check of a long article): the native build's where the processor can fold it (3x
# faster, native_tables.c), zlib's elsewhere. An entry written by one reads in the other.
try:
    from mtcheck.language.native_tables import crc32 as checksum
except ImportError:  # no native build, or a processor without carry-less products
    from zlib import crc32 as checksum


def cache_folder() -> Path | None:
    setting = os.environ.get("MTCHECK_CACHE_DIR")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    return _platform_cache_folder()


@cache
def _platform_cache_folder() -> Path:
    home = os.environ.get("HOME", "")
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    # What platformdirs answers here (tests/test_user_cache.py holds the two equal), without
    # importing it: its Unix module imports tempfile, shutil, bz2, lzma and random, 4% of a start.
    # (A relative XDG_CACHE_HOME, read differently by its versions, is left to it.)
    if sys.platform == "linux" and os.path.isabs(xdg):
        return Path(xdg, "mtcheck")
    if sys.platform == "linux" and not xdg and os.path.isabs(home):
        return Path(home, ".cache", "mtcheck")
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mtcheck", appauthor=False))


@cache  # once per process and folder: every cache asks on each entry it reads or writes
def private_folder(root: Path | None, name: str) -> Path | None:
    """`root/name`, made if missing, when it is safe to use; None when it is not (or cannot be made)."""
    if root is None:
        return None
    folder = root / name
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
        return folder if stat.S_ISDIR(info.st_mode) and is_private(info) else None
    except OSError:
        return None  # a read-only home, a full disk: run without the cache


def is_private(info: os.stat_result) -> bool:
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


# Bytes: an entry this large is mapped into memory rather than read (read_private).
MAPPED_FROM = 1 << 16


def read_private(entry: Path) -> bytes | mmap.mmap | None:
    """An entry's bytes when it is a regular file only its owner (this user) can write (read
    only: bytes, or a map of the file). An entry of MAPPED_FROM bytes or more is mapped, where
    the system can (POSIX): its pages come from the system's file cache as they are read, where
    reading copied each into new memory of the process (a quarter of the page faults of a check
    of a 190 KB article). A mapping stays whole while another run writes the entry again:
    entries are only ever replaced (write_atomically), never changed in place."""
    try:
        info = os.lstat(entry)
        if not stat.S_ISREG(info.st_mode) or not is_private(info):
            return None
        if info.st_size < MAPPED_FROM or os.name != "posix":
            return entry.read_bytes()
        handle = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            opened = os.fstat(handle)  # (the file opened: the one checked, or one put there since)
            if not stat.S_ISREG(opened.st_mode) or not is_private(opened) or not opened.st_size:
                return None
            return mmap.mmap(handle, 0, access=mmap.ACCESS_READ)
        finally:
            os.close(handle)
    except (OSError, ValueError):
        return None


def write_atomically(folder: Path, entry: Path, text: str | bytes | list[bytes | memoryview]) -> None:
    """Write an entry (text, bytes as they are, or pieces of bytes one after the other) whole
    or not at all; a failure is silent (the cache is an optimisation)."""
    try:
        handle, temporary = _temporary_file(folder)
        try:
            with os.fdopen(handle, "wb") as out:
                if isinstance(text, list):
                    out.writelines(text)
                else:
                    out.write(text.encode("utf-8") if isinstance(text, str) else text)
            os.replace(temporary, entry)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        return
    global _pruned
    if not _pruned:  # the first entry this run wrote: something was built, old entries may lie idle
        _pruned = True
        from mtcheck.language.cache_pruning import prune_when_due

        prune_when_due(folder.parent, is_private)


_pruned = False  # has this process asked for the cache folder to be pruned (cache_pruning.py)?


_written = 0  # temporary files this process made


def _temporary_file(folder: Path) -> tuple[int, str]:
    """A new file only this user can open, named by the process (the folder is private: no
    one else can make a file there), as tempfile.mkstemp makes one: without importing
    tempfile, which imports shutil (7 ms), for a run that writes one entry."""
    global _written
    _written += 1
    temporary = os.path.join(folder, f".entry.{os.getpid()}.{_written}.tmp")
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        return os.open(temporary, flags, 0o600), temporary
    except FileExistsError:  # left by a process that had this number and died before renaming it
        import tempfile

        return tempfile.mkstemp(prefix=".entry.", suffix=".tmp", dir=folder)


# What the caches share (kept here, not in list_cache.py or word_table.py, so that the cache of
# compiled modules, imported before it can serve any, compiles no other module to use them).


def marshalled(value: Any, magic: bytes) -> bytes:
    """An entry's bytes: magic, a CRC-32 of the payload, the payload (`value` marshalled)."""
    payload = marshal.dumps(value)
    return magic + checksum(payload).to_bytes(_CHECKSUM, "little") + payload


def unmarshalled(data: bytes | mmap.mmap | None, magic: bytes) -> Any:
    """What `marshalled` held, or None for bytes that are not a sound entry with this magic."""
    start = len(magic) + _CHECKSUM
    if data is None or len(data) < start or data[: len(magic)] != magic:
        return None
    payload = memoryview(data)[start:]
    if checksum(payload).to_bytes(_CHECKSUM, "little") != data[len(magic) : start]:
        return None  # checked first: marshal is not made for damaged input
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None


def read_entry(entry: Path, magic: bytes) -> Any:
    """What a private entry written by `marshalled` holds, or None (see unmarshalled)."""
    return unmarshalled(read_private(entry), magic)


@cache
def blake2b() -> Callable[..., Any]:
    try:  # hashlib's own BLAKE2, without the OpenSSL library that importing hashlib loads (4 MB, 8 ms)
        from _blake2 import blake2b as own
    except ImportError:  # another Python than CPython
        from hashlib import blake2b as own
    return own
