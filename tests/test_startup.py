"""What a `mtcheck check` process does before it checks: build only the command it runs, and
import and compile nothing it does not use once the caches are warm."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import weakref
from pathlib import Path

from typer.testing import CliRunner

from mtcheck.cli import _app_for, app

REPO = Path(__file__).resolve().parents[1]
# Runs `mtcheck check` in this process and writes the modules it imported and the patterns
# regex parsed (replayed ones are not parsed) to the file named last.
RUN_AND_REPORT = """
import sys
import regex._main
parsed = []
original = regex._main._compile
def counting(pattern, *args):
    parsed.append(pattern)
    return original(pattern, *args)
regex._main._compile = counting
report = sys.argv.pop()
from mtcheck.entry import main  # the `mtcheck` script's
try:
    main()
except SystemExit:
    pass
modules = sorted(sys.modules)  # (before json, which writes the report)
import json
with open(report, "w") as out:
    json.dump({"modules": modules, "parsed": parsed}, out)
"""


def test_a_run_builds_only_the_command_it_names():
    assert [c.callback.__name__ for c in _app_for(["check", "a.txt"]).registered_commands] == ["check"]
    assert [c.name for c in _app_for(["test-rules"]).registered_commands] == ["test-rules"]
    assert _app_for(["--help"]) is app and _app_for([]) is app and _app_for(["chek"]) is app
    assert len(app.registered_commands) > 5  # the app itself keeps them all
    runner = CliRunner()
    for arguments in (["check", "--help"], ["rules", "--help"]):
        narrowed = runner.invoke(_app_for(arguments), arguments)
        assert narrowed.exit_code == 0 and narrowed.output == runner.invoke(app, arguments).output


def _run(tmp_path: Path, report: Path, hash_seed: str, text: bytes | None = None) -> dict:
    environment = {
        **os.environ,
        "MTCHECK_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONPATH": str(REPO),
        "PYTHONHASHSEED": hash_seed,
    }
    article = tmp_path / "article.txt"  # away from the repository's pyproject.toml
    article.write_bytes((REPO / "examples" / "sample-article.txt").read_bytes() if text is None else text)
    arguments = ["check", "--fail-on", "never", str(article)]
    subprocess.run(
        [sys.executable, "-c", RUN_AND_REPORT, *arguments, str(report)],
        cwd=tmp_path,
        env=environment,
        check=True,
        capture_output=True,
    )
    return json.loads(report.read_text(encoding="utf-8"))


def test_a_warm_check_imports_and_compiles_only_what_it_uses(tmp_path):
    cold = _run(tmp_path, tmp_path / "cold.json", "1")
    assert len(cold["parsed"]) > 50 and "yaml" in cold["modules"]  # the first run fills the caches
    cached = {path: path.read_bytes() for path in (tmp_path / "cache").rglob("*") if path.is_file()}
    warm = _run(tmp_path, tmp_path / "warm.json", "2")
    assert warm["parsed"] == []  # every pattern replayed from the cache
    # Nothing new to keep, whatever the hash seed: a pattern built from a set in hash order was
    # a new entry on every run (and the cache file was written again each time).
    assert {path: path.read_bytes() for path in (tmp_path / "cache").rglob("*") if path.is_file()} == cached
    unused = {
        "yaml",  # packs and data come from the parsed cache
        "tomllib",  # no config file
        "html",  # no HTML entity in the text
        "markdown_it",  # a .txt file
        "sacrebleu",  # no --ref
        "mtcheck.compare.source",  # no --source
        "mtcheck.checks.source_comparison",  # no --source: the SR1xx checks' work is never loaded
        "rich",  # typer's pretty output is off
        "typer",  # a plain check runs without the typer app (mtcheck/entry.py)
        "subprocess",  # no --diff-base: git is not run
        "tempfile",  # nothing is written: the caches are warm
        "inspect",  # dataclasses reads it only for a class without a docstring (dataclass_code.install)
        "difflib",  # for a mistake in a pack or config, --diff-base and mojibake only
        "mtcheck.run.gitdiff",  # no --diff-base
    }
    assert unused.isdisjoint(warm["modules"]), unused & set(warm["modules"])
    # No JSON module for a text report, not even for a fix shown in quotes ("ukrainian" ->
    # "Ukrainian", quoted as JSON quotes, by report._quoted), nor for a clean text (the
    # pattern cache's header is plain text): 2 ms of a start.
    assert "json" not in warm["modules"] and "mtcheck.run.report" in warm["modules"]
    clean = _run(tmp_path, tmp_path / "clean.json", "3", b"The council met on Monday.\n")
    assert "json" not in clean["modules"] and "mtcheck.run.report" in clean["modules"]


# Records whether Python's collector runs while the rules load and while the article is checked.
COLLECTION_REPORT = """
import gc, json, sys
from mtcheck.engine import checker, packs
seen = {}
load_rules, check = packs.load_rules, checker.Checker.check
def loading(*args, **kwargs):
    seen["loading"] = gc.isenabled()
    return load_rules(*args, **kwargs)
def checking(self, *args, **kwargs):
    seen["checking"] = gc.isenabled()
    seen["frozen"] = gc.get_freeze_count()
    return check(self, *args, **kwargs)
packs.load_rules, checker.Checker.check = loading, checking
from mtcheck.run import session
session.load_rules = loading
from mtcheck.entry import main
try:
    main()
except SystemExit:
    pass
seen["parser"] = "regex._regex_core" in sys.modules
from mtcheck.language import dataclass_code
seen["methods compiled"] = len(dataclass_code._new)  # written at exit
json.dump(seen, sys.stderr)
"""


def test_a_warm_check_pauses_the_collector_while_loading_and_compiles_nothing(tmp_path):
    article = tmp_path / "article.txt"
    article.write_bytes((REPO / "examples" / "sample-article.txt").read_bytes())
    environment = {**os.environ, "MTCHECK_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(REPO)}
    cold, warm = (
        json.loads(
            subprocess.run(
                [sys.executable, "-c", COLLECTION_REPORT, "check", "--fail-on", "never", str(article)],
                cwd=tmp_path,
                env=environment,
                capture_output=True,
                text=True,
                check=True,
            ).stderr.splitlines()[-1]
        )
        for _ in range(2)
    )
    # what loading made is out of the collector's sight (tens of thousands of objects), and a
    # file is checked with no collection (collected between files: the test below)
    assert warm["loading"] is False and warm["checking"] is False and warm["frozen"] > 10_000, warm
    assert cold["checking"] is False, cold
    # every pattern replayed into regex's C module: its pure-Python parser is never imported
    assert cold["parser"] is True and warm["parser"] is False
    # the methods of the dataclasses made after the entry point started (this script imports the
    # engine first), compiled by the first run only
    assert cold["methods compiled"] > 10 and warm["methods compiled"] == 0
    # a library caller is never paused
    from mtcheck.run.collector import resume_after_loading

    threshold = gc.get_threshold()
    resume_after_loading()
    assert gc.isenabled() and gc.get_freeze_count() == 0 and gc.get_threshold() == threshold


def test_between_files_the_cycles_the_checks_left_are_collected(monkeypatch):
    from mtcheck.run import collector

    class Node:
        pass

    monkeypatch.setattr(collector, "_between_files", True)  # as after the entry point's loading
    gc.disable()
    try:
        gc.collect()
        first = Node()
        first.me = first
        left = weakref.ref(first)
        del first
        collector.collect_between_files()
        assert left() is not None  # one cycle left over: not worth a collection yet
        for _ in range(collector.YOUNG_OBJECTS):
            node = Node()
            node.me = node
        del node
        collector.collect_between_files()
        assert left() is None and gc.get_count()[0] < 100
    finally:
        gc.enable()


def test_a_files_document_is_held_until_the_next_file_is_checked(monkeypatch, tmp_path):
    """In the entry point's one-shot run, Session.check_path holds each file's result (and its
    document) until the next file is checked: the last one is left to the process's end. The
    command collects after any other result (a record's) as before."""
    from mtcheck.run import collector
    from mtcheck.run.report import detached
    from mtcheck.run.session import Session

    monkeypatch.setattr(collector, "_between_files", True)  # as after the entry point's loading
    monkeypatch.setattr(collector, "_held", None)
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("The talks in kyiv went on.\n", encoding="utf-8")
    second.write_text("The talks went on.\n", encoding="utf-8")
    session = Session(search_config=False)
    result = session.check_path(str(first))
    document = weakref.ref(result.doc)
    assert collector.is_held(result)
    report = detached(result)
    del result
    gc.collect()
    assert document() is not None and [f.code for f in report.findings] == ["MT101"]
    second_result = session.check_path(str(second))  # the first file's document is freed before the second is read
    assert document() is None and collector.is_held(second_result)
    # a library caller (no paused collection) holds nothing
    monkeypatch.setattr(collector, "_between_files", False)
    collector.collect_between_files()
    assert not collector.is_held(session.check_path(str(first))) and collector._held is None
