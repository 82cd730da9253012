"""What a translation copies as it is (mtcheck/text/verbatim.py): hashtags, handles, links."""

from __future__ import annotations

from mtcheck.text.verbatim import verbatim_items


def _tags(text: str) -> list[str]:
    return [item for kind, item, _, _ in verbatim_items(text) if kind == "hashtag"]


def test_a_glued_chain_of_hashtags_is_each_a_hashtag_at_its_own_place() -> None:
    text = "#Robecofirm#geologist #entrepreneurship"
    items = verbatim_items(text)
    assert [(item, text[start:end]) for _, item, start, end in items] == [
        ("#Robecofirm", "#Robecofirm"),
        ("#geologist", "#geologist"),
        ("#entrepreneurship", "#entrepreneurship"),
    ]
    assert _tags("#WFH#ビジネス#ニューロダイバーシティ") == ["#WFH", "#ビジネス", "#ニューロダイバーシティ"]


def test_a_placeholder_between_hashes_is_no_hashtag() -> None:
    # The WMT22 ja-en test data anonymises names as "#Product1#"; read as hashtags they gave
    # hundreds of false findings (3cb61c5).
    assert _tags("(公式通販)#Product1#から新発売") == []
    assert _tags("#Product1#FW21 capsule collection at #Product3#/online shop") == []
    assert _tags("New release from #Product1#") == []


def test_a_full_width_handle_is_read_as_its_ascii_form() -> None:
    items = verbatim_items("詳しくは＠A＿ListMGMTまで。")
    assert [(kind, item) for kind, item, _, _ in items] == [("handle", "@A_ListMGMT")]
