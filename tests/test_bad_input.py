"""The README's bad-input table, row by row: every row is a test here (the rows about `fix`
racing other processes are in test_fix_safety.py). Each bad input gets a one-line error
naming the file and the problem, exit code 2, no traceback, and the other files are still
checked; nothing hangs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
GOOD = "The army left Kyiv on Monday.\n"


def mtcheck(*args, cwd=None, stdin=None, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "mtcheck", *args],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=cwd,
        stdin=stdin,
        timeout=timeout,
    )


def assert_one_line_error(process, *expected: str):
    assert process.returncode == 2, process.stdout + process.stderr
    assert "Traceback" not in process.stderr
    errors = [line for line in process.stderr.splitlines() if line.startswith("mtcheck: error:")]
    assert len(errors) == 1, process.stderr
    for text in expected:
        assert text in errors[0]


@pytest.mark.parametrize(
    "name, data, problem",
    [
        ("binary.txt", b"GIF89a" + b"x" * 20000 + b"\x00\x01", "binary file (contains NUL bytes), not text"),
        ("invalid.txt", b"The caf\xc3 opened.\n", "not valid UTF-8: byte 0xc3 at offset 7 (line 1)"),
        ("latin1.txt", "Caf\u00e9 in K\u00f6ln.\n".encode("latin-1"), "not valid UTF-8: byte 0xe9"),
        ("utf16.txt", "Kyiv.\n".encode("utf-16"), "UTF-16 text is not supported; convert the file to UTF-8"),
        ("utf32.txt", "Kyiv.\n".encode("utf-32"), "UTF-32 text is not supported; convert the file to UTF-8"),
    ],
)
def test_undecodable_files_are_refused_and_the_others_still_checked(tmp_path, name, data, problem):
    bad, good = tmp_path / name, tmp_path / "good.txt"
    bad.write_bytes(data)
    good.write_text(GOOD.replace("Kyiv", "kyiv"), encoding="utf-8")
    process = mtcheck("check", str(bad), str(good))
    assert_one_line_error(process, f"{bad}: {problem}")
    assert "MT101" in process.stdout  # the good file was still checked


def test_an_empty_file_is_checked_and_clean(tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    process = mtcheck("check", str(empty))
    assert process.returncode == 0 and "No findings in 1 file." in process.stdout


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as out:
        out.truncate(100 * 1024 * 1024)  # 100 MB (sparse: nothing is written)
    assert_one_line_error(mtcheck("check", str(huge)), f"{huge}: larger than the 50 MB limit for one input")
    small = tmp_path / "small.txt"
    small.write_text(GOOD * 100_000, encoding="utf-8")  # 3 MB
    assert_one_line_error(mtcheck("check", "--max-file-size", "1", str(small)), "larger than the 1 MB limit")


def test_a_file_is_read_whole_up_to_the_limit_whatever_its_size_said(tmp_path):
    from mtcheck.files import InputError, read_bytes

    limit = 1024 * 1024
    exact = tmp_path / "exact.txt"
    exact.write_bytes(b"a" * limit)
    assert len(read_bytes(str(exact), max_mb=1)) == limit  # at the limit: read
    over = tmp_path / "over.txt"
    over.write_bytes(b"a" * (limit + 1))
    with pytest.raises(InputError, match="larger than the 1 MB limit"):
        read_bytes(str(over), max_mb=1)
    if Path("/proc/self/status").is_file():  # a size of 0 that holds text: read all the same
        assert b"Name:" in read_bytes("/proc/self/status")


def test_a_file_that_grows_after_its_size_is_read_is_read_on_to_the_limit(tmp_path, monkeypatch):
    from mtcheck import files

    growing = tmp_path / "growing.txt"
    growing.write_bytes(b"y" * 5000)
    real_fstat = os.fstat

    def fstat_before_it_grew(descriptor):  # the size of 10 bytes it had a moment before
        found = real_fstat(descriptor)
        return os.stat_result((*found[:6], 10, *found[7:10]))

    monkeypatch.setattr(os, "fstat", fstat_before_it_grew)
    assert files.read_bytes(str(growing)) == b"y" * 5000
    with pytest.raises(files.InputError, match="larger than"):
        files.read_bytes(str(growing), max_mb=4000 / 1024 / 1024)


def test_a_million_newlines_are_checked_quickly(tmp_path):
    newlines = tmp_path / "newlines.txt"
    newlines.write_text("\n" * 1_000_000, encoding="utf-8")
    process = mtcheck("check", str(newlines), timeout=60)
    assert process.returncode == 0 and "No findings" in process.stdout


@pytest.mark.slow
def test_a_single_5_mb_line_is_checked_without_a_rule_giving_up(tmp_path):
    line = tmp_path / "line.txt"
    words = (REPO / "examples" / "brief.txt").read_text(encoding="utf-8").replace("\n", " ")
    line.write_text((words * (5_000_000 // len(words) + 1))[:5_000_000] + "\n", encoding="utf-8")
    process = mtcheck("check", str(line), timeout=600)
    assert process.returncode in (0, 1) and "gave up" not in process.stderr


def test_a_fifo_named_or_found_in_a_folder_is_refused_without_blocking(tmp_path):
    (tmp_path / "story.md").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.md")  # no writer: opening it the usual way would block forever
    assert_one_line_error(mtcheck("check", str(tmp_path / "pipe.md"), timeout=30), "pipe.md: is a FIFO (named pipe)")
    process = mtcheck("check", str(tmp_path), timeout=30)
    assert_one_line_error(process, "pipe.md: is a FIFO")
    assert "1 could not be checked" in process.stdout


@pytest.mark.parametrize(
    "device, problem", [("/dev/zero", "is a character device"), ("/dev/urandom", "is a character device")]
)
def test_devices_are_refused_as_input_reference_and_source(tmp_path, device, problem):
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    article = tmp_path / "a.txt"
    article.write_text(GOOD, encoding="utf-8")
    assert_one_line_error(mtcheck("check", device, timeout=30), f"{device}: {problem}")
    assert_one_line_error(mtcheck("check", "--ref", device, str(article), timeout=30), f"reference {device}: {problem}")
    assert_one_line_error(
        mtcheck("check", "--source", device, "--source-lang", "de", str(article), timeout=30),
        f"source {device}: {problem}",
    )


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.md"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        assert_one_line_error(mtcheck("check", str(path), timeout=30), "s.md: is a socket")
    finally:
        server.close()


def test_a_symlink_loop_is_an_error(tmp_path):
    (tmp_path / "a.md").symlink_to(tmp_path / "b.md")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    assert_one_line_error(mtcheck("check", str(tmp_path / "a.md")), "a.md: Too many levels of symbolic links")


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file: no unreadable file to test with"
)
def test_an_unreadable_file_is_an_error(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(GOOD, encoding="utf-8")
    secret.chmod(0)
    assert_one_line_error(mtcheck("check", str(secret)), "secret.txt: permission denied")


def test_a_nonexistent_path_is_an_error(tmp_path):
    assert_one_line_error(mtcheck("check", str(tmp_path / "missing.md")), "missing.md: no such file")


def test_closed_standard_input_is_an_error():
    process = subprocess.run(
        f"{sys.executable} -m mtcheck check - <&-", shell=True, capture_output=True, text=True, env=ENV
    )
    assert_one_line_error(process, "-: standard input is closed")


@pytest.mark.parametrize(
    "file_name, content, problem",
    [
        (".mtcheck.toml", b"select = [MT1\n", "invalid TOML"),
        (".mtcheck.toml", b'target-lang = "\xe9n"\n', "not valid UTF-8 (byte 0xe9"),
        (".mtcheck.toml", b'sellect = ["MT1"]\n', "unknown key"),
        ("pyproject.toml", b"[tool]\nmtcheck = 5\n", "must be a table"),
        ("pyproject.toml", b"[tool.mtcheck]\nselect = [\n", "invalid TOML"),
    ],
)
def test_malformed_and_non_utf8_configs_are_errors(tmp_path, file_name, content, problem):
    (tmp_path / file_name).write_bytes(content)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    assert_one_line_error(mtcheck("check", "a.txt", cwd=tmp_path), file_name, problem)


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"pack: x\nrules: [\n", "invalid YAML at line"),
        (b"pack: x\nfamily: \xff\xfe\n", "not valid UTF-8"),
        # The safe loader builds no Python object, so the tag is an error, and nothing runs.
        (b"pack: !!python/object/apply:os.system ['touch PWNED']\nfamily: x\nrules: []\n", "invalid YAML"),
    ],
)
def test_malformed_non_utf8_and_python_tagged_packs_are_errors(tmp_path, content, problem):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "bad.yaml").write_bytes(content)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    assert_one_line_error(mtcheck("check", "--rule-folder", "packs", "a.txt", cwd=tmp_path), "bad.yaml", problem)
    assert not (tmp_path / "PWNED").exists()


def test_a_catastrophic_user_pattern_gives_up_in_its_budget_and_says_so(tmp_path):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "slow.yaml").write_text(
        "pack: slow\nfamily: test\nrules:\n  - code: XX900\n    name: slow\n    kind: pattern\n"
        "    pattern: '(\\w+\\s?)*$|(a|aa)+$'\n    category: Fluency/Other\n    severity: minor\n"
        "    message: slow\n    explanation: A pattern that backtracks.\n    examples: {flag: [], pass: ['x.']}\n",
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text("a" * 80 + "!\n", encoding="utf-8")
    started = time.monotonic()
    process = mtcheck("check", "--rule-folder", "packs", "a.txt", cwd=tmp_path, timeout=120)
    assert_one_line_error(process, "rule XX900 (slow) gave up after 1.0 s of CPU time")
    assert time.monotonic() - started < 60


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, -signal.SIGTERM)])
def test_sigint_and_sigterm_during_check_stop_quietly(tmp_path, sig, code):
    article = tmp_path / "long.txt"
    article.write_text(
        "".join(f"The army left kyiv on day {n} of the march.\n" for n in range(40000)), encoding="utf-8"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "mtcheck", "check", str(article)],
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)  # during start-up or the check: either way a quiet stop
    process.send_signal(sig)
    _, error = process.communicate(timeout=60)
    assert process.returncode == code and "Traceback" not in error


@pytest.mark.parametrize(
    "content, problem",
    [
        ('source-pattern = "{stem:>999999999}.es.md"\n', "no format specs"),  # would build a 1 GB name
        ('proper-noun-files = ["/dev/zero"]\n', "cannot read /dev/zero: is a character device"),
        ("max-file-size = -1\n", "must be a size in MB"),
    ],
)
def test_config_values_that_could_exhaust_memory_are_refused(tmp_path, content, problem):
    (tmp_path / ".mtcheck.toml").write_text(content, encoding="utf-8")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    assert_one_line_error(mtcheck("check", "a.txt", cwd=tmp_path, timeout=30), ".mtcheck.toml", problem)


@pytest.mark.parametrize("option", [["--worst", "-5"], ["--paired-samples", "-1"], ["--chrf-word-order", "99"]])
def test_out_of_range_score_options_are_usage_errors(tmp_path, option):
    text = tmp_path / "a.txt"
    text.write_text(GOOD, encoding="utf-8")
    process = mtcheck("score", "-r", str(text), str(text), *option)
    assert process.returncode == 2 and "Invalid value" in process.stderr and "Traceback" not in process.stderr
