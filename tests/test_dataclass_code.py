"""The cache of the methods dataclasses writes: the classes are the ones Python makes, each
source is compiled once, and anything off in the cache file means compiling again."""

from __future__ import annotations

import builtins
import dataclasses
import marshal
import os
import stat
import typing
from dataclasses import dataclass, field
from typing import NamedTuple

import pytest

from mtcheck.language import dataclass_code
from mtcheck.language.user_cache import marshalled, private_folder
from tests.conftest import private_cache


@pytest.fixture
def folder(tmp_path, monkeypatch):
    with private_cache(tmp_path, monkeypatch, f"dataclass-code-{dataclass_code.FORMAT}") as entries:
        monkeypatch.setattr(dataclass_code, "_stored", None)
        monkeypatch.setattr(dataclass_code, "_new", {})
        monkeypatch.setattr(dataclass_code, "_used", set())
        monkeypatch.setattr(dataclasses, "exec", builtins.exec, raising=False)  # undone after the test
        monkeypatch.setattr(typing, "compile", builtins.compile, raising=False)
        yield entries


def _next_run(monkeypatch) -> list[str]:
    """What a new process sees (the file read again), and the sources compiled from now on."""
    dataclass_code.save()
    dataclass_code._stored = None
    dataclass_code._used.clear()
    compiled: list[str] = []

    def counting(source, *args, **kwargs):
        compiled.append(source)
        return compile(source, *args, **kwargs)

    monkeypatch.setattr(dataclass_code, "compile", counting, raising=False)
    return compiled


def _classes():
    """A frozen, slotted class and a plain one with defaults, as mtcheck's are made."""

    @dataclass(frozen=True, slots=True)
    class Fix:
        start: int
        end: int
        replacement: str
        safe: bool = True

    @dataclass
    class Options:
        output_format: str = "text"
        select: tuple[str, ...] = ()
        extra: dict[str, int] = field(default_factory=dict)

    return Fix, Options


def _behaviour(fix_class, options_class) -> list:
    fix, options = fix_class(1, 4, "x"), options_class(select=("MT1",))
    try:
        fix.start = 2  # type: ignore[misc]
        frozen = False
    except dataclasses.FrozenInstanceError:
        frozen = True
    return [
        repr(fix),
        fix == fix_class(1, 4, "x", True),
        hash(fix) == hash(fix_class(1, 4, "x")),
        frozen,
        repr(options),
        options == options_class(select=("MT1",)),
        options.extra is not options_class().extra,
        fix_class.__init__.__annotations__,  # the return annotation evaluated, as without __future__
        [f.name for f in dataclasses.fields(options_class)],
        dataclasses.replace(fix, end=9),
    ]


def test_classes_made_through_the_cache_are_the_classes_python_makes(folder, monkeypatch):
    plain = _behaviour(*_classes())
    dataclass_code.install()
    first = _behaviour(*_classes())
    compiled = _next_run(monkeypatch)
    replayed = _behaviour(*_classes())
    assert [repr(x) for x in plain] == [repr(x) for x in first] == [repr(x) for x in replayed]
    assert plain[7]["return"] is None
    assert compiled == []  # every method's code came from the cache
    assert len(marshal.loads(next(folder.iterdir()).read_bytes()[len(dataclass_code._MAGIC) + 4 :])) >= 8


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-5],  # cut short
        lambda data: data[:60] + bytes([data[60] ^ 1]) + data[61:],  # a flipped bit
        lambda data: marshalled({"def f(): pass": "not code"}, dataclass_code._MAGIC),  # a fitting checksum
        lambda data: marshalled(["not", "a", "dict"], dataclass_code._MAGIC),
        # entries that are bytes under a fitting checksum, but not a code object marshalled
        lambda data: marshalled(
            dict.fromkeys(dataclass_code._read_bytes(data), marshal.dumps("x")), dataclass_code._MAGIC
        ),
        lambda data: marshalled(dict.fromkeys(dataclass_code._read_bytes(data), b"\xff"), dataclass_code._MAGIC),
    ],
    ids=["cut-short", "flipped-bit", "not-code", "not-a-dict", "entries-not-code", "entries-not-marshal"],
)
def test_a_damaged_or_foreign_file_is_ignored_and_written_again(folder, monkeypatch, damage):
    dataclass_code.install()
    expected = _behaviour(*_classes())
    dataclass_code.save()
    (entry,) = folder.iterdir()
    written = entry.read_bytes()
    entry.write_bytes(damage(written))
    compiled = _next_run(monkeypatch)
    assert [repr(x) for x in _behaviour(*_classes())] == [repr(x) for x in expected]
    assert len(compiled) >= 8  # compiled afresh
    dataclass_code.save()
    assert dataclass_code._read(entry).keys() == dataclass_code._read_bytes(written).keys() != set()


def test_a_folder_others_can_write_is_not_used(folder, monkeypatch):
    dataclass_code.install()
    _behaviour(*_classes())
    dataclass_code.save()
    os.chmod(folder, os.stat(folder).st_mode | stat.S_IWOTH)
    private_folder.cache_clear()
    compiled = _next_run(monkeypatch)
    _behaviour(*_classes())
    assert len(compiled) >= 8


# In a new process: dataclasses imported through install() leaves inspect unimported until a class
# without a docstring needs it, and such a class gets the docstring Python gives it.
UNDOCUMENTED_CLASS = """
import sys
from mtcheck.language import dataclass_code
if sys.argv[1] == "install":
    dataclass_code.install()
import dataclasses
before = "inspect" in sys.modules
@dataclasses.dataclass(frozen=True)
class Undocumented:
    start: int
    label: str = "x"
import inspect
print(before, Undocumented.__doc__, type(inspect).__name__, inspect.signature is not None)
"""


def test_inspect_is_imported_only_for_a_class_without_a_docstring(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    environment = {**os.environ, "MTCHECK_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(Path(__file__).parents[1])}
    printed = []
    for how in ("install", "plain"):
        run = subprocess.run(
            [sys.executable, "-c", UNDOCUMENTED_CLASS, how], env=environment, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        printed.append(run.stdout)
    assert printed == [
        "False Undocumented(start: int, label: str = 'x') module True\n",
        "True Undocumented(start: int, label: str = 'x') module True\n",
    ]


def _named_tuple():
    """A NamedTuple whose annotations are strings (this module's `from __future__ import annotations`)."""

    class Span(NamedTuple):
        start: int
        end: int | None = None
        label: str = "x"

    return Span


def test_named_tuples_made_through_the_cache_are_the_ones_python_makes(folder, monkeypatch):
    plain = _named_tuple()
    dataclass_code.install()
    first = _named_tuple()
    compiled = _next_run(monkeypatch)
    replayed = _named_tuple()
    for made in (first, replayed):
        assert made._fields == plain._fields and made._field_defaults == plain._field_defaults
        assert made.__annotations__ == plain.__annotations__  # ForwardRefs compare by their text
        codes = [ref.__forward_code__ for ref in made.__annotations__.values()]
        assert codes == [ref.__forward_code__ for ref in plain.__annotations__.values()]
        assert repr(made(1)) == repr(plain(1)) and made(1, 2) == plain(1, 2)
    assert compiled == []  # each annotation's code came from the cache
    with pytest.raises(SyntaxError):
        typing.ForwardRef("int |")  # raised as typing raises it
