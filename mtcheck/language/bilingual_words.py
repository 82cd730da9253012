"""Frequent words of a source language and their English equivalents, as meanings both sides share.

Short chat lines ("Завтра ввечері, після роботи.", "Tomorrow night, after work.") have no
number, name or mark to align them by. A team-written list of a few hundred frequent words
(rules/<lang>/data/bilingual-words.tsv) gives them one: a row is one meaning, and a word of
either side stands for the rows of the longest listed stem it starts with when at most
three letters follow (a case or tense ending), so no stemmer is needed. Chinese and
Japanese, written without spaces, have their listed words found wherever they occur, the
longest first ("十一月" November, not "一月" January).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property

from mtcheck.language.pattern_cache import compile_re
from mtcheck.language.profiles import language
from mtcheck.language.resources import data_file

FILE = "bilingual-words.tsv"
ENDING = 3  # letters a word may carry beyond its stem ("робот-ою", "work-ing")
SHORTEST = 3  # letters of the shortest stem
_WORD = compile_re(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")  # "п'ятниця" is one word
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})


@dataclass(frozen=True)
class WordList:
    """Stems of each side, each with the meanings (row numbers) it stands for."""

    source: dict[str, tuple[int, ...]]
    english: dict[str, tuple[int, ...]]
    unspaced: re.Pattern[str] | None = None  # every source word, longest first (Chinese, Japanese)

    def source_meanings(self, text: str) -> Counter:
        if self.unspaced is None:
            return _meanings(text, self.source, self._source_starts)
        found: Counter = Counter()
        for word in self.unspaced.findall(text):
            found.update(self.source[word])
        return found

    def english_meanings(self, text: str) -> Counter:
        return _meanings(text, self.english, self._english_starts)

    @cached_property
    def _source_starts(self) -> frozenset[str]:
        return _starts(self.source)

    @cached_property
    def _english_starts(self) -> frozenset[str]:
        return _starts(self.english)


def _starts(stems: dict[str, tuple[int, ...]]) -> frozenset[str]:
    """How the stems start (their first SHORTEST letters): a word whose start is none of these
    has no stem to look up (_meanings cuts no word shorter than SHORTEST letters)."""
    return frozenset(stem[:SHORTEST] for stem in stems if len(stem) >= SHORTEST)


def _meanings(text: str, stems: dict[str, tuple[int, ...]], starts: frozenset[str]) -> Counter:
    found: Counter = Counter()
    lowered = text.lower()
    if "’" in lowered or "ʼ" in lowered:
        lowered = lowered.translate(_APOSTROPHES)
    for word in _WORD.findall(lowered):
        if word[:SHORTEST] not in starts:
            continue
        for cut in range(min(ENDING, len(word) - SHORTEST) + 1):
            rows = stems.get(word[: len(word) - cut])
            if rows is not None:
                found.update(rows)
                break
    return found


@cache
def word_list(code: str) -> WordList | None:
    """The language's list, or None when it has none."""
    path = data_file(code, FILE)
    if not path.is_file():
        return None
    source: dict[str, tuple[int, ...]] = {}
    english: dict[str, tuple[int, ...]] = {}
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    for row, (english_stems, source_stems) in enumerate(rows):
        for stems, side in ((english_stems, english), (source_stems, source)):
            for stem in stems.split():
                side[stem] = side.get(stem, ()) + (row,)
    if not language(code).stops_without_space:
        return WordList(source, english)
    return WordList(source, english, re.compile(_longest_listed(source)))


def _longest_listed(words: Iterable[str]) -> str:
    """A pattern that finds, where a listed word starts, the longest one: the words as a tree
    of their letters, each letter's branches tried before the word that ends there. (The same
    matches as the words joined longest first, which `re` tries one by one at every character
    where one may start: 1,200 Chinese words took a tenth of a second an article.)"""
    tree: dict = {}
    for word in words:
        node = tree
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}  # a word ends here

    def branches(node: dict) -> str:
        found = [re.escape(letter) + branches(child) for letter, child in sorted(node.items()) if letter]
        if "" in node:
            found.append("")  # tried last: a longer word through this letter first
        return found[0] if len(found) == 1 else "(?:" + "|".join(found) + ")"

    return branches(tree)
