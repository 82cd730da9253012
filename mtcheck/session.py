"""One checking run over many files: settings per file, cached rule sets and checkers."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from mtcheck.config import find_config, load_config
from mtcheck.document import build_document
from mtcheck.engine import Checker
from mtcheck.inputs import STDIN_NAME, InputError, discover, read_source, read_stdin
from mtcheck.packs import ALL_SOURCES, RuleSet, load_rules
from mtcheck.report import FileResult
from mtcheck.settings import Settings


@lru_cache(maxsize=None)
def ruleset_for(language: str, rule_folders: tuple[Path, ...] = (), source_lang: str | None = ALL_SOURCES) -> RuleSet:
    return load_rules(language, rule_folders, source_lang)


class Session:
    """Resolves settings for each file (config file, then command-line overrides) and checks it.

    `overrides` holds only what the command line set; `ignore` adds to the config's.
    """

    def __init__(self, overrides: dict | None = None, config: Path | None = None,
                 input_format: str = "auto", stdin_name: str = STDIN_NAME, reference: str | None = None):
        self.overrides = overrides or {}
        self.config = config
        self.input_format = input_format
        self.stdin_name = stdin_name
        self.reference = reference  # a human translation of the (one) checked article
        self._checkers: dict[Settings, Checker] = {}
        self.warnings: list[str] = []

    def settings_for(self, path: str) -> Settings:
        if self.config is not None:
            base = load_config(self.config)
        else:
            where = Path.cwd() if path == STDIN_NAME else Path(os.path.abspath(path)).parent
            found = find_config(where)
            base = load_config(found) if found else Settings()
        changes = dict(self.overrides)
        if "ignore" in changes:
            changes["ignore"] = base.ignore + tuple(changes["ignore"])
        return base.but(**changes)

    def checker(self, settings: Settings) -> Checker:
        checker = self._checkers.get(settings)
        if checker is None:
            ruleset = ruleset_for(settings.target_lang, settings.rule_folders, settings.source_lang)
            checker = self._checkers[settings] = Checker(ruleset, settings)
        return checker

    def check_paths(self, paths: Iterable[str]) -> Iterator[FileResult]:
        for path in discover(paths):
            yield self.check_path(path)

    def check_path(self, path: str) -> FileResult:
        display = self.stdin_name if path == STDIN_NAME else path
        settings = self.settings_for(display)
        checker = self.checker(settings)  # config and pack errors surface before reading input
        try:
            if path == STDIN_NAME:
                source = read_stdin(display, self.input_format)
            else:
                source = read_source(path, self.input_format)
        except InputError as err:
            return FileResult(display, error=str(err))
        doc = build_document(source, settings.target_lang, settings.front_matter_fields)
        if self.reference is not None:
            try:
                doc.reference = build_document(read_source(self.reference, self.input_format), settings.target_lang)
            except InputError as err:
                return FileResult(display, error=f"reference {err}")
        findings = checker.check(doc)
        self.warnings.extend(checker.warnings)
        checker.warnings.clear()
        return FileResult(display, findings, doc, fail_on=settings.fail_on)

