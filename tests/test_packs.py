"""Rule packs: malformed ones are rejected at load with the file, rule and field named."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mtcheck.engine.kinds import Example
from mtcheck.engine.packs import PackError, load_pack, load_rules

GOOD_RULE = """
  - code: XX101
    name: test-rule
    kind: pattern
    pattern: 'foo'
    category: Fluency/Spelling
    severity: minor
    message: "foo found"
    explanation: "Finds foo."
    examples: {flag: ["a foo"], pass: ["a bar"]}
"""


def write_pack(folder, body: str, name: str = "pack.yaml"):
    path = folder / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def pack_with(rule_lines: str) -> str:
    return "pack: test\nfamily: test\nrules:\n" + rule_lines


@pytest.mark.parametrize(
    "rule, message",
    [
        (GOOD_RULE.replace("severity: minor", "severty: minor"), "rule XX101: field 'severty': unknown key"),
        (GOOD_RULE.replace("pattern: 'foo'", "pattern: 'fo(o'"), "rule XX101: field 'pattern': regex does not compile"),
        (
            GOOD_RULE.replace("severity: minor", "severity: high"),
            "rule XX101: field 'severity': expected one of minor, major, critical",
        ),
        (GOOD_RULE.replace("Fluency/Spelling", "Grammar"), "rule XX101: field 'category': not an MQM category"),
        (GOOD_RULE.replace("kind: pattern", "kind: magic"), "rule XX101: field 'kind': unknown kind 'magic'"),
        (
            GOOD_RULE.replace('"foo found"', '"{nonsense} found"'),
            "rule XX101: field 'message': unknown placeholder {nonsense}",
        ),
        (GOOD_RULE.replace('    message: "foo found"\n', ""), "rule XX101: field 'message': missing"),
        (GOOD_RULE.replace("code: XX101", "code: 101"), "field 'code': expected str, got int"),
        (
            GOOD_RULE.replace("pattern: 'foo'", "pattern: 'foo'\n    fix: '\\g<word>'"),
            "rule XX101: field 'fix': fix refers to group 'word'",
        ),
        (
            GOOD_RULE.replace("kind: pattern\n    pattern: 'foo'", "kind: python\n    check: nowhere.nothing"),
            "rule XX101: field 'check': cannot load check",
        ),
        # One spelling for "can fix": `fixable` (line and python rules); the old `fixes` is refused.
        (
            GOOD_RULE.replace(
                "kind: pattern\n    pattern: 'foo'", "kind: python\n    check: casing.lowercase_names\n    fixes: true"
            ),
            "rule XX101: field 'fixes': unknown key; did you mean 'fixable'?",
        ),
        # YAML reads a bare On as true: the word would silently leave the list.
        (
            GOOD_RULE.replace(
                "kind: pattern\n    pattern: 'foo'",
                "kind: python\n    check: segmentation.missing_full_stops\n    options: {openers: [The, On]}",
            ),
            "rule XX101: field 'options.openers': a word of the list was read as true or false",
        ),
        # Options are declared by the check: a misspelt or mistyped one is an error, not ignored.
        (
            GOOD_RULE.replace(
                "kind: pattern\n    pattern: 'foo'",
                "kind: python\n    check: degeneration.repeated_ngrams\n    options: {max-nn: 2}",
            ),
            "rule XX101: field 'options.max-nn': unknown option 'max-nn'; did you mean 'max-n'?",
        ),
        (
            GOOD_RULE.replace(
                "kind: pattern\n    pattern: 'foo'",
                "kind: python\n    check: degeneration.repeated_ngrams\n    options: {min-wordz: 99}",
            ),
            "rule XX101: field 'options.min-wordz': unknown option 'min-wordz' (it takes idioms, max-n)",
        ),
        (
            GOOD_RULE.replace(
                "kind: pattern\n    pattern: 'foo'",
                "kind: python\n    check: degeneration.repeated_ngrams\n    options: {max-n: twelve}",
            ),
            "rule XX101: field 'options.max-n': expected a whole number",
        ),
        (
            GOOD_RULE.replace(
                "kind: pattern\n    pattern: 'foo'",
                "kind: python\n    check: degeneration.repeated_ngrams\n    options: {idioms: again}",
            ),
            "rule XX101: field 'options.idioms': expected a list of words",
        ),
        (
            GOOD_RULE.replace(
                "kind: pattern\n    pattern: 'foo'",
                "kind: python\n    check: conventions.guillemet_spacing\n    options: {x: 1}",
            ),
            "(its check takes no options)",
        ),
        (
            GOOD_RULE.replace("kind: pattern", "kind: pattern\n    masks-except: [NM101]"),
            "field 'masks-except': masks-except names codes a rule that masks others lets through",
        ),
        (
            GOOD_RULE.replace("kind: pattern", "kind: pattern\n    masks-others: true\n    masks-except: [names]"),
            "field 'masks-except': masks-except lists codes, like NM101",
        ),
    ],
)
def test_malformed_rules_are_rejected_precisely(tmp_path, rule, message):
    path = write_pack(tmp_path, pack_with(rule))
    with pytest.raises(PackError) as error:
        load_pack(path, "en")
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_bad_yaml_names_line_and_column(tmp_path):
    path = write_pack(tmp_path, "pack: test\nfamily: test\nrules: [\n  {code: XX1\n")
    with pytest.raises(PackError, match=r"invalid YAML at line \d+, column \d+"):
        load_pack(path, "en")


def test_duplicate_codes_across_packs_are_rejected(tmp_path):
    write_pack(tmp_path, pack_with(GOOD_RULE), "one.yaml")
    write_pack(tmp_path, pack_with(GOOD_RULE.replace("test-rule", "other-rule")), "two.yaml")
    with pytest.raises(PackError, match="duplicate code XX101"):
        load_rules("en", [tmp_path])


def test_a_bundled_code_cannot_be_reused(tmp_path):
    write_pack(tmp_path, pack_with(GOOD_RULE.replace("XX101", "MT101")))
    with pytest.raises(PackError, match="duplicate code MT101"):
        load_rules("en", [tmp_path])


def test_extra_rule_folder_adds_rules(tmp_path):
    write_pack(tmp_path, pack_with(GOOD_RULE))
    ruleset = load_rules("en", [tmp_path])
    assert ruleset.find("XX101").name == "test-rule"
    assert ruleset.find("test-rule").code == "XX101"


def test_language_folders_in_extra_folders_apply_to_their_language(tmp_path):
    (tmp_path / "de").mkdir()
    write_pack(tmp_path / "de", pack_with(GOOD_RULE))
    assert load_rules("en", [tmp_path]).find("XX101") is None


def test_a_runaway_pattern_times_out_and_the_other_rules_still_run(tmp_path):
    from typer.testing import CliRunner

    from mtcheck.cli import app

    slow = GOOD_RULE.replace("pattern: 'foo'", "pattern: '(a|aa)+$'")
    write_pack(tmp_path, pack_with(slow))
    article = tmp_path / "story.txt"
    article.write_text("The army left kyiv. " + "a" * 60 + "!\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(article), "--rule-folder", str(tmp_path)])
    assert " MT101 " in result.stdout
    assert f"mtcheck: error: {article}: rule XX101 (test-rule) gave up after 1.0 s of CPU time" in result.stderr
    assert "1 rule run gave up (out of time)" in result.stdout
    assert result.exit_code == 2  # findings are missing: not a pass, not an ordinary failure
    allowed = CliRunner().invoke(app, ["check", str(article), "--rule-folder", str(tmp_path), "--allow-timeouts"])
    assert f"mtcheck: warning: {article}: rule XX101 (test-rule) gave up" in allowed.stderr
    assert allowed.exit_code == 1  # the MT101 finding decides


def test_requires_in_scope_runs_the_pattern_only_on_blocks_with_a_required_string(tmp_path):
    from typer.testing import CliRunner

    from mtcheck.cli import app

    scoped = GOOD_RULE.replace("pattern: 'foo'", "pattern: 'foo'\n    requires: [bar]\n    requires-in-scope: true")
    write_pack(tmp_path, pack_with(scoped.replace('flag: ["a foo"]', 'flag: ["a foo bar"]')))
    article = tmp_path / "story.txt"
    article.write_text("A foo and a bar.\n\nA foo alone.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(article), "--select", "XX101", "--rule-folder", str(tmp_path)])
    assert f"{article}:1:3: minor XX101" in result.stdout
    assert result.stdout.count(" XX101 ") == 1  # the second paragraph has no "bar"
    unscoped = write_pack(
        tmp_path,
        pack_with(GOOD_RULE.replace("pattern: 'foo'", "pattern: 'foo'\n    requires-in-scope: true")),
        "bad.yaml",
    )
    with pytest.raises(PackError, match="requires-in-scope needs requires"):
        load_pack(unscoped, "en")


def test_a_fix_template_is_filled_in_as_regex_fills_it():
    """kinds.expanded fills in group references itself (regex's template compiler is its
    pure-Python parser): the same text as match.expand for every bundled fix on its rule's
    flag examples, and for templates with other escapes, which it hands to regex."""
    import regex

    from mtcheck.engine.kinds import PatternRule, expanded
    from mtcheck.engine.packs import ALL_SOURCES
    from mtcheck.language.resources import rules_root

    compared = 0
    for folder in sorted(p for p in rules_root().iterdir() if p.is_dir() and p.name != "common"):
        for rule in load_rules(folder.name, source_lang=ALL_SOURCES).rules:
            if isinstance(rule, PatternRule) and rule.fix_template and "\\" in rule.fix_template:
                for example in rule.flag_examples:
                    for match in rule.pattern.finditer(example.text):
                        assert expanded(match, rule.fix_template) == match.expand(rule.fix_template), rule.code
                        compared += 1
    assert compared >= 10  # every bundled template with a group reference
    match = regex.search(r"(?P<a>\d+)(?P<b>x)?(-)?", "12-")
    templates = [r"\g<a>,\g<b>", r"\g<0>|\g<1>|\g<3>", "a\u00a0\\g<a>", r"\g<a>\n", r"\\\g<a>", r"\1", "plain"]
    for template in templates:
        assert expanded(match, template) == match.expand(template), template


def test_examples_are_the_objects_their_class_makes() -> None:
    from mtcheck.engine import packs
    from mtcheck.engine.kinds import Example

    assert list(vars(packs._examples(Path("p.yaml"), "MT1", {"flag": ["x"]}, "flag")()[0]).items()) == list(
        vars(Example("x")).items()
    )
    made = packs._examples(Path("p.yaml"), "MT1", {"flag": ["x", {"text": "y"}]}, "flag")()
    assert made[0].settings is not made[1].settings


def _example(item: str | dict) -> Example:
    """An example as its YAML entry reads."""
    if isinstance(item, str):
        return Example(item)
    spans = item.get("spans", [item["span"]] if "span" in item else None)
    return Example(
        item["text"],
        None if spans is None else tuple(spans),
        item.get("fixed"),
        item.get("format", "text"),
        dict(item.get("settings", {})),
        item.get("reference"),
        item.get("source"),
        item.get("milder"),
    )


def test_examples_are_made_when_first_read_and_are_those_the_pack_gives() -> None:
    """A loaded rule holds what makes its examples (a check never reads them); the first read
    makes them, as Example's own __init__ makes them from the pack's entries, once."""
    from dataclasses import fields, replace

    from mtcheck.engine.kinds import Rule
    from mtcheck.engine.packs import ALL_SOURCES
    from mtcheck.language.resources import load_yaml

    rules = {rule.code: rule for rule in load_rules("en", source_lang=ALL_SOURCES).rules}
    assert all(callable(rule._flag_examples) and callable(rule._pass_examples) for rule in rules.values())
    compared = 0
    for path in sorted(Path(next(iter(rules.values())).path).parent.parent.glob("*/*.yaml")):
        for entry in load_yaml(path)["rules"]:
            rule = rules.get(entry["code"])
            if rule is None or rule.path != path:
                continue
            for group in ("flag", "pass"):
                expected = [_example(item) for item in entry["examples"].get(group) or []]
                made = getattr(rule, f"{group}_examples")
                assert made == expected and getattr(rule, f"{group}_examples") is made, rule.code
                compared += len(made)
    assert compared > 1000
    rule = next(iter(rules.values()))
    assert replace(rule) == rule and replace(rule, flag_examples=[]).flag_examples == []
    assert [f.name for f in fields(Rule)][10:12] == ["flag_examples", "pass_examples"]
    with pytest.raises(TypeError):  # still required
        Rule("XX101", "x", "Fluency", rule.severity, "m", "e", "p", "f", "en", rule.path, [])  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "examples, message",
    [
        ('{flag: [{span: "foo"}], pass: ["a bar"]}', "each flag example is a string or a mapping with 'text'"),
        ('{flag: [{text: "a foo", spam: 1, eggs: 2}], pass: ["a bar"]}', "unknown example key 'eggs'"),
        (
            '{flag: [{text: "a foo", span: "bar"}], pass: ["a bar"]}',
            "example spans must be substrings of the text: 'a foo'",
        ),
        (
            '{flag: ["a foo"], pass: [{text: "a bar", spans: "bar"}]}',
            "example spans must be substrings of the text: 'a bar'",
        ),
    ],
)
def test_a_malformed_example_is_refused_at_load(tmp_path, examples: str, message: str) -> None:
    rule = GOOD_RULE.replace('{flag: ["a foo"], pass: ["a bar"]}', examples)
    path = write_pack(tmp_path, pack_with(rule))
    with pytest.raises(PackError) as raised:
        load_pack(path, "en")
    assert str(raised.value) == f"{path}: rule XX101: field 'examples': {message}"
