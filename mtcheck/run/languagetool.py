"""LanguageTool's HTTP API (`/v2/check`, `/v2/languages`) spoken over mtcheck's checker.

This module is the protocol: it reads a request's parameters, checks the text with an
`mtcheck.Checker`, and writes the answer in LanguageTool's JSON shape, with offsets and
lengths in UTF-16 code units of the text the client sent (Java's string indices, which every
LanguageTool client expects). It has no HTTP in it: `mtcheck/run/serve.py` is the server.

Positions pass through three texts: the one mtcheck checks (a BOM dropped, CR LF and lone CR
read as LF, NUL as a space), the plain text the client meant (the `text` parameter, or the
`annotation` items of `data` with markup left out or read as its `interpretAs`), and the text
the client holds (with its markup). A match's offset and length are counted in the last one.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mtcheck import __version__
from mtcheck.engine.findings import Finding, Severity
from mtcheck.engine.settings import selector_matches
from mtcheck.files import InputError
from mtcheck.language.pattern_cache import compile_re
from mtcheck.run.api import Checker, text_input
from mtcheck.run.report import file_quality, suggestion

_ASTRAL = compile_re("[\U00010000-\U0010ffff]")
CONTEXT_SIZE = 40  # characters either side of a match in its `context`, as LanguageTool gives
ERROR_PREFIX = "Error: "  # LanguageTool's error bodies are plain text that starts so

# LanguageTool's names for the language variants its clients ask for; a variant is checked
# with its language's rule packs.
VARIANT_NAMES = {
    "en-US": "English (US)",
    "en-GB": "English (GB)",
    "en-AU": "English (Australian)",
    "en-CA": "English (Canadian)",
    "en-NZ": "English (New Zealand)",
    "en-ZA": "English (South African)",
    "de-DE": "German (Germany)",
    "de-AT": "German (Austria)",
    "de-CH": "German (Swiss)",
    "fr-FR": "French (France)",
    "es-ES": "Spanish (Spain)",
}

# ITS 2.0 localization-quality issue types (LanguageTool's `issueType`) for mtcheck's MQM
# categories: an exact category first, then its top level.
ISSUE_TYPES = {
    "Fluency/Spelling": "misspelling",
    "Fluency/Punctuation": "typographical",
    "Fluency/Grammar": "grammar",
    "Fluency/Repetition": "duplication",
    "Fluency/Character encoding": "characters",
    "Accuracy/Untranslated text": "untranslated",
    "Accuracy/Omission": "omission",
    "Accuracy/Addition": "addition",
    "Accuracy/Mistranslation": "mistranslation",
    "Non-translation": "addition",  # scraped page residue: text the source article never had
    "Design and markup": "formatting",
    "Locale convention": "locale-violation",
    "Style": "style",  # calques: source-language turns of phrase
    "Terminology": "terminology",
    "Other": "other",
}

# LanguageTool's category for each mtcheck rule family (`rule.category.id` and `name`).
FAMILY_NAMES = {
    "casing": "Capitalisation",
    "segmentation": "Sentence boundaries",
    "residue": "Page residue",
    "untranslated": "Untranslated text",
    "encoding": "Character encoding",
    "degeneration": "Repetition and omission",
    "tokenization": "Spacing and tokenization",
    "typography": "Typography",
    "locale": "Locale conventions",
    "dateline": "Datelines",
    "calque": "Calques",
    "name-spelling": "Name spelling",
    "transliteration": "Transliteration",
    "source": "Comparison with the source",
    "reference": "Comparison with the reference",
    "meta": "Other",
}


class RequestError(Exception):
    """A request that cannot be answered: the HTTP status and LanguageTool's error text."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.body = ERROR_PREFIX + message
        self.headers = dict(headers or {})


@dataclass(frozen=True)
class Limits:
    max_text_length: int = 100_000  # UTF-16 code units of plain text, as LanguageTool counts


@dataclass(frozen=True)
class CheckRequest:
    """A `/v2/check` request, read and validated (picklable: it goes to a worker process)."""

    pieces: tuple[tuple[str, str | None], ...]  # (piece the client holds, its plain text); None: text as is
    language: str  # the target language of the rule packs: "en", or "auto"
    language_code: str  # as the answer names it: "en-US", or "auto"
    select: tuple[str, ...] | None  # rule ids of enabledOnly=true; None: every rule
    ignore: tuple[str, ...]
    enabled_categories: tuple[str, ...]
    disabled_categories: tuple[str, ...]
    picky: bool
    source_lang: str | None  # motherTongue: the language the text was translated from

    @property
    def original(self) -> str:
        """The text the client holds: `text`, or the annotation with its markup."""
        return "".join(piece for piece, _ in self.pieces)


def languages() -> list[dict[str, str]]:
    """`/v2/languages`: every target language mtcheck has rule packs for, and its variants."""
    from mtcheck.checks.untranslated import language_name
    from mtcheck.language.profiles import available_languages

    found = []
    for code in available_languages():
        found.append({"name": language_name(code), "code": code, "longCode": code})
        found += [
            {"name": name, "code": code, "longCode": variant}
            for variant, name in VARIANT_NAMES.items()
            if variant.split("-")[0] == code
        ]
    return sorted(found, key=lambda entry: entry["name"])


def read_request(params: Mapping[str, str], limits: Limits) -> CheckRequest:
    """A check request from its form (or query) parameters; RequestError when it is not one."""
    for old, new in (("enabled", "enabledRules"), ("disabled", "disabledRules"), ("autodetect", "language=auto")):
        if old in params:
            raise RequestError(400, f"You specified '{old}' but the parameter is now called '{new}' in v2 of the API")
    if not params.get("language"):
        raise RequestError(
            400, "Missing 'language' parameter, e.g. 'language=en-US' for American English or 'language=fr' for French"
        )
    if "text" in params and "data" in params:
        raise RequestError(400, "Set only 'text' or 'data' parameter, not both")
    if "text" in params:
        pieces: tuple[tuple[str, str | None], ...] = ((params["text"], None),)
    elif "data" in params:
        pieces = _annotation(params["data"])
    else:
        raise RequestError(400, "Missing 'text' or 'data' parameter")
    plain_length = sum(_utf16_length(piece if plain is None else plain) for piece, plain in pieces)
    if plain_length > limits.max_text_length:
        raise RequestError(
            413,
            f"Your text exceeds the limit of {limits.max_text_length} characters (it's {plain_length} characters). "
            "Please submit a shorter text.",
        )
    language, code = _target_language(params["language"])
    enabled_only = params.get("enabledOnly", "false").lower() in ("true", "yes")
    enabled = _ids(params.get("enabledRules"))
    disabled = _ids(params.get("disabledRules"))
    enabled_categories = _ids(params.get("enabledCategories"))
    disabled_categories = _ids(params.get("disabledCategories"))
    if enabled_only and (disabled or disabled_categories):
        raise RequestError(400, "You cannot specify disabled rules or categories using enabledOnly=true")
    if enabled_only and not (enabled or enabled_categories):
        raise RequestError(400, "You must specify enabled rules or categories when using enabledOnly=true")
    level = params.get("level", "default")
    if level not in ("default", "picky"):
        raise RequestError(400, f"Unknown 'level': {level!r} (expected 'default' or 'picky')")
    source_lang = None
    if params.get("motherTongue"):
        from mtcheck.language.profiles import source_language

        try:
            source_lang = source_language(params["motherTongue"])
        except ValueError as err:
            raise RequestError(400, f"'motherTongue': {err}") from None
    return CheckRequest(
        pieces=pieces,
        language=language,
        language_code=code,
        select=enabled if enabled_only else None,
        ignore=disabled,
        enabled_categories=enabled_categories if enabled_only else (),
        disabled_categories=disabled_categories,
        picky=level == "picky",
        source_lang=source_lang,
    )


def _ids(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def _target_language(value: str) -> tuple[str, str]:
    """("en", "en-US") for "en-US", "en_us" or "EN"; "auto" is decided when the text is read."""
    from mtcheck.language.profiles import available_languages

    if value == "auto":
        return "auto", "auto"
    tag = value.strip().replace("_", "-")
    base = tag.split("-")[0].lower()
    if base not in available_languages():
        raise RequestError(
            400,
            f"'{value}' is not a language code known to mtcheck. Supported language codes are: "
            f"{', '.join(sorted({entry['longCode'] for entry in languages()}))}",
        )
    variant = next((known for known in VARIANT_NAMES if known.lower() == tag.lower()), None)
    return base, variant or base


def _annotation(data: str) -> tuple[tuple[str, str | None], ...]:
    """The pieces of LanguageTool's annotated text: {"annotation": [{"text": ...},
    {"markup": "<b>"}, {"markup": "<p>", "interpretAs": "\\n\\n"}]} or {"text": ...}."""
    try:
        parsed = json.loads(data)
    except (ValueError, RecursionError):
        raise RequestError(400, "Could not parse JSON from 'data' parameter") from None
    if not isinstance(parsed, dict):
        raise RequestError(400, "'data' key in JSON requires 'text' or 'annotation' key")
    if "text" in parsed and "annotation" in parsed:
        raise RequestError(400, "'data' key in JSON requires either 'text' or 'annotation' key, not both")
    if "text" in parsed:
        return ((_string(parsed["text"], parsed), None),)
    items = parsed.get("annotation")
    if not isinstance(items, list):
        raise RequestError(400, "'data' key in JSON requires 'text' or 'annotation' key")
    pieces: list[tuple[str, str | None]] = []
    for item in items:
        if not isinstance(item, dict):
            raise RequestError(400, f"Only 'text' and 'markup' are supported in 'annotation' list: {_shown(item)}")
        if "text" in item and "markup" in item:
            raise RequestError(
                400,
                f"Only either 'text' or 'markup' are supported in an object in 'annotation' list, not both: {_shown(item)}",
            )
        if "text" in item and "interpretAs" in item:
            raise RequestError(400, f"'text' cannot be used with 'interpretAs' (only 'markup' can): {_shown(item)}")
        if "text" in item:
            pieces.append((_string(item["text"], item), None))
        elif "markup" in item:
            interpreted = item.get("interpretAs")
            pieces.append((_string(item["markup"], item), "" if interpreted is None else _string(interpreted, item)))
        else:
            raise RequestError(400, f"Only 'text' and 'markup' are supported in 'annotation' list: {_shown(item)}")
    return tuple(pieces)


def _string(value: Any, item: Any) -> str:
    if not isinstance(value, str):
        raise RequestError(400, f"Expected a string in 'data': {_shown(item)}")
    return value


def _shown(item: Any) -> str:
    shown = json.dumps(item, ensure_ascii=False)
    return shown if len(shown) <= 200 else shown[:200] + "…"


def _utf16_length(text: str) -> int:
    return len(text) + _astral_count(text)


def _astral_count(text: str) -> int:
    """Characters outside the Basic Multilingual Plane: two UTF-16 code units each."""
    if text.isascii():
        return 0
    return len(text.encode("utf-16-le")) // 2 - len(text)


class Positions:
    """Maps offsets in the checked text to UTF-16 offsets in the text the client holds."""

    def __init__(self, request: CheckRequest):
        # The plain text and, for each piece that has plain text, where it starts in both texts.
        plain_parts: list[str] = []
        self._plain_starts: list[int] = []
        self._pieces: list[tuple[int, int, int, bool]] = []  # plain start, original start, original length, is text
        plain_at = original_at = 0
        for piece, interpreted in request.pieces:
            shown = piece if interpreted is None else interpreted
            if shown:
                self._plain_starts.append(plain_at)
                self._pieces.append((plain_at, original_at, len(piece), interpreted is None))
                plain_parts.append(shown)
            plain_at += len(shown)
            original_at += len(piece)
        self.plain = "".join(plain_parts)
        self.original = request.original
        self.checked, self._dropped = _checkable(self.plain)
        self._astral = [] if self.original.isascii() else [m.start() for m in _ASTRAL.finditer(self.original)]

    def original_offset(self, checked: int, end: bool = False) -> int:
        """Where a checked-text offset falls in the client's text, in code points."""
        # Characters dropped before it (a BOM, the CR of CR LF); an end offset stays before them.
        dropped = bisect_left(self._dropped, checked) if end else bisect_right(self._dropped, checked)
        plain = checked + dropped
        if not self._pieces:
            return plain
        index = (bisect_left(self._plain_starts, plain) if end else bisect_right(self._plain_starts, plain)) - 1
        if index < 0:
            return 0
        plain_start, original_start, original_length, is_text = self._pieces[index]
        if is_text:
            return original_start + (plain - plain_start)
        return original_start + original_length if end else original_start  # markup read as its interpretAs

    def utf16(self, offset: int) -> int:
        """A code-point offset into the client's text as a UTF-16 offset."""
        return offset + bisect_left(self._astral, offset)


def _checkable(plain: str) -> tuple[str, list[int]]:
    """The text as mtcheck checks it, and where, in it, a character of the plain text was left
    out (a BOM, the CR of a CR LF): every other character keeps its place."""
    text = plain.replace("\x00", " ")  # a NUL is never text (mtcheck refuses a file holding one)
    dropped: list[int] = []
    if text.startswith("\ufeff"):
        text = text[1:]
        dropped.append(0)
    if "\r\n" in text:
        parts = text.split("\r\n")
        at = len(parts[0])
        for part in parts[1:]:
            dropped.append(at)  # the CR stood just before the LF that is now here
            at += 1 + len(part)
        text = "\n".join(parts)
    return text.replace("\r", "\n"), dropped


class CheckerCache:
    """Checkers by language and rule selection, loaded once each; the least recently used
    is dropped when there are more than `size` (a client may send any selection)."""

    def __init__(self, size: int = 16):
        self.size = size
        self._checkers: OrderedDict[tuple, Checker] = OrderedDict()

    def get(
        self,
        language: str,
        source_lang: str | None,
        select: tuple[str, ...] | None,
        ignore: tuple[str, ...],
        picky: bool,
    ) -> Checker:
        key = (language, source_lang, select, ignore, picky)
        checker = self._checkers.get(key)
        if checker is None:
            # level=picky: every finding; the default level: major and critical ones only
            checker = Checker(
                target_lang=language,
                source_lang=source_lang,
                select=select,
                ignore=ignore,
                min_severity=Severity.MINOR if picky else Severity.MAJOR,
                allow_timeouts=True,
            )
            self._checkers[key] = checker
            if len(self._checkers) > self.size:
                self._checkers.popitem(last=False)
        else:
            self._checkers.move_to_end(key)
        return checker


_checkers = CheckerCache()


def warm_up(language: str = "en") -> None:
    """Load a language's default checkers and what their checks load on first use (a worker
    does this before its first request, so that no request pays for it)."""
    _checkers.get(language, None, None, (), False)
    check(read_request({"language": language, "level": "picky", "text": "Talks in kyiv ended. and resumed."}, Limits()))


def check(request: CheckRequest) -> dict[str, Any]:
    """The `/v2/check` answer for a request, as LanguageTool writes it."""
    positions = Positions(request)
    language, code, detected = _language_of(request, positions.checked)
    base = _checkers.get(language, request.source_lang, None, (), request.picky)
    rules = base.session.rules_by_code()
    select = (
        _known(request.select, rules, request.enabled_categories)
        if request.select is not None or request.enabled_categories
        else None
    )
    ignore = _known(request.ignore, rules, request.disabled_categories)
    checker = (
        base
        if select is None and not ignore
        else _checkers.get(language, request.source_lang, select, ignore or (), request.picky)
    )
    try:
        result = checker.result("<request>", text_input(positions.checked, "<request>"), checker.settings)
    except InputError as err:
        raise RequestError(400, str(err).removeprefix("<request>: ")) from None
    doc = result.checked_doc
    quality = file_quality(result)
    sentences = [(s.start, s.end) for s in quality.sentences] if quality else []
    answer: dict[str, Any] = {
        "software": {"name": "mtcheck", "version": __version__, "apiVersion": 1, "premium": False, "status": ""},
        "warnings": {"incompleteResults": bool(result.gave_up)},
        "language": {"name": _language_name(code), "code": code},
        "matches": [_match(finding, doc.text, positions, rules, sentences) for finding in result.findings],
    }
    if result.gave_up:
        answer["warnings"]["incompleteResultsReason"] = "; ".join(g.message for g in result.gave_up)
    if detected is not None:
        answer["language"]["detectedLanguage"] = detected
    return answer


def _language_of(request: CheckRequest, text: str) -> tuple[str, str, dict[str, Any] | None]:
    """The rule packs' language, the code the answer gives, and (for language=auto) what was detected."""
    if request.language != "auto":
        return request.language, request.language_code, None
    from mtcheck.language.identify import detect_language
    from mtcheck.language.profiles import available_languages

    found = detect_language(text)
    if found is None or found[0] not in available_languages():
        language, confidence = "en", 0.0  # LanguageTool too falls back to a default when unsure
    else:
        language, confidence = found
    detected = {
        "name": _language_name(language),
        "code": language,
        "confidence": round(confidence, 3),
        "source": "langdetect",
    }
    return language, language, detected


def _language_name(code: str) -> str:
    from mtcheck.checks.untranslated import language_name

    return VARIANT_NAMES.get(code) or language_name(code)


def _known(ids: tuple[str, ...] | None, rules: Mapping[str, Any], categories: tuple[str, ...]) -> tuple[str, ...]:
    """The rule codes that LanguageTool rule ids (codes, prefixes, names, packs) and category
    ids (families) name; ids that name no mtcheck rule are left out, as LanguageTool leaves
    out unknown ids."""
    wanted = {key.upper() for key in categories}
    codes = set()
    for rule in {id(rule): rule for rule in rules.values()}.values():
        if rule.family.upper().replace("-", "_") in wanted or any(
            selector_matches(selector, rule.code, rule.name, rule.pack, rule.aliases) for selector in ids or ()
        ):
            codes.add(rule.code)
    return tuple(sorted(codes))


def _match(
    finding: Finding, text: str, positions: Positions, rules: Mapping[str, Any], sentences: list[tuple[int, int]]
) -> dict[str, Any]:
    start = positions.original_offset(finding.start)
    end = max(start, positions.original_offset(finding.end, end=True))
    offset, length = positions.utf16(start), positions.utf16(end) - positions.utf16(start)
    message = finding.message
    replacements = []
    fix = finding.fix
    if fix is not None:
        if finding.start <= fix.start and fix.end <= finding.end:  # the fix rewrites the flagged text
            replacements.append(
                {"value": text[finding.start : fix.start] + fix.replacement + text[fix.end : finding.end]}
            )
        else:  # it reaches beyond it (a line break, a space before brackets): say what it does
            shown = suggestion(finding, _Text(text))
            if shown:
                message = f"{message}; fix: {shown.removeprefix('(').removesuffix(')')}"
    rule = rules.get(finding.code)
    family = rule.family if rule is not None else "other"
    context, context_offset = _context(positions.original, start, end)
    around = bisect_right(sentences, (finding.start, len(text) + 1)) - 1  # the last sentence starting at or before it
    sentence = text[slice(*sentences[around])] if around >= 0 and finding.start < sentences[around][1] else None
    category = finding.category
    return {
        "message": message,
        "shortMessage": category.split("/")[-1],
        "replacements": replacements,
        "offset": offset,
        "length": length,
        "context": {"text": context, "offset": context_offset, "length": length},
        "sentence": (sentence if sentence is not None else text[finding.start : finding.end]).strip(),
        "type": {"typeName": "Other"},
        "rule": {
            "id": finding.code,
            "description": finding.name.replace("-", " ").capitalize(),
            "issueType": ISSUE_TYPES.get(category) or ISSUE_TYPES.get(category.split("/")[0], "uncategorized"),
            "category": {"id": family.upper().replace("-", "_"), "name": FAMILY_NAMES.get(family, family.capitalize())},
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
        "mtcheck": {"severity": str(finding.severity), "name": finding.name, "category": category},
    }


@dataclass(frozen=True)
class _Text:
    """The checked text, as report.suggestion() reads a document."""

    text: str
    path: str = "<request>"
    reference: None = None

    def position(self, offset: int) -> tuple[int, int]:
        return (0, offset)


def _context(original: str, start: int, end: int) -> tuple[str, int]:
    """LanguageTool's context: the match with up to CONTEXT_SIZE characters either side, line
    breaks as spaces, "..." where it was cut; its offset in UTF-16 code units."""
    begin, finish = max(0, start - CONTEXT_SIZE), min(len(original), end + CONTEXT_SIZE)
    prefix = "..." if begin > 0 else ""
    context = prefix + original[begin:finish].replace("\n", " ") + ("..." if finish < len(original) else "")
    return context, len(prefix) + _utf16_length(original[begin:start])
