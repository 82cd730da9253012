"""Repairing files: apply the safe fixes, check again, and write atomically.

Fixes are applied to the file's own text (its BOM and newlines, even mixed ones, kept):
the checker works on text with '\\n' newlines, so its offsets are mapped back to the raw
text before each edit. Edits go from the end backwards; one that overlaps another is left
for the next pass, which checks the new text again. Passes repeat until nothing changes,
so that a second run of `mtcheck fix` changes nothing. Of two rules proposing different
edits for one span, the lower rule code wins (MT503 over MT603), whatever the hash seed.

Writing never loses data. The new text goes to a temporary file in the same folder first
(an error or SIGTERM there leaves the original untouched and the temporary file removed).
Just before the file is replaced, it is read again: if another process changed it since
it was read, it is left as it is and reported. A symlink is followed and its target fixed.
A file with other hard links, or owned by someone else, keeps its inode: the new content is
copied back into it (keeping links, owner and permissions); any other file is replaced by
an atomic rename, with its permissions kept.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from mtcheck.engine.findings import FileResult, Finding, Fix
from mtcheck.engine.fixes import apply_fixes
from mtcheck.files import DEFAULT_MAX_MB, STDIN_NAME, InputError, read_bytes, stdin_bytes
from mtcheck.language.pattern_cache import compile_re
from mtcheck.text.inputs import InputText, decode

MAX_PASSES = 5  # fixes can reveal fixes ("kyiv." + " and" -> ...); more passes than this mean a cycle


class FixError(Exception):
    """A file that could not be written; str() is the one-line message."""


@dataclass
class FixOutcome:
    """What fixing one file did."""

    path: str
    result: FileResult  # the check of the text as it is after fixing
    applied: list[Finding] = field(default_factory=list)
    skipped: list[Finding] = field(default_factory=list)  # overlapping, still there at the end
    original: str = ""
    fixed: str = ""
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def raw_positions(raw: str, bom: bool) -> list[int]:
    """For each offset of the decoded text ('\\n' newlines, no BOM), its offset in raw."""
    positions = []
    index = 1 if bom else 0
    length = len(raw)
    while index < length:
        positions.append(index)
        index += 2 if raw[index] == "\r" and raw[index + 1 : index + 2] == "\n" else 1
    positions.append(length)
    return positions


def _raw_fix(fix: Fix, positions: list[int], newline: str, raw: str) -> Fix:
    replacement = fix.replacement.replace("\n", newline) if newline != "\n" else fix.replacement
    start, end = positions[fix.start], positions[fix.end]
    # A lone CR that the edit would leave just before an LF would read as one line break (CRLF)
    # where the text has two: one of them is written in the file's newline instead.
    lone_cr_then_lf = raw[start - 1 : start] == "\r" and (replacement[:1] or raw[end : end + 1]) == "\n"
    if lone_cr_then_lf or (replacement[-1:] == "\r" and raw[end : end + 1] == "\n"):
        if newline == "\r":
            end, replacement = end + 1, replacement + "\r"  # the LF after the edit (no LF in a replacement then)
        else:
            start, replacement = start - 1, newline + replacement  # the lone CR before the edit
    return Fix(start, end, replacement, fix.safe)


def wanted(finding: Finding, unsafe: bool) -> bool:
    return _wanted_fix(finding, unsafe) is not None


def _wanted_fix(finding: Finding, unsafe: bool) -> Fix | None:
    """The finding's fix, when this run applies it (safe, or unsafe ones allowed)."""
    return finding.fix if finding.fix is not None and (finding.fix.safe or unsafe) else None


_BLANK_TAIL = compile_re(r"(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))*[ \t]*\Z|[ \t]*\Z")


def _removes_last_line(raw: str, fix: Fix) -> bool:
    """An edit that deletes from a line's start to the end of the text (blanks aside); an
    edit at the end of a line, like a stray character or trailing spaces, does not."""
    at_line_start = fix.start == 0 or raw[fix.start - 1] in "\r\n" or raw[fix.start : fix.start + 1] in ("\r", "\n")
    return not fix.replacement and at_line_start and fix.end >= len(raw.rstrip())


def fix_text(
    raw: str, path: str, check: Callable[[InputText], FileResult], input_format: str = "auto", unsafe: bool = False
) -> FixOutcome:
    """Fix raw text (as read from the file, decoded) with `check(source) -> FileResult`."""
    original = raw
    applied: list[Finding] = []
    result = None
    for _ in range(MAX_PASSES):
        source = decode(raw.encode("utf-8"), path, input_format)
        result = check(source)
        if result.error:
            break
        # Rule code first: of two edits for one span, the lower code wins (apply_fixes keeps order).
        chosen = sorted(
            ((f, fix) for f in result.findings if (fix := _wanted_fix(f, unsafe)) is not None),
            key=lambda pair: (pair[0].code, pair[1].start, pair[1].end, pair[1].replacement),
        )
        if not chosen:
            break
        positions = raw_positions(raw, source.bom)
        by_fix: dict[Fix, Finding] = {}
        for finding, fix in chosen:
            by_fix.setdefault(_raw_fix(fix, positions, source.newline, raw), finding)
        new_raw, done, _ = apply_fixes(raw, by_fix)
        if new_raw == raw:
            break
        if new_raw.strip() and any(_removes_last_line(raw, f) for f in done):
            new_raw = _BLANK_TAIL.sub("", new_raw) + source.newline  # the file ends with one newline
        applied.extend(by_fix[f] for f in done)
        raw = new_raw
    else:
        result = check(decode(raw.encode("utf-8"), path, input_format))
    skipped = [f for f in result.findings if wanted(f, unsafe)] if not result.error else []
    return FixOutcome(path, result, applied, skipped, original, raw)


def unified_diff(outcome: FixOutcome) -> str:
    before = outcome.original.splitlines(keepends=True)
    after = outcome.fixed.splitlines(keepends=True)
    relative = not os.path.isabs(outcome.path)
    lines = difflib.unified_diff(
        before,
        after,
        f"a/{outcome.path}" if relative else outcome.path,
        f"b/{outcome.path}" if relative else outcome.path,
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


@dataclass(frozen=True)
class Snapshot:
    """What a file was when it was read: compared again just before it is replaced."""

    size: int
    mtime_ns: int
    inode: tuple[int, int]
    digest: str

    @classmethod
    def of(cls, path: str, data: bytes) -> Snapshot:
        info = os.stat(path)
        return cls(info.st_size, info.st_mtime_ns, (info.st_dev, info.st_ino), hashlib.sha256(data).hexdigest())

    def still(self, path: str) -> bool:
        try:
            info = os.stat(path)
            if (info.st_size, info.st_mtime_ns, (info.st_dev, info.st_ino)) != (self.size, self.mtime_ns, self.inode):
                return False
            with open(path, "rb") as handle:
                return hashlib.sha256(handle.read()).hexdigest() == self.digest
        except OSError:
            return False


def write_atomically(path: str, text: str, snapshot: Snapshot | None = None) -> None:
    """Replace the file's content, or leave it untouched and raise FixError (see the module
    docstring for symlinks, hard links, owners and files changed meanwhile)."""
    if path == STDIN_NAME:
        raise FixError("standard input cannot be fixed in place (use --diff)")
    target = os.path.realpath(path)  # a symlink: fix what it points to, keep the link
    try:
        info = os.stat(target)
    except OSError as err:
        raise FixError(f"{path}: {err.strerror or err}") from None
    mode = stat.S_IMODE(info.st_mode)
    # No write bit at all is a read-only file, even for root (who os.access lets write).
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
        raise FixError(f"{path}: read-only file, not changed")
    unchanged = snapshot.still if snapshot is not None else (lambda _: True)
    changed_meanwhile = FixError(
        f"{path}: changed by another process while it was being fixed; left as it is (run mtcheck fix again)"
    )
    data = text.encode("utf-8")
    in_place = info.st_nlink > 1 or info.st_uid != _euid()
    temporary = None
    with _signals_held():
        try:
            handle, temporary = tempfile.mkstemp(
                prefix=f".{os.path.basename(target)}.", suffix=".mtcheck", dir=os.path.dirname(target)
            )
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, mode)
            if not in_place and info.st_gid != os.stat(temporary).st_gid:
                try:
                    os.chown(temporary, -1, info.st_gid)
                except OSError:
                    in_place = True  # the group cannot be kept by a rename: keep the inode instead
            if not unchanged(target):
                raise changed_meanwhile
            if in_place:
                # Hard links and the owner live in the inode: write the new content into it.
                # The full text is already safe on disk in the temporary file.
                with open(target, "r+b") as out:
                    out.write(data)
                    out.truncate()
                    out.flush()
                    os.fsync(out.fileno())
            else:
                os.replace(temporary, target)
                temporary = None
        except OSError as err:
            raise FixError(f"{path}: not changed: {err.strerror or err}") from None
        finally:
            if temporary is not None:
                try:
                    os.unlink(temporary)
                except OSError:
                    pass


def _euid() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else -1


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM (a CI job cancelled, Ctrl-C) wait until the file is written, or left
    as it was, and the temporary file is gone: the write takes milliseconds, and a signal
    landing between creating the temporary file and removing it would leave it behind.
    SIGKILL cannot be held."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)  # a held signal is delivered now


def read_raw(
    path: str, input_format: str = "auto", display: str | None = None, max_mb: float = DEFAULT_MAX_MB
) -> tuple[str, Snapshot | None]:
    """The file (or standard input, "-") decoded as it is, BOM and newlines kept, and what
    the file was when read (InputError when it cannot be checked)."""
    if path == STDIN_NAME:
        data, snapshot = stdin_bytes(display or path, max_mb), None
    else:
        data = read_bytes(path, max_mb)
        try:
            snapshot = Snapshot.of(path, data)
        except OSError as err:
            raise InputError(path, err.strerror or str(err)) from None
    decode(data, display or path, input_format)  # the same refusals as checking: binary, not UTF-8...
    return data.decode("utf-8"), snapshot
