"""The compiled-pattern cache: a replayed pattern is the pattern `regex` compiles, for every
pattern mtcheck compiles; anything off in the cache falls back to compiling."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from mtcheck.language import pattern_cache
from mtcheck.language.pattern_cache import compile_pattern

REPO = Path(__file__).resolve().parents[1]
# Every compile site: each check module, every language's rules (all source languages), and the
# patterns built on first use, which checking the corpora and the sample reaches.
EVERY_COMPILE = """
import importlib, pkgutil, sys
import mtcheck.checks
from mtcheck.engine.packs import ALL_SOURCES, load_rules
from mtcheck.language.resources import rules_root
from mtcheck.run.session import Session
for module in pkgutil.iter_modules(mtcheck.checks.__path__):
    importlib.import_module("mtcheck.checks." + module.name)
for folder in sorted(rules_root().iterdir()):
    if folder.is_dir() and folder.name != "common":
        load_rules(folder.name, source_lang=ALL_SOURCES)
session = Session()
for path in sys.argv[1:]:
    session.check_path(path)
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder of its own, and the module's state as at the start of a run."""
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(pattern_cache, "_entries", None)
    monkeypatch.setattr(pattern_cache, "_new", {})
    monkeypatch.setattr(pattern_cache, "_used", set())
    return tmp_path / "cache" / f"compiled-patterns-{pattern_cache.FORMAT}"


def _next_run() -> None:
    """What a new process sees: the file, read again; nothing compiled yet."""
    pattern_cache._entries = None
    pattern_cache._used.clear()


def _forbid_compiling(monkeypatch) -> list[str]:
    """The patterns regex.compile is asked for from now on."""
    compiled: list[str] = []
    original = regex.compile

    def counting(pattern, *args, **kwargs):
        compiled.append(pattern)
        return original(pattern, *args, **kwargs)

    monkeypatch.setattr(pattern_cache.regex, "compile", counting)
    return compiled


CASES = [
    (r"\bfoo(?P<x>bar)?\L<w>", regex.IGNORECASE, {"w": ["Alpha", "beta", "straße"]}),
    (r"(?r)[\p{L}\p{N}'’]+$", 0, {}),
    (r"(?i)yahoo!|jeopardy!", 0, {}),
    (r"(?P<a>\d+)-(?P=a)(?=\s|$)", regex.MULTILINE, {}),
]
TEXT = "FOObar fooalpha foo Beta 12-12 x FOOSTRASSE yahoo! 7-7\nJeopardy! und foobarbeta"


def test_a_replayed_pattern_is_the_compiled_one(cache, monkeypatch):
    fresh = [compile_pattern(p, f, **lists) for p, f, lists in CASES]
    pattern_cache.save()
    assert next(cache.iterdir()).stat().st_mode & 0o077 == 0
    _next_run()
    compiled = _forbid_compiling(monkeypatch)
    replayed = [compile_pattern(p, f, **lists) for p, f, lists in CASES]
    assert compiled == []
    for a, b in zip(fresh, replayed):
        assert a._pickled_data == b._pickled_data  # the same program, in the same process
        assert [m.span() for m in a.finditer(TEXT)] == [m.span() for m in b.finditer(TEXT)] != []


def test_a_call_that_does_not_fit_the_entry_compiles(cache, monkeypatch):
    compile_pattern(r"\L<w>", 0, w=["alpha"])
    pattern_cache.save()
    _next_run()
    compiled = _forbid_compiling(monkeypatch)
    assert compile_pattern(r"\L<w>", 0, w=["beta"]).search("alpha beta").group() == "beta"  # another list
    assert compile_pattern(r"\L<w>", regex.IGNORECASE, w=["alpha"]).search("ALPHA")  # other flags
    assert compiled == [r"\L<w>", r"\L<w>"]


def _rewrite_entries(path, change):
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["patterns"] = {key: change(entry) for key, entry in stored["patterns"].items()}
    path.write_text(json.dumps(stored), encoding="utf-8")


def _signed(fields):
    return [pattern_cache._checksum(fields), *fields]


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_text("{not json", encoding="utf-8"),
        lambda path: path.write_text(json.dumps({"format": 2, "regex": "0.0", "patterns": {}}), encoding="utf-8"),
        # a damaged program (regex would run it unchecked and crash): the checksum refuses it
        lambda path: _rewrite_entries(path, lambda entry: [entry[0], entry[1], entry[2], "AA", *entry[4:]]),
        # a sound entry of another pattern under this pattern's key
        lambda path: _rewrite_entries(path, lambda entry: _signed(["xyz", *entry[2:]])),
        lambda path: _rewrite_entries(path, lambda entry: entry[:5]),
        lambda path: os.chmod(path, 0o666),  # someone else could have written it
    ],
    ids=["not-json", "other-regex-version", "damaged-program", "other-pattern", "too-short", "writable-by-others"],
)
def test_a_damaged_or_foreign_cache_is_ignored_and_rewritten(cache, monkeypatch, damage):
    compile_pattern("abc")
    pattern_cache.save()
    damage(next(cache.iterdir()))
    _next_run()
    assert compile_pattern("abc").search("xyzabc").span() == (3, 6)  # compiled afresh
    pattern_cache.save()
    _next_run()
    compiled = _forbid_compiling(monkeypatch)
    assert compile_pattern("abc").search("xyzabc").span() == (3, 6)
    assert compiled == []  # the entry was written again, whole


def test_the_installed_regex_exposes_what_the_cache_replays():
    """A regex release that changes what a compiled pattern carries turns the cache off
    (every pattern compiled, as before it): this says so, instead of a silent slowdown."""
    assert pattern_cache._encode(regex.compile(r"(?P<a>x)\L<w>", w=["y"])._pickled_data) is not None


def test_no_cache_when_it_is_off(monkeypatch, tmp_path):
    monkeypatch.setenv("MTCHECK_CACHE_DIR", "off")
    monkeypatch.setattr(pattern_cache, "_entries", None)
    monkeypatch.setattr(pattern_cache, "_new", {})
    assert compile_pattern("a+").fullmatch("aaa")
    assert pattern_cache._new == {}


def test_every_pattern_mtcheck_compiles_matches_the_same_replayed(cache, monkeypatch):
    """Every pattern a run can compile, written to the cache by another process, replayed here
    and run over the corpora beside the same pattern compiled afresh: the same matches, the
    same groups."""
    texts = sorted((REPO / "corpora").rglob("*.txt")) + sorted((REPO / "corpora").rglob("*.md"))
    environment = {**os.environ, "MTCHECK_CACHE_DIR": str(cache.parent), "PYTHONPATH": str(REPO)}
    subprocess.run(
        [sys.executable, "-c", EVERY_COMPILE, *map(str, texts), str(REPO / "examples" / "sample-article.txt")],
        env=environment,
        check=True,
        capture_output=True,
    )
    stored = json.loads(next(cache.iterdir()).read_text(encoding="utf-8"))["patterns"]
    assert len(stored) > 150  # every language's rules and the checks' own patterns (en alone: ~100)
    corpus = "\n\n".join(path.read_text(encoding="utf-8") for path in texts)
    compiled = _forbid_compiling(monkeypatch)
    for key, entry in stored.items():
        flags, _, rest = key.partition(" ")
        _, _, rest = rest.partition(" ")
        names, _, source = rest.partition(" ")
        lists = {name: entry[6][name] for name in names.split(",") if name}
        replayed = compile_pattern(source, int(flags), **lists)
        fresh = regex.compile(source, int(flags), **lists)
        assert replayed.groupindex == fresh.groupindex and replayed.flags == fresh.flags, source
        found = [(m.span(), m.groups()) for m in replayed.finditer(corpus, timeout=10)]
        assert found == [(m.span(), m.groups()) for m in fresh.finditer(corpus, timeout=10)], source
    assert len(compiled) == len(stored)  # the fresh ones, and not one replay fell back
