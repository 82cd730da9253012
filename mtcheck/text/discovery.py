"""Which files a folder search checks, as ruff and other linters decide.

Inside a folder: files with an article's extension, but not hidden ones, not what git or the
project ignores (`.gitignore` and `.mtcheckignore` files, from the repository's root down, in
git's syntax), not what the project's `exclude` and `extend-exclude` settings or `--exclude`
name, and not a repository's own documents (README, CHANGELOG, LICENSE...). A file named on
the command line is checked: the caller (a script) chose it; but a pre-commit hook names every
changed file, so with `force` (`--force-exclude`, as ruff's) the same exclusions apply to it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from mtcheck.files import STDIN_NAME, InputError, read_bytes
from mtcheck.language.pattern_cache import compile_re

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

IGNORE_FILES = (".gitignore", ".mtcheckignore")
# What `exclude` holds unless a project sets it: folders of installed code and of generated sites.
DEFAULT_EXCLUDE = ("node_modules/", "site-packages/", "venv/", "__pypackages__/", "_site/", "_build/")
# A repository's documents about itself, whatever their extension: README.md, CHANGELOG.txt...
NOT_ARTICLES = compile_re(
    r"(?i)(?:readme|changelog|changes|history|news|license|licence|copying|contributing|code_of_conduct"
    r"|security|authors|contributors|notice|todo)(?:\.[^.]+)?"
)


ProjectExcludes = Callable[[str], tuple[str, tuple[str, ...]]]


def discover(
    paths: Iterable[str],
    suffixes: frozenset[str],
    exclude: Iterable[str] = (),
    project: ProjectExcludes | None = None,
    force: bool = False,
) -> Iterator[str]:
    """Expand folders (recursively) into the files to check; files and '-' pass through as given
    (with force, unless excluded).

    A path that does not exist is passed through so that reading it reports the error in order.
    `exclude` holds git-style patterns, matched against paths inside each searched folder (and
    against a named file's path as given). `project(folder)` gives the project's patterns for a
    folder and the folder they are relative to (its configuration's).
    """
    patterns = list(exclude)
    excluded = _spec(patterns, "--exclude") if patterns else None
    projects: dict[str, _Base | None] = {}

    def project_of(folder: str) -> _Base | None:
        if project is None:
            return None
        if folder not in projects:
            base, lines = project(folder)
            projects[folder] = (os.path.abspath(base), _spec(list(lines), f"{base}: exclude")) if lines else None
        return projects[folder]

    seen: set[str] = set()
    for path in paths:
        if path != STDIN_NAME and os.path.isdir(path):
            candidates: Iterable[str] = _walk(path, suffixes, excluded, project_of(path))
        elif force and path != STDIN_NAME and _force_excluded(path, excluded, project_of(os.path.dirname(path) or ".")):
            continue
        else:
            candidates = (path,)
        for candidate in candidates:
            if candidate not in seen:
                seen.add(candidate)
                yield candidate


class _Ignores:
    """The ignore files in force in one folder: (the folder they apply from, their patterns),
    outermost first, so that a deeper file's `!pattern` wins as in git."""

    def __init__(self, specs: tuple[tuple[str, GitIgnoreSpec], ...] = ()):
        self.specs = specs

    def below(self, folder: str) -> _Ignores:
        spec = _ignore_file_spec(folder)
        return _Ignores((*self.specs, (folder, spec))) if spec is not None else self

    def ignores(self, path: str, is_folder: bool) -> bool:
        decision = False
        for base, spec in self.specs:
            relative = os.path.relpath(path, base).replace(os.sep, "/")
            result = spec.check_file(relative + ("/" if is_folder else ""))
            if result.include is not None:
                decision = result.include
        return decision


_Base = tuple[str, "GitIgnoreSpec"]  # patterns and the folder they are relative to


def _under(base: _Base, path: str, is_folder: bool) -> bool:
    relative = os.path.relpath(os.path.abspath(path), base[0]).replace(os.sep, "/")
    return not relative.startswith("../") and base[1].match_file(relative + ("/" if is_folder else ""))


def _force_excluded(path: str, excluded: GitIgnoreSpec | None, project: _Base | None) -> bool:
    """A named file that a folder search would leave out by name or by pattern (ignore files
    aside: git only hands a hook files it tracks)."""
    if NOT_ARTICLES.fullmatch(os.path.basename(path)):
        return True
    as_given = os.path.normpath(path).replace(os.sep, "/")
    if excluded is not None and excluded.match_file(as_given):
        return True
    return project is not None and _under(project, path, False)


def _walk(
    folder: str, suffixes: frozenset[str], excluded: GitIgnoreSpec | None, project: _Base | None
) -> Iterator[str]:
    top = os.path.abspath(folder)
    inherited = {top: _ignores_above(top)}
    for root, dirs, files in os.walk(folder):
        here = inherited.pop(os.path.abspath(root)).below(os.path.abspath(root))

        def skipped(name: str, is_folder: bool, root: str = root, here: _Ignores = here) -> bool:
            if name.startswith("."):
                return True
            path = os.path.abspath(os.path.join(root, name))
            if excluded is not None:
                inside = os.path.relpath(path, top).replace(os.sep, "/") + ("/" if is_folder else "")
                if excluded.match_file(inside):
                    return True
            if project is not None and _under(project, path, is_folder):
                return True
            return here.ignores(path, is_folder)

        dirs[:] = sorted(d for d in dirs if not skipped(d, True))
        for d in dirs:
            inherited[os.path.abspath(os.path.join(root, d))] = here
        for name in sorted(files):
            if Path(name).suffix.lower() not in suffixes or NOT_ARTICLES.fullmatch(name):
                continue
            if not skipped(name, False):
                yield os.path.join(root, name)


def _ignores_above(folder: str) -> _Ignores:
    """The ignore files of the folders above `folder`, from its repository's root (the
    nearest folder with `.git`) down; none when it is in no repository."""
    parents = list(Path(folder).parents)  # the nearest first
    for index, parent in enumerate(parents):
        if (parent / ".git").exists():
            ignores = _Ignores()
            for above in reversed(parents[: index + 1]):
                ignores = ignores.below(str(above))
            return ignores
    return _Ignores()


def _ignore_file_spec(folder: str) -> GitIgnoreSpec | None:
    lines: list[str] = []
    for name in IGNORE_FILES:
        path = os.path.join(folder, name)
        if os.path.isfile(path):  # a FIFO or a device by that name is no ignore file, and would block
            lines += read_bytes(path, 1.0).decode("utf-8", errors="replace").splitlines()  # InputError if unreadable
    return _spec(lines, folder) if lines else None


def _spec(lines: list[str], origin: str) -> GitIgnoreSpec:
    from pathspec import GitIgnoreSpec  # only when a folder is searched

    try:
        return GitIgnoreSpec.from_lines(lines)
    except (ValueError, TypeError) as err:
        raise InputError(origin, f"not a valid ignore pattern ({err})") from None
