"""The document model: what is checked, where findings point, how text splits into blocks."""

from __future__ import annotations

from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText, decode
from mtcheck.text.segment import MASK
from tests.conftest import check_text, codes


def doc_of(text: str, fmt: str = "text", fields=()):
    return build_document(InputText("a", text, fmt), "en", tuple(fields))


def visible(doc) -> str:
    """The checked text with masked characters removed."""
    return doc.checked.replace(MASK, "")


def block_texts(doc) -> list[str]:
    return [doc.text[b.start : b.end] for b in doc.blocks]


def japanese(text: str) -> list[str]:
    """The sentences of a Japanese text."""
    doc = build_document(InputText("a.ja.txt", text, "text"), "ja")
    return [doc.text[s.start : s.end] for s in doc.sentences]


class TestPositions:
    def test_line_and_column_are_one_based_code_points(self):
        doc = doc_of("Añadir “x”\nthe kyiv office")
        offset = doc.text.index("kyiv")
        assert doc.position(offset) == (2, 5)
        assert doc.position(offset + 4) == (2, 9)  # end is exclusive

    def test_astral_characters_count_as_one_column(self):
        doc = doc_of("🇺🇦 Support for kyiv")
        # Two regional-indicator code points, then a space.
        assert doc.position(doc.text.index("kyiv")) == (1, 16)

    def test_crlf_and_bom_keep_columns_of_the_original(self):
        source = decode("\ufeffFirst line\r\nattacks on kyiv\r\n".encode("utf-8"), "a.txt")
        assert source.bom and source.newline == "\r\n"
        doc = build_document(source, "en")
        assert doc.position(doc.text.index("kyiv")) == (2, 12)

    def test_every_finding_points_at_its_text_in_the_file(self):
        text = "Follow live the latest news about the war\n\nThe army left kyiv. and moved on.\n"
        doc, findings = check_text(text)
        lines = text.split("\n")
        for finding in findings:
            line, column = doc.position(finding.start)
            end_line, end_column = doc.position(finding.end)
            assert line == end_line
            assert lines[line - 1][column - 1 : end_column - 1] == doc.text[finding.start : finding.end]


class TestPlainTextBlocks:
    def test_one_paragraph_per_line(self):
        doc = doc_of("Headline without a stop\nFirst paragraph is long enough to be one.\nAdd Comment")
        assert block_texts(doc) == [
            "Headline without a stop",
            "First paragraph is long enough to be one.",
            "Add Comment",
        ]

    def test_hard_wrapped_paragraphs_are_joined(self):
        text = (
            "The State Meteorological Agency has activated the orange warning in\n"
            "Valencia, Castellon and the Balearic Islands for this Monday, when\n"
            "rain is expected.\n\nA second paragraph."
        )
        doc = doc_of(text)
        assert len(doc.blocks) == 2
        assert doc.text[doc.blocks[0].start : doc.blocks[0].end].endswith("rain is expected.")

    def test_a_headline_without_a_stop_is_not_glued_to_the_story(self):
        # Every line is short, but the lines that go on are not of one width: no wrapping.
        text = (
            "Thousands rally in the capital against reform\n"
            "The protesters marched from the central station to parliament on Saturday.\n"
            "Police said the march was peaceful.\n"
        )
        doc = doc_of(text)
        assert block_texts(doc) == text.strip().split("\n")
        assert (
            doc.text[doc.sentences[0].start : doc.sentences[0].end] == "Thousands rally in the capital against reform"
        )

    def test_urls_and_emails_are_masked_in_plain_text(self):
        doc = doc_of("Write to desk@news.example.com or see https://example.com/kyiv today.")
        assert "kyiv" not in visible(doc) and "desk@" not in visible(doc)
        assert "today." in visible(doc)

    def test_html_comment_lines_are_not_prose(self):
        doc = doc_of("<!-- mtcheck: disable MT101 -->\nThe army left kyiv.")
        assert block_texts(doc) == ["The army left kyiv."]
        assert doc.comments == [(0, 31)]


class TestMarkdown:
    TEXT = (
        '---\ntitle: "talks in kyiv resume"\nauthor: desk\n---\n\n'
        "# Talks resume\n\n"
        'Run `kyiv` and [the report](https://example.com/kyiv "Report") or <https://x.example/kyiv>.\n'
        "<!-- a comment about kyiv -->\n\n"
        "```\ncode about kyiv\n```\n\n"
        "    indented code kyiv\n\n"
        "> quoted **text** here\n> more text\n\n"
        "- item one\n- item two\n\n"
        "| Place | Note |\n|---|---|\n| Kyiv | capital |\n\n"
        "<div>\nhtml kyiv\n</div>\n\n"
        "See [the guide][g].\n\n[g]: https://example.com/kyiv\n"
    )

    def test_code_links_comments_html_and_front_matter_are_not_checked(self):
        doc = doc_of(self.TEXT, "markdown")
        assert visible(doc).lower().count("kyiv") == 1  # only the table cell, which is prose
        assert "the report" in visible(doc)
        assert "See the guide." in visible(doc)

    def test_blocks_have_kinds_and_exact_offsets(self):
        doc = doc_of(self.TEXT, "markdown")
        kinds = {b.kind for b in doc.blocks}
        assert {"heading", "paragraph", "quote", "list_item", "table_cell"} <= kinds
        quote = next(b for b in doc.blocks if b.kind == "quote")
        assert doc.text[quote.start : quote.end] == "quoted **text** here\n> more text"
        assert doc.checked[quote.start : quote.end] == "quoted \ue000\ue000text\ue000\ue000 here\n  more text"

    def test_front_matter_fields_can_be_opted_in(self):
        doc = doc_of(self.TEXT, "markdown", fields=("title",))
        assert block_texts(doc)[0] == "talks in kyiv resume"
        assert doc.blocks[0].kind == "front_matter"

    def test_toml_front_matter_is_skipped(self):
        doc = doc_of('+++\ntitle = "x kyiv"\n+++\n\nBody text.\n', "markdown")
        assert block_texts(doc) == ["Body text."]

    def test_rules_do_not_fire_inside_code(self):
        _, findings = check_text("Use `kyiv. and nato` in code.\n\n```\nnato. and kyiv\n```\n", "markdown", "a.md")
        assert findings == []

    def test_findings_in_markdown_point_at_the_source(self):
        text = "> Quote about **kyiv** here.\n"
        doc, findings = check_text(text, "markdown", "a.md")
        assert codes(findings) == ["MT101"]
        assert doc.position(findings[0].start) == (1, 17)


class TestSentences:
    def sentences(self, text: str) -> list[str]:
        doc = doc_of(text)
        return [doc.text[s.start : s.end] for s in doc.sentences]

    def test_news_abbreviations_initials_and_decimals(self):
        text = (
            "The U.S. and its allies met on Nov. 8 in Washington. Dr. Smith said No. 5 was approx. "
            "3.5 percent higher. John F. Kennedy was mentioned. Apple Inc. The company declined."
        )
        assert self.sentences(text) == [
            "The U.S. and its allies met on Nov. 8 in Washington.",
            "Dr. Smith said No. 5 was approx. 3.5 percent higher.",
            "John F. Kennedy was mentioned.",
            "Apple Inc.",
            "The company declined.",
        ]

    def test_quotes_and_ellipses(self):
        text = "He said: “We will win.” Then he left. “Really?” he asked. Wait... what happened? Nobody knows!"
        assert self.sentences(text) == [
            "He said: “We will win.”",
            "Then he left.",
            "“Really?” he asked.",
            "Wait... what happened?",
            "Nobody knows!",
        ]

    def test_an_ellipsis_after_a_stop_or_spaced_goes_on(self):
        # MT output of the English "And then we just... paid": the sentence goes on.
        assert japanese("そして、私たちはただ。.. 私たちのもののために支払われました。") == [
            "そして、私たちはただ。.. 私たちのもののために支払われました。"
        ]
        assert japanese("そして、私たちはただ . . . 荷物の代金を支払いました。") == [
            "そして、私たちはただ . . . 荷物の代金を支払いました。"
        ]
        assert japanese("彼は来た。…そして去った。") == ["彼は来た。", "…そして去った。"]
        assert self.sentences("Wait . . . Then it went. And . . . so on.") == [
            "Wait . . .",
            "Then it went.",
            "And . . . so on.",
        ]

    def test_dateline_stays_with_its_sentence(self):
        text = "BRUSSELS, Nov. 8 (EUROPA PRESS) – NATO members met. They agreed."
        assert self.sentences(text) == ["BRUSSELS, Nov. 8 (EUROPA PRESS) – NATO members met.", "They agreed."]
        doc = doc_of(text)
        assert doc.text[doc.sentence_start(doc.sentences[0]) :].startswith("NATO members")

    def test_never_splits_before_lowercase(self):
        # A broken MT split stays one sentence; MT201 reports it.
        assert self.sentences("The war was expanded by Moscow. and Pyongyang.") == [
            "The war was expanded by Moscow. and Pyongyang."
        ]

    def test_a_japanese_question_quoted_without_brackets_goes_on(self):
        # A particle or a verb of saying after "？" quotes the question; "とても" opens a sentence.
        assert japanese("見た目はiPhone6？という印象です。速いです。") == [
            "見た目はiPhone6？という印象です。",
            "速いです。",
        ]
        assert japanese("関係なくない？ってなったら言ったほうがいい。") == [
            "関係なくない？ってなったら言ったほうがいい。"
        ]
        assert japanese("本当？とても嬉しい！ところで元気？") == ["本当？", "とても嬉しい！", "ところで元気？"]

    def test_a_japanese_quotation_holds_its_stops_only_when_it_closes(self):
        assert japanese("彼は「今日は雨だ。明日は晴れる。」と言った。次の話です。") == [
            "彼は「今日は雨だ。明日は晴れる。」と言った。",
            "次の話です。",
        ]
        # A 「 the MT left open would make one sentence of the rest of the paragraph.
        assert japanese("彼は「今日は雨だ。明日は晴れる。次の話です。") == [
            "彼は「今日は雨だ。",
            "明日は晴れる。",
            "次の話です。",
        ]

    def test_the_hashtags_closing_a_paragraph_stay_with_its_last_sentence(self):
        # As in English ("schedule. #rowing"); a Chinese stop needs no space after it.
        chinese = build_document(InputText("a.zh.txt", "又过了一个月。我仍然超前于计划。#划船 #peloton", "text"), "zh")
        assert [chinese.text[s.start : s.end] for s in chinese.sentences] == [
            "又过了一个月。",
            "我仍然超前于计划。#划船 #peloton",
        ]

    def test_glued_sentences_are_split(self):
        assert self.sentences("The minister said.The talks continue.") == ["The minister said.", "The talks continue."]

    def test_times_and_ambiguous_abbreviations(self):
        assert self.sentences("The meeting starts at 10 a.m. Tuesday. It ends at 5 p.m. The hall closes.") == [
            "The meeting starts at 10 a.m. Tuesday.",
            "It ends at 5 p.m.",
            "The hall closes.",
        ]


def test_a_cached_property_is_computed_once_and_kept_as_an_attribute(monkeypatch) -> None:
    from mtcheck.text.document import Document

    calls = []
    compute = Document.__dict__["line_offsets"].function
    monkeypatch.setattr(Document.__dict__["line_offsets"], "function", lambda doc: calls.append(1) or compute(doc))
    doc = build_document(InputText("a.txt", "One line.\nTwo lines.\n", "text"), "en")
    assert doc.line_offsets == [0, 10, 21] and doc.line_offsets is doc.line_offsets and calls == [1]
    assert vars(doc)["line_offsets"] == [0, 10, 21]
