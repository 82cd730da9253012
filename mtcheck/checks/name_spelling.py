"""NM101–NM102: names spelled against the article or against established English.

MT translates sentence by sentence, and a transliterated name comes out a little
differently each time: Burgazliev and Burgasliev, Zelensky and Zelenskyi, Yulia and Iulia,
Kharkiv and Harkiv. And a well-known person's name transliterated letter by letter misses
the spelling English has settled on: Anthony Blinken (Antony), German Gref (Herman).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from itertools import filterfalse
from operator import itemgetter
from typing import TYPE_CHECKING

from mtcheck.checks import provides
from mtcheck.checks.casing import word_runs
from mtcheck.engine.findings import Fix, Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.language.names import Gazetteer, gazetteer, lexicon
from mtcheck.language.pattern_cache import compile_pattern, compile_re, escape, longest_first
from mtcheck.language.resources import data_file
from mtcheck.language.spelled_out import skeleton
from mtcheck.text.document import Document
from mtcheck.text.scan import LONG_TEXT
from mtcheck.text.segment import MASK
from mtcheck.text.words import sentence_words

if TYPE_CHECKING:
    import regex

# A capitalised word of five letters or more, not in capitals, not part of a longer token.
_NAME = compile_pattern(r"(?<![\p{L}\p{N}@./_-])\p{Lu}\p{Ll}{4,}(?![\p{L}\p{N}_]|-\p{L})")
# A site named by its address, capitalised ("Dianping.com"): addresses are hidden from rules,
# but this one's host is a name, and MT respells it as any other ("Dianpyng.com").
_NAMED_SITE = compile_pattern(r"(?<![\p{L}\p{N}@./_-])\p{Lu}\p{Ll}{4,}(?=\.\p{Ll}{2,}(?![\p{L}\p{N}/-]|\.\p{L}))")
_START = itemgetter(0)  # a Sentence's and a Word's start, read in C
# One letter apart is evidence only in long names: "Burgazliev" and "Burgasliev", not "Maria" and "Marta".
_MIN_SUBSTITUTED = 8


@provides("other")
def names_spelled_two_ways(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A capitalised word, spelled elsewhere in the article in a way
    that transliteration alone explains (the same skeleton: -sky/-skyi, Yu/Iu, kh/h, doubled
    letters) or, in a long name, one inner letter apart, one of the two no common English word.
    The rarer spelling is flagged (of two as frequent, the later)."""
    places: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for match in _NAME.finditer(doc.checked):
        places[match.group()].append(match.span())
    if MASK in doc.checked:
        sites = _named_sites(doc)
        for match in sites:
            places[match.group()].append(match.span())
        for name in {match.group() for match in sites}:
            places[name].sort()  # in text order, among the name's other places
    if len(places) < 2:
        return
    english = lexicon(doc.lang)
    gazetted = gazetteer(doc.lang)
    flagged: dict[str, str] = {}
    for group in _variant_groups(doc, places):
        group = [word for word in group if not _names_a_people(gazetted, word)]
        common = {word for word in group if english.is_common(word.lower())}
        # A common word capitalised only where any word is (a sentence's first, after a colon
        # or an opening quote, a quoted title's): "Being" opening a sentence is no spelling of
        # "Beijing", nor "Tailor" in "Tinker, Tailor, Soldier, Spy" of "Taylor".
        group = [word for word in group if word not in common or not _only_where_words_open(doc, places[word])]
        # Two English words ("There", "These") are two words; a name beside a word that
        # news also writes in lowercase ("Facebook", "Facepook") is one name spelled two ways.
        if len(group) < 2 or common.issuperset(group):
            continue
        # The spelling the article uses most (first seen among equals) is taken as meant.
        ranked = sorted(group, key=lambda w: (-len(places[w]), places[w][0][0]))
        for word in ranked[1:]:
            flagged[word] = ranked[0]
    for word, other in flagged.items():
        for start, end in places[word]:
            yield Hit(start, end, None, {"other": other})


def _only_where_words_open(doc: Document, spans: list[tuple[int, int]]) -> bool:
    """Is every place one where any word is capitalised (Word.initial, or inside a quoted
    title written in Title Case)?"""
    return all(_opens(doc, start) or _in_quoted_title(doc, start, end) for start, end in spans)


_OPENING_QUOTES = '"“«„'
_CLOSING_QUOTES = '"”»“'


def _in_quoted_title(doc: Document, start: int, end: int) -> bool:
    """Does the word at start:end stand between quotes, in the same sentence, among words all
    capitalised (those of four letters or more, as titles write them: "Tinker, Tailor,
    Soldier, Spy", "Gone with the Wind")?"""
    index = bisect_right(doc.sentences, start, key=_START) - 1
    if index < 0:
        return False
    sentence = doc.sentences[index]
    text = doc.checked
    opening = max(text.rfind(quote, sentence.start, start) for quote in _OPENING_QUOTES)
    closing = [at for at in (text.find(quote, end, sentence.end) for quote in _CLOSING_QUOTES) if at >= 0]
    if opening < 0 or not closing:
        return False
    quoted = [w for w in sentence_words(doc)[index] if opening < w.start and w.end <= min(closing)]
    long_words = [w for w in quoted if len(w.text) > 3 and w.text.isalpha()]
    return len(quoted) >= 2 and len(long_words) >= 2 and all(w.capitalised for w in long_words)


def _opens(doc: Document, start: int) -> bool:
    """Does an initial word start here? Looked up in the sentence that holds the place (the
    sentences are in text order and apart, and hold their words): a few places are asked
    about, not the tens of thousands of words."""
    index = bisect_right(doc.sentences, start, key=_START) - 1
    if index < 0:
        return False
    words = sentence_words(doc)[index]
    at = bisect_left(words, start, key=_START)
    return at < len(words) and words[at].start == start and words[at].initial


# What names.tsv calls a nationality or a language: the words for a people, a faith or a
# tongue (German, Argentinian, Christian, Arabic), which English spells one settled way.
_PEOPLES = ("nationality", "language")


def _names_a_people(gazetted: Gazetteer, word: str) -> bool:
    """Is the word an adjective or noun of nationality, faith or language? It is an English
    word, not a name MT transliterates, and what folds like it is another word: "Hermann"
    (g and h fold alike, as for Harkiv and Kharkiv) is no spelling of "German", nor
    "Cristian" of "Christian"; "Argentinian" and "Argentinean" are both English."""
    entry = gazetted.get(word.lower())
    return entry is not None and entry.category in _PEOPLES


_UNMASKED = compile_re(f"[^{re.escape(MASK)}]")
_CAPITAL = compile_pattern(r"\p{Lu}")


def _named_sites(doc: Document) -> list[regex.Match[str]]:
    """_NAMED_SITE's matches that start in masked text, tried at its capitals alone: no match
    starts inside another (it opens with a capital after no letter and goes on in letters), so
    the matches a search of the whole text finds are those found where they start."""
    sites = []
    start = doc.checked.find(MASK)  # (str.find: a pattern reads the whole text several times slower)
    while start >= 0:
        unmasked = _UNMASKED.search(doc.checked, start)
        end = len(doc.checked) if unmasked is None else unmasked.start()
        for capital in _CAPITAL.finditer(doc.text, start, end):
            site = _NAMED_SITE.match(doc.text, capital.start())
            if site is not None:
                sites.append(site)
        start = doc.checked.find(MASK, end)
    return sites


def _skeleton(doc: Document, word: str) -> str:
    """skeleton(word), computed once per article for both rules."""
    known = doc.cache.setdefault("name_skeletons", {})
    key = known.get(word)
    if key is None:
        key = known[word] = skeleton(word)
    return key


def _variant_groups(doc: Document, places: dict[str, list[tuple[int, int]]]) -> list[list[str]]:
    """Spellings of one name: those of one skeleton, and long ones one inner letter apart."""
    by_skeleton: dict[str, list[str]] = defaultdict(list)
    for word in places:
        by_skeleton[_skeleton(doc, word)].append(word)
    groups = [words for words in by_skeleton.values() if len(words) > 1]
    grouped = {w for g in groups for w in g}
    by_shape: dict[tuple[int, str], list[str]] = defaultdict(list)
    for word in places:
        if len(word) >= _MIN_SUBSTITUTED and word not in grouped:
            by_shape[(len(word), word[0])].append(word)
    for words in by_shape.values():
        # One inner letter apart, two words end in the same two letters: each is compared with
        # the later ones that do (in the same order as with all of them).
        alike: dict[str, list[str]] = defaultdict(list)
        for word in words:
            alike[word[-2:]].append(word)
        for first in words:
            ending_alike = alike[first[-2:]]
            for second in ending_alike[ending_alike.index(first) + 1 :]:
                if _one_inner_letter_apart(first, second):
                    groups.append([first, second])
    return groups


def _one_inner_letter_apart(first: str, second: str) -> bool:
    """ "Burgazliev"/"Burgasliev": one letter differs, neither the first nor the last two
    (an ending is grammar or another word: "Ivanova", "Ukrainians")."""
    differing = [i for i, (a, b) in enumerate(zip(first, second)) if a != b]
    return len(differing) == 1 and 0 < differing[0] < len(first) - 2


class _Person:
    """One row of established-names.tsv: the settled spelling, others news uses, MT's."""

    def __init__(self, established: str, also: list[str], flagged: list[str]):
        self.established = established
        self.accepted = {established, *also}
        self.flagged = set(flagged)
        self.surnames = {n.split()[-1] for n in self.accepted}
        self.given = {n.split()[0] for n in self.accepted | self.flagged if " " in n}
        self.surname_key = skeleton(established.split()[-1])


@cache
def _people(language: str) -> dict[str, list[_Person]]:
    """Each person by every surname spelling that may stand for them: the listed ones, and the
    skeleton of the established one."""
    by_key: dict[str, list[_Person]] = defaultdict(list)
    path = data_file(language, "established-names.tsv")
    if not path.exists():
        return {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        established, also, flagged = (line.split("\t") + ["", ""])[:3]
        person = _Person(established, _names(also), _names(flagged))
        for key in {n.split()[-1] for n in person.accepted | person.flagged} | {person.surname_key}:
            by_key[key].append(person)
    return by_key


@cache
def _by_listed(language: str) -> dict[str, _Person]:
    return {name: person for persons in _people(language).values() for person in persons for name in person.flagged}


@cache
def _listed_spellings(language: str) -> regex.Pattern[str]:
    names = sorted(_by_listed(language), key=longest_first)
    return compile_pattern(r"(?<![\p{L}\p{N}-])(?:" + "|".join(escape(n) for n in names) + r")(?![\p{L}\p{N}])")


def _names(cell: str) -> list[str]:
    return [n.strip() for n in cell.split(";") if n.strip()]


_CAPITALISED_WORD = compile_pattern(r"\p{Lu}\p{Ll}{2,}")
# A given name and a surname: "German Gref", "Yulia Timoshenko".
_FULL_NAME = compile_pattern(r"(?<![\p{L}\p{N}-])(\p{Lu}\p{Ll}+) (\p{Lu}\p{Ll}{2,})(?![\p{L}\p{N}])")


@provides("established")
def established_spellings(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A well-known person's given name and surname spelled otherwise than English news does:
    a spelling listed as MT's, the established given name's skeleton with another spelling
    (German for Herman), or the established surname's skeleton spelled otherwise after one
    of the person's given names (Yulia Timoshenko)."""
    people = _people(doc.lang)
    if not people:
        return
    # Most articles name none of the people: one look at each capitalised word tells. They
    # are found in the different runs of word characters that hold a capital, where known,
    # not in the whole text (no match goes over a run's edge): 18.4 M instructions on an
    # article before, 3 M after. A short text (a record) is searched whole: cheaper for it.
    runs = word_runs(doc) if len(doc.checked) >= LONG_TEXT else None
    words = set(_CAPITALISED_WORD.findall(doc.checked if runs is None else " ".join(filterfalse(str.islower, runs))))
    if not any(w in people or _skeleton(doc, w) in people for w in words):
        return
    reported = set()
    for match in _listed_spellings(doc.lang).finditer(doc.checked):  # as listed, "Ursula von der Lyayen" too
        person = _by_listed(doc.lang)[match.group()]
        reported.add(match.start())
        yield Hit(
            match.start(),
            match.end(),
            Fix(match.start(), match.end(), person.established, safe=False),
            {"established": person.established},
        )
    for match in _FULL_NAME.finditer(doc.checked, overlapped=True):
        if match.start() in reported:
            continue
        given, surname = match.group(1), match.group(2)
        candidates = people.get(surname) or people.get(_skeleton(doc, surname)) or ()
        for person in candidates:
            written = f"{given} {surname}"
            if written in person.accepted or any(
                written.endswith(" " + a) and " " in a for a in person.accepted if a.count(" ") > 1
            ):
                break
            if written in person.flagged or _misspelled(person, given, surname):
                yield Hit(
                    match.start(),
                    match.end(),
                    Fix(match.start(), match.end(), person.established, safe=False),
                    {"established": person.established},
                )
                break


def _misspelled(person: _Person, given: str, surname: str) -> bool:
    if surname in person.surnames:  # the surname right: is the given name the established one's transliteration?
        established_given = person.established.split()[0]
        return (
            given != established_given
            and skeleton(given) == skeleton(established_given)
            and all(not a.startswith(given + " ") for a in person.accepted)
        )
    # the surname another spelling of the established one, after one of the person's given names
    return given in person.given and skeleton(surname) == person.surname_key and surname not in person.surnames
