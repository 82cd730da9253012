"""`mtcheck fix` and `check --fix`: what is repaired, what is kept, and that nothing is lost."""

from __future__ import annotations

import errno
import os
import shutil
import stat

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.files import InputError
from mtcheck.run.fix_files import fix_text, raw_positions
from mtcheck.run.session import Session
from mtcheck.text.inputs import read_input
from tests.conftest import REPO, SEED, needs_shared

CORPORA = REPO / "corpora"


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def corpus_articles() -> list:
    return sorted(p for p in CORPORA.rglob("*") if p.suffix in (".md", ".txt") and "sources" not in p.parts)


@needs_shared(SEED)
def test_the_seed_article_is_repaired(tmp_path):
    article = tmp_path / "seed.txt"
    shutil.copyfile(SEED, article)
    result = invoke("fix", str(article))
    assert result.exit_code == 1  # a file changed: the hook makes the user look
    fixed = article.read_text(encoding="utf-8")
    assert "Add Comment" not in fixed and "Follow live the latest news" not in fixed and "()" not in fixed
    assert "kyiv" not in fixed and fixed.count("Kyiv") == 3
    assert "by Moscow and Pyongyang" in fixed and "the war in Ukraine" in fixed and "aggression of Russia" in fixed
    assert fixed.startswith("BRUSSELS Nov. 8 – NATO members")
    assert invoke("check", str(article)).exit_code == 0


@pytest.mark.parametrize("article", corpus_articles(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixing_every_corpus_article_is_complete_and_idempotent(tmp_path, article):
    copy = tmp_path / article.name
    shutil.copyfile(article, copy)
    if (article.parent / "sources").is_dir():
        shutil.copytree(article.parent / "sources", tmp_path / "sources")
    gold = article.with_name(article.name.rsplit(".", 1)[0] + ".gold.tsv")
    settings = {}
    for line in gold.read_text(encoding="utf-8").splitlines():
        if line.startswith("# settings:"):
            settings = dict(pair.split("=", 1) for pair in line.split(":", 1)[1].split())
    args = []
    if "source-lang" in settings:
        args += ["--source-lang", settings["source-lang"]]
    if "target-lang" in settings:
        args += ["--target-lang", settings["target-lang"]]
    if "source" in settings:
        args += ["--source", str(tmp_path / settings["source"])]
    invoke("fix", str(copy), *args)
    after_first = copy.read_bytes()
    remaining = invoke("check", str(copy), "--format", "json", *args)
    import json

    diagnostics = json.loads(remaining.output)["files"][0]["diagnostics"]
    assert not [d for d in diagnostics if d["fix"] and d["fix"]["safe"]], "safe fixes left after fix"
    second = invoke("fix", str(copy), *args)
    assert copy.read_bytes() == after_first, "a second fix changed the file"
    assert "Nothing fixed." in second.output


def test_crlf_and_bom_are_kept(tmp_path):
    for article in (CORPORA / "en" / "clean-economy.md", CORPORA / "en" / "es-nato-ministers.txt"):
        text = article.read_text(encoding="utf-8")
        copy = tmp_path / article.name
        copy.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
        invoke("fix", str(copy))
        data = copy.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        body = data[3:]
        assert body.count(b"\r\n") == body.count(b"\n") > 0


def test_mixed_newlines_survive_untouched_outside_the_edits(tmp_path):
    copy = tmp_path / "mixed.txt"
    copy.write_bytes(b"The army left kyiv.\r\nOfficials spoke.\nAdd Comment\r\nThe end.\n")
    invoke("fix", str(copy))
    assert copy.read_bytes() == b"The army left Kyiv.\r\nOfficials spoke.\nThe end.\n"


def test_raw_positions_map_decoded_offsets_back():
    raw = "\ufeffab\r\ncd\ne"
    assert raw_positions(raw, bom=True) == [1, 2, 3, 5, 6, 7, 8, 9]


def test_read_only_file_is_left_intact(tmp_path):
    article = tmp_path / "ro.txt"
    article.write_text("The army left kyiv.\n", encoding="utf-8")
    article.chmod(stat.S_IRUSR | stat.S_IRGRP)
    result = invoke("fix", str(article))
    assert result.exit_code == 2
    assert "ro.txt: read-only file, not changed" in result.output
    assert article.read_text(encoding="utf-8") == "The army left kyiv.\n"


def test_a_failing_write_leaves_the_original_and_no_temporary_file(tmp_path, monkeypatch):
    article = tmp_path / "full.txt"
    article.write_text("The army left kyiv.\n", encoding="utf-8")

    def disk_full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", disk_full)
    result = invoke("fix", str(article))
    assert result.exit_code == 2
    assert "full.txt: not changed: No space left on device" in result.output
    assert "Traceback" not in result.output
    assert article.read_text(encoding="utf-8") == "The army left kyiv.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full.txt"]


def test_permissions_are_kept(tmp_path):
    article = tmp_path / "perm.txt"
    article.write_text("The army left kyiv.\n", encoding="utf-8")
    article.chmod(0o640)
    invoke("fix", str(article))
    assert article.read_text(encoding="utf-8") == "The army left Kyiv.\n"
    assert stat.S_IMODE(article.stat().st_mode) == 0o640


def test_diff_writes_nothing(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The army left kyiv.\nAdd Comment\n", encoding="utf-8")
    result = invoke("fix", "--diff", str(article))
    assert result.exit_code == 1
    assert "-The army left kyiv.\n-Add Comment\n+The army left Kyiv.\n" in result.output
    assert "Would fix 2 findings in 1 file." in result.output
    assert article.read_text(encoding="utf-8") == "The army left kyiv.\nAdd Comment\n"


def test_unsafe_fixes_only_on_request(tmp_path):
    article = tmp_path / "a.txt"
    text = "The ministry will present the plan this Friday in Madrid.\n"
    article.write_text(text, encoding="utf-8")
    invoke("fix", str(article), "--source-lang", "es")
    assert article.read_text(encoding="utf-8") == text  # a calque: editorial, not mechanical
    invoke("fix", str(article), "--source-lang", "es", "--unsafe-fixes")
    assert "on Friday" in article.read_text(encoding="utf-8")


def test_check_fix_reports_what_remains(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The army left kyiv.\nUnemployment rose to 1.500 people in the region\n", encoding="utf-8")
    result = invoke("check", "--fix", str(article))
    assert "Fixed" in result.output
    assert "kyiv" not in article.read_text(encoding="utf-8")
    assert result.exit_code == 1


def test_overlapping_fixes_are_applied_over_passes():
    # "kyiv" lowercased and a broken split right after it: two edits side by side.
    session = Session()
    raw = "Troops left kyiv. and moved east.\n"
    outcome = fix_text(raw, "a.txt", lambda source: session.check_input("a.txt", source))
    assert outcome.fixed == "Troops left Kyiv and moved east.\n"
    assert {f.code for f in outcome.applied} >= {"MT101", "MT201"}


def test_stdin_is_fixed_to_stdout_and_diffed_without_writing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    broken = "The army left kyiv.\nAdd Comment\n"
    diffed = CliRunner().invoke(app, ["fix", "--diff", "-"], input=broken)
    assert diffed.exit_code == 1
    assert "-The army left kyiv.\n-Add Comment\n+The army left Kyiv.\n" in diffed.stdout
    assert list(tmp_path.iterdir()) == []  # nothing written anywhere
    fixed = CliRunner().invoke(app, ["fix", "-"], input=broken)
    assert fixed.stdout == "The army left Kyiv.\n"  # the text alone: the report goes to stderr
    assert "Fixed 2 findings in 1 file." in fixed.stderr
    clean = CliRunner().invoke(app, ["fix", "-"], input="Nothing to do here.")
    assert clean.stdout == "Nothing to do here." and clean.exit_code == 0


@pytest.mark.parametrize(
    "raw, fixed",
    [
        ("Text here.\n\nAdd Comment\n", "Text here.\n"),
        ("Text here.\nAdd Comment", "Text here.\n"),
        ("Text here.\r\n\r\nAdd Comment\r\n\r\n", "Text here.\r\n"),
        ("Text here.  \n\nAdd Comment\n", "Text here.  \n"),
    ],
)
def test_removing_the_last_line_leaves_one_final_newline(tmp_path, raw, fixed):
    article = tmp_path / "a.txt"
    article.write_bytes(raw.encode("utf-8"))
    invoke("fix", str(article))
    assert article.read_bytes().decode("utf-8") == fixed


def test_check_without_fix_rejects_fix_options(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Fine.\n", encoding="utf-8")
    result = invoke("check", "--diff", str(article))
    assert result.exit_code == 2 and "go with fixing" in result.output


def test_read_source_still_refuses_binary(tmp_path):
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01")
    result = invoke("fix", str(binary))
    assert result.exit_code == 2 and "binary file" in result.output
    with pytest.raises(InputError):
        read_input(str(binary))
