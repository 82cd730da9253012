"""Russian and Ukrainian words spelled out in Latin letters (TL101), matched whatever the scheme.

MT and its users transliterate the same word many ways (пылесос: pylesos, pilosos;
ясли: yasli, iasli; хохол: khokhol, hohol). `skeleton()` folds a Latin spelling to a key
that the usual schemes share: digraphs to one letter, y/i/j alike, g/h alike, the iotation
of vowels and doubled letters dropped. scripts/build_transliteration_data.py freezes, per
language, the skeletons of its frequent words with the English words that share them
(rules/<lang>/data/transliterations.tsv); the check looks them up.
"""

from __future__ import annotations

from functools import cache

from mtcheck.language.pattern_cache import compile_re
from mtcheck.language.resources import data_file

_HACEK = str.maketrans({"ž": "zh", "š": "sh", "č": "ch", "ŝ": "sh", "ĉ": "ch", "ẑ": "zh"})
_DIGRAPHS = (("shch", "s"), ("sch", "s"), ("sh", "s"), ("ch", "c"), ("zh", "z"), ("kh", "h"), ("ts", "c"), ("tz", "c"))
# Then single letters, in one pass: what the digraphs left is not read again.
_LETTERS = str.maketrans(
    {"x": "ks", "w": "v", "g": "h", "j": "i", "y": "i", "'": "", "’": "", "ʹ": "", "ʺ": "", "`": ""}
)
_IOTATED = compile_re(r"i(?=[aeou])")
_DOUBLED = compile_re(r"(.)\1+")


# Cyrillic letters as the usual schemes spell them, enough for the skeleton to agree (the
# check needs no transliteration library: skeleton() folds what the schemes disagree on).
_CYRILLIC_TO_LATIN = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "ґ": "g",
        "д": "d",
        "е": "e",
        "ё": "yo",
        "є": "ye",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "і": "i",
        "ї": "yi",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
        "'": "",
        "’": "",
    }
)
_CYRILLIC_WORD = compile_re(r"[а-яёіїєґ'’]{4,}")


def source_skeletons(text: str) -> dict[str, str]:
    """The Cyrillic words of a source text by their skeletons: a Latin word with one of them
    spells out a word the source has, however rare."""
    return {skeleton(w.translate(_CYRILLIC_TO_LATIN)): w for w in _CYRILLIC_WORD.findall(text.lower())}


def skeleton(latin: str) -> str:
    """The key a Latin transliteration folds to: "yasli" and "iasli" give "asli"."""
    key = latin.lower().translate(_HACEK)
    for digraph, letter in _DIGRAPHS:
        key = key.replace(digraph, letter)
    return _IOTATED.sub("", _DOUBLED.sub(r"\1", key.translate(_LETTERS)))  # "kommentariyev" and "kommentariev" alike


@cache
def _table(language: str) -> tuple[bytes, int]:
    """The file's bytes, undecoded, and where its entries start: a lookup bisects the sorted
    lines in place, so a run splits and decodes nothing."""
    path = data_file(language, "transliterations.tsv")
    if not path.exists():
        return b"", 0
    data = path.read_bytes()
    start = 0
    while data.startswith(b"#", start):
        start = data.index(b"\n", start) + 1
    return data, start


def _entry(latin: str, language: str) -> tuple[str, list[str]] | None:
    """The word of the language whose skeleton this spelling has, and the English words of it."""
    data, start = _table(language)
    key = skeleton(latin).encode("ascii", "replace")
    low, high = start, len(data)
    while low < high:  # bisect the lines between low and high
        middle = (low + high) // 2
        line_start = data.rfind(b"\n", low, middle) + 1 or low
        line_end = data.find(b"\n", middle)
        line_end = len(data) if line_end < 0 else line_end
        line_key = data[line_start : data.index(b"\t", line_start, line_end)]
        if line_key < key:
            low = line_end + 1
        elif line_key > key:
            high = line_start
        else:
            _, word, english = (data[line_start:line_end].decode("utf-8") + "\t").split("\t")[:3]
            return word, english.split()
    return None


def source_word(latin: str, language: str) -> str | None:
    """The word of `language` that this lowercase Latin spelling transliterates, or None
    (no such word, or the spelling is an English word of the same skeleton)."""
    entry = _entry(latin, language)
    return None if entry is None or latin in entry[1] else entry[0]


def english_spelling(latin: str, language: str) -> bool:
    """Is this spelling an English word (wordfreq's or Webster's) that folds like a word of
    the language ("trolleybus", тролейбус)?"""
    entry = _entry(latin, language)
    return entry is not None and latin in entry[1]
