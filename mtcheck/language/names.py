"""Frozen name and word data (built by scripts/build_name_data.py), loaded once, on demand."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice, repeat
from pathlib import Path
from typing import Any

from mtcheck.language.list_cache import cached_lists
from mtcheck.language.pattern_cache import compile_re
from mtcheck.language.resources import data_file
from mtcheck.language.string_tables import cached_tables
from mtcheck.language.table_cache import cached_table
from mtcheck.language.word_table import WordTable

# Shared with scripts/build_name_data.py, which freezes the data with them.
AMBIGUOUS_ZIPF = 3.5  # a lowercase dictionary word this frequent is ordinary English
COMMON_ZIPF = 3.0  # rarer words are never "common"
MODERN_ZIPF = 4.0  # a word missing from the 1934 dictionary this frequent may be a common word

_FIRST_WORD = compile_re(r"[^ '’-]*")  # compiled once: re.split's cache lookup for 8,000 names cost more than the split
# Where a name's key goes on to another word: the first character of each separator a name
# match allows between words (" ", "-", "'" for "’", ". "), as the key joins them.
_WORD_SEPARATOR = compile_re(r"[ '.-]")


@dataclass(frozen=True, slots=True)
class Name:
    """A gazetteer entry: the name as news style writes it, its category and ambiguity."""

    name: str  # as news style writes it
    category: str  # place, organisation, person, nationality, language, calendar, listed
    # 0: no English word in lowercase; 1: a word, but mostly this name ("china"); 2: a word,
    # and the name is little known ("erode"); 3: a common word, the name well known ("turkey").
    ambiguity: int = 0

    @property
    def ambiguous(self) -> bool:
        return self.ambiguity > 0


class Gazetteer:
    """Lowercase name (one or more words) -> Name, looked up as sets, never as one big regex.

    Entries stay as the data file's text ("Kyiv\tplace\t0") until looked up: building
    8,000 objects at every start would cost more than checking an article. The entries may be
    a packed table (string_tables), which is read-only: the Names made are kept beside it.
    """

    def __init__(
        self,
        entries: Mapping[str, str | Name],
        first_words: Collection[str] | None = None,
        prefixes: Collection[str] | None = None,
        longest: int | None = None,
    ):
        self.entries = entries
        self.first_words = _first_words(entries) if first_words is None else first_words
        # Every key cut before a separator ("the", "united", "indo"): a key not among them
        # starts no longer name, so a match need not read further words.
        self.prefixes = _prefixes(entries) if prefixes is None else prefixes
        self.longest = _longest(entries) if longest is None else longest  # in words
        self._made: dict[str, Name] = {}  # the Names made of entries looked up

    def get(self, key: str) -> Name | None:
        made = self._made.get(key)
        if made is not None:
            return made
        entry = self.entries.get(key)
        if isinstance(entry, str):
            name, category, ambiguity = entry.split("\t")
            entry = self._made[key] = Name(name, category, int(ambiguity))
        return entry

    def extended(self, names: Iterable[str], lexicon: Lexicon) -> Gazetteer:
        """A copy with a project's own proper nouns (category 'listed') taking precedence."""
        entries = dict(self.entries)
        for name in names:
            for key in dict.fromkeys((name.lower(), fold(name))):
                entries[key] = Name(name, "listed", 3 if lexicon.ambiguous(key) else 0)
        return Gazetteer(entries)


class Lexicon:
    """English words that are used in lowercase, with their wordfreq Zipf frequency."""

    def __init__(self, words: Mapping[str, str]):
        self.words = words  # word -> "zipf\tkind" (English) or "zipf", parsed when asked (a dict or a packed table)

    def zipf(self, word: str) -> float:
        """The word's Zipf frequency (0 for words rarer than the data file keeps)."""
        entry = self.words.get(word)
        return float(entry.split("\t", 1)[0]) if entry else 0.0

    def is_common(self, word: str) -> bool:
        """Is this lowercase word ordinary English, so that its capitalised twin is no evidence?

        The data file holds the common words; those marked P ("russia") are dictionary
        words that running text nevertheless writes capitalised: names, not words."""
        entry = self.words.get(word)
        return entry is not None and not entry.endswith("\tP")

    def ambiguous(self, key: str) -> bool:
        """Could this lowercase name be ordinary English (as scripts/build_name_data.py decides)?"""
        tokens = [t for t in key.replace("-", " ").split() if t not in ("of", "the", "and")]
        return bool(tokens) and all(self._frequent_dictionary_word(t) for t in tokens)

    def _frequent_dictionary_word(self, word: str) -> bool:
        # Only dictionary words: "korea" (a name absent from the dictionary) keeps "north korea" a name.
        entry = self.words.get(word)
        if entry is None or "\t" not in entry:
            return False
        zipf, kind = entry.split("\t")
        return kind == "L" and float(zipf) >= AMBIGUOUS_ZIPF


def _first_words(entries: Iterable[str]) -> set[str]:
    """The first word of each name as the text splits words: "indo-pacific" starts with "indo"."""
    return {_FIRST_WORD.match(key).group() for key in entries}  # type: ignore[union-attr]


def _longest(entries: Iterable[str]) -> int:
    """The words of the longest name (8,000 names counted in C, 1 ms: kept with the starts)."""
    return max(map(str.count, entries, repeat(" ")), default=0) + 1


def _prefixes(entries: Iterable[str]) -> set[str]:
    """The keys of the longer names cut before each separator: "united states of america"
    gives "united", "united states", "united states of"."""
    return {key[: found.start()] for key in entries for found in _WORD_SEPARATOR.finditer(key) if found.start()}


def fold(text: str) -> str:
    """Lowercase without diacritics ("Sánchez" -> "sanchez")."""
    if text.isascii():
        return text.lower()  # what decomposing and composing again leaves of it
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return unicodedata.normalize("NFC", decomposed.translate(_WITHOUT_COMBINING))


class _CombiningMarks(dict[int, int | None]):
    """str.translate's table that drops the combining marks (a character's decision made once,
    not once a character of every text folded: a whole translation is folded in SR107)."""

    def __missing__(self, code: int) -> int | None:
        kept = self[code] = None if unicodedata.combining(chr(code)) else code
        return kept


_WITHOUT_COMBINING = _CombiningMarks()


def data_table(language: str, name: str) -> dict[str, str]:
    """First column -> the rest of the line, for a tab-separated data file (empty if absent);
    read from the user's cache once a run has split it (mtcheck/language/list_cache.py)."""
    path = data_file(language, name)
    (table,) = cached_lists(f"table-{language}-{name}", (path,), lambda: (_split_table(path),))
    return table


def _split_table(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    table = dict(line.split("\t", 1) for line in lines if line and line[0] != "#")
    # One object per distinct value ("3.47\tL" stands for 300 words): marshal writes the others
    # as references, and the cache reads back 1,500 strings for the lexicon's values, not 27,000.
    distinct: dict[str, str] = {}
    return {key: distinct.setdefault(value, value) for key, value in table.items()}


@cache
def gazetteer(language: str) -> Gazetteer:
    path = data_file(language, "names.tsv")
    (entries,) = cached_tables(f"names-{language}", (path,), lambda: (_split_table(path),))
    first_words, prefixes, (longest,) = cached_tables(
        f"name-starts-2-{language}", (path,), lambda: (_first_words(entries), _prefixes(entries), [_longest(entries)])
    )
    return Gazetteer(entries, first_words, prefixes, longest)


def _frequencies(language: str, name: str = "word-frequencies.tsv") -> dict[str, str]:
    """word -> zipf from a file of "zipf<TAB>word word ..." lines (empty if absent): one
    dict.fromkeys per frequency, several times faster to load than a line per word."""
    words: dict[str, str] = {}
    for zipf, group in _frequency_groups(language, name):
        words.update(dict.fromkeys(group, zipf))
    return words


def _frequency_groups(language: str, name: str) -> Iterator[tuple[str, list[str]]]:
    path = data_file(language, name)
    if not path.is_file():
        return
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    for line in lines:
        if line and line[0] != "#":
            zipf, _, group = line.partition("\t")
            yield zipf, group.split(" ")


@cache
def lexicon(language: str) -> Lexicon:
    files = (*word_list_files(language), Path(__file__))  # (the code: German's words get their "ß" back)
    (words,) = cached_tables(f"lexicon-{language}", files, lambda: (_lexicon_entries(language),))
    return Lexicon(words)


def _lexicon_entries(language: str) -> dict[str, str]:
    words = data_table(language, "common-words.tsv") or _frequencies(language)
    _spell_eszett(language, words)
    return words


def _spell_eszett(language: str, words: dict[str, Any]) -> None:
    if language == "de":
        # wordfreq case-folds "ß" to "ss": give the words back their spelling ("straße", "großen").
        words.update({w.replace("ss", "ß"): v for w, v in list(words.items()) if "ss" in w})


class Frequencies:
    """A language's word list as the untranslated-text checks ask it, when the language is
    not the target: is a word on it, and how frequent is it. Held as a WordTable (8 bytes a
    word instead of about 90: every language's list together is 2 MB, not 21)."""

    def __init__(self, words: WordTable, commonest: tuple[str, ...]):
        self.words = words  # word -> Zipf frequency in hundredths
        self.commonest = commonest  # the first COMMONEST words of the list, most frequent first

    def zipf(self, word: str) -> float:
        """As Lexicon.zipf: 0 for words rarer than the data file keeps."""
        hundredths = self.words.get(word)
        return hundredths / 100 if hundredths else 0.0  # a correctly rounded division: the file's float


COMMONEST = 100  # at least the words untranslated.py takes as a language's phrase words (PHRASE_WORDS)


@cache
def word_frequencies(language: str) -> Frequencies:
    """The language's word list (as lexicon() reads it), compact: for languages other than the target."""

    def build() -> tuple[WordTable, tuple[str, ...]]:
        hundredths = _hundredths(language)
        return WordTable.of(hundredths), tuple(islice(hundredths, COMMONEST))

    return Frequencies(*cached_table(f"zipf-{language}", word_list_files(language), build))  # "de" read with its "ß"


def word_list_files(language: str) -> tuple[Path, Path]:
    """The files a language's word list is read from (lexicon(), word_frequencies()): what a
    cache entry made of the list is named by."""
    return data_file(language, "common-words.tsv"), data_file(language, "word-frequencies.tsv")


def _hundredths(language: str) -> dict[str, int]:
    """word -> Zipf frequency in hundredths, as _lexicon_entries reads the list, with the
    value of each line parsed once, not once a word."""
    entries = data_table(language, "common-words.tsv")  # English: "zipf<TAB>kind" a word
    if entries:
        parsed = {entry: round(100 * float(entry.split("\t", 1)[0])) for entry in set(entries.values())}
        words = {word: parsed[entry] for word, entry in entries.items()}
    else:
        words = {}
        for zipf, group in _frequency_groups(language, "word-frequencies.tsv"):
            words.update(dict.fromkeys(group, round(100 * float(zipf))))
    _spell_eszett(language, words)
    return words


@cache
def short_words(language: str) -> frozenset[str]:
    """Rare English words of three or four letters that the lexicon leaves out ("molt",
    "serf"): rules/<lang>/data/short-words.tsv (scripts/build_short_words.py); empty if absent.
    To ask about a few words, is_short_word is cheaper (no set of 9,000 words)."""
    return _words_on_a_line(language, "short-words.tsv")


def is_short_word(language: str, word: str) -> bool:
    """`word in short_words(language)`, by bisection of the file's one line of words, which
    scripts/build_short_words.py writes sorted (tests/test_short_words.py holds it): a document
    asks about a few words, and the set of them all cost 6 M instructions to build."""
    line = _sorted_line(language, "short-words.tsv")
    if line is None:  # not one plain sorted line: the set
        return word in short_words(language)
    return _in_sorted_line(line, word)


def is_lowercase_word(language: str, word: str) -> bool:
    """Is `word` a rare word of five letters or more that running text writes in lowercase at
    least as often as capitalised ("resuscitation", "cadres")? rules/<lang>/data/lowercase-words.tsv
    (scripts/build_short_words.py), one line per initial: only the line of the word's initial
    is split into a set, when a rule first asks about such a word."""
    initial = word[:1]
    line = _plain_lowercase_line(language, initial)
    if line is None:  # not a plain sorted line: the set
        return word in _lowercase_words_starting(language, initial)
    return _in_sorted_line(line, word)


@cache
def _lowercase_words_starting(language: str, initial: str) -> frozenset[str]:
    return frozenset(_lowercase_word_lines(language).get(initial, "").split())


@cache
def _plain_lowercase_line(language: str, initial: str) -> str | None:
    """The initial's line as _in_sorted_line reads it, when it is one plain line of words
    (as _sorted_line's); None otherwise. scripts/build_short_words.py writes each line sorted
    (tests/test_short_words.py holds it): a document asks about a word or two, and the set of
    a letter's 3,000 words cost 3 M instructions to build."""
    line = _lowercase_word_lines(language).get(initial, "")
    words = line[:-1] if line[-1:] == "\n" else line  # (the line as iterating the file gave it)
    if not words:
        return "  "  # no word: split() gives none, and _in_sorted_line finds none
    if not words.isprintable() or "  " in words or words != words.strip(" "):
        return None
    return f" {words} "


@cache
def _lowercase_word_lines(language: str) -> dict[str, str]:
    path = data_file(language, "lowercase-words.tsv")
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8") as handle:
        return {line[0]: line for line in handle if line[0] != "#"}


def _words_on_a_line(language: str, name: str) -> frozenset[str]:
    """The words of a frozen list written on one line under its # header; empty if absent."""
    path = data_file(language, name)
    if not path.is_file():
        return frozenset()
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().split("\n")  # the lines iterating the file gives ("" after the last)
    # One split in C of the lines joined, not a generator step a word: 20,000 first names.
    return frozenset(" ".join(line for line in lines if line[:1] != "#").split())


@cache
def first_names(language: str) -> frozenset[str]:
    """First names of many countries, lowercased ("max", "kiril", "yosyp"):
    rules/<lang>/data/first-names.tsv (scripts/build_first_names.py); empty if absent.
    To ask about a few words, is_first_name is cheaper (no set of 20,000 names)."""
    return _words_on_a_line(language, "first-names.tsv")


def is_first_name(language: str, word: str) -> bool:
    """`word in first_names(language)`, by bisection of the file's one line of names, which
    scripts/build_first_names.py writes sorted (tests/test_name_data.py holds it): a document
    asks about a hundred words, and the set of 20,000 names cost 30 M instructions to build."""
    line = _sorted_line(language, "first-names.tsv")
    if line is None:  # not one plain sorted line: the set
        return word in first_names(language)
    return _in_sorted_line(line, word)


def _in_sorted_line(line: str, word: str) -> bool:
    """Is `word` one of the words of " word word ... word " (single spaces, sorted as Python
    compares strings, nothing else split() takes for whitespace), as `in` its set would say?"""
    if not word or word != word.strip() or not word.isprintable() or " " in word:
        return False  # a list made by split() holds no whitespace and no empty word
    low, high = 0, len(line) - 1  # spaces: the words between them are the ones left to search
    while high - low > 1:
        space = line.rfind(" ", low, (low + high) // 2 + 1)  # before the middle word (low at worst)
        end = line.find(" ", space + 1, high + 1)
        middle = line[space + 1 : end]
        if middle == word:
            return True
        if middle < word:
            low = end
        else:
            high = space
    return False


@cache
def _sorted_line(language: str, name: str) -> str | None:
    """The words of a list written on one line under its # header, as " word word ... word ":
    when that line has single spaces between words and nothing else that str.split() takes
    for whitespace (then its words are the list's words); None otherwise or when absent.
    Read from the user's cache once a run has checked it (mtcheck/language/list_cache.py):
    checking 160 KB of names, character by character, cost 10 M instructions a process."""
    path = data_file(language, name)
    (line,) = cached_lists(f"sorted-line-{language}-{name}", (path, Path(__file__)), lambda: (_checked_line(path),))
    return line[0] if line else None


def _checked_line(path: Path) -> list[str]:
    """[_sorted_line's answer], or [] for None."""
    if not path.is_file():
        return []
    with open(path, encoding="utf-8") as handle:
        lines = [line for line in handle.read().split("\n") if line[:1] != "#"]
    words = [line for line in lines if line]
    if len(words) != 1 or not words[0].isprintable() or "  " in words[0] or words[0] != words[0].strip(" "):
        return []
    return [f" {words[0]} "]


@cache
def frequent_forms(language: str) -> Lexicon:
    """The common words of a source language with its 25,000 commonest word forms
    (rules/<lang>/data/frequent-words.tsv for ru, uk, cs, pl: they decline names and words
    alike), kept apart from the lists that identify untranslated text. Read from the user's
    cache once a run has merged them (mtcheck/language/list_cache.py): splitting the lists
    again cost each process 20 ms."""
    files = (data_file(language, "frequent-words.tsv"), *word_list_files(language), Path(__file__))
    (words,) = cached_lists(f"frequent-forms-{language}", files, lambda: (_frequent_form_entries(language),))
    return Lexicon(words)


def _frequent_form_entries(language: str) -> dict[str, str]:
    return {**_frequencies(language, "frequent-words.tsv"), **_lexicon_entries(language)}


@cache
def rarer_forms(language: str) -> frozenset[str]:
    """Word forms rarer than frequent_forms() keeps, for languages whose contracts and headings
    capitalise common nouns ("Objednatele": the Customer): rules/<lang>/data/rarer-words.tsv
    (scripts/build_name_data.py); empty if absent."""
    return frozenset(word for _, group in _frequency_groups(language, "rarer-words.tsv") for word in group)


@cache
def less_frequent_forms(language: str) -> frozenset[str]:
    """Word forms below frequent_forms() down to Zipf 2.5 ("штурмовики", "pařez"), names among
    them (wordfreq folds case): rules/<lang>/data/less-frequent-words.tsv
    (scripts/build_name_data.py); empty if absent."""
    return frozenset(word for _, group in _frequency_groups(language, "less-frequent-words.tsv") for word in group)


class WordsByInitial:
    """A big word list, asked `in` as its frozenset is: held as one string of the words of each
    first letter (what the user cache keeps), each made a set when a word of its letter is
    first asked about."""

    def __init__(self, joined: dict[str, str]):
        self._joined = joined  # first letter ("" for the empty word) -> its words joined by "\n"
        self._sets: dict[str, frozenset[str]] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        initial = word[:1]
        words = self._sets.get(initial)
        if words is None:
            joined = self._joined.get(initial)
            words = self._sets[initial] = frozenset() if joined is None else frozenset(joined.split("\n"))
        return word in words


@cache
def less_frequent_lookup(language: str) -> WordsByInitial:
    """`in less_frequent_forms(language)`, without making the set of them all (200,000 Czech
    forms: 40 ms a process, for a document that asks about a few dozen words). The words come
    from lines of a file, so none holds a line break: joined by one, they split back as they
    were."""
    path = data_file(language, "less-frequent-words.tsv")
    (joined,) = cached_lists(
        f"less-frequent-by-initial-{language}",
        (path, Path(__file__)),
        lambda: (_by_initial(less_frequent_forms(language)),),
    )
    return WordsByInitial(joined)


def _by_initial(words: Iterable[str]) -> dict[str, str]:
    grouped: dict[str, list[str]] = {}
    for word in words:
        grouped.setdefault(word[:1], []).append(word)
    return {initial: "\n".join(group) for initial, group in grouped.items()}


@cache
def name_words(language: str) -> Mapping[str, str]:
    """Lowercase word -> "upper" or "capital", for words running text nearly always
    capitalises (rules/<lang>/data/name-words.tsv; empty where there is none)."""
    path = data_file(language, "name-words.tsv")
    (table,) = cached_tables(f"name-words-{language}", (path,), lambda: (_name_words(language),))
    return table


@cache
def name_words_are_letters(language: str) -> bool:
    """all(map(str.isalpha, name_words(language))), kept in the user's cache: 21,000 words
    asked cost 8 M instructions a process."""
    path = data_file(language, "name-words.tsv")
    (letters,) = cached_lists(
        f"name-word-letters-{language}",
        (path, Path(__file__)),
        lambda: ([all(map(str.isalpha, name_words(language)))],),
    )
    return bool(letters[0])


def _name_words(language: str) -> dict[str, str]:
    groups = data_table(language, "name-words.tsv")
    table = dict.fromkeys(groups.get("capital", "").split(), "capital")
    table.update(dict.fromkeys(groups.get("upper", "").split(), "upper"))
    return table


def usual_form(word: str, kind: str) -> str:
    """The form of a name word: "NHL" (upper) or "Lamborghini" (capital)."""
    return word.upper() if kind == "upper" else word[:1].upper() + word[1:]


@cache
def contested_words(language: str) -> dict[str, bool] | None:
    """Common words of the language at least as frequent in another -> whether they lean to
    it (scripts/build_name_data.py); None without the data file."""
    path = data_file(language, "contested-words.tsv")
    # (kept in the user's cache as made: the table's strings made booleans cost 2.6 M instructions a process)
    (leaning,) = cached_lists(f"contested-{language}", (path, Path(__file__)), lambda: (_leaning(language),))
    return leaning or None


def _leaning(language: str) -> dict[str, bool]:
    return {word: leans == "1" for word, leans in data_table(language, "contested-words.tsv").items()}


@lru_cache(maxsize=64)
def project_gazetteer(language: str, proper_nouns: tuple[str, ...]) -> Gazetteer:
    base = gazetteer(language)
    return base.extended(proper_nouns, lexicon(language)) if proper_nouns else base
