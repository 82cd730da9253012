"""Words of another script in Latin letters, and names compared across spellings.

A Cyrillic source names "Зеленского"; its English translation writes "Zelensky",
"Zelenskyy" or "Zelenskiy". `latin()` spells a word in Latin letters by the source
language's table (rules/<lang>/data/language.yaml, `transliteration`), and `skeleton()`
folds what romanisation systems and English spellings disagree on (-sky/-skiy/-skyi,
Yu/Iu/Ju, kh/h, zh/z, w/v), so that the two can be compared by their common start.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from mtcheck.language import Language, language


@lru_cache(maxsize=None)
def _table(code: str) -> dict[int, str]:
    return str.maketrans(dict(language(code).transliteration))


@lru_cache(maxsize=8192)
def _latin(word: str, code: str) -> str:
    table = _table(code)
    text = word.lower().translate(table) if table else word.lower()
    # After the table: "й" would otherwise lose its breve and become "и".
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def latin(word: str, lang: Language) -> str:
    """The word in lowercase Latin letters without diacritics ("Київ" -> "kyiv", "Dvořák" -> "dvorak")."""
    return _latin(word, lang.code)


# Applied in order: longer spellings first, then letters English and the romanisations swap.
_FOLDS = (
    ("shch", "s"), ("sch", "s"), ("tch", "c"), ("sh", "s"), ("ch", "c"), ("zh", "z"), ("kh", "h"),
    ("ts", "c"), ("tz", "c"), ("cz", "c"), ("sz", "s"), ("ks", "x"), ("ck", "k"), ("ph", "f"),
    ("w", "v"), ("j", "i"), ("y", "i"), ("h", "g"), ("'", ""), ("’", ""),
    ("ie", "e"), ("iu", "u"), ("ia", "a"), ("io", "o"),
)
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=8192)
def skeleton(latin_word: str) -> str:
    """A Latin spelling reduced to what every romanisation of the name shares:
    "zelenskyy", "zelenskiy" and "zelenskii" all give "zelenski"; "yulia" and "iuliia" "ula"."""
    text = latin_word
    for spelled, folded in _FOLDS:
        if spelled in text:
            text = text.replace(spelled, folded)
    return _DOUBLE.sub(r"\1", text)


def same_name(source: str, target: str, endings: int = 3) -> bool:
    """Do two skeletons name the same thing, the source word perhaps inflected ("putina",
    "zelenskogo")? The target word must be there whole but for its last letter, and the
    source word but for up to `endings` letters of case ending."""
    shared = 0
    for a, b in zip(source, target):
        if a != b:
            break
        shared += 1
    return shared >= min(4, len(target)) and shared >= len(target) - 1 and shared >= len(source) - endings
