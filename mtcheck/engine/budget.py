"""CPU-time budgets: a rule that runs too long on hostile text gives up, and says so.

A rule's budget scales with the text it runs on (BASE_SECONDS plus SECONDS_PER_MB), and is
counted in CPU time with a profiling timer, so a busy machine does not make rules give up
where an idle one would not. The timer interrupts any Python code and any regular
expression (both `re` and `regex` check for signals while matching), so one budget covers
every pattern a rule runs, its clean-up patterns included. Where no timer can be used
(a thread other than the main one, a platform without setitimer), patterns fall back to
the regex module's own wall-clock timeout, scaled the same way.

A costly analysis several rules share (aligning the text with its source or its reference)
is not charged to whichever rule asks first: it runs once, with the rule's timer paused,
under a budget of its own that scales with all the text it reads; if it runs out, every
rule that needs it gives up at once, naming the analysis, instead of each trying again.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

BASE_SECONDS = 1.0  # CPU seconds any rule may take on any document
SECONDS_PER_MB = 4.0  # and this much more per million characters of text
WALL_CLOCK_FACTOR = 4  # without a CPU timer: wall-clock headroom for a loaded machine
# A shared analysis compares whole texts (sentence alignment, sentence-level scores).
ANALYSIS_BASE_SECONDS = 2.0
ANALYSIS_SECONDS_PER_MB = 20.0  # of all the text it reads: the document and its source or reference

T = TypeVar("T")


class BudgetExceeded(BaseException):
    """Raised inside the work that ran out of time. A BaseException, like KeyboardInterrupt,
    so that a check's `except Exception` cannot swallow it."""

    def __init__(self, seconds: float, analysis: str | None = None):
        super().__init__(f"over its budget of {seconds:.1f} s of CPU time")
        self.seconds = seconds
        self.analysis = analysis  # set when a shared analysis, not the rule itself, ran out


def seconds_for(characters: int) -> float:
    return BASE_SECONDS + SECONDS_PER_MB * characters / 1_000_000


_state = threading.local()


def _timer_usable() -> bool:
    usable = getattr(_state, "timer_usable", None)
    if usable is None:
        usable = _state.timer_usable = (
            hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
        )
    return usable


_handler_installed = False


def install_handler() -> None:
    """Make SIGPROF raise BudgetExceeded. The handler is set once and stays (setting one costs
    more than the timer itself); the checker calls this once per document, not once per rule,
    because reading a handler back costs more than arming the timer, and does it again on
    each document in case other code took the signal in between."""
    global _handler_installed
    if not _timer_usable():
        return
    if signal.getsignal(signal.SIGPROF) is not _exceeded:
        signal.signal(signal.SIGPROF, _exceeded)
    _handler_installed = True


class cpu_budget:  # noqa: N801 - used as a context manager, like a function
    """`with cpu_budget(seconds):` runs the block with at most `seconds` of CPU time, or
    raises BudgetExceeded. A class rather than a generator: a check arms some eighty."""

    __slots__ = ("_seconds", "_armed", "_rules")

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._armed = False

    def __enter__(self) -> None:
        if getattr(_state, "active", False) or not _timer_usable():
            return  # nested, or no timer here: the outer budget (or the patterns' own timeouts) apply
        if not _handler_installed:
            install_handler()
        # A one-shot timer: the first SIGPROF is the end (no RuleBudgets), inside a document's
        # rule budgets too (a shared analysis, run untimed, has a budget of its own).
        self._rules = getattr(_state, "rules", None)
        _state.active, _state.seconds, _state.rules = True, self._seconds, None
        self._armed = True
        signal.setitimer(signal.ITIMER_PROF, self._seconds)

    def __exit__(self, *exception: object) -> None:
        if self._armed:
            signal.setitimer(signal.ITIMER_PROF, 0)
            _state.active, _state.rules = False, self._rules
            self._armed = False


# A document's rules share one periodic timer (see RuleBudgets): a rule gives up on the tick
# that ends the TICKS_PER_BUDGET-th whole period it has run, after between one and 1 + 1 /
# TICKS_PER_BUDGET budgets of CPU time.
TICKS_PER_BUDGET = 8


class RuleBudgets:
    """Each of a document's rules run with a budget of `seconds` of CPU time, for two timer
    calls per document where arming a timer per rule took two per rule (a third of the fixed
    cost of a one-line document). The timer ticks every `seconds / TICKS_PER_BUDGET`; `start()`
    before a rule counts its ticks from zero, and the tick past TICKS_PER_BUDGET raises
    BudgetExceeded in the rule: it has then run TICKS_PER_BUDGET whole periods (the first tick
    may end a period begun before it started), at least `seconds`, and less than a period more.
    `stop()` after a rule: a tick between rules raises nothing. The whole document counts as
    under a budget (`pattern_timeout` gives none, a nested `cpu_budget` adds none); `untimed()`
    pauses the ticks, and a shared analysis's one-shot budget replaces them while it runs, as
    they did a rule's own timer. Usable once, as `with RuleBudgets(seconds) as budgets:`.
    (start and stop set two plain attributes: a thread-local's cost eight times as much, and
    they run twice per rule.)"""

    __slots__ = ("seconds", "ticks", "running", "_armed")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ticks = 0
        self.running = False
        self._armed = False

    def __enter__(self) -> RuleBudgets:
        if getattr(_state, "active", False) or not _timer_usable():
            return self  # nested, or no timer here: as cpu_budget (and start and stop change nothing that counts)
        install_handler()  # once per document: other code may have taken the signal in between
        _state.active, _state.seconds, _state.rules = True, self.seconds, self
        self._armed = True
        period = self.seconds / TICKS_PER_BUDGET
        signal.setitimer(signal.ITIMER_PROF, period, period)
        return self

    def start(self) -> None:
        self.ticks = 0
        self.running = True

    def stop(self) -> None:
        self.running = False

    def __exit__(self, *exception: object) -> None:
        self.running = False
        if self._armed:
            signal.setitimer(signal.ITIMER_PROF, 0)
            _state.active, _state.rules = False, None
            self._armed = False


def _exceeded(number: int, frame: object) -> None:
    if getattr(_state, "active", False):  # a stray SIGPROF outside any budget is ignored
        rules: RuleBudgets | None = _state.rules
        if rules is not None:  # a document's periodic timer
            if not rules.running:
                return  # between rules
            if rules.ticks < TICKS_PER_BUDGET:
                rules.ticks += 1
                return
            rules.running = False  # raised once, as by a one-shot timer: the next tick is no rule's
            raise BudgetExceeded(rules.seconds)
        raise BudgetExceeded(_state.seconds)


def pattern_timeout(characters: int) -> float | None:
    """The `timeout=` for a regex call on this much text: none under a CPU budget (the
    budget interrupts it), a scaled wall-clock limit otherwise."""
    if getattr(_state, "active", False):
        return None
    return seconds_for(characters) * WALL_CLOCK_FACTOR


def shared_analysis(cache: dict[str, Any], key: str, what: str, characters: int, compute: Callable[[], T]) -> T:
    """`compute()`, once per document (kept in `cache` under `key`), with the asking rule's
    timer paused and a budget of its own for `characters` of text; `what` names it when it
    runs out ("aligning with the reference")."""
    if key in cache:
        value = cache[key]
        if isinstance(value, BudgetExceeded):
            raise value
        return value
    seconds = ANALYSIS_BASE_SECONDS + ANALYSIS_SECONDS_PER_MB * characters / 1_000_000
    with untimed():
        try:
            with cpu_budget(seconds):
                value = compute()
        except BudgetExceeded:
            exceeded = cache[key] = BudgetExceeded(seconds, what)
            raise exceeded from None
    cache[key] = value
    return value


@contextmanager
def untimed() -> Iterator[None]:
    """The running rule's timer paused: for work done once per process (loading data a rule
    needs on first use), which should not count against the first document that asks, nor
    make a rule give up on a slow machine where a fast one would not."""
    if not getattr(_state, "active", False) or not _timer_usable():
        yield
        return
    remaining, period = signal.setitimer(signal.ITIMER_PROF, 0)  # period: a document's RuleBudgets ticks
    seconds = _state.seconds
    _state.active = False
    try:
        yield
    finally:
        _state.active, _state.seconds = True, seconds
        signal.setitimer(signal.ITIMER_PROF, max(remaining, 0.001), period)
