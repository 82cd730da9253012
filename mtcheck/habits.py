"""What an article's own paragraphs say about how it is written.

Edited prose starts every paragraph with a capital and ends it with punctuation; chat,
forum and social-media text does neither, on purpose. A paragraph that breaks the
convention is a slip only where the article's other paragraphs keep it.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from mtcheck.document import Document
from mtcheck.segment import MASK, dateline_end

_PROSE = ("paragraph", "quote")
_FIRST_LETTER = regex.compile(r"[\p{L}\p{N}]")
_TERMINAL = tuple(".!?…:;\"”’»)]") + ("...",)
_SHORT = 4  # words: shorter paragraphs (labels, greetings) say little about the convention
LONG = 12  # words: a paragraph this long without final punctuation is no headline


@dataclass(frozen=True)
class ParagraphHabits:
    lowercase_starts: frozenset[int]  # indexes (into doc.blocks) of prose paragraphs starting in lowercase
    open_ends: frozenset[int]  # ... and of those that end without punctuation
    judged: int  # prose paragraphs long enough to judge
    short_open_ends: frozenset[int] = frozenset()  # open ends of fewer than LONG words: headlines, labels, chat

    def edited_apart_from(self, index: int, min_others: int = 0) -> bool:
        """Do the paragraphs other than `index` keep the edited-prose convention: none starts
        in lowercase, and at most one in four lacks final punctuation? With fewer than
        `min_others` to judge by, the answer is no; with none asked for, an article is taken
        to be edited prose."""
        others = self.judged - (1 if index in self.lowercase_starts or index in self.open_ends else 0)
        lowercase = len(self.lowercase_starts - {index})
        open_ends = len(self.open_ends - {index})
        return others >= min_others and lowercase == 0 and open_ends * 4 <= max(others, 0)

    def without_headlines_apart_from(self, index: int) -> bool:
        """No paragraph other than `index`, past the first, is a short one without final
        punctuation (a headline, a label, a chat line): the text is one article of prose."""
        return not (self.short_open_ends - {index})


def paragraph_habits(doc: Document) -> ParagraphHabits:
    cached = doc.cache.get("paragraph_habits")
    if cached is not None:
        return cached
    lowercase, open_ends, short_open_ends, judged = set(), set(), set(), 0
    for index, block in enumerate(doc.blocks):
        if block.kind not in _PROSE:
            continue
        text = doc.checked[block.start : block.end].replace(MASK, " ").strip()
        if len(text.split()) < _SHORT:
            continue
        judged += 1
        first = _FIRST_LETTER.search(doc.checked, dateline_end(doc.checked, block.start, block.end), block.end)
        if first is not None and first.group().islower():
            lowercase.add(index)
        # The first paragraph of a plain-text article is its headline: no punctuation needed.
        if index > 0 and not text.endswith(_TERMINAL):
            open_ends.add(index)
            if len(text.split()) < LONG:
                short_open_ends.add(index)
    habits = doc.cache["paragraph_habits"] = ParagraphHabits(
        frozenset(lowercase), frozenset(open_ends), judged, frozenset(short_open_ends))
    return habits
