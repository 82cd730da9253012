"""NM101 on names that other rules hide or mask: a site's name on a headline (MT309) and a
site named by its address (lines of the WMT22 zh-en references, one name respelled); and on
words for a nationality, which fold like names but are none (WMT22 references and outputs)."""

from __future__ import annotations

from tests.conftest import SHARED, check_text, needs_shared

DATA = SHARED / "data"

HEADLINES = (
    "Students played a leading role in the academic annual conference of Zhejiang University - Xinhuanet\n"
    "The number of Beijing college graduates of 2022 is estimated to be 268 thousand - Xinhuanet\n"
    "Ten thousand teachers will be trained for rural primary schools in Jiangxi within 3 years - Xinguanet\n"
)


def found(text: str) -> list[tuple[str, str]]:
    _, findings = check_text(text)
    return [(f.code, text[f.start : f.end]) for f in findings]


def test_a_site_name_respelled_on_a_headline_is_both_residue_and_a_name_spelled_two_ways():
    assert found(HEADLINES) == [
        ("MT309", " - Xinhuanet"),
        ("MT309", " - Xinhuanet"),
        ("MT309", " - Xinguanet"),
        ("NM101", "Xinguanet"),
    ]


def test_a_site_name_spelled_one_way_is_residue_only():
    assert [code for code, _ in found(HEADLINES.replace("Xinguanet", "Xinhuanet"))] == ["MT309"] * 3


def test_a_site_named_by_its_address_is_a_name():
    text = (
        "Kunming Decoration Design Channel of Dianping.com provides you with the address and business hours "
        "of Damei 360; come to Dianpyng.com to find decoration companies.\n"
    )
    assert found(text) == [("NM101", "Dianpyng")]


def test_sites_searched_for_in_masked_text_alone_are_those_a_whole_search_finds() -> None:
    import random

    from mtcheck.checks import name_spelling
    from mtcheck.text.document import build_document
    from mtcheck.text.inputs import InputText
    from mtcheck.text.segment import MASK

    pieces = ("Dianping", ".com", "Weibo", ".cn", " ", " ", "x", "-", "@", "Zhihu.com/a", ".", "Sohu", " Baidu.com ")
    rng = random.Random(5)
    found = 0
    for _ in range(2000):
        chosen = [rng.choice(pieces) for _ in range(rng.randrange(1, 12))]
        text = "".join(chosen)
        checked = "".join(MASK * len(piece) if rng.random() < 0.4 else piece for piece in chosen)
        doc = build_document(InputText("article.txt", text, "text"), "en")
        doc.checked = checked
        expected = [m.span() for m in name_spelling._NAMED_SITE.finditer(text) if checked[m.start()] == MASK]
        assert [m.span() for m in name_spelling._named_sites(doc)] == expected, (text, checked)
        found += len(expected)
    assert found > 100


def _lines(path: str, wanted: str) -> str:
    """The lines of a WMT file that hold the word, as one article."""
    lines = (DATA / path).read_text(encoding="utf-8").splitlines()
    return "".join(line + "\n" for line in lines if wanted in line)


@needs_shared(DATA)
def test_a_name_that_folds_like_a_nationality_is_not_taken_for_its_spelling():
    # The reference's author Judith Hermann beside its German teams and German-speaking
    # broadcasters: g and h fold alike (Harkiv, Kharkiv), but German is no name.
    text = _lines("wmt22-de-en/generaltest2022.de-en.ref.A.en", "German") + _lines(
        "wmt22-de-en/generaltest2022.de-en.ref.A.en", "Hermann"
    )
    assert "Judith Hermann" in text and text.count("German") > 10
    assert [code for code, _ in found(text) if code.startswith("NM")] == []


@needs_shared(DATA)
def test_a_ukrainian_name_spelled_as_the_english_word_too_is_still_one_name_two_ways():
    # Марина as Maryna and as Marina (a dictionary word too) in one MT output.
    path = "wmt22-uk-en/generaltest2022.uk-en.hyp.Online-B.en"
    text = _lines(path, "Maryna") + _lines(path, "Marina")
    assert ("NM101", "Maryna") in found(text) or ("NM101", "Marina") in found(text)


@needs_shared(DATA)
def test_a_common_word_capitalised_only_as_a_sentence_opens_is_no_spelling_of_a_name():
    # WMT23 ru-en: "Megan Fox has been fired..." opens a line, and Meghan Markle is another
    # woman; "megan" is a common word of English web text, and its capital is the sentence's.
    path = "wmt23-ru-en/generaltest2023.ru-en.ref.refA.en"
    text = _lines(path, "Megan Fox") + _lines(path, "Meghan")
    assert text.startswith("Megan Fox") and "Meghan Markle" in text
    assert [code for code, _ in found(text) if code.startswith("NM")] == []
    # The same spelling inside a sentence is a name's, and still one name spelled two ways.
    assert [code for code, _ in found("Actress Megan Markle waved.\n" + text)] == ["NM101", "NM101"]


@needs_shared(DATA)
def test_a_common_word_capitalised_only_in_a_quoted_title_is_no_spelling_of_a_name():
    # WMT23 ru-en (GPT4-5shot): Taylor Lautner, and later the film "Tinker, Tailor, Soldier,
    # Spy", whose words are capitalised as a title's are.
    path = "wmt23-ru-en/generaltest2023.ru-en.hyp.GPT4-5shot.en"
    text = _lines(path, "Taylor") + _lines(path, "Tinker, Tailor")
    assert "Taylor" in text and '"Tinker, Tailor, Soldier, Spy"' in text
    assert [code for code, _ in found(text) if code.startswith("NM")] == []
    # Quoted but not a title (its long words in lowercase): "Tailor" is a spelling of the name.
    quoted = found(text + '\nShe called it "a film by Tailor about spies".\n')
    assert {flagged for code, flagged in quoted if code == "NM101"} & {"Tailor", "Taylor"}
