"""mtcheck beside proselint, whole process, as a user runs them: one command.

    python bench/speed_vs_proselint.py            # sets up .bench/venv on first use
    python bench/speed_vs_proselint.py --runs 7 --copies 10 50

The benchmark has an environment of its own (.bench/venv, outside git): mtcheck installed
from this checkout with a normal `pip install .` (compiled bytecode, as users get it) and
proselint 0.16.0. Inputs: the bundled 5 KB article, the WMT22 de-en reference A (190 KB,
from ../shared/data) and files of 10 and 50 copies of it. Runs are interleaved (mtcheck,
proselint, mtcheck, ...) so that a change in the machine's load hits both; each figure is
the median over the runs of one process's CPU time (user + system), wall time and peak
resident memory, read with os.wait4. `--reinstall` refreshes mtcheck in the environment
after a change.
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

REPO = Path(__file__).resolve().parents[1]
VENV = REPO / ".bench" / "venv"
PROSELINT = "proselint==0.16.0"
ARTICLE = REPO / "examples" / "sample-article.txt"
REFERENCE = REPO.parent / "shared" / "data" / "wmt22-de-en" / "generaltest2022.de-en.ref.A.en"


def setup(reinstall: bool) -> None:
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", PROSELINT, str(REPO)], check=True)
    elif reinstall:
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps", str(REPO)], check=True
        )


def measure(command: list[str]) -> tuple[float, float, float]:
    """CPU seconds, wall seconds and peak MiB of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def commands(path: Path) -> dict[str, list[str]]:
    bin_dir = VENV / "bin"
    return {
        "mtcheck": [str(bin_dir / "mtcheck"), "check", "--fail-on", "never", "--max-findings", "1000000", str(path)],
        "proselint": [str(bin_dir / "proselint"), "check", str(path)],
    }


def inputs(folder: Path, copies: list[int]) -> list[tuple[str, Path]]:
    found = [("5 KB article", ARTICLE)]
    if not REFERENCE.exists():
        print(f"(no {REFERENCE}: only the article is measured)", file=sys.stderr)
        return found
    found.append(("de-en reference A (190 KB)", REFERENCE))
    text = REFERENCE.read_text(encoding="utf-8")
    for count in copies:
        path = folder / f"reference-x{count}.txt"
        path.write_text(text * count, encoding="utf-8")
        found.append((f"{count} copies ({len(text) * count / 1e6:.1f} MB)", path))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="interleaved runs per tool and input (default 5)")
    parser.add_argument("--copies", type=int, nargs="*", default=[10, 50], help="concatenated copies of the reference")
    parser.add_argument("--large-runs", type=int, default=3, help="runs on inputs over 1 MB (default 3)")
    parser.add_argument("--reinstall", action="store_true", help="reinstall mtcheck from this checkout first")
    args = parser.parse_args()
    setup(args.reinstall)
    with tempfile.TemporaryDirectory() as folder:
        rows = []
        for label, path in inputs(Path(folder), args.copies):
            runs = args.runs if path.stat().st_size < 1_000_000 else args.large_runs
            figures: dict[str, list[tuple[float, float, float]]] = {"mtcheck": [], "proselint": []}
            for _ in range(runs):
                for tool, command in commands(path).items():
                    figures[tool].append(measure(command))
            medians = {
                tool: [statistics.median(f[k] for f in runs_) for k in range(3)] for tool, runs_ in figures.items()
            }
            rows.append((label, medians))
            print(f"measured {label}", file=sys.stderr)
    print(f"\nmedians of interleaved runs; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}")
    print(f"{'input':<30} {'tool':<10} {'CPU s':>8} {'wall s':>8} {'peak MiB':>9}   mtcheck/proselint CPU")
    for label, medians in rows:
        for tool in ("mtcheck", "proselint"):
            cpu, wall, peak = medians[tool]
            ratio = f"{medians['mtcheck'][0] / medians['proselint'][0]:.2f}" if tool == "mtcheck" else ""
            print(f"{label:<30} {tool:<10} {cpu:8.2f} {wall:8.2f} {peak:9.0f}   {ratio}")


if __name__ == "__main__":
    main()
