"""A rule explained in words: what `mtcheck explain CODE` prints and the language server shows on hover."""

from __future__ import annotations

from mtcheck.engine.kinds import PythonRule, Rule


def option_type(default: object) -> str:
    if isinstance(default, bool):
        return "true/false"
    if isinstance(default, (int, float)):
        return f"number, default {default}"
    if isinstance(default, str):
        return f"string, default {default!r}"
    return "table of words" if isinstance(default, dict) else "list of words"


def rule_explanation(rule: Rule) -> str:
    """The rule's code, name, settings, explanation and its flag and pass examples."""
    fix = ("yes, safe" if rule.fix_safe else "yes, unsafe (needs --unsafe-fixes)") if rule.fixable else "no"
    lines = [
        f"{rule.code} {rule.name}",
        "",
        f"  severity:  {rule.severity}",
        f"  category:  {rule.category}",
        f"  pack:      {rule.pack} ({rule.family}), {rule.path.parent.name}/{rule.path.name}",
        f"  fix:       {fix}",
    ]
    if rule.aliases:
        lines.append(f"  aliases:   {', '.join(rule.aliases)}")
    conditions = {k: v for k, v in rule.conditions.items() if k != "languages"}
    if conditions:
        lines.append("  active when: " + ", ".join(f"{k} = {v}" for k, v in conditions.items()))
    if isinstance(rule, PythonRule) and rule.options:  # only python rules take options
        options = rule.options
        declared = getattr(rule.function, "option_defaults", {})
        lines.append(
            "  options:   "
            + ", ".join(
                f"{key} ({option_type(default)}{', set by the pack' if options[key] != default else ''})"
                for key, default in declared.items()
            )
        )
    lines += ["", rule.explanation, ""]
    if rule.flag_examples:
        lines.append("Flagged:")
        for example in rule.flag_examples:
            lines.append(f"  ✗ {example.text}")
            if example.fixed is not None:
                lines.append(f"    → {example.fixed}")
    if rule.pass_examples:
        lines.append("Not flagged:")
        lines.extend(f"  ✓ {example.text}" for example in rule.pass_examples)
    return "\n".join(lines)
