"""Configuration files, found by walking up from each checked file."""

from __future__ import annotations

import sys
import textwrap

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.engine.findings import Severity
from mtcheck.run.config import ConfigError, find_config, load_config, parse_config
from mtcheck.run.session import Session
from tests.conftest import REPO

ARTICLE = "Follow live the latest news about the war\nThe army left kyiv on friday. and then moved on.\n"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def codes_for(path, **overrides):
    result = Session(overrides).check_path(str(path))
    return [f.code for f in result.findings]


def test_dot_mtcheck_toml_applies_below_its_folder(tmp_path):
    write(tmp_path / ".mtcheck.toml", 'ignore = ["MT3"]\n[severity]\nMT104 = "minor"\n')
    article = write(tmp_path / "news" / "2024" / "story.txt", ARTICLE)
    result = Session().check_path(str(article))
    assert [f.code for f in result.findings] == ["MT101", "MT104", "MT201"]
    assert next(f for f in result.findings if f.code == "MT104").severity == Severity.MINOR


def test_pyproject_needs_a_tool_mtcheck_table(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.mtcheck]\nselect = ["MT101"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "other"\n')
    article = write(tmp_path / "sub" / "story.txt", ARTICLE)
    assert find_config((tmp_path / "sub").resolve()) == (tmp_path / "pyproject.toml").resolve()
    assert codes_for(article) == ["MT101"]


def test_command_line_overrides_config_and_adds_ignores(tmp_path):
    write(tmp_path / ".mtcheck.toml", 'ignore = ["MT3"]\nselect = ["MT1", "MT3"]\n')
    article = write(tmp_path / "story.txt", ARTICLE)
    assert codes_for(article, select=("MT2",)) == ["MT201"]
    assert codes_for(article, ignore=("MT104",)) == ["MT101"]


def test_per_path_ignores_use_globs_relative_to_the_config(tmp_path):
    write(tmp_path / ".mtcheck.toml", '[per-path-ignores]\n"archive/**" = ["MT1"]\n"*.md" = ["MT3"]\n')
    old = write(tmp_path / "archive" / "2019" / "story.txt", ARTICLE)
    new = write(tmp_path / "news" / "story.md", ARTICLE)
    assert codes_for(old) == ["MT302", "MT201"]
    assert "MT302" not in codes_for(new) and "MT101" in codes_for(new)


def test_proper_nouns_from_config_and_files(tmp_path):
    write(tmp_path / "names.txt", "# local places\nVovchansk\n")
    write(tmp_path / ".mtcheck.toml", 'proper-nouns = ["Kupiansk"]\nproper-noun-files = ["names.txt"]\n')
    article = write(tmp_path / "story.txt", "Shelling hit kupiansk and vovchansk again.\n")
    result = Session().check_path(str(article))
    assert [(f.code, f.fix.replacement) for f in result.findings] == [("MT107", "Kupiansk"), ("MT107", "Vovchansk")]


def test_front_matter_title_and_description_are_checked_unless_configured_otherwise(tmp_path):
    article = write(tmp_path / "story.md", '---\ntitle: "Drones hit kyiv"\nslug: kyiv-drones\n---\n\nBody.\n')
    assert codes_for(article) == ["MT101"]  # the title, not the slug
    write(tmp_path / ".mtcheck.toml", "front-matter-fields = []\n")
    find_config.cache_clear()
    assert codes_for(article) == []


@pytest.mark.parametrize(
    "content, message",
    [
        ('selct = ["MT1"]\n', "key 'selct': unknown key; did you mean 'select'?"),
        ("ignore = 5\n", "key 'ignore': expected a list of strings"),
        ('fail-on = "loud"\n', "key 'fail-on': unknown severity 'loud'"),
        ("select = [\n", "invalid TOML"),
        ('[severity]\nMT101 = "huge"\n', "key 'severity.MT101': unknown severity 'huge'"),
        ('proper-noun-files = ["missing.txt"]\n', "key 'proper-noun-files': cannot read"),
        ('source-lang = "xx"\n', "key 'source-lang': unknown language 'xx'"),
    ],
)
def test_invalid_config_is_a_one_line_error(tmp_path, content, message):
    path = write(tmp_path / ".mtcheck.toml", content)
    with pytest.raises(ConfigError) as error:
        parse_config(path)
    assert str(error.value).startswith(str(path)) and message in str(error.value)


def test_invalid_config_stops_the_cli_with_exit_2(tmp_path):
    write(tmp_path / ".mtcheck.toml", 'ignore = ["XY9"]\n')
    article = write(tmp_path / "story.txt", ARTICLE)
    result = CliRunner().invoke(app, ["check", str(article)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"mtcheck: error: ignore: 'XY9' matches no rule (in {tmp_path / '.mtcheck.toml'})"


def test_explicit_config_is_used_for_every_file(tmp_path):
    config = write(tmp_path / "custom.toml", 'select = ["MT201"]\n')
    article = write(tmp_path / "elsewhere" / "story.txt", ARTICLE)
    result = CliRunner().invoke(app, ["check", str(article), "--config", str(config)])
    assert " MT201 " in result.stdout and " MT101 " not in result.stdout


def test_calque_packs_load_only_for_their_source_language_but_can_always_be_named(tmp_path):
    write(tmp_path / ".mtcheck.toml", 'ignore = ["ES104", "calques-fr"]\n')
    article = write(tmp_path / "story.txt", "NATO members met this Friday in Brussels.\n")
    assert codes_for(article) == []
    assert codes_for(article, source_lang="es") == ["ES101"]
    assert codes_for(article, source_lang="fr") == []  # the French pack is ignored


def test_mtcheck_toml_is_found_like_dot_mtcheck_toml(tmp_path):
    write(tmp_path / "mtcheck.toml", 'select = ["MT101"]\n')
    article = write(tmp_path / "news" / "story.txt", ARTICLE)
    assert find_config((tmp_path / "news").resolve()) == (tmp_path / "mtcheck.toml").resolve()
    assert codes_for(article) == ["MT101"]


def test_a_broken_pyproject_that_declares_mtcheck_is_an_error_not_a_skipped_config(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.mtcheck]\nselect = ["MT101"\n')
    article = write(tmp_path / "story.txt", ARTICLE)
    result = CliRunner().invoke(app, ["check", str(article)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"mtcheck: error: {tmp_path / 'pyproject.toml'}: invalid TOML")
    write(tmp_path / "pyproject.toml", '[project]\nname = "someone else\n')  # not ours: skipped
    find_config.cache_clear()
    assert CliRunner().invoke(app, ["check", str(article)]).exit_code == 1


def test_unknown_selectors_suggest_the_closest_rule(tmp_path):
    write(tmp_path / ".mtcheck.toml", 'ignore = ["MT10l"]\n')
    article = write(tmp_path / "story.txt", ARTICLE)
    assert "matches no rule (did you mean 'MT101'?)" in CliRunner().invoke(app, ["check", str(article)]).stderr
    write(tmp_path / ".mtcheck.toml", "")
    load_config.cache_clear()
    result = CliRunner().invoke(app, ["check", str(article), "--select", "lowercase-place-nam"])
    assert "did you mean 'lowercase-place-name'?" in result.stderr


def test_per_file_ignores_accept_all(tmp_path):
    write(tmp_path / ".mtcheck.toml", '[per-file-ignores]\n"archive/**" = ["ALL"]\n')
    archived = write(tmp_path / "archive" / "old.txt", ARTICLE)
    current = write(tmp_path / "story.txt", ARTICLE)
    assert codes_for(archived) == [] and "MT101" in codes_for(current)


def test_rules_explain_and_test_rules_read_the_projects_config(tmp_path, monkeypatch):
    pack = """\
        pack: house-style
        family: style
        rules:
          - code: HS101
            name: kiev-spelling
            kind: pattern
            pattern: '\\bKiev\\b'
            category: Style/Terminology
            severity: minor
            message: 'Write Kyiv'
            explanation: The house style follows the Ukrainian spelling.
            examples:
              flag:
                - text: "Flights to Kiev resumed."
                  span: Kiev
              pass:
                - "Flights to Kyiv resumed."
        """
    write(tmp_path / "style" / "house.yaml", pack)
    write(tmp_path / ".mtcheck.toml", 'rule-folders = ["style"]\n')
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert any(line.startswith("HS101 ") for line in runner.invoke(app, ["rules"]).stdout.split("\n"))
    assert runner.invoke(app, ["explain", "HS101"]).stdout.startswith("HS101 kiev-spelling")
    tested = runner.invoke(app, ["test-rules", "--target-lang", "en"])
    assert tested.exit_code == 0
    write(tmp_path / ".mtcheck.toml", 'rule-folders = ["style"]\ntarget-lang = "es"\n')
    load_config.cache_clear()
    listed = runner.invoke(app, ["rules"]).stdout
    assert "MT510" in listed  # the Spanish packs (¿ without ?)


DECLARING = [
    "[tool.mtcheck]\nselect = []\n",
    "  [ tool . 'mtcheck' ]\nselect = []\n",
    '["tool"."mtcheck"]\n',
    "[[tool.mtcheck.x]]\na = 1\n",
    "\t[tool.mtcheck.sub]\nx = 1\n",
    "tool.mtcheck.select = []\n",
    "tool = { mtcheck = { select = [] } }\n",
    "[tool]\nmtcheck = { select = [] }\n",
    "[tool]\nmtcheck.select = []\n",
    "[ tool ]\n'mtcheck'.select = []\n",
]
NOT_DECLARING = [
    '[project]\nname = "mtcheck"\ndependencies = ["mtcheck>=0.1"]\n',
    '[project.scripts]\nmtcheck = "mtcheck.entry:main"\n',
    "[tool.other]\nmtcheck = 1\n",
    '[tool]\nother = "mtcheck"\n',
    "[tool]\n[x]\nmtcheck = 1\n",  # looks close enough to be parsed, and is not ours
    '[tool.mtcheck2]\nx = 1\n[tool.ruff]\nsrc = ["mtcheck"]\n',
]


@pytest.mark.parametrize("text", DECLARING + NOT_DECLARING + [(REPO / "pyproject.toml").read_text(encoding="utf-8")])
def test_a_pyproject_is_ours_exactly_when_toml_says_so(tmp_path, text):
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # what mtcheck reads TOML with before 3.11 (a dependency there)
        import tomli as tomllib

    from mtcheck.run.config import _declares_mtcheck

    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    declares = "mtcheck" in tomllib.loads(text).get("tool", {})
    assert _declares_mtcheck(tmp_path / "pyproject.toml") == declares
    assert declares == (text in DECLARING)


@pytest.mark.parametrize("text", NOT_DECLARING[:4] + [(REPO / "pyproject.toml").read_text(encoding="utf-8")])
def test_a_pyproject_that_only_names_mtcheck_is_not_parsed(tmp_path, monkeypatch, text):
    from mtcheck.run import config

    def no_parser() -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(config, "_tomllib", no_parser)
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    assert config._declares_mtcheck(tmp_path / "pyproject.toml") is False
