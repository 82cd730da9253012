"""Where the bundled rule packs and their data live, installed or in a source checkout."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parents[1]  # mtcheck/
PACK_MAX_MB = 20.0  # a rule pack or data file larger than this is refused (a device, a stray dump)


@cache
def rules_root() -> Path:
    # The wheel carries the top-level rules/ as mtcheck/_rules; a source checkout
    # (or an editable install) reads the folder beside the package.
    packaged = _PACKAGE / "_rules"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / "rules"


def data_file(language: str, name: str) -> Path:
    return _data_file(rules_root(), language, name)


@lru_cache(maxsize=1024)  # a check asks for the same files again and again: 150 paths joined, 7 M instructions
def _data_file(root: Path, language: str, name: str) -> Path:
    return root / language / "data" / name


def load_yaml(path: Path) -> Any:  # whatever the YAML holds
    """A YAML file's data: from the parsed cache (mtcheck/language/parsed_cache.py), or parsed
    with PyYAML's fast C loader when it has one."""
    from mtcheck.files import read_bytes
    from mtcheck.language.parsed_cache import cached_parse

    return cached_parse(read_bytes(str(path), PACK_MAX_MB), _parse_yaml)


def _parse_yaml(text: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # safe: no !!python tags, no code
    return yaml.load(text, Loader=loader)
