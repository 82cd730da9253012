"""The `mtcheck` command's entry point. `mtcheck check` with arguments this module fully
understands (paths and the options of CHECK_OPTIONS, written as click reads them) runs
without importing typer and click (a tenth of a cold start). Anything else (another command,
--help, an unknown, misspelt or malformed option, a value out of range) goes to the typer app
(mtcheck/cli.py), which stays the reference: tests/test_entry.py holds CHECK_OPTIONS to its
`check` command and runs both paths on the same arguments."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

from mtcheck.files import forget_the_working_folder
from mtcheck.run.check_command import Color, InputFormat, ReportFormat, echo, execute, internal_error


def _text(value: str) -> str:
    return value


def _count(value: str) -> int:
    """A whole number, 0 or more, in plain digits (anything else: typer's error message)."""
    if not (value.isascii() and value.isdigit()):
        raise ValueError(value)
    return int(value)


def _decimal(low: float | None, high: float | None) -> Callable[[str], float]:
    """A plain decimal number within [low, high]."""

    def convert(value: str) -> float:
        whole, _, fraction = value.partition(".")
        if not (whole.isascii() and whole.isdigit() and (not fraction or (fraction.isascii() and fraction.isdigit()))):
            raise ValueError(value)
        number = float(value)
        if (low is not None and number < low) or (high is not None and number > high):
            raise ValueError(value)
        return number

    return convert


def _choice(kind: type[Enum]) -> Callable[[str], Any]:
    def convert(value: str) -> Any:
        return kind(value)  # ValueError for a value that is not one of the Enum's

    return convert


FLAG = None  # an option without a value: True when given
# `mtcheck check`'s options as typer defines them: option -> (parameter, conversion of the value,
# repeatable). Only these run without typer; tests/test_entry.py compares them with cli.check.
CHECK_OPTIONS: dict[str, tuple[str, Callable[[str], Any] | None, bool]] = {
    "--format": ("output_format", _choice(ReportFormat), False),
    "-f": ("output_format", _choice(ReportFormat), False),
    "--select": ("select", _text, True),
    "--ignore": ("ignore", _text, True),
    "--fail-on": ("fail_on", _text, False),
    "--max-findings": ("max_findings", _count, False),
    "--fail-under": ("fail_under", _decimal(0, 100), False),
    "--exclude": ("exclude", _text, True),
    "--force-exclude": ("force_exclude", FLAG, False),
    "--quiet": ("quiet", FLAG, False),
    "-q": ("quiet", FLAG, False),
    "--statistics": ("statistics", FLAG, False),
    "--min-severity": ("min_severity", _text, False),
    "--config": ("config", Path, False),
    "--target-lang": ("target_lang", _text, False),
    "--source-lang": ("source_lang", _text, False),
    "--rule-folder": ("rule_folder", Path, True),
    "--input-format": ("input_format", _choice(InputFormat), False),
    "--stdin-filename": ("stdin_filename", _text, False),
    "--color": ("color", _choice(Color), False),
    "--ref": ("ref", Path, False),
    "--chrf-threshold": ("chrf_threshold", _decimal(None, None), False),
    "--source": ("source", Path, False),
    "--diff-base": ("diff_base", _text, False),
    "--fix": ("fix", FLAG, False),
    "--unsafe-fixes": ("unsafe_fixes", FLAG, False),
    "--diff": ("diff", FLAG, False),
    "--max-file-size": ("max_file_size", _decimal(0.001, 100000), False),
    "--allow-timeouts": ("allow_timeouts", FLAG, False),
    "--jobs": ("jobs", _count, False),
    "-j": ("jobs", _count, False),
    "--text-field": ("text_field", _text, False),
    "--id-field": ("id_field", _text, False),
    "--source-field": ("source_field", _text, False),
    "--ref-field": ("ref_field", _text, False),
    "--source-lang-field": ("source_lang_field", _text, False),
    "--source-column": ("source_column", _text, False),
    "--target-column": ("target_column", _text, False),
    "--dask": ("dask", _text, False),
}


def check_arguments(argv: list[str]) -> dict[str, Any] | None:
    """`mtcheck check`'s parameters as typer would pass them for these arguments, or None when
    typer must read them."""
    if argv[:1] != ["check"] or os.name == "nt" or any(key.endswith("_COMPLETE") for key in os.environ):
        return None  # typer expands wildcards on Windows, and answers shell completion
    paths: list[str] = []
    given: dict[str, Any] = {}
    rest = argv[1:]
    while rest:
        argument = rest.pop(0)
        if argument == "--":
            paths += rest
            break
        if argument == "-" or not argument.startswith("-"):
            paths.append(argument)
            continue
        option, equals, value = argument.partition("=") if argument.startswith("--") else (argument, "", "")
        if option not in CHECK_OPTIONS:
            return None
        parameter, convert, repeatable = CHECK_OPTIONS[option]
        if convert is FLAG:
            if equals:
                return None
            given[parameter] = True
            continue
        if not equals:
            if not rest:
                return None
            value = rest.pop(0)
        if not value or value.startswith("-"):
            return None  # an empty value, or one that looks like an option: typer's judgement
        try:
            converted = convert(value)
        except ValueError:
            return None
        if repeatable:
            given.setdefault(parameter, []).append(converted)
        else:
            given[parameter] = converted
    if not paths:
        return None
    return {**check_defaults(), **given, "paths": paths}


def check_defaults() -> dict[str, Any]:
    """What typer passes for an option not given: None, False for a flag, and three defaults."""
    defaults = {parameter: (False if convert is FLAG else None) for parameter, convert, _ in CHECK_OPTIONS.values()}
    return {**defaults, "jobs": 0, "input_format": InputFormat.auto, "color": Color.auto}


SERVERS = frozenset({"serve", "lsp"})  # the commands that run until stopped


def main() -> None:
    forget_the_working_folder()  # before anything else is imported (mtcheck/files.py says why)
    try:  # the native build: the allocator's arenas in huge pages (mtcheck/run/native_arenas.c)
        from mtcheck.run.native_arenas import switch_arenas
    except ImportError:
        pass
    else:
        # A server keeps running: its arenas are mapped whole and given back when freed, where
        # huge pages, kept for the next arena, would hold a big request's memory for good.
        # (The command is the first argument, as check_arguments and cli._app_for read it: the
        # only option before one is --version, which exits.)
        switch_arenas(huge_pages=not SERVERS.intersection(sys.argv[1:2]))
    if sys.dont_write_bytecode:  # no .pyc files: mtcheck's compiled modules from the user's cache
        from mtcheck.language.bytecode_cache import install

        install()
    from mtcheck.language import dataclass_code
    from mtcheck.run.collector import pause_while_loading, skip_at_exit

    dataclass_code.install()  # before the first @dataclass: its methods compiled once, not at each start
    arguments = check_arguments(sys.argv[1:])
    if arguments is None:
        try:
            from mtcheck.cli import main as typer_main
        except KeyboardInterrupt:  # Ctrl-C while typer is being imported: exit as its main() would
            sys.exit(130)
        typer_main()
        return
    pause_while_loading()  # until the rules are loaded (mtcheck/run/collector.py)
    try:
        code = execute(arguments, arguments["fix"], echo)
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:  # the reader went away (`mtcheck check ... | head`): as typer, exit 1 quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    except EOFError:
        echo("", err=True)
        echo("Aborted!", err=True)
        code = 1
    except Exception as err:
        code = internal_error(err, echo)
    skip_at_exit()
    sys.exit(code)


def script() -> None:
    """The installed `mtcheck` command: main(), ended without the interpreter's teardown
    (collector.exit_at_once). main() itself raises SystemExit, as `python -m mtcheck` runs it,
    for callers that go on in the same process (the tests, runpy)."""
    from mtcheck.run.collector import exit_at_once

    try:
        main()
    except SystemExit as done:
        exit_at_once(done.code)
