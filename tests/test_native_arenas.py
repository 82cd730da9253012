"""The native build's arenas (mtcheck/run/native_arenas.c): once switched, the object
allocator's new arenas come in huge pages where the kernel offers them (one fault for 2 MiB),
or else with their pages mapped (one system call an arena, not a page fault a page); freed
arenas are used again, and everything else stays as it was."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import c_module_library

# Makes some 20 MB of small objects (the allocator's arenas), 100 KB at a time, and prints the
# largest step of the process's resident anonymous memory on the way, the memory in huge pages,
# a sum of objects made after arenas were freed, and the growth of the peak they cost.
_FILL = """
import importlib.util, sys
if sys.argv[2] != "plain":
    spec = importlib.util.spec_from_file_location("mtcheck.run.native_arenas", sys.argv[1])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    huge = sys.argv[2] == "huge"
    print(module.switch_arenas(huge_pages=huge), module.switch_arenas(huge_pages=not huge))
else:
    print("as Python has it")
def field(name, where="/proc/self/status"):
    with open(where) as lines:
        return next(int(line.split()[1]) for line in lines if line.startswith(name + ":"))
objects = [None] * 200_000
largest, last = 0, field("RssAnon")
for step in range(200):
    for i in range(step * 1000, step * 1000 + 1000):
        objects[i] = (float(i), float(-i))
    now = field("RssAnon")
    largest, last = max(largest, now - last), now
print(largest)
print(field("AnonHugePages", "/proc/self/smaps_rollup"))
del objects
peak = field("VmHWM")
print(sum(len(t[1]) for t in [(i, str(i)) for i in range(100_000)]))
print(field("VmHWM") - peak)
"""


def _huge_pages_offered() -> bool:
    try:
        setting = Path("/sys/kernel/mm/transparent_hugepage/enabled").read_text()
    except OSError:
        return False
    return "[always]" in setting or "[madvise]" in setting


@pytest.fixture(scope="module")
def library(c_modules: Path) -> Path:
    return c_module_library(c_modules, "mtcheck/run/native_arenas")


def _fill(library: Path, how: str) -> list[str]:
    run = subprocess.run([sys.executable, "-c", _FILL, str(library), how], capture_output=True, text=True, check=True)
    return run.stdout.split("\n")


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="MAP_POPULATE and /proc are Linux's")


@linux_only
def test_switched_arenas_come_with_their_pages(library: Path) -> None:
    whole, plain = _fill(library, "whole"), _fill(library, "plain")
    assert whole[0] == "mapped whole mapped whole"  # switched, and a second call changes nothing
    # Python's arenas grow page by page, as objects are written (each step some 100 KB); the
    # switched ones by a whole arena (1,024 KB) at once.
    assert int(plain[1]) < 512 <= 1024 <= int(whole[1])
    assert whole[3] == plain[3] == "488890"  # objects made after arenas were freed: the same
    # The freed arenas (some 20 MB) hold the new objects: the peak does not grow.
    assert int(whole[4]) < 1024


@linux_only
@pytest.mark.skipif(not _huge_pages_offered(), reason="this kernel offers no transparent huge pages")
def test_switched_arenas_come_in_huge_pages_where_offered(library: Path) -> None:
    huge, plain = _fill(library, "huge"), _fill(library, "plain")
    assert huge[0] == "huge pages huge pages"
    # 2,048 KB at a time, most of the 20 MB in huge pages
    assert int(huge[1]) >= 2048 > int(plain[1])
    assert int(huge[2]) >= 16 * 1024
    assert huge[3] == "488890"
    assert int(huge[4]) < 1024  # freed arenas are handed out again, before any new one


@pytest.mark.parametrize(
    ("arguments", "huge"), [(["--help"], True), (["check", "--help"], True), (["lsp", "--help"], False)]
)
def test_the_command_switches_where_the_build_is(
    monkeypatch: pytest.MonkeyPatch, arguments: list[str], huge: bool
) -> None:
    """mtcheck/entry.py's main() asks for the switch first (huge pages, but for a server, which
    keeps running: arenas mapped whole, given back when freed), and goes on without the build."""
    import mtcheck.entry

    calls = []
    fake = type(sys)("mtcheck.run.native_arenas")
    fake.switch_arenas = lambda huge_pages: calls.append(huge_pages) or "huge pages"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mtcheck.run.native_arenas", fake)
    monkeypatch.setattr(sys, "argv", ["mtcheck", *arguments])
    with pytest.raises(SystemExit):
        mtcheck.entry.main()
    assert calls == [huge]
