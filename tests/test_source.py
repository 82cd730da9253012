"""InputText-aware checks: `--source`, the naming pattern, language detection, alignment
across languages, and the WMT22 figures (changed numbers, dropped sentences)."""

from __future__ import annotations

import importlib.util

from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.compare.source import align_with_source, omissions
from mtcheck.language.identify import detect_language
from mtcheck.text.document import build_document
from mtcheck.text.inputs import InputText
from tests.conftest import REPO, WMT, needs_shared

ARTICLE = """# Budget approved

MADRID, 8 Nov. (EUROPA PRESS) - The government approved the budget on Tuesday with 1,600 million euros for housing.

The opposition announced amendments to the whole text.
"""
SOURCE = """# Presupuestos aprobados

MADRID, 8 Nov. (EUROPA PRESS) - El Gobierno aprobó el martes los presupuestos con 1.500 millones de euros para vivienda.

La ministra de Hacienda, María Jesús Montero, defendió que son las cuentas más sociales de la historia de España.

La oposición anunció enmiendas a la totalidad del texto.
"""


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def codes_in(output: str) -> list[str]:
    return [line.split()[2] for line in output.splitlines() if line.count(":") >= 3 and len(line.split()) > 2]


def write_pair(folder, article=ARTICLE, source=SOURCE, source_name="article.es.md"):
    (folder / "article.md").write_text(article, encoding="utf-8")
    (folder / source_name).write_text(source, encoding="utf-8")
    return folder / "article.md", folder / source_name


def test_check_with_source_finds_changed_number_and_dropped_sentence(tmp_path):
    article, source = write_pair(tmp_path)
    result = invoke("check", str(article), "--source", str(source))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    number = next(line for line in lines if "SR101" in line)
    assert ":3:84:" in number and "1,600 million" in number and "1.500 millones" in number
    omission = next(line for line in lines if "SR102" in line)
    assert ":5:1:" in omission and "María Jesús Montero" in omission  # before the sentence that follows it


def test_faithful_translation_has_no_source_findings(tmp_path):
    faithful = ARTICLE.replace("1,600", "1,500").replace(
        "The opposition",
        "Finance Minister María Jesús Montero argued that these are the most social accounts in the history of Spain.\n\nThe opposition",
    )
    article, source = write_pair(tmp_path, article=faithful)
    result = invoke("check", str(article), "--source", str(source))
    assert not [c for c in codes_in(result.output) if c.startswith("SR")], result.output


def test_source_pattern_pairs_files_and_skips_the_sources(tmp_path):
    write_pair(tmp_path)
    (tmp_path / ".mtcheck.toml").write_text('source-pattern = "{stem}.es{suffix}"\n', encoding="utf-8")
    result = invoke("check", str(tmp_path))
    found = codes_in(result.output)
    assert "SR101" in found and "SR102" in found
    assert "article.es.md" not in result.output  # the Spanish source is not checked as English
    assert "in 1 file" in result.output


def test_source_language_is_detected_and_switches_on_its_calque_pack(tmp_path):
    article, source = write_pair(
        tmp_path,
        article="The ministry will present the plan this Friday in Madrid, in this way ending the talks.\n",
        source="El ministerio presentará el plan este viernes en Madrid, poniendo de esta manera fin a las negociaciones.\n",
    )
    assert detect_language(source.read_text(encoding="utf-8"))[0] == "es"
    with_source = codes_in(invoke("check", str(article), "--source", str(source)).output)
    without = codes_in(invoke("check", str(article)).output)
    calques = [c for c in with_source if c.startswith("ES")]
    assert calques and not [c for c in without if c.startswith("ES")]


def test_bad_source_file_is_a_clear_error(tmp_path):
    article, _ = write_pair(tmp_path)
    binary = tmp_path / "bad.md"
    binary.write_bytes(b"\x00\x01\x02\xff")
    result = invoke("check", str(article), "--source", str(binary))
    assert result.exit_code == 2
    assert "source" in result.output and "bad.md" in result.output and "Traceback" not in result.output


def test_source_needs_exactly_one_article(tmp_path):
    article, source = write_pair(tmp_path)
    result = invoke("check", str(article), str(article), "--source", str(source))
    assert result.exit_code == 2 and "exactly one file" in result.output


def test_bad_source_pattern_is_a_config_error(tmp_path):
    write_pair(tmp_path)
    (tmp_path / ".mtcheck.toml").write_text('source-pattern = "{title}.es.md"\n', encoding="utf-8")
    result = invoke("check", str(tmp_path / "article.md"))
    assert result.exit_code == 2 and "source-pattern" in result.output


def test_alignment_across_languages_leaves_the_dropped_sentence_unmatched():
    doc = build_document(InputText("a.md", ARTICLE, "markdown"), "en")
    doc.original = build_document(InputText("a.es.md", SOURCE, "markdown"), "es")
    beads = align_with_source(doc).beads
    assert [b.hyp for b in beads] == [(0,), (1,), (), (2,)]
    assert [gap.source for gap in omissions(doc)] == [(2,)]


def _gaps(english: str, source: str, lang: str) -> list[tuple[tuple[int, ...], int]]:
    """SR102's gaps (source sentences, offset in the English) for texts of one line per paragraph."""
    doc = build_document(InputText("a.txt", english, "text"), "en")
    doc.original = build_document(InputText(f"a.{lang}.txt", source, "text"), lang)
    return [(gap.source, gap.at) for gap in omissions(doc)]


RUSSIAN_STORY = [
    "Делегация из Казани прибыла в Аргентину в понедельник.",
    'Переговоры, по словам министра, были "очень трудными".',
    "Стороны договорились о поставках зерна.",
    "Первая партия уйдет в Аргентину весной.",
    "Подробности сделки пока не раскрываются.",
    "Следующая встреча пройдет в Казани.",
]
ENGLISH_STORY = [
    "A delegation from Kazan arrived in Argentina on Monday.",
    'According to the minister, the talks were "very difficult".',
    "The parties agreed on grain deliveries.",
    "The first shipment will leave for Argentina in spring.",
    "Details of the deal have not yet been disclosed.",
    "The next meeting will take place in Kazan.",
]


def test_a_line_left_out_among_lines_of_its_length_is_placed_by_its_name():
    # Lengths alone left out the line before (no name, number or mark to go by); the
    # translation nowhere near has the left-out line's Argentina.
    english = "".join(line + "\n" for k, line in enumerate(ENGLISH_STORY) if k != 3)
    source = "".join(line + "\n" for line in RUSSIAN_STORY)
    assert _gaps(english, source, "ru") == [((3,), english.index("Details"))]


def test_a_mark_the_translation_dropped_does_not_move_a_gap_against_the_lengths():
    # The MT wrote the hotel's name without its quotation marks; the long line left out
    # stays where lengths put it, not beside the quoted line.
    source = "".join(
        line + "\n"
        for line in RUSSIAN_STORY[:2]
        + [
            "Стороны договорились о поставках зерна, удобрений и сельскохозяйственной техники на ближайшие"
            " три года, а также о совместном строительстве элеватора в порту.",
            'Контракт подписали в отеле "Мажестик".',
            RUSSIAN_STORY[5],
        ]
    )
    english = "".join(
        line + "\n" for line in ENGLISH_STORY[:2] + ["The contract was signed at the Majestic hotel.", ENGLISH_STORY[5]]
    )
    assert _gaps(english, source, "ru") == [((2,), english.index("The contract"))]


def test_a_pinyin_name_far_off_does_not_move_a_gap():
    # 鼠标以及 reads "biaoyi", as the last line's Chen Baoyi: no anchor of the first line,
    # which the first English line translates; the short line after it was left out.
    source = (
        "键盘手感不错，还附送了鼠标以及充电器，整体来说性价比很高\n屏幕真的很清晰！\n物流很快，用几天再来追评！\n"
        "客服态度也很好，有问必答。\n包装很结实，没有任何破损。\n电池续航大概八个小时。\n"
        "下次还会再来这家店买东西。\n总的来说是一次愉快的购物。\n本文作者：陈宝怡\n"
    )
    english = (
        "The keyboard feels good, and a mouse and a charger came with it. Overall it is great value.\n"
        "Delivery was fast, I will add a review after a few days!\n"
        "Customer service was also good and answered every question.\n"
        "The packaging was sturdy, with no damage at all.\nThe battery lasts about eight hours.\n"
        "I will buy from this shop again next time.\nAll in all, it was a pleasant purchase.\nAuthor: Chen Baoyi\n"
    )
    assert _gaps(english, source, "zh") == [((1,), english.index("Delivery"))]


def harness():
    spec = importlib.util.spec_from_file_location("source_accuracy", REPO / "bench" / "source_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_shared(WMT)
def test_wmt22_changed_numbers_are_found():
    module = harness()
    found = changed = false_alarms = sentences = 0
    for system, seed in (("Online-B", 1), ("PROMT", 2), ("Online-Y", 3)):
        result = module.changed_numbers(system, 40, seed)
        found, changed = found + result["found"], changed + result["changed"]
        false_alarms, sentences = false_alarms + result["false_alarms"], sentences + result["sentences"]
    assert changed >= 140
    assert found / changed >= 0.90, f"{found}/{changed}"
    assert 1000 * false_alarms / sentences <= 5, f"{false_alarms} in {sentences}"


@needs_shared(WMT)
def test_wmt22_dropped_sentences_are_found_at_the_right_place():
    module = harness()
    found = dropped = false_alarms = 0
    for system, seed in (("Online-B", 1), ("PROMT", 2), ("Online-Y", 3)):
        result = module.omissions(system, 40, seed)
        found, dropped, false_alarms = (
            found + result["found"],
            dropped + result["dropped"],
            false_alarms + result["false_alarms"],
        )
    assert dropped >= 150
    assert found / dropped >= 0.90, f"{found}/{dropped}"
    assert false_alarms <= 6


@needs_shared(WMT)
def test_wmt22_source_alignment_survives_merged_and_split_sentences():
    correct, total = harness().alignment_accuracy("Online-B", 40, 1)
    assert correct / total >= 0.98, f"{correct}/{total}"
