"""Pattern rules without anchors search the whole text in one pass instead of one search per
block; the two must find the same hits, and only true anchors may force the slow path."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtcheck.engine.kinds import PatternRule, has_anchor
from mtcheck.engine.packs import ALL_SOURCES
from mtcheck.run.session import ruleset_for
from mtcheck.text.document import build_document
from mtcheck.text.inputs import read_input

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "pattern, anchored",
    [
        (r"^In this way\b", True),
        (r"said\.$", True),
        (r"(?m)^Source:", True),
        (r"(?im:^x)", True),
        (r"\Aword", True),
        (r"word\Z", True),
        (r"[a-z](?=\s|$)", True),  # $ in an alternative, outside any class
        (r"(?<=[^\s.!?:])[ ]{2,}(?=\S)", False),  # ^ negates a class
        (r"\d[ ]?[€£¥$]", False),  # $ inside a class is a dollar sign
        (r"[]^]x", False),  # ] first in a class is a literal, and so is ^ after it
        (r"\$\d+", False),  # an escaped dollar
        (r"(?i)\bkyiv\b", False),
        (r"\\$", True),  # an escaped backslash, then an anchor
        (r"[\]$]x", False),  # an escaped ] does not close the class: its $ is a dollar sign
        (r"(?P<x>a)(?m:b)", True),  # a named group, then MULTILINE set inline
        (r"(?P<x>a)(?i:b)", False),
    ],
)
def test_anchors_are_told_from_characters_in_classes(pattern, anchored):
    assert has_anchor(pattern) is anchored


def _articles():
    return sorted(p for p in (REPO / "corpora").rglob("*") if p.suffix in (".md", ".txt")) + [
        REPO / "examples" / "sample-article.txt"
    ]


def test_one_pass_and_block_by_block_find_the_same_hits():
    rules = [
        r
        for r in ruleset_for("en", (), ALL_SOURCES).rules
        if isinstance(r, PatternRule) and r.scope != "document" and not r.anchored
    ]
    assert len(rules) > 50
    for path in _articles():
        doc = build_document(read_input(str(path)), "en")
        for rule in rules:
            one_pass = [(h.start, h.end) for h in rule._hits_in_one_pass(doc)]
            scoped = [(h.start, h.end) for h in rule._hits_scope_by_scope(doc)]
            assert sorted(one_pass) == sorted(scoped), f"{rule.code} on {path.name}"
