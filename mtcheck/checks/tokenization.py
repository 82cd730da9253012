"""MT6xx: what MT pipelines leave behind: tokenizer markers and escaped HTML."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterator
from functools import cache
from pathlib import Path

from mtcheck.checks import provides
from mtcheck.engine.findings import Fix, Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.language.names import lexicon
from mtcheck.language.pattern_cache import compile_pattern, compile_re, longest_first
from mtcheck.language.resources import data_file
from mtcheck.language.table_cache import cached_table
from mtcheck.language.word_table import WordTable
from mtcheck.text.blocks import Block
from mtcheck.text.document import Document
from mtcheck.text.scan import holds_any

_ENTITY = compile_re(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,30}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_DOUBLE_ESCAPED = compile_re(r"&amp;(?:[a-zA-Z][a-zA-Z0-9]{1,30}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")


@provides()
def html_entities(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """HTML entities written out as text ("&amp;", "&quot;", "&#39;").

    In Markdown an entity is markup that renders as its character, so only a doubly
    escaped one ("&amp;quot;") is an artifact there.
    """
    if "&" not in doc.checked:
        return
    pattern = _DOUBLE_ESCAPED if doc.input.format == "markdown" else _ENTITY
    for _, match in doc.block_matches(pattern):
        import html  # here, at an entity: its table of entities is a large import most texts never need

        entity = match.group()
        decoded = html.unescape(html.unescape(entity) if pattern is _DOUBLE_ESCAPED else entity)
        if decoded != entity:
            yield Hit(match.start(), match.end(), Fix(match.start(), match.end(), decoded, rule.fix_safe))


@provides(options={"markers": {}})
def tokenizer_markers(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """Markers of a tokenizer that the detokenizer forgot: "state @-@ owned", "`` quote ''"."""
    markers: dict[str, str] = rule.options["markers"]
    if not holds_any(doc.checked, markers):
        return
    alternatives = "|".join(re.escape(m) for m in sorted(markers, key=longest_first))
    # Spaces around a joining marker ("@-@") go with it, as does the space inside an
    # opening or closing quote or bracket ("`` a ''" -> "“a”"); the space outside stays.
    # A marker inside a run of its own characters ("@@@-@@@", four quotes) is not a
    # tokenizer's: left alone, or each fix would expose another.
    pattern = re.compile(rf"(?P<lead>[ \t]?)(?<![@`'])(?P<marker>{alternatives})(?![@`'])(?P<trail>[ \t]?)")
    for _, match in doc.block_matches(pattern):
        marker = match.group("marker")
        replacement = markers[marker]
        start, end = match.span("marker")
        if marker.startswith("@") and marker.endswith("@"):
            start, end = match.start(), match.end()
        elif replacement in _OPENING:
            end = match.end()
        elif replacement in _CLOSING:
            start = match.start()
        yield Hit(match.start("marker"), match.end("marker"), Fix(start, end, replacement, rule.fix_safe))


_OPENING, _CLOSING = "“([", "”)]"


# Controls, zero-width characters (a joiner inside an emoji sequence excepted), soft
# hyphens, byte order marks inside the text and bidirectional controls.
_INVISIBLE = compile_pattern(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200c\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069\u200e\u200f]"
    r"|(?<!\p{Extended_Pictographic})\u200d|\u200d(?!\p{Extended_Pictographic})"
)
# Every character _INVISIBLE can match, in `re`, which scans a class four times faster than
# `regex`: most documents have none and need no search with the pattern.
_ANY_INVISIBLE = compile_re(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]"
)


@provides("code", "name")
def invisible_characters(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    if _ANY_INVISIBLE.search(doc.checked) is None:
        return
    for _, match in doc.block_matches(_INVISIBLE):
        char = match.group()
        name = unicodedata.name(char, "CONTROL CHARACTER")
        data = {"code": f"U+{ord(char):04X}", "name": name}
        yield Hit(match.start(), match.end(), Fix(match.start(), match.end(), "", rule.fix_safe), data)


# "cross - border": a hyphen with a space on each side, between two words.
# The hyphen comes first so that the search skips from hyphen to hyphen.
_SPACED_HYPHEN = compile_pattern(r"(?<=\p{L}[ \t]{1,3})-[ \t]+(?=\p{Ll})")
# (?r): searched from the end, where the word is.
_WORD_BEFORE = compile_pattern(r"(?r)[\p{L}\p{N}'’]+(?:-[\p{L}\p{N}'’]+)*$")
_WORD_AFTER = compile_pattern(r"[\p{L}\p{N}'’]+(?:-[\p{L}\p{N}'’]+)*")
_NEXT_WORD = compile_pattern(r"[ \t]+([\p{L}\p{N}'’]+(?:-[\p{L}\p{N}'’]+)*)")
_PARTICIPLE = compile_pattern(r"[a-z]{2,}(?:ing|ed)")
_SENTENCE_END = compile_pattern(r"[.!?](?:\s|$)")
# Endings of English adjectives (and participles used as them): "innovative", "technical"
_FIRST_ADJECTIVE_ENDINGS = ("al", "ic", "ary", "ive", "ous")  # few nouns end so: "pharmaceutical - technical"
_ADJECTIVE_ENDINGS = ("ive", "al", "ed", "ing", "ent", "ant", "ous", "ic", "able", "ible", "ful", "less", "ary", "ory")
_COORDINATED = compile_pattern(r"[ \t]*(?:,[ \t]*|[ \t]+(?:and|or)[ \t]+)([\p{L}\p{N}]+-[\p{L}\p{N}]+)\b")
_COORDINATED_BEFORE = compile_pattern(r"(?r)\b([\p{L}\p{N}]+-[\p{L}\p{N}]+)(?:[ \t]*,|[ \t]+(?:and|or))[ \t]+$")
# "the situation is critical - local residents fled": an adjective after a linking verb ends
# a clause, and what follows the dash is a new one
_PREDICATE_BEFORE = compile_pattern(
    r"(?ri)\b(?:is|was|are|were|be|been|being|become|became|remains?|remained|seems?|seemed|looks?|looked)[ \t]+$"
)
_CONJUNCT_BEFORE = compile_pattern(r"(?r)\b(\p{L}+) (?:and|or) $")
_PREVIOUS_WORD = compile_pattern(r"(?r)([\p{L}\p{N}'’]+)[ \t]+$")
_INNER_HYPHEN = compile_pattern(r"-(?<=[\p{L}\p{N}'’]-)(?=[\p{L}\p{N}'’])")
_WORD_END = compile_pattern(r"(?r)[\p{L}\p{N}'’]+$")
_WORD_START = compile_pattern(r"[\p{L}\p{N}'’]+")


@provides(
    "joined",
    options={
        "clause-words": (),
        "prefixes": (),
        "particles": (),
        "phrasal-verbs": (),
        "numbers": (),
        "cardinals": (),
        "units": (),
        "heads": (),
        "name-heads": (),
        "not-participles": (),
        "name-suffixes": (),
        "adjective-heads": (),
        "head-complements": (),
    },
)
def spaced_hyphen(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A compound split by a tokenizer ("part - time job", "11-year - old"), told from the
    spaced hyphen that stands for a dash between clauses ("the tunnel - or to be able...").

    A dash is next to a word that opens or closes a clause ("- and", "- it", "- which");
    a compound has a prefix-like first element ("self", "cross", "anti"), a number and a
    unit ("two - year"), a head that forms compounds ("based", "owned", "old"), a phrasal
    noun ("pick - up"), the halves of a word written solid ("goal - keeper"), or a hyphen
    beside the spaced one ("up-to - date"), a compound coordinated with one sharing a word
    ("coffee - milk and milk-foam"), or web text or the article writes it joined. What none of these decides is left alone.
    """
    if " - " not in doc.checked and "\t-" not in doc.checked and "-\t" not in doc.checked:
        return
    words = _HyphenWords(
        rule.options,
        doc.language.function_words,
        hyphenated_words(doc.lang),
        dictionary_compounds(doc.lang),
        lexicon(doc.lang).words,
        doc.lang,
    )
    text = doc.checked
    written: set[str] | None = None
    for _, match in doc.block_matches(_SPACED_HYPHEN):
        start = match.start()
        while text[start - 1] in " \t":
            start -= 1
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", match.end())
        before_text = text[line_start:start]
        after_text = text[match.end() : line_end if line_end >= 0 else len(text)]
        left, right = _WORD_BEFORE.search(before_text), _WORD_AFTER.match(after_text)
        if not left or not right:
            continue
        joined = f"{left.group().split('-')[-1]}-{right.group().split('-')[0]}"
        compound = words.compound(left.group(), right.group(), before_text[: left.start()], after_text[right.end() :])
        if compound is False:
            continue
        if compound is None:  # undecided: a compound if web text or the article writes it joined
            written = _written_joined(text) if written is None else written
            if joined.lower() not in written and not words.known(joined.lower()):
                continue
        fix = Fix(start, match.end(), "-", rule.fix_safe)
        yield Hit(start, match.end(), fix, {"joined": joined})


def _coordinated_after(after: str, left: str, right: str, clause: frozenset[str] | set[str]) -> bool:
    """ "drive in - depth and sustainable development": a known compound whose content word is
    the second and long, coordinated with what follows, is no dash before "and" or "or"."""
    return left in clause and right not in clause and len(right) >= 4 and _AND_OR.match(after) is not None


_AND_OR = compile_pattern(r"[ \t]+(?:and|or)[ \t]+\p{L}")


@cache
def hyphenated_words(language: str) -> WordTable:
    """Lowercase compounds that web text writes with a hyphen (rules/<lang>/data/hyphenated-words.tsv),
    compact: 28,000 of them took 4 MB as a frozenset."""
    path = data_file(language, "hyphenated-words.tsv")
    return cached_table("hyphenated", (path,), lambda: (WordTable.of(dict.fromkeys(_compounds(path), 0)), ()))[0]


@cache
def dictionary_compounds(language: str) -> frozenset[str]:
    """Hyphenated compounds a dictionary lists (rules/<lang>/data/dictionary-compounds.tsv)."""
    return frozenset(_compounds(data_file(language, "dictionary-compounds.tsv")))


_FIRST_PART_COMPOUNDS = 5  # compounds listed with a word first that make it a compound's first part
_SECOND_PART_COMPOUNDS = 5  # ... with a word second that make it a compound's head


@cache
def compound_parts(language: str) -> WordTable:
    """Words that often open a hyphenated compound, as "light-" and "above-", and words that
    often close one, as "-standard" and "-weighted", counted over the two lists of compounds
    (loaded only for a text with a spaced hyphen between two words nothing else decides)."""
    paths = (data_file(language, "hyphenated-words.tsv"), data_file(language, "dictionary-compounds.tsv"))
    return cached_table("compound-parts", paths, lambda: _productive_parts(paths))[0]


def _productive_parts(paths: tuple[Path, ...]) -> tuple[WordTable, tuple[str, ...]]:
    firsts: dict[str, int] = {}
    seconds: dict[str, int] = {}
    for path in paths:
        for compound in _compounds(path):
            parts = compound.split("-")
            if len(parts) == 2:
                firsts[parts[0]] = firsts.get(parts[0], 0) + 1
                seconds[parts[1]] = seconds.get(parts[1], 0) + 1
    kept = [f"{w}-" for w, n in firsts.items() if n >= _FIRST_PART_COMPOUNDS]
    kept += [f"-{w}" for w, n in seconds.items() if n >= _SECOND_PART_COMPOUNDS]
    return WordTable.of(dict.fromkeys(kept, 0)), ()


def _compounds(path: Path) -> list[str]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8") as handle:
        return [line for line in handle.read().splitlines() if line and line[0] != "#"]


def _written_joined(text: str) -> set[str]:
    """Every pair of words the text joins with a hyphen, lowercased ("up-to", "to-date")."""
    pairs = set()
    for match in _INNER_HYPHEN.finditer(text):
        left = _WORD_END.search(text, max(0, match.start() - 40), match.start())
        right = _WORD_START.match(text, match.end())
        if left and right:
            pairs.add(f"{left.group()}-{right.group()}".lower())
    return pairs


class _HyphenWords:
    """The word lists of spaced_hyphen (rules/en/tokenization.yaml) and the decision."""

    def __init__(
        self,
        options: dict,
        function_words: frozenset[str],
        hyphenated: Container[str],
        dictionary: frozenset[str],
        closed: Container[str] = (),
        language: str = "en",
    ):
        self.language = language
        self.hyphenated = hyphenated
        self.dictionary = dictionary
        self.closed = closed  # words of the language written solid ("goalkeeper", "startup")
        self.clause = function_words | frozenset(options["clause-words"])
        self.prefixes = frozenset(options["prefixes"])
        self.particles = frozenset(options["particles"])
        self.phrasal = frozenset(options["phrasal-verbs"])
        self.numbers = frozenset(options["numbers"])
        self.cardinals = frozenset(options["cardinals"])
        self.units = frozenset(options["units"])
        self.heads = frozenset(options["heads"])
        self.name_heads = frozenset(options["name-heads"])
        self.not_participles = frozenset(options["not-participles"])
        self.name_suffixes = frozenset(options["name-suffixes"])
        self.adjective_heads = frozenset(options["adjective-heads"])
        self.head_complements = frozenset(options["head-complements"])

    @staticmethod
    def _word_after(after: str) -> str:
        """The word after the compound, lowercased ("" if punctuation or a hyphenated word follows)."""
        following = _NEXT_WORD.match(after)
        return following.group(1).lower() if following and "-" not in following.group(1) else ""

    def known(self, joined: str) -> bool:
        """Does web text write these two words hyphenated ("great-grandfather’s", "battery-packs")?"""
        return self._listed(joined, self.hyphenated)

    def in_dictionary(self, joined: str) -> bool:
        """Does a dictionary list these words as one hyphenated compound ("cost-effective", "so-so")?"""
        return self._listed(joined, self.dictionary)

    @staticmethod
    def _listed(joined: str, words: Container[str]) -> bool:
        if joined in words:
            return True
        if joined.endswith("ly") and joined[:-2] in words:
            return True  # "time-efficiently": the adverb of a listed compound
        if joined[-2:] in ("'s", "’s"):
            joined = joined[:-2]
        return joined in words or (joined[-1:] == "s" and joined[:-1] in words)

    def compound(self, left_token: str, right_token: str, before: str, after: str) -> bool | None:
        """True for a compound, False for a dash, None when the words do not tell."""
        left_parts, right_parts = left_token.split("-"), right_token.split("-")
        left, right = left_parts[-1].lower(), right_parts[0].lower()
        # "up-to - date", "melt-in - the-mouth": inside a chain a function word is no clause edge
        if len(left_parts) > 1 and len(right_parts) > 1:
            return True
        # "cost - effective", "runner - up", "so - so", "one - on-one": a compound the dictionary
        # lists; in the WMT22 and WMT23 files no spaced hyphen between such words is a dash
        if self.in_dictionary(f"{left}-{right}") or (
            len(left_parts) + len(right_parts) > 2 and self.in_dictionary(f"{left_token}-{right_token}".lower())
        ):
            return True
        # "goal - keeper", "take - out": the halves of a word the language writes solid; a dash
        # does not split a word
        if (
            len(left_parts) == len(right_parts) == 1
            and left.isalpha()
            and right.isalpha()
            and left not in self.clause
            and right not in self.clause
            and left + right in self.closed
        ):
            return True
        # "on - site", "thank - you", "one - on-one": a compound web text writes, of a content word
        # and a function word or inside a chain, with no function word after it; two function
        # words ("it - now") or one before another ("business - like already") are a dash's edges
        if (
            ((left in self.clause) != (right in self.clause) or len(left_parts) + len(right_parts) > 2)
            and self.known(f"{left}-{right}")
            and (self._word_after(after) not in self.clause or _coordinated_after(after, left, right, self.clause))
        ):
            return True
        if len(left_parts) > 1 and left in self.clause and right not in self.clause:
            return True
        if len(right_parts) > 1 and right in self.clause and left not in self.clause:
            return True
        if left in self.phrasal and right in self.particles:
            return True
        # "push - backs", "run - offs": a particle in the plural is a phrasal noun's
        if right[-1:] == "s" and right[:-1] in self.particles and left.isalpha() and left not in self.clause:
            return True
        # "south - westerlies", "north - east": compass points
        if left in _COMPASS and right.startswith(("east", "west")):
            return True
        if right in self.name_suffixes and left_parts[-1][:1].isupper() and len(right_parts) == 1:
            return True  # "Kyoto - shi", "Shinjuku - ku": a place and its romanised administrative suffix
        # "thug - like swagger", "Godard - like montages": "-like" makes an adjective of the word
        # before it when a content word follows ("Nicholas - like the Martin custom" is a dash);
        # "a filled - out card", "a laid - back tone": a phrasal verb's participle before a noun
        if (right == "like" and left not in self.clause) or (right in self.particles and _PARTICIPLE.fullmatch(left)):
            following = self._word_after(after)
            if following and following not in self.clause:
                return True
            # "the locomotive museum - like.": a dash leaves no sentence ending on "like"
            if right == "like" and len(right_parts) == 1 and _SENTENCE_END.match(after):
                return True
        # "tool - oriented and weapon-oriented": the same head joined to the next word of a
        # coordination says this one is a compound too
        coordinated = _COORDINATED.match(after) if right.isalpha() else None
        if coordinated and coordinated.group(1).lower().endswith("-" + right):
            return True
        # "coffee - milk and milk-foam", "coffee-milk and milk - foam": compounds coordinated
        # over a word they share
        shared = left.isalpha() and left not in self.clause and right not in self.clause
        if shared and coordinated and coordinated.group(1).lower().startswith(right + "-"):
            return True
        preceding = _COORDINATED_BEFORE.search(before) if shared and len(left_parts) == 1 else None
        if preceding and preceding.group(1).lower().endswith("-" + left):
            return True
        # "drivers and driver - mechanics": a plural coordinated with a compound its singular
        # opens ("teachers and teachers - over 60%" is a dash)
        conjunct = (
            _CONJUNCT_BEFORE.search(before)
            if right.isalpha() and len(left_parts) == 1 and right not in self.clause and right not in self.particles
            else None
        )
        if conjunct and conjunct.group(1).lower() in (left + "s", left + "es"):
            return True
        if right in self.clause:
            return False
        # "the one - time payment", "the third - largest", "a three - tiered cake"
        if (left in self.numbers or left.isdigit()) and (
            right in self.units or right in self.heads or right.endswith(("est", "ed"))
        ):
            return True
        # "the two - river plan": a count before a noun in the singular only makes a compound;
        # so does one before a plural that a content word follows ("the three - rivers area")
        if left in self.cardinals and len(right_parts) == 1:
            following = self._word_after(after)
            if not right.endswith("s") or (following.isalpha() and following not in self.clause):
                return True
        if left in self.clause and left not in self.prefixes:
            return False
        previous = _PREVIOUS_WORD.search(before)
        # A prefix that is also a function word needs one before it: "an in - depth study",
        # not "patronymics going on - nicknames".
        if left in self.clause and previous and previous.group(1).lower() not in self.clause:
            return False
        if left in self.prefixes and right_parts[0].islower():
            return True
        after_word = self._word_after(after)  # "worry - free after-sale service": a compound follows
        # "prize - winning", "hard - working", "middle - aged": a participle after a lowercase word
        # in the singular makes an adjective, unless a function word follows and it heads a clause
        # ("the presidency - starting in January")
        if (
            _PARTICIPLE.fullmatch(right)
            and after_word not in self.clause
            and right not in self.not_participles
            and len(left_parts) == 1  # after a compound ("a two-year - lasting effect"): _continued_chain
            and left_parts[-1].isalpha()
            and left_parts[-1].islower()
            and len(left) > 2
            and not left.endswith("s")
        ):
            return True
        # "Singapore - flagged ship", "Kremlin - funded media": a name and a past participle
        # before a content word ("the College - discriminated against" is a dash)
        if (
            right.endswith("ed")
            and _PARTICIPLE.fullmatch(right)
            and right not in self.not_participles
            and left_parts[-1][:1].isupper()
            and len(left_parts) == 1
            and after_word
            and after_word not in self.clause
        ):
            return True
        if left in self.units and right in self.heads and len(left_parts) > 1:
            return True  # "11-year - old"
        # "fragrance - free and", "world - famous with": an adjective head after a noun makes a
        # compound before any function word but the head's own complement ("free of", "famous for")
        if (
            right in self.adjective_heads
            and len(left_parts) == 1
            and left_parts[-1].isalpha()
            and left_parts[-1].islower()
            and len(left) > 2
            and (not left.endswith("s") or left.endswith(("ss", "us", "is")))  # "stress", not "shoes"
            and after_word not in self.head_complements
        ):
            return True
        if right in self.heads and (len(left_parts) > 1 or after_word not in self.clause):
            return left_parts[-1].islower() or right in self.name_heads or None
        if self._continued_chain(left_parts, right_token, after) or self._counted_noun(left, right_token, after):
            return True
        if self._adverb_before_adjective(left_token, right_token, after) and not _PREDICATE_BEFORE.search(before):
            return True
        if self._productive_pair(left_token, right_token, before, after):
            return True
        return None

    def _lowercase_content_word_after(self, after: str) -> bool:
        """Does a lowercase word that is no clause word come next (the noun a compound modifies)?"""
        following = _NEXT_WORD.match(after)
        word = following.group(1) if following else ""
        return word.isalpha() and word.islower() and word not in self.clause

    def _continued_chain(self, left_parts: list[str], right_token: str, after: str) -> bool:
        """ "a two-year - lasting pause", "the industry - university-research system": a
        lowercase compound and a content word on either side of it, before the lowercase noun
        they modify, make one chain; a dash next to a compound opens a clause or a list
        ("well-known - and", "so-called - Moscow's", "the city - well-known for")."""
        right_parts = right_token.split("-")
        if len(left_parts) > 1:
            single, compound = right_token, left_parts
        elif len(right_parts) > 1 and not left_parts[0].endswith("s") and not _PARTICIPLE.fullmatch(right_parts[-1]):
            # not "two young men - pale-faced Edward and ...": a plural, then an adjective in apposition
            single, compound = left_parts[0], right_parts
        else:
            return False
        return (
            all(part.isalpha() and part.islower() for part in compound)
            and compound[0] not in self.clause
            and compound[0] not in self.prefixes
            and single.isalpha()
            and single.islower()
            and len(single) > 2
            and single not in self.clause
            and self._lowercase_content_word_after(after)
        )

    def _counted_noun(self, left: str, right_token: str, after: str) -> bool:
        """ "double - eyelid stickers", "a single - lane road": a count and a noun in the
        singular before the noun they modify."""
        return (
            left in self.numbers
            and right_token.isalpha()
            and right_token.islower()
            and not right_token.endswith("s")
            and right_token not in self.clause
            and self._lowercase_content_word_after(after)
        )

    def _adverb_before_adjective(self, left_token: str, right_token: str, after: str) -> bool:
        """ "highly - innovative solutions", "a voluntary - compulsory evacuation": an adverb
        in -ly or an adjective, an adjective and the lowercase noun they qualify are one
        phrase; a dash after them comes before a clause."""
        return (
            left_token.isalpha()
            and left_token.islower()
            and len(left_token) > 4
            and left_token.endswith(("ly", *_FIRST_ADJECTIVE_ENDINGS))
            and left_token not in self.clause
            and right_token.isalpha()
            and right_token.islower()
            and right_token.endswith(_ADJECTIVE_ENDINGS)
            and self._lowercase_content_word_after(after)
        )

    def _productive_pair(self, left_token: str, right_token: str, before: str, after: str) -> bool:
        """ "above - standard relations", "a light - water reactor": two lowercase
        words, the first one that opens many listed compounds and the second one that closes
        several, before a lowercase content word that they modify. A dash follows a plural
        ("the sports - football and hockey"), or a label's colon ("PVO: medium - cold war"), or
        comes before a pronoun ("I go often - everything suits")."""
        if not before.strip() and left_token.istitle():
            left_token = left_token.lower()  # "Same - day shipping": the line's first word
        if not (left_token.isalpha() and right_token.isalpha() and left_token.islower() and right_token.islower()):
            return False
        if not self._lowercase_content_word_after(after):
            return False
        if left_token.endswith("s") and not left_token.endswith(("ss", "us", "is")):
            return False
        if right_token in _PRONOUN_LIKE or before.rstrip().endswith(":"):
            return False
        parts = compound_parts(self.language)
        return f"{left_token}-" in parts and f"-{right_token}" in parts


_COMPASS = ("north", "south", "east", "west")
_PRONOUN_LIKE = frozenset(
    "everything nothing something anything everyone everybody someone somebody anyone anybody nobody".split()
)
_QUOTE_PAIRS = (compile_pattern(r'"([^"\n]*)"'), compile_pattern(r"“([^“”\n]*)”"))
_INCH_OR_DOUBLED = compile_pattern(r'\d"|""')
_SPACE_OR_TAB = (" ", "\t")


@provides("side")
def space_inside_quotes(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """Spaces just inside a pair of quotation marks: `" I want everyone to see it! "`.

    Only a mark that stands apart, with a space or a line edge on both sides, is flagged:
    one attached to a word on either side is not a tokenizer's, and straight quotes nested
    in straight quotes (`"who "ordered" it," she said`) would pair up wrongly. Straight
    quotes are paired in order, in paragraphs where they pair up (an even number, no inch
    marks or doubled quotes); a straight pair of which only one mark stands apart may still
    be paired wrongly, so its fix needs --unsafe-fixes.
    """
    text = doc.checked
    if '"' not in text and "“" not in text:
        return
    candidates = _blocks_with_a_quote_beside_space(doc)
    for block in sorted(candidates):
        paragraph = text[block.start : block.end]
        straight = paragraph.count('"') % 2 == 0 and not _INCH_OR_DOUBLED.search(paragraph)
        for pattern in _QUOTE_PAIRS:
            if pattern is _QUOTE_PAIRS[0] and not straight:
                continue
            for match in pattern.finditer(paragraph):
                inside = match.group(1)
                if not inside.strip():
                    continue
                first, last = match.start(), match.end() - 1
                if _attached(paragraph, first) == "left" or _attached(paragraph, last) == "right":
                    continue  # `isolation," Pillay said. "`: the marks face away from each other
                opening = inside[:1] in " \t" and _attached(paragraph, first) is None
                closing = inside[-1:] in " \t" and _attached(paragraph, last) is None
                safe = rule.fix_safe and (pattern is _QUOTE_PAIRS[1] or (opening and closing))
                start, end = block.start + match.start(1), block.start + match.end(1)
                if opening:
                    lead = len(inside) - len(inside.lstrip(" \t"))
                    yield Hit(start, start + lead, Fix(start, start + lead, "", safe), {"side": "after the opening"})
                if closing:
                    trail = len(inside) - len(inside.rstrip(" \t"))
                    yield Hit(end - trail, end, Fix(end - trail, end, "", safe), {"side": "before the closing"})


def _blocks_with_a_quote_beside_space(doc: Document) -> set[Block]:
    """The blocks holding a '"' or '”' after a space or tab, or a '"' or '“' before one (the
    blocks of doc.block_matches(r'(?<=[ \t])["”]|["“](?=[ \t])')): the marks found with
    str.find, each judged by its neighbours, is a third of the time of that search."""
    text, marks = doc.checked, []
    for quote in '"“”':
        at = text.find(quote)
        while at >= 0:
            after_space = quote != "“" and text[at - 1 : at] in _SPACE_OR_TAB  # (empty at 0)
            before_space = quote != "”" and text[at + 1 : at + 2] in _SPACE_OR_TAB
            if after_space or before_space:
                marks.append(at)
            at = text.find(quote, at + 1)
    return {block for at in marks if (block := doc.block_holding(at, at + 1)) is not None}


def _attached(paragraph: str, index: int) -> str | None:
    """Which side only the quotation mark at index touches text on ("left", "right"), "both",
    or None when it stands apart, with a space or a line edge on both sides."""
    before = paragraph[index - 1] if index > 0 else " "
    after = paragraph[index + 1] if index + 1 < len(paragraph) else " "
    if before.isspace():
        return None if after.isspace() else "right"
    return "left" if after.isspace() else "both"
