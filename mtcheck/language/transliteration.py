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
from functools import cache, lru_cache

from mtcheck.language.pattern_cache import compile_re
from mtcheck.language.profiles import Language, language


@cache
def _table(code: str) -> dict[int, str]:
    return str.maketrans(dict(language(code).transliteration))


@lru_cache(maxsize=8192)
def _latin(word: str, code: str) -> str:
    table = _table(code)
    # Ukrainian's own apostrophe is the modifier letter ʼ (U+02BC), a letter to Python: the
    # tables spell the typewriter one.
    lowered = word.lower().replace("\u02bc", "'")
    text = lowered.translate(table) if table else lowered
    # After the table: "й" would otherwise lose its breve and become "и".
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def latin(word: str, lang: Language) -> str:
    """The word in lowercase Latin letters without diacritics ("Київ" -> "kyiv", "Dvořák" -> "dvorak")."""
    return _latin(word, lang.code)


# Applied in order: longer spellings first, then letters English and the romanisations swap.
_FOLDS = (
    ("dzh", "j"),
    ("shch", "s"),
    ("sch", "s"),
    ("tch", "c"),
    ("sh", "s"),
    ("ch", "c"),
    ("zh", "z"),
    ("kh", "h"),
    ("ts", "c"),
    ("tz", "c"),
    ("cz", "c"),
    ("sz", "s"),
    ("ks", "x"),
    ("ck", "k"),
    ("ph", "f"),
    ("w", "v"),
    ("j", "i"),
    ("y", "i"),
    ("h", "g"),
    ("'", ""),
    ("’", ""),
    ("q", "k"),
    ("c", "k"),
    ("z", "s"),
    ("ie", "e"),
    ("iu", "u"),
    ("ia", "a"),
    ("io", "o"),
)
_DOUBLE = compile_re(r"(.)\1+")


def _first_letter(run: re.Match[str]) -> str:
    return run.group(1)  # (a function: sub() with a template such as r"\1" runs Python code at each call)


# English initials that are not pronounced, so a transliteration has no letter for them.
_SILENT_START = frozenset({"kn", "wr"})


def _fold_steps(folds: tuple[tuple[str, str], ...]) -> list[tuple[str, str] | dict[int, str | None]]:
    """The folds as they are applied: a run of one-letter folds is one str.translate table, the
    same as replacing one after another since no fold of the run reads a letter that the run
    reads or writes before it (it would then see what the earlier one made of it)."""
    steps: list[tuple[str, str] | dict[int, str | None]] = []
    run: dict[str, str] = {}
    for spelled, folded in folds:
        if len(spelled) == 1 and spelled not in run and not any(spelled in written for written in run.values()):
            run[spelled] = folded
            continue
        if run:
            steps.append(str.maketrans({letter: written or None for letter, written in run.items()}))
            run = {}
        if len(spelled) == 1:
            run[spelled] = folded
        else:
            steps.append((spelled, folded))
    if run:
        steps.append(str.maketrans({letter: written or None for letter, written in run.items()}))
    return steps


_FOLD_STEPS = _fold_steps(_FOLDS)


@lru_cache(maxsize=8192)
def skeleton(latin_word: str) -> str:
    """A Latin spelling reduced to what every romanisation of the name shares:
    "zelenskyy", "zelenskiy" and "zelenskii" all give "zelenski"; "yulia" and "iuliia" "ula"."""
    text = latin_word
    if text[:2] in _SILENT_START:
        text = text[1:]  # "knox" is heard, and transliterated, as "nox" (Нокс); "wright" as Райт
    for step in _FOLD_STEPS:
        if type(step) is tuple:
            spelled, folded = step
            if spelled in text:
                text = text.replace(spelled, folded)
        else:
            text = text.translate(step)
    return _DOUBLE.sub(_first_letter, text)


def _folded_characters() -> str:
    """The characters some fold of skeleton() writes or removes (those whose count the fold
    changes: "ie" -> "e" removes the i and keeps the e), or a silent start drops."""
    changed = {c for spelled, folded in _FOLDS for c in spelled + folded if spelled.count(c) != folded.count(c)}
    return "".join(sorted(changed | {start[0] for start in _SILENT_START}))


_FOLDED = str.maketrans(dict.fromkeys(_folded_characters()))  # "'cdfghijkpqstvwxyz’": a, e, l, n... stay


def kept_letters(word: str) -> str:
    """What skeleton() keeps of a word whatever it folds: the characters no fold writes or
    removes, a run of one written once (skeleton only folds a doubled letter into one). A
    word and its skeleton keep the same, so two words that keep different letters have
    different skeletons, and a word need not be folded to tell it from a given skeleton.
    ("zelenskyy": "elen", as its skeleton "selenski".)"""
    return _DOUBLE.sub(_first_letter, word.translate(_FOLDED))


_VOWELS = compile_re(r"[aeiou]")


@lru_cache(maxsize=8192)
def consonants(skeleton_word: str) -> str:
    """The consonants of a skeleton: where case endings and romanisations differ least
    ("buchi" and "bucha", "oleksandr" and "alexander", "zelenskogo" and "zelensky")."""
    return _VOWELS.sub("", skeleton_word)


def same_name(source: str, target: str) -> bool:
    """Could two skeletons name the same thing, however romanised and inflected? Their first
    three consonants agree (two for short names): "zlnskg" and "zlnsk", "bc" and "bc",
    "krnl" (Корнелиу) and "krnl" (Corneliu); a name of fewer than two is not judged."""
    a, b = consonants(source), consonants(target)
    if len(a) < 2:
        return True
    size = 3 if len(a) >= 3 and len(b) >= 3 else 2
    return a[:size] == b[:size]


# Names English spells in their own language rather than transliterated from Russian
# ("Реджеп" Recep, "Кылыч" Kılıç, "Эрнандес" Hernandez, "Ваан" Vahan, "Михаил" Michail):
# sibilants and affricates one letter, h dropped, the letters whose sound differs between
# languages (c, ch, j) tried both ways. Vowels are kept, unlike the consonant skeleton:
# only a spelling one letter apart counts, so short names are compared at all.
_LOOSE_LETTERS = str.maketrans({"ç": "s", "ş": "s", "ı": "i", "ğ": "", "ß": "s", "ł": "l", "đ": "d", "ø": "o"})
_LOOSE_FOLDS = (
    ("shch", "s"),
    ("sch", "s"),
    ("dzh", "s"),
    ("dj", "s"),
    ("dz", "s"),
    ("zh", "s"),
    ("sh", "s"),
    ("ts", "s"),
    ("tz", "s"),
    ("cz", "s"),
    ("sz", "s"),
    ("kh", "k"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("x", "ks"),
    ("q", "k"),
    ("z", "s"),
    ("w", "v"),
    ("y", "i"),
    ("'", ""),
    ("’", ""),
)
_SOFT_C = compile_re(r"c(?=[ei])")
LOOSE_LONGEST = 30  # letters: a longer "word" is no name, and is not compared


@lru_cache(maxsize=8192)
def loose_spellings(word: str) -> frozenset[str]:
    """A name's spelling in lowercase Latin letters with what languages write differently
    folded: "Recep" and "redzhep" both give "resep", "Kılıç" and "kylych" "kilis",
    "Vahan" and "vaan" "vaan". Several when a letter reads two ways (ch: k or s; j: i or s)."""
    text = word.lower().translate(_LOOSE_LETTERS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if len(text) > LOOSE_LONGEST or not text.isalpha():
        return frozenset()
    found = set()
    for ch, j in (("k", "i"), ("s", "s")):
        spelled = text.replace("ch", "\0")
        for spelling, folded in _LOOSE_FOLDS:
            spelled = spelled.replace(spelling, folded)
        spelled = spelled.replace("\0", ch).replace("j", j)
        spelled = _SOFT_C.sub("s", spelled).replace("c", "k").replace("h", "")
        found.add(_DOUBLE.sub(r"\1", spelled))
    return frozenset(found)


def one_edit_apart(first: str, second: str) -> bool:
    """The same string but for one letter changed, added or dropped (or none)."""
    if abs(len(first) - len(second)) > 1:
        return False
    if len(first) > len(second):
        first, second = second, first
    k = 0
    while k < len(first) and first[k] == second[k]:
        k += 1
    if len(first) == len(second):
        return first[k + 1 :] == second[k + 1 :]
    return first[k:] == second[k + 1 :]
