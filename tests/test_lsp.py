"""`mtcheck lsp` end to end: a real LSP client (pytest-lsp) starts `python -m mtcheck lsp` and
talks to it over stdio. What the editor is shown must be what the library finds: the ranges
select the same text (in UTF-16 or UTF-8 code units, with characters outside the BMP before
the findings), code actions give what `mtcheck fix` gives, the workspace's config applies."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the language server needs pygls (pip install -e '.[test]')")
pytest_lsp = pytest.importorskip("pytest_lsp", reason="the language server is tested with pytest-lsp")

from lsprotocol import types  # noqa: E402
from pygls.protocol import default_converter  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features  # noqa: E402

import mtcheck  # noqa: E402
from tests.conftest import REPO, SEED, needs_shared  # noqa: E402

SAMPLE = (REPO / "examples" / "sample-article.txt").read_text(encoding="utf-8")
BMP_AND_BEYOND = "🎉🇺🇦 Ḱ𝒳 "  # astral characters (two UTF-16 units, four UTF-8 bytes) and a BMP one (three bytes)


def recording_client() -> LanguageClient:
    """The test client, keeping every publishDiagnostics (not only the latest) with its version."""
    client = LanguageClient(converter_factory=default_converter)

    def published(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)  # type: ignore[attr-defined]

    def registered(client: LanguageClient, params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    register_lsp_features(
        client,
        {
            **DEFAULT_CLIENT_FEATURES,
            types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: published,
            types.CLIENT_REGISTER_CAPABILITY: registered,
        },
    )
    client.published = []  # type: ignore[attr-defined]
    client.registrations = []  # type: ignore[attr-defined]
    return client


SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "mtcheck", "lsp"],
    client_factory=recording_client,
    server_env={**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])},
)


def capabilities(encodings: list[str] | None = None) -> types.ClientCapabilities:
    """An editor like VS Code: Markdown hovers, versioned edits, code actions resolved lazily."""
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        workspace=types.WorkspaceClientCapabilities(
            workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True)
        ),
        text_document=types.TextDocumentClientCapabilities(
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            code_action=types.CodeActionClientCapabilities(
                resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"])
            ),
        ),
    )


async def start(client: LanguageClient, root: Path, encodings: list[str] | None = None) -> types.InitializeResult:
    return await client.initialize_session(
        types.InitializeParams(capabilities=capabilities(encodings), root_uri=root.as_uri())
    )


# One server per module (starting one takes a second or more); each test opens its documents in
# its own folder (tmp_path), whose configuration is its own.
pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):
    await start(lsp_client, tmp_path_factory.mktemp("workspace"))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, scope="module")
async def utf8_client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):
    encodings = [types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16]
    result = await start(lsp_client, tmp_path_factory.mktemp("workspace"), encodings)
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, scope="module")
async def vscode_client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("workspace").as_uri()
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=root)
    )
    yield
    await lsp_client.shutdown_session()


# The client's side of positions, written independently of the server's code.


def _units(char: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(char.encode("utf-8"))
    return 2 if ord(char) > 0xFFFF else 1


def offset(text: str, position: types.Position, encoding: str = "utf-16") -> int:
    """The Python offset of an LSP position in text."""
    lines = re.split(r"(?<=\r\n)|(?<=\r)(?!\n)|(?<=\n)", text)  # LSP's line breaks only, kept
    at = sum(len(line) for line in lines[: position.line])
    units = 0
    for char in lines[position.line]:
        if units >= position.character:
            break
        units += _units(char, encoding)
        at += 1
    assert units == position.character or position.character > units, "a position inside a character"
    return at


def selected(text: str, span: types.Range, encoding: str = "utf-16") -> str:
    return text[offset(text, span.start, encoding) : offset(text, span.end, encoding)]


def apply(text: str, edit: types.WorkspaceEdit, uri: str, encoding: str = "utf-16") -> str:
    """Apply a workspace edit's text edits to one document, as an editor does."""
    if edit.document_changes is not None:
        edits = [e for change in edit.document_changes if change.text_document.uri == uri for e in change.edits]
    else:
        edits = list((edit.changes or {}).get(uri, []))
    spans = sorted(
        (offset(text, e.range.start, encoding), offset(text, e.range.end, encoding), e.new_text) for e in edits
    )
    for start, end, new in reversed(spans):
        text = text[:start] + new + text[end:]
    return text


async def published(client: LanguageClient, uri: str, version: int) -> types.PublishDiagnosticsParams:
    """The diagnostics published for this version of the document."""
    for _ in range(600):
        found = [p for p in client.published if p.uri == uri and p.version == version]  # type: ignore[attr-defined]
        if found:
            return found[-1]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no diagnostics for {uri} version {version} in 30 s")


def open_document(client: LanguageClient, path: Path, text: str, language: str = "plaintext") -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text))
    )
    return uri


def change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def library_findings(text: str, format: str = "text") -> list[tuple[str, str]]:
    return sorted((d.code, d.text) for d in mtcheck.check_text(text, format=format))


def mtcheck_fix(text: str, folder: Path) -> str:
    """What `mtcheck fix -` writes for the text, run in the document's folder."""
    done = subprocess.run(
        [sys.executable, "-m", "mtcheck", "fix", "-"],
        input=text.encode("utf-8"),
        capture_output=True,
        env=SERVER.server_env,
        cwd=folder,
    )
    assert done.returncode in (0, 1), done.stderr.decode()
    return done.stdout.decode("utf-8")


# The tests.


@needs_shared(SEED)
async def test_opening_the_seed_publishes_what_check_text_finds(client: LanguageClient, tmp_path: Path):
    seed = SEED.read_text(encoding="utf-8")
    uri = open_document(client, tmp_path / "seed.txt", seed)
    params = await published(client, uri, 1)
    shown = sorted((d.code, selected(seed, d.range)) for d in params.diagnostics)
    assert shown == library_findings(seed) and len(shown) >= 9
    assert {d.source for d in params.diagnostics} == {"mtcheck"}
    severities = {d.code: d.severity for d in params.diagnostics}
    assert severities["MT101"] == types.DiagnosticSeverity.Warning  # a major finding


async def test_ranges_count_utf16_units_past_emoji(client: LanguageClient, tmp_path: Path):
    # Astral characters before the first finding and inside a later line, before its finding.
    lines = SAMPLE.split("\n")
    lines[2] = BMP_AND_BEYOND + lines[2]
    text = BMP_AND_BEYOND + "\n".join(lines)
    uri = open_document(client, tmp_path / "emoji.txt", text)
    params = await published(client, uri, 1)
    shown = sorted((d.code, selected(text, d.range)) for d in params.diagnostics)
    assert shown == library_findings(text) and ("MT104", "tuesday") in shown


async def test_utf8_positions_when_the_editor_prefers_them(utf8_client: LanguageClient, tmp_path: Path):
    text = ("\r\n".join(SAMPLE.split("\n"))).replace("tuesday", BMP_AND_BEYOND + "tuesday")
    uri = open_document(utf8_client, tmp_path / "utf8.txt", text)
    params = await published(utf8_client, uri, 1)
    shown = sorted((d.code, selected(text, d.range, "utf-8")) for d in params.diagnostics)
    assert shown == library_findings(text) and ("MT104", "tuesday") in shown


async def test_changes_are_debounced_and_only_the_newest_version_is_published(client: LanguageClient, tmp_path: Path):
    uri = open_document(client, tmp_path / "typing.md", "Ministers met on Friday.\n", "markdown")
    assert list((await published(client, uri, 1)).diagnostics) == []
    for version, text in enumerate(
        ["Ministers met in kyiv", "Ministers met in kyiv on", "Ministers met in kyiv on tuesday."], 2
    ):
        change(client, uri, version, text)
    params = await published(client, uri, 4)
    assert sorted((d.code, selected("Ministers met in kyiv on tuesday.", d.range)) for d in params.diagnostics) == [
        ("MT101", "kyiv"),
        ("MT104", "tuesday"),
    ]
    await asyncio.sleep(0.5)
    assert [p.version for p in client.published if p.uri == uri] == [1, 4]  # type: ignore[attr-defined]


async def test_hover_shows_the_rules_explanation(client: LanguageClient, tmp_path: Path):
    from typer.testing import CliRunner

    from mtcheck.cli import app

    text = "Ministers met in kyiv on Friday.\n"
    uri = open_document(client, tmp_path / "hover.txt", text)
    await published(client, uri, 1)
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, text.index("kyiv") + 2))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    explained = CliRunner().invoke(app, ["explain", "MT101"]).stdout.strip()
    assert explained.startswith("MT101") and explained in hover.contents.value
    nothing = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 2))
    )
    assert nothing is None


async def test_a_quick_fix_applied_gives_what_mtcheck_fix_gives(client: LanguageClient, tmp_path: Path):
    text = "BRUSSELS, Nov. 8 – Ministers met in kyiv on Friday to discuss air defence.\r\nThe talks went on.\r\n"
    uri = open_document(client, tmp_path / "quickfix.txt", text)
    params = await published(client, uri, 1)
    finding = next(d for d in params.diagnostics if d.code == "MT101")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri), finding.range, types.CodeActionContext(diagnostics=[finding])
        )
    )
    quick_fixes = [
        a for a in actions or [] if isinstance(a, types.CodeAction) and a.kind == types.CodeActionKind.QuickFix
    ]
    assert [a.title for a in quick_fixes] == ['MT101: replace "kyiv" with "Kyiv"']
    assert quick_fixes[0].edit is not None
    assert apply(text, quick_fixes[0].edit, uri) == mtcheck_fix(text, tmp_path) == text.replace("kyiv", "Kyiv")


@needs_shared(SEED)
async def test_fix_all_gives_what_mtcheck_fix_gives_on_the_seed(client: LanguageClient, tmp_path: Path):
    # CRLF newlines and astral characters: the edit's range must still land where the change is.
    seed = "\r\n".join(SEED.read_text(encoding="utf-8").split("\n")).replace("NATO", "🇺🇦 NATO")
    uri = open_document(client, tmp_path / "seed.txt", seed)
    params = await published(client, uri, 1)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri),
            types.Range(types.Position(0, 0), types.Position(0, 0)),
            types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll]),
        )
    )
    assert params.diagnostics and len(actions or []) == 1
    fix_all = actions[0]
    assert isinstance(fix_all, types.CodeAction) and fix_all.edit is not None
    expected = mtcheck_fix(seed, tmp_path)
    assert expected != seed and apply(seed, fix_all.edit, uri) == expected


async def test_fix_all_is_resolved_only_when_asked(client: LanguageClient, tmp_path: Path):
    uri = open_document(client, tmp_path / "sample.txt", SAMPLE)
    finding = (await published(client, uri, 1)).diagnostics[0]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(types.TextDocumentIdentifier(uri), finding.range, types.CodeActionContext([finding]))
    )
    fix_all = [
        a
        for a in actions or []
        if isinstance(a, types.CodeAction) and (a.kind or "").startswith(types.CodeActionKind.SourceFixAll)
    ]
    assert len(fix_all) == 1 and fix_all[0].edit is None  # cheap to offer on every cursor move
    resolved = await client.code_action_resolve_async(fix_all[0])
    assert resolved.edit is not None and apply(SAMPLE, resolved.edit, uri) == mtcheck_fix(SAMPLE, tmp_path)


async def test_the_workspace_config_applies_and_reloads_when_it_changes(client: LanguageClient, tmp_path: Path):
    config = tmp_path / ".mtcheck.toml"
    config.write_text('ignore = ["MT101"]\n', encoding="utf-8")
    text = "Ministers met in kyiv on tuesday.\n"
    uri = open_document(client, tmp_path / "news" / "config.md", text, "markdown")
    assert [d.code for d in (await published(client, uri, 1)).diagnostics] == ["MT104"]
    config.write_text('ignore = ["MT104"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams([types.FileEvent(config.as_uri(), types.FileChangeType.Changed)])
    )
    for _ in range(600):
        if len([p for p in client.published if p.uri == uri]) > 1:  # type: ignore[attr-defined]
            break
        await asyncio.sleep(0.05)
    last = [p for p in client.published if p.uri == uri][-1]  # type: ignore[attr-defined]
    assert last.version == 1 and [d.code for d in last.diagnostics] == ["MT101"]
    # An editor that does not watch files: saving the config, open in the editor, reloads it.
    config.write_text("ignore = []\n", encoding="utf-8")
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(config.as_uri())))
    for _ in range(600):
        if len([p for p in client.published if p.uri == uri]) > 2:  # type: ignore[attr-defined]
            break
        await asyncio.sleep(0.05)
    last = [p for p in client.published if p.uri == uri][-1]  # type: ignore[attr-defined]
    assert sorted(d.code for d in last.diagnostics) == ["MT101", "MT104"]


async def test_pyproject_settings_apply(client: LanguageClient, tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.mtcheck]\nselect = ["MT101"]\n')
    uri = open_document(client, tmp_path / "article.txt", "Ministers met in kyiv on tuesday.\n")
    assert [d.code for d in (await published(client, uri, 1)).diagnostics] == ["MT101"]


async def test_a_broken_config_is_reported_and_the_server_keeps_answering(client: LanguageClient, tmp_path: Path):
    (tmp_path / ".mtcheck.toml").write_text('ignroe = ["MT101"]\n', encoding="utf-8")
    uri = open_document(client, tmp_path / "broken.txt", "Ministers met in kyiv on tuesday.\n")
    assert list((await published(client, uri, 1)).diagnostics) == []
    assert any("did you mean 'ignore'" in m.message for m in client.messages)
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 18))
    )
    assert hover is None


async def test_html_documents_are_checked_as_pages(client: LanguageClient, tmp_path: Path):
    page = (REPO / "examples" / "sample-article.html").read_text(encoding="utf-8")
    uri = open_document(client, tmp_path / "page.html", page, "html")
    params = await published(client, uri, 1)
    shown = sorted((d.code, selected(page, d.range)) for d in params.diagnostics)
    assert shown == library_findings(page, "html") and len(shown) == 13


async def test_unsaved_documents_are_checked_and_other_languages_left_alone(client: LanguageClient, tmp_path: Path):
    script = open_document(client, tmp_path / "script.py", "print('kyiv')\n", "python")
    untitled = "untitled:Untitled-1"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(untitled, "markdown", 1, "# Talks in kyiv\n"))
    )
    assert [d.code for d in (await published(client, untitled, 1)).diagnostics] == ["MT101"]
    assert all(p.uri != script for p in client.published)  # type: ignore[attr-defined]


async def test_with_vs_codes_capabilities_the_config_files_are_watched(vscode_client: LanguageClient, tmp_path: Path):
    uri = open_document(vscode_client, tmp_path / "sample.md", SAMPLE, "markdown")
    params = await published(vscode_client, uri, 1)
    assert sorted((d.code, selected(SAMPLE, d.range)) for d in params.diagnostics) == library_findings(
        SAMPLE, "markdown"
    )
    watched = [
        watcher["globPattern"]  # the client reads registration options as plain JSON
        for registration in vscode_client.registrations  # type: ignore[attr-defined]
        if registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
        for watcher in registration.register_options["watchers"]
    ]
    assert watched == ["**/.mtcheck.toml", "**/mtcheck.toml", "**/pyproject.toml"]


GERMAN = "Ministers met on Friday.\nDie Regierung hat heute einen neuen Plan für die Energiepreise vorgestellt und will ihn schnell umsetzen.\n"
MARKER = "import pathlib; pathlib.Path(__file__).with_suffix('.ran').write_text('workspace code ran')\n"


async def test_code_in_the_workspace_never_runs(tmp_path: Path):
    # Editors start the server in the workspace, and `python -m` puts the working folder first
    # on sys.path: a module there named like one mtcheck imports on first use must not be it.
    # A rule pack naming a module of the workspace is refused, the module never imported.
    (tmp_path / "langdetect.py").write_text(MARKER, encoding="utf-8")
    (tmp_path / "evilmod.py").write_text(MARKER + "def check(doc, rule):\n    return []\n", encoding="utf-8")
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "evil.yaml").write_text(
        "pack: evil\nfamily: style\nrules:\n  - code: EV101\n    name: evil\n    kind: python\n"
        '    check: "evilmod.check"\n    category: Style/Awkward\n    severity: minor\n    message: "x"\n'
        "    explanation: x\n    examples: {flag: [], pass: []}\n",
        encoding="utf-8",
    )
    (tmp_path / "packed").mkdir()
    (tmp_path / "packed" / ".mtcheck.toml").write_text('rule-folders = ["../packs"]\n', encoding="utf-8")
    client = recording_client()
    await client.start_io(*SERVER.server_command, env=SERVER.server_env, cwd=tmp_path)
    try:
        await start(client, tmp_path)
        german = open_document(client, tmp_path / "german.txt", GERMAN)
        assert [d.code for d in (await published(client, german, 1)).diagnostics] == ["LI101"]  # the real langdetect
        packed = open_document(client, tmp_path / "packed" / "article.txt", "Talks in kyiv.\n")
        assert list((await published(client, packed, 1)).diagnostics) == []
        refused = [m.message for m in client.messages if "evil.yaml" in m.message]
        assert refused and "field 'check': cannot load check: mtcheck has no check module 'evilmod'" in refused[0]
    finally:
        await client.shutdown_session()
        await client.stop()
    assert sorted(p.name for p in tmp_path.glob("*.ran")) == []
