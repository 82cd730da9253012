#!/usr/bin/env python3
"""Draw the sample of findings on real MT output that issue 9 asks to judge by hand.

    python bench/precision_sample.py [--major 160] [--minor 64] [--seed 9] [--exclude judged.tsv] > sample.tsv

Every WMT22 system output of the five pairs (de, cs, uk, zh, ja into English) is checked
in articles of 20 lines. A finding on a segment that several systems translated the same
way counts once. The sample of major-or-worse findings and the sample of minor ones are
drawn at random with no system and no rule above a quarter of either sample. Each row
carries the MT segment with the finding marked, the source segment and the reference, for
the reader who judges it (real, false or debatable). `--exclude` leaves out the findings an
earlier judged sample already holds (same pair, system, line, rule and flagged text), so a
new draw is read fresh.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter
from pathlib import Path

from mtcheck.engine.findings import Severity
from mtcheck.evaluation.mutation import _context, check_text, read_corpus
from mtcheck.run.session import Session

REPO = Path(__file__).resolve().parent.parent
PAIRS = ("de-en", "cs-en", "uk-en", "zh-en", "ja-en")
_HYP = re.compile(r"generaltest2022\.(?P<pair>[a-z]{2}-en)\.hyp\.(?P<system>.+)\.en$")


def findings(data: Path):
    """(key, row) for every finding on every system output, deduplicated by key."""
    session = Session()
    seen = {}
    for pair in PAIRS:
        folder = data / f"wmt22-{pair}"
        source = (folder / f"generaltest2022.{pair}.src.{pair[:2]}").read_text(encoding="utf-8").split("\n")
        refs = sorted(folder.glob(f"generaltest2022.{pair}.ref.*.en"))
        reference = refs[0].read_text(encoding="utf-8").split("\n")
        for hyp in sorted(folder.glob(f"generaltest2022.{pair}.hyp.*.en")):
            system = _HYP.match(hyp.name).group("system")
            corpus = read_corpus([hyp], keep_placeholders=True)
            for article in corpus.articles:
                text = article.text
                for finding in check_text(session, article, text):
                    origin = article.origin(finding.start)
                    line = int(origin.rsplit(":", 1)[1])
                    segment_start = text.rfind("\n", 0, finding.start) + 1
                    segment = text[segment_start : text.find("\n", finding.start)]
                    key = (finding.code, segment, text[finding.start : finding.end])
                    if key in seen:
                        seen[key]["systems"].add(system)
                        continue
                    seen[key] = {
                        "pair": pair,
                        "system": system,
                        "line": line,
                        "code": finding.code,
                        "severity": str(finding.severity),
                        "flagged": text[finding.start : finding.end],
                        "message": finding.message,
                        "context": _context(text, finding.start, finding.end, 120),
                        "source": source[line - 1] if line <= len(source) else "",
                        "reference": reference[line - 1] if line <= len(reference) else "",
                        "systems": {system},
                    }
    return list(seen.values())


def _cell(value: str) -> str:
    """A value as the sample's TSV holds it: no tab, no line break."""
    return value.replace("\t", " ").replace("\n", " ")


def judged_keys(paths: list[Path]) -> set[tuple[str, str, str, str, str]]:
    """(pair, system, line, rule, flagged text) of every finding in earlier judged samples."""
    keys = set()
    for path in paths:
        lines = path.read_text(encoding="utf-8").splitlines()
        header = lines[0].split("\t")
        for line in lines[1:]:
            row = dict(zip(header, line.split("\t")))
            keys.add((row["pair"], row["system"], row["line"], row["code"], row["flagged"]))
    return keys


def draw(rows: list[dict], size: int, seed: int) -> list[dict]:
    """A random sample with no system and no rule above a quarter of it. Each finding's
    place in the draw comes from a hash of the finding and the seed, so a finding that a
    later version still reports keeps its place, and its verdict can be reused."""
    cap = size // 4
    rows = sorted(
        rows,
        key=lambda r: hashlib.sha1(
            f"{seed}|{r['pair']}|{r['system']}|{r['line']}|{r['code']}|{r['flagged']}".encode()
        ).hexdigest(),
    )
    by_system, by_rule, sample = Counter(), Counter(), []
    for row in rows:
        if by_system[row["system"]] < cap and by_rule[row["code"]] < cap:
            sample.append(row)
            by_system[row["system"]] += 1
            by_rule[row["code"]] += 1
            if len(sample) == size:
                break
    return sample


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--major", type=int, default=160)
    parser.add_argument("--minor", type=int, default=64)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--exclude", type=Path, action="append", default=[], help="a judged sample (TSV) to leave out")
    args = parser.parse_args(argv)
    rows = findings(args.shared / "data")
    judged = judged_keys(args.exclude)
    # the TSV stores tabs and line breaks as spaces, so a span over two paragraphs is compared so too
    kept = [r for r in rows if (r["pair"], r["system"], str(r["line"]), r["code"], _cell(r["flagged"])) not in judged]
    if judged:
        print(f"# {len(rows) - len(kept)} findings left out as already judged", file=sys.stderr)
    rows = kept
    major = [r for r in rows if Severity.parse(r["severity"]) >= Severity.MAJOR]
    minor = [r for r in rows if Severity.parse(r["severity"]) == Severity.MINOR]
    print(f"# {len(rows)} distinct findings: {len(major)} major or worse, {len(minor)} minor", file=sys.stderr)
    columns = [
        "id",
        "pair",
        "system",
        "line",
        "code",
        "severity",
        "flagged",
        "message",
        "context",
        "source",
        "reference",
        "systems",
    ]
    print("\t".join(columns + ["verdict", "reason"]))
    for prefix, sample in (("M", draw(major, args.major, args.seed)), ("m", draw(minor, args.minor, args.seed))):
        for number, row in enumerate(sample, 1):
            values = [f"{prefix}{number:03d}"] + [str(row[c]) for c in columns[1:-1]] + [str(len(row["systems"]))]
            print("\t".join(_cell(v) for v in values) + "\t\t")
    return 0


if __name__ == "__main__":
    sys.exit(main())
