"""Python's garbage collector around a one-shot command. Loading (imports, rule packs,
patterns) makes a few hundred thousand objects that live until the process ends, and no
garbage: each automatic collection while loading, and the interpreter's collections at exit,
only traverse them (6% of a cold `mtcheck check`). The entry point pauses collection while
loading; the first rule set built resumes it, with what loading made moved out of the
collector's sight (gc.freeze), so that documents are collected as before; at exit, what is
left is frozen too.

While checking, a collection runs every YOUNG_OBJECTS new containers, not every 700: a
document's words, sentences and findings are tens of thousands of tuples and lists, nearly
none of them in a cycle: the default collected 36 times in a check of the WMT22 de-en reference
A and found nothing, 12 ms, 2-3 % of the whole run's CPU (bench/throughput-2026-12-03.md).
The cycles that do form are still collected, a few hundred kilobytes later.

Only the entry point's `check` pauses: a library user, a server or another command never
runs with collection off.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys

_paused = False
YOUNG_OBJECTS = 20_000  # new containers between two collections while checking (Python's default: 700)


def pause_while_loading() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_after_loading() -> None:
    """Collect again (a no-op unless paused); called once the rules of a run are loaded."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])
        gc.enable()


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
