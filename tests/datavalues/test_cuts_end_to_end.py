"""Issue 15's first acceptance point, through every layer at once: a file with urban/rural and age cuts from two
communes imports, rolls up to the province and to the nation exactly (summed numerators and denominators), shows
in the indicator page's breakdown, and is in the public download once the year is accepted and published."""

import csv
import io
import re
from decimal import Decimal

import pytest

from datavalues import rollup_cache
from datavalues.exchange import read_rows
from datavalues.models import DataValue, ValueStatus
from datavalues.selectors import rollup_cuts
from datavalues.services import import_rows
from indicators.models import Indicator
from units.models import AdminUnit
from units.selectors import communes_of

pytestmark = pytest.mark.django_db

YEAR = 2026
# (numerator, denominator) of M2.1 by commune and cut; each commune's cuts add up to its total
M21 = {
    0: {"area=urban": (30, 70), "area=rural": (45, 130)},
    1: {"area=urban": (12, 25), "area=rural": (51, 175)},
}
# M3.2a victims reaching a service, by age group (sex: total), over the victims detected
M32A = {
    0: {"age=0-15": (3, 4), "age=16-59": (9, 12), "age=60-plus": (1, 3)},
    1: {"age=0-15": (2, 2), "age=16-59": (5, 9), "age=60-plus": (0, 1)},
}


def _file(communes) -> str:
    lines = ["indicator,part,unit,year,sex,value,disaggregation"]
    for code, table in (("M2.1", M21), ("M3.2a", M32A)):
        for index, by_cut in table.items():
            unit = communes[index].code
            totals = [sum(n for n, _d in by_cut.values()), sum(d for _n, d in by_cut.values())]
            for part, position in (("numerator", 0), ("denominator", 1)):
                lines.append(f"{code},{part},{unit},{YEAR},total,{totals[position]},")
                lines.extend(
                    f"{code},{part},{unit},{YEAR},total,{pair[position]},{cut}"
                    for cut, pair in by_cut.items()
                )
    return "\n".join(lines) + "\n"


def _expected(table, cut) -> tuple[Decimal, Decimal]:
    return (
        Decimal(sum(by_cut[cut][0] for by_cut in table.values())),
        Decimal(sum(by_cut[cut][1] for by_cut in table.values())),
    )


@pytest.fixture
def imported(tay_ninh, persona):
    communes = list(communes_of(tay_ninh).order_by("code")[:2])
    report = import_rows(read_rows(_file(communes).encode(), "cuts.csv"), by=persona("focal"))
    assert report.created == 2 * 2 * (3 + 4)  # 2 indicators × 2 communes × 2 parts × (total + cuts)
    return communes


def test_a_file_with_area_and_age_cuts_rolls_up_to_the_province_and_the_nation_exactly(imported, tay_ninh):
    nation = AdminUnit.objects.get(code="VN")
    for code, table in (("M2.1", M21), ("M3.2a", M32A)):
        indicator = Indicator.objects.get(code=code)
        for unit in (tay_ninh, nation):
            rolled = rollup_cuts(indicator, unit, [YEAR])
            for cut in table[0]:
                numerator, denominator = _expected(table, cut)
                parts = rolled[cut][YEAR].parts
                assert (parts[("numerator", "total")], parts[("denominator", "total")]) == (
                    numerator,
                    denominator,
                )
                # the ratio of the sums, never the mean of the communes' ratios
                assert rolled[cut][YEAR].value() == indicator.factor * numerator / denominator
            total = rolled[""][YEAR].parts
            assert total[("numerator", "total")] == sum(_expected(table, cut)[0] for cut in table[0])


def test_the_cuts_appear_in_the_indicator_pages_breakdown(imported, client_as):
    page = client_as("focal").get(f"/dashboard/80/indicators/M2.1/?year={YEAR}&by=area")
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", page.content.decode())
    urban = 100 * Decimal(42) / Decimal(95)  # (30 + 12) / (70 + 25)
    assert "Thành thị" in text and "Nông thôn" in text
    assert f"{urban:.1f}".replace(".", ",") in text  # 44,2 in the table under the chart


def test_the_cuts_are_in_the_public_download_once_accepted_and_published(imported, client, persona):
    from portal.services import publication_publish

    # the workflow's last step for the whole year (its own rules are tested in test_workflow)
    DataValue.objects.filter(year=YEAR).update(status=ValueStatus.ACCEPTED)
    rollup_cache.data_changed(year=YEAR)
    publication_publish(year=YEAR, by=persona("ministry_officer"))
    rows = list(
        csv.reader(
            io.StringIO(client.get("/public/data.csv?indicator=M2.1&unit=VN").content.decode("utf-8-sig"))
        )
    )
    code_column = rows[0].index("Mã phân tổ")
    by_cut = {row[code_column]: row for row in rows[1:]}
    assert set(by_cut) == {"", "area=urban", "area=rural"}
    for cut in ("area=urban", "area=rural"):
        numerator, denominator = _expected(M21, cut)
        assert [Decimal(by_cut[cut][8]), Decimal(by_cut[cut][9])] == [numerator, denominator]
