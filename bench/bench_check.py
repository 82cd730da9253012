#!/usr/bin/env python3
"""Speed of `mtcheck check`: throughput on the WMT22 references and the cold start on a 5 KB article.

    python bench/bench_check.py [--shared ../shared] [--runs 5]

Throughput: sentences per second checking each reference file as one document, rules
already loaded (the best of --runs). Cold start: wall time of a fresh `mtcheck check`
process on a 5 KB article built from corpora/ (the median of --runs), with its peak memory.
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

from mtcheck.run.session import Session  # noqa: E402


def throughput(paths: list[Path], runs: int) -> tuple[int, int, float, float]:
    """(sentences, lines, best wall seconds, best CPU seconds): CPU time is the steadier
    figure on a shared machine."""
    session = Session()
    session.check_path(str(paths[0]))  # load rules and data once
    best_wall = best_cpu = float("inf")
    sentences = lines = 0
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        sentences = lines = 0
        for path in paths:
            result = session.check_path(str(path))
            sentences += len(result.doc.sentences)
            lines += len(result.doc.text.splitlines())
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return sentences, lines, best_wall, best_cpu


def five_kb_article(folder: Path) -> Path:
    """Paragraphs from the corpus articles (with their artifacts) up to 5,000 bytes."""
    paragraphs: list[str] = []
    size = 0
    for article in sorted((REPO / "corpora" / "en").glob("*.txt")):
        for paragraph in article.read_text(encoding="utf-8").split("\n"):
            if paragraph.strip() and size < 5000:
                paragraphs.append(paragraph)
                size += len(paragraph.encode("utf-8")) + 1
    path = folder / "article-5kb.txt"
    path.write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def cold_start(article: Path, runs: int) -> tuple[float, float, int]:
    times = []
    command = [sys.executable, "-m", "mtcheck", "check", str(article)]
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, cwd=REPO, env={**os.environ, "NO_COLOR": "1"})
        times.append(time.perf_counter() - start)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    baseline = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], capture_output=True)
        baseline.append(time.perf_counter() - start)
    return statistics.median(times), statistics.median(baseline), peak_kib


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared")))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    references = sorted((args.shared / "data" / "wmt22-de-en").glob("generaltest2022.de-en.ref.*.en"))
    if references:
        sentences, lines, wall, cpu = throughput(references, args.runs)
        print(f"throughput: {len(references)} reference files, {lines} lines, {sentences} sentences in {wall:.3f} s")
        print(f"  {sentences / wall:,.0f} sentences/s wall, {sentences / cpu:,.0f} sentences/s of CPU time")
    else:
        print(f"throughput: skipped, no WMT22 references under {args.shared}")

    with tempfile.TemporaryDirectory() as folder:
        article = five_kb_article(Path(folder))
        wall, python_alone, peak_kib = cold_start(article, args.runs)
        print(f"cold start: {article.stat().st_size:,} byte article, median of {args.runs} runs")
        print(
            f"  {wall * 1000:.0f} ms wall (a bare python start: {python_alone * 1000:.0f} ms), peak memory {peak_kib / 1024:.0f} MiB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
