"""A news-aware sentence splitter that keeps character offsets.

It never splits before a lowercase word: in MT output "by Moscow. and Pyongyang." is one
broken sentence, which the segmentation rules report, not two sentences.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from mtcheck.language.pattern_cache import compile_pattern, compile_re, escape
from mtcheck.language.profiles import Language
from mtcheck.text.scan import LONG_TEXT, few_char_positions

if TYPE_CHECKING:
    import regex

MASK = "\ue000"  # stands in for markup and code that rules must not see; see document.py

_OPENERS = "\"'“‘«„‚([¿¡" + MASK
_CLOSERS = "\"'”’»)]" + MASK
# Sentence-final punctuation with its closing quotes and brackets, then whitespace;
# or a full stop glued to the next sentence ("said.The").
# Hindi, Arabic and Urdu end a sentence with their own marks ("।", "؟", "۔").
# A run of stops is tried from its first mark only: tried from every mark, a long run with
# no space after it ("......") was quadratic.
_CANDIDATE = compile_pattern(
    r"(?<![.!?।؟۔])(?P<term>\.{2,}|…|[.!?।؟۔]+)[" + escape(_CLOSERS) + r"]*(?=\s)"
    r"|(?<=\p{Ll}{2})(?P<glued>\.)(?=\p{Lu}\p{Ll}+\b)(?![\p{L}\d-]*\.\p{L})"
)
_WIDE_CLOSERS = "」』）》〉】"


@cache
def _with_stops(stops: str) -> regex.Pattern[str]:
    """The candidates, and stops that end a sentence with no space after them (Chinese and
    Japanese "。", "！", "？"), with their closing quotes and brackets."""
    closers = escape(_CLOSERS + _WIDE_CLOSERS)
    # "状况 。 ”": machine-segmented text puts spaces around the stop; a closing quote still goes with it.
    spaced = escape("”’" + _WIDE_CLOSERS)
    return compile_pattern(
        r"(?P<stop>[" + escape(stops) + r"]+)(?:[" + closers + r"]| (?=[" + spaced + r"]))*|" + _CANDIDATE.pattern
    )


_MARKS = ".!?।؟۔…"  # the marks a sentence may end with, besides a language's stops without a space


@cache
def _marks(stops: str) -> re.Pattern[str]:
    return compile_re("[" + _MARKS + re.escape(stops) + "]")


def _holds_no_candidate(text: str, start: int, end: int, stops: str) -> bool:
    """A paragraph with no stop (of those without a space), and no other mark but at its last
    character, is one sentence: every other candidate holds a mark with something after it
    in the paragraph (a space, a capital)."""
    found = _marks(stops).search(text, start, end)
    return found is None or (found.start() == end - 1 and found.group() not in stops)


# An ellipsis written with a Chinese or Japanese stop first ("。.."), or spaced (". . ."):
# the sentence goes on as after "…" (MT output of the English "we just... paid").
_ELLIPSIS_AFTER_STOP = ".."
_SPACED_ELLIPSIS = compile_pattern(r"(?<!\S)\. \. \.\Z")
_NEXT_WORD = compile_pattern(r"[\p{L}\p{N}]+")
# Nothing but hashtags and handles up to the end of the paragraph.
_TAGS_TO_THE_END = compile_pattern(r"(?:\s*[#@＃＠][\p{L}\p{N}_]+)+\s*$")

# "BRUSSELS, Nov. 8 (Reuters) -", "KYIV, Ukraine (AP) —", "MADRID, 8 (EUROPA PRESS) -".
# What follows must not be lowercase: "NATO – the alliance – met" has no dateline.
DATELINE = compile_pattern(
    r"\p{Lu}{2}[\p{Lu}\p{M}'’.\- ]{0,40}?"
    r"(?:,\s*\p{L}[\p{L}. ]{1,30}?)?"
    r"(?:,?\s*(?:\p{Lu}\p{Ll}{2,8}\.?\s+\d{1,2}|\d{1,2}(?:\s+\p{Lu}\p{Ll}{2,8}\.?)?))?"
    r"\s*(?:\([^()\n]{0,40}\))?\s*[–—-]{1,2}(?:\s+|$)(?!\p{Ll})"
)


def split_sentences(text: str, start: int, end: int, lang: Language) -> list[tuple[int, int]]:
    """Sentence spans within text[start:end], trimmed of surrounding whitespace."""
    stops = lang.stops_without_space
    if _holds_no_candidate(text, start, end, stops):
        return [span] if (span := _trim(text, start, end)) else []  # one sentence (most paragraphs)
    return _split_at_candidates(text, start, end, lang)


def split_spans(text: str, spans: Iterable[tuple[int, int]], lang: Language) -> list[tuple[int, int, int]]:
    """split_sentences of each span (start, end) of text, in order, each sentence with its
    span's index: the marks _holds_no_candidate looks for found in the whole text at once with
    str.find (a search of each paragraph read every character of it in the regex engine)."""
    stops = lang.stops_without_space
    # (a shorter text, a record, is split paragraph by paragraph: a search for each mark cost it more)
    marks = _mark_places(text, stops) if len(text) >= LONG_TEXT else None
    if marks is None:
        return [
            (first, last, index)
            for index, span in enumerate(spans)
            for first, last in split_sentences(text, *span, lang)
        ]
    sentences: list[tuple[int, int, int]] = []
    for index, (start, end) in enumerate(spans):
        at = bisect_left(marks, start)
        found = marks[at] if at < len(marks) and marks[at] < end else None  # _marks(stops).search's start
        if found is None or (found == end - 1 and text[found] not in stops):  # (_holds_no_candidate)
            span = _trim(text, start, end)
            if span:
                sentences.append((*span, index))
        else:
            sentences.extend((first, last, index) for first, last in _split_at_candidates(text, start, end, lang))
    return sentences


# _mark_places finds up to this share of a text's characters (each is a step in Python).
_MARKS_SHARE = 16


def _mark_places(text: str, stops: str) -> list[int] | None:
    """Where the characters _marks(stops) matches are in the text, in order; None in a text
    with many (each is found in a Python step: "!!!!!!" is left to the regex)."""
    return few_char_positions(text, _mark_chars(stops), len(text) // _MARKS_SHARE)


@cache
def _mark_chars(stops: str) -> tuple[str, ...]:
    """The characters _marks(stops) matches."""
    return tuple(dict.fromkeys(_MARKS + stops))


def _split_at_candidates(text: str, start: int, end: int, lang: Language) -> list[tuple[int, int]]:
    """split_sentences of a span that _holds_no_candidate does not settle."""
    stops = lang.stops_without_space
    spans: list[tuple[int, int]] = []
    sentence_start = start
    dateline = dateline_end(text, start, end)  # "MADRID, 8 Nov. (EFE) -" holds no sentence end
    for match in (_with_stops(stops) if stops else _CANDIDATE).finditer(text, start, end):
        if match.start() < dateline:
            continue
        if stops and match.group("stop"):
            last = match.group()[-1]
            if text.startswith(_ELLIPSIS_AFTER_STOP, match.end()):
                # "私たちはただ。.. 私たちの": an ellipsis the MT wrote with a stop, as "…" goes on
                following = _next_char(text, match.end() + len(_ELLIPSIS_AFTER_STOP), end)
                if following is None or not following.isupper():
                    continue
            if (
                _inside_quotation(text, sentence_start, match.end(), end, lang)
                or (last in _WIDE_CLOSERS + _CLOSERS and text.startswith(lang.quote_continues, match.end()))
                or (last in "？！" and text.startswith(lang.mark_continues, match.end()))
            ):
                continue
        elif not match.group("glued") and not _is_boundary(text, match, end, lang):
            continue
        if _TAGS_TO_THE_END.match(text, match.end(), end):
            continue  # "超前于计划。#划船 #peloton": the paragraph's closing hashtags stay with its last sentence
        spans.append((sentence_start, match.end()))
        sentence_start = match.end()
    spans.append((sentence_start, end))
    return [span for span in (_trim(text, s, e) for s, e in spans) if span]


def _inside_quotation(text: str, start: int, stop: int, end: int, lang: Language) -> bool:
    """A stop inside a quotation that opened in this sentence and closes later in the
    paragraph: no sentence end. A quotation that never closes (「 left open by the MT) holds
    no sentences back."""
    return any(
        text.count(pair[0], start, stop) > text.count(pair[1], start, stop) and text.find(pair[1], stop, end) >= 0
        for pair in lang.quotations
    )


def _is_boundary(text: str, match: regex.Match[str], end: int, lang: Language) -> bool:
    term = match.group("term")
    following = _next_char(text, match.end(), end)
    if following is None or following.islower():
        return False
    # A letter with no case (Chinese, Japanese, Hebrew, Arabic, Hindi) can open a sentence too.
    starts_sentence = following.isupper() or following.isdigit() or following in _OPENERS or following.isalpha()
    if term[-1] in "?!।؟۔":
        return starts_sentence
    if term == "…" or term.startswith("..") or _SPACED_ELLIPSIS.search(text, max(match.end() - 5, 0), match.end()):
        return following.isupper()
    if not starts_sentence:
        return False
    token = word_before(text, match.start())
    if not token:
        return True
    kind: str | None
    if token[-1].isdigit():
        if not (lang.ordinal_dot and token.isdigit() and len(token) <= 3):
            return True
        kind = "ambiguous"  # "am 3. Oktober", but "stieg um 3. Die Regierung"
    else:
        kind = lang.abbreviation_kind(token)
    if kind is None:
        return True
    if kind == "continuing":
        return False
    if kind == "numeric":
        return not following.isdigit()
    return _next_word(text, match.end(), end) in lang.sentence_starters


def word_before(text: str, pos: int) -> str:
    """The word written just before a full stop at pos, without opening quotes or markup."""
    start = pos
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:pos].lstrip(_OPENERS).replace(MASK, "")


def _next_char(text: str, pos: int, end: int) -> str | None:
    """The first character after whitespace; an opening quote or bracket counts as itself."""
    while pos < end and text[pos].isspace():
        pos += 1
    return text[pos] if pos < end else None


def _next_word(text: str, pos: int, end: int) -> str:
    match = _NEXT_WORD.search(text, pos, end)
    return match.group() if match else ""


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def dateline_end(text: str, start: int, end: int) -> int:
    """Where a news dateline at text[start:] ends (start when there is none)."""
    head = text[start : start + 2]
    if head.isascii() and not (head.isalpha() and head.isupper()):
        return start  # a dateline opens with two capitals, which in ASCII are two of A-Z: not here
    match = DATELINE.match(text, start, end)
    return match.end() if match else start
