"""Checking on a Dask cluster (`mtcheck check --dask ADDRESS`; mtcheck/dask.py for Python).

The client reads the inputs and resolves their settings (configuration, options), so that
workers need neither the files nor the configuration: only mtcheck, at the client's version.
Each worker process builds one checker per settings on first use and keeps it, so the rule
set loads once per worker, not once per task. Documents travel in batches, a bounded number
in flight, and results come back in the input order: the output is a serial run's and the
client's memory stays flat however large the corpus.

Dask (`pip install "mtcheck[dask]"`) is imported only when a cluster is used.
"""

from __future__ import annotations

import threading
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mtcheck import __version__
from mtcheck.engine.findings import FileResult
from mtcheck.engine.settings import Settings
from mtcheck.files import InputError
from mtcheck.run.api import Checker
from mtcheck.run.parallel import WorkerError
from mtcheck.run.records import Record, RecordFields, check_record, corpus_checker, records_to_check
from mtcheck.run.report import detached
from mtcheck.run.session import PreparedText, Session, ruleset_for

if TYPE_CHECKING:
    from distributed import Client

CONNECT_SECONDS = 10.0  # an unreachable scheduler, or one without workers, is an error after this
BATCH = 32  # documents per task: a task costs about a millisecond to schedule, a news document 5-50 ms to check
IN_FLIGHT_PER_THREAD = 4  # batches queued per worker thread: enough to keep every worker busy

# The worker process's checkers, by settings; one lock, because a session is not thread-safe
# (a worker with several threads checks one batch at a time: checking holds the GIL anyway).
worker_lock = threading.RLock()
_checkers: dict[Settings, Checker] = {}
_built = 0
_tasks = 0


def worker_checker(settings: Settings) -> Checker:
    """This process's checker for these settings, built on first use."""
    global _built
    with worker_lock:
        checker = _checkers.get(settings)
        if checker is None:
            checker = _checkers[settings] = Checker.for_settings(settings, allow_timeouts=True)
            _built += 1
        return checker


@contextmanager
def worker_task() -> Iterator[None]:
    """One task's checking, counted, one at a time in the process."""
    global _tasks
    with worker_lock:
        _tasks += 1
        yield


def worker_state() -> dict[str, int]:
    """How many tasks this process has run, and how many checkers and rule sets it has built."""
    return {"tasks": _tasks, "checkers": _built, "rule_sets": ruleset_for.cache_info().misses}


@dataclass(frozen=True)
class RecordJob:
    """One record of a corpus, to check on a worker as the serial run checks it."""

    settings: Settings
    display: str
    fields: RecordFields
    record: Record

    @property
    def name(self) -> str:
        return f"{self.display}#{self.record.id}"

    def checked(self) -> FileResult:
        return check_record(worker_checker(self.settings), self.display, self.record, self.fields)


@dataclass(frozen=True)
class TextJob:
    """One file, read and resolved on the client, to check on a worker."""

    prepared: PreparedText

    @property
    def settings(self) -> Settings:
        return self.prepared.settings

    @property
    def name(self) -> str:
        return self.prepared.display

    def checked(self) -> FileResult:
        return worker_checker(self.prepared.settings).session.check_text(*self.prepared)


Job = RecordJob | TextJob | FileResult  # a result is passed back as it is: it keeps its place in the order
Checking = Callable[[str], Iterator[FileResult] | None]  # a file's results checked on the client, or None
Outcome = tuple[FileResult, list[str], list[Settings]]  # the result, the worker's warnings, the settings it used


def check_batch(batch: list[Job]) -> list[Outcome] | str:
    """A worker's task: each job's detached result; anything raised comes back as text (an
    exception that cannot be rebuilt on the client would be lost)."""
    name = "?"
    try:
        with worker_task():
            outcomes: list[Outcome] = []
            for job in batch:
                if isinstance(job, FileResult):
                    outcomes.append((job, [], []))
                    continue
                name = job.name
                result = detached(job.checked())
                session = worker_checker(job.settings).session
                warnings, session.warnings = session.warnings, []
                outcomes.append((result, warnings, session.used_settings()))
            return outcomes
    except Exception as err:
        return f"checking {name} on a Dask worker failed: {type(err).__name__}: {err}\n{traceback.format_exc()}"


def _mtcheck_version() -> str:
    return __version__


def connect(address: str) -> Client:
    """A client of the scheduler at `address`, with at least one worker that runs this
    version of mtcheck; InputError, in at most about 2 × CONNECT_SECONDS, otherwise."""
    try:
        from distributed import Client
    except ImportError:
        raise InputError(address, 'checking on a Dask cluster needs dask: pip install "mtcheck[dask]"') from None
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import backends

    try:  # before a client exists: one made with a bad address takes 20 s to give up when collected
        scheme, location = parse_address(address)
        if scheme not in backends:
            raise ValueError(f"no protocol {scheme!r}; Dask has {', '.join(sorted(backends))}")
        if scheme in ("tcp", "tls"):
            parse_host_port(location)
    except ValueError as err:
        raise InputError(
            address, f"not a Dask scheduler address such as tcp://host:8786 ({_first_line(err)})"
        ) from None
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as err:
        raise InputError(address, f"cannot reach the Dask scheduler ({_first_line(err)})") from None
    try:
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        versions = set(client.run(_mtcheck_version).values())
    except TimeoutError:
        client.close()
        raise InputError(address, f"the Dask scheduler has no workers (waited {CONNECT_SECONDS:g} s)") from None
    except Exception as err:  # mtcheck missing on a worker: the task cannot even be unpickled there
        client.close()
        raise InputError(address, f"the Dask workers cannot run mtcheck ({_first_line(err)})") from None
    if versions != {__version__}:
        client.close()
        theirs = ", ".join(sorted(versions))
        raise InputError(address, f"the Dask workers run mtcheck {theirs}, this is {__version__}: install the same")
    return client


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def in_order(client: Client, jobs: Iterable[Job], address: str) -> Iterator[Outcome]:
    """Each job's outcome, in the jobs' order, checked on the cluster in batches, with at
    most IN_FLIGHT_PER_THREAD batches per worker thread submitted and not yet read."""
    from concurrent.futures import CancelledError

    threads = sum(client.nthreads().values()) or 1
    limit = IN_FLIGHT_PER_THREAD * threads
    pending: deque[Any] = deque()  # futures of batches, oldest first
    batch: list[Job] = []

    def oldest() -> list[Outcome]:
        try:
            outcomes = pending.popleft().result()
        except (OSError, CancelledError, TimeoutError) as err:
            raise InputError(address, f"lost the Dask scheduler ({_first_line(err)})") from None
        if isinstance(outcomes, str):
            raise WorkerError.reported(outcomes)
        return outcomes

    for job in jobs:
        batch.append(job)
        if len(batch) >= BATCH:
            pending.append(client.submit(check_batch, batch, pure=False))
            batch = []
            while len(pending) > limit:
                yield from oldest()
    if batch:
        pending.append(client.submit(check_batch, batch, pure=False))
    while pending:
        yield from oldest()


def jobs_for(
    session: Session, path: str, records_format: str | None, fields: RecordFields, here: Checking | None = None
) -> Iterator[Job]:
    """A file, or the records of a corpus, as jobs for workers (what cannot be checked, as its
    result); `here(path)` gives the results of a file checked on the client, or None."""
    checked_here = here(path) if here is not None else None
    if checked_here is not None:
        yield from (detached(result) for result in checked_here)
        return
    if records_format is None:
        text = session.read_path(path)
        prepared = text if isinstance(text, FileResult) else session.prepared(path, text, from_disk=True)
        yield prepared if isinstance(prepared, FileResult) else TextJob(prepared)
        return
    checker, display = corpus_checker(session, path)
    for item in records_to_check(checker, path, display, fields, records_format):
        yield item if isinstance(item, FileResult) else RecordJob(checker.settings, display, fields, item)


def checked_on_cluster(
    session: Session,
    inputs: Iterable[tuple[str, str | None]],
    fields: RecordFields,
    address: str,
    here: Checking | None = None,
) -> Iterator[FileResult]:
    """The result of each (path, records format or None) input, each record's for a corpus,
    in order, checked on the cluster at `address` (or on the client, for the files `here`
    checks: bilingual files); the workers' warnings join the session's."""
    client = connect(address)
    try:
        jobs = (job for path, records_format in inputs for job in jobs_for(session, path, records_format, fields, here))
        for result, warnings, used in in_order(client, jobs, address):
            session.warnings.extend(warnings)
            for settings in used:  # a source language detected on a worker: its rules count too (SARIF)
                session.checker(settings)
            yield result
    finally:
        client.close()
