"""An indicator's unit of measure is stored in English (the reference data's column); every Vietnamese page shows it
in Vietnamese: the grid, the framework's catalogue and an indicator's page."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/data/M4.3/2026/", "/indicators/", "/indicators/M4.3/"])
def test_the_unit_of_measure_is_in_vietnamese(client_as, path):
    page = client_as("department").get(path).content.decode()
    assert "trẻ/1.000 phụ nữ 15-19 tuổi" in page
    assert "per 1000 women" not in page
