"""One command's own CPU time, wall time and peak memory, for the benchmarks.

Linux counts in a child's peak resident memory (wait4's ru_maxrss) the pages of the process it
was forked from, up to its exec: a benchmark that has read and written its inputs holds tens of
MB by then, and a small command reported the benchmark's size instead of its own (every tool
"42 MiB" on the 5 KB article). So each command is started by a helper, a bare interpreter of a
few MB (its size is the floor of what can be reported), which waits for the command and reports
the command's usage alone.
"""

from __future__ import annotations

import subprocess
import sys
from typing import NamedTuple

# Runs with -I -S: no site packages, no user paths, nothing imported that the helper does not use.
_HELPER = """
import os, sys, time
quiet = os.open(os.devnull, os.O_WRONLY)
started = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, quiet, 1)])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
print(os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss, usage.ru_stime)
"""


class Usage(NamedTuple):
    exit_code: int
    cpu: float  # seconds, user + system
    wall: float  # seconds
    peak: float  # MiB
    errors: str  # what the command wrote to its standard error
    system: float  # seconds of `cpu` spent in the kernel (on a first run, mostly page faults)


def run(command: list[str], environment: dict[str, str] | None = None, cwd: str | None = None) -> Usage:
    """Run `command` (its output discarded, its errors kept) and measure it."""
    helper = subprocess.run(
        [sys.executable, "-I", "-S", "-c", _HELPER, *command],
        env=environment,
        cwd=cwd,
        capture_output=True,
        check=False,
    )
    *_, report = helper.stdout.decode().splitlines() or [""]
    fields = report.split()
    if len(fields) != 5:
        raise SystemExit(f"could not run {command[0]}: {helper.stderr.decode(errors='replace').strip()}")
    code, cpu, wall, peak_kib, system = fields
    errors = helper.stderr.decode(errors="replace")
    return Usage(int(code), float(cpu), float(wall), int(peak_kib) / 1024, errors, float(system))
