"""Running the selected rules over a document and turning their hits into findings.

The engine, not the rules, applies the settings: which rules run, per-path ignores,
configured severities, the severity floor and inline suppression directives.
"""

from __future__ import annotations

import os
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property, partial
from pathlib import Path

from mtcheck.engine.budget import BudgetExceeded, RuleBudgets, seconds_for
from mtcheck.engine.findings import Finding, GaveUp, Hit, Severity
from mtcheck.engine.kinds import Rule, RuleTimeout
from mtcheck.engine.packs import RuleSet
from mtcheck.engine.settings import Settings, glob_matches, selector_matches
from mtcheck.engine.suppressions import Suppressions, parse_directives
from mtcheck.language.pattern_cache import compile_re
from mtcheck.language.resources import rules_root
from mtcheck.text.document import Document

DIRECTIVE_RULE = "MT001"


class SettingsError(Exception):
    """Settings that name rules or packs that do not exist."""


@dataclass
class RunContext:
    """What checks may need beyond the document: the settings and every loaded rule."""

    settings: Settings
    ruleset: RuleSet

    def is_known_selector(self, selector: str) -> bool:
        return any(_matches(selector, rule) for rule in self.ruleset.rules) or any(
            selector_matches(selector, d.code, d.name, d.pack, d.aliases) for d in self.ruleset.dormant
        )


_CODE_LIKE = compile_re(r"[A-Z]{2}\w{3}")


def source_language_matches(rule: Rule, source_lang: str | None) -> bool:
    """Rules of a source-language pack (calques) run only when that source is known."""
    wanted = rule.conditions.get("source-lang")
    if not wanted:
        return True
    return source_lang in ([wanted] if isinstance(wanted, str) else wanted)


def _matches(selector: str, rule: Rule) -> bool:
    return selector_matches(selector, rule.code, rule.name, rule.pack, rule.aliases)


class Checker:
    def __init__(self, ruleset: RuleSet, settings: Settings):
        self.ruleset = ruleset
        self.settings = settings
        self.context = RunContext(settings, ruleset)
        self.warnings: list[str] = []
        self.gave_up: list[GaveUp] = []  # rules out of time in the last check(): the caller reports them
        self._validate()
        self.rules = [rule for rule in ruleset.rules if self._selected(rule)]
        self._plans: dict[tuple[int, ...], _Plan] = {}

    @cached_property
    def empty_text_finds_nothing(self) -> bool:
        """Whether the rules, all bundled, can be left out for an empty text (see check)."""
        return _all_bundled(self.rules)

    def _validate(self) -> None:
        origin = f" (in {self.settings.config_path})" if self.settings.config_path else ""
        groups = [
            ("select", self.settings.select or ()),
            ("ignore", self.settings.ignore),
            ("severity", [code for code, _ in self.settings.severity]),
        ]
        groups += [(f"per-path-ignores.{glob}", selectors) for glob, selectors in self.settings.per_path_ignores]
        for key, selectors in groups:
            for selector in selectors:
                if not self.context.is_known_selector(selector):
                    raise SettingsError(f"{key}: {selector!r} matches no rule{self._did_you_mean(selector)}{origin}")
        for pack in self.settings.packs or ():
            if pack not in self.ruleset.packs and pack not in {d.pack for d in self.ruleset.dormant}:
                raise SettingsError(f"packs: no pack named {pack!r} (known: {', '.join(self.ruleset.packs)}){origin}")

    def _did_you_mean(self, selector: str) -> str:
        import difflib

        known = (
            {d.code for d in self.ruleset.dormant}
            | {d.name for d in self.ruleset.dormant}
            | {d.pack for d in self.ruleset.dormant}
        )
        for rule in self.ruleset.rules:
            known |= {rule.code, rule.name, rule.pack, *rule.aliases}
        key = selector.strip()
        key = key.upper() if key[:2].isalpha() and key[:2].isupper() else key
        lookalike = key[:2] + key[2:].translate(str.maketrans("lLIOo", "11100"))  # "MT10l" -> "MT101"
        if lookalike in known:
            return f" (did you mean {lookalike!r}?)"
        if _CODE_LIKE.fullmatch(key):
            # A code one character off ("MT1O2", "MT102" for "MT112"); "MT999" is no typo of anything.
            close = [k for k in sorted(known) if len(k) == len(key) and sum(a != b for a, b in zip(k, key)) == 1]
        else:
            close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
        return f" (did you mean {close[0]!r}?)" if close else ""

    def _selected(self, rule: Rule) -> bool:
        settings = self.settings
        if settings.packs is not None and rule.pack not in settings.packs:
            return False
        if not source_language_matches(rule, settings.source_lang):
            return False
        if settings.select is not None and not any(_matches(s, rule) for s in settings.select):
            return False
        return not any(_matches(s, rule) for s in settings.ignore)

    def rules_for(self, path: str) -> list[Rule]:
        ignored = self._path_ignores(path)
        if not ignored:
            return self.rules
        return [rule for rule in self.rules if not any(_matches(s, rule) for s in ignored)]

    def _path_ignores(self, path: str) -> list[str]:
        if not self.settings.per_path_ignores or path == "-":
            return []
        root = self.settings.root or Path.cwd()
        try:
            relative = Path(os.path.abspath(path)).relative_to(root).as_posix()
        except ValueError:
            return []
        return [
            s for glob, selectors in self.settings.per_path_ignores if glob_matches(glob, relative) for s in selectors
        ]

    def check(self, doc: Document, rules: list[Rule] | None = None) -> list[Finding]:
        doc.context = self.context
        if not doc.text and doc.original is None and doc.reference is None:
            # No bundled rule finds anything in an empty text compared with nothing: it is not
            # handed to them, whose checks would load their data (names, word lists: most of the
            # cost of checking an empty file) for nothing. tests/test_engine_fixed_costs.py holds
            # it to the rules run, in every language. A rule of the user's folders may report
            # where there is no text: then every text goes to the rules.
            if self.empty_text_finds_nothing if rules is None else _all_bundled(rules):
                self.gave_up = []
                return []
        rules = self.rules_for(doc.path) if rules is None else rules
        plan = self._plan(rules)
        directives, _ = parse_directives(doc.text, doc.comments, self.context.is_known_selector)
        suppressions = (
            Suppressions(sorted(directives, key=lambda d: d.start), lambda o: doc.position(o)[0], doc.next_text_line)
            if directives
            else None  # suppresses nothing
        )
        findings: dict[tuple[str, int, int], Finding] = {}
        min_severity = self.settings.min_severity
        self.gave_up = []
        exclusive_fired = False
        with RuleBudgets(seconds_for(len(doc.checked))) as budgets:  # each rule's, in CPU time
            for rule, severity, exclusive in plan.ordered:
                if not exclusive and exclusive_fired:
                    break
                try:
                    budgets.start()
                    hits = list(rule.hits(doc))
                    budgets.stop()
                except BudgetExceeded as exceeded:
                    budgets.stop()
                    self.gave_up.append(GaveUp(rule.code, rule.name, exceeded.seconds, exceeded.analysis))
                    continue
                except RuleTimeout:
                    budgets.stop()
                    self.gave_up.append(GaveUp(rule.code, rule.name, budgets.seconds))
                    continue
                if not hits:
                    continue
                selects_rule = partial(_matches, rule=rule)
                for hit in hits:
                    if (
                        suppressions is not None
                        and rule.code != DIRECTIVE_RULE
                        and suppressions.suppresses(doc.position(hit.start)[0], selects_rule)
                    ):
                        continue
                    finding = make_finding(rule, doc, hit, milder(severity) if hit.milder else severity)
                    if finding.severity < min_severity:
                        continue
                    findings.setdefault((rule.code, hit.start, hit.end), finding)
                    exclusive_fired = exclusive_fired or exclusive
        if not findings:
            return []
        kept = _one_per_edit(findings.values())
        kept = _without_foreign_looking(_without_masked(kept, plan.masking, plan.spared))
        return sorted(kept, key=lambda f: f.sort_key)

    def _plan(self, rules: list[Rule]) -> _Plan:
        """What check() needs of a list of rules that depends on them and the settings only,
        worked out once per list rather than once per document (a third of the fixed cost of a
        one-line document). Kept per list of the same rules, in the same order, for the same
        settings; a handful of lists at most (per-path ignores make one per set of ignores)."""
        key = tuple(map(id, rules))
        plan = self._plans.get(key)
        if plan is not None and plan.settings is self.settings:  # plan.rules keeps the ids in use
            return plan
        if len(self._plans) >= _MOST_PLANS:
            self._plans.clear()
        masking = {rule.code for rule in rules if rule.masks_others}
        # Exclusive rules go first: when one fires, the others have nothing to say. A rule below
        # the severity floor never runs (nor counts as run).
        ordered = [
            (rule, severity, rule.exclusive)
            for rule in sorted(rules, key=lambda r: not r.exclusive)
            if (severity := self._severity(rule)) >= self.settings.min_severity
        ]
        plan = self._plans[key] = _Plan(tuple(rules), self.settings, ordered, masking, _spared(rules, masking))
        return plan

    def _severity(self, rule: Rule) -> Severity:
        severity = rule.severity
        for selector, level in self.settings.severity:
            if _matches(selector, rule):
                severity = level
        return severity


def _all_bundled(rules: list[Rule]) -> bool:
    """Whether every rule comes from mtcheck's own packs (rules/LANGUAGE/PACK.yaml)."""
    root = rules_root()
    return all(rule.path.parent.parent == root for rule in rules)


@dataclass(frozen=True)
class _Plan:
    """The rules of a check in the order they run, with their severities and masking."""

    rules: tuple[Rule, ...]
    settings: Settings
    ordered: list[tuple[Rule, Severity, bool]]  # rule, its severity, whether it is exclusive
    masking: set[str]
    spared: dict[str, set[str]]


_MOST_PLANS = 16


def _one_per_edit(findings: Iterable[Finding]) -> list[Finding]:
    """Two rules proposing the very same edit ("habeck" -> "Habeck" as a lowercased name and
    as a lowercase sentence start) are one problem: the lower code (the more specific
    family) reports it, with the higher of the two severities."""
    best: dict[tuple, Finding] = {}
    rest = []
    for finding in findings:
        if finding.fix is None:
            rest.append(finding)
            continue
        key = (finding.start, finding.end, finding.fix.start, finding.fix.end, finding.fix.replacement)
        kept = best.get(key)
        if kept is None:
            best[key] = finding
            continue
        first, second = sorted((kept, finding), key=lambda f: f.code)
        best[key] = replace(first, severity=max(first.severity, second.severity))
    return rest + list(best.values())


def _spared(rules: Iterable[Rule], masking: set[str]) -> dict[str, set[str]]:
    """For each code some masking rule lets through (its masks-except), the maskers that
    still mask it."""
    spared: dict[str, set[str]] = {}
    for rule in rules:
        for code in rule.masks_except if rule.code in masking else ():
            spared.setdefault(code, set(masking)).discard(rule.code)
    return spared


def _without_masked(
    findings: list[Finding], masking: set[str], spared: dict[str, set[str]] | None = None
) -> list[Finding]:
    """Drop findings inside the hits of rules that mask others (page residue removed whole,
    mojibake, HTML entities): only the enclosing problem is reported. A code in `spared` is
    masked only by the maskers given for it."""
    if spared and any(f.code in spared for f in findings):
        kept = [f for f in _without_masked(findings, masking) if f.code not in spared]
        for code, still_masking in spared.items():
            kept += [f for f in _without_masked(findings, still_masking) if f.code == code]
        return kept
    maskers = sorted((f for f in findings if f.code in masking), key=lambda f: f.start)
    if not maskers:
        return findings
    # For each prefix of maskers (by start): the one reaching furthest, and the one reaching
    # furthest with another code. A finding is masked when one of those two holds it, so the
    # step is n log n where trying every masker was findings x maskers.
    starts = [m.start for m in maskers]
    furthest: list[tuple[Finding, Finding | None]] = []
    first: Finding | None = None
    second: Finding | None = None
    for m in maskers:
        if first is None or m.end > first.end:
            if first is not None and m.code != first.code:
                second = first
            first = m
        elif m.code != first.code and (second is None or m.end > second.end):
            second = m
        furthest.append((first, second))

    def masked(finding: Finding) -> bool:
        index = bisect_right(starts, finding.start) - 1
        if index < 0:
            return False
        tie = False
        for masker in furthest[index]:
            if masker is None or masker.code == finding.code or masker.end < finding.end:
                continue
            if _masks(masker, finding):
                return True
            tie = True  # the very same span, where the tie rule kept the finding: ask the others
        return tie and any(m.code != finding.code and _masks(m, finding) for m in maskers[: index + 1])

    return [f for f in findings if not masked(f)]


def _without_foreign_looking(findings: list[Finding]) -> list[Finding]:
    """Drop the runs of foreign words (LI102) that hold mojibake: "cafÃƒÂ© au lait" reads
    as French because of its garbled letters, and the mojibake finding says what to mend."""
    garbled = sorted(f.start for f in findings if f.category == _MOJIBAKE)
    if not garbled:
        return findings

    def holds_garbled(finding: Finding) -> bool:
        index = bisect_left(garbled, finding.start)
        return index < len(garbled) and garbled[index] < finding.end

    return [f for f in findings if not (f.code == _FOREIGN_WORDS and holds_garbled(f))]


_FOREIGN_WORDS = "LI102"
_MOJIBAKE = "Fluency/Character encoding"


def _masks(masker: Finding, finding: Finding) -> bool:
    """The masker's span holds the finding's. Two masking findings on the very same span
    (a "Leggi anche" line that is both page residue and untranslated) keep the one that
    can be fixed (the residue line goes), else the lower code."""
    if not (masker.start <= finding.start and finding.end <= masker.end):
        return False
    if (masker.start, masker.end) != (finding.start, finding.end):
        return True
    return (masker.fix is not None, finding.code) > (finding.fix is not None, masker.code)


def milder(severity: Severity) -> Severity:
    """One severity lower, never below minor: what a hit marked `milder` is reported at."""
    return Severity(max(Severity.MINOR, severity - 1))


def make_finding(rule: Rule, doc: Document, hit: Hit, severity: Severity | None = None) -> Finding:
    return Finding(
        code=rule.code,
        name=rule.name,
        category=rule.category,
        severity=rule.severity if severity is None else severity,
        message=rule.format_message(doc, hit),
        start=hit.start,
        end=hit.end,
        fix=hit.fix,
    )
