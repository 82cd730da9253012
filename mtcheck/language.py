"""Per-language facts used by the document model: abbreviations and sentence openers."""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mtcheck.numbers import NumberFormat
from mtcheck.resources import data_file, load_yaml, rules_root

_ABBREVIATION_KINDS = ("continuing", "numeric", "ambiguous")


@dataclass(frozen=True)
class Language:
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


@lru_cache(maxsize=None)
def language(code: str) -> Language:
    path = data_file(code, "language.yaml")
    if not path.is_file():
        # Languages without their own data split on punctuation alone.
        return Language(code, {}, frozenset())
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
    )


def _number_format(data: dict, path) -> NumberFormat:
    unknown = set(data) - {"decimal", "group", "hour-marks", "time-words", "scales", "words"}
    if unknown:
        raise ValueError(f"{path}: numbers: unknown key {sorted(unknown)[0]!r}")
    return NumberFormat(
        decimal=data.get("decimal", "."),
        group=tuple(_strings(data.get("group", [","]), path)),
        scales={str(k).lower(): float(v) for k, v in (data.get("scales") or {}).items()},
        time_words=frozenset(w.lower() for w in _strings(data.get("time-words", []), path)),
        hour_marks=tuple(_strings(data.get("hour-marks", [":"]), path)),
        words={str(k).lower(): float(v) for k, v in (data.get("words") or {}).items()},
    )


def _strings(items: list, path) -> list[str]:
    # YAML reads unquoted No, On, Yes as booleans: a silent loss of "No." as an abbreviation.
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"{path}: {item!r} is not a string (quote it)")
    return items


@lru_cache(maxsize=None)
def identifiable_languages() -> frozenset[str]:
    """Languages langdetect has a profile for ("zh-cn" and "zh-tw" are "zh"), read from its
    profile folder without importing it."""
    spec = importlib.util.find_spec("langdetect")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    folder = Path(spec.submodule_search_locations[0]) / "profiles"
    return frozenset(name.split("-")[0] for name in os.listdir(folder)) if folder.is_dir() else frozenset()


@lru_cache(maxsize=None)
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
