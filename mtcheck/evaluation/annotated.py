"""Precision and recall of each rule family against annotated articles (corpora/).

Each article `name.md` or `name.txt` has a standoff gold file `name.gold.tsv` listing every
artifact in it, one per line:

    line <TAB> column <TAB> end_column <TAB> family <TAB> text <TAB> note

Columns are 1-based code points, end exclusive, as in mtcheck's output; `text` must be
exactly what the article has there, so a gold file that drifts from its article is an error.
A header line `# settings: source-lang=es` passes settings to the checker for that article;
`source=sources/name.es.md` gives it its source (a path relative to the article).
A finding counts as correct when a gold artifact of its family overlaps it on its line
(a finding at a point, such as an omission, when it falls within or at the edge of one).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from mtcheck.engine.findings import FileResult
from mtcheck.engine.packs import RuleSet
from mtcheck.run.session import Session

GOLD_SUFFIX = ".gold.tsv"
_SETTINGS = {"source-lang": "source_lang", "target-lang": "target_lang", "source": "source"}
IGNORED_FAMILIES = ("meta",)


class GoldError(Exception):
    """A malformed gold file; str() is the one-line message."""


@dataclass(frozen=True)
class Artifact:
    path: str
    line: int
    column: int
    end_column: int
    family: str
    text: str
    note: str = ""


@dataclass
class FamilyScore:
    gold: int = 0
    found: int = 0
    correct_findings: int = 0
    matched_gold: int = 0

    @property
    def precision(self) -> float:
        return self.correct_findings / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0


@dataclass
class Report:
    articles: int = 0
    families: dict[str, FamilyScore] = field(default_factory=lambda: defaultdict(FamilyScore))
    misses: list[Artifact] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def meets(self, floor: float) -> bool:
        return all(s.precision >= floor and s.recall >= floor for s in self.families.values())

    def as_dict(self) -> dict:
        return {
            "articles": self.articles,
            "families": {
                name: {
                    "gold": s.gold,
                    "found": s.found,
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                }
                for name, s in sorted(self.families.items())
            },
            "misses": [f"{a.path}:{a.line}:{a.column}: {a.family} {a.text!r}" for a in self.misses],
            "false_alarms": self.false_alarms,
        }


def articles(folders: list[Path]) -> list[tuple[Path, Path]]:
    """(article, gold file) pairs under the folders; an article without gold is an error."""
    pairs = []
    for folder in folders:
        if not folder.is_dir():
            raise GoldError(f"{folder}: not a folder")
        for gold in sorted(folder.rglob("*" + GOLD_SUFFIX)):
            stem = gold.name[: -len(GOLD_SUFFIX)]
            candidates = [p for p in gold.parent.glob(stem + ".*") if p.suffix in (".md", ".txt")]
            if len(candidates) != 1:
                raise GoldError(f"{gold}: expected one article {stem}.md or {stem}.txt beside it")
            pairs.append((candidates[0], gold))
    if not pairs:
        raise GoldError(f"no *{GOLD_SUFFIX} files under {', '.join(map(str, folders))}")
    return pairs


def read_gold(gold: Path, article_text: str, article_path: str) -> tuple[list[Artifact], dict]:
    lines = article_text.splitlines()
    artifacts: list[Artifact] = []
    settings: dict = {}
    for number, raw in enumerate(gold.read_text(encoding="utf-8").splitlines(), 1):
        if raw.startswith("# settings:"):
            for pair in raw.split(":", 1)[1].split():
                key, _, value = pair.partition("=")
                if key not in _SETTINGS or not value:
                    raise GoldError(f"{gold}:{number}: unknown setting {pair!r}")
                settings[_SETTINGS[key]] = value
            continue
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) < 5:
            raise GoldError(f"{gold}:{number}: expected line, column, end_column, family, text, note")
        try:
            line, column, end_column = int(parts[0]), int(parts[1]), int(parts[2])
        except ValueError:
            raise GoldError(f"{gold}:{number}: line and columns must be numbers") from None
        text = parts[4]
        actual = lines[line - 1][column - 1 : end_column - 1] if 0 < line <= len(lines) else None
        if actual != text:
            raise GoldError(f"{gold}:{number}: the article has {actual!r} there, not {text!r}")
        artifacts.append(
            Artifact(article_path, line, column, end_column, parts[3], text, parts[5] if len(parts) > 5 else "")
        )
    return artifacts, settings


def evaluate_corpus(folders: list[Path]) -> Report:
    report = Report()
    for article, gold_path in articles(folders):
        source_text = article.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        artifacts, overrides = read_gold(gold_path, source_text, str(article))
        original = overrides.pop("source", None)
        if original is not None and not (article.parent / original).is_file():
            raise GoldError(f"{gold_path}: source {original} not found beside the article")
        session = Session(overrides, source=str(article.parent / original) if original else None)
        result = session.check_path(str(article))
        if result.error:
            raise GoldError(result.error)
        ruleset = session.checker(session.settings_for(str(article))).ruleset
        score_article(report, result, artifacts, ruleset)
        report.articles += 1
    return report


def score_article(report: Report, result: FileResult, artifacts: list[Artifact], ruleset: RuleSet) -> None:
    doc = result.checked_doc
    matched: set[int] = set()
    for artifact in artifacts:
        report.families[artifact.family].gold += 1
    for finding in result.findings:
        family = ruleset.by_code[finding.code].family
        if family in IGNORED_FAMILIES:
            continue
        line, column = doc.position(finding.start)
        end_line, end_column = doc.position(finding.end)
        if end_line != line:
            end_column = 10**9
        score = report.families[family]
        score.found += 1
        point = end_column == column
        hits = [
            i
            for i, a in enumerate(artifacts)
            if a.family == family
            and a.line == line
            and (a.column <= column <= a.end_column if point else a.column < end_column and column < a.end_column)
        ]
        if hits:
            score.correct_findings += 1
            matched.update(hits)
        else:
            report.false_alarms.append(
                f"{result.path}:{line}:{column}: {finding.code} {finding.name} {finding.message}"
            )
    for index, artifact in enumerate(artifacts):
        if index in matched:
            report.families[artifact.family].matched_gold += 1
        else:
            report.misses.append(artifact)


def format_report(report: Report, show_errors: bool = False) -> str:
    rows = [f"{report.articles} articles", "", f"{'family':<14}{'gold':>6}{'found':>7}{'precision':>11}{'recall':>8}"]
    for name, score in sorted(report.families.items()):
        rows.append(f"{name:<14}{score.gold:>6}{score.found:>7}{score.precision:>11.3f}{score.recall:>8.3f}")
    if show_errors:
        rows += ["", f"Missed ({len(report.misses)}):"]
        rows += [f"  {a.path}:{a.line}:{a.column}: {a.family} {a.text!r} {a.note}".rstrip() for a in report.misses]
        rows += ["", f"False alarms ({len(report.false_alarms)}):"]
        rows += [f"  {line}" for line in report.false_alarms]
    return "\n".join(rows)
