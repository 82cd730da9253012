"""Reading bytes safely: regular files only, within a size limit, never blocking on a FIFO
or a device; every problem is an InputError whose message names the file and says why."""

from __future__ import annotations

import os
import stat
import sys
from typing import BinaryIO

STDIN_NAME = "-"


class InputError(Exception):
    """A file that cannot be checked; str() is the one-line message for the user."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


DEFAULT_MAX_MB = 50.0  # a single input over this is refused (config `max-file-size`, --max-file-size)
_FILE_KINDS = (
    (stat.S_ISDIR, "is a directory"),
    (stat.S_ISFIFO, "is a FIFO (named pipe)"),
    (stat.S_ISSOCK, "is a socket"),
    (stat.S_ISCHR, "is a character device"),
    (stat.S_ISBLK, "is a block device"),
)


def read_bytes(path: str, max_mb: float = DEFAULT_MAX_MB) -> bytes:
    """A regular file's bytes. Anything else is refused without waiting on it: the file is
    opened non-blocking, so a FIFO with no writer cannot hang the run, and a device
    (/dev/zero) or a file over the size limit is refused before it is read."""
    handle, size = _opened_regular_file(path, max_mb)
    with handle:
        return _read_limited(handle, path, max_mb, size)


def open_regular_file(path: str, max_mb: float | None = DEFAULT_MAX_MB) -> BinaryIO:
    """A regular file opened for reading, refused as read_bytes refuses it (max_mb None: any
    size, for a corpus read record by record)."""
    return _opened_regular_file(path, max_mb)[0]


def _opened_regular_file(path: str, max_mb: float | None) -> tuple[BinaryIO, int]:
    """open_regular_file's file, and its size as fstat gave it on opening (what read_bytes reads)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as err:
        try:  # a socket cannot be opened at all: say what it is rather than "no such device"
            problem = _not_a_file(os.stat(path).st_mode)
        except OSError:
            problem = None
        raise InputError(path, problem or err.strerror or str(err)) from None
    info = os.fstat(descriptor)
    too_large = max_mb is not None and info.st_size > max_mb * 1024 * 1024
    problem = _too_large(max_mb) if too_large and max_mb is not None else _not_a_file(info.st_mode)
    if problem:
        os.close(descriptor)
        raise InputError(path, problem)
    return os.fdopen(descriptor, "rb"), info.st_size


def _not_a_file(mode: int) -> str | None:
    for test, problem in _FILE_KINDS:
        if test(mode):
            return problem if test is stat.S_ISDIR else f"{problem}; only regular files and standard input are read"
    return None


def _read_limited(handle: BinaryIO, path: str, max_mb: float, size: int | None = None) -> bytes:
    """Up to the limit's bytes, and one more to tell a larger input. `size`: the file's size as
    fstat gave it (None for standard input)."""
    limit = int(max_mb * 1024 * 1024)
    try:
        if size is None:
            data = handle.read(limit + 1)
        else:
            # Asked for the size the file has, not the limit: read(n) sets aside n bytes first
            # (a 50 MB allocation, and 30 µs, for each small file). One byte more tells a file
            # that grew since its size was read, which is read on to the limit.
            expected = min(size, limit) + 1
            data = handle.read(expected)
            if len(data) == expected and expected <= limit:
                data += handle.read(limit + 1 - expected)
    except OSError as err:
        raise InputError(path, err.strerror or str(err)) from None
    if len(data) > limit:
        raise InputError(path, _too_large(max_mb))
    return data


def _too_large(max_mb: float) -> str:
    return f"larger than the {max_mb:g} MB limit for one input (raise it with --max-file-size or max-file-size)"


def stdin_bytes(display_name: str = STDIN_NAME, max_mb: float = DEFAULT_MAX_MB) -> bytes:
    """Standard input's bytes, within the same size limit as a file."""
    if sys.stdin is None:  # started with standard input closed (`mtcheck check - <&-`)
        raise InputError(display_name, "standard input is closed")
    try:
        return _read_limited(sys.stdin.buffer, display_name, max_mb)
    except (ValueError, AttributeError):  # a closed or text-only stream
        raise InputError(display_name, "standard input is closed") from None


def forget_the_working_folder() -> None:
    """`python -m mtcheck` puts the working folder first on sys.path, and so does an empty
    PYTHONPATH entry: in a content repository, a file there named like a module mtcheck imports
    later (langdetect.py, typer.py) would run. mtcheck never runs code from what it checks, so
    the folder leaves the import path; its own modules are found through its package. Unless
    mtcheck itself lives there (a checkout of mtcheck, where worker processes import it so)."""
    here = os.path.realpath(os.getcwd())
    package_parent = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    if package_parent != here:
        sys.path[:] = [entry for entry in sys.path if os.path.realpath(entry or os.curdir) != here]
