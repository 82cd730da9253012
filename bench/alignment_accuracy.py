#!/usr/bin/env python3
"""How well document mode pairs reference sentences with the MT text that translates them.

    python bench/alignment_accuracy.py [--system Online-B] [--doc-lines 40] [--seed 1]

WMT22 de-en lines are joined into documents of --doc-lines lines. In each MT document,
about one in eight adjacent segment pairs is merged into one sentence and about one in
eight segments is split in two at a comma; the reference stays as it is. Both sides are
then split with mtcheck's sentence splitter and aligned. A reference sentence counts as
correctly paired when its bead holds MT text derived from the same source segment.
Also reports the time to align a 60-sentence article.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtcheck.compare.alignment import Aligner  # noqa: E402
from mtcheck.text.document import build_document  # noqa: E402
from mtcheck.text.inputs import InputText  # noqa: E402

SHARED = Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared"))
WMT = SHARED / "data" / "wmt22-de-en"


def read_lines(name: str) -> list[str]:
    return (WMT / f"generaltest2022.de-en.{name}.en").read_text(encoding="utf-8").split("\n")[:-1]


def perturb(segments: list[str], rng: random.Random) -> list[tuple[str, set[int]]]:
    """MT lines with the segments each came from: some merged into one sentence, some split."""
    lines: list[tuple[str, set[int]]] = []
    k = 0
    while k < len(segments):
        text = segments[k]
        if k + 1 < len(segments) and rng.random() < 1 / 8 and text.strip() and segments[k + 1].strip():
            following = segments[k + 1]
            if following[:2].istitle() and following[1:2].islower():
                following = following[0].lower() + following[1:]
            lines.append((re.sub(r"[.!?]+$", "", text.rstrip()) + ", " + following, {k, k + 1}))
            k += 2
            continue
        commas = [m.start() for m in re.finditer(r", ", text)]
        if commas and rng.random() < 1 / 8:
            cut = min(commas, key=lambda c: abs(c - len(text) // 2))
            first, second = text[:cut] + ".", text[cut + 2 :]
            if second:
                lines.append((first, {k}))
                lines.append((second[0].upper() + second[1:], {k}))
                k += 1
                continue
        lines.append((text, {k}))
        k += 1
    return lines


def sentences_with_origin(lines: list[tuple[str, set[int]]]) -> tuple[list[str], list[set[int]]]:
    text = "\n".join(line for line, _ in lines) + "\n"
    doc = build_document(InputText("doc.txt", text, "text"), "en")
    starts = [0]
    for line, _ in lines:
        starts.append(starts[-1] + len(line) + 1)
    sentences, origins = [], []
    for sentence in doc.sentences:
        line = max(i for i, s in enumerate(starts[:-1]) if s <= sentence.start)
        sentences.append(doc.text[sentence.start : sentence.end])
        origins.append(lines[line][1])
    return sentences, origins


def evaluate(system: str = "Online-B", doc_lines: int = 40, seed: int = 1) -> tuple[int, int]:
    rng = random.Random(seed)
    reference, output = read_lines("ref.A"), read_lines(f"hyp.{system}")
    correct = total = 0
    aligner = Aligner()
    for start in range(0, len(reference), doc_lines):
        indices = range(start, min(start + doc_lines, len(reference)))
        hyp_sentences, hyp_origin = sentences_with_origin(perturb([output[k] for k in indices], rng))
        ref_sentences, ref_origin = sentences_with_origin([(reference[k], {k - start}) for k in indices])
        for bead in aligner.align(hyp_sentences, ref_sentences):
            derived = set().union(*(hyp_origin[i] for i in bead.hyp)) if bead.hyp else set()
            for j in bead.ref:
                total += 1
                correct += bool(ref_origin[j] & derived)
        total += 0
    return correct, total


def time_article(sentences: int = 60) -> float:
    reference = read_lines("ref.A")[:sentences]
    output = read_lines("hyp.Online-B")[:sentences]
    start = time.perf_counter()
    Aligner().align(output, reference)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--system", default="Online-B")
    parser.add_argument("--doc-lines", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    correct, total = evaluate(args.system, args.doc_lines, args.seed)
    print(f"{args.system}: {correct}/{total} reference sentences paired correctly = {100 * correct / total:.2f}%")
    print(f"aligning a 60-sentence article: {time_article() * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
