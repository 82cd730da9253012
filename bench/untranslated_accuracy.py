#!/usr/bin/env python3
"""Untranslated text on WMT22 de-en: German lines put into English documents.

    python bench/untranslated_accuracy.py [--reference A] [--doc-lines 40] [--seed 1]

The reference's lines are joined into documents of --doc-lines lines; about one line in
twenty is replaced by its German source. Reports how many of those mtcheck finds (LI101,
or LI102 for a run of German words), and how many untranslated-text findings the untouched
reference gets per 1,000 sentences.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtcheck.document import build_document  # noqa: E402
from mtcheck.engine import Checker  # noqa: E402
from mtcheck.inputs import Source  # noqa: E402
from mtcheck.session import ruleset_for  # noqa: E402
from mtcheck.settings import Settings  # noqa: E402

SHARED = Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared"))
WMT = SHARED / "data" / "wmt22-de-en"
UNTRANSLATED = ("LI101", "LI102", "LI104")


def read(name: str) -> list[str]:
    return (WMT / f"generaltest2022.de-en.{name}").read_text(encoding="utf-8").split("\n")[:-1]


def check(lines: list[str], settings: Settings, checker: Checker):
    text = "\n".join(lines) + "\n"
    doc = build_document(Source("doc.txt", text, "text"), "en")
    return doc, [f for f in checker.check(doc) if f.code in UNTRANSLATED]


def evaluate(reference: str = "A", doc_lines: int = 40, seed: int = 1, source_lang: str | None = None,
             backend: str = "langdetect") -> dict:
    rng = random.Random(seed)
    english, german = read(f"ref.{reference}.en"), read("src.de")
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
            if rng.random() < 1 / 20 and german[start + offset].strip():
                mixed[offset] = german[start + offset]
                swapped.append(offset)
        if not swapped:
            continue
        doc, findings = check(mixed, settings, checker)
        lines = {doc.position(f.start)[0] - 1 for f in findings}
        replaced += len(swapped)
        found += sum(offset in lines for offset in swapped)
    return {"replaced": replaced, "found": found, "sentences": sentences, "false_alarms": false_alarms}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", default="A")
    parser.add_argument("--doc-lines", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--source-lang", default=None, help="check as translations from this language")
    parser.add_argument("--backend", default="langdetect", help="language identifier: langdetect or py3langid")
    args = parser.parse_args()
    result = evaluate(args.reference, args.doc_lines, args.seed, args.source_lang, args.backend)
    print(f"German lines found: {result['found']}/{result['replaced']} = {100 * result['found'] / result['replaced']:.1f}%")
    rate = 1000 * result["false_alarms"] / result["sentences"]
    print(f"untranslated-text findings on the untouched reference: {result['false_alarms']} in {result['sentences']} sentences = {rate:.2f} per 1,000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
