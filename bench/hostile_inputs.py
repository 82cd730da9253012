#!/usr/bin/env python3
"""Time and peak memory of `mtcheck check` on small hostile inputs and on large news files.

    python bench/hostile_inputs.py [--only hostile|scale] [--sizes 1 10 100] [--limit 120]

Hostile: each input of issue 12 (and any later regression) checked by a fresh process;
the bar is under 2 s. Scale: news text (the WMT22 de-en references, repeated) of 1, 10
and 100 MB checked as one file: time, peak memory, and whether any rule gave up. Each run
is killed after --limit seconds (reported as such).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared"))
REFERENCE = SHARED / "data" / "wmt22-de-en" / "generaltest2022.de-en.ref.A.en"


def news_line(size: int) -> str:
    text = " ".join(REFERENCE.read_text(encoding="utf-8").split("\n"))
    return (text * (size // len(text) + 1))[:size]


def hostile_inputs() -> list[tuple[str, str, str, list[str]]]:
    """(name, file name, content, extra arguments)."""
    line = news_line(50_000)
    middle = line.index(" ", 25_000)
    return [
        ("MT701: 1,000 mojibake pairs on one line (5 KB)", "a.txt", "The word " + "Ã© " * 1000 + "ends.\n", []),
        ("MT701: one â€™ in a 50 KB line of news", "b.txt", line[:middle] + " itâ€™s" + line[middle:] + "\n", []),
        ("line clean-up: a 20,000-character URL", "c.txt", "https://example.com/" + "a/b-" * 5000 + "\n", []),
        ("MT201: 'ab. ' x 8000 in Markdown, --source-lang de", "d.md", "ab. " * 8000 + "\n", ["--source-lang", "de"]),
        ("one 5 MB line of news", "e.txt", news_line(5_000_000) + "\n", []),
        ("1,000,000 newlines", "f.txt", "\n" * 1_000_000, []),
        ("mojibake flood (100 KB)", "g.txt", ("Ã© â€™ Ã¼ " * 10_000) + "\n", []),
        ("200,000 lines of 'Add Comment' residue", "h.txt", "Add Comment\n" * 200_000, []),
        ("MT505: an unclosed bracket before 20,000 letters", "i.txt", "Hi :) (" + "x" * 20_000 + "\n", []),
        ("MT505: 20,000 opening brackets", "j.md", "[" * 20_000 + "\n", []),
        ("MT505: 8,000 opening quotes", "k.txt", "“ a " * 8_000 + "\n", []),
        ("MT504: 'Kyiv' 8,000 times on one line", "l.txt", "Kyiv " * 8_000 + "\n", []),
        ("sentence split: 8,000 full stops with no space", "m.txt", "." * 8_000 + "\n", []),
        ("addresses: 'Ã©www.' x 6,000", "n.txt", "Ã©www." * 6_000 + "\n", []),
        ("MT501: ')) :' x 10,000 in Markdown", "o.md", ")) :" * 10_000 + "\n", []),
        ("Markdown: 20,000 one-character paragraphs", "p.md", "\n\n「" * 20_000 + "\n", []),
        ("MT108: 'xxxxx !' x 5,000", "q.txt", "xxxxx !" * 5_000 + "\n", []),
        ("MT204: 12,000 one-letter paragraphs", "r.txt", "\n\na" * 12_000 + "\n", []),
    ]


# Runs mtcheck in the child and reports the child's own peak memory on exit.
_WRAPPER = (
    "import atexit, resource, sys\n"
    "atexit.register(lambda: sys.stderr.write('PEAK %d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
    "sys.argv = ['mtcheck', *sys.argv[1:]]\n"
    "from mtcheck.cli import main\n"
    "main()\n"
)


def run(path: Path, extra: list[str], limit: float) -> tuple[float | None, float, float, str]:
    """(wall seconds or None when killed, CPU seconds, peak MiB, a note)."""
    command = [
        sys.executable,
        "-c",
        _WRAPPER,
        "check",
        "--max-file-size",
        "200",
        "--format",
        "jsonl",
        *extra,
        str(path),
    ]
    start = time.perf_counter()
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        process = subprocess.run(
            command, capture_output=True, text=True, timeout=limit, env={**os.environ, "PYTHONPATH": str(REPO)}
        )
    except subprocess.TimeoutExpired:
        return None, 0.0, 0.0, "killed"
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
    lines = process.stderr.strip().splitlines()
    peak = next((int(line.split()[1]) / 1024 for line in lines if line.startswith("PEAK ")), 0.0)
    notes = [line for line in lines if not line.startswith("PEAK ")]
    gave_up = "gave up" in process.stderr
    return wall, seconds, peak, ("RULE GAVE UP: " if gave_up else "") + (notes[-1][:90] if notes else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("hostile", "scale"))
    parser.add_argument("--sizes", type=int, nargs="*", default=[1, 10, 100], help="MB of news text")
    parser.add_argument("--limit", type=float, default=120.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.only in (None, "hostile"):
            print("| input | seconds | CPU s | peak MiB | note |\n|---|---:|---:|---:|---|")
            for name, file_name, content, extra in hostile_inputs():
                path = Path(folder) / file_name
                path.write_text(content, encoding="utf-8")
                wall, cpu, peak, note = run(path, extra, args.limit)
                shown = f"> {args.limit:g} (killed) | |" if wall is None else f"{wall:.2f} | {cpu:.2f} |"
                print(f"| {name} | {shown} {peak:.0f} | {note} |", flush=True)
        if args.only in (None, "scale") and REFERENCE.is_file():
            print("\n| news text | seconds | CPU s | CPU s per MB | peak MiB | note |\n|---:|---:|---:|---:|---:|---|")
            text = REFERENCE.read_text(encoding="utf-8")
            for size in args.sizes:
                path = Path(folder) / f"news-{size}.txt"
                with open(path, "w", encoding="utf-8") as out:
                    written = 0
                    while written < size * 1_000_000:
                        out.write(text)
                        written += len(text.encode("utf-8"))
                wall, cpu, peak, note = run(path, [], args.limit * size)
                shown = "killed | | " if wall is None else f"{wall:.1f} | {cpu:.1f} | {cpu / size:.2f}"
                print(f"| {size} MB | {shown} | {peak:.0f} | {note} |", flush=True)
                path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
