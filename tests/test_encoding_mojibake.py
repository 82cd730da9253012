"""Mojibake (MT701) from every code page the mutation evaluation injects, and the Cyrillic
text it must never touch."""

from __future__ import annotations

import ftfy.bad_codecs  # noqa: F401  (the sloppy-windows codecs keep the bytes a code page leaves undefined)
import pytest

from mtcheck.run.fix_files import fix_text
from mtcheck.run.session import Session
from tests.conftest import check_text, codes

ORIGINAL = "It’s the “update” Mr Rießle sent from Kušnírová at 4\u00a0am, 43°C ● 👩\u200d💻 🙏."


def garble(text: str, codec: str) -> str:
    return text.encode("utf-8").decode(codec)


def repaired(text: str, unsafe: bool = False) -> str:
    session = Session()
    outcome = fix_text(text + "\n", "a.txt", lambda source: session.check_input("a.txt", source), unsafe=unsafe)
    return outcome.fixed[:-1]


@pytest.mark.parametrize("codec", ["sloppy-windows-1252", "latin-1", "sloppy-windows-1251", "koi8_r", "cp866"])
def test_utf8_read_with_the_wrong_code_page_is_repaired_exactly(codec):
    # CP866 mojibake standing alone is all Cyrillic letters, like real text: it is only
    # repaired glued to Latin letters or digits.
    text = ORIGINAL.replace(" ● 👩\u200d💻 🙏", "") if codec == "cp866" else ORIGINAL
    assert repaired(garble(text, codec)) == text


def test_double_encoded_windows_1252_is_repaired():
    twice = garble(garble(ORIGINAL, "sloppy-windows-1252"), "sloppy-windows-1252")
    assert repaired(twice) == ORIGINAL


def test_windows_1251_mojibake_is_mt701_and_masks_the_foreign_script_finding():
    _, findings = check_text("Maybe sheвЂ™ll be happy, and the RieГџle case is closed.\n")
    assert codes(findings) == ["MT701", "MT701"]
    assert [f.fix.replacement for f in findings] == ["’", "ß"]
    assert all(f.fix.safe for f in findings)


def test_a_line_mixing_correct_accents_with_mojibake_is_repaired_word_by_word():
    assert repaired("She comes from the Uherské HradiÅ¡tÄ› region.") == "She comes from the Uherské Hradiště region."


@pytest.mark.parametrize(
    "text",
    [
        "Привет, мир! В\u00a0Москве «Газпром» сказал — да. Всё её ещё раз. Её Ёлка.",
        "Київ і Львів, Вінниця, Їжак, ґанок, Євген.",
        "Ђорђе Вучић, Љубљана, Његош, Џон, кућа, мој, ћерка, вођа.",
        'Иванов…» и шаг2, 2шагgo, Xтап, the film "2тогgo".',
    ],
)
def test_real_cyrillic_text_is_never_taken_for_mojibake(text):
    _, findings = check_text(text + "\n")
    assert "MT701" not in codes(findings)


def test_a_repair_into_another_script_is_left_to_an_editor():
    _, findings = check_text(f"Xinhua media {garble('中国', 'cp1251')} news.\n")  # "дё\xadе›Ѕ"
    (finding,) = [f for f in findings if f.code == "MT701"]
    assert finding.fix.replacement == "中国" and not finding.fix.safe


def test_garbled_letters_are_the_finding_not_the_foreign_words_they_make():
    # Garbled, "café au lait" reads as French and "protégés" as Slovak: the encoding is the
    # problem to report, and the words are English again once it is mended.
    for text in (
        "You can also prepare cafÃƒÂ© au lait and steamed milk specialties.",
        "The Groener protГ©gГ©s failed in all aspects.",
    ):
        assert codes(check_text(text + "\n")[1]) == ["MT701"], text


def test_a_kaomoji_read_as_windows_1251_is_mojibake_not_russian():
    text = 'There\'s no problem as it is! ("вЊ’в€‡вЊ’")'
    assert codes(check_text(text + "\n")[1]) == ["MT701"]
    assert repaired(text) == 'There\'s no problem as it is! ("⌒∇⌒")'


def test_a_real_czech_phrase_with_a_garbled_letter_is_still_reported_as_foreign_once_mended():
    # The foreign-words finding waits for the mojibake to be mended, then says what it is.
    garbled = "The film Tady hlÃ\u00addÃ¡me mrtvÃ½ je moc dobrÃ½ was made in 2012."
    mended = repaired(garbled)
    assert mended == "The film Tady hlídáme mrtvý je moc dobrý was made in 2012."
    assert "LI102" in codes(check_text(mended + "\n")[1])
