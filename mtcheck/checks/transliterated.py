"""TL101–TL102: words and addresses of a Russian or Ukrainian source written in Latin letters
instead of translated.

MT that does not know a word often spells it out: пылесос becomes "pilosos", ажиотаж
"azhiotazh", субботник "subbotnik", and the Cyrillic top-level domains .рф and .укр become
".rf" and ".ukr" (kremlin.rf), which lead nowhere. Loanwords English uses ("dacha",
"oblast", "perestroika") are English words and stay alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtcheck.checks import provides
from mtcheck.engine.findings import Fix, Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.language.names import (
    Lexicon,
    first_names,
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
    verb_form,
)
from mtcheck.text.document import Document

SLAVIC_SOURCES = ("ru", "uk")
_LANGUAGE_NAMES = {"ru": "Russian", "uk": "Ukrainian"}
# A lowercase word of five letters or more; háčeks are how some schemes write ж, ш, ч.
# (The standard library's re: this pattern runs over every text, and re runs it faster.)
_CANDIDATE = compile_re(r"(?<![\w'’@./-])[a-zžšč]{5,}(?![\w@]|['’-][^\W\d_]|\.[^\W\d_])")
# English word-making endings: "politology" is English made from Greek, not politologi spelled out.
_ENGLISH_ENDING = compile_pattern(
    r"(?:olog(?:y|ies|ical)|isms?|ations?|ments?|ness|it(?:y|ies)|i[sz]e[ds]?|ings?|ly|ous|ive|[ai]ble|ed)$"
)
# Letters and endings that English spellings do not have and Russian and Ukrainian ones do
# (zh, kh, "-yut", "-ykh", "-omu", a consonant then a final u or i): without them, a stem
# shared with a listed word is often a Latin root English has too ("baritone", "vibrato").
_SLAVIC_SPELLING = compile_re(
    r"zh|kh|[bcdfghklmnprstvz]y[aeiou]|[iy]y|yi|^[iy]ak[aeiouy]{1,3}s$|(?:yu|ya|sia|ii|[iy]e[iy]u|o[iy]u|ami|ykh|ogo|oho|omu|yut|iut|ili|ali|[^aeiou][ui])$"
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
    return is_lowercase_word(lang, token) or token in first_names(lang)


def _sources(doc: Document) -> tuple[str, ...]:
    settings = doc.context.settings if doc.context else None
    source = getattr(settings, "source_lang", None)
    if source is None:
        return SLAVIC_SOURCES
    return (source,) if source in SLAVIC_SOURCES else ()


@provides("word", "language", options={"loanwords": ()})
def transliterated_words(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A lowercase word that is no English word, no name and no word of another Latin-script
    language, and that is the Latin spelling of a frequent Russian or Ukrainian word, or of a
    word of the Cyrillic source it translates."""
    sources = _sources(doc)
    if not sources:
        return
    english = lexicon(doc.lang)
    loanwords = frozenset(rule.options["loanwords"])
    in_source = _source_words(doc)
    text = doc.checked
    latin_slavic: bool | None = None  # does the text write Czech, Slovak or Polish letters? (asked once)
    keys: dict[str, str] = {}  # nearly every candidate is an English word: decided once per word ("" for English)
    for match in _CANDIDATE.finditer(text):
        token = match.group()
        key = keys.get(token)
        if key is None:
            english_word = token in english.words or token in loanwords or _ENGLISH_ENDING.search(token)
            key = keys[token] = "" if english_word else skeleton(token)
        if not key or _quoted_alone(text, match) or _POLISH_SPELLING.search(token):
            continue
        if (
            len(key) >= 4
            and key in in_source
            and not _lowercase_name(doc, token)
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
        if len(key) < (4 if slavic_spelling else 5) or _beside_foreign(text, match):
            continue
        found = next(((lang, word) for lang in sources if (word := source_word(token, lang))), None)
        # "goodat", "inthe": two English words run together. A listed word whose halves make a
        # rare pair is spelled-out Ukrainian or Russian ("dosit", "inshy": досить, інший).
        if _glued(token, english, doc.language.function_words if found else None):
            continue
        # An ending English words have only rarely is worth a look for the stem or a prefix,
        # unless the word is a rare English word or a first name (asked last: the lists load then).
        slavic_ending = slavic_spelling or _SLAVIC_INFLECTION.search(token) is not None
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
        if found is None or _lowercase_name(doc, token):
            continue
        if latin_slavic is None:
            latin_slavic = _LATIN_SLAVIC_LETTER.search(text) is not None
        if latin_slavic and _latin_slavic_word(token):
            continue
        yield Hit(match.start(), match.end(), None, {"word": found[1], "language": _LANGUAGE_NAMES[found[0]]})


def _source_words(doc: Document) -> dict[str, str]:
    """The Cyrillic words of the source this text translates, by skeleton (empty without one)."""
    original = doc.original
    if original is None or original.lang not in SLAVIC_SOURCES:
        return {}
    return source_skeletons(original.checked)


_WORD_BEFORE = compile_pattern(r"(\p{L}+)[ \u00a0]+$")
_WORD_AFTER = compile_pattern(r"[ \u00a0]+(\p{L}+)")
_COMMON_ZIPF = 4.0


_CYRILLIC = compile_pattern(r"\p{Cyrillic}")


def _glued(token: str, english: Lexicon, seconds: frozenset[str] | None = None) -> bool:
    """ "goodat", "inthe": two common English words run together, not a transliteration. The
    second is a word of three letters or more, or a preposition: "potim" is not "pot" + "im";
    with `seconds`, a function word of those ("goodat", but not "do" + "sit")."""
    return any(
        english.zipf(token[:i]) >= _COMMON_ZIPF
        and english.zipf(token[i:]) >= _COMMON_ZIPF
        and (len(token) - i >= 3 or token[i:] in _SHORT_SECOND)
        and (seconds is None or token[i:] in seconds or token[i:] in _SHORT_SECOND)
        for i in range(2, len(token) - 1)
    )


_SHORT_SECOND = frozenset({"at", "in", "on", "of", "to", "by", "is", "it", "an", "as", "or", "up"})


def _beside_foreign(text: str, match: re.Match[str]) -> bool:
    """ "Matyáš vitik", "staré splavy": a word with Latin diacritics beside it makes it a
    Czech (or Slovak, Polish) word or name, not spelled-out Russian."""
    before = _WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
    after = _WORD_AFTER.match(text, match.end())
    return any(not w.isascii() and not _CYRILLIC.search(w) for w in (m.group(1) for m in (before, after) if m))


def _quoted_alone(text: str, match: re.Match[str]) -> bool:
    """The word "bufet": a word quoted alone is named, not used."""
    return (
        0 < match.start()
        and match.end() < len(text)
        and text[match.start() - 1] in _QUOTES
        and text[match.end()] in _QUOTES
    )


def _lowercase_name(doc: Document, token: str) -> bool:
    """ "kazakevich" beside "Kazakevich", or a name of the gazetteer or of the configuration's
    proper nouns ("vovchansk"), is a name in lowercase (the casing rules' business)."""
    proper_nouns = doc.context.settings.proper_nouns if doc.context else ()
    return token.capitalize() in doc.checked or project_gazetteer(doc.lang, tuple(proper_nouns)).get(token) is not None


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


@provides("domain")
def transliterated_domains(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    if not any(f".{tld}" in doc.text for tld in _CYRILLIC_DOMAINS):
        return
    # The raw text: the address may be masked as a link in Markdown, and must still be read.
    for match in _DOMAIN.finditer(doc.text):
        if any(c.isspace() for c in doc.checked[match.start() : match.end()]):
            continue
        domain = _CYRILLIC_DOMAINS[match.group("tld")]
        yield Hit(
            match.start(), match.end(), Fix(match.start("tld") - 1, match.end(), domain, safe=False), {"domain": domain}
        )
