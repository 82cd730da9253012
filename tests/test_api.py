"""The library interface: mtcheck.check_text / check_file / check_document and Checker give the
findings of the command line, load the rules once, and need neither typer nor a slow import."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import mtcheck
from mtcheck.cli import app
from tests.conftest import REPO

SAMPLE = REPO / "examples" / "sample-article.txt"
ARTICLE = "Talks in kyiv ended on tuesday.\nAdd Comment\n"


def cli_diagnostics(*args: str) -> list[dict]:
    result = CliRunner().invoke(app, ["check", "--format", "json", *args])
    return json.loads(result.stdout)["files"][0]["diagnostics"]


def test_check_file_gives_the_command_lines_findings():
    found = mtcheck.check_file(SAMPLE)
    assert [d.as_dict() for d in found] == cli_diagnostics(str(SAMPLE))
    assert len(found) == 13


def test_check_text_gives_what_a_file_with_the_text_gives(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    assert mtcheck.check_text(text) == mtcheck.check_file(SAMPLE)
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(ARTICLE.replace("\n", "\r\n").encode())
    # Newlines read alike: the same findings, at the same lines and columns.
    from_text, from_file = mtcheck.check_text(ARTICLE.replace("\n", "\r\n")), mtcheck.check_file(crlf)
    assert [d.as_dict() for d in from_text] == [d.as_dict() for d in from_file]


@pytest.mark.parametrize("before", ["", "\ufeff", "Ministers met.\r\n\r\n", "\ufeffA\r\nB\r\n\r\n"])
def test_offsets_point_into_the_callers_string_through_a_bom_and_cr_lf(before):
    text = before + ARTICLE.replace("\n", "\r\n") + "The talks in brussels went on.\r\n"
    found = mtcheck.check_text(text)
    assert {d.text for d in found} >= {"kyiv", "tuesday", "brussels"}
    for d in found:
        assert text[d.start : d.end].replace("\r\n", "\n") == d.text
        if d.fix is not None and d.code == "MT301":  # a line removed with its line break, CR LF and all
            assert text[d.fix.start : d.fix.end] == "Add Comment\r\n"


def test_a_diagnostic_is_typed_and_points_into_the_text():
    kyiv, tuesday, comment = mtcheck.check_text(ARTICLE)
    assert (kyiv.code, kyiv.name, kyiv.severity, str(kyiv.severity)) == (
        "MT101",
        "lowercase-place-name",
        mtcheck.Severity.MAJOR,
        "major",
    )
    assert ARTICLE[kyiv.start : kyiv.end] == kyiv.text == "kyiv"
    assert (kyiv.line, kyiv.column, kyiv.end_column) == (1, 10, 14)
    assert kyiv.fix == mtcheck.Edit("Kyiv", True, 9, 13, 1, 10, 1, 14)
    assert (comment.line, comment.code) == (2, "MT301") and tuesday.severity >= mtcheck.Severity.MINOR


def test_source_reference_and_source_language():
    checker = mtcheck.Checker()
    text = "The minister said 300 people came."
    with_source = checker.check_text(text, source="Der Minister sagte, 500 Menschen kamen.", source_lang="de")
    assert [(d.code, d.text) for d in with_source] == [("SR101", "300")]
    detected = checker.check_text(text, source="Der Minister sagte gestern, 500 Menschen seien gekommen.")
    assert [d.code for d in detected] == ["SR101"]  # the source's language told from its text
    omitted = checker.check_text(
        "The minister spoke.", reference="The minister spoke. Then he left for Berlin by train."
    )
    assert "RF102" in {d.code for d in omitted}
    calque = "Rents rose, the agency reports with reference to RBC."
    assert [d.code for d in checker.check_text(calque, source_lang="ru")] == ["RU101"]
    assert checker.check_text(calque) == []  # the Russian pack is for Russian sources only


def test_markdown_format_leaves_code_alone():
    text = "Talks in `kyiv` ended.\n\n```\nkyiv\n```\n"
    assert mtcheck.check_text(text, format="markdown") == []
    assert [d.code for d in mtcheck.check_text(text)] != []
    with pytest.raises(ValueError, match="unknown text format 'md'"):
        mtcheck.check_text(text, format="md")


def test_html_findings_point_into_the_markup():
    page = "<html><body><p>Talks in <b>kyiv</b> ended &amp; <code>kyiv</code></p></body></html>"
    (kyiv,) = mtcheck.check_text(page, format="html")  # code is not checked
    assert (kyiv.code, page[kyiv.start : kyiv.end], kyiv.column) == ("MT101", "kyiv", 28)


def test_check_document_carries_its_id():
    checked = mtcheck.check_document(ARTICLE, id="story-17")
    assert checked.id == "story-17" and [d.code for d in checked.diagnostics] == ["MT101", "MT104", "MT301"]
    assert checked.gave_up == []


def test_a_checker_loads_its_rules_once(monkeypatch):
    from mtcheck.engine import checker as engine

    checker = mtcheck.Checker(select=["MT1"], min_severity="major")
    built = []
    original = engine.Checker.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(engine.Checker, "__init__", counting)
    for _ in range(3):
        assert [d.code for d in checker.check_text(ARTICLE)] == ["MT101", "MT104"]
    assert built == []  # every call reused the rules loaded when the checker was made


def test_configuration_and_options(tmp_path):
    config = tmp_path / ".mtcheck.toml"
    config.write_text('ignore = ["MT104"]\n', encoding="utf-8")
    assert [d.code for d in mtcheck.Checker(config).check_text(ARTICLE)] == ["MT101", "MT301"]
    assert [d.code for d in mtcheck.Checker(config, ignore="MT3").check_text(ARTICLE)] == ["MT101"]
    # A library call does not search folders for a configuration: the defaults apply.
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert [d.code for d in mtcheck.Checker().check_file(article)] == ["MT101", "MT104", "MT301"]


def test_errors_are_raised_with_their_message(tmp_path):
    with pytest.raises(mtcheck.InputError, match="missing.txt: no such file"):
        mtcheck.check_file(tmp_path / "missing.txt")
    with pytest.raises(ValueError, match="unknown language 'klingon'"):
        mtcheck.Checker(source_lang="klingon")
    with pytest.raises(Exception, match="MT9999"):
        mtcheck.Checker(select=["MT9999"])


def test_importing_mtcheck_loads_no_checking_code_and_the_api_needs_no_typer():
    probe = (
        "import sys\n"
        "sys.modules['typer'] = None\n"  # as if typer were not installed
        "import mtcheck\n"
        "print(sorted(m for m in sys.modules if m.startswith('mtcheck')))\n"
        "print([d.code for d in mtcheck.check_text('Talks in kyiv ended.')])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}
    )
    assert result.returncode == 0, result.stderr
    loaded, codes = result.stdout.splitlines()
    assert loaded == "['mtcheck']"
    assert codes == "['MT101']"


def test_the_public_names():
    assert set(mtcheck.__all__) >= {"Checker", "Diagnostic", "check_text", "check_file", "check_document"}
    assert all(getattr(mtcheck, name) is not None for name in mtcheck.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        mtcheck.nothing  # noqa: B018


def test_a_milder_hit_is_reported_one_severity_lower_than_its_rule(tmp_path):
    # MT203 is major; after a "?" that ends no question its finding is minor.
    hedged = "I feel like my windpipe has been irritated? since the 11th.\n"
    asked = "Hello, how are you? what did you do today?\n"
    checker = mtcheck.Checker(select=["MT203"])
    assert [str(d.severity) for d in checker.check_text(hedged + asked)] == ["minor", "major"]
    assert [d.text for d in mtcheck.Checker(select=["MT203"], min_severity="major").check_text(hedged)] == []
    config = tmp_path / ".mtcheck.toml"
    config.write_text('[severity]\nMT203 = "critical"\n', encoding="utf-8")
    assert [str(d.severity) for d in mtcheck.Checker(config).check_text(hedged)] == ["major"]
