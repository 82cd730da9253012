"""name_matches reads ahead only while a name can go on: it finds what trying every length finds."""

from __future__ import annotations

from mtcheck.checks import casing
from mtcheck.language.names import fold, project_gazetteer
from mtcheck.text.document import Document, build_document
from mtcheck.text.inputs import InputText
from mtcheck.text.words import gap, sentence_words
from tests.conftest import WMT, needs_shared

TEXT = (
    "In the united states of america and the United Kingdom, the hague and sanchez spoke. "
    "The people's republic of china, são paulo, sao paulo and indo-pacific ties; st. louis "
    "and the u.s. were named. A new york times reporter saw the white house, the Wall "
    "Street Journal and bosnia and herzegovina. Côte d’Ivoire, cote d'ivoire and the dr. "
    "congo, guinea-bissau, Kyiv, kharkiv oblast, the Baltic sea. Kyiv. They flew to new\n\n"
    "York; the united. states, the people’s republic of china and são tomé and príncipe met in new"
)


def _every_length(doc: Document, names, words, position):  # the search before read-ahead stopped early
    first = words[position].lower
    if first not in names.first_words and (first.isascii() or fold(first) not in names.first_words):
        return None
    key, candidates = first, [(position, first)]
    for last in range(position + 1, min(position + names.longest, len(words))):
        separator = gap(doc, words[last - 1], words[last])
        if not casing._NAME_GAP.fullmatch(separator):
            break
        key += separator.replace("’", "'") + words[last].lower
        candidates.append((last, key))
    for last, key in reversed(candidates):
        name = names.get(key) or (None if key.isascii() else names.get(fold(key)))
        if name is not None:
            return last, name
    return None


def _expected(doc: Document, names) -> list[tuple[int, int, str]]:
    found = []
    for words in sentence_words(doc):
        position = 0
        for candidate, word in enumerate(words):
            match = None if candidate < position else _every_length(doc, names, words, candidate)
            if match is not None:
                found.append((word.start, words[match[0]].end, match[1].name))
                position = match[0] + 1
    return found


def test_name_matches_finds_what_every_length_finds() -> None:
    doc = build_document(InputText("article.txt", TEXT, "text"), "en")
    matches = [(m.start, m.end, m.name.name) for m in casing.name_matches(doc)]
    assert matches == _expected(doc, project_gazetteer("en", ()))
    assert len(matches) > 10


@needs_shared(WMT)
def test_name_matches_of_an_article_are_what_every_length_finds() -> None:
    # 2,300 "the"s, most before a word no name goes on with: the shortcut that skips them finds the same.
    text = (WMT / "generaltest2022.de-en.ref.A.en").read_text(encoding="utf-8")
    doc = build_document(InputText("article.txt", text, "text"), "en")
    matches = [(m.start, m.end, m.name.name) for m in casing.name_matches(doc)]
    assert matches == _expected(doc, project_gazetteer("en", ()))
    assert len(matches) > 300


def test_a_project_gazetteer_knows_where_its_own_names_go_on() -> None:
    names = project_gazetteer("en", ("Zorbulan Qexit-Varn Holdings",))
    assert {"zorbulan", "zorbulan qexit", "zorbulan qexit-varn"} <= names.prefixes
    doc = build_document(InputText("article.txt", "We met zorbulan qexit-varn holdings there.", "text"), "en")
    words = sentence_words(doc)[0]
    last, name = casing._longest_name(doc, names, words, 2)
    assert (last, name) == _every_length(doc, names, words, 2) and name.name == "Zorbulan Qexit-Varn Holdings"
