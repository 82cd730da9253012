"""Every rule's examples are its tests: `pytest -k MT101` runs one rule's.

A rule without flag and pass examples, or with a fix and no example of the fixed text,
fails here, as does a rule whose fix does not silence it.
"""

from __future__ import annotations

import pytest

from mtcheck.engine.packs import COMMON_LANGUAGE
from mtcheck.engine.selftest import check_rule, rules_to_test
from mtcheck.language.profiles import available_languages
from mtcheck.run.session import ruleset_for


def _rules():
    params = []
    for rule, ruleset in rules_to_test(available_languages(), ruleset_for):
        # A code means the same artifact in every language; its packs differ by language.
        suffix = "" if rule.language in (COMMON_LANGUAGE, "en") else f"-{rule.language}"
        params.append(pytest.param(rule, ruleset, id=rule.code + suffix))
    return sorted(params, key=lambda p: p.id)


@pytest.mark.parametrize("rule, ruleset", _rules())
def test_rule_examples(rule, ruleset):
    problems = check_rule(rule, ruleset)
    assert not problems, "\n".join(problems)


def test_every_family_of_the_core_is_covered():
    families = {rule.family for rule in ruleset_for("en").rules}
    assert {"casing", "segmentation", "residue", "dateline"} <= families
