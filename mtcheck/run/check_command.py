"""What `mtcheck check`, `fix` and `report` do with their options, without typer: the
command line (mtcheck/cli.py) and the entry point's fast path for `check`
(mtcheck/entry.py) both run this, so that a plain check need not import typer and click."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mtcheck import EXIT_ERROR, EXIT_INTERNAL
from mtcheck.language.pattern_cache import compile_re

if TYPE_CHECKING:
    from mtcheck.engine.findings import Severity

Echo = Callable[..., None]  # echo(text, err=False, color=None), as click.echo


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    sarif = "sarif"
    github = "github"


class InputFormat(str, Enum):
    auto = "auto"
    text = "text"
    markdown = "markdown"
    html = "html"
    jsonl = "jsonl"  # a corpus: one document per record (mtcheck/run/records.py)
    parquet = "parquet"
    xliff = "xliff"  # bilingual files: each unit's target checked with its source (mtcheck/run/bilingual.py)
    tmx = "tmx"
    tsv = "tsv"
    csv = "csv"


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class UserError(Exception):
    """Stops the run with a one-line message and exit code 2."""


_ANSI_CODE = compile_re(r"\033\[[;?0-9]*[a-zA-Z]")  # click's own pattern


def echo(message: str = "", err: bool = False, color: bool | None = None) -> None:
    """click.echo for text, as echo prints it: a line, flushed at once, its ANSI codes
    removed unless colour was asked for (or, asked nothing, the stream is a terminal)."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    line = message + "\n"
    if not color and (color is False or not _is_terminal(stream)):
        line = _ANSI_CODE.sub("", line)
    stream.write(line)
    stream.flush()


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except Exception:
        return False


def _split(values: list[str] | None) -> tuple[str, ...] | None:
    """'--select MT1,MT3 --select MT201' -> ('MT1', 'MT3', 'MT201')."""
    if not values:
        return None
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _severity_option(value: str | None, option: str, allow_never: bool = False) -> Severity | Literal["never"] | None:
    from mtcheck.engine.findings import Severity

    if value is None:
        return None
    if allow_never and value.lower() in ("never", "none"):
        return "never"
    try:
        return Severity.parse(value)
    except ValueError:
        expected = "minor, major, critical or never" if allow_never else "minor, major or critical"
        raise UserError(f"{option}: unknown severity {value!r} (expected {expected})") from None


NO_RECORDS = dict.fromkeys(["text_field", "id_field", "source_field", "ref_field", "source_lang_field"])


def _record_fields(args: dict, fixing: bool) -> Any:
    """The fields to read from records (a RecordFields), None when no corpus is checked."""
    from mtcheck.text.inputs import records_format

    names = {key: args[key] for key in NO_RECORDS if args[key] is not None}
    paths = [(args["stdin_filename"] or p) if p == "-" else p for p in args["paths"]]
    corpora = [p for p in paths if records_format(p, args["input_format"].value)]
    if not corpora:
        if names:
            option = "--" + next(iter(names)).replace("_", "-")
            raise UserError(f"{option} reads records: give a .jsonl or .parquet file, or --input-format jsonl")
        return None
    if fixing:
        raise UserError(f"{corpora[0]}: fix rewrites files, not the records of a corpus; use mtcheck check")
    for option in ("ref", "source", "diff_base"):
        if args[option] is not None:
            raise UserError(
                f"--{option.replace('_', '-')} does not apply to records; use --ref-field or --source-field"
            )
    from mtcheck.run.records import RecordFields

    return RecordFields(
        text=names.get("text_field", "text"),
        id=names.get("id_field"),
        source=names.get("source_field"),
        reference=names.get("ref_field"),
        source_lang=names.get("source_lang_field"),
    )


def _bilingual_columns(args: dict) -> Any:
    """The source and target columns of TSV and CSV files (a Columns); the options that do not
    apply to bilingual files are refused."""
    from mtcheck.text.inputs import bilingual_format

    forced = args["input_format"].value
    paths = [(args["stdin_filename"] or p) if p == "-" else p for p in args["paths"]]
    formats = [(p, bilingual_format(p, forced)) for p in paths]
    bilingual = [p for p, found in formats if found]
    named = [option for option in ("source_column", "target_column") if args[option] is not None]
    if named and not any(found in ("tsv", "csv") for _, found in formats):
        raise UserError(f"--{named[0].replace('_', '-')} names a column of a TSV or CSV file: give one")
    for option in ("ref", "source", "diff_base"):
        if bilingual and args[option] is not None:
            raise UserError(
                f"{bilingual[0]}: --{option.replace('_', '-')} does not apply to a bilingual file (its units hold their sources)"
            )
    if not bilingual:
        return None
    from mtcheck.text.bilingual import Columns

    return Columns(args["source_column"], args["target_column"])


def execute(args: dict, fixing: bool, echo: Echo) -> int:
    """Run `check` (`fix` when fixing) with its parameters by name; the exit code. A mistake the
    user can fix is one line on standard error and exit 2; a bug is raised."""

    from mtcheck.run.command import Run, RunOptions, default_format
    from mtcheck.run.progress import wanted as progress_wanted
    from mtcheck.run.session import Session

    def fail(message: str) -> int:
        echo(f"mtcheck: error: {message}", err=True)
        return EXIT_ERROR

    paths = args["paths"]
    try:
        overrides = _check_overrides(
            args["select"],
            args["ignore"],
            args["fail_on"],
            args["min_severity"],
            args["target_lang"],
            args["source_lang"],
            args["rule_folder"],
        )
    except UserError as err:
        return fail(str(err))
    if args["chrf_threshold"] is not None:
        overrides["ref_chrf_threshold"] = args["chrf_threshold"]
    if args["max_file_size"] is not None:
        overrides["max_file_size"] = args["max_file_size"]
    if args["force_exclude"]:
        overrides["force_exclude"] = True
    config, ref, source = args["config"], args["ref"], args["source"]
    if config is not None and not config.is_file():
        return fail(f"{config}: config file not found")
    if ref is not None and (len(paths) != 1 or Path(paths[0]).is_dir()):
        return fail("--ref compares one article with its reference: give exactly one file")
    if source is not None and (len(paths) != 1 or Path(paths[0]).is_dir()):
        return fail(
            "--source compares one article with its source: give exactly one file (or set source-pattern in the config)"
        )
    if (args["unsafe_fixes"] or args["diff"]) and not fixing:
        return fail("--unsafe-fixes and --diff go with fixing: use mtcheck fix, or check --fix")
    if args.get("dask") is not None and (fixing or args["diff_base"] is not None):
        return fail("--dask checks; it does not go with --fix or --diff-base")
    try:
        record_fields = _record_fields(args, fixing)
        columns = _bilingual_columns(args)
    except UserError as err:
        return fail(str(err))
    session = Session(
        overrides,
        config,
        args["input_format"].value,
        args["stdin_filename"] or "-",
        str(ref) if ref else None,
        str(source) if source else None,
        args["diff_base"],
        exclude=tuple(args["exclude"] or ()),
    )
    color = args["color"]
    fmt = args["output_format"].value if args["output_format"] else default_format()
    options = RunOptions(
        output_format=fmt,
        color=color == Color.always
        or (color == Color.auto and fmt == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ),
        max_findings=args["max_findings"],
        fail_under=args["fail_under"],
        fix=fixing,
        unsafe_fixes=args["unsafe_fixes"],
        diff=args["diff"],
        fix_only=args.get("fix_only", False),
        statistics=args.get("statistics", False),
        allow_timeouts=args["allow_timeouts"],
        jobs=args["jobs"],
        record_fields=record_fields,
        dask=args.get("dask"),
        quiet=args["quiet"],
        progress=progress_wanted(fmt, args["quiet"]),
        columns=columns,
    )
    run: Run
    if args.get("report_to") is not None:  # mtcheck report: the same run, written as one HTML page
        from mtcheck.run.html_report import ReportRun

        run = ReportRun(session, options, echo, args["report_to"], args["title"])
    else:
        run = Run(session, options, echo)
    try:
        return run.execute(paths)
    except Exception as err:
        message = known_error(err)
        if message is None:
            raise
        return fail(message)


def _check_overrides(
    select: list[str] | None,
    ignore: list[str] | None,
    fail_on: str | None,
    min_severity: str | None,
    target_lang: str | None,
    source_lang: str | None,
    rule_folder: list[Path] | None,
) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    if _split(select) is not None:
        overrides["select"] = _split(select)
    if _split(ignore) is not None:
        overrides["ignore"] = _split(ignore)
    fail = _severity_option(fail_on, "--fail-on", allow_never=True)
    if fail is not None:
        overrides["fail_on"] = None if fail == "never" else fail
    floor = _severity_option(min_severity, "--min-severity")
    if floor is not None:
        overrides["min_severity"] = floor
    if target_lang:
        overrides["target_lang"] = language_option(target_lang, "--target-lang")
    if source_lang:
        overrides["source_lang"] = source_language_option(source_lang)
    if rule_folder:
        overrides["rule_folders"] = tuple(p.resolve() for p in rule_folder)
    return overrides


def language_option(code: str, option: str) -> str:
    from mtcheck.language.profiles import available_languages

    code = code.lower()
    if code not in available_languages():
        raise UserError(
            f"{option}: no rule packs for language {code!r} (available: {', '.join(available_languages())})"
        )
    return code


def source_language_option(code: str) -> str:
    from mtcheck.language.profiles import source_language

    try:
        return source_language(code)
    except ValueError as err:
        raise UserError(f"--source-lang: {err}") from None


def known_error(err: Exception) -> str | None:
    """The one-line message of an error the user can fix, or None for a bug."""
    from mtcheck.compare.scoring import ScoringError
    from mtcheck.engine.checker import SettingsError
    from mtcheck.engine.packs import PackError
    from mtcheck.files import InputError
    from mtcheck.language.identify import LanguageIdentificationError
    from mtcheck.run.config import ConfigError

    known = (ConfigError, PackError, SettingsError, UserError, InputError, ScoringError, LanguageIdentificationError)
    if isinstance(err, known):
        return str(err)
    return None


def internal_error(err: Exception, echo: Echo) -> int:
    """A bug: one line for the user and exit 3 (the traceback with MTCHECK_DEBUG=1)."""
    if os.environ.get("MTCHECK_DEBUG"):
        raise err
    echo(f"mtcheck: internal error: {type(err).__name__}: {err} (set MTCHECK_DEBUG=1 for a traceback)", err=True)
    return EXIT_INTERNAL
