#!/usr/bin/env python3
"""Source-aware checks on WMT data: cross-language alignment, dropped sentences, changed numbers.

    python bench/source_accuracy.py [--pair de-en] [--system Online-B] [--doc-lines 40] [--seed 1]

The source (German for de-en; cs, uk, zh, ja from WMT22, ru from WMT23) and an MT output
are joined into documents of --doc-lines lines.
1. Alignment: the share of source sentences paired with MT text that translates them,
   after merging about one MT line in eight with the next and splitting one in eight.
2. Omissions: one line is dropped from each MT document; found when an SR102 finding
   names the dropped source line and sits where the MT should have had it.
3. Numbers: in each MT document one number that agrees with the source is changed; found
   when an SR101 finding lies on it ("23:99" is reported at its "99").
Also the findings on the untouched output (false alarms per 1,000 sentences) and the
checking speed in sentences per second with and without the source.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from alignment_accuracy import perturb  # noqa: E402

from mtcheck.compare.source import align_with_source  # noqa: E402
from mtcheck.compare.source import omissions as omissions_of  # noqa: E402
from mtcheck.engine.checker import Checker  # noqa: E402
from mtcheck.engine.settings import Settings  # noqa: E402
from mtcheck.language.numbers import mentions  # noqa: E402
from mtcheck.language.profiles import language  # noqa: E402
from mtcheck.run.session import ruleset_for  # noqa: E402
from mtcheck.text.document import build_document  # noqa: E402
from mtcheck.text.inputs import InputText  # noqa: E402

SHARED = Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared"))
WMT = SHARED / "data" / "wmt22-de-en"
# pair -> (folder, file prefix, the reference used when judging); the WMT22 ru-en set is reserved.
PAIRS = {
    "de-en": ("wmt22-de-en", "generaltest2022.de-en", "ref.A.en"),
    "cs-en": ("wmt22-cs-en", "generaltest2022.cs-en", "ref.B.en"),
    "uk-en": ("wmt22-uk-en", "generaltest2022.uk-en", "ref.A.en"),
    "zh-en": ("wmt22-zh-en", "generaltest2022.zh-en", "ref.A.en"),
    "ja-en": ("wmt22-ja-en", "generaltest2022.ja-en", "ref.A.en"),
    "ru-en": ("wmt23-ru-en", "generaltest2023.ru-en", "ref.refA.en"),
    # Not in ../shared: the txt/ files of the WMT news-systems repositories, laid out
    # the same way in a folder of $MTCHECK_EXTRA_DATA (used in place, never committed).
    "uk-en-wmt23": ("wmt23-uk-en", "generaltest2023.uk-en", "ref.refA.en"),
    "zh-en-wmt23": ("wmt23-zh-en", "generaltest2023.zh-en", "ref.refA.en"),  # github:wmt-conference/wmt23-news-systems
    "ja-en-wmt23": ("wmt23-ja-en", "generaltest2023.ja-en", "ref.refA.en"),
    "cs-en-wmt21": ("wmt21-cs-en", "newstest2021.cs-en", "ref.A.en"),  # github:wmt-conference/wmt21-news-systems
    "ru-en-wmt21": ("wmt21-ru-en", "newstest2021.ru-en", "ref.A.en"),
    "zh-en-wmt21": ("wmt21-zh-en", "newstest2021.zh-en", "ref.A.en"),
    "ja-en-wmt21": ("wmt21-ja-en", "newstest2021.ja-en", "ref.A.en"),
}
EXTRA = Path(os.environ["MTCHECK_EXTRA_DATA"]) if os.environ.get("MTCHECK_EXTRA_DATA") else None


def folder(pair: str) -> Path:
    shared = SHARED / "data" / PAIRS[pair][0]
    return shared if shared.exists() or EXTRA is None else EXTRA / PAIRS[pair][0]


def read(name: str, pair: str = "de-en") -> list[str]:
    """A file of the pair: "src" (the source), "ref" (its reference) or "hyp.SYSTEM.en"."""
    directory, prefix, reference = PAIRS[pair]
    name = {"src": f"src.{pair[:2]}", "ref": reference}.get(name, name)
    return (folder(pair) / f"{prefix}.{name}").read_text(encoding="utf-8").split("\n")[:-1]


def systems(pair: str) -> list[str]:
    prefix = PAIRS[pair][1]
    return sorted(p.name[len(prefix) + 5 : -3] for p in folder(pair).glob(f"{prefix}.hyp.*.en"))


def document(lines: list[str], lang: str):
    return build_document(InputText(f"doc.{lang}.txt", "\n".join(lines) + "\n", "text"), lang)


def line_of(doc, offset: int) -> int:
    return doc.position(offset)[0] - 1


def pair(target_lines: list[str], source_lines: list[str], lang: str = "de"):
    target, source = document(target_lines, "en"), document(source_lines, lang)
    target.original = source
    return target, source


def documents(count: int, doc_lines: int):
    for start in range(0, count, doc_lines):
        yield range(start, min(start + doc_lines, count))


def alignment_accuracy(system: str, doc_lines: int, seed: int, pair_name: str = "de-en") -> tuple[int, int]:
    """Source sentences paired with MT text translating them, when about one MT line in
    eight is merged with the next and one in eight split at a comma (as in
    bench/alignment_accuracy.py)."""
    rng = random.Random(seed)
    german, output = read("src", pair_name), read(f"hyp.{system}.en", pair_name)
    correct = total = 0
    for lines in documents(len(german), doc_lines):
        perturbed = perturb([output[k] for k in lines], rng)
        target, source = pair([line for line, _ in perturbed], [german[k] for k in lines], pair_name[:2])
        for bead in align_with_source(target).beads:
            origins = (
                set().union(*(perturbed[line_of(target, target.sentences[i].start)][1] for i in bead.hyp))
                if bead.hyp
                else set()
            )
            for j in bead.ref:
                total += 1
                correct += line_of(source, source.sentences[j].start) in origins
    return correct, total


def checker_for(codes: tuple[str, ...], lang: str = "de") -> tuple[Checker, Settings]:
    settings = Settings(select=codes, source_lang=lang)
    return Checker(ruleset_for("en", (), lang), settings), settings


def in_part(lines: range, count: int, part: str) -> bool:
    """Whether a document lies in the half of the test set asked for: "dev" (the first half,
    tuned on), "eval" (the second, held out) or "all"."""
    return part == "all" or (lines.start < count // 2) == (part == "dev")


def omissions(system: str, doc_lines: int, seed: int, pair_name: str = "de-en", part: str = "all") -> dict:
    rng = random.Random(seed)
    lang = pair_name[:2]
    german, output = read("src", pair_name), read(f"hyp.{system}.en", pair_name)
    found = dropped = false_alarms = sentences = 0
    for lines in documents(len(german), doc_lines):
        if not in_part(lines, len(german), part):
            continue
        mt, de = [output[k] for k in lines], [german[k] for k in lines]
        target, _ = pair(mt, de, lang)
        false_alarms += len(omissions_of(target))
        sentences += len(target.sentences)
        candidates = [i for i in range(len(mt)) if mt[i].strip() and de[i].strip()]
        drop = rng.choice(candidates)
        target, source = pair(mt[:drop] + mt[drop + 1 :], de, lang)
        dropped += 1
        # The right place: between the end of the line before and the start of the line after.
        before = sum(len(line) + 1 for line in mt[:drop])  # offset of the line that follows the gap
        for gap in omissions_of(target):
            source_lines = {line_of(source, source.sentences[j].start) for j in gap.source}
            if drop in source_lines and before - 1 <= gap.at <= before:
                found += 1
                break
    return {"found": found, "dropped": dropped, "false_alarms": false_alarms, "sentences": sentences}


def changed_numbers(system: str, doc_lines: int, seed: int, pair_name: str = "de-en", limit: int | None = None) -> dict:
    """limit: only the first lines of the test set (a slice for the tests)."""
    rng = random.Random(seed)
    lang = pair_name[:2]
    german, output = read("src", pair_name)[:limit], read(f"hyp.{system}.en", pair_name)[:limit]
    checker, _ = checker_for(("SR101",), lang)
    english, deutsch = language("en").numbers, language(lang).numbers
    found = changed = false_alarms = sentences = 0
    for lines in documents(len(german), doc_lines):
        mt, de = [output[k] for k in lines], [german[k] for k in lines]
        target, _ = pair(mt, de, lang)
        false_alarms += len(checker.check(target))
        sentences += len(target.sentences)
        # Numbers of the MT that agree with a number of their source line.
        candidates = []
        for i, line in enumerate(mt):
            source_numbers = list(mentions(de[i], deutsch))
            for mention in mentions(line, english):
                if any(c.isdigit() for c in mention.text) and any(mention.agrees(s) for s in source_numbers):
                    candidates.append((i, mention))
        if not candidates:
            continue
        i, mention = rng.choice(candidates)
        digits = list(mention.text)
        position = rng.choice([k for k, c in enumerate(digits) if c.isdigit()])
        digits[position] = rng.choice([d for d in "123456789" if d != digits[position]])
        mt = list(mt)
        mt[i] = mt[i][: mention.start] + "".join(digits) + mt[i][mention.end :]
        changed += 1
        target, _ = pair(mt, de, lang)
        offset = sum(len(line) + 1 for line in mt[:i]) + mention.start
        end = offset + len(mention.text)
        # Found when a finding lies on the changed number: "23:99" is reported at its "99".
        if any(f.start < end and (f.end > offset or f.start == offset) for f in checker.check(target)):
            found += 1
    return {"found": found, "changed": changed, "false_alarms": false_alarms, "sentences": sentences}


def speed(system: str, doc_lines: int, pair_name: str = "de-en") -> tuple[float, float, int]:
    """Sentences per second of a full check of the MT documents, without and with the source."""
    lang = pair_name[:2]
    german, output = read("src", pair_name), read(f"hyp.{system}.en", pair_name)
    results = []
    for with_source in (False, True):
        settings = Settings(source_lang=lang)
        checker = Checker(ruleset_for("en", (), lang), settings)
        count = 0
        start = time.process_time()
        for lines in documents(len(german), doc_lines):
            target = document([output[k] for k in lines], "en")
            if with_source:
                target.original = document([german[k] for k in lines], lang)
            checker.check(target)
            count += len(target.sentences)
        results.append(count / (time.process_time() - start))
    return results[0], results[1], count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pair", default="de-en", choices=sorted(PAIRS))
    parser.add_argument("--system", default=None, help="default: Online-B (ONLINE-B for ru-en)")
    parser.add_argument("--doc-lines", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=("align", "omissions", "numbers", "speed"))
    parser.add_argument(
        "--part",
        choices=("dev", "eval", "all"),
        default="all",
        help="omissions: the half of the test set (dev: tuned on)",
    )
    args = parser.parse_args()
    args.system = args.system or ("ONLINE-B" if args.pair in ("ru-en", "uk-en-wmt23") else "Online-B")
    if args.only in (None, "align"):
        correct, total = alignment_accuracy(args.system, args.doc_lines, args.seed, args.pair)
        print(f"{args.system}: {correct}/{total} source sentences paired correctly = {100 * correct / total:.2f}%")
    if args.only in (None, "omissions"):
        r = omissions(args.system, args.doc_lines, args.seed, args.pair, args.part)
        print(
            f"dropped lines found at the right place: {r['found']}/{r['dropped']} = {100 * r['found'] / r['dropped']:.1f}%; "
            f"omission findings on the untouched output: {r['false_alarms']} in {r['sentences']} sentences"
        )
    if args.only in (None, "numbers"):
        r = changed_numbers(args.system, args.doc_lines, args.seed, args.pair)
        print(
            f"changed numbers found: {r['found']}/{r['changed']} = {100 * r['found'] / r['changed']:.1f}%; "
            f"number findings on the untouched output: {r['false_alarms']} in {r['sentences']} sentences"
        )
    if args.only in (None, "speed"):
        without, with_source, count = speed(args.system, args.doc_lines, args.pair)
        print(
            f"full check of {count} sentences: {without:,.0f} sentences/s without the source, {with_source:,.0f} with it"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
