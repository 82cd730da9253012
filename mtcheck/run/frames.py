"""Findings as dataframe rows, for mtcheck.dask: a partition of documents (a bag's dicts or
a pandas dataframe's rows) checked on a worker with its process's checker
(mtcheck/run/cluster.py), one row per finding, in the documents' order."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from mtcheck.engine.settings import Settings
from mtcheck.run.api import diagnostics
from mtcheck.run.cluster import worker_checker, worker_task
from mtcheck.run.records import MissingField, RecordFields, check_record, record_from

if TYPE_CHECKING:
    import dask.dataframe
    import pandas

# Column -> pandas dtype; the nullable ones are null on a row that reports an error.
FINDING_COLUMNS = {
    "id": "string",  # the document's id
    "code": "string",
    "name": "string",
    "category": "string",
    "severity": "string",
    "message": "string",
    "text": "string",  # the flagged text
    "start": "Int64",  # code-point offsets into the document's text, end exclusive
    "end": "Int64",
    "line": "Int64",  # 1-based, code points; end exclusive
    "column": "Int64",
    "end_line": "Int64",
    "end_column": "Int64",
    "fix": "string",  # the suggested replacement, if any
    "fix_safe": "boolean",
    "fix_start": "Int64",
    "fix_end": "Int64",
    "penalty": "float64",
    "error": "string",  # why the document could not be checked, or a rule that ran out of time on it
}
# The columns that are a Diagnostic's attributes of the same name.
_FROM_DIAGNOSTIC = [
    key for key in FINDING_COLUMNS if key not in ("id", "severity", "error") and not key.startswith("fix")
]
INDEX = "\0index"  # the record key of a dataframe row's index (no column can be named so)


def findings_frame(parts: list[Any], settings: Settings, fields: RecordFields, kind: str) -> dask.dataframe.DataFrame:
    """The findings of each partition (a delayed list of dicts or pandas dataframe), as one
    Dask dataframe with a partition per partition, checked under these settings."""
    import dask
    import dask.dataframe

    checked = [
        dask.delayed(_partition_findings)(part, settings, fields, f"{kind} partition {n}")
        for n, part in enumerate(parts)
    ]
    return dask.dataframe.from_delayed(checked, meta=_frame([]), verify_meta=False)


def _partition_findings(part: Any, settings: Settings, fields: RecordFields, where: str) -> pandas.DataFrame:
    """A partition's findings (runs on a worker, with its process's checker)."""
    rows: list[dict[str, Any]] = []
    with worker_task():
        for number, values in enumerate(_records(part), 1):
            rows.extend(_document_rows(values, number, settings, fields, where))
    return _frame(rows)


def _records(part: Any) -> Iterable[dict[str, Any]]:
    """A bag partition's dicts, or a pandas partition's rows as dicts (missing values as None)."""
    import pandas

    if not isinstance(part, pandas.DataFrame):
        yield from part
        return
    for index, row in zip(part.index, part.to_dict("records")):
        values = {key: _plain(value) for key, value in row.items()}
        values[INDEX] = str(index)
        yield values


def _plain(value: Any) -> Any:
    """A pandas cell as JSON would hold it: None for a missing value, Python numbers."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    import pandas

    if value is pandas.NA or value is pandas.NaT:
        return None
    return value.item() if hasattr(value, "item") else value


def _document_rows(
    values: Any, number: int, settings: Settings, fields: RecordFields, where: str
) -> list[dict[str, Any]]:
    """One document's rows: a row per finding, a row per rule out of time, or one error row."""
    record_id = values.get(fields.id or "") if isinstance(values, dict) else None
    record_id = None if record_id is None else str(record_id)
    if not isinstance(values, dict):
        return [{"id": None, "error": f"{where}, item {number}: a record is a dict, not {type(values).__name__}"}]
    try:
        record = record_from(values, fields, number)
    except (MissingField, ValueError) as err:
        return [{"id": record_id, "error": f"{where}, item {number}: {err}"}]
    result = check_record(worker_checker(settings), where, record, fields)
    if result.error:
        return [{"id": record.id, "error": result.error}]
    rows: list[dict[str, Any]] = []
    for found in diagnostics(result):
        fix = found.fix
        row = {key: getattr(found, key) for key in _FROM_DIAGNOSTIC}
        row.update(id=record.id, severity=str(found.severity), fix=fix and fix.replacement)
        row.update(fix_safe=fix and fix.safe, fix_start=fix and fix.start, fix_end=fix and fix.end)
        rows.append(row)
    rows.extend({"id": record.id, "error": f"{where}, item {number}: {gave_up.message}"} for gave_up in result.gave_up)
    return rows


def _frame(rows: list[dict[str, Any]]) -> pandas.DataFrame:
    import pandas

    frame = pandas.DataFrame(rows, columns=list(FINDING_COLUMNS))
    return frame.astype(FINDING_COLUMNS)
