"""LI1xx: text left in another language than the target.

Language identification must not dominate run time, so it is asked only about sentences
that a cheap test cannot settle: a sentence with enough of the target language's commonest
words is the target language. Names (capitalised words inside a sentence), numbers and
datelines are left out of what the identifier sees, since they belong to no language.

Any language langdetect knows can be found: a sentence whose words lean to a language in
play (the source, or the usual sources) goes to an identifier of those few languages, as
it is surer on short text; one made mostly of words the target does not know, leaning to
no language in play, goes to the languages its words lean to (frozen word lists of 24
Latin-script languages) and those mtcheck has no word list for; a sentence mostly in
another script (Cyrillic, CJK...) to the languages of that script.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from functools import cache, lru_cache, partial
from itertools import chain, compress, islice, repeat
from operator import and_, is_not, rshift
from typing import TYPE_CHECKING, Any, NamedTuple

from mtcheck.checks import provides, source_language
from mtcheck.checks.encoding import cyrillic_page_repaired
from mtcheck.engine.budget import untimed
from mtcheck.engine.findings import Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.engine.settings import Settings
from mtcheck.language.identify import (
    LanguageIdentifier,
    identifier,
    languages_in_play,
    script_identifier,
    script_languages,
    script_letters,
)
from mtcheck.language.list_cache import cached_lists
from mtcheck.language.names import (
    Frequencies,
    Lexicon,
    contested_words,
    gazetteer,
    is_lowercase_word,
    lexicon,
    word_frequencies,
    word_list_files,
)
from mtcheck.language.pattern_cache import compile_pattern, compile_re
from mtcheck.language.profiles import language as language_data
from mtcheck.language.resources import rules_root
from mtcheck.language.string_tables import among
from mtcheck.language.word_index import WordIndex, cached_index
from mtcheck.language.word_table import word_key
from mtcheck.text.blocks import Block
from mtcheck.text.document import Document, Sentence
from mtcheck.text.words import (
    Word,
    is_title_like,
    native_words,
    sentence_body_starts,
    sentence_words,
    text_words,
)

if TYPE_CHECKING:
    import regex

# Every language langdetect knows (its codes), for the messages.
LANGUAGE_NAMES = {
    "af": "Afrikaans",
    "ar": "Arabic",
    "bg": "Bulgarian",
    "bn": "Bengali",
    "ca": "Catalan",
    "cs": "Czech",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "gu": "Gujarati",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "kn": "Kannada",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mk": "Macedonian",
    "ml": "Malayalam",
    "mr": "Marathi",
    "ne": "Nepali",
    "nl": "Dutch",
    "no": "Norwegian",
    "pa": "Punjabi",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "so": "Somali",
    "sq": "Albanian",
    "sv": "Swedish",
    "sw": "Swahili",
    "ta": "Tamil",
    "te": "Telugu",
    "th": "Thai",
    "tl": "Tagalog",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "zh": "Chinese",
}
STRANGER_SHARE = 0.5  # a sentence with at least this share of words the target does not know may be in any language
NAME_WORDS = 4  # a name, title or slogan kept in its script in quotes or brackets has no more words
PHRASE_WORDS = 60  # a language without its own function words: its commonest words stand in for them
_SCRIPT_NAMES = (
    "Cyrillic",
    "Greek",
    "Arabic",
    "Hebrew",
    "Han",
    "Hiragana",
    "Katakana",
    "Hangul",
    "Thai",
    "Devanagari",
    "Bengali",
    "Gurmukhi",
    "Gujarati",
    "Tamil",
    "Telugu",
    "Kannada",
    "Malayalam",
    "Armenian",
    "Georgian",
)
# Letters only: Hebrew gershayim ("״X Factor״") and other marks of a script are punctuation.
_LETTER_OF_SCRIPT = "(?:(?=[\\p{L}\\p{M}])[" + "".join(rf"\p{{{name}}}" for name in _SCRIPT_NAMES) + "])"
_FOREIGN_SCRIPT = compile_pattern(rf"{_LETTER_OF_SCRIPT}+(?:[ '’״׳-]+{_LETTER_OF_SCRIPT}+)*")
# Blocks of those scripts, as a plain character class: one fast scan tells whether the
# article has any such character before the exact pattern runs.
_FOREIGN_SCRIPT_BLOCKS = compile_re(
    "[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0900-\u0d7f\u0e00-\u0e7f"
    "\u10a0-\u10ff\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
_OPEN_AROUND = "(“\"«‘'["
_CLOSE_AROUND = ")”\"»’']"


def _has_other_scripts(doc: Document) -> bool:
    """Has the article a character of those scripts? (Asked by LI101 and LI103: one scan.)"""
    found = doc.cache.get("other_scripts")
    if found is None:
        # Every character of those scripts is beyond Latin, and the word split has already
        # found where those are: a look at each (none, in most English) instead of a scan.
        beyond = text_words(doc)[3]
        if beyond is None:
            found = _FOREIGN_SCRIPT_BLOCKS.search(doc.checked) is not None
        else:
            found = any(map(partial(_FOREIGN_SCRIPT_BLOCKS.match, doc.checked), beyond))
        doc.cache["other_scripts"] = found
    return found


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def _settings(doc: Document) -> Settings | None:
    return doc.context.settings if doc.context else None


def _in_play(doc: Document) -> tuple[str, ...]:
    return languages_in_play(doc.lang, source_language(doc))


def _backend(doc: Document) -> str:
    settings = _settings(doc)
    return getattr(settings, "langid_backend", None) or "langdetect"


def _probes(doc: Document) -> list[list[str]]:
    cached = doc.cache.get("language_probes")
    if cached is None:
        # A dateline ("BRUSSELS, Nov. 8 (AFP) –") belongs to no language: left out.
        cached = doc.cache["language_probes"] = [
            probe(_after(words, body_start))
            for body_start, words in zip(sentence_body_starts(doc), sentence_words(doc))
        ]
    return cached


class _Tallies(NamedTuple):
    """How many words of each sentence's probe (a list of counts, one a sentence)..."""

    known: list[int]  # ...the target's lexicon knows
    function: list[int]  # ...are the target's function words
    leaning: list[int]  # ...it knows and lean to another language (contested_words)


_FEW_WORDS = 100  # distinct words of a document that _tallies weighs one by one (about the function words' count)


def _tallies(doc: Document) -> _Tallies:
    """Each sentence's probe counted once for LI101 and LI102 (cached on the document): each
    distinct word of the article weighed once, the three counts packed into one number so
    that one sum (map, in C) counts them all, not a sum and a list a sentence for each rule."""
    cached = doc.cache.get("language_tallies")
    if cached is not None:
        return cached
    probes = _probes(doc)
    known = lexicon(doc.lang).words
    leaning = contested_words(doc.lang) or {}
    weights = dict.fromkeys(chain.from_iterable(probes), 0)
    function_words = doc.language.function_words
    # A count never exceeds its sentence's length: fields this wide cannot carry into each other.
    width = max(map(len, probes), default=0).bit_length()
    if len(weights) <= _FEW_WORDS:
        # A short document's few words weighed one by one: the same weights as the set
        # operations below, which walk every function word and cost more than the words.
        function_bit, leaning_bit = 1 << width, 1 << 2 * width
        for token in weights:
            weight = (1 + leaning_bit if leaning.get(token) else 1) if token in known else 0
            weights[token] = weight + function_bit if token in function_words else weight
    else:
        in_lexicon = among(weights.keys(), known)
        weights.update(dict.fromkeys(in_lexicon, 1))
        for token in weights.keys() & function_words:
            weights[token] += 1 << width
        for token in leaning.keys() & in_lexicon:
            if leaning[token]:
                weights[token] += 1 << 2 * width
    packed = _sums_of(weights, probes)
    mask = repeat((1 << width) - 1)
    cached = doc.cache["language_tallies"] = _Tallies(
        list(map(and_, packed, mask)),
        list(map(and_, map(rshift, packed, repeat(width)), mask)),
        list(map(rshift, packed, repeat(2 * width))),
    )
    return cached


def _sums_of(weights: dict[str, int], lists: list[list[str]]) -> list[int]:
    """sum(map(weights.__getitem__, words)) for each list of words: in C with the native build
    (a Python call a word, some 30,000 on a 190 KB article, was 15 M instructions)."""
    if native_words is not None:
        return native_words.sums_of(weights, lists)
    return list(map(sum, map(map, repeat(weights.__getitem__), lists)))


def _after(words: list[Word], start: int) -> list[Word]:
    return words if not words or words[0].start >= start else [w for w in words if w.start >= start]


def probe(words: list[Word]) -> list[str]:
    """What the identifier may see of a sentence: its words without names, numbers and
    the letters split off by apostrophes ("Wagner's")."""
    # A Word's fields unpacked, not read one by one: a named tuple's attribute is a descriptor
    # call each, and every word of the article passes here (tests/test_untranslated.py holds the order).
    if native_words is not None:
        return native_words.probe(words)
    return [
        lower
        for _, _, text, initial, capitalised, lower in words
        if len(text) > 1 and text.isalpha() and (initial or not capitalised)
    ]


def plainly_target(tokens: list[str], function_words: frozenset[str], share: float = 0.2) -> bool:
    # (map over the method: counted in C, as for every sentence of the article)
    return bool(function_words) and sum(map(function_words.__contains__, tokens)) >= share * len(tokens)


def _plainly_target_words(
    tokens: list[str], words_of_target: Lexicon, function_words: frozenset[str], leaning: dict[str, bool] | None = None
) -> bool:
    """Most words are ordinary words of the target, and some are its commonest (a short
    sentence need not have any: "Okay, understood."): no need to ask. In a short sentence three
    words that lean to another language say more than the target's web text knowing them:
    "Es ist ein Jahr her" is four known words of English web text, and German."""
    known = words_of_target.words
    common = sum(map(known.__contains__, tokens))
    if len(tokens) <= 5:
        # the target's own function words lean nowhere ("How do you do": "do" is Portuguese too)
        leaning_away = sum(bool(leaning.get(t)) and t not in function_words for t in tokens) if leaning else 0
        return common >= 0.8 * len(tokens) and not (leaning_away >= 3 and 2 * leaning_away >= len(tokens))
    return common >= 0.8 * len(tokens) and plainly_target(tokens, function_words, 0.15)


def _plainly_target_tally(words: int, known: int, function: int, function_words: frozenset[str]) -> bool:
    """_plainly_target_words of a probe of more than five words, from its tallies."""
    return known >= 0.8 * words and bool(function_words) and function >= 0.15 * words


def _hides_nouns(
    doc: Document, words: list[Word], tokens: list[str], words_of_target: Lexicon, function_words: frozenset[str]
) -> bool:
    """A short sentence plainly the target only without its capitalised words, which are
    neither target words nor names ("Schauen Sie am Ende des Angebotes in die Tabelle")."""
    if len(words) <= len(tokens) + 1 or is_title_like(doc, words):
        return False
    return not _plainly_target_words(_probe_with_nouns(doc, words), words_of_target, function_words)


def _probe_with_nouns(doc: Document, words: list[Word]) -> list[str]:
    """The probe plus capitalised words that are neither target words, known names nor
    acronyms: German capitalises its nouns, and without them a German sentence can be too
    short to judge."""
    names = gazetteer(doc.lang)
    words_of_target = lexicon(doc.lang)
    return [
        w.lower
        for w in words
        if len(w.text) > 1
        and w.text.isalpha()
        and (
            w.initial
            or not w.capitalised
            or not (w.text.isupper() or words_of_target.is_common(w.lower) or names.get(w.lower))
        )
    ]


def sentence_languages(doc: Document, min_words: int, min_probability: float) -> list[tuple[str, float] | None]:
    """For each sentence, (language, probability) when it is confidently not the target
    language, else None (cached on the document)."""
    cache_key = ("sentence_languages", min_words, min_probability)
    cached = doc.cache.get(cache_key)
    if cached is not None:
        return cached
    function_words = doc.language.function_words
    words_of_target = lexicon(doc.lang)
    leaning = contested_words(doc.lang)
    other_scripts = _has_other_scripts(doc)
    result: list[tuple[str, float] | None] = []
    # (the tallies count the probes as they are: not those a foreign script is taken out of)
    tallies = zip(*_tallies(doc)[:2]) if not other_scripts else repeat(None)
    for sentence, words, tokens, tally in zip(doc.sentences, sentence_words(doc), _probes(doc), tallies):
        if other_scripts:
            written = _in_other_script(doc, sentence)
            if written:
                result.append(written)
                continue
            tokens = [t for t in tokens if not _FOREIGN_SCRIPT_BLOCKS.match(t)]  # a name in its script is LI103's
        if tally is not None and len(tokens) > 5:
            if _plainly_target_tally(len(tokens), *tally, function_words):
                result.append(None)
                continue
        elif (
            tokens
            and _plainly_target_words(tokens, words_of_target, function_words, leaning)
            and not (len(tokens) <= 5 and _hides_nouns(doc, words, tokens, words_of_target, function_words))
        ):
            result.append(None)
            continue
        result.append(_latin_language(doc, words, tokens, min_words, min_probability))
    doc.cache[cache_key] = result
    return result


def _latin_language(
    doc: Document, words: list[Word], tokens: list[str], min_words: int, min_probability: float
) -> tuple[str, float] | None:
    """The language of a sentence in the target's script when it is confidently another one."""
    if len(set(tokens)) < min_words:
        # Too short without capitalised words: add the nouns, unless it is nearly all
        # names or a title ("Zeiss VisuCard Pocket Magnifier Reading Aid"), or unless they
        # are another language's nouns ("Welche Gutscheine???", "Filmsuche Hilfe bitte").
        judged = len(tokens) >= 2 and not is_title_like(doc, words)
        tokens = (
            _probe_with_nouns(doc, words)
            if judged or (tokens and _nouns_of_another_language(doc, words, tokens))
            else []
        )
    distinct = list(dict.fromkeys(tokens))  # a sentence of one word said twice is too short ("Ok, ok.")
    if len(distinct) < min_words and not (len(distinct) == min_words - 1 and _all_foreign(doc, distinct)):
        return None
    if _marked_short_sentence(distinct, doc.lang):
        # Every Latin-script language is asked.
        return _ask(doc, tuple(sorted({doc.lang, *_word_lists(), *_unlisted()})), tokens, min_probability)
    in_play = _in_play(doc)
    lists, beyond = _lists_to_ask(doc, tokens, in_play)
    foreign, native, votes = _lean(doc, tokens, lists)
    language = max(votes, key=votes.__getitem__) if votes else ""
    # Beyond the languages in play, names and rare words of the target must not pass for a
    # language: the words lean to one, or half of them are lowercase words the target does
    # not know (names are capitalised, even where they count as first words: "Kasama (Ibaraki)").
    strangers = _lowercase_strangers(words, lexicon(doc.lang).words) if beyond else 0
    unknown = beyond and strangers >= max(3, len(distinct) / 2)
    if (foreign < 2 and not unknown) or (not beyond and foreign < native):
        return None  # its words lean to the target: no need to ask the identifier
    plain = _plain_target_words(distinct, doc.lang) if beyond else 0
    if beyond and plain >= len(distinct) / (2 if unknown else 3) and not (plain == 1 and foreign >= 2):
        # A target sentence with a run of foreign words in it: LI102's. One plain word among
        # foreign ones is the other language's ("Nebyla by zapotřebí?": "by" is Czech too).
        return None
    leaning_nowhere = sum(votes.values()) < strangers  # unknown words most lists do not know either
    short = len(tokens) < 6
    if short:
        one_way = votes.get(language, 0) if beyond else foreign
        # Two such words do when one language has every vote and the rest is known to no list
        # ("Filmsuche Hilfe bitte": a compound beyond the list), where the identifier reads
        # English into a few German words.
        rest_unknown = len(votes) == 1 and one_way + _unknown_anywhere(distinct, lists, doc.lang) >= len(distinct)
        if not native and one_way >= (2 if rest_unknown else 3):
            # Every word that says anything says another language (the same one, when every
            # word list had a say): the word lists are surer than the identifier on so few words.
            return language, 0.95
        if not is_title_like(doc, words) or _nouns_of_another_language(doc, words, tokens):
            tokens = _probe_with_nouns(doc, words)  # a short foreign sentence: give it its nouns
            votes = _lean(doc, tokens, lists)[2]  # and let them vote ("gibt es da Probleme?")
    if beyond:
        # The languages the words lean to, and those with no word list to lean to: on a long
        # sentence, or a short one whose unknown words mostly lean nowhere ("Ta pöördus väikese
        # naeratusega poole", Estonian).
        leaned = sorted(votes, key=votes.__getitem__, reverse=True)[: len(votes) if short else 2]
        unlisted = _unlisted() if not (short and votes) or leaning_nowhere else ()
        answer = _ask(doc, tuple(sorted({doc.lang, *leaned, *unlisted})), tokens, min_probability)
    else:
        answer = _ask(doc, in_play, tokens, min_probability)
    # Not the target language is what matters; which other one is only for the message.
    # On a short sentence the identifier guesses ("Ah ok I see." is Dutch to it, garbled
    # output anything), and beyond the languages in play it is asked about any text: there
    # two words at least must lean to its answer, or a long sentence be mostly words the
    # target does not know, or a short one have two words in letters the target never
    # writes ("Předvánoční Česko terorizuje").
    if answer is None:
        return None
    top = answer[0]
    if (short or beyond) and not (votes.get(top, 0) >= 2 and 2 * votes[top] >= max(votes.values())):
        # A language without a word list cannot have votes: half the words unknown must do.
        evidence = (
            (_in_foreign_letters(distinct, doc.lang) >= 2 or (unknown and top in _unlisted())) if short else unknown
        )
        if not (beyond and evidence):
            return None
    return answer


def _marked_short_sentence(distinct: list[str], target: str) -> bool:
    """A short sentence of words the target mostly does not know, one of them at least in a
    letter it never writes, and none a plain word of it ("Dlouho tu nepršelo.", "Jak cvičí
    dirigent?"): a language whose words the frozen lists, its commonest only, do not reach,
    so that no list can lean them."""
    known = lexicon(target).words
    unknown = sum(t not in known for t in distinct)
    return (
        len(distinct) < 6
        and unknown >= 2
        and 3 * unknown >= 2 * len(distinct)
        and _plain_target_words(distinct, target) == 0
        and any(char not in _own_letters(target) for token in distinct for char in token)
    )


def _ask(
    doc: Document, languages: tuple[str, ...], tokens: list[str], min_probability: float
) -> tuple[str, float] | None:
    """The identifier's answer among these languages, with the probability that the words are
    not the target's, when it is confidently another language; else None."""
    ranked = _loaded(identifier(languages, _backend(doc))).probabilities(" ".join(tokens))
    target = sum(p for lang, p in ranked if lang == doc.lang)
    others = [(lang, p) for lang, p in ranked if lang != doc.lang]
    if not others or target > 1 - min_probability or others[0][1] < 0.5:
        return None
    return others[0][0], 1 - target


def _unknown_anywhere(tokens: list[str], languages: tuple[str, ...], target: str) -> int:
    """How many words neither the target nor any of the languages' lists know."""
    others = _source_lexicons(tuple(lang for lang in languages if lang != target))
    known = lexicon(target).words
    return sum(t not in known and not any(others.zipfs(t)) for t in tokens)


def _nouns_of_another_language(doc: Document, words: list[Word], tokens: list[str]) -> bool:
    """The capitalised words the probe leaves out, beyond names and the target's words, are
    mostly words of another language in play, and so is one of the probe's own words: German
    capitalises its nouns, so a short German line looks like a title or like names ("Filmsuche
    Hilfe bitte", "Welche Gutscheine???"). A list of people is names ("Julia Voth, America Olivo")."""
    added = [t for t in _probe_with_nouns(doc, words) if t not in tokens]
    if not added:
        return False
    others = _source_lexicons(tuple(lang for lang in _in_play(doc) if lang != doc.lang))
    known = lexicon(doc.lang).words

    def elsewhere(token: str) -> bool:
        return any(others.zipfs(token))

    if not any(t not in known and elsewhere(t) for t in tokens) or 2 * sum(map(elsewhere, added)) <= len(added):
        return False
    # Names lean every way ("Olivo" Italian, "Julia" German); a language's nouns lean to it.
    votes = _lean(doc, tokens + added, _in_play(doc))[2]
    return bool(votes) and max(votes.values()) >= max(2, 0.75 * sum(votes.values()))


def _in_foreign_letters(tokens: list[str], target: str) -> int:
    """How many words have a letter that no common word of the target has ("ř", "ş", "ő")."""
    alphabet = _alphabet(target)
    return sum(any(char not in alphabet for char in token) for token in tokens)


@cache
def _alphabet(language: str) -> frozenset[str]:
    """The letters of the language's common words, kept in the user's cache as the word lists
    are (a set of the 200,000 letters of the English list cost 3 ms a run)."""

    def build() -> tuple[set[str]]:
        return (set("".join(lexicon(language).words)),)

    (letters,) = cached_lists(f"alphabet-{language}", word_list_files(language), build)
    return frozenset(letters)


_ALPHABET_WORDS = 3  # common words that must use a letter for it to be the language's own


@cache
def _own_letters(language: str) -> frozenset[str]:
    """The letters the language's common words use; not one that only a name or two of the
    list brings in ("í" of "garcía", "ü" of "müller"), as "é" of "café" and "cliché" is."""
    counts = Counter(char for word in lexicon(language).words for char in set(word))
    return frozenset(char for char, count in counts.items() if count >= _ALPHABET_WORDS)


def _lists_to_ask(doc: Document, tokens: list[str], in_play: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    """The word lists that judge a sentence, and whether it is in a language beyond those in
    play. Mostly words the target does not know, or that lean away from it ("der", "des"),
    may be any language: when every word list together leans them to one not in play
    (Czech, Turkish...), they all judge it."""
    known = lexicon(doc.lang).words
    leaning = contested_words(doc.lang) or {}
    strangers = sum(t not in known or leaning.get(t, False) for t in tokens)
    # Three strangers at least; two in a sentence of three words ("Případ proto řeší PČR.").
    if strangers >= min(3, len(tokens) - 1) >= 2 and strangers >= STRANGER_SHARE * len(tokens):
        votes = _lean(doc, tokens, _word_lists())[2]
        # Leaning to a language not in play, or hardly leaning at all: most words are unknown
        # to every list, as in a language mtcheck has no list of (Estonian, Albanian...).
        if max(votes, key=votes.__getitem__, default="") not in in_play or 2 * sum(votes.values()) < strangers:
            return _word_lists(), True
    return tuple(lang for lang in in_play if lang != doc.lang), False


def _plain_target_words(tokens: list[str], target: str) -> int:
    """Words of the target that lean to no other language ("minister", "said", "money")."""
    known, leaning = lexicon(target).words, contested_words(target) or {}
    return sum(t in known and not leaning.get(t, False) for t in tokens)


def _lowercase_strangers(words: list[Word], known: Mapping[str, str]) -> int:
    """How many different words written in lowercase the target does not know."""
    return len(
        {w.lower for w in words if not w.capitalised and len(w.text) > 1 and w.text.isalpha() and w.lower not in known}
    )


def _in_other_script(doc: Document, sentence: Sentence) -> tuple[str, float] | None:
    """(language, probability) for a sentence written mostly in a script the target does
    not use: two words of it at least, or four CJK characters, outweighing its Latin letters.
    Words kept in quotes or brackets (a name in its script) do not count, as for LI103."""
    start, block = doc.sentence_start(sentence), doc.blocks[sentence.block]
    written = " ".join(
        m.group()
        for m in _FOREIGN_SCRIPT.finditer(doc.checked, start, sentence.end)
        if not _kept_as_name(doc, block, m)
    )
    letters = script_letters(written)
    script, count = max(letters.items(), key=lambda item: item[1], default=("", 0))
    weight = 2 * count if script == "CJK" else count  # a CJK character says as much as a word
    sentence_text = doc.checked[start : sentence.end]
    latin = script_letters(sentence_text).get("Latin", 0)
    if weight <= latin or count < 4 or doc.lang in script_languages(script):
        return None
    if script == "Cyrillic" and script_letters(cyrillic_page_repaired(sentence_text)).get(script, 0) < 4:
        return None  # mojibake (MT701 reports it), not Russian
    if script != "CJK" and len(written.split()) < 2:
        return None  # a word, not a sentence: LI103 reports it
    asked = script_identifier(script, doc.lang, _backend(doc), written)
    if asked is None:
        return None
    _loaded(asked)
    # "zh-cn" and "zh-tw" are both Chinese.
    shares: dict[str, float] = {}
    for lang, p in asked.probabilities(written):
        shares[lang.split("-")[0]] = shares.get(lang.split("-")[0], 0.0) + p
    best = max(shares.items(), key=lambda item: item[1], default=None)
    return best if best and best[1] >= 0.5 else None


@cache
def _unlisted() -> tuple[str, ...]:
    """Latin-script languages langdetect knows and mtcheck has no word list of (Estonian, Albanian...)."""
    return tuple(sorted(set(script_languages("Latin")) - set(_word_lists())))


_WORD_LIST = os.path.join("data", "word-frequencies.tsv")


@cache
def _word_lists() -> tuple[str, ...]:
    """Every language with a frozen word list (rules/<lang>/data/word-frequencies.tsv, and
    English's common-words.tsv)."""
    root = rules_root()
    # a listing and a stat a language (pathlib's glob cost a millisecond a run)
    listed = (name for name in os.listdir(root) if os.path.exists(os.path.join(root, name, _WORD_LIST)))
    return tuple(sorted({"en", *listed}))


def _all_foreign(doc: Document, tokens: list[str]) -> bool:
    """Every word is a word of another language in play and none of the target ("gute matratze")."""
    target = lexicon(doc.lang)
    if any(t in target.words for t in tokens):
        return False
    others = _source_lexicons(tuple(lang for lang in _in_play(doc) if lang != doc.lang))
    return all(any(others.zipfs(t)) for t in tokens)


def _lean(doc: Document, tokens: list[str], languages: tuple[str, ...]) -> tuple[int, int, dict[str, int]]:
    """(words more frequent in another of the languages than in the target, words more
    frequent in the target, how many of the first kind each language has): "also an die
    gestellt" leans German, "it greets harmonizing vegan" English."""
    target = lexicon(doc.lang)
    if _cannot_lean(tokens, target, contested_words(doc.lang)):
        return 0, len(tokens), {}
    others = _source_lexicons(tuple(lang for lang in languages if lang != doc.lang))
    foreign = native = 0
    votes: dict[str, int] = {}
    for token in tokens:
        here = target.zipf(token)
        zipfs = others.zipfs(token)
        best = max(range(len(zipfs)), key=zipfs.__getitem__, default=None)  # (the first of the most frequent)
        elsewhere = zipfs[best] if best is not None else 0.0
        if best is not None and elsewhere > here + 0.5:  # (no other list: 0.0 is never above a Zipf + 0.5)
            foreign += 1
            language = others.languages[best]
            votes[language] = votes.get(language, 0) + 1
        elif here > elsewhere:
            native += 1
    return foreign, native, votes


def _cannot_lean(tokens: list[str], target: Lexicon, contested: dict[str, bool] | None) -> bool:
    """Settled without the other languages' lists: fewer words that might lean away (unknown
    or leaning) than two, or than the words that are surely the target's own."""
    if contested is None:
        return False
    known = target.words
    may_lean = sum(t not in known or contested.get(t, False) for t in tokens)
    surely_native = sum(t in known and t not in contested for t in tokens)
    return may_lean < 2 or may_lean < surely_native


_SENTENCE_OPTIONS: dict[str, Any] = {"min-words": 3, "min-probability": 0.9}


@provides("language", "code", "probability", "target", options=_SENTENCE_OPTIONS)
def untranslated_sentences(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A sentence in another language; a paragraph when all its sentences are."""
    found = sentence_languages(doc, rule.options["min-words"], rule.options["min-probability"])
    if not any(found):
        return  # every sentence is the target's (most articles): no paragraph to gather
    by_block: dict[int, list[int]] = {}
    for index, sentence in enumerate(doc.sentences):
        by_block.setdefault(sentence.block, []).append(index)
    for indices in by_block.values():
        foreign = [result for i in indices if (result := found[i])]
        if len(indices) > 1 and len(foreign) == len(indices) and len({code for code, _ in foreign}) == 1:
            code = foreign[0][0]
            probability = min(p for _, p in foreign)
            yield _hit(doc, doc.sentences[indices[0]].start, doc.sentences[indices[-1]].end, code, probability)
            continue
        for i in indices:
            if result := found[i]:
                yield _hit(doc, doc.sentences[i].start, doc.sentences[i].end, *result)


def _foreign_sentences(doc: Document) -> list[tuple[str, float] | None]:
    """The sentences the untranslated-sentence rule reports, with that rule's options as the
    pack or the user set them: the article-language and word-run checks agree with it."""
    rules = doc.context.ruleset.rules if doc.context else ()
    rule = _sentence_rule(rules)
    options = rule.options if rule is not None else _SENTENCE_OPTIONS  # untranslated_sentences' defaults
    return sentence_languages(doc, options["min-words"], options["min-probability"])


# The list of rules last searched, its length then, and its first untranslated-sentence rule.
_SENTENCE_RULE: list[Any] = [(), 0, None]


def _sentence_rule(rules: list[Any] | tuple[()]) -> PythonRule | None:
    """The first of the rules whose check is untranslated_sentences, searched once per list of
    rules (a run's ruleset), not once per document: every document of a run has the same list,
    which nothing changes in place (its length is compared, should anything append to it)."""
    searched, length, rule = _SENTENCE_RULE
    if searched is not rules or length != len(rules):
        rule = next((r for r in rules if getattr(r, "function", None) is untranslated_sentences), None)
        _SENTENCE_RULE[:] = [rules, len(rules), rule]
    return rule


def _hit(doc: Document, start: int, end: int, code: str, probability: float) -> Hit:
    return Hit(
        start,
        end,
        data={
            "language": language_name(code),
            "code": code,
            "probability": f"{probability:.2f}",
            "target": language_name(doc.lang),
        },
    )


@provides("language", "target", "share", options={"min-share": 0.6, "min-words": 20})
def article_language(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """The whole article is in another language: one finding instead of hundreds."""
    probes = _probes(doc)
    words_per_sentence = [len(sentence) for sentence in probes]
    total = sum(words_per_sentence)
    if total < rule.options["min-words"] or _plainly_target_article(probes, total, doc.language.function_words):
        return
    found = _foreign_sentences(doc)
    shares: dict[str, int] = {}
    for language, count in zip(found, words_per_sentence):
        if language:
            shares[language[0]] = shares.get(language[0], 0) + count
    if not shares:
        return
    code, count = max(shares.items(), key=lambda item: item[1])
    if count >= rule.options["min-share"] * total:
        first = doc.blocks[0] if doc.blocks else None
        start, end = (first.start, first.end) if first else (0, 0)
        yield Hit(
            start,
            end,
            data={
                "language": language_name(code),
                "target": language_name(doc.lang),
                "share": f"{100 * count // total}%",
            },
        )


def _plainly_target_article(probes: list[list[str]], total: int, function_words: frozenset[str]) -> bool:
    """plainly_target of all the article's words at a share of 0.08, counted sentence by
    sentence: an article in the target has the share in its first few sentences already."""
    if not function_words:
        return False
    needed = 0.08 * total
    found = 0
    for tokens in probes:
        if found >= needed:
            return True
        found += sum(map(function_words.__contains__, tokens))
    return found >= needed


class _WordLists:
    """The word lists of those of some languages that have one, in their order, each read when
        first asked for: a check asks few of them for themselves (reading all two dozen cost 5 ms
        of a WMT reference's check). What they all say of one word (zipfs) comes from the index of
        them (_lists_index) where the cache keeps one. Read as a mapping of language to list: its
    languages iterated, a list by its language, or every (language, list) pair (items)."""

    def __init__(self, languages: tuple[str, ...]):
        self.languages = tuple(language for language in languages if _has_word_list(language))
        self._read: dict[str, Frequencies] = {}
        self._asked_index = False
        self._index: WordIndex | None = None
        self._by_number: list[int] = []  # a position in self.languages, by the number in the index

    def __getitem__(self, language: str) -> Frequencies:
        found = self._read.get(language)
        if found is None:
            if language not in self.languages:
                raise KeyError(language)
            # Once per process, and 0.5 s on a first run, which builds the cache: not this document's work.
            with untimed():
                found = self._read[language] = word_frequencies(language)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.languages)

    def __len__(self) -> int:
        return len(self.languages)

    def items(self) -> list[tuple[str, Frequencies]]:
        return [(language, self[language]) for language in self.languages]

    def zipfs(self, word: str) -> list[float]:
        """Each list's Zipf frequency of the word (its Frequencies.zipf), in the languages' order."""
        if not self._asked_index:
            self._asked_index = True
            numbered = tuple(sorted(self.languages))
            # (one language's list is read itself: an index of it alone would be a second copy)
            self._index = _lists_index(numbered) if len(numbered) > 1 else None
            self._by_number = [self.languages.index(language) for language in numbered]
        if self._index is None:
            return [self[language].zipf(word) for language in self.languages]
        found = [0.0] * len(self.languages)
        for number, hundredths in self._index.holding(word_key(word)):
            if hundredths:  # (a Zipf of 0: as a word the list does not know)
                found[self._by_number[number]] = hundredths / 100  # as Frequencies.zipf
        return found


def _has_word_list(language: str) -> bool:
    """Has the language a word list (word_frequencies(language).words holds words)? One of its
    files exists (tests/test_untranslated_fast.py holds the two answers equal for every language)."""
    return any(map(os.path.exists, word_list_files(language)))


@cache
def _source_lexicons(languages: tuple[str, ...]) -> _WordLists:
    return _WordLists(languages)


@cache
def _lists_index(languages: tuple[str, ...]) -> WordIndex | None:
    """One index of these languages' lists (_source_lexicons), numbered in this order; None
    without a cache to keep it in."""
    sources = [path for language in languages for path in word_list_files(language)]
    with untimed():  # once per process, as the lists it is made of (and built on a first run only)
        kind = f"lists-{'-'.join(languages)}"
        return cached_index(kind, sources, lambda: WordIndex.of(word_frequencies(code).words for code in languages))


@provides("language", "count", options={"min-words": 3, "name-classifiers": ()})
def source_language_runs(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """Several words in a row that are words of another language and not of the target
    ("the minister said que el gobierno no tiene dinero"). Every language with a word list
    is tried; where several read the same words as a run, the source's wins, then the one
    whose list knows most of its words, then the longest."""
    source = source_language(doc)
    candidates = _run_candidates(source, doc.lang)
    if not candidates:
        return
    target = lexicon(doc.lang)
    min_run = rule.options["min-words"]
    prepared = list(_may_hold_runs(doc, target, min_run))
    if not prepared:
        return
    classifiers = frozenset(rule.options["name-classifiers"])
    lexicons, alphabet = _source_lexicons(candidates), _alphabet(doc.lang)
    borrowed = doc.language.borrowed_phrases  # "café au lait", "per se": English by now
    # languages that capitalise their nouns (German): their capitalised words may count
    noun_languages = {language for language in lexicons if language_data(language).capitalised_nouns}
    for _, lowered in prepared:
        _mask_borrowed(lowered, doc.language.borrowed_whole)
    nouns_of = [
        _capitalised_nouns(lowered, target, doc.lang) if noun_languages else frozenset() for _, lowered in prepared
    ]
    asked_of = [_asked_of_lists(lowered, nouns) for (_, lowered), nouns in zip(prepared, nouns_of)]
    lists = _ListsAsked(lexicons, target)
    lists.ask(chain.from_iterable(asked_of))  # every sentence's words at once: one call to each list
    for (words, lowered), nouns, asked in zip(prepared, nouns_of, asked_of):
        # The target's side of each word, asked once for every language's list.
        in_target = [target.zipf(t) if t and t[0] != "~" and target.is_common(t) else 0.0 for t in lowered]
        with_source_word = lists.with_source_word(lowered, nouns, noun_languages)
        runs = [
            (language == source, listed, last - first, first, last, language)
            for language in lexicons.languages
            if language in with_source_word  # every run counts one at least (and only those lists are read)
            for first, last, listed in _runs(
                lowered,
                in_target,
                list(map(lists.zipfs[language].__getitem__, asked)),
                target,
                lexicons,
                language,
                min_run,
                alphabet,
                nouns if language in noun_languages else frozenset(),
            )
            if not _quoted_title(doc, words, first, last, lowered, target)
            and not _kept_name(words, first, last, lowered, classifiers)
            and not _item_of_name_list(doc.checked, words, first)
            and tuple(t for t in lowered[first : last + 1] if t and t[0] != "~") not in borrowed
        ]
        if not runs:
            runs = list(
                _unlisted_runs(doc.checked, words, lowered, target, lists.listed, min_run, _backend(doc), doc.lang)
            )
        taken: list[tuple[int, int]] = []
        for _, _, _, first, last, language in sorted(runs, reverse=True):
            if any(first <= end and start <= last for start, end in taken):
                continue  # the same words, read as a neighbouring language
            taken.append((first, last))
            yield Hit(
                words[first].start,
                words[last].end,
                data={"language": language_name(language), "count": last - first + 1},
            )


@lru_cache(maxsize=64)
def _run_candidates(source: str | None, target: str) -> tuple[str, ...]:
    """The languages whose runs are looked for: the source's first, then every word list's."""
    return tuple(lang for lang in dict.fromkeys((source, *_word_lists())) if lang and lang != target)


def _asked_of_lists(lowered: list[str], nouns: frozenset[int]) -> list[str]:
    """The word each run token asks the languages' lists about ("" for none): a word, a
    one-letter word, a capitalised noun; not a name, a number or a break."""
    return [
        token if token[:1] != "~" else token[1:] if len(token) == 2 or index in nouns else ""
        for index, token in enumerate(lowered)
    ]


def _may_hold_runs(doc: Document, target: Lexicon, min_run: int) -> Iterator[tuple[list[Word], list[str]]]:
    """(words, run tokens) of the sentences that may hold a run: not foreign as a whole (LI101
    says so), and with words close together that are unknown to the target or lean away from it."""
    whole = {i for i, language in enumerate(_foreign_sentences(doc)) if language}
    contested = contested_words(doc.lang)
    probes, tallies = _probes(doc), _tallies(doc)  # (counted with lexicon(doc.lang): the caller's target)
    named: dict[str, bool] = {}  # _run_token's answers for the article's lowercase words
    body_starts = sentence_body_starts(doc)
    for index, words in enumerate(sentence_words(doc)):
        if index in whole:
            continue  # the whole sentence is foreign: LI101 says so
        # The probe (lowercase words, no names) holds every word that can count in a run:
        # most sentences have too few that are unknown to the target or lean away from it.
        unknown = len(probes[index]) - tallies.known[index]
        strangers = unknown + tallies.leaning[index]
        if strangers < min_run - 1 or not (strangers >= min_run or unknown):
            continue
        body = body_starts[index]  # a dateline belongs to no language
        # Capitalised words (names, German nouns, a name after a colon) and elided letters
        # ("l'") neither count nor break a run: "dass die Bundesregierung keine weiteren Hilfen plant".
        # So are names written in lowercase ("russia", "putin"): known to the target's list
        # as names and to its gazetteer as nothing else ("jen", "tom" are names there, and Czech words).
        lowered = [_run_token(doc, w, body, target, named) for w in words]
        if _may_hold_run(lowered, target, min_run, contested):
            yield words, lowered


class _ListsAsked:
    """What the other languages' lists say of the words an article's runs ask them about
    (_asked_of_lists), each word looked up once per article, in every list at once (one index of
    them all), its key made once: the same words recur in every sentence, and every list is
    asked the same words."""

    def __init__(self, lexicons: _WordLists, target: Lexicon):
        self.lexicons = lexicons
        self.target = target
        # by their number in the index: in one order whichever comes first (the source), for one index
        self.languages = tuple(sorted(lexicons))
        self.index = _lists_index(self.languages)
        self.zipfs: dict[str, dict[str, float]] = {language: {"": 0.0} for language in lexicons}  # Frequencies.zipf
        # word -> the languages whose list knows it, not as a name, better than the target (an S or F of _runs)
        self.sources: dict[str, frozenset[str]] = {"": frozenset()}  # ("" asks nothing)
        # one-letter word -> the languages for which it is an S or F of _runs (_letter_kind)
        self.letters: dict[str, frozenset[str]] = {}
        self.listed: set[str] = set()  # the words some list holds

    def ask(self, asked: Iterable[str]) -> None:
        new = list(set(asked).difference(self.sources))
        target = self.target
        in_target = [target.zipf(word) if target.is_common(word) else 0.0 for word in new]  # as a word's in _runs
        sources: dict[str, list[str]] = {word: [] for word in new}
        letters: dict[str, list[str]] = {word: [] for word in new if len(word) == 1}
        if self.index is None:
            self._ask_each_list(new, in_target, sources, letters)
        else:
            self._ask_the_index(self.index, new, in_target, sources, letters)
        self.sources.update((word, frozenset(languages)) for word, languages in sources.items())
        self.letters.update((word, frozenset(languages)) for word, languages in letters.items())

    def _ask_the_index(
        self,
        index: WordIndex,
        new: list[str],
        in_target: list[float],
        sources: dict[str, list[str]],
        letters: dict[str, list[str]],
    ) -> None:
        """What each list says of the new words, from the index of them all."""
        unknown = dict.fromkeys(new, 0.0)  # to every list, until one says otherwise
        for zipfs in self.zipfs.values():
            zipfs.update(unknown)
        zipfs_by_number = [self.zipfs[language] for language in self.languages]
        for word, key, in_target_zipf in zip(new, map(word_key, new), in_target):
            held = index.holding(key)  # (most words a few lists know, many none)
            if held:
                self.listed.add(word)
            for number, hundredths in held:
                if not hundredths:
                    continue  # a Zipf of 0: as a word the list does not know
                in_source = zipfs_by_number[number][word] = hundredths / 100  # as Frequencies.zipf
                language = self.languages[number]
                if not in_target_zipf or in_source - in_target_zipf >= BRIDGE:
                    sources[word].append(language)
                if word in letters and _letter_kind(word, in_source, self.target) in "SF":
                    letters[word].append(language)

    def _ask_each_list(
        self, new: list[str], in_target: list[float], sources: dict[str, list[str]], letters: dict[str, list[str]]
    ) -> None:
        """What each list says of the new words, list by list (without a cache for the index)."""
        keys = list(map(word_key, new))
        for language, found in self.lexicons.items():
            hundredths = found.words.get_keyed(keys)
            zipfs = [value / 100 if value else 0.0 for value in hundredths]  # as Frequencies.zipf
            self.zipfs[language].update(zip(new, zipfs))
            self.listed.update(compress(new, map(is_not, hundredths, repeat(None))))
            for index in compress(range(len(new)), zipfs):  # the words the list knows (most it does not)
                word, in_source = new[index], zipfs[index]
                if not in_target[index] or in_source - in_target[index] >= BRIDGE:
                    sources[word].append(language)
                if word in letters and _letter_kind(word, in_source, self.target) in "SF":
                    letters[word].append(language)

    def with_source_word(self, lowered: list[str], nouns: frozenset[int], noun_languages: set[str]) -> set[str]:
        """The languages for which a run token (asked before) is an S or an F of _runs: a word,
        not a name, their list knows better than the target, a one-letter word _letter_kind makes
        one, or, in a language that capitalises its nouns, one of `nouns` their list knows."""
        found = set().union(
            *(self.sources[token] for token in lowered if token and token[0] != "~"),
            *(
                self.letters[token[1]]
                for token in lowered
                if len(token) == 2 and token[0] == "~" and token[1].islower()
            ),
        )
        for language in noun_languages - found:
            zipfs = self.zipfs[language]
            if any(zipfs[lowered[index][1:]] for index in nouns):
                found.add(language)
        return found


def _run_token(doc: Document, word: Word, body: int, target: Lexicon, named: dict[str, bool] | None = None) -> str:
    """The word as a run reads it: "" breaks a run (punctuation, a dateline, an abbreviation's
    letter), "~" before it neither counts nor breaks one (a name, a capitalised word, a number:
    "im Alter von 97 Jahren"; a one-letter word), else the word in lowercase. `named`: whether
    each lowercase word asked before is a name (each asked once: three calls in Python a word)."""
    text = word.text
    if word.start < body or (len(text) == 1 and _abbreviation_letter(doc.checked, word)):
        return ""
    if not text.isalpha():
        return "~" + text if text.isdigit() else ""
    if len(text) < 2 or word.capitalised:
        return "~" + (text if len(text) < 2 else word.lower)
    lower = word.lower
    name = named.get(lower) if named is not None else None
    if name is None:
        name = _lowercase_name(lower, target, doc.lang)
        if named is not None:
            named[lower] = name
    return "~" + lower if name else lower


def _capitalised_nouns(lowered: list[str], target: Lexicon, lang: str) -> frozenset[int]:
    """Where the run tokens hold capitalised words that are no target word and no name the
    gazetteer knows ("Arbeitsblätter", not "Darmstadt" or "Christmas"): nouns, in a language
    that capitalises them."""
    names = gazetteer(lang)
    return frozenset(
        i
        for i, token in enumerate(lowered)
        if token[:1] == "~"
        and len(token) > 2
        and token[1:].isalpha()
        and token[1:] not in target.words
        and not names.get(token[1:])
    )


def _mask_borrowed(lowered: list[str], phrases: frozenset[tuple[str, ...]]) -> None:
    """Blank the words of a phrase the target has borrowed whole ("et al", "per se"): English
    words, which end a run ("Li Kai'er et al." is no Dutch)."""
    starts = _phrase_starts(phrases)
    for first in range(len(lowered) - 1):
        if lowered[first] not in starts:
            continue  # no phrase starts here: the slices below would make up to five tuples for nothing
        for last in range(first + 2, min(first + 6, len(lowered)) + 1):
            if tuple(lowered[first:last]) in phrases:
                lowered[first:last] = [""] * (last - first)
                break


@cache
def _phrase_starts(phrases: frozenset[tuple[str, ...]]) -> frozenset[str]:
    return frozenset(phrase[0] for phrase in phrases if phrase)


ENGLISH_BRIDGE = (
    4.5  # Zipf: a function word of the other language this common in the target proves nothing ("on", "see")
)


_APART = compile_re(r"[\"“”„«»()\[\]/:;]")  # words a quote, bracket, slash or colon sets apart are no phrase


def _unlisted_runs(
    text: str,
    words: list[Word],
    lowered: list[str],
    target: Lexicon,
    listed: set[str],
    min_run: int,
    backend: str,
    target_code: str,
) -> Iterator[tuple[bool, int, int, int, int, str]]:
    """Runs in a language with function words in rules/<lang>/data but no word list
    (Estonian): stretches of words no list knows and function words of the language,
    min_run long, with two such words at least, one of them unknown to every list or both
    function words rare in the target, that the identifier, asked among the target and the
    languages without a word list, gives to that language."""
    apart = {i for i in range(1, len(words)) if _APART.search(text, words[i - 1].end, words[i].start)}
    for language in _unlisted():
        own = language_data(language).function_words
        if not own:
            continue
        kinds = []
        for token in lowered:
            if not token or (token[0] != "~" and token not in own and token in target.words):
                kinds.append("x")
            elif _FOREIGN_SCRIPT_BLOCKS.search(token):
                kinds.append("x")  # words in another script are LI103's, which names their language
            elif token[0] == "~":
                kinds.append("~")
            elif token in own:
                kinds.append("W" if target.zipf(token) < ENGLISH_BRIDGE else "B")
            elif token in listed:  # (asked of every list: a word, not a name)
                kinds.append("K")  # a word of a listed language too: counts, proves nothing
            else:
                kinds.append("U")
        for first, last in _stretches_of(kinds, "WUB", "WUBK~", apart):
            run = kinds[first : last + 1]
            if not _may_be_unlisted(run, min_run):
                continue
            # Words the target's lexicon is too short to know may be its rarer words, which its
            # wider lists know ("foldable velcro fastener dividers"): they prove nothing either.
            # Asked only here, of a run that would go to the identifier (a few a document at most),
            # not as "K" in the loop above, where such a word would also end the stretch: that
            # lost four spliced runs (two French, one Icelandic, one Estonian) on the test pool of
            # bench/untranslated_languages.py.
            run = [
                "K" if kind == "U" and _rare_target_word(target_code, token) else kind
                for kind, token in zip(run, lowered[first : last + 1])
            ]
            if not _may_be_unlisted(run, min_run):
                continue
            phrase = " ".join(t.lstrip("~") for t in lowered[first : last + 1] if t)
            # Among the target and the languages without a word list: the listed ones had their say,
            # and their 25 profiles would cost a tenth of a second and 15 MB to load.
            ranked = _loaded(identifier((target_code, *_unlisted()), backend)).probabilities(phrase)
            if ranked and ranked[0][0] == language and ranked[0][1] >= 0.5:
                yield False, 0, last - first, first, last, language


def _may_be_unlisted(run: list[str], min_run: int) -> bool:
    """Could a stretch of kinds (_unlisted_runs) be a run of the language: long enough, with two
    words at least no list knows or function words of it, one of them unknown to every list or
    both function words rare in the target?"""
    evidence = run.count("W") + run.count("U")
    return len(run) - run.count("~") >= min_run and evidence >= 2 and ("U" in run or run.count("W") >= 2)


def _rare_target_word(language: str, token: str) -> bool:
    """A rarer word of five letters or more that the target's running text writes in lowercase
    (its lowercase-words list). Not the shorter words of its dictionary list: those are where
    other languages' words fall ("aru", Estonian for "understanding", is also an English one)."""
    return len(token) > 4 and is_lowercase_word(language, token)


def _stretches_of(kinds: list[str], ends: str, inside: str, apart: set[int]) -> Iterator[tuple[int, int]]:
    """(first, last) of maximal stretches of kinds in `inside`, not crossing a word in `apart`,
    that start and end on one in `ends`."""
    start = None
    for index, kind in enumerate(kinds + ["x"]):
        if start is not None and (kind not in inside or index in apart):
            marked = [i for i in range(start, index) if kinds[i] in ends]
            if marked:
                yield marked[0], marked[-1]
            start = None
        if kind in inside and start is None:
            start = index


def _lowercase_name(token: str, target: Lexicon, lang: str) -> bool:
    if token not in target.words or target.is_common(token):
        return False
    name = gazetteer(lang).get(token)
    return name is not None and name.ambiguity == 0


def _abbreviation_letter(text: str, word: Word) -> bool:
    """A letter of "e.g.", "i.e." or "U.S.": no word of any language."""
    return len(word.text) == 1 and text[word.end : word.end + 1] == "."


@cache
def _phrase_words(language: str) -> frozenset[str]:
    """Words that make a run a phrase, not a list of borrowed nouns: the language's function
    words, or, without its own data, its commonest words ("a", "se", "na", "je" in Czech)."""
    own = language_data(language).function_words
    if own:
        return own
    return frozenset(islice(word_frequencies(language).commonest, PHRASE_WORDS))


_QUOTES = {"“": "”", "„": "“", "«": "»", '"': '"', "‘": "’", "‚": "‘", "»": "«"}


def _quoted_title(doc: Document, words: list[Word], first: int, last: int, lowered: list[str], target: Lexicon) -> bool:
    """The run sits in quotation marks with no word of the target language beside it: a
    title or name kept in its language (the album “Für Frauen ist das kein Problem”)."""
    text = doc.checked
    while first > 0 and lowered[first - 1][:1] == "~":
        first -= 1  # capitalised words open the title: “Für Frauen ist das kein Problem”
    opening = text[words[first].start - 1 : words[first].start]
    if opening not in _QUOTES:
        return False
    closing = _QUOTES[opening]
    end = text.find(closing, words[first].end)
    if end < 0 or "\n" in text[words[first].end : end]:
        return False
    inside = [i for i, w in enumerate(words) if words[first].start <= w.start and w.end <= end]
    outside = [i for i in range(first, last + 1) if i not in inside and lowered[i] and lowered[i][0] != "~"]
    return len(outside) < 2 and not any(
        lowered[i] and lowered[i][0] != "~" and target.is_common(lowered[i]) and i not in range(first, last + 1)
        for i in inside
    )


def _kept_name(words: list[Word], first: int, last: int, lowered: list[str], classifiers: frozenset[str]) -> bool:
    """ "the Milion chvilek pro demokracii association": a body's own name kept in its
    language, between "the" and its capitalised first word and an English noun that says
    what it is, as translators keep names ("the Chcípl pes association")."""
    opening = first
    while opening > 0 and lowered[opening - 1][:1] == "~":
        opening -= 1
    return (
        opening < first
        and opening > 0
        and words[opening - 1].lower == "the"
        and last + 1 < len(words)
        and words[last + 1].lower in classifiers
    )


def _item_of_name_list(text: str, words: list[Word], first: int) -> bool:
    """ "Memorial, Novaya Gazeta, ekho moskvy, Meduza": a lowercase item of one to three
    words between capitalised names in a list is a name that lost its capitals (MT109's)."""
    if first < 1 or text[words[first - 1].end : words[first].start] != ", " or not words[first - 1].capitalised:
        return False
    for last in range(first, min(first + 3, len(words) - 1)):
        if not words[last].text.islower():
            return False
        if text[words[last].end : words[last + 1].start] == ", ":
            return words[last + 1].capitalised
    return False


def _may_hold_run(lowered: list[str], target: Lexicon, min_run: int, leaning: dict[str, bool] | None) -> bool:
    """Cheap test with the target's own lists: words close together that are unknown to the
    target or lean to another language ("de", "la", "die"): min_run of them, or one fewer
    with a word unknown to the target among them, since a run may hold a word the target
    knows too ("pro neformální styky"). Only then are the other languages' lists loaded."""
    known = target.words
    leaning = leaning or {}
    chain: list[int] = []
    strangers = 0
    index = -1  # names do not move it: "schickt Astronauten-Tochter und Moderator ins" is close
    for token in lowered:
        if token[:1] == "~":
            continue
        index += 1
        if not token:
            continue
        stranger = token not in known
        if not stranger and not leaning.get(token, False):
            continue
        if chain and index - chain[-1] > 2:
            chain, strangers = [], 0
        chain.append(index)
        strangers += stranger
        if len(chain) >= min_run or (len(chain) >= min_run - 1 and strangers):
            return True
    return False


BRIDGE = 1.0  # Zipf: a word this close in frequency in both languages belongs to either ("original", "in")
STRONG = 2.0  # Zipf: a word a hundred times more frequent in the other language is no target word


def _runs(
    lowered: list[str],
    in_target_list: list[float],
    in_source_list: list[float],
    target: Lexicon,
    lists: _WordLists,
    language: str,
    min_run: int,
    alphabet: frozenset[str] = frozenset(),
    nouns: frozenset[int] = frozenset(),
) -> Iterator[tuple[int, int, int]]:
    """(first, last, words the source's list knows) of maximal stretches that start and end
    on words of the source rather than the target (F), hold no word that is plainly more
    the target's, and have at least min_run words that may be the source's: F, words both
    languages use about as often ("la", "original") and words neither list knows (a Czech
    form beyond the list, "zachytil"). A word the target does not know, in letters it never
    writes ("přibývá"), is an F. `nouns`: the capitalised words that are neither target words
    nor names, for a language that capitalises its nouns; one its list knows is an S ("Daher
    auch die Arbeitsblätter"). `in_target_list`: each word's Zipf in the target when it is a
    common word of it, else 0; `in_source_list`: its Zipf in the source's list (_ListsAsked).
    Asked only of a language with an S or an F among the words (_ListsAsked.with_source_word):
    every run counts one at least, and most sentences have none for most languages. The
    language's list (`lists`) and phrase words are read only for a stretch that may be a run."""
    kinds = []
    for index, (token, in_target, in_source) in enumerate(zip(lowered, in_target_list, in_source_list)):
        if not token:
            kinds.append("x")
            continue
        if token[0] == "~":
            if index in nouns and in_source:
                kinds.append("S")
                continue
            # Names neither count nor break a run; nor do one-letter words, unless the
            # language uses them more than the target ("y", "è", "s") or as much ("a").
            kinds.append(_letter_kind(token[1:], in_source, target) if len(token) == 2 and token[1].islower() else "~")
            continue
        if in_source and (not in_target or in_source - in_target >= BRIDGE):
            kinds.append("S" if not in_target or in_source - in_target >= STRONG else "F")
        elif in_target and (not in_source or in_target - in_source >= BRIDGE):
            kinds.append("E")
        elif in_target:
            kinds.append("B")  # known to both about as well
        elif alphabet and token not in target.words and any(char not in alphabet for char in token):
            kinds.append("L")  # in letters the target never writes
        else:
            kinds.append("U")  # known to neither list
    start = None
    for index, kind in enumerate(kinds + ["E"]):
        if kind in "SFL" and start is None:
            start = index
        elif kind in ("E", "x") and start is not None:
            last = max(i for i in range(start, index) if kinds[i] in "SFL")
            # Words neither list knows next to the run are rarer words of it ("il solito scricchiolio").
            while start > 0 and kinds[start - 1] == "U":
                start -= 1
            while last + 1 < len(kinds) and kinds[last + 1] == "U":
                last += 1
            run = [kinds[i] for i in range(start, last + 1)]
            strong = run.count("S") + run.count("L")
            foreign = strong + run.count("F")
            counted = foreign + run.count("B") + run.count("U")
            distinct = len({lowered[i] for i in range(start, last + 1) if kinds[i] in "SFLBU"})  # not "la la la"
            listed = run.count("S") + run.count("F")  # words the language's own list knows
            if distinct >= min_run and foreign >= 2 and listed and strong and 2 * foreign >= counted:
                # Mostly the source's words, one of them at least no target word at all ("café au
                # lait" is English by now), and a function word of the language, or three words no
                # target word at all, or two with one in letters it never writes (borrowed nouns
                # seldom are): a phrase, not a list of borrowed nouns ("espresso, americano, ristretto").
                function_words = _phrase_words(language)
                if (
                    not function_words
                    or strong >= 3
                    or (strong >= 2 and "L" in run)
                    or any(
                        _function_word(lowered[i], function_words, in_source_list[i], target)
                        for i in range(start, last + 1)
                    )
                ):
                    source = lists[language]
                    yield (
                        start,
                        last,
                        sum(kinds[i] in "SF" and source.zipf(lowered[i]) > 0 for i in range(start, last + 1)),
                    )
            start = None


def _letter_kind(letter: str, in_source: float, target: Lexicon) -> str:
    in_target = target.zipf(letter)
    if in_source and in_source - in_target >= BRIDGE:
        return "S" if not in_target else "F"
    return "B" if in_source and in_target - in_source < BRIDGE else "~"


def _function_word(token: str, function_words: frozenset[str], in_source: float, target: Lexicon) -> bool:
    """One-letter words do not count in a run, but a function word of the language far more
    frequent there than in the target marks a phrase all the same (Czech "v", "z"; not "a")."""
    if token[:1] != "~":
        return token in function_words
    letter = token[1:]
    return len(letter) == 1 and letter in function_words and in_source - target.zipf(letter) >= 1.0


@provides("described", "script", "language", "text")
def foreign_script(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """Words in a script the target language does not use (Cyrillic, CJK...), except in
    quotes or brackets, where a newsroom keeps a name in its own script. The language is
    named where it can be told: by the script itself (Hebrew, Greek, Korean), or by the
    identifier among the languages of the script, for two words or more."""
    if not _has_other_scripts(doc):
        return
    for block, match in doc.block_matches(_FOREIGN_SCRIPT):
        text = match.group()
        if len(text) <= 3 and _GREEK.fullmatch(text):
            continue  # symbols and letters named as such: "200 μg", "5 Ω", "the comment with ΦΙΛ"
        if text in _SEPARATORS or _kept_as_name(doc, block, match):
            continue
        script = _script_of(text)
        language = _language_of_script(doc, script, text)
        described = f"{language} ({script} script)" if language else f"{script} script"
        yield Hit(
            match.start(),
            match.end(),
            data={"described": described, "script": script, "language": language or "", "text": text},
        )


_SEPARATORS = {"丨"}  # a CJK stroke that Chinese headlines use as a vertical bar ("Xinhua丨Beijing")
# Scripts that langdetect has no profile for, each written by one language.
_ONE_LANGUAGE_SCRIPTS = {"Armenian": "Armenian", "Georgian": "Georgian"}


def _loaded(asked: LanguageIdentifier) -> LanguageIdentifier:
    """The identifier with its profiles loaded. Loading (0.05-0.6 s of CPU, once per process
    and set of languages) runs with the rule's timer paused: it is not this document's work,
    and under the budget a slow machine made the first check give up (or worse, langdetect
    turned the interruption into a profile error)."""
    with untimed():
        asked.ready()
    return asked


def _language_of_script(doc: Document, script: str, text: str) -> str | None:
    """The language of words in another script, when the script or the identifier tells it."""
    if script in _ONE_LANGUAGE_SCRIPTS:
        return _ONE_LANGUAGE_SCRIPTS[script]
    asked = script_identifier(script, doc.lang, _backend(doc), text)
    if asked is None:
        return None
    _loaded(asked)
    several = len(asked.languages) > 1 if hasattr(asked, "languages") else True
    if several and len(text.split()) < 2 and not (script == "CJK" and len(text) >= 4):
        return None  # one word of Cyrillic or Arabic script says too little: "Москва" is Russian or Bulgarian
    shares: dict[str, float] = {}
    for lang, p in asked.probabilities(text):
        shares[lang.split("-")[0]] = shares.get(lang.split("-")[0], 0.0) + p
    best = max(shares.items(), key=lambda item: item[1], default=None)
    return language_name(best[0]) if best and best[1] >= 0.9 else None


_LAST_VISIBLE = compile_pattern(r"(?r)\S")
_FIRST_VISIBLE = compile_pattern(r"\S")
_GREEK = compile_pattern(r"\p{Greek}+")
_SCRIPT_PATTERNS: dict[str, regex.Pattern[str]] = {}


def _kept_as_name(doc: Document, block: Block, match: regex.Match[str]) -> bool:
    """A few foreign-script words in quotes or brackets: "Zelensky (Зеленський)". A whole
    sentence in brackets is no name."""
    if len(match.group().split()) > NAME_WORDS:
        return False
    # The nearest marks on either side, read outward (a slice of the paragraph per match
    # would be quadratic in a long paragraph of foreign script).
    before_mark = _LAST_VISIBLE.search(doc.checked, block.start, match.start())
    after_mark = _FIRST_VISIBLE.search(doc.checked, match.end(), block.end)
    before = before_mark.group() if before_mark else ""
    after = after_mark.group() if after_mark else ""
    return bool(before and after) and before in _OPEN_AROUND and after in _CLOSE_AROUND  # "" is in every string


def _script_of(text: str) -> str:
    for name in _SCRIPT_NAMES:
        pattern = _SCRIPT_PATTERNS.get(name) or _SCRIPT_PATTERNS.setdefault(name, compile_pattern(rf"\p{{{name}}}"))
        if pattern.search(text):
            return "CJK" if name in ("Han", "Hiragana", "Katakana", "Hangul") else name
    return "foreign"
