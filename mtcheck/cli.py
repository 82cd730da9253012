"""The `mtcheck` command: a thin typer layer over session, report, packs and evaluation."""

from __future__ import annotations

import copy
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from mtcheck import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, __version__
from mtcheck.run.check_command import (
    NO_RECORDS,
    Color,
    InputFormat,
    ReportFormat,
    UserError,
    execute,
    internal_error,
    known_error,
    language_option,
    source_language_option,
)

if TYPE_CHECKING:  # imported where used, so that the common path starts fast
    from mtcheck.engine.packs import RuleSet
    from mtcheck.engine.settings import Settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Find what machine translation leaves behind in news text.",
)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


class ScoreFormat(str, Enum):
    text = "text"
    json = "json"
    tsv = "tsv"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"mtcheck: error: {message}", err=True)
    return typer.Exit(EXIT_ERROR)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mtcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Find what machine translation leaves behind in news text."""


# Options shared by `check` and `fix`.
_PATHS = typer.Argument(..., help="Files, folders (searched for .md and .txt) or - for standard input.")
_FORMAT = typer.Option(
    None,
    "--format",
    "-f",
    help="text, json, jsonl (one finding per line), sarif (SARIF 2.1.0) or github (Actions annotations; the default when GITHUB_ACTIONS=true).",
)
_SELECT = typer.Option(None, "--select", help="Only these rules: codes, code prefixes (MT1) or names; comma-separated.")
_IGNORE = typer.Option(None, "--ignore", help="Skip these rules (added to the config's ignore list).")
_STATISTICS = typer.Option(
    False, "--statistics", help="Print how many findings each rule gave instead of the findings (text output)."
)
_EXCLUDE = typer.Option(
    None,
    "--exclude",
    help="Leave these out of folder searches too (added to the config's exclude and extend-exclude): "
    "git-style patterns ('drafts/', '*.es.md'); repeatable. Files named on the command line are checked "
    "unless --force-exclude.",
)
_QUIET = typer.Option(False, "--quiet", "-q", help="Print the findings only: no summary line and no progress bar.")
_FORCE_EXCLUDE = typer.Option(
    False,
    "--force-exclude",
    help="Apply the exclusions to files named on the command line too, as a pre-commit hook needs "
    "(README, CHANGELOG... and the exclude patterns; also force-exclude = true in the config).",
)
_FAIL_ON = typer.Option(
    None, "--fail-on", help="Exit 1 when a finding has this severity or worse: minor, major (default), critical, never."
)
_MAX_FINDINGS = typer.Option(
    None, "--max-findings", min=0, help="Exit 1 when more findings than this are reported, whatever their severity."
)
_FAIL_UNDER = typer.Option(
    None,
    "--fail-under",
    min=0,
    max=100,
    help="Exit 1 when a file's quality score (0-100, see mtcheck explain --scoring) is under this.",
)
_MIN_SEVERITY = typer.Option(None, "--min-severity", help="Report only findings of this severity or worse.")
_CONFIG = typer.Option(None, "--config", help="Use this config file instead of searching for one.")
_TARGET_LANG = typer.Option(None, "--target-lang", help="Language of the text being checked (default en).")
_SOURCE_LANG = typer.Option(None, "--source-lang", help="Language the text was translated from.")
_RULE_FOLDER = typer.Option(None, "--rule-folder", help="Extra folder of rule packs (repeatable).")
_INPUT_FORMAT = typer.Option(
    InputFormat.auto,
    "--input-format",
    help="Treat files as text, markdown or html, as corpora of records (jsonl, parquet) or as bilingual files "
    "(xliff, tmx, tsv, csv), instead of deciding by extension.",
)
_SOURCE_COLUMN = typer.Option(
    None,
    "--source-column",
    help="TSV and CSV: the column with the source (default: one named source, src or original).",
)
_TARGET_COLUMN = typer.Option(
    None,
    "--target-column",
    help="TSV and CSV: the column with the translation (default: one named target, tgt, translation or mt).",
)
_STDIN_FILENAME = typer.Option(
    None, "--stdin-filename", help="Name to report (and to pick format and config) for standard input."
)
_COLOR = typer.Option(Color.auto, "--color", help="Color the text output.")
_SOURCE = typer.Option(
    None,
    "--source",
    help="The text the article translates: adds number, omission and name checks (language detected unless --source-lang).",
)
_DIFF_BASE = typer.Option(
    None, "--diff-base", help="Report only lines changed since this git revision (HEAD, main, a commit)."
)
_UNSAFE = typer.Option(
    False, "--unsafe-fixes", help="Also apply fixes that need an editor's judgement (calques, removed repetitions)."
)
_MAX_FILE_SIZE = typer.Option(
    None, "--max-file-size", min=0.001, max=100000, help="Refuse a single input larger than this many MB (default 50)."
)
_ALLOW_TIMEOUTS = typer.Option(
    False, "--allow-timeouts", help="A rule that runs out of time on a file is a warning, not exit 2."
)
_DIFF = typer.Option(False, "--diff", help="Print what fixing would change as a unified diff; write nothing.")
_JOBS = typer.Option(
    0,
    "--jobs",
    "-j",
    min=0,
    help="Check files in this many worker processes (default 0: one per CPU when there are more than 8 files).",
)


@app.command()
def check(
    paths: list[str] = _PATHS,
    output_format: ReportFormat | None = _FORMAT,
    select: list[str] | None = _SELECT,
    ignore: list[str] | None = _IGNORE,
    fail_on: str | None = _FAIL_ON,
    max_findings: int | None = _MAX_FINDINGS,
    fail_under: float | None = _FAIL_UNDER,
    exclude: list[str] | None = _EXCLUDE,
    force_exclude: bool = _FORCE_EXCLUDE,
    quiet: bool = _QUIET,
    statistics: bool = _STATISTICS,
    min_severity: str | None = _MIN_SEVERITY,
    config: Path | None = _CONFIG,
    target_lang: str | None = _TARGET_LANG,
    source_lang: str | None = _SOURCE_LANG,
    rule_folder: list[Path] | None = _RULE_FOLDER,
    input_format: InputFormat = _INPUT_FORMAT,
    stdin_filename: str | None = _STDIN_FILENAME,
    color: Color = _COLOR,
    ref: Path | None = typer.Option(
        None, "--ref", help="A human translation of the article: adds per-sentence scores, omissions and additions."
    ),
    chrf_threshold: float | None = typer.Option(
        None, "--chrf-threshold", help="With --ref: sentences below this chrF are flagged (default 20)."
    ),
    source: Path | None = _SOURCE,
    diff_base: str | None = _DIFF_BASE,
    fix: bool = typer.Option(
        False, "--fix", help="Apply the safe fixes first (as mtcheck fix), then report what remains."
    ),
    unsafe_fixes: bool = _UNSAFE,
    diff: bool = _DIFF,
    max_file_size: float | None = _MAX_FILE_SIZE,
    allow_timeouts: bool = _ALLOW_TIMEOUTS,
    jobs: int = _JOBS,
    text_field: str | None = typer.Option(
        None, "--text-field", help="Records: the field with the text (default text)."
    ),
    id_field: str | None = typer.Option(None, "--id-field", help="Records: the id field (default id, else the line)."),
    source_field: str | None = typer.Option(None, "--source-field", help="Records: the field with the source text."),
    ref_field: str | None = typer.Option(None, "--ref-field", help="Records: the field with a human translation."),
    source_lang_field: str | None = typer.Option(
        None,
        "--source-lang-field",
        help="Records: the field with each source's language (else --source-lang or detected).",
    ),
    source_column: str | None = _SOURCE_COLUMN,
    target_column: str | None = _TARGET_COLUMN,
    dask: str | None = typer.Option(
        None,
        "--dask",
        metavar="ADDRESS",
        help="Check on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786); the same output. Needs mtcheck[dask].",
    ),
) -> None:
    """Check articles and report findings as path:line:col: severity CODE name message
    (PATH#ID:line:col for a record of a JSON Lines or Parquet corpus)."""
    raise typer.Exit(execute(locals(), fix, typer.echo))


@app.command("fix")
def fix_command(
    paths: list[str] = _PATHS,
    output_format: ReportFormat | None = _FORMAT,
    select: list[str] | None = _SELECT,
    ignore: list[str] | None = _IGNORE,
    fail_on: str | None = _FAIL_ON,
    max_findings: int | None = _MAX_FINDINGS,
    fail_under: float | None = _FAIL_UNDER,
    exclude: list[str] | None = _EXCLUDE,
    force_exclude: bool = _FORCE_EXCLUDE,
    quiet: bool = _QUIET,
    min_severity: str | None = _MIN_SEVERITY,
    config: Path | None = _CONFIG,
    target_lang: str | None = _TARGET_LANG,
    source_lang: str | None = _SOURCE_LANG,
    rule_folder: list[Path] | None = _RULE_FOLDER,
    input_format: InputFormat = _INPUT_FORMAT,
    color: Color = _COLOR,
    source: Path | None = _SOURCE,
    diff_base: str | None = _DIFF_BASE,
    unsafe_fixes: bool = _UNSAFE,
    diff: bool = _DIFF,
    max_file_size: float | None = _MAX_FILE_SIZE,
    allow_timeouts: bool = _ALLOW_TIMEOUTS,
    fix_only: bool = typer.Option(
        False,
        "--fix-only",
        help="Report what was fixed, not what remains; exit 1 only when a file changed (for a fix hook followed by a check hook).",
    ),
    source_column: str | None = _SOURCE_COLUMN,
    target_column: str | None = _TARGET_COLUMN,
) -> None:
    """Repair what is safe to repair (lowercased names, scraped lines, broken splits, mojibake...)
    in place, then report what remains. Exit 1 when a file changed or findings remain."""
    arguments = {
        **locals(),
        "stdin_filename": None,
        "ref": None,
        "chrf_threshold": None,
        "jobs": 1,
        "dask": None,
        **NO_RECORDS,
    }
    raise typer.Exit(execute(arguments, True, typer.echo))


@app.command()
def report(
    paths: list[str] = _PATHS,
    output: Path = typer.Option(Path("mtcheck-report.html"), "--output", "-o", help="The HTML file to write."),
    title: str | None = typer.Option(None, "--title", help="The page's title (default: the paths checked)."),
    select: list[str] | None = _SELECT,
    ignore: list[str] | None = _IGNORE,
    exclude: list[str] | None = _EXCLUDE,
    min_severity: str | None = _MIN_SEVERITY,
    config: Path | None = _CONFIG,
    target_lang: str | None = _TARGET_LANG,
    source_lang: str | None = _SOURCE_LANG,
    rule_folder: list[Path] | None = _RULE_FOLDER,
    input_format: InputFormat = _INPUT_FORMAT,
    stdin_filename: str | None = _STDIN_FILENAME,
    ref: Path | None = typer.Option(
        None, "--ref", help="A human translation of the article: adds the BLEU/chrF plot against the mtcheck score."
    ),
    source: Path | None = _SOURCE,
    max_file_size: float | None = _MAX_FILE_SIZE,
    jobs: int = _JOBS,
    text_field: str | None = typer.Option(None, "--text-field", help="Records: the field with the text."),
    id_field: str | None = typer.Option(None, "--id-field", help="Records: the id field."),
    source_field: str | None = typer.Option(None, "--source-field", help="Records: the field with the source text."),
    ref_field: str | None = typer.Option(None, "--ref-field", help="Records: the field with a human translation."),
    source_lang_field: str | None = typer.Option(
        None, "--source-lang-field", help="Records: the field with each source's language."
    ),
) -> None:
    """Check articles (a file, a folder or a JSON Lines/Parquet corpus) and write one
    self-contained HTML report: scores, findings per rule and family, a sortable table of
    articles worst first, each article with its findings highlighted, and plots.
    Needs altair and vl-convert: pip install "mtcheck[report]"."""
    try:  # the plots; only this command needs them
        import altair  # noqa: F401
        import vl_convert  # noqa: F401
    except ImportError as err:
        raise _fail(f'mtcheck report needs {err.name}: pip install "mtcheck[report]"') from None
    args = {**locals(), "report_to": output, "title": title or " ".join(paths)}
    arguments = {
        **_defaults_of(check),  # what the report does not ask for is check's default
        **args,
        "output_format": ReportFormat.text,  # unused: the report run writes the page
        "color": Color.never,
        "allow_timeouts": True,  # a rule out of time is shown on its article, not a failed report
    }
    raise typer.Exit(execute(arguments, False, typer.echo))


def _defaults_of(command: Any) -> dict[str, Any]:
    """A command's parameters and their default values (typer keeps them in the OptionInfo)."""
    import inspect

    parameters = inspect.signature(command).parameters.items()
    return {name: getattr(parameter.default, "default", parameter.default) for name, parameter in parameters}


@app.command("schema")
def schema(
    kind: str = typer.Argument(..., help="pack (a YAML rule pack) or config (.mtcheck.toml, [tool.mtcheck])."),
) -> None:
    """Print the JSON Schema of rule packs or of the configuration, for editors and CI."""
    from importlib.resources import files

    names = {"pack": "rule-pack.schema.json", "config": "config.schema.json"}
    if kind not in names:
        raise _fail(f"no schema {kind!r}: use pack or config")
    typer.echo(files("mtcheck").joinpath("schemas").joinpath(names[kind]).read_text(encoding="utf-8"), nl=False)


@contextmanager
def _user_errors(*also: type[Exception]) -> Iterator[None]:
    """An error the user can fix ends the command with its one-line message and exit 2;
    anything else is a bug, left to main()."""
    try:
        yield
    except typer.Exit:
        raise
    except Exception as err:
        raise (_fail(str(err)) if isinstance(err, also) else _user_error(err)) from None


def _user_error(err: Exception) -> typer.Exit:
    message = known_error(err)
    if message is None:
        raise err
    return _fail(message)


@app.command("rules")
def list_rules(
    target_lang: str | None = typer.Option(
        None, "--target-lang", help="Language whose packs to list (default: the config's, or en)."
    ),
    source_lang: str | None = typer.Option(
        None,
        "--source-lang",
        help="Only the rules that apply to texts translated from this language, after a summary of what is covered for it.",
    ),
    rule_folder: list[Path] | None = typer.Option(None, "--rule-folder", help="Extra folder of rule packs."),
    config: Path | None = _CONFIG,
    output_format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f"),
) -> None:
    """List every rule: code, severity, name, category, fix and pack."""
    import json

    settings = _project_settings(config)
    try:
        source = source_language_option(source_lang) if source_lang else settings.source_lang
    except UserError as err:
        raise _fail(str(err)) from None
    ruleset = _load_ruleset(target_lang or settings.target_lang, [*settings.rule_folders, *(rule_folder or ())], source)
    rows = [
        {
            "code": r.code,
            "name": r.name,
            "severity": str(r.severity),
            "category": r.category,
            "fix": ("safe" if r.fix_safe else "unsafe") if r.fixable else "",
            "pack": r.pack,
            "when": ", ".join(f"{k}={v}" for k, v in r.conditions.items() if k != "languages"),
        }
        for r in sorted(ruleset.rules, key=lambda r: r.code)
    ]
    if output_format == OutputFormat.json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if source is not None:
        from mtcheck.engine.coverage import source_coverage

        typer.echo("\n".join(source_coverage(source, ruleset)) + "\n")
    columns = ("code", "severity", "name", "category", "fix", "pack", "when")
    widths = {c: max(len(c), *(len(row[c]) for row in rows)) for c in columns}
    typer.echo("  ".join(c.upper().ljust(widths[c]) for c in columns).rstrip())
    for row in rows:
        typer.echo("  ".join(row[c].ljust(widths[c]) for c in columns).rstrip())


def _project_settings(config: Path | None) -> Settings:
    """The settings of --config, or of the config found from the current folder up, for the
    commands that describe rules: they see the packs and language `check` would use."""
    from mtcheck.engine.settings import Settings
    from mtcheck.run.config import ConfigError, find_config, load_config

    if config is not None and not config.is_file():
        raise _fail(f"{config}: config file not found")
    path = config or find_config(Path.cwd().resolve())
    try:
        return load_config(path.resolve()) if path is not None else Settings()
    except ConfigError as err:
        raise _fail(str(err)) from None


def _load_ruleset(target_lang: str, rule_folder: list[Path] | None, source_lang: str | None = None) -> RuleSet:
    from mtcheck.engine.packs import ALL_SOURCES
    from mtcheck.run.session import ruleset_for

    with _user_errors():
        language = language_option(target_lang, "--target-lang")
        return ruleset_for(language, tuple(p.resolve() for p in rule_folder or ()), source_lang or ALL_SOURCES)


@app.command()
def explain(
    code: str | None = typer.Argument(None, help="A rule code (MT101) or name."),
    target_lang: str | None = typer.Option(None, "--target-lang", help="Default: the config's, or en."),
    rule_folder: list[Path] | None = typer.Option(None, "--rule-folder"),
    config: Path | None = _CONFIG,
    scoring: bool = typer.Option(False, "--scoring", help="Explain the quality score instead of a rule."),
) -> None:
    """Explain a rule: what it finds, why it matters, and its examples (or, with --scoring, the quality score)."""
    if scoring:
        from mtcheck.engine.quality import scoring_explanation

        typer.echo(scoring_explanation())
        return
    if code is None:
        raise _fail("name a rule (mtcheck explain MT101), or ask for --scoring")
    settings = _project_settings(config)
    ruleset = _load_ruleset(target_lang or settings.target_lang, [*settings.rule_folders, *(rule_folder or ())])
    rule = ruleset.find(code)
    if rule is None:
        raise _fail(f"no rule {code!r} (see `mtcheck rules`)")
    from mtcheck.run.explain import rule_explanation

    typer.echo(rule_explanation(rule))


@app.command("lsp")
def lsp(
    stdio: bool = typer.Option(
        False, "--stdio", help="Accepted for editors that pass it: standard input and output is the only transport."
    ),
) -> None:
    """Run the language server for editors: findings as you type in Markdown, text and HTML (pip install "mtcheck[lsp]")."""
    try:
        from mtcheck.run.lsp_server import serve
    except ModuleNotFoundError as err:
        if err.name not in ("pygls", "lsprotocol", "cattrs", "attrs"):
            raise
        raise _fail(f'the language server needs {err.name}: pip install "mtcheck[lsp]"') from None
    serve()


@app.command("test-rules")
def test_rules(
    target_lang: list[str] | None = typer.Option(None, "--target-lang", help="Languages to test (default: all)."),
    rule_folder: list[Path] | None = typer.Option(None, "--rule-folder", help="Extra folder of rule packs."),
    config: Path | None = _CONFIG,
) -> None:
    """Run every rule's flag and pass examples (the config's rule folders too); exit 1 if any rule misbehaves."""
    from mtcheck.engine.selftest import check_rule, rules_to_test
    from mtcheck.language.profiles import available_languages

    folders = [*_project_settings(config).rule_folders, *(rule_folder or ())]
    failures = 0
    tested = rules_to_test(target_lang or available_languages(), lambda language: _load_ruleset(language, folders))
    for rule, ruleset in tested:
        for problem in check_rule(rule, ruleset):
            failures += 1
            typer.echo(problem)
    typer.echo(f"{len(tested)} rules tested, {failures} problem{'s' if failures != 1 else ''}.")
    raise typer.Exit(EXIT_FINDINGS if failures else EXIT_OK)


@app.command("eval")
def evaluate(
    corpora: list[Path] | None = typer.Argument(
        None,
        help="Folders of annotated articles (with .gold.tsv files); "
        "with --inject, clean text: WMT XML, one-segment-per-line files or folders of articles.",
    ),
    output_format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f"),
    floor: float | None = typer.Option(
        None,
        "--floor",
        help="Exit 1 if any family's precision or recall (with --inject: any artifact type's recall) is below this.",
    ),
    show_errors: bool = typer.Option(False, "--show-errors", help="List missed artifacts and false alarms."),
    inject: bool = typer.Option(
        False, "--inject", help="Inject artifacts into clean text and measure recall and false alarms."
    ),
    seed: list[int] | None = typer.Option(
        None, "--seed", help="Random seed of the injection (repeat for several runs; default 1)."
    ),
    cases: int = typer.Option(40, "--cases", min=1, help="Cases per artifact type and seed."),
    types: list[str] | None = typer.Option(
        None, "--type", help="Artifact types to inject (repeatable; default: all; see --list-types)."
    ),
    lines_per_article: int = typer.Option(
        20, "--lines-per-article", min=1, help="One-segment-per-line files are cut into articles of this many lines."
    ),
    judgements: Path | None = typer.Option(
        None,
        "--judgements",
        help="TSV of findings on the clean text judged real problems of that text (origin, code, text, verdict, note).",
    ),
    show_findings: bool = typer.Option(
        False, "--show-findings", help="With --inject: list every finding on the untouched text."
    ),
    list_types: bool = typer.Option(False, "--list-types", help="List the artifact types --inject knows, and exit."),
) -> None:
    """Precision and recall against annotated articles, or, with --inject, recall on artifacts
    injected into clean text and false alarms on that text untouched."""
    if list_types:
        from mtcheck.evaluation.injectors import INJECTORS

        for injector in INJECTORS.values():
            typer.echo(f"{injector.name:<26} {', '.join(injector.families):<28} {injector.description}")
        raise typer.Exit(EXIT_OK)
    if not corpora:
        raise _fail("eval: name the annotated corpora (or, with --inject, the clean text) to evaluate on")
    if inject:
        _evaluate_injection(
            corpora,
            output_format,
            floor,
            show_errors,
            seed or [1],
            cases,
            types,
            lines_per_article,
            judgements,
            show_findings,
        )
        return
    from mtcheck.evaluation.annotated import GoldError, evaluate_corpus, format_report

    with _user_errors(GoldError):
        report = evaluate_corpus(corpora)
    if output_format == OutputFormat.json:
        import json

        typer.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(format_report(report, show_errors))
    if floor is not None and not report.meets(floor):
        raise typer.Exit(EXIT_FINDINGS)


def _evaluate_injection(
    paths: list[Path],
    output_format: OutputFormat,
    floor: float | None,
    show_misses: bool,
    seeds: list[int],
    cases: int,
    types: list[str] | None,
    lines_per_article: int,
    judgements_path: Path | None,
    show_findings: bool,
) -> None:
    from mtcheck.evaluation.mutation import (
        CorpusError,
        evaluate_injection,
        format_injection_report,
        read_corpus,
        read_judgements,
    )
    from mtcheck.run.session import Session

    try:
        corpus = read_corpus(paths, lines_per_article)
        judgements = read_judgements(judgements_path) if judgements_path else None
        session = Session()
        reports = [
            evaluate_injection(
                corpus, session, seed=s, cases=cases, types=types, false_alarms=(i == 0), judgements=judgements
            )
            for i, s in enumerate(seeds)
        ]
    except (CorpusError, KeyError, RuntimeError) as err:
        raise _fail(str(err).strip("'\"")) from None
    except Exception as err:
        raise _user_error(err) from None
    if output_format == OutputFormat.json:
        import json

        typer.echo(json.dumps([r.as_dict() for r in reports], indent=2, ensure_ascii=False))
    else:
        typer.echo(format_injection_report(reports, show_misses, show_findings))
    if floor is not None and any(r.below(floor) for r in reports):
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def score(
    hypotheses: list[Path] = typer.Argument(..., help="MT output(s): one segment per line, or articles with --align."),
    ref: list[Path] = typer.Option(..., "--ref", "-r", help="Human reference (repeat for several)."),
    metrics: str = typer.Option("bleu,chrf", "--metrics", "-m", help="Comma-separated: bleu, chrf, ter."),
    tokenize: str = typer.Option(
        "13a", "--tokenize", help="BLEU tokenizer: 13a, intl, zh, ja-mecab, char, flores200, none."
    ),
    lowercase: bool = typer.Option(False, "--lowercase", help="Score case-insensitively."),
    chrf_word_order: int = typer.Option(
        0, "--chrf-word-order", min=0, max=6, help="2 gives chrF++ (word bigrams too)."
    ),
    align: bool = typer.Option(
        False, "--align", help="Split both sides into sentences and align them (automatic for Markdown)."
    ),
    output_format: ScoreFormat = typer.Option(ScoreFormat.text, "--format", "-f"),
    show_segments: bool = typer.Option(
        False, "--segments", help="List every segment's scores under the corpus scores."
    ),
    worst_count: int | None = typer.Option(
        None, "--worst", min=0, help="List the N lowest-scoring segments under the corpus scores."
    ),
    confidence: bool = typer.Option(False, "--confidence", help="95% confidence intervals by bootstrap resampling."),
    paired_bs: bool = typer.Option(
        False, "--paired-bs", help="Compare systems with the first one: paired bootstrap resampling."
    ),
    paired_ar: bool = typer.Option(
        False, "--paired-ar", help="Compare systems with the first one: paired approximate randomization."
    ),
    paired_samples: int = typer.Option(
        0, "--paired-samples", min=0, max=100_000, help="Resamples for the paired tests (0: sacrebleu's default)."
    ),
    target_lang: str = typer.Option("en", "--target-lang", help="Language of the texts (for sentence splitting)."),
) -> None:
    """Score MT output against human references with sacrebleu: corpus and per-segment BLEU, chrF, TER."""
    from mtcheck.compare.score_command import ScoreRequest, run_score

    request = ScoreRequest(
        hypotheses=[str(p) for p in hypotheses],
        references=[str(p) for p in ref],
        metrics=tuple(m.strip().lower() for m in metrics.split(",") if m.strip()),
        tokenize=tokenize,
        lowercase=lowercase,
        chrf_word_order=chrf_word_order,
        align=align,
        output_format=output_format.value,
        worst=worst_count,
        segments=show_segments,
        confidence=confidence,
        paired="bs" if paired_bs else "ar" if paired_ar else None,
        paired_samples=paired_samples,
        language=target_lang,
    )
    if paired_bs and paired_ar:
        raise _fail("--paired-bs and --paired-ar: choose one test")
    with _user_errors():
        typer.echo(run_score(request))


@app.command("serve")
def serve_command(
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to listen on (another than localhost is reachable by others)."
    ),
    port: int = typer.Option(8081, "--port", min=1, max=65535, help="Port (LanguageTool's own server uses 8081)."),
    workers: int = typer.Option(0, "--workers", min=0, help="Checking processes (0: one per CPU, at most 4)."),
    max_text_length: int = typer.Option(
        100_000, "--max-text-length", min=1, help="Longest text a request may send, in UTF-16 units (413 beyond)."
    ),
    max_check_time: float = typer.Option(
        20.0, "--max-check-time", min=0.1, help="Seconds one check may take before it is stopped (500)."
    ),
    rate_limit: int = typer.Option(
        1200, "--rate-limit", min=0, help="Requests per minute from one address (429 beyond; 0: no limit)."
    ),
    max_queue: int = typer.Option(500, "--max-queue", min=0, help="Requests that may wait for a worker (503 beyond)."),
    allow_origin: str | None = typer.Option(
        None, "--allow-origin", help="Access-Control-Allow-Origin for browser clients ('*' for any page)."
    ),
) -> None:
    """Serve LanguageTool's HTTP API (/v2/check, /v2/languages) with mtcheck's findings."""
    try:
        from mtcheck.run.serve import ServerLimits, serve
    except ImportError as err:
        missing = (err.name or "").split(".")[0]
        if missing not in ("starlette", "uvicorn"):
            raise
        raise _fail(
            f"mtcheck serve needs the serve extra ({missing} is missing): pip install 'mtcheck[serve]'"
        ) from None
    limits = ServerLimits(max_text_length, max_check_time, rate_limit, max_queue, workers)
    serve(host, port, limits, allow_origin)


def _app_for(arguments: list[str]) -> typer.Typer:
    """The app with only the command the arguments name (all of them when they name none):
    typer builds every registered command's parameters from its signature on each run, and a
    run uses one."""
    named = [
        command
        for command in app.registered_commands
        if arguments[:1] == [command.name or typer.main.get_command_name(getattr(command.callback, "__name__", ""))]
    ]
    if not named:
        return app
    narrowed = copy.copy(app)
    narrowed.registered_commands = named
    return narrowed


def main() -> None:
    from mtcheck.files import forget_the_working_folder

    forget_the_working_folder()  # an empty PYTHONPATH entry: the working folder's files are data
    try:
        _app_for(sys.argv[1:])()
    except BrokenPipeError:
        # The reader went away (`mtcheck check ... | head`): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as err:  # a bug: one line for the user, the traceback on request
        sys.exit(internal_error(err, typer.echo))
