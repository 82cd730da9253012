"""MT1xx: proper nouns that machine translation wrote in lowercase ("kyiv", "nato", "friday").

Two sources of knowledge, both looked up as sets:
- the gazetteer (rules/<lang>/data/names.tsv, plus a project's own names from its config);
- the article itself: a word written capitalised mid-sentence elsewhere is a name there.

Names that are also ordinary words ("nice", "china", "may"; marked from word-frequency and
dictionary data when the gazetteer is built) are flagged only with the article's evidence
and in a context where the name reading is the natural one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain, compress, repeat
from operator import ge, itemgetter, le, ne, or_
from typing import NamedTuple

from mtcheck.checks import made_from_options, provides
from mtcheck.engine.findings import Fix, Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.language.names import (
    Gazetteer,
    Lexicon,
    Name,
    fold,
    is_first_name,
    is_lowercase_word,
    is_short_word,
    lexicon,
    name_words,
    name_words_are_letters,
    project_gazetteer,
    usual_form,
)
from mtcheck.language.pattern_cache import compile_pattern, compile_re
from mtcheck.language.string_tables import among, holding, without
from mtcheck.text.document import Document
from mtcheck.text.words import (
    WORD,
    Evidence,
    Word,
    capitalisation_evidence,
    gap,
    is_title_like,
    native_words,
    sentence_words,
    title_like_sentences,
)

# A Word's fields read in C (map, compress) where a loop would read the attribute word by word.
_LOWER_FIELD = Word._fields.index("lower")
_LOWER = itemgetter(_LOWER_FIELD)
_TEXT_FIELD = Word._fields.index("text")
# A Block's and a Sentence's fields, read in C.
_START, _END, _BLOCK = itemgetter(0), itemgetter(1), itemgetter(2)
_ASCII_CAPITAL = compile_re("[A-Z]")
_NAME_GAP = compile_re(r"[ ]|[-'’]|\. ")
_HANDLE_MARKS = ("@", "#", "/", "\\", "_")
_ORDINAL = compile_re(r"^(?:[12]?\d|3[01])(?:st|nd|rd|th)?$")
_YEAR = compile_re(r"^(?:1[89]|20)\d\d$")
_NOT_NOUNS = frozenset(
    "the a an this that these those his her its their our my your it them him me us up off and or but "
    "to of in on at with for from by as is are was were be".split()
)
_DETERMINERS = frozenset("the a an this that these those his her its their our my your some any fine good".split())
_ADVERBS = frozenset("today tonight tomorrow yesterday now here there again too also alone already still yet".split())
# Words that open a clause or a phrase after a pronoun's place: "believed in us until the end".
_AFTER_A_PRONOUN = frozenset("until till since without unless because while whereas".split())
_AFTER_DATE = frozenset("and to at in on of or until till from through by for when".split())
_MONTHS = frozenset("january february march april may june july august september october november december".split())


def _after_month(words: list[Word], index: int) -> bool:
    """ "April 11 may be": the number already belongs to a date."""
    return 0 <= index < len(words) and words[index].lower in _MONTHS


# Three to five ASCII letters in lowercase, none of them a vowel ("thw", "spd").
_VOWELLESS_WORD = compile_re(r"[b-df-hj-np-tv-xz]{3,5}").fullmatch
_POSSESSIVE = compile_re(r"['’]s?$")  # "nba’s"
_QUOTED = compile_re(r"['’]").search
_TOKEN_EDGES = "\"'“”‘’«»()[]{}.,;:!?…*_/\ue000"


def _bare_tokens(text: str) -> set[str]:
    """The different tokens between white space, stripped of the marks at their edges and of
    a possessive ending ("(nba’s" -> "nba"): stripped in C, and only tokens with a quote
    mark (a few hundred among thousands) looked at for the possessive."""
    tokens = set(map(str.strip, set(text.split()), repeat(_TOKEN_EDGES)))
    quoted = set(filter(_QUOTED, tokens))
    if quoted:
        tokens -= quoted
        tokens.update(_POSSESSIVE.sub("", token) for token in quoted)
    return tokens


def _is_bare_token(text: str, word: str) -> bool:
    """Is a word (of letters) one of the text's bare tokens (_bare_tokens)? Somewhere it
    stands with only edge marks between it and the white space (or the text's end) before
    it, and after it only edge marks, or a possessive ending and edge marks."""
    at = text.find(word)
    while at >= 0:
        start, end = at, at + len(word)
        while start and text[start - 1] in _TOKEN_EDGES:
            start -= 1
        if text.startswith(("'s", "’s"), end):
            end += 2  # (without it the "s" ends no token: it is no edge mark)
        while end < len(text) and text[end] in _TOKEN_EDGES:
            end += 1
        if (not start or text[start - 1].isspace()) and (end == len(text) or text[end].isspace()):
            return True
        at = text.find(word, at + 1)
    return False


@cache
def _all_letters(language: str) -> bool:
    """Are the name words all letters (as runs of word characters are)?"""
    return name_words_are_letters(language)  # (kept in the user's cache: 21,000 words asked cost 8 M instructions)


_WORD_CHARACTER = compile_pattern(r"[\p{L}\p{M}\p{N}]")
_TWO_WORD_CHARACTERS = compile_pattern(r"[\p{L}\p{M}\p{N}]{2}")


def word_runs(doc: Document) -> set[str] | None:
    """Texts among which is every run of word characters in the checked text (WORD), or None
    where that is not known: the texts of the document's words and the runs beside them."""
    beside = _runs_beside_words(doc)
    return None if beside is None else _distinct_texts(doc) | beside


def _runs_beside_words(doc: Document) -> set[str] | None:
    """The runs of word characters in the checked text that may be no word's text
    (sentence_words), as read from the checked text: those of sentences whose text differs
    from it. None where any run may be none: a word character outside the sentences, or a
    run going on over a sentence's edge. Cached on the document (MT108 and NM102 ask)."""
    if "runs_beside_words" not in doc.cache:
        doc.cache["runs_beside_words"] = _read_runs_beside_words(doc)
    return doc.cache["runs_beside_words"]


def _read_runs_beside_words(doc: Document) -> set[str] | None:
    checked, text = doc.checked, doc.text
    starts, ends = list(map(_START, doc.sentences)), list(map(_END, doc.sentences))
    if not all(map(le, starts, starts[1:])):
        return None  # (sentences out of order: between them is not what lies outside them)
    outside = "\n".join(map(checked.__getitem__, map(slice, [0, *ends], [*starts, len(checked)])))
    if _WORD_CHARACTER.search(outside) is not None:
        return None
    # With no word character outside, a run can go over an edge only where a sentence starts
    # before the one before it ends (most have white space between them).
    for at in compress(range(1, len(starts)), map(ge, ends, starts[1:])):
        for edge in (starts[at], ends[at - 1]):
            if _TWO_WORD_CHARACTERS.fullmatch(checked, edge - 1, edge + 1) is not None:
                return None
    beside: set[str] = set()
    if text != checked:
        # A sentence whose text differs from its checked text (a hidden address) has the
        # text's letters in its words: its runs are read from the checked text. Sentences are
        # compared a group at a time first (most groups are the same).
        spans = list(map(slice, starts, ends))
        for first in range(0, len(spans), _GROUP):
            group = spans[first : first + _GROUP]
            whole = slice(group[0].start, max(ends[first : first + _GROUP]))
            if text[whole] != checked[whole]:
                for span in compress(group, map(ne, map(text.__getitem__, group), map(checked.__getitem__, group))):
                    beside.update(WORD.findall(checked, span.start, span.stop))
    return beside


_GROUP = 32


_LIST_GAP = compile_re(r"\s*[,;]?\s*(?:(?:and|or)\s+)?")
# "the hde of", "the spid’s": a short word after "the" that a noun's place gives away.
_NOUN_PLACE = (
    r"(?=['’]s\b|[,;:)]|\.\s|\s(?:of|and|or|has|have|is|was|said|says|had|will|would|that|which|in|for|to|from|with)\b)"
)
# The word "the": re finds the literal "he " several times faster than "\b[Tt]he " (a leading
# "\b" is tried at every position), then looks behind; the groups found are the same.
_THE = r"he (?<=\b[Tt]he )"
_AFTER_THE = compile_re(_THE + r"([a-z]{3,4})" + _NOUN_PLACE)
# "the spd and", "the tt of": no vowel, so no English word, however often web text writes it.
_VOWELLESS_AFTER_THE = compile_re(_THE + r"([b-df-hj-np-tv-xz]{2,5})" + _NOUN_PLACE)


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A gazetteer name found in the text, with its span."""

    start: int
    end: int
    name: Name
    sentence: int
    first: int  # index of the first word in the sentence's word list
    last: int


def name_matches(doc: Document) -> list[NameMatch]:
    """Every gazetteer name in the document, longest match first (cached on the document)."""
    cached = doc.cache.get("name_matches")
    if cached is not None:
        return cached
    proper_nouns = doc.context.settings.proper_nouns if doc.context else ()
    names = project_gazetteer(doc.lang, tuple(proper_nouns))
    entries, prefixes, first_words, checked = names.entries, names.prefixes, names.first_words, doc.checked
    # Per different word that may start a name: the name it is alone, and whether a longer one goes on from it.
    starts: dict[str, tuple[Name | None, bool]] = {}
    longer_names = names.longest > 1
    matches: list[NameMatch] = []
    sentences = sentence_words(doc)
    index, words, position = -1, [], 0
    # Most words start no name: the table says which may, in one call.
    for sentence, candidate in holding(sentences, _LOWER_FIELD, first_words, fold):
        if sentence != index:
            index, words, position = sentence, sentences[sentence], 0
        elif candidate < position:
            continue
        word = words[candidate]
        first = word.lower
        known = starts.get(first)
        if known is None:
            known = starts[first] = (_name_of_key(names, first), longer_names and _key_goes_on(names, first))
        alone, goes_on = known
        found = None if alone is None else (candidate, alone)
        if goes_on and candidate + 1 < len(words):
            following = words[candidate + 1]
            pair = first + " " + following.lower
            # "the government": a name goes on from "the", but none with "government" after a
            # space, so _longest_name would stop at "the" (2,300 calls on an article saved).
            if pair in entries or pair in prefixes or not pair.isascii() or checked[word.end : following.start] != " ":
                found = _longest_name(doc, names, words, candidate)
        if found is not None:
            last, name = found
            matches.append(NameMatch(word.start, words[last].end, name, index, candidate, last))
            position = last + 1
    doc.cache["name_matches"] = matches
    return matches


def _name_of_key(names: Gazetteer, key: str) -> Name | None:
    """The name of a key (words joined as _longest_name joins them), as written or folded."""
    name = names.get(key) if key in names.entries else None  # most keys are no name: no call parses one
    if name is None and not key.isascii():
        folded = fold(key)
        name = names.get(folded) if folded in names.entries else None
    return name


def _key_goes_on(names: Gazetteer, key: str) -> bool:
    """Does a longer name start with this key, as written or folded ("the" + "government" does not)?"""
    return key in names.prefixes or not key.isascii() and fold(key) in names.prefixes


def _longest_name(doc: Document, names: Gazetteer, words: list[Word], position: int) -> tuple[int, Name] | None:
    """The longest name from words[position] (a word that may start one): its last word and the name."""
    checked = doc.checked
    end = min(position + names.longest, len(words))
    longest: tuple[int, Name] | None = None
    last, key = position, words[position].lower
    while True:
        name = _name_of_key(names, key)
        if name is not None:
            longest = last, name
        last += 1
        # No name goes on from this key: no longer key is one.
        if last == end or not _key_goes_on(names, key):
            return longest
        separator = checked[words[last - 1].end : words[last].start]
        if separator != " ":  # (most are: no call for them)
            if not _NAME_GAP.fullmatch(separator):
                return longest
            separator = separator.replace("’", "'")
        key += separator + words[last].lower


_TOKEN = compile_pattern(r"[\p{L}\p{M}\p{N}]+")
_BETWEEN_TOKENS = compile_pattern(r"([^\p{L}\p{M}\p{N}]+)")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def recase(surface: str, canonical: str) -> str:
    """Give the text as written the capitals of the name ("sanchez" + "Sánchez" -> "Sanchez")."""
    if len(surface) == len(canonical):
        return "".join(s.upper() if c.isupper() else s for s, c in zip(surface, canonical))
    out = []
    for s_token, c_token in zip(_BETWEEN_TOKENS.split(surface), _BETWEEN_TOKENS.split(canonical)):
        if c_token.isupper():
            out.append(s_token.upper())
        elif c_token[:1].isupper():
            out.append(s_token[:1].upper() + s_token[1:])
        else:
            out.append(s_token)
    return "".join(out)


def lowercased(surface: str, canonical: str) -> bool:
    """Does the text lack a capital that the name has (and is not simply in capitals)?"""
    if surface.isupper():
        return False
    pairs = list(zip(_tokens(surface), _tokens(canonical)))
    if len(pairs) != len(_tokens(canonical)):
        return False
    if pairs[0][1] == "The":
        pairs = pairs[1:]  # "the Netherlands" in running text
    return any(s.islower() and any(c.isupper() for c in c_token) for s, c_token in pairs)


def _sentence_texts(doc: Document) -> list[list[str]]:
    """The texts of each sentence's words, read in C (cached on the document): a rule asks a
    set whether a sentence holds any word it looks for, and skips most sentences unread."""
    cached = doc.cache.get("casing_sentence_texts")
    if cached is None:
        cached = doc.cache["casing_sentence_texts"] = _sentence_columns(sentence_words(doc), _TEXT_FIELD)
    return cached


def _sentence_columns(sentences: list[list[Word]], field: int) -> list[list[str]]:
    """One field of every Word, sentence by sentence: in C with the native build (a call a word
    here, 12.6 M instructions for the 34,000 words of a 190 KB article)."""
    if native_words is not None:
        return native_words.fields_of(sentences, field)
    return [list(map(itemgetter(field), words)) for words in sentences]


def _distinct_texts(doc: Document) -> set[str]:
    """The different texts of the document's words (cached on the document; do not change it)."""
    cached = doc.cache.get("casing_distinct_texts")
    if cached is None:
        cached = doc.cache["casing_distinct_texts"] = set(chain.from_iterable(_sentence_texts(doc)))
    return cached


def _lowercase_on_purpose(doc: Document) -> list[bool]:
    """Per sentence: is its paragraph written in lowercase on purpose (cached on the document)?"""
    cached = doc.cache.get("lowercase_on_purpose")
    if cached is None:
        # Judged once per block, not per sentence. A block with a capital is not (written_in_lowercase
        # wants none): an ASCII one, found in C, says so for most blocks without the call.
        capitals = map(_ASCII_CAPITAL.search, repeat(doc.checked), map(_START, doc.blocks), map(_END, doc.blocks))
        by_block = [capital is None and doc.written_in_lowercase(block) for capital, block in zip(capitals, doc.blocks)]
        cached = doc.cache["lowercase_on_purpose"] = list(map(by_block.__getitem__, map(_BLOCK, doc.sentences)))
    return cached


def _frozensets(*lists: Sequence[str]) -> tuple[frozenset[str], ...]:
    return tuple(map(frozenset, lists))


def _word_sets(rule: PythonRule, *keys: str) -> tuple[frozenset[str], ...]:
    """The rule's word-list options of these keys as sets (made once: made_from_options)."""
    return made_from_options(rule, _frozensets, *keys)


def _capitals_say_nothing(doc: Document) -> list[bool]:
    """Per sentence: written in lowercase on purpose, or a headline's Title Case (cached on the document)."""
    cached = doc.cache.get("capitals_say_nothing")
    if cached is None:
        cached = list(map(or_, _lowercase_on_purpose(doc), title_like_sentences(doc)))
        doc.cache["capitals_say_nothing"] = cached
    return cached


class _NameContexts(NamedTuple):
    """lowercase_names' options that judge a name's context, as sets."""

    after_words: frozenset[str]
    before_words: frozenset[str]
    temporal_words: frozenset[str]
    fixed_phrases: frozenset[str]
    after_the: frozenset[str]  # names-after-the
    before_noun_after: frozenset[str]  # before-a-noun-after
    clause_openers: frozenset[str]
    finite_verbs: frozenset[str]
    place_nouns: frozenset[str]  # places-of
    country_nouns: frozenset[str]  # places-of and country-nouns-of
    compass_styled: frozenset[str]  # compass-styled-before
    titles_before_name: frozenset[str]  # titles-before-a-name


_NAME_CONTEXT_OPTIONS = (
    "after-words",
    "before-words",
    "temporal-words",
    "fixed-phrases",
    "names-after-the",
    "before-a-noun-after",
    "clause-openers",
    "finite-verbs",
    "places-of",
    "country-nouns-of",
    "compass-styled-before",
    "titles-before-a-name",
)


def _name_contexts(rule: PythonRule) -> _NameContexts:
    return made_from_options(rule, _name_contexts_of, *_NAME_CONTEXT_OPTIONS)


def _name_contexts_of(*lists: Sequence[str]) -> _NameContexts:
    sets = list(map(frozenset, lists))
    sets[9] = sets[8] | sets[9]  # a country's nouns include the places'
    return _NameContexts(*sets)


@provides(
    "name",
    options={
        "categories": (),
        "after-words": (),
        "before-words": (),
        "temporal-words": (),
        "fixed-phrases": (),
        "names-after-the": (),
        "before-a-noun-after": (),
        "clause-openers": (),
        "finite-verbs": (),
        "places-of": (),
        "country-nouns-of": (),
        "compass-styled-before": (),
        "titles-before-a-name": (),
    },
)
def lowercase_names(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """Gazetteer names of the rule's categories written in lowercase."""
    (categories,) = _word_sets(rule, "categories")
    proper_nouns = doc.context.settings.proper_nouns if doc.context else ()
    names = project_gazetteer(doc.lang, tuple(proper_nouns))
    evidence = None
    all_words = sentence_words(doc)
    named_in_context: set[str] = set()
    undecided: list[tuple[NameMatch, str, str]] = []
    contexts: _NameContexts | None = None  # read at the first name in lowercase (most documents have none)
    for match in name_matches(doc):
        if match.name.category not in categories:
            continue
        surface = doc.text[match.start : match.end]
        canonical = match.name.name
        # Written as the name is ("Germany", most are): no capital is missing, as lowercased
        # would say for any name, in three searches (a word in lowercase has no capital).
        if surface == canonical or not lowercased(surface, canonical) or _in_handle_or_code(doc, match):
            continue
        if contexts is None:
            contexts = _name_contexts(rule)
        if contexts.compass_styled and _compass_styled(surface, canonical, contexts.compass_styled):
            continue
        words = all_words[match.sentence]
        if _lowercase_on_purpose(doc)[match.sentence] or (canonical.isupper() and _hyphenated(doc, match)):
            continue
        if _suffix_of_name(doc, match):
            continue  # "Tanaka-san", "Lee Yat-san": an honorific or the second half of a given name
        if _neighbour(words, match.last + 1) in contexts.fixed_phrases and match.name.category != "nationality":
            continue  # "hamburg steak", "brussels sprouts": a dish, not the place
        ambiguity = match.name.ambiguity
        if ambiguity == 2 and not _place_of(doc, words, match, contexts.place_nouns):
            if evidence is None:
                evidence = capitalisation_evidence(doc)
            if not _rare_word_written_as_name(doc, surface, evidence):
                continue  # "erode", "angers": a little-known place is never worth the risk
        if ambiguity == 1 or ambiguity == 3:
            category = match.name.category
            if category == "calendar":
                if not _date_context(doc, words, match, contexts.temporal_words):
                    continue
            elif category in ("nationality", "language"):
                if ambiguity == 3 and not _modifies_noun(words, match, contexts.before_words):
                    if evidence is None:
                        evidence = capitalisation_evidence(doc)
                    following = _neighbour(words, match.last + 1)
                    # "their polish colleagues" beside "Polish" elsewhere: the adjective before a noun.
                    if surface.lower() not in evidence.standalone or not following or following in _NOT_NOUNS:
                        continue  # "polish the silver"
                if _neighbour(words, match.last + 1) in contexts.fixed_phrases:
                    continue  # "french fries", "swiss cheese"
            else:
                if evidence is None:
                    evidence = capitalisation_evidence(doc)
                seen = surface.lower() in evidence.standalone
                if surface.lower() in contexts.after_the:
                    # "the us": no pronoun takes an article; without one it is the pronoun.
                    seen = context = (
                        _neighbour(words, match.first - 1) == "the"
                        or _modifier_not_pronoun(doc, words, match, contexts.before_noun_after)
                        or _title_before_name(words, match, contexts.titles_before_name)
                    )
                else:
                    context = (
                        _name_context(doc, words, match, contexts.after_words)
                        or _among_places(doc, words, match, names)
                        or _bare_subject(words, match, contexts.clause_openers, contexts.finite_verbs)
                        or (ambiguity == 1 and _of_a_country(words, match, contexts.country_nouns))
                    )
                # "china" is mostly the country: its context or the article's capitals say so;
                # "turkey" is mostly the bird: both must.
                if ambiguity == 1 and context:
                    named_in_context.add(canonical)
                if not (seen and context if ambiguity == 3 else seen or context):
                    if ambiguity == 1 and _neighbour(words, match.first - 1) not in _DETERMINERS:
                        undecided.append((match, surface, canonical))
                    continue
        suggestion = recase(surface, canonical)
        yield Hit(match.start, match.end, Fix(match.start, match.end, suggestion, rule.fix_safe), {"name": suggestion})
    # "serious about china, and he takes china's problems...": a name that the article's
    # context shows once is the name wherever no article or possessive makes it the word.
    for match, surface, canonical in undecided:
        if canonical in named_in_context:
            suggestion = recase(surface, canonical)
            fix = Fix(match.start, match.end, suggestion, rule.fix_safe)
            yield Hit(match.start, match.end, fix, {"name": suggestion})


_RARE_ZIPF = 3.0  # under about one use in a million words of running text


def _rare_word_written_as_name(doc: Document, surface: str, evidence: Evidence) -> bool:
    """ "children's picture book, bologna award" in an article that writes "Bologna" mid-sentence:
    a place whose lowercase twin is a rare word ("nice", "reading", "bath" are not) is the
    place when the article itself names it so."""
    lowered = surface.lower()
    return lowered in evidence.standalone and lexicon(doc.lang).zipf(lowered) < _RARE_ZIPF


_COMPASS = frozenset(
    "north south east west northern southern eastern western central northeast northwest southeast "
    "southwest north-east north-west south-east south-west".split()
)


def _compass_styled(surface: str, canonical: str, regions: frozenset[str]) -> bool:
    """ "southeast Asia", "central Europe": only the compass word is lowercase, before a
    region that house styles write either way (the Guardian's "south-east Asia")."""
    first, _, rest = surface.partition(" ")
    return first in _COMPASS and bool(rest) and rest == canonical.partition(" ")[2] and rest in regions


def _modifier_not_pronoun(doc: Document, words: list[Word], match: NameMatch, after: frozenset[str]) -> bool:
    """ "at us schools", "other us officials", "of us $100": a name before a noun or an amount,
    where the pronoun would need a verb before it ("told us stories")."""
    if doc.checked[match.end : match.end + 2] in (" $", " €", " £"):
        return True
    following = words[match.last + 1] if match.last + 1 < len(words) else None
    if following is not None and following.text.istitle() and is_title_like(doc, words):
        # A headline capitalises the noun too: "Worst Tornadoes in us History".
        return (
            _neighbour(words, match.first - 1) in after
            and following.lower not in _ADVERBS
            and gap(doc, words[match.last], following) == " "
        )
    return (
        _neighbour(words, match.first - 1) in after
        and following is not None
        and following.text.isalpha()
        and following.text.islower()
        and len(following.text) > 2
        and following.lower not in doc.language.function_words
        and not following.lower.endswith("ly")
        and following.lower not in _ADVERBS
        and following.lower not in _AFTER_A_PRONOUN
        and gap(doc, words[match.last], following) == " "
    )


def _title_before_name(words: list[Word], match: NameMatch, titles: frozenset[str]) -> bool:
    """ "us president Joe Biden": a lowercase title, then a capitalised name."""
    index = match.last + 1
    return (
        index + 1 < len(words)
        and words[index].text in titles
        and words[index + 1].capitalised
        and not words[index + 1].text.isupper()
    )


def _in_handle_or_code(doc: Document, match: NameMatch) -> bool:
    before = doc.checked[match.start - 1] if match.start else ""
    after = doc.checked[match.end] if match.end < len(doc.checked) else ""
    return before in _HANDLE_MARKS or after in ("@", "_")


def _hyphenated(doc: Document, match: NameMatch) -> bool:
    # "un-American", "eu-funded": a lowercase acronym glued by a hyphen is usually a prefix.
    before = doc.checked[match.start - 1] if match.start else ""
    after = doc.checked[match.end] if match.end < len(doc.checked) else ""
    return before == "-" or after == "-"


_NAME_HYPHEN = compile_pattern(r"(?<![\w-])(\p{Lu}[\p{Ll}']+)-$")
# Capitalised prefixes before a hyphen, where the name after it is still the place: "Anti-russia".
_PREFIXES = frozenset("anti pro pan ex non post pre trans sino afro euro indo anglo franco russo greco austro".split())


def _suffix_of_name(doc: Document, match: NameMatch) -> bool:
    """A lowercase word glued by a hyphen to the capitalised word before it belongs to that
    name: "Tanaka-san", "Yat-san" (Japanese honorifics, hyphenated Chinese given names)."""
    glued = _NAME_HYPHEN.search(doc.checked, max(0, match.start - 30), match.start)
    return glued is not None and glued.group(1).lower() not in _PREFIXES


def _neighbour(words: list[Word], index: int) -> str:
    return words[index].lower if 0 <= index < len(words) else ""


_PARTS_OF_A_MONTH = frozenset(("beginning", "start", "end", "middle", "mid", "rest"))
_VERBS_AFTER_MODAL = frozenset(("be", "have", "not", "well", "also", "still", "never"))


def _date_context(doc: Document, words: list[Word], match: NameMatch, temporal: frozenset[str]) -> bool:
    """ "may 5", "5 march", "mid-march", "until june", "during lent": the date, not the word.

    After a number the word may still be the verb: "COVID-19 may rise", "aged 12-18 may be",
    "on April 11 may be delayed": a date is followed by a number, a year, punctuation or a
    preposition, never by a verb."""
    before, after = _neighbour(words, match.first - 1), _neighbour(words, match.last + 1)
    if _ORDINAL.match(after) or _YEAR.match(after) or before in temporal:
        return True
    if _ORDINAL.match(before):
        glued = match.first and gap(doc, words[match.first - 1], words[match.first]) in ("-", "–")
        ends = not after or doc.checked[match.end : match.end + 2].lstrip()[:1] in (",", ".", ";", ":", ")", "")
        return not glued and (ends or after in _AFTER_DATE) and not _after_month(words, match.first - 2)
    if before == "mid" and match.first and gap(doc, words[match.first - 1], words[match.first]) == "-":
        return True
    if before in ("of", "early", "late") and match.first >= 2 and _ORDINAL.match(_neighbour(words, match.first - 2)):
        return True
    # "at the beginning of march": a march has an article ("the end of the march"); "the end of
    # may be near" is the modal
    return (
        before == "of"
        and match.first >= 2
        and _neighbour(words, match.first - 2) in _PARTS_OF_A_MONTH
        and after not in _VERBS_AFTER_MODAL
    )


def _modifies_noun(words: list[Word], match: NameMatch, nouns: frozenset[str]) -> bool:
    """ "polish government": the nationality, not the verb."""
    following = words[match.last + 1] if match.last + 1 < len(words) else None
    return following is not None and (following.capitalised or following.lower in nouns)


def _among_places(doc: Document, words: list[Word], match: NameMatch, names: Gazetteer) -> bool:
    """In a list or address with another place: "russia, china and iran", "Shenzhen, china"."""
    for index, step in ((match.first - 1, -1), (match.last + 1, 1)):
        while 0 <= index < len(words) and words[index].lower in ("and", "or"):
            index += step
        if not 0 <= index < len(words):
            continue
        between = doc.checked[min(words[index].end, match.end) : max(words[index].start, match.start)]
        if not _LIST_GAP.fullmatch(between):
            continue
        other = names.get(words[index].lower)
        if other is not None and other.category == "place" and other.ambiguity != 2 and other.name != match.name.name:
            return True
    return False


def _place_of(doc: Document, words: list[Word], match: NameMatch, place_nouns: frozenset[str]) -> bool:
    """ "the streets of homs", "the city of bologna", "award winning in bologna,": a
    little-known place whose lowercase form is no common word (only a rare one: "hom",
    "bologna" the sausage), where only a place can stand: after a place noun and "of", or
    after "in" at the end of a clause."""
    if lexicon(doc.lang).is_common(words[match.first].lower):
        return False
    before = _neighbour(words, match.first - 1)
    if before == "in":
        return doc.checked[match.end : match.end + 1] in (",", ";", ".", "")
    return before == "of" and _neighbour(words, match.first - 2) in place_nouns


def _of_a_country(words: list[Word], match: NameMatch, nouns: frozenset[str]) -> bool:
    """ "the government of china", "a company of china": after "of" and a noun a country
    has, where the porcelain does not stand ("a set of china", "made of china")."""
    return _neighbour(words, match.first - 1) == "of" and _neighbour(words, match.first - 2) in nouns


def _bare_subject(words: list[Word], match: NameMatch, openers: frozenset[str], verbs: frozenset[str]) -> bool:
    """ "believed that china is capable": the subject of a clause, with no article or
    adjective before it, which the porcelain or the bird never is."""
    return _neighbour(words, match.first - 1) in openers and _neighbour(words, match.last + 1) in verbs


def _name_context(doc: Document, words: list[Word], match: NameMatch, after_words: frozenset[str]) -> bool:
    """A word that introduces names ("in nice", "visit china", "in the united states") or a
    possessive ("china's")."""
    before = _neighbour(words, match.first - 1)
    if before == "the" and match.last > match.first:
        if match.name.category == "place":
            return True  # "by the united states", "the united kingdom left": the phrase is only the name
        before = _neighbour(words, match.first - 2)  # "the general assembly" of a club is no name
    if before in after_words:
        return True
    if before == "of" and match.first >= 3 and words[match.first - 2].capitalised:
        return True  # "the People's Republic of china", "Bank of china": the end of a longer name
    following = words[match.last + 1] if match.last + 1 < len(words) else None
    if (
        following is not None
        and following.capitalised
        and not following.initial
        and gap(doc, words[match.last], following) == " "
    ):
        return True  # "china Cost Engineering Association": the first word of a longer name
    tail = doc.checked[match.end : match.end + 2]
    return tail in ("'s", "’s")


@provides("name", "count", options={"institution-heads": (), "min-length": 3})
def capitalised_elsewhere(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A word written in lowercase that the same article writes capitalised mid-sentence.

    Common English words are left alone ("state" beside "State Department"): the lexicon
    decides what counts as common; gazetteer names are left to the gazetteer rules. The
    capitalised form must be at least as frequent as the lowercase one: a text that writes
    "decoder" seven times and a product "Decoder" once has no slip to report.
    """
    (heads,) = _word_sets(rule, "institution-heads")
    proper_nouns = doc.context.settings.proper_nouns if doc.context else ()
    names = project_gazetteer(doc.lang, tuple(proper_nouns))
    common = lexicon(doc.lang)
    min_length = rule.options["min-length"]
    # Most records name no institution's head and hold no word the evidence could tell of:
    # nothing to find, and the evidence is not gathered.
    if heads.isdisjoint(_distinct_texts(doc)) and not _may_be_told(doc, min_length, names, common):
        return
    evidence = capitalisation_evidence(doc)
    if not evidence:
        return
    candidates: list[tuple[Word, str, int]] = []
    lowercase_counts: Counter = Counter()
    # Only words the evidence knows may be names: each judged once, and only the sentences
    # that hold one that is are read word by word.
    may_tell = (evidence.standalone.keys() | evidence.in_names.keys()) & _distinct_texts(doc)
    tells = {
        text: found
        for text in may_tell
        if text.islower()
        and len(text) >= min_length
        and text.isalpha()
        and (found := _capitalised_form(doc, text, evidence, names, common)) is not None
    }
    # (With no word told of, no sentence holds one: not even which sentences to skip is needed.)
    sentences = zip(sentence_words(doc), _sentence_texts(doc), _capitals_say_nothing(doc)) if tells else ()
    for words, texts, set_apart in sentences:
        if set_apart or tells.keys().isdisjoint(texts):
            continue
        for word in words:
            found = tells.get(word.text)
            if found is None:
                continue
            lowercase_counts[word.text] += 1
            if not _abbreviation(doc, word):
                candidates.append((word, *found))
    for word, surface, capitalised in candidates:
        if capitalised >= lowercase_counts[word.text]:
            fix = Fix(word.start, word.end, surface, rule.fix_safe)
            yield Hit(word.start, word.end, fix, {"name": surface, "count": capitalised})
    yield from _institutions_capitalised_elsewhere(doc, rule, heads, evidence, names)


def _may_be_told(doc: Document, min_length: int, names: Gazetteer, common: Lexicon) -> bool:
    """Could capitalised_elsewhere's evidence tell of any of the document's words? It tells of
    a word in lowercase, of letters, no gazetteer name and no common word (_capitalised_form),
    that is a key of the evidence: the lowercase form of a capitalised word (Word.lower), or of
    a run of them, which holds the space between the run's words where the text is the checked
    text, and so is no word of letters."""
    if doc.text != doc.checked:
        return True
    distinct = _distinct_texts(doc)
    capitalised = {text.lower() for text in distinct if text[:1].isupper()}  # (Word.capitalised and .lower)
    return any(
        text.islower()
        and len(text) >= min_length
        and text.isalpha()
        and text not in names.entries  # (names.get: every entry is a Name, which is true)
        and not common.is_common(text)
        for text in capitalised.intersection(distinct)
    )


def _capitalised_form(
    doc: Document, text: str, evidence: Evidence, names: Gazetteer, common: Lexicon
) -> tuple[str, int] | None:
    """The form the article capitalises a lowercase word in and how often, where that says the
    word is a name; None for a gazetteer name or a common word."""
    if names.get(text) or common.is_common(text):
        return None
    forms = Counter({form: n for form, n in evidence.forms(text).items() if not form.isupper() or len(form) < 3})
    if not forms:
        return None  # only "MOD" elsewhere: an acronym's capitals say nothing about "mod"
    if is_lowercase_word(doc.lang, text) if len(text) > 4 else is_short_word(doc.lang, text):
        return None  # "resuscitation" beside "the Resuscitation Clinic": a name's word, not a name
    return forms.most_common(1)[0][0], sum(forms.values())


def _institutions_capitalised_elsewhere(
    doc: Document, rule: PythonRule, heads: frozenset[str], evidence: Evidence, names: Gazetteer
) -> Iterator[Hit]:
    """ "the state council" beside "the State Council": an institution's name the article
    capitalises as a whole elsewhere. Only phrases that end in an institution's head
    ("council", "committee", "congress"): offices ("prime minister") are lowercase on their own."""
    if heads.isdisjoint(_distinct_texts(doc)):
        return  # (nor any sentence's words)
    for words, texts, set_apart in zip(sentence_words(doc), _sentence_texts(doc), _capitals_say_nothing(doc)):
        # A head in lowercase as written is its own lowercase form (str.lower leaves a string
        # that islower() unchanged): a sentence without one among its texts has no phrase.
        if set_apart or heads.isdisjoint(texts):
            continue
        for position, word in enumerate(words):
            if word.lower not in heads or not word.text.islower():
                continue
            for size in (3, 2):
                first = position - size + 1
                if first < 0 or any(not w.text.islower() for w in words[first:position]):
                    continue
                if any(gap(doc, a, b) != " " for a, b in zip(words[first:position], words[first + 1 : position + 1])):
                    continue
                phrase = doc.text[words[first].start : word.end]
                forms = evidence.standalone.get(phrase)
                if not forms or names.get(phrase) is not None:
                    continue
                surface = forms.most_common(1)[0][0]
                if surface == phrase:
                    continue
                start = words[first].start
                yield Hit(
                    start,
                    word.end,
                    Fix(start, word.end, surface, rule.fix_safe),
                    {"name": surface, "count": sum(forms.values())},
                )
                break


@provides("name", options={"qualifiers": (), "heads": (), "named-qualifiers": (), "named-heads": ()})
def lowercase_institutions(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """ "the supreme court", "the international criminal court", "speaker of national
    assembly": a body's name in lowercase, known by its form alone (a qualifier that makes
    it the one body of its country or of the world, then the head). After "a" or "an" the
    phrase is generic ("a national assembly") and left alone."""
    qualifiers, heads = _word_sets(rule, "qualifiers", "heads")
    # Both searches start at a qualifier (_places_of): most records hold none, and say so in C.
    openings = made_from_options(rule, _words_of_letters, "qualifiers", "named-qualifiers")
    if openings is not None and not _holds_any(doc, openings):
        return
    yield from _institutions_named_by_what_follows(doc, rule)
    # Most articles name no such body in lowercase: one search says so.
    body = made_from_options(rule, _body_search, "qualifiers", "heads")
    if body is None or not _mentions_a_body(doc.checked, *body, _word_places(doc)):
        return
    for words, texts, set_apart in zip(sentence_words(doc), _sentence_texts(doc), _capitals_say_nothing(doc)):
        if set_apart or heads.isdisjoint(texts):
            continue
        for position, word in enumerate(words):
            if word.text not in heads:
                continue
            for first in (position - 1, position - 2):
                if first < 0 or words[first].text not in qualifiers:
                    continue
                phrase = words[first : position + 1]
                if any(not w.text.isalpha() or not w.text.islower() for w in phrase) or any(
                    gap(doc, a, b) != " " for a, b in zip(phrase, phrase[1:])
                ):
                    continue
                if _neighbour(words, first - 1) in ("a", "an"):
                    continue
                start, end = phrase[0].start, word.end
                suggestion = " ".join(w.text[0].upper() + w.text[1:] for w in phrase)
                yield Hit(start, end, Fix(start, end, suggestion, rule.fix_safe), {"name": suggestion})
                break


def _words_of_letters(*lists: Sequence[str]) -> tuple[str, ...] | None:
    """The words of the lists, or None if one is more than letters (_places_of then looks
    everywhere: an option may be a pattern)."""
    words = tuple(dict.fromkeys(word for words in lists for word in words))
    return words if all(map(str.isalpha, words)) else None


def _holds_any(doc: Document, words: tuple[str, ...]) -> bool:
    """Does the checked text hold any of the words? One it lacks is kept as having no places
    (_word_places), as _places_of would find: an article is not read again for it."""
    known, text = _word_places(doc), doc.checked
    for word in words:
        places = known.get(word)
        if places is None:
            if word in text:
                return True
            known[word] = []
        elif places:
            return True
    return False


def _institutions_named_by_what_follows(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """ "the national bank of Ukraine", "the federal agency for Technical Relief": a
    qualifier and a head in lowercase, then "of" or "for" and the capitalised rest of the
    name, which gives the whole away (also for "federal" and "state")."""
    qualifiers, pattern = made_from_options(rule, _named_institutions, "named-qualifiers", "named-heads")
    if pattern is None:
        return
    for found in _found_where(_NO_ARTICLE_OR_WORD_BEFORE, pattern, doc.checked, qualifiers, _word_places(doc)):
        start, end = found.span(1)
        index = bisect_right(doc.sentence_starts, start) - 1
        if index < 0 or _lowercase_on_purpose(doc)[index]:
            continue
        phrase = found.group(1).split()
        suggestion = " ".join(w[0].upper() + w[1:] for w in phrase)
        yield Hit(start, end, Fix(start, end, suggestion, rule.fix_safe), {"name": suggestion})


def _named_institutions(
    qualifiers: Sequence[str], heads: Sequence[str]
) -> tuple[tuple[str, ...], re.Pattern[str] | None]:
    """The qualifiers of _institutions_named_by_what_follows and its pattern (None without a
    qualifier or a head), made once per rule (made_from_options)."""
    qualifiers, heads = tuple(qualifiers), tuple(heads)
    return qualifiers, _named_institution_pattern(qualifiers, heads) if qualifiers and heads else None


# Not after "a" or "an" (generic: "a national bank of Ukraine's kind"), nor inside a word.
_NO_ARTICLE_OR_WORD_BEFORE = compile_re(r"(?<!\ba )(?<!\ban )(?<![\w-])")
_WORD_START = compile_re(r"\b")


def _body_search(qualifiers: Sequence[str], heads: Sequence[str]) -> tuple[tuple[str, ...], re.Pattern[str]] | None:
    """lowercase_institutions' qualifiers, sorted, and its pattern for a body's name (None
    without a qualifier or a head), made once per rule (made_from_options)."""
    if not qualifiers or not heads:
        return None
    ordered = tuple(sorted(set(qualifiers)))
    return ordered, _institution_pattern(ordered, tuple(sorted(set(heads))))


def _mentions_a_body(
    text: str, ordered: tuple[str, ...], pattern: re.Pattern[str], known: dict[str, list[int]] | None = None
) -> bool:
    """Is a qualifier (`ordered`) and a head in lowercase anywhere in the text ("national
    assembly")? `pattern`: _body_search's."""
    return next(_found_where(_WORD_START, pattern, text, ordered, known), None) is not None


def _word_places(doc: Document) -> dict[str, list[int]]:
    """Where each word looked for starts in the checked text (_places_of), kept on the document:
    MT110 looks for most of its qualifiers twice, and each search reads the whole text."""
    return doc.cache.setdefault("casing_word_places", {})


def _found_where(
    before: re.Pattern[str],
    pattern: re.Pattern[str],
    text: str,
    openings: tuple[str, ...],
    known: dict[str, list[int]] | None = None,
) -> Iterator[re.Match[str]]:
    """What `before` and then `pattern` would find (finditer), for a zero-width `before`
    (lookbehinds, \\b) and a `pattern` that never matches empty and opens with one of the words
    `openings` ("(?:national|central)..."). `re` would try `before` at every position, and a
    pattern opening with alternatives too: pattern.search from a position is the first place
    from there where one of the words starts and the pattern matches, and str.find finds those
    places in C, a few of them in an article instead of 190,000 (`known`: the places of words
    in this text found before, and kept)."""
    position = 0
    for start in _places_of(openings, text, known):
        if start < position:
            continue
        found = pattern.match(text, start)
        if found is None:
            continue
        if before.match(text, start) is not None:
            yield found
            position = found.end()
        else:
            position = start + 1


def _places_of(words: tuple[str, ...], text: str, known: dict[str, list[int]] | None = None) -> Sequence[int]:
    """Every place where one of the words starts in the text, in order (every place if one is
    more than letters: an option may be a pattern); `known`: each word's places, where they
    are kept for this text."""
    if not all(map(str.isalpha, words)):
        return range(len(text) + 1)
    known = {} if known is None else known
    for word in words:
        if word not in known:
            places = known[word] = []
            place = text.find(word)
            while place >= 0:
                places.append(place)
                place = text.find(word, place + 1)
    return sorted(set().union(*[known[word] for word in words]))


@lru_cache(maxsize=8)
def _named_institution_pattern(qualifiers: tuple[str, ...], heads: tuple[str, ...]) -> re.Pattern[str]:
    # The name's rest capitalised; where it may start: _NO_ARTICLE_OR_WORD_BEFORE.
    return compile_re(rf"((?:{'|'.join(qualifiers)})(?: [a-z]+)? (?:{'|'.join(heads)})) (?:of|for) [A-Z][a-z]")


@lru_cache(maxsize=8)  # sorted alternatives: a set's order changes per run, and each order was a new cache entry
def _institution_pattern(qualifiers: tuple[str, ...], heads: tuple[str, ...]) -> re.Pattern[str]:
    # Where it may start: _WORD_START.
    return compile_re(rf"(?:{'|'.join(qualifiers)})(?: [a-z]+)? (?:{'|'.join(heads)})\b")


def _abbreviation(doc: Document, word: Word) -> bool:
    # "max. 2 minutes" beside a person called Max
    return doc.checked[word.end : word.end + 1] == "." and doc.language.abbreviation_kind(word.text) is not None


@provides("name", options={"not-names": ()})
def lowercase_name_words(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A word that running text nearly always capitalises, written in lowercase: a surname,
    a brand or an acronym the gazetteer does not list ("lamborghini", "nhl").

    The words come from case-sensitive frequencies (scripts/build_name_data.py); the
    gazetteer's own names are left to the rules that know their category.
    """
    table = name_words(doc.lang)
    if not table:
        return
    (not_names,) = _word_sets(rule, "not-names")
    common = lexicon(doc.lang)

    def unlisted(token: str) -> bool:
        return not common.is_common(token) and token not in not_names

    beside_words = _runs_beside_words(doc) if _all_letters(doc.lang) else None
    if beside_words is not None:
        # A bare token of letters is a run of word characters (white space, edge marks and a
        # possessive's quote, around it, are none): of the runs, the words' texts and those
        # beside them, only the few that would count are looked for as tokens.
        counting: set[str] = set()
        for runs in (_distinct_texts(doc), beside_words):
            counting.update(t for t in among(runs, table) if t.islower())
            counting.update(filter(unlisted, filter(_VOWELLESS_WORD, runs)))
        tokens = {t for t in counting if _is_bare_token(doc.checked, t)}
    else:
        tokens = _bare_tokens(doc.checked)
    # Most articles hold none of these words: one set intersection says so.
    present = {t for t in among(tokens, table) if t.islower()}
    # "the thw", "the spd": a lowercase acronym no list has is still no English word.
    acronyms = set(filter(unlisted, filter(_VOWELLESS_WORD, tokens)))
    # With a vowel, only where a noun stands ("the hde of", "the spid’s") and no dictionary has it.
    after_the = {t for t in _AFTER_THE.findall(doc.checked) if not common.is_common(t) and t not in not_names}
    if after_the:
        # (the same words taken out as `-= short_words(...)` takes, by bisection: no set of 9,000)
        after_the.difference_update([t for t in after_the if is_short_word(doc.lang, t)])
        acronyms |= after_the
    vowelless = {t for t in _VOWELLESS_AFTER_THE.findall(doc.checked) if t not in not_names}
    after_the |= vowelless
    acronyms |= vowelless
    table = {**table, **dict.fromkeys(acronyms, "upper")} if acronyms else table
    present |= acronyms
    if not present - not_names:
        return
    proper_nouns = doc.context.settings.proper_nouns if doc.context else ()
    names = project_gazetteer(doc.lang, tuple(proper_nouns))
    wanted = {w for w in present - not_names if names.get(w) is None}
    if not wanted:
        return
    all_words = sentence_words(doc)
    # The document's own words: a pattern for this text only, so not one for the pattern cache.
    import regex  # only for a text with such words (regex's parser is a tenth of a start)

    pattern = regex.compile(r"\b(?:" + "|".join(sorted(wanted)) + r")\b")
    words_at: dict[int, dict[int, Word]] = {}  # per sentence, its words by where they start
    for found in pattern.finditer(doc.checked):
        index = bisect_right(doc.sentence_starts, found.start()) - 1
        if index < 0 or _lowercase_on_purpose(doc)[index]:
            continue
        if found.start() and doc.checked[found.start() - 1] == ".":
            continue  # ".dll", ".php": a file extension
        if len(found.group()) == 2 and doc.checked[max(found.start() - 4, 0) : found.start()].lower() != "the ":
            continue  # two letters ("tt") are an acronym only where "the" gives them a noun's place
        if index not in words_at:
            words_at[index] = {w.start: w for w in all_words[index]}
        word = words_at[index].get(found.start())
        if word is not None:
            text = word.text
            form = usual_form(text, table[text])
            match = NameMatch(word.start, word.end, Name(form, "name"), index, 0, 0)
            if _in_handle_or_code(doc, match) or _hyphenated(doc, match):
                continue
            # Capitals inferred from the word's place alone: whether it is an acronym is the editor's call.
            safe = rule.fix_safe and text not in after_the
            yield Hit(word.start, word.end, Fix(word.start, word.end, form, safe), {"name": form})


@provides(
    "name",
    options={
        "name-heads": (),
        "plural-heads": (),
        "titles": (),
        "romanised-syllable": "",
        "romaji-syllable": "",
        "name-openers": (),
    },
)
def lowercase_inside_names(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A name in lowercase that its neighbours give away, when its words are no English:
    before the capitalised head of a place or institution name ("xinshan District"), in a
    list of capitalised names ("Liu Zunyi, chen kaixian, Shuji Nakamura", "the Brest and
    gomel regions"), beside a title ("kelesh jagutpal, minister of health", "ika detrich, a
    journalist", "chief executive wilhelm wellner"), before the "who" of a person ("and max
    verstappen, who will face..."), or on its own when it is a romanised Chinese or Japanese
    name: two words of pinyin syllables ("performance by luo jian") or of Hepburn syllables
    ("by miyahara hiroaki") that no English list has.

    A lowercase word after a capitalised one proves nothing: Czech official names keep
    their later words in lowercase ("České dráhy", "Ústí nad Labem")."""
    heads, plural_heads, titles, openers = _word_sets(rule, "name-heads", "plural-heads", "titles", "name-openers")
    common = lexicon(doc.lang)
    proper_nouns = doc.context.settings.proper_nouns if doc.context else ()
    names = project_gazetteer(doc.lang, tuple(proper_nouns))

    distinct_texts = _distinct_texts(doc)
    # Judged once per different word, not at every place it stands; the gazetteer's names leave in C.
    unnamed = without(distinct_texts, names.entries)
    foreign_words = {
        text for text in unnamed if text.islower() and len(text) >= 2 and text.isalpha() and not common.is_common(text)
    }
    worth_a_look = foreign_words | openers
    if worth_a_look.isdisjoint(distinct_texts):
        return  # every sentence's words are among the document's: the loop below would skip them all

    surname, given_name, two_syllables, romaji_word = made_from_options(
        rule, _romanised_name_patterns, "romanised-syllable", "romaji-syllable"
    )
    all_words = sentence_words(doc)
    all_texts = _sentence_texts(doc)

    function_words = doc.language.function_words

    def first_name_word(word: Word) -> bool:
        text = word.text
        if len(text) < 3 or not text.isalpha() or not text.islower() or text in function_words:
            return False
        return is_first_name(doc.lang, text)  # a bisection of the list: a hundred words are asked, not 20,000

    def chinese_surname(word: Word, following: Word) -> bool:
        """ "zhou shanshan": a surname that web text also writes as a word ("zhou", "zhu"),
        before a given name of two syllables."""
        return (
            surname is not None
            and two_syllables is not None
            and word.text not in function_words
            and surname.fullmatch(word.text) is not None
            and two_syllables.fullmatch(following.text) is not None
        )

    for words, texts, lowercase, headline in zip(
        all_words, all_texts, _lowercase_on_purpose(doc), title_like_sentences(doc)
    ):
        if lowercase:
            continue
        if worth_a_look.isdisjoint(texts):
            continue  # nothing below starts without a foreign word or a name opener
        # A headline's capitals are style (headline): only a list of names still gives a name away there.
        resume = 0  # where the scan goes on after a name
        for position in _places_to_look(texts, foreign_words, worth_a_look):
            if position < resume:
                continue
            if words[position].text in openers and _opens_name(doc, words, position):
                # "deutsche welle": a word English writes only at the start of a name.
                for word in words[position : position + 2]:
                    suggestion = word.text[0].upper() + word.text[1:]
                    yield Hit(
                        word.start, word.end, Fix(word.start, word.end, suggestion, rule.fix_safe), {"name": suggestion}
                    )
                resume = position + 2
                continue
            # "max raabe": a first name that is also an English word, before a word that is none.
            before_foreign = (
                position + 1 < len(words)
                and words[position + 1].text in foreign_words
                and words[position + 1].text != words[position].text
                and gap(doc, words[position], words[position + 1]) == " "
            )
            if words[position].text not in foreign_words and not (
                before_foreign
                and (first_name_word(words[position]) or chinese_surname(words[position], words[position + 1]))
            ):
                continue
            last = position
            while (
                last + 1 < len(words)
                and last - position < 2
                and words[last + 1].text in foreign_words
                and gap(doc, words[last], words[last + 1]) == " "
            ):
                last += 1
            first_word, last_word = words[position], words[last]
            following = words[last + 1] if last + 1 < len(words) else None
            before_head = (
                following is not None
                and following.text in heads
                and gap(doc, last_word, following) == " "
                and doc.checked[first_word.start - 1 : first_word.start] not in ("-", "‐")
            )
            listed = last > position and (
                _beside_name(doc, words, position - 1, -1) or _beside_name(doc, words, last + 1, 1)
            )
            preceding = words[position - 1] if position else None
            # "the Brest and gomel regions": a plural head shared with a capitalised name.
            shared_head = (
                following is not None
                and following.lower in plural_heads
                and gap(doc, last_word, following) == " "
                and _after_listed_name(doc, words, position)
            )
            titled = last > position and (
                _title_follows(doc, words, last, titles)
                or preceding is not None
                and preceding.lower in titles
                and gap(doc, preceding, first_word) == " "
            )
            # ", who": only people take it ("max verstappen, who"); one rare word may be a
            # person's role ("the saxophonist, who", "honorary doctorates, who").
            relative = (
                last > position
                and following is not None
                and following.lower == "who"
                and gap(doc, last_word, following) == ", "
            )
            romanised = last == position + 1 and (
                surname is not None
                and given_name is not None
                and surname.fullmatch(first_word.text) is not None
                and given_name.fullmatch(last_word.text) is not None
                or romaji_word is not None
                and len(first_word.text) + len(last_word.text) >= 9
                and romaji_word.fullmatch(first_word.text) is not None
                and romaji_word.fullmatch(last_word.text) is not None
                and not _japanese_term(doc, first_word, last_word)
            )
            # "kiril petkov", "josef margraf": a first name, then a word no English list has.
            named = last > position and first_word.text != words[position + 1].text and first_name_word(first_word)
            # Before "Region" or "District" a headline's one lowercase word is no style: "Hits the kanto Region".
            if headline and not (
                listed or romanised or before_head and following is not None and following.capitalised
            ):
                resume = last + 1
                continue
            if before_head or listed or titled or shared_head or relative or romanised or named:
                for word in words[position : last + 1]:
                    suggestion = word.text[0].upper() + word.text[1:]
                    yield Hit(
                        word.start, word.end, Fix(word.start, word.end, suggestion, rule.fix_safe), {"name": suggestion}
                    )
            resume = last + 1


def _romanised_name_patterns(
    syllable: str, romaji: str
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None]:
    """lowercase_inside_names' patterns, compiled once per rule (made_from_options): a surname of one
    pinyin syllable, a given name of one or two, a word of two; a word of two Hepburn syllables
    or more ("miyahara hiroaki", "abe shinzo")."""
    surname = compile_re(rf"(?:{syllable})") if syllable else None
    given_name = compile_re(rf"(?:{syllable}){{1,2}}") if syllable else None
    two_syllables = compile_re(rf"(?:{syllable}){{2}}") if syllable else None
    romaji_word = compile_re(rf"(?:{romaji}){{2,}}") if romaji else None
    return surname, given_name, two_syllables, romaji_word


def _places_to_look(texts: list[str], foreign_words: set[str], worth_a_look: set[str]) -> list[int]:
    """Where lowercase_inside_names' scan of a sentence can find something, in order: a foreign
    word or a name opener, or the word before a foreign word. At any other place the scan
    only stepped on to the next (no name opener there, no foreign word there or after it)."""
    places = {index for index, text in enumerate(texts) if text in worth_a_look}
    places.update([index - 1 for index in places if index and texts[index] in foreign_words])
    return sorted(places)


_LOWERCASE_GLOSS = compile_pattern(r"\s*\(\p{Ll}")


def _japanese_term(doc: Document, first: Word, last: Word) -> bool:
    """Romaji that is a term, not a name: the same word twice ("pachinko pachinko"), glued by a
    hyphen ("aka-dashi miso"), set off in quotation marks ("red dashi miso"), or glossed in
    lowercase after it ("dashimaki tamago (rolled egg)")."""
    text = doc.checked
    before = text[first.start - 1] if first.start else ""
    after = text[last.end : last.end + 1]
    return (
        first.text == last.text
        or before in "-\"“‘'"
        or after in ('"', "”", "’", "-")
        or _LOWERCASE_GLOSS.match(text, last.end) is not None
    )


def _opens_name(doc: Document, words: list[Word], position: int) -> bool:
    following = words[position + 1] if position + 1 < len(words) else None
    return (
        following is not None
        and following.text.isalpha()
        and following.text.islower()
        and gap(doc, words[position], following) == " "
    )


def _title_follows(doc: Document, words: list[Word], last: int, titles: frozenset[str]) -> bool:
    """A title in apposition after words[last]: ", minister of...", ", a journalist...",
    " (commander of...)"."""
    index = last + 1
    if index >= len(words):
        return False
    separator = gap(doc, words[last], words[index])
    if separator == ", " and words[index].lower in ("a", "an", "the") and index + 1 < len(words):
        index += 1
    elif separator not in (", ", " ("):
        return False
    return words[index].lower in titles


def _after_listed_name(doc: Document, words: list[Word], position: int) -> bool:
    """Does a capitalised name (not a sentence start) stand before words[position] across
    "and", "or" or a comma ("Vyshhorodsky and buchansky districts")?"""
    if position < 1:
        return False
    index = position - 2 if words[position - 1].lower in ("and", "or") else position - 1
    if index < 0 or doc.checked[words[index].end : words[position].start] not in (", ", " and ", ", and ", " or "):
        return False
    name = words[index]
    return name.capitalised and not name.initial and not name.text.isupper()


def _beside_name(doc: Document, words: list[Word], index: int, step: int) -> bool:
    """Is there, across a comma or an "and", a name of two capitalised words (not a sentence
    start) at words[index] (step 1: to the right of a run; step -1: to its left)?"""
    if not 0 <= index < len(words) or not 0 <= index - step < len(words):
        return False
    edge = words[index - step]  # the run's word next to the name
    if words[index].lower in ("and", "or"):
        index += step  # "Leonid Kravchuk and stanislav shushkevich": "and" is a word of its own
        if not 0 <= index < len(words):
            return False
    left, right = (edge, words[index]) if step == 1 else (words[index], edge)
    if doc.checked[left.end : right.start] not in (", ", " and ", ", and ", " or "):
        return False
    pair = words[index : index + 2] if step == 1 else words[index - 1 : index + 1]
    return len(pair) == 2 and all(w.capitalised and not w.initial and not w.text.isupper() for w in pair)
