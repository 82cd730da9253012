"""A rule that runs out of time is reported in every format and fails the run; budgets are
CPU time, so a busy machine gives the same findings as an idle one."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mtcheck.engine.budget import BudgetExceeded, cpu_budget, seconds_for
from tests.conftest import SHARED

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
SARIF_SCHEMA = SHARED / "data" / "sarif-schema-2.1.0.json"
RUNAWAY = """pack: runaway
family: test
rules:
  - code: XX901
    name: runaway
    kind: pattern
    pattern: '(a|aa)+$'
    category: Fluency/Other
    severity: minor
    message: "runaway"
    explanation: "A pattern that backtracks without end on a run of a's."
    examples: {flag: [], pass: ["Plain text."]}
"""


@pytest.fixture
def runaway(tmp_path):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "runaway.yaml").write_text(RUNAWAY, encoding="utf-8")
    article = tmp_path / "story.txt"
    article.write_text("The army left kyiv. " + "a" * 70 + "!\n", encoding="utf-8")
    return tmp_path, article


def check(article: Path, *args: str):
    return subprocess.run(
        [sys.executable, "-m", "mtcheck", "check", str(article), *args], capture_output=True, text=True, env=ENV
    )


def test_the_budget_interrupts_a_runaway_pattern_in_cpu_time():
    import regex

    with pytest.raises(BudgetExceeded):
        with cpu_budget(0.3):
            regex.search(r"(a|aa)+$", "a" * 70 + "!")
    assert seconds_for(0) == 1.0 and seconds_for(1_000_000) == 5.0


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif", "github", "text"])
def test_a_rule_out_of_time_is_reported_in_every_format_and_exits_2(runaway, fmt):
    folder, article = runaway
    result = check(article, "--rule-folder", str(folder / "packs"), "--format", fmt)
    assert result.returncode == 2, result.stderr
    assert "rule XX901 (runaway) gave up" in result.stderr  # the text line, whatever the format
    if fmt == "json":
        errors = json.loads(result.stdout)["files"][0]["errors"]
        assert errors == [{"kind": "timeout", "rule": "XX901", "message": errors[0]["message"]}]
        assert json.loads(result.stdout)["summary"]["rules_gave_up"] == 1
    elif fmt == "jsonl":
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        assert any(line.get("rule") == "XX901" and "gave up" in line["error"] for line in lines)
        assert any(line.get("code") == "MT101" for line in lines)  # the other rules still ran
    elif fmt == "sarif":
        invocation = json.loads(result.stdout)["runs"][0]["invocations"][0]
        assert invocation["executionSuccessful"] is False
        notes = invocation["toolExecutionNotifications"]
        assert notes[0]["descriptor"]["id"] == "XX901" and "gave up" in notes[0]["message"]["text"]
        if SARIF_SCHEMA.exists():
            jsonschema = pytest.importorskip("jsonschema")
            jsonschema.validate(json.loads(result.stdout), json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    elif fmt == "github":
        assert "::error file=" in result.stdout and "title=mtcheck XX901::" in result.stdout
    else:
        assert " MT101 " in result.stdout and "1 rule run gave up" in result.stdout


def test_allow_timeouts_turns_the_error_into_a_warning(runaway):
    folder, article = runaway
    result = check(article, "--rule-folder", str(folder / "packs"), "--allow-timeouts")
    assert result.returncode == 1  # the MT101 finding decides, not the timeout
    assert "mtcheck: warning:" in result.stderr and "XX901" in result.stderr


def _spin(stop):
    while not stop.is_set():
        pass


def test_a_loaded_machine_gives_the_same_findings_as_an_idle_one(tmp_path):
    # Every corpus article in one file: a large document, every rule busy.
    articles = sorted(p for p in (REPO / "corpora").rglob("*.txt") if "sources" not in p.parts)
    big = tmp_path / "all.txt"
    big.write_text("\n\n".join(p.read_text(encoding="utf-8") for p in articles) * 3, encoding="utf-8")
    idle = check(big, "--format", "json", "--fail-on", "never")
    stop = multiprocessing.Event()
    spinners = [multiprocessing.Process(target=_spin, args=(stop,)) for _ in range(2 * (os.cpu_count() or 1))]
    for spinner in spinners:
        spinner.start()
    try:
        loaded = check(big, "--format", "json", "--fail-on", "never")
    finally:
        stop.set()
        for spinner in spinners:
            spinner.join()
    assert idle.returncode == loaded.returncode == 0
    assert json.loads(idle.stdout) == json.loads(loaded.stdout)
    assert json.loads(loaded.stdout)["summary"]["rules_gave_up"] == 0


def _spin(seconds: float) -> None:
    import time

    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_a_shared_analysis_is_not_charged_to_the_rule_that_asks_first(monkeypatch):
    """Aligning a long file with its reference takes longer than one rule's budget; it runs
    under a budget of its own with the rule's timer paused, and only once."""
    from mtcheck.engine import budget

    monkeypatch.setattr(budget, "ANALYSIS_BASE_SECONDS", 1.5)
    cache: dict = {}
    calls = []

    def analysis() -> str:
        calls.append(1)
        _spin(0.6)
        return "aligned"

    for _ in range(2):  # two rules of 0.3 s each ask for the same 0.6 s analysis
        with cpu_budget(0.3):
            assert budget.shared_analysis(cache, "alignment", "aligning", 0, analysis) == "aligned"
    assert calls == [1]
    with pytest.raises(BudgetExceeded) as raised:  # the rule's own work still counts against its budget
        with cpu_budget(0.3):
            budget.shared_analysis(cache, "alignment", "aligning", 0, analysis)
            _spin(1.0)
    assert raised.value.seconds == 0.3 and raised.value.analysis is None


def test_an_analysis_out_of_time_fails_every_rule_that_needs_it_at_once(monkeypatch):
    from mtcheck.engine import budget

    monkeypatch.setattr(budget, "ANALYSIS_BASE_SECONDS", 0.2)
    cache: dict = {}
    calls = []

    def analysis() -> None:
        calls.append(1)
        _spin(2.0)

    for _ in range(3):
        with pytest.raises(BudgetExceeded) as raised:
            with cpu_budget(5.0):
                budget.shared_analysis(cache, "alignment", "aligning with the reference", 0, analysis)
        assert raised.value.analysis == "aligning with the reference"
    assert calls == [1]  # tried once, not once per rule
    from mtcheck.engine.findings import GaveUp

    gave_up = GaveUp("RF101", "diverges-from-reference", raised.value.seconds, raised.value.analysis)
    assert gave_up.message.startswith("rule RF101 (diverges-from-reference) gave up: aligning with the reference took")


def test_loading_the_language_profiles_is_not_charged_to_the_rule(monkeypatch):
    """Profiles load once per process, on the first foreign sentence. On a slow machine the
    load alone outran a rule's budget, and langdetect turned the interruption into a profile
    error (a crash); the load now runs with the rule's timer paused."""
    from mtcheck.engine import checker
    from mtcheck.language import identify
    from tests.conftest import check_text

    original = identify.LangdetectIdentifier._load

    def slow_load(self):  # a machine where loading takes longer than the whole budget
        _spin(0.4)
        return original(self)

    monkeypatch.setattr(identify.LangdetectIdentifier, "_load", slow_load)
    monkeypatch.setattr(checker, "seconds_for", lambda characters: 0.3)
    identify.identifier.cache_clear()
    try:
        text = "The minister spoke on Monday.\n\nVláda v pondělí schválila návrh zákona o státním rozpočtu na příští rok.\n"
        doc, findings = check_text(text, source_lang="cs")
        assert "LI101" in {f.code for f in findings}
    finally:
        identify.identifier.cache_clear()  # later tests load their own, at normal speed


def test_identifiers_are_kept_for_a_bounded_number_of_language_sets():
    """A long-lived process meets many sets of languages; each identifier holds its profiles."""
    from mtcheck.language import identify

    identify.identifier.cache_clear()
    sets = [("en", other) for other in ("cs", "sk", "pl", "hr", "sl", "ro", "hu", "fi", "et", "lv", "lt")]
    sets += [("de", other) for other in ("cs", "sk", "pl", "hr", "sl", "ro", "hu", "fi", "et", "lv", "lt")]
    for languages in sets:
        identify.identifier(languages).ready()
    assert identify.identifier.cache_info().currsize <= 16 < len(sets)
    identify.identifier.cache_clear()
