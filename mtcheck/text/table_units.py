"""TSV and CSV files with a source and a target column, read with the csv module.

The first row names the columns: the source is `--source-column` or the first column named
source, src or original; the target `--target-column` or the first named target, tgt,
translation or mt; an `id` column names the units (else each is known by its line). A column
named by a language code (`de`, `en-GB`) gives the language too. TSV is the IANA format:
tab-separated, no quoting, so a quote is text; CSV is RFC 4180 (quoted fields may hold
commas, quotes written twice and line breaks). The csv module reads the rows; each record's
raw text (the lines the module consumed for it) is then cut into its fields so that every
character of the target maps to its place in the file, and the cut is checked against the
module's values.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from mtcheck.files import InputError
from mtcheck.language.pattern_cache import compile_re
from mtcheck.text.bilingual import Columns, Unit, language_tag
from mtcheck.text.html import _DECODED, _LITERAL, SourceMap
from mtcheck.text.inputs import InputText

_SOURCE_NAMES = ("source", "src", "original", "source text")
_TARGET_NAMES = ("target", "tgt", "translation", "mt", "target text")
_ID_NAMES = ("id", "segment id", "segid", "tuid")
_LANGUAGE_CODE = compile_re(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
# A field's raw text in a CSV record: quoted (quotes doubled inside) or bare.
_QUOTED_PART = compile_re(r'[^"]+|""')


class _Lines:
    """The file's lines, handed to csv.reader one at a time, so that each record's raw text is known."""

    def __init__(self, text: str):
        self.text = text
        self.end = 0  # where the lines read so far end
        self.number = 0  # how many lines were read

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self.end >= len(self.text):
            raise StopIteration
        newline = self.text.find("\n", self.end)
        stop = len(self.text) if newline < 0 else newline + 1
        line, self.end = self.text[self.end : stop], stop
        self.number += 1
        return line


def _tsv_escape(text: str) -> str | None:
    return None if "\t" in text or "\n" in text or "\r" in text else text


def _quoted_escape(text: str) -> str:
    return text.replace('"', '""')


def _bare_escape(text: str) -> str | None:
    return None if any(c in text for c in ',"\n\r') else text


def _column(header: list[str], chosen: str | None, names: tuple[str, ...], role: str, option: str) -> int:
    folded = [name.strip().lower() for name in header]
    if chosen is not None:
        if chosen.strip().lower() in folded:
            return folded.index(chosen.strip().lower())
        raise ValueError(f"{option} {chosen!r}: no such column (columns: {_listed(header)})")
    for name in names:
        if name in folded:
            return folded.index(name)
    raise ValueError(
        f"no {role} column: name one {' or '.join(names[:3])}, or give {option} (columns: {_listed(header)})"
    )


def _listed(header: list[str]) -> str:
    return ", ".join(repr(name) for name in header[:10]) or "none"


def _header_language(name: str) -> str | None:
    """The language a column's name gives ("de", "en-GB"); "mt" and "src" name roles, not Maltese."""
    folded = name.strip().lower()
    if folded in _SOURCE_NAMES + _TARGET_NAMES + _ID_NAMES or not _LANGUAGE_CODE.fullmatch(folded):
        return None
    return language_tag(folded)


_Piece = tuple[str, int, int, int]  # text, its start and end in the file, its kind (literal or decoded)


def _fields(raw: str, start: int, tsv: bool) -> list[tuple[list[_Piece], bool]] | None:
    """The pieces of each field of a record whose raw text starts at file offset start, and
    whether the field is quoted; None when the record is not cut as the csv module cuts it."""
    body = raw[:-1] if raw.endswith("\n") else raw
    if tsv:
        fields: list[tuple[list[_Piece], bool]] = []
        offset = start
        for value in body.split("\t"):
            fields.append(([(value, offset, offset + len(value), _LITERAL)] if value else [], False))
            offset += len(value) + 1
        return fields
    fields = []
    position = 0
    while True:
        pieces: list[_Piece] = []
        quoted = body[position : position + 1] == '"'
        if quoted:
            position += 1
            while (match := _QUOTED_PART.match(body, position)) is not None:
                text = match.group()
                kind = _DECODED if text == '""' else _LITERAL
                pieces.append(('"' if kind == _DECODED else text, start + position, start + match.end(), kind))
                position = match.end()
            if body[position : position + 1] != '"':
                return None
            position += 1
        else:
            comma = body.find(",", position)
            stop = len(body) if comma < 0 else comma
            if stop > position:
                pieces.append((body[position:stop], start + position, start + stop, _LITERAL))
            position = stop
        fields.append((pieces, quoted))
        if position >= len(body):
            return fields
        if body[position] != ",":
            return None  # text after a closing quote, which the csv module joins in
        position += 1


def _mapped(pieces: list[_Piece], file_text: str) -> tuple[str, SourceMap]:
    source_map = SourceMap(file_text)
    for text, start, end, kind in pieces:
        source_map.add(len(text), start, end, kind)
    return "".join(p[0] for p in pieces), source_map


def table_units(text: InputText, file_format: str, columns: Columns = Columns()) -> list[Unit]:
    """The units of a TSV or CSV file (InputError naming the file, and the line, when the
    table cannot be read)."""
    tsv = file_format == "tsv"
    lines = _Lines(text.text)
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE) if tsv else csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise InputError(text.path, "empty: the first row names the source and target columns")
        try:
            source_at = _column(header, columns.source, _SOURCE_NAMES, "source", "--source-column")
            target_at = _column(header, columns.target, _TARGET_NAMES, "target", "--target-column")
        except ValueError as err:
            raise InputError(f"{text.path}:1", str(err)) from None
        folded = [name.strip().lower() for name in header]
        id_at = next((folded.index(name) for name in _ID_NAMES if name in folded), None)
        source_lang, target_lang = _header_language(header[source_at]), _header_language(header[target_at])
        escape_bare = _tsv_escape if tsv else _bare_escape
        units: list[Unit] = []
        while True:
            start, first_line = lines.end, lines.number + 1
            row = next(reader, None)
            if row is None:
                return units
            if not row:
                continue  # a blank line
            fields = _fields(text.text[start : lines.end], start, tsv)
            if fields is None or ["".join(p[0] for p in f) for f, _ in fields] != row:
                raise InputError(f"{text.path}:{first_line}", "a field with text after its closing quote")
            if max(source_at, target_at) >= len(row):
                raise InputError(
                    f"{text.path}:{first_line}",
                    f"{len(row)} field{'s' if len(row) != 1 else ''}, but the {'target' if target_at >= len(row) else 'source'} is column {max(source_at, target_at) + 1}",
                )
            pieces, quoted = fields[target_at]
            target, target_map = _mapped(pieces, text.text)
            if not target.strip():
                continue  # not translated yet
            unit_id = row[id_at] if id_at is not None and id_at < len(row) and row[id_at] else str(first_line)
            units.append(
                Unit(
                    unit_id,
                    row[source_at],
                    target,
                    target_map,
                    _quoted_escape if quoted else escape_bare,
                    first_line,
                    source_lang,
                    target_lang,
                )
            )
    except csv.Error as err:
        raise InputError(f"{text.path}:{lines.number}", f"not valid {file_format.upper()}: {err}") from None
