"""Wall time of checking 2,000 documents on a Dask LocalCluster of two worker processes,
against one process (`--jobs 1`) and two (`--jobs 2`); every run's output must be the same.

    python bench/dask_scale.py                      # 2,000 documents, each run twice, interleaved
    python bench/dask_scale.py --documents 500 --repeats 3

Documents: 10 consecutive lines of the WMT22 human references and MT outputs into English
(../shared/data/wmt22-*-en, every pair and system), 2,000 taken evenly across them. They are
written as 2,000 files (what --jobs spreads) and as one JSON Lines corpus (records, which
--jobs does not spread); both are checked with --dask too. Each run is a separate
`mtcheck check --format jsonl` process. The runs without Dask come first, interleaved, with no
cluster up; then the cluster is started once (its start timed apart) for the --dask runs. CPU
time counts the run's process and its --jobs workers, and for --dask what the cluster's worker
processes used during the run (idle workers use a little). The first --dask run finds the
workers cold (each loads the rule set); later runs reuse the workers' checkers, as a long-lived cluster would.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared"))


def wmt_documents(count: int, lines_each: int = 10, shared: Path = SHARED) -> list[dict[str, str]]:
    """`count` documents ({"id", "text"}) of `lines_each` consecutive lines, taken evenly from
    every WMT22 reference and system output into English."""
    documents = []
    for path in sorted((shared / "data").glob("wmt22-*-en/generaltest2022.*.en")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for start in range(0, len(lines) - lines_each + 1, lines_each):
            documents.append({"id": f"{path.name}:{start + 1}", "text": "\n".join(lines[start : start + lines_each])})
    if len(documents) < count:
        raise ValueError(f"only {len(documents)} documents in {shared / 'data'}")
    return documents[:: len(documents) // count][:count]


def mtcheck_run(*args: str) -> tuple[float, float, str]:
    """Wall and CPU seconds (with the worker processes it waited for) of one
    `mtcheck check --format jsonl` process, and its output's digest."""
    command = [sys.executable, "-m", "mtcheck", "check", "--format", "jsonl", "--fail-on", "never", *args]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0)
        digest = hashlib.sha256(out.read()).hexdigest()
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(args)}: exit {status}: {err.read().decode(errors='replace').strip()}")
    return wall, usage.ru_utime + usage.ru_stime, digest


def cpu_seconds(pids: list[int]) -> float:
    """CPU seconds the processes have used so far (the cluster's workers)."""
    import psutil  # a dependency of distributed

    times = [psutil.Process(pid).cpu_times() for pid in pids]
    return sum(t.user + t.system for t in times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    with tempfile.TemporaryDirectory() as folder:
        files, corpus = Path(folder) / "files", Path(folder) / "corpus.jsonl"
        files.mkdir()
        documents = wmt_documents(args.documents)
        with corpus.open("w", encoding="utf-8") as out:
            for number, document in enumerate(documents):
                (files / f"{number:05d}.txt").write_text(document["text"] + "\n", encoding="utf-8")
                out.write(json.dumps({"id": f"{number:05d}", "text": document["text"] + "\n"}) + "\n")
        size = corpus.stat().st_size / 1e6
        print(f"{len(documents)} documents, {size:.1f} MB; load average {os.getloadavg()[0]:.1f}", flush=True)
        local_runs = {
            "files, --jobs 1": ["--jobs", "1", str(files)],
            "files, --jobs 2": ["--jobs", "2", str(files)],
            "records, one process": [str(corpus)],
        }
        times: dict[str, list[float]] = {}
        cpu: dict[str, list[float]] = {}
        digests: dict[str, set[str]] = {"files": set(), "records": set()}

        def measure(runs: dict[str, list[str]], workers: list[int]) -> None:
            for name in runs:
                times.setdefault(name, [])
                cpu.setdefault(name, [])
            for _ in range(args.repeats):
                for name, run_args in runs.items():
                    before = cpu_seconds(workers)
                    wall, used, digest = mtcheck_run(*run_args)
                    used += cpu_seconds(workers) - before  # the cluster workers' share (--dask)
                    times[name].append(wall)
                    cpu[name].append(used)
                    digests[name.split(",")[0]].add(digest)
                    print(f"  {name}: {wall:.1f} s, CPU {used:.1f} s", flush=True)

        # The runs in one machine's processes first, with no cluster up: an idle LocalCluster's
        # scheduler and workers wake several times a second, and on two cores that is taken
        # from --jobs 2's workers (0.65 of --jobs 1 beside the cluster, then 0.59 without it).
        measure(local_runs, [])
        started = time.perf_counter()
        with LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, silence_logs=40
        ) as cluster:
            print(f"LocalCluster (2 worker processes) started in {time.perf_counter() - started:.1f} s", flush=True)
            address = cluster.scheduler_address
            with Client(address) as client:
                workers = list(client.run(os.getpid).values())
            measure(
                {
                    "files, --dask (2 workers)": ["--dask", address, str(files)],
                    "records, --dask (2 workers)": ["--dask", address, str(corpus)],
                },
                workers,
            )
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        assert all(len(found) == 1 for found in digests.values()), "outputs differ between runs"
        print("every run of the same input gave the same output\n")
        base = statistics.median(times["files, --jobs 1"])
        print("| run | wall s (each run) | median | of --jobs 1 | CPU s, client and workers (each run) |")
        print("|---|---|---:|---:|---|")
        for name, walls in times.items():
            median = statistics.median(walls)
            each = ", ".join(f"{wall:.1f}" for wall in walls)
            used = ", ".join(f"{seconds:.1f}" for seconds in cpu[name])
            print(f"| {name} | {each} | {median:.1f} | {median / base:.2f} | {used} |")


if __name__ == "__main__":
    main()
