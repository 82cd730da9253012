#!/usr/bin/env python3
"""What checking a bilingual file costs: a 2,000-unit XLIFF against the same pairs as records.

    python bench/bilingual_speed.py [--units 2000] [--repeat 3]

The units are the WMT22 de-en German sources and one system's output (../shared/data, lines
repeated from the start when --units asks for more), written as XLIFF 1.2 and as a JSON
Lines corpus with a source field. Reports the best of --repeat runs, in CPU time, of: reading
the XLIFF into its units (mtcheck's expat reader; lxml and translate-toolkit, when
installed, for comparison: they give no position inside an element), checking every unit
of the XLIFF, and checking the JSON Lines corpus (the same checks without XML); then the
CPU and wall time of a cold `mtcheck check` on the XLIFF.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from html_speed import best_cpu  # noqa: E402  (beside this script)

from mtcheck.run.bilingual import check_bilingual  # noqa: E402
from mtcheck.run.records import RecordFields, check_records  # noqa: E402
from mtcheck.run.session import Session  # noqa: E402
from mtcheck.text.bilingual import Columns  # noqa: E402
from mtcheck.text.inputs import decode  # noqa: E402
from mtcheck.text.xml_units import xml_units  # noqa: E402

DATA = Path(os.environ.get("MTCHECK_SHARED", REPO.parent / "shared")) / "data" / "wmt22-de-en"
SYSTEM = "Online-B"


def pairs(units: int) -> list[tuple[str, str]]:
    sources = (DATA / "generaltest2022.de-en.src.de").read_text(encoding="utf-8").splitlines()
    targets = (DATA / f"generaltest2022.de-en.hyp.{SYSTEM}.en").read_text(encoding="utf-8").splitlines()
    return [(sources[n % len(sources)], targets[n % len(targets)]) for n in range(units)]


def xliff(units: list[tuple[str, str]]) -> str:
    body = "".join(
        f'<trans-unit id="u{n}">\n  <source>{escape(s)}</source>\n  <target>{escape(t)}</target>\n</trans-unit>\n'
        for n, (s, t) in enumerate(units, 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        f'<file source-language="de" target-language="en" datatype="plaintext" original="news"><body>\n{body}'
        "</body></file></xliff>\n"
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def other_readers(data: bytes) -> dict[str, Callable[[], object]]:
    """Parsers measured for comparison, when installed (neither gives offsets inside an element)."""
    found: dict[str, Callable[[], object]] = {}
    try:
        from lxml import etree

        found["lxml (element lines only)"] = lambda: etree.fromstring(data)
    except ImportError:
        pass
    try:
        from translate.storage import xliff as toolkit

        found["translate-toolkit (element lines only)"] = lambda: toolkit.xlifffile(data).units
    except ImportError:
        pass
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"shared data not found at {DATA} (set MTCHECK_SHARED)")
    units = pairs(args.units)
    with tempfile.TemporaryDirectory() as folder:
        xlf = Path(folder) / "news.xlf"
        xlf.write_text(xliff(units), encoding="utf-8")
        corpus = Path(folder) / "news.jsonl"
        corpus.write_text(
            "".join(json.dumps({"id": f"u{n}", "text": t, "src": s}) + "\n" for n, (s, t) in enumerate(units, 1)),
            encoding="utf-8",
        )
        data = xlf.read_bytes()
        print(f"{args.units} units, XLIFF {len(data) / 1024:.0f} KB (WMT22 de-en, {SYSTEM})")
        text = decode(data, str(xlf))
        print(f"read with expat (mtcheck): {best_cpu(lambda: xml_units(text), args.repeat):.3f} s CPU")
        for name, read in other_readers(data).items():
            print(f"read with {name}: {best_cpu(read, args.repeat):.3f} s CPU")
        session = Session({"source_lang": "de"}, search_config=False)
        list(check_records(session, str(corpus), RecordFields(source="src"), "jsonl"))  # rules loaded, caches warm
        as_xliff = best_cpu(lambda: list(check_bilingual(session, str(xlf), "xliff", Columns())), args.repeat)
        fields = RecordFields(source="src")
        as_records = best_cpu(lambda: list(check_records(session, str(corpus), fields, "jsonl")), args.repeat)
        print(
            f"check the XLIFF, every unit with its source: {as_xliff:.2f} s CPU ({args.units / as_xliff:.0f} units/s)"
        )
        print(
            f"check the same pairs as JSON Lines records: {as_records:.2f} s CPU (XLIFF/records {as_xliff / as_records:.2f})"
        )
        start, children = time.perf_counter(), _children_cpu()
        subprocess.run(
            [sys.executable, "-m", "mtcheck", "check", "--fail-on", "never", "--statistics", str(xlf)],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        wall, cpu = time.perf_counter() - start, _children_cpu() - children
        print(f"cold `mtcheck check news.xlf`: {cpu:.2f} s CPU, {wall:.2f} s wall (wall depends on the machine's load)")


if __name__ == "__main__":
    main()
