#!/usr/bin/env python3
"""What reading HTML costs next to checking the same article as plain text.

    python bench/html_speed.py [--copies 40] [--repeat 3]

The sample article (examples/sample-article.txt) is repeated --copies times and written
once as plain text and once as a large web page: paragraphs in <p> with inline links and
emphasis, entities, and the usual weight around them (a head with styles and scripts, a
navigation bar, a footer). Reports the best of --repeat runs, in CPU time, of: reading the
page into its visible text and source map, checking the page, and checking
the text; the first two against the third.
"""

from __future__ import annotations

import argparse
import html
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtcheck.run.session import Session  # noqa: E402
from mtcheck.text.html import html_view  # noqa: E402
from mtcheck.text.inputs import decode  # noqa: E402

_HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sample article</title>
<style>{style}</style>
<script>{script}</script>
</head><body>
<nav><ul>{menu}</ul></nav>
<article>
"""
_TAIL = "</article>\n<footer><p>&copy; 2026 Example News &middot; All rights reserved</p></footer>\n</body></html>\n"


def page_for(paragraphs: list[str]) -> str:
    style = "p { margin: 0 0 1em; } .nav a { color: #333; }\n" * 200
    script = "window.dataLayer = window.dataLayer || []; function track(e) { return e < 3 && e > 1; }\n" * 200
    menu = "".join(f'<li><a href="/section/{n}" class="nav">Section {n}</a></li>' for n in range(30))
    body = []
    for number, paragraph in enumerate(paragraphs):
        words = html.escape(paragraph, quote=False).replace("’", "&#8217;").split(" ")
        for index in range(3, len(words), 9):
            words[index] = f'<a href="https://example.org/tag/{index}?ref=p{number}&amp;x=1">{words[index]}</a>'
        for index in range(6, len(words), 11):
            words[index] = f"<em>{words[index]}</em>"
        body.append(f'<p class="story-body">{" ".join(words)}</p>\n')
    return _HEAD.format(style=style, script=script, menu=menu) + "".join(body) + _TAIL


def best_cpu(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    article = (REPO / "examples" / "sample-article.txt").read_text(encoding="utf-8")
    paragraphs = [line for line in article.split("\n") if line.strip()] * args.copies
    text = "\n".join(paragraphs) + "\n"
    page = page_for(paragraphs)
    session = Session()
    as_text = decode(text.encode(), "/nonexistent-mtcheck/bench.txt")
    as_html = decode(page.encode(), "/nonexistent-mtcheck/bench.html")
    session.check_input(as_text.path, as_text)  # rules loaded, caches warm
    reading = best_cpu(lambda: html_view(page), args.repeat)
    checking_html = best_cpu(lambda: session.check_input(as_html.path, as_html), args.repeat)
    checking_text = best_cpu(lambda: session.check_input(as_text.path, as_text), args.repeat)
    found_html = len(session.check_input(as_html.path, as_html).findings)
    found_text = len(session.check_input(as_text.path, as_text).findings)
    print(
        f"page {len(page) / 1000:.0f} KB of HTML holding {len(text) / 1000:.0f} KB of text ({len(paragraphs)} paragraphs)"
    )
    print(f"reading the page (tokens, view and map):      {reading * 1000:7.0f} ms")
    print(f"checking the page:                            {checking_html * 1000:7.0f} ms ({found_html} findings)")
    print(f"checking the text:                            {checking_text * 1000:7.0f} ms ({found_text} findings)")
    print(
        f"HTML over text: {checking_html / checking_text:.2f}x; reading is {reading / checking_html:.0%} of the page's check"
    )


if __name__ == "__main__":
    main()
