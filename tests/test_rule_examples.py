"""Every rule's examples are its tests: `pytest -k MT101` runs one rule's.

A rule without flag and pass examples, or with a fix and no example of the fixed text,
fails here, as does a rule whose fix does not silence it.
"""

from __future__ import annotations

import pytest

from mtcheck.language import available_languages
from mtcheck.selftest import check_rule
from mtcheck.session import ruleset_for


def _rules():
    seen = {}
    for language in available_languages():
        ruleset = ruleset_for(language)
        for rule in ruleset.rules:
            seen.setdefault(rule.code, (rule, ruleset))
    return [pytest.param(rule, ruleset, id=code) for code, (rule, ruleset) in sorted(seen.items())]


@pytest.mark.parametrize("rule, ruleset", _rules())
def test_rule_examples(rule, ruleset):
    problems = check_rule(rule, ruleset)
    assert not problems, "\n".join(problems)


def test_every_family_of_the_core_is_covered():
    families = {rule.family for rule in ruleset_for("en").rules}
    assert {"casing", "segmentation", "residue", "dateline"} <= families
