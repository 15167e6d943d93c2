import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from datavalues.models import DataValue
from tests.datavalues.conftest import enter
from units.selectors import communes_of, unit_resolve

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(
        (v.series.indicator.code, v.part, v.unit_id, v.year, v.sex, v.value, v.source)
        for v in DataValue.objects.select_related("series__indicator")
    )


def test_export_then_import_into_an_empty_database_gives_identical_values(tmp_path):
    long_an = unit_resolve(code="80", on=date(2024, 1, 1))
    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    commune = communes_of(tay_ninh).first()
    enter("M2.1", "numerator", long_an, 2024, "312.5", source="LFS 2024")
    enter("M2.1", "denominator", long_an, 2024, "700")
    for sex, value in (("female", "40"), ("male", "20"), ("total", "60")):
        enter("M3.2a", "numerator", commune, 2026, value, sex=sex)
    enter("M3.2a", "denominator", commune, 2026, "80")
    enter("M4.1", "numerator", tay_ninh, 2026, "11245")
    enter("M5.4", "value", unit_resolve(code="VN", on=date(2026, 1, 1)), 2026, "1")
    before = snapshot()
    files = []
    for year in (2024, 2026):
        path = tmp_path / f"vn-{year}.csv"
        call_command("export_values", unit="VN", year=year, output=str(path))
        files.append(path)
    assert "M2.1,numerator,80,2024,total,312.5,LFS 2024," in files[0].read_text()
    DataValue.objects.all().delete()
    for path in files:
        call_command("import_values", str(path))
    assert snapshot() == before


BAD = """indicator,part,unit,year,sex,value
M9.9,numerator,80,2026,total,1
M2.1,numerator,02,2025,total,1
M2.1,numerator,80,2026,total,mười
M3.2a,numerator,80,2026,female,3
M3.2a,numerator,80,2026,male,3
M3.2a,numerator,80,2026,total,7
M2.1,numerator,01,2026,total,5
M2.1,denominator,80,2026,total,100
"""


def test_a_file_with_bad_rows_exits_non_zero_names_each_row_and_column_and_changes_nothing(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    count = DataValue.objects.count()
    with pytest.raises(SystemExit) as exit_:
        call_command("import_values", str(path), "--as", "focal")
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "Dòng 2, cột indicator" in err  # unknown indicator
    assert "Dòng 3, cột unit" in err  # Hà Giang (02) no longer exists in 2025
    assert "Dòng 4, cột value" in err  # not a number
    assert "Dòng 7, cột value" in err  # female 3 + male 3 is not the total 7
    assert "Dòng 8, cột unit" in err  # Hà Nội is outside Tây Ninh's focal officer's scope
    assert "Dòng 9" not in err
    assert DataValue.objects.count() == count


def test_a_dry_run_checks_without_saving(tmp_path, capsys):
    path = tmp_path / "ok.csv"
    path.write_text("indicator,part,unit,year,sex,value\nM2.1,numerator,80,2026,,45\n", encoding="utf-8")
    call_command("import_values", str(path), "--dry-run")
    assert "1 dòng" in capsys.readouterr().out
    assert not DataValue.objects.exists()


def test_an_xlsx_with_the_same_columns_imports_too(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["indicator", "part", "unit", "year", "sex", "value"])
    sheet.append(["M2.1", "numerator", "80", 2026, "", 45.5])
    path = tmp_path / "values.xlsx"
    workbook.save(path)
    call_command("import_values", str(path))
    assert DataValue.objects.get().value == Decimal("45.5")


def test_exported_text_that_looks_like_a_formula_is_made_inert():
    from datavalues.exchange import write_csv

    assert write_csv([["=1+2", "-5", "-x", "@a"]]).strip() == "'=1+2,-5,'-x,'@a"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_export_escapes_each_start_of_a_formula_with_one_helper(start):
    """Finding 6 of issue 13: a leading tab, +, - or @ must be made inert as well as =, in every CSV and XLSX."""
    from openpyxl import load_workbook

    from datavalues.exchange import write_csv
    from lib.exporters import Sheet, csv_cell, render_xlsx
    from lib.xlsx import inert_text

    text = f"{start}HYPERLINK(1)"
    assert inert_text(text) == "'" + text
    assert next(csv.reader(io.StringIO(write_csv([[text]]), newline=""))) == ["'" + text]
    assert csv_cell(text) == "'" + text
    assert (
        inert_text("-5") == "-5" and inert_text("+0,5") == "'+0,5"
    )  # a number stays a number (a dot, not a comma)
    cell = load_workbook(io.BytesIO(render_xlsx([Sheet("S", rows=[[text]])]))).active["A1"]
    assert cell.data_type == "s" and cell.quotePrefix


def test_export_values_makes_every_formula_start_inert(tmp_path):
    """Finding 6 of issue 13, as the tester ran it: sources starting with a tab, +, - or @ came out of
    `manage.py export_values` as they were, and a spreadsheet opening the CSV would run them."""
    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    starts = {"=": "M2.1", "+": "M4.1", "-": "M4.2", "@": "M4.3", "\t": "M3.4", "\r": "M5.1"}
    for start, code in starts.items():
        enter(code, "numerator", tay_ninh, 2026, "5", source=f"{start}HYPERLINK(1)")
    path = tmp_path / "out.csv"
    call_command("export_values", unit="80", year=2026, output=str(path))
    with path.open(encoding="utf-8", newline="") as f:
        rows = {row["indicator"]: row for row in csv.DictReader(f)}
    for start, code in starts.items():
        assert rows[code]["source"] == f"'{start}HYPERLINK(1)", code
