"""MT9xx: MT output that degenerates: loops, repeated sentences and paragraphs, truncation."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from operator import attrgetter

from mtcheck.checks import made_from_options, provides
from mtcheck.engine.findings import Fix, Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.language.pattern_cache import compile_re
from mtcheck.text.blocks import Block
from mtcheck.text.document import Document
from mtcheck.text.words import WORD, Word, block_words, native_words, sentence_words

_LOWER = attrgetter("lower")
_LOOP_GAP = compile_re(r"[ \t]+")  # a loop has no punctuation: "no, no, no" is rhetoric
_PROSE = ("paragraph", "quote")
_TERMINAL = tuple('.!?…:;"”’»)]') + ("...",)
_OPEN_ENDINGS = ",–—“‘«([„"
# "C) if ...", "(iii) where ...", "2. the": an item of an enumeration, as legal text writes them.
_LIST_MARKER = compile_re(
    r"[ \t]*(?:\((?:[a-zA-Z]|[ivxIVX]{1,4}|\d{1,3})\)|(?:[a-zA-Z]|[ivxIVX]{1,4}|\d{1,3})[.)])[ \t]"
)
_SALUTATION = compile_re(r"[>\s]*(?:dear|hi|hello|hey|good (?:morning|afternoon|evening)|greetings)\b", re.IGNORECASE)


@provides("phrase", "times", options={"max-n": 8, "idioms": ()})
def repeated_ngrams(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """ "the talks the talks the talks": an n-gram repeated back to back.

    One word must repeat four times, two words three times, three or more words twice,
    with nothing but spaces between the copies: English repeats for emphasis with commas
    ("very, very", "border protection, border protection"), a looping decoder does not.
    """
    max_n = rule.options["max-n"]
    idioms: frozenset[str] = made_from_options(rule, frozenset, "idioms")
    for words in block_words(doc):
        lowered = [w.lower for w in words]
        if not _may_loop(lowered, max_n):
            continue
        # For each word, where the same word comes next: a loop of length n at i needs the
        # word at i + n to equal the word at i, so only those distances are worth trying.
        following: list[int] = [0] * len(lowered)
        last_seen: dict[str, int] = {}
        for index in range(len(lowered) - 1, -1, -1):
            following[index] = last_seen.get(lowered[index], -1)
            last_seen[lowered[index]] = index
        i = 0
        while i < len(words):
            if not 0 < following[i] - i <= max_n:
                i += 1  # the word does not come back within max_n words: no loop starts here
                continue
            found = _loop_at(doc, words, lowered, following, i, max_n, idioms)
            if found is None:
                i += 1
                continue
            n, times = found
            first_end = words[i + n - 1].end
            last_end = words[i + n * times - 1].end
            phrase = doc.text[words[i].start : first_end]
            repeat_start = words[i + n].start
            fix = Fix(first_end, last_end, "", rule.fix_safe)
            yield Hit(repeat_start, last_end, fix, {"phrase": phrase, "times": times})
            i += n * times


def _may_loop(lowered: list[str], max_n: int) -> bool:
    """Whether a block may hold a loop _loop_at finds. Both tests ask what every such loop
    has (and _loop_at decides): in the native build, native_words.repeats_in_a_row (for some
    n up to max_n, as many words in a row equal to the word n on as a loop of n words needs:
    3 for one word copied four times, 4 for two words three times, n for n words twice), in C
    the stricter and there the cheaper; in Python, _repeats_a_word_pair's sets cost less."""
    if native_words is not None:
        return native_words.repeats_in_a_row(lowered, max_n)
    return _repeats_a_word_pair(lowered)


def _repeats_a_word_pair(lowered: list[str]) -> bool:
    """Whether the block repeats words and pairs of words in a row as a loop must: "no no no
    no" says a word again 3 times and a pair twice, "a b a b a b" a word 4 times and a pair
    3 times, and a copy of n >= 3 words its n words and n - 1 pairs. Most paragraphs repeat
    fewer (a set of the words first: the cheaper test)."""
    return len(set(lowered)) <= len(lowered) - 3 and len(set(zip(lowered, lowered[1:]))) <= len(lowered) - 3


def _loop_at(
    doc: Document,
    words: list[Word],
    lowered: list[str],
    following: list[int],
    i: int,
    max_n: int,
    idioms: frozenset[str] = frozenset(),
) -> tuple[int, int] | None:
    j = following[i]
    while j != -1 and j - i <= max_n:
        n = j - i
        needed = 4 if n == 1 else 3 if n == 2 else 2
        times = 1
        while (
            lowered[i + times * n : i + (times + 1) * n] == lowered[i : i + n]
            and _adjacent(doc, words, i, n, times)
            and _same_copy(doc, words, i, n, times)
        ):
            times += 1
        if times >= needed and not _idiom(lowered[i : i + n], idioms):
            return n, times
        j = following[j]
    return None


def _same_copy(doc: Document, words: list[Word], i: int, n: int, times: int) -> bool:
    """The copy has the same punctuation inside as the first: "on it was" is no copy of "on; it was"."""
    first = doc.checked[words[i].start : words[i + n - 1].end]
    copy = doc.checked[words[i + times * n].start : words[i + times * n + n - 1].end]
    return first.lower() == copy.lower()


def _idiom(unit: list[str], idioms: frozenset[str]) -> bool:
    """ "again and again and again", "more and more": repetition English uses on purpose."""
    return "and" in unit and all(w == "and" or w in idioms for w in unit)


def _adjacent(doc: Document, words: list[Word], i: int, n: int, times: int) -> bool:
    """The repeat follows the previous copy with only spaces between."""
    previous_end = words[i + times * n - 1].end
    next_start = words[i + times * n].start
    return bool(_LOOP_GAP.fullmatch(doc.checked, previous_end, next_start))


@provides("repeated", options={"min-words": 4, "min-words-tail": 6})
def repeated_sentences(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A sentence that says again exactly what the sentence before it said, or the end of it
    (a loop that restarts mid-sentence: "... for independent media. USD, so as to ... for
    independent media.")."""
    min_words, min_tail = rule.options["min-words"], rule.options["min-words-tail"]
    sentences, all_words = doc.sentences, sentence_words(doc)
    for index in range(1, len(sentences)):
        before, sentence = sentences[index - 1], sentences[index]
        size = len(all_words[index])
        if before.block != sentence.block or (size < min_words and size < min_tail):
            continue  # a repeat follows in the same paragraph, and is long enough
        normal, previous = _lowered(all_words[index]), _lowered(all_words[index - 1])
        if normal == previous and size >= min_words:
            repeated = "The same sentence"
        elif size >= min_tail and previous.endswith(" " + normal):
            repeated = "The end of the sentence before"
        else:
            continue
        fix = Fix(before.end, sentence.end, "", rule.fix_safe)
        yield Hit(sentence.start, sentence.end, fix, {"repeated": repeated})


def _lowered(words: list[Word]) -> str:
    """The words in lowercase, one space between: what a repeat says again."""
    return " ".join(map(_LOWER, words))


@provides("line", "count", options={"min-words": 8, "min-words-adjacent": 3})
def repeated_paragraphs(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """Paragraphs that repeat earlier ones of the same article word for word.

    A run of repeated paragraphs that copies a run of consecutive ones is one finding.
    """
    if sum(block.kind in _PROSE for block in doc.blocks) < 2:
        return  # a copy repeats an earlier paragraph: none with fewer than two (one-line records)
    min_words = rule.options["min-words"]
    min_adjacent = rule.options["min-words-adjacent"]
    prose = [(b, words) for b, words in zip(doc.blocks, block_words(doc)) if b.kind in _PROSE]
    blocks = [b for b, _ in prose]
    copies = _copied_paragraphs(doc, prose, min_words, min_adjacent)
    run: list[tuple[int, int]] = []
    for copy in copies + [(-2, -2)]:
        if run and copy[0] == run[-1][0] + 1 and copy[1] == run[-1][1] + 1:
            run.append(copy)
            continue
        if run:
            first, last = blocks[run[0][0]], blocks[run[-1][0]]
            fix = None
            if all(_single_line(doc, blocks[i]) for i, _ in run):
                start = doc.line_removal_span(first.start)[0]
                end = doc.line_removal_span(last.start)[1]
                fix = Fix(start, end, "", rule.fix_safe)
            original_line = doc.position(blocks[run[0][1]].start)[0]
            yield Hit(first.start, last.end, fix, {"line": original_line, "count": len(run)})
        run = [copy]


def _copied_paragraphs(
    doc: Document, prose: list[tuple[Block, list[Word]]], min_words: int, min_adjacent: int
) -> list[tuple[int, int]]:
    """(index of the repeat, index of the original) of each paragraph that says an earlier one again.

    A paragraph's normal text (its words in lowercase and its final mark: a headline
    "... whisky?" is not repeated by a subheading "... whisky:") is built only when another
    paragraph could say the same: one with the same text just before it, or one as long with
    the same first and last words (most paragraphs have neither).
    """
    normals: dict[int, str] = {}

    def normal(index: int) -> str:
        if index not in normals:
            block, words = prose[index]
            normals[index] = _lowered(words) + _final_mark(doc, block)
        return normals[index]

    checked = doc.checked
    # (length, first word, last word) -> the first paragraph so, whose normal text is not built yet
    first_with: dict[tuple[int, str, str], int] = {}
    seen: dict[str, int] = {}  # normal text -> the first paragraph that says it
    copies: list[tuple[int, int]] = []
    for index, (block, words) in enumerate(prose):
        size = len(words)
        before = prose[index - 1][0]
        # A short paragraph said again at once is a stutter; said again later, a refrain.
        if (
            index
            and size >= min_adjacent
            and block.end - block.start == before.end - before.start  # (no text copied for most)
            and checked[block.start : block.end] == checked[before.start : before.end]
            and normal(index) == normal(index - 1)
        ):
            copies.append((index, index - 1))
        elif size >= min_words:
            edges = (size, words[0].lower, words[-1].lower) if words else (0, "", "")
            first = first_with.setdefault(edges, index)
            if first == index:
                continue  # the first paragraph so: nothing earlier can say the same
            seen.setdefault(normal(first), first)  # (a text says the same only with the same edges)
            original = seen.setdefault(normal(index), index)
            if original != index:
                copies.append((index, original))
    return copies


def _final_mark(doc: Document, block: Block) -> str:
    tail = doc.checked[block.start : _visible_end(doc, block)].rstrip('"”’)»')
    return tail[-1:] if tail[-1:] in (".", "?", "!", ":") else ""


def _single_line(doc: Document, block: Block) -> bool:
    return "\n" not in doc.text[block.start : block.end]


@provides("word", options={"function-words": ()})
def truncated_paragraphs(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A paragraph that stops mid-sentence: no final punctuation, and the last word is one
    no sentence ends on ("...the minister said that the"). When the next paragraph goes on
    in lowercase (or with "I", capitalised mid-sentence too), the sentence was only broken
    across lines (MT204), not cut off."""
    function_words, endings, longest = made_from_options(rule, _final_function_words, "function-words")
    blocks = _prose_blocks(doc)
    for index, block in enumerate(blocks):
        end = _visible_end(doc, block)
        if doc.checked.endswith(_TERMINAL, block.start, end):
            continue
        if (
            endings is not None
            and doc.checked[end - 1 : end].isascii()
            and not doc.checked[max(block.start, end - longest) : end].lower().endswith(endings)
        ):
            continue
        words = WORD.findall(doc.checked, max(block.start, end - 200), end)
        if len(words) < 4 or words[-1].lower() not in function_words or not doc.checked[end - 1].isalpha():
            continue  # an emoji or a symbol after the word ends the message ("and 🌹")
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        head = doc.checked[following.start : following.end].lstrip("“\"‘'(") if following is not None else "A"
        if not head[:1].isupper() or head.startswith(("I ", "I’", "I'")):
            continue
        if following is not None and _list_item_goes_on(doc, block, following, words[-1], end):
            continue
        # "..., but": a clause trailing off (Japanese けど, "I thought so, but") as likely as a cut.
        trails_off = words[-1].lower() == "but" and doc.checked[
            max(block.start, end - 40) : end - len(words[-1])
        ].rstrip().endswith(",")
        yield Hit(end - len(words[-1]), end, data={"word": words[-1]}, milder=trails_off)


def _final_function_words(words: Sequence[str]) -> tuple[set[str], tuple[str, ...] | None, int]:
    """truncated_paragraphs' function words, the endings to test a paragraph's end against and
    the longest word's length."""
    function_words = set(words)
    # A word whose lowercase is one of these ASCII words has as many letters, each lowered
    # alone: a paragraph ending in an ASCII character whose lowered end does not end in one of
    # them does not end in one (most paragraphs), and its words are not looked for.
    endings = tuple(function_words) if all(word.isascii() for word in function_words) else None
    return function_words, endings, max(map(len, function_words), default=0)


def _list_item_goes_on(doc: Document, block: Block, following: Block, word: str, end: int) -> bool:
    """An item of an enumeration that ends on its conjunction after a comma or semicolon
    ("C) if ... violates such an act, or"), with the next item after it ("D) if ..."):
    legal text ends all but the last item so."""
    text = doc.checked
    before = end - len(word)
    return (
        word.lower() in ("or", "and")
        and text[max(block.start, before - 3) : before].rstrip()[-1:] in (",", ";")
        and _LIST_MARKER.match(text, block.start) is not None
        and _LIST_MARKER.match(text, following.start) is not None
    )


@provides("mark")
def unfinished_paragraphs(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A paragraph that stops where its sentence must go on: it ends on a comma, a dash, an
    opening quote or bracket ("...the minister said,").

    A paragraph that merely lacks a full stop is not reported: on the WMT22 references
    every such long paragraph was a headline, a caption, a chat or a product line.
    """
    for block in _prose_blocks(doc):
        end = _visible_end(doc, block)
        if end <= block.start:
            continue
        last = doc.checked[end - 1]
        if last in _OPEN_ENDINGS and len(WORD.findall(doc.checked, block.start, end)) >= 4:
            if last == "(":
                continue  # "my phone is old(": chat writes a sad face so
            if last == "," and _SALUTATION.match(doc.checked, block.start):
                continue  # "Dear colleagues," opens a letter
            yield Hit(end - 1, end, data={"mark": last})


def _prose_blocks(doc: Document) -> list[Block]:
    return [b for b in doc.blocks if b.kind in _PROSE]


def _visible_end(doc: Document, block: Block) -> int:
    end = block.end
    while end > block.start and (doc.checked[end - 1].isspace() or doc.checked[end - 1] == "\ue000"):
        end -= 1
    return end
