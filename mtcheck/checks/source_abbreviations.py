"""MT206: abbreviations of a Russian or Ukrainian source rendered word for word.

MT reads the abbreviations of Slavic news as words or letters: им. ("named after") becomes
"them." (the Hospital them. Pirogov), г. ("city", "year") "g." (g. Moscow, 2022 g.), ул.
("street") "st." or "ul.", т.е. and т.д. "t.e." and "t.d.", and the full stop of обл. or
тыс. stays behind the word that translates it (Donetsk region., I have...). Each form is a
pattern read off the WMT22 uk-en and WMT23 ru-en and uk-en system outputs.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from mtcheck.checks import made_from_options, provides
from mtcheck.engine.findings import Fix, Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.language.names import lexicon
from mtcheck.language.pattern_cache import compile_pattern
from mtcheck.text.document import Document
from mtcheck.text.segment import word_before

if TYPE_CHECKING:
    import regex

_NAME = r"(?P<name>\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)"
# "them." / "im." for им.: checked against the word before (an institution, a name, a number).
_NAMED_AFTER = compile_pattern(r"(?<=[\p{L}\d.] )(?P<flag>(?:them|im)\.) ?" + _NAME)
# "g." for г. before a city; "2022 g." or "2022-2023 gg." for the year.
_CITY = compile_pattern(r"(?<![\p{L}\d.-])(?P<flag>g\.) ?" + _NAME)
_YEAR = compile_pattern(r"(?<=\b(?:1[89]|20)\d\d) ?(?P<flag>gg?\.)(?=[\s,;)]|$)")
_SENTENCE_GOES_ON = compile_pattern(r"[,;)]| [\p{Ll}\d]")
# "in the city. Bucha, Kyiv region": м. ("city") read as a word and its full stop kept.
_CITY_WORD = compile_pattern(
    r"(?<=\b(?:in|of|from|to|near|at) the )(?P<flag>(?:city|town|village)\.) "
    + _NAME
    + r"(?=,? \p{Lu}\p{Ll}+ (?:region|oblast|district|province)\b|[”\"»]|\.|$)"
)
# ул., просп., пер. before the street's name.
_STREET = compile_pattern(r"(?<![\p{L}\d.])(?P<flag>(?:st|ul|prosp|per|pl)\.) ?" + _NAME)
# т.е., т.д.; "etc. (etc.)" for тощо (і т.д.).
_TRANSLITERATED = compile_pattern(r"(?<![\p{L}.])(?P<flag>t\. ?(?P<letter>[ed])\.)")
_DOUBLE_ETC = compile_pattern(r"(?P<flag>etc\. ?\((?:and )?etc\.? ?\))\.?")


@provides("kind", "meaning", options={"institutions": (), "stop-words": ()})
def source_abbreviations(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    text = doc.checked
    if "." not in text:
        return
    yield from _named_after(doc, rule)
    if _may_abbreviate_g(text):
        for match in _CITY.finditer(text):
            if not lexicon(doc.lang).is_common(match.group("name").lower()):
                yield _hit(match, "", "г.", "city", safe=_after_list_or_preposition(text, match.start()))
        for match in _YEAR.finditer(text):
            start = match.start() - (text[match.start() - 1] == " ")
            # "until 1 September 2023 g." ends a sentence: its full stop stays.
            end = match.end() - 1 if _SENTENCE_GOES_ON.match(text, match.end()) is None else match.end()
            yield Hit(start, match.end(), Fix(start, end, "", True), {"kind": "г.", "meaning": "year"})
    for match in _CITY_WORD.finditer(text):
        word = match.group("flag")[:-1]
        yield _hit(match, f"{word} of ", "м.", word, safe=False)
    for match in _STREET.finditer(text):
        yield Hit(match.start("flag"), match.end("flag"), None, {"kind": "ул.", "meaning": "street"})
    if ".," in text:  # (which every stop it reports is followed by)
        yield from _abbreviation_stops(doc, tuple(rule.options["stop-words"]))
    for match in _TRANSLITERATED.finditer(text):
        meaning = "i.e." if match.group("letter") == "e" else "etc."
        yield Hit(
            match.start("flag"),
            match.end("flag"),
            Fix(match.start("flag"), match.end("flag"), meaning, True),
            {"kind": "т." + match.group("letter") + ".", "meaning": meaning},
        )
    for match in _DOUBLE_ETC.finditer(text):
        yield Hit(
            match.start("flag"),
            match.end("flag"),
            Fix(match.start(), match.end(), "etc.", True),
            {"kind": "т.д.", "meaning": "etc."},
        )


def _named_after(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """ "the Hospital them. Pirogov", "school No. 5 them. Pushkin": after an institution, a
    capitalised word or a number "them" cannot be the pronoun."""
    text = doc.checked
    if "m." not in text:
        return
    institutions: frozenset[str] = made_from_options(rule, frozenset, "institutions")
    for match in _NAMED_AFTER.finditer(text):
        before = word_before(text, match.start() - 1)
        if before.lower() in institutions or before[:1].isupper() or before.rstrip(".").isdigit():
            yield _hit(match, "named after ", "им.", "named after", safe=False)


def _hit(match: regex.Match[str], replacement: str, kind: str, meaning: str, safe: bool) -> Hit:
    fix = Fix(match.start("flag"), match.start("name"), replacement, safe)
    return Hit(match.start("flag"), match.end("flag"), fix, {"kind": kind, "meaning": meaning})


_LIST_OR_PREPOSITION = compile_pattern(r"(?:^|[,;:(]|\b(?:in|of|from|to|near|at|and))\s*$")


def _after_list_or_preposition(text: str, start: int) -> bool:
    """ "105082, g. Moscow", "in g. Moscow": only there is removing "g." a safe repair."""
    return _LIST_OR_PREPOSITION.search(text, max(0, start - 8), start) is not None


@lru_cache(maxsize=4)
def _stop_pattern(words: tuple[str, ...]) -> regex.Pattern[str]:
    """ "Donetsk region.," "5.8 thousand.,": the word that translates обл. or тыс., with
    the abbreviation's full stop kept before a comma."""
    return compile_pattern(r"\b(?P<word>" + "|".join(words) + r")(?P<flag>\.)(?=,)")


def _abbreviation_stops(doc: Document, words: tuple[str, ...]) -> Iterator[Hit]:
    text = doc.checked
    if not _word_before_stop_and_comma(text, words):
        return
    for match in _stop_pattern(words).finditer(text):
        yield Hit(
            match.start("flag"),
            match.end("flag"),
            Fix(match.start("flag"), match.end("flag"), "", True),
            {"kind": "a full stop", "meaning": match.group("word")},
        )


def _may_abbreviate_g(text: str) -> bool:
    """Does the text hold a "g." that _CITY or _YEAR may match: one after no ASCII letter,
    full stop or hyphen (a digit, a space, a bracket: "2022 g.", "(g. Moscow"), or after a "g"
    ("gg."). Most "g." stand in "e.g." or end a word ("long."), where neither pattern matches."""
    at = text.find("g.")
    while at >= 0:
        before = text[at - 1 : at]  # ("" at the start of the text)
        if not before or before == "g" or (before not in ".-" and not (before.isascii() and before.isalpha())):
            return True
        at = text.find("g.", at + 2)
    return False


def _word_before_stop_and_comma(text: str, words: tuple[str, ...]) -> bool:
    """Does a full stop and a comma (".,") follow one of the words, as every match of
    _stop_pattern(words) has them? Asked at each ".," (few) rather than by the pattern; words
    that are not plain letters (a pattern in the configuration) are left to the pattern."""
    at = text.find(".,")
    if at < 0:
        return False  # (most texts: either way)
    if not words or not all(word.isalpha() for word in words):
        return True
    while at >= 0:
        if text.endswith(words, 0, at):
            return True
        at = text.find(".,", at + 2)
    return False
