"""What an article's own paragraphs say about how it is written.

Edited prose starts every paragraph with a capital and ends it with punctuation; chat,
forum and social-media text does neither, on purpose. A paragraph that breaks the
convention is a slip only where the paragraphs around it keep it.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from mtcheck.language.pattern_cache import compile_pattern, compile_re
from mtcheck.text.blocks import Block
from mtcheck.text.document import Document
from mtcheck.text.segment import MASK, dateline_end

_PROSE = ("paragraph", "quote")
_FIRST_WORD = compile_pattern(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}'’-]*")
_TERMINAL = tuple('.!?…:;"”’»)]') + ("...",)
_SHORT = 4  # words: shorter paragraphs (labels, greetings) say little about the convention
_REACH = 4  # paragraphs on each side that set the register (a long text may change register)
_CAPITALS_KEPT = 2  # neighbours, all starting with a capital, that show the writer capitalises lines
# A line without final punctuation is chat only when it talks like chat: headlines and
# captions (sentence case or not) leave the full stop out too.
# The symbols of Latin-1 and the letterlike ones (® © ° ™ ℃ №) are product copy and units,
# not emoticons ("DCC as well as Motorola®", "around 1°C").
# Two searches, marks first: one pattern of both alternatives, case-insensitive throughout,
# tried the words at every position and took half again as long (":d" is a grin, as before).
_CONVERSATIONAL_MARKS = compile_pattern(r"[?!]|[:;]-?[()Dd]|(?![\u00a0-\u00ff\u2100-\u214f])\p{So}")
_CONVERSATIONAL_WORDS = compile_pattern(
    r"(?i)\b(?:i|i'm|i’m|me|my|you|your|we|us|our|thanks?|please|hi|hello|ok|okay|lol|pls)\b"
)
# A block where this `re` class (~3x faster than regex) finds nothing has no conversational
# mark: "?", "!", ":", ";" and all outside ASCII and ranges without symbols (for \p{So}).
_MAYBE_MARK = compile_re(r"[^\x00-\x20\x22-\x39\x3c-\x3e\x40-\x7f\u00a0-\u00ff\u2010-\u205e\u2100-\u214f]")
# A match of _CONVERSATIONAL_WORDS is one of these (its "i'm" starts with "i"), between
# characters that are not ASCII word characters, in ASCII letters or in the three
# characters that regex takes for one case-insensitively (tests/test_fast_paths.py checks them).
_CHAT_WORDS = frozenset(b"i me my you your we us our thank thanks please hi hello ok okay lol pls".split())
_NON_ASCII_CASES = "\u0130\u017f\u212a"  # İ, ſ, K
_ASCII_WORDS = bytes(
    c | 0x20 if chr(c).isascii() and chr(c).isalpha() else c if chr(c) in "0123456789_" else 0x20 for c in range(256)
)
# A bullet ("- please use the cart", "• you receive an email") opens a list item, whose
# lowercase start continues the line before it and says nothing about the writer's habits.
_BULLET = compile_pattern(r"[-–—•·*]\s")


@dataclass(frozen=True)
class ParagraphHabits:
    """How a document's paragraphs start and end, to tell chat from edited prose."""

    judged: tuple[int, ...]  # indexes (into doc.blocks) of prose paragraphs long enough to judge
    lowercase_starts: frozenset[int]  # ... of those that start in lowercase
    open_ends: frozenset[int]  # ... of those that talk like chat and end without punctuation

    def edited_around(self, index: int) -> bool:
        """Do the paragraphs around `index` keep the edited-prose convention: at most one in
        four lacks final punctuation, and fewer than two, or at most one in four, start in
        lowercase? With none around, a text is taken to be edited prose. One lowercase
        neighbour is no habit: it may be a slip itself, or a chat line among prose. A writer
        who starts every line around with a capital keeps that convention even in chat
        lines without a full stop ("I pictured a card like the MyNumber card")."""
        at = bisect_left(self.judged, index)
        neighbours = [i for i in self.judged[max(0, at - _REACH) : at + _REACH + 1] if i != index]
        lowercase = sum(1 for i in neighbours if i in self.lowercase_starts)
        open_ends = sum(1 for i in neighbours if i in self.open_ends)
        capitals_kept = lowercase == 0 and len(neighbours) >= _CAPITALS_KEPT
        return (lowercase < 2 or lowercase * 4 <= len(neighbours)) and (
            open_ends * 4 <= len(neighbours) or capitals_kept
        )


def paragraph_habits(doc: Document) -> ParagraphHabits:
    cached = doc.cache.get("paragraph_habits")
    if cached is not None:
        return cached
    judged, lowercase, open_ends = [], set(), set()
    for index, block in enumerate(doc.blocks):
        if block.kind not in _PROSE:
            continue
        text = doc.checked[block.start : block.end].replace(MASK, " ").strip()
        if len(text.split(None, _SHORT - 1)) < _SHORT:  # (at most _SHORT parts: enough to count to it)
            continue
        judged.append(index)
        if not starts_capitalised(doc.checked, block):
            start = dateline_end(doc.checked, block.start, block.end)
            first = _FIRST_WORD.search(doc.checked, start, block.end)
            if first is not None and _plain_lowercase(first.group()) and not opens_list_item(doc.checked, start):
                lowercase.add(index)
        # (the block as checked: a mask or a space at an edge changes no verdict of talks_like_chat)
        if index > 0 and not text.endswith(_TERMINAL) and block_talks_like_chat(doc, block):
            open_ends.add(index)
    habits = doc.cache["paragraph_habits"] = ParagraphHabits(tuple(judged), frozenset(lowercase), frozenset(open_ends))
    return habits


def starts_capitalised(text: str, block: Block) -> bool:
    """Does the block open with "Xx" (A-Z, a-z)? Then it has no dateline (two capitals open
    one) and its first word does not start in lowercase: most paragraphs, at a glance."""
    start = block.start
    # Two comparisons of characters: a regex match cost more than the rest of this, per block.
    return start + 2 <= block.end and "A" <= text[start] <= "Z" and "a" <= text[start + 1] <= "z"


def opens_list_item(text: str, start: int) -> bool:
    """Does a bullet open the paragraph at `start` ("- please use the cart", "* stay for 185 days")?"""
    return _BULLET.match(text, start) is not None


def _plain_lowercase(word: str) -> bool:
    # "xVASynth", "iPhone", "eBay": a brand spelt so, not a lowercase start.
    return word[0].islower() and not any(c.isupper() for c in word)


def talks_like_chat(text: str) -> bool:
    """First and second persons, greetings, questions, exclamations and emoticons."""
    return _chat_talk(text, _ascii_words(text))


def block_talks_like_chat(doc: Document, block: Block) -> bool:
    """talks_like_chat of a block, judged once per block: several checks ask."""
    judged: dict[int, bool] = doc.cache.setdefault("block_talks_like_chat", {})
    chatty = judged.get(block.start)
    if chatty is None:
        if "chat_ascii_words" not in doc.cache:  # one byte a character: sliced like the text
            lookalike = any(case in doc.checked for case in _NON_ASCII_CASES)
            doc.cache["chat_ascii_words"] = None if lookalike else document_ascii_words(doc)
        words = doc.cache["chat_ascii_words"]
        text = doc.checked[block.start : block.end]
        chatty = judged[block.start] = _chat_talk(text, None if words is None else words[block.start : block.end])
    return chatty


def _chat_talk(text: str, ascii_words: bytes | None) -> bool:
    mark = _MAYBE_MARK.search(text)
    # (the marks look at nothing before them: a search from the first candidate finds any)
    if mark is not None and _CONVERSATIONAL_MARKS.search(text, mark.start()) is not None:
        return True
    if ascii_words is not None and _CHAT_WORDS.isdisjoint(ascii_words.split()):
        return False  # no conversational word can be in text
    return _CONVERSATIONAL_WORDS.search(text) is not None


def _ascii_words(text: str) -> bytes | None:
    """ascii_word_bytes(text), or None when text has a non-ASCII letter that regex takes for
    an ASCII one case-insensitively."""
    if any(case in text for case in _NON_ASCII_CASES):  # (str.find: faster than a search)
        return None
    return ascii_word_bytes(text)


def document_ascii_words(doc: Document) -> bytes:
    """ascii_word_bytes of the document's checked text, once per document (the chat talk and
    the doubled-word search read it)."""
    cached = doc.cache.get("ascii_word_bytes")
    if cached is None:
        cached = doc.cache["ascii_word_bytes"] = ascii_word_bytes(doc.checked)
    return cached


def ascii_word_bytes(text: str) -> bytes:
    """The text encoded in Latin-1 (one byte a character), its ASCII letters lowercased, its ASCII
    digits and "_" kept, all else a space: its ASCII words, for byte searches and splits in C."""
    return text.encode("latin-1", "replace").translate(_ASCII_WORDS)


def chat_register(doc: Document) -> bool:
    """Does the article talk like chat: at least a third of its paragraphs in first and
    second persons, greetings, questions or emoticons?"""
    cached = doc.cache.get("chat_register")
    if cached is None:
        prose = [b for b in doc.blocks if b.kind in _PROSE]
        chatty, unread = 0, len(prose)
        # Read until the count settles it: a third reached, or out of reach with all the rest
        while unread and chatty * 3 < len(prose) <= (chatty + unread) * 3:
            chatty += block_talks_like_chat(doc, prose[-unread])
            unread -= 1
        cached = doc.cache["chat_register"] = bool(prose) and chatty * 3 >= len(prose)
    return cached
