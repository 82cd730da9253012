"""rules/en/data/short-words.tsv and lowercase-words.tsv: what scripts/build_short_words.py makes,
and what MT108 and MT106 read."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

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
