"""Shortcuts on the hot path give what the slow way gives."""

from __future__ import annotations

import regex

from mtcheck.engine import kinds
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText
from mtcheck.text.segment import MASK


def test_no_letter_or_digit_and_no_plain_end_is_a_line_edge() -> None:
    leading, trailing = kinds._LINE_EDGES.pattern.split("|(?:")
    leading_class = regex.compile(leading[1:-1])  # "^[...]+" -> "[...]"
    trailing_class = regex.compile(trailing[: trailing.index("]") + 1])  # the "[...]" of "(?:[...]|\.\.\.)+$"
    for code in range(0x110000):
        char = chr(code)
        if char.isalnum():
            assert not leading_class.match(char) and not trailing_class.match(char), hex(code)
    assert not any(trailing_class.match(char) for char in kinds._PLAIN_ENDS)


def test_normalized_lines_are_the_edge_pattern_applied_to_every_line() -> None:
    lines = [
        "Add Comment",
        "• Share this article …",
        "Read more...",
        "Read more....",
        "Photo: AFP",
        "The minister said so.",
        "“Quoted” he said.",
        "2. Quoted.",
        "Read on…",
        "12 comments",
        "Follow us on Twitter |",
        "» Next story",
        "Subscribe ▶",
        f"Share {MASK}",
        "end (see above)",
    ]
    text = "\n\n".join(lines) + "\n"
    doc = build_document(InputText("page.txt", text, "text"), "en")
    found = [(doc.checked[line.start : line.end], normal) for line, normal, _ in kinds.normalized_lines(doc)]
    raws = [doc.checked[line.start : line.end] for line in doc.lines]
    slow = [(raw, " ".join(kinds._LINE_EDGES.sub("", raw.replace(MASK, " ")).split())) for raw in raws]
    # Every line but those whose normal text is empty or ends like a sentence (no line rule judges them).
    assert found == [(raw, normal) for raw, normal in slow if normal and not normal.endswith(".")]
    assert len(found) == len(lines) - 4  # the two said so, "2. Quoted.", "Read more...."


def test_chat_talk_in_two_searches_is_one_case_insensitive_search_of_both() -> None:
    from mtcheck.text.habits import _CONVERSATIONAL_MARKS, _CONVERSATIONAL_WORDS, talks_like_chat

    words = _CONVERSATIONAL_WORDS.pattern
    assert words.startswith("(?i)")
    one_search = regex.compile(words + "|" + _CONVERSATIONAL_MARKS.pattern)  # (?i) over both, as before
    for code in range(0x110000):
        char = chr(code)
        for text in (char, f":{char}", f";-{char}", f"I{char}"):
            assert talks_like_chat(text) == (one_search.search(text) is not None), (hex(code), text)
    for text in ("Thanks a lot", "see you :D", "ok :d", "Is it?", "The minister said so.", "ⓘ info", "Ⓘ"):
        assert talks_like_chat(text) == (one_search.search(text) is not None), text


def test_spans_holding_a_needle_are_the_spans_whose_text_holds_one() -> None:
    text = "ab|cd -x\nyy - z|\n|q aaa\n\naa a-a –\n"
    # Spans that leave out a "|" at either end, so that it lies between them, and a needle across an end
    spans = [(0, 7), (9, 15), (18, 23), (25, 33)]
    assert [text[a:b] for a, b in spans] == ["ab|cd -", "yy - z", "q aaa", "aa a-a –"]
    for needles in ([" -"], ["|"], ["aa"], ["a-", "–"], ["zz"], ["\n"], ["-x"], ["|", "yy", "aa"], ["z|", "- z"]):
        naive = [(a, b) for a, b in spans if any(n in text[a:b] for n in needles)]
        assert kinds.spans_holding(text, spans, needles) == naive, needles
    assert kinds.spans_holding(text, [], ["a"]) == []


def test_a_document_without_any_invisible_character_has_no_invisible_character_match() -> None:
    from mtcheck.checks.tokenization import _ANY_INVISIBLE, _INVISIBLE

    for code in range(0x110000):
        char = chr(code)
        # every match of _INVISIBLE is one character, which matches alone ("\u200d" too)
        assert bool(_INVISIBLE.fullmatch(char)) == bool(_ANY_INVISIBLE.fullmatch(char)), hex(code)
    assert _INVISIBLE.search("👍\u200d🔥") is None and _ANY_INVISIBLE.search("👍\u200d🔥")


def test_the_opener_search_finds_what_it_found_without_its_lookahead() -> None:
    import re
    from pathlib import Path

    from mtcheck.checks.segmentation import _opener_pattern

    pattern = _opener_pattern(("After", "But", "However", "It", "Now", "The", "Über"))
    lookahead, rest = pattern.pattern.split(")", 1)
    assert lookahead == "(?=. [ABHINTÜ]"
    without = re.compile(rest)
    texts = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parent.parent / "corpora").rglob("*.txt"))]
    texts.append("rally Now Russian equipment has arrived. x The a The b, Über alles. 140 billion However it")
    for text in texts:
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in without.finditer(text)]
    assert pattern.search(texts[-1])


def test_a_paragraph_without_an_inner_mark_holds_no_sentence_candidate() -> None:
    from mtcheck.text import segment

    texts = ["He said so.", "He said so. ", "He said.The end", "Wow!” ", "Ende。", "a… b", "x.\n", "Mr. X", "“Yes.”"]
    for stops in ("", "。！？"):
        pattern = segment._with_stops(stops) if stops else segment._CANDIDATE
        for text in texts:
            for end in range(len(text) + 1):
                if segment._holds_no_candidate(text, 0, end, stops):
                    assert pattern.search(text, 0, end) is None, (text, end, stops)
    assert segment._holds_no_candidate("He said so.\n", 0, 11, "") and not segment._holds_no_candidate(
        "So. He", 0, 6, ""
    )


def test_urls_masked_in_the_string_are_mask_urls_on_its_characters() -> None:
    from mtcheck.text.blocks import mask_urls
    from mtcheck.text.plain import _with_urls_masked

    texts = [
        "No address here.",
        "See https://www.example.com/news?id=3 and nato.int/news, mail press@nato.int now.",
        "Go to www.bbc.co.uk.It was said.The end: http://a.b/c http://a.b/c",
        "Site example.com/path(1) or (https://x.org).",
    ]
    for text in texts:
        checked = list(text)
        mask_urls(checked, text)
        assert _with_urls_masked(text) == "".join(checked), text
    assert _with_urls_masked(texts[0]) is texts[0]
