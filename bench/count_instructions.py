#!/usr/bin/env python3
"""Instructions spent checking the WMT22 reference A, counted by valgrind (deterministic).

    python bench/count_instructions.py [--repo DIR] [--shared ../shared] [--start [--no-bytecode]]

Wall-clock figures on a shared machine move by ±30% from run to run; callgrind counts
the same instructions every time, so two versions of mtcheck compare exactly. Prints
the instructions of loading the rules and of checking the file (about 2,000 sentences).
`--start` counts instead a whole `mtcheck check` process on the sample article, as a user
starts it (bytecode compiled and caches filled by a first run): the cold start of issue 13;
`--start --no-bytecode` counts it as an editable install under PYTHONDONTWRITEBYTECODE=1 runs.
Needs valgrind; takes a minute or two.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROGRAM = """
import sys
sys.path.insert(0, sys.argv[1])
try:
    from mtcheck.engine import budget
    from mtcheck.run.session import Session
except ImportError:  # a checkout from before the layout in subpackages
    from mtcheck import budget
    from mtcheck.session import Session
# Under valgrind a run is some fifty times slower: budgets sized for real runs would make
# rules give up at random, and the count with them.
budget.BASE_SECONDS = budget.SECONDS_PER_MB = 1e6
session = Session()
session.check_path(sys.argv[1] + "/examples/sample-article.txt")
if len(sys.argv) > 2:
    session.check_path(sys.argv[2])
"""


def instructions(arguments: list[str]) -> int:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(PROGRAM)
    try:
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, handle.name, *arguments],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(handle.name)
    return int(re.search(r"Collected : (\d+)", run.stderr).group(1))


START = """
import sys
sys.path.insert(0, sys.argv.pop(1))
from mtcheck.engine import budget
# Budgets sized for real runs would make rules give up under valgrind (see PROGRAM).
budget.BASE_SECONDS = budget.SECONDS_PER_MB = budget.ANALYSIS_BASE_SECONDS = budget.ANALYSIS_SECONDS_PER_MB = 1e6
try:
    from mtcheck.entry import main  # the command's entry point
except ImportError:  # a checkout from before it: the typer app's
    from mtcheck.cli import main
main()
"""


def start_instructions(repo: Path, bytecode: bool = True) -> int:
    """A whole `mtcheck check` process, after a first run wrote the .pyc files and caches; without
    bytecode, as an editable install under PYTHONDONTWRITEBYTECODE=1 runs (a copy of the checkout's
    tracked files, so that no .pyc of mtcheck exists: every start compiles its modules)."""
    if not bytecode:
        with tempfile.TemporaryDirectory() as folder:
            tracked = subprocess.run(["git", "-C", str(repo), "ls-files", "-z"], capture_output=True, check=True)
            for name in tracked.stdout.decode("utf-8").split("\0"):
                if name and (repo / name).is_file():
                    (Path(folder) / name).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(repo / name, Path(folder) / name)
            return _count_start(Path(folder), {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    return _count_start(repo, {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"})


def _count_start(repo: Path, environment: dict[str, str]) -> int:
    article = str(repo / "examples" / "sample-article.txt")
    command = [sys.executable, "-c", START, str(repo), "check", "--fail-on", "never", article]
    subprocess.run(command, env=environment, capture_output=True, check=True)
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(re.search(r"Collected : (\d+)", run.stderr).group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=REPO, help="the mtcheck checkout to measure")
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared")))
    parser.add_argument("--start", action="store_true", help="count a whole `mtcheck check` of the sample article")
    parser.add_argument(
        "--no-bytecode", action="store_true", help="with --start: as an editable install without .pyc files runs it"
    )
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed")
        return 1
    if args.start:
        count = start_instructions(args.repo, bytecode=not args.no_bytecode)
        how = " without .pyc files (PYTHONDONTWRITEBYTECODE=1)" if args.no_bytecode else ""
        print(f"{args.repo}: a whole `mtcheck check` of the sample article{how}, {count / 1e6:,.0f} M instructions")
        return 0
    reference = args.shared / "data" / "wmt22-de-en" / "generaltest2022.de-en.ref.A.en"
    load = instructions([str(args.repo)])
    total = instructions([str(args.repo), str(reference)])
    print(
        f"{args.repo}: loading {load / 1e6:,.0f} M instructions, checking ref.A {(total - load) / 1e6:,.0f} M instructions"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
