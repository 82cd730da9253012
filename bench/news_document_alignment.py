#!/usr/bin/env python3
"""Reference-to-MT sentence alignment on real news documents written one paragraph per line.

    python bench/news_document_alignment.py [--pair uk-en|ja-en] [--system NAME] [--seeds 1,2,3]

The WMT22 uk-en and ja-en XML releases group segments into documents. Each document's
reference and one system's output are written one paragraph per line, as news files are;
in the MT about one segment in eight is merged with the next and one in eight split in two
(bench/alignment_accuracy.py's perturbation). Both sides go through mtcheck's plain-text
reader and sentence splitter and are aligned; a reference sentence counts as correct when
its bead holds MT text derived from the same segment. Headlines and subheads without a
final stop are where a reader that glues lines together goes wrong.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from alignment_accuracy import perturb, sentences_with_origin  # noqa: E402

from mtcheck.compare.alignment import Aligner  # noqa: E402

SHARED = Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared"))


def documents(pair: str, system: str | None) -> list[tuple[list[str], list[str]]]:
    """(reference segments, MT segments) per document, both non-empty and line-aligned."""
    root = ET.parse(SHARED / "data" / f"wmt22-{pair}" / f"wmttest2022.{pair}.all.xml").getroot()
    found = []
    for doc in root.iter("doc"):
        ref, hyps = doc.find("ref"), doc.findall("hyp")
        if ref is None or not hyps:
            continue
        hyp = next((h for h in hyps if h.get("system") == system), hyps[0])
        r, h = [s.text or "" for s in ref.iter("seg")], [s.text or "" for s in hyp.iter("seg")]
        if len(r) == len(h):
            kept = [k for k in range(len(r)) if r[k].strip() and h[k].strip()]
            found.append(([r[k] for k in kept], [h[k] for k in kept]))
    return found


def evaluate(pair: str, system: str | None, seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    aligner = Aligner()
    correct = total = 0
    for reference, output in documents(pair, system):
        hyp_sentences, hyp_origin = sentences_with_origin(perturb(output, rng))
        ref_sentences, ref_origin = sentences_with_origin([(text, {k}) for k, text in enumerate(reference)])
        for bead in aligner.align(hyp_sentences, ref_sentences):
            derived = set().union(*(hyp_origin[i] for i in bead.hyp)) if bead.hyp else set()
            for j in bead.ref:
                total += 1
                correct += bool(ref_origin[j] & derived)
    return correct, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pair", default="uk-en", choices=("uk-en", "ja-en"))
    parser.add_argument("--system", default=None, help="default: the first system in each document")
    parser.add_argument("--seeds", default="1,2,3")
    args = parser.parse_args()
    for seed in (int(s) for s in args.seeds.split(",")):
        correct, total = evaluate(args.pair, args.system, seed)
        print(
            f"{args.pair} seed {seed}: {correct}/{total} reference sentences paired correctly = {correct / total:.4f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
