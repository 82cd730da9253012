"""SR1xx: what comparing with the source shows (only with `mtcheck check --source`): the work of
the checks in checks/source.py, which import this module only for a document with a source."""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence, Set
from functools import cache, cached_property, lru_cache, partial
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from mtcheck.checks.untranslated import language_name, plainly_target, probe
from mtcheck.engine.budget import untimed
from mtcheck.engine.findings import Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.language import names as name_lists
from mtcheck.language import transliteration
from mtcheck.language.bilingual_words import word_list
from mtcheck.language.identify import script_letters
from mtcheck.language.list_cache import cached_lists
from mtcheck.language.names import (
    Lexicon,
    data_table,
    first_names,
    fold,
    frequent_forms,
    is_first_name,
    is_lowercase_word,
    less_frequent_forms,
    less_frequent_lookup,
    lexicon,
    rarer_forms,
    word_frequencies,
)
from mtcheck.language.pattern_cache import compile_pattern, compile_re
from mtcheck.language.profiles import Language
from mtcheck.language.resources import data_file
from mtcheck.language.transliteration import (
    LOOSE_LONGEST,
    consonants,
    latin,
    loose_spellings,
    one_edit_apart,
    skeleton,
)
from mtcheck.text.document import Document
from mtcheck.text.verbatim import verbatim_items
from mtcheck.text.words import Word, sentence_words

if TYPE_CHECKING:
    from mtcheck.compare.alignment import Bead

_T = TypeVar("_T")
_K = TypeVar("_K")
_Built = TypeVar("_Built", bound=tuple)  # of sets of strings
_TEXT = itemgetter(Word._fields.index("text"))  # a word's text (an index: cheaper than the attribute, in C)


def number_mismatch(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A number whose value the source does not have: each side read in its own convention."""
    if doc.original is None:
        return
    from mtcheck.compare.source import number_differences, span  # loaded only when there is a source

    for difference in number_differences(doc):
        target, source = difference.target, difference.source
        if target is not None:
            detail = f"{target.text} is not in the source"
            if source is not None:
                detail = f"{target.text} here, but the source has {source.text}" + (
                    f" ({source.shown})" if source.shown != source.text else ""
                )
            yield Hit(target.start, target.end, data={"detail": detail})
        else:
            assert source is not None  # a difference has a number on one side at least
            start, end = span(doc, difference.bead.hyp)
            shown = f" ({source.shown})" if source.shown != source.text else ""
            yield Hit(start, end, data={"detail": f"the source's {source.text}{shown} is missing from this sentence"})


def omitted_sentences(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A source sentence with no translation, reported where the translation should have it."""
    if doc.original is None:
        return
    from mtcheck.compare.source import omissions, quote  # loaded only when there is a source

    for gap in omissions(doc):
        yield Hit(
            gap.at,
            gap.at,
            data={"language": language_name(doc.original.lang), "source": quote(doc.original, gap.source)},
        )


def added_sentences(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    if doc.original is None:
        return
    from mtcheck.compare.source import additions, span  # loaded only when there is a source

    for sentences in additions(doc):
        yield Hit(*span(doc, sentences))


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def same_as_source(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A sentence copied from the source (not one the source already had in the target language)."""
    if doc.original is None:
        return
    from mtcheck.compare.source import pairs, span  # loaded only when there is a source

    words = sentence_words(doc)
    function_words = doc.language.function_words
    for bead in pairs(doc):
        start, end = span(doc, bead.hyp)
        source_start, source_end = span(doc.original, bead.ref)
        if _normal(doc.checked[start:end]) != _normal(doc.original.checked[source_start:source_end]):
            continue
        copied = _copied_verbatim(doc.text, start, end)
        tokens = [t for i in bead.hyp for t in probe([w for w in words[i] if not _inside(w.start, copied)])]
        if (
            len(tokens) >= rule.options["min-words"]
            and not plainly_target(tokens, function_words)
            and _something_to_translate(tokens, doc)
        ):
            yield Hit(start, end)


_MARKUP_TAG = compile_re(r"</?[A-Za-z][^<>]*>")


def _copied_verbatim(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where a sentence holds what a translation copies as it is: hashtags, handles, links,
    addresses and markup tags ("#academia #science", "<div id=sec1></div>"); their words are
    nothing to translate."""
    piece = text[start:end]
    found = [(start + s, start + e) for _, _, s, e in verbatim_items(piece)]
    return found + [(start + m.start(), start + m.end()) for m in _MARKUP_TAG.finditer(piece)]


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in spans)


def _something_to_translate(tokens: list[str], doc: Document) -> bool:
    """A word of the source language, or a function word of the translation's: a copy of
    words of neither ("nom nom nom", "Tasse cafe creme" in English and in Czech) had nothing
    to translate."""
    source = doc.original
    assert source is not None  # asked only of a text with its source
    own_words = frequent_forms(source.lang).words
    other_script = source.language.transliteration or source.language.stops_without_space
    return any(
        t in own_words
        or t in source.language.function_words
        or t in doc.language.function_words
        or (other_script and not t.isascii())
        for t in tokens
    )


def length_outliers(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """One-to-one pairs whose lengths are far out of the article's proportion: part of the
    sentence is probably missing, or something was added."""
    if doc.original is None:
        return
    from mtcheck.compare.source import align_with_source, span  # loaded only when there is a source

    alignment = align_with_source(doc)
    source = doc.original
    if alignment is None or source is None:  # (there is an alignment only with a source)
        return
    limit = rule.options["max-ratio"]
    unspaced = bool(source.language.stops_without_space)
    if unspaced:
        # Chinese and Japanese lengths vary about twice as much against English (WMT22 references).
        limit = rule.options["max-ratio-unspaced"]
    min_chars = rule.options["min-chars"]
    beads = alignment.beads
    # Characters of each bead: (translation, expected from the source); expected 0 for a
    # translation sentence left unpaired, None for a source sentence left unpaired.
    lengths: list[tuple[int, float] | None] = []
    spans: dict[int, tuple[int, int, int, int]] = {}  # the pairs' spans: (target, source)
    for index, bead in enumerate(beads):
        if not bead.hyp:
            lengths.append(None)
            continue
        start, end = span(doc, bead.hyp)
        if not bead.ref:
            lengths.append((end - start, 0.0))
            continue
        source_start, source_end = span(source, bead.ref)
        spans[index] = (start, end, source_start, source_end)
        lengths.append(
            (end - start, _expected_length(source.checked[source_start:source_end], alignment.ratio, unspaced))
        )
    # Source sentences left alone whose omission the evidence does not bear out (SR102 is quiet).
    unproven = {index for index, bead in enumerate(beads) if not bead.hyp and bead in alignment.doubtful}
    # Sentence lengths of Chinese and Japanese vary more: a neighbour must be further out too.
    neighbour_ratio = rule.options["neighbour-ratio"] * limit / rule.options["max-ratio"]
    for index, bead in enumerate(beads):
        measured = lengths[index]
        if measured is None or len(bead.hyp) != 1 or len(bead.ref) != 1:
            continue
        target_chars, expected = measured
        if max(target_chars, expected) < min_chars:
            continue
        if _moved_to_neighbour(lengths, index, neighbour_ratio, rule.options["joined-ratio"], unproven):
            continue
        start, end, source_start, source_end = spans[index]
        relative = expected / max(target_chars, 1)
        if relative >= limit:
            yield Hit(start, end, data={"direction": "shorter", "ratio": f"{relative:.1f}"})
            continue
        if not unspaced:
            # English spells out what the source abbreviates ("Генштаб ЗСУ": the General Staff of
            # the Armed Forces of Ukraine): each capital of an abbreviation of three or more may
            # become a word (two, "АП", "ЄС", mostly cross as two: AP, EU).
            expected += SPELLED_OUT_CHARS * sum(
                len(caps)
                for caps in _ABBREVIATION.findall(source.checked, source_start, source_end)
                if not _place_name(caps.lower(), source.lang)  # "ОДЕСА, Україна (АП)": a dateline
            )
            relative = expected / max(target_chars, 1)
        if relative <= 1 / limit:
            yield Hit(start, end, data={"direction": "longer", "ratio": f"{1 / relative:.1f}"})


def _moved_to_neighbour(
    lengths: list[tuple[int, float] | None],
    index: int,
    neighbour_ratio: float,
    joined_ratio: float,
    unproven: set[int],
) -> bool:
    """Whether a pair's length is off because the MT joined or split sentences there, not
    because part of one is missing: a short pair next to a translation sentence the alignment
    left unpaired (a run-on that holds what the pair lacks), a long pair next to a source
    sentence left unpaired that is not borne out as left out (the translation joined it to the
    pair: "dang... a nationwide AT&T outage. no wonder why things feel dead this morning" for
    "哎呀...全国范围的AT&T服务中断。难怪今天早上感觉一切都很死寂。"), or the beads next to it, each
    out of proportion the other way, in proportion with it taken together ("There's so much
    more. | Check the links below." for "Там ще дуже багато, тож переходьте за посиланнями
    нижче." when the pairs after it are shifted by one)."""
    target_chars, expected = lengths[index]  # type: ignore[misc]  # (a paired bead)
    shorter = target_chars < expected
    for step in (-1, 1):
        together, together_expected = target_chars, expected
        for other in range(index + step, index + step * (1 + _SHIFTED_BEADS), step):
            if not 0 <= other < len(lengths):
                break
            neighbour = lengths[other]
            if neighbour is None:  # a source sentence left alone: a looping pair did not translate it,
                if not shorter and other in unproven:  # unless the evidence says it is no omission
                    return True
                break
            other_chars, other_expected = neighbour
            if not other_expected:
                if shorter:
                    return True
                break
            if (other_chars > other_expected) != shorter or max(neighbour) < neighbour_ratio * min(neighbour):
                break
            together, together_expected = together + other_chars, together_expected + other_expected
            if max(together, together_expected) <= joined_ratio * min(together, together_expected):
                return True
    return False


_SHIFTED_BEADS = 3  # how far a pairing shifted by a joined sentence is followed


SPELLED_OUT_CHARS = 9  # "ЗСУ", three capitals: "Armed Forces of Ukraine"
_ABBREVIATION = compile_pattern(r"(?<![\p{L}\p{N}])\p{Lu}{3,6}(?![\p{L}\p{N}])")


def _place_name(word: str, language: str) -> bool:
    """A place name of the language's exonym list, as written ("одеса")."""
    return any(form == word for form, _ in _name_table(language, ("exonyms.tsv",)).get(word[:3], ()))


def _expected_length(source_text: str, ratio: float, unspaced: bool) -> float:
    """How long the translation of a source sentence should be, in characters. In a Chinese
    or Japanese source, Latin letters, digits and spaces ("unacceptable", a product code)
    cross one for one; only the rest is scaled by the article's ratio."""
    if not unspaced:
        return len(source_text) / ratio
    latin = sum(1 for c in source_text if c < "\u0250")
    return latin + (len(source_text) - latin) / ratio


def verbatim_differs(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A URL, e-mail address, handle or hashtag of the source missing from the translation,
    or one in the translation that the source does not have."""
    if doc.original is None:
        return
    source_words = word_frequencies(doc.original.lang).words
    all_source_items = _verbatim_items(doc.original.text)
    source_items = [i for i in all_source_items if not (i[0] == "hashtag" and _translatable(i[1][1:], source_words))]
    # A handle in another script ("@南海战略态势感知" on Weibo) is a name the MT may translate:
    # neither its absence nor the handles made of it are reported; nor are the hashtags made
    # of a hashtag in another script ("#на Азовсталь": #naAzovstal). Each such item accounts
    # for one item of the translation near where it stands (its aligned sentences and their
    # neighbours), in order: "#WFH #business #neurodiversity" for "#Wfh#ビジネス#ビジネス" has
    # lost a tag.
    translated = list(
        dict.fromkeys(
            (kind, item.lower(), *_aligned_window(doc, start))
            for kind, item, start, _ in all_source_items
            if kind in ("handle", "hashtag") and _other_script(item)
        )
    )
    source_items = [i for i in source_items if not (i[0] == "handle" and _other_script(i[1]))]
    target_words = lexicon(doc.lang).words
    all_target_items = _verbatim_items(doc.text)
    target_items = [i for i in all_target_items if not (i[0] == "hashtag" and _translatable(i[1][1:], target_words))]
    # An item is there when the other text has it at all, even as a hashtag that is a common
    # word ("#rum" in both: the English reading skips it, the Ukrainian one does not).
    in_target = {_same_link(item) for _, item, _, _ in all_target_items}
    in_source = {_same_link(item) for _, item, _, _ in all_source_items}
    source_text = doc.original.text.replace("＠", "@").lower()
    names = {"url": "URL", "email": "e-mail address", "handle": "handle", "hashtag": "hashtag"}
    # "#Product1" of "#Product1#", a placeholder of the test data, and "@kpotionus" of
    # "instagram@kpotionus" are in the source as they are.
    missing = [
        (kind, item, start, end)
        for kind, item, start, end in all_target_items
        if _same_link(item) not in in_source and not (kind in ("hashtag", "handle") and item.lower() in source_text)
    ]
    excused: set[int] = set()
    for kind, _, start, _ in missing:  # a common word's tag ("#business") is translated too
        match = next((t for t in translated if t[0] == kind and t[2] <= start < t[3]), None)
        if match is not None:
            translated.remove(match)
            excused.add(start)
    reportable = {start for _, _, start, _ in target_items}
    for kind, item, start, end in missing:
        if start in reportable and start not in excused:
            yield Hit(start, end, data={"kind": names[kind], "item": item, "where": "is not in the source"})
    reported = set()
    for kind, item, start, _ in source_items:
        if _same_link(item) in in_target or item in reported:
            continue
        reported.add(item)
        at = _target_position(doc, start)
        yield Hit(at[0], at[1], data={"kind": names[kind], "item": item, "where": "of the source is missing here"})


# A run of non-space characters that holds what every item holds: "://" (a link), "@" (an
# address, a handle), "＠" (a handle), "#" (a hashtag).
_MAY_HOLD_ITEMS = compile_re(r"(?<!\S)\S*[@＠#:]\S*")


def _verbatim_items(text: str) -> list[tuple[str, str, int, int]]:
    """verbatim_items(text), read only in the runs of non-space characters that may hold an
    item, not along the whole text (a sixth of the time). The same items: none holds a space
    (every alternative is made of characters \\s is not), so each lies in one run; a run's
    start has a space or nothing before it, its end a space or nothing after, where the
    pattern's lookarounds (all negative, of word characters and punctuation) answer alike;
    and a run without "@", "＠", "#" or ":" can hold no item."""
    items: list[tuple[str, str, int, int]] = []
    for run in _MAY_HOLD_ITEMS.finditer(text):
        at = run.start()
        items.extend((kind, item, at + start, at + end) for kind, item, start, end in verbatim_items(run.group()))
    return items


def _same_link(item: str) -> str:
    """The item as compared. Hashtags, handles and e-mail addresses in any case: platforms
    and mail servers ignore it ("#Wfh" is "#WFH"; an MT capitalises "Info@..." opening a
    sentence). A link's scheme and host in any case, its path as written, with or without
    its closing slash."""
    scheme, sep, rest = item.partition("://") if "://" in item else ("", "", item)
    if not sep and not item.lower().startswith("www."):
        return item.lower()
    rest = rest.removesuffix("/")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}{sep}{host.lower()}{slash}{path}"


def _translatable(tag: str, common_words: Container[str]) -> bool:
    """A hashtag that is a plain word of its language ("#Wozu" heading a forum post), or one
    in another script ("#新発想"): meant to be translated, not copied."""
    return tag.lower() in common_words or _other_script(tag)


def _other_script(text: str) -> bool:
    return any(ord(c) > 0x24F for c in text)


def _source_bead(doc: Document, source_offset: int) -> tuple[list[Bead], int | None]:
    """The alignment's beads and the index of the one holding the source sentence at
    source_offset (None when no bead holds it)."""
    from mtcheck.compare.source import align_with_source  # loaded only when there is a source

    alignment = align_with_source(doc)
    source = doc.original
    assert alignment is not None and source is not None  # asked only of a text with its source
    for index, bead in enumerate(alignment.beads):
        if any(source.sentences[j].start <= source_offset < source.sentences[j].end + 1 for j in bead.ref):
            return alignment.beads, index
    return alignment.beads, None


def _target_position(doc: Document, source_offset: int) -> tuple[int, int]:
    """The target sentences aligned with the source sentence holding source_offset."""
    from mtcheck.compare.source import span

    beads, index = _source_bead(doc, source_offset)
    if index is not None and beads[index].hyp:
        return span(doc, beads[index].hyp)
    return (0, 0) if not doc.sentences else span(doc, (0,))


def _aligned_window(doc: Document, source_offset: int) -> tuple[int, int]:
    """The target sentences aligned with the source sentence holding source_offset and with its
    neighbours; the whole text where none is aligned."""
    from mtcheck.compare.source import span

    beads, index = _source_bead(doc, source_offset)
    near = () if index is None else tuple(i for b in beads[max(0, index - 1) : index + 2] for i in b.hyp)
    return span(doc, near) if near else (0, len(doc.text))


def missing_names(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """A name of the source (a capitalised word inside a sentence that is no common word of
    the source language) that the translation lacks: names mostly cross languages unchanged,
    or, from another script, transliterated ("Зеленского" -> "Zelensky")."""
    if doc.original is None:
        return
    from mtcheck.compare.source import pairs, span  # loaded only when there is a source

    source = doc.original
    common = frequent_forms(source.lang)
    mixed_words = [frequent_forms(code).words for code in source.language.mixed_with]
    other_script = bool(source.language.transliteration)
    # Chinese and Japanese names are not spelled letter by letter: only the Latin-script
    # names a Chinese or Japanese text carries as they are ("Acer", "Netflix") are checked.
    latin_only = not common.words
    if latin_only and not source.language.stops_without_space:
        return
    # Each distinct word of the translation folded and loosely spelled once, not once a sentence;
    # what each sentence holds is made when a name first asks (_TargetSentences): most pairs
    # have no name that gets that far, and a Chinese or Japanese source asks for none of it.
    folded, loosely = _Computed(fold), _Computed(loose_spellings)
    sentence_folds = [frozenset(map(folded.__getitem__, map(_TEXT, words))) for words in sentence_words(doc)]
    target_words = _SortedWords(set().union(*sentence_folds))
    target_prefixes = {w[:EXONYM_PREFIX] for w in target_words}
    # Letters repeated for emphasis, three or more ("Waaaaaahoooo", "waaaaahoooo"); a double
    # letter dropped is a misspelling ("Guiness").
    collapsed = _emphasis_collapsed(target_words)
    english = lexicon(doc.lang)
    common_in_english = _Computed(english.is_common)  # each distinct word looked up once

    def words_of(i: int) -> list[Word]:
        return sentence_words(doc)[i]

    sentences = _TargetSentences(
        folds=sentence_folds,
        # The words as skeletons; for another script, no common English word in lowercase
        # (consonants alone would find "Бучі", bc, in "because").
        skeletons=_Computed(
            lambda i: frozenset(
                skeleton(folded[w.text])
                for w in words_of(i)
                if w.capitalised or not other_script or not common_in_english[w.lower]
            )
        ),
        # The capitalised words, loosely spelled (_spelled_natively): a name transliterated
        # from another script may be one the English spells in its own language; a Latin-script
        # source's name crosses as written ("Selarik" for "Sedlaříka" is misspelt).
        loose=_Computed(lambda i: frozenset(s for w in words_of(i) if w.capitalised for s in loosely[w.text])),
        # The lowercase words of six letters or more, loosely spelled: a source word borrowed
        # from English is translated back into it ("Турингу": touring).
        lower=_Computed(
            lambda i: frozenset(
                s for w in words_of(i) if not w.capitalised and len(w.text) >= LOANWORD_LETTERS for s in loosely[w.text]
            )
        ),
        # The capitalised words as their English spelling sounds ("Dowden" dauden, "Lightning"
        # laitning): an English name read back into the source's script (_heard_in_english);
        # and the names written in lowercase ("elon musk", "eastside": _lowercase_names).
        heard=_Computed(
            lambda i: frozenset(
                k
                for w in [w for w in words_of(i) if w.capitalised] + _lowercase_names(doc, words_of(i), english)
                for k in _heard_shapes(fold(w.text))
            )
        ),
        # The capitalised words inside the sentence: what a declined name is made of.
        named=_Computed(lambda i: frozenset(folded[w.text] for w in words_of(i) if w.capitalised and not w.initial)),
        acronyms=_Computed(lambda i: frozenset(w.text for w in words_of(i) if _acronym(w.text))),
        # Whether a common English word is capitalised inside it ("the Palace Bridge", "Gross
        # National Income"): the translation of a name made of words.
        translated_name=_Computed(
            lambda i: any(_capitalised_inside(w) and common_in_english[w.lower] for w in words_of(i))
        ),
        prefixes=target_prefixes,
        other_script=other_script,
    )

    @cache
    def capitals_within(window: tuple[int, ...]) -> tuple[Word, ...]:
        return tuple(w for i in window for w in sentence_words(doc)[i] if w.capitalised)

    def capitals_in(window: list[int]) -> tuple[Word, ...]:
        """The capitalised words of the window's sentences, each window read once, when a name
        first asks (_rendered_by_words, _possessive_of_name)."""
        return capitals_within(tuple(window))

    # The phrases of capitalised ordinary English words in each target sentence ("Shock Troops",
    # "Google Flights", "the Dust Devils"): where a name rendered by meaning stands.
    phrases: _Computed[int, list[frozenset[str]]] = _Computed(lambda i: _ordinary_phrases(doc, words_of(i), english))

    # The translation with spaces and punctuation gone: "RedmiAirDots2", "Flash BIOS" and
    # "USSRonaldReagan" hold a name however the MT spaced it.
    @cache
    def unspaced() -> str:
        return _UNSPACED.sub("", fold(doc.text))

    polite = {fold(p) for p in source.language.polite_pronouns}
    source_words = sentence_words(source)
    min_letters = rule.options["min-letters"]
    nouns_capitalised = source.language.capitalised_nouns
    beads = pairs(doc)

    def near_of(window: list[int]) -> _Near:
        return _Near(window, sentences)

    def meaning_in(index: int) -> _Meaning:
        """What the pair's source sentences may have had rendered by meaning; within the pair
        itself: a phrase in a neighbour answers for a name of its own."""
        near = nears[index]
        crossed = partial(_crossed, language=source.language, near=near) if other_script else None
        return _Meaning(
            source,
            [source_words[j] for j in beads[index].ref],
            [phrase for i in beads[index].hyp for phrase in phrases[i]],
            partial(_found, crossed=crossed, near=near.words, unspaced=unspaced),
            near.words,
        )

    # Each pair and its neighbours: an alignment may cut a sentence pair differently.
    nears: _Computed[int, _Near] = _Computed(
        lambda index: near_of([i for b in beads[max(0, index - 1) : index + 2] for i in b.hyp])
    )
    meanings = _Computed(meaning_in)
    english_starts: _Computed[int, tuple[int, int, list[float]] | None] = _Computed(
        lambda index: _sentence_starts(doc, source, beads[index], source_words)
    )

    @cache
    def paragraphs() -> tuple[dict[int, list[int]], dict[int, list[int]]]:
        """Each source paragraph's sentences and each translation paragraph's, read once, when
        a name first asks."""
        source_sentences: dict[int, list[int]] = {}
        for j, sentence in zip(range(len(source_words)), source.sentences):
            source_sentences.setdefault(sentence.block, []).append(j)
        sentences: dict[int, list[int]] = {}
        for i, sentence in enumerate(doc.sentences):
            sentences.setdefault(sentence.block, []).append(i)
        return source_sentences, sentences

    # Each source paragraph's words (how often each is written), counted when a name of it
    # first asks: counting the whole source's cost a named_in_paragraph 15 ms.
    said: _Computed[int, Counter[str]] = _Computed(
        lambda block: Counter(w.text for j in paragraphs()[0][block] for w in source_words[j])
    )

    def named_in_paragraph(bead: Bead, j: int, word: Word) -> bool:
        """The source names this again elsewhere in its paragraph, and the translation's paragraph
        has the name: one mention may be a pronoun ("— запитав Айворі" for "They asked", Ivory
        named two sentences on)."""
        sentences = paragraphs()[1]
        if said[source.sentences[j].block][word.text] < 2:
            return False
        blocks = sorted({doc.sentences[i].block for i in bead.hyp})
        return _crossed(_unmixed(word.text), source.language, near_of([i for b in blocks for i in sentences[b]]))

    reported: set[str] = set()
    for index, bead in enumerate(beads):
        near = nears[index]
        window = near.window
        crossed = partial(_crossed, language=source.language, near=near)
        names: list[str] = []
        for j in bead.ref:
            if latin_only:
                sentence = source.sentences[j]
                names.extend(
                    n
                    for n in _LATIN_NAME.findall(source.checked, sentence.start, sentence.end)
                    if len(n) >= min_letters
                    and not n.isupper()
                    and not english.is_common(n.lower())
                    and not _present(fold(n), target_words)
                    and _EMPHASIS.sub(r"\1", fold(n)) not in collapsed
                    and fold(n) not in unspaced()
                    and n not in names
                )
                continue
            words = source_words[j]
            if sum(w.capitalised for w in words) > 0.7 * len(words) > 2:
                continue  # a Title Case headline: its capitals say nothing
            for k, word in enumerate(words):
                if not word.capitalised:
                    continue
                text = _unmixed(word.text)
                lower = text.lower()
                if len(text) < min_letters or not text.isalpha() or text.isupper() or _declined_abbreviation(text):
                    continue
                if text.isascii() and other_script:
                    # A Latin-script name in another script: it crosses as it is, even first in a
                    # sentence; an English word ("Hello" in a Chinese chat) may be translated.
                    if (
                        not english.is_common(lower)
                        and not _present(fold(text), target_words)
                        and _EMPHASIS.sub(r"\1", fold(text)) not in collapsed
                        and fold(text) not in unspaced()
                        and text not in names
                    ):
                        names.append(text)
                    continue
                # The word's own tests first: a common word (most of a German text's capitals)
                # need not have where it stands read (each test is a plain yes or no).
                if (
                    word.initial
                    or _common_or_compound(text.casefold(), common)
                    or _inflected_common(lower, source.lang)
                    # A frequent word of a language mixed in, long enough to be no pet name
                    # frequent in both ("Коля", "Саша").
                    or (len(text) >= MIXED_MIN_LETTERS and any(text.casefold() in words for words in mixed_words))
                    or _after_semicolon(source, word)
                    or _where_english_begins(source, word, english_starts[index])
                    or _after_postscript(source, word)
                    or _after_leading_handles(source, words, word)  # "@user21 Plavu": the sentence opens
                    or _after_escaped_quote(source, word)
                    or _glued_head(source, word)
                    or _opens_numbered_clause(words, k)
                ):
                    continue
                if other_script:
                    if (
                        not _patronymic(lower)
                        and not _VERB_ENDING.search(lower)
                        and not crossed(text)
                        and not _lowercase_name(latin(lower, source.language), near.words)
                        and not (near.names_translated and _adjective(source, words, k))
                        and not _form_of_address(source, words, k)
                        and not _middle_name(source, words, k, crossed, doc, window)
                        and not _given_name_added(source, words, k, crossed, near.named)
                        and not _translated_word(lower, source.lang, doc, window)
                        and not _spelled_acronym(source, words, k, near.acronyms)
                        and not meanings[index].rendered(words, k)
                        and not _rendered_by_words(source, words, k, capitals_in(window))
                        and text not in names
                        and not named_in_paragraph(bead, j, word)
                        and not _heard_joined(source, words, k, near.heard)
                    ):
                        names.append(text)
                    continue
                if nouns_capitalised and not _lone_name(source, words, k, target_words, common):
                    continue
                if not nouns_capitalised and _capitalised_by_style(source, words, k, common):
                    continue
                if fold(lower) in polite or _declined_name(lower, source.language.name_endings, near.named):
                    continue
                if _given_name_added(source, words, k, partial(_present_folded, words=target_words), near.named):
                    continue
                # Declined where English is not ("v Brně": Brno): the consonants agree.
                if (
                    not _present(fold(text), target_words)
                    and not _exonym_present(lower, source.lang, target_prefixes, near.words)
                    and not _demonym_present(source, words, k, near.words)
                    and not _latin_place_adjective_present(lower, source.lang, near.words)
                    and not _possessive_of_name(lower, source.lang, capitals_in(window))
                    and not any(_present(t, near.words) for t in _english_transcriptions(lower, source.lang))
                    and not ((sounded := _sounded(lower, source.lang)) and _heard_in_english(sounded, near.all_heard))
                    and not _translated_word(lower, source.lang, doc, window)
                    and not _declined_unspaced(fold(text), _UNSPACED.sub("", fold(_window_text(doc, window))))
                    and not _spelled_acronym(source, words, k, near.acronyms)
                    and not (not nouns_capitalised and meanings[index].rendered(words, k))
                    and not (not nouns_capitalised and _rendered_by_words(source, words, k, capitals_in(window)))
                    and text not in names
                    and (nouns_capitalised or not near.same_name_as(skeleton(fold(text))))
                ):
                    names.append(text)
        # A word missing again and again is reported where it first goes missing: a contract's
        # defined terms ("Zhotovitel", "Objednatele": the Contractor, the Client) are
        # capitalised in every sentence and translated in every one (WMT21 cs-en).
        names = [name for name in names if _stem(name) not in reported]
        if names:
            start, end = span(doc, bead.hyp)
            for name in names:
                reported.add(_stem(name))
                yield Hit(start, end, data={"name": name})


# Latin letters that look like Cyrillic ones, as OCR and careless typing put them inside a
# Cyrillic word ("Євроcоюз" with a Latin c): read as the Cyrillic letters they look like.
_LOOKALIKE_LETTERS = frozenset("aceiopxyABCEHIKMOPTX")
_LOOKALIKES = str.maketrans("aceiopxyABCEHIKMOPTX", "асеіорхуАВСЕНІКМОРТХ")


@lru_cache(maxsize=1 << 14)
def _unmixed(text: str) -> str:
    """The word with Latin lookalikes read as Cyrillic when it is mostly Cyrillic ("Євроcоюз",
    not the brand "РrоUkrаїnu")."""
    if text.isascii() or _LOOKALIKE_LETTERS.isdisjoint(text):
        return text  # nothing to read otherwise: its letters need not be counted
    letters = script_letters(text)
    return text.translate(_LOOKALIKES) if letters["Cyrillic"] > letters["Latin"] else text


# The end of a sentence with no space before the next ("Салман!Осуджений", "Smrt!!!Nevyhnutelná",
# "хвора?!Рецидив", "місця.Ескіз"; a full stop only after a lowercase letter, not "F. L.Pocty"),
# a quotation closed after its full stop, in any quoting style ("Declan.“  Úsměvně", where
# “ closes a Czech quotation and opens an English one), or markdown's bold at a line's start
# ("**Рухами показує"), an ellipsis of full stops ("Pozor...Páchne"), or an item's number in a
# list run into the sentence ("Недоліками є: 1) Вібраційний ефект"): the sentence splitter reads
# no new sentence, but the capital is a sentence's.
_GLUED_END = compile_pattern(
    r"(?:[!?…]|(?<=\p{Ll})\.|\.\.)[\"”»’)]*$|[.!?…][\"”“»’]+\s+$|(?:^|\n)\*\*$|(?:^|[\s:;(])\d{1,2}\)\s+$"
)


def _glued_head(doc: Document, word: Word) -> bool:
    return bool(_GLUED_END.search(doc.text, max(0, word.start - 8), word.start)) or _after_town_dash(doc, word)


# A paragraph opened by a town and a dash, as Czech news writes a dateline ("Břeclav – Plamínek
# zažehnutý v Betlémě": the little flame); the capital after it is a sentence's.
_TOWN_DASH = compile_pattern(r"(?:^|\n)\p{Lu}[\p{L}\-]+(?: \p{Lu}[\p{L}\-]+){0,2} [–—] $")
TOWN_DASH_LETTERS = 40


def _after_town_dash(doc: Document, word: Word) -> bool:
    return bool(_TOWN_DASH.search(doc.text, max(0, word.start - TOWN_DASH_LETTERS), word.start))


def _declined_name(word: str, endings: tuple[str, ...], named: Set[str]) -> bool:
    """A name with an ending the language adds ("ryeho", "aschovými") whose rest the aligned
    sentences have as a name (Ry, Asch): longer endings than _present allows for ("Putins").
    The English name may end in letters the source drops before its ending: a plural's s
    ("Sikhové": Sikhs), a Latin or Greek -us, -os, -es ("Aeschylova": Aeschylus's), the h of
    kh ("v Ladaku": Ladakh)."""
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            stem = fold(word[: -len(ending)])
            if stem in named or len(stem) >= DROPPED_TAIL_STEM and any(stem + tail in named for tail in _DROPPED_TAILS):
                return True
    return False


_DROPPED_TAILS = ("s", "es", "us", "os", "h")
DROPPED_TAIL_STEM = 4  # letters: a shorter stem with a tail is too often another name ("Ivo": Ivos)


def _opens_numbered_clause(words: list[Word], k: int) -> bool:
    """The first word after a clause's number ("3. Poruší-li", "8.3 Nájemce"): capitalised
    as a sentence's first word is (WMT21 cs-en contracts)."""
    return 0 < k <= 3 and words[0].initial and all(w.text.isdigit() for w in words[:k])


def _stem(name: str) -> str:
    """A name less its case ending, to know it again declined ("Objednatele", "Objednateli")."""
    return fold(name)[:STEM_LETTERS]


_UNSPACED = compile_re(r"[\W_]+")
CASE_ENDING = 3  # letters a source name may carry beyond the English spelling ("Эрнандес-а", "Сайлон-ами")
ONE_EDIT_FROM = 5  # letters from which a spelling one letter apart is the same name ("Vosap", "Whatsap")
LOANWORD_LETTERS = 6  # a shorter lowercase word is too often a transliteration's lookalike ("bucha", "because")


def _spelled_natively(source_name: str, target_loose: frozenset[str]) -> bool:
    """A capitalised word nearby spells the source name as its own language does ("Recep"
    for "Реджеп", "Kılıç" for "Кылыч", "Hernandez" for "Эрнандеса", "Vahan" for "Ваану"):
    the loose spellings agree, less a case ending, or are one letter apart in a longer name.
    English may put it in the plural where the source declines it ("Альпах": the Alps,
    "Сайлонами": the Cylons)."""
    if not target_loose:
        return False
    singular = target_loose | {w[:-1] for w in target_loose if len(w) > 3 and w[-1] == "s"}
    for spelled in loose_spellings(source_name):
        for cut in range(CASE_ENDING + 1):
            stem = spelled[: len(spelled) - cut]
            if len(stem) < 3:
                break
            if stem in singular:
                return True
            if len(stem) >= ONE_EDIT_FROM and any(
                w[0] == stem[0] and one_edit_apart(stem, w) for w in singular if abs(len(w) - len(stem)) <= 1
            ):
                return True
    return False


def _lowercase_name(spelled: str, target_near: Set[str]) -> bool:
    """A name the translation writes in lowercase ("in ebay's case", "Ебаєм"): the
    transliteration, less a case ending of up to three letters, is a word nearby of four
    letters or more, exactly (one letter apart is _loanword_present's, for longer words)."""
    return any(spelled[: len(spelled) - cut] in target_near for cut in range(4) if len(spelled) - cut >= 4)


def _loanword_present(source_name: str, target_lower: frozenset[str]) -> bool:
    """A source word borrowed from English, capitalised as a name, that the translation gives
    back as the English word ("Турингу", a racing class: "touring"): its loose spelling, less
    a case ending of up to two letters, is one letter from a lowercase word nearby."""
    if not target_lower:
        return False
    for spelled in loose_spellings(source_name):
        for cut in range(3):
            stem = spelled[: len(spelled) - cut]
            if len(stem) < LOANWORD_LETTERS - 1:
                break
            if any(w[0] == stem[0] and one_edit_apart(stem, w) for w in target_lower if abs(len(w) - len(stem)) <= 1):
                return True
    return False


# English spelling read as it sounds, for an English name transliterated into the source's
# script and read back ("Дауден" Dowden, "Лайтнинг" Lightning, "Уивинг" Weaving, "Хосепа"
# Josep, "Пенс" Pence, "Анджелина" Angelina, "Родс" Rhodes): silent gh and the h of wh and rh
# gone, w a vowel, gn a palatal n, every run of vowels one sound; j read as dzh, zh (French)
# or a Spanish kh; ch as ch (read kh) or a French sh ("Хишем" Hichem, "Эсхил" Aeschylus);
# c before i and a vowel as sh ("Ассошиэйтед" Associated); a final e silent or
# not; g before e, i, y hard or soft.
_ENGLISH_FOLDS = (
    ("igh", "ai"),
    ("wh", "w"),
    ("rh", "r"),
    ("gn", "ni"),
    ("ph", "f"),
    ("ck", "k"),
    ("th", "t"),
    ("qu", "kv"),
    ("q", "k"),
    ("x", "ks"),
)
_CH_SOUNDS = ("ch", "sh")
_C_AS_SH = compile_re(r"c(?=i[aeou])")
# Letters of European names that Unicode does not decompose into a base letter and a mark
# ("Søndre": Сюндре), read as the plain letter transliterations write for them.
_PLAIN_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ß": "ss", "ı": "i"})
_SOFT_C_SOUND = compile_re(r"c(?=[eiy])")
_SOFT_G_SOUND = compile_re(r"(?<!g)g(?=[eiy])")
_SILENT_E = compile_re(r"(?<=[^aeiouyw])e(?=s?$)")
_VOWEL_RUN = compile_re(r"[aeiouyw]+")
HEARD_CONSONANTS = 2  # a name of one consonant sound ("Ия", "Ева") matches too many words


def _sound_key(text: str) -> str:
    """Consonants as they sound, each run of vowels one "a": "dowden" and "dauden" give "dadan";
    dzh one sound, j, so that its h is no other h ("Mudžádu" is not Mujahed)."""
    text = _SOFT_C_SOUND.sub("s", text).replace("c", "k")
    # dzh once the doubles are gone: "hedge" reads heddzh.
    return _DOUBLE.sub(r"\1", _VOWEL_RUN.sub("a", text)).replace("dzh", "j")


@lru_cache(maxsize=4096)
def _english_readings(word: str) -> frozenset[str]:
    """The sound keys an English-spelled capitalised word may be read with."""
    word = word.translate(_PLAIN_LETTERS)
    if not word.isascii() or not word.isalpha() or len(word) > LOOSE_LONGEST:
        return frozenset()
    if word.startswith("mc"):
        word = "mak" + word[2:]  # "McEwan": Макьюэн
    elif word.startswith(("kn", "wr")):
        word = word[1:]  # silent: "Knox" Нокс, "Wright" Райт
    for spelled, folded in _ENGLISH_FOLDS:
        word = word.replace(spelled, folded)
    words = {word, _C_AS_SH.sub("sh", word)}
    if "ch" in word:
        words |= {w.replace("ch", sound) for w in words for sound in _CH_SOUNDS}
    words = {_SOFT_C_SOUND.sub("s", w) for w in words}  # before a silent e goes: "pence" is pens
    spellings = words | {_SILENT_E.sub("", w) for w in words}
    spellings |= {_SOFT_G_SOUND.sub("dzh", s) for s in spellings}
    return frozenset(_sound_key(s.replace("j", j)) for s in spellings for j in ("dzh", "zh", "h"))


def _heard_in_english(source_name: str, target_heard: frozenset[str]) -> bool:
    """An English name transliterated in the source and given back in English nearby: the
    source name, less a case ending, has the consonant sounds of a capitalised word nearby,
    in the same order, beginning and ending with a vowel where it does, an English plural's
    or French silent s aside ("Уиллис" Willis, "Уайтли" Whiteley, "Канны" Cannes, "Жюль"
    Jules). A misspelt rendering has other consonants ("Тищенков" Tiuchkov, "Лэмпард"
    Lambard); one that sounds the same ("Мэйс" Mace for Jayma Mays) passes."""
    if not target_heard:
        return False
    for reading in _source_readings(source_name.replace("'", "")):
        for cut in range(CASE_ENDING + 1):
            stem = reading[: len(reading) - cut]
            if len(stem) < 3:
                break
            if cut and reading[len(stem)] == "h" and stem[-1] in "cdksz":
                continue  # no ending begins inside ch, kh, sh, zh ("Řezáče" less "he" is no "Rezac")
            key = _sound_key(stem)
            if len(key) - key.count("a") >= HEARD_CONSONANTS and _sound_shape(key) in target_heard:
                return True
    return False


def _source_readings(name: str) -> set[str]:
    """The source name's letters read as the English letters they may stand for."""
    # kh is English h ("Хизер" Heather) or an English ch or kh ("Эсхил" Aeschylus).
    names = {name, name.replace("kh", "h")}
    # The source's letters for English w and th: v before a vowel ("Двайт" Dwight, "Едвардс"
    # Edwards), f ("Фассалін" Thassalin), z for a voiced th ("Хизер", "Хезер" Heather).
    readings = {w for n in names for w in (n, _W_AS_V.sub("u", n))}
    readings |= {reading.replace("f", "t") for reading in readings}
    if "z" in name:
        readings |= {reading.replace("z", "t") for reading in readings}
    return readings


_W_AS_V = compile_re(r"v(?=[aeiouy])")


def _sound_shape(key: str) -> str:
    """A sound key's consonants, and whether it begins and ends with a vowel: "alas" is "<ls".
    English s often sounds z ("Josie": Жозі), so the two are one."""
    consonants = _DOUBLE.sub(r"\1", key.replace("a", "").replace("z", "s"))
    return ("<" if key[0] == "a" else "") + consonants + (">" if key[-1] == "a" else "")


@lru_cache(maxsize=4096)
def _heard_shapes(word: str) -> frozenset[str]:
    """The sound shapes of a capitalised English word, with a final s silent or not, and
    without the Latin or Greek -us that Russian drops ("Эсхил": Aeschylus)."""
    shapes = set()
    for key in _english_readings(word):
        shapes.add(_sound_shape(key))
        if key.endswith("s") and len(key) > 2:
            shapes.add(_sound_shape(key[:-1]))
        if word.endswith("us") and len(key) > 4:
            shapes.add(_sound_shape(key[:-2]))
    return frozenset(shapes)


# A Russian or Ukrainian adjective made of a place or a people with -ск- ("Ливийской" Libyan,
# "Бурятського" Buryat): the stem before it, not the adjective, is what English keeps.
_PLACE_ADJECTIVE = compile_re(
    r"(?:сь|с|ць|ц)к(?:ий|ый|ой|ая|ое|ие|ые|ого|ому|ым|ом|ую|их|ими|ыми|ых|ей|ее|ою|а|е|і|ій|у|им|ої)$"
)
PLACE_STEM = 4  # letters: a shorter stem ("Ок-ское") begins too many words


def _place_adjective(word: str, lang: Language, target_loose: frozenset[str]) -> bool:
    """An adjective of a place or people whose English form begins a capitalised word nearby
    (the stem's loose spelling one letter from its start): "Ливийской" and "Libyan",
    "Бурятского" and "Buryat". A surname of the same shape ("Зеленский") is still missing
    when no capitalised word begins with its stem ("elensky")."""
    match = _PLACE_ADJECTIVE.search(word)
    if match is None or not target_loose:
        return False
    base = word[: match.start()]
    # "Ливий-ская": the й of the place's name goes before -ск-.
    for stem in {s for form in {base, base.rstrip("й")} for s in loose_spellings(latin(form, lang))}:
        if len(stem) < PLACE_STEM:
            continue
        if any(w[0] == stem[0] and one_edit_apart(stem, w[: len(stem)]) for w in target_loose if len(w) >= len(stem)):
            return True
    return False


# A Russian or Ukrainian adjective by its long ending ("Дворцового", "Валовый"): capitalised,
# it opens a name made of words, which English translates ("the Palace Bridge"). Not -ий and
# -ей (Дмитрий, Алексей: first names), -ых and -их (Черных: surnames), nor the surnames'
# shapes: -ск- and -цк- (_PLACE_ADJECTIVE: Зеленского), -овой, -евой, -иной, -овым (Ивановой).
_ADJECTIVE = compile_re(r"(?:ый|ые|ого|его|ому|ему|ым|ую|юю|яя|ыми|ими|ої)$")
# Endings that nouns have too ("Ольгой", "Николая", "Андрее", "Оленою"; -ним of a soft
# adjective, "Зимним театром", and of "Ганним"): an adjective only before the lowercase noun
# it qualifies ("Спасательной службы", "Десятинная церковь").
_NOUN_OR_ADJECTIVE = compile_re(r"(?:ой|ая|ое|ее|ою|ним)$")
_SURNAME_CASE = compile_re(r"(?:ов|ев|ёв|ин|ын|їн)(?:ой|ым|ою|ої)$")
QUALIFIED_NOUN = 4  # letters: a shorter word after it is a preposition or a particle ("на", "же")


def _adjective(source: Document, words: list[Word], k: int) -> bool:
    """Is the k-th word of the source sentence a Russian or Ukrainian adjective (no surname's shape)?"""
    word = words[k].lower
    if _SURNAME_CASE.search(word) or _PLACE_ADJECTIVE.search(word):
        return False
    if _ADJECTIVE.search(word):
        return True
    following = words[k + 1] if k + 1 < len(words) else None
    return bool(
        _NOUN_OR_ADJECTIVE.search(word)
        and following is not None
        and not following.capitalised
        and len(following.text) >= QUALIFIED_NOUN
        and following.text.isalpha()
        and _adjacent(source, words[k], following)
    )


# A title capitalised out of respect after a possessive ("Ваше Превосходительство", "Его
# Величества", "Вашої Світлості": Your Excellency, His Majesty's): translated, no name.
_POSSESSIVES = frozenset("ваше ваша вашего вашей вашему вашим вашу вашої вашій его её ее их його її їх".split())
_TITLE_OF_ADDRESS = compile_re(r"(?:ств|ост|іст|ородие|ородия|ородию)\w{0,3}$")


def _form_of_address(source: Document, words: list[Word], k: int) -> bool:
    return (
        k > 0
        and words[k - 1].lower in _POSSESSIVES
        and bool(_TITLE_OF_ADDRESS.search(words[k].lower))
        and _adjacent(source, words[k - 1], words[k])
    )


_SENTENCE_ENDS = frozenset(".!?…")
# Letters: "Ministry" and "Министерстве" (ministerstve) begin alike; a shorter word ("No",
# "Sea", "Kos") says too little to stand for a name.
PHRASE_PREFIX = 4
# Words that may join the capitalised words of one English name ("Ministry of Defence").
_NAME_LINKS = frozenset({"of", "the", "and", "for"})


def _capitalised_inside(word: Word) -> bool:
    """A word capitalised inside its sentence, in letters and not all in capitals: where a
    name stands."""
    return word.capitalised and not word.initial and word.text.isalpha() and not word.text.isupper()


def _ordinary_phrases(doc: Document, words: list[Word], english: Lexicon) -> list[frozenset[str]]:
    """The runs of capitalised words inside the sentence that hold ordinary English words of
    PHRASE_PREFIX letters or more ("Shock Troops", "Google Flights", "the Ministry of Defence"),
    each as the starts of those words; none in a Title Case headline, whose capitals say nothing (a
    sentence with a full stop is none: "All hail King Stumpy.")."""
    if words and sum(w.capitalised for w in words) > 0.7 * len(words) > 2:
        if doc.text[words[-1].end : words[-1].end + 1] not in _SENTENCE_ENDS:
            return []
    phrases: list[frozenset[str]] = []
    ordinary: set[str] = set()
    previous = None
    for word in words:
        if _capitalised_inside(word):
            if previous is not None and not _joined(doc, previous, word):
                phrases += [frozenset(ordinary)] if ordinary else []
                ordinary = set()
            if len(word.text) >= PHRASE_PREFIX and _ordinary_english(word.lower, english):
                ordinary.add(word.lower[:PHRASE_PREFIX])
            previous = word
        elif previous is not None and word.lower not in _NAME_LINKS:
            phrases += [frozenset(ordinary)] if ordinary else []
            ordinary, previous = set(), None
    return phrases + ([frozenset(ordinary)] if ordinary else [])


def _ordinary_english(word: str, english: Lexicon) -> bool:
    """An English word used in lowercase, or the plural of one ("sentinels")."""
    return (
        english.is_common(word) or is_lowercase_word("en", word) or word.endswith("s") and english.is_common(word[:-1])
    )


def _joined(doc: Document, first: Word, second: Word) -> bool:
    """Are these capitalised words parts of one name: side by side, hyphenated, or linked by
    "of" or "the" ("Tool-Assisted", "Ministry of Defence")?"""
    between = doc.text[first.end : second.start]
    return between in (" ", "-") or between.strip().lower() in _NAME_LINKS and between.startswith(" ")


def _found(text: str, crossed: Callable[[str], bool] | None, near: Set[str], unspaced: Callable[[], str]) -> bool:
    """Does the translation have this source word as a name (_crossed for another script)?"""
    if crossed is not None and not text.isascii():
        return crossed(_unmixed(text))
    return _present(fold(text), near) or fold(text) in unspaced()


WORD_STEM = 5  # letters: a word less a case ending of one or two ("barmane": barman)


class _Meaning:
    """A name the MT rendered by its meaning ("Штурмовики": Shock Troops, "король Пень": King
    Stumpy, "Pařez": Stumpy): the capitalised source word is a word of the language, and the
    aligned English has at least as many capitalised phrases of ordinary words as the source
    sentences have runs of capitalised words it lacks, leaving out a phrase a capitalised source
    word begins as ("the Ministry of Defence", "Министерстве обороны": transliterated, not
    rendered by meaning). A dropped surname that is also a word ("Соболь") is still reported
    when the English has no phrase to spare for it, and so is one after a first name ("Jan
    Malířem" as "Jan the Painter"), a name English knows or a place of the exonym list, which
    the word lists hold too (wordfreq folds case): "Спрингфилд" for Jump City, "Alana",
    "Камбоджи", and an English word left as it is ("Meadows")."""

    def __init__(
        self,
        source: Document,
        sentences: list[list[Word]],
        phrases: list[frozenset[str]],
        found: Callable[[str], bool],
        verbatim: Set[str],
    ):
        self.source, self.sentences, self.phrases, self.found = source, sentences, phrases, found
        self.verbatim = verbatim  # the aligned translation's words, folded
        self.unmatched: int | None = None
        self.english_phrases = 0

    def rendered(self, words: list[Word], k: int) -> bool:
        listed = _word_of_language(words[k].lower, self.source.lang)
        if (
            not self.phrases
            or not (listed or any(stem in _less_frequent_stems(self.source.lang) for stem in _stems(words[k].lower)))
            or _after_first_name(self.source, words, k)
            or _known_name(words[k].lower, self.source.language)
            or _hyphenated(self.source, words, k)
            or _place(words[k].lower, self.source.lang)
            or (words[k].text.isascii() and words[k].lower in lexicon("en").words)
        ):
            return False
        if self._half_rendered(words, k):
            return True  # a case form the lists lack is enough here: half the name crossed as it is
        if not listed:
            return False
        if self.unmatched is None:
            self.unmatched = sum(_unmatched_runs(self.source, words, self.found) for words in self.sentences)
            # Ukrainian г is h, and g in a loan from English ("Агентство": agency).
            starts = {
                start[:PHRASE_PREFIX]
                for words in self.sentences
                for w in words
                if w.capitalised
                for start in (
                    latin(w.lower, self.source.language),
                    latin(w.lower, self.source.language).replace("h", "g"),
                )
            }
            self.english_phrases = sum(phrase.isdisjoint(starts) for phrase in self.phrases)
        return 0 < self.unmatched <= self.english_phrases

    def _half_rendered(self, words: list[Word], k: int) -> bool:
        """A run of capitalised words the translation has in part as it is and in part by meaning
        ("Google Авіаквитках": Google Flights): an English phrase holds the start of a word of the
        run that the translation has as it is written and an ordinary word that no word of the run
        begins as. A title the translation renders ("Министр Соболь": the minister) is no such word."""
        run = _capitalised_run(self.source, words, k)
        starts = {latin(words[i].lower, self.source.language)[:PHRASE_PREFIX] for i in run}
        kept = {
            latin(words[i].lower, self.source.language)[:PHRASE_PREFIX]
            for i in run
            if i != k and fold(words[i].text) in self.verbatim
        }
        return bool(kept) and any(not phrase.isdisjoint(kept) and not phrase <= starts for phrase in self.phrases)


def _after_first_name(source: Document, words: list[Word], k: int) -> bool:
    """Does a first name or a form of address stand before the word ("Jan Malířem", "мисс Рона")?"""
    if k == 0 or not _adjacent(source, words[k - 1], words[k]):
        return False
    if words[k - 1].lower in source.language.name_titles:
        return True
    if not words[k - 1].capitalised:
        return False
    spelled = fold(latin(words[k - 1].lower, source.language))
    return any(
        is_first_name("en", form) for form in [spelled] + [spelled[:-cut] for cut in (1, 2) if len(spelled) - cut >= 3]
    )


NAME_LETTERS = 4  # shorter names are words as often ("pen": Pen, a stump)
NAME_SKELETON = 5  # letters of a skeleton: shorter ones are shared by names and words


@cache
def _english_names() -> tuple[Set[str], Set[str]]:
    """English first names and the words English writes capitalised (lexicon kind P:
    "maguire", "springfield"), loosely spelled, and their skeletons (same_name's spelling) of
    NAME_SKELETON letters or more."""
    files = [data_file("en", name) for name in ("common-words.tsv", "word-frequencies.tsv", "first-names.tsv")]
    return _data_built("english-name-spellings", files, _english_name_spellings)


def _english_name_spellings() -> tuple[set[str], set[str]]:
    english = lexicon("en").words
    names = first_names("en") | {word for word, entry in english.items() if entry.endswith("\tP")}
    # English writes the long i as ie, ee or ea, which a transliteration reads back as i
    # ("Спрингфилд": Springfield).
    names |= {_LONG_I.sub("i", name) for name in names}
    loose = {s for name in names for s in loose_spellings(name)}
    skeletons = {k for k in map(skeleton, names) if len(k) >= NAME_SKELETON}
    return loose, skeletons


def _data_built(kind: str, files: Iterable[Path], build: Callable[[], _Built]) -> _Built:
    """`build()` of these data files, kept in the user's cache folder (list_cache) and made
    with the rule's timer paused: once per process, not the document's work. Built on each
    run, the English names' spellings alone cost SR107 0.3 s of CPU on the first document."""
    code = (Path(__file__), Path(transliteration.__file__), Path(name_lists.__file__))  # what makes the sets
    with untimed():
        return cached_lists(kind, (*files, *code), build)


_LONG_I = compile_re(r"ie|ee|ea")


def _known_name(word: str, language: Language) -> bool:
    """Is the word, read in Latin letters and less a case ending of up to two letters, an
    English name ("Альфонс": Alfons, "Едуарди": Eduard, "Спрингфилд": Springfield)?"""
    loose, skeletons = _english_names()
    spelled = latin(word, language)
    forms = [form for form in (spelled, spelled[:-1], spelled[:-2]) if len(form) >= NAME_LETTERS]
    return any(s in loose for form in forms for s in loose_spellings(form)) or any(
        len(k) >= NAME_SKELETON and k in skeletons for k in map(skeleton, forms[:2])
    )


def _place(word: str, language: str) -> bool:
    """A place of the language's exonym list in any case ("Камбоджи": Cambodia)."""
    return any(_declined(form, word) for form, _ in _name_table(language, ("exonyms.tsv",)).get(word[:3], ()))


def _hyphenated(source: Document, words: list[Word], k: int) -> bool:
    """Is the word hyphenated to a capitalised one, as a transliterated place is ("Вест-Хейвене":
    West Haven), which a rendering by meaning is not?"""
    return any(
        0 <= other < len(words)
        and words[other].capitalised
        and source.text[words[min(k, other)].end : words[max(k, other)].start] == "-"
        for other in (k - 1, k + 1)
    )


def _heard_joined(source: Document, words: list[Word], k: int, target_heard: frozenset[str]) -> bool:
    """The capitalised words hyphenated to the k-th, run together ("Іст-Сайді": ІстСайді), sound
    as one word of the translation does ("eastside"), whole: a first part alone ("Порт-Уэнтоу"
    and Port Wentworth) says nothing of the rest."""
    joined = _hyphen_joined(source, words, k)
    return bool(joined) and _heard_in_english(latin(joined.lower(), source.language), target_heard)


def _hyphen_joined(source: Document, words: list[Word], k: int) -> str:
    """The k-th word run together with the capitalised words hyphenated to it; "" if none are."""
    run = _capitalised_run(source, words, k, lambda _, a, b: source.text[a.end : b.start] == "-")
    return "".join(_unmixed(words[i].text) for i in run) if len(run) > 1 else ""


def _word_of_language(word: str, language: str) -> bool:
    """A word form of the language, or one less a case ending ("barmane": barman)."""
    frequent, less_frequent = frequent_forms(language).words, _less_frequent_forms(language)
    forms = [word] + [word[:-cut] for cut in (1, 2) if len(word) - cut >= WORD_STEM]
    return any(form in frequent or form in less_frequent for form in forms)


@cache
def _less_frequent_forms(language: str) -> Container[str]:
    with untimed():  # read once per process: not the document's work
        return less_frequent_lookup(language)


@cache
def _less_frequent_stems(language: str) -> Set[str]:
    """Stems of the language's less frequent word forms (_stems), as _common_stems of the frequent:
    another case form of a listed word ("авіаквитках": авіаквитків), or of a listed name."""
    (stems,) = _data_built(
        f"less-frequent-stems-{language}",
        [data_file(language, "less-frequent-words.tsv")],
        lambda: ({stem for word in less_frequent_forms(language) for stem in _stems(word)},),
    )
    return stems


def _unmatched_runs(source: Document, words: list[Word], found: Callable[[str], bool]) -> int:
    """Runs of capitalised words inside the sentence with a word the translation lacks."""
    count, missing, previous = 0, False, None
    for word in words:
        if not _capitalised_inside(word) or _after_leading_handles(source, words, word):
            count += missing
            missing, previous = False, None
            continue
        if previous is None or not _joined(source, previous, word):
            count += missing
            missing = False
        missing = missing or (len(word.text) > 1 and not found(word.text))
        previous = word
    return count + missing


ACRONYM_LETTERS = 6


def _acronym(text: str) -> bool:
    return 2 <= len(text) <= ACRONYM_LETTERS and text.isalpha() and text.isupper()


def _spelled_acronym(source: Document, words: list[Word], k: int, target_acronyms: Set[str]) -> bool:
    """The k-th word is in a run of capitalised words that spells out an acronym: one the source
    puts before it in brackets, which the run's initials spell ("TAS (Tool-Assisted Speedrun)"),
    or one the English nearby has and the source lacks, with a letter for each word and the
    first word's initial ("Нового Південного Уельсу": NSW)."""
    run = [words[i] for i in _capitalised_run(source, words, k)]
    if len(run) < 2 or any(not w.text.isalpha() for w in run):
        return False
    glossed = _GLOSSED_ACRONYM.search(source.text, max(0, run[0].start - ACRONYM_LETTERS - 3), run[0].start)
    if glossed is not None:
        return fold(glossed.group(1)) == "".join(fold(w.text[0]) for w in run)
    initials = _loose_initials(run[0].text, source.language) | {fold(run[0].text[0])}
    return any(
        len(acronym) == len(run) and acronym[0].lower() in initials and acronym not in source.text
        for acronym in target_acronyms
    )


def _capitalised_run(
    source: Document,
    words: list[Word],
    k: int,
    linked: Callable[[Document, Word, Word], bool] = _joined,
) -> range:
    """The run of capitalised words that holds the k-th, each linked to the next (by default
    side by side or joined: _joined)."""
    first = last = k
    while first > 0 and words[first - 1].capitalised and linked(source, words[first - 1], words[first]):
        first -= 1
    while last + 1 < len(words) and words[last + 1].capitalised and linked(source, words[last], words[last + 1]):
        last += 1
    return range(first, last + 1)


# Mentions opening a sentence ("@user34 Skoro slyším"): the word after them opens it.
_LEADING_HANDLES = compile_re(r"(?:@\w+[ ,]*)+$")


def _after_leading_handles(source: Document, words: list[Word], word: Word) -> bool:
    start = words[0].start - (source.text[words[0].start - 1 : words[0].start] == "@")
    return word is not words[0] and _LEADING_HANDLES.match(source.text, start, word.start) is not None


_GLOSSED_ACRONYM = compile_re(r"\b(\w{2,6}) ?\($")
# A postscript's mark ("PS Najměte si mě", "P.S. Díky"): the word after it opens a sentence.
_POSTSCRIPT = compile_re(r"(?:^|[\s(])P\.? ?(?:P\.? ?)?S\.?[:,]? +$")


# A quotation mark written as an HTML character reference at a sentence's start ("&quot;Stoupni
# dál.", 'Eirwen.&quot; Vychrlil'): the words are read as words, so the sentence seems to go on.
_ESCAPED_OPENING = compile_re(r"(?:^|[.!?…]\s*)(?:&(?:quot|#34|#39|apos);\s*)+$", re.M)


def _after_escaped_quote(source: Document, word: Word) -> bool:
    start = max(0, word.start - 16)
    return (
        "&" in source.text[start : word.start] and _ESCAPED_OPENING.search(source.text, start, word.start) is not None
    )


def _after_semicolon(source: Document, word: Word) -> bool:
    """The word opens a clause after a semicolon ("вариантом; Пробираясь", "прихожей; Плинтусы"),
    which a writer or an MT may capitalise as a sentence's first word."""
    return source.text[max(0, word.start - 3) : word.start].rstrip().endswith(";")


SENTENCE_START_SLACK = 0.1  # share of the text: where a sentence begins on the other side


def _sentence_starts(
    doc: Document, source: Document, bead: Bead, source_words: list[list[Word]]
) -> tuple[int, int, list[float]] | None:
    """Where the aligned English begins sentences the source does not (it has more of them than
    the source has, counting those the splitter missed: "победило.Где", glued): the source's
    span and those starts as shares of the English span (_where_english_begins)."""
    if len(bead.hyp) <= len(bead.ref):
        return None  # the glued heads are counted only where the English has more sentences
    hidden = sum(_glued_head(source, w) for j in bead.ref for w in source_words[j][1:])
    if len(bead.hyp) <= len(bead.ref) + hidden:
        return None
    first, last = doc.sentences[bead.hyp[0]].start, doc.sentences[bead.hyp[-1]].end
    shares = [(doc.sentences[i].start - first) / max(1, last - first) for i in bead.hyp[1:]]
    start, end = source.sentences[bead.ref[0]].start, source.sentences[bead.ref[-1]].end
    return start, end - start, shares


def _where_english_begins(source: Document, word: Word, starts: tuple[int, int, list[float]] | None) -> bool:
    """A word of the language capitalised where the aligned English begins a sentence the source
    runs on ("nevyslyšeny Neochota věřit": "unheeded. An unwillingness"; "Series X. Proberu",
    read as an initial: "Series X. I'm also going"): the MT dropped or hid a full stop, and the
    word opens a sentence (a name English knows or a place is still one)."""
    if starts is None:
        return False
    start, length, shares = starts
    share = (word.start - start) / max(1, length)
    return (
        any(abs(share - other) <= SENTENCE_START_SLACK for other in shares)
        and _word_of_language(word.lower, source.lang)
        and not _known_name(word.lower, source.language)
        and not _place(word.lower, source.lang)
    )


def _lowercase_names(doc: Document, words: list[Word], english: Lexicon) -> list[Word]:
    """The sentence's names written in lowercase ("elon musk", "eastside"): lowercase words of
    NAME_LETTERS or more that are no common English word, and a word beside one of those
    ("musk", a common word, after "elon")."""
    uncommon = [
        len(w.text) >= NAME_LETTERS
        and w.text.isascii()
        and w.text.isalpha()
        and not w.capitalised
        and not english.is_common(w.lower)
        for w in words
    ]
    return [
        w
        for k, w in enumerate(words)
        if not w.capitalised
        and w.text.isalpha()
        and (
            uncommon[k]
            or any(
                uncommon[o] and _adjacent(doc, words[min(k, o)], words[max(k, o)])
                for o in (k - 1, k + 1)
                if 0 <= o < len(words)
            )
        )
    ]


def _after_postscript(source: Document, word: Word) -> bool:
    return _POSTSCRIPT.search(source.text, max(0, word.start - 8), word.start) is not None


def _window_text(doc: Document, window: list[int]) -> str:
    return " ".join(doc.checked[doc.sentences[i].start : doc.sentences[i].end] for i in window)


def _declined_unspaced(name: str, unspaced: str) -> bool:
    """A Latin-script name with a case ending, which the aligned translation spaces ("OneDrivem":
    One Drive)."""
    return any(name[:-cut] in unspaced for cut in (1, 2) if len(name) - cut > WORD_STEM)


# An abbreviation in capitals with a case ending in lowercase ("МИДа", "ЕСу"), or a word
# made of one ("КДБістського": of the KGB): as an abbreviation in capitals alone, it is
# translated or spelled out, and not checked.
def _declined_abbreviation(text: str) -> bool:
    capitals = 0
    while capitals < len(text) and text[capitals].isupper():
        capitals += 1
    tail = text[capitals:]
    # In Latin letters, only a case ending: "BYpol" is a name.
    return capitals >= 2 and tail.islower() and (len(tail) <= 2 or not text.isascii())  # (islower: "" is not)


EXONYM_PREFIX = 4  # "Poland" and "Polish", "Czechia" and "Czech Republic": the English name's start
# Hand-written lists of names English translates (rules/<lang>/data/): institutions, regions,
# places and holidays ("Мінфін": the Finance Ministry, "Benátky": Venice, "Vánoce": Christmas),
# and given names English writes in its own form ("Фаддей": Thaddeus, "Jonáš": Jonah).
LISTED_NAMES = ("translated-names.tsv", "western-names.tsv")
# Names of peoples and inhabitants ("Korejci": the Koreans), which are surnames too ("Jan Němec").
DEMONYMS = ("demonyms.tsv",)
LISTED_WORD = 3  # letters: a shorter word of an English name ("of", "St") is not looked for


@cache
def _name_table(language: str, files: tuple[str, ...]) -> dict[str, list[tuple[str, str]]]:
    """First three letters -> (form, English names separated by "|") from these files of
    rules/<lang>/data/; a form of several words is left out (each word of a name is checked
    on its own). Kept in the user's cache (_data_built): splitting the Russian exonyms
    (263 KB) cost each process 10 ms."""
    paths = [path for path in (data_file(language, name) for name in files) if path.is_file()]
    (table,) = _data_built(f"name-table-{language}-{'+'.join(files)}", paths, lambda: (_split_name_table(paths),))
    return table


def _split_name_table(paths: list[Path]) -> dict[str, list[tuple[str, str]]]:
    table: dict[str, list[tuple[str, str]]] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and line[0] != "#":
                form, _, english = line.partition("\t")
                if " " not in form:
                    table.setdefault(form[:3], []).append((form, english))
    return table


def _declined(form: str, word: str) -> bool:
    """The word is the form with another case ending ("Польщі" of "польща", "Benátkách" of
    "benátky"): only the ending may differ, and only by a case ending's length."""
    shared = len(os.path.commonprefix([form, word]))
    return shared >= max(4, len(form) - 2) and len(word) - shared <= 4


def _exonym_present(word: str, language: str, target_prefixes: set[str], target_near: Set[str]) -> bool:
    """The source word is a declined form of a place name ("Польщі", "v Rakousku") whose English
    name the translation has, or of a name in the language's hand-written lists ("Benátkách",
    "Vánocích") whose English name the aligned sentences have (a name English has elsewhere
    in the article, "Svalbard" for "Špicberkách" rendered "Sept.", is lost here)."""
    for form, english in _name_table(language, ("exonyms.tsv",)).get(word[:3], ()):
        if _declined(form, word) and any(
            fold(name.split()[0])[:EXONYM_PREFIX] in target_prefixes for name in english.split("|")
        ):
            return True
    return _listed_name_present(word, language, LISTED_NAMES, target_near)


def _listed_name_present(word: str, language: str, files: tuple[str, ...], target_words: Set[str]) -> bool:
    """The word is a declined form of a name of these lists, and each word of one of its English
    names begins one of these words ("Korean" of "Koreans"; "New Year's Eve" whole, not "New Year")."""
    for form, english in _name_table(language, files).get(word[:3], ()):
        if _declined(form, word) and any(
            all(any(w.startswith(part) for w in target_words) for part in _LISTED_PARTS.findall(fold(name)))
            for name in english.split("|")
        ):
            return True
    return False


_LISTED_PARTS = compile_re(rf"[^\W\d_]{{{LISTED_WORD},}}")


def _demonym_present(doc: Document, words: list[Word], k: int, target_words: Set[str]) -> bool:
    """The k-th word names a people or its members ("Korejci", "Maďarky", "Cigánům") whose English
    demonym or country the sentences nearby have, and no name comes before it: after a first name,
    "Jan Němec" and "Petr Čech" are men, whom a translation calling "German" or "Czech" has lost
    ("Afroameričana George Floyda", a name after it, is the African American)."""
    if not _listed_name_present(words[k].lower, doc.lang, DEMONYMS, target_words):
        return False
    before = words[k - 1] if k > 0 else None
    return (
        before is None
        or not _adjacent(doc, before, words[k])
        or not _name_word(before, frequent_forms(doc.lang), rarer_forms(doc.lang))
    )


@cache
def _transcription_table(language: str) -> tuple[re.Pattern[str] | None, dict[str, list[str]]]:
    """rules/<lang>/data/name-transcriptions.tsv: the letters with which the language spells a
    foreign name's sounds -> their English spellings ("dž": j, dj, dzh)."""
    table = {
        letters: english.split("|") for letters, english in data_table(language, "name-transcriptions.tsv").items()
    }
    return _letters_pattern(table), table


def _letters_pattern(letters: Iterable[str]) -> re.Pattern[str] | None:
    """Any of the letter groups, the longest first ("dž" before "d"); None for none."""
    alternatives = sorted(letters, key=len, reverse=True)
    return compile_re("|".join(map(re.escape, alternatives))) if alternatives else None


def _english_transcriptions(word: str, language: str) -> set[str]:
    """A name from another script as English would spell what the source transcribed its own
    way ("michaila": mikhaila; "hadžigenov": hajigenov, hadjigenov, hadzhigenov): with each
    letter's first spelling, then each one's second and so on (a letter with fewer keeps its
    last); none where the name has no such letter."""
    pattern, table = _transcription_table(language)
    if pattern is None or not pattern.search(word):
        return set()
    return {
        fold(
            _respelled(
                word, pattern, {letters: english[min(k, len(english) - 1)] for letters, english in table.items()}
            )
        )
        for k in range(max(map(len, table.values())))
    }


@cache
def _sound_table(language: str) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """rules/<lang>/data/name-sounds.tsv: the letters with which a Latin-script language spells
    a foreign name's sounds -> the English letters for them ("č": ch, "dž": dzh)."""
    table = data_table(language, "name-sounds.tsv")
    return _letters_pattern(table), table


def _sounded(word: str, language: str) -> str:
    """A Latin-script name that has letters of the language's name-sounds table, in the English
    letters for its sounds ("bratčuk": bratchuk), for _heard_in_english; "" for one without
    (compared by its letters alone: "Vahlmann" for Uhlmann is misspelt, however it sounds)."""
    pattern, table = _sound_table(language)
    if pattern is None or not pattern.search(word):
        return ""
    return fold(_respelled(word, pattern, table))


def _respelled(word: str, pattern: re.Pattern[str], spelled: dict[str, str]) -> str:
    return pattern.sub(lambda m: spelled[m.group()], word)


# Sound classes for names that English writes in their Western form rather than
# transliterated ("Клавдия" Claudia, "Міхаїл" Michael, "Йосипа" Joseph, "Нейтан" Nathan):
# vowels, glides and h dropped, voiced and voiceless pairs one class.
_SOUND = str.maketrans(
    {
        **dict.fromkeys("aeiouyjhvw", None),
        "g": "k",
        "c": "k",
        "q": "k",
        "x": "k",
        "z": "s",
        "b": "p",
        "f": "p",
        "d": "t",
    }
)


def _sounds_alike(source_skeleton: str, target_skeletons: Set[str]) -> bool:
    """The first three sound classes agree with a target word's (a name with fewer is
    not judged alike: too many words would be)."""
    sound = _sound_start(source_skeleton)
    return len(sound) == 3 and any(_sound_start(w) == sound for w in target_skeletons)


def _sound_start(skeleton: str) -> str:
    """A skeleton's first three sound classes (_sounds_alike)."""
    return _DOUBLE.sub(r"\1", skeleton.translate(_SOUND))[:3]


_DOUBLE = compile_re(r"(.)\1+")
_EMPHASIS = compile_re(r"(.)\1{2,}")


def _emphasis_collapsed(words: Iterable[str]) -> set[str]:
    """{_EMPHASIS.sub(r"\1", w) for w in words}, in one substitution over the words joined by
    line breaks: "." matches no line break, so no run of a repeated letter crosses one."""
    listed = list(words)
    joined = "\n".join(listed)
    if not listed or joined.count("\n") != len(listed) - 1:  # (a word holding a line break: one by one)
        return {_EMPHASIS.sub(r"\1", w) for w in listed}
    return set(_EMPHASIS.sub(r"\1", joined).split("\n"))


# A capitalised Latin-script word inside Chinese or Japanese text, where the regex's word
# boundaries do not fall ("宏碁Acer的").
_LATIN_NAME = compile_re(r"(?<![A-Za-z])[A-Z][A-Za-z]+(?![A-Za-z])")
# Russian and Ukrainian patronymics ("Владимирович", "Петровна"): English news drops them.
# A man's patronymic takes its case ending after -ович; a woman's replaces the final -а
# ("Микитівни", "Ивановны", "Петрівною").
_PATRONYMIC = compile_re(
    r"(?:(?:ович|евич|вич|ьевич)(?:а|у|ем|ом|е|і)?|(?:овн|евн|ичн|ївн|івн|ьевн)(?:а|и|ы|і|е|у|ою|ой))$"
)


# Verb endings of Russian and Ukrainian no name has: the imperative (-айте, -уйте), the
# present's -ує, -ують, -ует, -ют and the reflexive -ться, -тися ("Хапайте", "Відкочує",
# capitalised at the head of a verse line or after a dash).
_VERB_ENDING = compile_re(r"(?:[аяуиі]йте|[уює]єте|[уюі]ють|[уюі]є|уєть?ся|ується|ються|ться|тися|тись|ует|уют|ются)$")


def _patronymic(word: str) -> bool:
    return bool(_PATRONYMIC.search(word))


def _lone_name(doc: Document, words: list[Word], k: int, target_words: Set[str], common: Lexicon) -> bool:
    """For languages that capitalise nouns: the word ends a run of capitalised words
    (articles and pronouns aside) that a title or another uncommon word opens, and the
    translation has none of them. "Die Kommissarin" is not a run; in "Kapitänin Emily
    Bölk" the name crossed and the title was translated."""
    run = [k]
    function_words = doc.language.function_words  # "Ihre", "Sie": capitalised out of politeness
    for step in (-1, 1):
        other = k + step
        while (
            0 <= other < len(words)
            and words[other].capitalised
            and words[other].text.isalpha()
            and words[other].lower not in function_words
            and _adjacent(doc, words[min(other, other - step)], words[max(other, other - step)])
        ):
            run.append(other)
            other += step
    # A name ends its run, after a title or another uncommon word ("Bürgermeisterin Katrin
    # Weidenbach"); a noun after a noun ("die gesamte Länge Holzsplitter") is not one.
    titles = doc.language.name_titles
    before = [words[i].text.casefold() for i in run if i < k]
    introduced = any(_ends_with(word, titles) or not _common_or_compound(word, common) for word in before)
    return k == max(run) and introduced and not any(_present(fold(words[i].text), target_words) for i in run)


def _capitalised_by_style(doc: Document, words: list[Word], k: int, common: Lexicon) -> bool:
    """A noun that a contract capitalises as a defined term ("Objednateli", "Zhotovitelův",
    "Kupujícímu", "Písemnosti": the Customer, the Contractor's, the Buyer, documents): a case
    form of a word of the language with an ending of such nouns (the language's
    common-noun-endings; rarer_forms), and no name beside it ("Jan Nájemník" is a man)."""
    lemma = _common_noun_lemma(words[k].lower, doc.language.common_noun_endings)
    if lemma is None:
        return False
    rarer = rarer_forms(doc.lang)
    if lemma not in rarer and lemma not in common.words:
        return False
    for other in (k - 1, k + 1):
        if 0 <= other < len(words) and _adjacent(doc, words[min(k, other)], words[max(k, other)]):
            if _name_word(words[other], common, rarer):
                return False
    return True


def _common_noun_lemma(word: str, endings: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    """The word as the dictionary gives it, if it is a case form of a noun with one of these
    endings ("zhotovitelův" -> "zhotovitel")."""
    for ending, forms in endings:
        if word.endswith(ending):
            return word
        for form in forms:
            if word.endswith(ending + form):
                return word[: len(word) - len(form)]
    return None


def _name_word(word: Word, common: Lexicon, rarer: frozenset[str]) -> bool:
    """A capitalised word that is a first name, declined or not ("Janem", "Markéta"), or, inside
    the sentence, no word of the language in any case ("Maláčová"; "Objednateli" is
    "objednatel" declined)."""
    if not word.capitalised or not word.text.isalpha() or word.text.isupper():
        return False  # "ZDPH Zhotovitelův": an abbreviation is no name
    stems = [word.lower] + [word.lower[: len(word.lower) - cut] for cut in (1, 2) if len(word.lower) - cut >= 3]
    if any(is_first_name("en", stem) for stem in stems):
        return True
    return not word.initial and not any(stem in common.words or stem in rarer for stem in stems)


def _ends_with(word: str, titles: frozenset[str]) -> bool:
    return word in titles or any(word[k:] in titles for k in range(1, len(word) - 3))


class _TargetSentences(NamedTuple):
    """What each target sentence holds, in the forms a source name is looked for in
    (missing_names): tables by sentence, each entry made when first asked for."""

    folds: Sequence[frozenset[str]]
    skeletons: Mapping[int, frozenset[str]]
    loose: Mapping[int, frozenset[str]]
    lower: Mapping[int, frozenset[str]]
    heard: Mapping[int, frozenset[str]]
    named: Mapping[int, frozenset[str]]
    acronyms: Mapping[int, frozenset[str]]
    translated_name: Mapping[int, bool]
    prefixes: set[str]  # of all the translation's words
    other_script: bool  # the source's: only its names are looked for as loans and by sound


class _Near:
    """What the target sentences aligned with a source sentence (and their neighbours) hold,
    each made when first asked for: most pairs have no name that gets far enough to ask."""

    def __init__(self, window: list[int], sentences: _TargetSentences) -> None:
        self.window, self.sentences, self.prefixes = window, sentences, sentences.prefixes

    def _union(self, table: Mapping[int, frozenset[str]] | Sequence[frozenset[str]]) -> frozenset[str]:
        return frozenset().union(*map(table.__getitem__, self.window))  # (the sets merged in C, not item by item)

    @cached_property
    def words(self) -> frozenset[str]:
        return self._union(self.sentences.folds)

    @cached_property
    def skeletons(self) -> frozenset[str]:
        return self._union(self.sentences.skeletons)

    def same_name_as(self, source_skeleton: str) -> bool:
        """Could a skeleton here name the same thing: any(same_name(source_skeleton, w) for w in
        self.skeletons), looked up by consonants instead of compared with each in turn."""
        source = consonants(source_skeleton)
        if len(source) < 2:
            return bool(self.skeletons)
        three, two, starts = self._consonant_starts
        if len(source) >= 3:  # three consonants agree, or two with a skeleton of only two
            return source[:3] in three or source[:2] in two
        return source in starts

    @cached_property
    def _consonant_starts(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """The skeletons' first three consonants (of those with three or more), their two (of
        those with exactly two), and the first two of all: what same_name compares."""
        held = [consonants(w) for w in self.skeletons]
        return (
            frozenset(c[:3] for c in held if len(c) >= 3),
            frozenset(c for c in held if len(c) == 2),
            frozenset(c[:2] for c in held),
        )

    def sounds_alike(self, source_skeleton: str) -> bool:
        """_sounds_alike(source_skeleton, self.skeletons), looked up instead of compared."""
        sound = _sound_start(source_skeleton)
        return len(sound) == 3 and sound in self._sound_starts

    @cached_property
    def _sound_starts(self) -> frozenset[str]:
        return frozenset(map(_sound_start, self.skeletons))

    @cached_property
    def loose(self) -> frozenset[str]:
        return self._union(self.sentences.loose)

    @cached_property
    def lower(self) -> frozenset[str]:
        return self._union(self.sentences.lower) if self.sentences.other_script else frozenset()

    @cached_property
    def all_heard(self) -> frozenset[str]:
        """The sound shapes, whatever the source's script (_sounded asks of a Latin one)."""
        return self._union(self.sentences.heard)

    @property
    def heard(self) -> frozenset[str]:
        return self.all_heard if self.sentences.other_script else frozenset()

    @cached_property
    def named(self) -> frozenset[str]:
        return self._union(self.sentences.named)

    @cached_property
    def acronyms(self) -> frozenset[str]:
        return self._union(self.sentences.acronyms)

    @cached_property
    def names_translated(self) -> bool:
        return self.sentences.other_script and any(self.sentences.translated_name[i] for i in self.window)


def _crossed(text: str, language: Language, near: _Near) -> bool:
    """The translation has this name of another script, however it spelled or translated it."""
    lower = text.lower()
    spelled = latin(text, language)
    # ц is ts in a transliteration, z in a German or Italian name (Шольц Scholz, Цукерберг
    # Zuckerberg, Мецола Metsola): both are tried.
    source_skeletons = {skeleton(spelled), skeleton(spelled.replace("ts", "z"))}
    return (
        any(near.same_name_as(a) for a in source_skeletons)
        or any(near.sounds_alike(a) for a in source_skeletons)
        or _exonym_present(lower, language.code, near.prefixes, near.words)
        or _spelled_natively(spelled, near.loose)
        or _loanword_present(spelled, near.lower)
        or _heard_in_english(spelled, near.heard)
        or _place_adjective(lower, language, near.loose)
    )


def _translated_word(word: str, language: str, doc: Document, window: list[int]) -> bool:
    """The word is one of the language's frequent words (rules/<lang>/data/bilingual-words.tsv)
    that the aligned sentences translate: capitalised by the writer, it was no name ("поставити
    на облік Внучку": register my granddaughter)."""
    words = word_list(language)
    if words is None:
        return False
    meanings = words.source_meanings(word).keys()
    return bool(meanings) and any(
        not meanings.isdisjoint(words.english_meanings(doc.checked[s.start : s.end]))
        for s in (doc.sentences[i] for i in window)
    )


# A Czech or Polish adjective made of a place with -sk- ("Rádžasthánský", "Krakowski").
_LATIN_PLACE_ADJECTIVE = compile_re(r"sk(?:ý|á|é|ého|ému|ém|ým|ých|ými|ou|i|a|ie|iego|iej|im|ich|imi|ą)$")


# A Czech possessive adjective made of a first name or surname, feminine -in ("Juliin otec":
# Julie's father, "Evina") or masculine -ův/-ova ("Petrova žena", "Masarykovo", "Karlův"); a bare
# -in ends many other words too ("Berlin").
_CZECH_POSSESSIVE = compile_re(r"(?:in|ov)(?:a|o|y|ě|u|ých|ým|ými|ou|ého|ému|ém)$|ův$|(?P<bare>in)$")
POSSESSIVE_STEM = 3  # letters of the name before the possessive ending


def _possessive_of_name(word: str, language: str, capitals: Sequence[Word]) -> bool:
    """A Czech possessive adjective whose name begins a capitalised word of the aligned English
    ("Juliin": Julie's)."""
    shape = _CZECH_POSSESSIVE.search(word) if language == "cs" else None
    stem = fold(word[: shape.start()]) if shape else ""
    if len(stem) < POSSESSIVE_STEM:
        return False
    return any(fold(w.text).startswith(stem) for w in capitals)


def _latin_place_adjective_present(word: str, language: str, target_words: Set[str]) -> bool:
    """A Czech or Polish adjective of a place whose name the aligned sentences have, as written or
    as English spells its sounds ("Rádžasthánský": Rajasthan)."""
    shape = _LATIN_PLACE_ADJECTIVE.search(word)
    stem = word[: shape.start()] if shape else ""
    if len(stem) < PLACE_STEM:
        return False
    return _present(fold(stem), target_words) or any(
        _present(t, target_words) for t in _english_transcriptions(stem, language)
    )


def _rendered_by_words(source: Document, words: list[Word], k: int, capitals: Sequence[Word]) -> bool:
    """The k-th word is a word of the bilingual list (rules/<lang>/data/bilingual-words.tsv) that
    begins a name made of words, capitalised on its first word as Czech, Russian and Ukrainian
    write names ("Přírodovědné muzeum", "на Бойцовском острове", "Valném shromáždění"), and it or
    the word after it means what a capitalised word of the aligned English says (the Natural
    History Museum, Fight Island, the General Assembly): the name rendered by meaning. A name the
    list does not hold is not, whatever follows it ("Odryská říše" as "the Odessa Empire", "vlaky
    Trilex německé": the German is no Trilex), nor a known name, a Czech possessive ("Masarykovo
    nádraží" as "Main Station" has lost Masaryk) or one after a first name."""
    listed = word_list(source.lang)
    if listed is None or _known_name(words[k].lower, source.language) or _after_first_name(source, words, k):
        return False
    meanings = set(listed.source_meanings(words[k].text))
    if not meanings:
        return False
    possessive = None if source.language.transliteration else _CZECH_POSSESSIVE.search(words[k].lower)
    if possessive and not possessive.group("bare"):
        return False
    following = words[k + 1] if k + 1 < len(words) else None
    if (
        following is not None
        and not following.capitalised
        and len(following.text) >= QUALIFIED_NOUN  # a preposition ("з Клавдією в березні") is no part
        and following.text.isalpha()
        and _adjacent(source, words[k], following)
    ):
        meanings |= set(listed.source_meanings(following.text))
    capitalised = " ".join(w.text for w in capitals if not w.initial and len(w.text) > 1)
    return not meanings.isdisjoint(listed.english_meanings(capitalised))


def _middle_name(
    source: Document, words: list[Word], k: int, crossed: Callable[[str], bool], target: Document, window: list[int]
) -> bool:
    """The k-th word is the middle part of a name whose first and last parts the translation
    has, and the translation has a name of three parts whose middle one begins with its letter:
    English gives a middle name in a form of its own or in full ("Тедрос Адан Гебреєсус":
    Tedros Adhanom Ghebreyesus; "Аргентины Эрнан Креспо" left as "Эрнан Crespo" lacks one)."""
    if not 0 < k < len(words) - 1:
        return False
    before, after = words[k - 1], words[k + 1]
    if not (
        all(w.capitalised and w.text.isalpha() and not w.text.isupper() for w in (before, after))
        and _adjacent(source, before, words[k])
        and _adjacent(source, words[k], after)
    ):
        return False
    initials = _loose_initials(words[k].text, source.language)
    target_words = sentence_words(target)
    if not any(
        all(w.capitalised and w.text.isalpha() for w in three)
        and _adjacent(target, three[0], three[1])
        and _adjacent(target, three[1], three[2])
        and three[1].lower[:1] in initials
        for i in window
        for three in zip(target_words[i], target_words[i][1:], target_words[i][2:])
    ):
        return False
    return crossed(_unmixed(before.text)) and crossed(_unmixed(after.text))


def _given_name_added(
    source: Document, words: list[Word], k: int, found: Callable[[str], bool], target_named: Set[str]
) -> bool:
    """The k-th word opens a name whose next word the translation has ("Ілон Маск" for "Musk's",
    "Donalda Trumpa" for "Trump", "Восьмиконтурная Модель" for "Eight-circuit Model"): the
    name is there, with a first name the MT added or a word English translates. Not when the
    translation has a name beginning as this word may ("Хенрік" for Hendrik: a first name
    misspelt, which is reported)."""
    if k + 1 >= len(words):
        return False
    surname = words[k + 1]
    if not _declined_alike(words[k].lower, surname.lower):
        return False  # "Приангарья Константин", "СПбГУ Виктора": a place or a body before the name
    if not (
        surname.capitalised
        and surname.text.isalpha()
        and not surname.text.isupper()
        and _adjacent(source, words[k], surname)
        and found(_unmixed(surname.text))
    ):
        return False
    if words[k].lower in frequent_forms(source.lang).words or (
        source.language.transliteration and script_letters(words[k].text)["Latin"]
    ):
        return False  # a word of a language opening a place's name ("Dolní Chabry"): it says something
    if fold(words[k].text) in target_named or (
        source.language.transliteration and any(not name.isascii() for name in target_named)
    ):
        return False  # a name left in the source's script nearby ("Эрнан Crespo"): reported
    # The letter as written counts too: a loose spelling drops an initial h ("Henriku": enriku).
    initials = {latin(_unmixed(words[k].text), source.language)[:1].lower()}
    initials |= _loose_initials(words[k].text, source.language)
    return not any(len(name) > 1 and name[0] in initials for name in target_named)


def _loose_initials(word: str, language: Language) -> set[str]:
    """The first letters of a source word's loose English spellings (_middle_name, _given_name_added)."""
    return {spelling[0] for spelling in loose_spellings(latin(_unmixed(word), language)) if spelling}


_VOWELS = frozenset("aeiouyáéíóúýěůаеёиоуыэюяіїєь")


def _declined_alike(first: str, second: str) -> bool:
    """Do a first name and a surname end alike, as the parts of one name in one case do
    ("Ілона Маска", "Donalda Trumpa", "Илон Маск")?"""
    a, b = first[-1:], second[-1:]
    return a == b or (a not in _VOWELS and b not in _VOWELS)


def _present_folded(text: str, words: Set[str]) -> bool:
    return _present(fold(text), words)


def _adjacent(doc: Document, first: Word, second: Word) -> bool:
    return doc.text[first.end : second.start] == " "


STEM_LETTERS = 6  # shorter stems are shared by names and words ("федор-ук", "федор-ов")
MIXED_MIN_LETTERS = 5  # a frequent word of a language mixed in: shorter ones are pet names of both ("Коля")


def _stems(word: str) -> list[str]:
    """The word less a case ending of one to three letters."""
    return [word[:-cut] for cut in (1, 2, 3) if len(word) - cut >= STEM_LETTERS]


@cache
def _common_stems(language: str) -> Set[str]:
    """Stems of the language's frequent word forms: a common word in a case the list lacks
    ("Південним", "Odnětím") is still a word, not a name."""
    files = [data_file(language, name) for name in ("frequent-words.tsv", "common-words.tsv", "word-frequencies.tsv")]
    (stems,) = _data_built(
        f"common-stems-{language}",
        files,
        lambda: ({stem for word in frequent_forms(language).words for stem in _stems(word)},),
    )
    return stems


def _inflected_common(word: str, language: str) -> bool:
    stems = _common_stems(language)
    return any(stem in stems for stem in _stems(word))


def _common_or_compound(word: str, common: Lexicon) -> bool:
    """A common word of the language, or a compound that ends in one ("gesundheitsminister")."""
    if word in common.words:
        return True
    return any(word[k:] in common.words for k in range(1, len(word) - 4))


def _present(name: str, target_words: Set[str]) -> bool:
    """In the translation as it is or inflected ("Putins" for "Putin's", "Scholz'")."""
    if name in target_words:
        return True
    stems = {name[:-1], name[:-2]} if len(name) >= 6 else {name[:-1]}
    if any(stem in target_words for stem in stems):
        return True
    if isinstance(target_words, _SortedWords):
        # A word the name begins with, two letters shorter at most and of four or more, is the
        # name or one of the stems just tried: what is left is a word beginning with the name.
        return any(len(w) >= PRESENT_LETTERS for w in target_words.starting_with(name))
    return any(
        len(w) >= PRESENT_LETTERS and (name.startswith(w) and len(name) - len(w) <= 2 or w.startswith(name))
        for w in target_words
    )


PRESENT_LETTERS = 4  # a shorter word of the translation is no inflected form of a name


class _Computed(dict[_K, _T]):
    """A function's value for each key (a distinct word, a sentence's number), computed when
    first asked for."""

    def __init__(self, function: Callable[[_K], _T]) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, key: _K) -> _T:
        value = self[key] = self.function(key)
        return value


class _SortedWords(frozenset[str]):
    """Words that also yield those beginning with a string, by bisection in their sorted order:
    _present asks it of all the translation's words for every name, which a scan of some ten
    thousand words made the costliest part of SR107."""

    ordered: list[str]

    def __new__(cls, words: Iterable[str]) -> _SortedWords:
        made = super().__new__(cls, words)
        made.ordered = sorted(made)
        return made

    def starting_with(self, prefix: str) -> Iterator[str]:
        ordered = self.ordered
        at = bisect_left(ordered, prefix)
        while at < len(ordered) and ordered[at].startswith(prefix):
            yield ordered[at]
            at += 1
