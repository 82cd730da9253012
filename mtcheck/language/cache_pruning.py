"""Entries of the user's cache folder that no run has used for a while are removed, so that the
folder does not grow without end. Entries are named by what they were made from (mtcheck's
version, the data files, the Python build), so every upgrade, edited rule pack or other set
of languages asked leaves the old entries behind: a developer's folder held 342 MB, all of it
written in two days.

A run that writes an entry (something was built: an upgrade, new data) prunes, at most once a
day (a stamp file in the cache folder), every mtcheck cache folder in it: each entry neither
read nor written for MAX_IDLE_DAYS goes, and each temporary file a run left (killed while
writing) after a day. "Read" is the file's access time, which Linux's default (relatime) keeps
within a day of the last read; where the system never updates it (noatime), an entry is
removed once it is MAX_IDLE_DAYS old and made again by the next run that needs it, as on a
first run. Only what mtcheck makes is removed, wherever MTCHECK_CACHE_DIR points: regular files
named as entries are (.bin, .entry, or a temporary file's name), in the private folders the
caches make (user_cache.private_folder) under one of CACHE_FOLDERS' names, never through a
link; a failure leaves the file (the cache is an optimisation).

A module of its own, imported by user_cache.write_atomically only when a run writes: user_cache
is imported before the cache of compiled modules can serve any, so an editable start without
.pyc files compiles it from source every time (this module would add 0.6 ms to each). For the
same reason it does not import user_cache back (an import cycle): the privacy test is passed
in, and the temporary files' names are user_cache._temporary_file's, which
tests/test_cache_pruning.py holds to these.
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Callable
from pathlib import Path

MAX_IDLE_DAYS = 30
_DAY = 24 * 60 * 60
_STAMP = ".pruned"  # in the cache folder: its time is the last pruning's
_TEMPORARY = (".entry.", ".tmp")  # user_cache._temporary_file's names: prefix, suffix
_ENTRY_SUFFIXES = (".bin", ".entry")
# The folders the caches make in the cache folder, each "<name>-<format>" (a format's folder of
# the past among them): tests/test_cache_pruning.py holds every folder a run makes to this list.
CACHE_FOLDERS = re.compile(
    r"(?:bytecode|compiled-patterns|dataclass-code|parsed-yaml|source-digests|string-lists|word-indexes|word-tables)-\d+"
)


Private = Callable[[os.stat_result], bool]  # user_cache.is_private: may this process trust a folder?


def prune_when_due(root: Path, private: Private, now: float | None = None) -> int:
    """Prune the cache folder `root` unless a run did in the last day; the number of files
    removed. Only folders `private` accepts are pruned (user_cache passes its own test)."""
    now = time.time() if now is None else now
    stamp = root / _STAMP
    try:
        if now - os.stat(stamp).st_mtime < _DAY:
            return 0
    except OSError:
        pass  # never pruned (or the stamp is unreadable): prune, and make it
    try:  # (never through a link: the cache folder itself need not be private)
        handle = os.open(stamp, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            os.utime(handle if os.utime in os.supports_fd else stamp, (now, now))
        finally:
            os.close(handle)
    except OSError:
        return 0  # a folder this run cannot write to: nothing to remove there either
    return prune(root, private, now)


def prune(root: Path, private: Private, now: float) -> int:
    """Remove the idle entries and the old temporary files of each private folder in `root`."""
    removed = 0
    try:
        folders = list(os.scandir(root))
    except OSError:
        return 0
    for folder in folders:
        try:
            if not CACHE_FOLDERS.fullmatch(folder.name) or not folder.is_dir(follow_symlinks=False):
                continue
            if not private(folder.stat(follow_symlinks=False)):
                continue
            entries = list(os.scandir(folder.path))
        except OSError:
            continue
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if not stat.S_ISREG(info.st_mode):
                continue
            temporary = entry.name.startswith(_TEMPORARY[0]) and entry.name.endswith(_TEMPORARY[1])
            if not temporary and not entry.name.endswith(_ENTRY_SUFFIXES):
                continue
            last_used = info.st_mtime if temporary else max(info.st_atime, info.st_mtime)
            if now - last_used > (_DAY if temporary else MAX_IDLE_DAYS * _DAY):
                try:
                    os.unlink(entry.path)
                    removed += 1
                except OSError:
                    pass
    return removed
