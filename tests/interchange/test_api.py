"""GET /api/v1/sdmx/data: the page's SDMX-CSV for a token, with the values' access decision."""

import io

import pytest
import sdmx
from sdmx.reader.csv import Reader

from accounts.services import api_token_issue
from interchange.sdmx import structure_xml
from tests.interchange.conftest import pair, unit

pytestmark = pytest.mark.django_db


def get(client, persona, who, path):
    token = api_token_issue(user=persona(who), by=persona(who))
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def test_the_api_answers_the_sdmx_csv_that_the_library_reads(client, persona):
    pair("M2.1", unit("80", 2026), 2026, "312.5", 700)
    response = get(client, persona, "focal", "/api/v1/sdmx/data?unit=80&year=2026")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.sdmx.data+csv"
    )
    dataflow = sdmx.read_sdmx(io.BytesIO(structure_xml())).dataflow["DF_GENDER_EQUALITY"]
    data = Reader().convert(io.BytesIO(response.content), structure=dataflow)
    assert sorted(o.value for ds in data.data for o in ds.obs) == sorted(["312.5", "700", "44.642857"])
    assert get(client, persona, "focal", "/api/v1/sdmx/data?unit=01&year=2026").status_code == 403
