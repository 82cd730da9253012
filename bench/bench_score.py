#!/usr/bin/env python3
"""Speed of `mtcheck score` against a plain loop of sacrebleu calls over the same segments.

    python bench/bench_score.py [--segments 2000] [--runs 3]

The baseline is what a user would write: sentence_score for every segment (BLEU with
effective order, chrF) plus corpus_score for each metric. mtcheck's scoring (the same
numbers) should cost at most 1.2 times as much. Best of --runs, CPU time.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtcheck.compare.scoring import ScoringOptions, score  # noqa: E402

SHARED = Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared"))


def read(name: str, count: int) -> list[str]:
    lines = (
        (SHARED / "data" / "wmt22-de-en" / f"generaltest2022.de-en.{name}.en")
        .read_text(encoding="utf-8")
        .split("\n")[:-1]
    )
    return (lines * (count // len(lines) + 1))[:count]


def plain_sacrebleu(hyps: list[str], refs: list[str]) -> None:
    from sacrebleu.metrics import BLEU, CHRF

    sentence_bleu, chrf = BLEU(effective_order=True), CHRF()
    for hyp, ref in zip(hyps, refs):
        sentence_bleu.sentence_score(hyp, [ref])
        chrf.sentence_score(hyp, [ref])
    BLEU().corpus_score(hyps, [refs])
    CHRF().corpus_score(hyps, [refs])


def best(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    hyps, refs = read("hyp.Online-B", args.segments), read("ref.A", args.segments)
    plain = best(lambda: plain_sacrebleu(hyps, refs), args.runs)
    ours = best(lambda: score(hyps, [refs], ScoringOptions(("bleu", "chrf"))), args.runs)
    print(f"{args.segments} segments, BLEU and chrF, corpus and per segment (CPU seconds, best of {args.runs})")
    print(f"  plain sacrebleu loop: {plain:.2f} s")
    print(f"  mtcheck scoring:      {ours:.2f} s  = {ours / plain:.2f} x the plain loop")
    return 0


if __name__ == "__main__":
    sys.exit(main())
