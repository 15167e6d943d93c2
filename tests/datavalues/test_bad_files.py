"""Finding 4 of issue 13: a broken file, or a bad field, is a clear Vietnamese refusal that changes nothing, never a
server error. Each test sends the request the tester sent."""

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from audit.models import AuditEntry
from datavalues.models import DataValue, PartAssignment
from tests.conftest import vi_text
from units.selectors import unit_resolve

pytestmark = pytest.mark.django_db

HEADER = "indicator,part,unit,year,sex,value,source\n"


def state() -> tuple:
    """A checksum of what a refused file must leave as it was."""
    return (
        list(DataValue.objects.order_by("pk").values_list("pk", "value", "version", "source")),
        AuditEntry.objects.count(),
        list(PartAssignment.objects.order_by("pk").values_list("pk", "agency_id")),
    )


def upload(client, name: str, data: bytes, url: str = "/data/upload/"):
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def broken_xlsx() -> bytes:
    """A workbook whose sheet XML is cut off in the middle of a row."""
    wb = Workbook()
    wb.active.append(["indicator", "part", "unit", "year", "sex", "value"])
    wb.active.append(["M2.1", "numerator", "80", 2026, "total", 5])
    out = io.BytesIO()
    wb.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            target.writestr(item, content)
    return broken.getvalue()


@pytest.mark.parametrize(
    "name,data",
    [
        (
            "latin1.csv",
            (HEADER + "M2.1,numerator,80,2026,total,5,Sở Nội vụ\n").encode("latin-1", "replace")
            + "Bảng".encode("cp1258", "replace")
            + b"\xe9\xff\n",
        ),
        ("utf16.csv", (HEADER + "M2.1,numerator,80,2026,total,5,Sở\n").encode("utf-16")),
        ("broken.xlsx", broken_xlsx()),
    ],
)
def test_an_unreadable_values_file_is_refused_in_vietnamese(client_as, name, data):
    client = client_as("focal")
    before = state()
    response = upload(client, name, data)
    assert response.status_code in (200, 400), response.status_code
    page = response.content.decode()
    assert any(
        vi_text(message) in page
        for message in (
            "The file is not a CSV file in UTF-8.",
            "The file is not an Excel workbook (.xlsx).",
        )
    )
    assert state() == before


def test_an_assignment_naming_a_part_by_its_kind_is_refused(client_as):
    before = state()
    response = client_as("focal").post(
        "/data/assignments/", {"part": "numerator", "agency": "1"}, follow=True
    )
    assert response.status_code == 200
    assert vi_text("Choose the part and the agency from the lists.") in response.content.decode()
    assert state() == before


def test_a_source_longer_than_its_column_is_refused_by_the_import(client_as):
    before = state()
    rows = HEADER + f"M2.1,numerator,80,2026,total,5,{'x' * 100_000}\n"
    response = upload(client_as("focal"), "long.csv", rows.encode())
    assert vi_text("The source is longer than %(n)s characters.") % {"n": 300} in response.content.decode()
    assert state() == before
    assert not DataValue.objects.filter(unit=unit_resolve(code="80", on=date(2026, 1, 1))).exists()
