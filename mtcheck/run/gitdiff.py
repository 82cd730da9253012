"""`--diff-base REF`: which files and lines of a repository changed since a git revision.

git is asked once per repository for everything that changed (`git diff -U0` against the
working tree, plus the untracked files), before any file is read: unchanged files are not
checked at all, and a bad revision is one error for the run. A text that is no longer the
file on disk (an article being fixed) is compared with the file as it was at REF instead
(`git show`), so that the answer stays right for the text in memory.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

# The new side of a hunk header: "@@ -12,3 +14,2 @@" (a count of 1 is left out).
_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_QUOTED_ESCAPES = {b"a": 7, b"b": 8, b"t": 9, b"n": 10, b"v": 11, b"f": 12, b"r": 13, b'"': 34, b"\\": 92}


class DiffBaseError(Exception):
    """--diff-base cannot be answered; str() is the one-line message."""


@dataclass(frozen=True)
class Changes:
    """What changed in one repository since the base: changed lines of each changed file,
    keyed by real path (None: every line, a file new since the base)."""

    top: str
    files: dict[str, frozenset[int] | None]

    def lines(self, path: str) -> frozenset[int] | None:
        return self.files.get(os.path.realpath(path), frozenset())


def _git(folder: str, *args: str) -> subprocess.CompletedProcess:
    import subprocess  # here: every run imports this module (its DiffBaseError), few run git

    try:
        # No pager, no external diff or text conversion drivers: only git itself runs.
        return subprocess.run(
            ["git", "--no-pager", "-C", folder, "-c", "core.quotePath=false", *args],
            capture_output=True,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise DiffBaseError("--diff-base needs git, which is not installed") from None


class DiffBase:
    """The answers for one run: git is asked once per repository, and asked again by the
    next run (a long-lived process sees new commits and edits)."""

    def __init__(self, ref: str):
        self.ref = ref
        self._roots: dict[str, str | None] = {}
        self._tops: dict[str, str] = {}
        self._commits: dict[str, str] = {}
        self._changes: dict[str, Changes] = {}

    def changed_files(self, paths: list[str]) -> list[str]:
        """The paths that differ from the base; DiffBaseError when one cannot be answered."""
        return [path for path in paths if self.lines_on_disk(path) != frozenset()]

    def lines_on_disk(self, path: str) -> frozenset[int] | None:
        """Changed lines of the file as it is on disk (None: all of them)."""
        top = self.repository_of(os.path.dirname(os.path.abspath(path)))
        if top not in self._changes:
            self._changes[top] = changes_since(top, self.commit(top))
        return self._changes[top].lines(path)

    def lines_of_text(self, path: str, text: str) -> set[int] | None:
        """Changed lines of a text standing in for the file (None: all of them)."""
        return changed_lines(self.base_text(path), text)

    def repository_of(self, folder: str) -> str:
        """The real path of the root of the repository holding folder: the nearest folder with
        a `.git` (looked up on disk, once per folder), confirmed by git once per repository."""
        marked = self._marked_root(os.path.realpath(folder))
        key = marked if marked is not None else folder
        if key not in self._tops:
            run = _git(key, "rev-parse", "--show-toplevel")
            if run.returncode != 0:
                raise DiffBaseError(f"{folder}: not in a git repository (--diff-base compares with a git revision)")
            self._tops[key] = os.path.realpath(run.stdout.decode("utf-8", "surrogateescape").strip())
        return self._tops[key]

    def _marked_root(self, folder: str) -> str | None:
        if folder not in self._roots:
            parent = os.path.dirname(folder)
            if os.path.exists(os.path.join(folder, ".git")):
                self._roots[folder] = folder
            else:
                self._roots[folder] = None if parent == folder else self._marked_root(parent)
        return self._roots[folder]

    def commit(self, top: str) -> str:
        if top not in self._commits:
            # --end-of-options: a revision that looks like an option ("--output=x") is a revision.
            run = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{self.ref}^{{commit}}")
            if run.returncode != 0:
                raise DiffBaseError(f"--diff-base: unknown revision {self.ref!r} in {top}")
            self._commits[top] = run.stdout.decode("ascii").strip()
        return self._commits[top]

    def base_text(self, path: str) -> str | None:
        """The file's text at the base, or None when the file did not exist there."""
        top = self.repository_of(os.path.dirname(os.path.abspath(path)))
        relative = os.path.relpath(os.path.realpath(os.path.abspath(path)), top).replace(os.sep, "/")
        run = _git(top, "show", f"{self.commit(top)}:{relative}")
        if run.returncode != 0:
            return None
        return run.stdout.decode("utf-8", "replace").lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def changes_since(top: str, commit: str) -> Changes:
    """Every file of the repository at top that differs from commit, with its changed lines."""
    diff = _git(
        top,
        "diff",
        "-U0",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--no-renames",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        commit,
        "--",
    )
    if diff.returncode != 0:
        raise DiffBaseError(f"--diff-base: git diff failed in {top}: {_first_line(diff.stderr)}")
    files = parse_diff(diff.stdout, top)
    untracked = _git(top, "ls-files", "--others", "--exclude-standard", "-z")
    if untracked.returncode != 0:
        raise DiffBaseError(f"--diff-base: git ls-files failed in {top}: {_first_line(untracked.stderr)}")
    for name in untracked.stdout.split(b"\0"):
        if name:
            files[_real(top, name)] = None
    return Changes(top, files)


def parse_diff(output: bytes, top: str) -> dict[str, frozenset[int] | None]:
    """Changed lines (of the new side) per file from `git diff -U0` output."""
    files: dict[str, frozenset[int] | None] = {}
    current: str | None = None
    lines: set[int] = set()
    new_file = False

    def close() -> None:
        if current is not None:
            files[current] = None if new_file else frozenset(lines)

    for line in output.split(b"\n"):
        if line.startswith(b"diff --git "):
            close()
            current, lines, new_file = None, set(), False
        elif line.startswith(b"new file mode"):
            new_file = True
        elif line.startswith(b"+++ "):
            # git ends the name with a tab when it holds a space (a tab in a name is quoted).
            name = line[4:-1] if line.endswith(b"\t") else line[4:]
            current = None if name == b"/dev/null" else _real(top, _unquoted(name)[2:])  # past "b/"
        elif line.startswith(b"@@") and current is not None:
            hunk = _HUNK.match(line)
            if hunk:
                first, count = int(hunk[1]), int(hunk[2] or 1)
                lines.update(range(first, first + count))
    close()
    return files


def _unquoted(name: bytes) -> bytes:
    """A path as git prints it: C-quoted ("\\303\\251", "\\t") when it holds unusual bytes."""
    if not (name.startswith(b'"') and name.endswith(b'"')):
        return name
    out = bytearray()
    body, i = name[1:-1], 0
    while i < len(body):
        if body[i : i + 1] == b"\\" and i + 1 < len(body):
            following = body[i + 1 : i + 2]
            if following.isdigit():
                out.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            out.append(_QUOTED_ESCAPES.get(following, following[0]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return bytes(out)


def _real(top: str, relative: bytes) -> str:
    return os.path.realpath(os.path.join(top, os.fsdecode(relative)))


def _first_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else "no message"


def changed_lines(old: str | None, new: str) -> set[int] | None:
    """1-based lines of new that are not in old (None: all of them)."""
    if old is None:
        return None
    import difflib  # with --diff-base only

    matcher = difflib.SequenceMatcher(None, old.split("\n"), new.split("\n"), autojunk=False)
    changed: set[int] = set()
    for tag, _, _, first, last in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            changed.update(range(first + 1, last + 1))
    return changed
