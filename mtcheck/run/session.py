"""One checking run over many files: settings per file, cached rule sets and checkers."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from mtcheck.engine.checker import Checker
from mtcheck.engine.findings import CheckedText, FileResult, Finding, GaveUp
from mtcheck.engine.packs import ALL_SOURCES, RuleSet, load_rules
from mtcheck.engine.settings import Settings
from mtcheck.engine.windows import WINDOWED_ABOVE, TextView, shifted, window_spans
from mtcheck.files import STDIN_NAME, InputError
from mtcheck.language.identify import detect_language
from mtcheck.run.collector import collect_between_files, hold_to_the_end, resume_after_loading
from mtcheck.run.config import find_config, load_config
from mtcheck.text.discovery import DEFAULT_EXCLUDE
from mtcheck.text.document import build_document, html_document
from mtcheck.text.inputs import InputText, discover, read_input, read_stdin

if TYPE_CHECKING:
    from mtcheck.run.gitdiff import DiffBase
    from mtcheck.text.html import HtmlView


@cache
def ruleset_for(language: str, rule_folders: tuple[Path, ...] = (), source_lang: str | None = ALL_SOURCES) -> RuleSet:
    return load_rules(language, rule_folders, source_lang)


def _on_changed_lines(
    findings: list[Finding], doc: CheckedText, changed: set[int] | frozenset[int] | None
) -> list[Finding]:
    if changed is None:
        return findings  # a new file: every line changed
    kept = []
    for finding in findings:
        first, last = doc.position(finding.start)[0], doc.position(max(finding.start, finding.end - 1))[0]
        if any(line in changed for line in range(first, last + 1)):
            kept.append(finding)
    return kept


def _sentences_in_file(
    view: HtmlView, in_view: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], str, list[tuple[int, int]]]:
    """An HTML page's sentences for its score: placed in the file, with the visible text and
    their spans in it, where the words are counted (see TextView.sentences)."""
    return [view.source_map.span(*span) for span in in_view], view.checked, in_view


def source_path_for(path: str, settings: Settings) -> str | None:
    """The source of an article by the configured naming pattern, when that file exists."""
    if not settings.source_pattern:
        return None
    article = Path(path)
    candidate = article.parent / settings.source_pattern.format(
        stem=article.stem, suffix=article.suffix, name=article.name, source_lang=settings.source_lang or ""
    )
    if candidate.is_file() and candidate.resolve() != article.resolve():
        return str(candidate)
    return None


class PreparedText(NamedTuple):
    """The arguments of Session.check_text for one file: everything read and resolved."""

    display: str
    text: InputText
    settings: Settings
    original: InputText | None
    reference: InputText | None
    changed_since: str | None
    from_disk: bool  # changed_since's text is the file on disk (--diff-base reads it there)


class Session:
    """Resolves settings for each file (config file, then command-line overrides) and checks it.

    `overrides` holds only what the command line set; `ignore` adds to the config's.
    """

    def __init__(
        self,
        overrides: dict | None = None,
        config: Path | None = None,
        input_format: str = "auto",
        stdin_name: str = STDIN_NAME,
        reference: str | None = None,
        source: str | None = None,
        diff_base: str | None = None,
        search_config: bool = True,
        exclude: tuple[str, ...] = (),
    ):
        # As given, so that a worker process (--jobs) builds the same session.
        self.arguments = {
            "overrides": overrides,
            "config": config,
            "input_format": input_format,
            "stdin_name": stdin_name,
            "reference": reference,
            "source": source,
            "diff_base": diff_base,
            "search_config": search_config,
            "exclude": exclude,
        }
        self.overrides = overrides or {}
        self.config = config
        self.input_format = input_format
        self.stdin_name = stdin_name
        self.reference = reference  # a human translation of the (one) checked article
        self.source = source  # the text the (one) checked article translates
        self.diff_base = diff_base  # report only lines changed since this git revision
        self.search_config = search_config  # False: without a config file, mtcheck's defaults
        self.exclude = exclude  # git-style patterns of files and folders a folder search leaves out
        self._checkers: dict[Settings, Checker] = {}
        self._settings_by_folder: dict[str, Settings] = {}
        self._last_checker: tuple[Settings, Checker] | None = None
        self._originals: dict[tuple[str, str | None, str], tuple[InputText, str | None]] = {}
        self.warnings: list[str] = []
        self._git_changes: DiffBase | None = None  # --diff-base: what git said, for this run

    def _diff_base(self) -> DiffBase:
        from mtcheck.run.gitdiff import DiffBase  # with --diff-base only

        assert self.diff_base is not None
        if self._git_changes is None or self._git_changes.ref != self.diff_base:
            self._git_changes = DiffBase(self.diff_base)
        return self._git_changes

    def settings_for(self, path: str) -> Settings:
        folder = os.getcwd() if path == STDIN_NAME else os.path.dirname(os.path.abspath(path))
        # Once per folder in a session: asked for each file several times, and configs are
        # read once per process anyway (find_config, load_config); a server that sees one
        # change starts a new session. The same object each time, so that `checker` finds it
        # by identity.
        settings = self._settings_by_folder.get(folder)
        if settings is None:
            settings = self._settings_by_folder[folder] = self._settings_in(Path(folder))
        return settings

    def _settings_in(self, folder: Path) -> Settings:
        """The settings of files in folder: its configuration (or --config), then the command line."""
        if self.config is not None:
            base = load_config(self.config)
        elif not self.search_config:
            base = Settings()
        else:
            found = find_config(folder)
            base = load_config(found) if found else Settings()
        changes = dict(self.overrides)
        if "ignore" in changes:
            changes["ignore"] = base.ignore + tuple(changes["ignore"])
        return base.but(**changes)

    def checker(self, settings: Settings) -> Checker:
        last = self._last_checker
        if last is not None and last[0] is settings:  # (hashing settings hashes every field)
            return last[1]
        checker = self._checkers.get(settings)
        if checker is None:
            ruleset = ruleset_for(settings.target_lang, settings.rule_folders, settings.source_lang)
            checker = self._checkers[settings] = Checker(ruleset, settings)
            resume_after_loading()
        self._last_checker = (settings, checker)
        return checker

    def used_settings(self) -> list[Settings]:
        """The settings of every rule set checked with so far."""
        return list(self._checkers)

    def articles(self, paths: Iterable[str]) -> Iterator[str]:
        """The files to check under paths (folders searched), without the articles' sources."""
        paths = list(paths)
        force = any(self.settings_for(path).force_exclude for path in paths if path != STDIN_NAME)
        found = list(discover(paths, self.exclude, self._project_excludes, force))
        # The sources of other articles (article.es.md beside article.md) are not articles
        # in the target language: they are read with them, not checked on their own.
        sources = {os.path.abspath(self.source)} if self.source else set()
        for path in found:
            if path != STDIN_NAME:
                source = source_path_for(path, self.settings_for(path))
                if source:
                    sources.add(os.path.abspath(source))
        articles = [path for path in found if path == STDIN_NAME or os.path.abspath(path) not in sources]
        if self.diff_base is not None:
            # Only what changed is read at all; DiffBaseError: one error for the run.
            files = set(self._diff_base().changed_files([path for path in articles if path != STDIN_NAME]))
            articles = [path for path in articles if path == STDIN_NAME or path in files]
        yield from articles

    def _project_excludes(self, folder: str) -> tuple[str, tuple[str, ...]]:
        """The exclude patterns of the configuration for folder, and the folder they are relative to."""
        settings = self._settings_in(Path(os.path.abspath(folder)))
        patterns = DEFAULT_EXCLUDE if settings.exclude is None else settings.exclude
        return str(settings.root or os.path.abspath(folder)), patterns + settings.extend_exclude

    def source_for(self, path: str, settings: Settings) -> str | None:
        if self.source is not None:
            return self.source
        return source_path_for(path, settings) if path != STDIN_NAME else None

    def check_path(self, path: str) -> FileResult:
        # The file before this one freed first; this one's document held until the next (or
        # the process's end), where the entry point's check collects between files (run/collector.py).
        collect_between_files()
        source = self.read_path(path)
        result = source if isinstance(source, FileResult) else self.check_input(path, source, from_disk=True)
        hold_to_the_end(result)
        return result

    def read_path(self, path: str) -> InputText | FileResult:
        """The text of a file (or standard input), or the result saying why it cannot be read."""
        display = self.stdin_name if path == STDIN_NAME else path
        settings = self.settings_for(display)
        self.checker(settings)  # config and pack errors surface before reading input
        try:
            if path == STDIN_NAME:
                return read_stdin(display, self.input_format, settings.max_file_size)
            return read_input(path, self.input_format, settings.max_file_size)
        except InputError as err:
            return FileResult(display, error=str(err))

    def _original(self, source_path: str, settings: Settings) -> tuple[InputText, str | None]:
        """The source text of an article and its detected language (read once per run)."""
        key = (source_path, settings.source_lang, settings.langid_backend)
        if key not in self._originals:
            original = read_input(source_path, self.input_format, settings.max_file_size)
            self._originals[key] = (original, self._source_language(original, settings))
        return self._originals[key]

    def with_source_language(self, settings: Settings, original: InputText) -> Settings:
        """The settings with the language of the source, detected when none was given (so
        that the language's calque pack runs and numbers are read in its convention)."""
        detected = self._source_language(original, settings)
        return settings.but(source_lang=detected) if detected else settings

    def _source_language(self, original: InputText, settings: Settings) -> str | None:
        """The language detected in a source when none was given (a warning when none is found)."""
        if settings.source_lang:
            return None
        found = detect_language(original.text, settings.langid_backend)
        if found is None:
            self.warnings.append(f"{original.path}: cannot tell the language of the source; give --source-lang")
            return None
        return found[0]

    def check_input(self, path: str, source: InputText, from_disk: bool = False) -> FileResult:
        """Check text read from path (from_disk), or standing in for it, as when fixing."""
        prepared = self.prepared(path, source, from_disk)
        return prepared if isinstance(prepared, FileResult) else self.check_text(*prepared)

    def prepared(self, path: str, source: InputText, from_disk: bool = False) -> PreparedText | FileResult:
        """What checking text read from path takes (its settings, its source and reference
        read), or the result saying why it cannot be checked."""
        display = self.stdin_name if path == STDIN_NAME else path
        settings = self.settings_for(display)
        original = detected = None
        source_path = self.source_for(path, settings)
        if source_path is not None:
            try:
                original, detected = self._original(source_path, settings)
            except InputError as err:
                return FileResult(display, error=f"source {err}")
        reference = None
        if self.reference is not None:
            try:
                reference = read_input(self.reference, self.input_format, settings.max_file_size)
            except InputError as err:
                return FileResult(display, error=f"reference {err}")
        if detected and not settings.source_lang:
            settings = settings.but(source_lang=detected)  # with that language's calque pack
        changed_since = None if path == STDIN_NAME else path
        return PreparedText(display, source, settings, original, reference, changed_since, from_disk)

    def check_text(
        self,
        display: str,
        text: InputText,
        settings: Settings,
        original: InputText | None = None,
        reference: InputText | None = None,
        changed_since: str | None = None,
        from_disk: bool = False,
    ) -> FileResult:
        """Check one text, with its source and its human translation when given, under these
        settings (see `with_source_language`). With --diff-base, only the lines of
        `changed_since` (a file in git; its text on disk when from_disk) changed since the
        base are reported."""
        checker = self.checker(settings)
        whole = original is not None or reference is not None  # compared with another text: never in windows
        view = None
        if text.format == "html":
            from mtcheck.text.html import html_view  # only when there is HTML

            view = html_view(text.text)
            if not whole and len(view.text) > WINDOWED_ABOVE:
                return self._check_in_windows(display, text, settings, checker, (changed_since, from_disk), view)
        elif not whole and len(text.text) > WINDOWED_ABOVE:
            return self._check_in_windows(display, text, settings, checker, (changed_since, from_disk))
        if view is not None:
            doc = html_document(text, view, settings.target_lang)
        else:
            doc = build_document(text, settings.target_lang, settings.front_matter_fields)
        try:
            if original is not None and settings.source_lang:
                doc.original = build_document(original, settings.source_lang, settings.front_matter_fields)
        except InputError as err:
            return FileResult(display, error=f"source {err}")
        if reference is not None:
            doc.reference = build_document(reference, settings.target_lang)
        findings = checker.check(doc)
        if view is not None:  # the visible text was checked: report in the file
            from mtcheck.engine.placement import placed_in_file

            placed = [placed_in_file(f, view.source_map) for f in findings]
            view_of_file = TextView(display, text.text)
            in_view = [(s.start, s.end) for s in doc.sentences]
            view_of_file.sentences = _sentences_in_file(view, in_view)
            gave_up = list(checker.gave_up)
            return self._result(display, placed, view_of_file, settings, checker, gave_up, (changed_since, from_disk))
        return self._result(
            display, findings, doc, settings, checker, list(checker.gave_up), (changed_since, from_disk)
        )

    def _check_in_windows(
        self,
        display: str,
        source: InputText,
        settings: Settings,
        checker: Checker,
        changed_since: tuple[str | None, bool],
        view: HtmlView | None = None,
    ) -> FileResult:
        """A very long file (or HTML page text), window by window (see mtcheck/engine/windows.py)."""
        findings: list[Finding] = []
        gave_up: dict[str, GaveUp] = {}
        if view is not None:
            from mtcheck.engine.placement import placed_in_file

            in_view: list[tuple[int, int]] = []
            for start, end in window_spans(view.text, False):
                doc = html_document(source, view, settings.target_lang, start, end)
                findings.extend(placed_in_file(shifted(f, start), view.source_map) for f in checker.check(doc))
                gave_up.update((g.code, g) for g in checker.gave_up)
                in_view.extend((s.start + start, s.end + start) for s in doc.sentences)
        else:
            for start, end in window_spans(source.text, source.format == "markdown"):
                window = replace(source, text=source.text[start:end])
                doc = build_document(window, settings.target_lang, settings.front_matter_fields if start == 0 else ())
                findings.extend(shifted(f, start) for f in checker.check(doc))
                gave_up.update((g.code, g) for g in checker.gave_up)
        view_of_file = TextView(display, source.text)
        if view is not None:
            view_of_file.sentences = _sentences_in_file(view, in_view)
        return self._result(display, findings, view_of_file, settings, checker, list(gave_up.values()), changed_since)

    def _result(
        self,
        display: str,
        findings: list[Finding],
        doc: CheckedText,
        settings: Settings,
        checker: Checker,
        gave_up: list[GaveUp],
        changed_since: tuple[str | None, bool],
    ) -> FileResult:
        """The file's result: the checker's warnings passed on, only changed lines with --diff-base.

        changed_since: the file in git whose changed lines count, and whether the text checked
        is that file as it is on disk (whose changes git already gave) or stands in for it."""
        self.warnings.extend(checker.warnings)
        checker.warnings.clear()
        path, from_disk = changed_since
        if self.diff_base is not None and path is not None:
            from mtcheck.run.gitdiff import DiffBaseError

            changed: set[int] | frozenset[int] | None
            try:
                base = self._diff_base()
                changed = base.lines_on_disk(path) if from_disk else base.lines_of_text(path, doc.text)
            except DiffBaseError as err:
                return FileResult(display, error=str(err))
            findings = _on_changed_lines(findings, doc, changed)
        return FileResult(display, findings, doc, fail_on=settings.fail_on, gave_up=gave_up)

    def rules_by_code(self) -> dict:
        """Every rule of the rule sets this run used, by code (for reports that describe rules)."""
        rules: dict = {}
        for checker in self._checkers.values():
            rules.update(checker.ruleset.by_code)
        return rules
