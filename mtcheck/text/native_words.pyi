# The optional native build's C loops (native_words.c, built by scripts/build_native.py).
from typing import Any

def latin_split(
    word_bytes: bytes, share: int, text: str, /
) -> tuple[list[int], list[int], list[str], list[int]] | None: ...
def built(
    word_type: type[Any], starts: list[int], ends: list[int], texts: list[str], initial: list[bool], /
) -> list[Any]: ...
def probe(words: list[Any], /) -> list[str]: ...
