"""Words with offsets: the fast Latin path (`re`) and the general one (`regex`) agree."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path

import regex

from mtcheck.text import words
from mtcheck.text.document import Document, build_document
from mtcheck.text.inputs import InputText
from tests.conftest import WMT, needs_shared


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
        "l'Italia. 'Quoted' (Aside) and ' quoted' café ½ x². ...and more. KYIV (AP) — Again.\n\n"
        + " ".join(f"w{i}" for i in range(150))  # (more words than _FEW_WORDS in one sentence)
        + ". Москва. Short one."
    )
    for kind in ("text", "markdown"):
        doc = build_document(InputText("article", text, kind), "en")
        alone = [words._words(doc, s.start, s.end, doc.sentence_start(s)) for s in doc.sentences]
        assert words.sentence_words(doc) == alone
        assert len(alone) > 8 and any(w.initial for s in alone for w in s[1:])


@needs_shared(WMT)
def test_the_whole_text_split_gives_each_sentence_of_whole_articles_its_own_words() -> None:
    for name, doc in _wmt_documents(sorted(WMT.iterdir())):
        assert words.sentence_body_starts(doc) == [doc.sentence_start(s) for s in doc.sentences], name
        alone = [words._words(doc, s.start, s.end, doc.sentence_start(s)) for s in doc.sentences]
        assert words.sentence_words(doc) == alone, name


def _regex_split(text: str) -> tuple[list[int], list[int], list[str], list[int]]:
    """The words' starts, ends and texts as _LATIN_SPLIT splits the text, and where its
    characters beyond Latin are (what _latin_split reads without a regex)."""
    parts = words._LATIN_SPLIT.split(text)
    offsets = list(accumulate(map(len, parts), initial=0))
    return offsets[1:-1:2], offsets[2:-1:2], parts[1::2], [m.start() for m in words._BEYOND_LATIN.finditer(text)]


def test_the_latin1_bytes_of_words_are_the_latin_word_characters() -> None:
    latin_word = re.compile(words._LATIN_SPLIT.pattern[1:-1])
    for code in range(256):
        word = latin_word.fullmatch(chr(code)) is not None
        assert words._LATIN1_WORD_BYTES[code] == (code if word else 0x20), hex(code)


def test_the_split_without_a_regex_is_the_regex_split(monkeypatch) -> None:
    every = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    texts = [
        "",
        "?",
        "a",
        " x?",
        "ab  cd, ef",
        "Şanlıurfa? “Quoted” 5 € — x² ½ café ğ",
        "Москва said 'da'. \U0001f600x\ue000y",
        "x" + "".join(f" {char}{char}a?" for char in every[:0x3000]),
    ]
    assert words._latin_split(every) is None  # mostly beyond Latin-1: the regex splits it
    monkeypatch.setattr(words, "_BEYOND_LATIN1_SHARE", 1)  # (read without a regex, whatever the share)
    for text in [*texts, every]:
        assert words._latin_split(text) == _regex_split(text), text[:40]


def _wmt_documents(paths: list[Path]) -> Iterator[tuple[str, Document]]:
    """Each file's document read as plain text and as Markdown, with the file's name."""
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for kind in ("text", "markdown"):
            yield path.name, build_document(InputText(path.name, text, kind), "en")


@needs_shared(WMT)
def test_the_split_without_a_regex_splits_whole_articles_as_the_regex() -> None:
    for name, doc in _wmt_documents(sorted(WMT.iterdir())):
        split = words._latin_split(doc.checked)
        assert split is not None and split == _regex_split(doc.checked), name


def _evidence_word_by_word(doc) -> words.Evidence:
    """capitalisation_evidence the slow way: every word read in turn, counted one by one."""
    evidence = words.Evidence(defaultdict(Counter), defaultdict(Counter))

    def record(run: list[words.Word], prose_follows: bool = False) -> None:
        if len(run) == 1:
            if not run[0].initial:
                evidence.standalone[run[0].lower][run[0].text] += 1
            return
        if run[0].initial and run[0].lower in ("the", "a", "an"):
            run = run[1:]
            run = [run[0]._replace(initial=False)] + run[1:]
            if len(run) == 1:
                evidence.standalone[run[0].lower][run[0].text] += 1
                return
        for index in range(len(run)):
            if any(not w.initial for w in run[: max(index, 1)]) or (prose_follows and index > 0):
                evidence.in_names[run[index].lower][run[index].text] += 1
        for size in range(2, min(len(run), 4) + 1):
            for first in range(len(run) - size + 1):
                surface = doc.text[run[first].start : run[first + size - 1].end]
                evidence.standalone[surface.lower()][surface] += 1

    sentences = zip(doc.sentences, words.sentence_words(doc), words.title_like_sentences(doc))
    for sentence, sentence_words, title_like in sentences:
        if doc.blocks[sentence.block].kind in words._NON_PROSE_BLOCKS or title_like:
            continue
        run: list[words.Word] = []
        for word in sentence_words:
            if run:
                after = doc.checked[run[-1].end : word.start]
                if word.capitalised and after == " ":
                    run.append(word)
                    continue
                if len(run) > 1 or not run[0].initial:
                    record(run, word.text[:1].islower() and after == " ")
                run = [word] if word.capitalised else []
            elif word.capitalised:
                run = [word]
        if run and (len(run) > 1 or not run[0].initial):
            record(run)
    return evidence


def _in_order(evidence: words.Evidence) -> list:
    return [[(key, list(forms.items())) for key, forms in counts.items()] for counts in evidence.__dict__.values()]


def test_capitalisation_evidence_read_run_by_run_is_the_word_by_word_count() -> None:
    """The runs found from the capitalised words alone, counted at the end: the same keys,
    forms and counts, in the same order, as reading every word and counting one by one."""
    text = (
        "The Nansha Islands lie in the South China Sea. The Polish army met the UN Security Council.\n\n"
        'He said "Detail Chamfer" was fine. Max Verstappen did it, and Lewis  Hamilton too. A Big Red Fox!\n\n'
        "In Berlin, Robert Habeck (Greens) met Olaf Scholz. KYIV (AP) — Ukraine's President Volodymyr Zelensky spoke."
    )
    doc = build_document(InputText("article.txt", text, "text"), "en")
    evidence = words.capitalisation_evidence(doc)
    assert _in_order(evidence) == _in_order(_evidence_word_by_word(doc))
    assert evidence.standalone["security council"] and evidence.in_names["habeck"]
    assert isinstance(evidence.standalone, defaultdict) and evidence.standalone.default_factory is Counter


@needs_shared(WMT)
def test_capitalisation_evidence_of_whole_articles_is_the_word_by_word_count() -> None:
    names = ("generaltest2022.de-en.ref.A.en", "generaltest2022.de-en.hyp.Online-B.en")
    for _, doc in _wmt_documents([WMT / name for name in names]):
        assert _in_order(words.capitalisation_evidence(doc)) == _in_order(_evidence_word_by_word(doc))


def test_building_the_words_leaves_garbage_collection_as_it_was() -> None:
    import gc

    text = "Merkel said so. The Nansha Islands lie in the South China Sea."
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            assert _sentence_words(text) and gc.isenabled() == enabled
        finally:
            gc.enable()


def _opener_ends_by_regex(checked: str) -> list[int]:
    return [opener.end() for opener in words._LATIN_AFTER_OPENER.finditer(checked)]


def test_the_opener_marks_are_the_first_set_of_the_opener_pattern() -> None:
    first_set = regex.match(r"\[((?:\\.|[^\]])*)\]", words._AFTER_OPENER)
    assert first_set is not None
    assert set(regex.sub(r"\\(.)", r"\1", first_set.group(1))) == set(words._OPENER_MARKS)


def test_a_closing_mark_starts_an_opener_only_before_a_dash() -> None:
    # _opener_ends leaves the closing marks out of the places of a text without _DASHES.
    closing = set(words._OPENER_MARKS) - set(words._OPENER_MARKS_BUT_DASHED)
    assert closing == set(".!?…")
    for mark in closing:
        for dash in words._DASHES:
            assert words._LATIN_AFTER_OPENER.match(f"{mark} {dash} a") is not None
        for after in ("a", " a", '" a', "” a", "» a", "\u00a0a", "  a", ": a", "' a", "( a", "- a", "-- a"):
            assert words._LATIN_AFTER_OPENER.match(mark + after) is None, mark + after


def test_openers_found_at_their_marks_are_the_regex_search(monkeypatch) -> None:
    texts = [
        "",
        "'",
        "He said: 'no' (and) “Why?” — “Go.” – 'l'Italia' d'Ivoire.",
        "Stop. — Wait! ” — Go… ' quoted' ( aside) \"x\"",
        "'''''':::: ((( ..... !!! ???",
        ". — a. – b! \u00a0— c",
        "Stop. Wait! ” Go… ' quoted' ( aside) \"x\": y? (z)",  # (no dash: the closing marks are no places)
    ]
    monkeypatch.setattr(words, "LONG_TEXT", 0)  # (short texts found at their marks too)
    for text in texts:
        assert list(words._opener_ends(text)) == _opener_ends_by_regex(text), text
    monkeypatch.setattr(words, "_OPENER_MARKS_SHARE", 1)  # (every text searched by the regex)
    for text in texts:
        assert list(words._opener_ends(text)) == _opener_ends_by_regex(text), text


@needs_shared(WMT)
def test_openers_found_at_their_marks_in_whole_articles_are_the_regex_search() -> None:
    for name, doc in _wmt_documents(sorted(WMT.iterdir())):
        assert list(words._opener_ends(doc.checked)) == _opener_ends_by_regex(doc.checked), name
