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


@pytest.mark.skipif(__import__("os").name != "posix", reason="entries are mapped on POSIX only")
def test_a_large_entry_is_mapped_and_stays_whole_when_another_run_replaces_it(tmp_path) -> None:
    import mmap
    import os

    from mtcheck.language.user_cache import MAPPED_FROM, marshalled, read_entry, read_private, write_atomically

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    small, large = folder / "small.bin", folder / "large.bin"
    write_atomically(folder, small, b"s" * (MAPPED_FROM - 1))
    value = {"words": ["ü" * 40] * 4000, "packed": bytes(range(256)) * 400}
    write_atomically(folder, large, marshalled(value, b"magic\n"))
    assert type(read_private(small)) is bytes and read_private(small) == b"s" * (MAPPED_FROM - 1)
    mapped = read_private(large)
    assert type(mapped) is mmap.mmap and mapped[:] == large.read_bytes() and len(mapped) >= MAPPED_FROM
    assert read_entry(large, b"magic\n") == value and read_entry(large, b"other\n") is None
    # another run writes the entry again: this one's map still holds what it mapped
    write_atomically(folder, large, marshalled({"words": []}, b"magic\n"))
    assert mapped[:6] == b"magic\n" and len(mapped[:]) > MAPPED_FROM and read_entry(large, b"magic\n") == {"words": []}
    # what is refused read is refused mapped: a link, a file others may write, a damaged entry
    write_atomically(folder, large, marshalled(value, b"magic\n"))
    link = folder / "link.bin"
    link.symlink_to(large)
    assert read_private(link) is None
    damaged = bytearray(large.read_bytes())
    damaged[-1] ^= 1
    write_atomically(folder, large, bytes(damaged))
    assert read_entry(large, b"magic\n") is None
    os.chmod(large, 0o666)
    assert read_private(large) is None
