"""Typographic conventions of Spanish, French and German targets (MT51x), which MT systems
trained mostly on English output often get wrong: the opening ¿ and ¡ of Spanish, the
spaces French puts inside guillemets and before high punctuation, German „…“ quotes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtcheck.checks import provides
from mtcheck.engine.findings import Fix, Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.language.pattern_cache import compile_re
from mtcheck.text.document import Document

_NBSP = "\u00a0"
_SPACES = " \t\u00a0\u202f"


@provides("mark", "opening", options={"mark": "?"})
def missing_inverted_marks(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A Spanish question or exclamation without its opening mark: each ? needs a ¿ before
    it in the same sentence, after the previous ? ("Si viene, ¿qué hacemos?")."""
    closing = rule.options["mark"]
    opening = {"?": "¿", "!": "¡"}[closing]
    for sentence in doc.sentences:
        text = doc.checked[sentence.start : sentence.end]
        if closing not in text:
            continue
        since = 0
        for match in re.finditer(re.escape(closing) + "+", text):
            if opening not in text[since : match.start()] and _has_words(text[since : match.start()]):
                yield Hit(
                    sentence.start + match.start(),
                    sentence.start + match.end(),
                    data={"mark": closing, "opening": opening},
                )
            since = match.end()


def _has_words(text: str) -> bool:
    return sum(c.isalpha() for c in text) >= 2


@provides("side")
def guillemet_spacing(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """French « » take a (no-break) space inside: «texte» is « texte »."""
    text = doc.checked
    for block in doc.blocks:
        for match in re.finditer("[«»]", text[block.start : block.end]):
            pos = block.start + match.start()
            if match.group() == "«" and pos + 1 < block.end and text[pos + 1] not in _SPACES:
                yield Hit(pos, pos + 1, Fix(pos, pos + 1, "«" + _NBSP, rule.fix_safe), {"side": "after «"})
            elif match.group() == "»" and pos > block.start and text[pos - 1] not in _SPACES:
                yield Hit(pos, pos + 1, Fix(pos, pos + 1, _NBSP + "»", rule.fix_safe), {"side": "before »"})


_ENGLISH_PAIR = compile_re(r"(?<![\w“])“(?=\S)([^“”\n]{1,400}?)(?<=\S)”")


@provides("expected")
def english_quotes(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """English “…” quotes in a language that opens differently: German „…“, French « … »
    (where “…” is only the quote inside a quote)."""
    language = doc.lang
    for block in doc.blocks:
        text = doc.checked[block.start : block.end]
        if language == "fr" and "«" in text:
            continue  # “…” inside « … » is the French quote within a quote
        for match in _ENGLISH_PAIR.finditer(text):
            start, end = block.start + match.start(), block.start + match.end()
            inner = match.group(1)
            if language == "de":
                replacement, expected = f"„{inner}“", "„…“"
            else:
                replacement, expected = f"«{_NBSP}{inner}{_NBSP}»", "« … »"
            yield Hit(start, end, Fix(start, end, replacement, rule.fix_safe), {"expected": expected})
