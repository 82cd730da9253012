#!/usr/bin/env python3
"""What a calque pack finds on real MT output and on the human references of the same segments.

    python bench/calque_precision.py ../shared/data/wmt23-ru-en --source-lang ru \
        [--lines 938-] [--sample 60] [--seed 10] [--tsv sample.tsv]

FOLDER holds one WMT test set, line-aligned: the source (`*.src.<lang>`), the references
(`*.ref.*.en`) and the system outputs (`*.hyp.*.en`), as in ../shared/data and in the txt/
folders of the public wmt-conference/wmt23-news-systems repository. Every segment is checked
as a document with only the pack of the source language selected (the pack the source
language switches on). Printed: findings per 1,000 sentences on the outputs and on the
references, per rule; with --tsv, a random sample of the findings on the outputs (a finding
that several systems share counts once) and every finding on the references, each with the
source and reference segment, for a reader to judge.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from mtcheck.engine.checker import Checker
from mtcheck.engine.settings import Settings
from mtcheck.run.session import ruleset_for
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText


@dataclass
class Hit:
    side: str  # "hyp" or "ref"
    system: str
    line: int  # 1-based, in the whole file
    code: str
    flagged: str
    context: str


@dataclass
class Tally:
    segments: int = 0
    sentences: int = 0
    findings: Counter = None

    def per_thousand(self, code: str | None = None) -> float:
        count = sum(self.findings.values()) if code is None else self.findings[code]
        return 1000 * count / self.sentences if self.sentences else 0.0


def pack_checker(source_lang: str) -> Checker:
    ruleset = ruleset_for("en", (), source_lang)
    packs = {rule.pack for rule in ruleset.rules if rule.conditions.get("source-lang") and rule.family == "calque"}
    own = sorted(p for p in packs if p == f"calques-{source_lang}") or sorted(packs)
    return Checker(ruleset, Settings(source_lang=source_lang, packs=tuple(own)))


def check_lines(checker: Checker, lines: list[str], first: int, side: str, system: str, hits: list[Hit]) -> Tally:
    """Check each segment as its own document; `first` is the file line of lines[0]."""
    tally = Tally(findings=Counter())
    for offset, text in enumerate(lines):
        if not text.strip():
            continue
        doc = build_document(InputText(f"{system}:{first + offset}", text, "text"), "en")
        tally.segments += 1
        tally.sentences += len(doc.sentences)
        for finding in checker.check(doc):
            tally.findings[finding.code] += 1
            flagged = text[finding.start : finding.end]
            context = (
                text[max(0, finding.start - 100) : finding.start]
                + "⟦"
                + flagged
                + "⟧"
                + text[finding.end : finding.end + 100]
            )
            hits.append(Hit(side, system, first + offset, finding.code, flagged, context))
    return tally


def check_files(checker: Checker, paths: list[Path], side: str, start: int, end: int, hits: list[Hit]) -> Tally:
    """One tally over every file of one side (the systems' outputs, or the references)."""
    total = Tally(findings=Counter())
    for path in paths:
        system = path.name.split(f".{side}.")[1].rsplit(".", 1)[0]
        tally = check_lines(checker, read_lines(path)[start:end], start + 1, side, system, hits)
        total.segments += tally.segments
        total.sentences += tally.sentences
        total.findings.update(tally.findings)
    return total


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def line_range(spec: str | None, total: int) -> tuple[int, int]:
    """'938-' or '1-937' (1-based, inclusive) as a slice."""
    if not spec:
        return 0, total
    start, _, end = spec.partition("-")
    return int(start or 1) - 1, int(end) if end else total


def draw(rows: list[Hit], size: int, seed: int) -> list[Hit]:
    """A random sample, one finding per (rule, segment text, flagged text), no rule above a
    third of it; the order comes from a hash, so a finding keeps its place in a later draw."""
    unique: dict[tuple, Hit] = {}
    for row in rows:
        unique.setdefault((row.code, row.context, row.line), row)
    ordered = sorted(
        unique.values(),
        key=lambda r: hashlib.sha1(f"{seed}|{r.system}|{r.line}|{r.code}|{r.flagged}".encode()).hexdigest(),
    )
    cap, per_rule, sample = max(1, size // 3), Counter(), []
    for row in ordered:
        if per_rule[row.code] < cap:
            sample.append(row)
            per_rule[row.code] += 1
            if len(sample) == size:
                break
    return sample


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--source-lang", required=True)
    parser.add_argument("--lines", help="a range of lines, 1-based and inclusive: 938- or 1-937")
    parser.add_argument("--sample", type=int, default=60)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--tsv", type=Path)
    args = parser.parse_args(argv)

    sources = sorted(args.folder.glob(f"*.src.{args.source_lang}"))
    refs = sorted(args.folder.glob("*.ref.*.en"))
    hyps = sorted(args.folder.glob("*.hyp.*.en"))
    if not (sources and refs and hyps):
        print(f"{args.folder}: needs *.src.{args.source_lang}, *.ref.*.en and *.hyp.*.en", file=sys.stderr)
        return 2
    source = read_lines(sources[0])
    start, end = line_range(args.lines, len(source))
    reference = read_lines(refs[0])
    checker = pack_checker(args.source_lang)
    hits: list[Hit] = []
    hyp_tally = check_files(checker, hyps, "hyp", start, end, hits)
    ref_tally = check_files(checker, refs, "ref", start, end, hits)

    print(f"{args.folder.name} lines {start + 1}-{end}, packs {', '.join(checker.settings.packs)}")
    print(
        f"outputs: {len(hyps)} systems, {hyp_tally.segments} segments, {hyp_tally.sentences} sentences, "
        f"{sum(hyp_tally.findings.values())} findings, {hyp_tally.per_thousand():.2f} per 1,000 sentences"
    )
    print(
        f"references: {len(refs)}, {ref_tally.segments} segments, {ref_tally.sentences} sentences, "
        f"{sum(ref_tally.findings.values())} findings, {ref_tally.per_thousand():.2f} per 1,000 sentences"
    )
    print("rule\toutputs\tper 1k\treferences\tper 1k")
    for code in sorted(set(hyp_tally.findings) | set(ref_tally.findings)):
        print(
            f"{code}\t{hyp_tally.findings[code]}\t{hyp_tally.per_thousand(code):.2f}\t"
            f"{ref_tally.findings[code]}\t{ref_tally.per_thousand(code):.2f}"
        )

    if args.tsv:
        sample = draw([h for h in hits if h.side == "hyp"], args.sample, args.seed)
        rows = sample + [h for h in hits if h.side == "ref"]
        with args.tsv.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter="\t", lineterminator="\n")
            writer.writerow(["verdict", "side", "system", "line", "code", "flagged", "context", "source", "reference"])
            for row in rows:
                writer.writerow(
                    [
                        "",
                        row.side,
                        row.system,
                        row.line,
                        row.code,
                        row.flagged,
                        row.context,
                        source[row.line - 1],
                        reference[row.line - 1],
                    ]
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
