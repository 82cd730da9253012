"""Very long files are checked window by window, with findings placed in the whole file."""

from __future__ import annotations

import pytest

import mtcheck.engine.windows
import mtcheck.run.session
from mtcheck.engine.windows import window_spans
from mtcheck.run.session import Session
from mtcheck.text.inputs import decode

PARAGRAPH = "The delegation travelled to {city} on day {n}. Talks with the government went on until late.\n\n"


def test_windows_cover_the_text_and_cut_after_blank_lines_outside_code_fences(monkeypatch):
    monkeypatch.setattr(mtcheck.engine.windows, "WINDOW_CHARACTERS", 1000)
    text = (
        "".join(PARAGRAPH.format(city="Kyiv", n=n) for n in range(60))
        + "```\n"
        + "code\n\n" * 300
        + "```\n\n"
        + PARAGRAPH.format(city="Kyiv", n=0) * 20
    )
    spans = window_spans(text, markdown=True)
    assert spans[0][0] == 0 and spans[-1][1] == len(text) and len(spans) > 3
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert end == start and text[end - 2 : end] == "\n\n"
        assert text[:end].count("```") % 2 == 0  # never inside the fence


def test_findings_in_a_long_file_are_the_ones_each_part_has_in_place(monkeypatch):
    monkeypatch.setattr(mtcheck.engine.windows, "WINDOW_CHARACTERS", 3000)
    monkeypatch.setattr(mtcheck.run.session, "WINDOWED_ABOVE", 6000)
    cities = ["Kyiv", "kyiv", "Kyiv", "Kyiv", "kyiv"] * 40
    text = "".join(PARAGRAPH.format(city=city, n=n) for n, city in enumerate(cities))
    assert len(text) > 6000
    spans = []
    monkeypatch.setattr(mtcheck.run.session, "window_spans", lambda *a: spans.extend(window_spans(*a)) or spans)
    result = Session().check_input(
        "/nonexistent-mtcheck/long.txt", decode(text.encode(), "/nonexistent-mtcheck/long.txt")
    )
    assert len(spans) >= 5
    lowercase = [f for f in result.findings if f.code == "MT101"]
    expected = [n for n, city in enumerate(cities) if city == "kyiv"]
    assert len(lowercase) == len(expected)
    for finding, n in zip(lowercase, expected):
        assert result.doc.text[finding.start : finding.end] == "kyiv"
        assert result.doc.position(finding.start) == (2 * n + 1, PARAGRAPH.index("{city}") + 1)
        assert finding.fix is not None and text[finding.fix.start : finding.fix.end] == "kyiv"


@pytest.mark.parametrize("text", ["", "one line", "a\nbb\n", "\n\nx\n\n", "first\nsecond\nthird"])
def test_line_spans_are_the_lines_without_a_list_of_them(text):
    from mtcheck.engine.windows import TextView

    lines = text.split("\n")
    starts = [sum(len(line) + 1 for line in lines[:i]) for i in range(len(lines))]
    expected = [(start, start + len(line)) for start, line in zip(starts, lines)]
    spans = TextView("x", text).line_spans()
    assert list(spans) == expected and len(spans) == len(expected)
    assert spans[-1] == expected[-1] and list(spans[1:]) == expected[1:]
