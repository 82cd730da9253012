"""Bilingual files (XLIFF 1.2 and 2.0, TMX, TSV, CSV): each unit's target checked with its
source as --source checks an article, findings placed at the unit's line and column in the
file, and fix editing only target text."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path
from xml.dom.minidom import parseString
from xml.sax.saxutils import escape, unescape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import mtcheck
from mtcheck.cli import app
from mtcheck.run.bilingual import NOT_FIXED_IN_UNIT, bilingual_result, check_bilingual
from mtcheck.run.fix_files import fix_text
from mtcheck.run.session import Session
from mtcheck.text.bilingual import Columns
from mtcheck.text.inputs import decode
from mtcheck.text.xml_units import xml_units
from tests.conftest import SHARED, modules_a_check_loads

DATA = SHARED / "data"
PAIRS = {"de": "Online-B", "cs": "Online-B"}  # one system's output for each pair
LINES = 200
ENTITIES = {"&quot;": '"', "&apos;": "'"}


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def wmt_lines(lang: str) -> tuple[list[str], list[str]]:
    """The first LINES source and MT lines of a WMT22 pair, with a few artifacts added so that
    fixes and the source-aware checks have something to do (both sides see the same text)."""
    folder = DATA / f"wmt22-{lang}-en"
    if not folder.exists():
        pytest.skip(f"shared data not found at {folder} (set MTCHECK_SHARED)")
    sources = (folder / f"generaltest2022.{lang}-en.src.{lang}").read_text(encoding="utf-8").splitlines()[:LINES]
    targets = (folder / f"generaltest2022.{lang}-en.hyp.{PAIRS[lang]}.en").read_text(encoding="utf-8").splitlines()
    targets = targets[:LINES]
    for index in range(3, LINES, 10):
        targets[index] += " Talks in kyiv ended on tuesday."  # fixable: MT101, MT104
    for index in range(5, LINES, 10):  # a number the source does not have: SR101
        targets[index] += " 17 people came."
    return sources, targets


# Writers of each format, as a CAT tool or an MT pipeline would write them.
def each_unit(template: str, sources: list[str], targets: list[str]) -> str:
    """The units written with template ({n}: the unit's number, {s} and {t}: escaped source and target)."""
    return "".join(template.format(n=n, s=escape(s), t=escape(t)) for n, (s, t) in enumerate(zip(sources, targets), 1))


def xliff12(sources: list[str], targets: list[str], lang: str) -> str:
    units = each_unit(
        '      <trans-unit id="u{n}">\n        <source>{s}</source>\n'
        '        <target xml:lang="en">{t}</target>\n      </trans-unit>\n',
        sources,
        targets,
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        f'  <file source-language="{lang}" target-language="en-US" datatype="plaintext" original="news">\n'
        f"    <body>\n{units}    </body>\n  </file>\n</xliff>\n"
    )


def xliff20(sources: list[str], targets: list[str], lang: str) -> str:
    template = '  <unit id="u{n}"><segment>\n    <source>{s}</source>\n    <target>{t}</target>\n  </segment></unit>\n'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="{lang}" trgLang="en">\n'
        f'<file id="f1">\n{each_unit(template, sources, targets)}</file>\n</xliff>\n'
    )


def tmx(sources: list[str], targets: list[str], lang: str) -> str:
    template = '<tu tuid="u{n}">\n  <tuv xml:lang="%s"><seg>{s}</seg></tuv>\n  <tuv xml:lang="en"><seg>{t}</seg></tuv>\n</tu>\n'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
        f'<header srclang="{lang}" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" '
        f'creationtool="test" creationtoolversion="1"/>\n<body>\n{each_unit(template % lang, sources, targets)}'
        "</body>\n</tmx>\n"
    )


def tsv(sources: list[str], targets: list[str], lang: str) -> str:
    return "id\t" + lang + "\ten\n" + "".join(f"u{n}\t{s}\t{t}\n" for n, (s, t) in enumerate(zip(sources, targets), 1))


def csv_text(sources: list[str], targets: list[str], lang: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # as spreadsheets write it: CRLF, quotes where needed
    writer.writerow(["id", "source", "target"])
    writer.writerows([f"u{n}", s, t] for n, (s, t) in enumerate(zip(sources, targets), 1))
    return out.getvalue()


WRITERS = {"xlf": xliff12, "xliff": xliff20, "tmx": tmx, "tsv": tsv, "csv": csv_text}
# Where the target texts are in each format, found by the test's own means (not mtcheck's reader).
TARGETS = {
    "xlf": re.compile(r'(?<=<target xml:lang="en">)[^<]*(?=</target>)'),
    "xliff": re.compile(r"(?<=<target>)[^<]*(?=</target>)"),
    "tmx": re.compile(r'(?<=<tuv xml:lang="en"><seg>)[^<]*(?=</seg>)'),
    "tsv": re.compile(r"(?<=\t)[^\t\n]*(?=\n)"),
    "csv": re.compile(r'(?<=,)(?:"(?:[^"]|"")*"|[^,"\r\n]*)(?=\r\n)'),
}


def decoded(raw: str, ext: str) -> str:
    """A stretch of target text as the file holds it, read back as text."""
    if ext == "csv":
        return raw.replace('""', '"')  # a span never takes in the quotes around a field
    return raw if ext == "tsv" else unescape(raw, ENTITIES)


def masked(text: str, ext: str) -> str:
    return TARGETS[ext].sub("\ufffc", text)


@pytest.fixture(scope="module", params=sorted(PAIRS))
def pair(request):
    """A pair's lines and the findings of checking each MT line with --source on its source
    line (both one-line documents), as (code, flagged text, message)."""
    lang = request.param
    sources, targets = wmt_lines(lang)
    checker = mtcheck.Checker(source_lang=lang)
    expected = []
    for source, target in zip(sources, targets):
        found = checker.check_document(target, source=source).diagnostics
        expected.append(sorted((d.code, d.text, d.message) for d in found))
    return lang, sources, targets, expected


@pytest.mark.parametrize("ext", sorted(WRITERS))
def test_each_unit_gets_the_findings_of_checking_its_target_with_source(pair, ext, tmp_path):
    lang, sources, targets, expected = pair
    path = tmp_path / f"news.{ext}"
    path.write_bytes(WRITERS[ext](sources, targets, lang).encode("utf-8"))
    file_text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    # Languages from the file: XML says them, TSV columns are named by them; CSV has --source-lang.
    session = Session({"source_lang": lang} if ext == "csv" else {}, search_config=False)
    fmt = {"xlf": "xliff", "xliff": "xliff"}.get(ext, ext)
    results = list(check_bilingual(session, str(path), fmt, Columns(lang, "en") if ext == "tsv" else Columns()))
    assert [r.error for r in results if r.error] == []
    assert [r.record_id for r in results] == [f"u{n}" for n in range(1, LINES + 1)]
    spans = [m.span() for m in TARGETS[ext].finditer(file_text.replace("\n", "\r\n") if ext == "csv" else file_text)]
    if ext == "csv":  # positions in the checked text have '\n' newlines: one character less per line before
        spans = [(a - line, b - line) for line, (a, b) in enumerate(spans)]
    if ext in ("csv", "tsv"):
        spans = spans[1:]  # the header's last column
    actual = []
    for result, (start, end) in zip(results, spans):
        shown = []
        for finding in result.findings:
            assert start <= finding.start <= finding.end <= end, (result.record_id, finding)  # never in markup
            text = decoded(file_text[finding.start : finding.end], ext)
            shown.append((finding.code, text, finding.message.removesuffix(NOT_FIXED_IN_UNIT)))
        actual.append(sorted(shown))
    assert actual == expected
    codes = [c for unit in expected for c, _, _ in unit]
    assert codes.count("SR101") >= LINES // 10 and "MT101" in codes  # the comparison has findings to compare


def test_the_comparison_is_what_check_with_source_gives(pair, tmp_path):
    """The expected findings above come through the library; the command line's --source gives the same."""
    lang, sources, targets, expected = pair
    with_findings = [n for n, found in enumerate(expected) if any(code.startswith("SR") for code, _, _ in found)]
    assert len(with_findings) >= 20
    for n in with_findings[::4]:
        (tmp_path / "mt.txt").write_text(targets[n] + "\n", encoding="utf-8")
        (tmp_path / "src.txt").write_text(sources[n] + "\n", encoding="utf-8")
        result = run(
            "check",
            "--format",
            "json",
            "--source-lang",
            lang,
            "--source",
            str(tmp_path / "src.txt"),
            str(tmp_path / "mt.txt"),
        )
        found = json.loads(result.stdout)["files"][0]["diagnostics"]
        assert sorted((d["code"], d["text"], d["message"]) for d in found) == expected[n]


@pytest.mark.parametrize("ext", sorted(WRITERS))
def test_fix_edits_only_target_text(pair, ext, tmp_path):
    lang, sources, targets, _ = pair
    path = tmp_path / f"news.{ext}"
    original = WRITERS[ext](sources, targets, lang).encode("utf-8")
    path.write_bytes(original)
    options = {"tsv": ["--source-column", lang, "--target-column", "en"], "csv": ["--source-lang", lang]}.get(ext, [])
    result = run("fix", str(path), *options)
    assert result.exit_code == 1, result.output
    fixed = path.read_bytes()
    assert fixed != original
    before, after = original.decode(), fixed.decode()
    assert masked(after, ext) == masked(before, ext)  # every byte outside target text as it was
    assert after.count("Talks in Kyiv ended on Tuesday.") == len(range(3, LINES, 10))
    if ext != "csv" and ext != "tsv":
        parseString(fixed)  # still well-formed
    assert run("fix", str(path), *options).exit_code in (0, 1) and path.read_bytes() == fixed  # nothing more to fix


INLINE_XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file source-language="de" target-language="en" datatype="html" original="page.html">
  <body>
   <trans-unit id="lede">
    <source>Die Minister trafen sich in <g id="1">Kiew</g><x id="2"/>.</source>
    <target>Ministers met in <g id="1">kyiv</g><x id="2"/> on <bpt id="3">&lt;b&gt;</bpt>tuesday<ept id="3">&lt;/b&gt;</ept>.</target>
   </trans-unit>
   <trans-unit id="code">
    <source>Sie sagten <ph id="1">&lt;span class="kyiv"&gt;</ph> nichts.</source>
    <target>They said <ph id="1">&lt;span class="kyiv"&gt;</ph> nothing &amp; left at 5.</target>
   </trans-unit>
   <trans-unit id="across">
    <source>Gespräche in Kiew endeten am Dienstag.</source>
    <target>Talks in <g id="4">ky</g>iv ended <![CDATA[on tuesday]]>.</target>
   </trans-unit>
   <trans-unit id="empty"><source>Noch nicht.</source><target/></trans-unit>
   <trans-unit id="skip" translate="no"><source>X</source><target>in kyiv</target></trans-unit>
   <trans-unit id="alt">
    <source>Gut.</source><target>Good.</target>
    <alt-trans><source>Gut.</source><target>in kyiv</target></alt-trans>
   </trans-unit>
  </body>
 </file>
</xliff>
"""


def at(text: str, context: str, word: str) -> tuple[int, int]:
    """The line and column of word inside a context that occurs once in text."""
    assert text.count(context) == 1
    offset = text.index(context) + context.index(word)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _json(path: Path, *args: str) -> list[dict]:
    result = run("check", "--format", "json", str(path), *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["files"]


def test_inline_markup_is_neither_checked_as_text_nor_broken_by_fix(tmp_path):
    path = tmp_path / "page.xlf"
    path.write_text(INLINE_XLIFF, encoding="utf-8")
    files = _json(path)
    assert [f["record"] for f in files] == ["lede", "code", "across", "alt"]  # no empty, untranslated or alt target
    by_unit = {f["record"]: {(d["code"], d["text"], d["line"], d["column"]) for d in f["diagnostics"]} for f in files}
    assert ("MT101", "kyiv", *at(INLINE_XLIFF, ">kyiv</g>", "kyiv")) in by_unit["lede"]  # inside <g>, in the file
    assert ("MT104", "tuesday", *at(INLINE_XLIFF, "tuesday<ept", "tuesday")) in by_unit["lede"]  # between codes
    assert not any(text == "kyiv" for _, text, _, _ in by_unit["code"])  # native code in <ph> is never checked
    assert ("SR101", "5", *at(INLINE_XLIFF, "left at 5.", "5")) in by_unit["code"]  # after the decoded &amp;
    across = {d["code"]: d for f in files if f["record"] == "across" for d in f["diagnostics"]}
    assert across["MT101"]["text"] == "ky</g>iv"  # what the file holds there
    assert across["MT104"]["text"] == "tuesday"  # CDATA is text
    assert across["MT101"]["fix"] is None and NOT_FIXED_IN_UNIT in across["MT101"]["message"]  # it would cross </g>
    assert across["MT104"]["fix"] is None  # CDATA is checked, never edited
    assert run("fix", str(path)).exit_code == 1
    fixed = path.read_text(encoding="utf-8")
    expected = INLINE_XLIFF.replace('<g id="1">kyiv</g>', '<g id="1">Kyiv</g>').replace(
        "</bpt>tuesday<ept", "</bpt>Tuesday<ept"
    )
    assert fixed == expected  # markup, CDATA, alt-trans and untranslated units untouched


_TMX = (
    '<tmx version="1.4"><header srclang="de-DE" datatype="plaintext" segtype="sentence" adminlang="en" '
    'o-tmf="x" creationtool="t" creationtoolversion="1"/><body>\n<tu tuid="9">'
    '<tuv xml:lang="en-GB"><seg>Ministers met in <bpt i="1">&lt;b kyiv&gt;</bpt>kyiv<ept i="1">&lt;/b&gt;</ept>.'
    '</seg></tuv><tuv xml:lang="de-DE"><seg>Die Minister trafen sich in Kiew.</seg></tuv></tu>\n</body></tmx>\n'
)


def test_xliff2_segments_and_tmx_codes(tmp_path):
    xliff = tmp_path / "a.xliff"
    content = (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="cs" trgLang="en">'
        '<file id="f"><unit id="7">\n'
        "<segment><source>Ministři se sešli v Kyjevě.</source><target>Ministers met in kyiv.</target></segment>"
        "<ignorable><source> </source></ignorable>\n"
        '<segment><source>Přišlo 1 500 lidí.</source><target>There came <pc id="1">2 500</pc> people<ph id="2"/>.'
        "</target></segment>\n</unit></file></xliff>\n"
    )
    xliff.write_text(content, encoding="utf-8")
    files = _json(xliff)
    assert [(d["code"], d["text"], d["line"], d["column"]) for d in files[0]["diagnostics"]] == [
        ("MT101", "kyiv", *at(content, "in kyiv.", "kyiv")),
        ("SR101", "2 500", *at(content, ">2 500<", "2 500")),
    ]
    memory = tmp_path / "a.tmx"
    memory.write_text(_TMX, encoding="utf-8")
    files = _json(memory)  # the source is the header's srclang, whatever the order of the variants
    assert files[0]["record"] == "9"
    assert [(d["code"], d["text"], d["line"], d["column"]) for d in files[0]["diagnostics"]] == [
        ("MT101", "kyiv", *at(_TMX, "</bpt>kyiv", "kyiv"))
    ]


def test_tables_choose_columns_by_header_or_option(tmp_path):
    table = tmp_path / "a.tsv"
    content = 'seg\tsrc\tmt\tnote\n1\tDie Minister in Kiew.\tThe "ministers" in kyiv.\tok\n'
    table.write_text(content, encoding="utf-8")
    files = _json(table, "--source-lang", "de")
    assert files[0]["record"] == "2"  # no id column: known by its line
    assert [(d["code"], d["line"], d["column"]) for d in files[0]["diagnostics"]] == [
        ("MT101", *at(content, "in kyiv", "kyiv"))
    ]  # a quote in TSV is text
    result = run("check", str(table), "--target-column", "note")
    assert result.exit_code == 0, result.output  # "ok" is a fine translation
    result = run("check", str(table), "--source-column", "nope")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"mtcheck: error: {table}:1: --source-column 'nope': no such column")
    sheet = tmp_path / "a.csv"
    content = 'de,en\n"Sie sagten ""Kiew"", dann 3.","They said ""kyiv"", then 4."\n'
    sheet.write_bytes(content.replace("\n", "\r\n").encode())
    files = _json(sheet, "--source-column", "de", "--target-column", "en")
    found = [(d["code"], d["text"], d["line"], d["column"]) for d in files[0]["diagnostics"]]
    assert ("MT101", "kyiv", *at(content, '""kyiv""', "kyiv")) in found  # counted past the doubled quotes
    assert ("SR101", "4", *at(content, "then 4.", "4")) in found  # the source's language from the header
    assert run("fix", str(sheet), "--source-column", "de", "--target-column", "en").exit_code == 1
    assert sheet.read_bytes() == b'de,en\r\n"Sie sagten ""Kiew"", dann 3.","They said ""Kyiv"", then 4."\r\n'


def test_sarif_and_github_point_at_the_unit_in_the_file(tmp_path):
    path = tmp_path / "page.xlf"
    path.write_text(INLINE_XLIFF, encoding="utf-8")
    line, column = at(INLINE_XLIFF, ">kyiv</g>", "kyiv")
    sarif = json.loads(run("check", "--format", "sarif", str(path)).stdout)
    kyiv = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "MT101")
    location = kyiv["locations"][0]
    assert location["logicalLocations"] == [{"name": "lede", "kind": "object"}]
    region = location["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (line, column, column + 4)
    replacement = kyiv["fixes"][0]["artifactChanges"][0]["replacements"][0]  # an edit of the file itself
    assert replacement["insertedContent"] == {"text": "Kyiv"} and replacement["deletedRegion"] == region
    sarif_schema = DATA / "sarif-schema-2.1.0.json"
    if sarif_schema.exists():
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.validate(sarif, json.loads(sarif_schema.read_text(encoding="utf-8")))
    annotations = run("check", "--format", "github", str(path)).stdout.splitlines()
    assert (
        f'::error file={path},line={line},col={column},endLine={line},endColumn={column + 4},title=MT101 lowercase-place-name (unit lede)::Place name "kyiv" is written in lowercase'
        in annotations
    )


def test_fix_no_longer_damages_xliff(tmp_path):
    """The issue's report: `mtcheck fix` read XLIFF as text and wrote `xml: lang`."""
    path = tmp_path / "a.xlf"
    path.write_text(INLINE_XLIFF, encoding="utf-8")
    run("fix", str(path))
    assert "xml: lang" not in path.read_text(encoding="utf-8")
    named = tmp_path / "export.xml"
    named.write_text(INLINE_XLIFF, encoding="utf-8")
    files = _json(named, "--input-format", "xliff")
    assert [f["record"] for f in files] == ["lede", "code", "across", "alt"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        # expat points at the name of the end tag that does not match
        (
            '<xliff version="1.2"><file><body><trans-unit id="1"><target>a</trans-unit>',
            "not well-formed XML: mismatched tag (line 1, column 64)",
        ),
        (
            '<xliff version="1.2"><file>\n<body>&nbsp;</body></file></xliff>',
            "not well-formed XML: undefined entity (line 2, column 7)",
        ),
        ("<html><body>x</body></html>", "not XLIFF or TMX: the root element is <html> (line 1, column 1)"),
        ("", "not well-formed XML: no element found (line 1, column 1)"),
    ],
)
def test_malformed_xml_is_one_line_error(tmp_path, content, problem):
    path = tmp_path / "bad.xlf"
    path.write_text(content, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Talks in kyiv ended.\n", encoding="utf-8")
    result = run("check", str(path), str(good))
    assert result.exit_code == 2
    assert result.stderr == f"mtcheck: error: {path}: {problem}\n"
    assert "Traceback" not in result.output
    assert f"{good}:1:10: major MT101" in result.stdout  # the other files are still checked


def test_no_entity_is_declared_or_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET kyiv\n", encoding="utf-8")
    xxe = tmp_path / "xxe.xlf"
    content = (
        f'<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<xliff version="1.2"><file source-language="de" target-language="en"><body>'
        '<trans-unit id="1"><source>a</source><target>&xxe;</target></trans-unit></body></file></xliff>\n'
    )
    xxe.write_text(content, encoding="utf-8")
    result = run("check", "--format", "json", str(xxe))
    assert result.exit_code == 2 and "TOPSECRET" not in result.output
    line, column = at(content, '">]>', ">")  # expat reports the declaration where it ends
    assert result.stderr == (
        f"mtcheck: error: {xxe}: entity declarations are not read (XXE and entity expansion): "
        f"<!ENTITY xxe> (line {line}, column {column})\n"
    )
    lol = "".join(f'<!ENTITY l{n} "{("&l" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    bomb = tmp_path / "bomb.tmx"
    bomb.write_text(
        f'<!DOCTYPE tmx [<!ENTITY l0 "lol">{lol}]>\n<tmx><body><tu><tuv><seg>&l9;</seg></tuv></tu></body></tmx>'
    )
    started = time.monotonic()
    result = run("check", str(bomb))
    assert result.exit_code == 2 and "entity declarations are not read" in result.stderr
    assert time.monotonic() - started < 2
    external = tmp_path / "dtd.xlf"  # an external DTD is never fetched: the file is read as if it had none
    external.write_text(
        '<!DOCTYPE xliff SYSTEM "http://192.0.2.1/xliff.dtd">\n<xliff version="1.2"><file source-language="de" '
        'target-language="en"><body><trans-unit id="1"><source>Gespräche in Kiew.</source><target>Talks in kyiv.</target>'
        "</trans-unit></body></file></xliff>\n",
        encoding="utf-8",
    )
    started = time.monotonic()
    files = _json(external)
    assert [d["code"] for d in files[0]["diagnostics"]] == ["MT101"] and time.monotonic() - started < 5


def test_standard_input_and_other_names_with_input_format(tmp_path):
    result = run("check", "--input-format", "tmx", "-", input=_TMX)
    assert result.exit_code == 1 and result.stdout.startswith("-#9:")
    result = run("check", "--stdin-filename", "memory.tmx", "-", input=_TMX)
    assert result.stdout.startswith("memory.tmx#9:")
    result = run("fix", "-", "--input-format", "tmx", input=_TMX)
    assert result.stdout == _TMX.replace("</bpt>kyiv<ept", "</bpt>Kyiv<ept")  # the fixed file on stdout


def test_options_that_do_not_apply_to_bilingual_files(tmp_path):
    path = tmp_path / "a.xlf"
    path.write_text(INLINE_XLIFF, encoding="utf-8")
    source = tmp_path / "s.txt"
    source.write_text("x\n", encoding="utf-8")
    result = run("check", str(path), "--source", str(source))
    assert result.exit_code == 2 and "does not apply to a bilingual file" in result.stderr
    result = run("check", str(path), "--target-column", "en")
    assert result.exit_code == 2 and "--target-column names a column of a TSV or CSV file" in result.stderr
    wrong = tmp_path / "ja.xlf"
    wrong.write_text(INLINE_XLIFF.replace('target-language="en"', 'target-language="ja"'), encoding="utf-8")
    result = run("check", str(wrong))
    assert result.exit_code == 2 and "target language 'ja' has no rule packs" in result.stderr
    assert run("check", str(wrong), "--target-lang", "en").exit_code == 1  # the command line overrides the file


def test_a_plain_check_imports_no_bilingual_code(tmp_path):
    prefixes = ("mtcheck.text.bilingual", "mtcheck.text.xml_units", "mtcheck.text.table_units", "mtcheck.run.bilingual")
    article = tmp_path / "a.txt"
    article.write_text("All quiet.\n")
    assert modules_a_check_loads(article, (*prefixes, "xml.parsers", "pyexpat", "csv")) == []


def test_the_library_checks_a_bilingual_file_unit_by_unit(tmp_path):
    path = tmp_path / "page.xlf"
    path.write_text(INLINE_XLIFF, encoding="utf-8")
    found = [(d.code, d.text, d.line, d.column) for d in mtcheck.Checker().check_file(path)]
    assert ("MT101", "kyiv", *at(INLINE_XLIFF, ">kyiv</g>", "kyiv")) in found
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx>", encoding="utf-8")
    with pytest.raises(mtcheck.InputError, match=r"^\S+bad\.tmx: not well-formed XML: no element found \(line 1"):
        mtcheck.check_file(bad)


# Fuzzing: targets of news text, characters XML escapes and inline codes, in every XML format.
_PIECES = st.one_of(
    st.sampled_from(
        [
            "The minister said in kyiv on tuesday.",
            " Add Comment",
            "said.The talks",
            " by Moscow. and Pyongyang.",
            " 1.500 people () – ",
            "AT&T & <b> \"quoted\" 'x' ]]> ",
            "  \t ",
            "\n",
            "Ã© â€™ ",
        ]
    ),
    st.text(max_size=20).map(lambda t: "".join(c for c in t if c in "\t\n" or (" " <= c and c not in "\ufffe\uffff"))),
)
_CODES = ['<g id="1">kyiv</g>', '<x id="2"/>', '<ph id="3">&lt;br&gt;</ph>', "<![CDATA[in kyiv]]>", "&#233;"]
_TARGET = st.lists(st.one_of(_PIECES.map(escape), st.sampled_from(_CODES)), max_size=12).map("".join)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TARGET, min_size=1, max_size=4), st.booleans())
def test_fix_of_any_target_keeps_the_file_outside_targets(targets, unsafe):
    content = (
        '<xliff version="1.2"><file source-language="de" target-language="en"><body>\n'
        + "".join(
            f'<trans-unit id="{n}"><source>Der Minister sagte in Kiew 1.500.</source><target>{t}</target></trans-unit>\n'
            for n, t in enumerate(targets)
        )
        + "</body></file></xliff>\n"
    )
    session = Session(search_config=False)
    started = time.process_time()
    outcome = fix_text(
        content, "fuzz.xlf", lambda s: bilingual_result(session, "fuzz.xlf", s, "xliff", Columns()), "auto", unsafe
    )
    assert outcome.result.error is None
    target = re.compile(r"(?<=<target>)(?:(?!</target>).)*", re.DOTALL)  # never past its own end tag
    assert target.sub("", outcome.fixed) == target.sub("", content)
    checked = outcome.result.checked_doc.text
    spans = [m.span() for m in target.finditer(checked)]
    assert all(any(a <= f.start <= f.end <= b for a, b in spans) for f in outcome.result.findings)
    parseString(outcome.fixed.encode())  # still well-formed
    assert time.process_time() - started < 2 * len(targets)


def test_reading_is_linear_on_hostile_xml(tmp_path):
    nested = '<xliff version="1.2"><file><body><trans-unit id="1"><source>a</source><target>' + '<g id="1">' * 20000
    nested += "kyiv" + "</g>" * 20000 + "</target></trans-unit></body></file></xliff>"
    segments = '<xliff version="2.0" srcLang="de" trgLang="en"><file id="f"><unit id="1">'
    segments += (
        "<segment><source>a.</source><target>b.</target></segment><ignorable><source> </source></ignorable>" * 20000
    )
    segments += "</unit></file></xliff>"
    for name, content in (("nested", nested), ("segments", segments)):
        started = time.process_time()
        units = xml_units(decode(content.encode(), f"{name}.xlf"))
        assert len(units) == 1 and time.process_time() - started < 2, name
    assert units[0].target == "b. " * 19999 + "b. "


_CELL = st.lists(_PIECES, max_size=8).map("".join)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_CELL, min_size=1, max_size=4), st.booleans())
def test_fix_of_any_csv_target_keeps_the_file_outside_targets(targets, unsafe):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["id", "source", "target"])
    writer.writerows([str(n), "Der Minister sagte in Kiew 1.500.", t] for n, t in enumerate(targets))
    content = out.getvalue().replace("\r\n", "\n")  # as fix_text reads it: newlines come back on writing
    session = Session({"source_lang": "de"}, search_config=False)
    outcome = fix_text(
        content, "f.csv", lambda s: bilingual_result(session, "f.csv", s, "csv", Columns()), "auto", unsafe
    )
    assert outcome.result.error is None
    target = re.compile(r'(?<=\.",)"(?:[^"]|"")*"(?=\n)')  # the field after the source, which ends in "."
    assert target.sub("", outcome.fixed) == target.sub("", content)
    assert [row[:2] for row in csv.reader(io.StringIO(outcome.fixed))] == [
        row[:2] for row in csv.reader(io.StringIO(content))
    ]
