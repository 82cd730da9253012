"""TL101–TL102: words and addresses of a Russian or Ukrainian source written in Latin letters
instead of translated.

MT that does not know a word often spells it out: пылесос becomes "pilosos", ажиотаж
"azhiotazh", субботник "subbotnik", and the Cyrillic top-level domains .рф and .укр become
".rf" and ".ukr" (kremlin.rf), which lead nowhere. Loanwords English uses ("dacha",
"oblast", "perestroika") are English words and stay alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from itertools import compress, count
from typing import Any

from mtcheck.checks import made_from_options, provides, source_language
from mtcheck.engine.findings import Fix, Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.language.names import (
    Lexicon,
    is_first_name,
    is_lowercase_word,
    lexicon,
    project_gazetteer,
    word_frequencies,
)
from mtcheck.language.pattern_cache import compile_pattern, compile_re
from mtcheck.language.spelled_out import (
    english_spelling,
    inflected_word,
    prefixed_word,
    skeleton,
    source_skeletons,
    source_word,
    spelling_score,
    verb_form,
)
from mtcheck.language.string_tables import without
from mtcheck.text.document import Document
from mtcheck.text.words import native_words, text_words

SLAVIC_SOURCES = ("ru", "uk")
_LANGUAGE_NAMES = {"ru": "Russian", "uk": "Ukrainian"}
# A lowercase word of five letters or more; háčeks are how some schemes write ж, ш, ч.
_CANDIDATE = compile_re(r"(?<![\w'’@./-])[a-zžšč]{5,}(?![\w@]|['’-][^\W\d_]|\.[^\W\d_])")
# The letters of a candidate, which is a whole word of text_words: they are Latin word characters,
# and what _CANDIDATE has before and after them is no word character (\w holds every Latin one).
_CANDIDATE_LETTERS = compile_re(r"[a-zžšč]{5,}")
# English word-making endings: "politology" is English made from Greek, not politologi spelled out.
_ENGLISH_ENDING = compile_pattern(
    r"(?:olog(?:y|ies|ical)|isms?|ations?|ments?|ness|it(?:y|ies)|i[sz]e[ds]?|ings?|ly|ous|ive|[ai]ble|ed)$"
)
# Letters and endings that English spellings do not have and Russian and Ukrainian ones do
# (zh, kh, "-yut", "-iat", "-ykh", "-omu", a consonant then a final u or i): without them, a stem
# shared with a listed word is often a Latin root English has too ("baritone", "vibrato").
_SLAVIC_SPELLING = compile_re(
    r"zh|kh|[bcdfghklmnprstvz]y[aeiou]|[iy]y|yi|^[iy]ak[aeiouy]{1,3}s$|(?:yu|ya|sia|ii|[iy]e[iy]u|o[iy]u|ami|ykh|ogo|oho|omu|yut|iut|iat|ili|ali|[^aeiou][ui])$"
)
# Case and verb endings of Russian and Ukrainian that English words end with too, but rarely
# ("pleminnikam", "informatorom", "zalivaiu", "pidpuskala", "tumbochka": племінникам,
# інформатором, заливаю, підпускала, тумбочка): enough to look for a listed word of the same
# stem when the word is on no list of rare English words ("bantam", "phantom", "gala" are).
_SLAVIC_INFLECTION = compile_re(
    r"(?:[^aeiouy][iy]?am|[^aeiouyd]om|[aeiou][iy]u|(?:sh|zh|ch)i[mt]|[^aeiouy](?:[aiy]la|[aiy]lo)|[aeiou](?:ch|sh)k[aiuy])$"
)
# Polish spellings no transliteration of Russian or Ukrainian writes ("przewalskii", a species'
# epithet made on a Polish name).
_POLISH_SPELLING = compile_re(r"(?:[cs]|[bcdgkpt]r)z(?!h)|w")
_QUOTES = "\"“”‘’'«»"
# Latin-script Slavic languages MT often translates from: their untranslated words are
# LI102's, not spelled-out Russian.
_LATIN_SLAVIC = ("cs", "sk", "pl")


def _rare_english(token: str, lang: str) -> bool:
    """A rare English word or a first name ("phantom", "villainy", "oksana"): the lexicon
    leaves them out, and a stem or a prefix may match a Russian or Ukrainian word by chance."""
    return is_lowercase_word(lang, token) or is_first_name(lang, token)


def _sources(doc: Document) -> tuple[str, ...]:
    source = source_language(doc)
    if source is None:
        return SLAVIC_SOURCES
    return (source,) if source in SLAVIC_SOURCES else ()


@provides(
    "word",
    "language",
    options={"loanwords": (), "spelling-model": 0.0, "spelling-model-plain": 0.0, "east-asian-syllable": ""},
)
def transliterated_words(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A lowercase word that is no English word, no name and no word of another Latin-script
    language, and that is the Latin spelling of a frequent Russian or Ukrainian word, or of a
    word of the Cyrillic source it translates."""
    sources = _sources(doc)
    if not sources:
        return
    english = lexicon(doc.lang)
    loanwords, thresholds, east_asian = made_from_options(
        rule, _prepared_options, "loanwords", "spelling-model", "spelling-model-plain", "east-asian-syllable"
    )
    text = doc.checked
    # Nearly every candidate is an English word, which has no key: only the others are looked for.
    keys = _keys(doc, english, loanwords)
    if not keys:
        return
    in_source = _source_words(doc)
    latin_slavic: bool | None = None  # does the text write Czech, Slovak or Polish letters? (asked once, late)
    # What a word's letters alone decide is decided once per word; only the checks of its
    # place in the text (quoted, beside foreign words, on an accented line) run per occurrence.
    listed: dict[str, tuple[str, str] | None | bool] = {}
    modelled: dict[str, tuple[str, str] | None] = {}
    named: dict[str, bool] = {}
    for match in _candidates(doc, keys):
        token = match.group()
        key = keys[token]
        if _named(text, match, east_asian):
            continue
        if (
            len(key) >= 4
            and key in in_source
            and not _memo(named, token, _lowercase_name, doc, token)
            and doc.original is not None  # always, when the source has the word
            and not english_spelling(token, doc.original.lang)
        ):
            # The source has the word: no chance match with a frequent word to fear, however short or rare.
            yield Hit(
                match.start(),
                match.end(),
                None,
                {"word": in_source[key], "language": _LANGUAGE_NAMES[doc.original.lang]},
            )
            continue
        slavic_spelling = _SLAVIC_SPELLING.search(token) is not None
        # A short skeleton matches some Russian word by chance ("arrel", "shete"), unless
        # the spelling is no English one ("viyni", "odnii": війни, одній).
        scheme_only = _SCHEME_ONLY.search(token) is not None
        if len(key) < (4 if slavic_spelling else 5) or (_beside_foreign(text, match) and not scheme_only):
            continue
        slavic_ending = slavic_spelling or scheme_only or _SLAVIC_INFLECTION.search(token) is not None
        found = _memo(listed, token, _listed_word, token, key, sources, slavic_spelling, slavic_ending, doc)
        if found is False:
            continue  # two English words run together
        modelled_word = False
        if (
            found is None
            and thresholds[0]
            and latin_slavic is not True
            and len(token) >= _MODEL_LETTERS
            and token.isascii()
            and not _accented_line(text, match)
        ):
            # ž, š, č: Czech or Slovak more often than a scheme's; a word English spells
            # alike too (no zh, kh, y before a vowel, Slavic ending) needs a surer score.
            threshold = thresholds[0] if slavic_ending else thresholds[1]
            found = _memo(modelled, token, _spelled_like, token, sources, threshold, east_asian, doc)
            modelled_word = found is not None
        if found is None or _memo(named, token, _lowercase_name, doc, token):
            continue
        # Whether the text writes Czech, Slovak or Polish letters (a search of all of it) is
        # asked only of a word found; in such a text the model is not asked: its answer is void.
        if latin_slavic is None:
            latin_slavic = _LATIN_SLAVIC_LETTER.search(text) is not None
        if latin_slavic and (modelled_word or _latin_slavic_word(token)):
            continue
        language = _LANGUAGE_NAMES[found[0]]
        # Judged by its spelling alone, a word is not told apart as Russian or Ukrainian.
        either = " or ".join(_LANGUAGE_NAMES[source] for source in sources)
        word = f"the {language} word {found[1]}" if found[1] else f"a {either} word"
        yield Hit(match.start(), match.end(), None, {"word": word, "language": language})


def _keys(doc: Document, english: Lexicon, loanwords: frozenset[str]) -> dict[str, str]:
    """The skeleton of each word of the text that may be a candidate and is no English word
    (not in the lexicon nor a loanword, no English ending, no Polish spelling): each distinct
    word weighed once, the lexicon and the loanwords asked of all at once."""
    words = without(set(text_words(doc)[2]), english.words).difference(loanwords)
    keys = {}
    for token in filter(_CANDIDATE_LETTERS.fullmatch, words):
        # "-ly", "-ed" make English words, but not after zh, kh, "lyu" ("pokhvaly": похвали).
        if _ENGLISH_ENDING.search(token) and not _SCHEME_ONLY.search(token):
            continue
        if not _POLISH_SPELLING.search(token) and (key := skeleton(token)):
            keys[token] = key
    return keys


def _candidates(doc: Document, words: dict[str, str]) -> Iterator[re.Match[str]]:
    """_CANDIDATE's matches in the text whose word is one of `words`, in order. Each match is
    a whole word of text_words (_CANDIDATE_LETTERS): the search is made at those words alone,
    not at every character of the text."""
    starts, _, texts, _ = text_words(doc)
    text = doc.checked
    for index in _indexes_in(words, texts):
        match = _CANDIDATE.match(text, starts[index])  # (its lookbehind reads the text before)
        if match is not None:
            yield match


def _indexes_in(keys: dict[str, str], items: list[str]) -> list[int]:
    """The indexes of the items that are keys, in order: in C with the native build (a Python
    call an item, some 34,000 words on a 190 KB article, was 16 M instructions)."""
    if native_words is not None:
        return native_words.indexes_in(keys, items)
    return list(compress(count(), map(keys.__contains__, items)))


def _prepared_options(
    loanwords: Sequence[str], model: float, model_plain: float, syllable: str
) -> tuple[frozenset[str], tuple[float, float], re.Pattern[str] | None]:
    """The rule's options as the check uses them (made once per rule: made_from_options)."""
    east_asian = compile_re(rf"(?:{syllable})+") if syllable else None
    return frozenset(loanwords), (float(model), float(model_plain)), east_asian


def _memo(cache: dict[str, Any], token: str, compute: Callable[..., Any], *args: Any) -> Any:
    """compute(*args), asked once per word: what it answers depends on the word alone."""
    if token not in cache:
        cache[token] = compute(*args)
    return cache[token]


def _listed_word(
    token: str, key: str, sources: tuple[str, ...], slavic_spelling: bool, slavic_ending: bool, doc: Document
) -> tuple[str, str] | None | bool:
    """(language, word) of the source languages' lists that the word spells out, as it is,
    inflected otherwise, as a verb form or with a prefix; None when none is; False for two
    common English words run together ("goodat", "inthe")."""
    found = next(((lang, word) for lang in sources if (word := source_word(token, lang))), None)
    # A listed word whose halves make a rare pair is spelled-out Ukrainian or Russian ("dosit",
    # "inshy": досить, інший).
    if _glued(token, lexicon(doc.lang), doc.language.function_words if found else None):
        return False
    # An ending English words have only rarely is worth a look for the stem or a prefix,
    # unless the word is a rare English word or a first name (asked last: the lists load then).
    if found is None and len(key) >= 5 and slavic_ending:
        found = next(((lang, word) for lang in sources if (word := inflected_word(token, lang))), None)
        if found is not None and not slavic_spelling and _rare_english(token, doc.lang):
            found = None
    if found is None:
        found = next(((lang, word) for lang in sources if (word := verb_form(token, lang))), None)
    if found is None and slavic_ending:
        found = next(((lang, word) for lang in sources if (word := prefixed_word(token, lang))), None)
        if found is not None and _rare_english(token, doc.lang):
            found = None
    return found


# A word no list has is judged by its spelling alone only when it is this long: shorter
# ones ("katka", "rogoz") are as often names and other languages' words.
_MODEL_LETTERS = 6
# Latin-script languages whose words the spelling model may take for spelled-out Russian
# (Slavic ones above all: "okurka", "prikop" are Czech).
_OTHER_LATIN = ("cs", "sk", "pl", "hr", "sl", "es", "it", "pt", "ro", "tr")


# A Latin letter with a diacritic (Latin-1 and Latin Extended-A and B, not × or ÷).
_ACCENTED = compile_re(r"[À-ÖØ-öø-ɏ]")


def _accented_line(text: str, match: re.Match[str]) -> bool:
    """Does the word's line write a Latin letter with a diacritic ("Šel na to ale oklikou")?
    Then it is likelier a Czech, Slovak or Croatian word than spelled-out Russian."""
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    return _ACCENTED.search(text, start, len(text) if end < 0 else end) is not None


def _spelled_like(
    token: str, sources: tuple[str, ...], threshold: float, east_asian: re.Pattern[str] | None, doc: Document
) -> tuple[str, str] | None:
    """The source language whose words this one is spelled like (zh, kh, y before a vowel,
    their endings: "zasikavlenikh", "nakalyaetsya"), by the trigram model, when it is
    on no list: MT spells out the rare words the lists leave out, and garbles some. Not a
    word of Chinese or Japanese syllables ("luzhou", "tohoku"), nor one another Latin-script
    language has, nor an English word ("troika"), a rare one or a first name, nor a word the
    article writes with a capital ("tiktok" beside "TikTok"). The word is "" (none is known)."""
    # The cheap questions first (most words asked are English or names the lists lack), and
    # none that reads the whole article before the score: a long one asks about many words.
    if east_asian is not None and east_asian.fullmatch(token):
        return None
    if any(english_spelling(token, source) for source in sources) or _gazetteer_name(doc, token):
        return None
    score, language = max((spelling_score(token, language), language) for language in sources)
    if score < threshold or _rare_english(token, doc.lang):
        return None
    if any(not written.islower() for written in re.findall(rf"(?i)(?<!\w){re.escape(token)}(?!\w)", doc.checked)):
        return None
    if any(token in word_frequencies(other).words for other in _OTHER_LATIN):
        return None
    return language, ""


def _source_words(doc: Document) -> dict[str, str]:
    """The Cyrillic words of the source this text translates, by skeleton (empty without one)."""
    original = doc.original
    if original is None or original.lang not in SLAVIC_SOURCES:
        return {}
    return source_skeletons(original.checked)


_WORD_BEFORE = compile_pattern(r"(\p{L}+)[ \u00a0]+$")
_WORD_AFTER = compile_pattern(r"[ \u00a0]+(\p{L}+)")
_COMMON_ZIPF = 4.0
# For a listed word, the first half must be among the commonest words ("in", "good"): "ma" +
# "but" and "pit" + "an" are мабуть and питань, not slips of the space bar.
_VERY_COMMON_ZIPF = 5.0


_CYRILLIC = compile_pattern(r"\p{Cyrillic}")


def _glued(token: str, english: Lexicon, seconds: frozenset[str] | None = None) -> bool:
    """ "goodat", "inthe": two common English words run together, not a transliteration. The
    second is a word of three letters or more, or a preposition: "potim" is not "pot" + "im";
    with `seconds`, a function word of those after a very common word ("goodat", but not
    "do" + "sit" or "ma" + "but")."""
    return any(
        english.zipf(token[:i]) >= (_COMMON_ZIPF if seconds is None else _VERY_COMMON_ZIPF)
        and english.zipf(token[i:]) >= _COMMON_ZIPF
        and (len(token) - i >= 3 or token[i:] in _SHORT_SECOND)
        and (seconds is None or token[i:] in seconds or token[i:] in _SHORT_SECOND)
        for i in range(2, len(token) - 1)
    )


_SHORT_SECOND = frozenset({"at", "in", "on", "of", "to", "by", "is", "it", "an", "as", "or", "up"})


def _beside_foreign(text: str, match: re.Match[str]) -> bool:
    """ "Matyáš vitik", "staré splavy": a word with Latin diacritics beside it makes it a
    Czech (or Slovak, Polish) word or name, not spelled-out Russian."""
    start = max(0, match.start() - 40)
    # The word before lies in these 40 characters: when they are ASCII, so is it (not searched).
    before = None if text[start : match.start()].isascii() else _WORD_BEFORE.search(text, start, match.start())
    after = _WORD_AFTER.match(text, match.end())
    return any(not w.isascii() and not _CYRILLIC.search(w) for w in (m.group(1) for m in (before, after) if m))


# Words that name the quoted word after them rather than use it.
_NAMING = compile_re(
    r"(?i)\b(?:word|words|term|terms|called|call|calls|named|name|nickname|known as|dubbed|say|says|said|means|"
    r"meaning|expression|spelled|spelt|slang|so-called)\W{0,3}$"
)


def _named(text: str, match: re.Match[str], east_asian: re.Pattern[str] | None) -> bool:
    """The word "bufet", "so-called "kadyrovtsy"": a word quoted alone after a word that
    names it is mentioned, not used, and so is a Japanese or Chinese word quoted alone
    ("majika"). A word merely in quotes is still untranslated ("smutilo")."""
    return (
        0 < match.start()
        and match.end() < len(text)
        and text[match.start() - 1] in _QUOTES
        and text[match.end()] in _QUOTES
        and (
            _NAMING.search(text, max(0, match.start() - 40), match.start() - 1) is not None
            or (east_asian is not None and east_asian.fullmatch(match.group()) is not None)
        )
    )


def _lowercase_name(doc: Document, token: str) -> bool:
    """ "kazakevich" beside "Kazakevich", or a name of the gazetteer or of the configuration's
    proper nouns ("vovchansk"), is a name in lowercase (the casing rules' business)."""
    return token.capitalize() in doc.checked or _gazetteer_name(doc, token)


def _gazetteer_name(doc: Document, token: str) -> bool:
    """A name of the gazetteer or of the configuration's proper nouns ("portugal", "vovchansk")."""
    proper_nouns = doc.context.settings.proper_nouns if doc.context else ()
    return project_gazetteer(doc.lang, tuple(proper_nouns)).get(token) is not None


# Spellings a scheme for Russian or Ukrainian writes and Czech, Polish and English words do
# not: zh, kh, y between a consonant and a vowel, -yu, i before u ("pokhvaly", "lyubimoe",
# "kosmicheskuyu", "zubnuiu"). Such a word is spelled-out Russian or Ukrainian even with an
# English ending or beside a Czech word.
_SCHEME_ONLY = compile_re(r"zh|kh|[bcdfghklmnprstvz]y[aeu]|yu$|[^aeiouy]iu")
# Letters of Czech, Slovak and Polish that no transliteration of Russian or Ukrainian writes.
_LATIN_SLAVIC_LETTER = compile_re(r"[ěřůňťďąęłńśźżćĺľŕôĚŘŮŇŤĎĄĘŁŃŚŹŻĆĹĽŔÔ]")


def _latin_slavic_word(token: str) -> bool:
    """ "prosim", "robota": a word Czech, Slovak or Polish has too. In a text that writes
    those languages' letters it is one of theirs, left untranslated (LI102's business); in a
    text that writes none it is spelled-out Ukrainian or Russian ("zaraz", "kilka": зараз, кілька)."""
    return any(token in word_frequencies(language).words for language in _LATIN_SLAVIC)


# "kremlin.rf", "site.ukr": the host, then a Cyrillic top-level domain in Latin letters.
_DOMAIN = compile_pattern(
    r"(?<![\p{L}\p{N}.@/-])(?P<host>[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*)\.(?P<tld>rf|ukr|rus)(?![\p{L}\p{N}]|\.\p{L})"
)
_CYRILLIC_DOMAINS = {"rf": ".рф", "ukr": ".укр", "rus": ".рус"}
_DOMAIN_ENDS = tuple(f".{tld}" for tld in _CYRILLIC_DOMAINS)  # a text without any has no such address


@provides("domain")
def transliterated_domains(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    if not any(map(doc.text.__contains__, _DOMAIN_ENDS)):
        return
    # The raw text: the address may be masked as a link in Markdown, and must still be read.
    for match in _DOMAIN.finditer(doc.text):
        if any(c.isspace() for c in doc.checked[match.start() : match.end()]):
            continue
        domain = _CYRILLIC_DOMAINS[match.group("tld")]
        yield Hit(
            match.start(), match.end(), Fix(match.start("tld") - 1, match.end(), domain, safe=False), {"domain": domain}
        )
