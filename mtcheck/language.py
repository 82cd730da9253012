"""Per-language facts used by the document model: abbreviations and sentence openers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

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
    stops_without_space: str = ""  # Chinese and Japanese: "。" ends a sentence with nothing after it
    quotations: tuple[str, ...] = ()  # opening and closing mark: stops inside do not end the sentence
    quote_continues: tuple[str, ...] = ()  # Japanese 「…。」と: a particle after the quotation goes on with it
    transliteration: tuple[tuple[str, str], ...] = ()  # lowercase letter -> Latin, for another script
    english_splits: tuple[tuple[int, float], ...] = ()  # how often one sentence becomes 2, 3... in English

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
        "".join(_strings(data.get("stops-without-space", []), path)),
        tuple(_strings(data.get("quotations", []), path)),
        tuple(_strings(data.get("quote-continues", []), path)),
        tuple((str(k), v) for k, v in _mapping(data.get("transliteration") or {}, path).items()),
        tuple((int(k), float(v)) for k, v in (data.get("english-splits") or {}).items()),
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


def _mapping(items: dict, path) -> dict[str, str]:
    for key, value in items.items():
        if not isinstance(value, str):
            raise ValueError(f"{path}: {key!r}: {value!r} is not a string (quote it)")
    return items


def available_languages() -> list[str]:
    """Target languages: those with rule packs of their own."""
    return sorted(p.name for p in rules_root().iterdir() if p.is_dir() and p.name != "common" and any(p.glob("*.yaml")))
