"""Shortcuts on the hot path give what the slow way gives."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from mtcheck.engine import kinds
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText
from mtcheck.text.segment import MASK
from tests.conftest import WMT, needs_shared


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


@needs_shared(WMT)
def test_line_edges_stripped_by_two_anchored_searches_are_the_edge_pattern_substituted() -> None:
    from itertools import product

    from conftest import SHARED

    edges = ["", ".", "..", "...", "....", "…", " ", "•", "-", "–", "|", ":", "$", "#", ">", MASK, "\t", "a", "1", "?"]
    texts = ["".join(parts) for parts in product(edges, repeat=3)]
    texts += [f"{a}Read more{b}" for a, b in product(edges, repeat=2)]
    for path in sorted(SHARED.glob("data/wmt2*/*"))[:40]:
        texts += path.read_text(encoding="utf-8", errors="replace").splitlines()
    assert len(texts) > 20_000
    for text in texts:
        assert kinds.without_line_edges(text) == kinds._LINE_EDGES.sub("", text), repr(text)


def test_normalized_lines_of_articles_are_the_edge_pattern_applied_to_every_line() -> None:
    from conftest import WMT

    for path in sorted(WMT.glob("*.en"))[:6]:
        doc = build_document(InputText(path.name, path.read_text(encoding="utf-8"), "text"), "en")
        found = [(line, normal, words) for line, normal, words in kinds.normalized_lines(doc)]
        slow = []
        for line in doc.lines:
            raw = doc.checked[line.start : line.end]
            words = kinds._LINE_EDGES.sub("", raw.replace(MASK, " ")).split()
            normal = " ".join(words)
            if normal and not normal.endswith(".") and raw.count(" ") <= 40 and len(raw) <= 400:
                slow.append((line, normal, len(words)))
        assert found == slow, path.name


@needs_shared(WMT)
def test_blocks_holding_marks_are_those_holds_marks_says_hold_some() -> None:
    from conftest import WMT

    from mtcheck.checks.typography import _holding_marks, _holds_marks

    found = 0
    for path in sorted(WMT.glob("*.en"))[:6]:
        doc = build_document(InputText(path.name, path.read_text(encoding="utf-8"), "text"), "en")
        blocks = doc.blocks[::2]  # (not every block: the indices are into the list given)
        expected = [index for index, block in enumerate(blocks) if _holds_marks(doc, block)]
        assert list(_holding_marks(doc, blocks)) == expected, path.name
        found += len(expected)
    assert found > 100


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


def test_chat_words_in_any_case_are_found_as_the_search_finds_them() -> None:
    from mtcheck.text.habits import _CONVERSATIONAL_WORDS, _NON_ASCII_CASES, talks_like_chat

    every = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    assert set(regex.findall(r"(?i)[a-z]", every)) == set(_NON_ASCII_CASES)
    words = "i i'm i’m me my you your we us our thank thanks please hi hello ok okay lol pls".split()
    for word in words:
        variants = {word, word.upper(), word.title()}
        for at, letter in enumerate(word):
            variants |= {
                word[:at] + case + word[at + 1 :] for case in _NON_ASCII_CASES if regex.match(f"(?i){letter}", case)
            }
        for variant in variants:
            for text in (
                variant,
                f"({variant}).",
                f"é{variant}",
                f"{variant}ü",
                f"x {variant}\u0301",
                f"’{variant}’",
                f"2{variant}",
            ):
                assert talks_like_chat(text) == (_CONVERSATIONAL_WORDS.search(text) is not None), text


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


def test_the_opener_search_finds_what_it_found_from_the_word_character_without_its_lookahead() -> None:
    import re
    from pathlib import Path

    from mtcheck.checks.segmentation import _opener_pattern, _opener_starts

    pattern = _opener_pattern(("After", "But", "However", "It", "Now", "The", "Über"))
    space, lookahead, lookbehind, rest = re.fullmatch(
        r"( )(\(\?=\[[^]]*\]\))(\(\?<=[^)]*\))(.*)", pattern.pattern
    ).groups()
    assert lookahead == "(?=[ABHINTÜ])" and lookbehind == r"(?<=[^\W_] )"
    plain = re.compile(r"[^\W_] " + rest)
    texts = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parent.parent / "corpora").rglob("*.txt"))]
    texts += [
        "rally Now Russian equipment has arrived. x The a The b, Über alles. 140 billion However it",
        "x The a The b",  # the second "The" follows the letter that closed the first match
        "The a",
        "a The The b It I x It Now Russian equipment",
        "éThe a _ The a 1 The a\tThe a  The b",
        "",
    ]
    for text in texts:
        assert _opener_starts(pattern, text) == [m.start(1) for m in plain.finditer(text)], text[:80]
    assert _opener_starts(pattern, texts[-6])


def test_chat_register_stops_reading_where_the_count_is_settled() -> None:
    from mtcheck.text.habits import block_talks_like_chat, chat_register

    chat, prose = "Thanks, see you!", "The minister said so."
    for pattern in ("", "c", "p", "cpp", "pcp", "ppc", "ppcp", "cppppp", "pppppc", "ppppcc", "cpcpcppppp", "ppppppcc"):
        text = "\n\n".join(chat if c == "c" else prose for c in pattern) + "\n"
        doc = build_document(InputText("a.txt", text, "text"), "en")
        blocks = [b for b in doc.blocks if b.kind in ("paragraph", "quote")]
        fresh = build_document(InputText("a.txt", text, "text"), "en")
        chatty = sum(block_talks_like_chat(fresh, b) for b in blocks)
        assert chat_register(doc) == (bool(blocks) and chatty * 3 >= len(blocks)), pattern


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


def test_holds_any_is_a_search_for_every_needle() -> None:
    from mtcheck.text.scan import holds_any

    texts = ["", "price € 5 and 10 %", "“quoted” $ 5", "a\tb", "no marks here"]
    for needles in (["€ ", "$ "], [" %", "\u202f%"], ["\t"], [""], ["zz", "“q"], ["xyz"], []):
        for text in texts:
            assert holds_any(text, needles) == any(n in text for n in needles), (text, needles)


def test_blank_characters_of_lines_are_those_str_isspace_holds_and_mask() -> None:
    from mtcheck.text.document import _BLANK

    assert _BLANK == {chr(code) for code in range(0x110000) if chr(code).isspace()} | {MASK}


def _lines_found_by_a_search(doc) -> list[tuple[int, int, int]]:
    """Document.lines the slow way: in each block, each run from a visible character to the last
    one before a line break (`re`'s \\s in a text is str.isspace)."""
    import re

    line = re.compile(f"[^\\s{MASK}](?:[^\\n]*[^\\s{MASK}])?")
    return [
        (*match.span(), index)
        for index, block in enumerate(doc.blocks)
        for match in line.finditer(doc.checked, block.start, block.end)
    ]


def test_lines_are_the_visible_runs_of_each_line_of_a_block() -> None:
    from conftest import REPO, WMT

    texts = [
        (
            "a.txt",
            f"  one \u2003\n\u00a0two{MASK}\n{MASK} \n\nthree\x0bfour \u2028 five\t\n\n{MASK}six{MASK}\n",
            "text",
        ),
        ("a.md", "# Title\n\n- item one  \n- item `code`\n\n> quoted\n> lines\n\n```\ncode\n```\n", "markdown"),
        ("a.html", "<p>One <b>two</b></p>\n<p>\n  three\n  four\n</p>", "html"),
    ]
    texts += [(path.name, path.read_text(encoding="utf-8"), "text") for path in sorted(WMT.glob("*.en"))[:6]]
    texts += [(path.name, path.read_text(encoding="utf-8"), "text") for path in sorted(REPO.glob("examples/*.txt"))]
    texts += [(path.name, path.read_text(encoding="utf-8"), "markdown") for path in sorted(REPO.glob("examples/*.md"))]
    lines = 0
    for name, text, fmt in texts:
        doc = build_document(InputText(name, text, fmt), "en")
        assert [tuple(line) for line in doc.lines] == _lines_found_by_a_search(doc), name
        lines += len(doc.lines)
    assert lines > 5_000 or not WMT.exists()


def test_mojibake_prefilter_is_the_two_searches_of_the_whole_text() -> None:
    from conftest import WMT

    from mtcheck.checks.encoding import _CYRILLIC, _UTF8_AS_CP1252, _may_hold_mojibake

    padding = "Plain prose, é and “quotes” apart. " * 40  # past SHORT_TEXT, lead and continuation apart
    texts = [
        padding,
        padding + "RieÃŸle",
        padding + "Ã©",
        "Ã©",
        "x",
        padding + "рџ™Џ",
        padding + "Café’s",
        padding + "ô€",
    ]
    texts += [path.read_text(encoding="utf-8") for path in sorted(WMT.glob("*"))[:12]]
    held = 0
    for text in texts:
        expected = bool(_UTF8_AS_CP1252.search(text) or _CYRILLIC.search(text))
        assert _may_hold_mojibake(text) == expected, text[-40:]
        held += expected
    assert held >= 4


# Text made of the characters the shortcuts below turn on, and a few others, so that generated
# examples hit their edges (an "http" without "://", "wwww.", "Ab" at a block's very end).
_EDGY_PIECES = list("htpsfw:/.wWA aZz\nÉé") + ["://", "www.", "https", "ftp"]
_EDGY = st.lists(st.sampled_from(_EDGY_PIECES), max_size=20).map("".join)


@given(_EDGY)
@settings(max_examples=400, deadline=None)
def test_web_address_starts_are_the_matches_of_the_start_pattern(text: str) -> None:
    import re

    from mtcheck.text.blocks import web_address_starts

    expected = [m.span() for m in re.finditer(r"https?://|ftp://|www\.", text)]
    assert web_address_starts(text) == expected


@given(_EDGY, st.integers(0, 40), st.integers(0, 40))
@settings(max_examples=400, deadline=None)
def test_a_capitalised_start_is_an_ascii_capital_then_an_ascii_small_letter(text: str, start: int, end: int) -> None:
    import re

    from mtcheck.text.blocks import Block
    from mtcheck.text.habits import starts_capitalised

    capitalised = re.compile("[A-Z][a-z]")
    start, end = sorted((min(start, len(text)), min(end, len(text))))
    assert starts_capitalised(text, Block(start, end, "paragraph")) == (capitalised.match(text, start, end) is not None)
    for text in ("Ab", "Éa", "ÀB", "aB", "A", "Zz", "Ωa", "A\u0301a", "Aé"):
        assert starts_capitalised(f"x {text}", Block(2, 2 + len(text), "paragraph")) == bool(capitalised.match(text))
