#!/usr/bin/env python3
"""The mutation evaluation of issue 9 on the WMT human references: recall per artifact type
and sub-type for several seeds, on the five WMT22 pairs pooled and on each pair alone, and
the findings on the untouched references (false alarms unless judged real problems of the
reference, see bench/clean-text-judgements.tsv).

    python bench/mutation_eval.py [--seeds 1,2,3] [--cases 40] [--types a,b] [--shared ../shared] \
        [--show-misses] [--misses] > report.md

--show-misses lists the missed cases under each table; --misses lists, at the end, every missed
case per pair and seed and every finding on the untouched text with its judgement.

uk-en and ja-en are read from the WMT XML (documents are articles); de-en, cs-en and zh-en
from the line files, cut into articles of 20 lines (their document boundaries are not in
the data). Segments holding WMT anonymisation tokens (#PRS_ORG#) are left out.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from mtcheck.engine.findings import Severity
from mtcheck.evaluation.mutation import evaluate_injection, read_corpus, read_judgements
from mtcheck.run.session import Session

REPO = Path(__file__).resolve().parent.parent
PAIRS = ("de-en", "cs-en", "uk-en", "zh-en", "ja-en")


def pair_files(data: Path, pair: str) -> list[Path]:
    folder = data / f"wmt22-{pair}"
    xml = folder / f"wmttest2022.{pair}.all.xml"
    if xml.exists():
        return [xml]
    return sorted(folder.glob(f"generaltest2022.{pair}.ref.*.en"))


def table(reports, title: str) -> list[str]:
    seeds = " | ".join(f"seed {r.seed}" for r in reports)
    rows = [
        f"### {title}",
        "",
        f"| type / sub-type | cases | {seeds} | all seeds |",
        "|---|---:|" + "---:|" * (len(reports) + 1),
    ]
    for name in reports[0].types:
        cases = sum(r.types[name].cases for r in reports)
        found = sum(r.types[name].found for r in reports)
        recalls = " | ".join(f"{r.types[name].recall:.3f}" for r in reports)
        # One miss moves a 40-case figure by 0.025: the figure over all seeds is the steadier estimate.
        rows.append(f"| **{name}** | {cases} | {recalls} | {found / cases if cases else 0.0:.3f} |")
        for subtype in sorted({s for r in reports for s in r.types[name].subtypes}):
            pooled = [r.types[name].subtypes.get(subtype, [0, 0]) for r in reports]
            count, found = sum(c for c, _ in pooled), sum(f for _, f in pooled)
            rows.append(f"| &nbsp;&nbsp;{subtype} | {count} |" + " |" * len(reports) + f" {found / count:.3f} |")
    low = min(r.types[n].recall for r in reports for n in r.types)
    rows += ["", f"Lowest recall of a type on any seed: {low:.3f}.", ""]
    return rows


def miss_lines(reports) -> list[str]:
    rows = []
    for name in reports[0].types:
        for report in reports:
            misses = report.types[name].misses
            if misses:
                rows += [f"Missed {name}, seed {report.seed} ({len(misses)}):", ""]
                rows += [f"- `{m}`" for m in misses] + [""]
    return rows


def false_alarm_lines(report, title: str, judged: dict) -> list[str]:
    fa = report.false_alarms

    def rate(verdicts, floor):
        found = sum(1 for f in fa.findings if f.finding.severity >= floor and judged.get(f.key, "unjudged") in verdicts)
        return f"{found} ({1000 * found / fa.sentences:.2f})"

    return [
        f"- {title}: {fa.sentences} sentences in {fa.articles} articles; all findings {fa.count()} "
        f"({fa.per_thousand():.2f} per 1,000), major or worse {fa.count(Severity.MAJOR)} ({fa.per_thousand(Severity.MAJOR):.2f}); "
        f"false or unjudged: any {rate(('false', 'unjudged'), Severity.MINOR)}, major {rate(('false', 'unjudged'), Severity.MAJOR)}; "
        f"debatable: any {rate(('debatable',), Severity.MINOR)}, major {rate(('debatable',), Severity.MAJOR)}",
    ]


def miss_list(reports, pair: str, judged: dict) -> list[str]:
    """Every missed case of each seed, then every finding on the untouched text with its verdict."""
    rows = ["", f"## Misses and untouched findings: {pair}", ""]
    for report in reports:
        for name, score in report.types.items():
            rows += [f"- seed {report.seed}, {name}: {m}" for m in score.misses]
    fa = reports[0].false_alarms
    rows += [
        f"- untouched {judged.get(f.key, 'unjudged')}: {f.finding.severity} {f.finding.code} {f.origin} {f.context}"
        for f in fa.findings
    ]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--cases", type=int, default=40)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--judgements", type=Path, default=REPO / "bench" / "clean-text-judgements.tsv")
    parser.add_argument("--pairs", default=",".join(PAIRS))
    parser.add_argument("--types", default="", help="artifact types to inject, comma-separated (default: all)")
    parser.add_argument("--show-misses", action="store_true", help="list every missed case, per pair and seed")
    parser.add_argument(
        "--misses", action="store_true", help="list every missed case per pair and seed, and the untouched findings"
    )
    args = parser.parse_args(argv)
    data = args.shared / "data"
    if not data.is_dir():
        print(f"{data}: the shared WMT data is not there (--shared)", file=sys.stderr)
        return 2
    seeds = [int(s) for s in args.seeds.split(",")]
    judged = read_judgements(args.judgements) if args.judgements.exists() else {}
    pairs = args.pairs.split(",")
    types = args.types.split(",") if args.types else None
    session = Session()
    out = ["# Mutation evaluation", "", f"Seeds {args.seeds}, {args.cases} cases per type and seed.", ""]
    started = time.perf_counter()
    pooled = read_corpus([f for pair in pairs for f in pair_files(data, pair)])
    reports = [
        evaluate_injection(
            pooled, session, seed=s, cases=args.cases, types=types, false_alarms=(i == 0), judgements=judged
        )
        for i, s in enumerate(seeds)
    ]
    out += table(reports, "All pairs pooled")
    if args.show_misses:
        out += miss_lines(reports)
    fa_lines = ["## Findings on the untouched references", ""] + false_alarm_lines(reports[0], "pooled", judged)
    miss_rows: list[str] = []
    for pair in pairs:
        corpus = read_corpus(pair_files(data, pair))
        per_pair = [
            evaluate_injection(
                corpus, session, seed=s, cases=args.cases, types=types, false_alarms=(i == 0), judgements=judged
            )
            for i, s in enumerate(seeds)
        ]
        out += table(per_pair, pair)
        if args.show_misses:
            out += miss_lines(per_pair)
        fa_lines += false_alarm_lines(per_pair[0], pair, judged)
        if args.misses:
            miss_rows += miss_list(per_pair, pair, judged)
    out += (
        fa_lines
        + miss_rows
        + [
            "",
            "Rates per 1,000 sentences in brackets. Findings judged real problems of the reference",
            "(bench/clean-text-judgements.tsv) are not false alarms.",
            "",
            f"Time: {time.perf_counter() - started:.0f} s.",
        ]
    )
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
