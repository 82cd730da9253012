"""The effective settings for checking one file: defaults, then config file, then command line."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mtcheck.engine.findings import Severity
from mtcheck.language.pattern_cache import compile_re

_CODE_PREFIX = compile_re(r"^[A-Z]{1,8}\d{0,4}$")


@dataclass(frozen=True)
class Settings:
    """A run's configuration, merged from the config file and the command line."""

    target_lang: str = "en"
    source_lang: str | None = None
    packs: tuple[str, ...] | None = None  # None: every pack of the language
    select: tuple[str, ...] | None = None  # None: every rule
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()  # per-rule severity overrides
    min_severity: Severity = Severity.MINOR
    fail_on: Severity | None = Severity.MAJOR  # None: never fail on findings
    rule_folders: tuple[Path, ...] = ()
    proper_nouns: tuple[str, ...] = ()
    front_matter_fields: tuple[str, ...] = ("title", "description")  # headlines: where casing slips show most
    ref_chrf_threshold: float | None = None  # RF101: below this sentence chrF, a possible mistranslation
    langid_backend: str = "langdetect"  # or "py3langid" (pip install mtcheck[py3langid])
    source_pattern: str | None = None  # where an article's source is: "{stem}.es{suffix}"
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, selectors)
    max_file_size: float = 50.0  # MB: a larger single input is refused, not read
    exclude: tuple[str, ...] | None = None  # folder searches leave these out (None: the default list)
    extend_exclude: tuple[str, ...] = ()  # ... and these
    force_exclude: bool = False  # files named on the command line are excluded too (pre-commit)
    root: Path | None = None  # folder of the config file: per-path globs are relative to it
    config_path: Path | None = None

    def but(self, **changes: Any) -> Settings:  # field=value pairs, as for dataclasses.replace
        return replace(self, **changes)


def selector_matches(selector: str, code: str, name: str, pack: str = "", aliases: tuple[str, ...] = ()) -> bool:
    """A selector is a code (MT101), a code prefix (MT1, MT10), a rule name, a pack name or ALL."""
    key = selector.strip()
    upper = key.upper()
    if upper == code or upper in aliases or key == name or key == pack or key == "ALL":
        return True
    return bool(_CODE_PREFIX.match(upper)) and code.startswith(upper)


def glob_matches(pattern: str, relative_path: str) -> bool:
    """Gitignore-like globs: '*' stays within a folder, '**' spans folders."""
    return _glob_regex(pattern).fullmatch(relative_path) is not None


def _glob_regex(pattern: str) -> re.Pattern:
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append(r"(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(r".*")
            i += 2
        elif pattern[i] == "*":
            out.append(r"[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append(r"[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    if "/" not in pattern.rstrip("/"):
        # A bare name ("*.txt", "drafts") matches at any depth, as in .gitignore.
        return re.compile(r"(?:.*/)?" + "".join(out) + r"(?:/.*)?")
    return re.compile("".join(out).lstrip("/") + r"(?:/.*)?")
