"""The entry point's fast path: `mtcheck check` without typer gives what the typer app gives
(the same parameters, output, messages and exit codes), and hands everything else to it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

import mtcheck.cli
from mtcheck.cli import _defaults_of, app
from mtcheck.entry import CHECK_OPTIONS, check_arguments, check_defaults
from tests.conftest import REPO

SAMPLE = str(REPO / "examples" / "sample-article.txt")


def _typer_check_options() -> dict[str, typer.core.click.Option]:
    command = typer.main.get_command(app).commands["check"]  # type: ignore[attr-defined]
    return {name: option for option in command.params for name in option.opts if option.name != "paths"}


def test_the_table_is_typers_check_command():
    options = _typer_check_options()
    assert set(CHECK_OPTIONS) == set(options)
    for name, (parameter, convert, repeatable) in CHECK_OPTIONS.items():
        option = options[name]
        assert (parameter, convert is None, repeatable) == (option.name, option.is_flag, option.multiple), name
    assert check_defaults() == {
        name: value for name, value in _defaults_of(mtcheck.cli.check).items() if name != "paths"
    }


def _typer_parameters(arguments: list[str], monkeypatch) -> dict:
    """What typer passes to the run for these arguments."""
    seen = {}

    def capture(parameters: dict, fixing: bool, echo: object) -> int:
        seen.update(parameters)
        return 0

    monkeypatch.setattr(mtcheck.cli, "execute", capture)
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.output
    return seen


@pytest.mark.parametrize(
    "arguments",
    [
        ["check", "a.txt"],
        ["check", "-f", "json", "--select", "MT1,MT2", "--select", "LI", "a.txt", "b.md", "--quiet"],
        ["check", "--format=sarif", "--max-findings", "0", "--fail-under=90.5", "a", "--", "-x.txt"],
        ["check", "--jobs", "2", "-j", "3", "a", "--rule-folder", "x", "--rule-folder=y"],
        ["check", "--config", "c.toml", "--ref", "r.txt", "--source", "s.txt", "a"],
        ["check", "--color", "never", "--input-format", "markdown", "-", "--stdin-filename", "in.md", "-q"],
        ["check", "--fix", "--force-exclude", "--statistics", "--allow-timeouts", "--unsafe-fixes", "--diff", "a"],
        ["check", "--max-file-size", "0.5", "--chrf-threshold", "25", "--fail-on", "never", "--min-severity", "x", "a"],
        ["check", "--text-field", "t", "--id-field", "i", "--source-field", "s", "--ref-field", "r", "a.jsonl"],
        ["check", "--source-lang-field", "l", "--source-column", "s", "--target-column", "t", "a"],
        ["check", "--dask", "tcp://h:1", "a"],
        ["check", "--exclude", "drafts/", "--ignore", "MT3", "--target-lang", "en", "--source-lang", "de", "a"],
        ["check", "--diff-base", "HEAD", "--max-findings", "7", "--fail-under", "0", "a", "--exclude=b"],
    ],
)
def test_the_fast_path_reads_arguments_as_typer_does(arguments, monkeypatch):
    assert check_arguments(arguments) == _typer_parameters(arguments, monkeypatch)


@pytest.mark.parametrize(
    "arguments",
    [
        [],
        ["--version"],
        ["rules"],
        ["chek", "a.txt"],
        ["check"],  # no path
        ["check", "--help"],
        ["check", "a.txt", "-h"],
        ["check", "--formt", "json", "a.txt"],  # misspelt
        ["check", "-f", "xml", "a.txt"],  # not a format
        ["check", "--color", "NEVER", "a.txt"],
        ["check", "--max-findings", "-1", "a.txt"],
        ["check", "--jobs", "1.5", "a.txt"],
        ["check", "--fail-under", "101", "a.txt"],
        ["check", "--max-file-size", "0", "a.txt"],
        ["check", "--quiet=yes", "a.txt"],
        ["check", "-qf", "json", "a.txt"],  # a cluster of short options
        ["check", "-fjson", "a.txt"],
        ["check", "a.txt", "--select"],  # no value
        ["check", "--config=", "a.txt"],
    ],
)
def test_anything_else_goes_to_typer(arguments):
    assert check_arguments(arguments) is None


def _run(entry: list[str], arguments: list[str], cwd: Path) -> tuple[int, str, str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, *entry, *arguments], capture_output=True, text=True, cwd=cwd, env=environment
    )
    return done.returncode, done.stdout, done.stderr


# The entry point (as the `mtcheck` script runs it) and the typer app's main, under one program name.
FAST = ["-c", "import sys; sys.argv[0] = 'mtcheck'; from mtcheck.entry import main; main()"]
TYPER = ["-c", "import sys; sys.argv[0] = 'mtcheck'; from mtcheck.cli import main; main()"]


def test_both_paths_give_the_same_output_messages_and_exit_codes(tmp_path):
    (tmp_path / "clean.txt").write_text("The talks in Kyiv resumed on Friday.\n", encoding="utf-8")
    (tmp_path / "bad.toml").write_text("[tool.mtcheck]\nselect = 3\n", encoding="utf-8")
    cases = [
        ["check", SAMPLE],  # findings: exit 1
        ["check", "clean.txt", "--format", "json"],
        ["check", "-f", "jsonl", SAMPLE, "--select", "MT1", "--fail-on", "never"],
        ["check", SAMPLE, "--statistics", "-q"],
        ["check", "missing.txt"],  # an input error
        ["check", SAMPLE, "--fail-on", "often"],  # a usage error found by the run
        ["check", SAMPLE, "--target-lang", "xx"],
        ["check", SAMPLE, "--config", "nowhere.toml"],
        ["check", "--ref", "clean.txt", SAMPLE, "clean.txt"],
        ["check", "--unsafe-fixes", "clean.txt"],
        ["check", "--formt", "json", SAMPLE],  # typer's own errors, on both paths
        ["check", "--max-findings", "-1", SAMPLE],
    ]
    for arguments in cases:
        fast, typer_path = _run(FAST, arguments, tmp_path), _run(TYPER, arguments, tmp_path)
        assert fast == typer_path, arguments
        assert fast[0] in (0, 1, 2) and (fast[0] != 2 or "rror" in fast[2]), (arguments, fast)


def test_a_plain_check_does_not_import_typer_and_help_lists_every_option(tmp_path):
    probe = (
        "import sys; sys.argv = ['mtcheck', *sys.argv[1:]]; from mtcheck.entry import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('typer' in sys.modules, 'click' in sys.modules, file=sys.stderr)"
    )
    code, _, err = _run(["-c", probe], ["check", "--fail-on", "never", SAMPLE], tmp_path)
    assert code == 0 and err.strip().endswith("False False"), err
    code, _, err = _run(["-c", probe], ["check", "--help"], tmp_path)
    assert code == 0 and err.strip().endswith("True False")  # typer's own copy of click
    code, out, _ = _run(FAST, ["check", "--help"], tmp_path)
    assert code == 0 and all(name in out for name in CHECK_OPTIONS), out
    code, out, _ = _run(FAST, ["--help"], tmp_path)
    assert code == 0 and all(command.name or command.callback.__name__ in out for command in app.registered_commands)


# The `mtcheck` script as installed (pyproject.toml's [project.scripts]), which ends the process at once.
SCRIPT = ["-c", "import sys; sys.argv[0] = 'mtcheck'; from mtcheck.entry import script; script()"]


def test_the_script_ends_as_main_does_and_still_runs_the_exit_functions(tmp_path, monkeypatch):
    """script() skips the interpreter's teardown: the same output and exit codes as main(),
    and the exit functions still run (pattern_cache's saves the compiled patterns)."""
    (tmp_path / "clean.txt").write_text("The talks in Kyiv resumed on Friday.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(cache))
    assert _run(SCRIPT, ["check", "clean.txt"], tmp_path)[0] == 0  # the first run, into an empty cache
    assert any(path.is_file() for path in cache.glob("compiled-patterns-*/*")), sorted(cache.rglob("*"))
    for arguments in (["check", SAMPLE], ["check", "clean.txt", "-f", "json"], ["check", "missing.txt"], ["--help"]):
        assert _run(SCRIPT, arguments, tmp_path) == _run(FAST, arguments, tmp_path), arguments
    assert '"mtcheck.entry:script"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


def test_the_quick_exit_leaves_to_the_interpreter_what_may_need_its_teardown():
    import threading

    from mtcheck.run.collector import exit_at_once

    with pytest.raises(SystemExit) as done:
        exit_at_once("a message")  # printed by the interpreter, with exit code 1
    assert done.value.code == "a message"
    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        with pytest.raises(SystemExit) as done:
            exit_at_once(3)  # a thread still running: the interpreter waits for it
        assert done.value.code == 3
    finally:
        release.set()
        worker.join()
