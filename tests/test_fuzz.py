"""Property-based fuzzing of check and fix through the entry points the CLI uses.

Profiles: the short one runs in CI (derandomised, so a CI run is reproducible); the long one
explores at random: `MTCHECK_FUZZ=long pytest tests/test_fuzz.py` (MTCHECK_FUZZ_EXAMPLES sets
the examples per property, default 100,000). bench/fuzz_atheris.py is the coverage-guided
harness. Both hold inputs to the contract in tests/fuzz_contract.py; determinism across hash
seeds needs fresh processes, so it is checked here on a batch, not per input. Anything found
becomes an explicit @example here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is a test dependency (pip install -e '.[test]')")
from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from mtcheck.text.inputs import decode  # noqa: E402
from tests.fuzz_contract import FUZZ_PATH, check, decoded, hold_contract  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
LONG = os.environ.get("MTCHECK_FUZZ") == "long"
EXAMPLES = int(os.environ.get("MTCHECK_FUZZ_EXAMPLES", "100000")) if LONG else 40

settings.register_profile(
    "short",
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
settings.register_profile("long", max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile("long" if LONG else "short")

# Characters where text handling breaks: combining marks, right-to-left, emoji and their
# joiners, zero-width and control characters, lone CR, line and paragraph separators, NUL.
_ODD = [
    "\u0301",
    "\u0308",
    "\u05d0",
    "\u0627",
    "\u200f",
    "\u202e",
    "\U0001f600",
    "\U0001f44d\U0001f3fd",
    "\u200d",
    "\u200b",
    "\ufeff",
    "\u00ad",
    "\x01",
    "\x1b",
    "\x7f",
    "\r",
    "\r\n",
    "\u2028",
    "\u2029",
    "\x00",
    "\t",
    "\u00a0",
    "\u3000",
    "\ud7ff",
    "\U00010000",
    "\uffff",
]
# Pieces of news and of MT and scraping damage, so that the rules have something to do.
_NEWS = [
    "The minister said ",
    "kyiv",
    "Moscow. and Pyongyang.",
    "said.The ",
    "Add Comment\n",
    "()",
    " (EFE)",
    "Ã©",
    "â€™",
    "Ð¿Ñ€Ð¸",
    "3,5 million",
    "« quote »",
    '"open',
    "the talks the talks the talks ",
    "BRUSELAS –",
    "https://example.com/a_b",
    "1.234,5",
    "Mr. ",
    "U.S. ",
    "e.g. ",
    "Vláda v pondělí schválila ",
    "Правительство ",
    "政府は",
    "  ",
    "\n\n",
    "...",
    "—",
    "’s ",
    "'",
    "(",
    ")",
    "[",
    "]",
    "*",
    "_",
    "`",
]
_MARKDOWN = [
    "# ",
    "## ",
    "- ",
    "1. ",
    "> ",
    "```\n",
    "    ",
    "| a | b |\n",
    "[link](http://x.y)",
    "![img](a.png)",
    "<p>",
    "</p>",
    "<!-- mtcheck: ignore MT101 -->",
    "---\ntitle: kyiv\n---\n",
    "&amp;",
    "&#x27;",
    "\\",
    "<br>",
]

_piece = st.one_of(
    st.sampled_from(_NEWS),
    st.sampled_from(_MARKDOWN),
    st.sampled_from(_ODD),
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from("abcdefghij .,\nKMÃ©"), max_size=60),
    st.integers(1, 4000).map(lambda n: "x" * n),  # a long word
    st.integers(1, 3000).map(lambda n: "\n" * n),  # a flood of newlines
    st.integers(1, 400).map(lambda n: "Ã© â€™ " * n),  # a flood of mojibake
)
articles = st.lists(_piece, max_size=40).map("".join)


# Load what the rules load lazily (word lists, language profiles, ftfy) before any input is
# timed: the 2 s bound is for checking an input, not for mtcheck's first start.
for _warm in (
    "The minister said in kyiv. Vláda v pondělí schválila návrh zákona o rozpočtu.\n"
    "Правительство одобрило бюджет. 政府は予算を承認した。 Itâ€™s cafÃ© time.\n",
    "# Title\n\n- item ( x )\n",
):
    for _suffix in (".txt", ".md", ".html"):
        check(decode(_warm.encode(), FUZZ_PATH + _suffix))


@given(articles, st.sampled_from([".txt", ".md", ".html"]), st.booleans())
@example("The word " + "Ã© " * 1000 + "ends.", ".txt", False)  # issue 12: MT701 was quadratic
@example("ab. " * 8000, ".md", False)  # issue 12: MT201 asked the same block again per match
@example("https://example.com/" + "a/b-" * 5000, ".txt", False)  # issue 12: line clean-up on a long URL
@example("The minister said (  \u202a and left.\r\nAdd Comment\r\n", ".txt", True)
@example("\ufeff", ".txt", False)
# Found by the long profile: MT401's leading run of blanks tried from every blank of a masked
# code block, and MT603's lookahead from every tab of a run (both quadratic, both gave up).
@example(
    "The minister said " * 11 + "()" + "The minister said " * 7 + "Add Comment\n```\n" + "x" * 2487 + "Ã© â€™ " * 316,
    ".md",
    False,
)
@example("The minister said. " + "\t" * 20000 + " And he left.", ".txt", False)
# Found by atheris: removing the control character on the last line also trims the blanks at the end.
@example("~\n\x01\n", ".txt", False)
# Found by the long profile: removing a control character at the end of the text was taken
# for removing the last line, and the blanks after it were trimmed and a newline added.
@example("\u00c2\x80\x08  ", ".txt", False)
# Found by the long profile: with mixed newlines, removing a line after a lone CR left that CR
# before an LF, read as one line break (CRLF) where the text had two; the same with CR and
# CRLF as the file's newline.
@example("The minister said \rAdd Comment\n\nThe minister said ", ".txt", False)
@example("A.\rB.\rC.\rAdd Comment\r\n\nD.\r", ".txt", False)
@example("A.\r\nB.\r\nC.\rAdd Comment\n\nD.\r\n", ".txt", False)
# Found by the fuzzing of 2026-11-30 and a sweep of one-pattern floods (each gave up, one
# rule or, through the shared sentence split, fourteen): an unclosed bracket before a long
# run of letters, marks that never close, a Title Case word said over and over (MT504 read
# the whole line per pair), and a run of full stops with no space after it.
@example("Hi :) (" + "x" * 20000, ".txt", False)
@example("[" * 20000, ".md", False)
@example("“ a " * 8000, ".txt", False)
@example("Kyiv " * 8000, ".txt", False)
@example("." * 8000, ".txt", False)
# The same sweep over pairs of marks: an address start inside an address re-read the rest of
# it (and masking wrote overlapping spans again), a rule's exceptions were scanned per hit
# (MT501 gave up), and Markdown lowercased the whole text once per paragraph.
@example("Ã©www." * 6000, ".txt", False)
@example(")) :" * 10000, ".md", False)
@example("\n\n「" * 5000, ".md", False)
# And MT108 looked a match up among its sentence's words one by one, MT204 a paragraph among
# the article's: both gave up on 30 KB of one short pattern. These three are kept small enough
# for check and fix to stay well under the bound on a loaded machine (thousands of paragraphs
# cost time even when linear); bench/hostile_inputs.py times the full-size inputs.
@example("xxxxx !" * 3000, ".txt", False)
@example("\n\na" * 6000, ".txt", False)
@example("(:)" * 10000, ".txt", False)  # MT505 and MT506 read every face per bracket
# MT505 scanned a later paragraph's leftover marks (and, for quotes, its text) per opener.
@example("“a " * 6000 + "\n\n" + "a” " * 6000, ".txt", False)
@example("(a " * 6000 + "\n\n" + "a) " * 6000, ".txt", False)
# HTML: a character reference to a code point HTML drops ("&#1;") decodes to nothing.
@example("<p>The minister&#1; said &#x27;kyiv&#x27;.</p>\n<p>Add Comment</p>", ".html", True)
# Found by volume fuzzing: a currency sign moved before its amount exposed the next sign of a
# run, and a Moses marker inside a run of @ exposed another (fixing never settled).
@example("4" + "$" * 23 + "!", ".txt", False)
@example("@" * 8 + "-" + "@" * 54 + "\nr", ".md", False)
# and control characters deleted one by one between a lone CR and an LF (together they made CRLF)
@example("\x05" * 30 + "\r" + "\x05" * 5 + "\n", ".txt", False)
@example("a\rb\r\x0f\x0f\ncd\r\x0f\x0f\n", ".txt", False)
def test_check_and_fix_hold_their_contract(text, suffix, bom):
    hold_contract(("\ufeff" if bom else "") + text, suffix)


_DETERMINISM = """
import json, sys
from mtcheck.run.fix_files import fix_text
from mtcheck.text.inputs import decode
from mtcheck.run.session import Session

def check(source):
    return Session().check_input(source.path, source)

out = []
for text, suffix in json.load(sys.stdin):
    path = "/nonexistent-mtcheck-fuzz/article" + suffix
    out.append(fix_text(text, path, check, unsafe=True).fixed)
print(json.dumps(out))
"""


@settings(max_examples=1)
@given(
    st.lists(
        st.tuples(articles, st.sampled_from([".txt", ".md"])),
        min_size=20 if not LONG else 500,
        max_size=20 if not LONG else 500,
    )
)
def test_fix_is_the_same_whatever_the_hash_seed(batch):
    usable = [(text, suffix) for text, suffix in batch if decoded(text, suffix) is not None]
    outputs = set()
    for seed in ("0", "1", "2", "3"):
        run = subprocess.run(
            [sys.executable, "-c", _DETERMINISM],
            input=json.dumps(usable),
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONHASHSEED": seed},
        )
        assert run.returncode == 0, run.stderr[-2000:]
        outputs.add(run.stdout)
    assert len(outputs) == 1
