"""Reading files: encodings, newlines, binary files and folder discovery."""

from __future__ import annotations

import pytest

from mtcheck.files import InputError
from mtcheck.text.inputs import decode, discover, read_input


def test_utf8_with_bom_and_crlf_is_normalised_but_remembered():
    source = decode("\ufeffLine one\r\nLine two\r\n".encode(), "a.txt")
    assert source.text == "Line one\nLine two\n"
    assert source.bom and source.newline == "\r\n" and not source.mixed_newlines


def test_mixed_newlines_are_flagged_for_writing_back():
    source = decode(b"one\r\ntwo\nthree\r\n", "a.txt")
    assert source.newline == "\r\n" and source.mixed_newlines


@pytest.mark.parametrize(
    "data, problem",
    [
        (b"caf\xe9 con leche\n", "not valid UTF-8: byte 0xe9 at offset 3 (line 1)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes), not text"),
        ("hello".encode("utf-16"), "UTF-16 text is not supported; convert the file to UTF-8"),
    ],
)
def test_undecodable_input_is_a_one_line_error_naming_the_file(data, problem):
    with pytest.raises(InputError) as error:
        decode(data, "news/article.txt")
    assert str(error.value) == f"news/article.txt: {problem}"


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_input(str(tmp_path / "missing.md"))
    with pytest.raises(InputError, match="is a directory"):
        read_input(str(tmp_path))


def test_format_follows_the_extension_unless_forced(tmp_path):
    path = tmp_path / "story.md"
    path.write_text("# Title\n", encoding="utf-8")
    assert read_input(str(path)).format == "markdown"
    assert read_input(str(path), "text").format == "text"


def test_folders_are_searched_recursively_by_extension(tmp_path):
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("x")
    (tmp_path / "sub" / "c.json").write_text("{}")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.md").write_text("x")
    found = list(discover([str(tmp_path), str(tmp_path / "a.md"), "-"]))
    assert found == [str(tmp_path / "a.md"), str(tmp_path / "sub" / "b.txt"), "-"]
