"""LI1xx: text left in another language than the target.

Language identification must not dominate run time, so it is asked only about sentences
that a cheap test cannot settle: a sentence with enough of the target language's commonest
words is the target language. Names (capitalised words inside a sentence), numbers and
datelines are left out of what the identifier sees, since they belong to no language.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

import regex

from mtcheck.checks import provides
from mtcheck.document import Document
from mtcheck.findings import Hit
from mtcheck.langid import identifier, languages_in_play
from mtcheck.language import language as language_data
from mtcheck.names import contested_words, lexicon
from mtcheck.words import Word, is_title_like, sentence_words

LANGUAGE_NAMES = {
    "en": "English", "es": "Spanish", "fr": "French", "de": "German", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "pl": "Polish", "ru": "Russian", "uk": "Ukrainian", "ca": "Catalan", "ro": "Romanian",
}
SOURCE_LEXICONS = ("es", "fr", "de", "it", "pt")
_FOREIGN_SCRIPT = regex.compile(
    r"[\p{Cyrillic}\p{Greek}\p{Arabic}\p{Hebrew}\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}"
    r"\p{Devanagari}\p{Armenian}\p{Georgian}]+(?:[ '’-]+[\p{Cyrillic}\p{Greek}\p{Arabic}\p{Hebrew}\p{Han}"
    r"\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}\p{Devanagari}\p{Armenian}\p{Georgian}]+)*"
)
# Blocks of those scripts, as a plain character class: one fast scan tells whether the
# article has any such character before the exact pattern runs.
_FOREIGN_SCRIPT_BLOCKS = re.compile(
    "[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0900-\u097f\u0e00-\u0e7f"
    "\u10a0-\u10ff\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
_SCRIPT_NAMES = ("Cyrillic", "Greek", "Arabic", "Hebrew", "Han", "Hiragana", "Katakana", "Hangul", "Thai",
                 "Devanagari", "Armenian", "Georgian")
_OPEN_AROUND = "(“\"«‘'["
_CLOSE_AROUND = ")”\"»’']"


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def _settings(doc: Document):
    return doc.context.settings if doc.context else None


def _in_play(doc: Document) -> tuple[str, ...]:
    settings = _settings(doc)
    return languages_in_play(doc.lang, settings.source_lang if settings else None)


def _backend(doc: Document) -> str:
    settings = _settings(doc)
    return getattr(settings, "langid_backend", None) or "langdetect"


def _probes(doc: Document) -> list[list[str]]:
    cached = doc.cache.get("language_probes")
    if cached is None:
        # A dateline ("BRUSSELS, Nov. 8 (AFP) –") belongs to no language: left out.
        cached = doc.cache["language_probes"] = [
            probe(_after(words, doc.sentence_start(sentence))) for sentence, words in zip(doc.sentences, sentence_words(doc))
        ]
    return cached


def _after(words: list[Word], start: int) -> list[Word]:
    return words if not words or words[0].start >= start else [w for w in words if w.start >= start]


def probe(words: list[Word]) -> list[str]:
    """What the identifier may see of a sentence: its words without names, numbers and
    the letters split off by apostrophes ("Wagner's")."""
    return [w.lower for w in words if len(w.text) > 1 and w.text.isalpha() and (w.initial or not w.capitalised)]


def plainly_target(tokens: list[str], function_words: frozenset[str], share: float = 0.2) -> bool:
    return bool(function_words) and sum(t in function_words for t in tokens) >= share * len(tokens)


def _plainly_target_words(tokens: list[str], words_of_target, function_words: frozenset[str]) -> bool:
    """Most words are ordinary words of the target, and some are its commonest (a short
    sentence need not have any: "Okay, understood."): no need to ask."""
    known = words_of_target.words
    common = sum(t in known for t in tokens)
    return common >= 0.8 * len(tokens) and (len(tokens) <= 5 or plainly_target(tokens, function_words, 0.15))


def _probe_with_nouns(doc: Document, words: list[Word]) -> list[str]:
    """The probe plus capitalised words that are neither target words, known names nor
    acronyms: German capitalises its nouns, and without them a German sentence can be too
    short to judge."""
    from mtcheck.names import gazetteer

    names = gazetteer(doc.lang)
    words_of_target = lexicon(doc.lang)
    return [
        w.lower for w in words
        if len(w.text) > 1 and w.text.isalpha() and (w.initial or not w.capitalised or not (
            w.text.isupper() or words_of_target.is_common(w.lower) or names.get(w.lower)))
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
    asked = None
    result: list[tuple[str, float] | None] = []
    for words, tokens in zip(sentence_words(doc), _probes(doc)):
        if tokens and _plainly_target_words(tokens, words_of_target, function_words):
            result.append(None)
            continue
        if len(tokens) < min_words:
            # Too short without capitalised words: add the nouns, unless it is nearly all
            # names or a title ("Zeiss VisuCard Pocket Magnifier Reading Aid").
            tokens = _probe_with_nouns(doc, words) if len(tokens) >= 2 and not is_title_like(doc, words) else []
        if len(tokens) < min_words and not (len(tokens) == min_words - 1 and _all_foreign(doc, tokens)):
            result.append(None)
            continue
        foreign, native, language = _lean(doc, tokens)
        if foreign < 2 or foreign < native:
            result.append(None)  # its words lean to the target: no need to ask the identifier
            continue
        short = len(tokens) < 6
        if short:
            if not native and foreign >= 3:
                # Every word that says anything says another language: the word lists
                # are surer than the identifier on so few words.
                result.append((language, 0.95))
                continue
            if not is_title_like(doc, words):
                tokens = _probe_with_nouns(doc, words)  # a short foreign sentence: give it its nouns
        if asked is None:
            asked = identifier(_in_play(doc), _backend(doc))
        ranked = asked.probabilities(" ".join(tokens))
        target = sum(p for lang, p in ranked if lang == doc.lang)
        foreign = [(lang, p) for lang, p in ranked if lang != doc.lang]
        # Not the target language is what matters; which other one is only for the message.
        # On a short sentence the identifier guesses ("Ah ok I see." is Dutch to it): there
        # its answer must agree with the language the words lean to.
        if foreign and target <= 1 - min_probability and foreign[0][1] >= 0.5 and (not short or foreign[0][0] == language):
            result.append((foreign[0][0], 1 - target))
        else:
            result.append(None)
    doc.cache[cache_key] = result
    return result


def _all_foreign(doc: Document, tokens: list[str]) -> bool:
    """Every word is a word of another language in play and none of the target ("gute matratze")."""
    target = lexicon(doc.lang)
    if any(t in target.words for t in tokens):
        return False
    others = _source_lexicons(tuple(lang for lang in _in_play(doc) if lang != doc.lang))
    return all(any(words.zipf(t) for words in others.values()) for t in tokens)


def _lean(doc: Document, tokens: list[str]) -> tuple[int, int, str]:
    """(words more frequent in another language in play than in the target, words more
    frequent in the target, the other language most of the first kind belong to):
    "also an die gestellt" leans German, "it greets harmonizing vegan" English."""
    target = lexicon(doc.lang)
    if _cannot_lean(tokens, target, contested_words(doc.lang)):
        return 0, len(tokens), ""
    others = _source_lexicons(tuple(lang for lang in _in_play(doc) if lang != doc.lang))
    foreign = native = 0
    votes: dict[str, int] = {}
    for token in tokens:
        here = target.zipf(token)
        best = max(others.items(), key=lambda item: item[1].zipf(token), default=(None, None))
        elsewhere = best[1].zipf(token) if best[1] is not None else 0.0
        if elsewhere > here + 0.5:
            foreign += 1
            votes[best[0]] = votes.get(best[0], 0) + 1
        elif here > elsewhere:
            native += 1
    language = max(votes.items(), key=lambda item: item[1])[0] if votes else ""
    return foreign, native, language


def _cannot_lean(tokens: list[str], target, contested: dict[str, bool] | None) -> bool:
    """Settled without the other languages' lists: fewer words that might lean away (unknown
    or leaning) than two, or than the words that are surely the target's own."""
    if contested is None:
        return False
    known = target.words
    may_lean = sum(t not in known or contested.get(t, False) for t in tokens)
    surely_native = sum(t in known and t not in contested for t in tokens)
    return may_lean < 2 or may_lean < surely_native


@provides("language", "code", "probability", "target")
def untranslated_sentences(doc: Document, rule) -> Iterator[Hit]:
    """A sentence in another language; a paragraph when all its sentences are."""
    found = sentence_languages(doc, rule.options.get("min-words", 3), rule.options.get("min-probability", 0.9))
    by_block: dict[int, list[int]] = {}
    for index, sentence in enumerate(doc.sentences):
        by_block.setdefault(sentence.block, []).append(index)
    for block, indices in by_block.items():
        languages = {found[i][0] if found[i] else None for i in indices}
        if len(indices) > 1 and len(languages) == 1 and None not in languages:
            code = found[indices[0]][0]
            probability = min(found[i][1] for i in indices)
            yield _hit(doc, doc.sentences[indices[0]].start, doc.sentences[indices[-1]].end, code, probability)
            continue
        for i in indices:
            if found[i]:
                yield _hit(doc, doc.sentences[i].start, doc.sentences[i].end, *found[i])


def _hit(doc: Document, start: int, end: int, code: str, probability: float) -> Hit:
    return Hit(start, end, data={"language": language_name(code), "code": code, "probability": f"{probability:.2f}",
                                 "target": language_name(doc.lang)})


@provides("language", "target", "share")
def article_language(doc: Document, rule) -> Iterator[Hit]:
    """The whole article is in another language: one finding instead of hundreds."""
    probes = _probes(doc)
    tokens = [t for sentence in probes for t in sentence]
    if len(tokens) < rule.options.get("min-words", 20) or plainly_target(tokens, doc.language.function_words, 0.08):
        return
    found = sentence_languages(doc, 3, 0.9)
    words_per_sentence = [len(sentence) for sentence in probes]
    total = sum(words_per_sentence)
    shares: dict[str, int] = {}
    for language, count in zip(found, words_per_sentence):
        if language:
            shares[language[0]] = shares.get(language[0], 0) + count
    if not shares:
        return
    code, count = max(shares.items(), key=lambda item: item[1])
    if count >= rule.options.get("min-share", 0.6) * total:
        first = doc.blocks[0] if doc.blocks else None
        start, end = (first.start, first.end) if first else (0, 0)
        yield Hit(start, end, data={"language": language_name(code), "target": language_name(doc.lang),
                                    "share": f"{100 * count // total}%"})


@lru_cache(maxsize=None)
def _source_lexicons(languages: tuple[str, ...]):
    return {language: lexicon(language) for language in languages if lexicon(language).words}


@provides("language", "count")
def source_language_runs(doc: Document, rule) -> Iterator[Hit]:
    """Several words in a row that are words of a source language and not of the target
    ("the minister said que el gobierno no tiene dinero")."""
    settings = _settings(doc)
    source = settings.source_lang if settings else None
    candidates = tuple(lang for lang in ((source,) if source else SOURCE_LEXICONS) if lang != doc.lang)
    if not candidates:
        return
    target = lexicon(doc.lang)
    min_run = rule.options.get("min-words", 3)
    whole = {i for i, language in enumerate(sentence_languages(doc, 3, 0.9)) if language}
    contested = contested_words(doc.lang)
    lexicons = None
    known = target.words
    leaning = contested or {}
    probes = _probes(doc)
    for index, words in enumerate(sentence_words(doc)):
        if index in whole:
            continue  # the whole sentence is foreign: LI101 says so
        # The probe (lowercase words, no names) holds every word that can count in a run:
        # most sentences have too few that are unknown to the target or lean away from it.
        strangers = [t for t in probes[index] if t not in known or leaning.get(t, False)]
        if len(strangers) < min_run or sum(t not in known for t in strangers) < 2:
            continue
        body = doc.sentence_start(doc.sentences[index])  # a dateline belongs to no language
        # Capitalised words inside the sentence (names, German nouns) and elided letters
        # ("l'") neither count nor break a run: "dass die Bundesregierung keine weiteren Hilfen plant".
        lowered = [
            "" if w.start < body or not w.text.isalpha()
            else ("~" if (w.capitalised and not w.initial) or len(w.text) < 2 else "") + w.lower
            for w in words
        ]
        if not _may_hold_run(lowered, target, min_run, contested):
            continue
        if lexicons is None:
            lexicons = _source_lexicons(candidates)
        for language, found in lexicons.items():
            for first, last in _runs(lowered, target, found, min_run, language_data(language).function_words):
                if _quoted_title(doc, words, first, last, lowered, target):
                    continue
                count = last - first + 1
                yield Hit(words[first].start, words[last].end, data={"language": language_name(language), "count": count})


_QUOTES = {"“": "”", "„": "“", "«": "»", '"': '"', "‘": "’", "‚": "‘", "»": "«"}


def _quoted_title(doc: Document, words, first: int, last: int, lowered: list[str], target) -> bool:
    """The run sits in quotation marks with no word of the target language beside it: a
    title or name kept in its language (the album “Für Frauen ist das kein Problem”)."""
    text = doc.checked
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
        lowered[i] and lowered[i][0] != "~" and target.is_common(lowered[i]) and i not in range(first, last + 1) for i in inside)


def _may_hold_run(lowered: list[str], target, min_run: int, leaning: dict[str, bool] | None) -> bool:
    """Cheap test with the target's own lists: a chain of min_run words, close together, that
    are unknown to the target or lean to another language ("de", "la", "die"), two of them
    unknown (as _runs will require). Only then are the other languages' lists loaded."""
    known = target.words
    leaning = leaning or {}
    chain: list[int] = []
    strangers = 0
    for index, token in enumerate(lowered):
        if not token or token[0] == "~":
            continue
        stranger = token not in known
        if not stranger and not leaning.get(token, False):
            continue
        if chain and index - chain[-1] > 2:
            chain, strangers = [], 0
        chain.append(index)
        strangers += stranger
        if len(chain) >= min_run and strangers >= 2:
            return True
    return False


def _runs(lowered: list[str], target, source, min_run: int, function_words: frozenset[str] = frozenset()) -> Iterator[tuple[int, int]]:
    """Maximal stretches that start and end on source-only words, hold at least min_run of
    them and no word that is more target than source."""
    kinds = []
    for token in lowered:
        if not token:
            kinds.append("x")
            continue
        if token[0] == "~":
            kinds.append("A")
            continue
        in_source, in_target = source.zipf(token), target.zipf(token) if target.is_common(token) else 0.0
        if in_source and (not in_target or in_source - in_target >= 1.0):
            kinds.append("F")
        elif in_target and in_target >= in_source:
            kinds.append("E")
        else:
            kinds.append("A")
    start = None
    for index, kind in enumerate(kinds + ["E"]):
        if kind == "F" and start is None:
            start = index
        elif kind in ("E", "x") and start is not None:
            last = max(i for i in range(start, index) if kinds[i] == "F")
            run = range(start, last + 1)
            # Two of its words at least must be no target words at all ("café au lait" is
            # English now), and one a function word of the language: a phrase, not a list
            # of borrowed nouns ("espresso, americano, ristretto").
            foreign_only = sum(kinds[i] == "F" and not target.is_common(lowered[i]) for i in run)
            phrase = not function_words or any(lowered[i] in function_words for i in run)
            if sum(kinds[i] == "F" for i in run) >= min_run and foreign_only >= 2 and phrase:
                yield start, last
            start = None


@provides("script", "text")
def foreign_script(doc: Document, rule) -> Iterator[Hit]:
    """Words in a script the target language does not use (Cyrillic, CJK...), except in
    quotes or brackets, where a newsroom keeps a name in its own script."""
    if not _FOREIGN_SCRIPT_BLOCKS.search(doc.checked):
        return
    for block, match in doc.block_matches(_FOREIGN_SCRIPT):
        if len(match.group()) == 1 and regex.match(r"\p{Greek}", match.group()):
            continue  # a symbol: "200 μg", "5 Ω"
        before = doc.checked[block.start : match.start()].rstrip()
        after = doc.checked[match.end() : block.end].lstrip()
        if before[-1:] in _OPEN_AROUND and after[:1] in _CLOSE_AROUND:
            continue
        yield Hit(match.start(), match.end(), data={"script": _script_of(match.group()), "text": match.group()})


def _script_of(text: str) -> str:
    for name in _SCRIPT_NAMES:
        if regex.search(rf"\p{{{name}}}", text):
            return "CJK" if name in ("Han", "Hiragana", "Katakana", "Hangul") else name
    return "foreign"
