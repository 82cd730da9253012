"""The immutable results of checking: severities, fixes and findings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from mtcheck.text.document import Document


class Severity(IntEnum):
    MINOR = 1
    MAJOR = 2
    CRITICAL = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (expected minor, major or critical)") from None


SEVERITY_NAMES = tuple(str(s) for s in Severity)


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace text[start:end] with replacement. Unsafe fixes need --unsafe-fixes."""

    start: int
    end: int
    replacement: str
    safe: bool = True


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule reports: a span of the document, an optional fix, values for its message."""

    start: int
    end: int
    fix: Fix | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    # A weaker sign of the rule's problem (a lowercase start after a "?" that closes no
    # question): reported one severity lower than the rule's, never below minor.
    milder: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule's hit as reported: where, which rule, how severe, the message and the fix."""

    code: str
    name: str
    category: str
    severity: Severity
    message: str
    start: int
    end: int
    fix: Fix | None = None

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.code)


@dataclass(frozen=True)
class GaveUp:
    """A rule that ran out of time on a file: its findings there are missing, and the run
    says so (exit 2 unless --allow-timeouts) rather than passing in silence."""

    code: str
    name: str
    seconds: float  # the CPU-time budget it exhausted
    analysis: str | None = None  # the shared analysis that ran out, when it was not the rule

    @property
    def message(self) -> str:
        if self.analysis:
            return (
                f"rule {self.code} ({self.name}) gave up: {self.analysis} took over {self.seconds:.1f} s of "
                "CPU time; its findings in this file are missing"
            )
        return (
            f"rule {self.code} ({self.name}) gave up after {self.seconds:.1f} s of CPU time; "
            "its findings in this file are missing"
        )


class CheckedText(Protocol):
    """What reports read of a checked file: its Document, or a TextView (mtcheck/engine/windows.py)
    when the file was checked in windows."""

    @property
    def path(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def reference(self) -> Document | None: ...

    def position(self, offset: int) -> tuple[int, int]: ...


@dataclass
class FileResult:
    """What checking one file gave: its findings, or the error that stopped it."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    doc: CheckedText | None = None  # None when the file could not be checked
    error: str | None = None
    fail_on: Severity | None = None  # the effective --fail-on for this file
    gave_up: list[GaveUp] = field(default_factory=list)  # rules that ran out of time on it
    record_id: str | None = None  # a record of a corpus (JSON Lines, Parquet): its id, and
    record_line: int | None = None  # its line in a JSON Lines file (None for a Parquet row)
    in_file: bool = False  # a unit of a bilingual file: its positions and fixes are in the file itself

    @property
    def name(self) -> str:
        """What reports call it: the path, or PATH#ID for a record of a corpus."""
        return self.path if self.record_id is None else f"{self.path}#{self.record_id}"

    @property
    def fails(self) -> bool:
        return self.fail_on is not None and any(f.severity >= self.fail_on for f in self.findings)

    @property
    def checked_doc(self) -> CheckedText:
        """The text that was checked, which every result without an error has (findings are offsets into it)."""
        if self.doc is None:
            raise ValueError(f"{self.path} was not checked: {self.error}")
        return self.doc
