"""Corpora as records: JSON Lines (and Parquet, mtcheck/run/parquet_records.py) with one
document per record, checked one record at a time, so that memory stays flat however large
the corpus and each record's findings are reported as soon as it is checked.

A record that cannot be checked (malformed JSON, a missing or non-string field) is an error
naming the file and line; the other records are still checked, and the run exits 2.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, BinaryIO

from mtcheck.engine.findings import FileResult
from mtcheck.files import STDIN_NAME, InputError, open_regular_file
from mtcheck.run.api import Checker, text_input
from mtcheck.run.session import Session

DEFAULT_ID_FIELD = "id"
_JSON_TYPES = {dict: "an object", list: "an array", bool: "a boolean", int: "a number", float: "a number"}


@dataclass(frozen=True)
class RecordFields:
    """Which fields of a record hold what (--text-field, --id-field, ...)."""

    text: str = "text"
    id: str | None = None  # None: "id" when a record has one, else the record's line (or row)
    source: str | None = None
    reference: str | None = None
    source_lang: str | None = None

    def names(self) -> list[str]:
        wanted = [self.text, self.id or DEFAULT_ID_FIELD, self.source, self.reference, self.source_lang]
        return list(dict.fromkeys(name for name in wanted if name))


@dataclass(frozen=True)
class Record:
    id: str
    text: str
    where: str  # for messages: its line in a JSON Lines file ("17"), its row in Parquet ("row 17")
    line: int | None  # in a JSON Lines file; None for a Parquet row
    source: str | None = None
    reference: str | None = None
    source_lang: str | None = None


class MissingField(ValueError):
    """A record without a named field: in the first record, a wrong option rather than a bad record."""


class RecordError(Exception):
    """A record that cannot be checked; str() names the file and the line (or row)."""

    def __init__(self, path: str, where: str, problem: str, line: int | None = None):
        super().__init__(f"{path}:{where}: {problem}")
        self.line = line


def record_from(values: dict[str, Any], fields: RecordFields, number: int, in_jsonl: bool = True) -> Record:
    """The record in a JSON object on line `number` (or in Parquet row `number`, from 1);
    ValueError says what is wrong with it."""
    if fields.id is None and DEFAULT_ID_FIELD not in values:
        record_id = str(number)  # no ids in this corpus: records are known by their line (or row)
    else:
        record_id = _identifier(values, fields.id or DEFAULT_ID_FIELD)
    return Record(
        record_id,
        _string(values, fields.text, required=True) or "",
        str(number) if in_jsonl else f"row {number}",
        number if in_jsonl else None,
        _string(values, fields.source),
        _string(values, fields.reference),
        _string(values, fields.source_lang),
    )


def _present(values: dict[str, Any], name: str) -> Any:
    if name not in values:
        have = ", ".join(repr(key) for key in list(values)[:8]) or "none"
        raise MissingField(f"no field {name!r} (fields: {have})")
    return values[name]


def _string(values: dict[str, Any], name: str | None, required: bool = False) -> str | None:
    """A named field's text; null means none for this record, except for the text itself."""
    if name is None:
        return None
    value = _present(values, name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise ValueError(f"field {name!r} is {_type_name(value)}, not a string")
    return value


def _identifier(values: dict[str, Any], name: str) -> str:
    value = _present(values, name)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value:
        raise ValueError(f"id field {name!r} is {_type_name(value)}, not a string or an integer")
    # One line in text output, whatever the id holds.
    return value.replace("\n", "\\n").replace("\r", "\\r")


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if value == "":
        return "empty"
    return _JSON_TYPES.get(type(value), type(value).__name__)


def jsonl_records(handle: BinaryIO, path: str, fields: RecordFields, max_mb: float) -> Iterator[Record | RecordError]:
    """Each line's record, or the error that keeps it from being checked; blank lines are skipped."""
    limit = int(max_mb * 1024 * 1024)
    number = 0
    first = True  # no record read yet
    while True:
        number += 1
        raw = handle.readline(limit + 1)
        if not raw:
            return
        if len(raw) > limit and not raw.endswith(b"\n"):
            _skip_line(handle)
            yield RecordError(path, str(number), _too_long(max_mb), number)
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        try:
            values = json.loads(raw.rstrip(b"\r\n"))  # so that a column past the end is on this line
        except UnicodeDecodeError as err:
            yield RecordError(
                path,
                str(number),
                f"not valid UTF-8: byte 0x{raw[err.start]:02x} at byte {err.start + 1} of the line",
                number,
            )
            continue
        except json.JSONDecodeError as err:
            yield RecordError(path, str(number), f"not valid JSON: {err.msg} (column {err.colno})", number)
            continue
        if not isinstance(values, dict):
            yield RecordError(path, str(number), f"a record is a JSON object, not {_type_name(values)}", number)
            continue
        try:
            record = record_from(values, fields, number)
        except MissingField as err:
            if first:  # every record would say the same: one error for the corpus, not one per record
                raise InputError(f"{path}:{number}", f"{err}; no record was checked") from None
            yield RecordError(path, str(number), str(err), number)
            continue
        except ValueError as err:
            yield RecordError(path, str(number), str(err), number)
            continue
        first = False
        yield record


def _skip_line(handle: BinaryIO) -> None:
    while True:
        chunk = handle.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


def _too_long(max_mb: float) -> str:
    return f"record longer than the {max_mb:g} MB limit for one input (raise it with --max-file-size)"


def read_records(
    path: str, display: str, fields: RecordFields, records_format: str, max_mb: float
) -> Iterator[Record | RecordError]:
    """The records of a corpus file (or of standard input, JSON Lines only), streamed."""
    if records_format == "parquet":
        if path == STDIN_NAME:
            raise InputError(display, "Parquet is read from a file, not from standard input")
        from mtcheck.run.parquet_records import parquet_rows  # pyarrow: only for Parquet

        optional = set() if fields.id else {DEFAULT_ID_FIELD}
        for row, values in enumerate(parquet_rows(path, fields.names(), optional), 1):
            try:
                yield record_from(values, fields, row, in_jsonl=False)
            except ValueError as err:
                yield RecordError(path, f"row {row}", str(err))
        return
    if path == STDIN_NAME:
        import sys

        stdin = getattr(sys.stdin, "buffer", None)
        if stdin is None or stdin.closed:  # started with standard input closed (`mtcheck check - <&-`)
            raise InputError(display, "standard input is closed")
        yield from jsonl_records(stdin, display, fields, max_mb)
        return
    with open_regular_file(path, None) as handle:
        yield from jsonl_records(handle, display, fields, max_mb)


def check_records(session: Session, path: str, fields: RecordFields, records_format: str) -> Iterator[FileResult]:
    """Each record's result, in the corpus's order, as it is checked."""
    checker, display = corpus_checker(session, path)
    for item in records_to_check(checker, path, display, fields, records_format):
        yield item if isinstance(item, FileResult) else check_record(checker, display, item, fields)


def corpus_checker(session: Session, path: str) -> tuple[Checker, str]:
    """The checker for a corpus's records (config and pack errors raise here, before any
    record is read) and the corpus's name in reports."""
    display = session.stdin_name if path == STDIN_NAME else path
    return Checker.for_session(session, display), display


def records_to_check(
    checker: Checker, path: str, display: str, fields: RecordFields, records_format: str
) -> Iterator[Record | FileResult]:
    """Each record of a corpus, in order, or the result of one that cannot be checked."""
    try:
        for item in read_records(path, display, fields, records_format, checker.settings.max_file_size):
            if isinstance(item, RecordError):
                yield FileResult(display, error=str(item), record_line=item.line)
            else:
                yield item
    except InputError as err:
        yield FileResult(display, error=str(err))
    except OSError as err:  # the disk or the pipe failed half-way: what was read has been reported
        yield FileResult(display, error=f"{display}: cannot be read: {err.strerror or err}")


def check_record(checker: Checker, display: str, record: Record, fields: RecordFields) -> FileResult:
    """One record, checked as a file with its text would be, with its source and reference."""
    try:
        settings = checker.settings_for(record.source_lang)
    except ValueError as err:  # an unknown language code
        return _failed(display, record, f"field {fields.source_lang!r}: {err}")
    text = source = reference = None
    try:
        text = text_input(record.text, display)
        if record.source is not None:
            source = text_input(record.source, f"{display}:{record.where}")  # (named in warnings)
        if record.reference is not None:
            reference = text_input(record.reference, display)
    except InputError as err:  # a NUL or a lone surrogate
        failed = (
            fields.text if text is None else fields.source if source is None and record.source else fields.reference
        )
        return _failed(display, record, f"field {failed!r}: {err.problem}")
    result = checker.result(display, text, settings, source, reference)
    return replace(result, record_id=record.id, record_line=record.line)


def _failed(display: str, record: Record, problem: str) -> FileResult:
    return FileResult(
        display, error=f"{display}:{record.where}: {problem}", record_id=record.id, record_line=record.line
    )
