"""MT7xx: text decoded with the wrong encoding somewhere on its way (mojibake)."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from mtcheck.checks import provides
from mtcheck.engine.findings import Fix, Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.language.pattern_cache import compile_pattern, compile_re, escape
from mtcheck.text.document import Document
from mtcheck.text.scan import SHORT_TEXT, char_positions, outside_ascii

if TYPE_CHECKING:
    import regex

# UTF-8 read as Latin-1 or Windows-1252 turns every multi-byte character into a lead
# character (U+00C2-U+00F4) followed by continuation bytes (U+0080-U+00BF, or what
# cp1252 puts at 0x80-0x9F). Text without such a pair cannot be mojibake of this kind,
# so ftfy is only imported, and only asked, when one is there.
_CP1252_CONTINUATION = (
    r"[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_UTF8_AS_CP1252 = compile_pattern(r"[\u00c2-\u00f4]" + _CP1252_CONTINUATION)
# Read as a Cyrillic code page, the lead byte becomes a Cyrillic letter (or, in CP866, a
# box-drawing character); English text has neither.
_CYRILLIC = compile_re(r"[\u0400-\u04ff\u2500-\u257f]")  # re scans a character class faster
_CYRILLIC_LETTER = compile_re(r"[\u0400-\u04ff]")
_LATIN_LETTER = compile_re(r"[A-Za-z]")
# ftfy reads a whole line or nothing: a line that mixes mojibake with correct accents is
# left alone, so each damaged word is asked about again.
_DAMAGED_WORD = compile_pattern(r"[^ \t\n]*(?:" + _UTF8_AS_CP1252.pattern + r"|[\u0400-\u04ff\u2500-\u257f])[^ \t\n]*")

# Code pages whose mojibake ftfy's heuristics do not look for (its own Windows-1251
# codec, which keeps the byte it leaves undefined, is used for the decoding).
_CYRILLIC_PAGES = ("sloppy-windows-1251", "koi8_r", "cp866")
# Letters of Russian, Ukrainian and Belarusian and the punctuation their text puts after a
# letter: a continuation byte read as one of these proves nothing.
_CYRILLIC_PROSE = compile_pattern(
    r"[\u0410-\u044f\u0401\u0451\u0404\u0454\u0406\u0456\u0407\u0457\u0490\u0491"
    r"\u040e\u045e‘’“”«»„…–—\u00a0]"
)
# What mojibake stands for in English news: accented Latin and Greek letters, punctuation,
# symbols, emoji. A Cyrillic stretch that decodes to anything else (`2тогgo` read as
# CP866 gives U+2BA3) is Cyrillic.
_TYPICAL_CHARACTERS = (
    r"\u00a0-\u024f\u0300-\u036f\u0370-\u03ff\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf\u2100-\u214f"
    r"\u2190-\u23ff\u2460-\u24ff\u25a0-\u27bf\u3000-\u303f\u30fb\ufe0f\uff01-\uff65\U0001f000-\U0001faff"
)  # \uff01-\uff65: the fullwidth marks of Chinese and Japanese text ("（", "｜")
_TYPICAL = compile_pattern(f"[{_TYPICAL_CHARACTERS}]+")
# Text in these scripts is repaired too when the stretch holds a sure sign of mojibake, but
# an editor confirms the repair.
_OTHER_SCRIPTS = compile_pattern(
    rf"[\p{{Cyrillic}}\p{{Han}}\p{{Hiragana}}\p{{Katakana}}\p{{Hangul}}{_TYPICAL_CHARACTERS}]+"
)


@provides("repaired")
def mojibake(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """Mojibake found and repaired by ftfy, line by line, reported per damaged stretch.

    What ftfy's heuristics leave of UTF-8 read as a Cyrillic code page (`RieГџle`,
    `рџ™Џ`) is repaired here when the repair is beyond doubt (see `_cyrillic_page_repair`).
    """
    if not _may_hold_mojibake(doc.checked):
        return
    for line in doc.lines:
        text = doc.checked[line.start : line.end]
        cyrillic = _CYRILLIC.search(text) is not None
        if not (cyrillic or _UTF8_AS_CP1252.search(text)):
            continue
        repaired = _ftfy_repair(text)
        if _SYMBOL_AS_CP1252.search(repaired):
            repaired = _SYMBOL_AS_CP1252.sub(_symbol_repair, repaired)
        uncertain: list[str] = []
        if cyrillic:
            repaired = _cyrillic_page_repair(repaired, uncertain)
        if repaired == text:
            continue
        for start, end, replacement in _changes(text, repaired):
            safe = rule.fix_safe and not any(u in replacement for u in uncertain)
            fix = Fix(line.start + start, line.start + end, replacement, safe)
            yield Hit(line.start + start, line.start + end, fix, {"repaired": replacement})


def _may_hold_mojibake(text: str) -> bool:
    """Whether _UTF8_AS_CP1252 or _CYRILLIC finds something in text. In a long text, both are
    asked of its characters outside ASCII alone (a few hundred in English news), the first as
    a match tried where each lead character it holds stands: 12.8 -> ~5 M instructions on
    the 190 KB reference A, where the two searches tried every character."""
    if len(text) <= SHORT_TEXT:
        return bool(_UTF8_AS_CP1252.search(text) or _CYRILLIC.search(text))
    outside = outside_ascii(text)
    if _CYRILLIC.search(outside):
        return True
    leads = "".join(set(_LEAD.findall(outside)))
    return any(_UTF8_AS_CP1252.match(text, at) for at in char_positions(text, leads))


_LEAD = compile_re("[\u00c2-\u00f4]")  # (_UTF8_AS_CP1252's first character)


def cyrillic_page_repaired(text: str) -> str:
    """text with what is certainly UTF-8 read as a Cyrillic code page decoded (`("вЊ’в€‡вЊ’")`
    is a kaomoji, not Russian): what the language checks should see."""
    return _cyrillic_page_repair(text, []) if _CYRILLIC.search(text) else text


def _ftfy_repair(text: str) -> str:
    from ftfy import fix_encoding

    repaired = fix_encoding(text)
    if _DAMAGED_WORD.search(repaired):
        repaired = _DAMAGED_WORD.sub(lambda m: _utf8_letters(fix_encoding(m.group())), repaired)
    return repaired


_EDGE_PUNCTUATION = ".,;:!?()[]'\""


def _utf8_letters(word: str) -> str:
    """A word ftfy left whose Windows-1252 bytes are UTF-8 for letters only: `UÄŸur` is
    "Uğur" (ftfy's heuristics pass over some pairs of Latin Extended-A). Text never holds such
    a word as it stands: decoding must succeed strictly and give nothing but letters."""
    core = word.strip(_EDGE_PUNCTUATION)
    if not core or not _UTF8_AS_CP1252.search(core):
        return word
    try:
        decoded = core.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return word
    if decoded == core or not decoded.isalpha():
        return word
    start = word.index(core)
    return word[:start] + decoded + word[start + len(core) :]


# A symbol's three UTF-8 bytes read as Windows-1252 (`â–\u00a0` for "■"), which ftfy leaves
# when the last byte became a no-break space: a lead byte E2-EF and two continuation bytes.
_SYMBOL_AS_CP1252 = compile_pattern(r"[\u00e2-\u00ef]" + _CP1252_CONTINUATION + "{2}")


def _symbol_repair(match: regex.Match[str]) -> str:
    """The symbol or mark a stretch stands for; the stretch itself if it stands for a letter."""
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows codecs)

    try:
        decoded = match.group().encode("sloppy-windows-1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError, LookupError):
        return match.group()
    if _TYPICAL.fullmatch(decoded) and not decoded.isalpha() and _assigned(decoded):
        return decoded
    return match.group()


def _cyrillic_page_repair(text: str, uncertain: list[str]) -> str:
    """text with each stretch of UTF-8 read as a Cyrillic code page decoded, when it certainly is one.

    A stretch is a run of whole UTF-8 sequences among the characters the code page has at
    0x80-0xFF. It is mojibake only if it could not be Cyrillic prose, being glued to a
    Latin letter or digit (`ItвЂ™s`, `4В°C`) or holding a character that Russian or
    Ukrainian text never puts after a letter (`вЂњ`, `рџ™Џ`), or standing for symbols only
    in a line of Latin text with no other Cyrillic letter (`в– ` for "■"), and if it decodes to what
    mojibake stands for in English text (accented letters, punctuation, symbols, emoji;
    Chinese, Japanese, Korean or Cyrillic only with such a character, and then the repair
    is left to an editor). Real Cyrillic text fails at least one of these.
    """
    for codec in _CYRILLIC_PAGES:
        run, markers = _code_page(codec)
        if not run.search(text):
            continue
        stretches = [
            (match.start() + start, match.start() + end)
            for match in run.finditer(text)
            for start, end in _utf8_stretches(match.group().encode(codec))
        ]
        latin_line = _latin_but(text, stretches)
        pieces: list[str] = []
        done = 0
        for start, end in stretches:
            found = text[start:end]
            decoded = found.encode(codec).decode("utf-8")
            marked = markers.search(found) is not None
            glued = _is_ascii_alnum(text, start - 1) or _is_ascii_alnum(text, end)
            # a line of Latin text whose only Cyrillic is stretches standing for symbols
            # ("в– " for "■" before a no-break space): no Russian sentence is in it
            symbols = latin_line and not any(char.isalpha() for char in decoded)
            if not (marked or glued or symbols) or not _assigned(decoded):
                continue
            if not _TYPICAL.fullmatch(decoded):
                if not (marked and _OTHER_SCRIPTS.fullmatch(decoded)):
                    continue
                uncertain.append(decoded)
            pieces += [text[done:start], decoded]
            done = end
        text = "".join(pieces) + text[done:]
    return text


def _latin_but(text: str, stretches: list[tuple[int, int]]) -> bool:
    """Does text hold Latin letters and no Cyrillic letter outside the stretches?"""
    rest, done = [], 0
    for start, end in stretches:
        rest.append(text[done:start])
        done = end
    rest.append(text[done:])
    outside = "".join(rest)
    return _CYRILLIC_LETTER.search(outside) is None and _LATIN_LETTER.search(outside) is not None


def _utf8_stretches(data: bytes) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of complete multi-byte UTF-8 sequences in data."""
    i, start = 0, None
    while i < len(data):
        lead = data[i]
        size = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 0
        if size and _decodes(data[i : i + size]):
            start = i if start is None else start
            i += size
            continue
        if start is not None:
            yield start, i
            start = None
        i += 1
    if start is not None:
        yield start, len(data)


def _decodes(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@cache
def _code_page(codec: str) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """A run of what codec has at 0x80-0xFF, and what of its 0x80-0xBF is no Cyrillic prose."""
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows codecs)

    upper = bytes(range(0x80, 0x100)).decode(codec, errors="ignore")
    continuation = bytes(range(0x80, 0xC0)).decode(codec, errors="ignore")
    markers = "".join(c for c in continuation if not _CYRILLIC_PROSE.match(c))
    return compile_pattern(f"[{escape(upper)}]+"), compile_pattern(f"[{escape(markers)}]")


def _is_ascii_alnum(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isascii() and text[index].isalnum()


def _assigned(decoded: str) -> bool:
    """No control, private-use or unassigned character."""
    return all(unicodedata.category(char) not in ("Cc", "Co", "Cn", "Cs") for char in decoded)


_SPACES = compile_pattern(r"(\s+)")
_LONGEST_DIFF = 400  # characters: longer stretches are compared by their ends only


def _changes(old: str, new: str) -> list[tuple[int, int, str]]:
    """Minimal (start, end, replacement) edits turning old into new, nearby ones merged.

    Linear in the line: a repair keeps the spaces, so the two are compared word by word and
    only words that differ are diffed (a 50 KB line with one damaged quote, or a thousand
    damaged words on one line, stays cheap)."""
    old_parts, new_parts = _SPACES.split(old), _SPACES.split(new)
    pieces: Iterator[tuple[str, str]]
    if len(old_parts) == len(new_parts) and old_parts[1::2] == new_parts[1::2]:
        pieces = zip(old_parts, new_parts)
    else:
        pieces = iter([(old, new)])  # the repair moved a space: one stretch, compared by its ends
    edits: list[tuple[int, int, int, int]] = []
    at_old = at_new = 0
    for old_piece, new_piece in pieces:
        if old_piece != new_piece:
            for i1, i2, j1, j2 in _piece_edits(old_piece, new_piece):
                i1, i2, j1, j2 = i1 + at_old, i2 + at_old, j1 + at_new, j2 + at_new
                if edits and i1 - edits[-1][1] <= 2:  # "â€œ" and its neighbours are one damaged word
                    edits[-1] = (edits[-1][0], i2, edits[-1][2], j2)
                else:
                    edits.append((i1, i2, j1, j2))
        at_old += len(old_piece)
        at_new += len(new_piece)
    # A repair that only deletes ("Â£" -> "£", "В°" -> "°") is shown with the character it
    # belonged to, so that the suggestion is not empty.
    for k, (i1, i2, j1, j2) in enumerate(edits):
        if j1 == j2 and i2 < len(old) and not old[i2].isspace():
            edits[k] = (i1, i2 + 1, j1, j1 + 1)
        elif j1 == j2 and i1 > 0 and not old[i1 - 1].isspace():
            edits[k] = (i1 - 1, i2, j1 - 1, j1)
    return [(i1, i2, new[j1:j2]) for i1, i2, j1, j2 in edits]


def _piece_edits(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """The differing stretches of two short texts (opcodes without the equal ones); past
    _LONGEST_DIFF characters, what lies between their common beginning and end."""
    prefix = len(os.path.commonprefix([old, new]))
    suffix = len(os.path.commonprefix([old[prefix:][::-1], new[prefix:][::-1]]))
    middle_old, middle_new = old[prefix : len(old) - suffix], new[prefix : len(new) - suffix]
    if len(middle_old) + len(middle_new) > _LONGEST_DIFF:
        return [(prefix, len(old) - suffix, prefix, len(new) - suffix)]
    import difflib  # on mojibake only

    matcher = difflib.SequenceMatcher(None, middle_old, middle_new, autojunk=False)
    return [
        (prefix + i1, prefix + i2, prefix + j1, prefix + j2)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
