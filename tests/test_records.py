"""Corpora as records: JSON Lines and Parquet, one document per record, checked as files are,
reported with the record's id, streamed record by record, with one-line errors for bad records."""

from __future__ import annotations

import importlib.util
import json
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from tests.conftest import REPO, SHARED, modules_a_check_loads, needs_shared

spec = importlib.util.spec_from_file_location("jsonl_memory", REPO / "bench" / "jsonl_memory.py")
jsonl_memory = importlib.util.module_from_spec(spec)
spec.loader.exec_module(jsonl_memory)

ARTICLE = "Talks in kyiv ended on tuesday.\nAdd Comment\n"
SARIF_SCHEMA = SHARED / "data" / "sarif-schema-2.1.0.json"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def write_jsonl(path: Path, *records: object) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def findings_by_name(jsonl_output: str) -> dict[str, list[dict]]:
    """JSON Lines findings grouped by what was checked (a file's path or path#record), without those keys."""
    grouped: dict[str, list[dict]] = {}
    for line in jsonl_output.splitlines():
        entry = json.loads(line)
        name = entry.pop("path") if entry.get("record") is None else f"{entry.pop('path')}#{entry['record']}"
        entry.pop("record", None), entry.pop("record_line", None)
        grouped.setdefault(name, []).append(entry)
    return grouped


def same_as_files(tmp_path: Path, docs: list[tuple[str, str]]) -> None:
    """Every document checked as a record gives what it gives checked as a file of its own."""
    folder = tmp_path / "docs"
    folder.mkdir()
    names = {}
    for number, (doc_id, text) in enumerate(docs):
        path = folder / f"{number:05d}.txt"
        path.write_text(text, encoding="utf-8")
        names[str(path)] = doc_id
    corpus = write_jsonl(tmp_path / "corpus.jsonl", *({"id": i, "text": t} for i, t in docs))
    as_records = run("check", "--format", "jsonl", "--fail-on", "never", str(corpus))
    as_files = run("check", "--format", "jsonl", "--fail-on", "never", "-j", "1", str(folder))
    assert as_records.exit_code == 0 and as_files.exit_code == 0, as_records.stderr + as_files.stderr
    from_records = findings_by_name(as_records.stdout)
    from_files = {f"{corpus}#{names[path]}": found for path, found in findings_by_name(as_files.stdout).items()}
    assert from_files, "the references give some findings to compare"
    assert from_records == from_files


@needs_shared(SHARED / "data")
def test_wmt22_references_as_records_give_the_findings_of_files(tmp_path):
    # Every seventh document of the five references (the whole corpus below, in the slow suite).
    docs = list(jsonl_memory.documents(SHARED))
    assert {doc_id.split("/")[0] for doc_id, _ in docs} == {"de-en", "cs-en", "uk-en", "zh-en", "ja-en"}
    same_as_files(tmp_path, docs[::7])


@pytest.mark.slow
@needs_shared(SHARED / "data")
def test_the_whole_wmt22_reference_corpus_as_records_gives_the_findings_of_files(tmp_path):
    same_as_files(tmp_path, list(jsonl_memory.documents(SHARED)))


def test_text_output_names_the_record(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", {"id": "story-1", "text": "All quiet."}, {"id": 7, "text": ARTICLE})
    result = run("check", str(corpus))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{corpus}#7:1:10: major MT101 lowercase-place-name ")
    assert lines[2].startswith(f"{corpus}#7:2:1: major MT301 ")
    assert lines[-1].startswith("Found 3 findings (3 major) in 2 records; 3 with a suggested fix; scores: lowest ")
    assert f"/100 ({corpus}#7), mean " in lines[-1]  # each record is scored; the worst is named


def test_records_without_ids_are_known_by_their_line(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('\n{"text": "All quiet."}\n\n' + json.dumps({"text": ARTICLE}) + "\n", encoding="utf-8")
    result = run("check", "--format", "jsonl", str(corpus))
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert {(f["record"], f["record_line"]) for f in found} == {("4", 4)}


def test_id_field_and_text_field(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", {"doc": "a", "body": ARTICLE, "id": "ignored"})
    result = run("check", "--text-field", "body", "--id-field", "doc", str(corpus))
    assert result.stdout.startswith(f"{corpus}#a:1:10: major MT101")


def test_json_and_sarif_carry_the_record(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", {"id": "a", "text": "Fine."}, {"id": "b", "text": ARTICLE})
    report = json.loads(run("check", "--format", "json", str(corpus)).stdout)
    assert [(f["path"], f["record"], f["record_line"]) for f in report["files"]] == [
        (str(corpus), "a", 1),
        (str(corpus), "b", 2),
    ]
    assert report["summary"]["records"] == 2 and report["summary"]["files"] == 0
    sarif = json.loads(run("check", "--format", "sarif", str(corpus)).stdout)
    kyiv = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "MT101")
    location = kyiv["locations"][0]
    assert location["logicalLocations"] == [{"name": "b", "kind": "object"}]
    assert location["physicalLocation"]["region"] == {"startLine": 2}  # the record's line in the corpus
    assert (kyiv["properties"]["line"], kyiv["properties"]["column"]) == (1, 10)
    assert "fixes" not in kyiv  # an edit of the record's text, not of the file
    if SARIF_SCHEMA.exists():
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))


def test_github_annotations_point_at_the_record_line(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", {"id": "a", "text": "Fine."}, {"id": "b", "text": ARTICLE})
    lines = run("check", "--format", "github", str(corpus)).stdout.splitlines()
    assert lines[0] == (
        f"::error file={corpus},line=2,title=MT101 lowercase-place-name (record b%2C 1%3A10)"
        '::Place name "kyiv" is written in lowercase'
    )


def test_source_and_reference_fields(tmp_path):
    corpus = write_jsonl(
        tmp_path / "c.jsonl",
        {"id": "n", "text": "The minister said 300 people came.", "src": "Der Minister sagte, 500 Menschen kamen."},
        {"id": "none", "text": "The minister said 300 people came.", "src": None},
    )
    result = run("check", "--format", "jsonl", "--source-field", "src", "--source-lang", "de", str(corpus))
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(f["record"], f["code"], f["text"]) for f in found] == [("n", "SR101", "300")]
    with_reference = write_jsonl(
        tmp_path / "r.jsonl",
        {"id": "r", "text": "The minister spoke.", "ref": "The minister spoke. Then he left for Berlin by train."},
    )
    result = run("check", "--format", "jsonl", "--ref-field", "ref", str(with_reference))
    assert "RF102" in {json.loads(line)["code"] for line in result.stdout.splitlines()}


def test_source_language_field(tmp_path):
    corpus = write_jsonl(
        tmp_path / "c.jsonl",
        {"id": "ru", "text": "Rents rose, the agency reports with reference to RBC.", "lang": "ru"},
        {"id": "de", "text": "Rents rose, the agency reports with reference to RBC.", "lang": "de"},
        {"id": "bad", "text": "Fine.", "lang": "klingon"},
    )
    result = run("check", "--format", "jsonl", "--source-lang-field", "lang", str(corpus))
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert {f["record"] for f in found if f.get("code", "").startswith("RU")} == {"ru"}
    assert any(f.get("record") == "bad" and "unknown language 'klingon'" in f["error"] for f in found)
    assert result.exit_code == 2


def test_a_source_of_unknown_language_is_named_by_its_record_and_the_warnings_are_summed_up(tmp_path):
    # Twelve records whose source is too short to tell its language: each warning names its
    # record's line, ten are shown, and one line counts the rest.
    records = [{"id": n, "text": "Inflation solutions", "src": "Řešení inflace"} for n in range(12)]
    corpus = write_jsonl(
        tmp_path / "c.jsonl",
        {"id": "de", "text": ARTICLE, "src": "Die Gespräche in Kiew endeten am Dienstag ohne ein Ergebnis."},
        *records,
    )
    result = run("check", "--format", "jsonl", "--fail-on", "never", "--source-field", "src", str(corpus))
    problem = "cannot tell the language of the source; give --source-lang"
    warnings = [line for line in result.stderr.splitlines() if line.startswith("mtcheck: warning:")]
    assert warnings == [f"mtcheck: warning: {corpus}:{line}: {problem}" for line in range(2, 12)] + [
        f"mtcheck: warning: 2 more files or records: {problem}"
    ]


BAD_LINES = [
    ('{"id": "a", "text": "Fine."', "c.jsonl:2: not valid JSON: Expecting ',' delimiter (column 28)"),
    ('{"id": "a", "text": 5}', "c.jsonl:2: field 'text' is a number, not a string"),
    ('{"id": "a", "text": null}', "c.jsonl:2: field 'text' is null, not a string"),
    ('["a", "b"]', "c.jsonl:2: a record is a JSON object, not an array"),
    ('{"id": "a"}', "c.jsonl:2: no field 'text' (fields: 'id')"),
    ('{"id": [1], "text": "Fine."}', "c.jsonl:2: id field 'id' is an array, not a string or an integer"),
    ('{"id": "a", "text": "nul \\u0000 here"}', "c.jsonl:2: field 'text': binary file (contains NUL bytes), not text"),
    ('{"id": "a", "text": "\\ud800"}', "c.jsonl:2: field 'text': not valid Unicode: a lone surrogate at offset 0"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_LINES)
def test_a_bad_record_is_one_error_and_the_others_are_checked(tmp_path, monkeypatch, bad, message):
    monkeypatch.chdir(tmp_path)
    Path("c.jsonl").write_text(f'{{"id": "ok", "text": "Fine."}}\n{bad}\n{json.dumps({"id": "z", "text": ARTICLE})}\n')
    result = run("check", "c.jsonl")
    assert result.exit_code == 2
    assert result.stderr == f"mtcheck: error: {message}\n"
    assert "c.jsonl#z:1:10: major MT101" in result.stdout  # the record after it was checked
    assert result.stdout.splitlines()[-1].endswith("; 1 could not be checked.")


def test_invalid_utf8_and_overlong_records(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("c.jsonl").write_bytes(
        b'{"id": "a", "text": "caf\xe9"}\n{"id": "b", "text": "' + b"x" * 3000 + b'"}\n{"id": "c", "text": "Fine."}\n'
    )
    result = run("check", "--max-file-size", "0.001", "c.jsonl")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "mtcheck: error: c.jsonl:1: not valid UTF-8: byte 0xe9 at byte 25 of the line",
        "mtcheck: error: c.jsonl:2: record longer than the 0.001 MB limit for one input (raise it with --max-file-size)",
    ]
    assert result.stdout == "No findings in 1 record; 2 could not be checked.\n"


def test_a_field_missing_from_the_first_record_is_one_error_for_the_corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_jsonl(Path("c.jsonl"), *({"id": n, "body": "Fine."} for n in range(50)))
    result = run("check", "c.jsonl")
    assert result.exit_code == 2
    assert result.stderr == "mtcheck: error: c.jsonl:1: no field 'text' (fields: 'id', 'body'); no record was checked\n"


def test_record_options_need_a_corpus_and_fix_refuses_one(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Fine.\n")
    result = run("check", "--text-field", "body", str(article))
    assert (result.exit_code, result.stderr) == (
        2,
        "mtcheck: error: --text-field reads records: give a .jsonl or .parquet file, or --input-format jsonl\n",
    )
    corpus = write_jsonl(tmp_path / "c.jsonl", {"text": "Fine."})
    result = run("fix", str(corpus))
    assert result.exit_code == 2 and "fix rewrites files, not the records of a corpus" in result.stderr
    assert corpus.read_text() == '{"text": "Fine."}\n'
    result = run("check", "--source", str(article), str(corpus))
    assert result.exit_code == 2 and "--source does not apply to records" in result.stderr


def test_standard_input_with_input_format(tmp_path):
    data = json.dumps({"id": "s", "text": ARTICLE}) + "\n"
    result = run("check", "--input-format", "jsonl", "-", input=data)
    assert result.stdout.startswith("-#s:1:10: major MT101")
    result = run("check", "--stdin-filename", "feed.jsonl", "-", input=data)
    assert result.stdout.startswith("feed.jsonl#s:1:10: major MT101")


def test_jsonl_output_streams_record_by_record(tmp_path):
    """The first record's findings come out while the second has not been written yet."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mtcheck", "check", "--format", "jsonl", "--input-format", "jsonl", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        cwd=tmp_path,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write((json.dumps({"id": "first", "text": "Talks in kyiv ended."}) + "\n").encode())
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], 60)
        assert ready, "no output within 60 s of the first record"
        assert json.loads(process.stdout.readline())["record"] == "first"
        process.stdin.write((json.dumps({"id": "second", "text": "Add Comment"}) + "\n").encode())
        process.stdin.close()
        assert json.loads(process.stdout.readline())["record"] == "second"
        assert process.wait(60) == 1
    finally:
        process.kill()
        process.wait()


def test_streamed_reports_keep_no_results(tmp_path):
    """Memory stays flat: a streamed report keeps counts, not results (JSON and SARIF, written
    at the end, keep what they need)."""
    from mtcheck.run.command import Run, RunOptions
    from mtcheck.run.session import Session

    corpus = write_jsonl(tmp_path / "c.jsonl", *({"id": n, "text": ARTICLE} for n in range(3)))
    lines: list[str] = []
    streamed = Run(Session(), RunOptions(output_format="jsonl"), lambda text, **kw: lines.append(text))
    assert streamed.execute([str(corpus)]) == 1
    assert len(lines) == 9 and streamed.results == []
    assert streamed.tally.summary()["records"] == 3 and streamed.reported() == 9
    at_the_end = Run(Session(), RunOptions(output_format="json"), lambda text, **kw: None)
    at_the_end.execute([str(corpus)])
    assert len(at_the_end.results) == 3 and all(r.doc is not None for r in at_the_end.results)


def test_parquet_gives_the_findings_of_jsonl(tmp_path):
    pyarrow = pytest.importorskip("pyarrow")
    parquet = pytest.importorskip("pyarrow.parquet")
    rows = [{"doc": f"d{n}", "body": text} for n, text in enumerate(["Fine.", ARTICLE, "Add Comment\n", None])]
    parquet.write_table(pyarrow.Table.from_pylist(rows), tmp_path / "c.parquet", row_group_size=2)
    write_jsonl(tmp_path / "c.jsonl", *rows)
    options = ["check", "--format", "jsonl", "--text-field", "body", "--id-field", "doc"]
    from_parquet = [json.loads(line) for line in run(*options, str(tmp_path / "c.parquet")).stdout.splitlines()]
    from_jsonl = [json.loads(line) for line in run(*options, str(tmp_path / "c.jsonl")).stdout.splitlines()]
    assert [f.get("code") for f in from_parquet] == ["MT101", "MT104", "MT301", "MT301", None]
    assert from_parquet[-1]["error"] == f"{tmp_path / 'c.parquet'}:row 4: field 'body' is null, not a string"
    for parquet_entry, jsonl_entry in zip(from_parquet[:4], from_jsonl[:4], strict=True):
        assert parquet_entry.pop("record_line") is None and jsonl_entry.pop("record_line") in (2, 3)
        assert {**parquet_entry, "path": ""} == {**jsonl_entry, "path": ""}


def test_parquet_column_errors(tmp_path):
    pyarrow = pytest.importorskip("pyarrow")
    parquet = pytest.importorskip("pyarrow.parquet")
    parquet.write_table(pyarrow.Table.from_pylist([{"doc": "a", "body": "Fine."}]), tmp_path / "c.parquet")
    result = run("check", str(tmp_path / "c.parquet"))
    assert result.stderr == f"mtcheck: error: {tmp_path / 'c.parquet'}: no column 'text' (columns: 'doc', 'body')\n"
    (tmp_path / "bad.parquet").write_text("not parquet")
    result = run("check", str(tmp_path / "bad.parquet"))
    assert result.exit_code == 2 and result.stderr.startswith(
        f"mtcheck: error: {tmp_path / 'bad.parquet'}: not a readable Parquet file ("
    )


def test_parquet_without_pyarrow_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if it were not installed
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    (tmp_path / "c.parquet").write_bytes(b"PAR1")
    result = run("check", str(tmp_path / "c.parquet"))
    assert result.exit_code == 2
    assert result.stderr == (
        f'mtcheck: error: {tmp_path / "c.parquet"}: reading Parquet needs pyarrow: pip install "mtcheck[parquet]"\n'
    )


def test_a_plain_check_imports_no_record_code(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("All quiet.\n")
    assert (
        modules_a_check_loads(article, ("mtcheck.run.records", "mtcheck.run.parquet", "mtcheck.run.api", "pyarrow"))
        == []
    )


def test_the_configuration_beside_the_corpus_applies(tmp_path, monkeypatch):
    (tmp_path / "corpora").mkdir()
    (tmp_path / "corpora" / ".mtcheck.toml").write_text('ignore = ["MT104"]\n', encoding="utf-8")
    corpus = write_jsonl(tmp_path / "corpora" / "c.jsonl", {"id": "a", "text": ARTICLE})
    monkeypatch.chdir(tmp_path)  # the run starts elsewhere
    result = run("check", "--format", "jsonl", "corpora/c.jsonl")
    assert [json.loads(line)["code"] for line in result.stdout.splitlines()] == ["MT101", "MT301"]
    assert corpus.exists()
