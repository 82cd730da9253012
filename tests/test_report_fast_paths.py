"""Shortcuts outside the rules (the quality score's word counts) give what the slow way gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtcheck.engine import quality
from tests.conftest import SHARED, modules_a_check_loads, needs_shared

_DATA = SHARED / "data"


def test_a_json_report_without_a_reference_loads_no_comparison(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("The minister said so , and left.\n", encoding="utf-8")
    # (the report was written: its "diagnostics" are in the output)
    assert modules_a_check_loads(article, ("mtcheck.compare",), ("--format", "json"), '"diagnostics"') == []


def _slow_word_count(text: str, start: int = 0, end: int | None = None) -> int:
    return sum(1 for _ in quality._WORD.finditer(text, start, len(text) if end is None else end))


def _texts() -> list[str]:
    paths = sorted(_DATA.glob("wmt2*/generaltest*.ref.A.*")) + sorted(_DATA.glob("wmt2*/generaltest*.src.*"))
    return [Path(p).read_text(encoding="utf-8") for p in paths]


@needs_shared(_DATA / "wmt22-de-en")
def test_word_counts_are_the_matches_counted_one_by_one() -> None:
    texts = _texts()
    assert len(texts) >= 6
    for text in texts:
        assert quality.word_count(text) == _slow_word_count(text)
        spans, start = [], 0
        for line in text.splitlines(keepends=True):
            spans.append((start, start + len(line.rstrip("\n"))))
            start += len(line)
        # Lines, and spans cut mid-word (a span's ends bound its words as the slow way's do).
        spans += [(s + 1, e - 1) for s, e in spans if e - s > 2]
        for span in spans[:3000]:
            assert quality.word_count(text, *span) == _slow_word_count(text, *span), span
    assert quality.word_count("it's e.g. a well-known x.", 3) == _slow_word_count("it's e.g. a well-known x.", 3)


def test_word_counts_in_pieces_cut_no_word(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted a few characters at a time, every piece ending after whitespace: no word that
    joins parts with ' ’ . - is split or counted twice, with any piece size."""
    text = "It's U.S.-made,\twell-known\n\ncafé’s 3.14 x-y-z. a\u00a0b " * 40 + "end"
    for piece in (1, 2, 3, 5, 7, 64):
        monkeypatch.setattr(quality, "_PIECE", piece)
        assert quality.word_count(text) == _slow_word_count(text)
        assert quality.word_count(text, 5, len(text) - 4) == _slow_word_count(text, 5, len(text) - 4)


# The folding of transliterations (mtcheck/language/spelled_out.py) as it was written first: every
# step on every word.
def _slow_skeleton(latin: str) -> str:
    from mtcheck.language import spelled_out

    key = latin.lower().translate(spelled_out._HACEK)
    for digraph, letter in spelled_out._DIGRAPHS:
        key = key.replace(digraph, letter)
    return spelled_out._IOTATED.sub("", spelled_out._DOUBLED.sub(r"\1", key.translate(spelled_out._LETTERS)))


def _words_to_fold() -> set[str]:
    """The words of the WMT texts (Latin, with accents and haceks, and others), the Cyrillic
    ones also in Latin letters, and the words and English words of the transliteration tables."""
    import re

    from mtcheck.language.resources import data_file
    from mtcheck.language.spelled_out import _CYRILLIC_TO_LATIN, _entries_start

    words = {w for text in _texts() for w in re.findall(r"[\w'’`ʹʺ-]+", text)}
    words |= {w.lower().translate(_CYRILLIC_TO_LATIN) for w in list(words)}
    for language in ("ru", "uk"):
        data = data_file(language, "transliterations.tsv").read_bytes()
        for line in data[_entries_start(data) :].decode("utf-8").splitlines()[::7]:
            _, word, *english = line.split("\t")
            words.add(word.translate(_CYRILLIC_TO_LATIN))
            words.update(" ".join(english).split())
    return words


@needs_shared(_DATA / "wmt22-de-en")
def test_skeletons_and_spelling_scores_are_the_slow_ways() -> None:
    from mtcheck.language import spelled_out
    from mtcheck.language.resources import data_file

    words = sorted(_words_to_fold())[::3]
    assert len(words) > 30_000
    assert any(not w.isascii() for w in words) and any("ž" in w or "š" in w for w in words)
    for word in words:
        assert spelled_out.skeleton.__wrapped__(word) == _slow_skeleton(word), word
    for language in ("ru", "uk"):
        lines = data_file(language, "spelling-trigrams.tsv").read_text(encoding="utf-8").splitlines()
        written = dict(line.split("\t") for line in lines if not line.startswith("#"))
        for word in [w for w in words if _slow_skeleton(w)][::10]:  # (no trigram in an empty skeleton)
            grams = spelled_out.trigrams(_slow_skeleton(word))
            slow = sum(float(written.get(gram, 0)) for gram in grams) / len(grams)
            assert spelled_out.spelling_score(word, language) == slow, (word, language)


@pytest.mark.parametrize("text", ["", "\n\n", "   \n", "A sentence.\n"])
def test_a_score_splits_sentences_only_where_there_are_blocks(text: str) -> None:
    """A document without blocks (empty, or blank) has no sentences: its score is the one the
    split gives, without loading its language to split nothing."""
    from mtcheck.engine.findings import FileResult
    from mtcheck.run.report import file_quality
    from mtcheck.text.document import build_document
    from mtcheck.text.inputs import InputText

    doc = build_document(InputText("article.txt", text, "text"), "en")
    scored = file_quality(FileResult("article.txt", [], doc))
    assert ("language" in vars(doc)) == bool(doc.blocks)  # loaded only where there is text to split
    split = [(s.start, s.end) for s in doc.sentences]
    assert scored == quality.quality(doc.checked, [], split)
