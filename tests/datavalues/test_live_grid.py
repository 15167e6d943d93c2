"""Issue 16, problem 6: the grid's computed result needed a page reload. Saving a part answers the cell and, out of
band, the row's result and status and the grid's result, so the page shows them at once."""

import re

import pytest

from tests.conftest import vi_text
from tests.datavalues.test_data_views import cell, tay_ninh_now  # noqa: F401  (a fixture)
from units.selectors import communes_of

pytestmark = pytest.mark.django_db


def oob(page: str, dom_id: str) -> str:
    """The element the answer swaps out of band into the element with ``dom_id``."""
    found = re.search(rf'<(\w+) [^>]*id="{dom_id}"[^>]*hx-swap-oob="true"[^>]*>(.*?)</\1>', page, re.S)
    assert found, f"no out-of-band {dom_id} in the answer"
    return found.group(2)


def test_problem_6_saving_a_part_answers_the_row_result_and_status_without_a_reload(client_as, tay_ninh_now):  # noqa: F811
    """Problem 6: after the denominator then the numerator are saved, the answer carries the computed result
    (45,25 %) of the row and of the grid, and the row's status, swapped in place (hx-swap-oob)."""
    client = client_as("focal")
    first = cell(client, "M2.1", "denominator", tay_ninh_now, 2026, "1000").content.decode()
    assert "—" in oob(first, f"result-{tay_ninh_now.pk}-total")  # one part: no result yet
    answer = cell(client, "M2.1", "numerator", tay_ninh_now, 2026, "452,5").content.decode()
    row = oob(answer, f"result-{tay_ninh_now.pk}-total")
    assert "45,25" in row and vi_text("Entered") in row
    assert "45,25 %" in oob(answer, "result")
    assert vi_text("Entered") in oob(answer, "grid-statuses")
    grid = client.get(f"/data/M2.1/2026/?unit={tay_ninh_now.pk}").content.decode()
    assert "tải lại trang" not in grid and vi_text("(reload to update)") not in grid
    assert f'id="result-{tay_ninh_now.pk}-total"' in grid


def test_problem_6_a_commune_row_updates_its_own_result_and_the_province_result(client_as, tay_ninh_now):  # noqa: F811
    """Problem 6 on the grid by commune: the commune's row result comes from its own parts, the grid's result is
    the province's roll-up, both in the answer."""
    client = client_as("focal")
    commune = communes_of(tay_ninh_now).first()

    def save(part, value):
        return client.post(
            "/data/cell/",
            {
                "indicator": "M6.1",
                "part": part,
                "unit": commune.pk,
                "year": 2026,
                "sex": "total",
                "value": value,
                "version": 0,
                "grid": tay_ninh_now.pk,
            },
        ).content.decode()

    save("denominator", "2000")
    answer = save("numerator", "500")
    assert "25" in oob(answer, f"result-{commune.pk}-total")
    assert "25" in oob(answer, "result")  # the province rolled up from its commune


def test_a_yes_no_indicator_shows_yes_or_no_rather_than_a_number(client_as, tay_ninh_now):  # noqa: F811
    """M5.4 is a yes/no milestone: its result reads "Có", never "1,00 có/không"."""
    answer = cell(client_as("focal"), "M5.4", "value", tay_ninh_now, 2026, "1").content.decode()
    assert oob(answer, "result") == vi_text("Yes")
    assert vi_text("Yes") in oob(answer, f"result-{tay_ninh_now.pk}-total")
    grid = client_as("focal").get(f"/data/M5.4/2026/?unit={tay_ninh_now.pk}").content.decode()
    assert f'<strong id="result">{vi_text("Yes")}</strong>' in grid and "1,00" not in grid
