"""What a translation copies as it is: links, e-mail addresses, handles and hashtags."""

from __future__ import annotations

from mtcheck.language.pattern_cache import compile_re

# Things a translation copies as they are: links, addresses, handles, hashtags.
# A link or handle glued to Chinese or Japanese text ("链接https://…，或") starts and ends at it.
_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
# A word character that is no Chinese or Japanese letter: an address or a Latin-script handle
# ends at one ("给我发邮件到Bosmadison@gmail.com", "@user13様"); a Weibo handle is all Han.
_ADDRESS_CHAR = r"[^\W" + _CJK + r"]"
# An e-mail address, of no Chinese or Japanese letter: "看看@user5.它似乎很容易" is a handle in a
# sentence, no address (the text's blocks mask addresses with the same pattern).
EMAIL = (
    rf"(?<![.+-])(?<!{_ADDRESS_CHAR})(?:{_ADDRESS_CHAR}|[.+-])+@(?:{_ADDRESS_CHAR}|-)+"
    rf"(?:\.(?:{_ADDRESS_CHAR}|-)+)+(?!{_ADDRESS_CHAR})"
)
_VERBATIM = compile_re(
    r"(?P<url>(?<![A-Za-z0-9])https?://[^\s<>()\"“”«»`" + _CJK + r"]+[^\s<>()\"“”«».,;:!?'’`" + _CJK + r"])"
    rf"|(?P<email>{EMAIL})"
    rf"|(?<![A-Za-z0-9_@＠/])(?P<handle>[@＠](?:{_ADDRESS_CHAR}{{2,}}|[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]{{2,}}))"
    # Hashtags glued in a chain ("#Robecofirm#geologist") are each a hashtag; not where a tag ends
    # in a digit before the next "#" ("#Product1#FW21": the placeholders of the WMT22 test data).
    r"|(?<![\w#&/])(?P<hashtag>#[^\W\d_][\w]*(?:(?<=[^\W\d_])#[^\W\d_][\w]*)*)(?![\w#])"
)
_GLUED_HASHTAG = compile_re(r"#[^#]+")
# A full-width low line inside a handle ("＠A＿ListMGMT", Japanese MT) is the handle's "_".
# (Replaced with str.replace: str.translate looks every character of a non-ASCII text up in
# its table, 14 ms on a 190 KB source against 0.01.)
_FULLWIDTH_LOW_LINE = "＿"


def verbatim_items(text: str) -> list[tuple[str, str, int, int]]:
    """URLs, e-mail addresses, handles and hashtags: (kind, item, start, end); a full-width
    at sign ("＠user7" in Chinese and Japanese) is the handle's @, a full-width low line its _."""
    items: list[tuple[str, str, int, int]] = []
    for m in _VERBATIM.finditer(text.replace(_FULLWIDTH_LOW_LINE, "_")):
        assert m.lastgroup is not None  # each alternative is one named group
        if m.lastgroup == "hashtag":
            items.extend(
                ("hashtag", t.group(), m.start() + t.start(), m.start() + t.end())
                for t in _GLUED_HASHTAG.finditer(m.group())
            )
            continue
        items.append((m.lastgroup, m.group().replace("＠", "@"), m.start(), m.end()))
    return items
