"""A quality score without references, MQM-style: arithmetic over a file's findings.

Every finding costs a penalty from its severity and its MQM error type (the weights WMT's
MQM evaluations use: minor 1, major 5, critical 10; a non-translation 25; a minor
punctuation slip 0.1). Penalties are summed per sentence and per file and normalised per
100 words: score = max(0, 100 - 100 * penalty / words). A file without findings scores 100;
one major finding in a 100-word article, 95; five in it, 75.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from mtcheck.engine.findings import Finding, Severity
from mtcheck.language.pattern_cache import compile_re

NON_TRANSLATION = "Non-translation"
PUNCTUATION = "Fluency/Punctuation"

# mtcheck's categories (a rule's `category`) as the MQM error types that set their weight.
# Every category the bundled packs use is here (tests/test_quality.py checks it); a category
# not listed takes its top-level MQM dimension ("Style/Register" -> "Style").
MQM_ERROR_TYPES: dict[str, str] = {
    # The untranslated family (LI1xx), source words left as they were (SR104), untransliterated
    # names (TL101): what WMT's MQM calls non-translation, 25 when major or critical.
    "Accuracy/Untranslated text": NON_TRANSLATION,
    # The residue family (MT3xx) files scraped page text ("Add Comment") under the pack category
    # Non-translation; it is text no source had, MQM's Accuracy/Addition, not untranslated text.
    "Non-translation": "Accuracy/Addition",
    "Accuracy/Addition": "Accuracy/Addition",
    "Accuracy/Mistranslation": "Accuracy/Mistranslation",
    "Accuracy/Omission": "Accuracy/Omission",
    # The typography, tokenization and segmentation families' spacing, quotes and stray stops.
    "Fluency/Punctuation": PUNCTUATION,
    "Locale convention/Punctuation": PUNCTUATION,
    "Locale convention/Quotation marks": PUNCTUATION,
    "Fluency/Character encoding": "Fluency/Character encoding",
    "Fluency/Grammar": "Fluency/Grammar",
    "Fluency/Repetition": "Fluency/Grammar",
    "Fluency/Spelling": "Fluency/Spelling",  # casing and name spelling
    "Locale convention/Currency format": "Locale convention/Currency format",
    "Locale convention/Number format": "Locale convention/Number format",
    "Locale convention/Time format": "Locale convention/Time format",
    "Style/Awkward": "Style/Awkward",  # the calque packs
    "Design and markup/Layout": "Design and markup",
    "Other": "Other",
}

SEVERITY_PENALTIES = {Severity.MINOR: 1.0, Severity.MAJOR: 5.0, Severity.CRITICAL: 10.0}
NON_TRANSLATION_PENALTY = 25.0  # a major or critical non-translation
MINOR_PUNCTUATION_PENALTY = 0.1

_WORD = compile_re(r"\w+(?:['’.-]\w+)*")
_SPACE = compile_re(r"\s")
_PIECE = 65_536  # characters counted at a time
# _latin_word_count's marks for the bytes of Latin-1: "a" a word character (\w: alphanumeric or
# "_"), "j" a joiner of _WORD ("'", ".", "-"), " " anything else.
_WORD_MARKS = bytes(
    0x61 if chr(byte).isalnum() or byte == 0x5F else 0x6A if byte in b"'.-" else 0x20 for byte in range(256)
)
_BEYOND_LATIN1_SHARE = 8  # _latin_word_count reads a piece with up to 1 in 8 characters beyond Latin-1


def mqm_error_type(category: str) -> str:
    return MQM_ERROR_TYPES.get(category) or category.split("/")[0].strip()


def penalty(finding: Finding) -> float:
    """What one finding costs."""
    error_type = mqm_error_type(finding.category)
    if error_type == NON_TRANSLATION and finding.severity >= Severity.MAJOR:
        return NON_TRANSLATION_PENALTY
    if error_type == PUNCTUATION and finding.severity == Severity.MINOR:
        return MINOR_PUNCTUATION_PENALTY
    return SEVERITY_PENALTIES[finding.severity]


def word_count(text: str, start: int = 0, end: int | None = None) -> int:
    """The words of text[start:end]: the matches of _WORD, counted a piece at a time. A piece
    ends after whitespace, which no match holds, so no match is cut; pieces keep what counting
    makes small (one list of a 9.5 MB file's words took 45 MB)."""
    end = len(text) if end is None else end
    words = 0
    while start < end:
        cut = _SPACE.search(text, min(start + _PIECE, end), end)
        stop = end if cut is None else cut.end()
        piece = text[start:stop]
        counted = _latin_word_count(piece)
        words += len(_WORD.findall(piece)) if counted is None else counted
        start = stop
    return words


def _latin_word_count(piece: str) -> int | None:
    """How many matches _WORD has in the piece, counted without the regex: each character
    marked as a word character, a joiner or neither (_WORD_MARKS), a joiner between two word
    characters made one, then the runs of word characters counted, all in C (the regex took a
    step of its engine per character: 8 ms of a 190 KB article's run). None for a piece with
    many characters beyond Latin-1, each a step in Python here."""
    encoded = piece.encode("latin-1", "replace")  # every character beyond Latin-1 a "?"
    beyond = encoded.count(b"?")
    if beyond > len(piece) // _BEYOND_LATIN1_SHARE:
        return None
    marks = encoded.translate(_WORD_MARKS)
    if beyond:
        marked = bytearray(marks)
        at = encoded.find(b"?")
        while at >= 0:
            char = piece[at]
            if char.isalnum():  # (\w beyond Latin-1: no "_" there)
                marked[at] = 0x61
            elif char == "’":
                marked[at] = 0x6A
            at = encoded.find(b"?", at + 1)
        marks = bytes(marked)
    # "a.b.c" is one word: twice, since a first replacement skips every other joiner of a chain
    # of one-character words ("a.b.c" -> "aaa.c"), and a second finds each of those alone.
    joined = marks.replace(b"aja", b"aaa").replace(b"aja", b"aaa").replace(b"j", b" ")
    return joined.count(b" a") + joined.startswith(b"a")


def score(penalty_total: float, words: int) -> float:
    """0-100: 100 less the penalty per 100 words, never below 0."""
    return max(0.0, 100.0 - 100.0 * penalty_total / max(words, 1))


class SentenceQuality(NamedTuple):
    """A sentence with findings: its span in the text, words and what its findings cost."""

    start: int
    end: int
    words: int
    penalty: float
    codes: tuple[str, ...]

    @property
    def score(self) -> float:
        return score(self.penalty, self.words)


class Quality(NamedTuple):
    words: int
    penalty: float
    sentences: tuple[SentenceQuality, ...]  # only those with findings, in text order

    @property
    def score(self) -> float:
        return score(self.penalty, self.words)


def quality(
    text: str,
    findings: Iterable[Finding],
    sentences: Sequence[tuple[int, int]],
    word_spans: Sequence[tuple[int, int]] | None = None,
) -> Quality:
    """The file's score; each finding counts in the sentence where it starts (or the one
    before, when it starts between sentences). `text` is what words are counted in (the
    checked text, with code and markup hidden, when there is one). When findings and
    sentences are placed in another text (an HTML file, its words counted in the page's
    visible text), word_spans gives each sentence's span in `text`."""
    spans = sentences if word_spans is None else word_spans
    starts = [start for start, _ in sentences]
    by_sentence: dict[int, list[Finding]] = {}
    total = 0.0
    for finding in findings:
        total += penalty(finding)
        if sentences:
            by_sentence.setdefault(max(0, bisect_right(starts, finding.start) - 1), []).append(finding)
    per_sentence = tuple(
        SentenceQuality(
            sentences[i][0],
            sentences[i][1],
            word_count(text, *spans[i]),
            round(sum(penalty(f) for f in found), 4),
            tuple(f.code for f in found),
        )
        for i, found in sorted(by_sentence.items())
    )
    return Quality(word_count(text), round(total, 4), per_sentence)


def scoring_explanation() -> str:
    """`mtcheck explain --scoring`: the formula and the table it uses, from the code itself."""
    lines = [
        "Quality score (no reference needed), MQM-style:",
        "",
        "  Each finding costs a penalty from its severity and MQM error type:",
        f"    minor {SEVERITY_PENALTIES[Severity.MINOR]:g}, major {SEVERITY_PENALTIES[Severity.MAJOR]:g},"
        f" critical {SEVERITY_PENALTIES[Severity.CRITICAL]:g};",
        f"    a major or critical non-translation {NON_TRANSLATION_PENALTY:g};"
        f" a minor punctuation slip {MINOR_PUNCTUATION_PENALTY:g}.",
        "  Penalties are summed per sentence and per file, and normalised per 100 words:",
        "    score = max(0, 100 - 100 * penalty / words)",
        "  so a file without findings scores 100, one major finding in 100 words 95, twenty 0.",
        "  Words are runs of letters and digits in the checked text (code and markup hidden).",
        "  `--fail-under SCORE` exits 1 when a file scores under SCORE.",
        "",
        "  mtcheck category -> MQM error type:",
    ]
    width = max(len(c) for c in MQM_ERROR_TYPES)
    lines += [f"    {category:<{width}}  {error_type}" for category, error_type in MQM_ERROR_TYPES.items()]
    lines.append("    (any other category: its top-level dimension, e.g. Style/Register -> Style)")
    return "\n".join(lines)
