"""Finding the files to check and reading them into `InputText`s (UTF-8, BOM, newlines)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mtcheck.files import DEFAULT_MAX_MB, STDIN_NAME, InputError, read_bytes, stdin_bytes

if TYPE_CHECKING:
    from mtcheck.text.discovery import ProjectExcludes

MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
TEXT_EXTENSIONS = frozenset({".txt", ".text"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
CHECKED_EXTENSIONS = MARKDOWN_EXTENSIONS | TEXT_EXTENSIONS | HTML_EXTENSIONS
_BOM = "\ufeff"


@dataclass(frozen=True)
class InputText:
    """A decoded input. `text` has no BOM and '\\n' newlines; the rest says how to write it back."""

    path: str
    text: str
    format: str  # "text", "markdown" or "html" (or a bilingual format: "xliff", "tmx", "tsv", "csv")
    bom: bool = False
    newline: str = "\n"  # the file's dominant newline: "\n", "\r\n" or "\r"
    mixed_newlines: bool = False


def format_for(path: str, forced: str = "auto") -> str:
    if forced != "auto":
        return forced
    suffix = Path(path).suffix.lower()
    if suffix in MARKDOWN_EXTENSIONS:
        return "markdown"
    return "html" if suffix in HTML_EXTENSIONS else BILINGUAL_FORMATS.get(suffix, "text")


# Corpora of records, one document each (mtcheck/run/records.py); read only when named, never found in folders.
RECORD_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}


def records_format(path: str, forced: str = "auto") -> str | None:
    """ "jsonl" or "parquet" when the input is a corpus of records, else None."""
    if forced != "auto":
        return forced if forced in RECORD_FORMATS.values() else None
    return RECORD_FORMATS.get(Path(path).suffix.lower())


# Bilingual files, a source and a target per unit (mtcheck/text/bilingual.py); read only when named.
BILINGUAL_FORMATS = {".xlf": "xliff", ".xliff": "xliff", ".tmx": "tmx", ".tsv": "tsv", ".csv": "csv"}


def bilingual_format(path: str, forced: str = "auto") -> str | None:
    """ "xliff", "tmx", "tsv" or "csv" when the input is a bilingual file, else None."""
    if forced != "auto":
        return forced if forced in BILINGUAL_FORMATS.values() else None
    return BILINGUAL_FORMATS.get(Path(path).suffix.lower())


def decode(data: bytes, path: str, input_format: str = "auto") -> InputText:
    """Decode bytes as UTF-8 text, or raise InputError saying why the file is not checkable."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise InputError(path, "UTF-32 text is not supported; convert the file to UTF-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "UTF-16 text is not supported; convert the file to UTF-8")
    if b"\x00" in data:  # anywhere, not only near the start: a NUL is never in text
        raise InputError(path, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(
            path, f"not valid UTF-8: byte 0x{data[err.start]:02x} at offset {err.start} (line {line})"
        ) from None
    bom = text.startswith(_BOM)
    if bom:
        text = text[1:]
    crlf = text.count("\r\n")
    lone_cr = text.count("\r") - crlf
    lone_lf = text.count("\n") - crlf
    counts = {"\r\n": crlf, "\n": lone_lf, "\r": lone_cr}
    newline = max(counts, key=lambda k: (counts[k], k == "\n"))
    if counts[newline] == 0:
        newline = "\n"
    mixed = sum(1 for n in counts.values() if n) > 1
    if crlf or lone_cr:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return InputText(path, text, format_for(path, input_format), bom, newline, mixed)


def read_input(path: str, input_format: str = "auto", max_mb: float = DEFAULT_MAX_MB) -> InputText:
    return decode(read_bytes(path, max_mb), path, input_format)


def read_stdin(display_name: str = STDIN_NAME, input_format: str = "auto", max_mb: float = DEFAULT_MAX_MB) -> InputText:
    return decode(stdin_bytes(display_name, max_mb), display_name, input_format)


def discover(
    paths: Iterable[str],
    exclude: Iterable[str] = (),
    project: ProjectExcludes | None = None,
    force: bool = False,
) -> Iterator[str]:
    """The files to check under paths: folders searched for articles (mtcheck/text/discovery.py)."""
    from mtcheck.text.discovery import discover as discover_files

    return discover_files(paths, CHECKED_EXTENSIONS, exclude, project, force)
