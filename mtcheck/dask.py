"""Checking a Dask bag or dataframe of documents (`pip install "mtcheck[dask]"`):

    import dask.dataframe as dd
    import mtcheck.dask

    articles = dd.read_parquet("s3://archive/2026-*.parquet")
    findings = mtcheck.dask.check_dataframe(articles, text_column="body", id_column="story_id")
    findings.to_parquet("findings/")  # partitioned, one file per partition; or .to_json(...)

The result is a Dask dataframe with one row per finding, in the documents' order
(FINDING_COLUMNS); a document that cannot be checked has one row with `error` set and no
finding. Each worker process loads the rule set once and keeps it (mtcheck/run/cluster.py),
and a bad option or configuration raises here, before anything runs on the cluster.
"""

from __future__ import annotations

from os import PathLike
from typing import TYPE_CHECKING, Any

from mtcheck.engine.settings import Settings
from mtcheck.run.api import Checker
from mtcheck.run.frames import FINDING_COLUMNS, INDEX, findings_frame
from mtcheck.run.records import RecordFields

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe


def check_bag(
    bag: dask.bag.Bag,
    *,
    text_field: str = "text",
    id_field: str = "id",
    source_field: str | None = None,
    ref_field: str | None = None,
    source_lang_field: str | None = None,
    config: str | PathLike[str] | None = None,
    **options: Any,
) -> dask.dataframe.DataFrame:
    """The findings in a bag of records (dicts, as JSON Lines gives them: the text, an id, and
    optionally the source, a human translation and the source's language). `config` and
    `options` are mtcheck.Checker's (target_lang, source_lang, select, ignore, ...)."""
    fields = RecordFields(text_field, id_field, source_field, ref_field, source_lang_field)
    return findings_frame(bag.to_delayed(), _settings(config, options), fields, "bag")


def check_dataframe(
    frame: dask.dataframe.DataFrame,
    *,
    text_column: str = "text",
    id_column: str | None = None,
    source_column: str | None = None,
    ref_column: str | None = None,
    source_lang_column: str | None = None,
    config: str | PathLike[str] | None = None,
    **options: Any,
) -> dask.dataframe.DataFrame:
    """The findings in a dataframe with a document per row; the id is `id_column`'s value,
    or the row's index. `config` and `options` are mtcheck.Checker's."""
    fields = RecordFields(text_column, id_column or INDEX, source_column, ref_column, source_lang_column)
    wanted = [name for name in fields.names() if name != INDEX]
    missing = [name for name in wanted if name not in frame.columns]
    if missing:
        raise ValueError(f"no column {missing[0]!r} (columns: {', '.join(map(repr, frame.columns[:12]))})")
    return findings_frame(frame[wanted].to_delayed(), _settings(config, options), fields, "dataframe")


def _settings(config: str | PathLike[str] | None, options: dict[str, Any]) -> Settings:
    return Checker(config, **options).settings  # raises now on a bad option, configuration or pack


__all__ = ["FINDING_COLUMNS", "check_bag", "check_dataframe"]
