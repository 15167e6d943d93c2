"""Charts of indicators against their targets: the PNG, its place in a DOCX, and the JSON for the web page."""

import io
import json
from decimal import Decimal

import pytest
from docx import Document
from PIL import Image

from documents.charts import ChartSpec, chart_json, indicator_charts_png, target_text
from documents.official import Figure, OfficialDocument, Section, render_docx

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

WOMEN_IN_PARLIAMENT = ChartSpec(
    "Tỷ lệ nữ đại biểu Quốc hội",
    "%",
    [(2020, Decimal("26.7")), (2021, Decimal("30.26")), (2023, Decimal("30.26")), (2025, Decimal("30.3"))],
    [(2025, ">=", 35, "Quốc gia"), (2030, ">=", 40, "Quốc gia"), (2030, ">=", Decimal("42.5"), "Tỉnh")],
)
SEX_RATIO_AT_BIRTH = ChartSpec(
    "Tỷ số giới tính khi sinh",
    "bé trai/100 bé gái",
    [(2020, 112.1), (2025, 110.0)],
    [(2025, "<=", 109, "Quốc gia"), (2030, "<=", 108, "Quốc gia")],
)
NO_DATA = ChartSpec("Tỷ lệ cơ quan có lãnh đạo chủ chốt là nữ", "%", [], [])
DPI = 72  # small images keep the tests fast; documents use the default 150


@pytest.fixture(scope="module")
def png() -> bytes:
    return indicator_charts_png([WOMEN_IN_PARLIAMENT, SEX_RATIO_AT_BIRTH, NO_DATA], dpi=DPI)


def test_the_png_is_a_png_sized_for_an_a4_text_block(png):
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    width, height = image.size
    assert width == pytest.approx(16 / 2.54 * DPI, abs=2)  # 16 cm
    # three panels, two to a row: two rows of 6 cm and a legend of 1 cm
    assert height / width == pytest.approx(13 / 16, abs=0.01)


def test_one_panel_per_row_when_asked():
    image = Image.open(io.BytesIO(indicator_charts_png([NO_DATA, NO_DATA], columns=1, dpi=DPI)))
    width, height = image.size
    assert height / width == pytest.approx(13 / 16, abs=0.02)


def test_the_same_data_gives_the_same_bytes(png):
    assert indicator_charts_png([WOMEN_IN_PARLIAMENT, SEX_RATIO_AT_BIRTH, NO_DATA], dpi=DPI) == png
    assert b"Software" not in png and b"matplotlib" not in png.lower()


def test_a_chart_without_data_or_targets_still_renders():
    png = indicator_charts_png([NO_DATA], dpi=DPI)
    assert Image.open(io.BytesIO(png)).size[0] > 0


def test_no_specs_is_an_error():
    with pytest.raises(ValueError):
        indicator_charts_png([])


def test_targets_read_as_in_the_strategy():
    assert target_text(">=", 35) == "≥ 35"
    assert target_text("<=", Decimal("108.50")) == "≤ 108,5"
    assert target_text("<", 1234.567) == "< 1.234,57"


def test_a_section_figure_is_an_inline_picture_with_its_caption(png):
    doc = OfficialDocument(
        parent_body="",
        issuing_body="ỦY BAN NHÂN DÂN\nTỈNH TÂY NINH",
        number="12/BC-UBND",
        place="Tây Ninh",
        date=None,
        kind_title="BÁO CÁO",
        subject="Kết quả thực hiện công tác bình đẳng giới năm 2025",
        sections=[
            Section(
                "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
                ["Kết quả các chỉ tiêu chính so với mục tiêu."],
                subsections=[Section("1. Lĩnh vực chính trị", ["Tỷ lệ nữ đại biểu tăng."])],
                figures=[Figure(png, width_cm=20, caption="Biểu đồ 1. Các chỉ tiêu chính so với mục tiêu")],
            )
        ],
    )
    document = Document(io.BytesIO(render_docx(doc)))
    assert len(document.inline_shapes) == 1
    assert document.inline_shapes[0].width.cm == pytest.approx(16.5, abs=0.01)  # no wider than the text block
    texts = [p.text for p in document.paragraphs]
    caption = texts.index("Biểu đồ 1. Các chỉ tiêu chính so với mục tiêu")
    # the picture after the section's paragraph, the caption under it, then the subsections
    assert (
        texts.index("Kết quả các chỉ tiêu chính so với mục tiêu.")
        < caption
        < texts.index("1. Lĩnh vực chính trị")
    )
    assert document.paragraphs[caption - 1]._p.xpath(".//pic:pic")
    assert document.paragraphs[caption].runs[0].italic
    assert "Tỷ lệ nữ đại biểu tăng./." in texts


def test_a_body_that_ends_with_a_figure_closes_on_its_own_line(png):
    doc = OfficialDocument(
        parent_body="",
        issuing_body="ỦY BAN NHÂN DÂN",
        number="1/BC-UBND",
        place="",
        date=None,
        kind_title="BÁO CÁO",
        subject="",
        sections=[Section("I. CHỈ TIÊU", ["Như biểu đồ dưới đây."], figures=[Figure(png)])],
    )
    texts = [p.text for p in Document(io.BytesIO(render_docx(doc))).paragraphs]
    assert "Như biểu đồ dưới đây." in texts
    assert "./." in texts


def test_chart_json_is_the_format_of_the_web_charts():
    data = chart_json([WOMEN_IN_PARLIAMENT, NO_DATA])
    assert json.loads(json.dumps(data)) == data  # plain JSON, no Decimals
    assert data[0] == {
        "title": "Tỷ lệ nữ đại biểu Quốc hội",
        "unit": "%",
        "series": [[2020, 26.7], [2021, 30.26], [2023, 30.26], [2025, 30.3]],
        "targets": [
            [2025, ">=", 35.0, "Quốc gia"],
            [2030, ">=", 40.0, "Quốc gia"],
            [2030, ">=", 42.5, "Tỉnh"],
        ],
    }
    assert data[1] == {"title": NO_DATA.title, "unit": "%", "series": [], "targets": []}


def test_a_process_warmed_at_start_draws_the_same_bytes_as_a_cold_one(monkeypatch):
    """``warm`` (called when a web process starts) loads matplotlib and draws a first chart; a chart drawn after
    it is byte for byte the one a fresh process draws."""
    import hashlib
    import subprocess
    import sys
    from pathlib import Path

    from documents import charts

    script = (
        "import hashlib\nfrom decimal import Decimal\nfrom documents.charts import ChartSpec, indicator_charts_png\n"
        f"spec = ChartSpec({WOMEN_IN_PARLIAMENT.title!r}, '%', [(2020, Decimal('26.7')), (2025, Decimal('30.3'))], "
        "[(2030, '>=', 40, 'Quốc gia')])\n"
        f"print(hashlib.sha256(indicator_charts_png([spec], dpi={DPI})).hexdigest())\n"
    )
    root = Path(__file__).resolve().parents[2]
    cold = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
    )
    drawn = []
    monkeypatch.setattr(charts, "indicator_charts_png", lambda specs, **kw: drawn.append(kw) or b"")
    charts.warm()
    assert drawn  # warming draws
    monkeypatch.undo()
    charts.warm()
    spec = ChartSpec(
        WOMEN_IN_PARLIAMENT.title,
        "%",
        [(2020, Decimal("26.7")), (2025, Decimal("30.3"))],
        [(2030, ">=", 40, "Quốc gia")],
    )
    warmed = hashlib.sha256(indicator_charts_png([spec], dpi=DPI)).hexdigest()
    assert warmed == cold.stdout.strip()


def test_the_web_process_warms_the_charts_at_start(monkeypatch):
    import importlib
    import sys

    from documents import charts

    warmed = []
    monkeypatch.setattr(charts, "warm", lambda: warmed.append(True))
    monkeypatch.delitem(sys.modules, "config.wsgi", raising=False)
    monkeypatch.setattr("gc.freeze", lambda: None)  # the test process keeps collecting as before
    monkeypatch.setattr("gc.set_threshold", lambda *args: None)
    importlib.import_module("config.wsgi")
    assert warmed == [True]


@pytest.mark.parametrize(("command", "warms"), [("db_worker", True), ("migrate", False)])
def test_a_background_worker_warms_the_charts_at_start_and_other_commands_do_not(monkeypatch, command, warms):
    from django.apps import apps

    from documents import charts

    warmed = []
    monkeypatch.setattr(charts, "warm", lambda: warmed.append(True))
    monkeypatch.setattr("sys.argv", ["manage.py", command])
    apps.get_app_config("jobs").ready()
    assert bool(warmed) is warms
