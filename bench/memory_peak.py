#!/usr/bin/env python3
"""Peak resident memory of whole `mtcheck check` processes: the WMT22 de-en reference A
(190 KB) and files of 10 and 50 copies of it (1.9 and 9.5 MB), and 2,000 small files.

    python bench/memory_peak.py                     # every input, one run each
    python bench/memory_peak.py --copies 1 50 --files 0 --runs 3

The small files are those of bench/dask_scale.py: 10 consecutive lines of the WMT22 human
references and MT outputs into English (../shared/data/wmt22-*-en), 2,000 taken evenly
across them; they are checked with `-j 1` (one process) and with the default jobs (worker
processes: the figure is the largest process's). Each figure is the median over the runs of
the process's peak resident memory (wait4's ru_maxrss, read by bench/child_usage.py)
and its CPU time (user + system). The issue's bar is 100 MB for 50 copies and for the
2,000 files.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

import child_usage  # (bench/, beside this script)

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared"))
REFERENCE = SHARED / "data" / "wmt22-de-en" / "generaltest2022.de-en.ref.A.en"


def measure(arguments: list[str]) -> tuple[float, float]:
    """Peak MiB and CPU seconds of one `mtcheck check` process (with the workers it waited for)."""
    command = [sys.executable, "-m", "mtcheck", "check", "--fail-on", "never", "--max-findings", "1000000", "-q"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    # In the checkout's folder: `python -m` puts the current folder first on the path.
    usage = child_usage.run([*command, *arguments], env, str(REPO))
    if usage.exit_code != 0:
        raise SystemExit(f"mtcheck {' '.join(arguments)}: {usage.errors.strip()}")
    return usage.peak, usage.cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="*", default=[1, 10, 50])
    parser.add_argument("--files", type=int, default=2000, help="small files (0: none)")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    if not REFERENCE.exists():
        raise SystemExit(f"no {REFERENCE}: nothing to measure")
    with tempfile.TemporaryDirectory() as folder:
        inputs: list[tuple[str, list[str]]] = []
        text = REFERENCE.read_text(encoding="utf-8")
        for count in args.copies:
            path = Path(folder) / f"reference-x{count}.txt"
            path.write_text(text * count, encoding="utf-8")
            inputs.append((f"{count} × de-en ref A ({len(text.encode()) * count / 1e6:.1f} MB)", [str(path)]))
        if args.files:
            sys.path.insert(0, str(Path(__file__).parent))
            from dask_scale import wmt_documents

            small = Path(folder) / "small"
            small.mkdir()
            for index, document in enumerate(wmt_documents(args.files, shared=SHARED)):
                (small / f"{index:04d}.txt").write_text(document["text"] + "\n", encoding="utf-8")
            inputs.append((f"{args.files:,} small files, -j 1", ["-j", "1", str(small)]))
            inputs.append((f"{args.files:,} small files, default jobs", [str(small)]))
        print("| input | peak MiB | CPU s |\n|---|---|---|")
        for label, arguments in inputs:
            runs = [measure(arguments) for _ in range(args.runs)]
            peak = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            print(f"| {label} | {peak:.1f} | {cpu:.2f} |", flush=True)


if __name__ == "__main__":
    main()
