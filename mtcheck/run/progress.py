"""A progress bar for long runs on a terminal: files done, findings so far, time left.

Shown on standard error only when it is a terminal, for the text format, without --quiet,
and only once a run has lasted half a second (a quick run never flashes a bar). While the
bar is up, lines for the terminal are printed through it, above the bar, so that the two
do not overwrite each other; lines going to a file or a pipe are written as they come.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO, Any

SHOW_AFTER = 0.5  # seconds


def wanted(output_format: str, quiet: bool, stderr: IO[str] | None = None) -> bool:
    """A bar only for people: a terminal on stderr, the text format, not --quiet."""
    stream = sys.stderr if stderr is None else stderr
    return output_format == "text" and not quiet and stream.isatty()


class ProgressBar:
    """Counts results as they come; draws the bar (rich, imported only here) once the run is slow."""

    def __init__(self, total: int | None, stderr: IO[str] | None = None, stdout: IO[str] | None = None):
        self.total = total  # None: a corpus of records, counted as they come
        self.stderr = sys.stderr if stderr is None else stderr
        self.stdout = sys.stdout if stdout is None else stdout
        self.started = time.monotonic()
        self.done = 0
        self.findings = 0
        self._progress: Any = None
        self._task: Any = None

    def advance(self, findings: int) -> None:
        self.done += 1
        self.findings += findings
        if self._progress is None and time.monotonic() - self.started >= SHOW_AFTER:
            self._show()
        if self._progress is not None:
            self._progress.update(self._task, completed=self.done, findings=self.findings)

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(file=self.stderr, force_terminal=True)
        self._progress = Progress(
            TextColumn("checking"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[findings]} findings"),
            TimeRemainingColumn(),
            console=console,
            transient=True,  # the bar goes when the run ends; the summary line stays
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._task = self._progress.add_task("checking", total=self.total, findings=self.findings)
        self._progress.start()

    def echo(self, write: Callable[..., None]) -> Callable[..., None]:
        """An echo that prints terminal lines above the bar while it is up."""

        def echo(text: str = "", err: bool = False, **options: Any) -> None:
            stream = self.stderr if err else self.stdout
            if self._progress is not None and stream.isatty():
                from rich.text import Text

                self._progress.console.print(Text.from_ansi(text), soft_wrap=True, highlight=False)
            else:
                write(text, err=err, **options)

        return echo

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
