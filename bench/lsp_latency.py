#!/usr/bin/env python3
"""How long after an edit the editor sees the findings: `mtcheck lsp` over stdio, timed from
the client.

    python bench/lsp_latency.py [--changes 30] [--pause 0.5] [--bytes 5000] [--article FILE]

The server is started as an editor starts it (`python -m mtcheck lsp`, a pipe each way), and a
client written with pygls opens a ~5 KB article: by default the first segments of a WMT22
uk-en system output (real MT, from ../shared), else the bundled sample article repeated. Then
it makes --changes edits, each after a pause of --pause seconds (so that each is a new burst
of typing): an edit inserts or removes a sentence with two findings in a different paragraph
each time, sent as the whole text (the server asks for full sync). Each latency runs from
sending didChange to receiving the publishDiagnostics of that version, so it includes the
server's debounce delay (mtcheck/run/lsp_server.py, DEBOUNCE_SECONDS), the check, the
conversion of positions and both pipes. Prints the median, p95 and maximum, and the same
for a burst of five keystrokes 40 ms apart (timed from the last one), and the server's CPU
time per edit, which the machine's load does not change. Last, it opens a --long-bytes article
(the same text repeated) and asks for hovers while that is checked: the event loop should
answer at once, the check running in its worker thread.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared"))
WMT_OUTPUT = SHARED / "data" / "wmt22-uk-en" / "generaltest2022.uk-en.hyp.Online-B.en"
INSERTED = " Talks in kyiv ended on tuesday."


def article(path: Path | None, size: int) -> tuple[str, str]:
    """(text of about `size` characters cut at a line end, where it comes from)."""
    source = path or (WMT_OUTPUT if WMT_OUTPUT.exists() else REPO / "examples" / "sample-article.txt")
    lines = source.read_text(encoding="utf-8").splitlines()
    text = ""
    while len(text) < size:
        for line in lines:
            if len(text) + len(line) + 1 > size and text:
                return text, str(source)
            text += line + "\n"
    return text, str(source)


def edited(text: str, step: int) -> str:
    """The article with the sentence inserted at the end of one paragraph (a different one each step)."""
    lines = text.split("\n")
    target = (step * 7) % max(1, len(lines) - 1)
    lines[target] += INSERTED
    return "\n".join(lines)


def cpu_seconds(pid: int | None) -> float:
    """CPU time (user and system) a process has used so far, from /proc (0 elsewhere)."""
    stat = Path(f"/proc/{pid}/stat")
    if pid is None or not stat.exists():
        return 0.0
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def measure(args: argparse.Namespace) -> None:
    text, origin = article(args.article, args.bytes)
    arrived: dict[tuple[str, int], float] = {}  # (uri, version) -> when its diagnostics came
    findings: dict[tuple[str, int], int] = {}
    client = LanguageClient("lsp-latency", "1")

    news = asyncio.Event()  # set at each publishDiagnostics (no polling: the machine has 2 cores)

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        if params.version is not None:
            arrived[params.uri, params.version] = time.perf_counter()
            findings[params.uri, params.version] = len(params.diagnostics)
            news.set()

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    await client.start_io(sys.executable, "-m", "mtcheck", "lsp", env=env)
    folder = Path(args.workspace or tempfile.mkdtemp(prefix="lsp-latency-")).resolve()
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=folder.as_uri())
    )
    client.initialized(types.InitializedParams())
    uri = (folder / "article.txt").as_uri()

    async def arrival(version: int, of: str = uri) -> float:
        while (of, version) not in arrived:
            news.clear()
            await news.wait()
        return arrived[of, version]

    started = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "plaintext", 1, text)))
    first = await arrival(1) - started
    version = 1

    def change(new_text: str) -> float:
        nonlocal version
        version += 1
        identifier = types.VersionedTextDocumentIdentifier(uri=uri, version=version)
        sent = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(identifier, [types.TextDocumentContentChangeWholeDocument(new_text)])
        )
        return sent

    server_pid = client._server.pid if client._server is not None else None
    cpu_before = cpu_seconds(server_pid)
    single = []
    for step in range(args.changes):
        await asyncio.sleep(args.pause)
        sent = change(edited(text, step) if step % 2 == 0 else text)
        single.append(await arrival(version) - sent)
    cpu_per_edit = (cpu_seconds(server_pid) - cpu_before) / args.changes
    bursts = []
    skipped: list[int] = []  # versions typed over before the pause: never checked or published
    for step in range(args.changes // 3):
        await asyncio.sleep(args.pause)
        base = edited(text, step)
        for typed in range(1, 6):  # five keystrokes, typing "kyiv " letter by letter
            sent = change(base + " kyiv "[:typed])
            if typed < 5:
                skipped.append(version)
            await asyncio.sleep(0.04 if typed < 5 else 0)
        bursts.append(await arrival(version) - sent)
    # Responsiveness: hovers while a long article is being checked in the worker thread.
    big_uri = (folder / "long.txt").as_uri()
    big = text * (args.long_bytes // len(text) + 1)
    opened = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(big_uri, "plaintext", 1, big)))
    await asyncio.sleep(0.05)
    hovers = []
    where = types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 0))
    while (big_uri, 1) not in arrived and len(hovers) < 200:
        asked = time.perf_counter()
        await client.text_document_hover_async(where)
        hovers.append(time.perf_counter() - asked)
        await asyncio.sleep(0.02)
    big_check = await arrival(1, big_uri) - opened
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()

    print(f"article: {len(text)} characters ({len(text.encode('utf-8'))} bytes) from {origin}")
    print(f"findings: {findings[uri, 1]} on the article, {findings[uri, 2]} after the first edit")
    print(f"open: {first * 1000:.0f} ms to the first diagnostics (rules loaded at start-up, first check)")
    for name, values in (("single edit", single), ("burst of 5 keystrokes, from the last", bursts)):
        ms = [v * 1000 for v in values]
        print(
            f"{name}: n={len(ms)} median {statistics.median(ms):.0f} ms, "
            f"p95 {percentile(ms, 0.95):.0f} ms, max {max(ms):.0f} ms"
        )
    print(f"server CPU per single edit: {cpu_per_edit * 1000:.0f} ms (what the machine's load does not change)")
    stale = [v for v in skipped if (uri, v) in arrived]
    print(f"versions typed over within a burst: {len(skipped)}, of which published: {len(stale)}")
    ms = [h * 1000 for h in hovers]
    print(
        f"hover while a {len(big) // 1000} KB article is checked ({big_check:.1f} s to its diagnostics): "
        f"n={len(ms)} median {statistics.median(ms):.0f} ms, max {max(ms):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=30)
    parser.add_argument("--pause", type=float, default=0.5, help="seconds between edits")
    parser.add_argument("--bytes", type=int, default=5000, help="size of the article")
    parser.add_argument("--long-bytes", type=int, default=200_000, help="size of the long article")
    parser.add_argument("--article", type=Path, help="a text file to cut the article from")
    parser.add_argument("--workspace", help="the folder the article is said to be in (default: a new empty one)")
    asyncio.run(measure(parser.parse_args()))


if __name__ == "__main__":
    main()
