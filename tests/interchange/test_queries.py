"""Every export reads in a fixed number of queries, whatever the number of units and values."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interchange import dhis2
from interchange.sdmx import SdmxCsvExport
from tests.interchange.conftest import pair, unit

pytestmark = pytest.mark.django_db

EXPORTS = {
    "sdmx-csv": lambda u: SdmxCsvExport(u, 2026).csv(bom=False),
    "dhis2-json": lambda u: dhis2.data_value_set_json(u, 2026),
    "adx": lambda u: dhis2.adx(u, 2026),
}


def queries(fmt: str) -> tuple[int, int]:
    nation = unit("VN", 2026)
    with CaptureQueriesContext(connection) as captured:
        body = EXPORTS[fmt](nation)
    return len(captured), len(body)


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
def test_the_national_export_reads_the_same_number_of_queries_for_one_province_or_four(fmt):
    pair("M2.1", unit("80", 2026), 2026, 10, 20)
    one, small = queries(fmt)
    for code in ("01", "79", "92"):
        pair("M2.1", unit(code, 2026), 2026, 30, 40, sex="total")
    four, large = queries(fmt)
    assert large > small
    assert four == one
