"""orphans.end_with: a worker process ends with the process it works for, and its watching
thread takes no signal away from the worker's main thread."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="no pidfds here (Linux 5.3 and later)")

# A process that watches SLEEPER with end_with, prints what its watching thread blocks, then
# waits: it must end when SLEEPER does.
_WATCHER = """
import os, signal, sys, threading, time
from mtcheck.run import orphans
orphans.end_with(int(sys.argv[1]))
watcher = next(t for t in threading.enumerate() if t.name == "mtcheck-end-with")
status = open(f"/proc/self/task/{watcher.native_id}/status").read()
blocked = int(status.split("SigBlk:")[1].split()[0], 16)
print(sorted(number for number in (signal.SIGALRM, signal.SIGINT, signal.SIGTERM) if blocked >> (number - 1) & 1))
print(sorted(signal.pthread_sigmask(signal.SIG_BLOCK, [])), flush=True)
time.sleep(60)
"""


def test_a_watcher_ends_with_the_process_it_watches_and_leaves_signals_to_the_main_thread():
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        watcher = subprocess.Popen(
            [sys.executable, "-c", _WATCHER, str(sleeper.pid)], cwd=REPO, stdout=subprocess.PIPE, text=True
        )
        assert watcher.stdout is not None
        thread_blocks, main_blocks = watcher.stdout.readline(), watcher.stdout.readline()
        assert thread_blocks.strip() == str(sorted([signal.SIGALRM, signal.SIGINT, signal.SIGTERM]))
        assert main_blocks.strip() == "[]"  # the main thread's mask is as it was
        sleeper.kill()
        assert watcher.wait(timeout=10) == 1
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_process_already_ended_ends_the_watcher_at_once():
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()  # reaped: its pid names no process now
    code = f"from mtcheck.run import orphans; orphans.end_with({ended.pid}); print('not ended')"
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stdout) == (1, "")
