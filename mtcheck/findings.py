"""The immutable results of checking: severities, fixes and findings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


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


@dataclass(frozen=True, slots=True)
class Finding:
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

    @property
    def message(self) -> str:
        return (
            f"rule {self.code} ({self.name}) gave up after {self.seconds:.1f} s of CPU time; "
            "its findings in this file are missing"
        )
