"""Words with offsets, per sentence, and what the article itself says about capitalisation."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import regex

from mtcheck.document import Document

WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_QUOTE_OPENERS = "\"“‘«„'("
_OPENS_SENTENCE = frozenset(":" + _QUOTE_OPENERS)
_NON_PROSE_BLOCKS = ("heading", "front_matter", "table_cell")


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int
    text: str
    initial: bool  # first word of a sentence (after any dateline), of a quotation, or after a colon

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()


def sentence_words(doc: Document) -> list[list[Word]]:
    """The words of each sentence of the document, in order (cached on the document)."""
    cached = doc.cache.get("sentence_words")
    if cached is None:
        cached = doc.cache["sentence_words"] = [_words(doc, s.start, s.end, doc.sentence_start(s)) for s in doc.sentences]
    return cached


def _words(doc: Document, start: int, end: int, body_start: int) -> list[Word]:
    words = []
    checked, text = doc.checked, doc.text
    for match in WORD.finditer(checked, start, end):
        first, last = match.span()
        if words:
            before = checked[max(start, first - 2) : first].rstrip()
            initial = bool(before) and before[-1] in _OPENS_SENTENCE
        else:
            initial = first <= body_start or not checked[body_start:first].strip(_QUOTE_OPENERS + " \ue000")
        words.append(Word(first, last, text[first:last], initial))
    return words


def gap(doc: Document, left: Word, right: Word) -> str:
    return doc.checked[left.end : right.start]


def is_title_like(doc: Document, words: list[Word]) -> bool:
    """A headline or label in Title Case: its capitals are style, not evidence of names.

    Headlines are short and do not end like sentences; a sentence dense with names
    ("Mali, Burkina Faso and Niger left ECOWAS...") is not one.
    """
    if not words or len(words) > 20:
        return False
    tail = doc.checked[words[-1].end : words[-1].end + 3].lstrip("\"'”’)»")
    if tail[:1] in (".", "!", "?"):
        return False
    long_words = [w for w in words if len(w.text) > 3 and w.text.isalpha()]
    return len(long_words) >= 3 and sum(w.capitalised for w in long_words) >= 0.6 * len(long_words)


@dataclass
class Evidence:
    """What an article's own capitals say about its names.

    `standalone`: lowercase key -> surface forms of capitalised words written mid-sentence
    on their own, and of runs of capitalised words ("UN Security Council" vouches for
    "security council"): strong enough to make "nice" a name.
    `in_names`: the later words of capitalised runs ("Robert Habeck" vouches for "habeck"),
    good evidence only for words that are not ordinary English anyway.
    """

    standalone: dict[str, Counter]
    in_names: dict[str, Counter]

    def __bool__(self) -> bool:
        return bool(self.standalone or self.in_names)

    def forms(self, key: str) -> Counter:
        return self.standalone.get(key, Counter()) + self.in_names.get(key, Counter())


def capitalisation_evidence(doc: Document) -> Evidence:
    """Capitalised words and runs written mid-sentence in running text (cached on the document)."""
    cached = doc.cache.get("capitalisation_evidence")
    if cached is not None:
        return cached
    evidence = Evidence(defaultdict(Counter), defaultdict(Counter))
    for sentence, words in zip(doc.sentences, sentence_words(doc)):
        if doc.blocks[sentence.block].kind in _NON_PROSE_BLOCKS or is_title_like(doc, words):
            continue
        run: list[Word] = []
        for word in words:
            if word.capitalised and run and gap(doc, run[-1], word) == " ":
                run.append(word)
                continue
            _record_run(doc, run, evidence)
            run = [word] if word.capitalised else []
        _record_run(doc, run, evidence)
    doc.cache["capitalisation_evidence"] = evidence
    return evidence


def _record_run(doc: Document, run: list[Word], evidence: Evidence) -> None:
    if len(run) == 1:
        # A lone capitalised word is a name only when no sentence start explains it.
        if not run[0].initial:
            evidence.standalone[run[0].text.lower()][run[0].text] += 1
        return
    for index in range(1, len(run)):
        # Only after a capital that no sentence or quotation start explains: in
        # '"Detail Chamfer"' both capitals may be a caption's style.
        if any(not w.initial for w in run[:index]):
            evidence.in_names[run[index].text.lower()][run[index].text] += 1
    # Every contiguous part of a longer run: "UN Security Council" vouches for "security council".
    for size in range(2, min(len(run), 4) + 1):
        for first in range(len(run) - size + 1):
            part = run[first : first + size]
            surface = doc.text[part[0].start : part[-1].end]
            evidence.standalone[surface.lower()][surface] += 1
