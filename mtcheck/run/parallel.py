"""Checking files in worker processes (`--jobs`): each worker builds the same session, and
results come back detached from their documents, in the order the files were given, so
the output is the same as a serial run's.

Worker processes are forked where the platform allows and no other thread runs
(start_method), after the parent has loaded every rule set the files need: a worker starts
with the rules in memory instead of loading them again. Anything a worker raises comes back
as text: an exception object that cannot be rebuilt in the parent would break the pool.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.synchronize import Event as EventType

from mtcheck.engine.findings import FileResult
from mtcheck.engine.settings import Settings
from mtcheck.files import InputError
from mtcheck.run import orphans
from mtcheck.run.report import detached
from mtcheck.run.session import Session

AUTO_ABOVE = 8  # files: with fewer, starting workers costs more than it saves
IN_FLIGHT_PER_WORKER = 4  # chunks submitted and not yet read, for each worker

_session: Session | None = None
_stop: EventType | None = None  # set by the run when it stops early


class WorkerError(RuntimeError):
    """A worker failed: the message carries its traceback."""

    @classmethod
    def reported(cls, report: str) -> WorkerError:
        """The error a worker reported as text: its first line, then its traceback."""
        summary, _, details = report.partition("\n")
        error = cls(summary)
        # The worker's traceback, shown with MTCHECK_DEBUG=1: as a note, or, before Python 3.11
        # (no notes), as the error's cause, which a traceback prints above the error.
        if sys.version_info >= (3, 11):
            error.add_note(details)
        else:
            error.__cause__ = WorkerTraceback(details.rstrip("\n"))
        return error


class WorkerTraceback(Exception):
    """What a worker raised, as the worker's traceback told it (Python 3.10: see WorkerError.reported)."""


def jobs_for(requested: int, files: int) -> int:
    """Worker processes for `files` files: as requested, or (0) one per available CPU when
    there are more than a handful of files, and never more than the files."""
    if requested == 0:
        available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        requested = available if files > AUTO_ABOVE else 1
    return max(1, min(requested, files))


def start_method() -> str:
    """How worker processes start: forked where the platform can and no other thread runs in
    this process (`mtcheck check` has none), so that a worker starts with the rules in memory.
    A fork copies only the thread that makes it: a lock another thread held at that moment (a
    library caller's, Dask's event loop in a test process) stays held in the worker for ever.
    Then the fork server (spawn where there is none), whose workers load the rules themselves."""
    methods = multiprocessing.get_all_start_methods()
    threading = sys.modules.get("threading")  # (not imported: no other thread)
    if "fork" in methods and (threading is None or threading.active_count() == 1):
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def checked_in_workers(session: Session, paths: list[str], jobs: int) -> Iterator[FileResult]:
    """Each path's result, in order; the workers' warnings are added to the session's."""
    for path in paths:  # configuration and pack errors surface here, as in a serial run
        session.checker(session.settings_for(path))
    context = multiprocessing.get_context(start_method())
    size = max(1, min(16, len(paths) // (jobs * 8)))
    chunks = [paths[start : start + size] for start in range(0, len(paths), size)]
    # concurrent.futures rather than multiprocessing.Pool: a worker that dies (killed, out of
    # memory) breaks the pool with an error where Pool waits for its result for ever, and
    # stopping early cannot deadlock, as Pool.terminate() can when a worker it kills holds
    # the lock of the results pipe.
    stop = context.Event()
    executor = ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start, initargs=(session.arguments, os.getpid(), stop)
    )
    pending: deque[tuple[list[str], Future]] = deque()
    try:
        for chunk in chunks:
            pending.append((chunk, executor.submit(_check_all, chunk)))
            while len(pending) > IN_FLIGHT_PER_WORKER * jobs:  # results wait in memory: keep them few
                yield from _results(session, *pending.popleft())
        while pending:
            yield from _results(session, *pending.popleft())
    finally:
        if pending:  # stopped early (a failure, the output closed): chunks not started are
            stop.set()  # dropped, and those running end after their current file
        executor.shutdown(wait=True, cancel_futures=True)


def _results(session: Session, chunk: list[str], future: Future) -> Iterator[FileResult]:
    try:
        outcomes = future.result()
    except BrokenProcessPool:
        # Killed from outside (the out-of-memory killer, by hand): not a bug in mtcheck, so one
        # line and exit 2, as for a Dask scheduler lost (mtcheck/run/cluster.py).
        raise InputError(
            chunk[0], "a worker process ended abruptly (killed, or out of memory?); checking stopped here"
        ) from None
    for outcome in outcomes:
        if isinstance(outcome, str):
            raise WorkerError.reported(outcome)
        result, warnings, settings = outcome
        session.warnings.extend(warnings)
        for used in settings:  # a source language detected in the worker: its rules count too
            session.checker(used)
        yield result


def _start(arguments: dict, parent: int, stop: EventType) -> None:
    global _session, _stop
    _stop = stop
    orphans.end_with(parent)  # a run stopped with SIGTERM alone (`timeout`) leaves no worker behind
    _session = Session(**arguments)


def _check_all(paths: list[str]) -> list[tuple[FileResult, list[str], list[Settings]] | str]:
    """A chunk's outcomes, up to the first failure (or until the run stops early)."""
    outcomes = []
    for path in paths:
        if _stop is not None and _stop.is_set():
            break
        outcomes.append(_check(path))
        if isinstance(outcomes[-1], str):
            break
    return outcomes


def _check(path: str) -> tuple[FileResult, list[str], list[Settings]] | str:
    session = _session
    assert session is not None, "the pool's initializer builds the session"
    try:
        # (check_path collects between files: a forked worker as its parent, mtcheck/run/collector.py)
        result = detached(session.check_path(path))
    except Exception as err:
        return f"checking {path} in a worker process failed: {type(err).__name__}: {err}\n{traceback.format_exc()}"
    warnings, session.warnings = session.warnings, []
    return result, warnings, session.used_settings()
