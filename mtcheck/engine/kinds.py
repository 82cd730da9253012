"""Rule kinds: what a YAML rule can be. Each kind turns a document into `Hit`s.

- pattern: a `regex` pattern run over blocks, sentences, lines or the whole document;
  a named group `flag` narrows the reported span, `fix` is an expansion template that
  replaces the flagged span (or a wider named group `replace`: the spaces before an empty
  "()", the line break after a dateline), `exceptions` are patterns whose match covering a hit drops it,
  `requires` lists characters without which the pattern cannot match (a fast pre-test;
  looked for in any case when the pattern ignores case).
- line:    whole short lines that fully match one of `patterns` (page residue), removed by fix.
- python:  a function in mtcheck.checks (or any module) for logic patterns cannot express.
"""

from __future__ import annotations

import importlib
import importlib.util
import string
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from mtcheck.engine.budget import pattern_timeout
from mtcheck.engine.findings import Fix, Hit, Severity
from mtcheck.engine.match_starts import match_starts, start_positions
from mtcheck.language.pattern_cache import IGNORECASE, compile_pattern, compile_re
from mtcheck.text.document import Document
from mtcheck.text.scan import SHORT_TEXT, case_folded, finder, holds_any, matches_at, native_words
from mtcheck.text.segment import MASK
from mtcheck.text.words import text_words

if TYPE_CHECKING:
    import regex

SCOPES = ("block", "sentence", "line", "document")


class RuleTimeout(Exception):
    """A pattern's own wall-clock timeout ran out (where no CPU budget can be used)."""


@dataclass(frozen=True)
class Example:
    """A rule's flag or pass example (its test)."""

    text: str
    spans: tuple[str, ...] | None = None  # expected flagged texts, in order; None: at least one hit
    fixed: str | None = None
    format: str = "text"
    settings: dict[str, Any] = field(default_factory=dict)
    reference: str | None = None  # a human translation to compare with (reference rules)
    source: str | None = None  # the text translated, in the example's source-lang (source rules)
    milder: bool | None = None  # the hits must (True) or must not (False) be reported one severity lower


Examples = list[Example]


class MadeWhenRead:
    """A field of Rule holding a rule's examples, or a function that makes them: called when
    the field is first read, and replaced by what it made. The packs give their rules their
    examples so (mtcheck/engine/packs.py checks them when it loads them): a check never reads
    them, and making some 1,200 frozen Examples at each start was 23 M instructions, 7% of
    checking an empty file."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        # Kept as an attribute of its own, set as any other: writing to the rule's __dict__
        # would make Python 3.11 give up its compact attribute storage, and every attribute
        # read of the rule would cost more (32 M instructions on 1,000 one-line records).
        self.stored = "_" + name

    def __get__(self, rule: Rule | None, owner: type | None = None) -> Examples:
        if rule is None:
            raise AttributeError(self.name)  # (what tells dataclasses the field has no default)
        value = getattr(rule, self.stored)
        if callable(value):
            value = value()
            setattr(rule, self.stored, value)
        return value

    def __set__(self, rule: Rule, value: Examples | Callable[[], Examples]) -> None:
        setattr(rule, self.stored, value)


@dataclass
class Rule:
    """What every rule kind has: code, name, severity, message and examples."""

    code: str
    name: str
    category: str
    severity: Severity
    message: str
    explanation: str
    pack: str
    family: str
    language: str
    path: Path
    flag_examples: MadeWhenRead = MadeWhenRead()  # a list of Examples (or what makes it: see MadeWhenRead)
    pass_examples: MadeWhenRead = MadeWhenRead()
    aliases: tuple[str, ...] = ()
    fix_safe: bool = True
    # Findings of other rules inside this rule's hits are dropped: a line of page residue
    # or a stretch of mojibake is one problem, whatever else its characters trip.
    masks_others: bool = False
    # Codes this rule's hits do not mask: findings still worth reading if the editor keeps the text.
    masks_except: tuple[str, ...] = ()
    # When this rule finds something, it is the only finding of the document (an article
    # in the wrong language needs no other rule).
    exclusive: bool = False
    conditions: dict[str, Any] = field(default_factory=dict)  # e.g. {"source-lang": "es"}

    kind = "abstract"

    @property
    def fixable(self) -> bool:
        return False

    def hits(self, doc: Document) -> Iterator[Hit]:
        raise NotImplementedError

    def format_message(self, doc: Document, hit: Hit) -> str:
        values = {"text": doc.text[hit.start : hit.end]}
        if hit.fix is not None:
            values["suggestion"] = hit.fix.replacement
        values.update(hit.data)
        return self.message.format_map(_Defaulting(values))


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:
        return ""


def message_fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# An inline flag group, (?i) or (?i:...), or one turning flags on and off, (?m-x:...): the flags set on.
_INLINE_FLAGS = compile_pattern(r"\(\?([a-zA-Z]*)(?:-[a-zA-Z]+)?[):]")


# What has_anchor reads of a pattern, a token at a time (the rest is passed over in C): an
# escape, a whole character class (to its end, or the pattern's when unclosed), an inline
# flag group, an anchor.
_ANCHOR_TOKENS = compile_re(r"(?s)\\(.)|\[\^?\]?(?:\\.|[^\]\\])*\]?|\(\?([a-zA-Z]*)(?:-[a-zA-Z]+)?[):]|[\^$]")


@cache
def has_anchor(pattern: str) -> bool:
    """Whether a pattern matches differently on a block than on the whole text: `^` or `$`
    outside a character class (inside one, `[^.]` and `[$€]` are no anchors), `\\A`, `\\Z`,
    `\\z`, `\\G`, or the MULTILINE flag set inline."""
    for token in _ANCHOR_TOKENS.finditer(pattern):
        escaped, flags = token.group(1, 2)
        if escaped is not None:
            if escaped in "AZzG":
                return True
        elif flags is not None:
            if "m" in flags:
                return True
        elif token.group() in ("^", "$"):
            return True
    return False


def ignores_case(pattern: regex.Pattern[str]) -> bool:
    """Whether the pattern, or a part of it, ignores case: the flag, or an inline (?i) or
    (?i:...). The text is read loosely (an escaped "\\(?i:" counts too): a pattern taken for
    one that ignores case only has its required strings looked for in any case."""
    return bool(pattern.flags & IGNORECASE) or any("i" in m.group(1) for m in _INLINE_FLAGS.finditer(pattern.pattern))


class Covered:
    """The spans a rule's exceptions match, asked "does one hold this span?" in log time
    (a scan of them per hit was quadratic on text full of both)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._furthest: list[int] = []  # the furthest end among the spans up to each one
        for _, end in ordered:
            self._furthest.append(max(end, self._furthest[-1]) if self._furthest else end)

    def __bool__(self) -> bool:
        return bool(self._starts)

    def holds(self, start: int, end: int) -> bool:
        index = bisect_right(self._starts, start) - 1
        return index >= 0 and self._furthest[index] >= end


@dataclass
class PatternRule(Rule):
    """A rule that is a regular expression, with an optional fix template."""

    pattern: regex.Pattern[str] = field(kw_only=True)  # required; keyword-only since Rule's fields have defaults
    scope: str = "block"
    fix_template: str | None = None
    exceptions: tuple[regex.Pattern[str], ...] = ()
    # Strings of which every match contains at least one: a document without any of them
    # is skipped with plain substring tests, far faster than running the pattern over it.
    requires: tuple[str, ...] | None = None
    # Every match's scope (block, sentence, line) holds one of `requires`: the pattern runs
    # only on the scopes that do, for a long pattern whose strings are common in documents
    # but rare in their blocks.
    requires_in_scope: bool = False
    # `requires` as looked for: lowered (scan.case_folded) when the pattern ignores case, in the
    # text lowered so, for a prefilter never narrower than the pattern ("AS AN AI" in capitals).
    needles: tuple[str, ...] = field(init=False, default=())
    folds_case: bool = field(init=False, default=False)

    kind = "pattern"

    def __post_init__(self) -> None:
        self.folds_case = bool(self.requires) and ignores_case(self.pattern)
        needles = self.requires or ()
        self.needles = tuple(dict.fromkeys(map(case_folded, needles))) if self.folds_case else needles

    @property
    def fixable(self) -> bool:
        return self.fix_template is not None

    @property
    def anchored(self) -> bool:
        return has_anchor(self.pattern.pattern)

    def hits(self, doc: Document) -> Iterator[Hit]:
        try:
            if self.scope == "document" or self.anchored or self.requires_in_scope:
                # Which keeps the scopes holding a required string; a short text (a record) without
                # any has none, found by one test of the whole text instead of splitting it.
                if (
                    not self.requires
                    or len(doc.checked) > SHORT_TEXT
                    or holds_any(self._text_for_needles(doc), self.needles)
                ):
                    yield from self._hits_scope_by_scope(doc)
            elif not self.requires or holds_any(self._text_for_needles(doc), self.needles):
                yield from self._hits_in_one_pass(doc)
        except TimeoutError:
            raise RuleTimeout() from None

    def _text_for_needles(self, doc: Document) -> str:
        """The checked text, lowered as the required strings are when the pattern ignores case
        (of the same length: a place in one is the same place in the other), once per document."""
        if not self.folds_case:
            return doc.checked
        folded = doc.cache.get("case_folded")
        if folded is None:
            folded = doc.cache["case_folded"] = case_folded(doc.checked, text_words(doc)[3])
        return folded

    def _hits_in_one_pass(self, doc: Document) -> Iterator[Hit]:
        """One search of the whole text, in C, instead of one per block: a match counts when
        it lies inside one block (or sentence, or line). Only unanchored patterns, which
        match the same either way, run like this."""
        spans: list[tuple[int, int]] = []
        starts: list[int] = []
        covered: dict[int, Covered] = {}  # exception matches, per span, when needed
        timed = pattern_timeout(0) is not None  # no CPU budget: the search gets a timeout
        # A pattern whose matches can start only at a few places is tried there alone (under a
        # CPU budget, which interrupts any call: a timeout per call would be a timeout per place),
        # in a text long enough for the search it saves to cost more than finding the places.
        starts_at = None if timed or len(doc.checked) <= SHORT_TEXT else match_starts(self.pattern)
        matches = (
            _search(self.pattern, doc.checked, timed)
            if starts_at is None
            else matches_at(self.pattern, doc.checked, start_positions(doc.cache, doc.checked, starts_at))
        )
        for match in matches:
            if not starts:  # the scopes, on the first match only: most short documents have none
                spans, starts = scope_spans_and_starts(doc, self.scope)
            index = bisect_right(starts, match.start()) - 1
            if index < 0 or match.end() > spans[index][1]:
                continue  # outside the checked text, or across a block boundary
            if self.exceptions and index not in covered:
                start, end = spans[index]
                covered[index] = Covered(
                    m.span() for e in self.exceptions for m in _search(e, doc.checked, timed, start, end)
                )
            hit = self._hit(match, 0, covered.get(index))
            if hit is not None:
                yield hit

    def _hits_scope_by_scope(self, doc: Document) -> Iterator[Hit]:
        spans, starts = scope_spans_and_starts(doc, self.scope)
        if self.requires:  # the same cheap test as for the document, scope by scope
            spans = spans_holding(self._text_for_needles(doc), spans, self.needles, starts)
        timed = pattern_timeout(0) is not None  # no CPU budget: each search gets a timeout
        for start, end in spans:
            text = doc.checked[start:end]
            covered: Covered | None = None
            for match in _search(self.pattern, text, timed):
                if self.exceptions and covered is None:
                    covered = Covered(m.span() for e in self.exceptions for m in _search(e, text, timed))
                hit = self._hit(match, start, covered)
                if hit is not None:
                    yield hit

    def _hit(self, match: regex.Match, offset: int, covered: Covered | None) -> Hit | None:
        has_flag = "flag" in self.pattern.groupindex and match.start("flag") >= 0
        span = match.span("flag") if has_flag else match.span()
        if span[0] == span[1] or MASK in match.string[span[0] : span[1]]:
            return None
        if covered and covered.holds(span[0], span[1]):
            return None
        fix = None
        if self.fix_template is not None:
            replaced = (
                match.span("replace") if "replace" in self.pattern.groupindex and match.start("replace") >= 0 else span
            )
            fix = Fix(offset + replaced[0], offset + replaced[1], expanded(match, self.fix_template), self.fix_safe)
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        return Hit(offset + span[0], offset + span[1], fix, groups)


def _search(
    pattern: regex.Pattern[str], text: str, timed: bool, start: int = 0, end: int | None = None
) -> Iterator[regex.Match[str]]:
    """pattern.finditer(text, start, end), with its own timeout when no CPU budget runs. Under
    one, no timeout is passed rather than timeout=None, which regex takes as long to read as it
    takes to search a short text."""
    end = len(text) if end is None else end
    if timed:
        return pattern.finditer(text, start, end, timeout=pattern_timeout(len(text)))
    return pattern.finditer(text, start, end)


_GROUP_REFERENCE = compile_re(r"\\g<(\w+)>")


def expanded(match: regex.Match[str], template: str) -> str:
    """`match.expand(template)`. A template whose only escapes are group references (\\g<name>:
    every bundled fix) is filled in here: regex hands any other to its pure-Python template
    compiler, whose import is a tenth of a start. tests/test_packs.py holds the two equal."""
    if "\\" not in template:
        return template
    parts = _GROUP_REFERENCE.split(template)  # literal, group, literal, group, ..., literal
    if any("\\" in literal for literal in parts[::2]):
        return match.expand(template)
    for index in range(1, len(parts), 2):
        group = parts[index]
        parts[index] = match.group(int(group) if group.isdigit() else group) or ""
    return "".join(parts)


# Bullets and symbols around a widget line. A final full stop stays: UI text has none, and a
# sentence that merely starts like a widget ("Read more about the plan.") is not one.
_LINE_EDGES = compile_pattern(r"^[\s\p{S}\p{Pd}•·*#>|:]+|(?:[\s\p{S}:|…]|\.\.\.)+$")
# _LINE_EDGES.sub("", text) as two anchored matches rather than a search tried at every position:
# the leading edge, then the trailing one matched backwards from the end. The trailing alternative
# matches from p when text[p:] splits into its characters and "..." (a split that is unique: "."
# is none of them); the backward match, greedy, stops at the smallest such p, the one sub takes.
_LEADING_EDGE = compile_pattern(r"[\s\p{S}\p{Pd}•·*#>|:]+")
_TRAILING_EDGE = compile_pattern(r"(?r)(?:[\s\p{S}:|…]|\.\.\.)+$")
_PLAIN_ENDS = frozenset(".,;!?\"'”’)]")  # punctuation, none of it a symbol: never an edge on its own


def without_line_edges(text: str) -> str:
    """_LINE_EDGES.sub("", text), for a text without a line break (a line)."""
    leading = _LEADING_EDGE.match(text)
    start = leading.end() if leading is not None else 0
    trailing = _TRAILING_EDGE.match(text, start)  # (reversed: a match that ends at the end)
    return text[start : trailing.start() if trailing is not None else len(text)]


@dataclass
class LineRule(Rule):
    """A rule that matches whole short lines (page residue), optionally deleting them."""

    pattern: regex.Pattern[str] = field(kw_only=True)  # the rule's patterns as one alternation, tried once per line
    max_words: int = 12
    delete: bool = True

    kind = "line"

    @property
    def fixable(self) -> bool:
        return self.delete

    def hits(self, doc: Document) -> Iterator[Hit]:
        fullmatch = self.pattern.fullmatch
        timed = pattern_timeout(0) is not None  # no CPU budget: each line gets a timeout (see _search)
        for line, normal, words in normalized_lines(doc):
            if words > self.max_words:
                continue
            try:
                match = fullmatch(normal, timeout=pattern_timeout(len(normal))) if timed else fullmatch(normal)
            except TimeoutError:
                raise RuleTimeout() from None
            if match is not None:
                fix = Fix(*doc.line_removal_span(line.start), "", self.fix_safe) if self.delete else None
                yield Hit(line.start, line.end, fix, {"line": normal})


_LONGEST_LINE_RULE = 40  # words; line rules judge short lines only
_LONGEST_LINE_CHARACTERS = 400


def normalized_lines(doc: Document) -> list[tuple]:
    """(line, its text without bullets, markup and edge symbols, word count) of each line that
    may be page furniture, once per document: not a paragraph, not empty, and not ending like a
    sentence (page furniture never does)."""
    cached = doc.cache.get("normalized_lines")
    if cached is None:
        cached = []  # stored only once complete: a rule that gives up halfway leaves no partial cache
        checked, lines = doc.checked, doc.lines
        # A line that ends with a full stop, not with "..." (most lines of prose), keeps that stop
        # at the end of its normal text (no edge holds a lone "."): no need to build it. (One
        # comprehension tells them apart for 3.9 M instructions on the 1,984 lines of reference A,
        # a chain of five maps and a compress for 6.2 M.)
        maybe_furniture = [
            line for line in lines if checked[line.end - 1] != "." or checked.endswith("...", line.start, line.end)
        ]
        for line in maybe_furniture:
            raw = checked[line.start : line.end]
            if raw.count(" ") > _LONGEST_LINE_RULE or len(raw) > _LONGEST_LINE_CHARACTERS:
                continue  # a paragraph (or a URL, a run of symbols), not a line of page furniture
            text = raw.replace(MASK, " ")
            # A line that starts with a letter or digit and ends with one or a plain mark has no
            # edges to strip (most lines): no regex pass over it.
            plain = text[0].isalnum() and (text[-1].isalnum() or text[-1] in _PLAIN_ENDS) and not text.endswith("...")
            words = (text if plain else without_line_edges(text)).split()
            normal = " ".join(words)
            if normal and not normal.endswith("."):
                cached.append((line, normal, len(words)))
        doc.cache["normalized_lines"] = cached
    return cached


CheckFunction = Callable[[Document, "PythonRule"], Iterable[Hit]]


@dataclass
class PythonRule(Rule):
    """A rule whose check is a Python function (mtcheck/checks/)."""

    function: CheckFunction = field(kw_only=True)
    options: dict[str, Any] = field(default_factory=dict)
    proposes_fixes: bool = False

    kind = "python"

    @property
    def fixable(self) -> bool:
        return self.proposes_fixes

    def hits(self, doc: Document) -> Iterator[Hit]:
        return iter(self.function(doc, self))


PLUGIN_GROUP = "mtcheck.checks"  # entry points: plugin name -> module holding its checks
_IDENTIFIER = compile_pattern(r"[A-Za-z_][A-Za-z0-9_]*")


def resolve_check(reference: str) -> CheckFunction:
    """The function a `kind: python` rule names, from code the user installed on purpose:
    'casing.lowercase_names' is a check in mtcheck/checks/casing.py; 'plugin:function' is a
    check of a plugin registered in the `mtcheck.checks` entry-point group. Nothing else is
    ever imported: a rule pack from a content repository is data, and may not make mtcheck
    run the repository's code (or any module it names)."""
    if ":" in reference:
        plugin, _, function_name = reference.partition(":")
        module = _plugin_module(plugin)
    else:
        module_name, _, function_name = reference.rpartition(".")
        if not _IDENTIFIER.fullmatch(module_name) or importlib.util.find_spec(f"mtcheck.checks.{module_name}") is None:
            raise ValueError(
                f"mtcheck has no check module {module_name!r} (a plugin's check is written 'plugin:function')"
            )
        module = importlib.import_module(f"mtcheck.checks.{module_name}")
    function = (
        getattr(module, function_name, None)
        if _IDENTIFIER.fullmatch(function_name) and not function_name.startswith("_")
        else None
    )
    # Only functions declared as checks (@provides) count: not any callable a module happens to hold.
    if not callable(function) or not hasattr(function, "message_fields"):
        raise ValueError(f"{reference!r} is not a check function (a check is declared with mtcheck.checks.provides)")
    return function


def _plugin_module(name: str) -> ModuleType:
    from importlib.metadata import entry_points

    for entry in entry_points(group=PLUGIN_GROUP):
        if entry.name == name:
            return entry.load()
    raise ValueError(
        f"no installed plugin named {name!r} (entry-point group {PLUGIN_GROUP!r}); "
        "a rule pack can name only mtcheck's checks and installed plugins"
    )


def spans_holding(
    text: str, spans: list[tuple[int, int]], needles: Iterable[str], starts: list[int] | None = None
) -> list[tuple[int, int]]:
    """The spans (in order, disjoint; `starts` their starts, when at hand) whose text holds one
    of the needles. A needle with a character the text lacks is ruled out at once (a search for
    a character is far faster than one for a needle); the others are looked for in the whole
    text: with the native build in one pass of C for three or more (MT907's nineteen needles, each
    a search of the whole text here, cost 2.0 ms on the WMT22 reference A, the pass 0.3 ms), else
    one search each."""
    short = len(text) <= SHORT_TEXT
    live = tuple(needle for needle in needles if ((needle in text) if short else all(char in text for char in needle)))
    if native_words is not None and not short and _NATIVE_NEEDLES <= len(live) <= _MOST_NATIVE_NEEDLES and all(live):
        return native_words.spans_holding(text, spans, live)
    if starts is None:
        starts = [start for start, _ in spans]
    holding: set[int] = set()
    for needle in live:
        find = finder(text, needle)
        at = find(0)
        while at >= 0:
            index = bisect_right(starts, at) - 1
            if index >= 0 and at + len(needle) <= spans[index][1]:
                holding.add(index)
                at = find(spans[index][1])  # the span is in: look from its end
            else:  # between spans, or across a span's end (as every later start in it would be)
                at = find(at + 1)
    return [spans[index] for index in sorted(holding)]


# Needles (each in the text) from which one pass of C over a long text costs less than a search
# of it for each: on reference A, a pass cost 0.2-0.3 ms, a search for one needle about 0.1 ms.
_NATIVE_NEEDLES = 3
_MOST_NATIVE_NEEDLES = 64  # (native_words.c: MOST_NEEDLES)


def scope_spans_and_starts(doc: Document, scope: str) -> tuple[list[tuple[int, int]], list[int]]:
    """The (start, end) of each of the document's scopes and their starts, once per document:
    a dozen pattern rules search the same blocks."""
    key = _SCOPE_KEYS.get(scope) or "scope_spans_" + scope
    cached = doc.cache.get(key)
    if cached is None:
        spans = list(scope_spans(doc, scope))
        cached = doc.cache[key] = (spans, [start for start, _ in spans])
    return cached


_SCOPE_KEYS = {scope: "scope_spans_" + scope for scope in SCOPES}  # (no new string per call)


def scope_spans(doc: Document, scope: str) -> Iterable[tuple[int, int]]:
    if scope == "block":
        return ((b.start, b.end) for b in doc.blocks)
    if scope == "sentence":
        return ((s.start, s.end) for s in doc.sentences)
    if scope == "line":
        return ((line.start, line.end) for line in doc.lines)
    return ((0, len(doc.text)),)
