"""langdetect's profiles read back from the user's cache: the tables DetectorFactory makes
of the JSON profiles, and detectors that answer exactly as ones built from the JSON do."""

from __future__ import annotations

import pytest

from mtcheck.language import identify, list_cache
from tests.conftest import SHARED, needs_shared, private_cache

DATA = SHARED / "data"
SOURCES = [
    DATA / "wmt22-cs-en" / "generaltest2022.cs-en.src.cs",
    DATA / "wmt22-de-en" / "generaltest2022.de-en.src.de",
    DATA / "wmt22-ja-en" / "generaltest2022.ja-en.src.ja",
    DATA / "wmt22-uk-en" / "generaltest2022.uk-en.src.uk",
    DATA / "wmt22-zh-en" / "generaltest2022.zh-en.src.zh",
    DATA / "wmt23-ru-en" / "generaltest2023.ru-en.src.ru",
]
# The sets detect_language asks: the usual sources, every Latin-script language (a Czech
# source), a source and its target, and the Chinese and Japanese profiles.
LANGUAGE_SETS = [
    tuple(sorted(identify.DEFAULT_LANGUAGES)),
    tuple(sorted({*identify.script_languages("Latin"), "en"})),
    ("en", "ru"),
    ("ja", "zh-cn", "zh-tw"),
]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    with private_cache(tmp_path, monkeypatch, list_cache.FOLDER) as entries:
        yield entries


def _from_json(languages: tuple[str, ...]):
    """A factory loaded as langdetect loads one: the JSON profiles, parsed and added up."""
    from langdetect.detector_factory import DetectorFactory

    profiles = identify._profile_folder()
    factory = DetectorFactory()
    factory.load_json_profile([(profiles / lang).read_text(encoding="utf-8") for lang in languages])
    factory.seed = identify.SEED
    return factory


def _probabilities(factory, text: str) -> list[tuple[str, float]]:
    detector = factory.create()
    detector.append(text)
    return [(candidate.lang, candidate.prob) for candidate in detector.get_probabilities()]


def _cached_factory(languages: tuple[str, ...]):
    return identify.LangdetectIdentifier(languages)._load()


@needs_shared(DATA)
@pytest.mark.parametrize("languages", LANGUAGE_SETS, ids=lambda languages: f"{len(languages)}-languages")
def test_the_cached_profiles_are_the_tables_langdetect_makes(folder, languages):
    built = _from_json(languages)
    _cached_factory(languages)  # made and written to the cache
    assert len(list(folder.iterdir())) == 1
    cached = _cached_factory(languages)  # read back
    assert cached.langlist == built.langlist
    assert list(cached.word_lang_prob_map) == list(built.word_lang_prob_map) and len(built.word_lang_prob_map) > 4000
    for gram, probabilities in built.word_lang_prob_map.items():  # unpacked as the detector asks for them
        assert cached.word_lang_prob_map[gram] == probabilities and type(cached.word_lang_prob_map[gram]) is list
        assert gram in cached.word_lang_prob_map
    assert "no such n-gram" not in cached.word_lang_prob_map


@needs_shared(DATA)
def test_detectors_from_the_cache_answer_as_detectors_from_the_profiles(folder):
    """The same probabilities, to the last bit, on the samples of the six WMT sources and on
    a few lines of each (short text is where close calls are)."""
    for languages in LANGUAGE_SETS:
        built = _from_json(languages)
        _cached_factory(languages)
        cached = _cached_factory(languages)
        assert cached.word_lang_prob_map is not built.word_lang_prob_map
        for source in SOURCES:
            text = source.read_text(encoding="utf-8")
            lines = text.splitlines()
            for sample in (text[:4000], *lines[:5], " ".join(lines[100:103])):
                try:
                    expected = _probabilities(built, sample)
                except Exception as error:  # no features: the cached one must fail alike
                    with pytest.raises(type(error)):
                        _probabilities(cached, sample)
                    continue
                assert _probabilities(cached, sample) == expected, (languages, source.name, sample[:60])


@needs_shared(DATA)
def test_detect_language_answers_as_without_the_cache(folder, monkeypatch):
    """detect_language over the cache (entries made, then read) gives the answers, with their
    probabilities, that it gives with the cache off (the profiles parsed on each run)."""
    texts = [source.read_text(encoding="utf-8") for source in SOURCES]

    def answers():
        identify.identifier.cache_clear()
        return [identify.detect_language(text) for text in texts]

    with_cache = [answers(), answers()]
    assert len(list(folder.iterdir())) >= 3
    monkeypatch.setenv("MTCHECK_CACHE_DIR", "off")
    without = answers()
    identify.identifier.cache_clear()
    assert with_cache == [without, without]
    assert [found[0] for found in without if found] == ["cs", "de", "ja", "uk", "zh", "ru"]
