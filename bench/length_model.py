#!/usr/bin/env python3
"""How the lengths of a source and its English translation compare, per pair, on the dev half
(the first half of each test set, which the aligner's settings are tuned on).

    python bench/length_model.py [--translation ref|hyp.Online-B.en] [--pair zh-en ...]

For each pair of non-empty lines: the ratio of source to English characters over the half,
and the variance of the length difference per English character as Gale and Church (1993)
model it, (source/ratio - english)^2 / mean length: the mean, and the estimate from the
median (robust to the heavy tails of lines that are not translations of each other).
Compare with `length-vs-english` and `length-variance` in rules/<lang>/data/language.yaml.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from source_accuracy import PAIRS, read  # noqa: E402

MEDIAN_OF_CHI2 = 0.455  # the median of a squared standard normal


def length_model(pair: str, translation: str) -> tuple[float, float, float, int]:
    """(ratio, mean variance, median-based variance, lines) on the dev half."""
    source, english = read("src", pair), read(translation, pair)
    half = len(source) // 2
    lines = [(len(s), len(e)) for s, e in zip(source[:half], english[:half]) if s.strip() and e.strip()]
    ratio = sum(s for s, _ in lines) / sum(e for _, e in lines)
    squared = [(s / ratio - e) ** 2 / ((s / ratio + e) / 2) for s, e in lines]
    return ratio, statistics.mean(squared), statistics.median(squared) / MEDIAN_OF_CHI2, len(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pair", action="append", choices=sorted(PAIRS))
    parser.add_argument("--translation", default="ref", help="ref (the pair's reference) or hyp.SYSTEM.en")
    args = parser.parse_args()
    for pair in args.pair or ["de-en", "cs-en", "uk-en", "ru-en", "zh-en", "ja-en"]:
        ratio, mean, median, count = length_model(pair, args.translation)
        print(
            f"{pair}: ratio {ratio:.3f}, variance per character {mean:.1f} (mean), {median:.1f} (median), {count} lines"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
