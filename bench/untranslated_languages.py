#!/usr/bin/env python3
"""Untranslated text in many languages, spliced into English WMT22 references, no source language given.

    python bench/untranslated_languages.py [--languages cs,de,...] [--seeds 1,2,3] [--pairs de-en,...]
                                           [--mirrors DIR] [--markdown FILE]

For each language and seed the references of the five WMT22 pairs are cut into documents of
40 lines, and about one line in twenty gets a case, the two kinds taking turns: a whole
sentence of that language (six words or more; ten characters or more in Chinese and
Japanese) put in after one of the line's sentences, or a run of three to five of its words
(six to ten characters in Chinese and Japanese; lowercase letters only, so no names)
put between two words inside an English sentence. A case is found when an untranslated-text
finding (LI101-LI104) overlaps the spliced text; the language is "named" when one of them
gives the right one. mtcheck is run without --source-lang throughout. Also reported: every
untranslated-text finding on the untouched references (false alarms unless the reference
itself holds foreign text) per 1,000 sentences, and findings on spliced documents that miss
the spliced text.

Foreign text comes from /work/shared/data (WMT22 cs, de, uk, ja, zh sources; WMT23 ru) and
from public WMT repositories fetched beside it (--mirrors: a folder of git mirrors named
owner+name/repo): WMT21 fr and bn sources, WMT23 he source, WMT24 es, hi and is
references, WMT25 system outputs in ar, et, it and ko (machine translations: real text
of the language, not always fluent). A language whose text is missing is skipped, saying so.
Every other foreign sentence is kept for tuning (--pool tune); figures are measured on the
others (--pool test, the default).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from untranslated_accuracy import PAIRS, SHARED, read  # noqa: E402

from mtcheck.engine.checker import Checker  # noqa: E402
from mtcheck.engine.settings import Settings  # noqa: E402
from mtcheck.run.session import ruleset_for  # noqa: E402
from mtcheck.text.document import build_document  # noqa: E402
from mtcheck.text.inputs import InputText  # noqa: E402

MIRRORS = Path(os.environ.get("MTCHECK_MIRRORS", "/work/.mirror"))
FOUND = ("LI101", "LI102", "LI103", "LI104")
# The five WMT22 pairs; the first reference of each gets the spliced text.
WMT22_PAIRS = ("de-en", "cs-en", "uk-en", "zh-en", "ja-en")
WMT21, WMT23, WMT24 = (f"wmt-conference/wmt{year}-news-systems" for year in (21, 23, 24))
WMT25 = "wmt-conference/wmt25-general-mt"
# language -> (where: "shared" or a repository, path, WMT25 system and language pair for a JSONL of outputs)
FOREIGN = {
    "cs": ("shared", "wmt22-cs-en/generaltest2022.cs-en.src.cs"),
    "de": ("shared", "wmt22-de-en/generaltest2022.de-en.src.de"),
    "uk": ("shared", "wmt22-uk-en/generaltest2022.uk-en.src.uk"),
    "ja": ("shared", "wmt22-ja-en/generaltest2022.ja-en.src.ja"),
    "zh": ("shared", "wmt22-zh-en/generaltest2022.zh-en.src.zh"),
    "ru": ("shared", "wmt23-ru-en/generaltest2023.ru-en.src.ru"),
    "fr": (WMT21, "txt/sources/newstest2021.fr-de.src.fr"),
    "bn": (WMT21, "txt/sources/florestest2021.bn-hi.src.bn"),
    "he": (WMT23, "txt/sources/generaltest2023.he-en.src.he"),
    "es": (WMT24, "txt/references/en-es.refA.txt"),
    "hi": (WMT24, "txt/references/en-hi.refA.txt"),
    "is": (WMT24, "txt/references/en-is.refA.txt"),  # Icelandic: a language langdetect does not know
    "ar": (WMT25, "data/systems/Algharb.jsonl", "en-ar_EG"),
    "et": (WMT25, "data/systems/Algharb.jsonl", "en-et_EE"),
    "ko": (WMT25, "data/systems/Algharb.jsonl", "en-ko_KR"),
    "it": (WMT25, "data/systems/Laniqo.jsonl", "en-it_IT"),
}
UNKNOWN_TO_LANGDETECT = {"is"}
NO_SPACES = {"ja", "zh"}
LATIN_SCRIPT = {"cs", "de", "fr", "es", "is", "et", "it"}  # a word is about two characters
NAMES = {
    "cs": "Czech",
    "de": "German",
    "uk": "Ukrainian",
    "ja": "Japanese",
    "zh": "Chinese",
    "ru": "Russian",
    "fr": "French",
    "bn": "Bengali",
    "he": "Hebrew",
    "es": "Spanish",
    "hi": "Hindi",
    "is": "Icelandic",
    "ar": "Arabic",
    "et": "Estonian",
    "ko": "Korean",
    "it": "Italian",
}
_SENTENCE_END = re.compile(r"(?<=[.!?।؟])\s+|(?<=[。！？])")
_EDGE_PUNCTUATION = regex.compile(r"^[^\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}]+$")
_CJK_LETTERS = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]+")
_LATIN = regex.compile(r"\p{Latin}")
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*")  # Indic vowel signs are marks, not letters


def foreign_lines(language: str) -> list[str] | None:
    """The lines of text in the language, or None when its source is not here."""
    where, path, *jsonl = FOREIGN[language]
    if where == "shared":
        file = SHARED / "data" / path
        return file.read_text(encoding="utf-8").split("\n") if file.is_file() else None
    git = MIRRORS / where.replace("/", "+") / "repo"
    run = subprocess.run(["git", "--git-dir", str(git), "show", f"HEAD:{path}"], capture_output=True, text=True)
    if run.returncode:
        return None
    if not jsonl:
        return [line for line in run.stdout.split("\n") if "CANARY" not in line]
    lines = []
    for row in run.stdout.splitlines():
        record = json.loads(row)
        if record["doc_id"].startswith(jsonl[0] + "_#_"):
            lines += re.sub(r"<[^>]+>", "", record["hypothesis"]).split("\n")
    return lines


def words_of(sentence: str, language: str) -> int:
    return len(sentence.replace(" ", "")) // 2 if language in NO_SPACES else len(sentence.split())


def foreign_sentences(lines: list[str], language: str) -> list[str]:
    """Sentences of 6 to 40 words, ending in a full stop or another mark, without links or dialogue tags;
    in a language of another script, mostly in that script (sources hold English lines too)."""
    latin_script = language in LATIN_SCRIPT
    found = []
    for line in lines:
        for sentence in _SENTENCE_END.split(line.strip()):
            sentence = sentence.strip()
            if (
                6 <= words_of(sentence, language) <= 40
                and sentence[-1:] in ".!?।؟。！？"
                and "http" not in sentence
                and "@" not in sentence
                and not re.match(r"^\w{1,2}:", sentence)
                and (latin_script or len(_LATIN.findall(sentence)) < len(sentence.replace(" ", "")) / 2)
            ):
                found.append(sentence)
    return found


def run_of_words(sentence: str, language: str, rng: random.Random) -> str | None:
    """Three to five consecutive words of the sentence (six to ten characters without spaces), in lowercase
    letters only (a script without case counts as lowercase), with the punctuation around them dropped."""
    size = rng.randint(3, 5)
    if language in NO_SPACES:
        stretches = [m.group() for m in _CJK_LETTERS.finditer(sentence) if len(m.group()) >= 2 * size]
        if not stretches:
            return None
        stretch = rng.choice(stretches)
        start = rng.randint(0, len(stretch) - 2 * size)
        return stretch[start : start + 2 * size]
    tokens = [_EDGE_PUNCTUATION.sub("", token) for token in sentence.split()]
    usable = [bool(_WORD.fullmatch(t)) and not t[0].isupper() for t in tokens]
    starts = [i for i in range(len(tokens) - size + 1) if all(usable[i : i + size])]
    if not starts:
        return None
    start = rng.choice(starts)
    return " ".join(tokens[start : start + size])


def splice_sentence(line: str, sentence: str, rng: random.Random) -> tuple[str, int, int] | None:
    """The line with the sentence put in after one of its sentences (or before the first): (line, start, end)."""
    boundaries = [0] + [m.end() for m in re.finditer(r"[.!?][\"”’)]?\s+(?=[A-Z“\"])", line)] + [len(line)]
    at = rng.choice(boundaries)
    if at == len(line):
        text = line.rstrip() + " "
        return text + sentence, len(text), len(text) + len(sentence)
    if at == 0:
        return sentence + " " + line, 0, len(sentence)
    return line[:at] + sentence + " " + line[at:], at, at + len(sentence)


def splice_run(line: str, run: str, rng: random.Random) -> tuple[str, int, int] | None:
    """The line with the run put between two of its words, inside a sentence: (line, start, end)."""
    gaps = [m.start() for m in re.finditer(r"(?<=[a-z,]) (?=[a-z])", line)]
    if not gaps:
        return None
    at = rng.choice(gaps) + 1
    return line[:at] + run + " " + line[at:], at, at + len(run)


def untranslated_checker() -> Checker:
    """The untranslated-text rules alone, checking English with no source language."""
    return Checker(ruleset_for("en", ()), Settings(select=("LI1",)))


def test_pool(language: str) -> list[str]:
    """The foreign sentences kept for measuring (every other one; the rest were for tuning)."""
    return foreign_sentences(foreign_lines(language) or [], language)[1::2]


def check(lines: list[str], checker: Checker):
    text = "\n".join(lines) + "\n"
    doc = build_document(InputText("doc.txt", text, "text"), "en")
    return doc, [f for f in checker.check(doc) if f.code in FOUND]


def evaluate(
    language: str, seed: int, pairs: list[str], sentences: list[str], checker: Checker, doc_lines: int = 40
) -> dict:
    """Cases of the language spliced into the first reference of each pair with this seed."""
    rng = random.Random(f"{language}-{seed}")
    result = {kind: {"cases": 0, "found": 0, "named": 0, "missed": []} for kind in ("sentence", "run")}
    result["stray"] = []
    turn = 0
    for pair in pairs:
        english = read(f"ref.{PAIRS[pair][2][0]}.en", pair)
        for start in range(0, len(english), doc_lines):
            block = list(english[start : start + doc_lines])
            spans = []  # (line offset, start, end, kind, foreign text)
            for offset, line in enumerate(block):
                if rng.random() >= 1 / 20 or len(line.split()) < 6:
                    continue
                kind = ("sentence", "run")[turn % 2]
                for _ in range(10):  # a sentence may have no run of lowercase words, a line no gap
                    sentence = rng.choice(sentences)
                    text = sentence if kind == "sentence" else run_of_words(sentence, language, rng)
                    spliced = text and (splice_sentence if kind == "sentence" else splice_run)(line, text, rng)
                    if spliced:
                        break
                else:
                    continue
                turn += 1
                block[offset] = spliced[0]
                spans.append((offset, spliced[1], spliced[2], kind, text))
            if not spans:
                continue
            doc, findings = check(block, checker)
            line_starts = [0]
            for line in block[:-1]:
                line_starts.append(line_starts[-1] + len(line) + 1)
            hit = set()
            for offset, first, last, kind, text in spans:
                begin, end = line_starts[offset] + first, line_starts[offset] + last
                over = [f for f in findings if f.start < end and begin < f.end]
                result[kind]["cases"] += 1
                result[kind]["found"] += bool(over)
                result[kind]["named"] += any(NAMES[language] in f.message for f in over)
                if not over:
                    result[kind]["missed"].append(text)
                hit.update(id(f) for f in over)
            result["stray"] += [(doc.text[f.start : f.end], f.code) for f in findings if id(f) not in hit]
    return result


def clean_findings(
    pairs: list[str], checker: Checker, doc_lines: int = 40
) -> tuple[int, list[tuple[str, str, int, str, str]]]:
    """(sentences, untranslated-text findings) on every reference of the pairs, untouched."""
    sentences, findings = 0, []
    for pair in pairs:
        for reference in PAIRS[pair][2]:
            english = read(f"ref.{reference}.en", pair)
            for start in range(0, len(english), doc_lines):
                doc, found = check(english[start : start + doc_lines], checker)
                sentences += len(doc.sentences)
                findings += [
                    (pair, reference, start + doc.position(f.start)[0], f.code, doc.text[f.start : f.end])
                    for f in found
                ]
    return sentences, findings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default=",".join(FOREIGN))
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--pairs", default=",".join(WMT22_PAIRS))
    parser.add_argument(
        "--pool",
        default="test",
        choices=("tune", "test", "all"),
        help="foreign sentences to draw from: every other one was kept for tuning (tune), the rest "
        "for measuring (test)",
    )
    parser.add_argument("--markdown", type=Path, help="also write the table and the judged lists to this file")
    parser.add_argument("--show-missed", type=int, default=0, help="print up to N missed cases per language and kind")
    args = parser.parse_args()
    pairs, seeds = args.pairs.split(","), [int(s) for s in args.seeds.split(",")]
    checker = untranslated_checker()
    started = time.process_time()
    sentences, false = clean_findings(pairs, checker)
    out = [
        f"Untouched references of {', '.join(pairs)}: {len(false)} untranslated-text findings in {sentences} "
        f"sentences = {1000 * len(false) / sentences:.2f} per 1,000",
        "",
    ]
    out += [f"- {pair} ref {ref} line {line}: {code} `{text}`" for pair, ref, line, code, text in false]
    out += [
        "",
        "| language | sentences found | named | runs of 3-5 words found | named | stray findings |",
        "|---|---|---|---|---|---|",
    ]
    for language in args.languages.split(","):
        lines = foreign_lines(language)
        if lines is None:
            print(
                f"{language}: no text found ({FOREIGN[language][0]}: {FOREIGN[language][1]}), skipped", file=sys.stderr
            )
            continue
        pool = foreign_sentences(lines, language)
        pool = pool if args.pool == "all" else pool[args.pool == "test" :: 2]
        totals = {kind: {"cases": 0, "found": 0, "named": 0, "missed": []} for kind in ("sentence", "run")}
        stray = []
        for seed in seeds:
            result = evaluate(language, seed, pairs, pool, checker)
            for kind in ("sentence", "run"):
                for key in ("cases", "found", "named", "missed"):
                    totals[kind][key] += result[kind][key]
            stray += result["stray"]
        cells = []
        for kind in ("sentence", "run"):
            t = totals[kind]
            cells += [
                f"{t['found']}/{t['cases']} = {100 * t['found'] / max(t['cases'], 1):.1f}%",
                f"{100 * t['named'] / max(t['cases'], 1):.0f}%",
            ]
        label = (
            f"{language} ({NAMES[language]}{', unknown to langdetect' if language in UNKNOWN_TO_LANGDETECT else ''})"
        )
        out.append(f"| {label} | {' | '.join(cells)} | {len(stray)} |")
        for kind in ("sentence", "run"):
            for text in totals[kind]["missed"][: args.show_missed]:
                print(f"  missed {language} {kind}: {text}", file=sys.stderr)
        for text, code in stray[: args.show_missed]:
            print(f"  stray {language}: {code} {text}", file=sys.stderr)
    out.append("")
    out.append(f"{time.process_time() - started:.0f} s of CPU")
    print("\n".join(out))
    if args.markdown:
        args.markdown.write_text("\n".join(out) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
