"""`mtcheck lsp`: a language server (pygls) that checks Markdown, plain-text and HTML documents
as the editor holds them.

Diagnostics are published when a document opens and, debounced, after it changes: a check
runs only once the typing has paused for DEBOUNCE_SECONDS, in one worker thread so that the
event loop keeps answering, and its result is published only if the document is still at
the version that was checked (the newest version always wins; a stale result is dropped).
Settings come from the configuration file nearest above each document (.mtcheck.toml,
mtcheck.toml or [tool.mtcheck] in pyproject.toml), as for `mtcheck check`; it is read as
data, and rule packs it names are loaded with the same safety (no module of the workspace is
imported). A saved or changed configuration file reloads the settings and rechecks.

Each fixable finding has a quick fix; "fix all safe fixes" (source.fixAll) gives what
`mtcheck fix` gives, computed only when the editor asks for it. Hovering a finding shows
what `mtcheck explain` prints for its rule.
"""

from __future__ import annotations

import asyncio
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from mtcheck import __version__
from mtcheck.engine.checker import SettingsError
from mtcheck.engine.findings import Severity
from mtcheck.engine.kinds import Rule
from mtcheck.engine.packs import PackError
from mtcheck.files import InputError
from mtcheck.language.identify import LanguageIdentificationError
from mtcheck.run.api import Diagnostic, diagnostics, text_input
from mtcheck.run.config import CONFIG_FILES, ConfigError, find_config, load_config
from mtcheck.run.explain import rule_explanation
from mtcheck.run.fix_files import fix_text
from mtcheck.run.lsp_positions import DocumentPositions
from mtcheck.run.session import Session, ruleset_for
from mtcheck.text.inputs import CHECKED_EXTENSIONS, format_for

DEBOUNCE_SECONDS = 0.15  # a pause in typing this long starts a check (measured: bench/lsp_latency.py)
SOURCE = "mtcheck"
FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.mtcheck"  # editor.codeActionsOnSave can name it
LANGUAGE_FORMATS = {"markdown": "markdown", "html": "html", "plaintext": "text", "text": "text"}
# Critical findings (text left untranslated, meaning lost) block publication: errors. Major
# ones an editor must look at: warnings. Minor ones are information, still underlined
# (a Hint is drawn so faintly that most editors hide it).
SEVERITIES = {
    Severity.CRITICAL: types.DiagnosticSeverity.Error,
    Severity.MAJOR: types.DiagnosticSeverity.Warning,
    Severity.MINOR: types.DiagnosticSeverity.Information,
}


@dataclass
class Outcome:
    """What checking one version of a document gave (in the worker thread)."""

    found: list[Diagnostic] = field(default_factory=list)
    rules: dict[str, Rule] = field(default_factory=dict)
    checked_text: str = ""  # the text the offsets count in: no BOM, '\n' newlines
    newline: str = "\n"  # the document's main newline, for replacements that hold one
    error: str | None = None  # what stopped the check (a bad configuration...)
    warning: str | None = None  # rules that ran out of time


@dataclass
class Found:
    """One finding as published: mtcheck's diagnostic, the LSP one, and its fix as an LSP edit."""

    diagnostic: Diagnostic
    published: types.Diagnostic
    edit: types.TextEdit | None
    title: str


@dataclass
class Checked:
    """The findings published for one version of a document, with the rules they came from."""

    version: int | None
    found: list[Found]
    rules: dict[str, Rule]


class MtcheckServer(LanguageServer):
    def __init__(self) -> None:
        # Full sync: the editor sends the whole text on each change. pygls applies incremental
        # changes by str.splitlines lines, which break at U+2028 and form feeds where LSP does not.
        super().__init__("mtcheck", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mtcheck-check")  # owns the session
        self.session = Session()
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.checked: dict[str, Checked] = {}
        self.reported_errors: set[str] = set()

    # In the worker thread, one job at a time.

    def check(self, uri: str, text: str, format: str) -> Outcome:
        """Check the document's text as `mtcheck check` checks the file it is."""
        path = document_path(uri, self.workspace.root_path)
        try:
            source = text_input(text, path, format)
            result = self.session.check_input(path, source)
            if result.error:
                return Outcome(error=result.error)
            ruleset = self.session.checker(self.session.settings_for(path)).ruleset
        except KNOWN_ERRORS as err:
            return Outcome(error=str(err))
        found = diagnostics(result)
        rules = {d.code: rule for d in found if (rule := ruleset.find(d.code)) is not None}
        gave_up = "; ".join(g.message for g in result.gave_up) or None
        return Outcome(found, rules, source.text, source.newline, warning=gave_up)

    def fix_all(self, uri: str, text: str, format: str) -> str:
        """The document as `mtcheck fix` leaves it (safe fixes, repeated until nothing changes)."""
        path = document_path(uri, self.workspace.root_path)
        return fix_text(text, path, lambda source: self.session.check_input(path, source), format).fixed

    def warm_up(self) -> None:
        """Load the rules and what checks load on first use, before the first document opens."""
        path = document_path("untitled:warm-up", self.workspace.root_path)
        try:
            self.session.check_input(path, text_input("Talks in kyiv ended.", path))
        except KNOWN_ERRORS:
            pass  # reported when a document is checked

    def reload_settings(self) -> None:
        """Read the configuration files and rule packs again (one of them changed)."""
        find_config.cache_clear()
        load_config.cache_clear()
        ruleset_for.cache_clear()
        self.session = Session()

    # On the event loop.

    async def in_worker(self, job: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.worker, job, *args)

    def schedule(self, uri: str, delay: float) -> None:
        """Check the document after `delay` seconds, unless it changes again before then."""
        if (timer := self.pending.pop(uri, None)) is not None:
            timer.cancel()
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(delay, lambda: loop.create_task(self.check_and_publish(uri)))

    async def check_and_publish(self, uri: str) -> None:
        try:
            await self._check_and_publish(uri)
        except Exception as err:  # a bug: said in the editor's log, and the server keeps serving
            self.report_error(f"internal error: {type(err).__name__}: {err}\n{traceback.format_exc()}")

    async def _check_and_publish(self, uri: str) -> None:
        self.pending.pop(uri, None)
        document = self.open_document(uri)
        format = document_format(uri, document.language_id) if document is not None else None
        if document is None or format is None:
            return
        version, text = document.version, document.source
        outcome: Outcome = await self.in_worker(self.check, uri, text, format)
        current = self.open_document(uri)
        if current is None or current.version != version or current.source != text:
            return  # changed meanwhile: the newer version's check publishes
        if outcome.error is not None:
            self.report_error(outcome.error)
        if outcome.warning is not None:
            self.window_log_message(types.LogMessageParams(types.MessageType.Warning, outcome.warning))
        checked = Checked(version, lsp_findings(outcome, DocumentPositions(text, self.encoding)), outcome.rules)
        self.checked[uri] = checked
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri, [f.published for f in checked.found], version)
        )

    def open_document(self, uri: str) -> Any:
        return self.workspace.text_documents.get(unquote(uri))

    def current(self, uri: str) -> Checked | None:
        """The published findings of the document, if they are of its current version."""
        checked, document = self.checked.get(uri), self.open_document(uri)
        if checked is None or document is None or document.version != checked.version:
            return None
        return checked

    @property
    def encoding(self) -> str:
        encoding = self.workspace.position_encoding  # what pygls agreed with the client
        return str(getattr(encoding, "value", encoding) or "utf-16")

    def report_error(self, error: str) -> None:
        """Say once what stops checking (a bad configuration stays bad until it is saved)."""
        if error in self.reported_errors:
            return
        self.reported_errors.add(error)
        self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"mtcheck: {error.splitlines()[0]}"))
        self.window_log_message(types.LogMessageParams(types.MessageType.Error, error))

    async def configuration_changed(self) -> None:
        await self.in_worker(self.reload_settings)
        self.reported_errors.clear()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)


# Problems the user can fix (a bad configuration or rule pack): reported in one line, not as a bug.
KNOWN_ERRORS = (ConfigError, PackError, SettingsError, InputError, LanguageIdentificationError)


def document_path(uri: str, root: str | None) -> str:
    """The file a document is (the configuration above it applies); an unsaved document
    stands in the workspace's root folder."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return path or str(Path(root or Path.cwd()) / "untitled")


def document_format(uri: str, language_id: str | None) -> str | None:
    """How to read a document ("markdown", "html", "text"), or None when it is not an article."""
    if language_id in LANGUAGE_FORMATS:
        return LANGUAGE_FORMATS[language_id]
    suffix = Path(unquote(uri)).suffix.lower()
    return format_for(f"x{suffix}") if suffix in CHECKED_EXTENSIONS else None


def lsp_findings(outcome: Outcome, positions: DocumentPositions) -> list[Found]:
    """mtcheck's findings as LSP diagnostics and edits, at their places in the document."""
    found = outcome.found
    at = positions.checked_offsets({o for d in found for o in (d.start, d.end, *_fix_span(d))})

    def span(start: int, end: int) -> types.Range:
        return types.Range(types.Position(*at[start]), types.Position(*at[end]))

    result = []
    for d in found:
        published = types.Diagnostic(
            range=span(d.start, d.end),
            message=d.message,
            severity=SEVERITIES[d.severity],
            code=d.code,
            code_description=_rule_page(outcome.rules.get(d.code)),
            source=SOURCE,
            data={"name": d.name, "fixable": d.fix is not None},
        )
        edit = title = None
        if d.fix is not None:
            edit = types.TextEdit(span(d.fix.start, d.fix.end), d.fix.replacement.replace("\n", outcome.newline))
            title = _fix_title(d, outcome.checked_text[d.fix.start : d.fix.end])
        result.append(Found(d, published, edit, title or ""))
    return result


def _fix_span(d: Diagnostic) -> tuple[int, ...]:
    return (d.fix.start, d.fix.end) if d.fix is not None else ()


def _rule_page(rule: Rule | None) -> types.CodeDescription | None:
    """The rule pack that defines the rule, with its explanation and examples."""
    return types.CodeDescription(href=from_fs_path(str(rule.path)) or "") if rule is not None else None


def _fix_title(d: Diagnostic, old: str) -> str:
    fix = d.fix
    assert fix is not None
    if not fix.replacement:
        what = f"remove {_quoted(old)}"
    elif not old:
        what = f"insert {_quoted(fix.replacement)}"
    else:
        what = f"replace {_quoted(old)} with {_quoted(fix.replacement)}"
    return f"{d.code}: {what}" + ("" if fix.safe else " (unsafe: check the meaning)")


def _quoted(text: str, most: int = 40) -> str:
    text = " ".join(text.split()) or repr(text)
    return f'"{text if len(text) <= most else text[: most - 1] + "…"}"'


def _overlaps(a: types.Range, b: types.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (
        b.start.line,
        b.start.character,
    ) <= (a.end.line, a.end.character)


def whole_text_edit(old: str, new: str, encoding: str) -> types.TextEdit:
    """One edit that turns old into new, covering only the part between what they share at
    both ends (and never starting or ending inside a '\\r\\n')."""
    most = min(len(old), len(new))
    start = 0
    while start < most and old[start] == new[start]:
        start += 1
    shared_end = 0
    while shared_end < most - start and old[-1 - shared_end] == new[-1 - shared_end]:
        shared_end += 1
    if start and old[start - 1] == "\r":
        start -= 1
    end = len(old) - shared_end
    if 0 < end < len(old) and old[end - 1] == "\r" and old[end] == "\n":
        end, shared_end = end + 1, shared_end - 1
    at = DocumentPositions(old, encoding).raw_offsets([start, end])
    return types.TextEdit(
        types.Range(types.Position(*at[start]), types.Position(*at[end])), new[start : len(new) - shared_end]
    )


def create_server() -> MtcheckServer:
    server = MtcheckServer()

    @server.feature(types.INITIALIZED)
    async def initialized(ls: MtcheckServer, params: types.InitializedParams) -> None:
        ls.worker.submit(ls.warm_up)
        if _supports(ls.client_capabilities, "workspace", "did_change_watched_files", "dynamic_registration"):
            watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILES]
            options = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
            registration = types.Registration("mtcheck-config", types.WORKSPACE_DID_CHANGE_WATCHED_FILES, options)
            try:
                await ls.client_register_capability_async(types.RegistrationParams([registration]))
            except Exception as err:  # the editor declined: configuration changes are then seen on save
                ls.window_log_message(types.LogMessageParams(types.MessageType.Info, f"no file watching: {err}"))

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: MtcheckServer, params: None) -> None:
        for timer in ls.pending.values():
            timer.cancel()
        ls.worker.shutdown(wait=False, cancel_futures=True)  # checks queued for an editor that is leaving

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: MtcheckServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: MtcheckServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, DEBOUNCE_SECONDS)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: MtcheckServer, params: types.DidSaveTextDocumentParams) -> None:
        if Path(unquote(params.text_document.uri)).name in CONFIG_FILES:
            await ls.configuration_changed()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: MtcheckServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        if (timer := ls.pending.pop(uri, None)) is not None:
            timer.cancel()
        if ls.checked.pop(uri, None) is not None:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def watched_files_changed(ls: MtcheckServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(Path(unquote(change.uri)).name in CONFIG_FILES for change in params.changes):
            await ls.configuration_changed()

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: MtcheckServer, params: types.HoverParams) -> types.Hover | None:
        checked = ls.current(params.text_document.uri)
        if checked is None:
            return None
        here = types.Range(params.position, params.position)
        under = [f for f in checked.found if _overlaps(f.published.range, here)]
        if not under:
            return None
        markdown = _supports_markdown(ls.client_capabilities)
        parts = []
        for f in under:
            rule = checked.rules.get(f.diagnostic.code)
            explanation = rule_explanation(rule) if rule is not None else f.diagnostic.code
            heading = f"{f.diagnostic.code} {f.diagnostic.name} ({f.diagnostic.severity}): {f.diagnostic.message}"
            parts.append(f"**{heading}**\n\n```text\n{explanation}\n```" if markdown else f"{heading}\n\n{explanation}")
        kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
        return types.Hover(types.MarkupContent(kind, "\n\n---\n\n".join(parts)), under[0].published.range)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND], resolve_provider=True),
    )
    async def code_action(ls: MtcheckServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        checked = ls.current(uri)
        if checked is None:
            return []
        only = params.context.only
        actions = []
        if not only or any(kind.startswith(types.CodeActionKind.QuickFix) for kind in only):
            for f in checked.found:
                if f.edit is not None and _overlaps(f.published.range, params.range):
                    actions.append(
                        types.CodeAction(
                            title=f.title,
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=[f.published],
                            edit=_workspace_edit(ls, uri, checked.version, [f.edit]),
                            is_preferred=f.diagnostic.fix is not None and f.diagnostic.fix.safe,
                        )
                    )
        wants_fix_all = only is not None and any(FIX_ALL_KIND.startswith(kind) for kind in only)
        safe = [f for f in checked.found if f.diagnostic.fix is not None and f.diagnostic.fix.safe]
        if safe and (
            wants_fix_all or _supports(ls.client_capabilities, "text_document", "code_action", "resolve_support")
        ):
            fix_all = types.CodeAction(
                title="mtcheck: fix all safe fixes in this file",
                kind=FIX_ALL_KIND,
                data={"uri": uri, "version": checked.version},
            )
            actions.append(await _resolved(ls, fix_all) if wants_fix_all else fix_all)
        return actions

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def resolve_code_action(ls: MtcheckServer, action: types.CodeAction) -> types.CodeAction:
        return await _resolved(ls, action)

    return server


async def _resolved(ls: MtcheckServer, action: types.CodeAction) -> types.CodeAction:
    """The fix-all action with its edit (computed now: it checks the text again, pass after pass)."""
    data = action.data if isinstance(action.data, dict) else {}
    uri = data.get("uri", "")
    document = ls.open_document(uri)
    format = document_format(uri, document.language_id) if document is not None else None
    if document is None or format is None or document.version != data.get("version"):
        return action  # the document changed: no edit rather than a wrong one
    text, version = document.source, document.version
    fixed = await ls.in_worker(ls.fix_all, uri, text, format)
    current = ls.open_document(uri)
    if fixed != text and current is not None and current.version == version:
        action.edit = _workspace_edit(ls, uri, version, [whole_text_edit(text, fixed, ls.encoding)])
    return action


def _workspace_edit(
    ls: MtcheckServer, uri: str, version: int | None, edits: list[types.TextEdit]
) -> types.WorkspaceEdit:
    """Edits tied to the document's version when the editor can refuse stale ones."""
    if _supports(ls.client_capabilities, "workspace", "workspace_edit", "document_changes"):
        document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(document, list(edits))])
    return types.WorkspaceEdit(changes={uri: list(edits)})


def _supports(capabilities: types.ClientCapabilities, *path: str) -> bool:
    value: Any = capabilities
    for name in path:
        value = getattr(value, name, None)
        if value is None or value is False:
            return False
    return True


def _supports_markdown(capabilities: types.ClientCapabilities) -> bool:
    hover = capabilities.text_document.hover if capabilities.text_document else None
    return bool(hover and hover.content_format and types.MarkupKind.Markdown in hover.content_format)


def serve() -> None:
    """Speak LSP over standard input and output until the editor says exit. (Editors start it
    in the workspace: the CLI's entry points have taken the working folder off sys.path.)"""
    create_server().start_io()
