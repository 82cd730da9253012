"""Load on `mtcheck serve`: throughput, latency and the server's memory as requests accumulate.

Starts the server in a process of its own on a free port (`--rate-limit 0`: the bench is one
client sending thousands of requests), then checks the seed article (../shared/seeds; the
bundled sample without it) over HTTP, as a LanguageTool client sends it:

1. `--burst` requests at once (one thread each): every answer must be 200 with the same matches;
2. `--requests` more from `--clients` threads, each request timed: requests per second and
   the 50th and 95th percentile latency, beside the rate of the same check in one process
   without HTTP (what the server adds, and what two workers gain on two cores);
3. the resident memory (RSS) of the server and its worker processes, summed, after start-up,
   after the burst and after every stage.

    python bench/serve_load.py                          # 200 at once, then 2,000 from 8 clients
    python bench/serve_load.py --workers 1 --requests 10000 --clients 16   # RSS every 2,000
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil  # comes with language_tool_python (the test extra)
import requests

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared"))


def article() -> tuple[str, str]:
    seed = SHARED / "seeds" / "000_7759f210fbbb2692.txt"
    if seed.is_file():
        return "the seed article", seed.read_text(encoding="utf-8")
    return "examples/sample-article.txt (no ../shared)", (REPO / "examples" / "sample-article.txt").read_text(
        encoding="utf-8"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "mtcheck", "serve", "--port", str(port), "--rate-limit", "0"]
    if workers:
        command += ["--workers", str(workers)]
    server = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/v2/healthcheck", timeout=2).status_code == 200:
                return server
        except requests.ConnectionError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start within 120 s")


def rss_mib(pid: int) -> float:
    """The resident memory of the server and every process under it (its workers)."""
    process = psutil.Process(pid)
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


def ask(url: str, text: str) -> tuple[int, float, tuple]:
    started = time.perf_counter()
    response = requests.post(url, data={"language": "en-US", "text": text}, timeout=120)
    elapsed = time.perf_counter() - started
    found = tuple((m["rule"]["id"], m["offset"]) for m in response.json()["matches"]) if response.ok else ()
    return response.status_code, elapsed, found


def direct_rate(text: str, seconds: float = 5.0) -> float:
    """Checks per second of the same answer computed in this process, without HTTP or workers."""
    sys.path.insert(0, str(REPO))
    from mtcheck.run import languagetool

    request = languagetool.read_request({"language": "en-US", "text": text}, languagetool.Limits())
    languagetool.check(request)
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        languagetool.check(request)
        count += 1
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--burst", type=int, default=200, help="requests sent at once")
    parser.add_argument("--requests", type=int, default=2000, help="requests after the burst")
    parser.add_argument("--clients", type=int, default=8, help="threads sending them")
    parser.add_argument("--workers", type=int, default=0, help="the server's --workers (0: its default)")
    parser.add_argument("--every", type=int, default=2000, help="print the RSS after every so many requests")
    args = parser.parse_args()

    name, text = article()
    port = free_port()
    url = f"http://127.0.0.1:{port}/v2/check"
    server = start(port, args.workers)
    try:
        print(f"{name}: {len(text)} characters; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
        print(f"in one process, without the server: {direct_rate(text):.0f} checks/s")
        print(f"RSS after start-up: {rss_mib(server.pid):.0f} MiB")
        expected = ask(url, text)[2]
        print(f"matches per answer: {len(expected)}")

        with ThreadPoolExecutor(max_workers=args.burst) as pool:
            started = time.perf_counter()
            burst = list(pool.map(lambda _: ask(url, text), range(args.burst)))
            wall = time.perf_counter() - started
        statuses = sorted({status for status, _, _ in burst})
        same = sum(found == expected for _, _, found in burst)
        print(
            f"burst of {args.burst} at once: statuses {statuses}, {same} with the expected matches, "
            f"{wall:.2f} s ({args.burst / wall:.0f} requests/s); RSS {rss_mib(server.pid):.0f} MiB"
        )

        timed: list[tuple[int, float, tuple]] = []
        wall = 0.0
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            while len(timed) < args.requests:
                count = min(args.every, args.requests - len(timed))
                started = time.perf_counter()
                timed += pool.map(lambda _: ask(url, text), range(count))
                wall += time.perf_counter() - started
                if len(timed) < args.requests:
                    print(f"  RSS after {1 + args.burst + len(timed)} requests: {rss_mib(server.pid):.0f} MiB")
        latencies = sorted(elapsed for _, elapsed, _ in timed)
        failed = sum(status != 200 for status, _, _ in timed)
        same = sum(found == expected for _, _, found in timed)
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        print(
            f"{args.requests} from {args.clients} clients: {failed} failed, {same} with the expected matches, "
            f"{args.requests / wall:.0f} requests/s, latency p50 {1000 * statistics.median(latencies):.0f} ms, "
            f"p95 {1000 * p95:.0f} ms; RSS {rss_mib(server.pid):.0f} MiB "
            f"(after {1 + args.burst + args.requests} requests)"
        )
    finally:
        server.terminate()
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
