"""One run of `mtcheck check` or `mtcheck fix`: files in, a report out, an exit code.

Text, GitHub annotations and JSON Lines are written file by file as the run goes (a
pipeline sees the first findings at once); JSON and SARIF are one document at the end.
The exit code: 2 when a file could not be checked or written; else 1 when a finding is at
or above --fail-on, when more findings than --max-findings were reported, when a file
scores under --fail-under, or when fixing changed a file (so that a pre-commit hook makes the user look); else 0.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mtcheck import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from mtcheck.engine.findings import FileResult
from mtcheck.run.collector import collect_between_files, is_held
from mtcheck.run.report import (
    Tally,
    compared_with_reference,
    detached,
    json_report,
    reference_table,
    statistics_lines,
    summary_line,
    text_line,
)

if TYPE_CHECKING:
    from mtcheck.run.progress import ProgressBar
    from mtcheck.run.records import RecordFields
    from mtcheck.run.session import Session
    from mtcheck.text.bilingual import Columns
    from mtcheck.text.inputs import InputText


def default_format() -> str:
    """GitHub Actions sets GITHUB_ACTIONS=true: annotate the diff there, text elsewhere."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


@dataclass
class RunOptions:
    """How a run reports and fixes: output format, colour, limits, fixing."""

    output_format: str = "text"
    color: bool = False
    max_findings: int | None = None
    fail_under: float | None = None  # exit 1 when a file's quality score is under this
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False  # show what fixing would change, write nothing
    fix_only: bool = False  # report what was fixed, not what remains (the fix hook before the check hook)
    statistics: bool = False  # text output: a count per rule instead of the findings, as ruff --statistics
    allow_timeouts: bool = False  # a rule out of time is a warning, not exit 2
    jobs: int = 1  # worker processes for checking; 0: one per CPU for more than a handful of files
    record_fields: RecordFields | None = None  # which fields of a corpus's records to read (None: the defaults)
    dask: str | None = None  # check on the Dask cluster whose scheduler is at this address
    quiet: bool = False  # the findings only: no summary line
    progress: bool = False  # a progress bar on the terminal for long runs (mtcheck/run/progress.py)
    columns: Columns | None = None  # a TSV or CSV file's source and target columns (None: by header name)


class Run:
    def __init__(self, session: Session, options: RunOptions, echo: Callable[..., None]):
        self.session = session
        self.options = options
        self.echo = echo  # echo(text, err=False)
        self.results: list[FileResult] = []  # for the reports written at the end (JSON, SARIF) only
        self.tally = Tally()
        self.changed: list[str] = []
        self.fixed: Counter[str] = Counter()  # code -> fixes applied
        self.skipped = 0
        self.stdin_output: list[str] = []  # `fix -`: the fixed text, written once the report is out

    def execute(self, paths: list[str]) -> int:
        from mtcheck.files import STDIN_NAME, InputError

        fixed_stdin: list[str] = []
        if self.options.fix and not self.options.diff and STDIN_NAME in paths:
            # `fix -` writes the fixed text to standard output, as formatters do; the report goes to stderr.
            write_out, self.echo = self.echo, lambda text, err=False, **kw: write_out(text, err=True, **kw)
            self.stdin_output = fixed_stdin
        try:
            articles = list(self.session.articles(paths))
        except Exception as err:
            from mtcheck.run.gitdiff import DiffBaseError  # (imported with --diff-base only)

            if not isinstance(err, (InputError, DiffBaseError)):
                raise
            # An unreadable ignore file, a bad --diff-base: nothing is checked rather than too much.
            self.echo(f"mtcheck: error: {err}", err=True)
            return EXIT_ERROR
        echo = self.echo
        bar = self._progress_bar(articles)
        try:
            for result in self._results(articles):
                # Reports read the detached result. A file's document that Session.check_path
                # holds is freed when the next file is checked, or by the process's end; any
                # other (a record's, a unit's) is freed here, and collected after as between files.
                held = is_held(result)
                result = detached(result)
                if not held:
                    collect_between_files()
                self._stream(result)
                self.tally.add(result)
                if self.options.output_format in ("json", "sarif"):
                    self.results.append(result)
                if bar is not None:
                    bar.advance(len(result.findings))
        finally:
            if bar is not None:
                bar.close()
                self.echo = echo
        for warning in summarised(self.session.warnings):
            self.echo(f"mtcheck: warning: {warning}", err=True)
        self._finish()
        if fixed_stdin:
            write_out(fixed_stdin[0], nl=False)
        return self.exit_code()

    def _progress_bar(self, paths: list[str]) -> ProgressBar | None:
        """A bar for runs of several files or of records; lines for the terminal go through it."""
        from mtcheck.files import STDIN_NAME

        if not self.options.progress or STDIN_NAME in paths:
            return None
        records = any(self._records_format(path) for path in paths)
        if len(paths) < 2 and not records:
            return None
        from mtcheck.run.progress import ProgressBar

        bar = ProgressBar(None if records else len(paths))
        self.echo = bar.echo(self.echo)
        return bar

    def _results(self, paths: list[str]) -> Iterator[FileResult]:
        from mtcheck.files import STDIN_NAME

        if self.options.fix:  # fixing writes files and diffs as it goes: one file at a time
            return (self._fix(path) for path in paths)
        if self.options.dask is not None:
            from mtcheck.run.cluster import checked_on_cluster  # dask: only when asked for
            from mtcheck.run.records import RecordFields

            inputs = [(path, self._records_format(path)) for path in paths]
            fields = self.options.record_fields or RecordFields()
            return checked_on_cluster(self.session, inputs, fields, self.options.dask, self._bilingual_here)
        if any(self._records_format(path) or self._bilingual_format(path) for path in paths):
            return self._with_records(paths)
        if self.options.jobs != 1 and len(paths) > 1 and STDIN_NAME not in paths:
            from mtcheck.run.parallel import checked_in_workers, jobs_for  # multiprocessing: only when used

            jobs = jobs_for(self.options.jobs, len(paths))
            if jobs > 1:
                return checked_in_workers(self.session, paths, jobs)
        return (self.session.check_path(path) for path in paths)

    def _records_format(self, path: str) -> str | None:
        from mtcheck.files import STDIN_NAME
        from mtcheck.text.inputs import records_format

        return records_format(self.session.stdin_name if path == STDIN_NAME else path, self.session.input_format)

    def _bilingual_format(self, path: str) -> str | None:
        from mtcheck.files import STDIN_NAME
        from mtcheck.text.inputs import bilingual_format

        return bilingual_format(self.session.stdin_name if path == STDIN_NAME else path, self.session.input_format)

    def _with_records(self, paths: list[str]) -> Iterator[FileResult]:
        """Files, corpora of records and bilingual files, in order, in this process (each
        record or unit streams out as it is checked)."""
        from mtcheck.run.records import RecordFields, check_records

        for path in paths:
            records_format = self._records_format(path)
            bilingual_format = self._bilingual_format(path)
            if bilingual_format is not None:
                from mtcheck.run.bilingual import check_bilingual

                yield from check_bilingual(self.session, path, bilingual_format, self._columns())
            elif records_format is None:
                yield self.session.check_path(path)
            else:
                yield from check_records(
                    self.session, path, self.options.record_fields or RecordFields(), records_format
                )

    def _bilingual_here(self, path: str) -> Iterator[FileResult] | None:
        """A bilingual file's results, checked in this process (with --dask, the rest goes to the cluster)."""
        bilingual_format = self._bilingual_format(path)
        if bilingual_format is None:
            return None
        from mtcheck.run.bilingual import check_bilingual

        return check_bilingual(self.session, path, bilingual_format, self._columns())

    def _fix(self, path: str) -> FileResult:
        from mtcheck.files import STDIN_NAME, InputError
        from mtcheck.run.fix_files import FixError, fix_text, read_raw, unified_diff, write_atomically

        display = self.session.stdin_name if path == STDIN_NAME else path
        try:
            raw, snapshot = read_raw(
                path, self.session.input_format, display, self.session.settings_for(display).max_file_size
            )
        except InputError as err:
            return FileResult(display, error=str(err))
        outcome = fix_text(raw, path, self._checking(path), self.session.input_format, self.options.unsafe_fixes)
        if outcome.result.error:
            return outcome.result
        if path == STDIN_NAME and not self.options.diff:
            self.stdin_output.append(outcome.fixed if outcome.changed else raw)
        if outcome.changed:
            if self.options.diff:
                self.echo(unified_diff(outcome).rstrip("\n"))
            elif path != STDIN_NAME:
                try:
                    write_atomically(path, outcome.fixed, snapshot)
                except FixError as err:
                    return FileResult(display, error=str(err))
            self.changed.append(display)
            self.fixed.update(f.code for f in outcome.applied)
        if outcome.skipped:
            self.skipped += len(outcome.skipped)
        return outcome.result

    def _checking(self, path: str) -> Callable[[InputText], FileResult]:
        """How fixing checks the text of path: as an article, or as a bilingual file (only target text is edited)."""
        bilingual_format = self._bilingual_format(path)
        if bilingual_format is None:
            return lambda source: self.session.check_input(path, source)
        from mtcheck.run.bilingual import bilingual_result

        columns = self._columns()
        return lambda source: bilingual_result(self.session, path, source, bilingual_format, columns)

    def _columns(self) -> Columns:
        from mtcheck.text.bilingual import Columns

        return self.options.columns or Columns()

    def _stream(self, result: FileResult) -> None:
        fmt = self.options.output_format
        if result.error:
            self.echo(f"mtcheck: error: {result.error}", err=True)
        for gave_up in result.gave_up:
            self.echo(
                f"mtcheck: {'warning' if self.options.allow_timeouts else 'error'}: {result.name}: {gave_up.message}",
                err=True,
            )
        if fmt == "text" and not result.error and not self.options.fix_only and not self.options.statistics:
            for finding in result.findings:
                self.echo(text_line(result, finding, self.options.color), color=self.options.color)
            if compared_with_reference(result):
                self.echo(reference_table(result))
        elif fmt in ("jsonl", "github"):
            from mtcheck.run.formats import github_lines, jsonl_lines

            for line in (jsonl_lines if fmt == "jsonl" else github_lines)(result):
                self.echo(line)

    def _finish(self) -> None:
        fmt = self.options.output_format
        if fmt == "json":
            self.echo(json_report(self.results))
        elif fmt == "sarif":
            from mtcheck.run.formats import sarif_report

            self.echo(sarif_report(self.results, self.session.rules_by_code()))
        elif fmt == "text" and not self.options.quiet:
            if self.options.fix:
                self.echo(self.fix_summary())
            if not self.options.fix_only:
                if self.options.statistics:
                    for line in statistics_lines(self.tally):
                        self.echo(line)
                self.echo(summary_line(self.tally.summary(), self.tally.scores_phrase()))

    def fix_summary(self) -> str:
        verb = "Would fix" if self.options.diff else "Fixed"
        if not self.changed:
            line = "Nothing fixed."
        else:
            total = sum(self.fixed.values())
            line = f"{verb} {total} finding{'s' if total != 1 else ''} in {len(self.changed)} file{'s' if len(self.changed) != 1 else ''}."
        if self.skipped:
            line += f" {self.skipped} fix{'es' if self.skipped != 1 else ''} could not be applied (overlapping edits); see the findings."
        return line

    def reported(self) -> int:
        return self.tally.counts["findings"]

    def exit_code(self) -> int:
        if self.tally.with_errors:
            return EXIT_ERROR
        if not self.options.allow_timeouts and self.tally.with_gave_up:
            return EXIT_ERROR  # a pass with missing findings is not a pass
        if self.options.fix_only:
            return EXIT_FINDINGS if self.changed else EXIT_OK
        if self.tally.failing:
            return EXIT_FINDINGS
        if self.options.max_findings is not None and self.reported() > self.options.max_findings:
            return EXIT_FINDINGS
        lowest = self.tally.lowest  # the lowest quality score of the run, counted as results came
        if self.options.fail_under is not None and lowest is not None and lowest[0] < self.options.fail_under:
            return EXIT_FINDINGS
        if self.changed:
            return EXIT_FINDINGS
        return EXIT_OK


WARNINGS_SHOWN = 10  # of each problem: a corpus of 100,000 records can raise one per record


def summarised(warnings: list[str]) -> list[str]:
    """The warnings in order, at most WARNINGS_SHOWN of each problem (the text after the file
    or record it names), then one line saying how many more of it there were."""
    problems = [warning.partition(": ")[2] or warning for warning in warnings]
    counts = Counter(problems)
    shown: Counter[str] = Counter()
    lines = []
    for warning, problem in zip(warnings, problems):
        shown[problem] += 1
        if shown[problem] <= WARNINGS_SHOWN:
            lines.append(warning)
        if shown[problem] == counts[problem] > WARNINGS_SHOWN:
            lines.append(f"{counts[problem] - WARNINGS_SHOWN} more files or records: {problem}")
    return lines
