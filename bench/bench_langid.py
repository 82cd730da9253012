#!/usr/bin/env python3
"""What language identification costs on clean English: checking with and without LI1xx.

    python bench/bench_langid.py [--runs 5]

Target: no more than 10% over checking with the family switched off. Measured in CPU time
on the clean corpus articles and the WMT22 references (best of --runs, rules loaded), and
in wall time of a cold `mtcheck check` of a clean article, where lazy loading shows. Last,
the same article with a Czech sentence added: a language beyond the usual sources loads
every word list and the langdetect profiles of every Latin-script language, once.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtcheck.run.session import Session  # noqa: E402

SHARED = Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared"))


def clean_english() -> list[Path]:
    files = sorted((REPO / "corpora" / "en").glob("clean-*"))
    files += sorted((SHARED / "data" / "wmt22-de-en").glob("generaltest2022.de-en.ref.*.en"))
    return [f for f in files if f.suffix in (".md", ".txt", ".en")]


def cpu(paths: list[Path], overrides: dict, runs: int) -> float:
    session = Session(overrides)
    for path in paths:
        session.check_path(str(path))  # warm: rules, data and (if asked for) profiles loaded
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        for path in paths:
            session.check_path(str(path))
        best = min(best, time.process_time() - start)
    return best


def cold(path: Path, extra: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mtcheck", "check", str(path), *extra], capture_output=True, cwd=REPO)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    paths = clean_english()
    without = cpu(paths, {"ignore": ("LI1",)}, args.runs)
    with_family = cpu(paths, {}, args.runs)
    print(
        f"warm, {len(paths)} clean English files: {with_family:.3f} s with LI1xx, {without:.3f} s without: "
        f"+{100 * (with_family / without - 1):.1f}%"
    )
    article = REPO / "corpora" / "en" / "clean-economy.md"
    off = cold(article, ["--ignore", "LI1"], args.runs)
    on = cold(article, [], args.runs)
    print(
        f"cold start on {article.name}: {on * 1000:.0f} ms with LI1xx, {off * 1000:.0f} ms without: +{100 * (on / off - 1):.1f}%"
    )
    with tempfile.TemporaryDirectory() as folder:
        czech = Path(folder) / "with-czech.md"
        czech.write_text(article.read_text(encoding="utf-8") + f"\n{CZECH}\n", encoding="utf-8")
        off = cold(czech, ["--ignore", "LI1"], args.runs)
        on = cold(czech, [], args.runs)
    print(
        f"cold start with a Czech sentence added: {on * 1000:.0f} ms with LI1xx, {off * 1000:.0f} ms without: "
        f"+{100 * (on / off - 1):.1f}%"
    )
    return 0


CZECH = "Vláda v pondělí schválila návrh zákona o státním rozpočtu na příští rok."


if __name__ == "__main__":
    sys.exit(main())
