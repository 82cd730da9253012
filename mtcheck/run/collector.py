"""Python's garbage collector around a one-shot command. Loading (imports, rule packs,
patterns) makes a few hundred thousand objects that live until the process ends, and no
garbage: each automatic collection while loading, and the interpreter's collections at exit,
only traverse them (6% of a cold `mtcheck check`). The entry point pauses collection while
loading; the first rule set built resumes it, with what loading made moved out of the
collector's sight (gc.freeze), so that documents are collected as before; at exit, what is
left is frozen too.

Only the entry point's `check` pauses: a library user, a server or another command never
runs with collection off.
"""

from __future__ import annotations

import gc

_paused = False


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
        gc.enable()


def skip_at_exit() -> None:
    """Leave every object to the end of the process: the interpreter's last collections
    would traverse them all for nothing."""
    gc.freeze()
