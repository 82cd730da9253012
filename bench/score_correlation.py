"""How mtcheck's quality score (mtcheck/engine/quality.py) relates to WMT22 human judgements,
beside sentence-BLEU and chrF against the reference on the same segments.

Human scores: the WMT22 DA+SQM judgements into English (wmt-conference/wmt22-news-systems,
humaneval/DA/newstest2022-toen/), kept outside the repository in --human:
  sys-<pair>.txt       the `ad-sys-ranking-<pair>-raw.csv` rows: raw mean, z mean, segments,
                       judgements, system (with the organisers' index suffix, "Online-W.2")
  seg/<pair>.*.txt     segment judgements from `ad-seg-scores-<pair>.csv`: "#SYSTEM" lines, then
                       "SID:Z" pairs (SID is the 1-based line of the test set; z-score to 2 places)
Outputs: ../shared/data/wmt22-<pair>/ (every system and the human references). The findings of
`mtcheck check --source` on each output are cached as JSON in --findings.

  python bench/score_correlation.py --human /work/scratch/h15-score/human \\
      --findings /work/scratch/h15-score/findings > bench/score-correlation-2026-11-30.md

A system's mtcheck score is the file score: max(0, 100 - 100 * penalty / words) over all its
segments; a segment's is the same formula on the segment alone. BLEU and chrF: sacrebleu
defaults against the pair's primary reference (sentence-BLEU with effective order).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from mtcheck.engine.findings import Finding, Severity
from mtcheck.engine.quality import penalty, score, word_count

PAIRS = ("de-en", "cs-en", "uk-en", "zh-en", "ja-en")
PRIMARY_REFERENCE = {"de-en": "A", "cs-en": "B", "uk-en": "A", "zh-en": "A", "ja-en": "A"}
REPO = Path(__file__).resolve().parent.parent


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sx = math.sqrt(sum((a - mx) ** 2 for a in x))
    sy = math.sqrt(sum((b - my) ** 2 for b in y))
    return sxy / (sx * sy) if sx and sy else float("nan")


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> float:
    """Kendall's tau-b (ties in either variable corrected), by counting pairs."""
    concordant = discordant = ties_x = ties_y = 0
    n = len(x)
    for i in range(n):
        xi, yi = x[i], y[i]
        for j in range(i + 1, n):
            dx, dy = xi - x[j], yi - y[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                ties_x += 1
            elif dy == 0:
                ties_y += 1
            elif (dx > 0) == (dy > 0):
                concordant += 1
            else:
                discordant += 1
    denominator = math.sqrt((concordant + discordant + ties_x) * (concordant + discordant + ties_y))
    return (concordant - discordant) / denominator if denominator else float("nan")


def output_file(folder: Path, pair: str, system: str) -> Path | None:
    name = system.rsplit(".", 1)[0] if system.rsplit(".", 1)[-1].isdigit() else system
    if name.startswith("HUMAN-"):
        path = folder / f"generaltest2022.{pair}.ref.{name.removeprefix('HUMAN-')}.en"
    else:
        path = folder / f"generaltest2022.{pair}.hyp.{name}.en"
    return path if path.exists() else None


def findings_by_line(pair: str, path: Path, folder: Path, cache: Path, with_source: bool) -> dict[int, list[Finding]]:
    """mtcheck's findings on one output, by 1-based line (cached JSON of `mtcheck check`,
    with the source text unless told otherwise)."""
    source_lang = pair.split("-")[0]
    label = path.name.removeprefix(f"generaltest2022.{pair}.").removesuffix(".en")
    cached = cache / f"{pair}.{label}.json"
    if not cached.exists():
        cache.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "mtcheck", "check", "--format", "json", "--fail-on", "never"]
        command += ["--allow-timeouts", str(path)]
        if with_source:
            command += [
                "--source-lang",
                source_lang,
                "--source",
                str(folder / f"generaltest2022.{pair}.src.{source_lang}"),
            ]
        run = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
        cached.write_text(run.stdout, encoding="utf-8")
    report = json.loads(cached.read_text(encoding="utf-8"))
    lines: dict[int, list[Finding]] = {}
    for d in report["files"][0]["diagnostics"]:
        finding = Finding(d["code"], d["name"], d["category"], Severity.parse(d["severity"]), d["message"], 0, 0)
        lines.setdefault(d["line"], []).append(finding)
    return lines


def read_systems(path: Path) -> dict[str, tuple[float, float]]:
    """system -> (raw mean, z mean)."""
    systems = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        raw, z, _, _, system = line.split()
        systems[system] = (float(raw), float(z))
    return systems


def read_segments(folder: Path, pair: str) -> dict[str, dict[int, float]]:
    """system -> {1-based line: z}."""
    judged: dict[str, dict[int, float]] = {}
    for path in sorted(folder.glob(f"{pair}.*.txt")):
        system = ""
        for token in path.read_text(encoding="utf-8").split():
            if token.startswith("#"):
                system = token[1:]
            else:
                sid, z = token.split(":")
                judged.setdefault(system, {})[int(sid)] = float(z)
    return judged


def row(name: str, metric: Sequence[float], human: Sequence[float]) -> str:
    return f"| {name} | {pearson(metric, human):+.3f} | {kendall_tau_b(metric, human):+.3f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    shared = Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared"))
    parser.add_argument("--data", type=Path, default=shared / "data")
    parser.add_argument("--human", type=Path, required=True)
    parser.add_argument("--findings", type=Path, required=True)
    parser.add_argument("--without-source", action="store_true", help="check the outputs alone (no --source)")
    args = parser.parse_args()
    from sacrebleu.metrics import BLEU, CHRF

    corpus_bleu, sentence_bleu, chrf = BLEU(), BLEU(effective_order=True), CHRF()
    checked = "alone" if args.without_source else "with their source (--source)"
    out = [
        f"Outputs checked {checked}.",
        "",
        "## System level (MT systems only; human translations listed, not correlated)",
        "",
    ]
    segment_rows: list[str] = []
    for pair in PAIRS:
        folder = args.data / f"wmt22-{pair}"
        ref_path = folder / f"generaltest2022.{pair}.ref.{PRIMARY_REFERENCE[pair]}.en"
        refs = ref_path.read_text(encoding="utf-8").split("\n")[:-1]
        systems = read_systems(args.human / f"sys-{pair}.txt")
        judged = read_segments(args.human / "seg", pair)
        table = []
        seg_metric: dict[str, list[float]] = {"mtcheck": [], "penalty": [], "bleu": [], "chrf": []}
        seg_human: list[float] = []
        for system, (raw, z) in systems.items():
            path = output_file(folder, pair, system)
            if path is None:
                print(f"{pair}: no output for {system}", file=sys.stderr)
                continue
            hyps = path.read_text(encoding="utf-8").split("\n")[: len(refs)]
            found = findings_by_line(pair, path, folder, args.findings, not args.without_source)
            total = sum(penalty(f) for fs in found.values() for f in fs)
            words = sum(word_count(h) for h in hyps)
            table.append(
                (
                    system,
                    raw,
                    z,
                    score(total, words),
                    sum(len(fs) for fs in found.values()),
                    corpus_bleu.corpus_score(hyps, [refs]).score,
                    chrf.corpus_score(hyps, [refs]).score,
                )
            )
            for sid, human_z in sorted(judged.get(system, {}).items()):
                hyp, ref = hyps[sid - 1], refs[sid - 1]
                seg_penalty = sum(penalty(f) for f in found.get(sid, []))
                seg_metric["mtcheck"].append(score(seg_penalty, word_count(hyp)))
                seg_metric["penalty"].append(-seg_penalty)
                seg_metric["bleu"].append(sentence_bleu.sentence_score(hyp, [ref]).score)
                seg_metric["chrf"].append(chrf.sentence_score(hyp, [ref]).score)
                seg_human.append(human_z)
        out += [f"### {pair} (reference {PRIMARY_REFERENCE[pair]})", ""]
        out += [
            "| system | human raw | human z | mtcheck score | findings | BLEU | chrF |",
            "|---|---|---|---|---|---|---|",
        ]
        out += [f"| {s} | {r} | {z:+.3f} | {m:.2f} | {n} | {b:.1f} | {c:.1f} |" for s, r, z, m, n, b, c in table]
        mt = [t for t in table if not t[0].startswith("HUMAN")]
        human_z = [t[2] for t in mt]
        out += [
            "",
            f"{len(mt)} MT systems, against the human z mean:",
            "",
            "| metric | Pearson | Kendall tau-b |",
            "|---|---|---|",
        ]
        out += [row("mtcheck score", [t[3] for t in mt], human_z), row("BLEU", [t[5] for t in mt], human_z)]
        out += [row("chrF", [t[6] for t in mt], human_z), ""]
        if seg_human:
            flagged = [h for h, p in zip(seg_human, seg_metric["penalty"]) if p < 0]
            clean = [h for h, p in zip(seg_human, seg_metric["penalty"]) if p == 0]
            segment_rows += [
                f"### {pair}: {len(seg_human)} judged segments of {len(judged)} systems",
                "",
                "| metric | Pearson | Kendall tau-b |",
                "|---|---|---|",
                row("mtcheck segment score", seg_metric["mtcheck"], seg_human),
                row("sentence-BLEU", seg_metric["bleu"], seg_human),
                row("chrF", seg_metric["chrf"], seg_human),
                "",
                f"Segments with a finding: {len(flagged)} ({100 * len(flagged) / len(seg_human):.1f}%), "
                f"mean human z {sum(flagged) / max(len(flagged), 1):+.3f}; without: {len(clean)}, "
                f"mean human z {sum(clean) / max(len(clean), 1):+.3f}.",
                "",
            ]
    print("\n".join(out + ["## Segment level", ""] + segment_rows))


if __name__ == "__main__":
    main()
