"""MT2xx: sentences that MT split in the wrong place ("by Moscow. and Pyongyang.").

The sentence splitter never splits before a lowercase word, so these checks look at the
raw text: a full stop followed by a lowercase word that no abbreviation explains, and
paragraphs that begin in lowercase. A continuation word after the full stop ("and", "in",
"of") means the sentence was cut in two (MT201, fixed by removing the full stop); any other
lowercase word is a sentence that starts in lowercase (MT203). Paragraphs that start in
lowercase (MT204) are only minor: chat and forum text does it on purpose.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from mtcheck.checks import made_from_options, provides
from mtcheck.engine.findings import Fix, Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.language.names import lexicon
from mtcheck.language.pattern_cache import compile_pattern, compile_re
from mtcheck.text.blocks import Block
from mtcheck.text.document import Document
from mtcheck.text.habits import block_talks_like_chat, opens_list_item, paragraph_habits, starts_capitalised
from mtcheck.text.segment import MASK, dateline_end, word_before
from mtcheck.text.words import Word, is_title_like, sentence_words

if TYPE_CHECKING:
    import regex

# A full stop, spaces, then a lowercase word that is not itself an abbreviation ("i.e.").
_STOP_THEN_LOWER = compile_pattern(
    r"\.(?P<space>[ \t\u00a0]+)(?P<word>\p{Ll}[\p{Ll}\p{M}'’-]*)(?![\p{L}\p{N}]|\.\p{L})"
)
# German-style emphasis puts "!" mid-sentence after these ("it must never, never! be about power").
_EMPHATIC = frozenset("never absolute absolutely really very so not no always ever all totally definitely".split())
_MARK_THEN_LOWER = compile_pattern(
    r"(?<=\p{Ll}\p{Ll})[?!](?P<space>[ \t\u00a0]+)(?P<word>\p{Ll}[\p{Ll}\p{M}'’-]*)(?![\p{L}\p{N}]|\.\p{L})"
)
_FRAGMENT = compile_pattern(r"\p{Ll}[\p{L}\p{M}'’-]*(?:[ \t]+[\p{L}\p{M}'’-]+){0,2}[.!?](?=\s|$)")  # one to three words
_BRAND_MARK = compile_pattern(r"(?i)yahoo!|jeopardy!")  # names spelt with "!"
_FIRST_WORD = compile_pattern(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}'’-]*")
_CLOSERS = "\"'”’»)]"
_OPENERS = " \"'“‘«„([¿¡*" + MASK
_PROSE = ("paragraph", "quote")
_TERMINAL = tuple(".!?…:" + _CLOSERS)


_INTRODUCTORY = compile_re(r"(?:\S+\s+){0,2}?\S*[^\d\s],\s")


def _continues_sentence(doc: Document, word: regex.Match[str], continuation: frozenset[str]) -> bool:
    """ "and Pyongyang", "of Russia against Ukraine": a continuation word that is not the
    start of an introductory phrase closed by a comma ("in addition, the Pentagon...")."""
    if word.group("word") not in continuation:
        return False
    return not _INTRODUCTORY.match(doc.checked, word.start("word"))


@provides("word", "joined")
def broken_splits(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A full stop followed by a lowercase continuation word ("by Moscow. and Pyongyang")."""
    continuation = doc.language.continuation_words
    for dot, word in _lowercase_after_full_stops(doc):
        if _continues_sentence(doc, word, continuation):
            joined = f"{word_before(doc.text, dot)} {word.group('word')}"
            yield Hit(
                dot, dot + 1, Fix(dot, dot + 1, "", rule.fix_safe), {"word": word.group("word"), "joined": joined}
            )


@provides("word", options={"lowercase-names": ()})
def lowercase_sentence_starts(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A sentence inside a paragraph that starts with an ordinary lowercase word."""
    continuation = doc.language.continuation_words
    lowercase_names: set[str] = made_from_options(rule, set, "lowercase-names")
    for dot, word in _lowercase_after_full_stops(doc):
        text = word.group("word")
        if not _continues_sentence(doc, word, continuation) and text not in lowercase_names:
            fragment = _FRAGMENT.match(doc.checked, word.start("word"))
            if fragment is not None:
                # "...in the hospital. patients.": a stray tail of the sentence before, not a
                # sentence; capitalising it would make it worse. Joining is for the editor.
                yield Hit(word.start("word"), word.end("word"), Fix(dot, dot + 1, "", safe=False), {"word": text})
                continue
            yield _capitalise(word.start("word"), text, rule)
    for block, word in doc.block_matches(_MARK_THEN_LOWER):
        # "Can I cancel it? is it okay?": a question or exclamation mark ends the sentence too.
        if doc.checked[word.start()] == "!" and word_before(doc.checked, word.start()).lower() in _EMPHATIC:
            continue
        if block.kind in _PROSE and not doc.written_in_lowercase(block) and word.group("word") not in lowercase_names:
            if not _BRAND_MARK.search(doc.checked, max(block.start, word.start() - 8), word.start() + 1):
                hit = _capitalise(word.start("word"), word.group("word"), rule)
                if doc.checked[word.start()] == "?" and not _asks(doc.checked, block.start, word.start()):
                    # "irritated? since the 11th": a "?" after no question hedges inside a
                    # sentence (as Japanese かな, "I wonder"); the split is only likely.
                    hit = Hit(hit.start, hit.end, hit.fix, hit.data, milder=True)
                yield hit


@provides("word", "reason", options={"lowercase-names": ()})
def lowercase_paragraph_starts(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A paragraph that starts in lowercase: the tail of the paragraph before, or a slip."""
    continuation = doc.language.continuation_words
    lowercase_names: set[str] = made_from_options(rule, set, "lowercase-names")
    habits = None
    block_index: dict[int, int] = {}
    for block, word, previous_end in _lowercase_paragraph_starts(doc):
        if habits is None:  # only an article with such a paragraph pays for these
            habits = paragraph_habits(doc)
            block_index = {id(b): i for i, b in enumerate(doc.blocks)}
        text = word.group()
        if text in lowercase_names or not habits.edited_around(block_index[id(block)]):
            continue  # chat and forum text starts and ends lines as it likes
        if block_talks_like_chat(doc, block):
            continue  # "how are you feeling today?", "hi, I'm sorry": chat, whatever is around it
        if "(" in doc.checked[block.start : word.start()] or "[" in doc.checked[block.start : word.start()]:
            continue  # "(source of video: YouTube)": a bracketed note may start in lowercase
        if previous_end is not None and (
            doc.checked[previous_end - 1] not in _TERMINAL
            or (_ends_with_full_stop(doc, previous_end) and text in continuation)
        ):
            # Join: drop a stray full stop at the end of the previous paragraph.
            start = previous_end - 1 if doc.checked[previous_end - 1] == "." else previous_end
            fix = Fix(start, word.start(), " ", safe=False)
            yield Hit(
                word.start(), word.end(), fix, {"word": text, "reason": "it seems to continue the paragraph before"}
            )
        else:
            hit = _capitalise(word.start(), text, rule)
            yield Hit(hit.start, hit.end, hit.fix, {"word": text, "reason": "a paragraph starts with a capital"})


# A question: a question word or an auxiliary opens the sentence or a clause of it ("Hello, how are you?").
_QUESTION = compile_pattern(
    r"(?i)(?:^|[.!?;:,\"“(]\s*)(?:(?:but|and|so|or|then|well)\s+)?"
    r"(?:what|how|why|when|where|who|whom|whose|which|whether|is|are|am|was|were|do|does|did|can|could|will|"
    r"would|shall|should|have|has|had|may|might|must|or|isn't|aren't|wasn't|weren't|don't|doesn't|didn't|"
    r"can't|couldn't|won't|wouldn't|shouldn't|haven't|hasn't)\b[^.!?]*$"
)


def _asks(text: str, block_start: int, mark: int) -> bool:
    """Is the sentence that the "?" at `mark` ends a question?"""
    return _QUESTION.search(text[max(block_start, mark - 300) : mark]) is not None  # a slice: "^" is its start


def _capitalise(start: int, word: str, rule: PythonRule) -> Hit:
    fix = Fix(start, start + len(word), word[0].upper() + word[1:], rule.fix_safe)
    return Hit(start, start + len(word), fix, {"word": word})


def _lowercase_after_full_stops(doc: Document) -> list[tuple[int, regex.Match[str]]]:
    """Full stops followed by a lowercase word that no abbreviation explains (shared by
    MT201 and MT203, so cached on the document)."""
    cached = doc.cache.get("lowercase_after_full_stops")
    if cached is None:
        cached = doc.cache["lowercase_after_full_stops"] = [
            (match.start(), match)
            for block, match in doc.block_matches(_STOP_THEN_LOWER)
            if (block.kind in _PROSE or block.kind == "list_item")
            and not doc.written_in_lowercase(block)
            and not _explained_by_abbreviation(doc, match.start(), match.group("word"))
        ]
    return cached


def _lowercase_paragraph_starts(doc: Document) -> Iterator[tuple[Block, regex.Match[str], int | None]]:
    """(block, its lowercase first word, end of the previous prose block or None)."""
    previous: Block | None = None
    for block in doc.blocks:
        adjacent = previous if previous is not None and previous.kind == block.kind else None
        previous = block
        if block.kind not in _PROSE or starts_capitalised(doc.checked, block):
            continue
        word = _first_word(doc, block)
        if word is None or not _plain_lowercase(word.group()) or _looks_enumerated(doc, word):
            continue
        if opens_list_item(doc.checked, dateline_end(doc.checked, block.start, block.end)):
            continue  # "* stay in the country for 185 days": a list item goes on from its lead-in
        if doc.written_in_lowercase(block):
            continue
        yield block, word, _last_visible(doc, adjacent) if adjacent is not None else None


# No ordinal stands before these: "the LokSound 5. was improved" is a split, not "5th was".
_NO_ORDINAL_BEFORE = frozenset("is are was were has have had will would can could that which who".split())


def _numbers_a_line(doc: Document, dot: int) -> bool:
    """Is the number before the full stop the first thing on its line ("2. would you...")?"""
    line_start = doc.checked.rfind("\n", 0, dot) + 1
    return doc.checked[line_start:dot].strip(" \t(").isdigit()


def _explained_by_abbreviation(doc: Document, dot: int, after: str = "") -> bool:
    token = word_before(doc.checked, dot).rstrip(_CLOSERS)
    if not token or not any(c.isalnum() for c in token) or token.endswith("."):
        return True  # an ellipsis, or nothing that could end a sentence
    if token.isdigit() and len(token) <= 2 and (after not in _NO_ORDINAL_BEFORE or _numbers_a_line(doc, dot)):
        return True  # a continental ordinal ("his 22. win"), reported by MT808, or "3. which of..."
    if token.isalpha() and token.islower() and len(token) <= 3 and not lexicon(doc.lang).is_common(token):
        return True  # an abbreviation no list has ("chr.", "eg.")
    return doc.language.abbreviation_kind(token) is not None


def _ends_with_full_stop(doc: Document, end: int) -> bool:
    return doc.checked[end - 1] == "." and not _explained_by_abbreviation(doc, end - 1)


def _first_word(doc: Document, block: Block) -> regex.Match[str] | None:
    start = dateline_end(doc.checked, block.start, block.end)
    match = _FIRST_WORD.search(doc.checked, start, block.end)
    if match is None or doc.checked[start : match.start()].strip(_OPENERS):
        return None  # something other than quotes or markup comes first (a number, a symbol)
    return match


def _plain_lowercase(word: str) -> bool:
    # "iPhone", "eBay", "x86": brand and code spellings start in lowercase on purpose.
    if not word[0].islower():
        return False  # most paragraphs: no need to read the letters
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.islower() for c in letters)


def _looks_enumerated(doc: Document, word: regex.Match[str]) -> bool:
    # "a) first point", "ii. second point", but not "mr. Yermak said"
    text, mark = word.group(), doc.checked[word.end() : word.end() + 1]
    return len(text) <= 3 and (mark == ")" or (mark == "." and (len(text) == 1 or set(text) <= _ROMAN_DIGITS)))


_ROMAN_DIGITS = frozenset("ivxlcdm")


def _last_visible(doc: Document, block: Block) -> int:
    end = block.end
    while end > block.start and (doc.checked[end - 1].isspace() or doc.checked[end - 1] == MASK):
        end -= 1
    return end


@provides(
    "opener",
    "before",
    options={
        "openers": (),
        "not-after": (),
        "numbering": (),
        "weak-openers": (),
        "name-nouns": (),
        "adverb-openers": (),
        "prepositions": (),
        "one-word-replies": (),
    },
)
def missing_full_stops(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """Two sentences run together because a full stop was lost ("140 billion Even more",
    "thank you We did not watch TV"): MT took the full stop of a source abbreviation for
    part of it ("млрд.", "tys.", "Mrd."), or merged two segments.

    Only words that open sentences and are never names count ("The", "It", "However"),
    followed by a lowercase word; headlines in Title Case and quotations are left alone."""
    words_of = made_from_options(rule, _full_stop_words, *_FULL_STOP_OPTIONS)
    # One search for "<word> <Opener> <lowercase word>" finds the few sentences worth a look.
    starts = _opener_starts(words_of.candidates, doc.checked)
    if not starts:
        return
    openers, openers_before, numbering = words_of.openers, words_of.openers_before, words_of.numbering
    name_nouns, weak_openers, adverbs = words_of.name_nouns, words_of.weak_openers, words_of.adverbs
    prepositions, replies = words_of.prepositions, words_of.replies
    wanted = sorted({bisect_right(doc.sentence_starts, start) - 1 for start in starts})
    all_words = sentence_words(doc)
    for index in wanted:
        words = all_words[index]
        if not words or is_title_like(doc, words) or _mostly_capitalised(words):
            continue
        for position in range(1, len(words)):
            previous, word = words[position - 1], words[position]
            weak = word.text in weak_openers
            if not (weak or word.text in openers):
                continue
            # "Yahweh So we", "respond to As they say": a subject pronoun after the opener starts a clause
            subject = _SUBJECT.match(doc.checked, word.end) is not None
            if (
                previous.initial
                and not previous.text[:1].islower()
                and not _reply_then_sentence(doc, previous, word, weak, subject, replies)
            ):
                continue  # a headline's first word; but "Fine If everything goes well": a reply, then a sentence
            if (
                weak
                and previous.capitalised
                and not subject
                and not _DETERMINER.match(doc.checked, word.end)
                and not _OPENING_PHRASE.match(doc.checked, word.end)
                and not _content_word_after(doc, word.end)
            ):
                continue  # "Only Fools Rush In is...": a title may end on a preposition; "Bölk In the fight" is no title
            earlier = words[position - 2] if position >= 2 else None
            if previous.text.isdigit() and (
                (earlier is not None and earlier.text in numbering)
                or doc.checked[max(0, previous.start - 2) : previous.start].strip() == "§"
            ):
                continue  # "Article 17 The state implements...", "§ 152 The spread of..."
            if doc.checked[previous.end : word.start] != " ":
                continue
            if previous.lower in openers_before and word.text not in _PRONOUNS and not subject:
                continue  # "read The Times", but "short of We said" cannot be a title
            if (
                previous.lower in prepositions
                and not subject
                and word.text not in _PRONOUNS
                and (weak or not _FINITE_VERB.match(doc.checked, word.end))
            ):
                # "of In Cold Blood", "refugees on The border" (a slip of case); but a strong opener
                # and a verb make a sentence: "our troops came in The clean-up operation is underway".
                continue
            if previous.lower in name_nouns and _RELATIVE.search(
                doc.checked, word.end, min(doc.sentences[index].end, word.end + 200)
            ):
                continue  # "the movement We keep on changing, which won": a name the clause picks up
            following = doc.checked[word.end : word.end + 3]
            if len(following) < 2 or following[0] != " " or not (following[1].islower() or _I.match(following, 1)):
                if not (word.text in adverbs and previous.text[:1].islower() and _clause_after(doc, word.end)):
                    continue  # "a rally Now Russian equipment has arrived": an adverb, then a clause's subject
            yield Hit(
                previous.start,
                word.end,
                Fix(previous.end, previous.end, ".", safe=False),
                {"opener": word.text, "before": previous.text},
            )


class _FullStopWords(NamedTuple):
    """The word sets of missing_full_stops' options, and its search for candidates."""

    openers: set[str]
    openers_before: set[str]  # after these the capital is a title's ("in The Guardian", "the band The Who")
    numbering: set[str]
    name_nouns: set[str]
    weak_openers: set[str]
    adverbs: set[str]
    prepositions: set[str]
    replies: set[str]
    candidates: re.Pattern[str]


# missing_full_stops' options, in the order _full_stop_words takes them.
_FULL_STOP_OPTIONS = (
    "openers",
    "not-after",
    "numbering",
    "name-nouns",
    "weak-openers",
    "adverb-openers",
    "prepositions",
    "one-word-replies",
)


def _full_stop_words(*lists: Sequence[str]) -> _FullStopWords:
    """missing_full_stops' options (_FULL_STOP_OPTIONS) as sets, and its search for candidates."""
    openers, not_after, numbering, name_nouns, weak_openers, adverbs, prepositions, replies = map(set, lists)
    return _FullStopWords(
        openers,
        not_after,
        numbering,
        name_nouns,
        weak_openers,
        adverbs,
        prepositions,
        replies,
        _opener_pattern(tuple(sorted(openers | weak_openers))),
    )


@lru_cache(maxsize=8)
def _opener_pattern(openers: tuple[str, ...]) -> re.Pattern[str]:
    """A word character, a space, an opener and a lowercase word, or a capitalised word then a
    lowercase one, for the adverbs ("rally Now Russian equipment has"), matched from the space:
    a literal first lets `re` skip from space to space (see _opener_starts)."""
    firsts = "".join(sorted({re.escape(opener[0]) for opener in openers}))
    return compile_re(rf" (?=[{firsts}])(?<=[^\W_] )(" + "|".join(openers) + r") (?:[^\W\d_A-Z]|I\b|[A-Z][a-z]+ [a-z])")


def _opener_starts(pattern: re.Pattern[str], text: str) -> list[int]:
    """Where the openers of a finditer of pattern, begun one character earlier (at the word
    character), start: as each match begins one character later, the search for the next
    goes on from one past the end of the last (a lookbehind sees before where a search starts)."""
    starts, end = [], 0
    while (match := pattern.search(text, end + 1)) is not None:
        starts.append(match.start(1))
        end = match.end()
    return starts


def _clause_after(doc: Document, end: int) -> bool:
    """ "Now Russian equipment has arrived": a capitalised word that is no function word, then
    a lowercase one, is a clause's subject; a title goes on capitalised ("Now You See Me")."""
    following = _CAPITAL_THEN_LOWER.match(doc.checked, end)
    return following is not None and following.group(1).lower() not in doc.language.function_words


# An auxiliary within the next few words: what follows the opener is a clause.
_FINITE_VERB = compile_re(
    r"(?: [a-z][\w'’-]*){1,3} (?:is|are|was|were|has|have|had|will|would|can|could|should|must|may|might|does|did)\b"
)
_CAPITAL_THEN_LOWER = compile_re(r" ([A-Z][a-z]+) [a-z]")


def _content_word_after(doc: Document, end: int) -> bool:
    """ "Garbrandt In spring", "Kyiv Though people": a lowercase content word after the opener
    begins a clause; a title that ends on a preposition goes on with a verb ("Rush In is")."""
    following = _NEXT_LOWERCASE.match(doc.checked, end)
    return following is not None and following.group(1) not in doc.language.function_words


_NEXT_LOWERCASE = compile_re(r" ([a-z]+)\b")
_PRONOUNS = frozenset(("It", "He", "She", "They", "We"))
_RELATIVE = compile_re(r", (?:which|who|whose) ")
# Determiners and quantities: "Babyn Yar For over a month", "Ukrainian For other information".
_DETERMINER = compile_re(
    r" (?:the|a|an|this|these|those|his|her|its|their|our|my|your|some|many|most|all|each|every|any|other|"
    r"several|more|further|over|almost|nearly|\d)\b"
)
# Phrases that open sentences after a weak opener: "in his Gulag As for the rest of you".
_OPENING_PHRASE = compile_re(r" (?:for|a result|example|instance|fact|addition|particular|least|first|all|that,)(?!\w)")
_I = compile_re(r"I(?:[ '’]|$)")
_SUBJECT = compile_re(r" (?:we|they|he|she|it|you|I)(?:['’][a-z]+)?(?=[ ,])")  # "But you, my friends, know"


def _reply_then_sentence(
    doc: Document, reply: Word, opener: Word, weak: bool, subject: bool, replies: set[str]
) -> bool:
    """ "Fine If everything goes well", "Yes In addition to the knee": a one-word reply, then a
    sentence. An opener that also ends titles ("In") needs a clause's start after it."""
    if reply.text not in replies:
        return False
    return (
        not weak
        or subject
        or bool(_DETERMINER.match(doc.checked, opener.end) or _OPENING_PHRASE.match(doc.checked, opener.end))
    )


def _mostly_capitalised(words: list[Word]) -> bool:
    """A headline in Title Case, however long: most of its longer words capitalised."""
    longer = [w for w in words if len(w.text) > 3 and w.text.isalpha() and not w.initial]
    return len(longer) >= 4 and sum(w.capitalised for w in longer) >= 0.6 * len(longer)
