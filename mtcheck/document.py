"""The document model: the text, what of it is checked, its blocks, lines and sentences.

`checked` is a copy of `text` of the same length in which everything rules must not see is
hidden: whole code blocks, front matter and HTML become spaces, and inline markup, code
spans and URLs become MASK characters (a private-use code point that is neither a word
character nor whitespace, so hiding `code` creates no doubled space and no fake word).
Because both strings have the same length, every offset a rule reports is an offset into
the original file, and line and column are computed only when a finding is printed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cached_property
from typing import Any, NamedTuple

from mtcheck.inputs import Source
from mtcheck.language import Language, language
from mtcheck.segment import MASK, dateline_end, split_sentences


# Named tuples: cheap to build by the thousand, immutable, hashable.
class Block(NamedTuple):
    """A paragraph-level unit: paragraph, heading, list_item, quote, table_cell, front_matter."""

    start: int
    end: int
    kind: str


class Sentence(NamedTuple):
    start: int
    end: int
    block: int  # index into Document.blocks


class Line(NamedTuple):
    """A physical line of a block: `start` is its first visible character, `end` its last + 1."""

    start: int
    end: int
    block: int


class Document:
    def __init__(
        self, source: Source, checked: str, blocks: list[Block], lang: str, comments: list[tuple[int, int]] = ()
    ):
        assert len(checked) == len(source.text)
        self.source = source
        self.path = source.path
        self.text = source.text
        self.checked = checked
        self.blocks = [b for b in blocks if _has_visible_text(checked, b.start, b.end)]
        self.lang = lang
        # HTML comments outside code (where suppression directives may live).
        self.comments = list(comments)
        # Set by the engine for the run: settings and loaded rules (see engine.RunContext).
        self.context: Any = None
        # A human translation of the same text, when the run has one (mtcheck check --ref).
        self.reference: Document | None = None
        # The text this one translates, when the run has it (mtcheck check --source).
        self.original: Document | None = None
        # Derived analyses shared by rules (tokens, name matches...), keyed by their owner.
        self.cache: dict[Any, Any] = {}

    @cached_property
    def language(self) -> Language:
        return language(self.lang)

    @cached_property
    def _line_starts(self) -> list[int]:
        return line_starts(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of an offset; end offsets are exclusive."""
        line = bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    @cached_property
    def sentences(self) -> list[Sentence]:
        result = []
        for index, block in enumerate(self.blocks):
            for start, end in split_sentences(self.checked, block.start, block.end, self.language):
                result.append(Sentence(start, end, index))
        return result

    @cached_property
    def lines(self) -> list[Line]:
        """The checked lines of every block, trimmed of whitespace and leading markup."""
        result = []
        for index, block in enumerate(self.blocks):
            pos = block.start
            while pos < block.end:
                newline = self.checked.find("\n", pos, block.end)
                stop = block.end if newline < 0 else newline
                start, end = pos, stop
                while start < end and (self.checked[start].isspace() or self.checked[start] == MASK):
                    start += 1
                while end > start and (self.checked[end - 1].isspace() or self.checked[end - 1] == MASK):
                    end -= 1
                if start < end:
                    result.append(Line(start, end, index))
                pos = stop + 1
        return result

    def written_in_lowercase(self, block: Block) -> bool:
        """Text with no capital at all and no final punctuation (social posts, slugs) is
        lowercase on purpose; a lowercase sentence that ends in a full stop is not."""
        judged = self.cache.setdefault("written_in_lowercase", {})  # asked once per match: keep it linear
        if block.start not in judged:
            text = self.checked[block.start : block.end].rstrip()
            judged[block.start] = (
                not any(c.isupper() for c in text) and not text.endswith((".", "?", "!")) and len(text.split()) >= 4
            )
        return judged[block.start]

    def sentence_start(self, sentence: Sentence) -> int:
        """Where the first word of a sentence is, after any news dateline."""
        return dateline_end(self.checked, sentence.start, sentence.end)

    def next_text_line(self, offset: int) -> int:
        """The 1-based number of the first non-blank line after the line holding offset."""
        index = bisect_right(self._line_starts, offset) - 1
        for following in range(index + 1, len(self._line_starts)):
            if self.text[slice(*self._physical_line(following))].strip():
                return following + 1
        return index + 2

    def block_matches(self, pattern) -> Iterator[tuple[Block, Any]]:
        """(block, match) for each match of pattern that lies inside one block.

        One search of the whole checked text instead of one per block: the pattern must not
        be anchored (^, $), since those would match at block edges only block by block.
        """
        starts = self._block_starts
        for match in pattern.finditer(self.checked):
            index = bisect_right(starts, match.start()) - 1
            if index >= 0 and match.end() <= self.blocks[index].end:
                yield self.blocks[index], match

    @cached_property
    def _block_starts(self) -> list[int]:
        return [b.start for b in self.blocks]

    def line_removal_span(self, offset: int) -> tuple[int, int]:
        """What to delete to remove the line holding offset without leaving a double blank line."""
        index = bisect_right(self._line_starts, offset) - 1
        start, end = self._physical_line(index)
        previous_blank = index == 0 or not self.text[slice(*self._physical_line(index - 1))].strip()
        if previous_blank and index + 1 < len(self._line_starts):
            next_start, next_end = self._physical_line(index + 1)
            if not self.text[next_start:next_end].strip():
                end = next_end
        return start, end

    def _physical_line(self, index: int) -> tuple[int, int]:
        starts = self._line_starts
        return starts[index], starts[index + 1] if index + 1 < len(starts) else len(self.text)


def line_starts(text: str) -> list[int]:
    """Offsets where each line of text begins."""
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def build_document(source: Source, lang: str, front_matter_fields: tuple[str, ...] = ()) -> Document:
    if source.format == "markdown":
        from mtcheck.markdown import markdown_blocks

        checked, blocks, comments = markdown_blocks(source.text, front_matter_fields)
    else:
        checked, blocks, comments = plain_text_blocks(source.text)
    return Document(source, checked, blocks, lang, comments)


def _has_visible_text(checked: str, start: int, end: int) -> bool:
    return any(not c.isspace() and c != MASK for c in checked[start:end])


COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

# Bare web addresses, e-mail addresses and domain names: never prose, never checked.
_TOP_LEVEL_DOMAINS = "com|org|net|int|gov|edu|info|news|io|eu|uk|de|es|fr|it|pt|ru|ua"
# Patterns that start with a literal, searched in lowercased text: the regular expression
# engine then jumps from candidate to candidate instead of trying every position.
_WEB_ADDRESS_START = re.compile(r"https?://|ftp://|www\.")
_WEB_ADDRESS = re.compile(r"[^\s<>\"“”‘’«»]*[^\s<>\"“”‘’«».,;:!?)\]]")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DOMAIN_END = re.compile(r"\.(?:" + _TOP_LEVEL_DOMAINS + r")\b")
_DOMAIN_CHARS = re.compile(r"[\w.-]*$")
_PATH = re.compile(r"/[^\s]*[^\s.,;:!?)]")


def url_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Web addresses, e-mail addresses and bare domains ("nato.int/news") in text[start:end].

    Each kind is searched only when a cheap substring test says it may be there: most
    articles hold no address, and a regular expression over the whole text is not free.
    """
    end = len(text) if end is None else end
    lowered = text.lower()  # same length: lowercasing never changes offsets in these scripts
    if len(lowered) != len(text):
        lowered = text
    spans = []
    for match in _WEB_ADDRESS_START.finditer(lowered, start, end):
        rest = _WEB_ADDRESS.match(text, match.end(), end)
        spans.append((match.start(), rest.end() if rest else match.end()))
    if "@" in text:
        spans += [m.span() for m in _EMAIL.finditer(text, start, end)]
    for match in _DOMAIN_END.finditer(lowered, start, end):
        if match.start() == start or not (text[match.start() - 1].isalnum() or text[match.start() - 1] in "-_"):
            continue
        if text[match.start() + 1].isupper():
            continue  # "said.It was": two sentences glued, not a domain in ".it"
        # From the top-level domain, back over the host name and on over any path.
        first = _DOMAIN_CHARS.search(
            text, max(start, match.start() - 253), match.start()
        ).start()  # 253: longest host name
        path = _PATH.match(text, match.end(), end)
        spans.append((first, path.end() if path else match.end()))
    return spans


def mask_urls(checked: list[str], text: str, start: int = 0, end: int | None = None) -> None:
    for first, last in url_spans(text, start, end):
        checked[first:last] = MASK * (last - first)


_TERMINAL = tuple('.!?:;"”’»)…')


def plain_text_blocks(text: str) -> tuple[str, list[Block], list[tuple[int, int]]]:
    """Blocks of a plain-text article.

    Articles come either one paragraph per line (wire copy, MT output) or hard-wrapped,
    with blank lines between paragraphs. A run of lines is one wrapped paragraph only when
    its lines are short and mostly stop mid-sentence; otherwise every line is a paragraph.
    """
    checked = list(text)
    comments = [m.span() for m in COMMENT.finditer(text)]
    for start, end in comments:
        # A comment alone on its lines leaves them blank; inside a line it becomes markup.
        alone = _alone_on_its_lines(text, start, end)
        for pos in range(start, end):
            if checked[pos] != "\n":
                checked[pos] = " " if alone else MASK
    mask_urls(checked, text)
    masked = "".join(checked)
    blocks: list[Block] = []
    runs = list(_line_runs(masked))
    wrapped = _hard_wrapped(runs)
    for run in runs:
        if wrapped and _looks_wrapped(masked, run):
            blocks.append(Block(run[0][0], run[-1][1], "paragraph"))
        else:
            blocks.extend(Block(s, e, "paragraph") for s, e in run)
    return masked, blocks, comments


def _hard_wrapped(runs: list[list[tuple[int, int]]]) -> bool:
    """Is the file hard-wrapped, judged on all its lines before any are joined? Its lines
    never pass the wrap width (at most 100 characters), and the lines that do not end a
    paragraph nearly all reach close to it. A news file with one paragraph per line has
    long lines, or short lines of all lengths (headlines, subheads, captions)."""
    lengths = [e - s for run in runs for s, e in run]
    inner = [e - s for run in runs for s, e in run[:-1]]
    if len(inner) < 2 or max(lengths) > 100:
        return False
    width = max(inner)
    return sum(1 for n in inner if n >= width * 3 // 4) * 4 >= len(inner) * 3


def _alone_on_its_lines(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    return not text[line_start:start].strip() and not text[end:line_end].strip()


def _line_runs(text: str) -> Iterator[list[tuple[int, int]]]:
    """Runs of consecutive non-blank lines, each line as (start, end) without its newline."""
    run: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.replace(MASK, " ").strip()
        if not stripped:
            if run:
                yield run
            run = []
            continue
        lead = len(line) - len(line.lstrip())
        run.append((start + lead, start + len(line.rstrip())))
    if run:
        yield run


def _looks_wrapped(text: str, run: list[tuple[int, int]]) -> bool:
    """Hard-wrapped lines are all about as long as the wrap width and mostly stop mid-sentence."""
    if len(run) < 2:
        return False
    if any(text[a:b] == text[c:d] for (a, b), (c, d) in zip(run, run[1:])):
        return False  # a line said twice is a repetition, not a wrapped paragraph
    inner = [e - s for s, e in run[:-1]]
    width = max(inner)
    if width > 100 or min(inner) < max(40, width // 2):
        return False
    open_ended = sum(1 for s, e in run[:-1] if not text[s:e].endswith(_TERMINAL))
    return open_ended * 2 >= len(inner)
