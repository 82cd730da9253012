#!/usr/bin/env python3
"""Speed of `mtcheck check --source`: what comparing a translation with its source costs.

    python bench/source_speed.py [--shared ../shared] [--runs 3] [--pairs cs-en de-en zh-en ja-en uk-en ru-en]

For one MT output of each WMT pair (the whole test set as one document, ~2,000 lines):
CPU of a warm check in one process (rules and data loaded; the best of --runs), with and
without the source, so the cost of the comparison stands apart from the rest of the check.
Then the cold start a pre-commit hook or an editor pays: CPU of a fresh `mtcheck check`
process on an article of the output's first 40 lines, with and without its 40 source lines
(the median of --runs; the source language detected, as a user who gives no --source-lang
gets it). CPU, not wall time: this machine is shared, and CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from source_accuracy import PAIRS as WMT  # noqa: E402  (pair -> folder, file prefix, reference)

from mtcheck.run.session import Session  # noqa: E402

# The MT output measured for each pair: one, so that two trees are compared on the same text.
SYSTEMS = {
    "cs-en": "ALMAnaCH-Inria",
    "de-en": "LT22",
    "zh-en": "DLUT",
    "ja-en": "AIST",
    "uk-en": "ARC-NKUA",
    "ru-en": "Lan-BridgeMT",
}
ARTICLE_LINES = 40


def warm_cpu(output: Path, source: Path | None, runs: int) -> float:
    """The best CPU seconds of checking `output` in a session that has checked it once."""
    session = Session(source=str(source) if source else None)
    session.check_path(str(output))
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        session.check_path(str(output))
        best = min(best, time.process_time() - start)
    return best


def cold_cpu(output: Path, source: Path | None, runs: int) -> float:
    """The median CPU seconds (user + system) of a fresh `mtcheck check` process."""
    command = [sys.executable, "-m", "mtcheck", "check", "--fail-on", "never", str(output)]
    if source:
        command += ["--source", str(source)]
    subprocess.run(command, capture_output=True, cwd=REPO, check=False)  # fills the user cache
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, capture_output=True, cwd=REPO, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times)


def first_lines(path: Path, folder: Path) -> Path:
    lines = path.read_text(encoding="utf-8").splitlines()[:ARTICLE_LINES]
    article = folder / path.name
    article.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return article


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared")))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pairs", nargs="+", choices=sorted(SYSTEMS), default=list(SYSTEMS))
    args = parser.parse_args()
    pairs = []
    for pair in args.pairs:
        folder, prefix, _ = WMT[pair]
        where = args.shared / "data" / folder
        pairs.append((pair, where / f"{prefix}.hyp.{SYSTEMS[pair]}.en", where / f"{prefix}.src.{pair[:2]}"))
    missing = [str(path) for _, output, source in pairs for path in (output, source) if not path.is_file()]
    if missing:
        print(f"source_speed: missing WMT files: {', '.join(missing)}", file=sys.stderr)
        return 2

    print(f"warm check of a whole test set in one process, CPU s, best of {args.runs}")
    print(f"{'pair':6} {'lines':>6} {'no source':>10} {'source':>8} {'the comparison':>15}")
    for code, output, source in pairs:
        alone, compared = warm_cpu(output, None, args.runs), warm_cpu(output, source, args.runs)
        lines = len(output.read_text(encoding="utf-8").splitlines())
        print(f"{code:6} {lines:6d} {alone:10.3f} {compared:8.3f} {compared - alone:15.3f}")

    print(f"\ncold check of a {ARTICLE_LINES}-line article, whole process, CPU s, median of {args.runs}")
    print(f"{'pair':6} {'bytes':>6} {'no source':>10} {'source':>8} {'the comparison':>15}")
    with tempfile.TemporaryDirectory() as folder:
        for code, output, source in pairs:
            article, original = first_lines(output, Path(folder)), first_lines(source, Path(folder))
            alone, compared = cold_cpu(article, None, args.runs), cold_cpu(article, original, args.runs)
            size = article.stat().st_size
            print(f"{code:6} {size:6d} {alone:10.3f} {compared:8.3f} {compared - alone:15.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
