"""Checking bilingual files (XLIFF, TMX, TSV, CSV): each unit's target with its source, as
`--source` checks an article against its source, in the languages the file gives.

A unit is checked as a document of its own (one target, one source), so the findings are
those `mtcheck check --source` gives for the same two texts. Each unit is a result of its
own, like a record of a corpus (`PATH#ID`), but its findings are placed at their line and
column in the file. Fixing checks the whole file as one result and edits only target text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from mtcheck.engine.findings import FileResult, GaveUp
from mtcheck.engine.placement import placed_in_file
from mtcheck.engine.settings import Settings
from mtcheck.engine.windows import TextView
from mtcheck.files import STDIN_NAME, InputError
from mtcheck.language.profiles import available_languages, source_language
from mtcheck.run.report import detached
from mtcheck.run.session import Session
from mtcheck.text.bilingual import Columns, Unit, language_tag
from mtcheck.text.blocks import line_starts
from mtcheck.text.inputs import InputText, decode, read_input, read_stdin
from mtcheck.text.table_units import table_units
from mtcheck.text.xml_units import xml_units

NOT_FIXED_IN_UNIT = (
    " (no automatic fix in this file: the edit would cross inline markup, cut an entity, or need a character"
    " the field cannot hold)"
)


def read_units(text: InputText, file_format: str, columns: Columns = Columns()) -> list[Unit]:
    """The units of a bilingual file with a target to check; InputError names the file and
    the problem (malformed XML, an entity declaration, no source or target column...)."""
    if file_format in ("tsv", "csv"):
        return table_units(text, file_format, columns)
    return xml_units(text)


class _File:
    """A bilingual file being checked: its text, line offsets and settings per language pair."""

    def __init__(self, session: Session, display: str, text: InputText, file_format: str, columns: Columns):
        self.session = session
        self.display = display
        self.text = text
        self.base = session.settings_for(display)
        session.checker(self.base)  # config and pack errors surface before the file is read further
        self.units = read_units(text, file_format, columns)
        self.line_offsets = line_starts(text.text)
        self.settings = {pair: self._settings(*pair) for pair in {(u.source_lang, u.target_lang) for u in self.units}}

    def _settings(self, source: str | None, target: str | None) -> Settings:
        """The settings for units in these languages: the file's, unless the command line named them."""
        settings = self.base
        chosen = self.session.overrides
        if "source_lang" not in chosen and language_tag(source):
            try:
                settings = settings.but(source_lang=source_language(language_tag(source) or ""))
            except ValueError:
                raise InputError(self.display, f"source language {source!r}: not a language mtcheck knows") from None
        target_tag = language_tag(target)
        if "target_lang" not in chosen and target_tag and target_tag != settings.target_lang:
            if target_tag not in available_languages():
                raise InputError(
                    self.display,
                    f"target language {target!r} has no rule packs (available: {', '.join(available_languages())};"
                    " --target-lang overrides the file)",
                )
            settings = settings.but(target_lang=target_tag)
        return settings

    def check(self, unit: Unit) -> FileResult:
        """One unit, checked with its source and placed in the file."""
        settings = self.settings[(unit.source_lang, unit.target_lang)]
        # Read as a file holding the text would be (UTF-8 from the file, so it cannot fail).
        target = decode(unit.target.encode("utf-8"), self.display)
        source = decode(unit.source.encode("utf-8"), f"{self.display}#{unit.id} (source)")
        settings = self.session.with_source_language(settings, source)
        result = self.session.check_text(self.display, target, settings, source)
        checked = detached(result)  # the score and sentences of the unit's own text
        view = TextView(self.display, self.text.text, self.line_offsets)
        if isinstance(checked.doc, TextView):
            view.quality, view.compared = checked.doc.quality, checked.doc.compared
        placed = [placed_in_file(f, unit.target_map, unit.escape, NOT_FIXED_IN_UNIT) for f in result.findings]
        return replace(result, findings=placed, doc=view, record_id=unit.id, record_line=unit.line, in_file=True)


def _read(session: Session, path: str, display: str) -> InputText:
    max_mb = session.settings_for(display).max_file_size
    if path == STDIN_NAME:
        return read_stdin(display, session.input_format, max_mb)
    return read_input(path, session.input_format, max_mb)


def check_bilingual(session: Session, path: str, file_format: str, columns: Columns) -> Iterator[FileResult]:
    """Each unit's result, in the file's order (one error result when the file cannot be read)."""
    display = session.stdin_name if path == STDIN_NAME else path
    try:
        checked = _File(session, display, _read(session, path, display), file_format, columns)
    except InputError as err:
        yield FileResult(display, error=str(err))
        return
    for unit in checked.units:
        yield checked.check(unit)


def bilingual_result(session: Session, path: str, text: InputText, file_format: str, columns: Columns) -> FileResult:
    """The whole file as one result, every unit's findings placed in it (for fixing)."""
    display = session.stdin_name if path == STDIN_NAME else path
    try:
        checked = _File(session, display, text, file_format, columns)
    except InputError as err:
        return FileResult(display, error=str(err))
    findings = []
    gave_up: dict[str, GaveUp] = {}
    for unit in checked.units:
        result = checked.check(unit)
        findings.extend(result.findings)
        gave_up.update((g.code, g) for g in result.gave_up)
    view = TextView(display, text.text, checked.line_offsets)
    return FileResult(display, findings, view, fail_on=checked.base.fail_on, gave_up=list(gave_up.values()))
