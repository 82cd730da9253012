"""The library interface: check texts, files and documents from Python, without the command line.

    import mtcheck

    checker = mtcheck.Checker(source_lang="uk")  # rules loaded once, reused by every call
    for d in checker.check_text("Talks in kyiv ended on tuesday.", source="Переговори в Києві..."):
        print(d.line, d.column, d.code, d.message, d.fix.replacement if d.fix else "")

`mtcheck.check_text(...)` and `mtcheck.check_file(...)` do the same with a default checker. The
findings are the ones `mtcheck check` reports, through the same session, so a text gives the
same findings here as in a file on the command line.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path
from typing import Any

from mtcheck.engine.findings import FileResult, Severity
from mtcheck.engine.settings import Settings
from mtcheck.files import InputError
from mtcheck.run.report import diagnostic
from mtcheck.run.session import Session
from mtcheck.text.inputs import BILINGUAL_FORMATS, InputText, decode, read_input

TEXT_FORMATS = ("text", "markdown", "html")


class CheckIncomplete(RuntimeError):
    """A rule ran out of time on the text: its findings are missing (the CLI's exit 2)."""


@dataclass(frozen=True)
class Edit:
    """A suggested fix: replace the text from start to end (code-point offsets; line and
    column 1-based, end exclusive) with `replacement`. Unsafe ones need an editor's judgement."""

    replacement: str
    safe: bool
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Diagnostic:
    """One finding, as `--format json` reports it, with its offsets into the checked text."""

    code: str  # stable: MT101
    name: str  # lowercase-place-name
    category: str  # an MQM category: Fluency/Spelling
    severity: Severity  # compares by rank; str() gives "minor", "major" or "critical"
    message: str
    text: str  # the flagged text
    start: int  # code-point offsets into the text, end exclusive
    end: int
    line: int  # 1-based, counted in code points; end exclusive
    column: int
    end_line: int
    end_column: int
    fix: Edit | None = None
    penalty: float = 0.0  # what the finding costs the quality score (mtcheck explain --scoring)

    def as_dict(self) -> dict[str, Any]:
        """The JSON output's diagnostic object, key for key."""
        fix = self.fix
        return {
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": str(self.severity),
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "text": self.text,
            "fix": None
            if fix is None
            else {
                "replacement": fix.replacement,
                "safe": fix.safe,
                "line": fix.line,
                "column": fix.column,
                "end_line": fix.end_line,
                "end_column": fix.end_column,
            },
            "penalty": self.penalty,
        }


@dataclass(frozen=True)
class CheckedDocument:
    """What checking one document gave: its id, its findings, and the rules that ran out of
    time on it (their findings are missing)."""

    id: str | None
    diagnostics: list[Diagnostic]
    gave_up: list[str] = field(default_factory=list)


def diagnostics(result: FileResult) -> list[Diagnostic]:
    """A checked file's findings as Diagnostics (the result must have no error)."""
    found = []
    for finding in result.findings:
        shown = diagnostic(result, finding)
        fix = None
        if finding.fix is not None:
            fix = Edit(start=finding.fix.start, end=finding.fix.end, **shown["fix"])
        found.append(
            Diagnostic(**{**shown, "severity": finding.severity, "fix": fix}, start=finding.start, end=finding.end)
        )
    return found


def text_input(text: str, name: str, text_format: str = "text") -> InputText:
    """A string as an input, read as a file with that text would be (BOM, newlines, NUL)."""
    if text_format not in TEXT_FORMATS:
        raise ValueError(f"unknown text format {text_format!r} (expected {' or '.join(TEXT_FORMATS)})")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as err:  # a lone surrogate, as JSON "\ud800" gives
        raise InputError(name, f"not valid Unicode: a lone surrogate at offset {err.start}") from None
    return decode(data, name, text_format)


def _selectors(value: str | Iterable[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    parts = [value] if isinstance(value, str) else list(value)
    return tuple(part.strip() for item in parts for part in item.split(",") if part.strip())


class Checker:
    """A configured checker: the rule set is loaded once, at construction (so that a bad
    configuration or rule pack raises here), and reused by every call.

    `config` is a configuration file (.mtcheck.toml or a pyproject.toml with [tool.mtcheck]);
    without one, mtcheck's defaults are used (a library call does not search folders for a
    configuration, as the command line does). The other arguments are the command line's
    options of the same names and override the configuration.
    """

    def __init__(
        self,
        config: str | PathLike[str] | None = None,
        *,
        target_lang: str | None = None,
        source_lang: str | None = None,
        select: str | Iterable[str] | None = None,
        ignore: str | Iterable[str] | None = None,
        min_severity: str | Severity | None = None,
        rule_folders: Iterable[str | PathLike[str]] = (),
        allow_timeouts: bool = False,
    ):
        from mtcheck.language.profiles import available_languages

        overrides: dict[str, Any] = {}
        if target_lang is not None:
            if target_lang.lower() not in available_languages():
                raise ValueError(f"no rule packs for language {target_lang!r} (available: {available_languages()})")
            overrides["target_lang"] = target_lang.lower()
        if source_lang is not None:
            overrides["source_lang"] = _source_language(source_lang)
        if _selectors(select) is not None:
            overrides["select"] = _selectors(select)
        if _selectors(ignore) is not None:
            overrides["ignore"] = _selectors(ignore)
        if min_severity is not None:
            overrides["min_severity"] = (
                min_severity if isinstance(min_severity, Severity) else Severity.parse(min_severity)
            )
        if rule_folders:
            overrides["rule_folders"] = tuple(Path(p).resolve() for p in rule_folders)
        self.allow_timeouts = allow_timeouts
        self.session = Session(overrides, Path(config) if config is not None else None, search_config=False)
        self.settings = self.session.settings_for("-")
        self.session.checker(self.settings)  # load (and validate) the rules now

    @classmethod
    def for_session(cls, session: Session, path: str) -> Checker:
        """A checker over a command-line session (its loaded rules), with the settings the
        session has for `path` (its configuration file and the command line's options)."""
        checker = cls.__new__(cls)
        checker.allow_timeouts = True  # the run reports rules out of time itself
        checker.session = session
        checker.settings = session.settings_for(path)
        session.checker(checker.settings)  # config and pack errors surface before any input is read
        return checker

    @classmethod
    def for_settings(cls, settings: Settings, allow_timeouts: bool = False) -> Checker:
        """A checker with settings resolved elsewhere (by another process's configuration and
        options), in a session of its own: how a worker on another machine checks."""
        checker = cls.__new__(cls)
        checker.allow_timeouts = allow_timeouts
        checker.session = Session(search_config=False)
        checker.settings = settings
        checker.session.checker(settings)
        return checker

    @property
    def warnings(self) -> list[str]:
        """What the checks could not do but did not stop for (a source whose language could
        not be told); callers may read and clear it."""
        return self.session.warnings

    def check_text(
        self,
        text: str,
        *,
        source: str | None = None,
        reference: str | None = None,
        source_lang: str | None = None,
        format: str = "text",
    ) -> list[Diagnostic]:
        """The findings in `text`, an article in the target language; `source` is the text it
        translates (adds the number, omission and name checks), `reference` a human
        translation (adds the RF rules); `format` is "text", "markdown" or "html"."""
        return self._complete(
            self.check_document(text, source=source, reference=reference, source_lang=source_lang, format=format)
        )

    def check_file(
        self,
        path: str | PathLike[str],
        *,
        source: str | PathLike[str] | None = None,
        reference: str | PathLike[str] | None = None,
        source_lang: str | None = None,
    ) -> list[Diagnostic]:
        """The findings in a file (Markdown by its extension), as `mtcheck check PATH` gives
        them; raises mtcheck.InputError, naming the file, when one cannot be read. A bilingual
        file (XLIFF, TMX, TSV, CSV) gives every unit's findings, in the file, in its languages."""
        name = str(path)
        settings = self.settings_for(source_lang)
        article = read_input(name, "auto", settings.max_file_size)
        if article.format in BILINGUAL_FORMATS.values():
            if source is not None or reference is not None:
                raise ValueError(f"{name}: a bilingual file holds its sources; give no source or reference")
            return self._complete(self._checked(self._bilingual(name, article), None))
        original = read_input(str(source), "auto", settings.max_file_size) if source is not None else None
        human = read_input(str(reference), "auto", settings.max_file_size) if reference is not None else None
        return self._complete(self._checked(self.result(name, article, settings, original, human), None))

    def _bilingual(self, name: str, article: InputText) -> FileResult:
        from mtcheck.run.bilingual import bilingual_result
        from mtcheck.text.bilingual import Columns

        result = bilingual_result(self.session, name, article, article.format, Columns())
        if result.error:  # the error names the file already
            raise InputError(name, result.error.removeprefix(f"{name}: "))
        return result

    def check_document(
        self,
        text: str,
        *,
        id: str | None = None,
        source: str | None = None,
        reference: str | None = None,
        source_lang: str | None = None,
        format: str = "text",
    ) -> CheckedDocument:
        """One document of a corpus: its findings and the rules that ran out of time on it."""
        name = id if id is not None else "<text>"
        settings = self.settings_for(source_lang)
        original = text_input(source, f"{name} (source)", format) if source is not None else None
        human = text_input(reference, f"{name} (reference)", format) if reference is not None else None
        result = self.result(name, text_input(text, name, format), settings, original, human)
        checked = self._checked(result, id)
        into_caller = _offsets_into(text)
        if into_caller is not None:
            checked = replace(checked, diagnostics=[_moved(d, into_caller) for d in checked.diagnostics])
        return checked

    def settings_for(self, source_lang: str | None) -> Settings:
        """The checker's settings, for a text translated from `source_lang` when given."""
        if source_lang is None:
            return self.settings
        return self.settings.but(source_lang=_source_language(source_lang))

    def result(
        self,
        name: str,
        text: InputText,
        settings: Settings,
        source: InputText | None = None,
        reference: InputText | None = None,
    ) -> FileResult:
        """Check one text as the command line checks a file (the run's result, for reports)."""
        if source is not None:
            settings = self.session.with_source_language(settings, source)
        return self.session.check_text(name, text, settings, source, reference)

    def _checked(self, result: FileResult, id: str | None) -> CheckedDocument:
        if result.error:  # only a failed --diff-base lookup, which a library call never makes
            raise InputError(result.path, result.error)
        return CheckedDocument(id, diagnostics(result), [g.message for g in result.gave_up])

    def _complete(self, checked: CheckedDocument) -> list[Diagnostic]:
        if checked.gave_up and not self.allow_timeouts:
            raise CheckIncomplete("; ".join(checked.gave_up))
        return checked.diagnostics


def _offsets_into(text: str) -> Callable[[int], int] | None:
    """Offsets in the text as checked (a BOM dropped, CR LF read as one line break, as in a
    file) mapped back into the caller's string; None when they are the same."""
    bom = 1 if text.startswith("\ufeff") else 0
    body = text[bom:] if bom else text
    if "\r\n" not in body:
        return (lambda offset: offset + 1) if bom else None
    # Where each CR LF's line break is in the checked text: the CR LFs before it moved it left.
    breaks = [found.start() - earlier for earlier, found in enumerate(re.finditer("\r\n", body))]
    return lambda offset: offset + bom + bisect_left(breaks, offset)


def _moved(found: Diagnostic, into_caller: Callable[[int], int]) -> Diagnostic:
    fix = found.fix
    if fix is not None:
        fix = replace(fix, start=into_caller(fix.start), end=into_caller(fix.end))
    return replace(found, start=into_caller(found.start), end=into_caller(found.end), fix=fix)


def _source_language(code: str) -> str:
    from mtcheck.language.profiles import source_language

    return source_language(code)


_default: Checker | None = None


def default_checker() -> Checker:
    """The checker of check_text() and check_file(): mtcheck's defaults, built on first use."""
    global _default
    if _default is None:
        _default = Checker()
    return _default


def check_text(
    text: str,
    *,
    source: str | None = None,
    reference: str | None = None,
    source_lang: str | None = None,
    format: str = "text",
) -> list[Diagnostic]:
    """Check a text with mtcheck's defaults (see Checker.check_text)."""
    return default_checker().check_text(
        text, source=source, reference=reference, source_lang=source_lang, format=format
    )


def check_file(
    path: str | PathLike[str],
    *,
    source: str | PathLike[str] | None = None,
    reference: str | PathLike[str] | None = None,
    source_lang: str | None = None,
) -> list[Diagnostic]:
    """Check a file with mtcheck's defaults (see Checker.check_file)."""
    return default_checker().check_file(path, source=source, reference=reference, source_lang=source_lang)


def check_document(
    text: str,
    *,
    id: str | None = None,
    source: str | None = None,
    reference: str | None = None,
    source_lang: str | None = None,
    format: str = "text",
) -> CheckedDocument:
    """Check one document of a corpus with mtcheck's defaults (see Checker.check_document)."""
    return default_checker().check_document(
        text, id=id, source=source, reference=reference, source_lang=source_lang, format=format
    )


__all__ = [
    "CheckIncomplete",
    "CheckedDocument",
    "Checker",
    "Diagnostic",
    "Edit",
    "check_document",
    "check_file",
    "check_text",
    "default_checker",
]
