"""The user's cache folder: where platformdirs puts it, found without importing platformdirs
in the common case."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize(
    "environment",
    [{"HOME": "/home/reader"}, {"HOME": "/home/reader", "XDG_CACHE_HOME": "/var/tmp/xdg"}, {"HOME": "relative"}],
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
