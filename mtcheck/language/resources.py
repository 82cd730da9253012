"""Where the bundled rule packs and their data live, installed or in a source checkout."""

from __future__ import annotations

from functools import cache
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
    return rules_root() / language / "data" / name


def load_yaml(path: Path) -> Any:  # whatever the YAML holds
    """Parse a YAML file with the fast C loader when PyYAML has it."""
    import yaml

    from mtcheck.files import read_bytes

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # safe: no !!python tags, no code
    return yaml.load(read_bytes(str(path), PACK_MAX_MB).decode("utf-8"), Loader=loader)
