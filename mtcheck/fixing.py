"""Repairing files: apply the safe fixes, check again, and write atomically.

Fixes are applied to the file's own text (its BOM and newlines, even mixed ones, kept):
the checker works on text with '\\n' newlines, so its offsets are mapped back to the raw
text before each edit. Edits go from the end backwards; one that overlaps another is left
for the next pass, which checks the new text again. Passes repeat until nothing changes,
so that a second run of `mtcheck fix` changes nothing. The file is replaced only through
a temporary file in the same folder and a rename, with its permissions kept: an error at
any point leaves the original as it was.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import sys
import tempfile
from dataclasses import dataclass, field

from mtcheck.findings import Finding, Fix
from mtcheck.fixes import apply_fixes
from mtcheck.inputs import STDIN_NAME, decode, read_bytes
from mtcheck.report import FileResult

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


def _raw_fix(fix: Fix, positions: list[int], newline: str) -> Fix:
    replacement = fix.replacement.replace("\n", newline) if newline != "\n" else fix.replacement
    return Fix(positions[fix.start], positions[fix.end], replacement, fix.safe)


def wanted(finding: Finding, unsafe: bool) -> bool:
    return finding.fix is not None and (finding.fix.safe or unsafe)


_BLANK_TAIL = re.compile(r"(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))*[ \t]*\Z|[ \t]*\Z")


def fix_text(raw: str, path: str, check, input_format: str = "auto", unsafe: bool = False) -> FixOutcome:
    """Fix raw text (as read from the file, decoded) with `check(source) -> FileResult`."""
    original = raw
    applied: list[Finding] = []
    result = None
    for _ in range(MAX_PASSES):
        source = decode(raw.encode("utf-8"), path, input_format)
        result = check(source)
        if result.error:
            break
        chosen = [f for f in result.findings if wanted(f, unsafe)]
        if not chosen:
            break
        positions = raw_positions(raw, source.bom)
        by_fix = {}
        for finding in chosen:
            by_fix.setdefault(_raw_fix(finding.fix, positions, source.newline), finding)
        new_raw, done, _ = apply_fixes(raw, by_fix)
        if new_raw == raw:
            break
        if new_raw.strip() and any(not f.replacement and f.end >= len(raw.rstrip()) for f in done):
            new_raw = _BLANK_TAIL.sub("", new_raw) + source.newline  # a last line removed: the file ends with one newline
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
    lines = difflib.unified_diff(before, after, f"a/{outcome.path}" if relative else outcome.path,
                                 f"b/{outcome.path}" if relative else outcome.path)
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


def write_atomically(path: str, text: str) -> None:
    """Replace the file's content, or leave it untouched and raise FixError."""
    if path == STDIN_NAME:
        raise FixError("standard input cannot be fixed in place (use --diff)")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError as err:
        raise FixError(f"{path}: {err.strerror or err}") from None
    # No write bit at all is a read-only file, even for root (who os.access lets write).
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise FixError(f"{path}: read-only file, not changed")
    folder = os.path.dirname(os.path.abspath(path))
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".mtcheck", dir=folder)
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
        temporary = None
    except OSError as err:
        raise FixError(f"{path}: not changed: {err.strerror or err}") from None
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def read_raw(path: str, input_format: str = "auto", display: str | None = None) -> str:
    """The file (or standard input, "-") decoded as it is, BOM and newlines kept (InputError
    when it cannot be checked)."""
    data = sys.stdin.buffer.read() if path == STDIN_NAME else read_bytes(path)
    decode(data, display or path, input_format)  # the same refusals as checking: binary, not UTF-8...
    return data.decode("utf-8")
