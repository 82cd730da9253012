"""Reference scoring: exactly sacrebleu's numbers, and clear errors for bad input."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.compare.scoring import ScoringError, ScoringOptions, score
from tests.conftest import WMT, needs_shared

SYSTEMS = [
    "JDExploreAcademy",
    "LT22",
    "Lan-Bridge",
    "Online-A",
    "Online-B",
    "Online-G",
    "Online-W",
    "Online-Y",
    "PROMT",
]


def lines(name: str) -> list[str]:
    return (WMT / f"generaltest2022.de-en.{name}.en").read_text(encoding="utf-8").split("\n")[:-1]


def published() -> dict[tuple[str, str], float]:
    with open(WMT / "automatic-scores.de-en.tsv", encoding="utf-8") as handle:
        return {(row["system"], row["metric"]): float(row["score"]) for row in csv.DictReader(handle, delimiter="\t")}


@needs_shared(WMT)
@pytest.mark.slow
@pytest.mark.parametrize("system", SYSTEMS)
def test_published_wmt22_scores_are_reproduced(system):
    table = published()
    hyp, ref_a, ref_b = lines(f"hyp.{system}"), lines("ref.A"), lines("ref.B")
    both = score(hyp, [ref_a, ref_b], ScoringOptions(("bleu", "chrf")))
    bleu_a = score(hyp, [ref_a], ScoringOptions(("bleu",)))
    chrf_b = score(hyp, [ref_b], ScoringOptions(("chrf",)))
    assert both.corpus["bleu"].score == pytest.approx(table[(system, "bleu-all")], abs=0.01)
    assert both.corpus["chrf"].score == pytest.approx(table[(system, "chrf-all")], abs=0.01)
    assert bleu_a.corpus["bleu"].score == pytest.approx(table[(system, "bleu-A")], abs=0.01)
    assert chrf_b.corpus["chrf"].score == pytest.approx(table[(system, "chrf-B")], abs=0.01)


@needs_shared(WMT)
@pytest.mark.parametrize("tokenize", ["13a", "intl", "char"])
def test_segment_scores_equal_sacrebleus_sentence_score(tokenize):
    from sacrebleu.metrics import BLEU, CHRF, TER

    hyp, ref_a, ref_b = lines("hyp.Online-B")[:60], lines("ref.A")[:60], lines("ref.B")[:60]
    result = score(hyp, [ref_a, ref_b], ScoringOptions(("bleu", "chrf", "ter"), tokenize=tokenize, chrf_word_order=2))
    bleu = BLEU(tokenize=tokenize, effective_order=True)
    chrf = CHRF(word_order=2)
    ter = TER()
    for i, (h, a, b) in enumerate(zip(hyp, ref_a, ref_b)):
        assert result.segments["bleu"][i] == bleu.sentence_score(h, [a, b]).score
        assert result.segments["chrf"][i] == chrf.sentence_score(h, [a, b]).score
        assert result.segments["ter"][i] == ter.sentence_score(h, [a, b]).score
    assert result.corpus["bleu"].score == BLEU(tokenize=tokenize).corpus_score(hyp, [ref_a, ref_b]).score
    assert result.corpus["chrf"].signature.startswith("chrF2++|nrefs:2|")
    assert result.corpus["bleu"].signature.startswith(f"BLEU|nrefs:2|case:mixed|eff:no|tok:{tokenize}|")


def test_lowercase_and_bootstrap_interval():
    result = score(["The Cat sat."], [["the cat sat."]], ScoringOptions(("bleu",), lowercase=True))
    assert result.corpus["bleu"].score == pytest.approx(100.0) and "case:lc" in result.corpus["bleu"].signature
    hyps = ["The cat sat on the mat."] * 5 + ["A dog ran in the park."] * 5
    refs = [["The cat sat on the mat."] * 5 + ["The dog ran in the park."] * 5]
    interval = score(hyps, refs, ScoringOptions(("chrf",)), n_bootstrap=200)
    assert "(μ = " in interval.corpus["chrf"].text and "±" in interval.corpus["chrf"].text


@pytest.mark.parametrize(
    "options, message",
    [
        (ScoringOptions(("blue",)), "--metrics: unknown metric 'blue'"),
        (ScoringOptions(("bleu",), tokenize="13b"), "--tokenize: unknown tokenizer '13b'"),
    ],
)
def test_bad_options_are_clear_errors(options, message):
    with pytest.raises(ScoringError, match=message):
        score(["a"], [["a"]], options)


def run(*args):
    return CliRunner().invoke(app, ["score", *map(str, args)])


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_score_command_line_mode_text_json_tsv(tmp_path):
    hyp = write(tmp_path / "mt.txt", "The cat sat on the mat.\nA dog barked loudly.\n")
    ref = write(tmp_path / "ref.txt", "The cat sat on the mat.\nThe dog barked loudly.\n")
    text = run(hyp, "--ref", ref)
    assert text.exit_code == 0
    assert "BLEU|nrefs:1|case:mixed|eff:no|tok:13a" in text.stdout and "chrF2|nrefs:1|" in text.stdout
    data = json.loads(run(hyp, "--ref", ref, "--metrics", "bleu,chrf,ter", "--format", "json").stdout)
    assert set(data["corpus"]) == {"bleu", "chrf", "ter"}
    first, second = data["segments"]
    assert first["hyp"] == "The cat sat on the mat." and first["bleu"] == 100.0 and first["hyp_lines"] == [1, 1]
    assert second["refs"] == ["The dog barked loudly."] and second["ref_lines"] == [[2, 2]]
    tsv = run(hyp, "--ref", ref, "--format", "tsv").stdout.strip().split("\n")
    assert tsv[0].split("\t") == ["system", "index", "hyp_lines", "ref_lines", "bleu", "chrf", "hyp", "ref1"]
    assert len(tsv) == 3
    worst = json.loads(run(hyp, "--ref", ref, "--worst", "1", "--format", "json").stdout)
    assert [s["index"] for s in worst["segments"]] == [2]


def test_text_output_leads_with_corpus_scores_and_lists_segments_on_request(tmp_path):
    hyp = write(tmp_path / "mt.txt", "The cat sat on the mat.\nThe dog barked.\n")
    ref = write(tmp_path / "ref.txt", "The cat sat on the mat.\nThe dog barked loudly.\n")
    plain = run(hyp, "--ref", ref).stdout.strip().split("\n")
    assert plain[0] == str(hyp) and plain[1].startswith("BLEU|") and plain[2].startswith("chrF2|") and len(plain) == 3
    listed = run(hyp, "--ref", ref, "--segments").stdout
    assert listed.index("chrF2|") < listed.index("The dog barked.") and "The cat sat on the mat." in listed
    lowest = run(hyp, "--ref", ref, "--worst", "1").stdout
    assert "The dog barked." in lowest and "The cat sat" not in lowest
    assert run(hyp, "--ref", ref, "--worst", "0").stdout.strip().split("\n") == plain


def test_document_mode_aligns_sentences(tmp_path):
    hyp = write(
        tmp_path / "mt.md", "The minister arrived on Monday, and the talks began at noon.\n\nThey ended late.\n"
    )
    ref = write(
        tmp_path / "ref.md",
        "The minister arrived on Monday.\n\nThe talks began at noon.\n\nThey ended late at night.\n",
    )
    data = json.loads(run(hyp, "--ref", ref, "--format", "json").stdout)
    assert [s["hyp_lines"] for s in data["segments"]] == [[1, 1], [3, 3]]
    assert data["segments"][0]["refs"] == ["The minister arrived on Monday. The talks began at noon."]
    assert data["segments"][0]["ref_lines"] == [[1, 3]]


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda d: (write(d / "a.txt", "one\ntwo\n"), write(d / "b.txt", "one\n")), "a.txt has 2 lines but"),
        (lambda d: (write(d / "a.txt", ""), write(d / "b.txt", "")), "nothing to score: the files are empty"),
        (lambda d: (write(d / "a.txt", "x\n"), (d / "b.txt").write_bytes(b"\x00\x01") and d / "b.txt"), "binary file"),
    ],
)
def test_bad_input_is_a_one_line_error(tmp_path, setup, message):
    hyp, ref = setup(tmp_path)
    result = run(hyp, "--ref", ref)
    assert result.exit_code == 2 and message in result.stderr and len(result.stderr.strip().split("\n")) == 1


def test_a_reference_given_twice_is_an_error(tmp_path):
    hyp = write(tmp_path / "a.txt", "x\n")
    ref = write(tmp_path / "b.txt", "x\n")
    result = run(hyp, "--ref", ref, "--ref", ref)
    assert result.exit_code == 2 and "given twice as --ref" in result.stderr


def test_empty_lines_are_scored_as_empty_segments(tmp_path):
    hyp = write(tmp_path / "a.txt", "The cat sat.\n\nThe dog ran.\n")
    ref = write(tmp_path / "b.txt", "The cat sat.\nSomething.\nThe dog ran.\n")
    data = json.loads(run(hyp, "--ref", ref, "--format", "json").stdout)
    assert data["segments"][1]["hyp"] == "" and data["segments"][1]["chrf"] == 0.0


@needs_shared(WMT)
def test_paired_tests_compare_systems_with_the_baseline(tmp_path):
    for name in ("hyp.Online-B", "hyp.LT22", "ref.A"):
        write(tmp_path / f"{name}.txt", "\n".join(lines(name)[:150]) + "\n")
    result = run(
        tmp_path / "hyp.Online-B.txt",
        tmp_path / "hyp.LT22.txt",
        "--ref",
        tmp_path / "ref.A.txt",
        "--paired-bs",
        "--paired-samples",
        "200",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["paired"]["results"]
    assert rows[0]["baseline"] and rows[0]["bleu"]["p_value"] is None
    assert 0 <= rows[1]["bleu"]["p_value"] <= 1 and rows[1]["bleu"]["ci"] is not None
    text = run(
        tmp_path / "hyp.Online-B.txt",
        tmp_path / "hyp.LT22.txt",
        "--ref",
        tmp_path / "ref.A.txt",
        "--paired-ar",
        "--paired-samples",
        "100",
    ).stdout
    assert "paired approximate randomization" in text and "baseline: " in text


def test_an_html_page_is_scored_on_the_words_a_reader_sees(tmp_path):
    """Markup, attributes, scripts and styles are no words; the sentences point into the file."""
    import json

    from typer.testing import CliRunner

    from mtcheck.cli import app

    text = "Talks in kyiv ended on Friday.\n\nThe ministers left for brussels at noon.\n"
    page = (
        '<html><head><title>Talks</title><style>p { color: red }</style></head><body>\n<p class="lead intro">'
        'Talks in <em data-x="a b c">kyiv</em> ended on Friday.</p>\n<script>var a = "x y z";</script>\n'
        "<p>The ministers left for brussels at noon.</p>\n</body></html>\n"
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    scored = {}
    for name in ("a.txt", "a.html"):
        output = CliRunner().invoke(app, ["check", "--format", "json", str(tmp_path / name)]).stdout
        scored[name] = json.loads(output)["files"][0]["quality"]
    assert scored["a.html"]["words"] == scored["a.txt"]["words"] + 1  # the <title>'s word
    assert [s["text"] for s in scored["a.html"]["sentences"]] == [
        'Talks in <em data-x="a b c">kyiv</em> ended on Friday.',
        "The ministers left for brussels at noon.",
    ]
