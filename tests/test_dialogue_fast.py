"""MT517's searches near dashes only give what a search of the whole text gives."""

from __future__ import annotations

import pytest

from mtcheck.checks.dialogue import _ATTRIBUTION_DASH, _attribution_dashes
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText


@pytest.mark.parametrize(
    "text",
    [
        '"We will win," - explained Tatiana. "No." — said he, "yes" – she,- it.\n\n- Are you sure?\n\n- Yes.',
        ",-a.-b!–c?—d…- e,” - f.’ – g,\u00a0-\u00a0h",
        '-a\n\n,- \n\n, -\n\n."-x',
        "no dash here",
        "",
    ],
)
def test_attribution_dashes_are_the_block_matches(text):
    doc = build_document(InputText("a.txt", text, "text"), "en")
    found = [m.span() for _, m in _attribution_dashes(doc)]
    assert found == [m.span() for _, m in doc.block_matches(_ATTRIBUTION_DASH)]
