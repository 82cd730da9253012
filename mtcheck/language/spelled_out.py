"""Russian and Ukrainian words spelled out in Latin letters (TL101), matched whatever the scheme.

MT and its users transliterate the same word many ways (пылесос: pylesos, pilosos;
ясли: yasli, iasli; хохол: khokhol, hohol). `skeleton()` folds a Latin spelling to a key
that the usual schemes share: digraphs to one letter, y/i/j alike, g/h alike, the iotation
of vowels and doubled letters dropped. scripts/build_transliteration_data.py freezes, per
language, the skeletons of its frequent words with the English words that share them
(rules/<lang>/data/transliterations.tsv); the check looks them up.
"""

from __future__ import annotations

import os
import sys
from array import array
from bisect import bisect_left, bisect_right
from functools import cache, lru_cache
from pathlib import Path
from re import Match

from mtcheck.language.list_cache import cached_lists
from mtcheck.language.pattern_cache import compile_re
from mtcheck.language.resources import data_file

try:  # the optional native build's C modules (scripts/build_native.py): skeleton() is its reference
    from mtcheck.language import native_tables
except ImportError:
    native_tables = None  # type: ignore[assignment]

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
    # An ASCII word (most: some 1,500 names of an article) in C, 13,000 instructions each here.
    folded = native_tables.ascii_skeleton(latin) if native_tables is not None else None
    if folded is not None:
        return folded
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


class _Ratios(dict[str, float]):
    """trigram -> its ratio in the language's model (0.0 for a trigram the model lacks),
    filled as trigrams are asked: from the model's trigrams, sorted, and their ratios in the
    same order (a bisection), once each. A check asks a few hundred of the 8,000: a dict of
    them all cost more to build than those lookups."""

    def __init__(self, grams: list[str], ratios: array):
        super().__init__()
        self.grams, self.ratios = grams, ratios

    def __missing__(self, gram: str) -> float:
        index = bisect_left(self.grams, gram)
        ratio = self[gram] = self.ratios[index] if index < len(self.grams) and self.grams[index] == gram else 0.0
        return ratio


@cache
def _trigram_ratios(language: str) -> _Ratios:
    """The language's model (empty without one), read back from the user's cache as one
    string of its trigrams and the bytes of their ratios after the first run."""
    path = data_file(language, "spelling-trigrams.tsv")
    if not path.exists():
        return _Ratios([], array("d"))

    def build() -> tuple[list[str], list[bytes]]:
        lines = path.read_text(encoding="utf-8").splitlines()
        pairs = (line.split("\t") for line in lines if not line.startswith("#"))
        ratios = {gram: float(ratio) for gram, ratio in pairs}  # (a trigram written twice: its last ratio)
        grams = sorted(ratios)  # (no trigram holds a line end: the file's lines are split on them)
        return ["\n".join(grams)], [array("d", [ratios[gram] for gram in grams]).tobytes()]

    # The ratios' bytes are the machine's doubles: the byte order names the entry.
    table = _trigram_table(*cached_lists(f"spelling-trigram-table-{sys.byteorder}", (path,), build))
    if table is None:  # an entry not as written: made afresh
        table = _trigram_table(*build())
        assert table is not None
    return table


def _trigram_table(joined: list[str], packed: list[bytes]) -> _Ratios | None:
    if not (len(joined) == len(packed) == 1 and type(joined[0]) is str and type(packed[0]) is bytes):
        return None
    grams = joined[0].split("\n") if packed[0] else []  # ("".split gives [""]: one trigram, or none)
    if len(packed[0]) != 8 * len(grams):
        return None
    ratios = array("d")
    ratios.frombytes(packed[0])
    return _Ratios(grams, ratios)


def spelling_score(latin: str, language: str) -> float:
    """How much the spelling looks like a word of the language in Latin letters rather than an
    English one: the mean log ratio of its skeleton's trigrams (see spelling-trigrams.tsv;
    0 where the language has no model). "zaderzhuyu", "zasikavlenikh" score about 2, English
    words and loans below 0 ("sanatorium", "memorandums")."""
    ratios = _trigram_ratios(language)
    grams = trigrams(skeleton(latin))
    # (The ratios in the trigrams' order, 0.0 for one the model lacks: the sum of a dict's .get.)
    return sum(map(ratios.__getitem__, grams)) / len(grams) if ratios.grams else 0.0


def _entries_start(data: bytes) -> int:
    """Where the first line after the # header starts."""
    start = 0
    while data.startswith(b"#", start):
        start = data.index(b"\n", start) + 1
    return start


def _entry(latin: str, language: str) -> tuple[str, list[str]] | None:
    """The word of the language whose skeleton this spelling has, and the English words of it."""
    lines = _lines(language)
    line_start = _line_of(language, skeleton(latin).encode("ascii", "replace"))
    if line_start < 0:
        return None
    _, word, english = (lines.line(line_start).decode("utf-8") + "\t").split("\t")[:3]
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
    lines = _lines(language)
    for cut in range(1, 5):
        stem, ending = key[:-cut], key[-cut:]
        if len(stem) < MIN_STEM or ending not in _ENDINGS:
            continue
        prefix = stem.encode("ascii", "replace")
        line_start = _first_line_from(language, prefix)
        while lines.starts_with(line_start, prefix):
            line = lines.line(line_start)
            other, word, english = (line.decode("utf-8") + "\t").split("\t")[:3]
            rest = other[len(stem) :]
            if rest != ending and len(rest) <= 4 and set(rest) <= _INFLECTION_LETTERS and latin not in english.split():
                return word
            line_start += len(line) + 1
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


def _sampled(data: bytes) -> tuple[list[bytes], list[int]]:
    """The keys of the first line at or after every _SAMPLE_EVERY bytes of a table (a few
    thousand), and the bounds of the blocks of whole lines they cut it into: the first
    entry's start, each sampled line's start, the table's end. Block i holds the lines whose
    keys sort from the key of sample i - 1 (or the first line) to before that of sample i."""
    start = _entries_start(data)
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
    return keys, [start, *starts, len(data)]


class _Lines:
    """A language's transliterations.tsv (1.5 and 3.4 MB) read a block of lines at a time:
    a lookup bisects the sampled keys in C, then reads the block between two sampled lines
    (a few KB) the first time one asks for it. The samples are kept in the user's cache, so
    that a run reads neither the whole file nor every 2 KB of it."""

    __slots__ = ("path", "keys", "bounds", "_data", "_blocks", "_handle")

    def __init__(self, path: Path, keys: list[bytes], bounds: list[int], data: bytes | None):
        self.path = path
        self.keys, self.bounds = keys, bounds  # as _sampled gives them
        self._data = data  # the whole file, when this run read it to sample it
        self._blocks: dict[int, bytes] = {}
        self._handle: int | None = None  # the file, opened for the first block read

    def block_of(self, key: bytes) -> tuple[int, bytes]:
        """The block where the first line whose key is `key` or sorts after it lies (or, when
        that is the first line of the next block, the block before it), and its bytes."""
        index = bisect_left(self.keys, key)
        block = self._block(index)
        if block is None:  # the file is not as its samples say (changed under the run)
            self._sample_whole_file()
            index = bisect_left(self.keys, key)
            block = self._block(index)
            assert block is not None
        return index, block

    def line(self, start: int) -> bytes:
        """The line that starts at `start`, without its line end (b"" at the table's end)."""
        index = bisect_right(self.bounds, start) - 1
        if index >= len(self.bounds) - 1:
            return b""
        block = self._block(index)
        if block is None:
            self._sample_whole_file()
            return self.line(start)
        offset = start - self.bounds[index]
        end = block.find(b"\n", offset)
        return block[offset : len(block) if end < 0 else end]

    def starts_with(self, start: int, prefix: bytes) -> bool:
        """data.startswith(prefix, start) of the whole table's bytes."""
        if start > self.bounds[-1]:
            return False
        if b"\n" in prefix:
            return self._read(start, len(prefix)) == prefix
        # A prefix without a line end that the table has at `start` lies within the line there.
        return self.line(start).startswith(prefix)

    def _block(self, index: int) -> bytes | None:
        found = self._blocks.get(index)
        if found is None:
            start, end = self.bounds[index], self.bounds[index + 1]
            found = self._read(start, end - start)
            # Whole lines, the first one the sample's: else the file changed since it was sampled.
            if len(found) != end - start or (index and not found.startswith(self.keys[index - 1] + b"\t")):
                return None
            if index < len(self.keys) and not found.endswith(b"\n"):
                return None
            self._blocks[index] = found
        return found

    def _read(self, start: int, size: int) -> bytes:
        if self._data is not None:
            return self._data[start : start + size]
        if self._handle is None:
            self._handle = os.open(self.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        if hasattr(os, "pread"):
            return os.pread(self._handle, size, start)
        os.lseek(self._handle, start, os.SEEK_SET)
        return os.read(self._handle, size)

    def _sample_whole_file(self) -> None:
        self._data = self.path.read_bytes()
        self.keys, self.bounds = _sampled(self._data)
        self._blocks.clear()


_LINES_FORMAT = 1  # in the cache entry's name: raise when _sampled or what the entry holds changes


@cache
def _lines(language: str) -> _Lines:
    """The language's table, by blocks; its samples read back from the user's cache (or made
    from the whole file, which this run then keeps)."""
    path = data_file(language, "transliterations.tsv")
    if not path.exists():
        return _Lines(path, [], [0, 0], b"")
    read: list[bytes] = []

    def build() -> tuple[list[bytes], list[int]]:
        read.append(path.read_bytes())
        return _sampled(read[0])

    keys, bounds = cached_lists(f"transliteration-samples-{_LINES_FORMAT}-{language}", (path,), build)
    if not read and not _sound_samples(keys, bounds):
        return _lines_of_whole_file(path)
    return _Lines(path, keys, bounds, read[0] if read else None)


def _sound_samples(keys: object, bounds: object) -> bool:
    """Could these be _sampled's? (An entry is checked, but bisection must not leave the file.)"""
    return (
        type(keys) is list
        and type(bounds) is list
        and len(bounds) == len(keys) + 2
        and set(map(type, keys)) <= {bytes}
        and set(map(type, bounds)) == {int}
        and bounds == sorted(bounds)  # in order (compared in C: int.__le__ a pair cost 2 M instructions a table)
    )


def _lines_of_whole_file(path: Path) -> _Lines:
    data = path.read_bytes()
    return _Lines(path, *_sampled(data), data)


def _line_of(language: str, key: bytes) -> int:
    """Where the first line whose key is `key` starts, or -1: the first line from the key when
    it has that key (_first_line_from), found by one search in C of the block it lies in."""
    lines = _lines(language)
    if b"\n" in key or b"\t" in key:  # (never from a word: a search for it could cross lines)
        line_start = _first_line_from(language, key)
        return line_start if lines.starts_with(line_start, key + b"\t") else -1
    index, block = lines.block_of(key)
    if index == 0 and block.startswith(key + b"\t"):
        return lines.bounds[0]  # the first line: no line end before it
    # Lines before the first one from the key sort before it, and lines after it sort after
    # it: the line is in this block, or it is the next block's first line (the sample's key).
    found = block.find(b"\n" + key + b"\t")
    if found >= 0:
        return lines.bounds[index] + found + 1
    return lines.bounds[index + 1] if index < len(lines.keys) and lines.keys[index] == key else -1


def _first_line_from(language: str, key: bytes) -> int:
    """Where the first line of the language's table whose key is key or sorts after it starts
    (bisecting the lines of the block it lies in, or the next block's start)."""
    lines = _lines(language)
    index, block = lines.block_of(key)
    low, high = 0, len(block)
    while low < high:
        middle = (low + high) // 2
        line_start = block.rfind(b"\n", low, middle) + 1 or low
        line_end = block.find(b"\n", middle)
        line_end = len(block) if line_end < 0 else line_end
        if block[line_start : block.index(b"\t", line_start, line_end)] < key:
            low = line_end + 1
        else:
            high = line_start
    return lines.bounds[index] + low


def english_spelling(latin: str, language: str) -> bool:
    """Is this spelling an English word (wordfreq's or Webster's) that folds like a word of
    the language ("trolleybus", тролейбус)?"""
    entry = _entry(latin, language)
    return entry is not None and latin in entry[1]
