#!/usr/bin/env python3
"""English characters per source character of each script, fitted on the dev half of a pair.

    python bench/script_lengths.py --pair ja-en
    python bench/script_lengths.py --pair zh-en --fix latin=1

Least squares over the lines of the dev half (the first half of the test set): the length of
the reference line against the count of each script in the source line (han, kana, latin,
digit, other). Prints the weights (compare `length-by-script` in rules/<lang>/data/language.yaml)
and how far predicted lengths are from the real ones, with one ratio and with the weights: the
mean |log(predicted / real)|.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from source_accuracy import PAIRS, read  # noqa: E402

from mtcheck.compare.source import _SCRIPTS  # noqa: E402

CLASSES = (*_SCRIPTS, "other")


def counts(text: str) -> list[float]:
    found = [float(len(pattern.findall(text))) for pattern in _SCRIPTS.values()]
    return [*found, len(text) - sum(found)]


def least_squares(rows: list[list[float]], targets: list[float]) -> list[float]:
    """Solve the normal equations (a handful of unknowns) by Gaussian elimination; a column
    that is all zero (no kana in Chinese) gets weight 0."""
    size = len(rows[0])
    used = [k for k in range(size) if any(row[k] for row in rows)]
    a = [[sum(row[i] * row[j] for row in rows) for j in used] for i in used]
    b = [sum(row[i] * t for row, t in zip(rows, targets)) for i in used]
    n = len(used)
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot], b[col], b[pivot] = a[pivot], a[col], b[pivot], b[col]
        for r in range(n):
            if r != col:
                factor = a[r][col] / a[col][col]
                a[r] = [x - factor * y for x, y in zip(a[r], a[col])]
                b[r] -= factor * b[col]
    solved = {k: b[i] / a[i][i] for i, k in enumerate(used)}
    return [solved.get(k, 0.0) for k in range(size)]


def mean_log_error(predicted: list[float], real: list[float]) -> float:
    return sum(abs(math.log(max(p, 1.0) / r)) for p, r in zip(predicted, real)) / len(real)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pair", default="ja-en", choices=sorted(PAIRS))
    parser.add_argument("--translation", default="ref", help="ref or hyp.SYSTEM.en")
    parser.add_argument("--fix", action="append", default=[], help="a weight held fixed, e.g. latin=1")
    args = parser.parse_args()
    source, english = read("src", args.pair), read(args.translation, args.pair)
    half = len(source) // 2
    lines = [(s, e) for s, e in zip(source[:half], english[:half]) if s.strip() and e.strip()]
    rows = [counts(s) for s, _ in lines]
    real = [float(len(e)) for _, e in lines]
    fixed = {name: float(value) for name, value in (item.split("=") for item in args.fix)}
    free = [k for k, name in enumerate(CLASSES) if name not in fixed]
    rest = [t - sum(row[CLASSES.index(name)] * w for name, w in fixed.items()) for row, t in zip(rows, real)]
    solved = least_squares([[row[k] for k in free] for row in rows], rest)
    weights = dict(fixed)
    weights.update({CLASSES[k]: w for k, w in zip(free, solved)})
    ratio = sum(real) / sum(sum(row) for row in rows)
    one_ratio = [sum(row) * ratio for row in rows]
    weighed = [sum(row[k] * weights[name] for k, name in enumerate(CLASSES)) for row in rows]
    print(f"{args.pair}, {len(lines)} lines of the dev half against {args.translation}")
    print("weights: " + ", ".join(f"{name} {weights[name]:.2f}" for name in CLASSES))
    print(
        f"mean |log(predicted/real)|: one ratio ({ratio:.2f}) {mean_log_error(one_ratio, real):.3f}, "
        f"weights {mean_log_error(weighed, real):.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
