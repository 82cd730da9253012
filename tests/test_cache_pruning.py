"""The user's cache folder is pruned of entries no run has used for a while
(mtcheck/language/cache_pruning.py), and of nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from mtcheck.language.cache_pruning import CACHE_FOLDERS, MAX_IDLE_DAYS, prune, prune_when_due
from mtcheck.language.user_cache import is_private
from tests.conftest import REPO

DAY = 24 * 60 * 60
NOW = time.time()


def _file(path: Path, used_days_ago: float, written_days_ago: float | None = None) -> Path:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_bytes(b"entry")
    written = used_days_ago if written_days_ago is None else written_days_ago
    os.utime(path, (NOW - used_days_ago * DAY, NOW - written * DAY))
    return path


def test_entries_idle_for_a_month_go_and_everything_else_stays(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    idle = _file(root / "string-lists-4" / "old-list.bin", MAX_IDLE_DAYS + 10)
    idle_of_an_old_format = _file(root / "compiled-patterns-6" / "regex-1.bin", MAX_IDLE_DAYS + 1)
    idle_parsed = _file(root / "parsed-yaml-5" / "0104101d-136.entry", MAX_IDLE_DAYS + 1)
    read_lately = _file(root / "string-lists-4" / "read.bin", 2, written_days_ago=MAX_IDLE_DAYS + 10)
    written_lately = _file(root / "word-tables-2" / "new.bin", 0)
    left_by_a_killed_run = _file(root / "word-tables-2" / ".entry.4242.1.tmp", 2)
    being_written = _file(root / "word-tables-2" / ".entry.4243.1.tmp", 0.01)
    # Not mtcheck's: another name, another folder, a folder others can write to, through a link.
    not_an_entry = _file(root / "string-lists-4" / "notes.txt", MAX_IDLE_DAYS + 10)
    not_a_cache_folder = _file(root / "photos" / "holiday.bin", MAX_IDLE_DAYS + 10)
    shared = _file(root / "word-indexes-1" / "index.bin", MAX_IDLE_DAYS + 10)
    os.chmod(root / "word-indexes-1", 0o777)
    elsewhere = _file(tmp_path / "elsewhere" / "kept.bin", MAX_IDLE_DAYS + 10)
    os.symlink(tmp_path / "elsewhere", root / "bytecode-1")

    assert prune(root, is_private, NOW) == 4
    gone = [idle, idle_of_an_old_format, idle_parsed, left_by_a_killed_run]
    kept = [read_lately, written_lately, being_written, not_an_entry, not_a_cache_folder, shared, elsewhere]
    assert [path.exists() for path in gone] == [False] * len(gone)
    assert [path.exists() for path in kept] == [True] * len(kept)


def test_a_cache_folder_is_pruned_once_a_day(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    first = _file(root / "string-lists-4" / "first.bin", MAX_IDLE_DAYS + 1)
    assert prune_when_due(root, is_private, NOW) == 1 and not first.exists()
    second = _file(root / "string-lists-4" / "second.bin", MAX_IDLE_DAYS + 1)
    assert prune_when_due(root, is_private, NOW + DAY / 2) == 0 and second.exists()  # pruned less than a day ago
    assert prune_when_due(root, is_private, NOW + DAY + 1) == 1 and not second.exists()


def test_a_missing_or_unwritable_cache_folder_is_left_alone(tmp_path: Path) -> None:
    assert prune_when_due(tmp_path / "no such folder", is_private, NOW) == 0
    if os.geteuid() == 0:
        return  # root writes anywhere: no unwritable folder to try
    root = tmp_path / "cache"
    idle = _file(root / "string-lists-4" / "idle.bin", MAX_IDLE_DAYS + 1)
    os.chmod(root, 0o500)
    try:
        assert prune_when_due(root, is_private, NOW) == 0 and idle.exists()
    finally:
        os.chmod(root, 0o700)


def _check_in_a_fresh_process(cache: Path) -> None:
    environment = {**os.environ, "PYTHONPATH": str(REPO), "MTCHECK_CACHE_DIR": str(cache)}
    command = [
        sys.executable,
        "-m",
        "mtcheck",
        "check",
        "--fail-on",
        "never",
        str(REPO / "examples" / "sample-article.txt"),
    ]
    subprocess.run(command, check=True, capture_output=True, env=environment, cwd=REPO)


def test_a_run_that_builds_entries_prunes_and_makes_only_folders_it_prunes(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    idle = _file(cache / "string-lists-4" / "from-an-old-version.bin", MAX_IDLE_DAYS + 1)
    _check_in_a_fresh_process(cache)  # a first run: it builds and writes its entries
    assert not idle.exists() and (cache / ".pruned").exists()
    made = sorted(path.name for path in cache.iterdir() if path.is_dir())
    assert made and all(CACHE_FOLDERS.fullmatch(name) for name in made), made
    entries = [path for name in made for path in (cache / name).iterdir()]
    assert entries and all(path.name.endswith((".bin", ".entry")) for path in entries)
    # A run that builds nothing (every entry read back) prunes nothing, even when a day is past.
    (cache / ".pruned").unlink()
    idle_again = _file(cache / "string-lists-4" / "from-another-version.bin", MAX_IDLE_DAYS + 1)
    _check_in_a_fresh_process(cache)
    assert idle_again.exists() and not (cache / ".pruned").exists()


def test_a_stamp_that_is_a_link_is_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    idle = _file(root / "string-lists-4" / "idle.bin", MAX_IDLE_DAYS + 1)
    target = _file(tmp_path / "someone-elses-file", 100)
    before = target.stat().st_mtime
    os.symlink(target, root / ".pruned")
    assert prune_when_due(root, is_private, NOW) == 0 and idle.exists() and target.stat().st_mtime == before


def test_a_temporary_file_the_cache_makes_is_one_pruning_knows(tmp_path: Path) -> None:
    from mtcheck.language import user_cache

    folder = tmp_path / "cache" / "word-tables-2"
    folder.mkdir(mode=0o700, parents=True)
    handle, temporary = user_cache._temporary_file(folder)
    os.close(handle)
    os.utime(temporary, (NOW - 2 * DAY, NOW - 2 * DAY))
    assert prune(tmp_path / "cache", is_private, NOW) == 1 and not os.path.exists(temporary)
