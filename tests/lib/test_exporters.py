"""The shared renderers: what every download gets from ``lib.exporters`` whatever exporter feeds it."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from lib.exporters import DATE, INTEGER, PERCENT, Cell, ListExporter, Sheet, Validation, notes, render_csv
from lib.exporters import render_xlsx as render


class Figures(ListExporter):
    file_name = "figures"
    sheet_name = "Số liệu"
    widths = [10, 40, 12]
    formats = {3: INTEGER}
    autofilter = True

    def __init__(self, rows):
        self._rows = rows

    def headers(self):
        return ["Mã", "Tên", "Giá trị"]

    def rows(self):
        yield from self._rows  # a generator: the renderer reads rows as a stream


def book(data: bytes, **kwargs):
    return load_workbook(io.BytesIO(data), **kwargs)


def test_a_list_exporter_gives_a_sheet_with_a_bold_frozen_header_widths_and_a_filter():
    ws = book(Figures([["M1.1", "Tỷ lệ", Decimal("1234.000")], ["M1.2", "Số", None]]).xlsx())["Số liệu"]
    assert [c.value for c in ws[1]] == ["Mã", "Tên", "Giá trị"]
    assert all(c.font.b for c in ws[1]) and not ws["A2"].font.b
    assert ws.freeze_panes == "A2"
    assert [ws.column_dimensions[c].width for c in "ABC"] == [10, 40, 12]
    assert ws.auto_filter.ref == "A1:C3"
    assert ws["C2"].value == 1234 and isinstance(ws["C2"].value, int)  # an integral Decimal, an integer
    assert ws["C2"].number_format == INTEGER
    assert ws["C3"].value is None


def test_text_a_spreadsheet_would_run_is_kept_as_text():
    ws = book(render([Sheet("S", ["=SUM(A1)"], [["=1+2", "@cmd", "-x", "+1", "a\x00b"]])])).active
    assert ws["A1"].value == "=SUM(A1)" and ws["A1"].data_type == "s" and ws["A1"].quotePrefix
    for cell in ws[2][:4]:
        assert cell.data_type == "s" and cell.quotePrefix, cell.value
    assert [c.value for c in ws[2]] == [
        "=1+2",
        "@cmd",
        "-x",
        "+1",
        "a?b",
    ]  # XML-forbidden characters replaced


def test_cells_carry_formats_fonts_fills_and_dates_are_day_month_year():
    rows = [
        [
            date(2026, 3, 8),
            Cell(Decimal("0.255"), format="percent"),
            Cell("Tổng", bold=True, fill="FDE2E1"),
            Cell(5, format="#,##0.0"),
            Cell("C", align="center"),
        ]
    ]
    ws = book(render([Sheet("S", ["a", "b", "c", "d", "e"], rows)])).active
    assert ws["A2"].value.date() == date(2026, 3, 8) and ws["A2"].number_format == DATE
    assert ws["B2"].value == pytest.approx(0.255) and ws["B2"].number_format == PERCENT
    assert ws["C2"].font.b and ws["C2"].fill.fgColor.rgb == "00FDE2E1"
    assert ws["D2"].number_format == "#,##0.0"
    assert ws["E2"].alignment.horizontal == "center"


def test_several_sheets_and_title_lines_above_the_header():
    sheets = [
        Sheet("Một", ["x"], [[1]], title=[Cell("Tiêu đề", bold=True, size=13), "Ngày 07/12/2026"]),
        Sheet("Hai" * 20, ["y"], [[2]], freeze_columns=1, wrap=True),
        notes("Ghi chú", ["Đầu", "Sau"]),
    ]
    wb = book(render(sheets))
    assert wb.sheetnames == ["Một", ("Hai" * 20)[:31], "Ghi chú"]
    one = wb["Một"]
    assert one["A1"].value == "Tiêu đề" and one["A1"].font.b and one["A1"].font.sz == 13
    assert one["A2"].value == "Ngày 07/12/2026" and one["A3"].value is None
    assert one["A4"].value == "x" and one["A4"].font.b and one["A5"].value == 1
    assert one.freeze_panes == "A5"
    two = wb[("Hai" * 20)[:31]]
    assert two.freeze_panes == "B2" and two["A2"].alignment.wrap_text
    note = wb["Ghi chú"]
    assert [note["A1"].value, note["A2"].value] == ["Đầu", "Sau"]
    assert note["A1"].font.b and not note["A2"].font.b and note["A2"].alignment.wrap_text
    assert note.freeze_panes is None and note.column_dimensions["A"].width == 120


def test_an_input_template_keeps_its_comments_checks_protection_and_input_cells():
    sheet = Sheet(
        "Nhập",
        ["code", "value"],
        [["M1", Cell(None, unlocked=True, fill="FFF7D6")], ["M2", Cell(3, unlocked=True)]],
        comments={"value": "Nhập số không âm."},
        header_fill="DDE3EA",
        validations=[Validation(2, error_title="Sai", error="Nhập một số không âm.")],
        protect=True,
    )
    ws = book(render([sheet])).active
    assert ws["B1"].comment.text == "Nhập số không âm." and ws["B1"].fill.fgColor.rgb == "00DDE3EA"
    assert ws.protection.sheet
    assert ws["A2"].protection.locked and not ws["B2"].protection.locked and not ws["B3"].protection.locked
    assert ws["B2"].fill.fgColor.rgb == "00FFF7D6"
    (check,) = ws.data_validations.dataValidation
    assert (check.type, check.operator, check.formula1, check.error) == (
        "decimal",
        "greaterThanOrEqual",
        "0",
        "Nhập một số không âm.",
    )
    assert str(check.sqref) == "B2:B3"


def test_a_sheet_of_known_size_records_it_for_readers():
    """Readers in read-only mode take a sheet's size from the file (the upload's progress bar does)."""
    data = render([Sheet("S", ["a", "b"], [["x", 1]] * 7)])
    assert book(data, read_only=True).worksheets[0].max_row == 8


def test_the_csv_is_utf8_with_a_byte_order_mark_crlf_lines_and_inert_text():
    data = Figures([["=1+2", "Hà Nội", Decimal("12.50")], ["-5", None, date(2026, 1, 2)]]).csv()
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert text == "Mã,Tên,Giá trị\r\n'=1+2,Hà Nội,12.5\r\n-5,,2026-01-02\r\n"
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["Mã", "Tên", "Giá trị"],
        ["'=1+2", "Hà Nội", "12.5"],
        ["-5", "", "2026-01-02"],
    ]
    assert not Figures([]).csv(bom=False).startswith("\ufeff".encode())


def test_a_csv_of_several_sheets_is_refused():
    with pytest.raises(ValueError):
        render_csv([Sheet("a", ["x"]), Sheet("b", ["y"])])
