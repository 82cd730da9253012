"""MT517: Russian and Ukrainian dialogue dashes left in English quotations.

Russian and Ukrainian punctuate reported speech with a dash: «Мы победим», - сказала
Татьяна; and write dialogue as lines that open with a dash. MT keeps the dash
("We will win," - explained Tatiana), which English never writes: it closes the quotation
and goes on with the attribution ("We will win," explained Tatiana).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from mtcheck.checks import provides
from mtcheck.engine.findings import Fix, Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.language.pattern_cache import compile_pattern
from mtcheck.text.blocks import Block
from mtcheck.text.document import Document
from mtcheck.text.scan import char_positions

if TYPE_CHECKING:
    import regex

# A sentence's end inside or before a closing quote, then a dash, then the attribution.
_ATTRIBUTION_DASH = compile_pattern(
    r"(?P<mark>[,.!?…])(?P<quote>[\"”»'’]?)(?P<dash>[ \u00a0]?[-–—][ \u00a0]?)(?=\p{Ll})"
)
_LINE_DASH = compile_pattern(r"[-–—][ \u00a0]?(?=[\p{Lu}\"“«])")
_DASHES = ("-", "–", "—")


@lru_cache(maxsize=4)
def _speech_pattern(verbs: tuple[str, ...], subjects: tuple[str, ...]) -> regex.Pattern[str]:
    """ "said the minister", "the minister said", "he asked", "writes the media": a verb of
    saying first, or within a short subject."""
    verb = r"(?:" + "|".join(verbs) + r")\b"
    subject = r"(?:" + "|".join(subjects) + r")\b"
    return compile_pattern(rf"{verb}|{subject}(?:[ \u00a0][\p{{L}}'’-]+){{0,4}}?[ \u00a0]{verb}")


@provides("dash", options={"speech-verbs": (), "subjects": ()})
def dialogue_dashes(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A dash between a quotation and its attribution, and a line of dialogue opening with
    a dash when the line has such an attribution or is a question or answer of an interview
    written as dash lines."""
    if not any(d in doc.checked for d in "-–—"):
        return
    speech = _speech_pattern(tuple(rule.options["speech-verbs"]), tuple(rule.options["subjects"]))
    attributed_blocks = set()
    for block, match in _attribution_dashes(doc):
        if not speech.match(doc.checked, match.end()):
            continue
        attributed_blocks.add(block.start)
        mark, dash = match.group("mark"), match.group("dash")
        # "We will win," - said ... -> "We will win," said ...; a full stop becomes a comma.
        if mark == ".":
            fix = Fix(match.start(), match.end(), "," + match.group("quote") + " ", safe=False)
        else:
            fix = Fix(match.start("dash"), match.end("dash"), " ", safe=True)
        yield Hit(
            match.start("dash") + len(dash) - len(dash.lstrip()),
            match.end("dash") - (len(dash) - len(dash.rstrip())),
            fix,
            {"dash": dash.strip()},
        )
    yield from _dash_lines(doc, attributed_blocks)


def _attribution_dashes(doc: Document) -> Iterator[tuple[Block, regex.Match[str]]]:
    """doc.block_matches(_ATTRIBUTION_DASH), tried only one to three characters before a dash
    (found with str.find), where each of its matches starts. A match starts with [,.!?…],
    which none of its later characters is, so no match starts inside another: every start
    where it matches is one of finditer's."""
    text = doc.checked
    dashes = char_positions(text, "-–—")
    starts = sorted({at - before for at in dashes for before in (1, 2, 3) if at >= before})
    for match in filter(None, (_ATTRIBUTION_DASH.match(text, start) for start in starts)):
        block = doc.block_holding(match.start(), match.end())
        if block is not None:
            yield block, match


def _dash_lines(doc: Document, attributed_blocks: set[int]) -> Iterator[Hit]:
    """Paragraphs that open with a dash as dialogue: with an attribution in them, or in a run
    of dash paragraphs that opens with a question and holds an answer (an interview). Other
    runs, and lone dash paragraphs, may be bulleted lists (the WMT references have both)."""
    runs: list[list] = [[]]
    for block in doc.blocks:
        opens_with_dash = doc.checked[block.start : block.start + 1] in _DASHES  # (most do not: no search)
        dash = _LINE_DASH.match(doc.checked, block.start) if opens_with_dash else None
        if dash is None or block.kind != "paragraph":
            runs.append([])
            continue
        runs[-1].append((block, dash))
    for run in runs:
        if not run:
            continue
        endings = [doc.checked[b.start : b.end].rstrip(" \"”»'’").endswith("?") for b, _ in run]
        interview = endings[0] and not all(endings)
        for block, dash in run:
            if interview or block.start in attributed_blocks:
                yield Hit(dash.start(), dash.start() + 1, None, {"dash": doc.checked[dash.start()]})
