"""Finding the files to check and reading them into `Source`s (UTF-8, BOM, newlines)."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
TEXT_EXTENSIONS = frozenset({".txt", ".text"})
CHECKED_EXTENSIONS = MARKDOWN_EXTENSIONS | TEXT_EXTENSIONS
STDIN_NAME = "-"
_BOM = "\ufeff"


class InputError(Exception):
    """A file that cannot be checked; str() is the one-line message for the user."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class Source:
    """A decoded input. `text` has no BOM and '\\n' newlines; the rest says how to write it back."""

    path: str
    text: str
    format: str  # "text" or "markdown"
    bom: bool = False
    newline: str = "\n"  # the file's dominant newline: "\n", "\r\n" or "\r"
    mixed_newlines: bool = False


def format_for(path: str, forced: str = "auto") -> str:
    if forced != "auto":
        return forced
    return "markdown" if Path(path).suffix.lower() in MARKDOWN_EXTENSIONS else "text"


def decode(data: bytes, path: str, input_format: str = "auto") -> Source:
    """Decode bytes as UTF-8 text, or raise InputError saying why the file is not checkable."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise InputError(path, "UTF-32 text is not supported; convert the file to UTF-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "UTF-16 text is not supported; convert the file to UTF-8")
    if b"\x00" in data:  # anywhere, not only near the start: a NUL is never in text
        raise InputError(path, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(
            path, f"not valid UTF-8: byte 0x{data[err.start]:02x} at offset {err.start} (line {line})"
        ) from None
    bom = text.startswith(_BOM)
    if bom:
        text = text[1:]
    crlf = text.count("\r\n")
    lone_cr = text.count("\r") - crlf
    lone_lf = text.count("\n") - crlf
    counts = {"\r\n": crlf, "\n": lone_lf, "\r": lone_cr}
    newline = max(counts, key=lambda k: (counts[k], k == "\n"))
    if counts[newline] == 0:
        newline = "\n"
    mixed = sum(1 for n in counts.values() if n) > 1
    if crlf or lone_cr:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Source(path, text, format_for(path, input_format), bom, newline, mixed)


DEFAULT_MAX_MB = 50.0  # a single input over this is refused (config `max-file-size`, --max-file-size)
_FILE_KINDS = (
    (stat.S_ISDIR, "is a directory"),
    (stat.S_ISFIFO, "is a FIFO (named pipe)"),
    (stat.S_ISSOCK, "is a socket"),
    (stat.S_ISCHR, "is a character device"),
    (stat.S_ISBLK, "is a block device"),
)


def read_source(path: str, input_format: str = "auto", max_mb: float = DEFAULT_MAX_MB) -> Source:
    return decode(read_bytes(path, max_mb), path, input_format)


def read_bytes(path: str, max_mb: float = DEFAULT_MAX_MB) -> bytes:
    """A regular file's bytes. Anything else is refused without waiting on it: the file is
    opened non-blocking, so a FIFO with no writer cannot hang the run, and a device
    (/dev/zero) or a file over the size limit is refused before it is read."""
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
    problem = _too_large(max_mb) if info.st_size > max_mb * 1024 * 1024 else _not_a_file(info.st_mode)
    if problem:
        os.close(descriptor)
        raise InputError(path, problem)
    with os.fdopen(descriptor, "rb") as handle:
        return _read_limited(handle, path, max_mb)


def _not_a_file(mode: int) -> str | None:
    for test, problem in _FILE_KINDS:
        if test(mode):
            return problem if test is stat.S_ISDIR else f"{problem}; only regular files and standard input are read"
    return None


def _read_limited(handle, path: str, max_mb: float) -> bytes:
    limit = int(max_mb * 1024 * 1024)
    try:
        data = handle.read(limit + 1)
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


def read_stdin(display_name: str = STDIN_NAME, input_format: str = "auto", max_mb: float = DEFAULT_MAX_MB) -> Source:
    return decode(stdin_bytes(display_name, max_mb), display_name, input_format)


def discover(paths: Iterable[str]) -> Iterator[str]:
    """Expand folders (recursively, by extension) into files; files and '-' pass through as given.

    Hidden files and folders are skipped inside folders; a path that does not exist is
    passed through so that reading it reports the error in order.
    """
    seen: set[str] = set()
    for path in paths:
        if path != STDIN_NAME and os.path.isdir(path):
            candidates: Iterable[str] = _walk(path)
        else:
            candidates = (path,)
        for candidate in candidates:
            if candidate not in seen:
                seen.add(candidate)
                yield candidate


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in CHECKED_EXTENSIONS:
                yield os.path.join(root, name)
