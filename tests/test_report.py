"""`mtcheck report`: the page's data and its escaping, the command, and the page loaded in a
real browser (headless Chromium), which must render it without errors or network requests."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mtcheck.cli import app
from tests.conftest import REPO, WMT, modules_a_check_loads, needs_shared
from tests.report_browser import missing_browser, open_report

pytest.importorskip("altair", reason='the report needs altair: pip install -e ".[test]"')
pytest.importorskip("vl_convert", reason='the report needs vl-convert-python: pip install -e ".[test]"')

HOSTILE = 'Talks in kyiv ended.</script><script>alert(1)</script> <img src=x onerror="alert(2)"> &amp; <!-- done\n'
needs_browser = pytest.mark.skipif(missing_browser() is not None, reason=str(missing_browser()))


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def page_data(page: str) -> dict:
    blob = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert blob is not None
    return json.loads(blob[1])


def wmt_corpus(path: Path, documents: int = 3, lines: int = 12) -> Path:
    """A JSON Lines corpus of real MT (a WMT22 de-en system) with its human reference."""
    hyp = (WMT / "generaltest2022.de-en.hyp.Online-Y.en").read_text(encoding="utf-8").splitlines()
    ref = (WMT / "generaltest2022.de-en.ref.A.en").read_text(encoding="utf-8").splitlines()
    with path.open("w", encoding="utf-8") as out:
        for n in range(documents):
            part = slice(n * lines, (n + 1) * lines)
            record = {"id": f"doc{n}", "text": "\n".join(hyp[part]) + "\n", "ref": "\n".join(ref[part]) + "\n"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def test_a_folder_report_has_every_article_with_the_scores_check_gives(tmp_path):
    out = tmp_path / "report.html"
    result = run("report", str(REPO / "examples"), "-o", str(out))
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    checked = json.loads(run("check", "--format", "json", str(REPO / "examples")).stdout)
    expected = {f["path"]: f for f in checked["files"]}
    assert {a["name"] for a in data["articles"]} == set(expected)
    for article in data["articles"]:
        assert article["score"] == expected[article["name"]]["quality"]["score"]
        assert [f[3] for f in article["findings"]] == [d["code"] for d in expected[article["name"]]["diagnostics"]]
    assert data["summary"]["findings"] == checked["summary"]["findings"] == sum(r[4] for r in data["rules"])
    assert data["summary"]["lowest"] == min(f["quality"]["score"] for f in checked["files"])
    assert sum(sum(row[1:]) for row in data["families"]) == checked["summary"]["findings"]
    assert set(data["figures"]) == {"distribution", "families"}  # no reference: no BLEU/chrF plot


def test_a_report_written_in_the_folder_it_reports_on_is_not_an_article_of_it(tmp_path):
    (tmp_path / "story.txt").write_text("Talks in kyiv ended.\n", encoding="utf-8")
    for _ in range(2):
        assert run("report", str(tmp_path), "-o", str(tmp_path / "report.html")).exit_code == 0
    articles = page_data((tmp_path / "report.html").read_text(encoding="utf-8"))["articles"]
    assert [a["name"] for a in articles] == [str(tmp_path / "story.txt")]


def test_finding_offsets_are_javascript_string_offsets(tmp_path):
    article = tmp_path / "emoji.txt"
    article.write_text("🚀🚀 Ministers met in kyiv on tuesday 🇺🇦 to discuss air defence.\n", encoding="utf-8")
    out = tmp_path / "report.html"
    assert run("report", str(article), "-o", str(out)).exit_code == 0
    (entry,) = page_data(out.read_text(encoding="utf-8"))["articles"]
    utf16 = entry["text"].encode("utf-16-le")
    flagged = {f[3]: utf16[2 * f[0] : 2 * f[1]].decode("utf-16-le") for f in entry["findings"]}
    assert flagged["MT101"] == "kyiv"
    assert flagged["MT104"] == "tuesday"


def test_an_article_cannot_end_the_script_that_holds_it(tmp_path):
    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "calm.txt").write_text("Talks in Kyiv ended.\n", encoding="utf-8")
    hostile, calm = tmp_path / "hostile.html", tmp_path / "calm.html"
    assert run("report", str(tmp_path / "hostile.txt"), "-o", str(hostile), "--title", "<b>x</b>").exit_code == 0
    assert run("report", str(tmp_path / "calm.txt"), "-o", str(calm), "--title", "x").exit_code == 0
    page = hostile.read_text(encoding="utf-8")
    assert page.lower().count("<script") == calm.read_text(encoding="utf-8").lower().count("<script")
    for raw in ("<script>alert(1)", "</script><script>", "<img src=x", "<b>x</b>", "<!-- done"):
        assert raw not in page
    assert page_data(page)["articles"][0]["text"] == HOSTILE  # shown as it is, as text


def test_an_article_that_cannot_be_read_is_listed_first_as_not_checked(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "good.txt").write_text("Talks in kyiv ended.\n", encoding="utf-8")
    (tmp_path / "news" / "latin1.txt").write_bytes("Caf\u00e9 talks ended.\n".encode("latin-1"))
    out = tmp_path / "report.html"
    result = run("report", str(tmp_path / "news"), "-o", str(out))
    assert result.exit_code == 2  # as `check` exits for an unreadable file; the page is still written
    assert "latin1.txt" in result.stderr
    first, second = page_data(out.read_text(encoding="utf-8"))["articles"]
    assert first["name"].endswith("latin1.txt") and first["score"] is None and "UTF-8" in first["error"]
    assert second["name"].endswith("good.txt") and [f[3] for f in second["findings"]] == ["MT101"]


def test_the_output_that_cannot_be_written_is_a_one_line_error(tmp_path):
    result = run("report", str(REPO / "examples" / "brief.txt"), "-o", str(tmp_path / "no" / "such" / "r.html"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"mtcheck: error: {tmp_path / 'no' / 'such' / 'r.html'}: cannot be written:")


def test_without_altair_the_report_names_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "altair", None)  # as if it were not installed
    result = run("report", str(REPO / "examples" / "brief.txt"), "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 2
    assert result.stderr == 'mtcheck: error: mtcheck report needs altair: pip install "mtcheck[report]"\n'
    assert not (tmp_path / "r.html").exists()


def test_a_plain_check_imports_no_report_code(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("All quiet.\n")
    assert modules_a_check_loads(article, ("mtcheck.run.html_report", "altair", "vl_convert")) == []


@needs_shared(WMT)
def test_a_corpus_with_references_plots_each_sentence_bleu_and_chrf(tmp_path):
    corpus = wmt_corpus(tmp_path / "wmt.jsonl")
    out = tmp_path / "report.html"
    assert run("report", str(corpus), "--ref-field", "ref", "-o", str(out)).exit_code == 0
    data = page_data(out.read_text(encoding="utf-8"))
    assert [a["name"] for a in data["articles"]] == [f"{corpus}#doc{n}" for n in range(3)]
    rows = [row for table in data["figures"]["reference"]["data"] for row in table.get("values", [])]
    assert len(rows) == 2 * data["reference_sentences"] > 20
    # The same sentences' chrF as `check --ref-field` reports for those with findings.
    checked = json.loads(run("check", "--format", "json", "--ref-field", "ref", str(corpus)).stdout)
    scored = [s for f in checked["files"] for s in f["quality"]["sentences"] if "reference" in s]
    assert scored
    chrf = {(r["sentence"], r["score"]): r["value"] for r in rows if r["metric"] == "chrF"}
    for sentence in scored:
        assert chrf[sentence["text"][:200], sentence["score"]] == pytest.approx(sentence["reference"]["chrf"], abs=0.01)


def mark_types(spec: dict) -> set[str]:
    """Every kind of mark a Vega specification draws, in groups (facets) too."""
    found = set()
    for mark in spec.get("marks", []):
        found.add(mark["type"])
        found |= mark_types(mark)
    return found


@needs_shared(WMT)
def test_past_the_scatter_limit_the_reference_plot_is_a_density(tmp_path, monkeypatch):
    import mtcheck.run.html_report as html_report

    corpus = wmt_corpus(tmp_path / "wmt.jsonl", documents=1)
    for limit, drawn, not_drawn in ((1000, "symbol", "rect"), (5, "rect", "symbol")):
        monkeypatch.setattr(html_report, "SCATTER_POINTS", limit)
        out = tmp_path / f"report-{limit}.html"
        assert run("report", str(corpus), "--ref-field", "ref", "-o", str(out)).exit_code == 0
        types = mark_types(page_data(out.read_text(encoding="utf-8"))["figures"]["reference"])
        assert drawn in types and not_drawn not in types


@needs_browser
def test_the_report_renders_in_chromium_offline_and_safely(tmp_path):
    articles = tmp_path / "news"
    articles.mkdir()
    for name in ("sample-article.txt", "brief.txt", "sample-article.html"):
        (articles / name).write_bytes((REPO / "examples" / name).read_bytes())
    (articles / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "report.html"
    assert run("report", str(articles), "-o", str(out)).exit_code == 0
    with open_report(out) as loaded:
        page = loaded.page
        assert loaded.errors == []
        assert loaded.dialogs == []  # the article's alert() never ran
        assert loaded.requests == [out.resolve().as_uri()]
        assert page.locator("#articles .row").count() == 4
        for plot in ("#plot-distribution", "#plot-families"):
            assert page.locator(f"{plot} svg .mark-rect path").count() > 0  # the bars were drawn
        assert page.locator("#plot-reference").is_hidden()
        # Worst first: the scores down the table never go up; a header click turns the order round.
        scores = [float(s) for s in page.locator("#articles .row [role=cell]:nth-child(2)").all_inner_texts()]
        assert scores == sorted(scores) and scores[0] < scores[-1]
        page.click("#articles [role=columnheader]:nth-child(2)")
        # The table is drawn again after the click, and on a loaded machine a cell may be read
        # while it is empty: the page itself is asked until its first row holds the best score
        # (a timeout here means the order never turned round).
        page.wait_for_function(
            "best => parseFloat(document.querySelector('#articles .row [role=cell]:nth-child(2)')?.textContent) === best",
            arg=max(scores),
            timeout=20_000,
        )
        # The hostile article: its text shown as text, its finding highlighted with the message on hover.
        page.locator("#articles .row", has_text="hostile.txt").click()
        assert page.locator("#article-text").text_content() == HOSTILE
        mark = page.locator("#article-text mark", has_text="kyiv")
        assert "MT101" in mark.get_attribute("title") and "Kyiv" in mark.get_attribute("title")
        assert loaded.dialogs == [] and loaded.errors == []
        shot = page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert shot.startswith(b"\x89PNG") and len(shot) > 20_000


@needs_browser
@needs_shared(WMT)
def test_the_reference_plot_renders_one_point_per_sentence_and_metric(tmp_path):
    corpus = wmt_corpus(tmp_path / "wmt.jsonl")
    out = tmp_path / "report.html"
    assert run("report", str(corpus), "--ref-field", "ref", "-o", str(out)).exit_code == 0
    points = page_data(out.read_text(encoding="utf-8"))["reference_sentences"]
    with open_report(out) as loaded:
        assert loaded.errors == [] and loaded.requests == [out.resolve().as_uri()]
        assert loaded.page.locator("#plot-reference svg .mark-symbol path").count() == 2 * points


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=30)
    | st.text('"\\\n\t\x00\x1f\x7f é“', max_size=30)
)
def test_a_quoted_text_is_what_json_writes(text: str) -> None:
    from mtcheck.run.report import _quoted

    assert _quoted(text) == json.dumps(text, ensure_ascii=False)
