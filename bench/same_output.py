#!/usr/bin/env python3
"""Does this checkout report exactly what an earlier commit reported? For work on speed, whose
rule is that the output does not change.

    python bench/same_output.py 2d17aae          # this checkout against commit 2d17aae
    python bench/same_output.py main --jobs 2

Each input is checked by both versions with `mtcheck check --format json --fail-on never`
(the earlier one from `git archive` of the commit into a temporary folder), each run in its
own checkout's folder with the same arguments, and the two reports compared byte for byte:
the bundled corpora and examples, and, where ../shared is present (or MTCHECK_SHARED), the seed
article, both WMT22 de-en references, an MT output into English of every WMT22 pair, two
runs with a source and two with a reference. Prints each input as same or different (with the
first lines that differ) and exits 1 when any differs.
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import tarfile
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared"))


def inputs() -> list[tuple[str, list[str]]]:
    """(name, arguments of `mtcheck check`) of every input there is here."""
    found = [("corpora", ["corpora/"]), ("examples", ["examples/"])]
    data = SHARED / "data"
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if seeds:
        found.append(("seed", [str(seeds[0])]))
    wmt22 = data / "wmt22-de-en"
    for name in ("ref.A", "ref.B", "hyp.LT22"):
        path = wmt22 / f"generaltest2022.de-en.{name}.en"
        if path.exists():
            found.append((f"de-en {name}", [str(path)]))
    for pair in ("cs-en", "ja-en", "uk-en", "zh-en"):
        path = data / f"wmt22-{pair}" / f"generaltest2022.{pair}.hyp.Online-B.en"
        if path.exists():
            found.append((f"{pair} Online-B", [str(path)]))
    with_source = [
        ("cs-en Online-W with its source", data / "wmt22-cs-en", "generaltest2022.cs-en.hyp.Online-W.en", "cs"),
        ("ru-en ONLINE-B with its source", data / "wmt23-ru-en", "generaltest2023.ru-en.hyp.ONLINE-B.en", "ru"),
    ]
    for name, folder, output, language in with_source:
        source = next(folder.glob(f"*.src.{language}"), None) if folder.is_dir() else None
        if source is not None and (folder / output).exists():
            found.append((name, [str(folder / output), "--source", str(source)]))
    with_reference = [
        ("de-en Online-B with reference A", data / "wmt22-de-en", "de-en", "Online-B"),
        ("zh-en Online-W with reference A", data / "wmt22-zh-en", "zh-en", "Online-W"),
    ]
    for name, folder, pair, system in with_reference:
        output, reference = (
            folder / f"generaltest2022.{pair}.hyp.{system}.en",
            folder / f"generaltest2022.{pair}.ref.A.en",
        )
        if output.exists() and reference.exists():
            found.append((name, [str(output), "--ref", str(reference)]))
    return found


def report(checkout: Path, arguments: list[str]) -> bytes:
    """The JSON report of one run of the checkout's mtcheck (stderr appended: warnings count too)."""
    run = subprocess.run(
        [sys.executable, "-m", "mtcheck", "check", "--format", "json", "--fail-on", "never", *arguments],
        cwd=checkout,
        env={**os.environ, "PYTHONPATH": str(checkout)},
        capture_output=True,
    )
    return run.stdout + b"\n--- stderr ---\n" + run.stderr + f"\n--- exit {run.returncode} ---\n".encode()


def export(commit: str, folder: Path) -> None:
    """The commit's tracked files in folder (no .git: nothing in this checkout changes)."""
    archive = folder / "commit.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "-C", str(REPO), "archive", commit], stdout=out, check=True)
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            tar.extractall(folder / "tree", filter="data")
        else:
            tar.extractall(folder / "tree")  # noqa: S202 (git archive of this repository)
    archive.unlink()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit", help="the earlier commit (a hash, a branch, a tag)")
    parser.add_argument("--jobs", type=int, default=1, help="inputs checked at once (default 1)")
    args = parser.parse_args()
    try:
        subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--verify", f"{args.commit}^{{commit}}"],
            check=True,
            capture_output=True,
        )
    except subprocess.CalledProcessError:
        print(f"same_output: {args.commit}: no such commit in {REPO}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        export(args.commit, Path(folder))
        earlier = Path(folder) / "tree"
        cases = inputs()

        def compare(case: tuple[str, list[str]]) -> tuple[str, bytes, bytes]:
            name, arguments = case
            return name, report(earlier, arguments), report(REPO, arguments)

        differing = 0
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for name, before, after in pool.map(compare, cases):
                if not before.endswith(b"--- exit 0 ---\n") or not after.endswith(b"--- exit 0 ---\n"):
                    # (--fail-on never: anything but 0 is a run that failed, which proves nothing)
                    differing += 1
                    print(f"FAILED     {name}")
                    for line in (
                        (after if before.endswith(b"--- exit 0 ---\n") else before)
                        .decode(errors="replace")
                        .splitlines()[-4:]
                    ):
                        print(f"    {line}")
                    continue
                if before == after:
                    print(f"same       {name}")
                    continue
                differing += 1
                print(f"DIFFERENT  {name}")
                lines = difflib.unified_diff(
                    before.decode(errors="replace").splitlines(),
                    after.decode(errors="replace").splitlines(),
                    args.commit,
                    "this checkout",
                    n=1,
                    lineterm="",
                )
                for line in list(lines)[:20]:
                    print(f"    {line}")
    print(f"{len(cases) - differing} of {len(cases)} inputs report the same as {args.commit}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
