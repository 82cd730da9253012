"""Language identification behind a small interface (langdetect by default).

langdetect is made deterministic with a fixed seed and loads only the profiles it needs,
which makes it both faster and more accurate on short text than with all 55 profiles: the
languages in play (the target and the source, or the usual sources), or, for text in none
of them, the languages written in the text's script. Profiles load on the first question,
so runs that never ask pay nothing (all 55 would cost half a second).
"""

from __future__ import annotations

import importlib.util
import sys
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from mtcheck.language.list_cache import cached_lists
from mtcheck.language.pattern_cache import compile_re

try:  # the optional native build: the profiles as one packed table (_ProfileTable)
    from mtcheck.language import native_tables
except ImportError:
    native_tables = None  # type: ignore[assignment]

if TYPE_CHECKING:  # neither library has type information: these names stand for Any
    import re

    from langdetect.detector_factory import DetectorFactory
    from py3langid.langid import LanguageIdentifier as Py3langidModel

# Languages asked about when the source is not known: the target's usual sources.
DEFAULT_LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "nl", "pl", "ru", "uk")
SEED = 0
# langdetect's profiles in scripts other than Latin; every other profile is Latin-script.
SCRIPT_PROFILES = {
    "Cyrillic": ("bg", "mk", "ru", "uk"),
    "Greek": ("el",),
    "Arabic": ("ar", "fa", "ur"),
    "Hebrew": ("he",),
    "CJK": ("ja", "ko", "zh-cn", "zh-tw"),
    "Thai": ("th",),
    "Devanagari": ("hi", "mr", "ne"),
    "Bengali": ("bn",),
    "Gurmukhi": ("pa",),
    "Gujarati": ("gu",),
    "Tamil": ("ta",),
    "Telugu": ("te",),
    "Kannada": ("kn",),
    "Malayalam": ("ml",),
    "Armenian": (),
    "Georgian": (),
}
# The first word of a letter's Unicode name -> its script as above ("CJK UNIFIED IDEOGRAPH-4E2D").
_SCRIPT_OF_NAME = {
    "LATIN": "Latin",
    "CYRILLIC": "Cyrillic",
    "GREEK": "Greek",
    "ARABIC": "Arabic",
    "HEBREW": "Hebrew",
    "CJK": "CJK",
    "HIRAGANA": "CJK",
    "KATAKANA": "CJK",
    "HANGUL": "CJK",
    "THAI": "Thai",
    "DEVANAGARI": "Devanagari",
    "BENGALI": "Bengali",
    "GURMUKHI": "Gurmukhi",
    "GUJARATI": "Gujarati",
    "TAMIL": "Tamil",
    "TELUGU": "Telugu",
    "KANNADA": "Kannada",
    "MALAYALAM": "Malayalam",
    "ARMENIAN": "Armenian",
    "GEORGIAN": "Georgian",
}


class LanguageIdentificationError(Exception):
    """A configured language identifier that cannot run here; str() is the one-line message."""


class LanguageIdentifier(Protocol):
    def ready(self) -> None:
        """Load what the identifier needs, if not loaded yet."""

    def probabilities(self, text: str) -> list[tuple[str, float]]:
        """Candidate languages of text with their probabilities, most likely first."""


class LangdetectIdentifier:
    name = "langdetect"

    def __init__(self, languages: tuple[str, ...]):
        self.languages = languages
        self._factory: DetectorFactory | None = None

    def _load(self) -> DetectorFactory:
        from langdetect.detector_factory import DetectorFactory

        factory = DetectorFactory()
        factory.langlist, factory.word_lang_prob_map = _profile_tables(self.languages)
        factory.seed = SEED  # langdetect samples at random: without a seed, answers change
        return factory

    def ready(self) -> None:
        if self._factory is None and len(self.languages) > 1:
            self._factory = self._load()

    def probabilities(self, text: str) -> list[tuple[str, float]]:
        from langdetect.lang_detect_exception import LangDetectException

        if len(self.languages) == 1:
            return [(self.languages[0], 1.0)]  # Greek, Hebrew: one language of the script (langdetect needs two)
        self.ready()
        assert self._factory is not None
        detector = self._factory.create()
        detector.append(text)
        try:
            return [(candidate.lang, candidate.prob) for candidate in detector.get_probabilities()]
        except LangDetectException:  # no usable features in the text
            return []


def _profile_tables(languages: tuple[str, ...]) -> tuple[list[str], _PackedProbabilities | _ProfileTable]:
    """What DetectorFactory.load_json_profile makes of these languages' profiles (its languages,
    and each n-gram's probability in each: word_lang_prob_map, held packed), read from the
    user's cache once a run has made it (mtcheck/language/list_cache.py): parsing the JSON
    profiles and adding them up cost 15 ms a language, and a Czech source asks for the 31
    Latin-script ones (80 ms, against 17-33 ms read back as a dict of 24,000 n-grams, and 8 ms
    as the native build's one table). The entry is named by the profiles and by the code that
    turns them into tables (langdetect's and this module)."""
    import langdetect.detector_factory
    import langdetect.utils.lang_profile

    profiles = _profile_folder()
    available = [profiles / lang for lang in languages if (profiles / lang).is_file()]
    code = (Path(langdetect.detector_factory.__file__), Path(langdetect.utils.lang_profile.__file__), Path(__file__))

    def build() -> tuple[list[str], dict[str, bytes]]:
        factory = langdetect.detector_factory.DetectorFactory()
        factory.load_json_profile([path.read_text(encoding="utf-8") for path in available])
        return factory.langlist, {
            gram: _packed(probabilities) for gram, probabilities in factory.word_lang_prob_map.items()
        }

    sources = (*code, *available)
    if native_tables is None:
        langlist, packed = cached_lists("langdetect-packed-profiles", sources, build)
        return langlist, _PackedProbabilities(packed)
    kind = f"langdetect-profile-table-{native_tables.FORMAT}"
    entry = cached_lists(kind, sources, lambda: _as_table(*build()))
    table = _ProfileTable.made(entry)
    if table is None:  # never an entry this module wrote: made again
        entry = _as_table(*build())
        table = _ProfileTable.made(entry)
        assert table is not None
    return entry[0], table


def _as_table(langlist: list[str], packed: dict[str, bytes]) -> tuple[list[str], list[bytes]]:
    """The profiles as the native build keeps them: the n-grams packed into one table whose
    value for each is its number, and every n-gram's floats (_packed), in that order, in one
    bytes object."""
    assert native_tables is not None
    return langlist, [native_tables.pack(list(packed), list(range(len(packed)))), b"".join(packed.values())]


def _packed(probabilities: list[float]) -> bytes:
    """The floats as little-endian doubles: the very values, in 8 bytes each."""
    packed = array("d", probabilities)
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tobytes()


def _unpacked(data: bytes) -> list[float]:
    unpacked = array("d", data)
    if sys.byteorder != "little":
        unpacked.byteswap()
    return unpacked.tolist()


class _PackedProbabilities(dict[str, "bytes | list[float]"]):
    """langdetect's n-gram -> each language's probability (DetectorFactory.word_lang_prob_map),
    held packed and unpacked when a detector first asks for the n-gram's list: a detection
    reads a few thousand of the 24,000 n-grams of the Latin-script profiles, and marshal reads
    24,000 strings of bytes three times faster than 750,000 floats. The detector asks `in` of
    the dict itself and gets each list by [] (this __getitem__), so it computes with the very
    floats the factory made (tests/test_identify_cache.py)."""

    def __getitem__(self, gram: str) -> list[float]:
        value = dict.__getitem__(self, gram)
        if isinstance(value, bytes):
            value = _unpacked(value)
            dict.__setitem__(self, gram, value)
        return value


class _ProfileTable:
    """word_lang_prob_map as _PackedProbabilities holds it, over the native build's packed
    table of the n-grams and one bytes object of their floats (the cache gives back three
    objects instead of 24,000 strings and 24,000 bytes): the detector asks `in` and [] alone,
    and gets the very floats, unpacked once per n-gram (tests/test_native_tables.py)."""

    __slots__ = ("_numbers", "_floats", "_width", "_unpacked")

    def __init__(self, numbers: Any, floats: bytes, width: int) -> None:
        self._numbers, self._floats, self._width = numbers, floats, width
        self._unpacked: dict[str, list[float]] = {}

    @classmethod
    def made(cls, entry: tuple) -> _ProfileTable | None:
        """The table of what _as_table made, or None for parts that do not fit together."""
        assert native_tables is not None
        if len(entry) != 2 or type(entry[0]) is not list or type(entry[1]) is not list or len(entry[1]) != 2:
            return None
        keys, floats = entry[1]
        width = 8 * len(entry[0])
        if not width or type(keys) is not bytes or type(floats) is not bytes or len(floats) % width:
            return None
        count = len(floats) // width
        try:
            numbers = native_tables.StringTable(keys, tuple(range(count)))
        except (ValueError, TypeError):
            return None
        return cls(numbers, floats, width) if len(numbers) == count else None

    def __contains__(self, gram: object) -> bool:
        return gram in self._numbers

    def __getitem__(self, gram: str) -> list[float]:
        found = self._unpacked.get(gram)
        if found is None:
            start = self._numbers[gram] * self._width
            found = self._unpacked[gram] = _unpacked(self._floats[start : start + self._width])
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._numbers)


class Py3langidIdentifier:
    """py3langid restricted to the languages in play (optional extra: pip install mtcheck[py3langid])."""

    name = "py3langid"

    def __init__(self, languages: tuple[str, ...]):
        self.languages = languages
        self._model: Py3langidModel | None = None

    def probabilities(self, text: str) -> list[tuple[str, float]]:
        self.ready()
        assert self._model is not None
        ranked = self._model.rank(text)
        return [(lang, float(prob)) for lang, prob in ranked[:3]]

    def ready(self) -> None:
        if self._model is None:
            try:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier
            except ImportError:
                raise LanguageIdentificationError(
                    "langid-backend = py3langid, but py3langid is not installed (pip install mtcheck[py3langid])"
                ) from None

            self._model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            # py3langid has one Chinese and lacks a few of langdetect's languages.
            wanted = {lang.split("-")[0] for lang in self.languages}
            self._model.set_languages(sorted(wanted & set(self._model.nb_classes)))


BACKENDS: dict[str, Callable[[tuple[str, ...]], LanguageIdentifier]] = {
    "langdetect": LangdetectIdentifier,
    "py3langid": Py3langidIdentifier,
}


# Bounded: a long-lived process (the server, the language server, an archive run) meets many
# sets of languages, and each identifier holds its profiles (2-11 MB); unbounded, memory grew
# with every new set (360 MB over 2,500 fuzzed inputs).
@lru_cache(maxsize=16)
def identifier(languages: tuple[str, ...], backend: str = "langdetect") -> LanguageIdentifier:
    return BACKENDS[backend](tuple(sorted(set(languages))))


def languages_in_play(target: str, source: str | None, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The target, the source when known, and otherwise the usual sources."""
    if source:
        return tuple(sorted({target, source, *extra}))
    return tuple(sorted({target, *DEFAULT_LANGUAGES, *extra}))


def script_letters(text: str) -> Counter:
    """How many letters of each script (Latin, Cyrillic, CJK...) the text holds, the scripts
    in the order their first letters come. Each distinct character is looked up once: naming
    every character was most of LI101's time on long sentences."""
    counts: Counter = Counter()
    for char, times in Counter(text).items():  # characters in the order they first come
        if char.isalpha():
            counts[_script_of(char)] += times
    return counts


@cache
def _script_of(letter: str) -> str:
    return _SCRIPT_OF_NAME.get(unicodedata.name(letter, "").split(" ", 1)[0], "other")


@cache
def script_languages(script: str) -> tuple[str, ...]:
    """The languages langdetect knows in a script: for Latin, every profile of no other script."""
    if script != "Latin":
        return SCRIPT_PROFILES.get(script, ())
    other = {lang for languages in SCRIPT_PROFILES.values() for lang in languages}
    return tuple(sorted(p.name for p in _profile_folder().iterdir() if p.name not in other))


def _profile_folder() -> Path:
    """langdetect's profile folder, found without importing langdetect (its import costs a
    run that never asks it 6 ms)."""
    spec = importlib.util.find_spec("langdetect")
    if spec is None or not spec.submodule_search_locations:
        import langdetect  # not installed, or not a package: the import says so, as it always did

        return Path(langdetect.__file__).parent / "profiles"
    return Path(spec.submodule_search_locations[0]) / "profiles"


def script_identifier(
    script: str, target: str, backend: str = "langdetect", text: str = ""
) -> LanguageIdentifier | None:
    """An identifier for text in no language in play: every language of its script (the
    target too, for Latin). None for a script langdetect knows no language of. CJK text is
    narrowed by what it holds: Hangul is Korean, kana Japanese, Han alone Chinese or Japanese."""
    languages = script_languages(script)
    if script == "CJK" and text:
        kinds = {unicodedata.name(char, "").split(" ", 1)[0] for char in text if char.isalpha()}
        languages = (
            ("ko",) if "HANGUL" in kinds else ("ja",) if kinds & {"HIRAGANA", "KATAKANA"} else ("ja", "zh-cn", "zh-tw")
        )
    if not languages:
        return None
    return identifier(tuple(sorted({*languages, target})) if script == "Latin" else languages, backend)


_SAMPLE_CHARS = 4000
# Compiled on first use. (Typed: the compiled build takes an unannotated None for a variable
# that only ever holds None, and raised at the first assignment of a pattern.)
_NOT_LANGUAGE: re.Pattern[str] | None = None


def detect_language(text: str, backend: str = "langdetect", min_probability: float = 0.8) -> tuple[str, float] | None:
    """The language of a whole text (a source article), or None when unsure. Links, numbers
    and markup are left out; a few thousand characters are plenty. The usual sources are
    asked first; a text in another script, or that none of them is sure of, goes to every
    language of its script (a Czech source is not Polish, a Japanese one not English)."""

    global _NOT_LANGUAGE
    if _NOT_LANGUAGE is None:
        _NOT_LANGUAGE = compile_re(r"https?://\S+|\S+@\S+|[#@]\w+|[\d_*#>`|\[\](){}<>=/\\-]+")
    sample = " ".join(_NOT_LANGUAGE.sub(" ", text[: _SAMPLE_CHARS * 2]).split())[:_SAMPLE_CHARS]
    if len(sample) < 20:
        return None
    scripts = script_letters(sample).most_common(1)
    script = scripts[0][0] if scripts else "Latin"
    ranked = identifier(DEFAULT_LANGUAGES, backend).probabilities(sample) if script == "Latin" else []
    if not ranked or ranked[0][1] < min_probability:
        wider = script_identifier(script, "en", backend)
        ranked = wider.probabilities(sample) if wider else []
    if not ranked or ranked[0][1] < min_probability:
        return None
    return ranked[0][0].split("-")[0], ranked[0][1]  # "zh-cn" is Chinese to the rest of mtcheck
