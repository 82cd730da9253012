"""Plain-text articles: paragraphs one per line or hard-wrapped, headlines on lines of their own."""

from __future__ import annotations

from collections.abc import Iterator

from mtcheck.text.blocks import COMMENT, Block, mask_urls, url_mask_spans
from mtcheck.text.segment import MASK

_TERMINAL = tuple('.!?:;"”’»)…')


def plain_text_blocks(text: str) -> tuple[str, list[Block], list[tuple[int, int]]]:
    """Blocks of a plain-text article.

    Articles come either one paragraph per line (wire copy, MT output) or hard-wrapped,
    with blank lines between paragraphs. A run of lines is one wrapped paragraph only when
    its lines are short and mostly stop mid-sentence; otherwise every line is a paragraph.
    """
    comments = [m.span() for m in COMMENT.finditer(text)]
    if comments:
        checked = list(text)
        for start, end in comments:
            # A comment alone on its lines leaves them blank; inside a line it becomes markup.
            alone = _alone_on_its_lines(text, start, end)
            for pos in range(start, end):
                if checked[pos] != "\n":
                    checked[pos] = " " if alone else MASK
        mask_urls(checked, text)
        masked = "".join(checked)
    else:
        masked = _with_urls_masked(text)
    blocks: list[Block] = []
    runs = list(_line_runs(masked))
    wrapped = _hard_wrapped(runs)
    for run in runs:
        if wrapped and _looks_wrapped(masked, run):
            blocks.append(Block(run[0][0], run[-1][1], "paragraph"))
        else:
            blocks.extend(Block(s, e, "paragraph") for s, e in run)
    return masked, blocks, comments


def _with_urls_masked(text: str) -> str:
    """What mask_urls makes of the text's characters, without a list of them all (most
    articles have no address at all, the rest a few)."""
    pieces: list[str] = []
    masked_to = 0
    for first, last in url_mask_spans(text):
        pieces += (text[masked_to:first], MASK * (last - first))
        masked_to = last
    return "".join(pieces) + text[masked_to:] if pieces else text


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
        if line and not line[0].isspace() and line[0] != MASK and not line[-1].isspace():
            run.append((start, end))  # (most lines: visible from their first character, nothing to trim)
            continue
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
