"""Russian and Ukrainian words in Latin letters (TL101): the folding that makes schemes
agree, and the frozen lists in rules/ru/data and rules/uk/data."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from bisect import bisect_left
from itertools import accumulate

import pytest

from mtcheck.language.spelled_out import _first_line_from, _line_of, _table, skeleton, source_word, spelling_score
from tests.conftest import REPO

BUILD_PACKAGES = ("wordfreq", "english_words", "iuliia")
TABLES = ("transliterations.tsv", "spelling-trigrams.tsv")


@pytest.mark.parametrize(
    "spellings",
    [
        ("pylesos", "pilesos"),
        ("yasli", "iasli"),
        ("khokhol", "hohol"),
        ("azhiotazh", "azhiotaž"),
        ("kommentariyev", "kommentariev"),
        ("tsentr", "centr"),
        ("shchuka", "schuka"),
    ],
)
def test_schemes_fold_to_one_skeleton(spellings):
    assert len({skeleton(s) for s in spellings}) == 1


@pytest.mark.parametrize(
    "latin, language, word",
    [
        ("subbotnik", "ru", "субботник"),
        ("azhiotazh", "ru", "ажиотаж"),
        ("pilosos", "uk", "пилосос"),
        ("toshnit", "ru", "тошнит"),
        ("defolt", "ru", "дефолт"),
    ],
)
def test_spelled_out_words_are_found(latin, language, word):
    assert source_word(latin, language) == word


@pytest.mark.parametrize(
    "latin", ["dacha", "oblast", "perestroika", "babushka", "gusty", "obfuscate", "rada", "troika"]
)
def test_english_words_and_loanwords_are_not(latin):
    assert source_word(latin, "ru") is None and source_word(latin, "uk") is None


@pytest.mark.parametrize(
    "spelled_out", ["zasikavlenikh", "zaderzhuyu", "pradelni", "nakalyaetsya", "dirzhava", "pyrizhivat"]
)
@pytest.mark.parametrize("english", ["sanatorium", "memorandums", "papyrus", "harvard", "informer", "olympic"])
def test_the_spelling_model_tells_spelled_out_ukrainian_from_english(spelled_out, english):
    # Words of WMT22 uk-en MT output that no list has (зацікавлених, задержую, пральні...),
    # against English words and loans that Ukrainian shares stems with.
    for language in ("uk", "ru"):
        assert spelling_score(spelled_out, language) > 0.9
        assert spelling_score(english, language) < 0


@pytest.mark.skipif(
    any(importlib.util.find_spec(p) is None for p in BUILD_PACKAGES),
    reason="the data build dependencies are not installed (pip install -e '.[data]')",
)
def test_frozen_lists_match_the_build_script(tmp_path):
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_transliteration_data.py"), "--out", str(tmp_path)], check=True
    )
    for name in (f"{language}/data/{table}" for language in ("ru", "uk") for table in TABLES):
        assert (tmp_path / name).read_text(encoding="utf-8") == (REPO / "rules" / name).read_text(encoding="utf-8"), (
            f"rules/{name} is out of date: run scripts/build_transliteration_data.py"
        )


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_a_lookup_through_the_sampled_lines_finds_the_line_a_bisection_finds(language):
    # _first_line_from narrows its bisection to the lines between two sampled ones: right only
    # if the table's lines sort by key, as bytes.
    data, start = _table(language)
    lines = data[start:].split(b"\n")
    keys = [line.split(b"\t", 1)[0] for line in lines if line]
    assert keys == sorted(keys)
    line_starts = [start + offset for offset in accumulate((len(line) + 1 for line in lines), initial=0)]
    for key in [
        b"",
        b"a",
        b"zzzz",
        b"a\tb",
        b"a\nb",
        keys[0],
        keys[-1],
        *keys[::97],
        *(key + b"a" for key in keys[::89]),
    ]:
        first = min(line_starts[bisect_left(keys, key)], len(data))
        assert _first_line_from(language, key) == first
        assert _line_of(language, key) == (first if data.startswith(key + b"\t", first) else -1)
