"""What mtcheck covers for a source language: `mtcheck rules --source-lang xx` says it before
the rule table, so a user learns what is checked and what is not without reading the code."""

from __future__ import annotations

from mtcheck.engine.packs import RuleSet
from mtcheck.language.profiles import identifiable_languages
from mtcheck.language.resources import data_file, load_yaml
from mtcheck.language.romanisation import ROMANISED, available


def source_coverage(code: str, ruleset: RuleSet) -> list[str]:
    """One line per kind of check: what applies to texts translated from `code`."""
    data_path = data_file(code, "language.yaml")
    data = (load_yaml(data_path) or {}) if data_path.is_file() else {}
    lines = [f"Texts translated from {code!r}:"]
    if code in identifiable_languages():
        words = " and its word list for the quick pass" if data_file(code, "word-frequencies.tsv").is_file() else ""
        lines.append(f"  untranslated text  found and named by language identification{words} (LI101-LI104)")
    else:
        lines.append("  untranslated text  found by script only: language identification has no profile for it (LI103)")
    splitting = "its abbreviations and sentence openers" if data.get("abbreviations") else "punctuation only"
    numbers = data.get("numbers") or {}
    if numbers:
        extras = [
            what
            for key, what in (("scales", "scale words"), ("words", "number words"), ("time-words", "times"))
            if numbers.get(key)
        ]
        reading = f"its conventions (decimal {numbers.get('decimal', '.')!r}" + "".join(f", {e}" for e in extras) + ")"
    else:
        reading = "digits only, as English writes them (no number conventions on file: expect SR101 noise)"
    lines.append(f"  with --source      sentences split by {splitting}; numbers read in {reading}")
    if data.get("stops-without-space"):
        # compare/source.py: no word crosses from these scripts, so lengths place sentences.
        lines.append(
            f"  left out / added   sentences aligned by lengths, numbers and {_romanised_names(code)}: SR102 not"
            " where a merge nearby balances the gap, SR103 only for a sentence with a number the source lacks"
        )
    calques = sorted({rule.pack for rule in ruleset.rules if _wants(rule.conditions.get("source-lang"), code)})
    count = sum(1 for rule in ruleset.rules if _wants(rule.conditions.get("source-lang"), code))
    lines.append(
        f"  calques            {', '.join(calques)} ({count} rules)"
        if calques
        else "  calques            no pack for this language"
    )
    return lines


def _romanised_names(code: str) -> str:
    """Which of the source's words the aligner reads in Latin letters (the optional extra `cjk`)."""
    if code not in ROMANISED:
        return "marks only"
    if available(code):
        return "names in pinyin" if code == "zh" else "katakana words and names in Latin letters"
    return "marks only (names too with pip install 'mtcheck[cjk]')"


def _wants(condition: str | list[str] | None, code: str) -> bool:
    if not condition:
        return False
    return code in ([condition] if isinstance(condition, str) else condition)
