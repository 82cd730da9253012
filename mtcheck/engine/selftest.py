"""Running a rule's examples: the flag and pass texts in its pack are its tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from mtcheck.engine.checker import RunContext
from mtcheck.engine.findings import Hit
from mtcheck.engine.fixes import apply_fixes
from mtcheck.engine.kinds import Example, Rule
from mtcheck.engine.packs import COMMON_LANGUAGE, RuleSet
from mtcheck.engine.settings import Settings
from mtcheck.text.document import Document, build_document
from mtcheck.text.inputs import InputText


def example_settings(rule: Rule, example: Example) -> Settings:
    language = "en" if rule.language == COMMON_LANGUAGE else rule.language
    wanted = rule.conditions.get("source-lang")
    values: dict[str, Any] = {"target_lang": language, "source_lang": wanted[0] if isinstance(wanted, list) else wanted}
    for key, value in example.settings.items():
        field = key.replace("-", "_")
        values[field] = tuple(value) if isinstance(value, list) else value
    return Settings(**values)


def run_rule(rule: Rule, text: str, ruleset: RuleSet, example: Example) -> tuple[Document, list[Hit]]:
    settings = example_settings(rule, example)
    doc = build_document(
        InputText("<example>", text, example.format), settings.target_lang, settings.front_matter_fields
    )
    doc.context = RunContext(settings, ruleset)
    if example.reference is not None:
        doc.reference = build_document(
            InputText("<reference>", example.reference, example.format), settings.target_lang
        )
    if example.source is not None:
        doc.original = build_document(
            InputText("<source>", example.source, example.format), settings.source_lang or "es"
        )
    return doc, list(rule.hits(doc))


def check_example(rule: Rule, example: Example, ruleset: RuleSet, flagged: bool) -> list[str]:
    """Problems with one example (empty when the rule behaves as the example says)."""
    doc, hits = run_rule(rule, example.text, ruleset, example)
    found = [doc.text[h.start : h.end] for h in hits]
    if not flagged:
        return [f"{rule.code} flagged {found} in a pass example: {example.text!r}"] if hits else []
    if not hits:
        return [f"{rule.code} did not flag: {example.text!r}"]
    problems = []
    if example.milder is not None and any(h.milder != example.milder for h in hits):
        problems.append(
            f"{rule.code} {'did not lower' if example.milder else 'lowered'} the severity of: {example.text!r}"
        )
    if example.spans is not None and found != list(example.spans):
        problems.append(f"{rule.code} flagged {found}, expected {list(example.spans)} in: {example.text!r}")
    if example.fixed is not None:
        fixes = [h.fix for h in hits if h.fix is not None]
        if not fixes:
            problems.append(f"{rule.code} offers no fix, but the example expects {example.fixed!r}")
        else:
            fixed, _, _ = apply_fixes(doc.text, fixes)
            if fixed != example.fixed:
                problems.append(f"{rule.code} fixed {example.text!r} into {fixed!r}, expected {example.fixed!r}")
            else:
                _, again = run_rule(rule, fixed, ruleset, example)
                if again:
                    problems.append(f"{rule.code} still fires after its own fix: {fixed!r}")
    return problems


def check_rule(rule: Rule, ruleset: RuleSet) -> list[str]:
    problems = []
    if not rule.flag_examples or not rule.pass_examples:
        problems.append(f"{rule.code} needs at least one flag and one pass example ({rule.path})")
    if rule.fixable and not any(e.fixed is not None for e in rule.flag_examples):
        problems.append(f"{rule.code} has a fix but no flag example shows the fixed text ({rule.path})")
    for example in rule.flag_examples:
        problems.extend(check_example(rule, example, ruleset, flagged=True))
    for example in rule.pass_examples:
        problems.extend(check_example(rule, example, ruleset, flagged=False))
    return problems


def rules_to_test(languages: Iterable[str], load_ruleset: Callable[[str], RuleSet]) -> list[tuple[Rule, RuleSet]]:
    """Each rule once, with the rule set of its language: English first, so that the
    shared packs (rules/common) are tested with English, as their examples assume unless
    they name another target-lang."""
    seen: dict[tuple[str, str], tuple[Rule, RuleSet]] = {}
    for language in sorted(languages, key=lambda code: code != "en"):
        ruleset = load_ruleset(language)
        for rule in ruleset.rules:
            seen.setdefault((str(rule.path), rule.code), (rule, ruleset))
    return list(seen.values())
