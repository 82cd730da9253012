#!/usr/bin/env python3
"""Untranslated text on WMT test sets: source lines put back into English documents.

    python bench/untranslated_accuracy.py [--pair de-en] [--reference A] [--doc-lines 40] [--seed 1]
                                          [--mode line|half] [--source-lang LANG] [--all-pairs]

The reference's lines are joined into documents of --doc-lines lines; about one line in
twenty is replaced by its source (--mode line), or keeps the first half of its English
words and ends with the second half of the source's words (--mode half: a sentence the
MT system gave up on halfway). Reports how many of those mtcheck finds (LI101, LI102 or
LI104 on that line; LI103 too, for text in another script), and how many untranslated-text findings the untouched reference gets
per 1,000 sentences. --source-lang checks as translations from that language, which need
not be the language put in (a Czech line in an article translated from German).
Pairs: de-en, cs-en, uk-en, zh-en, ja-en (WMT22) and ru-en (WMT23; its reference keeps
lines 745-759 in Russian, so it has real findings of its own).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtcheck.engine.checker import Checker  # noqa: E402
from mtcheck.engine.settings import Settings  # noqa: E402
from mtcheck.run.session import ruleset_for  # noqa: E402
from mtcheck.text.document import build_document  # noqa: E402
from mtcheck.text.inputs import InputText  # noqa: E402

SHARED = Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared"))
WMT = SHARED / "data" / "wmt22-de-en"
UNTRANSLATED = ("LI101", "LI102", "LI104")
FOUND = (*UNTRANSLATED, "LI103")  # a put-in line in another script may be found by its script alone
# pair -> (folder, file prefix, references)
PAIRS = {
    "de-en": ("wmt22-de-en", "generaltest2022.de-en", ("A", "B")),
    "cs-en": ("wmt22-cs-en", "generaltest2022.cs-en", ("B", "C")),
    "uk-en": ("wmt22-uk-en", "generaltest2022.uk-en", ("A",)),
    "zh-en": ("wmt22-zh-en", "generaltest2022.zh-en", ("A", "B")),
    "ja-en": ("wmt22-ja-en", "generaltest2022.ja-en", ("A",)),
    "ru-en": ("wmt23-ru-en", "generaltest2023.ru-en", ("refA",)),
}


def read(name: str, pair: str = "de-en") -> list[str]:
    folder, prefix, _ = PAIRS[pair]
    return (SHARED / "data" / folder / f"{prefix}.{name}").read_text(encoding="utf-8").split("\n")[:-1]


def check(lines: list[str], settings: Settings, checker: Checker, codes: tuple[str, ...] = UNTRANSLATED):
    text = "\n".join(lines) + "\n"
    doc = build_document(InputText("doc.txt", text, "text"), "en")
    return doc, [f for f in checker.check(doc) if f.code in codes]


def half_translated(english: str, source: str) -> str | None:
    """The first half of the English words, then the second half of the source's (of its
    characters, for Chinese and Japanese); None for lines too short to split."""
    english_words, source_words = english.split(), source.split()
    if len(english_words) < 6:
        return None
    if len(source_words) < 3 and len(source) >= 12:
        return " ".join(english_words[: len(english_words) // 2]) + " " + source[len(source) // 2 :]
    if len(source_words) < 6:
        return None
    return " ".join(english_words[: len(english_words) // 2] + source_words[len(source_words) // 2 :])


def evaluate(
    reference: str = "A",
    doc_lines: int = 40,
    seed: int = 1,
    source_lang: str | None = None,
    backend: str = "langdetect",
    pair: str = "de-en",
    mode: str = "line",
) -> dict:
    rng = random.Random(seed)
    english, foreign = read(f"ref.{reference}.en", pair), read(f"src.{pair.split('-')[0]}", pair)
    settings = Settings(select=("LI1",), source_lang=source_lang, langid_backend=backend)
    checker = Checker(ruleset_for("en", (), source_lang), settings)
    replaced = found = sentences = false_alarms = 0
    for start in range(0, len(english), doc_lines):
        block = english[start : start + doc_lines]
        doc, findings = check(block, settings, checker)
        sentences += len(doc.sentences)
        false_alarms += len(findings)
        mixed, swapped = list(block), []
        for offset in range(len(block)):
            if rng.random() >= 1 / 20 or not foreign[start + offset].strip():
                continue
            line = (
                foreign[start + offset] if mode == "line" else half_translated(block[offset], foreign[start + offset])
            )
            if line:
                mixed[offset] = line
                swapped.append(offset)
        if not swapped:
            continue
        doc, findings = check(mixed, settings, checker, FOUND)
        lines = {doc.position(f.start)[0] - 1 for f in findings}
        replaced += len(swapped)
        found += sum(offset in lines for offset in swapped)
    return {"replaced": replaced, "found": found, "sentences": sentences, "false_alarms": false_alarms}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pair", default="de-en", choices=sorted(PAIRS))
    parser.add_argument("--reference", default=None, help="default: the pair's first reference")
    parser.add_argument("--doc-lines", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mode", default="line", choices=("line", "half"))
    parser.add_argument("--source-lang", default=None, help="check as translations from this language")
    parser.add_argument("--backend", default="langdetect", help="language identifier: langdetect or py3langid")
    parser.add_argument("--all-pairs", action="store_true", help="every pair, one line each")
    args = parser.parse_args()
    for pair in sorted(PAIRS) if args.all_pairs else [args.pair]:
        reference = args.reference if args.reference and not args.all_pairs else PAIRS[pair][2][0]
        result = evaluate(reference, args.doc_lines, args.seed, args.source_lang, args.backend, pair, args.mode)
        rate = 1000 * result["false_alarms"] / result["sentences"]
        share = 100 * result["found"] / result["replaced"] if result["replaced"] else 0.0
        print(
            f"{pair} ref {reference}, {args.mode}: found {result['found']}/{result['replaced']} = {share:.1f}%; "
            f"findings on the untouched reference: {result['false_alarms']} in {result['sentences']} sentences "
            f"= {rate:.2f} per 1,000"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
