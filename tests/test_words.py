"""Words with offsets: the fast Latin path (`re`) and the general one (`regex`) agree."""

from __future__ import annotations

import re

import regex

from mtcheck.text import words
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText


def test_the_latin_classes_are_the_unicode_ones_below_u0250_and_in_general_punctuation() -> None:
    letter = regex.compile(r"\p{L}")
    latin_word = re.compile(words._LATIN_SPLIT.pattern[1:-1])  # "([...]+)" -> "[...]+"
    latin_letter = re.compile(f"[{words._LATIN_LETTERS}]")
    fast_range = [*range(0x250), *range(0x2000, 0x2070), 0xE000]
    for code in fast_range:
        char = chr(code)
        assert words._BEYOND_LATIN.match(char) is None, hex(code)
        assert bool(latin_word.fullmatch(char)) == bool(words.WORD.fullmatch(char)), hex(code)
        assert bool(latin_letter.match(char)) == bool(letter.match(char)), hex(code)
    assert words._BEYOND_LATIN.match("\u0300") and words._BEYOND_LATIN.match("Ж")


def _sentence_words(text: str) -> list[words.Word]:
    doc = build_document(InputText("article.txt", text, "text"), "en")
    return [w for sentence in words.sentence_words(doc) for w in sentence]


def test_word_offsets_and_sentence_openings() -> None:
    text = "BERLIN (dpa) – Merkel said: “Wir schaffen das” in l'Italia, and ' quoted' (Aside) café."
    found = _sentence_words(text)
    assert [text[w.start : w.end] for w in found] == [w.text for w in found]
    initial = {w.text for w in found if w.initial}
    # After the dateline, a colon, an opening quote or bracket; not after an elision.
    assert initial == {"BERLIN", "dpa", "Merkel", "Wir", "quoted", "Aside"}
    assert "Italia" in {w.text for w in found} and "café" in {w.lower for w in found}
    assert [w.capitalised for w in found if w.text in ("Merkel", "schaffen")] == [True, False]


def test_the_general_path_gives_the_latin_paths_words() -> None:
    """The same sentence with a Cyrillic word (outside the Latin range) at its end: every
    other word is the same, offsets, openings and all."""
    latin = "Merkel said: “Wir schaffen das” in l'Italia, (Aside) and ' quoted' café ½ x²"
    general = latin + " Москва"
    assert words._BEYOND_LATIN.search(latin) is None and words._BEYOND_LATIN.search(general)
    assert _sentence_words(general)[:-1] == _sentence_words(latin)
    assert _sentence_words(general)[-1].text == "Москва"


def test_the_whole_text_split_gives_each_sentences_own_words() -> None:
    """Sentences glued to a stop, opened by a quote or a dateline, behind markup, beyond Latin:
    the words from one split of the whole text are the ones each sentence gives alone."""
    text = (
        "BRUSSELS, Nov. 8 (Reuters) - He said.The talks 'failed'. — Stop! “Why?” he asked: 'no'.\n\n"
        "A `code` span, <b>bold</b> and https://example.com/x?a=b. Cost: 5 €. Москва said 'da'.\n\n"
        "l'Italia. 'Quoted' (Aside) and ' quoted' café ½ x². ...and more. KYIV (AP) — Again."
    )
    for kind in ("text", "markdown"):
        doc = build_document(InputText("article", text, kind), "en")
        alone = [words._words(doc, s.start, s.end, doc.sentence_start(s)) for s in doc.sentences]
        assert words.sentence_words(doc) == alone
        assert len(alone) > 8 and any(w.initial for s in alone for w in s[1:])
