"""Chinese and Japanese words in Latin letters: what a translation writes for a name or a
loanword of the source.

Chinese names are written in pinyin ("兰州" Lanzhou, "习近平" Xi Jinping), so every run of
two to four Chinese characters is spelled in pinyin (pypinyin) and may be compared with the
translation's capitalised words. Japanese katakana loanwords are written in their English
spelling ("トマト" tomato, "スクリプト" script) and proper nouns in romaji ("松本" Matsumoto):
cutlet, over UniDic, gives both. Both libraries are the optional extra `cjk`; without them
no word is spelled, and sentences are aligned by numbers, marks and lengths as before.
"""

from __future__ import annotations

import sys
from functools import cache, lru_cache
from typing import Any

from mtcheck.language.pattern_cache import compile_re

_HAN_RUN = compile_re(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_KATAKANA = compile_re(r"[\u30a1-\u30fa\u30fc\uff66-\uff9f]+")
ROMANISED = ("zh", "ja")  # languages whose words are spelled here
NAME_SYLLABLES = (2, 3, 4)
LONGEST = 1000  # characters: a longer "sentence" is no sentence, and MeCab's time grows faster than its length  # Chinese names and places: 兰州, 习近平, 乌鲁木齐


@cache
def _pinyin() -> Any:
    try:
        from pypinyin import lazy_pinyin  # the optional extra `cjk`
    except ImportError:
        return None
    return lazy_pinyin


@cache
def _cutlet() -> Any:
    try:
        import cutlet  # the optional extra `cjk` (with fugashi and unidic-lite)

        return cutlet.Cutlet(use_foreign_spelling=True)
    except (ImportError, RuntimeError):  # RuntimeError: fugashi found no MeCab dictionary
        return None


def available(code: str) -> bool:
    """Whether the library that spells this language's words in Latin letters is installed."""
    if code == "zh":
        return _pinyin() is not None
    if code == "ja":
        return _cutlet() is not None
    return False


def romanised(sentence: str, code: str) -> tuple[str, ...]:
    """Latin spellings (lowercase) a translation may use for words of a Chinese or Japanese
    sentence: for Chinese, every run of two to four characters in pinyin ("lanzhou",
    "xijinping", "jinping"); for Japanese, katakana words in their English spelling and
    proper nouns in romaji ("tomato", "matsumoto"). Nothing for other languages or when
    the library is not installed."""
    if len(sentence) > LONGEST:
        return ()
    if code == "zh":
        return _chinese(sentence)
    if code == "ja":
        return _japanese(sentence)
    return ()


def _chinese(sentence: str) -> tuple[str, ...]:
    if _pinyin() is None:
        return ()
    found = []
    for run in _HAN_RUN.findall(sentence):
        syllables = _syllables(run)
        if len(syllables) != len(run):
            continue  # not one syllable per character: the n-grams would not line up
        for size in NAME_SYLLABLES:
            found += ["".join(syllables[k : k + size]) for k in range(len(syllables) - size + 1)]
    return tuple(found)


@lru_cache(maxsize=8192)
def _syllables(run: str) -> tuple[str, ...]:
    """A run of Chinese characters in pinyin (the same run always reads the same: mtcheck
    loads no phrases of its own into pypinyin). Kept, so that the sentences of a source
    checked against many translations are read once (8,192 runs: about 2 MB)."""
    return tuple(map(sys.intern, _pinyin()(run)))  # some 400 syllables, each kept once


def _japanese(sentence: str) -> tuple[str, ...]:
    if _cutlet() is None or not (_KATAKANA.search(sentence) or _HAN_RUN.search(sentence)):
        return ()
    return _japanese_words(sentence)


@lru_cache(maxsize=4096)
def _japanese_words(sentence: str) -> tuple[str, ...]:
    """The katakana words and proper nouns of a sentence spelled by cutlet (the same sentence
    always spells the same). Kept, so that the sentences of a source checked against many
    translations are read once (4,096 sentences and their few words: about 1.5 MB)."""
    katsu = _cutlet()
    found = []
    for word in katsu.tagger(sentence):
        proper = word.feature.pos2 == "固有名詞"
        if proper or _KATAKANA.fullmatch(word.surface):
            spelled = katsu.romaji_word(word)
            found += [part.lower() for part in spelled.split() if part.isascii() and part.isalpha()]
    return tuple(found)
