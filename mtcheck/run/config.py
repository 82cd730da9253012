"""Configuration files: `.mtcheck.toml`, `mtcheck.toml`, or `[tool.mtcheck]` in `pyproject.toml`.

The nearest one above a checked file applies; unknown keys and wrong types are errors.
"""

from __future__ import annotations

import re
import string
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from mtcheck.engine.findings import Severity
from mtcheck.engine.settings import Settings
from mtcheck.files import InputError, read_bytes

CONFIG_MAX_MB = 10.0  # a config or name list larger than this is not a config
CONFIG_FILES = (".mtcheck.toml", "mtcheck.toml", "pyproject.toml")  # the first one in a folder wins


class ConfigError(Exception):
    """An unusable configuration; str() is the one-line message."""

    def __init__(self, path: Path | str, problem: str, key: str | None = None):
        where = f"{path}: key '{key}'" if key else f"{path}"
        super().__init__(f"{where}: {problem}")


def _strings(value: Any, key: str, path: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, "expected a list of strings", key)
    return tuple(value)


def _boolean(value: Any, key: str, path: Path) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(path, "expected true or false", key)
    return value


def _string(value: Any, key: str, path: Path) -> str:
    if not isinstance(value, str):
        raise ConfigError(path, "expected a string", key)
    return value


def _source_language(value: Any, key: str, path: Path) -> str:
    from mtcheck.language.profiles import source_language

    try:
        return source_language(_string(value, key, path))
    except ValueError as err:
        raise ConfigError(path, str(err), key) from None


def _severity(value: Any, key: str, path: Path) -> Severity:
    try:
        return Severity.parse(_string(value, key, path))
    except ValueError as err:
        raise ConfigError(path, str(err), key) from None


def _fail_on(value: Any, key: str, path: Path) -> Severity | None:
    if isinstance(value, str) and value.lower() in ("never", "none"):
        return None
    return _severity(value, key, path)


def _number(value: Any, key: str, path: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(path, "expected a number", key)
    return float(value)


def _size(value: Any, key: str, path: Path) -> float:
    size = _number(value, key, path)
    if not 0 < size <= 100_000:
        raise ConfigError(path, "must be a size in MB, above 0 and at most 100000", key)
    return size


def _backend(value: Any, key: str, path: Path) -> str:
    from mtcheck.language.identify import BACKENDS

    value = _string(value, key, path)
    if value not in BACKENDS:
        raise ConfigError(path, f"unknown language identifier {value!r} (use {', '.join(BACKENDS)})", key)
    return value


SOURCE_PATTERN_FIELDS = {"stem": "article", "suffix": ".md", "name": "article.md", "source_lang": "es"}


def _source_pattern(value: Any, key: str, path: Path) -> str:
    """A path relative to the article's folder, such as "{stem}.es{suffix}" or "../es/{name}"."""
    value = _string(value, key, path)
    try:
        # Plain {field}s only: a format spec ("{stem:>999999999}") could make a huge string.
        if any(spec or conversion for _, _, spec, conversion in string.Formatter().parse(value)):
            raise ValueError("no format specs or conversions")
        filled = value.format(**SOURCE_PATTERN_FIELDS)
    except (KeyError, IndexError, ValueError) as err:
        raise ConfigError(
            path, f"bad pattern ({err}); use {{stem}}, {{suffix}}, {{name}} and {{source_lang}}", key
        ) from None
    if filled == SOURCE_PATTERN_FIELDS["name"] or not any(f"{{{field}}}" in value for field in ("stem", "name")):
        raise ConfigError(path, "the pattern must name another file built from {stem} or {name}", key)
    return value


def _severities(value: Any, key: str, path: Path) -> tuple[tuple[str, Severity], ...]:
    if not isinstance(value, dict):
        raise ConfigError(path, "expected a table of rule = severity", key)
    return tuple((code, _severity(level, f"{key}.{code}", path)) for code, level in value.items())


def _path_ignores(value: Any, key: str, path: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ConfigError(path, 'expected a table of "glob" = [rules]', key)
    return tuple((glob, _strings(rules, f"{key}.{glob}", path)) for glob, rules in value.items())


def _folders(value: Any, key: str, path: Path) -> tuple[Path, ...]:
    return tuple((path.parent / folder).resolve() for folder in _strings(value, key, path))


def _name_files(value: Any, key: str, path: Path) -> tuple[str, ...]:
    names: list[str] = []
    for name_file in _strings(value, key, path):
        file = path.parent / name_file
        try:
            lines = read_bytes(str(file), CONFIG_MAX_MB).decode("utf-8").splitlines()
        except InputError as err:
            raise ConfigError(path, f"cannot read {file}: {err.problem}", key) from None
        except UnicodeDecodeError:
            raise ConfigError(path, f"cannot read {file}: not valid UTF-8", key) from None
        names.extend(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))
    return tuple(names)


# config key -> (Settings field, parser)
_KEYS = {
    "target-lang": ("target_lang", _string),
    "source-lang": ("source_lang", _source_language),
    "packs": ("packs", _strings),
    "select": ("select", _strings),
    "ignore": ("ignore", _strings),
    "severity": ("severity", _severities),
    "min-severity": ("min_severity", _severity),
    "fail-on": ("fail_on", _fail_on),
    "rule-folders": ("rule_folders", _folders),
    "proper-nouns": ("proper_nouns", _strings),
    "proper-noun-files": ("proper_nouns", _name_files),
    "front-matter-fields": ("front_matter_fields", _strings),
    "per-path-ignores": ("per_path_ignores", _path_ignores),
    "per-file-ignores": ("per_path_ignores", _path_ignores),  # ruff's and flake8's name for it
    "ref-chrf-threshold": ("ref_chrf_threshold", _number),
    "langid-backend": ("langid_backend", _backend),
    "source-pattern": ("source_pattern", _source_pattern),
    "max-file-size": ("max_file_size", _size),
    "exclude": ("exclude", _strings),
    "extend-exclude": ("extend_exclude", _strings),
    "force-exclude": ("force_exclude", _boolean),
}


def _tomllib() -> ModuleType:
    """The TOML parser, imported when a config is read: most runs read none."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        # tomli is installed on Python 3.10 only; mypy checks as 3.10 from newer Pythons too.
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    return tomllib


def _toml(path: Path) -> dict:
    try:
        raw = read_bytes(str(path), CONFIG_MAX_MB)
    except InputError as err:
        raise ConfigError(path, f"cannot read: {err.problem}") from None
    tomllib = _tomllib()
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise ConfigError(path, f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(path, f"invalid TOML: {err}") from None


def parse_config(path: Path) -> Settings:
    """Settings from one config file (defaults for what it does not set)."""
    data = _toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("mtcheck", {}) if isinstance(tool, dict) else {}
        prefix = "tool.mtcheck."
        if not isinstance(data, dict):
            raise ConfigError(path, "must be a table ([tool.mtcheck])", "tool.mtcheck")
    else:
        prefix = ""
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _KEYS:
            import difflib  # for a mistake only

            close = difflib.get_close_matches(str(key), _KEYS, 1)
            hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(sorted(_KEYS))})"
            raise ConfigError(path, f"unknown key{hint}", prefix + key)
        field, parse = _KEYS[key]
        parsed = parse(value, prefix + key, path)
        values[field] = values.get(field, ()) + parsed if field == "proper_nouns" else parsed
    return Settings(**values, root=path.parent.resolve(), config_path=path)


_TOOL_TABLE = re.compile(rb"^\s*\[\s*tool\s*\.\s*mtcheck\s*[\].]", re.M)
# Every way TOML can give the key `tool` a key `mtcheck` puts one of these at a line's start
# (keys bare or quoted, spaces or tabs around the dots): a [tool.mtcheck...] header, a dotted
# key tool.mtcheck..., an inline table tool = {mtcheck...}, or a key mtcheck under [tool].
_MTCHECK_UNDER_TOOL = (
    rb"""^[ \t]*\[\[?[ \t]*["']?tool["']?[ \t]*\.[ \t]*["']?mtcheck"""
    rb"""|^[ \t]*["']?tool["']?[ \t]*\.[ \t]*["']?mtcheck"""
    rb"""|^[ \t]*["']?tool["']?[ \t]*=.*mtcheck"""
)
_TOOL_HEADER = rb"""^[ \t]*\[[ \t]*["']?tool["']?[ \t]*\]"""
_MTCHECK_KEY = rb"""^[ \t]*["']?mtcheck["']?[ \t]*[=.]"""


def _may_declare_mtcheck(raw: bytes) -> bool:
    """False when no line can make a [tool.mtcheck] table: a pyproject.toml that only names
    mtcheck as a dependency or a script is told apart without importing and running the TOML
    parser (5% of a start)."""
    if re.search(_MTCHECK_UNDER_TOOL, raw, re.M):
        return True
    return bool(re.search(_TOOL_HEADER, raw, re.M) and re.search(_MTCHECK_KEY, raw, re.M))


def _declares_mtcheck(pyproject: Path) -> bool:
    """Does this pyproject.toml hold a [tool.mtcheck] table? One that declares it but cannot
    be read or parsed is still ours: parse_config then says what is wrong with it, rather
    than the settings being skipped in silence."""
    try:
        raw = read_bytes(str(pyproject), CONFIG_MAX_MB)
    except InputError:
        return True  # unreadable: parse_config reports it
    if b"mtcheck" not in raw or not _may_declare_mtcheck(raw):
        return False  # another tool's pyproject.toml, told without parsing it
    tomllib = _tomllib()
    try:
        tool = tomllib.loads(raw.decode("utf-8")).get("tool", {})
        return isinstance(tool, dict) and "mtcheck" in tool
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return bool(_TOOL_TABLE.search(raw))  # someone else's broken pyproject.toml is not our config


@cache
def find_config(folder: Path) -> Path | None:
    """The nearest config file in folder or above it."""
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _declares_mtcheck(path)):
                return path
    return None


@cache
def load_config(path: Path) -> Settings:
    return parse_config(path)
