"""Loading declarative rule packs (YAML) and rejecting malformed ones with a precise error."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtcheck.engine.findings import SEVERITY_NAMES, Severity
from mtcheck.engine.kinds import SCOPES, Example, LineRule, PatternRule, PythonRule, Rule, message_fields, resolve_check
from mtcheck.files import InputError
from mtcheck.language.pattern_cache import IGNORECASE, compile_pattern, compile_re, pattern_error
from mtcheck.language.resources import load_yaml, rules_root

if TYPE_CHECKING:
    import regex

# Top-level MQM dimensions (MQM Core, 2022) and the names mtcheck uses for them.
MQM_DIMENSIONS = (
    "Accuracy",
    "Fluency",
    "Terminology",
    "Style",
    "Locale convention",
    "Design and markup",
    "Verity",
    "Audience appropriateness",
    "Non-translation",
    "Internationalization",
    "Other",
)
CODE = compile_re(r"^[A-Z]{1,8}\d{3,4}$")
NAME = compile_re(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
COMMON_LANGUAGE = "common"
_LANGUAGE_FOLDER = compile_re(r"^[a-z]{2,3}$")


class PackError(Exception):
    """A rule pack that cannot be used; str() is the one-line message."""

    def __init__(self, path: Path | str, problem: str, rule: str | None = None, field: str | None = None):
        where = f"{path}"
        if rule:
            where += f": rule {rule}"
        if field:
            where += f": field '{field}'"
        super().__init__(f"{where}: {problem}")


# field -> (types, required)
_PACK_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "pack": ((str,), True),
    "family": ((str,), True),
    "description": ((str,), False),
    "languages": ((list,), False),
    "when": ((dict,), False),
    "fix-safe": ((bool,), False),  # default for the pack's rules (calques: editorial, not mechanical)
    "rules": ((list,), True),
}
_RULE_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "code": ((str,), True),
    "name": ((str,), True),
    "kind": ((str,), True),
    "category": ((str,), True),
    "severity": ((str,), True),
    "message": ((str,), True),
    "explanation": ((str,), True),
    "examples": ((dict,), True),
    "aliases": ((list,), False),
    "fix-safe": ((bool,), False),
    "masks-others": ((bool,), False),
    "masks-except": ((list,), False),
    "exclusive": ((bool,), False),
}
_KIND_FIELDS: dict[str, dict[str, tuple[tuple[type, ...], bool]]] = {
    "pattern": {
        "pattern": ((str,), True),
        "scope": ((str,), False),
        "fix": ((str,), False),
        "exceptions": ((list,), False),
        "lists": ((dict,), False),
        "requires": ((str, list), False),
        "requires-in-scope": ((bool,), False),
    },
    "line": {
        "patterns": ((list,), True),
        "max-words": ((int,), False),
        "fixable": ((bool,), False),  # the fix removes the line (default); false: report only
    },
    "python": {
        "check": ((str,), True),
        "options": ((dict,), False),
        "fixable": ((bool,), False),  # the check's hits carry fixes
    },
}
_GROUP_REFERENCE = compile_re(r"\\g<([^>]*)>|\\(\d+)")
_EXAMPLE_FIELDS = {"text", "span", "spans", "fixed", "format", "settings", "reference", "source", "milder"}
_WHEN_KEYS = {"source-lang"}


ALL_SOURCES = "*"  # load the packs of every source language (for listing and testing rules)


@dataclass(frozen=True)
class Dormant:
    """A rule of a pack that does not apply to this run (another source language): known by
    name, so that settings may name it, but never compiled."""

    code: str
    name: str
    pack: str
    aliases: tuple[str, ...] = ()


@dataclass
class RuleSet:
    """The rules a run uses, and the dormant ones (known by name only)."""

    rules: list[Rule]
    dormant: list[Dormant] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_code: dict[str, Rule] = {}
        for rule in self.rules:
            self.by_code[rule.code] = rule
            for alias in rule.aliases:
                self.by_code[alias] = rule

    @property
    def packs(self) -> list[str]:
        return sorted({rule.pack for rule in self.rules})

    def find(self, code_or_name: str) -> Rule | None:
        key = code_or_name.strip()
        return self.by_code.get(key.upper()) or next((r for r in self.rules if r.name == key), None)


def pack_files(language: str, extra_folders: Iterable[Path] = ()) -> list[tuple[Path, str | None]]:
    """(pack file, language it is filed under or None) for the bundled packs and extra folders.

    In an extra folder, packs directly inside (or in a folder not named like a language)
    apply to every language unless they say `languages:`; packs in `common/` or in a
    folder named after a language (`en/`, `es/`) follow the bundled layout.
    """
    root = rules_root()
    files: list[tuple[Path, str | None]] = []
    for folder_language in (COMMON_LANGUAGE, language):
        files.extend((p, folder_language) for p in sorted((root / folder_language).glob("*.yaml")))
    for folder in extra_folders:
        if not folder.is_dir():
            raise PackError(folder, "rule folder does not exist")
        for path in sorted(folder.rglob("*.yaml")):
            parent = path.parent.name if path.parent != folder else ""
            if parent in (COMMON_LANGUAGE, language):
                files.append((path, parent))
            elif not _LANGUAGE_FOLDER.match(parent):
                files.append((path, None))
    return files


def load_rules(language: str, extra_folders: Iterable[Path] = (), source_lang: str | None = ALL_SOURCES) -> RuleSet:
    """The rules for a target language. With a source language, packs for other source
    languages (calques) stay dormant: read, but not compiled."""
    rules: list[Rule] = []
    dormant: list[Dormant] = []
    seen: dict[str, Path] = {}
    for path, filed_under in pack_files(language, extra_folders):
        pack_rules, pack_dormant = load_pack(path, filed_under or language, source_lang)
        dormant.extend(pack_dormant)
        for rule in pack_rules:
            if filed_under in (None, COMMON_LANGUAGE) and not _applies(rule, language):
                continue
            for code in (rule.code, *rule.aliases):
                if code in seen:
                    raise PackError(path, f"duplicate code {code} (also in {seen[code]})", rule.code, "code")
                seen[code] = path
            rules.append(rule)
    return RuleSet(rules, dormant)


def _applies(rule: Rule, language: str) -> bool:
    languages = rule.conditions.get("languages")
    return not languages or language in languages


def load_pack(path: Path, language: str, source_lang: str | None = ALL_SOURCES) -> tuple[list[Rule], list[Dormant]]:
    try:
        data = load_yaml(path)
    except InputError as err:
        raise PackError(path, f"cannot read: {err.problem}") from None
    except UnicodeDecodeError as err:
        raise PackError(path, f"not valid UTF-8 (offset {err.start})") from None
    except Exception as err:  # PyYAML's errors carry the line and column
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise PackError(path, f"invalid YAML{where}: {problem}") from None
    if not isinstance(data, dict):
        raise PackError(path, "a rule pack must be a mapping with 'pack', 'family' and 'rules'")
    _check_fields(path, data, _PACK_FIELDS, rule=None)
    conditions: dict[str, Any] = {}
    for key, value in (data.get("when") or {}).items():
        if key not in _WHEN_KEYS:
            raise PackError(path, f"unknown condition {key!r} (known: {', '.join(sorted(_WHEN_KEYS))})", field="when")
        if not (isinstance(value, str) or isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
            raise PackError(path, "a condition is a language code or a list of them", field=f"when.{key}")
        conditions[key] = value
    if data.get("languages"):
        conditions["languages"] = [str(x) for x in data["languages"]]
    wanted = conditions.get("source-lang")
    if wanted and source_lang != ALL_SOURCES and source_lang not in ([wanted] if isinstance(wanted, str) else wanted):
        return [], [_dormant(entry, data["pack"]) for entry in data["rules"] if isinstance(entry, dict)]
    rules = []
    for index, entry in enumerate(data["rules"]):
        if not isinstance(entry, dict):
            raise PackError(path, f"rule #{index + 1} is not a mapping")
        if isinstance(entry, dict) and "fix-safe" in data and "fix-safe" not in entry:
            entry = {**entry, "fix-safe": data["fix-safe"]}
        rules.append(_build_rule(path, entry, data["pack"], data["family"], language, conditions))
    return rules, []


def _dormant(entry: dict, pack: str) -> Dormant:
    return Dormant(
        str(entry.get("code", "")), str(entry.get("name", "")), pack, tuple(str(a) for a in entry.get("aliases", ()))
    )


def _check_fields(path: Path, data: dict, fields: dict, rule: str | None) -> None:
    for key in data:
        if key not in fields:
            import difflib  # for a mistake only

            close = difflib.get_close_matches(str(key), fields, 1)
            hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(sorted(fields))})"
            raise PackError(path, f"unknown key{hint}", rule, key)
    for key, (types, required) in fields.items():
        if key not in data:
            if required:
                raise PackError(path, "missing", rule, key)
            continue
        value = data[key]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            expected = " or ".join(t.__name__ for t in types)
            raise PackError(path, f"expected {expected}, got {type(value).__name__}", rule, key)


def _build_rule(path: Path, entry: dict, pack: str, family: str, language: str, conditions: dict) -> Rule:
    label = str(entry.get("code", "?"))
    kind = entry.get("kind")
    if kind not in _KIND_FIELDS:
        raise PackError(path, f"unknown kind {kind!r} (known: {', '.join(_KIND_FIELDS)})", label, "kind")
    _check_fields(path, entry, {**_RULE_FIELDS, **_KIND_FIELDS[kind]}, label)
    code = entry["code"]
    if not CODE.match(code):
        raise PackError(path, "a code is letters then 3-4 digits, like MT101", label, "code")
    if not NAME.match(entry["name"]):
        raise PackError(path, "a name is lowercase words joined by hyphens", label, "name")
    if entry.get("masks-except") and not entry.get("masks-others"):
        raise PackError(path, "masks-except names codes a rule that masks others lets through", label, "masks-except")
    if any(not CODE.match(str(c)) for c in entry.get("masks-except", ())):
        raise PackError(path, "masks-except lists codes, like NM101", label, "masks-except")
    if entry["category"].split("/")[0] not in MQM_DIMENSIONS:
        raise PackError(path, f"not an MQM category (top level one of: {', '.join(MQM_DIMENSIONS)})", label, "category")
    try:
        severity = Severity.parse(entry["severity"])
    except ValueError:
        raise PackError(path, f"expected one of {', '.join(SEVERITY_NAMES)}", label, "severity") from None
    common = dict(
        code=code,
        name=entry["name"],
        category=entry["category"],
        severity=severity,
        message=entry["message"].strip(),
        explanation=entry["explanation"].strip(),
        pack=pack,
        family=family,
        language=language,
        path=path,
        flag_examples=_examples(path, label, entry["examples"], "flag"),
        pass_examples=_examples(path, label, entry["examples"], "pass"),
        aliases=tuple(str(a) for a in entry.get("aliases", ())),
        fix_safe=entry.get("fix-safe", True),
        masks_others=entry.get("masks-others", False),
        masks_except=tuple(str(c) for c in entry.get("masks-except", ())),
        exclusive=entry.get("exclusive", False),
        conditions=conditions,
    )
    unknown = set(entry["examples"]) - {"flag", "pass"}
    if unknown:
        raise PackError(path, f"unknown example group {sorted(unknown)[0]!r} (use flag and pass)", label, "examples")
    if kind == "pattern":
        rule: Rule = _pattern_rule(path, label, entry, common)
    elif kind == "line":
        patterns = entry["patterns"]
        combined = "|".join(f"(?:{p})" for p in patterns) if all(isinstance(p, str) for p in patterns) else None
        try:
            pattern = compile_pattern(combined, IGNORECASE) if combined is not None else None
        except pattern_error():
            pattern = None
        if pattern is None:  # find the culprit to name it
            for source in patterns:
                _compile(path, label, "patterns", source, IGNORECASE)
            raise PackError(path, "patterns do not compile together", label, "patterns")
        rule = LineRule(
            **common, pattern=pattern, max_words=entry.get("max-words", 12), delete=entry.get("fixable", True)
        )
    else:
        try:
            function = resolve_check(entry["check"])
        except (ImportError, AttributeError, ValueError) as err:
            raise PackError(path, f"cannot load check: {err}", label, "check") from None
        options = _options(path, label, entry.get("options", {}), getattr(function, "option_defaults", {}))
        rule = PythonRule(**common, function=function, options=options, proposes_fixes=entry.get("fixable", False))
    _check_message(path, label, rule)
    return rule


def _options(path: Path, label: str, given: dict, declared: dict) -> dict:
    """The check's options: its declared defaults, overridden by the pack's values, each
    checked against the declaration (an unknown or mistyped option is an error, not a
    setting silently ignored)."""
    for key, value in given.items():
        if key not in declared:
            import difflib  # for a mistake only

            close = difflib.get_close_matches(key, declared, 1)
            hint = (
                f"; did you mean {close[0]!r}?"
                if close
                else f" (it takes {', '.join(sorted(declared))})"
                if declared
                else " (its check takes no options)"
            )
            raise PackError(path, f"unknown option {key!r}{hint}", label, f"options.{key}")
        problem = _option_problem(value, declared[key])
        if problem:
            raise PackError(path, problem, label, f"options.{key}")
    return {**declared, **given}


def _option_problem(value: Any, default: Any) -> str | None:
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "expected true or false"
    if isinstance(default, int):
        return None if isinstance(value, int) and not isinstance(value, bool) else "expected a whole number"
    if isinstance(default, float):
        return None if isinstance(value, (int, float)) and not isinstance(value, bool) else "expected a number"
    if isinstance(default, str):
        return None if isinstance(value, str) else "expected a string"
    # The types of a list's or table's items, gathered in C: option lists run to thousands of
    # words, and a generator over them was 6% of loading the packs. YAML and JSON make no
    # subclass of str, so a type that is not str is an item that is not a word.
    if isinstance(default, dict):
        if not isinstance(value, dict) or not {*map(type, value), *map(type, value.values())} <= {str}:
            return "expected a table of words (word: word)"
        return None
    if not isinstance(value, list):
        return "expected a list of words"
    types = set(map(type, value))
    # YAML reads a bare On, Off, Yes or No as a boolean: the word would silently drop out.
    if bool in types:
        return "a word of the list was read as true or false: quote it ('On', 'no')"
    return None if types <= {str} else "expected a list of words"


def _pattern_rule(path: Path, label: str, entry: dict, common: dict) -> PatternRule:
    scope = entry.get("scope", "block")
    if scope not in SCOPES:
        raise PackError(path, f"expected one of {', '.join(SCOPES)}", label, "scope")
    lists = entry.get("lists", {})
    for name, words in lists.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise PackError(path, f"list {name!r} must be a list of strings", label, "lists")
    pattern = _compile(path, label, "pattern", entry["pattern"], 0, lists)
    exceptions = tuple(_compile(path, label, "exceptions", e, 0, lists) for e in entry.get("exceptions", ()))
    fix = entry.get("fix")
    if fix is not None:
        for reference in _GROUP_REFERENCE.finditer(fix):
            group = reference.group(1) or reference.group(2)
            known = int(group) <= pattern.groups if group.isdigit() else group in pattern.groupindex
            if not known:
                raise PackError(path, f"fix refers to group {group!r}, which the pattern does not have", label, "fix")
    requires = entry.get("requires")
    if isinstance(requires, str):
        requires = tuple(requires)  # any one of these characters
    elif requires is not None:
        if not all(isinstance(r, str) and r for r in requires):
            raise PackError(path, "a string of characters or a list of non-empty strings", label, "requires")
        requires = tuple(requires)
    in_scope = entry.get("requires-in-scope", False)
    if in_scope and not requires:
        raise PackError(path, "requires-in-scope needs requires", label, "requires-in-scope")
    return PatternRule(
        **common,
        pattern=pattern,
        scope=scope,
        fix_template=fix,
        exceptions=exceptions,
        requires=requires,
        requires_in_scope=in_scope,
    )


def _compile(path: Path, label: str, field: str, source: Any, flags: int, lists: dict | None = None) -> regex.Pattern:
    if not isinstance(source, str):
        raise PackError(path, "patterns must be strings", label, field)
    try:
        return compile_pattern(source, flags, **(lists or {}))
    except pattern_error() as err:
        raise PackError(path, f"regex does not compile: {err}", label, field) from None


def _check_message(path: Path, label: str, rule: Rule) -> None:
    allowed = {"text", "suggestion"}
    if isinstance(rule, PatternRule):
        allowed |= set(rule.pattern.groupindex)
    elif isinstance(rule, LineRule):
        allowed |= {"line"}
    elif isinstance(rule, PythonRule):  # the only other kind
        allowed |= set(getattr(rule.function, "message_fields", ()))
    try:
        unknown = message_fields(rule.message) - allowed
    except ValueError as err:
        raise PackError(path, f"bad message template: {err}", label, "message") from None
    if unknown:
        raise PackError(
            path,
            f"unknown placeholder {{{sorted(unknown)[0]}}} (available: {', '.join(sorted(allowed))})",
            label,
            "message",
        )


def _examples(path: Path, label: str, examples: dict, group: str) -> Callable[[], list[Example]]:
    """What makes a rule's flag or pass examples, checked here: they are made when first read
    (kinds.MadeWhenRead), which a check never does."""
    made: list[str | tuple] = []  # Example's arguments: the text alone, or all of them
    for item in examples.get(group) or []:
        if isinstance(item, str):
            made.append(item)
            continue
        if not isinstance(item, dict) or "text" not in item:
            raise PackError(path, f"each {group} example is a string or a mapping with 'text'", label, "examples")
        if not _EXAMPLE_FIELDS.issuperset(item):
            unknown = set(item) - _EXAMPLE_FIELDS
            raise PackError(path, f"unknown example key {sorted(unknown)[0]!r}", label, "examples")
        text = item["text"]
        spans = item.get("spans", [item["span"]] if "span" in item else None)
        if spans is not None:
            if not isinstance(spans, list) or not all(isinstance(s, str) and (s in text or s == "") for s in spans):
                raise PackError(path, f"example spans must be substrings of the text: {text!r}", label, "examples")
            spans = tuple(spans)
        get = item.get
        made.append(
            (
                text,
                spans,
                get("fixed"),
                get("format", "text"),
                dict(get("settings", {})),
                get("reference"),
                get("source"),
                get("milder"),
            )
        )
    return partial(_made_examples, made)


def _made_examples(made: list[str | tuple]) -> list[Example]:
    return [Example(item) if isinstance(item, str) else Example(*item) for item in made]
