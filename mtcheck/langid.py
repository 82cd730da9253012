"""Language identification behind a small interface (langdetect by default).

langdetect is made deterministic with a fixed seed and loads only the profiles of the
languages in play, which makes it both faster and more accurate on short text than with
all 55 profiles. Profiles load on the first question, so runs that never ask pay nothing.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Protocol

# Languages asked about when the source is not known: the target's usual sources.
DEFAULT_LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "nl", "pl", "ru", "uk")
SEED = 0


class LanguageIdentificationError(Exception):
    """A configured language identifier that cannot run here; str() is the one-line message."""


class LanguageIdentifier(Protocol):
    def probabilities(self, text: str) -> list[tuple[str, float]]:
        """Candidate languages of text with their probabilities, most likely first."""


class LangdetectIdentifier:
    name = "langdetect"

    def __init__(self, languages: tuple[str, ...]):
        self.languages = languages
        self._factory = None

    def _load(self):
        import langdetect
        from langdetect.detector_factory import DetectorFactory

        profiles = Path(langdetect.__file__).parent / "profiles"
        factory = DetectorFactory()
        available = [lang for lang in self.languages if (profiles / lang).is_file()]
        factory.load_json_profile([(profiles / lang).read_text(encoding="utf-8") for lang in available])
        factory.seed = SEED  # langdetect samples at random: without a seed, answers change
        return factory

    def probabilities(self, text: str) -> list[tuple[str, float]]:
        from langdetect.lang_detect_exception import LangDetectException

        if self._factory is None:
            self._factory = self._load()
        detector = self._factory.create()
        detector.append(text)
        try:
            return [(candidate.lang, candidate.prob) for candidate in detector.get_probabilities()]
        except LangDetectException:  # no usable features in the text
            return []


class Py3langidIdentifier:
    """py3langid restricted to the languages in play (optional extra: pip install mtcheck[py3langid])."""

    name = "py3langid"

    def __init__(self, languages: tuple[str, ...]):
        self.languages = languages
        self._model = None

    def probabilities(self, text: str) -> list[tuple[str, float]]:
        if self._model is None:
            try:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier
            except ImportError:
                raise LanguageIdentificationError(
                    "langid-backend = py3langid, but py3langid is not installed (pip install mtcheck[py3langid])"
                ) from None

            self._model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            self._model.set_languages(list(self.languages))
        ranked = self._model.rank(text)
        return [(lang, float(prob)) for lang, prob in ranked[:3]]


BACKENDS = {"langdetect": LangdetectIdentifier, "py3langid": Py3langidIdentifier}


@lru_cache(maxsize=None)
def identifier(languages: tuple[str, ...], backend: str = "langdetect") -> LanguageIdentifier:
    return BACKENDS[backend](tuple(sorted(set(languages))))


def languages_in_play(target: str, source: str | None, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The target, the source when known, and otherwise the usual sources."""
    if source:
        return tuple(sorted({target, source, *extra}))
    return tuple(sorted({target, *DEFAULT_LANGUAGES, *extra}))



_SAMPLE_CHARS = 4000
_NOT_LANGUAGE = None  # compiled on first use


def detect_language(text: str, backend: str = "langdetect", min_probability: float = 0.8) -> tuple[str, float] | None:
    """The language of a whole text (a source article), or None when unsure. Links, numbers
    and markup are left out; a few thousand characters are plenty."""
    import re

    global _NOT_LANGUAGE
    if _NOT_LANGUAGE is None:
        _NOT_LANGUAGE = re.compile(r"https?://\S+|\S+@\S+|[#@]\w+|[\d_*#>`|\[\](){}<>=/\\-]+")
    sample = " ".join(_NOT_LANGUAGE.sub(" ", text[: _SAMPLE_CHARS * 2]).split())[:_SAMPLE_CHARS]
    if len(sample) < 20:
        return None
    ranked = identifier(DEFAULT_LANGUAGES, backend).probabilities(sample)
    if not ranked or ranked[0][1] < min_probability:
        return None
    return ranked[0]
