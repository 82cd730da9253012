"""Inline suppression directives in HTML comments."""

from __future__ import annotations

from tests.conftest import check_text, codes


def test_disable_and_enable_a_region():
    text = (
        "The army left kyiv.\n\n<!-- mtcheck: disable MT101 -->\n\nThe troops left kyiv.\n\n"
        "Talks on friday.\n\n<!-- mtcheck: enable -->\n\nThe tanks left kyiv.\n"
    )
    doc, findings = check_text(text, "markdown", "a.md")
    assert [(f.code, doc.position(f.start)[0]) for f in findings] == [("MT101", 1), ("MT104", 7), ("MT101", 11)]


def test_disable_everything_then_enable_one_rule():
    text = "<!-- mtcheck: disable -->\n<!-- mtcheck: enable MT104 -->\nThe army left kyiv on friday.\n"
    _, findings = check_text(text, "markdown", "a.md")
    assert codes(findings) == ["MT104"]


def test_disable_next_line_by_name_and_prefix():
    text = "<!-- mtcheck: disable-next-line lowercase-place-name, MT2 -->\n\nThe army left kyiv. and moved on friday.\nThe army left kyiv.\n"
    doc, findings = check_text(text, "markdown", "a.md")
    assert [(f.code, doc.position(f.start)[0]) for f in findings] == [("MT104", 3), ("MT101", 4)]


def test_disable_line_in_an_inline_comment():
    _, findings = check_text("The army left kyiv. <!-- mtcheck: disable-line MT101 -->\n", "markdown", "a.md")
    assert findings == []


def test_directives_in_plain_text_files_too():
    _, findings = check_text("<!-- mtcheck: disable-next-line -->\nThe army left kyiv.\n")
    assert findings == []


def test_malformed_directives_are_reported_and_do_nothing():
    text = "<!-- mtcheck: disabel MT101 -->\n<!-- mtcheck: disable MT999 -->\nThe army left kyiv.\n"
    _, findings = check_text(text, "markdown", "a.md")
    assert codes(findings) == ["MT001", "MT001", "MT101"]
    assert "unknown directive action 'disabel'" in findings[0].message
    assert "names no known rule: 'MT999'" in findings[1].message


def test_directives_inside_code_are_not_directives():
    text = "```\n<!-- mtcheck: disable -->\n```\n\nThe army left kyiv.\n"
    _, findings = check_text(text, "markdown", "a.md")
    assert codes(findings) == ["MT101"]
