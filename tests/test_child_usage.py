"""The benchmarks' measure of a command (bench/child_usage.py): its own peak memory, not its parent's."""

from __future__ import annotations

import importlib.util
import sys

from tests.conftest import REPO

spec = importlib.util.spec_from_file_location("child_usage", REPO / "bench" / "child_usage.py")
assert spec is not None and spec.loader is not None
child_usage = importlib.util.module_from_spec(spec)
spec.loader.exec_module(child_usage)


def test_a_small_command_started_by_a_large_process_reports_its_own_peak() -> None:
    ballast = bytearray(300 * 2**20)  # this process, 300 MiB larger, every page touched
    ballast[::4096] = b"x" * len(ballast[::4096])
    small = child_usage.run([sys.executable, "-c", "pass"])
    large = child_usage.run([sys.executable, "-c", "b = bytearray(200 * 2**20); b[::4096] = b'x' * len(b[::4096])"])
    del ballast
    assert small.exit_code == 0 and small.peak < 60, small
    assert 200 < large.peak < 300, large
    assert small.cpu >= 0 and small.wall > 0
    # 200 MiB touched page by page: tens of thousands of page faults, counted as system time
    assert 0 < large.system <= large.cpu, large


def test_the_exit_code_and_errors_of_the_command_are_kept() -> None:
    usage = child_usage.run([sys.executable, "-c", "import sys; print('out'); sys.exit('bad input')"])
    assert usage.exit_code == 1 and usage.errors.strip() == "bad input"
