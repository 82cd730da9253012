#!/usr/bin/env python3
"""Turn an annotated draft into a corpus article and its standoff gold file, and back.

    python scripts/annotate.py draft.md corpora/en/              # writes draft.md and draft.gold.tsv
    python scripts/annotate.py --unpack corpora/en/x.md drafts/  # the draft of an existing article

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


def unpack(article: Path) -> str:
    """The draft of an article: its gold artifacts written back as inline marks."""
    text = article.read_text(encoding="utf-8")
    gold = article.with_name(article.name.rsplit(".", 1)[0] + ".gold.tsv")
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    header, marks = [], []
    for row in gold.read_text(encoding="utf-8").splitlines():
        if row.startswith("# settings:"):
            header.append("#! " + row[2:])
        if not row.strip() or row.startswith("#"):
            continue
        line, column, end_column, family, _, *note = row.split("\t")
        start = starts[int(line) - 1] + int(column) - 1
        label = family + (f":{note[0]}" if note and note[0] else "")
        marks.append((start, starts[int(line) - 1] + int(end_column) - 1, label))
    opens: dict[int, list[tuple[int, str]]] = {}
    closes: dict[int, list[int]] = {}
    points: dict[int, list[str]] = {}  # empty artifacts: a place, such as an omission's
    for start, end, label in marks:
        if start == end:
            points.setdefault(start, []).append(label)
            continue
        opens.setdefault(start, []).append((end, label))
        closes.setdefault(end, []).append(start)
    out = []
    for position in range(len(text) + 1):
        # At one offset, artifacts that end close (innermost first) before others open
        # (outermost first), so nested and adjacent marks both come back as they were.
        out.extend(CLOSE for _ in sorted(closes.get(position, []), reverse=True))
        out.extend(OPEN + label + SEPARATOR + CLOSE for label in points.get(position, []))
        out.extend(OPEN + label + SEPARATOR for _, label in sorted(opens.get(position, []), key=lambda o: -o[0]))
        if position < len(text):
            out.append(text[position])
    return "".join(line + "\n" for line in header) + "".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unpack", action="store_true", help="write the draft of an existing article instead")
    parser.add_argument("draft", type=Path)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    if args.unpack:
        args.folder.mkdir(parents=True, exist_ok=True)
        (args.folder / args.draft.name).write_text(unpack(args.draft), encoding="utf-8")
        print(f"{args.folder / args.draft.name}: draft written")
        return 0
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
