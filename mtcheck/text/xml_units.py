"""XLIFF 1.2, XLIFF 2.x and TMX, read with the standard library's expat parser.

expat reports the exact byte offset of every event (`CurrentByteIndex`), and with
`buffer_text` off it delivers each entity, character reference and line break as a chunk of
its own; the raw extent of a chunk runs to the next event. So every character of a target
maps to its span in the file, literal or decoded (`&amp;` is one decoded unit an edit never
cuts into). translate-toolkit's and lxml's trees give at most a line number per element,
not the position of text inside it (measured: bench/bilingual_speed.py's notes).

Entity declarations are refused outright, internal or external (XXE, "billion laughs"), and
external entities and DTDs are never fetched: what defusedxml does for the standard
library's parsers, in the three handlers below (defusedxml wraps SAX and ElementTree, which
report no byte offsets).
"""

from __future__ import annotations

import xml.parsers.expat as expat
from typing import Any

from mtcheck.files import InputError
from mtcheck.text.bilingual import Unit
from mtcheck.text.html import _DECODED, _INSERTED, _LITERAL, SourceMap
from mtcheck.text.inputs import InputText
from mtcheck.text.segment import MASK

# Inline elements of a target. Their text is checked; a paired code (formatting opened or
# closed) leaves no trace, as <b> does in HTML; a standalone placeholder (an image, a
# variable) stands as MASK; the native code inside any code element is never checked.
_TRANSPARENT = frozenset({"g", "mrk", "pc", "hi"})
_PLACEHOLDERS = frozenset({"x", "ph", "ut", "cp"})
_PAIRED_CODES = frozenset({"bx", "ex", "bpt", "ept", "it", "sc", "ec", "sm", "em"})


class _Refused(Exception):
    """A construct mtcheck will not read (an entity declaration), and where it starts (a byte offset)."""

    def __init__(self, problem: str, byte: int):
        super().__init__(problem)
        self.byte = byte


def xml_escape(text: str) -> str:
    """Text as it must be written in XML character data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Capture:
    """The checkable text of one source or target, with its map back into the file."""

    def __init__(self, file_text: str):
        self.parts: list[str] = []
        self.map = SourceMap(file_text)
        self.skip = 0  # depth inside a code element whose content is never checked

    def add(self, text: str, start: int, end: int, kind: int, editable: bool = True) -> None:
        if text:
            self.parts.append(text)
            self.map.add(len(text), start, end, kind, editable)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def ends_in_space(self) -> bool:
        return not self.parts or self.parts[-1][-1:].isspace()


class _UnitBuilder:
    """A unit being read: its id, where it starts, and its source and target captures."""

    def __init__(self, unit_id: str, start: int, file_text: str):
        self.id = unit_id
        self.start = start
        self.source = _Capture(file_text)
        self.target = _Capture(file_text)
        self.has_target = False
        self.languages: list[tuple[str | None, _Capture]] = []  # TMX: each <tuv>'s language and text
        self.part_source = 0  # XLIFF 2: the first part of the current segment's source in the unit's source
        self.part_target = False  # XLIFF 2: the current segment or ignorable has a target


class _Reader:
    def __init__(self, text: InputText):
        self.path = text.path
        self.text = text.text
        self.data = text.text.encode("utf-8")
        self.kind: str | None = None  # "xliff1", "xliff2" or "tmx"
        self.stack: list[str] = []  # local names of the open elements
        self.units: list[Unit] = []
        self.unit: _UnitBuilder | None = None
        self.capture: _Capture | None = None
        self.capture_depth = 0
        self.pending: tuple[int, str, bool] | None = None  # a text chunk whose raw end is the next event
        self.in_cdata = False
        self.languages: tuple[str | None, str | None] = (None, None)  # of the current <file> or document
        self.header_source: str | None = None  # TMX: the header's srclang
        self.ordinal = 0
        self._byte = self._char = 0
        self._line, self._line_at = 1, 0
        self.parser = parser = expat.ParserCreate(encoding="utf-8")  # UTF-8 whatever the declaration says
        parser.buffer_text = False  # a chunk per entity and line break: exact spans
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.EntityDeclHandler = self._entity_declared
        parser.UnparsedEntityDeclHandler = self._entity_declared
        parser.ExternalEntityRefHandler = self._external_entity
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._characters
        parser.StartCdataSectionHandler = self._cdata_start
        parser.EndCdataSectionHandler = self._cdata_end
        parser.CommentHandler = lambda _: self._flush()
        parser.ProcessingInstructionHandler = lambda _target, _data: self._flush()

    def read(self) -> list[Unit]:
        try:
            self.parser.Parse(self.data, True)
        except expat.ExpatError as err:
            line, column = self._position(self._offset(self.parser.ErrorByteIndex))
            message = expat.ErrorString(err.code) if err.code is not None else str(err)
            raise InputError(self.path, f"not well-formed XML: {message} (line {line}, column {column})") from None
        except _Refused as err:
            line, column = self._position(self._offset(err.byte))
            raise InputError(self.path, f"{err} (line {line}, column {column})") from None
        if self.kind is None:
            raise InputError(self.path, "not XLIFF or TMX: no root element")
        return self.units

    # Positions: expat counts bytes, mtcheck code points.
    def _offset(self, byte: int) -> int:
        """The text offset of a byte offset (events come in order: decoding runs forward)."""
        byte = max(0, min(byte, len(self.data)))
        if byte < self._byte:
            self._byte = self._char = 0
        self._char += len(self.data[self._byte : byte].decode("utf-8", "replace"))
        self._byte = byte
        return self._char

    def _position(self, offset: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, offset) + 1
        return line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1

    def _line_of(self, offset: int) -> int:
        if offset < self._line_at:
            self._line, self._line_at = 1, 0
        self._line += self.text.count("\n", self._line_at, offset)
        self._line_at = offset
        return self._line

    # Security: nothing is declared, nothing is fetched.
    def _entity_declared(self, name: str, *_: Any) -> None:
        raise _Refused(
            f"entity declarations are not read (XXE and entity expansion): <!ENTITY {name}>",
            self.parser.CurrentByteIndex,
        )

    def _external_entity(self, *_: Any) -> int:
        raise _Refused("external entities are not read (XXE)", self.parser.CurrentByteIndex)

    # Text.
    def _characters(self, data: str) -> None:
        self._flush()
        if self.capture is not None and not self.capture.skip:
            self.pending = (self.parser.CurrentByteIndex, data, self.in_cdata)

    def _flush(self) -> None:
        """Place the pending chunk: its raw text runs from its start to this event."""
        if self.pending is None or self.capture is None:
            self.pending = None
            return
        byte, data, cdata = self.pending
        self.pending = None
        start, end = self._offset(byte), self._offset(self.parser.CurrentByteIndex)
        literal = self.text[start:end] == data
        # CDATA is written as is: an escaped replacement would be wrong there, so it is checked, never edited.
        self.capture.add(data, start, end, _LITERAL if literal else _DECODED, editable=not cdata)

    def _cdata_start(self) -> None:
        self._flush()
        self.in_cdata = True

    def _cdata_end(self) -> None:
        self._flush()
        self.in_cdata = False

    # Elements.
    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self._flush()
        local = name.rpartition(":")[2]
        parent = self.stack[-1] if self.stack else None
        self.stack.append(local)
        if self.capture is not None:
            self._inline_start(local)
        elif parent is None:
            self._root(local, attributes)
        elif self.kind == "xliff1":
            self._xliff1_start(local, parent, attributes)
        elif self.kind == "xliff2":
            self._xliff2_start(local, parent, attributes)
        else:
            self._tmx_start(local, parent, attributes)

    def _end(self, name: str) -> None:
        self._flush()
        local = self.stack.pop()
        capture = self.capture
        if capture is not None and len(self.stack) >= self.capture_depth:
            if capture.skip:
                capture.skip -= 1
            return
        if capture is not None:
            self.capture = None
            if self.unit is not None and capture is self.unit.target:
                self.unit.has_target = True
                self.unit.part_target = True
        if self.unit is None:
            return
        if local in ("ignorable", "segment") and self.kind == "xliff2":
            self._xliff2_part_end(local)
        elif local in ("trans-unit", "unit", "tu"):
            self._unit_end()

    def _inline_start(self, local: str) -> None:
        capture = self.capture
        assert capture is not None
        if capture.skip:
            capture.skip += 1
        elif local not in _TRANSPARENT:
            if local in _PLACEHOLDERS:
                offset = self._offset(self.parser.CurrentByteIndex)
                capture.add(MASK, offset, offset, _INSERTED)
            capture.skip = 1  # a code's content (and anything unknown) is never checked

    def _root(self, local: str, attributes: dict[str, str]) -> None:
        version = attributes.get("version", "")
        namespace = attributes.get("xmlns", "")
        if local == "xliff" and (version.startswith("1") or "document:1." in namespace):
            self.kind = "xliff1"
        elif local == "xliff" and (version.startswith("2") or "document:2." in namespace):
            self.kind = "xliff2"
            self.languages = (attributes.get("srcLang"), attributes.get("trgLang"))
        elif local == "tmx":
            self.kind = "tmx"
        elif local == "xliff":
            raise _Refused(f"XLIFF version {version!r} is not read (1.2 and 2.x are)", self.parser.CurrentByteIndex)
        else:
            raise _Refused(f"not XLIFF or TMX: the root element is <{local}>", self.parser.CurrentByteIndex)

    def _begin_unit(self, attributes: dict[str, str], id_attribute: str) -> None:
        self.ordinal += 1
        start = self._offset(self.parser.CurrentByteIndex)
        self.unit = _UnitBuilder(attributes.get(id_attribute) or str(self.ordinal), start, self.text)
        if attributes.get("translate") == "no":
            self.unit = None  # not to be translated: nothing to check

    def _capture(self, capture: _Capture) -> None:
        self.capture = capture
        self.capture_depth = len(self.stack)

    def _xliff1_start(self, local: str, parent: str, attributes: dict[str, str]) -> None:
        if local == "file":
            self.languages = (attributes.get("source-language"), attributes.get("target-language"))
        elif local == "trans-unit":
            self._begin_unit(attributes, "id")
        elif self.unit is not None and parent == "trans-unit" and local in ("source", "target"):
            self._capture(self.unit.source if local == "source" else self.unit.target)

    def _xliff2_start(self, local: str, parent: str, attributes: dict[str, str]) -> None:
        unit = self.unit
        if local == "unit":
            self._begin_unit(attributes, "id")
        elif unit is not None and parent == "unit" and local in ("segment", "ignorable"):
            unit.part_target = False
        elif unit is not None and parent in ("segment", "ignorable") and local in ("source", "target"):
            capture = unit.source if local == "source" else unit.target
            if parent == "segment" and capture.parts and not capture.ends_in_space():
                # Segments written without the space between them (no <ignorable>): read as two sentences.
                offset = self._offset(self.parser.CurrentByteIndex)
                capture.add(" ", offset, offset, _INSERTED)
            if local == "source":
                unit.part_source = len(capture.parts)
            self._capture(capture)

    def _xliff2_part_end(self, local: str) -> None:
        unit = self.unit
        assert unit is not None
        if local == "ignorable" and not unit.part_target:
            # An ignorable without a target keeps its source (whitespace between segments) in the target.
            offset = self._offset(self.parser.CurrentByteIndex)
            unit.target.add("".join(unit.source.parts[unit.part_source :]), offset, offset, _INSERTED)

    def _tmx_start(self, local: str, parent: str, attributes: dict[str, str]) -> None:
        unit = self.unit
        if local == "header":
            self.header_source = attributes.get("srclang")
        elif local == "tu":
            self._begin_unit(attributes, "tuid")
        elif unit is not None and local == "tuv":
            unit.languages.append((attributes.get("xml:lang") or attributes.get("lang"), _Capture(self.text)))
        elif unit is not None and local == "seg" and parent == "tuv" and unit.languages:
            self._capture(unit.languages[-1][1])

    def _unit_end(self) -> None:
        unit = self.unit
        self.unit = None
        if unit is None:
            return
        source_lang, target_lang = self.languages
        source, target = unit.source, unit.target
        if self.kind == "tmx":
            picked = _tmx_pair(unit.languages, self.header_source)
            if picked is None:
                return
            (source_lang, source), (target_lang, target) = picked
        elif not unit.has_target:
            return
        target_text = target.text
        if not target_text.strip():
            return  # not translated yet: nothing to check
        self.units.append(
            Unit(
                unit.id,
                source.text,
                target_text,
                target.map,
                xml_escape,
                self._line_of(unit.start),
                source_lang,
                target_lang,
            )
        )


def _tmx_pair(
    variants: list[tuple[str | None, _Capture]], header_source: str | None
) -> tuple[tuple[str | None, _Capture], tuple[str | None, _Capture]] | None:
    """The source variant (the header's srclang, else the first) and the first other one."""
    if len(variants) < 2:
        return None
    wanted = (header_source or "").lower()
    source = next((v for v in variants if (v[0] or "").lower() == wanted), variants[0])
    target = next(v for v in variants if v is not source)
    return source, target


def xml_units(text: InputText) -> list[Unit]:
    """The units of an XLIFF or TMX file (InputError for malformed XML, entity declarations,
    another kind of document)."""
    return _Reader(text).read()
