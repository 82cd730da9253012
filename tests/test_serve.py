"""`mtcheck serve`, tested with a real LanguageTool client: language_tool_python pointed at
the running server must get mtcheck's findings, with offsets (UTF-16, as LanguageTool counts)
that select exactly the flagged text, emoji before them or not; limits answer with
LanguageTool's error statuses and the server goes on answering."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the serve extra is not installed: pip install -e '.[serve]'")
pytest.importorskip("uvicorn", reason="the serve extra is not installed: pip install -e '.[serve]'")
language_tool_python = pytest.importorskip(
    "language_tool_python", reason="language_tool_python (the test extra) is not installed"
)
requests = pytest.importorskip("requests", reason="requests comes with language_tool_python")

import mtcheck  # noqa: E402
from mtcheck.run import languagetool  # noqa: E402
from tests.conftest import all_end_within, ended  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "examples" / "sample-article.txt").read_text(encoding="utf-8")
MAX_TEXT = 20_000


def _seed() -> str:
    shared = Path(os.environ.get("MTCHECK_SHARED", ROOT.parent / "shared"))
    seed = shared / "seeds" / "000_7759f210fbbb2692.txt"
    if not seed.is_file():
        pytest.skip(f"the seed article is not at {seed} (../shared beside the checkout, or MTCHECK_SHARED)")
    return seed.read_text(encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, *options: str):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mtcheck", "serve", "--port", str(self.port), *options],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server stopped: {self.process.stderr.read() if self.process.stderr else ''}")
            try:
                if requests.get(f"{self.url}/v2/healthcheck", timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        self.stop()
        raise AssertionError("the server did not answer within 90 s")

    def check(self, **params: str) -> requests.Response:
        return requests.post(f"{self.url}/v2/check", data=params, timeout=60)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def server():
    running = Server("--workers", "2", "--max-text-length", str(MAX_TEXT))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(server):
    tool = language_tool_python.LanguageTool("en-US", remote_server=server.url)
    yield tool
    tool.close()


def _selected(text: str, match: dict) -> str:
    """What a match's UTF-16 offset and length select in the text."""
    return text.encode("utf-16-le")[2 * match["offset"] : 2 * (match["offset"] + match["length"])].decode("utf-16-le")


def _python_span(text: str, start: int, utf16_length: int) -> tuple[int, int]:
    """A match's span in Python's string: language_tool_python converts the offset from
    UTF-16 code units but not the length, so the end is converted here."""
    units = len(text[:start].encode("utf-16-le")) // 2 + utf16_length
    end = start
    while units > len(text[:end].encode("utf-16-le")) // 2:
        end += 1
    assert len(text[:end].encode("utf-16-le")) // 2 == units, "the match ends inside a surrogate pair"
    return start, end


def _expected(text: str, picky: bool = False) -> list[mtcheck.Diagnostic]:
    return mtcheck.Checker(min_severity="minor" if picky else "major").check_text(text)


def _assert_same_findings(text: str, matches: list, expected: list[mtcheck.Diagnostic]) -> None:
    assert [m.rule_id for m in matches] == [d.code for d in expected]
    for match, finding in zip(matches, expected):
        start, end = _python_span(text, match.offset, match.error_length)
        assert (start, end) == (finding.start, finding.end), match
        assert text[start:end] == finding.text
        assert match.message.startswith(finding.message)
        assert finding.text.strip() in match.sentence


def test_the_seed_articles_nine_artifacts_through_language_tool_python(client):
    seed = _seed()
    matches = client.check(seed)
    expected = _expected(seed)
    assert len(expected) == 9  # the seed's major artifacts; the tenth, a minor one, is level=picky's
    _assert_same_findings(seed, matches, expected)
    for match, finding in zip(matches, expected):  # no emoji here: the context's UTF-16 offset is Python's too
        assert match.matched_text == finding.text.replace("\n", " ")
        assert len(match.context) <= len(finding.text) + 2 * (languagetool.CONTEXT_SIZE + 3)
    kyiv = [m for m in matches if m.rule_id == "MT101"]
    assert [m.replacements for m in kyiv] == [["Kyiv"]] * 3
    assert {m.category for m in matches} >= {"CASING", "SEGMENTATION", "RESIDUE"}
    assert {m.rule_issue_type for m in matches} >= {"misspelling", "addition", "typographical"}


def test_offsets_hold_with_emoji_and_flags_before_the_findings(server, client):
    lines = _seed().split("\n")
    lines[3] = "Update 🚨🇺🇦: " + lines[3]  # inside a paragraph, before its broken split
    text = "🎉🇺🇦 " + "\n".join(lines) + " 👍"
    matches = client.check(text)
    expected = _expected(text)
    assert len(expected) == 9
    _assert_same_findings(text, matches, expected)
    # the raw offsets are UTF-16 code units: each emoji before "kyiv" counts twice
    raw = server.check(language="en-US", text=text).json()
    first_kyiv = next(m for m in raw["matches"] if m["rule"]["id"] == "MT101")
    start = next(d.start for d in expected if d.code == "MT101")
    assert first_kyiv["offset"] == start + 6  # 🎉 🇺 🇦 🚨 🇺 🇦: six characters outside the BMP, two units each


def test_level_picky_adds_the_minor_findings(client):
    seed = _seed()
    client.picky = True
    try:
        matches = client.check(seed)
    finally:
        client.picky = False
    _assert_same_findings(seed, matches, _expected(seed, picky=True))
    assert "MT402" in [m.rule_id for m in matches]


def test_enabled_and_disabled_rules(server):
    tool = language_tool_python.LanguageTool("en-GB", remote_server=server.url)
    tool.disabled_rules = {"MT101", "lowercase-day-month-or-holiday"}
    codes = [m.rule_id for m in tool.check(SAMPLE)]
    assert codes and "MT101" not in codes and "MT104" not in codes
    tool.disabled_rules = set()
    tool.enabled_rules = {"MT2"}
    tool.enabled_rules_only = True
    assert {m.rule_id for m in tool.check(SAMPLE)} == {"MT201"}
    tool.enabled_rules = set()
    tool.enabled_categories = {"RESIDUE"}
    rules = mtcheck.Checker().session.rules_by_code()
    residue = {d.code for d in _expected(SAMPLE) if rules[d.code].family == "residue"}
    assert len(residue) >= 2
    assert {m.rule_id for m in tool.check(SAMPLE)} == residue


def test_annotated_text_offsets_count_the_markup(server):
    annotation = [
        {"markup": "<p>"},
        {"text": "Ministers met in "},
        {"markup": '<a href="https://example.org/kyiv">'},
        {"text": "kyiv"},
        {"markup": "</a>"},
        {"text": " on tuesday 🎉."},
        {"markup": "</p>\n<p>", "interpretAs": "\n\n"},
        {"text": "Talks in kyiv went on."},
        {"markup": "</p>"},
    ]
    original = "".join(item.get("text", item.get("markup", "")) for item in annotation)
    response = server.check(language="en-US", data=json.dumps({"annotation": annotation}))
    assert response.status_code == 200, response.text
    found = [(m["rule"]["id"], _selected(original, m)) for m in response.json()["matches"]]
    assert found == [("MT101", "kyiv"), ("MT104", "tuesday"), ("MT101", "kyiv")]
    last = response.json()["matches"][-1]
    assert last["offset"] == len(original[: original.rindex("kyiv")].encode("utf-16-le")) // 2


def test_an_oversized_request_is_refused_and_the_server_goes_on(server):
    too_long = server.check(language="en-US", text="word " * (MAX_TEXT // 5) + "x")
    assert too_long.status_code == 413
    assert too_long.text.startswith("Error: Your text exceeds the limit of 20000 characters")
    huge = requests.post(f"{server.url}/v2/check", data={"language": "en", "text": "é" * 2_000_000}, timeout=60)
    assert huge.status_code == 413 and huge.text.startswith("Error: ")
    after = server.check(language="en-US", text="Talks in kyiv ended.")
    assert after.status_code == 200
    assert [m["rule"]["id"] for m in after.json()["matches"]] == ["MT101"]


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"text": "Talks in kyiv."}, 400, "Error: Missing 'language' parameter"),
        ({"language": "en-US"}, 400, "Error: Missing 'text' or 'data' parameter"),
        ({"language": "xx", "text": "Hi."}, 400, "Error: 'xx' is not a language code known to mtcheck"),
        ({"language": "en", "data": "{not json"}, 400, "Error: Could not parse JSON"),
        ({"language": "en", "data": '{"annotation": [{"text": "a", "markup": "b"}]}'}, 400, "Error: Only either"),
        ({"language": "en", "text": "a", "enabledOnly": "true"}, 400, "Error: You must specify enabled rules"),
        ({"language": "en", "text": "a", "level": "extreme"}, 400, "Error: Unknown 'level'"),
        ({"language": "en", "text": "a", "motherTongue": "qq"}, 400, "Error: 'motherTongue': unknown language"),
    ],
)
def test_bad_requests_get_language_tools_errors_not_tracebacks(server, params, status, message):
    response = server.check(**params)
    assert response.status_code == status
    assert response.text.startswith(message)
    assert "Traceback" not in response.text


def test_unknown_paths_and_methods(server):
    assert requests.get(f"{server.url}/v2/nothing", timeout=10).status_code == 404
    assert requests.delete(f"{server.url}/v2/check", timeout=10).status_code == 405
    invalid = requests.post(
        f"{server.url}/v2/check",
        data=b"language=en&text=%ff%fe",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=10,
    )
    assert invalid.status_code == 400 and invalid.text.startswith("Error: ")


def test_two_hundred_concurrent_requests_all_answered(server):
    text = SAMPLE
    expected = [(d.code, d.start) for d in _expected(text)]

    def ask(index: int) -> tuple[int, list]:
        response = server.check(language="en-US", text=text)
        if response.status_code != 200:
            return response.status_code, []
        return 200, [(m["rule"]["id"], m["offset"]) for m in response.json()["matches"]]

    with ThreadPoolExecutor(max_workers=200) as pool:
        answers = list(pool.map(ask, range(200)))
    assert [status for status, _ in answers] == [200] * 200
    assert all(found == expected for _, found in answers)


def test_a_worker_killed_is_replaced_and_the_server_goes_on(server):
    psutil = pytest.importorskip("psutil", reason="psutil comes with language_tool_python")
    assert server.check(language="en-US", text="Talks in kyiv ended.").status_code == 200
    processes = psutil.Process(server.process.pid).children(recursive=True)
    # the workers are the children of the forkserver (or of the server itself under spawn)
    workers = [p for p in processes if p.ppid() != server.process.pid] or processes
    workers[-1].kill()
    workers[-1].wait(timeout=10)
    # A request that reaches the other worker before the pool has seen the death is answered;
    # the one that finds the pool broken gets a 500 and restarts the workers; the next is answered.
    answers = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        response = server.check(language="en-US", text="Talks in kyiv ended.")
        answers.append((response.status_code, response.text[:70]))
        if response.status_code == 200 and any(status == 500 for status, _ in answers):
            break
        time.sleep(0.02)
    assert answers[-1][0] == 200 and any(status == 500 for status, _ in answers), answers
    assert all(
        status == 200 or (status == 500 and text.startswith("Error: Internal Error: a checking process died"))
        for status, text in answers
    ), answers


def test_the_workers_end_when_the_server_is_killed():
    psutil = pytest.importorskip("psutil", reason="psutil comes with language_tool_python")
    running = Server("--workers", "2")
    try:
        assert running.check(language="en-US", text="Talks in kyiv ended.").status_code == 200
        # the workers, the forkserver that forked them, multiprocessing's resource tracker
        processes = psutil.Process(running.process.pid).children(recursive=True)
        assert len(processes) >= 2
        running.process.kill()  # no chance to stop its workers
        running.process.wait(timeout=10)
        assert all_end_within(processes, 10), [(p.pid, p.cmdline()[-1][:60]) for p in processes if not ended(p)]
    finally:
        running.stop()


def test_time_queue_and_rate_limits():
    limited = Server(
        "--workers",
        "1",
        "--max-queue",
        "0",
        "--max-check-time",
        "0.5",  # the slow text takes seconds even on a fast idle machine
        "--rate-limit",
        "5",
        "--max-text-length",
        "2000000",
    )
    # About 1.9 MB: over a second of checking even with the native build, which checked the
    # 760 KB of 800 copies in about 0.5 s and sometimes finished inside the limit.
    slow_text = (SAMPLE + "\n") * 2000
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            slow = list(pool.map(lambda _: limited.check(language="en-US", text=slow_text), range(2)))
        # one runs out of time in the only worker, the other finds no room to wait for it
        assert sorted(response.status_code for response in slow) == [500, 503]
        timed_out, refused = sorted(slow, key=lambda response: response.status_code)
        assert timed_out.text.startswith("Error: Checking took longer than 0.5 seconds")
        assert refused.text.startswith("Error: There are currently too many parallel requests")
        assert limited.check(language="en-US", text="Talks in kyiv ended.").status_code == 200  # the worker goes on
        assert [limited.check(language="en", text="Hello.").status_code for _ in range(3)] == [200, 200, 429]
        refused = limited.check(language="en", text="Hello.")
        assert refused.status_code == 429 and refused.text.startswith("Error: Access from 127.0.0.1 denied")
        assert int(refused.headers["Retry-After"]) >= 1
    finally:
        limited.stop()


def test_without_the_serve_extra_the_command_says_what_to_install():
    code = "import sys; sys.modules['starlette'] = None; sys.argv = ['mtcheck', 'serve']; from mtcheck.cli import main; main()"
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 2
    assert (
        run.stderr
        == "mtcheck: error: mtcheck serve needs the serve extra (starlette is missing): pip install 'mtcheck[serve]'\n"
    )


def test_the_server_is_not_imported_by_the_command_line():
    code = "import sys, mtcheck.cli; sys.exit(int(any(m in sys.modules for m in ('starlette', 'uvicorn'))))"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_listening_beyond_localhost_warns(monkeypatch, capsys):
    import uvicorn

    from mtcheck.run import serve

    started = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self: started.append(self.config.host))
    serve.serve("127.0.0.1", 8081)
    assert capsys.readouterr().err == ""
    serve.serve("0.0.0.0", 8081)
    assert "warning: listening on 0.0.0.0" in capsys.readouterr().err
    assert started == ["127.0.0.1", "0.0.0.0"]
