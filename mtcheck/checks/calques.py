"""CQ1xx: calques that need more than a pattern."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from mtcheck.checks import made_from_options, provides
from mtcheck.checks.casing import name_matches
from mtcheck.engine.findings import Fix, Hit
from mtcheck.engine.kinds import PythonRule
from mtcheck.language.pattern_cache import compile_re
from mtcheck.text.document import Document
from mtcheck.text.words import Word, gap, sentence_words

_PRONOUN_SUBJECT = compile_re(
    r"(?:^|[”\"],\s+|^(?:Likewise|In addition|Also|Furthermore|Moreover|Besides|However|Thus|Therefore|Finally),\s+)"
    r"(?P<pronoun>[Hh]e|[Ss]he)\s+(?:has\s+|also\s+|further\s+|again\s+)?(?P<verb>[a-z]+)\b"
)


@provides(
    "pronoun", "institution", options={"reporting-verbs": (), "person-nouns": (), "institution-nouns": (), "window": 3}
)
def institution_as_person(doc: Document, rule: PythonRule) -> Iterator[Hit]:
    """ "The joint statement concludes ... Likewise, he emphasizes": a pronoun for a person
    where the only thing that could be speaking is an institution.

    Spanish and Italian drop the subject ("Asimismo, destaca..."), French and German give
    institutions a gender ("la Commission... elle"); MT then invents "he" or "she". The rule
    fires only when the sentences before name an institution and no person at all: no
    person's name, no title or role noun, no earlier he/she/his/her.
    """
    verbs, person_nouns, institutions = made_from_options(
        rule, _pronoun_words, "reporting-verbs", "person-nouns", "institution-nouns"
    )
    window = rule.options["window"]
    all_words = sentence_words(doc)
    matches = name_matches(doc)
    people = {m.sentence for m in matches if m.name.category == "person"}
    # Words inside known names of places and organisations ("European Commission").
    not_people = {pos for m in matches if m.name.category != "person" for pos in range(m.start, m.end)}
    for index, sentence in enumerate(doc.sentences):
        text = doc.checked[sentence.start : sentence.end]
        match = _PRONOUN_SUBJECT.search(text)
        if match is None or match.group("verb") not in verbs:
            continue
        pronoun_at = sentence.start + match.start("pronoun")
        context = [i for i in range(max(0, index - window), index + 1)]
        words = [w for i in context for w in all_words[i] if w.start < pronoun_at]
        lowered = [w.lower for w in words]
        if any(i in people for i in context) or any(w in person_nouns for w in lowered):
            continue
        candidates = ([w for w in all_words[i] if w.start < pronoun_at and w.start not in not_people] for i in context)
        if any(_has_personal_name(doc, words) for words in candidates):
            continue
        named = next((w.text for w in reversed(words) if w.lower in institutions), None)
        if named is None:
            continue
        pronoun = match.group("pronoun")
        replacement = "It" if pronoun[0].isupper() else "it"
        fix = Fix(pronoun_at, pronoun_at + len(pronoun), replacement, rule.fix_safe)
        yield Hit(pronoun_at, pronoun_at + len(pronoun), fix, {"pronoun": pronoun, "institution": named})


def _pronoun_words(
    verbs: Sequence[str], person_nouns: Sequence[str], institution_nouns: Sequence[str]
) -> tuple[set[str], set[str], set[str]]:
    """institution_as_person's reporting verbs, person nouns and institution nouns."""
    return set(verbs), set(person_nouns), set(institution_nouns)


def _has_personal_name(doc: Document, words: list[Word]) -> bool:
    """Two capitalised words side by side mid-sentence ("Mark Rutte") may well be a person."""
    for left, right in zip(words, words[1:]):
        if not (left.capitalised and right.capitalised) or left.initial or gap(doc, left, right) != " ":
            continue
        if left.text.isalpha() and right.text.isalpha() and not (left.text.isupper() or right.text.isupper()):
            return True
    return False
