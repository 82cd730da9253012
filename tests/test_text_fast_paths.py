"""Shortcuts in the per-document analyses (segment, document, plain text) give what the slow way gives."""

from __future__ import annotations

import regex

from mtcheck.text import segment
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText
from mtcheck.text.segment import MASK
from tests.conftest import WMT, needs_shared


def test_a_dateline_needs_two_capitals_which_in_ascii_are_two_of_a_to_z() -> None:
    assert segment.DATELINE.pattern.startswith(r"\p{Lu}{2}")
    two_capitals = regex.compile(r"\p{Lu}{2}")
    for first in range(128):
        for second in range(128):
            head = chr(first) + chr(second)
            if not (head.isalpha() and head.isupper()):
                assert two_capitals.match(head) is None, repr(head)
                assert segment.dateline_end(head + "AP) - x", 0, 9) == 0


@needs_shared(WMT)
def test_dateline_end_is_the_dateline_match_at_every_sentence_and_paragraph() -> None:
    russian = WMT.parent / "wmt23-ru-en"
    found = 0
    for path in (
        WMT / "generaltest2022.de-en.ref.A.en",
        *sorted(russian.glob("*.ref.*.en")),
        *russian.glob("*.src.ru"),
    ):
        doc = build_document(InputText(path.name, path.read_text(encoding="utf-8"), "text"), "en")
        for start, end in [(s.start, s.end) for s in doc.sentences] + [(b.start, b.end) for b in doc.blocks]:
            match = segment.DATELINE.match(doc.checked, start, end)
            assert segment.dateline_end(doc.checked, start, end) == (match.end() if match else start)
            found += match is not None
    assert found >= 4


def test_visible_text_is_any_character_neither_whitespace_nor_mask() -> None:
    from mtcheck.text.document import _has_visible_text

    for code in range(0x110000):
        char = chr(code)
        assert _has_visible_text(f" {char}\n", 0, 3) == (not char.isspace() and char != MASK), hex(code)
    assert not _has_visible_text("ab \n\u3000 cd", 2, 6) and _has_visible_text("ab \n\u3000 cd", 2, 7)


def _line_runs_line_by_line(text: str) -> list[list[tuple[int, int]]]:
    """plain._line_runs the slow way: every line trimmed and tested for visible text."""
    runs, run, pos = [], [], 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.replace(MASK, " ").strip():
            if run:
                runs.append(run)
            run = []
            continue
        run.append((start + len(line) - len(line.lstrip()), start + len(line.rstrip())))
    return [*runs, run] if run else runs


def test_line_runs_are_the_trimmed_lines_between_blank_ones() -> None:
    from mtcheck.text.plain import _line_runs

    texts = [
        f"Headline\n\n  Indented line \nNext{MASK}\n{MASK}\n{MASK} x\n\t\n\u2028line\u2028\nlast",
        "\n\nx\n\n",
        "",
        f"{MASK}{MASK}\nA line\r\nanother\x0c",
    ]
    if WMT.exists():
        texts += [path.read_text(encoding="utf-8") for path in sorted(WMT.glob("generaltest2022.*"))]
    for text in texts:
        assert list(_line_runs(text)) == _line_runs_line_by_line(text)
