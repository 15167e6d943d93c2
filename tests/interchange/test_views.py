"""The exchange page, its downloads and upload, and the DHIS2 mapping page, as the people who use them."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from datavalues.models import DataValue
from interchange import dhis2
from interchange.models import Dhis2Mapping
from tests.conftest import vi_text
from tests.interchange.conftest import pair, snapshot, unit

pytestmark = pytest.mark.django_db


def test_the_focal_officer_downloads_each_format_and_imports_the_sdmx_file_back(client_as):
    tay_ninh = unit("80", 2026)
    pair("M2.1", tay_ninh, 2026, "312.5", 700)
    client = client_as("focal")
    page = client.get("/exchange/").content.decode()
    assert vi_text("Statistical exchange") in page and 'value="sdmx-csv"' in page
    bodies = {}
    for fmt, content_type in (
        ("csv", "text/csv"),
        ("sdmx-csv", "application/vnd.sdmx.data+csv"),
        ("dhis2-json", "application/json"),
        ("adx", "application/adx+xml"),
    ):
        response = client.get(f"/exchange/download/?unit={tay_ninh.pk}&year=2026&format={fmt}")
        assert response.status_code == 200 and response["Content-Type"].startswith(content_type)
        bodies[fmt] = response.content
    assert b"M2_1,80,_T,NUMERATOR," in bodies["sdmx-csv"]
    assert len(json.loads(bodies["dhis2-json"])["dataValues"]) == 2
    before = snapshot(year=2026)
    DataValue.objects.filter(year=2026).delete()
    response = client.post("/exchange/upload/", {"file": SimpleUploadedFile("tn.csv", bodies["sdmx-csv"])})
    assert response.status_code == 302
    assert snapshot(year=2026) == before


def test_a_refused_dhis2_file_lists_its_errors_and_changes_nothing(client_as):
    client = client_as("focal")
    body = json.dumps(
        {
            "dataValues": [
                {
                    "dataElement": "Zzzzzzzzzzz",
                    "period": "2026",
                    "orgUnit": dhis2.uid("ou", "80"),
                    "value": "1",
                }
            ]
        }
    ).encode()
    response = client.post("/exchange/upload/", {"file": SimpleUploadedFile("x.json", body)})
    assert response.status_code == 400
    assert "Zzzzzzzzzzz" in response.content.decode()
    assert DataValue.objects.count() == 0


def test_another_provinces_values_are_not_downloaded(client_as):
    ha_noi = unit("01", 2026)
    assert (
        client_as("focal").get(f"/exchange/download/?unit={ha_noi.pk}&year=2026&format=adx").status_code
        == 403
    )


def test_a_province_downloads_a_year_before_the_merger_from_its_former_provinces(client_as):
    pair("M2.1", unit("80", 2024), 2024, 210, 600)  # Long An
    pair("M2.1", unit("72", 2024), 2024, 164, 400)  # the former Tây Ninh
    client = client_as("focal")
    page = client.get("/exchange/?year=2024").content.decode()
    tay_ninh = unit("80", 2026)
    assert f'<option value="{tay_ninh.pk}">' in page
    body = client.get(f"/exchange/download/?unit={tay_ninh.pk}&year=2024&format=sdmx-csv").content.decode()
    assert "M2_1,80,_T,NUMERATOR," in body and "M2_1,72,_T,NUMERATOR," in body


def test_the_ministry_edits_a_row_on_the_page_and_a_viewer_only_reads(client_as):
    officer = client_as("ministry_officer")
    page = officer.get("/exchange/dhis2/?indicator=M2.1").content.decode()
    assert vi_text("DHIS2 mapping") in page and vi_text("generated") in page
    form = {
        "indicator": "M2.1",
        "part": "numerator",
        "sex": "total",
        "option": "area=urban",
        "lock_version": "0",
        "data_element": "fbfJHSPpUQD",
        "category_option_combo": "pq2XI5kz2BY",
    }
    assert officer.post("/exchange/dhis2/", form).status_code == 302
    assert Dhis2Mapping.objects.get().data_element == "fbfJHSPpUQD"
    again = officer.post(
        "/exchange/dhis2/", {**form, "data_element": "fbfJHSPpUQE"}
    )  # opened before the save
    assert again.status_code == 200 and Dhis2Mapping.objects.get().data_element == "fbfJHSPpUQD"
    bad = officer.post("/exchange/dhis2/", {**form, "lock_version": "1", "data_element": "1bad"})
    assert bad.status_code == 200 and Dhis2Mapping.objects.get().data_element == "fbfJHSPpUQD"
    viewer = client_as("ministry_viewer")
    assert viewer.get("/exchange/dhis2/?indicator=M2.1").status_code == 200
    assert viewer.post("/exchange/dhis2/", {**form, "lock_version": "1"}).status_code == 403


def test_the_mapping_is_uploaded_as_csv_and_downloaded_as_xlsx(client_as):
    officer = client_as("ministry_officer")
    text = (
        "indicator,part,sex,disaggregation,data_element,category_option_combo\n"
        "M2.1,numerator,total,area=urban,fbfJHSPpUQD,pq2XI5kz2BY\n"
    )
    response = officer.post("/exchange/dhis2/upload/", {"file": SimpleUploadedFile("m.csv", text.encode())})
    assert response.status_code == 302 and Dhis2Mapping.objects.count() == 1
    refused = officer.post(
        "/exchange/dhis2/upload/",
        {"file": SimpleUploadedFile("m.csv", text.replace("fbfJHSPpUQD", "x").encode())},
    )
    assert refused.status_code == 400 and Dhis2Mapping.objects.get().data_element == "fbfJHSPpUQD"
    download = officer.get("/exchange/dhis2/?download=xlsx")
    assert download.status_code == 200 and download.content[:2] == b"PK"


def test_the_downloaded_mapping_uploads_back_unchanged(client_as):
    officer = client_as("ministry_officer")
    for fmt in ("xlsx", "csv"):
        body = officer.get(f"/exchange/dhis2/?download={fmt}").content
        response = officer.post("/exchange/dhis2/upload/", {"file": SimpleUploadedFile(f"m.{fmt}", body)})
        assert response.status_code == 302, response.content.decode()[:2000]
        assert Dhis2Mapping.objects.count() == 0  # every row equal to what is in force: nothing stored
