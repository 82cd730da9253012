"""MT5xx: quotation marks and brackets that do not pair up or do not belong in English."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from itertools import compress, repeat
from operator import itemgetter, lt
from typing import TYPE_CHECKING

from mtcheck.checks import made_from_options, provides, source_language
from mtcheck.checks.tokenization import compound_parts
from mtcheck.engine.findings import Fix, Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.language.names import Lexicon, gazetteer, is_lowercase_word, lexicon
from mtcheck.language.pattern_cache import compile_pattern, compile_re
from mtcheck.text.blocks import Block
from mtcheck.text.document import Document
from mtcheck.text.habits import chat_register, document_ascii_words
from mtcheck.text.scan import char_positions
from mtcheck.text.words import native_words

if TYPE_CHECKING:
    import regex

_PAIRS = {"(": ")", "[": "]", "“": "”"}  # « » belong to MT507 (source-language quotes)
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}
_EMOTICON_EYES = compile_re(r"(?:[:;=]|(?<![\w.])8)[-']?$")  # ":)", ";-(", "=]", "8)", but not "(78)"
# "(^_^;)", "(>_<)", "(!)", "(;": faces (their mouths are "_", a word character) and marks
_KAOMOJI = compile_re(r"\((?:[^\w\s()]{1,3}(?:[^\w()]|_){0,5}\)|[;:](?=\s|$))")
_SMILEY_RUN = compile_re(r"\){3,}|\({3,}")  # "thanks))))": chat smiles, not brackets
# "4)", "b)", "iv)", "B)", "IV)" at the start of a line; "CNN)" is a dateline that lost its "("
_ENUMERATOR = compile_re(r"\s*(?:[a-z]{1,3}|[A-Z]|[IVX]{2,4}|\d{1,3})$")
_PROSE = ("paragraph", "quote", "list_item", "heading", "table_cell", "front_matter")
_OPENING_CONTEXT = compile_re(r"(?:^|[\s(\[{“‘—–-])$")


_MARKS = compile_re(r'[()\[\]“”"„]')
_MARK_CHARS = '()[]“”"„'  # the characters of _MARKS (tests/test_quote_pairing.py checks)


def _symbols(doc: Document, block: Block) -> list[tuple[int, str]]:
    """The paragraph's brackets and double quotes that may pair, with their positions: found
    once per paragraph (MT505 and MT506 read them, and MT505 some paragraphs several times)."""
    key = ("symbols", block.start)
    cached = doc.cache.get(key)
    if cached is None:
        cached = doc.cache[key] = list(_find_symbols(doc, block))
    return cached


def _find_symbols(doc: Document, block: Block) -> Iterator[tuple[int, str]]:
    text = doc.checked
    # The block's marks from where the document's stand (found once, with str.find), not from a
    # search of each block with _MARKS (a step of the regex engine a character).
    positions = _mark_positions(doc)
    marks = positions[bisect.bisect_left(positions, block.start) : bisect.bisect_left(positions, block.end)]
    if not marks:
        return
    runs: list[tuple[int, int]] = []
    brackets = [pos for pos in marks if text[pos] in "()"]
    if brackets:
        if text.find(")))", block.start, block.end) >= 0 or text.find("(((", block.start, block.end) >= 0:
            runs = [m.span() for m in _SMILEY_RUN.finditer(text, block.start, block.end)]
        # "(^^)", "(!)", "(?)": a face starts at a "(" and holds no other, so matches tried at
        # each "(" are those of a search of the block.
        faces = (_KAOMOJI.match(text, pos, block.end) for pos in brackets if text[pos] == "(")
        runs += [face.span() for face in faces if face is not None]
        runs.sort()
    # Marks come in order, so one pointer walks the runs (a scan of them per mark was quadratic).
    run_index, furthest = 0, -1
    low_open = False  # "„We worry,“ she said": German quotes, MT507's; their “ closes „
    for pos in marks:
        char = text[pos]
        if char == "„" or (char == "“" and low_open):
            low_open = char == "„"
            continue
        if char in "()[]" and _EMOTICON_EYES.search(text, max(block.start, pos - 2), pos):
            continue
        while run_index < len(runs) and runs[run_index][0] <= pos:
            furthest = max(furthest, runs[run_index][1])
            run_index += 1
        if pos < furthest:
            continue  # inside a smiley run or a face
        yield pos, char


def _mark_positions(doc: Document) -> list[int]:
    """Where each of _MARKS stands in the document, in order, once per document."""
    marks = doc.cache.get("mark_positions")
    if marks is None:
        marks = doc.cache["mark_positions"] = sorted(char_positions(doc.checked, _MARK_CHARS))
    return marks


def _holds_marks(doc: Document, block: Block) -> bool:
    """Does the block hold any of _MARKS (most do not)? From where they stand in the document,
    found once with str.find (a seventh of the time of a search with _MARKS)."""
    marks = _mark_positions(doc)
    at = bisect.bisect_left(marks, block.start)
    return at < len(marks) and marks[at] < block.end


_BLOCK_START, _BLOCK_END = itemgetter(0), itemgetter(1)  # a Block's start and end, read in C


def _holding_marks(doc: Document, blocks: list[Block]) -> Iterator[int]:
    """The indices of the blocks that hold any of _MARKS (_holds_marks), told apart in C: the
    first mark at or after a block's start (a sentinel past the text after the last) stands
    before its end. A few among thousands of paragraphs: no call for each of the others."""
    marks = [*_mark_positions(doc), len(doc.checked) + 1]
    firsts = map(marks.__getitem__, map(bisect.bisect_left, repeat(marks), map(_BLOCK_START, blocks)))
    return compress(range(len(blocks)), map(lt, firsts, map(_BLOCK_END, blocks)))


def _inch_marks(doc: Document, block: Block) -> frozenset[int]:
    """The paragraph's straight quotes that are inch marks: one that _inch_mark allows while
    no quotation is open ('a 12" screen'), but not one that closes a quotation opened before
    it ('the "Double 11" festival', '"Peace Rescue-2021" joint exercise'). Cached per paragraph."""
    key = ("inch_marks", block.start)
    cached = doc.cache.get(key)
    if cached is None:
        text, inches, open_quote = doc.checked, set(), False
        for pos, char in _symbols(doc, block):
            if char == '"':
                if not open_quote and _inch_mark(text, pos):
                    inches.add(pos)
                else:
                    open_quote = not open_quote
            elif char in "“”":
                open_quote = char == "“"
        cached = doc.cache[key] = frozenset(inches)
    return cached


def _inch_mark(text: str, pos: int) -> bool:
    """'a 12" screen': after a digit and before a word. A quotation can end after a number
    ("as in May 2023".), so a mark followed by punctuation or the end is a quote."""
    return text[pos - 1 : pos].isdigit() and text[pos + 1 : pos + 2] not in (
        ".",
        ",",
        ";",
        ":",
        "!",
        "?",
        "",
        "\n",
        ")",
    )


@provides("mark", "problem", options={"smiling-languages": ()})
def unbalanced_marks(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """Brackets and double quotes that do not pair up, each reported where it stands.

    Marks pair within their paragraph first; straight and curly quotes pair with each other
    (the mix is MT506's business). Two conventions carry a quotation over paragraphs: news
    style opens each paragraph again and closes only the last ("“...¶“...”"), and text
    written one sentence per line leaves the opener in one line and the closer in a later
    one. A mark left over is paired across paragraphs in either way, as long as nothing in
    between is itself left over. A quotation that its paragraph ends with a speech tag
    ('“It was great, the coach said.') runs on nowhere; one that opens after a word quotes
    a term ('this behaviour is “begging'), which news style does not carry into the next
    paragraph.
    """
    if not _mark_positions(doc):
        return  # no bracket or double quote anywhere (most records): nothing to pair
    blocks = [b for b in doc.blocks if b.kind in _PROSE]
    smiles = _may_smile(doc, rule.options["smiling-languages"])
    leftovers = [_NO_LEFTOVERS] * len(blocks)  # (what _unpaired gives a paragraph without marks)
    for index in _holding_marks(doc, blocks):
        leftovers[index] = _unpaired(doc, blocks[index], smiles)
    pending = _Pending(leftovers)
    partnered: set[int] = set()
    for index, (openers, _) in enumerate(leftovers):
        if not openers:
            continue
        block = blocks[index]
        words_from = _WordsFrom(doc.checked, block)
        blank_end = block.start + len(doc.checked[block.start : block.end].rstrip(" \t"))
        for pos, family in openers:
            if pos in partnered:
                continue
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if family == "quote" and _ends_in_speech_tag(doc.checked, block, pos, blank_end):
                continue  # '“It was great, the coach said.': the quotation ends before the tag
            if (
                family == "quote"
                and following is not None
                and _opens_with_quote(doc, following)
                and not _INSIDE_SENTENCE.search(doc.checked, max(block.start, pos - 2), pos)
            ):
                partnered.add(pos)  # news style: the next paragraph continues the quotation
                continue
            if words_from.count(pos) < 2:
                continue  # 'dismissed them as a “provocation.': no quotation runs on from here
            partner = _later_closer(pending, index, pos, family, partnered, doc, blocks)
            if partner is not None:
                partnered.update((pos, partner))
    for openers, closers in leftovers:
        for pos, _ in closers:
            if pos not in partnered:
                yield Hit(pos, pos + 1, data={"mark": doc.checked[pos], "problem": "closes nothing opened before it"})
        for pos, _ in openers:
            if pos not in partnered:
                mark = doc.checked[pos]
                yield Hit(
                    pos, pos + 1, data={"mark": mark, "problem": f"is never closed with {_PAIRS.get(mark, mark)}"}
                )


_FAMILY = {"(": "round", ")": "round", "[": "square", "]": "square", "“": "quote", "”": "quote", '"': "quote"}
_WORDS = compile_pattern(r"[\p{L}\p{N}]+")
_LOOKAHEAD = 12  # paragraphs over which a quotation split one sentence per line may run


def _may_smile(doc: Document, smiling: Sequence[str]) -> bool:
    """Can a lone bracket be a smile? Only where chat writes smiles so: when the source is
    known, a language whose chat does (Russian, Ukrainian); else any article."""
    source = source_language(doc)
    return source is None or source in smiling


def _unpaired(doc: Document, block: Block, smiles: bool = True) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The openers and closers of a paragraph that find no partner inside it."""
    if not _holds_marks(doc, block):
        return [], []  # most paragraphs
    stack: list[tuple[int, str]] = []
    open_count = {"round": 0, "square": 0, "quote": 0}  # families on the stack, so no scan of it
    closers: list[tuple[int, str]] = []
    unclosed: list[tuple[int, str]] = []  # openers inside a pair that closed without them

    def pop() -> tuple[int, str]:
        mark = stack.pop()
        open_count[mark[1]] -= 1
        return mark

    for pos, char in _symbols(doc, block):
        family = _FAMILY[char]
        if char == '"':
            if pos in _inch_marks(doc, block):
                continue
            place = _quote_place(doc.checked, pos, block)
            if place == "opening" and stack and stack[-1][1] == "quote" and doc.checked[stack[-1][0]] == '"':
                # '"When having a good time, and "So many": a straight quote that can only open
                # while another is open leaves that one without its closer.
                unclosed.append(pop())
            opening = place == "opening"  # 'it... " Ginza': a mark between spaces closes
        else:
            # 'the largest”advertising alliance”': a closing glyph glued to the word after, with no
            # quotation open, opens ('“For two without the Internet,”and' closes)
            opening = char in "([“" or (
                char == "”" and doc.checked[pos + 1 : pos + 2].isalpha() and not (stack and stack[-1][1] == "quote")
            )
        if smiles and char in "()" and not (char == ")" and open_count["round"]) and _chat_smile(doc, pos, block):
            continue  # "it will arrive today)", "she did not even say hello (": smiles in chat
        if opening:
            stack.append((pos, family))
            open_count[family] += 1
            continue
        if stack and stack[-1][1] == family:
            pop()
        elif open_count[family]:
            # "(a “b) c": the bracket closes; the quote opened inside it stays open.
            while stack[-1][1] != family:
                unclosed.append(pop())
            pop()
        elif char == ")" and _enumerator(doc, block, pos):
            continue  # "4) Would you do it again?"
        else:
            closers.append((pos, family))
    return sorted(unclosed + stack), closers


_SMILE_CONTEXT = 100  # characters read on each side of a bracket: enough for a word or two
_LAST_WORD = compile_pattern(r"(?r)\p{L}+$")
# Words that no clause ends on, so that no smile follows them
_OPENS_A_CLAUSE = frozenset("and but or nor the a an because if whether than".split())


def _chat_smile(doc: Document, pos: int, block: Block) -> bool:
    """A bracket after a word that ends the sentence is a smile or a frown in chat written
    in Russian or Ukrainian style ("today)", "say hello (", "))"): nothing follows it but
    another such bracket, an emoji, a capital or the end of the paragraph, the article
    talks like chat (a news line "(Reporter Yang Na) Reporter learned" does not) and it
    puts no words in brackets elsewhere."""
    text = doc.checked
    # The brackets first: most articles put words in them, and the register reads every paragraph.
    if _brackets_words(doc) or not chat_register(doc):
        return False
    before = text[max(block.start, pos - _SMILE_CONTEXT) : pos].rstrip(" ")
    if not before or not (before[-1].isalpha() or before[-1] in "!?…)(") or before[-1].isdigit():
        return False
    last = _LAST_WORD.search(before)
    if last and last.group().lower() in _OPENS_A_CLAUSE:
        return False  # "I don't know why, but) I don't like him": a smile ends a clause
    doubled = text[pos + 1 : pos + 2] == text[pos] or before.endswith(text[pos])  # "German ((": a frown
    if not doubled and _closes_a_title(before):
        return False  # "Zhou Runjian)", "Complete Collection with CD)": a name or title lost its "("
    rest = text[pos + 1 : min(block.end, pos + 1 + _SMILE_CONTEXT)]
    after = rest.lstrip(" ")
    if not after or after[0] in "()":
        return True
    spaced = len(after) < len(rest)  # "(AP" opens a bracket; "( But" frowns
    return spaced and (after[0].isupper() or not after[0].isascii() and not after[0].isalpha())


# A bracketed group, then two letters inside it: one pattern with both backtracks on an
# unclosed "(" before a long line (quadratic on hostile text).
_BRACKETED = compile_re(r"\([^()\n]*\)")
_TWO_LETTERS = compile_pattern(r"\p{L}{2}")


def _brackets_words(doc: Document) -> bool:
    """Does the article put words in round brackets ("(with a smooth curve)")? A writer who
    pairs brackets that way does not use a lone one as a smile (none of the chat articles of
    the WMT22 uk-en references with smiles does)."""
    cached = doc.cache.get("brackets_words")
    if cached is None:
        cached = doc.cache["brackets_words"] = any(
            _TWO_LETTERS.search(group[0]) for group in _BRACKETED.finditer(doc.checked)
        )
    return cached


def _closes_a_title(before: str) -> bool:
    """Does the text before a bracket end in a capitalised word, or in a run of words mostly
    capitalised? Chat smiles come after ordinary words ("it will arrive today)")."""
    words = _WORDS.findall(before[-60:])
    if not words:
        return False
    last = words[-1]
    if last[0].isupper() or last[0].isdigit():
        return True
    tail = words[-6:]
    return sum(w[0].isupper() for w in tail) * 2 > len(tail)


def _quote_place(text: str, pos: int, block: Block) -> str:
    """Where a straight quote stands: "opening" (after a space or an opening mark, before a
    word), "closing" (after a word or punctuation, before a space, punctuation or the end),
    or "either"."""
    before = text[pos - 1] if pos > block.start else " "
    after = text[pos + 1] if pos + 1 < block.end else " "
    open_before = before.isspace() or before in "([{—–-/" or pos == block.start
    if open_before and not after.isspace():
        return "opening"
    if not open_before and (after.isspace() or after in ".,;:!?)]}…"):
        return "closing"
    return "either"


# A word and a space before the mark: 'the “human target' quotes a term, not speech that
# news style carries into the next paragraph.
_INSIDE_SENTENCE = compile_pattern(r"\p{L}[ \t]$")
# The paragraph ends in a speech tag: '..., the happy coach said.', '..., Gray adds.'
_SPEECH_VERBS = (
    r"(?:said|says|added|adds|told|tells|explained|explains|described|describes|noted|notes|stressed|stresses|"
    r"wrote|writes|recalled|recalls|concluded|concludes|replied|replies|admitted|admits|insisted|insists|"
    r"confirmed|confirms|stated|states|announced|announces|declared|declares|warned|warns|argued|argues|"
    r"claimed|claims|commented|comments|emphasi[sz]ed|emphasi[sz]es|asked|asks|answered|answers|"
    r"responded|responds|continued|continues|assured|assures|acknowledged|acknowledges|remarked|remarks)"
)
# ... or it goes on with an inverted tag and the speaker: '..., said Ziobro, head of Solidary Poland, ...'
_SPEECH_TAG = compile_pattern(
    rf",[ \t][^“”\"\n]{{0,150}}\b{_SPEECH_VERBS}\b[^“”\",\n]{{0,60}}[.!?]?[ \t]*$"
    rf"|,[ \t]{_SPEECH_VERBS}[ \t]\p{{Lu}}[^“”\"\n]{{0,300}}$"
)


# The longest text _SPEECH_TAG can match: ", " + 150 + verb + 60 + mark before the trailing
# blanks, or ", " + verb + " " + capital + 300 for an inverted tag; the longest verb has 12 letters.
_SPEECH_TAG_REACH = max(2 + 150 + 12 + 60 + 1, 2 + 12 + 1 + 1 + 300)


def _ends_in_speech_tag(text: str, block: Block, pos: int, blank_end: int) -> bool:
    """Does the paragraph (whose text before its trailing blanks ends at blank_end) end in
    a speech tag after the mark at pos? The search starts no further back than the tag can
    reach, so many marks in one paragraph stay linear."""
    return _SPEECH_TAG.search(text, max(pos + 1, blank_end - _SPEECH_TAG_REACH), block.end) is not None


class _WordsFrom:
    """How many words a paragraph has from a position on, from one scan of the paragraph."""

    def __init__(self, text: str, block: Block) -> None:
        self._text, self._block = text, block
        self._starts: list[int] | None = None

    def count(self, pos: int) -> int:
        if self._starts is None:
            self._starts = [m.start() for m in _WORDS.finditer(self._text, self._block.start, self._block.end)]
        return len(self._starts) - bisect.bisect_left(self._starts, pos)


def _opens_with_quote(doc: Document, block: Block) -> bool:
    return doc.checked[block.start : block.start + 1] in ("“", '"')


_NO_CLOSERS: dict[str, list[int]] = {}  # (never changed)
# What a paragraph without marks leaves over (never changed).
_NO_LEFTOVERS: tuple[list[tuple[int, str]], list[tuple[int, str]]] = ([], [])


class _Pending:
    """The marks each paragraph leaves over, indexed so that finding a partner for an opener
    costs the same whatever the number of marks (a scan of a paragraph's leftovers per opener
    was quadratic on a paragraph of openers before one of closers)."""

    def __init__(self, leftovers: list[tuple[list[tuple[int, str]], list[tuple[int, str]]]]) -> None:
        self.count = len(leftovers)
        # Only the paragraphs with leftovers (a few among thousands, found in C) have entries.
        self._families: dict[int, set[str]] = {}
        self._closers: dict[int, dict[str, list[int]]] = {}
        for index in compress(range(len(leftovers)), map(any, leftovers)):
            openers, closers = leftovers[index]
            self._families[index] = {f for _, f in openers + closers}
            if closers:
                by_family: dict[str, list[int]] = {}
                for pos, family in closers:
                    by_family.setdefault(family, []).append(pos)
                self._closers[index] = by_family
        self._next: dict[tuple[int, str], int] = {}  # the first closer not yet taken, per paragraph and family

    def first_free_closer(self, index: int, family: str, taken: set[int]) -> int | None:
        closers = self._closers.get(index, _NO_CLOSERS).get(family, [])
        at = self._next.get((index, family), 0)
        while at < len(closers) and closers[at] in taken:
            at += 1  # closers are only ever taken, never given back: the pointer only moves on
        self._next[(index, family)] = at
        return closers[at] if at < len(closers) else None

    def has_family(self, index: int, family: str) -> bool:
        """Does the paragraph leave over a mark of the family?"""
        return family in self._families.get(index, ())


def _later_closer(
    pending: _Pending,
    index: int,
    opener: int,
    family: str,
    taken: set[int],
    doc: Document,
    blocks: list[Block],
) -> int | None:
    """The first closer of the family left over in the next few paragraphs, when no
    paragraph in between has leftovers of that family nor, for quotes, a whole quotation in
    the same marks (inside a quotation, English quotes in single marks: the paragraphs of
    '“At 6 pm... ¶ They asked: “Is anybody here?” ¶ ...Akhmatovich.”' are no one quotation).
    A quoted term ('from "New Game!') closed after a word and before a lowercase word
    ('long twintails" that are') runs over a line break only inside a sentence."""
    reach = _LOOKAHEAD if family == "quote" else 2  # brackets close soon; quotations run on
    for later in range(index + 1, min(index + 1 + reach, pending.count)):
        candidate = pending.first_free_closer(later, family, taken)
        if candidate is not None:
            if family == "quote" and _quote_before(doc, blocks[later], candidate):
                return None  # '“Is anybody here?” – I said yes”': the closer ends a quotation of its own line
            if (
                family == "quote"
                and _TERM_CLOSER.match(doc.checked, candidate - 1)
                and _INSIDE_SENTENCE.search(doc.checked, max(blocks[index].start, opener - 2), opener)
                and not _ends_mid_sentence(doc.checked, blocks[later - 1])
            ):
                return None
            return candidate
        if pending.has_family(later, family):
            return None
        if family == "quote" and _holds_quotation(doc, blocks[later]):
            return None
    return None


_TERM_CLOSER = compile_pattern(r'[\p{L}\p{N}]["”][ \t]\p{Ll}')


def _ends_mid_sentence(text: str, block: Block) -> bool:
    """Does the paragraph end in a word or a comma ('He called it "a dangerous¶')?"""
    end = block.end
    while end > block.start and text[end - 1] in " \t\n":
        end -= 1
    return end > block.start and (text[end - 1].isalnum() or text[end - 1] == ",")


def _quote_before(doc: Document, block: Block, pos: int) -> bool:
    """Is there a double quote (a whole quotation: a lone one would have taken the closer) in
    the paragraph before pos? The paragraph's first quote is found once."""
    key = ("first_quote", block.start)
    first = doc.cache.get(key)
    if first is None:
        first = doc.cache[key] = next(
            (
                p
                for p, c in _symbols(doc, block)
                if c == "“" or c == "”" or (c == '"' and p not in _inch_marks(doc, block))
            ),
            block.end,
        )
    return bool(first < pos)


def _holds_quotation(doc: Document, block: Block) -> bool:
    """Does a paragraph with no quote left over hold a pair of double quotes?"""
    key = ("holds_quotation", block.start)
    cached = doc.cache.get(key)
    if cached is None:
        cached = doc.cache[key] = any(
            c == "“" or (c == '"' and p not in _inch_marks(doc, block)) for p, c in _symbols(doc, block)
        )
    return bool(cached)


def _enumerator(doc: Document, block: Block, pos: int) -> bool:
    line_start = max(block.start, doc.checked.rfind("\n", block.start, pos) + 1)
    return bool(_ENUMERATOR.fullmatch(doc.checked, line_start, pos))


@provides("style", "other")
def mixed_quote_styles(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """Straight "…" beside curly “…” double quotes in one article: the less used style is flagged."""
    straight, curly = [], 0
    marked = [block for block in doc.blocks if _holds_marks(doc, block)]
    for block in marked:
        for pos, char in _symbols(doc, block):
            if char == '"' and pos not in _inch_marks(doc, block):
                straight.append(pos)
            elif char in "“”":
                curly += 1
    if not straight or not curly:
        return
    if len(straight) > curly:
        # Mostly straight: flag each curly mark, suggesting the straight one.
        for block in marked:
            for pos, char in _symbols(doc, block):
                if char in "“”":
                    yield Hit(
                        pos, pos + 1, Fix(pos, pos + 1, '"', rule.fix_safe), {"style": "curly", "other": "straight"}
                    )
        return
    for pos in straight:
        before = doc.checked[max(0, pos - 1) : pos]
        replacement = "“" if _OPENING_CONTEXT.search(before) else "”"
        yield Hit(pos, pos + 1, Fix(pos, pos + 1, replacement, rule.fix_safe), {"style": "straight", "other": "curly"})


_FOREIGN_OPENERS = {"«": "»", "„": "“”", "‹": "›", "‚": "‘’"}
_FOREIGN_CLOSERS = {"»": "”", "›": "’"}
_INNER_SPACE = " \u00a0\u202f"
_FOREIGN_MARKS = "«»„‹›‚"


@provides("mark")
def source_language_quotes(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """« », „ “ and ‹ › left from French, Spanish, German or Russian sources.

    Each quotation becomes “…” (or ‘…’ for single marks), without the spaces French puts
    inside the guillemets; a closing mark without its opener becomes ” (or ’).
    """
    text = doc.checked
    if not any(mark in text for mark in _FOREIGN_MARKS):  # (str.find: far faster than a search)
        return
    for block in doc.blocks:
        pos = block.start
        while pos < block.end:
            char = text[pos]
            closers = _FOREIGN_OPENERS.get(char)
            if closers is None:
                if char in _FOREIGN_CLOSERS:
                    start = pos
                    while start > block.start and text[start - 1] in _INNER_SPACE:
                        start -= 1
                    yield Hit(pos, pos + 1, Fix(start, pos + 1, _FOREIGN_CLOSERS[char], rule.fix_safe), {"mark": char})
                pos += 1
                continue
            single = char in "‹‚"
            opening, closing = ("‘", "’") if single else ("“", "”")
            inner_start = pos + 1
            while inner_start < block.end and text[inner_start] in _INNER_SPACE:
                inner_start += 1
            yield Hit(pos, pos + 1, Fix(pos, inner_start, opening, rule.fix_safe), {"mark": char})
            close = min((i for i in (text.find(c, inner_start, block.end) for c in closers) if i >= 0), default=-1)
            if close < 0:
                pos = inner_start
                continue
            inner_end = close
            while inner_end > inner_start and text[inner_end - 1] in _INNER_SPACE:
                inner_end -= 1
            if text[close] != closing:  # German „…“ closes with “, English with ”
                yield Hit(close, close + 1, Fix(inner_end, close + 1, closing, rule.fix_safe), {"mark": text[close]})
            pos = close + 1


_DOUBLED = compile_pattern(r"(?i)\b(?P<word>\p{L}+)[ \t]+(?P<again>(?P=word))\b")
# A line holds a match of _DOUBLED only if one of these finds something: a character outside
# ASCII and outside ranges without letters in it (a non-ASCII letter, which `re` and regex may
# class apart; tests/test_doubled_words.py checks the ranges), or, for a match all in ASCII,
# an ASCII word doubled in ascii_word_bytes (one byte a character, so a fast search), where
# the word stands after a space and its copy before one (\b), with spaces between ([ \t]+).
# The lookahead makes the word atomic, as the space after it does in _DOUBLED. Line breaks
# are spaces there, so a match may run over one: all the lines it touches count.
_NOT_LETTERS = "\x00-\x7f\u00a0-\u00a9\u00ab-\u00b4\u00b6-\u00b9\u00bb-\u00bf\u2010-\u205e"
_MAYBE_LETTER = compile_re(f"[^{_NOT_LETTERS}]")
_DOUBLED_ASCII_BYTES = re.compile(rb" (?=([a-z]+))\1 +\1(?= )")


def _doubled_matches(doc: Document) -> Iterator[tuple[Block, regex.Match[str]]]:
    """doc.block_matches(_DOUBLED), searching only the lines that may hold a match (no match
    spans a line break, so a search line by line finds the same ones)."""
    text = doc.checked
    lines = set()
    # (a match at pair.start() in the padded bytes covers the text from pair.start() - 1 on)
    for pair_start, pair_end in _doubled_ascii_spans(b" " + document_ascii_words(doc) + b" "):
        line = _line_span(text, max(0, pair_start - 1))
        lines.add(line)
        while line[1] < pair_end - 2:  # a match over a line break: the next line too
            lines.add(line := _line_span(text, line[1] + 1))
    found = _MAYBE_LETTER.search(text)
    while found:
        lines.add(span := _line_span(text, found.start()))
        found = _MAYBE_LETTER.search(text, span[1])
    for line_start, line_end in sorted(lines):
        for match in _DOUBLED.finditer(text, line_start, line_end):
            block = doc.block_holding(match.start(), match.end())
            if block is not None:
                yield block, match


def _doubled_ascii_spans(padded: bytes) -> list[tuple[int, int]]:
    """The spans of _DOUBLED_ASCII_BYTES in the padded ASCII words (in C where built)."""
    if native_words is not None:
        return native_words.doubled_ascii(padded)
    return [pair.span() for pair in _DOUBLED_ASCII_BYTES.finditer(padded)]


def _line_span(text: str, pos: int) -> tuple[int, int]:
    end = text.find("\n", pos)
    return text.rfind("\n", 0, pos) + 1, len(text) if end < 0 else end


_PRONOUNS_AND_ARTICLES = frozenset(
    "i we you he she they it the a an this these those his her their our my your its".split()
)
_WH_WORDS = ("who", "what", "whoever", "whatever")
_FUNCTION_WORDS = _PRONOUNS_AND_ARTICLES | frozenset(
    "at in on of to by for with from as and or but if so is was are be do did has have had not no".split()
)
# Prepositions and conjunctions a title capitalises: no keyword is said twice among them.
_TITLE_CASE_PREPOSITIONS = frozenset(
    "about above across after against along among around before behind below beneath beside between beyond "
    "during except inside into near onto outside over past since than through throughout toward towards "
    "under until upon while within without".split()
)
_BEFORE_SO_SO = frozenset("just is was are were felt feel feels looks looked seems seemed quite pretty only".split())
_PARTICIPLES = frozenset("left said made gone been done come got seen told taken given lost won become begun".split())
# Words after which "that that" is "that" + the demonstrative: "imagine that that is possible".
_REPORTING = frozenset(
    "say said says think thought believe believed know knew imagine imagined hope hoped mean means meant claim "
    "claimed show showed shows note noted out ensure argue argued suggest suggested feel felt realize realise "
    "realized understand understood idea fact sure clear obvious true".split()
)
# After these "that that" is the demonstrative, then a relative pronoun ("things like that that
# make me") or, in a cleft, the conjunction ("it was because of that that he left").
_PREPOSITIONS = frozenset("like unlike of about for with from after before by than despite".split())
# After "that that", these begin a noun phrase, so the second "that" cannot be the demonstrative:
# "which means that that every class" is a stutter.
_DETERMINERS = frozenset("every each all some any many most several both either neither another".split())
# Words that take "for", so that a clause can strand it: "the job he had been looking for for days".
_FOR_VERBS = frozenset(
    "looking searching waiting asking hoping calling fighting paying applying preparing praying campaigning "
    "voting lobbying pushing hunting shopping caring standing arguing begging longing working living training "
    "playing saving planning striving aiming competing advocating yearning wishing reaching crying screaming "
    "rooting cheering responsible known famous".split()
)
# "is is" is grammatical after "what" alone (handled apart): "who is is" is a stutter.
_CLAUSE_VERBS = frozenset("does has counts matters wins goes works says".split())
_AUXILIARIES = frozenset("is are was were be been being am has have had".split())
_MAKE = frozenset("make makes made making".split())
_DURATION = compile_pattern(
    r"\G(?:[ \t]+\S+){0,2}?[ \t]+(?:seconds|minutes|hours|days|weeks|months|years|decades|ages|a while|long)\b"
)


def _on_purpose(
    on_purpose: Sequence[str], intensifiers: Sequence[str], doubled_names: Sequence[str]
) -> tuple[set[str], set[str], set[str]]:
    """doubled_words' words doubled on purpose, intensifiers and the first words of doubled names."""
    return set(on_purpose), set(intensifiers), {n.split()[0].lower() for n in doubled_names}


@provides("word", "again", options={"doubled-on-purpose": (), "intensifiers": (), "doubled-names": ()})
def doubled_words(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A word written twice in a row ("the the", "and and", "is is"), except where English
    doubles it on purpose. What is on purpose was read off the WMT human references, where
    a doubled word is almost always grammatical: "had had", "that that" before a verb
    ("imagine that that is possible"), "is is" after "what" ("what it is is a scam"), a
    verb closing a clause before the same verb ("those who voted voted"), a particle before
    its preposition ("looking for for days"), intensifiers ("very very", "so so"), short
    doubled names ("Bora Bora", "Han Han") and compounds ("low-power power line")."""
    always, intensifiers, doubled_names = made_from_options(
        rule, _on_purpose, "doubled-on-purpose", "intensifiers", "doubled-names"
    )
    common = lexicon(doc.lang)
    text = doc.checked
    run_end = -1
    title_lines: dict[int, bool] = {}  # by block start: read once per paragraph, not per match
    for block, match in _doubled_matches(doc):
        if match.start() < run_end:
            continue  # inside a run already reported whole
        first, again = match.group("word"), match.group("again")
        word = first.lower()
        before = _words_before(text, match.start(), block.start, 12)
        written_after = _word_after(text, match.end(), block.end)
        after = written_after.lower()
        closes = not after  # nothing but punctuation follows: "the food was just so so."
        if word == "had" and (after.endswith(("ed", "en")) or after in _PARTICIPLES):
            pass  # "the troops had had left": "had had" with a participle after it is a slip
        elif (
            word in ("so", "no")
            and not closes
            and after != word
            and not (word == "so" and before and before[-1] in _BEFORE_SO_SO)
        ):
            pass  # "..., so so you should tell them", "no no joining fees", "there is no no merit": a stutter
        elif word in always or word in intensifiers:
            continue
        if word in ("much", "far") and (after.endswith("er") or after in ("more", "less", "too")):
            continue  # "much much better"
        if text[match.start() - 1 : match.start()] in ("-", "'", "’") or text[match.end() : match.end() + 1] in (
            "'",
            "’",
        ):
            continue  # "low-power power line", "l'Cie"
        if first[:1].isupper() and again[:1].isupper() and word in doubled_names:
            continue  # "Bora Bora", "Cao Cao"
        if (
            first[:1].isupper()
            and again[:1].isupper()
            and _same_word_after(text, match.end("again"), block.end, word) is None
            and word not in doc.language.function_words
            and word not in _TITLE_CASE_PREPOSITIONS  # "Kids Run Through Through the City" is a slip
            and _cached_title_line(title_lines, text, block)
            and not _stutter_in_title(text, block, match, common, doc.lang)
        ):
            continue  # "Low Power Power Line": a product title's keywords, but not "Legend Legend Legend"
        if again.islower() and not first.isupper() and not common.is_common(word):
            # "Woos woos", "zucha zucha": a sound or a word of another language said twice; a
            # rarer English word doubled in running text ("a confectioner confectioner") is a slip
            if first[:1].isupper() or not is_lowercase_word(doc.lang, word):
                continue
        if (
            word == "that"
            and after
            and after not in _PRONOUNS_AND_ARTICLES
            and after not in _DETERMINERS
            and after not in ("that", "there")
            and not (after != "i" and written_after[:1].isupper())  # a name: "I think that that Europe"
            and before
            and (before[-1] in _REPORTING or before[-1] in _PREPOSITIONS)
        ):
            # "imagine that that is possible", "things like that that make me": the first "that"
            # ends a clause or a prepositional phrase; not "coins that that are still in use"
            continue
        if word == "that" and after and after != "that" and before and before[-1] in _PREPOSITIONS and _cleft(before):
            continue  # "it was because of that that he left": a cleft, whatever its subject
        if (
            word == "is"
            and "what" in before[-6:]
            and "," not in text[max(block.start, match.start() - 60) : match.start()]
        ):
            continue  # "what it is is a scam"
        if (
            ((word.endswith("ed") and not word.endswith("eed")) or word in _CLAUSE_VERBS)
            and not closes  # "exactly what I wanted wanted.": no main clause goes on
            and any(w in _WH_WORDS for w in before[-4:])
            and not (before and before[-1] in _AUXILIARIES)
            # nor "what does does it mean": an auxiliary before its subject
            and not (word in ("does", "has") and before[-1] in _WH_WORDS and after in _PRONOUNS_AND_ARTICLES)
        ):
            continue  # "those who voted voted against", "what he does does matter", not "who were sent sent"
        if word == "for" and before and before[-1] in _FOR_VERBS and _DURATION.search(text, match.end(), block.end):
            continue  # "police have been looking for for several days"
        if before and before[-1] in _MAKE and first[:1].isupper() and word not in _FUNCTION_WORDS:
            continue  # "what makes Britain Britain": the identity construction, not "making big big progress"
        # "of this This is": maybe a full stop lost rather than a word said twice, and
        # deleting "This" would make it worse: no fix.
        sentence_break = first[:1].islower() and again[:1].isupper()
        # "the the the": one finding for the run, and one fix leaving a single copy (a fix
        # per pair would only halve the run on each pass).
        run_end = match.end("again")
        while (more := _same_word_after(text, run_end, block.end, word)) is not None:
            run_end = more
        # A doubled function word is a stutter; a doubled content word may be two compounds
        # meeting ("low power power line"), so deleting one is for the editor to confirm.
        safe = rule.fix_safe and word in _FUNCTION_WORDS
        fix = None if sentence_break else Fix(match.end("word"), run_end, "", safe)
        yield Hit(match.start("again"), run_end, fix, {"word": first, "again": text[match.start("again") : run_end]})


def _cleft(before: list[str]) -> bool:
    """Do the words before open a cleft ("it's ...", "it was ...", "was it ...")?"""
    recent = before[-6:]
    return any(w in ("it's", "it’s", "that's", "that’s") for w in recent) or any(
        a == "it" and b in ("is", "was") or a in ("is", "was") and b == "it" for a, b in zip(recent, recent[1:])
    )


def _same_word_after(text: str, pos: int, end: int, word: str) -> int | None:
    """Where another copy of word right after pos ends (None if the next word is another)."""
    found = _NEXT_WORD.match(text, pos, end)
    return found.end() if found and found.group(1).lower() == word else None


_NEXT_WORD = compile_pattern(r"[ \t]+(\p{L}+)\b")


_KEYWORD_TITLE = 20  # longer words from which a title is a shop's keyword list


def _stutter_in_title(text: str, block: Block, match: regex.Match[str], common: Lexicon, lang: str) -> bool:
    """A common English word doubled once, in the same letters, in a headline: "Official
    Official Store", "Midnight Market Market". A title doubles a name or brand ("Labo Labo",
    "Omega OMEGA"), and a shop's keyword list a word two of its keywords share, once or
    over and over ("Introduction Military Military Uniform Sword" after twenty more
    keywords, "High Power Power Line High Power Power Line"), or two compounds meet on it
    ("Low Power Power Line")."""
    first, again = match.group("word"), match.group("again")
    if first != again or len(first) <= 3:
        return False  # (three letters or fewer: a syllable of a romanised name, "Yu Yu")
    # A common word, or a people's adjective, which no brand doubles ("Chinese Chinese Paintings")
    name = gazetteer(lang).get(first.lower())
    if not common.is_common(first.lower()) and not (name and name.category in ("nationality", "language")):
        return False
    if text.count(match.group(), block.start, block.end) > 1:
        return False
    words = [w for w in _WORDS.findall(text, block.start, block.end) if len(w) > 3]
    if len(words) >= _KEYWORD_TITLE:
        return False
    before = _WORDS.findall(text, max(block.start, match.start() - 40), match.start())
    after = _WORDS.match(text, match.end() + 1, block.end) if text[match.end() : match.end() + 1] == " " else None
    if not before or after is None:
        return True
    # Both pairs are the kind of words hyphenated compounds are made of: "low-", "-power",
    # "power-", "-line" (not "first-", "-sale", "sale-", "-now" in "First Sale Sale Now").
    parts, word = compound_parts(lang), first.lower()
    return not (
        f"{before[-1].lower()}-" in parts
        and f"-{word}" in parts
        and f"{word}-" in parts
        and f"-{after.group().lower()}" in parts
    )


def _cached_title_line(cache: dict[int, bool], text: str, block: Block) -> bool:
    if block.start not in cache:
        cache[block.start] = _title_line(text, block)
    return cache[block.start]


def _title_line(text: str, block: Block) -> bool:
    """Most of the line's longer words capitalised, and no sentence end: a title or a label."""
    line = text[block.start : block.end].strip()
    words = [w for w in _WORDS.findall(line) if len(w) > 3 and w.isalpha()]
    return (
        len(words) >= 3
        and sum(w[0].isupper() for w in words) >= 0.6 * len(words)
        and not line.endswith((".", "?", "!"))
    )


_APOSTROPHE_WORD = compile_pattern(r"[\p{L}']+")
_APOSTROPHE_WORD_AFTER = compile_pattern(r"[ \t]+([\p{L}']+)")


def _words_before(text: str, pos: int, start: int, count: int) -> list[str]:
    return [w.lower() for w in _APOSTROPHE_WORD.findall(text, max(start, pos - 80), pos)][-count:]


def _word_after(text: str, pos: int, end: int) -> str:
    found = _APOSTROPHE_WORD_AFTER.match(text, pos, min(end, pos + 40))
    return found.group(1) if found else ""
