"""`--diff-base REF`: which lines of an article changed since a git revision.

The file as it was at REF is read with `git show` and compared line by line with the text
being checked, so that the answer is right for the text in memory too (while fixing).
A file that did not exist at REF is new: every line of it changed.
"""

from __future__ import annotations

import difflib
import os
import subprocess
from functools import cache


class DiffBaseError(Exception):
    """--diff-base cannot be answered for a file; str() is the one-line message."""


def _git(folder: str, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", folder, *args], capture_output=True)
    except FileNotFoundError:
        raise DiffBaseError("--diff-base needs git, which is not installed") from None


@cache
def _toplevel(folder: str) -> str:
    run = _git(folder, "rev-parse", "--show-toplevel")
    if run.returncode != 0:
        raise DiffBaseError(f"{folder}: not in a git repository (--diff-base compares with a git revision)")
    return run.stdout.decode("utf-8", "replace").strip()


@cache
def _check_revision(top: str, ref: str) -> None:
    if _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise DiffBaseError(f"--diff-base: unknown revision {ref!r} in {top}")


def base_text(path: str, ref: str) -> str | None:
    """The file's text at ref, or None when the file did not exist there."""
    folder = os.path.dirname(os.path.abspath(path))
    top = _toplevel(folder)
    _check_revision(top, ref)
    relative = os.path.relpath(os.path.realpath(os.path.abspath(path)), os.path.realpath(top)).replace(os.sep, "/")
    run = _git(top, "show", f"{ref}:{relative}")
    if run.returncode != 0:
        return None
    return run.stdout.decode("utf-8", "replace").lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def changed_lines(old: str | None, new: str) -> set[int] | None:
    """1-based lines of new that are not in old (None: all of them)."""
    if old is None:
        return None
    matcher = difflib.SequenceMatcher(None, old.split("\n"), new.split("\n"), autojunk=False)
    changed: set[int] = set()
    for tag, _, _, first, last in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            changed.update(range(first + 1, last + 1))
    return changed
