"""The progress bar: on a terminal for long runs, never on a pipe, in machine formats or with --quiet."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading

import pytest

from mtcheck.run.progress import ProgressBar, wanted

STORY = "Talks in kyiv ended on Friday after three days.\n\nThe ministers met in brussels.\n"
# Clean paragraphs that make each file of the long run take some milliseconds: the bar shows
# only after half a second, and 300 files of two lines alone can be done before that.
FILLER = "".join(f"\nIn session {n}, the council agreed on a budget for the coming year.\n" for n in range(30))


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_only_people_at_a_terminal_get_a_bar():
    assert wanted("text", quiet=False, stderr=Terminal())
    assert not wanted("text", quiet=False, stderr=io.StringIO())  # a pipe or a file
    assert not wanted("json", quiet=False, stderr=Terminal())
    assert not wanted("github", quiet=False, stderr=Terminal())
    assert not wanted("text", quiet=True, stderr=Terminal())


def test_the_bar_counts_files_and_findings_and_lines_print_above_it(monkeypatch):
    monkeypatch.setattr("mtcheck.run.progress.SHOW_AFTER", 0.0)
    screen = Terminal()
    bar = ProgressBar(3, stderr=screen, stdout=screen)
    written: list[str] = []
    echo = bar.echo(lambda text, err=False, **_: written.append(text))
    bar.advance(2)
    echo("story.md:1:10: major MT101 lowercase-place-name")
    bar.advance(0)
    bar.advance(5)
    bar.close()
    shown = screen.getvalue()
    assert "3/3" in shown and "7 findings" in shown
    assert "story.md:1:10: major MT101" in shown and written == []  # printed through the bar


def test_a_quick_run_never_shows_a_bar():
    screen = Terminal()
    bar = ProgressBar(2, stderr=screen, stdout=screen)
    bar.advance(1)
    bar.advance(1)
    bar.close()
    assert screen.getvalue() == ""


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminals on this platform")
def test_a_long_run_on_a_terminal_shows_the_bar_on_stderr_only(tmp_path):
    for number in range(300):
        (tmp_path / f"story{number:03d}.md").write_text(STORY + FILLER, encoding="utf-8")

    def run(*options: str) -> tuple[str, str]:
        leader, follower = os.openpty()
        chunks: list[bytes] = []

        def drain() -> None:
            # Read while the run goes on: Linux may drop what is still queued in a
            # terminal once its last writer closes, so reading only afterwards can lose it.
            while True:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # the terminal is closed and drained
                    return
                if not chunk:
                    return
                chunks.append(chunk)

        reader = threading.Thread(target=drain)
        reader.start()
        try:
            done = subprocess.run(
                [sys.executable, "-m", "mtcheck", "check", str(tmp_path), *options],
                stdout=subprocess.PIPE,
                stderr=follower,
                timeout=300,
            )
        finally:
            os.close(follower)
            reader.join(timeout=30)
            os.close(leader)
        return done.stdout.decode(), b"".join(chunks).decode(errors="replace")

    stdout, screen = run()
    assert "/300" in screen and "findings" in screen
    assert "/300" not in stdout and stdout.count("MT101") == 600  # the report itself is untouched
    stdout, screen = run("--quiet")
    assert "/300" not in screen and "Found" not in stdout and stdout.count("MT101") == 600
    stdout, screen = run("--format", "jsonl")
    assert "/300" not in screen
