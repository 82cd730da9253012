"""Worker processes that end with the process they work for.

A run or a server stopped with SIGTERM or SIGKILL ends without a word to its worker processes,
which would otherwise wait for work for ever, each with its rules in memory (and, under
forkserver, keep the fork server alive too).
"""

from __future__ import annotations

import os
import select
import signal
import threading


def end_with(pid: int) -> None:
    """Called in a worker: it exits as soon as process `pid` has ended. Where processes can be
    watched (Linux 5.3 and later: a pidfd), a daemon thread waits for it; elsewhere nothing."""
    if not hasattr(os, "pidfd_open"):
        return
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:  # it has already ended
        os._exit(1)
    except OSError:  # a kernel without pidfds
        return
    watcher = threading.Thread(target=_exit_when_ended, args=(handle,), name="mtcheck-end-with", daemon=True)
    # Started with every signal blocked, which it keeps: signals still reach the main thread
    # alone (a time limit's SIGALRM interrupts the check's system calls, as before)
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
    try:
        watcher.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _exit_when_ended(handle: int) -> None:
    select.select([handle], [], [])  # a pidfd turns readable when its process ends
    os._exit(1)
