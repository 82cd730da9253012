#!/usr/bin/env python3
"""`--diff-base` on a content repository of 2,000 articles with one changed: whole-process
time against a full run of the same folder.

    python bench/diff_base.py [--files 2000] [--repeat 3]

The articles are slices of 12 lines of the WMT22 de-en and cs-en human references (about
1 KB each; the articles of the sample in corpora/ when ../shared is absent). They are
committed in a fresh repository in a temporary folder; one article then gets a new
paragraph. Reported: the best of --repeat runs of `mtcheck check FOLDER --diff-base HEAD`
and of `mtcheck check FOLDER` (wall time, and the findings each printed).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared"))


def article_texts(count: int) -> list[str]:
    lines: list[str] = []
    for pair in ("de-en", "cs-en"):
        path = SHARED / "data" / f"wmt22-{pair}" / f"generaltest2022.{pair}.ref.A.en"
        if path.exists():
            lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not lines:
        lines = [p for f in sorted((REPO / "corpora").rglob("*.md")) for p in f.read_text().split("\n\n") if p.strip()]
    return ["\n\n".join(lines[(i * 12 + k) % len(lines)] for k in range(12)) + "\n" for i in range(count)]


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


def timed(command: list[str], repeat: int) -> tuple[float, int]:
    best, findings = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        run = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
        best = min(best, time.perf_counter() - start)
        findings = sum(1 for line in run.stdout.splitlines() if line.count(":") >= 3)
    return best, findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        texts = article_texts(args.files)
        for number, text in enumerate(texts):
            section = root / "news" / f"2026-{number % 12 + 1:02d}"
            section.mkdir(parents=True, exist_ok=True)
            (section / f"story-{number:05d}.md").write_text(text, encoding="utf-8")
        git(root, "init", "-q")
        git(root, "-c", "user.email=bench@example.org", "-c", "user.name=bench", "add", ".")
        git(root, "-c", "user.email=bench@example.org", "-c", "user.name=bench", "commit", "-q", "-m", "archive")
        changed = root / "news" / "2026-01" / "story-00000.md"
        changed.write_text(changed.read_text() + "\nThe talks in kyiv went on until tuesday.\n", encoding="utf-8")
        mtcheck = [sys.executable, "-m", "mtcheck", "check", str(root / "news")]
        diff_time, diff_findings = timed([*mtcheck, "--diff-base", "HEAD"], args.repeat)
        full_time, full_findings = timed(mtcheck, 1)
        size = sum(len(t.encode()) for t in texts) / 1e6
        print(f"{args.files} articles ({size:.1f} MB) in 12 folders, one changed")
        print(f"  check --diff-base HEAD: {diff_time:.2f} s wall (best of {args.repeat}), {diff_findings} findings")
        print(f"  check (every file):     {full_time:.2f} s wall, {full_findings} findings")


if __name__ == "__main__":
    main()
