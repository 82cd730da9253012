"""The user's cache folder: where platformdirs puts it, found without importing platformdirs
in the common case."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize(
    "environment",
    [
        {"HOME": "/home/reader"},
        {"HOME": "/home/reader", "XDG_CACHE_HOME": "/var/tmp/xdg"},
        {"HOME": "relative", "XDG_CACHE_HOME": "/var/tmp/xdg/"},
        {"HOME": "/home/reader", "XDG_CACHE_HOME": "relative/xdg"},
        {"HOME": "relative"},
    ],
)
def test_the_cache_folder_is_where_platformdirs_puts_it(monkeypatch, environment):
    from platformdirs import user_cache_dir

    from mtcheck.language import user_cache

    for name in ("HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    user_cache._platform_cache_folder.cache_clear()
    try:
        assert user_cache._platform_cache_folder() == Path(user_cache_dir("mtcheck", appauthor=False))
    finally:
        user_cache._platform_cache_folder.cache_clear()


def test_an_entry_is_written_whole_and_private_without_tempfile(tmp_path) -> None:
    import os
    import stat
    import sys

    from mtcheck.language.user_cache import write_atomically

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    entry = folder / "entry.bin"
    imported = "tempfile" in sys.modules
    write_atomically(folder, entry, [b"one ", memoryview(b"two")])
    write_atomically(folder, entry, "three")
    assert entry.read_bytes() == b"three" and stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert os.listdir(folder) == ["entry.bin"]  # no temporary file left
    assert ("tempfile" in sys.modules) == imported


def test_a_temporary_name_a_dead_process_left_is_not_reused(tmp_path) -> None:
    import os

    from mtcheck.language import user_cache

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    left = folder / f".entry.{os.getpid()}.{user_cache._written + 1}.tmp"
    left.write_bytes(b"half")
    user_cache.write_atomically(folder, folder / "entry.bin", b"whole")
    assert (folder / "entry.bin").read_bytes() == b"whole" and left.read_bytes() == b"half"
