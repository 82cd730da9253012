"""HTML input: the visible text is checked, findings point into the file, fixes leave markup alone.

The corpus test renders every article of corpora/ (and the seed article) as an HTML page with
a converter written here (a head with a title, a style and a script, paragraphs in <p>,
inline markup around some words, entities for some characters) that records where each
character of the text went, and asserts that checking the page gives the findings of the
text at the same places.
"""

from __future__ import annotations

import re
import sys
import time
from bisect import bisect_right
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.engine.placement import NOT_FIXED_IN_HTML
from mtcheck.evaluation.annotated import articles, read_gold
from mtcheck.run.fix_files import fix_text
from mtcheck.run.session import Session
from mtcheck.text.blocks import line_starts
from mtcheck.text.document import build_document
from mtcheck.text.html import html_view
from mtcheck.text.inputs import InputText, decode, discover, format_for
from tests.conftest import REPO, SEED, needs_shared

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"><meta name="description" content="kyiv on tuesday">
<title>NATO warns kyiv &amp; Moscow</title>
<style>p.lead { font-weight: bold; } /* kyiv */</style>
<script>var teaser = "<p>Add Comment</p>"; if (a < b && c) { kyiv(); }</script>
</head>
<body>
<h1>Talks in <em>kyiv</em> resume</h1>
<p class="lead">The talks in <a href="https://example.org/kyiv?a=1&amp;b=2" title="kyiv">Brussels</a>
   ended on tuesday, said the <b>Kyiv</b>&#8217;s envoy.</p>
<!-- kyiv in a comment -->
<pre>kyiv on tuesday</pre>
<p>Run <code>kyiv --now</code> to&nbsp;start. It cost &euro;5 &amp; more.</p>
<ul><li>First item about kyiv<li>Second item</ul>
<table><tr><td>Cell one</td><th>Cell two</th></tr></table>
</body>
</html>
"""


def _check(text: str, path: str = "/nonexistent-mtcheck/page.html", session: Session | None = None):
    session = session or Session()
    source = decode(text.encode("utf-8"), path)
    return session.check_input(path, source)


def _shown(result):
    """(code, line, column, end line, end column, text in the file) of each finding."""
    doc = result.checked_doc
    return [(f.code, *doc.position(f.start), *doc.position(f.end), doc.text[f.start : f.end]) for f in result.findings]


def test_only_the_visible_text_is_checked_one_block_per_element():
    view = html_view(PAGE)
    lines = view.text.split("\n")
    assert lines[:3] == [
        "NATO warns kyiv & Moscow",
        "Talks in kyiv resume",
        "The talks in Brussels ended on tuesday, said the Kyiv’s envoy.",
    ]
    assert lines[3] == "Run \ue000 to\xa0start. It cost €5 & more."  # code stands in as one masked character
    assert lines[4:] == ["First item about kyiv", "Second item", "Cell one", "Cell two", ""]
    for hidden in ("teaser", "font-weight", "example.org", "description", "comment", "kyiv on tuesday", "--now"):
        assert hidden not in view.text
    kinds = [(view.text[b.start : b.end].split()[0], b.kind) for b in view.blocks]
    assert kinds == [
        ("NATO", "heading"),
        ("Talks", "heading"),
        ("The", "paragraph"),
        ("Run", "paragraph"),
        ("First", "list_item"),
        ("Second", "list_item"),
        ("Cell", "table_cell"),
        ("Cell", "table_cell"),
    ]


def test_findings_point_at_the_exact_line_and_column_in_the_file():
    shown = _shown(_check(PAGE))
    kyiv = [s for s in shown if s[0] == "MT101"]
    # In the title, in the headline, and in the list; never in the script, style, comment,
    # <pre>, <code>, attributes or the meta description.
    assert [(line, column, text) for _, line, column, _, _, text in kyiv] == [
        (5, 19, "kyiv"),
        (10, 18, "kyiv"),
        (16, 26, "kyiv"),
    ]
    tuesday = [s for s in shown if s[0] == "MT104"]
    assert [(line, column, text) for _, line, column, _, _, text in tuesday] == [(12, 13, "tuesday")]
    lines = PAGE.split("\n")
    for _, line, column, end_line, end_column, text in shown:
        assert line == end_line and lines[line - 1][column - 1 : end_column - 1] == text


def test_a_finding_spanning_an_entity_covers_it_in_the_file_and_its_fix_replaces_it():
    page = "<p>The talks in k&#121;iv ended.</p>"
    assert [s[0] + " " + s[5] for s in _shown(_check(page))] == ["MT101 k&#121;iv"]
    assert fix_text(page, "/nonexistent-mtcheck/p.html", _fixing()).fixed == "<p>The talks in Kyiv ended.</p>"


def _fixing(session: Session | None = None):
    session = session or Session()
    return lambda source: session.check_input(source.path, source)


def test_words_read_across_inline_tags():
    """`<b>Kyiv</b>'s` is the word sequence "Kyiv's": the name is not lowercase, and the
    sentence after an inline tag is not broken."""
    page = "<p>The <b>Kyiv</b>&#8217;s mayor met the <a href='x'>Polish</a> envoy in <em>Warsaw</em>.</p>"
    assert _check(page).findings == []
    doc = build_document(InputText("p.html", page, "html"), "en")
    assert doc.text == "The Kyiv’s mayor met the Polish envoy in Warsaw.\n"
    assert len(doc.sentences) == 1


def test_real_entities_are_not_reported_as_escaped_html_but_double_escaped_ones_are():
    clean = "<p>Shares of AT&amp;T rose &ndash; &#8220;strongly&#8221;, said O&#39;Neill.</p>"
    assert [f.code for f in _check(clean).findings] == []
    doubled = "<p>The minister said &amp;quot;no&amp;quot; to the plan.</p>"
    shown = _shown(_check(doubled))
    assert [(s[0], s[5]) for s in shown] == [("MT606", "&amp;quot;"), ("MT606", "&amp;quot;")]
    fixed = fix_text(doubled, "/nonexistent-mtcheck/p.html", _fixing()).fixed
    assert fixed == '<p>The minister said "no" to the plan.</p>'


_MARKUP = re.compile(r"<!--.*?-->|<script.*?</script>|<style.*?</style>|<[^>]*>", re.DOTALL)


def _markup(page: str) -> list[str]:
    """Every tag, comment, script and style of a page, in order: what fix must not touch."""
    return _MARKUP.findall(page)


def test_fix_edits_text_nodes_only_and_leaves_the_markup_byte_identical():
    outcome = fix_text(PAGE, "/nonexistent-mtcheck/page.html", _fixing())
    assert outcome.changed
    assert _markup(outcome.fixed) == _markup(PAGE)
    assert "<title>NATO warns Kyiv &amp; Moscow</title>" in outcome.fixed
    assert "<h1>Talks in <em>Kyiv</em> resume</h1>" in outcome.fixed
    assert "ended on Tuesday" in outcome.fixed
    assert 'var teaser = "<p>Add Comment</p>"; if (a < b && c) { kyiv(); }' in outcome.fixed
    assert fix_text(outcome.fixed, "/nonexistent-mtcheck/page.html", _fixing()).fixed == outcome.fixed


def test_an_edit_across_a_tag_is_not_applied_and_the_finding_says_so():
    # The broken split "Moscow. and" is joined by deleting ".", which sits outside the <b>
    # here; "by <b>Moscow.</b> and" would need an edit across the tag.
    page = "<p>The war in Ukraine was backed by <b>Moscow.</b> and Pyongyang.</p>"
    result = _check(page)
    split = [f for f in result.findings if f.code == "MT201"]
    assert split, _shown(result)
    crossing = [f for f in split if f.fix is None]
    fixed = fix_text(page, "/nonexistent-mtcheck/p.html", _fixing()).fixed
    assert _markup(fixed) == _markup(page)
    assert all(f.message.endswith(NOT_FIXED_IN_HTML) for f in crossing)
    assert crossing or "Moscow</b> and" in fixed


def test_an_edit_inside_one_element_is_applied_and_a_removed_line_leaves_its_element():
    page = "<html><body>\n<p>BRUSSELS Nov. 8 () &ndash; NATO met.</p>\n<p>Add Comment</p>\n</body></html>\n"
    fixed = fix_text(page, "/nonexistent-mtcheck/p.html", _fixing()).fixed
    assert fixed == "<html><body>\n<p>BRUSSELS Nov. 8 &ndash; NATO met.</p>\n<p></p>\n</body></html>\n"


def test_html_files_are_found_in_folders_and_by_extension(tmp_path):
    (tmp_path / "a.html").write_text("<p>x</p>")
    (tmp_path / "b.HTM").write_text("<p>x</p>")
    (tmp_path / "c.css").write_text("p {}")
    assert sorted(Path(p).name for p in discover([str(tmp_path)])) == ["a.html", "b.HTM"]
    assert format_for("a.html") == format_for("b.HTM") == "html"
    assert format_for("a.txt", "html") == "html"


def test_cli_reads_html_by_extension_by_option_and_from_stdin(tmp_path):
    page = "<p>Talks in <b>kyiv</b> &amp; Moscow.</p>\n"
    (tmp_path / "a.html").write_text(page)
    (tmp_path / "a.txt").write_text(page)
    runner = CliRunner()
    by_extension = runner.invoke(app, ["check", str(tmp_path / "a.html")])
    assert f"{tmp_path / 'a.html'}:1:16: major MT101" in by_extension.output
    as_text = runner.invoke(app, ["check", str(tmp_path / "a.txt")])
    assert "MT101" in as_text.output and ":1:1:" in as_text.output  # "<p>" is an artifact in text
    forced = runner.invoke(app, ["check", "--input-format", "html", str(tmp_path / "a.txt")])
    assert f"{tmp_path / 'a.txt'}:1:16: major MT101" in forced.output and ":1:1:" not in forced.output
    piped = runner.invoke(app, ["check", "--stdin-filename", "in.html", "-"], input=page)
    assert "in.html:1:16: major MT101" in piped.output


@pytest.mark.parametrize(
    "page",
    [
        "<![ x <p>kyiv</p>",
        "<p>kyiv<![CDATA[x]]> <!-- open",
        "<p><code>never closed kyiv",
        "</p></div><p>kyiv</b></i></li>",
        "<p>a &#99999999999; b &#0; c &bogus; d &am</p>",
        "<script>kyiv",
        "<p " + "a='" * 50,
        "x" * 10 + "<",
    ],
)
def test_malformed_html_is_read_without_error_or_misplaced_findings(page):
    result = _check(page)
    assert result.error is None
    for _, line, column, _, end_column, text in _shown(result):
        assert page.split("\n")[line - 1][column - 1 : end_column - 1] == text


@pytest.mark.parametrize(
    "unit",
    [
        "<div><p>kyiv <b>x</i> &amp; <span>y</p><li>z<td>w</table><code>c</pre>",
        "<a b='",  # tags, quotes and comments left open: quadratic in html.parser on Python 3.11.7
        "x<a",
        "<!--",
        "<title>",
        "<<a>",
        "&#",
    ],
)
def test_reading_time_grows_linearly_with_hostile_markup(unit):
    def seconds(repeat: int) -> float:
        page = unit * repeat
        start = time.process_time()
        html_view(page)
        return time.process_time() - start

    seconds(500)  # warm up
    small, large = max(seconds(5000), 1e-3), seconds(20000)
    assert large < small * 4 * 2.5, (small, large)


# The corpus: each article rendered as HTML by a converter that records where its text went.

_ENTITY_FOR = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "’": "&#8217;",
    "“": "&ldquo;",
    "”": "&rdquo;",
    "–": "&ndash;",
    "é": "&eacute;",
    "\xa0": "&nbsp;",
    "\t": "&#9;",
}
_WRAPPERS = [("<em>", "</em>"), ('<a href="https://example.org/news?id=7&amp;ref=kyiv">', "</a>"), ("<b>", "</b>")]


class _Page:
    """An HTML page being written, with the place of each character of the text in it."""

    def __init__(self, length: int):
        self.parts: list[str] = []
        self.size = 0
        self.starts = [-1] * length
        self.ends = [-1] * length

    def markup(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def char(self, index: int, written: str) -> None:
        self.starts[index] = self.size
        self.markup(written)
        self.ends[index] = self.size

    def span(self, start: int, end: int) -> tuple[int, int]:
        return (self.starts[start], self.starts[start]) if end <= start else (self.starts[start], self.ends[end - 1])


def to_html(text: str, headline_in_title: bool = True) -> tuple[str, _Page]:
    """The text's paragraphs (as mtcheck reads them in plain text) as an HTML page: the first
    in <title> (or a title of its own, and every paragraph in <p>), the rest in <p>; every
    fifth word in inline markup; some characters as entities; runs of spaces as character
    references (a browser would collapse raw ones)."""
    blocks = build_document(InputText("article.txt", text, "text"), "en").blocks
    page = _Page(len(text))
    page.markup('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>')
    if not headline_in_title:
        page.markup("")  # a title of its own would be a paragraph more than the source has
    words = 0
    for number, block in enumerate(blocks, start=0 if headline_in_title else 1):
        if number == 1:
            page.markup("</title>\n<style>p { margin: 0 } /* kyiv tuesday */</style>\n")
            page.markup('<script>var s = "<p>Add Comment</p>"; if (a < b) { kyiv(); }</script>\n</head>\n<body>\n')
            page.markup("<!-- kyiv on tuesday -->\n")
        if number >= 1:
            page.markup('<p class="story">')
        wrapping: tuple[str, str] | None = None
        for index in range(block.start, block.end):
            char = text[index]
            starts_word = char.isalpha() and not text[index - 1].isalpha()
            if starts_word and wrapping is None and number > 0:  # a <title> holds text only
                words += 1
                if words % 5 == 0:
                    wrapping = _WRAPPERS[words // 5 % len(_WRAPPERS)]
                    page.markup(wrapping[0])
            if char == "\n":
                page.char(index, "<br>\n")
            elif char == " " and text[index - 1] in " \t\n":
                page.char(index, "&#32;")
            else:
                page.char(index, _ENTITY_FOR.get(char, char))
            if wrapping and char.isalpha() and not text[index + 1 : index + 2].isalpha():
                page.markup(wrapping[1])
                wrapping = None
        page.markup("</title>\n" if number == 0 else "</p>\n")
    page.markup("</body>\n</html>\n")
    return "".join(page.parts), page


def _articles() -> list[Path]:
    return sorted(article for article, _ in articles([REPO / "corpora"]))


def _same_findings(
    path: Path, text: str, overrides: dict, source: str | None, headline_in_title: bool = True
) -> tuple[list, list, str]:
    page, where = to_html(text, headline_in_title)
    session = Session(overrides, source=source, input_format="text")
    as_text = session.check_input(str(path), InputText(str(path), text, "text"))
    html_path = str(path.with_suffix(".html"))
    as_html = Session(overrides, source=source).check_input(html_path, decode(page.encode("utf-8"), html_path))
    assert as_text.error is None and as_html.error is None
    positions = line_starts(page)
    expected = []
    for finding in as_text.findings:
        start, end = where.span(finding.start, finding.end)
        assert start >= 0, f"{path}: finding outside the paragraphs: {finding}"
        expected.append((finding.code, *_position(positions, start), *_position(positions, end), page[start:end]))
    return expected, _shown(as_html), page


def _position(starts: list[int], offset: int) -> tuple[int, int]:
    line = bisect_right(starts, offset) - 1
    return line + 1, offset - starts[line] + 1


@pytest.mark.parametrize("article", _articles(), ids=lambda p: p.name)
def test_a_corpus_article_as_html_has_the_findings_of_its_text_at_the_same_places(article):
    text = article.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    gold = next(g for a, g in articles([REPO / "corpora"]) if a == article)
    _, overrides = read_gold(gold, text, str(article))
    original = overrides.pop("source", None)
    source = str(article.parent / original) if original else None
    # Every paragraph in <p>: a headline in <title> or <h1> is a heading, whose Title Case
    # capitals are no evidence that a lowercase name is a slip (as in Markdown), while the
    # first line of a text file is a paragraph. The seed test below has its headline in <title>.
    expected, found, page = _same_findings(article, text, overrides, source, headline_in_title=False)
    assert found == expected
    assert _inside_markup(page, found) == []


def _inside_markup(page: str, shown: list) -> list:
    """The findings that start or end inside a tag, comment, script or style of the page."""
    positions = line_starts(page)
    markup = [m.span() for m in _MARKUP.finditer(page)]
    inside = []
    for finding in shown:
        start = positions[finding[1] - 1] + finding[2] - 1
        end = positions[finding[3] - 1] + finding[4] - 1
        for offset in (start, max(start, end - 1)):
            index = bisect_right(markup, (offset, len(page))) - 1
            if index >= 0 and markup[index][0] <= offset < markup[index][1]:
                inside.append(finding)
                break
    return inside


@needs_shared(SEED)
def test_the_seed_article_as_html_has_the_findings_of_its_text_and_fix_keeps_the_markup():
    text = SEED.read_text(encoding="utf-8")
    expected, found, page = _same_findings(SEED, text, {}, None)
    assert len(found) >= 8
    assert found == expected
    assert _inside_markup(page, found) == []
    assert any(line == 5 for _, line, *_ in found)  # the headline, in <title>
    outcome = fix_text(page, "/nonexistent-mtcheck/seed.html", _fixing())
    assert outcome.changed and _markup(outcome.fixed) == _markup(page)
    assert "against <b>Kyiv</b>." in outcome.fixed or "against Kyiv." in outcome.fixed


@pytest.mark.parametrize("article", _articles()[::3], ids=lambda p: p.name)
def test_fix_leaves_the_markup_of_a_corpus_page_byte_identical(article):
    page, _ = to_html(article.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
    outcome = fix_text(page, "/nonexistent-mtcheck/article.html", _fixing(), unsafe=True)
    assert _markup(outcome.fixed) == _markup(page)


def test_a_long_page_is_checked_in_windows_of_its_text_with_findings_in_place(monkeypatch):
    import mtcheck.engine.windows
    import mtcheck.run.session
    from mtcheck.engine.windows import window_spans

    monkeypatch.setattr(mtcheck.engine.windows, "WINDOW_CHARACTERS", 3000)
    monkeypatch.setattr(mtcheck.run.session, "WINDOWED_ABOVE", 6000)
    spans: list = []
    monkeypatch.setattr(mtcheck.run.session, "window_spans", lambda *a: spans.extend(window_spans(*a)) or spans)
    cities = ["Kyiv", "<b>kyiv</b>", "Kyiv", "K&#121;iv", "kyiv"] * 40
    paragraph = "<p>The delegation travelled to {city} on day {n}. Talks went on until late.</p>\n"
    page = "<html><body>\n" + "".join(paragraph.format(city=c, n=n) for n, c in enumerate(cities)) + "</body></html>"
    shown = _shown(_check(page))
    assert len(spans) > 2
    assert [(s[0], s[5]) for s in shown] == [("MT101", "kyiv")] * 80
    assert [s[1] for s in shown] == [n + 2 for n, c in enumerate(cities) if "kyiv" in c]


def test_checking_text_or_markdown_does_not_load_the_html_reader():
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "mtcheck", "check", str(REPO / "examples" / "sample-article.txt")],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert "MT101" in run.stdout
    assert "mtcheck.text.html" not in run.stderr and "mtcheck.engine.placement" not in run.stderr


def test_a_quote_opens_an_attribute_value_only_after_an_equals_sign():
    page = "<p><img alt=Kyiv's src=x.png> said <a href=\"a>b\" title='c>d'>the envoy</a>, it's over.</p>"
    assert html_view(page).text == "said the envoy, it's over.\n"


def test_a_title_holds_text_only_as_in_a_browser():
    view = html_view("<title>Talks in <b>kyiv</b> &amp; Minsk</title><p>Text.</p>")
    assert view.text == "Talks in <b>kyiv</b> & Minsk\nText.\n"


_SOUP = [
    "<p>", "</p>", "<b>", "</b>", "kyiv", " ", "\n", "&amp;", "&#8217;", "&", "<", ">", "<!--", "-->", "<![", "]]>",
    "<!", "<?", "?>", "<script>", "</script>", "<style>", "</style>", "<code>", "</code>", "<title>", "</title>",
    "<br>", "<br/>", "<a href='x>y'>", "</a>", "'", "</", "<li>", "<td>", "&#x", ";", "&nbsp", "\t", "é", "<pre>",
    "</pre>", "<div", "<p/>", "</ p>", "<textarea>", "</textarea>", "x",
]  # fmt: skip


def test_an_edit_the_map_allows_changes_the_visible_text_exactly_as_intended():
    """On random tag soup: every edit the map accepts, applied to the file, gives the page
    whose visible text is the old one with that edit (whitespace aside), markup unchanged."""
    import random

    rng = random.Random(7)
    accepted = 0
    for _ in range(1500):
        page = "".join(rng.choice(_SOUP) for _ in range(rng.randint(1, 30)))
        view = html_view(page)
        for _ in range(4):
            start = rng.randint(0, len(view.text))
            end = min(len(view.text), start + rng.randint(0, 4))
            where = view.source_map.edit_span(start, end, deleting=False)
            if where is None:
                continue
            accepted += 1
            edited = page[: where[0]] + "Zq" + page[where[1] :]
            wanted = view.text[:start] + "Zq" + view.text[end:]
            assert html_view(edited).text.split() == wanted.split(), (page, start, end)
    assert accepted > 1000


def test_suppression_directives_in_html_comments_apply_to_blocks():
    """In HTML a "line" of a directive is a block: the next one, or the one holding it."""
    page = (
        "<html><body>\n"
        "<!-- mtcheck: disable-next-line MT101 -->\n"
        "<p>Talks in <b>kyiv</b> resumed.</p>\n"
        "<p>Talks in kyiv resumed on tuesday. <!-- mtcheck: disable-line MT104 --></p>\n"
        "<!-- mtcheck: disable -->\n<p>The envoy left kyiv on tuesday.</p>\n<!-- mtcheck: enable -->\n"
        "<p>The envoy came back to kyiv. <!-- mtcheck: bogus --></p>\n"
        "<!-- an ordinary comment: kyiv -->\n"
        "</body></html>\n"
    )
    shown = [(s[0], s[1], s[2], s[5]) for s in _shown(_check(page))]
    assert shown == [
        ("MT101", 4, 13, "kyiv"),
        ("MT101", 8, 27, "kyiv"),
        ("MT001", 8, 33, "<!-- mtcheck: bogus -->"),
    ]
    fixed = fix_text(page, "/nonexistent-mtcheck/p.html", _fixing()).fixed
    assert _markup(fixed) == _markup(page) and fixed.count("Kyiv") == 2


@pytest.mark.skipif(
    sys.version_info < (3, 11), reason="`re` reads the tag patterns' possessive quantifiers from 3.11 on"
)
def test_tags_are_read_alike_by_re_and_by_regex() -> None:
    """Python 3.10's `re` has no possessive quantifiers, so there the tag patterns run on
    `regex` (mtcheck/text/html.py): both engines must read every tag alike."""
    import regex

    from mtcheck.text.html import END_TAG, START_TAG

    text = (REPO / "examples" / "sample-article.html").read_text(encoding="utf-8")
    text += "<a href='x>y' title=\"q\">k</a><img alt=Kyiv's><p class=a=b><br/></p ><x-y z=\"1\" '>"
    text += "<p " + "a=" * 500 + "<" + "<b " + "'" * 300 + "</div" + '="' * 200
    for name in (START_TAG, END_TAG):
        by_re, by_regex = re.compile(name), regex.compile(name)
        for at in (i for i, c in enumerate(text) if c == "<"):
            a, b = by_re.match(text, at), by_regex.match(text, at)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (name, at)
