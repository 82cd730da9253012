"""Lengths of Chinese and Japanese sentences weighed per script (length-by-script)."""

from __future__ import annotations

from tests.conftest import SHARED, needs_shared


def test_a_japanese_line_of_kana_and_one_of_kanji_are_weighed_in_english_characters():
    from mtcheck.compare.source import _measure
    from mtcheck.language.profiles import language

    measure = _measure(language("ja"))
    chat, chat_english = "ありがとうございます", "Thank you very much"
    news, news_english = "東京都知事選挙", "Tokyo gubernatorial election"
    # One ratio for both says the kana line is longer than the kanji line; in English it is shorter.
    assert len(chat) > len(news)
    assert measure(chat) < measure(news)
    for text, english in ((chat, chat_english), (news, news_english)):
        assert 0.75 <= measure(text) / len(english) <= 1.33, text


def test_languages_without_weights_are_measured_in_characters():
    from mtcheck.compare.source import _measure
    from mtcheck.language.profiles import language

    assert _measure(language("de")) is len
    assert _measure(language("ru")) is len


def _dropped_line_found(start: int, drop: int) -> bool:
    """Lines start..start+39 of WMT22 ja-en (Online-B) with MT line `drop` of them removed:
    whether an omission names that source line where the MT should have had it."""
    from mtcheck.compare.source import omissions
    from mtcheck.text.document import build_document
    from mtcheck.text.inputs import InputText

    folder = SHARED / "data" / "wmt22-ja-en"
    source = (folder / "generaltest2022.ja-en.src.ja").read_text(encoding="utf-8").split("\n")[start : start + 40]
    mt = (folder / "generaltest2022.ja-en.hyp.Online-B.en").read_text(encoding="utf-8").split("\n")[start : start + 40]
    kept = mt[:drop] + mt[drop + 1 :]
    doc = build_document(InputText("a.txt", "\n".join(kept) + "\n", "text"), "en")
    doc.original = build_document(InputText("a.ja.txt", "\n".join(source) + "\n", "text"), "ja")
    at = sum(len(line) + 1 for line in mt[:drop])
    for gap in omissions(doc):
        lines = {doc.original.position(doc.original.sentences[j].start)[0] - 1 for j in gap.source}
        if drop in lines and at - 1 <= gap.at <= at:
            return True
    return False


@needs_shared(SHARED / "data" / "wmt22-ja-en")
def test_a_dropped_japanese_line_is_not_taken_for_merged_into_its_neighbour(monkeypatch):
    # "現場近くに犯行に使ったとみられる刃物が残されていた。" (a knife was found near the
    # scene), 26 kanji and kana: by one ratio it fitted inside the next line's translation.
    from mtcheck.compare import source

    assert _dropped_line_found(1000, 1)
    # Measured by one ratio of characters, as before, it is not found.
    monkeypatch.setattr(source, "_measure", lambda lang: len)
    assert not _dropped_line_found(1000, 1)
