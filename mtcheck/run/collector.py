"""Python's garbage collector around a one-shot command. Loading (imports, rule packs,
patterns) makes a few hundred thousand objects that live until the process ends, and no
garbage: each automatic collection while loading, and the interpreter's collections at exit,
only traverse them (6% of a cold `mtcheck check`). The entry point pauses collection while
loading; the first rule set built resumes it, with what loading made moved out of the
collector's sight (gc.freeze), so that documents are collected as before; at exit, what is
left is frozen too.

While checking, nothing is collected during a file's check, and between two files only once
YOUNG_OBJECTS new containers are left over (collect_between_files). A document's words, sentences
and findings are tens of thousands of tuples and lists, none of them in a cycle, freed by their
reference counts when the file's result is detached from its document; every collection while
they are alive only traversed them: Python's default collected 36 times in a check of the WMT22
de-en reference A and found nothing (12 ms, 2-3 % of the whole run's CPU); a collection every
20,000 new containers still cost 3.7 % (the words' first collection, once they are built).
Between files, a collection traverses what outlived its file: a few cached tables and the
cycles, if any, which are freed there. It runs before the next file is read, not after a file's
report: the last file's document is never freed one object at a time (hold_to_the_end), as
the process ends at once after it (exit_at_once). Freeing the document of the WMT22 de-en
reference A cost as much as two of its rules.

Only the entry point's `check` pauses: a library user, a server or another command never
runs with collection off.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys

_paused = False  # the entry point's check paused collection while loading
_between_files = False  # since its rules were loaded: collected between files only
_held: object = None  # the last file's result and its document, until the next file (hold_to_the_end)
YOUNG_OBJECTS = 20_000  # containers left over from checked files that start a collection between two


def pause_while_loading() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_after_loading() -> None:
    """Called once the rules of a run are loaded: what loading made is moved out of the
    collector's sight, and (where the entry point paused collection) collection runs between
    files from now on."""
    global _paused, _between_files
    if _paused:
        _paused = False
        _between_files = True
        gc.freeze()


def hold_to_the_end(result: object) -> None:
    """Keep a file's result, and with it its document, until the next file is checked (only
    where collection runs between files): after the last file, the process ends with it."""
    global _held
    if _between_files:
        _held = result


def is_held(result: object) -> bool:
    """Is this the result hold_to_the_end keeps (whose document the next file's check frees)?"""
    return result is _held


def collect_between_files() -> None:
    """Before a file is checked: free what the file before it left held (hold_to_the_end),
    then collect what the files checked so far left in cycles, once they left YOUNG_OBJECTS
    containers (only where collection runs between files: resume_after_loading)."""
    global _held
    _held = None
    if _between_files and gc.get_count()[0] >= YOUNG_OBJECTS:
        gc.collect(1)


def skip_at_exit() -> None:
    """Leave every object to the end of the process: the interpreter's last collections
    would traverse them all for nothing."""
    gc.freeze()


def exit_at_once(code: int | str | None) -> None:
    """End the `mtcheck` script's process as sys.exit(code) would, without the interpreter's teardown:
    the exit functions run (they save the caches) and the output is flushed, then the process
    ends. Freeing every module, cache and word list one by one cost 10 M instructions after
    an empty file and 21 M after the WMT22 de-en reference A, for memory the system frees at
    once anyway. Where anything else could still need the teardown (another thread, a pool of
    workers, a code that is a message), or the flush fails, it raises SystemExit as before."""
    threading = sys.modules.get("threading")
    if (
        (code is not None and not isinstance(code, int))
        or (threading is not None and threading.active_count() > 1)
        or "concurrent.futures.process" in sys.modules
        or "multiprocessing" in sys.modules
    ):
        raise SystemExit(code)
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken stream: the interpreter's own exit reports it
        raise SystemExit(code) from None
    os._exit(code or 0)
