"""`mtcheck check --ref`: findings plus per-sentence scores, omissions and additions."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from mtcheck.cli import app

MT = """# NATO ministers agree on air defence

BRUSSELS, Feb. 13 (EFE) – The defence ministers of NATO agreed on Thursday to reinforce the air defences of Ukraine.

The Secretary General said that the deliveries will arrive in the coming weeks and before the summer.

The next meeting will take place in October, also in Brussels.
"""
REFERENCE = """# NATO ministers agree on air defence

BRUSSELS, Feb. 13 (EFE) – NATO defence ministers agreed on Thursday to strengthen Ukraine's air defences.

The Secretary General said the deliveries would arrive in the coming weeks and before the summer.

Ministers also discussed ammunition production, which has tripled since 2022.

The next meeting will be held in October, also in Brussels.
"""


def files(tmp_path):
    (tmp_path / "mt.md").write_text(MT, encoding="utf-8")
    (tmp_path / "ref.md").write_text(REFERENCE, encoding="utf-8")
    return str(tmp_path / "mt.md"), str(tmp_path / "ref.md")


def test_omission_is_reported_where_the_mt_should_have_it(tmp_path):
    mt, ref = files(tmp_path)
    result = CliRunner().invoke(app, ["check", mt, "--ref", ref])
    assert result.exit_code == 1
    assert (
        f'{mt}:7:1: major RF102 omission The reference has a sentence the MT lacks here: "Ministers also discussed'
        in result.stdout
    )
    assert f"{mt} against {ref}:" in result.stdout
    assert "(nothing: the MT left this out)" in result.stdout
    assert "chrF2|nrefs:1|" in result.stdout


def test_json_carries_scores_per_sentence(tmp_path):
    mt, ref = files(tmp_path)
    data = json.loads(CliRunner().invoke(app, ["check", mt, "--ref", ref, "--format", "json"]).stdout)
    (entry,) = data["files"]
    assert [d["code"] for d in entry["diagnostics"]] == ["RF102"]
    segments = entry["reference"]["segments"]
    assert [s["hyp_lines"] for s in segments] == [[1, 1], [3, 3], [5, 5], None, [7, 7]]
    assert segments[3]["chrf"] == 0.0 and segments[0]["chrf"] == 100.0
    assert set(entry["reference"]["corpus"]) == {"chrf", "bleu"}


def test_threshold_flags_divergent_sentences(tmp_path):
    mt, ref = files(tmp_path)
    result = CliRunner().invoke(app, ["check", mt, "--ref", ref, "--chrf-threshold", "75", "--select", "RF101"])
    assert result.stdout.count(" minor RF101 ") == 1  # only the dateline sentence (chrF 71) is below 75


def test_ref_needs_exactly_one_article(tmp_path):
    mt, ref = files(tmp_path)
    result = CliRunner().invoke(app, ["check", mt, mt, "--ref", ref])
    assert result.exit_code == 2 and "give exactly one file" in result.stderr
    missing = CliRunner().invoke(app, ["check", mt, "--ref", str(tmp_path / "nope.md")])
    assert missing.exit_code == 2 and "reference " in missing.stderr and "no such file" in missing.stderr
