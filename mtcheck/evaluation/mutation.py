"""The mutation evaluation: recall on artifacts injected into clean text, and false alarms
on the same text untouched (`mtcheck eval --inject`).

Clean text is human-written English nobody tuned the rules on: WMT human references (one
segment per line, cut into articles of consecutive lines, or WMT XML, whose documents are
articles) or a folder of articles. Each case copies one article, injects one artifact at a
random place (mtcheck/evaluation/injectors.py), checks the copy and asks whether a finding of the
artifact's family covers the place. The untouched articles are checked once, and every
finding on them is a false alarm unless the text itself is wrong there.
"""

from __future__ import annotations

import os
import re
import time
import xml.etree.ElementTree as ElementTree
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mtcheck.engine.findings import CheckedText, Finding, Severity
from mtcheck.evaluation.injectors import Article, Context, injectors, iter_cases
from mtcheck.run.session import Session
from mtcheck.text.document import Document, build_document
from mtcheck.text.inputs import InputText

# WMT anonymises some test data (#PRS_ORG#, #NAME#, #URL#): the data set's markup, not text.
PLACEHOLDER = re.compile(r"#[A-Z][A-Z_]*#")
ARTICLE_EXTENSIONS = (".md", ".txt")
_WMT_NAME = re.compile(r"^(?P<prefix>.*\.(?P<pair>[a-z]{2,3}-[a-z]{2,3}))\.(?:ref|hyp)\.[^.]+\.[a-z]+$")


class CorpusError(Exception):
    """Clean text that cannot be read; str() is the one-line message."""


@dataclass
class Corpus:
    articles: list[Article] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)  # article name -> group (language pair or folder)
    dropped_segments: int = 0  # segments left out for holding anonymisation placeholders
    foreign: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, article: Article, group: str) -> None:
        if article.paragraphs:
            self.articles.append(article)
            self.groups[article.name] = group
            if article.source and article.source_lang and article.source_lang != "en":
                self.foreign[article.source_lang].extend(
                    s for s in article.source if len(s.split()) >= 4 or len(s) >= 15
                )


def read_corpus(paths: Iterable[Path], lines_per_article: int = 20, keep_placeholders: bool = False) -> Corpus:
    """Articles from WMT XML files, one-segment-per-line files (`*.en`, any extension but .md,
    .txt and .xml) and folders or files of articles (.md, .txt: paragraphs at blank lines)."""
    corpus = Corpus()
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in (*ARTICLE_EXTENSIONS, ".xml") and p.is_file())
            if not found:
                raise CorpusError(f"{path}: no .md, .txt or .xml files in this folder")
            for file in found:
                _read_file(file, corpus, lines_per_article, keep_placeholders, group=path.name)
        elif path.is_file():
            _read_file(path, corpus, lines_per_article, keep_placeholders)
        else:
            raise CorpusError(f"{path}: no such file or folder")
    if not corpus.articles:
        raise CorpusError("no text to inject into in " + ", ".join(map(str, paths)))
    return corpus


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as err:
        raise CorpusError(f"{path}: not valid UTF-8 ({err.reason} at byte {err.start})") from None
    except OSError as err:
        raise CorpusError(f"{path}: cannot read: {err.strerror}") from None


def _read_file(
    path: Path, corpus: Corpus, lines_per_article: int, keep_placeholders: bool, group: str | None = None
) -> None:
    if path.suffix == ".xml":
        _read_wmt_xml(path, corpus, keep_placeholders)
    elif path.suffix in ARTICLE_EXTENSIONS:
        paragraphs = [" ".join(block.split()) for block in re.split(r"\n\s*\n", _read_text(path))]
        paragraphs = [p for p in paragraphs if p]
        origins = tuple(f"{_label(path)}#{i + 1}" for i in range(len(paragraphs)))
        corpus.add(Article(str(path), tuple(paragraphs), origins=origins), group or path.parent.name)
    else:
        _read_segments(path, corpus, lines_per_article, keep_placeholders)


def _read_segments(path: Path, corpus: Corpus, lines_per_article: int, keep_placeholders: bool) -> None:
    """A WMT-style file, one segment per line, with its source file when one is beside it
    (`x.de-en.ref.A.en` -> `x.de-en.src.de`)."""
    lines = _read_text(path).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    source, source_lang, group = None, None, path.parent.name
    named = _WMT_NAME.match(path.name)
    if named:
        group = named.group("pair")
        source_lang = group.split("-")[0]
        source_path = path.with_name(f"{named.group('prefix')}.src.{source_lang}")
        if source_path.is_file():
            source = _read_text(source_path).split("\n")[: len(lines)]
            if len(source) != len(lines):
                source = None
    label = _label(path)
    for first in range(0, len(lines), lines_per_article):
        kept, kept_source, origins = [], [], []
        for number in range(first, min(first + lines_per_article, len(lines))):
            segment = lines[number].strip()
            if not segment:
                continue
            if not keep_placeholders and PLACEHOLDER.search(segment):
                corpus.dropped_segments += 1
                continue
            kept.append(segment)
            kept_source.append(source[number].strip() if source else "")
            origins.append(f"{label}:{number + 1}")
        name = f"{path}:{first + 1}-{min(first + lines_per_article, len(lines))}"
        corpus.add(
            Article(name, tuple(kept), tuple(kept_source) if source else None, source_lang, tuple(origins)), group
        )


def _label(path: Path) -> str:
    """A file's name with its folder ("wmt22-de-en/x.ref.A.en"): how judgements name it."""
    return f"{path.parent.name}/{path.name}"


def _read_wmt_xml(path: Path, corpus: Corpus, keep_placeholders: bool) -> None:
    """A WMT XML release: each <doc> is an article, its first <ref>'s segments its paragraphs."""
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as err:
        raise CorpusError(f"{path}: not well-formed XML ({err})") from None
    for doc in root.iter("doc"):
        src, ref = doc.find("src"), doc.find("ref")
        if ref is None:
            continue
        segments = [(seg.text or "").strip() for seg in ref.iter("seg")]
        sources = [(seg.text or "").strip() for seg in src.iter("seg")] if src is not None else None
        if sources is not None and len(sources) != len(segments):
            sources = None
        kept = [i for i, s in enumerate(segments) if s and (keep_placeholders or not PLACEHOLDER.search(s))]
        corpus.dropped_segments += sum(1 for s in segments if s) - len(kept)
        lang = src.get("lang") if src is not None else None
        origins = tuple(f"{_label(path)}#{doc.get('id')}:{i + 1}" for i in kept)
        corpus.add(
            Article(
                f"{path}#{doc.get('id')}",
                tuple(segments[i] for i in kept),
                tuple(sources[i] for i in kept) if sources else None,
                lang,
                origins,
            ),
            f"{lang}-{ref.get('lang', 'en')}" if lang else path.parent.name,
        )


def _sentence_count(doc: CheckedText, session: Session, path: str, text: str) -> int:
    """The sentences of a checked article. A text long enough to be checked in windows has
    no whole document in its result (a TextView): built here for the count."""
    if isinstance(doc, Document):
        return len(doc.sentences)
    return len(build_document(InputText(path, text, "text"), session.settings_for(path).target_lang).sentences)


def _article_path(article: Article) -> str:
    """The file an article came from, so that the run finds that file's configuration."""
    return re.split(r"[:#]\d|#", article.name)[0]


def check_text(session: Session, article: Article, text: str) -> list[Finding]:
    path = _article_path(article)
    result = session.check_input(path, InputText(path, text, "text"))
    if result.error:
        raise CorpusError(result.error)
    return result.findings


# --- scoring -----------------------------------------------------------------------------


@dataclass
class TypeScore:
    cases: int = 0
    found: int = 0
    unplaced: int = 0  # cases no article offered a place for
    subtypes: dict[str, list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0])
    )  # name -> [cases, found]
    other_families: Counter = field(default_factory=Counter)  # what the missed cases were reported as
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.cases if self.cases else 0.0


@dataclass(frozen=True)
class CleanFinding:
    """A finding on the untouched text, with the line it is on and what it flags."""

    origin: str  # "wmt22-de-en/generaltest2022.de-en.ref.A.en:578"
    finding: Finding
    text: str
    context: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.origin, self.finding.code, self.text)


@dataclass
class FalseAlarms:
    """Findings on the untouched text. Those a reader judged real problems of the text
    itself (a reference that kept its source's doubled word) are not false alarms."""

    articles: int = 0
    sentences: int = 0
    findings: list[CleanFinding] = field(default_factory=list)
    judged_real: set[tuple[str, str, str]] = field(default_factory=set)

    def count(self, floor: Severity = Severity.MINOR, false_only: bool = False) -> int:
        return sum(
            1 for f in self.findings if f.finding.severity >= floor and not (false_only and f.key in self.judged_real)
        )

    def per_thousand(self, floor: Severity = Severity.MINOR, false_only: bool = False) -> float:
        return 1000 * self.count(floor, false_only) / self.sentences if self.sentences else 0.0


def read_judgements(path: Path) -> dict[tuple[str, str, str], str]:
    """(origin, code, text) -> verdict from a TSV of judged findings on clean text:
    origin, code, text, verdict (real, false or debatable), note."""
    judged = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise CorpusError(f"{path}: cannot read the judgements: {err}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 4 or parts[3] not in ("real", "false", "debatable"):
            raise CorpusError(f"{path}:{number}: expected origin, code, text, verdict (real, false or debatable), note")
        judged[(parts[0], parts[1], parts[2])] = parts[3]
    return judged


@dataclass
class InjectionReport:
    seed: int
    types: dict[str, TypeScore] = field(default_factory=dict)
    false_alarms: FalseAlarms = field(default_factory=FalseAlarms)
    groups: dict[str, dict[str, list[int]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(lambda: [0, 0]))
    )
    dropped_segments: int = 0
    seconds: float = 0.0
    check_seconds: float = 0.0

    def below(self, floor: float) -> list[str]:
        return [name for name, score in self.types.items() if score.recall < floor]

    def as_dict(self) -> dict:
        fa = self.false_alarms
        return {
            "seed": self.seed,
            "types": {
                name: {
                    "cases": s.cases,
                    "found": s.found,
                    "recall": round(s.recall, 4),
                    "unplaced": s.unplaced,
                    "subtypes": {k: {"cases": c, "found": f} for k, (c, f) in sorted(s.subtypes.items())},
                    "missed_as": dict(s.other_families),
                    "misses": s.misses,
                }
                for name, s in self.types.items()
            },
            "groups": {
                g: {t: {"cases": c, "found": f} for t, (c, f) in sorted(v.items())}
                for g, v in sorted(self.groups.items())
            },
            "false_alarms": {
                "articles": fa.articles,
                "sentences": fa.sentences,
                "findings": fa.count(),
                "major_or_worse": fa.count(Severity.MAJOR),
                "per_1000_sentences": round(fa.per_thousand(), 3),
                "major_per_1000_sentences": round(fa.per_thousand(Severity.MAJOR), 3),
                "false_per_1000_sentences": round(fa.per_thousand(false_only=True), 3),
                "false_major_per_1000_sentences": round(fa.per_thousand(Severity.MAJOR, false_only=True), 3),
                "by_code": dict(Counter(f.finding.code for f in fa.findings).most_common()),
                "list": [_clean_line(f, fa) for f in fa.findings],
            },
            "dropped_segments": self.dropped_segments,
            "seconds": round(self.seconds, 1),
        }


def _covers(finding: Finding, start: int, end: int) -> bool:
    if finding.start == finding.end:
        return start <= finding.start <= end
    return finding.start < end and start < finding.end


def _context(text: str, start: int, end: int, width: int = 50) -> str:
    left = text[max(0, start - width) : start].split("\n")[-1]
    right = text[end : end + width].split("\n")[0]
    return f"{left}⟦{text[start:end]}⟧{right}".replace("\n", "⏎")


def _clean_line(found: CleanFinding, fa: FalseAlarms) -> str:
    verdict = "real" if found.key in fa.judged_real else "false?"
    return f"{found.origin}\t{found.finding.code}\t{found.text}\t{verdict}\t{found.finding.severity} {found.context}"


def evaluate_injection(
    corpus: Corpus,
    session: Session,
    seed: int = 1,
    cases: int = 40,
    types: Sequence[str] | None = None,
    false_alarms: bool = True,
    judgements: dict | None = None,
) -> InjectionReport:
    started = time.perf_counter()
    report = InjectionReport(seed, dropped_segments=corpus.dropped_segments)
    chosen = injectors(types)
    families = _families(session)
    context = Context(foreign={k: v for k, v in corpus.foreign.items()})
    for chosen_injector in chosen:
        report.types[chosen_injector.name] = TypeScore()
    for chosen_injector, article, mutation in iter_cases(corpus.articles, chosen, cases, seed, context):
        score = report.types[chosen_injector.name]
        if mutation is None:
            score.unplaced += 1
            continue
        t0 = time.perf_counter()
        findings = check_text(session, article, mutation.text)
        report.check_seconds += time.perf_counter() - t0
        covering = [f for f in findings if _covers(f, mutation.start, mutation.end)]
        hit = any(families.get(f.code) in chosen_injector.families for f in covering)
        score.cases += 1
        score.subtypes[mutation.subtype][0] += 1
        group = report.groups[corpus.groups[article.name]][chosen_injector.name]
        group[0] += 1
        if hit:
            score.found += 1
            score.subtypes[mutation.subtype][1] += 1
            group[1] += 1
        else:
            score.other_families.update(f.code for f in covering)
            score.misses.append(
                f"{mutation.subtype}: {_context(mutation.text, mutation.start, mutation.end)}"
                + (f"  [reported as {', '.join(sorted({f.code for f in covering}))}]" if covering else "")
            )
    if false_alarms:
        report.false_alarms = measure_false_alarms(corpus, session, judgements)
    report.seconds = time.perf_counter() - started
    return report


def measure_false_alarms(corpus: Corpus, session: Session, judgements: dict | None = None) -> FalseAlarms:
    """Every finding on the untouched articles, with the number of sentences checked."""
    result = FalseAlarms()
    judgements = judgements or {}
    for article in corpus.articles:
        text = article.text
        path = _article_path(article)
        checked = session.check_input(path, InputText(path, text, "text"))
        if checked.error:
            raise CorpusError(checked.error)
        result.articles += 1
        result.sentences += _sentence_count(checked.checked_doc, session, path, text)
        for finding in checked.findings:
            found = CleanFinding(
                article.origin(finding.start),
                finding,
                text[finding.start : finding.end].replace("\n", "⏎"),
                f"{finding.name}: {_context(text, finding.start, finding.end)}",
            )
            result.findings.append(found)
            if judgements.get(found.key) == "real":
                result.judged_real.add(found.key)
    return result


def _families(session: Session) -> dict[str, str]:
    checker = session.checker(session.settings_for(os.getcwd()))
    return {code: rule.family for code, rule in checker.ruleset.by_code.items()}


def format_injection_report(
    reports: Sequence[InjectionReport], show_misses: bool = False, show_false_alarms: bool = False
) -> str:
    """One recall column per seed, then the false alarms of the untouched text."""
    first = reports[0]
    seeds = "".join(f"{'seed ' + str(r.seed):>10}" for r in reports)
    rows = [f"{'type / subtype':<34}{'cases':>7}{seeds}"]
    for name in first.types:
        recalls = "".join(f"{r.types[name].recall:>10.3f}" for r in reports)
        cases = sum(r.types[name].cases for r in reports)
        unplaced = sum(r.types[name].unplaced for r in reports)
        rows.append(f"{name:<34}{cases:>7}{recalls}" + (f"   ({unplaced} with no place)" if unplaced else ""))
        subtypes = sorted({s for r in reports for s in r.types[name].subtypes})
        for subtype in subtypes:
            pooled = [r.types[name].subtypes.get(subtype, [0, 0]) for r in reports]
            count, found = sum(c for c, _ in pooled), sum(f for _, f in pooled)
            rows.append(f"  {subtype:<32}{count:>7}{found / count:>10.3f}" if count else f"  {subtype:<32}{0:>7}")
    fa = first.false_alarms
    if fa.sentences:
        rows += [
            "",
            f"Untouched text: {fa.articles} articles, {fa.sentences} sentences"
            + (
                f" ({first.dropped_segments} segments with anonymisation placeholders left out)"
                if first.dropped_segments
                else ""
            ),
            f"  findings: {fa.count()} ({fa.per_thousand():.2f} per 1,000 sentences)",
            f"  major or worse: {fa.count(Severity.MAJOR)} ({fa.per_thousand(Severity.MAJOR):.2f} per 1,000 sentences)",
        ]
        if fa.judged_real:
            rows += [
                f"  false alarms (findings not judged real problems of the text): {fa.count(false_only=True)} "
                f"({fa.per_thousand(false_only=True):.2f} per 1,000), major or worse "
                f"{fa.count(Severity.MAJOR, false_only=True)} ({fa.per_thousand(Severity.MAJOR, false_only=True):.2f} per 1,000)"
            ]
        by_code = Counter(f.finding.code for f in fa.findings)
        if by_code:
            rows.append("  by rule: " + ", ".join(f"{code} {n}" for code, n in by_code.most_common()))
    total = sum(r.seconds for r in reports)
    cases = sum(s.cases for r in reports for s in r.types.values())
    rows += ["", f"{cases} cases in {total:.1f} s"]
    if show_misses:
        for name in first.types:
            misses = [m for r in reports for m in r.types[name].misses]
            if misses:
                rows += ["", f"Missed {name} ({len(misses)}):"] + [f"  {m}" for m in misses]
    if show_false_alarms and fa.findings:
        rows += ["", f"Findings on the untouched text ({len(fa.findings)}; origin, code, text, verdict, context):"]
        rows += [_clean_line(f, fa) for f in fa.findings]
    return "\n".join(rows)
