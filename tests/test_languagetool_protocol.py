"""LanguageTool's protocol over mtcheck's checker, without HTTP (mtcheck/run/languagetool.py):
offsets through BOMs, CR LF, markup and characters outside the BMP, fixes, languages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtcheck.run import languagetool
from mtcheck.run.languagetool import CheckRequest, Positions


def _check(text: str = "", **params: str) -> dict:
    request = languagetool.read_request({"language": "en-US", "text": text, **params}, languagetool.Limits())
    return languagetool.check(request)


def _selected(text: str, match: dict) -> str:
    return text.encode("utf-16-le")[2 * match["offset"] : 2 * (match["offset"] + match["length"])].decode("utf-16-le")


@pytest.mark.parametrize(
    "text",
    [
        "Talks in kyiv ended.\r\nMore talks in kyiv on tuesday.",
        "\ufeffTalks in kyiv ended.\r\n\r\nMore talks in kyiv.\rAnd in kyiv.",
        "𝐓𝐚𝐥𝐤𝐬 in kyiv ended.\r\n🇺🇦 More talks in kyiv.",
    ],
)
def test_offsets_count_in_the_text_the_client_sent(text):
    matches = _check(text)["matches"]
    assert [m["rule"]["id"] for m in matches][:2] == ["MT101", "MT101"]
    assert all(_selected(text, m) in ("kyiv", "tuesday") for m in matches)


def test_a_fix_beyond_the_flagged_text_is_told_in_the_message():
    answer = _check("BRUSSELS, Nov. 8 () – Ministers met in kyiv on Friday.")
    brackets = next(m for m in answer["matches"] if m["rule"]["id"] == "MT401")
    assert brackets["replacements"] == []  # the fix removes " ()", more than the flagged "()"
    assert brackets["message"].endswith('fix: remove " ()"')
    assert _selected("BRUSSELS, Nov. 8 () – Ministers met in kyiv on Friday.", brackets) == "()"


def test_mother_tongue_is_the_source_language_and_turns_on_its_calques():
    text = "NATO members indicated this Friday their condemnation of the deployment."
    assert _check(text, level="picky")["matches"] == []
    calques = _check(text, level="picky", motherTongue="es")["matches"]
    assert [(m["rule"]["id"], m["rule"]["issueType"], _selected(text, m)) for m in calques] == [
        ("ES101", "style", "this Friday")
    ]
    assert calques[0]["replacements"] == [{"value": "on Friday"}]


def test_language_auto_detects_the_text_language():
    answer = _check("Die Gespräche in Berlin wurden am Dienstag fortgesetzt, sagte der Minister.", language="auto")
    assert answer["language"]["code"] == "de"
    assert answer["language"]["detectedLanguage"]["confidence"] > 0.8


def _request(pieces: list[tuple[str, str | None]]) -> CheckRequest:
    return CheckRequest(tuple(pieces), "en", "en", None, (), (), (), False, None)


TEXT = st.lists(
    st.sampled_from(["a", "B", " ", ".", "\r", "\n", "\r\n", "\ufeff", "\x00", "é", "🎉", "🇺🇦"]), max_size=12
).map("".join)


@given(st.lists(TEXT, max_size=4).map("".join))
def test_every_checked_character_maps_to_the_one_the_client_sent(text):
    positions = Positions(_request([(text, None)]))
    for index, char in enumerate(positions.checked):
        at = positions.original_offset(index)
        assert (text[at], char) in {(char, char), ("\r", "\n"), ("\x00", " ")}
        assert positions.original_offset(index + 1, end=True) == at + 1
        assert positions.utf16(at) == len(text[:at].encode("utf-16-le")) // 2


@given(st.lists(st.tuples(TEXT, st.none() | st.sampled_from(["", "\n\n", " "])), max_size=6))
def test_offsets_through_markup_stay_in_order_and_on_the_text(pieces):
    positions = Positions(_request(pieces))
    original = positions.original
    starts = [positions.original_offset(i) for i in range(len(positions.checked) + 1)]
    ends = [positions.original_offset(i, end=True) for i in range(len(positions.checked) + 1)]
    assert starts == sorted(starts) and ends == sorted(ends)
    assert all(0 <= offset <= len(original) for offset in starts + ends)
    text_at = set()  # where the text pieces' characters are in the original
    at = 0
    shared = set()  # markup of no width read as text ("" as "\n\n") sits where the next text starts
    for piece, interpreted in pieces:
        if interpreted is None:
            text_at |= set(range(at, at + len(piece)))
        elif not piece and interpreted:
            shared.add(at)
        at += len(piece)
    text_at -= shared
    for index, char in enumerate(positions.checked):
        if starts[index] in text_at:
            assert (original[starts[index]], char) in {(char, char), ("\r", "\n"), ("\x00", " ")}
