"""rules/en/data/short-words.tsv and lowercase-words.tsv: what scripts/build_short_words.py makes,
and what MT108 and MT106 read."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from mtcheck.language import names, resources
from mtcheck.language.names import is_lowercase_word, lexicon, short_words
from tests.conftest import REPO


@pytest.mark.skipif(
    any(importlib.util.find_spec(p) is None for p in ("english_words", "spacy_lookups_data")),
    reason="the data build dependencies are not installed (pip install -e '.[data]')",
)
def test_frozen_short_words_match_the_build_script(tmp_path):
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_short_words.py"), "--out", str(tmp_path)], check=True)
    for name in ("short-words.tsv", "lowercase-words.tsv"):
        built = (tmp_path / "en" / "data" / name).read_text(encoding="utf-8")
        committed = (REPO / "rules" / "en" / "data" / name).read_text(encoding="utf-8")
        assert built == committed, f"rules/en/data/{name} is out of date: run scripts/build_short_words.py"


def test_short_words_hold_rare_english_words_and_no_acronyms():
    words = short_words("en")
    assert {"molt", "serf", "acai"} <= words
    assert not {"hde", "spid", "nato"} & words
    common = lexicon("en")
    assert not any(common.is_common(w) for w in ("molt", "serf", "acai"))
    assert all(3 <= len(w) <= 4 for w in words)


def test_lowercase_words_hold_rare_words_running_text_writes_in_lowercase():
    # From the MT106 false alarms on WMT22 output: capitals taken from a clinic's or a product's name.
    assert all(is_lowercase_word("en", w) for w in ("resuscitation", "cadres", "dachshund", "naturalism"))
    # Names and words English capitalises stay out, whatever their frequency.
    assert not any(is_lowercase_word("en", w) for w in ("kovalenko", "zelensky", "scholz", "shahed", "russia"))
    common = lexicon("en")
    assert not any(common.is_common(w) for w in ("resuscitation", "cadres", "dachshund"))
    lines = (REPO / "rules" / "en" / "data" / "lowercase-words.tsv").read_text(encoding="utf-8").splitlines()
    words = [w for line in lines if not line.startswith("#") for w in line.split()]
    assert len(words) > 50_000 and all(len(w) >= 5 for w in words)
    assert all(len({w[0] for w in line.split()}) == 1 for line in lines if not line.startswith("#"))


def test_is_lowercase_word_answers_as_the_set_of_its_line_does():
    # is_lowercase_word bisects its initial's line: every line must be plain (single spaces)
    # and sorted as Python compares strings, or bisection would miss words the set holds.
    lines = names._lowercase_word_lines("en")
    assert len(lines) >= 26
    asked = {"", " ", "\t", "ü", "zzzzzzzz", "resus citation", "\u00a0cadres", "cad\u00adres"}
    for initial, line in lines.items():
        plain = names._plain_lowercase_line("en", initial)
        assert plain is not None, f"the {initial!r} line of lowercase-words.tsv is not one plain line"
        words = plain[1:-1].split(" ")
        assert words == sorted(words) == line.split()
        for word in words:  # every word, and its neighbours in the order bisection walks
            asked.update((word, word[:-1], word + "a", word + " ", word.upper(), word[:2] + " " + word[2:]))
    wrong = [
        w for w in sorted(asked) if is_lowercase_word("en", w) != (w in names._lowercase_words_starting("en", w[:1]))
    ]
    assert wrong == []


def test_is_lowercase_word_without_a_plain_line_asks_the_set(tmp_path, monkeypatch):
    data = tmp_path / "xx" / "data"
    data.mkdir(parents=True)
    (data / "lowercase-words.tsv").write_text("# words\nzebra  zeal\naardvark\tabacus\nbanal\n", encoding="utf-8")
    monkeypatch.setattr(resources, "rules_root", lambda: tmp_path)
    cached = (names._lowercase_word_lines, names._lowercase_words_starting, names._plain_lowercase_line)
    for function in cached:
        function.cache_clear()
    try:
        assert names._plain_lowercase_line("xx", "z") is None and names._plain_lowercase_line("xx", "a") is None
        asked = ("zebra", "zeal", "aardvark", "abacus", "banal", "bana", "zoo")
        assert [w for w in asked if is_lowercase_word("xx", w)] == ["zebra", "zeal", "aardvark", "abacus", "banal"]
    finally:
        for function in cached:
            function.cache_clear()


def test_is_short_word_answers_as_the_set_does():
    # is_short_word bisects the file's one line: it must be one plain line, sorted as Python
    # compares strings, or bisection would miss words the set holds.
    words = short_words("en")
    line = names._sorted_line("en", "short-words.tsv")
    assert line is not None and line[1:-1].split(" ") == sorted(words) and len(words) > 5_000
    asked = {"", " ", "\t", "molt\t", "zzzz", "\u00a0serf", "se\u00adrf", "MOLT"}
    for word in words:  # every word, and its neighbours in the order bisection walks
        asked.update((word, word[:-1], word + "a", word + " ", word.upper(), word[:2] + " " + word[2:]))
    assert [w for w in sorted(asked) if names.is_short_word("en", w) != (w in words)] == []
    # MT108's taking out of the short words: the same set, in the same order, as `-=` leaves.
    after_the = {word + suffix for word in sorted(words)[::40] for suffix in ("", "x")}
    taken = {word + suffix for word in sorted(words)[::40] for suffix in ("", "x")}  # made as after_the is
    assert list(taken) == list(after_the)
    taken.difference_update([t for t in taken if names.is_short_word("en", t)])
    after_the -= words
    assert taken == after_the and list(taken) == list(after_the)


def test_the_name_words_are_letters_as_the_table_says():
    names.name_words_are_letters.cache_clear()
    try:
        assert names.name_words_are_letters("en") == all(map(str.isalpha, names.name_words("en")))
        names.name_words_are_letters.cache_clear()
        assert names.name_words_are_letters("en") == all(map(str.isalpha, names.name_words("en")))  # from the cache
    finally:
        names.name_words_are_letters.cache_clear()
