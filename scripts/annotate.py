#!/usr/bin/env python3
"""Turn an annotated draft into a corpus article and its standoff gold file.

    python scripts/annotate.py draft.md corpora/en/     # writes draft.md and draft.gold.tsv

In the draft, every artifact is marked as ⟦family|text⟧ (marks may nest, for an artifact
inside another, like the empty brackets inside a damaged dateline); a note may follow
the family: ⟦casing:lowercase place|kyiv⟧. A first line `#! settings: source-lang=es`
becomes the gold file's settings header. The article is the draft without the marks.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

OPEN, SEPARATOR, CLOSE = "⟦", "|", "⟧"


def parse(draft: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """(clean text, [(start, end, family, note)]) with offsets into the clean text."""
    out: list[str] = []
    length = 0
    stack: list[tuple[int, str]] = []  # (start offset, label)
    spans = []
    position = 0
    while position < len(draft):
        char = draft[position]
        if char == OPEN:
            bar = draft.index(SEPARATOR, position)
            stack.append((length, draft[position + 1 : bar]))
            position = bar + 1
        elif char == CLOSE:
            start, label = stack.pop()
            family, _, note = label.partition(":")
            spans.append((start, length, family, note))
            position += 1
        else:
            out.append(char)
            length += 1
            position += 1
    if stack:
        raise SystemExit(f"unclosed mark: {stack[-1][1]}")
    return "".join(out), sorted(spans)


def gold_lines(text: str, spans: list[tuple[int, int, str, str]]) -> list[str]:
    starts = [0]
    starts += [i + 1 for i, c in enumerate(text) if c == "\n"]
    rows = []
    for start, end, family, note in spans:
        line = max(i for i, s in enumerate(starts) if s <= start)
        column = start - starts[line] + 1
        snippet = text[start:end]
        if "\n" in snippet:
            raise SystemExit(f"an artifact must stay on one line: {snippet!r}")
        rows.append(f"{line + 1}\t{column}\t{column + len(snippet)}\t{family}\t{snippet}\t{note}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("draft", type=Path)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    draft = args.draft.read_text(encoding="utf-8")
    header = ["# line\tcolumn\tend_column\tfamily\ttext\tnote"]
    if draft.startswith("#! settings:"):
        first, draft = draft.split("\n", 1)
        header.insert(0, "# " + first[2:].strip())
    text, spans = parse(draft)
    args.folder.mkdir(parents=True, exist_ok=True)
    (args.folder / args.draft.name).write_text(text, encoding="utf-8")
    gold = args.folder / (args.draft.name.rsplit(".", 1)[0] + ".gold.tsv")
    gold.write_text("\n".join(header + gold_lines(text, spans)) + "\n", encoding="utf-8")
    print(f"{args.draft.name}: {len(spans)} artifacts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
