#!/usr/bin/env python3
"""Draw SR101 findings (a number the source does not have) on real MT output, to judge by hand.

    python bench/number_precision.py --pair ru-en [--per-pair 45] [--part eval] > sample.tsv
    python bench/number_precision.py --part all --seed 29 --exclude tuned.tsv > sample.tsv
    python bench/number_precision.py --summary bench/number-precision-2026-11-29.tsv

Every system output of the pair is checked against its source in documents of --doc-lines
lines (bench/source_accuracy.py). `--part` picks the documents: `dev` (the first half of the
test set), `eval` (the second half) or `all`; `--exclude` leaves out the segments of a sample
that was tuned on, so that a fresh draw holds only findings nobody looked at. A finding is drawn at most once per segment and flagged
text; no system gives more than a sixth of the sample and no document more than
--per-document (two) findings (a population no larger than the sample is taken whole). Each row carries the finding, the MT line, its source line and the reference
line. `--keep FILE` carries verdicts over from an earlier judged sample (same finding,
same verdict); `--summary` prints per-pair figures and every false alarm in Markdown.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from source_accuracy import checker_for, documents, line_of, pair, read, systems  # noqa: E402

COLUMNS = [
    "id",
    "pair",
    "part",
    "system",
    "line",
    "flagged",
    "message",
    "mt",
    "source",
    "reference",
    "verdict",
    "reason",
]


def findings(pair_name: str, doc_lines: int, part: str, codes: tuple[str, ...] = ("SR101",)) -> list[dict]:
    """Every finding of these rules on every system output of the pair, in the chosen half."""
    source, reference = read("src", pair_name), read("ref", pair_name)
    checker, _ = checker_for(codes, pair_name[:2])
    half = len(source) // 2
    rows, seen = [], set()
    for system in systems(pair_name):
        output = read(f"hyp.{system}.en", pair_name)
        for lines in documents(len(source), doc_lines):
            if part != "all" and (lines.start < half) != (part == "dev"):
                continue
            mt = [output[k] for k in lines]
            target, _ = pair(mt, [source[k] for k in lines], pair_name[:2])
            for finding in checker.check(target):
                line = lines.start + line_of(target, finding.start)
                flagged = target.text[finding.start : finding.end]
                key = (line, flagged if len(flagged) < 40 else finding.message)
                if key in seen:
                    continue
                seen.add(key)
                rows.append(
                    {
                        "pair": pair_name,
                        "part": "dev" if lines.start < half else "eval",
                        "system": system,
                        "line": line + 1,
                        "document": lines.start,
                        "flagged": flagged,
                        "message": f"{finding.code} {finding.message}" if len(codes) > 1 else finding.message,
                        "mt": output[line],
                        "source": source[line],
                        "reference": reference[line],
                    }
                )
    return rows


def draw(rows: list[dict], size: int, seed: int, per_document: int = 2) -> list[dict]:
    """A random sample spread over systems and documents; a finding's place comes from a
    hash, so a finding that a later version still reports keeps its place."""
    if len(rows) <= size:
        return sorted(rows, key=lambda r: (r["line"], r["system"]))  # the whole population
    cap = max(1, size // 6)
    rows = sorted(
        rows, key=lambda r: hashlib.sha1(f"{seed}|{r['system']}|{r['line']}|{r['flagged']}".encode()).hexdigest()
    )
    by_system, by_document, sample = Counter(), Counter(), []
    for row in rows:
        if by_system[row["system"]] < cap and by_document[row["document"]] < per_document:
            sample.append(row)
            by_system[row["system"]] += 1
            by_document[row["document"]] += 1
            if len(sample) == size:
                break
    return sorted(sample, key=lambda r: (r["line"], r["system"]))


def _key(row: dict) -> tuple:
    return row["pair"], row["system"], str(row["line"]), row["flagged"], row["message"]


def read_sample(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def summary(rows: list[dict]) -> str:
    by_pair: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_pair[row["pair"]].append(row)
    out = ["| pair | judged | real | false | precision |", "|---|---|---|---|---|"]
    for name, judged in sorted(by_pair.items()):
        real = sum(r["verdict"] == "real" for r in judged)
        false = sum(r["verdict"] == "false" for r in judged)
        out.append(f"| {name} | {real + false} | {real} | {false} | {100 * real / max(real + false, 1):.1f}% |")
    out += ["", "False alarms:", ""]
    for row in rows:
        if row["verdict"] == "false":
            out.append(
                # (a verdicts-only file, *-heldout.tsv, names the rule where the others quote the text)
                f"- {row['id']} {row['pair']} {row['system']} line {row['line']}: "
                f"`{(row.get('flagged') or row.get('code', ''))[:60]}` — {row['reason']}"
            )
    return "\n".join(out)


def main(
    argv: list[str] | None = None,
    codes: tuple[str, ...] = ("SR101",),
    per_pair: int = 45,
    seed: int = 10,
    description: str = __doc__,
) -> int:
    """Draw (or summarise) a sample of these rules' findings; bench/source_precision.py
    calls it for the other SR rules."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--pair", action="append", help="repeatable; default: cs-en uk-en zh-en ja-en ru-en")
    parser.add_argument("--per-pair", type=int, default=per_pair)
    parser.add_argument("--doc-lines", type=int, default=40)
    parser.add_argument("--per-document", type=int, default=2, help="most findings drawn from one document")
    parser.add_argument("--part", choices=("dev", "eval", "all"), default="eval")
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--codes", default=",".join(codes), help="comma-separated rule codes")
    parser.add_argument("--keep", type=Path, help="an earlier judged sample whose verdicts carry over")
    parser.add_argument(
        "--exclude",
        type=Path,
        action="append",
        default=[],
        help="a sample tuned on: its segments are not drawn again (repeatable)",
    )
    parser.add_argument("--summary", type=Path, help="print the figures of a judged sample")
    args = parser.parse_args(argv)
    if args.summary:
        print(summary(read_sample(args.summary)))
        return 0
    codes = tuple(args.codes.split(","))
    verdicts = {_key(r): (r["verdict"], r["reason"]) for r in read_sample(args.keep)} if args.keep else {}
    tuned = {(r["pair"], r["system"], r["line"]) for path in args.exclude for r in read_sample(path)}
    print("\t".join(COLUMNS))
    for name in args.pair or ["cs-en", "uk-en", "zh-en", "ja-en", "ru-en"]:
        rows = findings(name, args.doc_lines, args.part, codes)
        counts = Counter(r["message"].split()[0] for r in rows) if len(codes) > 1 else Counter({codes[0]: len(rows)})
        print(
            f"# {name}: {len(rows)} distinct findings ({', '.join(f'{c} {n}' for c, n in sorted(counts.items()))})",
            file=sys.stderr,
        )
        if tuned:
            rows = [r for r in rows if (r["pair"], r["system"], str(r["line"])) not in tuned]
            print(f"# {name}: {len(rows)} in segments not tuned on", file=sys.stderr)
        for number, row in enumerate(draw(rows, args.per_pair, args.seed, args.per_document), 1):
            row["id"] = f"{name[:2]}{number:03d}"
            row["verdict"], row["reason"] = verdicts.get(_key({**row, "line": str(row["line"])}), ("", ""))
            print("\t".join(str(row[c]).replace("\t", " ").replace("\n", " ") for c in COLUMNS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
