"""Make docs/report.png, the README's picture of `mtcheck report`: the report of the bundled
examples and the project's annotated English articles, opened in headless Chromium with the
sample article shown.

    python scripts/report_screenshot.py            # writes docs/report.png
    python scripts/report_screenshot.py --out x.png

Needs Debian's chromium and playwright (the test extra), and altair and vl-convert (the
report extra).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

INPUTS = ["examples", "corpora/en", "--exclude", "sources/"]  # the German sources are not articles
SHOWN = "examples/sample-article.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "report.png")
    parser.add_argument("--height", type=int, default=1700, help="pixels of the page's top to keep")
    args = parser.parse_args()
    from typer.testing import CliRunner

    from mtcheck.cli import app
    from tests.report_browser import missing_browser, open_report

    if missing_browser():
        raise SystemExit(missing_browser())
    os.chdir(REPO)  # so that the report names files as the repository does
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "report.html"
        title = "mtcheck report: examples/ and corpora/en/"
        result = CliRunner().invoke(app, ["report", *INPUTS, "--title", title, "-o", str(page_file)])
        if result.exit_code != 0:
            raise SystemExit(result.output)
        with open_report(page_file) as loaded:
            if loaded.errors:
                raise SystemExit(f"the page logged errors: {loaded.errors}")
            loaded.page.locator("#articles .row", has_text=SHOWN).click()
            args.out.parent.mkdir(parents=True, exist_ok=True)
            loaded.page.screenshot(
                path=str(args.out), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": args.height}
            )
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
