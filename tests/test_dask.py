"""Checking on a real Dask cluster (a LocalCluster of worker processes): `check --dask` gives
a serial run's output, byte for byte and in order; mtcheck.dask gives the serial findings as
a dataframe; each worker loads the rule set once; a missing scheduler is a one-line error."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.run import cluster
from tests.conftest import REPO, SHARED, needs_shared

distributed = pytest.importorskip("distributed", reason='Dask is an optional extra: pip install "mtcheck[dask]"')

ARTICLES = sorted(p for p in (REPO / "corpora" / "en").iterdir() if p.suffix in (".txt", ".md"))
SOURCES = {p.name.split(".")[0]: p for p in (REPO / "corpora" / "en" / "sources").iterdir()}
WMT22 = SHARED / "data"
spec = importlib.util.spec_from_file_location("dask_scale", REPO / "bench" / "dask_scale.py")
dask_scale = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dask_scale)  # its 2,000 WMT documents are the slow test's


def sample_records(copies: int) -> list[dict]:
    """The project's English articles as records, those with a source with it, `copies` times."""
    records = []
    for copy in range(copies):
        for article in ARTICLES:
            record = {"id": f"{article.stem}-{copy}", "text": article.read_text(encoding="utf-8")}
            if article.stem in SOURCES:
                record["src"] = SOURCES[article.stem].read_text(encoding="utf-8")
            records.append(record)
    return records


def write_corpus(path: Path, records: list[dict], broken_every: int = 0) -> Path:
    """A JSON Lines corpus; with broken_every, a malformed line and a record without text that often."""
    lines = []
    for index, record in enumerate(records, 1):
        lines.append(json.dumps({"src": None, **record}, ensure_ascii=False))
        if broken_every and index % broken_every == 0:
            lines += ['{"id": "cut", "text": "unterminated', json.dumps({"id": f"no-text-{index}", "src": None})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def scheduler():
    """The address of a LocalCluster with two worker processes of one thread each."""
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, silence_logs=40
    ) as local:
        yield local.scheduler_address


XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="de" target-language="en-US" datatype="plaintext" original="news">
    <body>
      <trans-unit id="u1"><source>Die Minister trafen sich in Kiew.</source>
        <target>The ministers met in kyiv.</target></trans-unit>
      <trans-unit id="u2"><source>Es kamen 500 Menschen.</source><target>300 people came.</target></trans-unit>
    </body>
  </file>
</xliff>
"""


def run(*args: str):
    return CliRunner().invoke(app, ["check", *args])


@pytest.mark.parametrize("output_format", ["text", "sarif"])
def test_records_and_files_on_the_cluster_give_the_serial_output(tmp_path, scheduler, output_format, monkeypatch):
    monkeypatch.setattr(cluster, "BATCH", 5)  # several batches per worker, errors inside them
    corpus = write_corpus(tmp_path / "corpus.jsonl", sample_records(2), broken_every=25)
    xliff = tmp_path / "units.xlf"  # a bilingual file is checked on the client, in its place
    xliff.write_text(XLIFF, encoding="utf-8")
    inputs = [str(corpus), str(ARTICLES[0]), str(xliff), str(ARTICLES[-1])]  # records, files, units: one run
    serial = run("--format", output_format, "--source-field", "src", *inputs)
    on_cluster = run("--format", output_format, "--source-field", "src", "--dask", scheduler, *inputs)
    assert serial.exit_code == on_cluster.exit_code == 2  # the broken records are errors
    assert on_cluster.stdout == serial.stdout
    assert on_cluster.stderr == serial.stderr
    assert serial.stderr.count("mtcheck: error:") == 2 * (2 * len(ARTICLES) // 25)
    assert len(serial.stdout) > 10_000 and "source-storm-germany-1" in serial.stdout
    assert "units.xlf" in serial.stdout and "SR101" in serial.stdout  # the changed number of unit u2


def worker_states(scheduler: str) -> dict[str, dict[str, int]]:
    with distributed.Client(scheduler, set_as_default=False) as client:
        return client.run(cluster.worker_state)


def test_each_worker_builds_its_checker_once_and_reuses_it(tmp_path, scheduler, monkeypatch):
    monkeypatch.setattr(cluster, "BATCH", 4)  # many tasks for each worker
    corpus = write_corpus(tmp_path / "corpus.jsonl", sample_records(1))
    before = worker_states(scheduler)
    # Settings no other test uses: each worker builds a checker for them once, whatever its tasks.
    result = run("--format", "jsonl", "--ignore", "MT9", "--dask", scheduler, str(corpus))
    assert result.exit_code == 1, result.output
    after = worker_states(scheduler)
    tasks = {worker: after[worker]["tasks"] - before[worker]["tasks"] for worker in after}
    built = {worker: after[worker]["checkers"] - before[worker]["checkers"] for worker in after}
    loaded = {worker: after[worker]["rule_sets"] - before[worker]["rule_sets"] for worker in after}
    assert sum(tasks.values()) == -(-len(ARTICLES) // 4) > 2 * len(after)
    assert all(built[worker] == (1 if tasks[worker] else 0) for worker in after), (tasks, built)
    assert all(count <= 1 for count in loaded.values()), loaded  # MT9 ignored: the same rule set as before


def serial_rows(records: list[dict]) -> list[tuple]:
    import mtcheck

    checker = mtcheck.Checker()
    rows = []
    for record in records:
        for d in checker.check_document(record["text"], id=record["id"]).diagnostics:
            fix = (d.fix.replacement, d.fix.safe, d.fix.start, d.fix.end) if d.fix else (None, None, None, None)
            rows.append((record["id"], d.code, str(d.severity), d.message, d.start, d.end, d.line, d.column, *fix))
    return rows


def frame_rows(frame) -> list[tuple]:
    import pandas

    columns = ["id", "code", "severity", "message", "start", "end", "line", "column"]
    columns += ["fix", "fix_safe", "fix_start", "fix_end"]
    rows = frame[columns].astype(object).itertuples(index=False)
    return [tuple(None if pandas.isna(value) else value for value in row) for row in rows]


def test_bags_and_dataframes_give_the_serial_findings(tmp_path, scheduler):
    import dask.bag
    import dask.dataframe
    import pandas

    import mtcheck.dask

    records = sample_records(1)
    expected = serial_rows(records)
    bag = dask.bag.from_sequence(records, npartitions=5)
    frame = dask.dataframe.from_pandas(pandas.DataFrame(records), npartitions=4)
    with distributed.Client(scheduler, set_as_default=False) as client:
        from_bag = client.compute(mtcheck.dask.check_bag(bag)).result()
        findings = client.persist(mtcheck.dask.check_dataframe(frame, text_column="text", id_column="id"))
        from_frame = client.compute(findings).result()
        findings.to_parquet(tmp_path / "findings", compute=False).compute(scheduler=client.get)
    assert len(expected) > 100
    assert frame_rows(from_bag) == frame_rows(from_frame) == expected
    assert from_frame["error"].isna().all()
    written = pandas.read_parquet(tmp_path / "findings")
    assert len(list((tmp_path / "findings").glob("*.parquet"))) == 4  # a file per partition
    assert frame_rows(written) == expected


def test_documents_that_cannot_be_checked_are_rows_with_an_error(scheduler):
    import dask.bag

    import mtcheck.dask

    records = [{"id": "a", "text": "Talks in kyiv."}, {"id": "b", "text": 3}, {"text": "No id."}, "just text"]
    with distributed.Client(scheduler, set_as_default=False) as client:
        frame = client.compute(mtcheck.dask.check_bag(dask.bag.from_sequence(records, npartitions=1))).result()
    assert list(frame["id"].astype(object).where(frame["id"].notna(), None)) == ["a", "b", None, None]
    assert frame["code"].iloc[0] == "MT101" and pandas_na(frame["error"].iloc[0])
    assert frame["error"].iloc[1].endswith("field 'text' is a number, not a string")
    assert "no field 'id'" in frame["error"].iloc[2] and "a record is a dict, not str" in frame["error"].iloc[3]


def pandas_na(value: object) -> bool:
    import pandas

    return value is pandas.NA


def test_a_bad_option_raises_before_anything_runs():
    import dask.bag

    import mtcheck.dask

    with pytest.raises(ValueError, match="no rule packs for language 'xx'"):
        mtcheck.dask.check_bag(dask.bag.from_sequence([]), target_lang="xx")


def test_an_unreachable_scheduler_is_one_line_and_exit_2_in_bounded_time(monkeypatch, tmp_path):
    corpus = write_corpus(tmp_path / "corpus.jsonl", sample_records(1))
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1.0)
    started = time.monotonic()
    result = run("--dask", "tcp://127.0.0.1:1", str(corpus))
    assert time.monotonic() - started < 8
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("mtcheck: error: tcp://127.0.0.1:1: cannot reach the Dask scheduler (")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "address, problem",
    [
        ("nonsense", "missing port number in address 'nonsense'"),
        ("tcp://host:87x", "invalid literal for int() with base 10: '87x'"),
        ("http://host:8786", "no protocol 'http'; Dask has"),
    ],
)
def test_a_malformed_address_is_one_line_at_once(address, problem):
    started = time.monotonic()
    result = run("--dask", address, str(ARTICLES[0]))
    assert time.monotonic() - started < 5
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"mtcheck: error: {address}: not a Dask scheduler address such as tcp://host:8786")
    assert problem in result.stderr and result.stderr.count("\n") == 1


def test_without_dask_the_error_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed raises ImportError
    result = run("--dask", "tcp://127.0.0.1:8786", str(write_corpus(tmp_path / "c.jsonl", sample_records(1))))
    assert (result.exit_code, result.stderr) == (
        2,
        'mtcheck: error: tcp://127.0.0.1:8786: checking on a Dask cluster needs dask: pip install "mtcheck[dask]"\n',
    )


def test_dask_does_not_go_with_fixing():
    result = run("--fix", "--dask", "tcp://127.0.0.1:8786", str(ARTICLES[0]))
    assert result.exit_code == 2 and "--dask checks; it does not go with --fix" in result.stderr


def test_checking_without_dask_does_not_import_it():
    code = (
        "import sys; from typer.testing import CliRunner; from mtcheck.cli import app; "
        f"r = CliRunner().invoke(app, ['check', {str(ARTICLES[0])!r}]); assert r.exit_code in (0, 1), r.output; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'dask', 'distributed', 'pandas'}))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert shown.stdout.strip() == "[]"


@pytest.mark.slow  # about 60 s: the serial run and the cluster's, of 2 MB of text
@needs_shared(WMT22)
def test_two_thousand_wmt_documents_on_two_workers_give_the_serial_output(tmp_path, scheduler):
    corpus = write_corpus(tmp_path / "wmt.jsonl", dask_scale.wmt_documents(2000))
    serial = run("--format", "jsonl", "--fail-on", "never", str(corpus))
    on_cluster = run("--format", "jsonl", "--fail-on", "never", "--dask", scheduler, str(corpus))
    assert serial.exit_code == on_cluster.exit_code == 0
    assert on_cluster.stdout == serial.stdout
    assert len(serial.stdout.splitlines()) > 500


def test_a_failing_worker_task_comes_back_as_text_naming_the_record(monkeypatch):
    from mtcheck.engine.settings import Settings
    from mtcheck.run.records import Record, RecordFields

    def broken(*args):
        raise ValueError("broken on purpose")

    monkeypatch.setattr(cluster, "check_record", broken)  # in this process: check_batch runs here
    job = cluster.RecordJob(Settings(), "corpus.jsonl", RecordFields(), Record("story-17", "Text.", "3", 3))
    report = cluster.check_batch([job])
    assert isinstance(report, str)
    error = cluster.WorkerError.reported(report)
    assert str(error) == "checking corpus.jsonl#story-17 on a Dask worker failed: ValueError: broken on purpose"
