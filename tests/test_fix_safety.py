"""`mtcheck fix` next to other processes and odd files: nothing lost, nothing misplaced,
the same result whatever the hash seed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mtcheck.run.fix_files import FixError, fix_text, read_raw, write_atomically
from mtcheck.run.session import Session

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
BROKEN = "The army left kyiv on Monday.\n"
FIXED = "The army left Kyiv on Monday.\n"


def story(lines: int, city: str = "kyiv") -> str:
    return "".join(f"The army left {city} on day {n} of the march.\n" for n in range(lines))


def mtcheck(*args, cwd=None, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "mtcheck", *args], capture_output=True, text=True, env=ENV, cwd=cwd, **kwargs
    )


def hidden_leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".mtcheck")]


def test_an_append_by_another_process_while_fixing_is_not_lost(tmp_path):
    article = tmp_path / "live.txt"
    article.write_text(BROKEN, encoding="utf-8")
    raw, snapshot = read_raw(str(article))
    outcome = fix_text(raw, str(article), lambda source: Session().check_input(str(article), source))
    assert outcome.fixed == FIXED
    with open(article, "a", encoding="utf-8") as other:  # the other process, between read and write
        other.write("A late line from the wire.\n")
    with pytest.raises(FixError, match="changed by another process while it was being fixed"):
        write_atomically(str(article), outcome.fixed, snapshot)
    assert article.read_text(encoding="utf-8") == BROKEN + "A late line from the wire.\n"
    assert not hidden_leftovers(tmp_path)


def test_a_same_size_rewrite_in_the_same_tick_is_still_noticed(tmp_path):
    article = tmp_path / "live.txt"
    article.write_text(BROKEN, encoding="utf-8")
    raw, snapshot = read_raw(str(article))
    stamp = article.stat()
    article.write_text(BROKEN.replace("Monday", "Friday"), encoding="utf-8")
    os.utime(article, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # size and mtime as before
    with pytest.raises(FixError):
        write_atomically(str(article), FIXED, snapshot)
    assert "Friday" in article.read_text(encoding="utf-8")


def test_a_symlink_is_followed_and_kept(tmp_path):
    target = tmp_path / "stories" / "real.txt"
    target.parent.mkdir()
    target.write_text(BROKEN, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert mtcheck("fix", str(link)).returncode == 1
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == FIXED
    assert not hidden_leftovers(tmp_path) and not hidden_leftovers(target.parent)


def test_hard_links_and_the_inode_are_kept(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(BROKEN, encoding="utf-8")
    twin = tmp_path / "b.txt"
    os.link(article, twin)
    inode = article.stat().st_ino
    assert mtcheck("fix", str(article)).returncode == 1
    assert article.stat().st_ino == inode and article.stat().st_nlink == 2
    assert twin.read_text(encoding="utf-8") == FIXED
    assert not hidden_leftovers(tmp_path)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="changing a file's owner needs root")
def test_the_owner_of_someone_elses_file_is_kept(tmp_path):
    article = tmp_path / "theirs.txt"
    article.write_text(BROKEN, encoding="utf-8")
    os.chown(article, 4321, 4321)
    assert mtcheck("fix", str(article)).returncode == 1
    info = article.stat()
    assert (info.st_uid, info.st_gid) == (4321, 4321)
    assert article.read_text(encoding="utf-8") == FIXED


TIE = """
from mtcheck.engine.findings import Finding, Fix, Severity
from mtcheck.run.fix_files import fix_text
from mtcheck.engine.findings import FileResult

def check(source):
    # Two rules, one span ("  " before "and"), two different edits; found in both orders.
    if "  and" not in source.text:
        return FileResult("t.txt")
    at = source.text.index("  and")
    found = [Finding(code, code, "Fluency", Severity.MINOR, "", at, at + 2, Fix(at, at + 2, edit))
             for code, edit in (("MT603", ""), ("MT503", " "))]
    return FileResult("t.txt", found if ORDER else found[::-1])

for ORDER in (0, 1):
    print(repr(fix_text("The minister said  and left.", "t.txt", check).fixed))
"""


def test_two_rules_with_different_edits_for_one_span_give_one_winner_whatever_the_hash_seed():
    results = set()
    for seed in ("0", "1", "2", "3", "4", "5", "6", "7", "11", "12"):
        run = subprocess.run(
            [sys.executable, "-c", TIE], capture_output=True, text=True, check=True, env={**ENV, "PYTHONHASHSEED": seed}
        )
        results.update(run.stdout.splitlines())
    assert results == {repr("The minister said and left.")}  # the lower code, MT503, wins


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_while_writing_leaves_the_original_or_the_fix_and_no_temporary_file(tmp_path, sig):
    # A large article so that the signal lands while the fix is checking or writing.
    article = tmp_path / "big.txt"
    article.write_text(story(6000), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "mtcheck", "fix", str(article)],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None and not hidden_leftovers(tmp_path):
        time.sleep(0.005)
    process.send_signal(sig)
    _, error = process.communicate(timeout=60)
    assert process.returncode in (1, 130, 143, -signal.SIGTERM) and "Traceback" not in error
    assert not hidden_leftovers(tmp_path)
    assert article.read_text(encoding="utf-8") in (story(6000), story(6000, "Kyiv"))


# The signal lands the instant the temporary file exists, before mkstemp has even returned.
SIGNAL_AT_CREATION = """
import os, signal, sys, tempfile
# As a shell starts a command, whatever the test process inherited: an ignored SIGINT passes
# across exec, and a suite started as a shell's background job has SIGINT ignored throughout.
signal.signal(signal.SIGINT, signal.default_int_handler)
signal.signal(signal.SIGTERM, signal.SIG_DFL)
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
from mtcheck.run.fix_files import write_atomically
create = tempfile.mkstemp
def create_then_signal(*args, **kwargs):
    made = create(*args, **kwargs)
    os.kill(os.getpid(), getattr(signal, sys.argv[2]))
    return made
tempfile.mkstemp = create_then_signal
write_atomically(sys.argv[1], "The army left Kyiv on Monday.\\n")
"""


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGINT"])
def test_a_signal_the_moment_the_temporary_file_appears_leaves_none_behind(tmp_path, sig):
    article = tmp_path / "story.txt"
    article.write_text(BROKEN, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", SIGNAL_AT_CREATION, str(article), sig], env=ENV, capture_output=True, text=True
    )
    assert run.returncode != 0  # the signal ended the process, once the write was over
    assert not hidden_leftovers(tmp_path)
    assert article.read_text(encoding="utf-8") in (BROKEN, FIXED)


def test_eight_concurrent_fix_runs_leave_one_consistent_fixed_file(tmp_path):
    article = tmp_path / "shared.txt"
    article.write_text(story(200), encoding="utf-8")
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "mtcheck", "fix", str(article)],
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    errors = [run.communicate(timeout=300)[1] for run in runs]
    assert article.read_text(encoding="utf-8") == story(200, "Kyiv")
    assert not hidden_leftovers(tmp_path)
    for run, error in zip(runs, errors):
        # Each run fixed the file, found it already fixed, or saw another run change it and left it.
        assert run.returncode in (0, 1, 2) and "Traceback" not in error
        if run.returncode == 2:
            assert "changed by another process" in error
