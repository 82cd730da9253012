"""Words with offsets, per sentence, and what the article itself says about capitalisation."""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from itertools import accumulate, compress, count, repeat
from operator import itemgetter, methodcaller
from typing import NamedTuple

from mtcheck.language.pattern_cache import compile_pattern, compile_re
from mtcheck.text.document import Document
from mtcheck.text.scan import LONG_TEXT, few_char_positions, matches_at
from mtcheck.text.segment import dateline_end

try:  # the optional native build's C loops (scripts/build_native.py); the Python here is their reference
    from mtcheck.text import native_words
except ImportError:
    native_words = None  # type: ignore[assignment]

WORD = compile_pattern(r"[\p{L}\p{M}\p{N}]+")
_QUOTE_OPENERS = "\"“‘«„'("
# A dash opening a line of dialogue ("— Пхах!", "- Whoever did this...") leaves the next word first.
_LEADING = _QUOTE_OPENERS + " \u00a0\ue000—–-"
# A word is initial after ":", an opening quote or bracket, with or without a space between,
# and after a dash that opens a new speaker's line inside a paragraph ("шансів. — Стривай");
# not after an elision ("l'Italia", "d'Ivoire"). The match ends where the word starts.
# Every alternative's first character is matched first, the alternative then told by what it
# was (a lookbehind): a pattern that opens with a set lets `re` skip to the places that hold one.
_AFTER_OPENER = (
    r"[:\"“‘«„('.!?…]"
    r"(?:(?<=[:\"“‘«„(])|(?<=(?<!{letter})')|(?<=[:\"“‘«„(']) |(?<=[.!?…])[\"”»]? [—–][ \u00a0])(?={word})"
)
# Splitting keeps the words at odd indexes. `re` splits several times faster than `regex`, and
# below U+0250 (Latin) and in General Punctuation the two agree on what a letter, mark and
# number is (tests/test_words.py checks every code point), so text in those ranges takes `re`.
_LATIN_WORD_CHARS = "0-9A-Za-zª²³µ¹º¼-¾À-ÖØ-öø-ɏ"
_LATIN_LETTERS = "A-Za-zªµºÀ-ÖØ-öø-ɏ"
_BEYOND_LATIN = compile_re("[^\x00-\u024f\u2000-\u206f\ue000]")
_LATIN_SPLIT = compile_re(f"([{_LATIN_WORD_CHARS}]+)")
# The characters _AFTER_OPENER's matches start with (its first set), and the share of a text's
# characters that _opener_ends finds them in Python up to.
_OPENER_MARKS = ":\"“‘«„('.!?…"
# A sentence's closing mark starts a match only before a dash (its last alternative): in a
# text without a dash, only the other marks are places (ref A's 1,900 full stops and question
# marks each cost a match tried in vain, 6 M instructions in all).
_DASHES = "—–"
_OPENER_MARKS_BUT_DASHED = ":\"“‘«„('"
_OPENER_MARKS_SHARE = 8
# A sentence's last word is bisected among this many words from its first before all the rest.
_FEW_WORDS = 64
_END = methodcaller("end")
_LATIN_AFTER_OPENER = compile_re(_AFTER_OPENER.format(letter=f"[{_LATIN_LETTERS}]", word=f"[{_LATIN_WORD_CHARS}]"))
_SPLIT = compile_pattern(r"([\p{L}\p{M}\p{N}]+)")
_OPENER = compile_pattern(_AFTER_OPENER.format(letter=r"\p{L}", word=r"[\p{L}\p{M}\p{N}]"))
_NON_PROSE_BLOCKS = ("heading", "front_matter", "table_cell")
# Below U+0100 the Latin word characters are the alphanumeric ones (tests/test_words.py): each
# such byte of Latin-1 as it is, every other a space.
_LATIN1_WORD_BYTES = "".join(c if c.isalnum() else " " for c in map(chr, range(256))).encode("latin-1")
# _latin_split reads a text with up to this share of characters beyond Latin-1 (one Python step each).
_BEYOND_LATIN1_SHARE = 8
# In a text marked so (words' bytes, spaces), each space a byte that is no white space, each word byte a space.
_GAP_BYTES = bytes(0x78 if byte == 0x20 else 0x20 for byte in range(256))


class Word(NamedTuple):
    # A named tuple, not a dataclass: an article has tens of thousands of words.
    start: int
    end: int
    text: str
    initial: bool  # first word of a sentence (after any dateline), of a quotation, or after a colon
    capitalised: bool
    lower: str


_CAPITALISED = itemgetter(Word._fields.index("capitalised"))  # (an index: cheaper than the attribute, in C)


def sentence_words(doc: Document) -> list[list[Word]]:
    """The words of each sentence of the document, in order (cached on the document)."""
    cached = doc.cache.get("sentence_words")
    if cached is None:
        # No garbage collection while the words are built: the column lists and the tens of
        # thousands of Words are all new, and every collection on the way traversed them again
        # (a fifth of the build's instructions under callgrind); none of them is in a cycle, and
        # the temporaries are freed before the next collection sees them. (In place, not a
        # context manager: on a one-line document, entering one cost as much as the words.)
        enabled = gc.isenabled()
        gc.disable()
        try:
            cached = doc.cache["sentence_words"] = _all_sentence_words(doc)
        finally:
            if enabled:
                gc.enable()
    return cached


def sentence_body_starts(doc: Document) -> list[int]:
    """doc.sentence_start of each sentence, in order: kept from building the words (the
    language probes and the word runs asked it again of every sentence, 7 M instructions
    on a 190 KB article)."""
    if "sentence_body_starts" not in doc.cache:
        sentence_words(doc)
    return doc.cache["sentence_body_starts"]


def _all_sentence_words(doc: Document) -> list[list[Word]]:
    """The words of every sentence from one split of the whole text, which gives a sentence
    the words `_words` would: unless a word runs over its edge, a character is beyond Latin,
    or the checked text differs from the text there (those sentences take `_words`).

    An opener matched in the whole text but not in the sentence alone (one that begins before
    it, or a quote whose lookbehind sees the previous sentence) ends at the sentence's first
    word, whose flag is set afterwards anyway.
    """
    checked, text = doc.checked, doc.text
    starts, ends, texts, beyond = text_words(doc)
    # (isascii is a flag)
    latin = not beyond if beyond is not None else checked.isascii() or _BEYOND_LATIN.search(checked) is None
    initial = [False] * len(texts)
    for opener_end in _opener_ends(checked):
        initial[bisect_left(starts, opener_end)] = True  # an opener ends where a word starts
    same_text = text == checked
    spans: list[tuple[int, int] | None] = []
    beyond_latin = repeat(False) if latin else _beyond_latin(doc, beyond)
    body_starts: list[int] = []  # doc.sentence_start of each sentence
    word_count = len(starts)
    stop = 0
    for (start, end, _), foreign in zip(doc.sentences, beyond_latin):
        body_start = dateline_end(checked, start, end)
        body_starts.append(body_start)
        # Bisected among the words from the previous sentence's stop on, and the sentence's
        # own words first (a bisection of all 34,000 of an article cost 2,900 instructions;
        # the words between two sentences, and a sentence of more, are few).
        first = stop if stop == word_count or starts[stop] >= start else bisect_left(starts, start, stop)
        stop = bisect_left(starts, end, first, min(first + _FEW_WORDS, word_count))
        if stop == first + _FEW_WORDS:
            stop = bisect_left(starts, end, stop)
        if (
            (first and ends[first - 1] > start)
            or (stop and ends[stop - 1] > end)
            or (not same_text and text[start:end] != checked[start:end])
            or foreign
        ):
            spans.append(None)
            continue
        spans.append((first, stop))
        if first < stop:
            if starts[first] == start == body_start:
                initial[first] = True  # (what _flag_sentence_start sets when no dateline comes first)
            else:
                _flag_sentence_start(checked, starts, initial, first, stop, body_start)
    words = _built(starts, ends, texts, initial)
    doc.cache["sentence_body_starts"] = body_starts
    return [
        words[span[0] : span[1]] if span else _words(doc, s.start, s.end, body_start)
        for s, span, body_start in zip(doc.sentences, spans, body_starts)
    ]


def _opener_ends(checked: str) -> Iterator[int]:
    """Where the matches of _LATIN_AFTER_OPENER.finditer(checked) end: each starts at one of
    _OPENER_MARKS (of _OPENER_MARKS_BUT_DASHED in a text without a dash), found with str.find,
    and is tried there alone (the regex's search read every character of the text). A short
    text, or one with many such marks (each a step in Python), is searched as before."""
    places = None
    if len(checked) >= LONG_TEXT:  # (a record: a search for each mark cost it more)
        marks = _OPENER_MARKS if any(map(checked.__contains__, _DASHES)) else _OPENER_MARKS_BUT_DASHED
        places = few_char_positions(checked, marks, len(checked) // _OPENER_MARKS_SHARE)
    found = (
        _LATIN_AFTER_OPENER.finditer(checked) if places is None else matches_at(_LATIN_AFTER_OPENER, checked, places)
    )
    return map(_END, found)


def text_words(doc: Document) -> tuple[list[int], list[int], list[str], list[int] | None]:
    """The starts, ends and texts of the words _LATIN_SPLIT splits the whole checked text into
    (sentence_words' are made of them), and where its characters beyond Latin are (None: not
    known, when the text has many), cached on the document."""
    cached = doc.cache.get("text_words")
    if cached is None:
        cached = _latin_split(doc.checked)
        if cached is None:
            parts = _LATIN_SPLIT.split(doc.checked)
            offsets = list(accumulate(map(len, parts), initial=0))
            cached = offsets[1:-1:2], offsets[2:-1:2], parts[1::2], None
        doc.cache["text_words"] = cached
    return cached


def _latin_split(checked: str) -> tuple[list[int], list[int], list[str], list[int]] | None:
    """The starts, ends and texts of the words _LATIN_SPLIT splits the text into, and where
    its characters beyond Latin are, read without a regex: the Latin-1 bytes of its words kept,
    every other byte a space, split at the spaces, in C (a regex split cost a step of its engine
    per word, and an allocation). None for a text with many characters beyond Latin-1 (each is
    a step in Python here)."""
    if native_words is not None:
        return native_words.latin_split(_LATIN1_WORD_BYTES, _BEYOND_LATIN1_SHARE, checked)
    encoded = checked.encode("latin-1", "replace")  # every character beyond Latin-1 a "?"
    marks = encoded.count(b"?")
    if marks > len(checked) // _BEYOND_LATIN1_SHARE:
        return None
    marked = bytearray(encoded.translate(_LATIN1_WORD_BYTES))
    beyond: list[int] = []  # where _BEYOND_LATIN matches
    extended: list[int] = []  # where a letter of Latin Extended-A or B is (a word character)
    if marks != checked.count("?"):
        at = encoded.find(b"?")
        while at >= 0:
            char = checked[at]
            if "\u00ff" < char < "\u0250":
                extended.append(at)
                marked[at] = 0x61  # a letter in its place
            elif char > "\u00ff" and not ("\u2000" <= char <= "\u206f" or char == "\ue000"):
                beyond.append(at)
            at = encoded.find(b"?", at + 1)
    # The words, and the gaps between them (runs of spaces in `marked`, of other bytes in `gaps`),
    # each found in one split: their lengths, interleaved and summed, are where each word
    # starts and ends (a split at every space read each character beyond a word in Python's steps).
    texts = marked.decode("latin-1").split()  # (no word character is white space)
    if not texts:
        return [], [], [], beyond
    lengths = [0] * (2 * len(texts))
    lengths[1::2] = map(len, texts)
    gaps = list(map(len, bytes(marked).translate(_GAP_BYTES).split()))  # (bytes: a gap of one byte is not copied)
    if marked[0] == 0x20:  # a gap before the first word
        lengths[0::2] = gaps[: len(texts)]
    else:
        lengths[2::2] = gaps[: len(texts) - 1]
    offsets = list(accumulate(lengths))
    starts, ends = offsets[0::2], offsets[1::2]
    for at in extended:  # the word's own letters, for the one standing in
        index = bisect_right(starts, at) - 1
        texts[index] = checked[starts[index] : ends[index]]
    return starts, ends, texts, beyond


def _beyond_latin(doc: Document, beyond: list[int] | None) -> list[bool]:
    """Has each sentence a character beyond Latin (_BEYOND_LATIN)? `beyond`: where the text's
    are, when known: each placed in its sentence (a test a sentence cost more, with a few)."""
    checked, sentences = doc.checked, doc.sentences
    if beyond is None:
        return [_BEYOND_LATIN.search(checked, start, end) is not None for start, end, _ in sentences]
    found = [False] * len(sentences)
    for at in beyond:
        index = bisect_right(doc.sentence_starts, at) - 1
        if index >= 0 and at < sentences[index].end:
            found[index] = True
    return found


def _words(doc: Document, start: int, end: int, body_start: int) -> list[Word]:
    """The sentence's words, built column by column in C (no Python call per word: an article
    has tens of thousands)."""
    checked = doc.checked
    sentence = checked[start:end]
    latin = _BEYOND_LATIN.search(sentence) is None
    parts = (_LATIN_SPLIT if latin else _SPLIT).split(sentence)  # gap, word, gap, ..., word, gap
    count = len(parts) // 2
    if not count:
        return []
    offsets = list(accumulate(map(len, parts), initial=start))
    starts, ends = offsets[1:-1:2], offsets[2:-1:2]
    text = doc.text
    texts = parts[1::2] if text[start:end] == sentence else [text[a:b] for a, b in zip(starts, ends)]
    initial = [False] * count
    for opener in (_LATIN_AFTER_OPENER if latin else _OPENER).finditer(sentence):
        initial[bisect_left(starts, start + opener.end())] = True
    _flag_sentence_start(checked, starts, initial, 0, count, body_start)
    return _built(starts, ends, texts, initial)


def _flag_sentence_start(
    checked: str, starts: list[int], initial: list[bool], first: int, stop: int, body_start: int
) -> None:
    """Set `initial` for a sentence's words (those at starts[first:stop]): the word where its
    body starts (after any dateline) is initial, and its first word is when nothing but
    openers comes before it."""
    at_body = bisect_left(starts, body_start, first, stop)
    if at_body < stop and starts[at_body] == body_start:
        initial[at_body] = True
    head = starts[first]
    initial[first] = head <= body_start or not checked[body_start:head].strip(_LEADING)


def _built(starts: list[int], ends: list[int], texts: list[str], initial: list[bool]) -> list[Word]:
    """The Words of these columns, built in C (no Python call per word: an article has tens of thousands)."""
    if native_words is not None:
        return native_words.built(Word, starts, ends, texts, initial)
    capitalised = [word[0].isupper() for word in texts]
    columns = zip(starts, ends, texts, initial, capitalised, map(str.lower, texts))
    return list(map(tuple.__new__, repeat(Word), columns))


def block_words(doc: Document) -> list[list[Word]]:
    """The words of each block (the words of its sentences, joined), cached on the document."""
    cached = doc.cache.get("block_words")
    if cached is None:
        cached = [[] for _ in doc.blocks]
        for sentence, words in zip(doc.sentences, sentence_words(doc)):
            cached[sentence.block].extend(words)
        doc.cache["block_words"] = cached
    return cached


def gap(doc: Document, left: Word, right: Word) -> str:
    return doc.checked[left.end : right.start]


def is_title_like(doc: Document, words: list[Word]) -> bool:
    """A headline or label in Title Case: its capitals are style, not evidence of names.

    Headlines are short and do not end like sentences; a sentence dense with names
    ("Mali, Burkina Faso and Niger left ECOWAS...") is not one.
    """
    if not words or len(words) > 40:
        return False
    tail = doc.checked[words[-1].end : words[-1].end + 3].lstrip("\"'”’)»")
    if tail[:1] in (".", "!", "?"):
        return False
    long_words = [w for w in words if len(w.text) > 3 and w.text.isalpha()]
    return len(long_words) >= 3 and sum(w.capitalised for w in long_words) >= 0.6 * len(long_words)


def title_like_sentences(doc: Document) -> list[bool]:
    """is_title_like of each sentence's words, in order (cached on the document: several rules ask)."""
    cached = doc.cache.get("title_like_sentences")
    if cached is None:
        cached = doc.cache["title_like_sentences"] = [is_title_like(doc, words) for words in sentence_words(doc)]
    return cached


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
    # (key, surface) pairs in the order seen, counted at the end (in C)
    standalone: list[tuple[str, str]] = []
    in_names: list[tuple[str, str]] = []
    checked = doc.checked
    for sentence, words, title_like in zip(doc.sentences, sentence_words(doc), title_like_sentences(doc)):
        if doc.blocks[sentence.block].kind in _NON_PROSE_BLOCKS or title_like:
            continue
        for first, last in _capitalised_runs(checked, words):
            if first == last:
                # A lone capitalised word is a name only when no sentence start explains it
                # (a sentence's lone first word says nothing).
                if not words[first].initial:
                    standalone.append((words[first].lower, words[first].text))
                continue
            following = words[last + 1] if last + 1 < len(words) else None
            prose_follows = (
                following is not None
                and following.text[:1].islower()
                and checked[words[last].end : following.start] == " "
            )
            _record_run(doc.text, words[first : last + 1], standalone, in_names, prose_follows)
    evidence = doc.cache["capitalisation_evidence"] = Evidence(_counted(standalone), _counted(in_names))
    return evidence


def _capitalised_runs(checked: str, words: list[Word]) -> list[tuple[int, int]]:
    """The first and last index of each run of capitalised words one space apart: read from
    the capitalised words alone (most words are not, and end no run); in C with the native
    build (a Python step each capitalised word and a call each word: 17.7 M instructions on
    a 190 KB article)."""
    if native_words is not None:
        return native_words.capitalised_runs(checked, words)
    runs = []
    first = last = -2  # (no run yet)
    for index in compress(count(), map(_CAPITALISED, words)):
        if index != last + 1 or checked[words[last].end : words[index].start] != " ":
            if last >= 0:
                runs.append((first, last))
            first = index
        last = index
    if last >= 0:
        runs.append((first, last))
    return runs


def _record_run(
    text: str, run: list[Word], standalone: list[tuple[str, str]], in_names: list[tuple[str, str]], prose_follows: bool
) -> None:
    """Record a run of two or more capitalised words."""
    # Where the run's first word that is not initial is (a capital no sentence start explains).
    mid_sentence = next((index for index, word in enumerate(run) if not word.initial), len(run))
    if run[0].initial and run[0].lower in ("the", "a", "an"):
        run = run[1:]  # "The Nansha Islands lie...": the article's capital is the sentence's
        if len(run) == 1:
            standalone.append((run[0].lower, run[0].text))  # "The Polish army"
            return
        mid_sentence = 0  # the word after the article is mid-sentence
    for index, word in enumerate(run):
        # Only after a capital that no sentence or quotation start explains: in
        # '"Detail Chamfer"' both capitals may be a caption's style. The first word counts
        # when it is itself mid-sentence ("in the Nansha Islands" vouches for "nansha").
        # A sentence's opening run that running text follows ("Max Verstappen did it") is no
        # caption: its capitals after the first are the name's.
        if mid_sentence < max(index, 1) or (prose_follows and index > 0):
            in_names.append((word.lower, word.text))
    # Every contiguous part of a longer run: "UN Security Council" vouches for "security council".
    for size in range(2, min(len(run), 4) + 1):
        for first in range(len(run) - size + 1):
            surface = text[run[first].start : run[first + size - 1].end]
            standalone.append((surface.lower(), surface))


def _counted(pairs: list[tuple[str, str]]) -> defaultdict[str, Counter]:
    """key -> Counter of surfaces, keys and surfaces in the order first seen (as counting
    one by one into a defaultdict(Counter) orders them)."""
    counted: defaultdict[str, Counter] = defaultdict(Counter)
    for (key, surface), number in Counter(pairs).items():
        forms = counted.get(key)
        if forms is None:
            forms = counted[key] = _empty_counter()
        forms[surface] = number
    return counted


# An empty Counter without Counter.__init__, a call in Python that for no argument does nothing
# (it updates the counter from its argument): a fifth of an article's evidence, once per name.
_empty_counter = partial(Counter.__new__, Counter)
