"""A rule pack is data: it may name mtcheck's own checks and installed plugins, never a module
of the content repository it came from (nor any other importable module)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mtcheck.engine.kinds import resolve_check

REPO = Path(__file__).resolve().parents[1]

PACK = """pack: local
family: local
rules:
  - code: LOC001
    name: local-check
    kind: python
    check: "{check}"
    category: Fluency/Other
    severity: major
    message: "local"
    explanation: "A check a content repository tries to bring in."
    examples:
      flag: []
      pass: ["Plain text."]
"""

# Module a hostile or careless repository ships next to its content.
EVIL_MODULE = """from pathlib import Path
Path(__file__).with_name("IMPORTED").write_text("ran")
def check(doc, rule):
    return iter(())
check.message_fields = ()
"""


def _content_repo(tmp_path: Path, check: str, config: bool) -> Path:
    (tmp_path / "evilmod.py").write_text(EVIL_MODULE)
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "local.yaml").write_text(PACK.format(check=check))
    (tmp_path / "story.txt").write_text("The minister spoke in Kyiv on Monday.\n")
    if config:
        (tmp_path / "mtcheck.toml").write_text('rule-folders = ["packs"]\n')
    return tmp_path


@pytest.mark.parametrize(
    "check",
    [
        "evilmod:check",
        "evilmod.check",
        "builtins:print",
        "casing.Counter",
        "os.system",
        "..evilmod.check",
        "casing._private",
    ],
)
@pytest.mark.parametrize(
    "how", [["check", "story.txt"], ["check", "--rule-folder", "packs", "story.txt"], ["test-rules"]]
)
def test_a_pack_cannot_make_mtcheck_import_the_repository_code(tmp_path, check, how, path_entry="folder"):
    repo = _content_repo(tmp_path, check, config=True)
    # The content repository on the import path, named or as an empty PYTHONPATH entry (the
    # current folder), as a hook run from its root can have it.
    extra = str(repo) if path_entry == "folder" else ""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), extra]), "NO_COLOR": "1"}
    process = subprocess.run([sys.executable, "-m", "mtcheck", *how], capture_output=True, text=True, cwd=repo, env=env)
    assert process.returncode == 2, process.stdout + process.stderr
    assert "Traceback" not in process.stderr
    assert len(process.stderr.strip().splitlines()) == 1
    assert "local.yaml" in process.stderr and "LOC001" in process.stderr
    assert not (repo / "IMPORTED").exists()


@pytest.mark.parametrize("check", ["evilmod:check", "evilmod.check"])
@pytest.mark.parametrize("how", [["check", "story.txt"], ["test-rules"]])
def test_the_same_with_an_empty_entry_on_the_import_path(tmp_path, check, how):
    test_a_pack_cannot_make_mtcheck_import_the_repository_code(tmp_path, check, how, path_entry="empty")


def test_built_in_checks_still_resolve_and_must_be_declared_checks():
    assert resolve_check("casing.lowercase_names").__name__ == "lowercase_names"
    with pytest.raises(ValueError, match="not a check function"):
        resolve_check("casing.Counter")
    with pytest.raises(ValueError, match="no installed plugin"):
        resolve_check("nosuchplugin:check")


def test_an_installed_plugin_is_found_through_its_entry_point(tmp_path, monkeypatch):
    # A plugin installed on purpose: a distribution whose metadata registers the entry point.
    package = tmp_path / "newsroom_checks"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from mtcheck.checks import provides\n@provides('word')\ndef house_style(doc, rule):\n    return iter(())\n"
    )
    dist = tmp_path / "newsroom_checks-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: newsroom-checks\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[mtcheck.checks]\nnewsroom = newsroom_checks\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    function = resolve_check("newsroom:house_style")
    assert function.__name__ == "house_style" and function.message_fields == ("word",)


@pytest.mark.parametrize("entry", [["-m", "mtcheck"], ["-c", "from mtcheck.cli import main; main()"]])
def test_a_repository_file_named_like_a_library_mtcheck_imports_never_runs(tmp_path, entry):
    # `python -m mtcheck` from a content repository's root puts that folder first on the import
    # path (so does an empty PYTHONPATH entry); langdetect is imported when a check first needs
    # it, and the German sentence makes it needed.
    for library in ("langdetect", "regex", "yaml", "sacrebleu"):
        (tmp_path / f"{library}.py").write_text(EVIL_MODULE.replace("IMPORTED", f"IMPORTED-{library}"))
    (tmp_path / "story.txt").write_text(
        "Ministers met on Friday.\n\nDie Regierung hat heute einen neuen Plan für die Energiepreise vorgestellt.\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), ""]), "NO_COLOR": "1"}
    process = subprocess.run(
        [sys.executable, *entry, "check", "story.txt"], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert process.returncode == 1, process.stdout + process.stderr
    assert "LI10" in process.stdout  # the untranslated German was found, with the real langdetect
    assert sorted(path.name for path in tmp_path.glob("IMPORTED*")) == []
