"""Rule patterns written for speed match exactly what the plainer way of writing them matches:
the same spans and groups, on the rules' examples, variants of them and real text."""

from __future__ import annotations

import random

import regex

from mtcheck.engine.kinds import PatternRule
from mtcheck.engine.packs import ALL_SOURCES
from mtcheck.run.session import ruleset_for
from tests.conftest import SHARED

DATA = SHARED / "data"


def _rule(code: str, lang: str = "en") -> PatternRule:
    found = next(r for r in ruleset_for(lang, (), ALL_SOURCES).rules if r.code == code)
    assert isinstance(found, PatternRule)
    return found


def _top_level_alternatives(pattern: str) -> list[str]:
    """The alternatives of a pattern's outermost alternation (outside groups and classes)."""
    parts, current, depth, in_class, i = [], "", 0, False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            current += pattern[i : i + 2]
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            parts.append(current)
            current = ""
            i += 1
            continue
        current += char
        i += 1
    return parts + [current]


def _matches(pattern: regex.Pattern[str], texts: list[str]) -> list[list[tuple]]:
    return [[(m.span(), m.groupdict()) for m in pattern.finditer(text)] for text in texts]


def _texts_around(rule: PatternRule, seed: int) -> list[str]:
    """The rule's examples, as written, in capitals, glued to a word or to punctuation, and
    spliced together at random."""
    examples = [e.text for e in rule.flag_examples + rule.pass_examples]
    texts = examples + [e.upper() for e in examples] + [e.lower() for e in examples]
    texts += [f"x{e}" for e in examples] + [f"“{e}" for e in examples] + ["\n".join(examples)]
    generator = random.Random(seed)
    words = " ".join(examples).split(" ")
    for _ in range(300):
        start = generator.randrange(len(words))
        texts.append(" ".join(words[start : start + generator.randrange(1, 25)]))
    return texts


def _real_texts() -> list[str]:
    paths = sorted(DATA.glob("wmt2*-*-en/*.hyp.*.en"))[::12]
    return [path.read_text(encoding="utf-8") for path in paths]


def test_a_word_boundary_before_the_alternatives_is_one_before_each() -> None:
    # MT906 and MT907 say `\b(?:A|B|^C)` where each alternative had its own \b (or ^ before a
    # letter): regex then tries the alternatives only where a word starts.
    head = "(?i)(?P<flag>\\b(?:"
    real = _real_texts()
    for code in ("MT906", "MT907"):
        rule = _rule(code)
        source = rule.pattern.pattern
        assert source.startswith(head) and source.endswith("))")
        alternatives = _top_level_alternatives(source[len(head) : -2])
        assert len(alternatives) > 8
        each = "(?i)(?P<flag>" + "|".join(a if a.startswith("^") else "\\b" + a for a in alternatives) + ")"
        texts = _texts_around(rule, seed=len(code)) + real
        found = _matches(rule.pattern, texts)
        assert found == _matches(regex.compile(each), texts), code
        assert sum(map(len, found)) > 20, code


def _random_texts(pieces: list[str], seed: int, count: int, longest: int) -> list[str]:
    generator = random.Random(seed)
    return ["".join(generator.choices(pieces, k=generator.randrange(longest))) for _ in range(count)]


def test_doubled_spaces_are_matched_as_by_a_lookahead_first() -> None:
    # MT503 as it was written: the lookahead and lookbehinds at the first space, then the run.
    before = regex.compile(r'(?=[ \u00a0]{2})(?<=[^\s.!?:])(?<![.!?:]["”’»)\]])(?P<flag>[ \u00a0]{2,})(?=\S)')
    pieces = [" ", "  ", "\u00a0", "\t", "\n", "a", "word", ".", "!", "?", ":", '"', "”", "’", "»", ")", "]", "(", "é"]
    texts = _random_texts(pieces, seed=503, count=20000, longest=12) + _real_texts()
    texts += [e.text for r in [_rule("MT503")] for e in r.flag_examples + r.pass_examples]
    found = _matches(_rule("MT503").pattern, texts)
    assert found == _matches(before, texts)
    assert sum(map(len, found)) > 1000


def test_a_headline_with_a_site_name_is_matched_as_without_the_look_at_its_end() -> None:
    # MT309 first looks whether the text ends as its last part must (a letter, or "Yahoo!"
    # before the end or a final line break); without that lookahead, the pattern as it was.
    rule = _rule("MT309")
    ahead = r"^(?=(?:[^\n]++|\n(?!\Z))*+(?<=\p{L}|Yahoo!)$)"
    assert rule.pattern.pattern.startswith(ahead)
    before = regex.compile("^" + rule.pattern.pattern[len(ahead) :])
    examples = [e.text for e in rule.flag_examples + rule.pass_examples]
    words = ["Headline", "words", "of", "the", "day", "Minister's", "2022", "news", "sport.pl", "myRozhlas", "Hi-Tech"]
    words += ["Reuters", "Yahoo!", "AFP", "said.", "so”", "end"]
    separators = [" ", " ", " ", " - ", " | ", " – ", "—", "|", " -", "\n", "\t", "’s "]
    generator = random.Random(309)
    texts = examples + [e + "\n" for e in examples] + [e.replace(" - ", "\n- ") for e in examples]
    for _ in range(5000):
        count = generator.randrange(1, 12)
        texts.append("".join(generator.choice(words) + generator.choice(separators) for _ in range(count)).rstrip(" "))
    texts += [line for text in _real_texts() for line in text.splitlines()] + [t + "\n" for t in texts[-300:]]
    found = _matches(rule.pattern, texts)
    assert found == _matches(before, texts)
    assert sum(map(len, found)) > 100
