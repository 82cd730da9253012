"""`--jobs`: files checked in worker processes give the same output, in the same order, as
one process; failures in a worker are reported, never lost."""

from __future__ import annotations

import ast
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.run import parallel
from tests.conftest import REPO, all_end_within

ARTICLES = sorted((REPO / "corpora" / "en").glob("*.txt")) + sorted((REPO / "corpora" / "en").glob("*.md"))


@pytest.fixture
def folder(tmp_path):
    for index, article in enumerate(ARTICLES * 2):  # enough files for several per worker
        shutil.copy(article, tmp_path / f"{index:02d}-{article.name}")
    return tmp_path


def _run(*args):
    return CliRunner().invoke(app, ["check", "--fail-on", "major", *args])


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "jsonl"])
def test_workers_give_the_serial_output(folder, output_format):
    serial = _run("--format", output_format, "-j", "1", str(folder))
    parallel_run = _run("--format", output_format, "-j", "2", str(folder))
    assert serial.exit_code == parallel_run.exit_code == 1  # the corpora hold major findings
    assert parallel_run.stdout == serial.stdout
    assert len(serial.stdout) > 1000


def test_a_config_error_is_reported_as_in_a_serial_run(folder):
    (folder / ".mtcheck.toml").write_text('selct = ["MT1"]\n', encoding="utf-8")
    serial, parallel_run = _run("-j", "1", str(folder)), _run("-j", "2", str(folder))
    assert serial.exit_code == parallel_run.exit_code == 2
    assert "did you mean 'select'?" in parallel_run.stderr
    assert parallel_run.stderr == serial.stderr


def test_a_failing_worker_fails_the_run_with_the_file_named():
    printed = _probe(
        'raise ValueError("broken on purpose")',
        files=300,
        rounds=1,
        show='repr(str(result.exception)), "|", repr("".join(traceback.format_exception(result.exception)))',
    )
    message, formatted = map(ast.literal_eval, printed[0].split(" | "))
    assert "in a worker process failed: ValueError: broken on purpose" in message and "\n" not in message
    # What MTCHECK_DEBUG=1 prints holds the worker's own frames, where the bug is (a note from
    # Python 3.11 on, the error's cause on 3.10)
    assert formatted.startswith("Traceback") and ", in broken\n" in formatted


# Runs `mtcheck check -j 2` on FILES small files in a fresh process, with Session.check_path
# replaced by BODY (forked workers inherit it), ROUNDS times; prints what each round raised.
_PROBE = """
import os, pathlib, signal, tempfile, time, traceback
from typer.testing import CliRunner
from mtcheck.cli import app
from mtcheck.run.session import Session

real = Session.check_path

def broken(self, path):
    BODY

Session.check_path = broken
with tempfile.TemporaryDirectory() as folder:
    for index in range(FILES):
        pathlib.Path(folder, f"{index:04d}.txt").write_text("The minister met officials in Kyiv on Monday.\\n")
    for _ in range(ROUNDS):
        result = CliRunner().invoke(app, ["check", "-j", "2", folder])
        last = (result.output.strip().splitlines() or [""])[-1]
        print(SHOW)
"""
_SHOW = 'type(result.exception).__name__, result.exception, "|", result.exit_code, last'  # a line per round


def _probe(body: str, files: int, rounds: int, show: str = _SHOW) -> list[str]:
    if "fork" not in parallel.multiprocessing.get_all_start_methods():
        pytest.skip("workers are spawned here, not forked: they do not see the patch")
    code = (
        _PROBE.replace("BODY", body).replace("FILES", str(files)).replace("ROUNDS", str(rounds)).replace("SHOW", show)
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120, check=True
    )
    return done.stdout.splitlines()


def test_a_failing_worker_never_hangs_the_run():
    # Large errors fill the pipe of results. multiprocessing.Pool, stopped early, deadlocked when
    # a worker it killed held that pipe's lock: here, in about one run of this test in three
    # (and one `mtcheck check -j 2` in eight on 300 files with 2 KB errors)
    printed = _probe('raise ValueError("broken on purpose " + "x" * 50_000)', files=3000, rounds=20)
    assert len(printed) == 20
    assert all(line.startswith("WorkerError checking ") and "ValueError: broken on purpose" in line for line in printed)


def test_a_worker_killed_stops_the_run_with_an_error():
    # A worker killed (out of memory, by hand) lost its task, and the run waited for it for ever.
    # Not a bug in mtcheck: one line naming where checking stopped, and exit 2 (as for a Dask
    # scheduler lost), not an internal error
    printed = _probe("os.kill(os.getpid(), signal.SIGKILL)", files=300, rounds=1)
    assert len(printed) == 1
    expected = (
        r"SystemExit 2 \| 2 mtcheck: error: \S+/0000\.txt: a worker process ended abruptly"
        r" \(killed, or out of memory\?\); checking stopped here"
    )
    assert re.fullmatch(expected, printed[0]), printed


def test_a_run_stopped_early_checks_no_more_than_the_files_in_hand(tmp_path):
    # The first file fails; the workers, 16 files a chunk and more chunks queued, stop after the
    # file they are on. (A whole run that failed on the first of 2,000 real files took 0.6 s when
    # it waited for the chunks in hand, 0.35 s now)
    log = tmp_path / "checked.log"
    body = (
        f"with open({str(log)!r}, 'a') as checked: checked.write(path + '\\n')\n"
        "    if path.endswith('0000.txt'): raise ValueError('broken on purpose')\n"
        "    time.sleep(0.05)\n"
        "    return real(self, path)"
    )
    printed = _probe(body, files=3000, rounds=1)
    assert len(printed) == 1 and printed[0].startswith("WorkerError checking ")
    checked = log.read_text().split()
    assert any(path.endswith("/0000.txt") for path in checked)
    assert len(checked) <= 12, (len(checked), checked[:3])  # 65 without the stop


def test_workers_end_when_the_run_is_stopped_with_sigterm(folder):
    # `timeout` and a cancelled CI job send SIGTERM to mtcheck alone: its workers must not live on
    psutil = pytest.importorskip("psutil", reason="psutil comes with language_tool_python")
    run = subprocess.Popen(
        [sys.executable, "-m", "mtcheck", "check", "-j", "2", str(folder)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        workers: list = []
        while len(workers) < 2 and run.poll() is None and time.monotonic() < deadline:
            workers = psutil.Process(run.pid).children()
            time.sleep(0.01)
        assert len(workers) == 2, "the run ended before two workers were seen"
        run.terminate()
        assert run.wait(30) == -signal.SIGTERM
        assert all_end_within(workers, 10)
    finally:
        run.kill()
        run.wait()


_BESIDE_A_THREAD = """
import sys, threading
from typer.testing import CliRunner
from mtcheck.cli import app
from mtcheck.run.parallel import start_method

alone = start_method()
held, release = threading.Lock(), threading.Event()
def hold():
    with held:  # taken for ever in any worker forked while this thread holds it
        release.wait()
threading.Thread(target=hold, daemon=True).start()
runs = [CliRunner().invoke(app, ["check", "--format", "json", "-j", jobs, sys.argv[1]]) for jobs in ("1", "2")]
print(alone, start_method(), *(run.exit_code for run in runs), runs[0].stdout == runs[1].stdout, len(runs[0].stdout))
"""


def test_workers_are_not_forked_beside_another_thread(folder):
    # A fork copies only its own thread: a lock another thread holds stays held in the worker.
    # With a thread running, the workers come from the fork server, and give the same output
    if "fork" not in parallel.multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    done = subprocess.run(
        [sys.executable, "-c", _BESIDE_A_THREAD, str(folder)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
        check=True,
    )
    alone, beside, serial, parallel_run, same, length = done.stdout.split()
    assert (alone, beside) == ("fork", "forkserver")
    assert (serial, parallel_run, same) == ("1", "1", "True") and int(length) > 1000


@pytest.mark.parametrize(
    "requested, files, expected",
    [(1, 100, 1), (4, 2, 2), (3, 100, 3), (0, 3, 1), (0, parallel.AUTO_ABOVE, 1)],
)
def test_how_many_workers(requested, files, expected):
    assert parallel.jobs_for(requested, files) == expected


def test_by_default_every_cpu_works_on_many_files(monkeypatch):
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    assert parallel.jobs_for(0, 100) == 3
