"""`mtcheck report` on 2,000 articles: the time to write the page, and the time headless
Chromium takes to open it (navigation to the page's ready marker: the table of 2,000 rows
built and every plot drawn), then to open the worst article and to re-sort the table.

    python bench/report_scale.py                       # 2,000 articles of 20 lines, 3 loads
    python bench/report_scale.py --articles 500 --loads 5 --keep report.html

Articles: real MT output, every system of the WMT22 de, cs, uk, zh and ja into English test
sets of ../shared/data, cut into 20-line articles and taken from the systems in turn, written
as .txt files to a temporary folder. Needs Debian's chromium and playwright (the test extra).
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared"))
PAIRS = ("de", "cs", "uk", "zh", "ja")
# The page's performance marks (mtcheck/run/report_page/report.js), in ms from navigation start.
MARKS = "() => ({navigationStart: 0, ...Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]))})"
STEPS = {
    "reading the page and Vega's script": ("navigationStart", "mtcheck:start"),
    "parsing the data": ("mtcheck:start", "mtcheck:data"),
    "building the table of articles": ("mtcheck:data", "mtcheck:articles"),
    "rule tables and plots": ("mtcheck:articles", "mtcheck:plots"),
}


def system_articles(pair: str, path: Path, lines: int) -> Iterator[tuple[str, str]]:
    """(name, text) of each `lines`-line article of one system's output."""
    system = path.name.split(".hyp.", 1)[1].removesuffix(".en")
    segments = path.read_text(encoding="utf-8").splitlines()
    for n, start in enumerate(range(0, len(segments) - lines + 1, lines)):
        yield f"{pair}-{system}-{n:03d}", "\n".join(segments[start : start + lines]) + "\n"


def articles(count: int, lines: int) -> list[tuple[str, str]]:
    """(name, text) of `count` articles, one from each system output in turn."""
    sources = []
    for pair in PAIRS:
        for path in sorted((SHARED / "data" / f"wmt22-{pair}-en").glob("*.hyp.*.en")):
            sources.append(system_articles(pair, path, lines))
    taken = [a for a in itertools.chain.from_iterable(itertools.zip_longest(*sources)) if a is not None]
    if len(taken) < count:
        raise SystemExit(f"only {len(taken)} articles of {lines} lines in {SHARED / 'data'}")
    return taken[:count]


def write_report(folder: Path, output: Path) -> tuple[float, float]:
    """Seconds for the whole `mtcheck report` run, and for building and writing the page alone."""
    from mtcheck.run.command import RunOptions
    from mtcheck.run.html_report import ReportRun
    from mtcheck.run.session import Session

    class Timed(ReportRun):
        page_seconds = 0.0

        def _finish(self) -> None:
            started = time.perf_counter()
            super()._finish()
            self.page_seconds = time.perf_counter() - started

    run = Timed(Session(), RunOptions(jobs=0, allow_timeouts=True), print, output, f"{folder.name}: WMT22 MT")
    started = time.perf_counter()
    code = run.execute([str(folder)])
    if code != 0:
        raise SystemExit(f"mtcheck report exited {code}")
    return time.perf_counter() - started, run.page_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--lines", type=int, default=20, help="lines (WMT segments) per article")
    parser.add_argument("--loads", type=int, default=3, help="times the page is opened in Chromium")
    parser.add_argument("--keep", type=Path, help="also copy the report here")
    args = parser.parse_args()
    if not (SHARED / "data").is_dir():
        raise SystemExit(f"shared data not found at {SHARED / 'data'} (set MTCHECK_SHARED)")
    from tests.report_browser import missing_browser, open_report

    if missing_browser():
        raise SystemExit(missing_browser())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        chosen = articles(args.articles, args.lines)
        for name, text in chosen:
            (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        output = Path(tmp) / "report.html"
        total, page = write_report(folder, output)
        size = output.stat().st_size
        print(f"{len(chosen)} articles, {sum(len(t.split()) for _, t in chosen):,} words")
        print(f"mtcheck report: {total:.1f} s in all (checking and page), {page:.2f} s building and writing the page")
        print(f"page: {size / 1e6:.2f} MB")
        opened, shown, sorted_, marks = [], [], [], []
        for _ in range(args.loads):
            with open_report(output) as loaded:
                if loaded.errors or loaded.requests != [output.resolve().as_uri()]:
                    raise SystemExit(f"the page did not load cleanly: {loaded.errors} {loaded.requests}")
                rows = loaded.page.locator("#articles .row").count()
                if rows != len(chosen):
                    raise SystemExit(f"the table has {rows} rows for {len(chosen)} articles")
                opened.append(loaded.seconds)
                marks.append(loaded.page.evaluate(MARKS))
                # In-page times of two interactions: opening the worst article, sorting by name.
                shown.append(
                    loaded.page.evaluate(
                        "() => { const t = performance.now(); document.querySelector('#articles .row').click();"
                        " return performance.now() - t; }"
                    )
                )
                sorted_.append(
                    loaded.page.evaluate(
                        "() => { const t = performance.now(); document.querySelector('#articles [role=columnheader]').click();"
                        " return performance.now() - t; }"
                    )
                )
        print(
            f"Chromium, open to rendered (table and plots): median {statistics.median(opened):.2f} s,"
            f" slowest {max(opened):.2f} s over {len(opened)} loads"
        )
        for step, (start, end) in STEPS.items():
            print(f"  {step}: median {statistics.median(m[end] - m[start] for m in marks):.0f} ms")
        print(
            f"open the worst article: median {statistics.median(shown):.0f} ms; sort by name: {statistics.median(sorted_):.0f} ms"
        )
        if args.keep:
            args.keep.write_bytes(output.read_bytes())


if __name__ == "__main__":
    main()
