"""The casing and name-spelling rules' gates and lookups give what the slow way gives, on real articles."""

from __future__ import annotations

import pytest

from mtcheck.checks import casing, name_spelling
from mtcheck.engine.checker import Checker
from mtcheck.engine.settings import Settings
from mtcheck.language.names import project_gazetteer
from mtcheck.run.session import ruleset_for
from mtcheck.text import words
from mtcheck.text.blocks import Block
from mtcheck.text.document import Document, Sentence, build_document
from mtcheck.text.inputs import InputText
from mtcheck.text.words import sentence_words
from tests.conftest import SHARED, WMT, needs_shared

ARTICLES = [
    WMT / "generaltest2022.de-en.ref.A.en",
    SHARED / "data" / "wmt22-zh-en" / "generaltest2022.zh-en.hyp.NiuTrans.en",
    SHARED / "data" / "wmt22-ja-en" / "generaltest2022.ja-en.hyp.AIST.en",
    SHARED / "data" / "wmt23-ru-en" / "generaltest2023.ru-en.ref.refA.en",
]
# Blocks in lowercase on purpose (no capital, no final stop, four words or more), one with
# only a capital beyond ASCII, and short or stopped ones that are not.
LOWERCASE = (
    "just landed in kyiv, what a day\n\n"
    "Ärger über die neuen regeln heute\n\n"
    "ärger über die neuen regeln heute\n\n"
    "so much for that\n\n"
    "this one ends with a stop.\n\n"
    "two words\n\n"
    "The minister said so. then he left\n"
)


def _documents(kind: str = "text") -> list[Document]:
    texts = [LOWERCASE] + [path.read_text(encoding="utf-8") for path in ARTICLES if path.exists()]
    return [build_document(InputText("article.txt", text, kind), "en") for text in texts]


@needs_shared(WMT)
@pytest.mark.parametrize("kind", ["text", "markdown"])
def test_a_block_with_an_ascii_capital_is_judged_without_asking(kind: str) -> None:
    for doc in _documents(kind):
        fast = casing._lowercase_on_purpose(doc)
        fresh = build_document(InputText("article.txt", doc.text, kind), "en")
        assert fast == [fresh.written_in_lowercase(fresh.blocks[s.block]) for s in fresh.sentences]
    assert casing._lowercase_on_purpose(_documents()[0]) == [True, False, True, True, False, False, False]


@needs_shared(WMT)
@pytest.mark.parametrize("kind", ["text", "markdown"])
def test_an_opening_word_is_looked_up_in_its_sentence(kind: str) -> None:
    for doc in _documents(kind):
        opening = {w.start for words in sentence_words(doc) for w in words if w.initial}
        starts = {w.start for words in sentence_words(doc) for w in words}
        places = sorted(starts | {start + 1 for start in starts} | {0, len(doc.text)})
        assert [name_spelling._opens(doc, place) for place in places] == [place in opening for place in places]
        assert opening and starts - opening


# Tokens at their edges: marks, possessives, hidden text, glued and hyphenated words.
TOKENS = (
    "(nba’s) 'nhl' nhl's' x-nhl nhl. \ue000dll «spd» isms sms’s sms’ s'ms nhl'sx _thw_ thw's's "
    "«mfx»,\n“kpts”! …bvp… dll.html [tvl]; tvl's. html\u00a0dll\tcpe\u2003rmb sssr-"
)


@needs_shared(WMT)
def test_a_word_is_a_bare_token_where_the_tokens_of_the_whole_text_say_so() -> None:
    tokens_and_not = [0, 0]
    for doc in _documents() + [build_document(InputText("article.txt", TOKENS, "text"), "en")]:
        tokens = casing._bare_tokens(doc.checked)
        letters = sorted(w for w in casing._distinct_texts(doc) if w.isalpha())
        found = [casing._is_bare_token(doc.checked, w) for w in letters]
        assert found == [w in tokens for w in letters]
        tokens_and_not[0] += sum(found)
        tokens_and_not[1] += found.count(False)
    assert min(tokens_and_not) > 100


def test_white_space_and_edge_marks_are_no_word_characters() -> None:
    # What makes a bare token of letters a run of word characters.
    for code in range(0x110000):
        char = chr(code)
        if char.isspace() or char in casing._TOKEN_EDGES + "'’":
            assert words.WORD.fullmatch(char) is None, hex(code)


@needs_shared(WMT)
@pytest.mark.parametrize("kind", ["text", "markdown"])
def test_the_words_and_the_runs_beside_them_are_every_run_of_the_text(kind: str) -> None:
    hidden = "See www.example.com/dll or `nhl_spd` and <b>thw</b>.\n\nIt said.The next one."
    for doc in _documents(kind) + [build_document(InputText("article.md", hidden, kind), "en")]:
        beside = casing._runs_beside_words(doc)
        assert beside is not None
        assert set(words.WORD.findall(doc.checked)) <= casing._distinct_texts(doc) | beside
        # NM102 looks for capitalised words in the runs, not in the text: it finds each.
        capitalised = name_spelling._CAPITALISED_WORD.findall
        assert set(capitalised(doc.checked)) <= set(capitalised(" ".join(casing.word_runs(doc) or ())))


def test_a_word_character_outside_the_sentences_or_a_run_over_an_edge_tells_nothing() -> None:
    text = "The nhl met. The spd left."
    for sentences in ([(0, 12, 0)], [(0, 6, 0), (6, 26, 0)], [(0, 12, 0), (10, 26, 0)]):
        doc = build_document(InputText("article.txt", text, "text"), "en")
        doc.__dict__["sentences"] = [Sentence(*span) for span in sentences]
        assert casing._runs_beside_words(doc) is None
    doc = build_document(InputText("article.txt", text, "text"), "en")
    assert casing._runs_beside_words(doc) == set()
    # A checked text with other letters than the text's (no reader makes one): its runs are read.
    doc = Document(
        InputText("article.txt", text, "text"), "The nhl met. The thw left.", [Block(0, 26, "paragraph")], "en"
    )
    assert casing._runs_beside_words(doc) == {"The", "thw", "left"}
    assert "thw" not in casing._distinct_texts(doc)


MT108_ARTICLES = [
    SHARED / "data" / "wmt22-ja-en" / "generaltest2022.ja-en.hyp.AIST.en",
    SHARED / "data" / "wmt22-ja-en" / "generaltest2022.ja-en.hyp.DLUT.en",
    SHARED / "data" / "wmt22-de-en" / "generaltest2022.de-en.hyp.Online-A.en",
    SHARED / "data" / "wmt22-cs-en" / "generaltest2022.cs-en.hyp.Online-G.en",
]


@needs_shared(WMT)
@pytest.mark.parametrize("kind", ["text", "markdown"])
def test_name_words_looked_for_among_the_runs_are_those_of_every_token(kind: str, monkeypatch) -> None:
    checker = Checker(ruleset_for("en", Settings().rule_folders), Settings())
    (rule,) = [r for r in checker.rules if r.code == "MT108"]
    examples = "\n\n".join(example.text for example in rule.flag_examples + rule.pass_examples)
    texts = [path.read_text(encoding="utf-8") for path in MT108_ARTICLES] + [examples, TOKENS]

    def findings() -> list:
        found = []
        for text in texts:
            doc = build_document(InputText("article.txt", text, kind), "en")
            doc.context = checker.context
            found.append(list(rule.hits(doc)))
        return found

    fast = findings()
    assert all(fast[:-1])  # (the tokens at their edges hold no name word)
    monkeypatch.setattr(casing, "_runs_beside_words", lambda doc: None)  # the slow way: every token
    assert findings() == fast


def test_a_name_written_as_it_is_lacks_no_capital() -> None:
    # What lets lowercase_names skip lowercased() where the text is the name as written.
    names = project_gazetteer("en", ("Zorbulan Qexit-Varn Holdings", "eBay", "iPhone"))
    written = [name.name for key in list(names.entries) if (name := names.get(key)) is not None]
    written += ["The Hague", "the Netherlands", "US", "São Tomé and Príncipe", "McDonald's", "al-Qaeda", "x"]
    assert len(written) > 8000 and not any(casing.lowercased(name, name) for name in written)
    assert casing.lowercased("kyiv", "Kyiv") and casing.lowercased("the hague", "The Hague")


@needs_shared(WMT)
def test_places_of_words_kept_for_a_text_are_the_places_found_afresh() -> None:
    checker = Checker(ruleset_for("en", Settings().rule_folders), Settings())
    (rule,) = [r for r in checker.rules if r.code == "MT110"]
    named, qualifiers = tuple(rule.options["named-qualifiers"]), tuple(sorted(rule.options["qualifiers"]))
    assert set(named) & set(qualifiers)
    for doc in _documents():
        kept: dict[str, list[int]] = {}
        for looked_for in (named, qualifiers, named):
            assert casing._places_of(looked_for, doc.checked, kept) == casing._places_of(looked_for, doc.checked)
        assert kept.keys() == set(named) | set(qualifiers)
    assert any(kept.values())
