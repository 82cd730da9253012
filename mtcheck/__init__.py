"""mtcheck: finds what machine translation leaves behind in news text.

The library interface (mtcheck/run/api.py) is loaded on first use, so that `import mtcheck`
and the command line stay as quick to start as before:

    import mtcheck
    for d in mtcheck.check_text("Talks in kyiv ended on tuesday."):
        print(d.line, d.column, d.code, d.message)
"""

from __future__ import annotations

TYPE_CHECKING = False  # read by type checkers as typing.TYPE_CHECKING; importing typing costs 10 ms
__version__ = "0.1.0"

# Exit codes, the same for every command: 0 clean; 1 findings at or above --fail-on (or a
# file changed by fix); 2 a usage, configuration or input error, or a rule out of time;
# 3 a bug in mtcheck.
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3

if TYPE_CHECKING:
    from mtcheck.engine.findings import Severity
    from mtcheck.files import InputError
    from mtcheck.run.api import (
        CheckedDocument,
        Checker,
        CheckIncomplete,
        Diagnostic,
        Edit,
        check_document,
        check_file,
        check_text,
    )

# The public names of the library interface and the module each comes from.
_LAZY = {
    "Checker": "mtcheck.run.api",
    "CheckedDocument": "mtcheck.run.api",
    "CheckIncomplete": "mtcheck.run.api",
    "Diagnostic": "mtcheck.run.api",
    "Edit": "mtcheck.run.api",
    "check_document": "mtcheck.run.api",
    "check_file": "mtcheck.run.api",
    "check_text": "mtcheck.run.api",
    "Severity": "mtcheck.engine.findings",
    "InputError": "mtcheck.files",
}

__all__ = [
    "EXIT_ERROR",
    "EXIT_FINDINGS",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "CheckIncomplete",
    "CheckedDocument",
    "Checker",
    "Diagnostic",
    "Edit",
    "InputError",
    "Severity",
    "__version__",
    "check_document",
    "check_file",
    "check_text",
]


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'mtcheck' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(_LAZY[name]), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
