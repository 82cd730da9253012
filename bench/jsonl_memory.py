"""Peak memory and time of checking a JSON Lines corpus as it grows: the references of the five
WMT22 pairs of ../shared/data (de, cs, uk, zh, ja into English), one record per document, at
1x and 10x (copies with their own ids). Memory should stay flat: records are read, checked
and reported one at a time.

    python bench/jsonl_memory.py                  # 1x and 10x, --format jsonl
    python bench/jsonl_memory.py --copies 1,10 --format text --format jsonl

Documents: each <doc> of the uk-en and ja-en XML releases; the de-en, cs-en and zh-en
references have no document boundaries, so they are cut into 40-line chunks (the WMT reader of
the mutation evaluation, keeping every segment). Each run is a separate `mtcheck check`
process; its peak resident memory comes from the kernel (wait4's ru_maxrss).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared"))
REFERENCES = (
    "wmt22-de-en/generaltest2022.de-en.ref.A.en",
    "wmt22-cs-en/generaltest2022.cs-en.ref.B.en",
    "wmt22-uk-en/wmttest2022.uk-en.all.xml",
    "wmt22-zh-en/generaltest2022.zh-en.ref.A.en",
    "wmt22-ja-en/wmttest2022.ja-en.all.xml",
)
LINES_PER_DOCUMENT = 40


def documents(shared: Path = SHARED) -> Iterator[tuple[str, str]]:
    """(id, text) of every document of the five references: one segment per line."""
    sys.path.insert(0, str(REPO))
    from mtcheck.evaluation.mutation import read_corpus

    corpus = read_corpus(
        [shared / "data" / name for name in REFERENCES], lines_per_article=LINES_PER_DOCUMENT, keep_placeholders=True
    )
    for article in corpus.articles:
        pair = corpus.groups[article.name]
        where = article.name.rsplit("#", 1)[1] if "#" in article.name else article.name.rsplit(":", 1)[1]
        yield f"{pair}/{where}", "\n".join(article.paragraphs) + "\n"


def write_corpus(path: Path, copies: int = 1, shared: Path = SHARED) -> int:
    """The corpus as JSON Lines, `copies` times (ids made unique); the number of records."""
    docs = list(documents(shared))
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for doc_id, text in docs:
                record_id = doc_id if copies == 1 else f"{doc_id}@{copy + 1}"
                out.write(json.dumps({"id": record_id, "text": text}, ensure_ascii=False) + "\n")
    return len(docs) * copies


def measure(corpus: Path, output_format: str) -> dict:
    """Run `mtcheck check` on the corpus in a process of its own: wall time, peak memory, output lines."""
    command = [sys.executable, "-m", "mtcheck", "check", "--format", output_format, "--fail-on", "never", str(corpus)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, env=env)
        assert process.stderr is not None
        errors = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        lines = sum(1 for _ in out)
    if process.returncode != 0:
        raise SystemExit(f"mtcheck exited {process.returncode}: {errors.decode(errors='replace').strip()}")
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_mib": usage.ru_maxrss / 1024,
        "lines": lines,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", default="1,10", help="corpus sizes, in copies of the five references")
    parser.add_argument("--format", action="append", dest="formats", help="output format (repeatable; default jsonl)")
    args = parser.parse_args()
    if not (SHARED / "data").is_dir():
        raise SystemExit(f"shared data not found at {SHARED} (set MTCHECK_SHARED)")
    print("| copies | records | corpus MB | format | output lines | wall s | CPU s | peak MiB |")
    print("|---:|---:|---:|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for copies in (int(n) for n in args.copies.split(",")):
            corpus = Path(folder) / f"wmt22-references-x{copies}.jsonl"
            records = write_corpus(corpus, copies)
            size = corpus.stat().st_size / 1e6
            for output_format in args.formats or ["jsonl"]:
                m = measure(corpus, output_format)
                print(
                    f"| {copies} | {records} | {size:.1f} | {output_format} | {m['lines']} | {m['wall_s']:.1f} "
                    f"| {m['cpu_s']:.1f} | {m['peak_mib']:.0f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
