"""Per-language facts used by the document model: abbreviations and sentence openers."""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from mtcheck.language import number_model, pattern_cache
from mtcheck.language.list_cache import cached_lists
from mtcheck.language.number_model import NumberFormat
from mtcheck.language.pattern_cache import compile_re, longest_first
from mtcheck.language.resources import data_file, load_yaml, rules_root

_ABBREVIATION_KINDS = ("continuing", "numeric", "ambiguous")
_NON_WORD = compile_re(r"[^\w]+")


@dataclass(frozen=True)
class Language:
    """What the checks know of one language (rules/<lang>/data/language.yaml)."""

    code: str
    abbreviations: dict[str, str]  # token as written (no final full stop) -> kind
    sentence_starters: frozenset[str]
    function_words: frozenset[str] = frozenset()
    continuation_words: frozenset[str] = frozenset()  # go on with a sentence: "and", "of", "which"
    numbers: NumberFormat = NumberFormat()
    ordinal_dot: bool = False  # "am 3. Oktober": a number with a full stop is an ordinal
    length_vs_english: float = 1.0  # characters per character of the same text in English
    capitalised_nouns: bool = False  # German: a capital inside a sentence does not make a name
    name_titles: frozenset[str] = frozenset()  # "minister", "frau": what stands before a name
    stops_without_space: str = ""  # Chinese and Japanese: "。" ends a sentence with nothing after it
    quotations: tuple[str, ...] = ()  # opening and closing mark: stops inside do not end the sentence
    quote_continues: tuple[str, ...] = ()  # Japanese 「…。」と: a particle after the quotation goes on with it
    transliteration: tuple[tuple[str, str], ...] = ()  # lowercase letter -> Latin, for another script
    english_splits: tuple[tuple[int, float], ...] = ()  # how often one sentence becomes 2, 3... in English
    borrowed_phrases: frozenset[tuple[str, ...]] = frozenset()  # ("café", "au", "lait") and every stretch of it
    borrowed_whole: frozenset[tuple[str, ...]] = frozenset()  # ("café", "au", "lait"), ("et", "al"): whole phrases
    length_variance: float | None = None  # of the length difference per character; None: Gale and Church's
    # English characters per character of each script ("han", "kana", "latin", "digit", "other"):
    # when given, lengths are compared in these rather than by one ratio (Japanese).
    length_by_script: tuple[tuple[str, float], ...] = ()
    # Japanese "…iPhone6？という印象です": words that go on with a sentence after a question or
    # exclamation mark (a quoted question), so the mark ends no sentence there.
    mark_continues: tuple[str, ...] = ()
    # Czech "-tel" -> its case endings ("e", "ův"...): contracts capitalise such nouns.
    common_noun_endings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Languages whose words its text carries ("Новим Годом", "Доме Представителей": Russian
    # words in Ukrainian text): their frequent word forms are words here too, not names.
    mixed_with: tuple[str, ...] = ()
    # Czech "Vámi", "Váš": the polite pronoun, capitalised inside a sentence, is no name.
    polite_pronouns: frozenset[str] = frozenset()
    # Czech "ho", "ovými": what the language adds to a foreign name ("Ryeho", "Aschovými").
    name_endings: tuple[str, ...] = ()

    def abbreviation_kind(self, token: str) -> str | None:
        """'continuing', 'numeric' or 'ambiguous' for a token written before a full stop.

        Lowercase entries also match their capitalised form (sentence-initial "Approx.").
        Tokens with inner full stops (U.S, a.m, e.g) and single letters are 'ambiguous'.
        """
        kind = self.abbreviations.get(token)
        if kind is None and token[:1].isupper():
            kind = self.abbreviations.get(token[0].lower() + token[1:])
        if kind is None and ("." in token or (len(token) == 1 and token.isalpha())):
            kind = "ambiguous"
        return kind


@cache
def language(code: str) -> Language:
    path = data_file(code, "language.yaml")
    if not path.is_file():
        # Languages without their own data split on punctuation alone.
        return Language(code, {}, frozenset())
    # Kept in the user's cache (list_cache) as the values of its fields, named by the data
    # and by the code that makes them: a run reads a language's facts back instead of making
    # them again from the YAML (31 languages, 5 ms, on a check of an English text).
    sources = (path, Path(__file__), Path(number_model.__file__), Path(pattern_cache.__file__))  # longest_first
    fields, numbers = cached_lists(f"language-{code}", sources, lambda: _field_values(_read_language(code, path)))
    return Language(**fields, numbers=NumberFormat(**numbers))


def _field_values(facts: Language) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields of a Language (all but its numbers) and of its NumberFormat, by name."""
    values = {field.name: getattr(facts, field.name) for field in fields(Language) if field.name != "numbers"}
    return values, {field.name: getattr(facts.numbers, field.name) for field in fields(NumberFormat)}


def _read_language(code: str, path: Path) -> Language:
    data = load_yaml(path) or {}
    abbreviations: dict[str, str] = {}
    for kind in _ABBREVIATION_KINDS:
        for token in _strings(data.get("abbreviations", {}).get(kind, []), path):
            abbreviations.setdefault(token, kind)
    return Language(
        code,
        abbreviations,
        frozenset(_strings(data.get("sentence-starters", []), path)),
        frozenset(_strings(data.get("function-words", []), path)),
        frozenset(_strings(data.get("continuation-words", []), path)),
        _number_format(data.get("numbers") or {}, path),
        bool(data.get("ordinal-dot", False)),
        float(data.get("length-vs-english", 1.0)),
        bool(data.get("capitalised-nouns", False)),
        frozenset(_strings(data.get("name-titles", []), path)),
        "".join(_strings(data.get("stops-without-space", []), path)),
        tuple(_strings(data.get("quotations", []), path)),
        tuple(_strings(data.get("quote-continues", []), path)),
        tuple((str(k), v) for k, v in _mapping(data.get("transliteration") or {}, path).items()),
        tuple((int(k), float(v)) for k, v in (data.get("english-splits") or {}).items()),
        _stretches(_strings(data.get("borrowed-phrases", []), path)),
        _stretches(_strings(data.get("borrowed-phrases", []), path), whole=True),
        length_variance=float(data["length-variance"]) if "length-variance" in data else None,
        common_noun_endings=_endings(data.get("common-noun-endings") or {}, path),
        length_by_script=tuple((str(k), float(v)) for k, v in (data.get("length-by-script") or {}).items()),
        mark_continues=tuple(_strings(data.get("mark-continues", []), path)),
        mixed_with=tuple(_strings(data.get("mixed-with", []), path)),
        polite_pronouns=frozenset(_strings(data.get("polite-pronouns", []), path)),
        name_endings=tuple(sorted(_strings(data.get("name-endings", []), path), key=len, reverse=True)),
    )


def _endings(data: dict, path: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """An ending -> the endings of its case forms ("tel": ["e", "ův", ...])."""
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise ValueError(f"{path}: common-noun-endings: give each ending a list of case endings")
    return tuple((str(ending), tuple(_strings(forms, path))) for ending, forms in data.items())


def _stretches(phrases: list[str], whole: bool = False) -> frozenset[tuple[str, ...]]:
    """Every stretch of two or more words of each phrase (only the whole phrase if `whole`),
    lowercase, with and without accents."""
    import unicodedata

    found: set[tuple[str, ...]] = set()
    for phrase in phrases:
        for text in (phrase, unicodedata.normalize("NFKD", phrase).encode("ascii", "ignore").decode()):
            words = tuple(w for w in _NON_WORD.split(text.lower()) if w)
            if whole:
                found.add(words)
                continue
            found.update(words[i:j] for i in range(len(words)) for j in range(i + 2, len(words) + 1))
    return frozenset(found)


_NUMBER_KEYS = {
    "decimal",
    "group",
    "hour-marks",
    "time-words",
    "scales",
    "words",
    "endings",
    "century-words",
    "cjk",
    "eras",
    "converted-units",
    "compound-prefixes",
    "compound-heads",
    "compound-scales",
    "named",
    "numeral-words",
    "glued-scales",
    "scales-or-units",
    "minute-words",
    "round-words",
    "share-joiners",
    "quantity-phrases",
    "clock-before",
    "year-words",
}


def _number_format(data: dict, path: Path) -> NumberFormat:
    unknown = set(data) - _NUMBER_KEYS
    if unknown:
        raise ValueError(f"{path}: numbers: unknown key {sorted(unknown)[0]!r}")
    words = _values(data.get("words") or {}, path)
    return NumberFormat(
        decimal=data.get("decimal", "."),
        group=tuple(_strings(data.get("group", [","]), path)),
        scales=_values(data.get("scales") or {}, path),
        time_words=frozenset(w.lower() for w in _strings(data.get("time-words", []), path)),
        hour_marks=tuple(_strings(data.get("hour-marks", [":"]), path)),
        words={w: v for w, v in words.items() if not w.endswith("*")},
        stems={w[:-1]: v for w, v in words.items() if w.endswith("*")},
        endings=tuple(sorted(_strings(data.get("endings", []), path), key=longest_first)),
        century_words=frozenset(w.lower() for w in _strings(data.get("century-words", []), path)),
        cjk=bool(data.get("cjk", False)),
        eras={str(k): float(v) for k, v in (data.get("eras") or {}).items()},
        converted_units={str(k).lower(): float(v) for k, v in (data.get("converted-units") or {}).items()},
        compound_prefixes=_values(data.get("compound-prefixes") or {}, path),
        compound_heads=tuple(w.lower() for w in _strings(data.get("compound-heads", []), path)),
        round_words=tuple(_strings(data.get("round-words", []), path)),
        minute_words=tuple(w.lower() for w in _strings(data.get("minute-words", []), path)),
        compound_scales={str(k).lower(): float(v) for k, v in (data.get("compound-scales") or {}).items()},
        named=tuple(_strings(data.get("named", []), path)),
        numeral_words=tuple(sorted(_strings(data.get("numeral-words", []), path), key=longest_first)),
        glued_scales=_values(data.get("glued-scales") or {}, path),
        scales_or_units=frozenset(w.lower() for w in _strings(data.get("scales-or-units", []), path)),
        share_joiners=tuple(w.lower() for w in _strings(data.get("share-joiners", []), path)),
        quantity_phrases=_values(data.get("quantity-phrases") or {}, path),
        clock_before=_values(data.get("clock-before") or {}, path),
        year_words=frozenset(w.lower() for w in _strings(data.get("year-words", []), path)),
    )


def _values(data: dict, path: Path) -> dict[str, float]:
    """Words and their values, given either way: `{zwei: 2}`, or `{2: [два, двух, втор*]}`
    for a value with many forms (a final * takes any of the language's `endings`); a value may
    be a fraction (`1/3: [третина]`)."""
    values: dict[str, float] = {}
    for key, value in data.items():
        if isinstance(value, list):
            for word in _strings(value, path):
                values[word.lower()] = _number(key, path)
        else:
            values[str(key).lower()] = _number(value, path)
    return values


def _number(value: object, path: Path) -> float:
    numerator, slash, denominator = str(value).partition("/")
    try:
        return float(numerator) / float(denominator) if slash else float(numerator)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{path}: {value!r} is not a number") from None


def _strings(items: list, path: Path) -> list[str]:
    # YAML reads unquoted No, On, Yes as booleans: a silent loss of "No." as an abbreviation.
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"{path}: {item!r} is not a string (quote it)")
    return items


def _mapping(items: dict, path: Path) -> dict[str, str]:
    for key, value in items.items():
        if not isinstance(value, str):
            raise ValueError(f"{path}: {key!r}: {value!r} is not a string (quote it)")
    return items


@cache
def identifiable_languages() -> frozenset[str]:
    """Languages langdetect has a profile for ("zh-cn" and "zh-tw" are "zh"), read from its
    profile folder without importing it."""
    spec = importlib.util.find_spec("langdetect")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    folder = Path(spec.submodule_search_locations[0]) / "profiles"
    return frozenset(name.split("-")[0] for name in os.listdir(folder)) if folder.is_dir() else frozenset()


@cache
def source_languages() -> frozenset[str]:
    """Languages a text can be translated from as far as mtcheck can tell: those langdetect
    identifies (untranslated text is found in all of them) and those with data in rules/."""
    return identifiable_languages() | {p.name for p in rules_root().iterdir() if p.is_dir() and p.name != "common"}


def source_language(code: str) -> str:
    """The code mtcheck uses for a source language ("ZH-cn" -> "zh"), or ValueError naming
    the languages it knows."""
    normal = code.strip().lower().replace("_", "-").split("-")[0]
    if normal not in source_languages():
        raise ValueError(f"unknown language {code!r} (known: {', '.join(sorted(source_languages()))})")
    return normal


def available_languages() -> list[str]:
    """Target languages: those with rule packs of their own."""
    return sorted(p.name for p in rules_root().iterdir() if p.is_dir() and p.name != "common" and any(p.glob("*.yaml")))
