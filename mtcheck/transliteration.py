"""Russian and Ukrainian words written in Latin letters, matched whatever the scheme.

MT and its users transliterate the same word many ways (пылесос: pylesos, pilosos;
ясли: yasli, iasli; хохол: khokhol, hohol). `skeleton()` folds a Latin spelling to a key
that the usual schemes share: digraphs to one letter, y/i/j alike, g/h alike, the iotation
of vowels and doubled letters dropped. scripts/build_transliteration_data.py freezes, per
language, the skeletons of that language's words that no English word shares
(rules/<lang>/data/transliterations.tsv); the check looks them up.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from mtcheck.resources import data_file

_HACEK = str.maketrans({"ž": "zh", "š": "sh", "č": "ch", "ŝ": "sh", "ĉ": "ch", "ẑ": "zh"})
_DIGRAPHS = (("shch", "s"), ("sch", "s"), ("sh", "s"), ("ch", "c"), ("zh", "z"), ("kh", "h"), ("ts", "c"),
             ("tz", "c"), ("x", "ks"), ("w", "v"), ("g", "h"), ("j", "i"), ("y", "i"), ("'", ""), ("’", ""),
             ("ʹ", ""), ("ʺ", ""), ("`", ""))
_IOTATED = re.compile(r"i(?=[aeou])")
_DOUBLED = re.compile(r"(.)\1+")


# Cyrillic letters as the usual schemes spell them, enough for the skeleton to agree (the
# check needs no transliteration library: skeleton() folds what the schemes disagree on).
_CYRILLIC_TO_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "yo", "є": "ye", "ж": "zh", "з": "z",
    "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
    "ь": "", "э": "e", "ю": "yu", "я": "ya", "'": "", "’": ""})
_CYRILLIC_WORD = re.compile(r"[а-яёіїєґ'’]{4,}")


def source_skeletons(text: str) -> dict[str, str]:
    """The Cyrillic words of a source text by their skeletons: a Latin word with one of them
    spells out a word the source has, however rare."""
    return {skeleton(w.translate(_CYRILLIC_TO_LATIN)): w for w in _CYRILLIC_WORD.findall(text.lower())}


def skeleton(latin: str) -> str:
    """The key a Latin transliteration folds to: "yasli" and "iasli" give "asli"."""
    key = latin.lower().translate(_HACEK)
    for digraph, letter in _DIGRAPHS:
        key = key.replace(digraph, letter)
    return _IOTATED.sub("", _DOUBLED.sub(r"\1", key))  # "kommentariyev" and "kommentariev" alike


@lru_cache(maxsize=None)
def _keys(language: str) -> tuple[frozenset[str], list[str], bytes]:
    """The skeletons (as a set and in their sorted order) and the entries undecoded: a run
    splits one line of ASCII and decodes the rest only when a word has one of them."""
    path = data_file(language, "transliterations.tsv")
    if not path.exists():
        return frozenset(), [], b""
    data = path.read_bytes()
    start = data.index(b"\nskeletons\t") + 11
    end = data.index(b"\n", start)
    keys = data[start:end].decode("ascii").split()
    return frozenset(keys), keys, data[end + 1 :]


@lru_cache(maxsize=None)
def _entries(language: str) -> list[str]:
    return _keys(language)[2].decode("utf-8").split("\n")


def source_word(latin: str, language: str) -> str | None:
    """The word of `language` that this lowercase Latin spelling transliterates, or None
    (no such word, or the spelling is an English word of the same skeleton)."""
    keys, ordered, _ = _keys(language)
    key = skeleton(latin)
    if key not in keys:
        return None
    word, _, english = _entries(language)[bisect_left(ordered, key)].partition("\t")
    return None if latin in english.split() else word
