"""NM101 on names that other rules hide or mask: a site's name on a headline (MT309) and a
site named by its address (lines of the WMT22 zh-en references, one name respelled)."""

from __future__ import annotations

from tests.conftest import check_text

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
