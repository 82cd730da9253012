"""The contract check and fix keep on any input (issue 12 part 5), in one place for the
hypothesis properties (tests/test_fuzz.py) and the atheris harness (bench/fuzz_atheris.py).

For a text as a file holds it (BOM and newlines included): no exception and no rule giving
up; every finding's span inside the text, and the text at its reported line and column in
the file equal to its `text`; `fix` idempotent, valid UTF-8, BOM and newlines kept, and each
pass changing nothing outside the edits the check of that pass reported; the whole within
SLOW_INPUT_SECONDS of CPU time. Determinism across hash seeds needs fresh processes: the
hypothesis suite checks it on a batch (test_fix_is_the_same_whatever_the_hash_seed).
"""

from __future__ import annotations

import re
import time

from mtcheck.files import InputError
from mtcheck.run.fix_files import fix_text, wanted
from mtcheck.run.report import diagnostic
from mtcheck.run.session import Session
from mtcheck.text.inputs import decode

SLOW_INPUT_SECONDS = 2.0  # CPU seconds for one input's check and fix: a slow input is a failure
# No config file is found above this folder: the defaults apply, whatever the machine.
FUZZ_PATH = "/nonexistent-mtcheck-fuzz/article"
SESSION = Session()  # one per process: rule sets and checkers are built once, as in one CLI run
_NEWLINES = re.compile(r"\r\n|\r|\n")
_BLANKS = " \t\n"


def decoded(raw: str, suffix: str):
    """The file's text as the CLI decodes it, or None when refused with a one-line error (the contract)."""
    try:
        return decode(raw.encode("utf-8", "surrogatepass"), FUZZ_PATH + suffix)
    except InputError:
        return None


def check(source):
    return SESSION.check_input(source.path, source)


class _Checks:
    """check() for one input, each distinct text checked once, each result held to the contract;
    `texts` lists the texts asked for, in order, so that fix's passes can be compared."""

    def __init__(self):
        self.results = {}
        self.texts = []

    def __call__(self, source):
        key = (source.path, source.text)
        self.texts.append(key)
        if key not in self.results:
            result = self.results[key] = check(source)
            assert result.error is None, result.error
            assert not result.gave_up, f"rules gave up: {[g.code for g in result.gave_up]}"
            _spans_hold(result)
        return self.results[key]


def _spans_hold(result) -> None:
    text = result.doc.text
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(text), finding
        if finding.fix is not None:
            assert 0 <= finding.fix.start <= finding.fix.end <= len(text), finding
        shown = diagnostic(result, finding)
        assert 1 <= shown["line"] <= shown["end_line"] <= len(starts), shown
        start = starts[shown["line"] - 1] + shown["column"] - 1
        end = starts[shown["end_line"] - 1] + shown["end_column"] - 1
        assert starts[shown["line"] - 1] <= start <= end <= len(text), shown
        assert text[start:end] == shown["text"], f"text at {shown['line']}:{shown['column']} is not {shown['text']!r}"


def _only_edited(old: str, new: str, fixes, blank_end_trimmed: bool = False) -> bool:
    """new is old with some of fixes applied: the text outside their spans kept, in order
    (with blank_end_trimmed, up to the blanks at the end of both)."""
    spans = []
    for start, end in sorted((f.start, f.end) for f in fixes):
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    kept = [old[a:b] for a, b in zip([0] + [e for _, e in spans], [s for s, _ in spans] + [len(old)])]
    if blank_end_trimmed:
        new = new.rstrip(_BLANKS)
        trimmed = len(kept) > 1 and not kept[-1].rstrip(_BLANKS)
        while len(kept) > 1 and not kept[-1].rstrip(_BLANKS):
            kept.pop()
        kept[-1] = kept[-1].rstrip(_BLANKS)
        if trimmed:
            kept.append("")  # the edits in the blanks trimmed away may have left text at the end
    if len(kept) == 1:
        return new == kept[0]
    if not (new.startswith(kept[0]) and new.endswith(kept[-1])):
        return False
    position, limit = len(kept[0]), len(new) - len(kept[-1])
    for piece in kept[1:-1]:
        found = new.find(piece, position, limit)
        if found < 0:
            return False
        position = found + len(piece)
    return position <= limit


def _pass_changed_only_its_edits(checks: _Checks, old: str, new: str) -> bool:
    fixes = [f.fix for f in checks.results[old].findings if wanted(f, False)]
    if _only_edited(old[1], new[1], fixes):
        return True
    # Documented: an edit that removes the last line leaves the text ending with one newline.
    text = old[1]
    removes_last_line = any(
        not f.replacement and (f.start == 0 or "\n" in text[f.start - 1 : f.start + 1]) and not text[f.end :].strip()
        for f in fixes
    )
    return removes_last_line and _only_edited(text, new[1], fixes, blank_end_trimmed=True)


def hold_contract(raw: str, suffix: str) -> bool:
    """Check and fix raw (a file's text, BOM included) and assert the contract; False when refused."""
    source = decoded(raw, suffix)
    if source is None:
        return False
    started = time.process_time()
    checks = _Checks()
    result = checks(source)
    lines = _NEWLINES.split(raw[1:] if source.bom else raw)
    for finding in result.findings:
        shown = diagnostic(result, finding)  # the same position in the file as the user sees it
        assert lines[shown["line"] - 1][shown["column"] - 1 :].startswith(shown["text"].split("\n")[0])

    checks.texts.clear()
    fixed = fix_text(raw, source.path, checks).fixed
    fixed.encode("utf-8")  # valid UTF-8: no half of a surrogate pair left behind
    assert fixed.startswith("\ufeff") == source.bom  # a text that starts with U+FEFF has a BOM
    after = decode(fixed.encode("utf-8"), source.path)
    if "\n" in after.text and not source.mixed_newlines:
        assert after.newline == source.newline and not after.mixed_newlines
    passes = checks.texts
    assert passes[-1] == (source.path, after.text), "the fixed text is not the text checked last"
    for old, new in zip(passes, passes[1:]):
        assert _pass_changed_only_its_edits(checks, old, new), "a fix pass changed text outside its edits"
    assert fix_text(fixed, source.path, checks).fixed == fixed, "fixing twice changed the text again"
    assert time.process_time() - started < SLOW_INPUT_SECONDS, "slow input"
    return True
