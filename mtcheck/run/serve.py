"""`mtcheck serve`: a LanguageTool-compatible HTTP server (pip install "mtcheck[serve]").

Any LanguageTool client (language_tool_python, LTeX, browser extensions, CMS plugins) pointed
at it gets mtcheck's findings. The protocol is `mtcheck/run/languagetool.py`; this module is
the ASGI application (Starlette, served by uvicorn) and its limits:

- Checks run in worker processes, never on the event loop: they are CPU-bound Python, which
  threads would not run in parallel, and a worker's main thread keeps mtcheck's CPU budgets
  (a profiling timer, usable only there). Each worker loads its rule sets once.
- A request's plain text is at most `max_text_length` UTF-16 code units (413), its body a
  bounded multiple of that (413, read no further); a check that runs longer than
  `max_check_seconds` is stopped in its worker (500, as LanguageTool answers a timeout);
  a client address may send `requests_per_minute` requests (429); at most `max_queue`
  requests wait for a worker (503). Errors are LanguageTool's plain-text "Error: ..." bodies.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from mtcheck.run import languagetool, orphans
from mtcheck.run.languagetool import CheckRequest, Limits, RequestError

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
MAX_FIELDS = 100  # form fields in one request


@dataclass(frozen=True)
class ServerLimits:
    max_text_length: int = 100_000  # UTF-16 code units of plain text (LanguageTool's count)
    max_check_seconds: float = 20.0
    requests_per_minute: int = 1200  # from one client address; 0: no limit
    max_queue: int = 500  # requests waiting for a worker
    workers: int = 0  # checking processes; 0: one per CPU, at most 4

    @property
    def max_body_bytes(self) -> int:
        # A character of text percent-encoded as UTF-8 takes up to 9 bytes per UTF-16 unit
        # ("%E4%B8%AD"); annotated text adds its markup and JSON.
        return 12 * self.max_text_length + 65_536

    @property
    def worker_count(self) -> int:
        return self.workers or max(1, min(4, os.cpu_count() or 1))


class RateLimiter:
    """At most `per_minute` requests per client address in each minute (a fixed window)."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self._windows: dict[str, tuple[float, int]] = {}

    def retry_after(self, client: str, now: float) -> float | None:
        """None when the request may go ahead (it is counted); else the seconds to wait."""
        if self.per_minute <= 0:
            return None
        start, count = self._windows.get(client, (now, 0))
        if now - start >= 60:
            start, count = now, 0
        if count >= self.per_minute:
            return 60 - (now - start)
        self._windows[client] = (start, count + 1)
        if len(self._windows) > 10_000:  # forget addresses whose minute is over
            self._windows = {key: value for key, value in self._windows.items() if now - value[0] < 60}
        return None


class _Expired(BaseException):
    """A check ran past the request's time limit (raised by the worker's alarm)."""


_alarm_armed = False


def _on_alarm(signum: int, frame: Any) -> None:
    if _alarm_armed:
        raise _Expired


def _start_worker(server: int) -> None:
    orphans.end_with(server)  # the server killed: its workers (and the fork server) end too
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops its workers
    signal.signal(signal.SIGALRM, _on_alarm)
    languagetool.warm_up()


def _worker_pid() -> int:
    return os.getpid()


def _check_in_worker(request: CheckRequest, seconds: float) -> tuple[int, Any]:
    """(200, answer) or (status, error text): exceptions do not cross back to the server."""
    global _alarm_armed
    _alarm_armed = True
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        answer = languagetool.check(request)
        _alarm_armed = False
        return 200, answer
    except _Expired:
        return 500, (
            f"Checking took longer than {seconds:g} seconds, which is this server's limit. "
            "Please make sure you have selected the proper language or consider submitting a shorter text."
        )
    except RequestError as err:
        return err.status, str(err)
    except Exception as err:  # a bug: the client gets one line, the worker goes on
        return 500, f"Internal Error: {type(err).__name__}: {err}"
    finally:
        _alarm_armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)


class Workers:
    """The pool of checking processes, with a bounded number of requests in it."""

    def __init__(self, limits: ServerLimits):
        self.limits = limits
        self.pending = 0  # submitted and not finished (a request whose client left still counts)
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        methods = multiprocessing.get_all_start_methods()
        # Not fork: the server's event loop and, after a restart, its listening socket would be copied.
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        self._pool = ProcessPoolExecutor(
            self.limits.worker_count, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
        )

    async def ready(self) -> None:
        """Start every worker and wait until each has loaded its rules."""
        pool = self._started()
        await asyncio.gather(*(asyncio.wrap_future(pool.submit(_worker_pid)) for _ in range(self.limits.worker_count)))

    def stop(self, wait: bool = True) -> None:
        """Stop the workers (waiting for them, so that none outlives the server)."""
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self.start()
        assert self._pool is not None
        return self._pool

    async def check(self, request: CheckRequest) -> dict[str, Any]:
        if self.pending >= self.limits.worker_count + self.limits.max_queue:
            raise RequestError(503, "There are currently too many parallel requests. Please try again later.")
        loop = asyncio.get_running_loop()
        try:
            future: Future = self._started().submit(_check_in_worker, request, self.limits.max_check_seconds)
        except BrokenProcessPool:
            self._restart()
            raise RequestError(500, "Internal Error: a checking process died; the workers were restarted") from None
        self.pending += 1
        future.add_done_callback(lambda _: loop.call_soon_threadsafe(self._finished))
        try:
            status, answer = await asyncio.wrap_future(future)
        except BrokenProcessPool:
            self._restart()
            raise RequestError(500, "Internal Error: a checking process died; the workers were restarted") from None
        if status != 200:
            raise RequestError(status, answer)
        return answer

    def _finished(self) -> None:
        self.pending -= 1

    def _restart(self) -> None:
        self.stop(wait=False)  # a broken pool: its workers are gone or going
        self.start()


async def _form(request: Request, limits: ServerLimits) -> dict[str, str]:
    """The request's parameters: the form-encoded body, then the query string (as LanguageTool
    reads them), the body read no further than the limit."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limits.max_body_bytes:
        raise _too_large(limits)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limits.max_body_bytes:
            raise _too_large(limits)
    params: dict[str, str] = {}
    try:
        for source in (bytes(body).decode("utf-8"), request.url.query):
            params.update(
                parse_qsl(source, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=MAX_FIELDS)
            )
    except UnicodeDecodeError as err:
        raise RequestError(400, f"The request is not valid UTF-8 (byte 0x{err.object[err.start]:02x})") from None
    except ValueError:
        raise RequestError(400, f"Too many parameters (at most {MAX_FIELDS})") from None
    return params


def _too_large(limits: ServerLimits) -> RequestError:
    return RequestError(
        413, f"Your text's length exceeds this server's hard limit of {limits.max_text_length} characters."
    )


def create_app(limits: ServerLimits = ServerLimits(), allow_origin: str | None = None) -> Starlette:
    workers = Workers(limits)
    rate = RateLimiter(limits.requests_per_minute)
    protocol_limits = Limits(limits.max_text_length)

    async def check(request: Request) -> Response:
        client = request.client.host if request.client else "-"
        try:
            wait = rate.retry_after(client, time.monotonic())
            if wait is not None:
                raise RequestError(
                    429,
                    f"Access from {client} denied: more than {limits.requests_per_minute} requests per minute",
                    {"Retry-After": str(max(1, round(wait)))},
                )
            params = await _form(request, limits)
            answer = await workers.check(languagetool.read_request(params, protocol_limits))
        except RequestError as err:
            return _error(err)
        return JSONResponse(answer)

    async def languages(request: Request) -> Response:
        return JSONResponse(languagetool.languages())

    async def healthcheck(request: Request) -> Response:
        return PlainTextResponse("OK")

    async def max_text_length(request: Request) -> Response:
        return PlainTextResponse(str(limits.max_text_length))

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        if status == 404:
            text = f"Unsupported action: '{request.url.path}'. This server answers /v2/check and /v2/languages"
        else:
            text = exc.detail if isinstance(exc, HTTPException) else "Internal Error"
        return _error(RequestError(status, text))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        workers.start()
        await workers.ready()
        yield
        workers.stop()

    middleware = []
    if allow_origin:
        middleware.append(Middleware(CORSMiddleware, allow_origins=[allow_origin], allow_methods=["GET", "POST"]))
    app = Starlette(
        routes=[
            Route("/v2/check", check, methods=["GET", "POST"]),
            Route("/v2/languages", languages, methods=["GET"]),
            Route("/v2/healthcheck", healthcheck, methods=["GET"]),
            Route("/v2/maxtextlength", max_text_length, methods=["GET"]),
        ],
        exception_handlers={HTTPException: http_error, Exception: http_error},
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.workers = workers
    return app


def _error(err: RequestError) -> Response:
    return PlainTextResponse(err.body, status_code=err.status, headers=err.headers)


def serve(
    host: str = "127.0.0.1", port: int = 8081, limits: ServerLimits = ServerLimits(), allow_origin: str | None = None
) -> None:
    """Run the server until interrupted."""
    import uvicorn

    if host not in LOCAL_HOSTS:
        print(
            f"mtcheck serve: warning: listening on {host}: other machines can reach this server "
            "(it has no authentication); use --host 127.0.0.1 to keep it local",
            file=sys.stderr,
        )
    config = uvicorn.Config(
        create_app(limits, allow_origin),
        host=host,
        port=port,
        # uvicorn answers 503 itself past this many open connections and requests
        limit_concurrency=limits.worker_count + limits.max_queue + 64,
        timeout_keep_alive=5,
        access_log=False,
        log_level="info",
    )
    uvicorn.Server(config).run()
