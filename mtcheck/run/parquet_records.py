"""Rows of a Parquet file, read in batches through pyarrow (the optional extra
`mtcheck[parquet]`), so that memory stays flat however many rows the file has."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mtcheck.files import InputError, open_regular_file

BATCH_ROWS = 256  # rows per batch: a few MB of news text at most


def parquet_rows(path: str, columns: list[str], optional: set[str]) -> Iterator[dict[str, Any]]:
    """Each row as a dict of the named columns (those in `optional` only when the file has them)."""
    try:
        import pyarrow.parquet as parquet
    except ImportError:
        raise InputError(path, 'reading Parquet needs pyarrow: pip install "mtcheck[parquet]"') from None
    from pyarrow import ArrowException

    with open_regular_file(path, None) as handle:
        try:
            reader = parquet.ParquetFile(handle)
        except (ArrowException, OSError) as err:
            raise InputError(path, f"not a readable Parquet file ({_first_line(err)})") from None
        have = reader.schema_arrow.names
        missing = [name for name in columns if name not in have and name not in optional]
        if missing:
            listed = ", ".join(repr(name) for name in have[:12])
            raise InputError(path, f"no column {missing[0]!r} (columns: {listed})")
        rows = 0
        try:
            for batch in reader.iter_batches(batch_size=BATCH_ROWS, columns=[c for c in columns if c in have]):
                for row in batch.to_pylist():
                    rows += 1
                    yield row
        except ArrowException as err:
            raise InputError(path, f"row {rows + 1}: cannot be read ({_first_line(err)})") from None


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
