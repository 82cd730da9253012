"""The native build's arenas (mtcheck/run/native_arenas.c): once switched, the object
allocator's new arenas come with their pages mapped (one system call an arena, not a page
fault a page), and everything else stays as it was."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import c_module_library

# Makes some 20 MB of small objects (the allocator's arenas), 100 KB at a time, and prints the
# largest step of the process's resident anonymous memory on the way and a sum of objects made
# after arenas were freed.
_FILL = """
import importlib.util, sys
if sys.argv[2] == "switched":
    spec = importlib.util.spec_from_file_location("mtcheck.run.native_arenas", sys.argv[1])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    print(module.populate_arenas(), module.populate_arenas())
else:
    print("as Python has it")
def resident():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("RssAnon:"))
objects = [None] * 200_000
largest, last = 0, resident()
for step in range(200):
    for i in range(step * 1000, step * 1000 + 1000):
        objects[i] = (float(i), float(-i))
    now = resident()
    largest, last = max(largest, now - last), now
print(largest)
del objects
print(sum(len(t[1]) for t in [(i, str(i)) for i in range(100_000)]))
"""


@pytest.fixture(scope="module")
def library(c_modules: Path) -> Path:
    return c_module_library(c_modules, "mtcheck/run/native_arenas")


def _fill(library: Path, how: str) -> list[str]:
    run = subprocess.run([sys.executable, "-c", _FILL, str(library), how], capture_output=True, text=True, check=True)
    return run.stdout.split("\n")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="MAP_POPULATE and /proc are Linux's")
def test_switched_arenas_come_with_their_pages(library: Path) -> None:
    switched, plain = _fill(library, "switched"), _fill(library, "plain")
    assert switched[0] == "True True"  # switched, and a second call changes nothing
    # Python's arenas grow page by page, as objects are written (each step some 100 KB); the
    # switched ones by a whole arena (1,024 KB) at once.
    assert int(plain[1]) < 512 <= 1024 <= int(switched[1])
    assert switched[2] == plain[2] == "488890"  # objects made after arenas were freed: the same


def test_the_command_switches_where_the_build_is(monkeypatch: pytest.MonkeyPatch) -> None:
    """mtcheck/entry.py's main() asks for the switch first, and goes on without the build."""
    import mtcheck.entry

    calls = []
    fake = type(sys)("mtcheck.run.native_arenas")
    fake.populate_arenas = lambda: calls.append("switched") or True  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mtcheck.run.native_arenas", fake)
    monkeypatch.setattr(sys, "argv", ["mtcheck", "--help"])
    with pytest.raises(SystemExit):
        mtcheck.entry.main()
    assert calls == ["switched"]
