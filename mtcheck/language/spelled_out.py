"""Russian and Ukrainian words spelled out in Latin letters (TL101), matched whatever the scheme.

MT and its users transliterate the same word many ways (пылесос: pylesos, pilosos;
ясли: yasli, iasli; хохол: khokhol, hohol). `skeleton()` folds a Latin spelling to a key
that the usual schemes share: digraphs to one letter, y/i/j alike, g/h alike, the iotation
of vowels and doubled letters dropped. scripts/build_transliteration_data.py freezes, per
language, the skeletons of its frequent words with the English words that share them
(rules/<lang>/data/transliterations.tsv); the check looks them up.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache, lru_cache
from re import Match

from mtcheck.language.list_cache import cached_lists
from mtcheck.language.pattern_cache import compile_re
from mtcheck.language.resources import data_file

_HACEK = str.maketrans({"ž": "zh", "š": "sh", "č": "ch", "ŝ": "sh", "ĉ": "ch", "ẑ": "zh"})
_DIGRAPHS = (("shch", "s"), ("sch", "s"), ("sh", "s"), ("ch", "c"), ("zh", "z"), ("kh", "h"), ("ts", "c"), ("tz", "c"))
# Then single letters, in one pass: what the digraphs left is not read again.
_LETTERS = str.maketrans(
    {"x": "ks", "w": "v", "g": "h", "j": "i", "y": "i", "'": "", "’": "", "ʹ": "", "ʺ": "", "`": ""}
)
_IOTATED = compile_re(r"i(?=[aeou])")
_DOUBLED = compile_re(r"(.)\1+")


# Cyrillic letters as the usual schemes spell them, enough for the skeleton to agree (the
# check needs no transliteration library: skeleton() folds what the schemes disagree on).
_CYRILLIC_TO_LATIN = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "ґ": "g",
        "д": "d",
        "е": "e",
        "ё": "yo",
        "є": "ye",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "і": "i",
        "ї": "yi",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
        "'": "",
        "’": "",
    }
)
_CYRILLIC_WORD = compile_re(r"[а-яёіїєґ'’]{4,}")


def source_skeletons(text: str) -> dict[str, str]:
    """The Cyrillic words of a source text by their skeletons: a Latin word with one of them
    spells out a word the source has, however rare."""
    return {skeleton(w.translate(_CYRILLIC_TO_LATIN)): w for w in _CYRILLIC_WORD.findall(text.lower())}


@lru_cache(maxsize=4096)  # a word's skeleton is asked by each lookup of it: its word, inflections, score, per language
def skeleton(latin: str) -> str:
    """The key a Latin transliteration folds to: "yasli" and "iasli" give "asli"."""
    key = latin.lower()
    if not key.isascii():  # (every letter _HACEK maps is not ASCII)
        key = key.translate(_HACEK)
    for digraph, letter in _DIGRAPHS:
        key = key.replace(digraph, letter)
    key = key.translate(_LETTERS)
    # Each sub only where it has a match: re.sub with a template costs a call in Python per call.
    if _DOUBLED.search(key) is not None:  # "kommentariyev" and "kommentariev" alike
        key = _DOUBLED.sub(_first_of_run, key)
    return _IOTATED.sub("", key) if "i" in key else key


def _first_of_run(doubled: Match[str]) -> str:
    return doubled.group(1)


def trigrams(key: str) -> list[str]:
    """The letter trigrams of a skeleton, its ends marked ("^ab", "abc", "bc$")."""
    marked = f"^{key}$"
    return [marked[i : i + 3] for i in range(len(marked) - 2)]


@cache
def _trigram_ratios(language: str) -> dict[str, float]:
    """trigram -> its ratio, parsed once and read back from the user's cache after the first
    run (marshal reads the floats back faster than the strings they were written as)."""
    path = data_file(language, "spelling-trigrams.tsv")
    if not path.exists():
        return {}

    def build() -> tuple[dict[str, float]]:
        lines = path.read_text(encoding="utf-8").splitlines()
        pairs = (line.split("\t") for line in lines if not line.startswith("#"))
        return ({gram: float(ratio) for gram, ratio in pairs},)

    return cached_lists("spelling-trigram-ratios", (path,), build)[0]


def spelling_score(latin: str, language: str) -> float:
    """How much the spelling looks like a word of the language in Latin letters rather than an
    English one: the mean log ratio of its skeleton's trigrams (see spelling-trigrams.tsv;
    0 where the language has no model). "zaderzhuyu", "zasikavlenikh" score about 2, English
    words and loans below 0 ("sanatorium", "memorandums")."""
    ratios = _trigram_ratios(language)
    grams = trigrams(skeleton(latin))
    return sum(ratios.get(gram, 0.0) for gram in grams) / len(grams) if ratios else 0.0


@cache
def _table(language: str) -> tuple[bytes, int]:
    """The file's bytes, undecoded, and where its entries start: a lookup bisects the sorted
    lines in place, so a run splits and decodes nothing."""
    path = data_file(language, "transliterations.tsv")
    if not path.exists():
        return b"", 0
    data = path.read_bytes()
    start = 0
    while data.startswith(b"#", start):
        start = data.index(b"\n", start) + 1
    return data, start


def _entry(latin: str, language: str) -> tuple[str, list[str]] | None:
    """The word of the language whose skeleton this spelling has, and the English words of it."""
    data = _table(language)[0]
    line_start = _line_of(language, skeleton(latin).encode("ascii", "replace"))
    if line_start < 0:
        return None
    line_end = data.find(b"\n", line_start)
    _, word, english = (data[line_start : len(data) if line_end < 0 else line_end].decode("utf-8") + "\t").split("\t")[
        :3
    ]
    return word, english.split()


def source_word(latin: str, language: str) -> str | None:
    """The word of `language` that this lowercase Latin spelling transliterates, or None
    (no such word, or the spelling is an English word of the same skeleton)."""
    entry = _entry(latin, language)
    return None if entry is None or latin in entry[1] else entry[0]


# Case and verb endings of Russian and Ukrainian, folded as skeleton() folds them ("-ою" oiu -> ou,
# "-ться" tsya -> ca): a rare form of a frequent word shares its stem with the listed forms.
_ENDINGS = frozenset(
    "a e i o u ou eu oi ei ii ui om em im am ami imi ah ih oho omu ov iv ut at it ete ite esa isa asa aca uca eca ica "
    "ue uut ueca uuca "
    "ti li la lo".split()
)
_INFLECTION_LETTERS = frozenset("aeiouvmhtlsc")
MIN_STEM = 5


def inflected_word(latin: str, language: str) -> str | None:
    """A listed word of the language that this spelling inflects differently (оформлюють,
    "oformlyuyut", beside the listed оформлює): the spelling is a stem of five folded letters
    or more and a case or verb ending, and a listed word has the same stem and an ending of at
    most four letters. None when no word does, or when the listed word's spelling is English."""
    key = skeleton(latin)
    data = _table(language)[0]
    for cut in range(1, 5):
        stem, ending = key[:-cut], key[-cut:]
        if len(stem) < MIN_STEM or ending not in _ENDINGS:
            continue
        prefix = stem.encode("ascii", "replace")
        line_start = _first_line_from(language, prefix)
        while data.startswith(prefix, line_start):
            line_end = data.find(b"\n", line_start)
            line_end = len(data) if line_end < 0 else line_end
            other, word, english = (data[line_start:line_end].decode("utf-8") + "\t").split("\t")[:3]
            rest = other[len(stem) :]
            if rest != ending and len(rest) <= 4 and set(rest) <= _INFLECTION_LETTERS and latin not in english.split():
                return word
            line_start = line_end + 1
    return None


# Verb endings in Latin letters, as MT spells them: the past (-ala, -alas for -алась), the
# present's first person plural and second singular (-yemo, -yesh), each with the part of the
# stem the infinitive keeps ("konstatuyemo": констатуємо, констатувати).
_VERB_FORM = compile_re(
    r"(?<=[a-z]{4})(?:(?P<past>l(?:a|o|i)?(?:sya|sia|sa|s)?)|(?P<uvav>(?<=u)(?:yemo|iemo|yesh|iesh|yut|iut))|"
    r"(?P<present>(?<=[aiy])(?:yemo|iemo|emo|imo|yesh|iesh|esh|ish)))$"
)
# The infinitive's ending in Latin letters and in the language: Ukrainian -ти, Russian -ть.
_INFINITIVES = {
    "uk": ({"past": "ti", "uvav": "vati", "present": "ti"}, ("ти", "тися", "тись")),
    "ru": ({"past": "t", "uvav": "vat", "present": "t"}, ("ть", "ться")),
}


def verb_form(latin: str, language: str) -> str | None:
    """The listed infinitive of a verb form spelled out in Latin letters ("rozgortalas",
    розгорталась: розгортати; "polyublyayemo", полюбляємо: полюбляти), or None. MT spells
    out the rarer forms of a verb, and the lists hold mostly its commoner ones."""
    if language not in _INFINITIVES:
        return None
    endings, infinitive = _INFINITIVES[language]
    form = _VERB_FORM.search(latin)
    if form is not None:
        base, ending = latin[: form.start()], endings.get(form.lastgroup or "", "")
        stems = [base + ending] + [
            base[: -len(imperfective)] + perfective + ending
            for imperfective, perfective in _ASPECT
            if base.endswith(imperfective)
        ]
    else:
        # The first person's consonant changes: розводжу, розводити; переступлю, переступити.
        first = _FIRST_PERSON.search(latin)
        if first is None:
            return None
        stems = [latin[: first.start()] + base + endings["past"] for base in _FIRST_PERSON_STEMS[first.group()]]
    # A reflexive verb is often listed only so ("pospilkuvalis": спілкуватися).
    for stem in stems:
        for spelling in (stem, stem + _REFLEXIVE[language]):
            entry = _entry(spelling, language)
            if entry is not None and entry[0].endswith(infinitive) and not entry[1]:
                return entry[0]
    return None


# The imperfective's stem and the perfective's, which the lists hold more often: запропоновують,
# запропонувати ("zaproponovuyut"); заповняла, заповнити ("zapovniala").
_ASPECT = (("ovu", "u"), ("ya", "i"), ("ia", "i"))
# The first person singular of verbs in -ити/-ить whose last consonant changes before -у/-ю,
# in Latin letters, with what the infinitive's stem ends in instead.
_FIRST_PERSON_STEMS = {
    "dzhu": ("di",),
    "zhu": ("zi", "di", "za"),
    "shchu": ("sti",),
    "shu": ("si", "sa"),
    "chu": ("ti", "ta"),
    "lyu": ("i",),
    "liu": ("i",),
}
_FIRST_PERSON = compile_re(r"(?<=[a-z]{4})(?:dzhu|shchu|(?<!d)zhu|(?<!shc)shu|(?<![sc]h)chu|(?<=[pbvmf])l[iy]u)$")


_REFLEXIVE = {"uk": "sia", "ru": "sia"}
# Prefixes of Russian and Ukrainian verbs (and the superlative's най-), longest first, in Latin
# letters as the schemes write them and in the language: MT spells out the prefixed verb
# ("rozvisiti", "pereliakalasia", "vkazhut": розвісити, перелякалася, вкажуть) that the lists
# hold only without its prefix.
_PREFIXES = {
    "uk": (
        ("pere", "пере"),
        ("roz", "роз"),
        ("pid", "під"),
        ("vid", "від"),
        ("pro", "про"),
        ("pry", "при"),
        ("pri", "при"),
        ("bez", "без"),
        ("nay", "най"),
        ("nai", "най"),
        ("do", "до"),
        ("za", "за"),
        ("na", "на"),
        ("po", "по"),
        ("vy", "ви"),
        ("vi", "ви"),
        ("ob", "об"),
        ("ne", "не"),
        ("v", "в"),
        ("u", "у"),
        ("z", "з"),
    ),
    "ru": (
        ("pere", "пере"),
        ("raz", "раз"),
        ("ras", "рас"),
        ("pod", "под"),
        ("pro", "про"),
        ("pri", "при"),
        ("bez", "без"),
        ("nai", "наи"),
        ("do", "до"),
        ("za", "за"),
        ("na", "на"),
        ("po", "по"),
        ("vy", "вы"),
        ("ot", "от"),
        ("ob", "об"),
        ("ne", "не"),
        ("v", "в"),
        ("u", "у"),
    ),
}


# A cut inside a digraph is no prefix ("s|hoddily", "ot|sek"): the letters spell one sound.
_DIGRAPH_CUT = compile_re(r"[sczkt]h|ts")


def prefixed_word(latin: str, language: str) -> str | None:
    """A listed word, or the listed infinitive of a verb form, with a prefix before it
    ("dospali": до + спати; "nepopasti": не + попасти), or None. The word after the prefix has
    five folded letters or more, so that a chance match with a short word is rare."""
    for prefix, cyrillic in _PREFIXES.get(language, ()):
        rest = latin[len(prefix) :]
        if latin.startswith(prefix) and len(skeleton(rest)) >= MIN_STEM and not _DIGRAPH_CUT.match(prefix[-1] + rest):
            word = source_word(rest, language) or verb_form(rest, language)
            if word is not None:
                return cyrillic + word
    return None


_SAMPLE_EVERY = 2048  # bytes of a table between two lines its index samples


@cache
def _sampled_lines(language: str) -> tuple[list[bytes], list[int]]:
    """The keys and starts of the first line at or after every _SAMPLE_EVERY bytes of the
    table (a few thousand, read on the first lookup): a lookup bisects them in C, then only
    the lines between two of them."""
    data, start = _table(language)
    keys: list[bytes] = []
    starts: list[int] = []
    for offset in range(start + _SAMPLE_EVERY, len(data), _SAMPLE_EVERY):
        line_start = data.find(b"\n", offset - 1) + 1
        if not line_start or (starts and starts[-1] == line_start):
            continue
        line_end = data.find(b"\n", line_start)
        tab = data.find(b"\t", line_start, len(data) if line_end < 0 else line_end)
        if tab >= 0:
            keys.append(data[line_start:tab])
            starts.append(line_start)
    return keys, starts


def _sampled_around(language: str, key: bytes) -> tuple[int, int]:
    """(low, high): the first line whose key is key or sorts after it starts after low (or
    at the table's first line, low), and at the latest at high. The lines sort by key: low is
    the last sampled line with a smaller key, high the next sampled one."""
    data, start = _table(language)
    keys, starts = _sampled_lines(language)
    after = bisect_left(keys, key)
    return starts[after - 1] if after else start, starts[after] if after < len(starts) else len(data)


def _line_of(language: str, key: bytes) -> int:
    """Where the first line whose key is `key` starts, or -1: the first line from the key when
    it has that key (_first_line_from), found by one search in C between two sampled lines."""
    if b"\n" in key or b"\t" in key:  # (never from a word: a search for it could cross lines)
        line_start = _first_line_from(language, key)
        return line_start if _table(language)[0].startswith(key + b"\t", line_start) else -1
    data, start = _table(language)
    low, high = _sampled_around(language, key)
    if low == start and data.startswith(key + b"\t", start):
        return start  # the first line: no line end before it
    # Lines before the first one from the key sort before it, and lines after it sort after it.
    found = data.find(b"\n" + key + b"\t", low, high + len(key) + 1)
    return found + 1 if found >= 0 else -1


def _first_line_from(language: str, key: bytes) -> int:
    """Where the first line of the language's table whose key is key or sorts after it starts
    (bisecting the lines)."""
    data = _table(language)[0]
    low, high = _sampled_around(language, key)
    while low < high:
        middle = (low + high) // 2
        line_start = data.rfind(b"\n", low, middle) + 1 or low
        line_end = data.find(b"\n", middle)
        line_end = len(data) if line_end < 0 else line_end
        if data[line_start : data.index(b"\t", line_start, line_end)] < key:
            low = line_end + 1
        else:
            high = line_start
    return low


def english_spelling(latin: str, language: str) -> bool:
    """Is this spelling an English word (wordfreq's or Webster's) that folds like a word of
    the language ("trolleybus", тролейбус)?"""
    entry = _entry(latin, language)
    return entry is not None and latin in entry[1]
