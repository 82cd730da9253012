"""The compiled-pattern cache: a replayed pattern is the pattern `regex` or `re` compiles, for
every pattern mtcheck compiles; anything off in the cache falls back to compiling."""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import regex

from mtcheck.language import pattern_cache
from mtcheck.language.pattern_cache import compile_pattern, compile_re

REPO = Path(__file__).resolve().parents[1]
# Every compile site: each module of the layers below run/, every language's rules (all source
# languages), and the patterns built on first use, which checking the corpora and the sample reaches.
EVERY_COMPILE = """
import importlib, pkgutil, sys
from mtcheck.engine.packs import ALL_SOURCES, load_rules
from mtcheck.language.resources import rules_root
from mtcheck.run.session import Session
for package in ("language", "text", "engine", "compare", "checks"):
    folder = importlib.import_module("mtcheck." + package).__path__
    for module in pkgutil.iter_modules(folder):
        importlib.import_module(f"mtcheck.{package}.{module.name}")
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
    monkeypatch.setattr(pattern_cache, "_payload", b"")
    monkeypatch.setattr(pattern_cache, "_new", {})
    monkeypatch.setattr(pattern_cache, "_used", set())
    monkeypatch.setattr(pattern_cache, "_memo", {})
    return tmp_path / "cache" / f"compiled-patterns-{pattern_cache.FORMAT}"


def _next_run() -> None:
    """What a new process sees: the file, read again; nothing compiled yet."""
    pattern_cache._entries = None
    pattern_cache._used.clear()
    pattern_cache._memo.clear()


def _forbid_compiling(monkeypatch) -> list[str]:
    """The patterns regex.compile and re.compile are asked for from now on."""
    compiled: list[str] = []

    def counting(original):
        def compile_counted(pattern, *args, **kwargs):
            compiled.append(pattern)
            return original(pattern, *args, **kwargs)

        return compile_counted

    monkeypatch.setattr(regex, "compile", counting(regex.compile))
    monkeypatch.setattr(pattern_cache.re, "compile", counting(re.compile))
    return compiled


CASES = [
    (r"\bfoo(?P<x>bar)?\L<w>", regex.IGNORECASE, {"w": ["Alpha", "beta", "straße"]}),
    (r"(?r)[\p{L}\p{N}'’]+$", 0, {}),
    (r"(?i)yahoo!|jeopardy!", 0, {}),
    (r"(?P<a>\d+)-(?P=a)(?=\s|$)", regex.MULTILINE, {}),
]
TEXT = "FOObar fooalpha foo Beta 12-12 x FOOSTRASSE yahoo! 7-7\nJeopardy! und foobarbeta"


RE_CASES = [
    (r"(?P<url>https?://[^\s<>()\u3000-\u30ff\u3400-\u9fff]+)|(?<![\w#])(?P<tag>#[^\W\d_]\w*)", 0),
    (r"\b(?:foo|bar)\b", re.IGNORECASE | re.MULTILINE),
    (r"(\d)(?P<x>\1)", 0),
]
RE_TEXT = "FOO https://a.b/c #tag x 77 bar\nBar"


def test_a_replayed_pattern_is_the_compiled_one(cache, monkeypatch):
    fresh = [compile_pattern(p, f, **lists) for p, f, lists in CASES]
    fresh_re = [compile_re(p, f) for p, f in RE_CASES]
    pattern_cache.save()
    assert next(cache.iterdir()).stat().st_mode & 0o077 == 0
    _next_run()
    compiled = _forbid_compiling(monkeypatch)
    replayed = [compile_pattern(p, f, **lists) for p, f, lists in CASES]
    replayed_re = [compile_re(p, f) for p, f in RE_CASES]
    assert compiled == []
    for a, b in zip(fresh, replayed):
        assert a._pickled_data == b._pickled_data  # the same program, in the same process
        assert [m.span() for m in a.finditer(TEXT)] == [m.span() for m in b.finditer(TEXT)] != []
    for a, b in zip(fresh_re, replayed_re):
        assert a == b  # re patterns are equal when their programs are
        assert [m.groups() for m in a.finditer(RE_TEXT)] == [m.groups() for m in b.finditer(RE_TEXT)] != []


def test_a_call_that_does_not_fit_the_entry_compiles(cache, monkeypatch):
    compile_pattern(r"\L<w>", 0, w=["alpha"])
    pattern_cache.save()
    _next_run()
    compiled = _forbid_compiling(monkeypatch)
    assert compile_pattern(r"\L<w>", 0, w=["beta"]).search("alpha beta").group() == "beta"  # another list
    assert compile_pattern(r"\L<w>", regex.IGNORECASE, w=["alpha"]).search("ALPHA")  # other flags
    assert compiled == [r"\L<w>", r"\L<w>"]


def _flip_index_bit(path: Path) -> None:
    data = path.read_bytes()
    at = data.index(b"\n") + 8  # inside the index, after the header line
    path.write_bytes(data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :])


def _stored(path: Path) -> dict[str, list]:
    """Every entry of a cache file, decoded."""
    index, payload = pattern_cache._read(path)
    return {key: pattern_cache._decoded(payload, place) for key, place in index.items()}


_VERSIONS_START = f"({pattern_cache.FORMAT}, '".encode()  # the header's versions, up to regex's stamp


def _rewrite_header(path: Path, change) -> None:
    data = path.read_bytes()
    newline = data.index(b"\n")
    changed = change(data[:newline])
    assert changed != data[:newline]  # (the change applies to this header)
    path.write_bytes(changed + data[newline:])


def _rewrite(path, change, checksum=True):
    """Change the entries of a cache file, with checksums that fit them (or the old ones)."""
    index, _ = pattern_cache._read(path)
    entries = {key: marshal.dumps(change(entry)) for key, entry in _stored(path).items()}
    places, offset = {}, 0
    for key, data in entries.items():
        places[key] = (offset, len(data), zlib.crc32(data) if checksum else index[key][2])
        offset += len(data)
    written = marshal.dumps(places)
    header = pattern_cache._header(len(written), zlib.crc32(written))
    path.write_bytes(header + b"\n" + written + b"".join(entries.values()))


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_text("{not a header", encoding="utf-8"),
        lambda path: path.write_text("-3 0 x\n", encoding="utf-8"),
        lambda path: _rewrite_header(path, lambda header: header.replace(_VERSIONS_START, _VERSIONS_START + b"0.", 1)),
        # a damaged program (regex would run it unchecked and crash): the file's checksum refuses it
        lambda path: _rewrite(path, lambda entry: [*entry[:2], "AA", *entry[3:]], checksum=False),
        # a sound entry, under another pattern's key
        lambda path: _rewrite(path, lambda entry: ["xyz", *entry[1:]]),
        lambda path: _rewrite(path, lambda entry: entry[:5]),
        lambda path: _rewrite(path, tuple),  # not the lists the module writes, with a fitting checksum
        lambda path: os.chmod(path, 0o666),  # someone else could have written it
        lambda path: _flip_index_bit(path),  # a damaged index: its checksum refuses it
    ],
    ids=[
        "not-a-header",
        "negative-size",
        "other-regex-version",
        "damaged-program",
        "other-pattern",
        "too-short",
        "not-lists",
        "writable-by-others",
        "damaged-index",
    ],
)
@pytest.mark.parametrize("engine", [compile_pattern, compile_re])
def test_a_damaged_or_foreign_cache_is_ignored_and_rewritten(cache, monkeypatch, damage, engine):
    engine("abc")
    pattern_cache.save()
    damage(next(cache.iterdir()))
    _next_run()
    assert engine("abc").search("xyzabc").span() == (3, 6)  # compiled afresh
    pattern_cache.save()
    _next_run()
    compiled = _forbid_compiling(monkeypatch)
    assert engine("abc").search("xyzabc").span() == (3, 6)
    assert compiled == []  # the entry was written again, whole


def test_re_refuses_a_damaged_program_even_with_a_fitting_checksum(cache, monkeypatch):
    compile_re("abc")
    pattern_cache.save()
    _rewrite(next(cache.iterdir()), lambda entry: [*entry[:2], "AAAAAA==", *entry[3:]])
    _next_run()
    compiled = _forbid_compiling(monkeypatch)
    assert compile_re("abc").search("xyzabc").span() == (3, 6)
    assert compiled == ["abc"]


def test_the_installed_regex_and_python_expose_what_the_cache_replays():
    """A regex or Python release that changes what the cache reads turns it off (every
    pattern compiled, as before it): this says so, instead of a silent slowdown."""
    assert pattern_cache._encode(regex.compile(r"(?P<a>x)\L<w>", w=["y"])._pickled_data) is not None
    assert pattern_cache._sre_arguments(r"(?P<a>x)\1", 0, re.compile(r"(?P<a>x)\1")) is not None


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
    stored = _stored(next(cache.iterdir()))
    of_re = {key: entry for key, entry in stored.items() if key.startswith("re ")}
    assert len(stored) - len(of_re) > 150  # every language's rules and the checks' own (en alone: ~100)
    assert len(of_re) > 80
    corpus = "\n\n".join(path.read_text(encoding="utf-8") for path in texts)
    compiled = _forbid_compiling(monkeypatch)
    for key in of_re:
        _, flags, source = key.split(" ", 2)
        replayed_re, fresh_re = compile_re(source, int(flags)), re.compile(source, int(flags))
        assert replayed_re == fresh_re, source  # the same program
        assert [m.groups() for m in replayed_re.finditer(corpus)] == [m.groups() for m in fresh_re.finditer(corpus)]
    for key, entry in stored.items():
        if key in of_re:
            continue
        flags, _, rest = key.partition(" ")
        _, _, rest = rest.partition(" ")
        names, _, source = rest.partition(" ")
        lists = {name: entry[5][name] for name in names.split(",") if name}
        replayed = compile_pattern(source, int(flags), **lists)
        fresh = regex.compile(source, int(flags), **lists)
        assert replayed.groupindex == fresh.groupindex and replayed.flags == fresh.flags, source
        found = [(m.span(), m.groups()) for m in replayed.finditer(corpus, timeout=10)]
        assert found == [(m.span(), m.groups()) for m in fresh.finditer(corpus, timeout=10)], source
    assert len(compiled) == len(stored)  # the fresh ones, and not one replay fell back


def test_what_the_cache_knows_of_regex_without_importing_it_is_regexs():
    assert pattern_cache.IGNORECASE == regex.IGNORECASE
    assert pattern_cache._UNCACHED_FLAGS == regex.LOCALE | regex.DEBUG
    assert pattern_cache._VERSION0 == regex.VERSION0 == regex.DEFAULT_VERSION
    every = "".join(map(chr, range(0x30000))) + "\U000e0001\U0010ffff"
    assert pattern_cache.escape(every) == regex.escape(every)
    assert pattern_cache.escape("a.b c\t[x]") == regex.escape("a.b c\t[x]") == "a\\.b\\ c\\\t\\[x\\]"


# Compiles the cases (the first run, which fills the cache) or replays them (the second), and
# says whether regex's pure-Python modules were imported, and what the patterns find.
REPLAY_ALONE = """
import json, sys
from mtcheck.language.pattern_cache import compile_pattern, save
found = [[m.span() for m in compile_pattern(p, f, **lists).finditer(sys.argv[2])] for p, f, lists in json.loads(sys.argv[1])]
save()
print(json.dumps({"parser": "regex._regex_core" in sys.modules, "found": found}))
"""


def test_a_run_whose_patterns_are_all_cached_never_imports_regexs_parser(cache):
    environment = {**os.environ, "MTCHECK_CACHE_DIR": str(cache.parent), "PYTHONPATH": str(REPO)}
    cases = json.dumps(CASES)
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", REPLAY_ALONE, cases, TEXT], env=environment, check=True, capture_output=True
            ).stdout
        )
        for _ in range(2)
    ]
    assert runs[0]["parser"] is True and runs[1]["parser"] is False
    assert (
        runs[0]["found"]
        == runs[1]["found"]
        == [[list(m.span()) for m in regex.compile(p, f, **lists).finditer(TEXT)] for p, f, lists in CASES]
    )


def test_a_second_run_with_another_hash_seed_compiles_nothing_new(cache):
    """Patterns built from sets (currencies, units, scales, names) are the same text in every
    process: with string hashing seeded differently, a second run finds every pattern of the
    first in the cache and writes nothing (before, each run compiled and stored copies)."""
    texts = sorted((REPO / "corpora" / "en").rglob("*.txt"))[:5] + [REPO / "examples" / "sample-article.txt"]
    report_new = EVERY_COMPILE + "\nfrom mtcheck.language import pattern_cache\nprint(len(pattern_cache._new))\n"
    new = []
    for seed in ("1", "2"):
        environment = {
            **os.environ,
            "MTCHECK_CACHE_DIR": str(cache.parent),
            "PYTHONPATH": str(REPO),
            "PYTHONHASHSEED": seed,
        }
        run = subprocess.run(
            [sys.executable, "-c", report_new, *map(str, texts)], env=environment, check=True, capture_output=True
        )
        new.append(int(run.stdout.decode().split()[-1]))
    assert new[0] > 150 and new[1] == 0
