"""mtcheck beside proselint, whole process, as a user runs them: one command.

    python bench/speed_vs_proselint.py            # sets up .bench/venv on first use
    python bench/speed_vs_proselint.py --runs 7 --copies 10 50

The benchmark has an environment of its own (.bench/venv, outside git): mtcheck installed
from this checkout with a normal `pip install .` (compiled bytecode, as users get it) and
proselint 0.16.0. Inputs: the bundled 5 KB article, the WMT22 de-en references A and B (190 KB
each, from ../shared/data) and files of 10 and 50 copies of A. Runs are interleaved (mtcheck,
proselint, mtcheck, ...) so that a change in the machine's load hits both; each figure is
the median over the runs of one process's CPU time (user + system, and the system's part of
it: on a first run mostly page faults), wall time and peak resident memory, read with os.wait4
(bench/child_usage.py). Beside the ratio of the medians, the median and range of each run's
own ratio (a tool's CPU over proselint's in the same round): the host's speed drifts between
rounds, not within one. `--reinstall` refreshes mtcheck in the environment after a change.
`--editable` adds a third tool: mtcheck as a developer runs it, an editable
install (.bench/venv-editable) of a copy of the checkout's tracked files (.bench/editable-src,
refreshed each run) under PYTHONDONTWRITEBYTECODE=1, so that every start compiles mtcheck's
modules from source. `--native` adds the release build: mtcheck as `MTCHECK_MYPYC=1 pip install .`
installs it (the mypyc modules and the C modules, hatch_build.py) in .bench/venv-native, built
on first use and on `--reinstall` (a few minutes). `--floor` measures instead what a check
of the reference costs before most of its rules run (the interpreter, the imports and rules, the
words and word lists), each as a share of proselint's CPU on the same file.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import child_usage  # (bench/, beside this script)

REPO = Path(__file__).resolve().parents[1]
VENV = REPO / ".bench" / "venv"
EDITABLE_VENV = REPO / ".bench" / "venv-editable"
NATIVE_VENV = REPO / ".bench" / "venv-native"
EDITABLE_SOURCE = REPO / ".bench" / "editable-src"
PROSELINT = "proselint==0.16.0"
ARTICLE = REPO / "examples" / "sample-article.txt"
REFERENCE = REPO.parent / "shared" / "data" / "wmt22-de-en" / "generaltest2022.de-en.ref.A.en"
REFERENCE_B = REFERENCE.with_name("generaltest2022.de-en.ref.B.en")
_SHOWN = ("cpu", "system", "wall", "peak")  # the Usage fields in the table, in its order of columns


def setup(reinstall: bool) -> None:
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", PROSELINT, str(REPO)], check=True)
    elif reinstall:
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps", str(REPO)], check=True
        )
        # and any dependency added since the environment was made (without it, a folder search
        # on this environment failed for want of pathspec)
        subprocess.run([str(python), "-m", "pip", "install", "-q", str(REPO)], check=True)


def setup_editable(reinstall: bool) -> None:
    """A copy of the checkout's tracked files (no .pyc), installed editable in its own environment."""
    import shutil

    shutil.rmtree(EDITABLE_SOURCE, ignore_errors=True)
    tracked = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True, check=True).stdout
    for name in tracked.decode("utf-8").split("\0"):
        if name and (REPO / name).is_file():
            (EDITABLE_SOURCE / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, EDITABLE_SOURCE / name)
    python = EDITABLE_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(EDITABLE_VENV)], check=True)
    if reinstall or not (EDITABLE_VENV / "bin" / "mtcheck").exists():
        # again on --reinstall: the entry point and the dependencies may have changed
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", str(EDITABLE_SOURCE)], check=True)


def setup_native(reinstall: bool) -> None:
    """mtcheck as `MTCHECK_MYPYC=1 pip install .` installs it, in an environment of its own."""
    python = NATIVE_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(NATIVE_VENV)], check=True)
    if reinstall or not (NATIVE_VENV / "bin" / "mtcheck").exists():
        print("building the mypyc wheel (a few minutes)", file=sys.stderr)
        mypyc = {**os.environ, "MTCHECK_MYPYC": "1"}
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps", str(REPO)],
            check=True,
            env=mypyc,
        )
        subprocess.run([str(python), "-m", "pip", "install", "-q", str(REPO)], check=True, env=mypyc)  # dependencies


def check_arguments(path: Path, *options: str) -> list[str]:
    """`mtcheck`'s arguments to check one file as the benchmark does: every finding printed, exit 0."""
    return ["check", "--fail-on", "never", "--max-findings", "1000000", *options, str(path)]


def commands(path: Path, editable: bool, native: bool = False) -> dict[str, tuple[list[str], dict[str, str] | None]]:
    """Each tool's command line and environment (None: this one's)."""
    bin_dir = VENV / "bin"
    check = check_arguments(path)
    found: dict[str, tuple[list[str], dict[str, str] | None]] = {
        "mtcheck": ([str(bin_dir / "mtcheck"), *check], None),
        "proselint": ([str(bin_dir / "proselint"), "check", str(path)], None),
    }
    if editable:
        no_bytecode = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        found["mtcheck -e"] = ([str(EDITABLE_VENV / "bin" / "mtcheck"), *check], no_bytecode)
    if native:  # the release build, installed as a user installs it (with its .pyc files)
        found["mtcheck native"] = ([str(NATIVE_VENV / "bin" / "mtcheck"), *check], None)
    return found


def inputs(folder: Path, copies: list[int]) -> list[tuple[str, Path]]:
    found = [("5 KB article", ARTICLE)]
    if not REFERENCE.exists():
        print(f"(no {REFERENCE}: only the article is measured)", file=sys.stderr)
        return found
    found.append(("de-en reference A (190 KB)", REFERENCE))
    if REFERENCE_B.exists():
        found.append(("de-en reference B (190 KB)", REFERENCE_B))
    text = REFERENCE.read_text(encoding="utf-8")
    for count in copies:
        path = folder / f"reference-x{count}.txt"
        path.write_text(text * count, encoding="utf-8")
        found.append((f"{count} copies ({len(text) * count / 1e6:.1f} MB)", path))
    return found


def floor(runs: int, folder: Path) -> None:
    """What a whole `mtcheck check` of the reference costs before most of its rules run, each
    step adding to the one before (issue 13's "what would a third take"), interleaved with
    proselint on the reference: medians of CPU seconds, each as a share of proselint's."""
    empty = folder / "empty.txt"
    empty.write_text("", encoding="utf-8")
    mtcheck = str(VENV / "bin" / "mtcheck")
    tools = {
        "the interpreter alone (python -c pass)": [str(VENV / "bin" / "python"), "-c", "pass"],
        "imports and the rules loaded (an empty file)": [mtcheck, *check_arguments(empty)],
        "+ the reference read, one pattern rule (MT501)": [mtcheck, *check_arguments(REFERENCE, "--select", "MT501")],
        "+ words, word lists, language probes (LI104 alone)": [
            mtcheck,
            *check_arguments(REFERENCE, "--select", "LI104"),
        ],
        "every rule": [mtcheck, *check_arguments(REFERENCE)],
        "proselint on the reference": commands(REFERENCE, editable=False)["proselint"][0],
    }
    cpu: dict[str, list[float]] = {label: [] for label in tools}
    for _ in range(runs):
        for label, command in tools.items():
            cpu[label].append(child_usage.run(command).cpu)
    proselint = statistics.median(cpu["proselint on the reference"])
    print(f"\nwhere a check of the reference goes (medians of {runs} interleaved runs, CPU seconds)")
    for label, values in cpu.items():
        print(
            f"{label:<52} {statistics.median(values):8.3f}   {statistics.median(values) / proselint:.3f} of proselint"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="interleaved runs per tool and input (default 5)")
    parser.add_argument("--copies", type=int, nargs="*", default=[10, 50], help="concatenated copies of the reference")
    parser.add_argument("--large-runs", type=int, default=3, help="runs on inputs over 1 MB (default 3)")
    parser.add_argument("--reinstall", action="store_true", help="reinstall mtcheck from this checkout first")
    parser.add_argument("--editable", action="store_true", help="also an editable install without .pyc files")
    parser.add_argument("--native", action="store_true", help="also the release build (MTCHECK_MYPYC=1 pip install .)")
    parser.add_argument(
        "--floor", action="store_true", help="instead: what the reference costs before most rules run, step by step"
    )
    args = parser.parse_args()
    if args.floor:
        if not REFERENCE.exists():
            parser.error(f"--floor needs {REFERENCE}")
        setup(args.reinstall)
        with tempfile.TemporaryDirectory() as folder:
            floor(args.runs, Path(folder))
        return
    setup(args.reinstall)
    if args.editable:
        setup_editable(args.reinstall)
    if args.native:
        setup_native(args.reinstall)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        rows = []
        for label, path in inputs(Path(folder), args.copies):
            runs = args.runs if path.stat().st_size < 1_000_000 else args.large_runs
            tools = commands(path, args.editable, args.native)
            figures: dict[str, list[child_usage.Usage]] = {tool: [] for tool in tools}
            for _ in range(runs):
                for tool, (command, environment) in tools.items():
                    figures[tool].append(child_usage.run(command, environment))
            medians = {
                tool: [statistics.median(getattr(u, field) for u in runs_) for field in _SHOWN]
                for tool, runs_ in figures.items()
            }
            ratios = {
                tool: sorted(u.cpu / p.cpu for u, p in zip(runs_, figures["proselint"]))
                for tool, runs_ in figures.items()
                if tool != "proselint"
            }
            rows.append((label, medians, ratios))
            print(f"measured {label}", file=sys.stderr)
    load = f"{load_before:.2f} before, {os.getloadavg()[0]:.2f} after"
    print(f"\nmedians of interleaved runs; {os.cpu_count()} CPUs; load average {load}")
    print(
        f"{'input':<30} {'tool':<14} {'CPU s':>8} {'of it sys':>9} {'wall s':>8} {'peak MiB':>9}"
        "   CPU / proselint's: of the medians, per run (median, range)"
    )
    for label, medians, ratios in rows:
        for tool in medians:
            cpu, system, wall, peak = medians[tool]
            ratio = ""
            if tool != "proselint":
                each = ratios[tool]
                ratio = f"{cpu / medians['proselint'][0]:.2f}   {statistics.median(each):.2f} ({each[0]:.2f}-{each[-1]:.2f})"
            print(f"{label:<30} {tool:<14} {cpu:8.3f} {system:9.3f} {wall:8.3f} {peak:9.0f}   {ratio}")


if __name__ == "__main__":
    main()
