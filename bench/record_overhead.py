#!/usr/bin/env python3
"""What a document costs before its text does: JSONL records against one document.

    python bench/record_overhead.py [--shared ../shared] [--records 1000] [--runs 5]

A corpus of short records (a headline, a paragraph) pays, for every record, whatever the rules
do once per document: set-up that a 190 KB file never notices. This takes the first --records
lines of a WMT22 de-en MT output (or, without ../shared, the lines of the bundled corpora) and
checks them two ways: as a JSONL corpus of one-line records, and as one document of the same
lines. Warm, in one process (rules and data loaded; the best of --runs), and as a whole
`mtcheck check --jobs 1` process (the median of --runs). The difference, divided by the
number of records, is the fixed cost of one record. CPU, not wall time: this machine is
shared, and CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtcheck.run.records import RecordFields, check_records  # noqa: E402
from mtcheck.run.session import Session  # noqa: E402

WMT_OUTPUT = "data/wmt22-de-en/generaltest2022.de-en.hyp.Online-B.en"


def sample_lines(shared: Path, count: int) -> tuple[list[str], str]:
    """Up to `count` non-blank lines of text, and where they come from."""
    output = shared / WMT_OUTPUT
    if output.exists():
        lines, origin = output.read_text(encoding="utf-8").splitlines(), str(output)
    else:
        lines = [
            line
            for path in sorted((REPO / "corpora").rglob("*.txt"))
            for line in path.read_text(encoding="utf-8").splitlines()
        ]
        origin = "the bundled corpora"
    return [line for line in lines if line.strip()][:count], origin


def warm_cpu(records: Path, document: Path, runs: int) -> tuple[float, float, int, int]:
    """The best CPU seconds of checking the records and the document in a warm session, and
    how many findings each gives (the same lines: about the same findings)."""
    session = Session()

    def check_records_once() -> int:
        return sum(len(result.findings) for result in check_records(session, str(records), RecordFields(), "jsonl"))

    def check_document_once() -> int:
        return len(session.check_path(str(document)).findings)

    found = (check_records_once(), check_document_once())
    best = [float("inf"), float("inf")]
    for _ in range(runs):
        for k, check in enumerate((check_records_once, check_document_once)):
            start = time.process_time()
            check()
            best[k] = min(best[k], time.process_time() - start)
    return best[0], best[1], found[0], found[1]


def process_cpu(path: Path) -> float:
    """CPU seconds (user + system) of one fresh `mtcheck check --jobs 1` process."""
    command = [sys.executable, "-m", "mtcheck", "check", "--fail-on", "never", "--jobs", "1", str(path)]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"record_overhead: mtcheck failed on {path}")
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared data folder")
    parser.add_argument("--records", type=int, default=1000, help="one-line records (default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each measurement (default 5)")
    args = parser.parse_args()
    lines, origin = sample_lines(args.shared, args.records)
    count = len(lines)
    with tempfile.TemporaryDirectory() as folder:
        records, document = Path(folder) / "records.jsonl", Path(folder) / "document.txt"
        records.write_text("".join(json.dumps({"id": k, "text": line}) + "\n" for k, line in enumerate(lines)))
        document.write_text("\n".join(lines) + "\n")
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"{count} one-line records from {origin}; Python {sys.version.split()[0]}, load average {load}")
        warm_records, warm_document, found_records, found_document = warm_cpu(records, document, args.runs)
        print(
            f"warm, best of {args.runs}: records {warm_records:.3f} s ({found_records} findings), "
            f"one document {warm_document:.3f} s ({found_document} findings)"
        )
        print(
            f"  fixed cost of a record: {(warm_records - warm_document) / count * 1000:.3f} ms; "
            f"{count / warm_records:,.0f} records a second"
        )
        cpu: dict[str, list[float]] = {"records": [], "document": []}
        for _ in range(args.runs):  # interleaved: the machine's pace changes alike for both
            cpu["records"].append(process_cpu(records))
            cpu["document"].append(process_cpu(document))
        whole_records, whole_document = statistics.median(cpu["records"]), statistics.median(cpu["document"])
        print(
            f"whole process, median of {args.runs}: records {whole_records:.3f} s, one document {whole_document:.3f} s"
        )
        print(f"  fixed cost of a record: {(whole_records - whole_document) / count * 1000:.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
