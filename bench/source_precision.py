#!/usr/bin/env python3
"""Draw the source-aware findings other than numbers (SR102-SR107) on real MT output, to judge by hand.

    python bench/source_precision.py --pair uk-en [--per-pair 40] [--part eval] [--seed 20] > sample.tsv
    python bench/source_precision.py --summary bench/source-precision-2026-11-29.tsv

As bench/number_precision.py draws SR101 findings (the same documents, halves, spread over
systems and documents, columns and --keep), for the rules that compare sentences, their
lengths, links and names with the source. Tune on `--part dev`; measure on `--part eval`.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from number_precision import main as draw_sample  # noqa: E402

CODES = ("SR102", "SR103", "SR104", "SR105", "SR106", "SR107")

if __name__ == "__main__":
    sys.exit(draw_sample(codes=CODES, per_pair=40, seed=20, description=__doc__))
