"""Load mtcheck from its Python source even beside a native build (scripts/build_native.py).

Python imports a compiled module (`words.cpython-311-x86_64-linux-gnu.so`) before the
`words.py` beside it. Importing this module first makes every mtcheck module load from its
.py file instead: the tests run the source (tests/conftest.py imports it before mtcheck),
and compare it with the compiled build (tests/test_native.py).
"""

from __future__ import annotations

import os
import sys
from importlib.machinery import SOURCE_SUFFIXES, FileFinder, SourceFileLoader

PACKAGE = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "mtcheck")


def _source_only(path: str) -> FileFinder:
    """A finder for mtcheck's folders that sees only .py files (other folders: not ours)."""
    real = os.path.realpath(path or ".")
    if real != PACKAGE and not real.startswith(PACKAGE + os.sep):
        raise ImportError("not an mtcheck folder")
    return FileFinder(path, (SourceFileLoader, SOURCE_SUFFIXES))


if _source_only not in sys.path_hooks:
    sys.path_hooks.insert(0, _source_only)
    # Finders already made for mtcheck's folders would still see the compiled modules.
    for cached in [p for p in sys.path_importer_cache if os.path.realpath(p or ".").startswith(PACKAGE)]:
        del sys.path_importer_cache[cached]
