"""Export, then import into a fresh province-year, through each format: nothing is lost (indicator, part, unit,
year, sex, option and value equal). Imports go through the exchange file's import, as the province's focal officer."""

import pytest

from datavalues.models import DataValue
from interchange import dhis2
from interchange.sdmx import SdmxCsvExport
from interchange.services import import_dhis2, import_sdmx_csv
from tests.interchange.conftest import accepted_with_option, pair, put, snapshot, unit
from units.selectors import communes_of

pytestmark = pytest.mark.django_db


def tay_ninh_2026():
    tay_ninh = unit("80", 2026)
    commune = communes_of(tay_ninh).first()
    pair("M2.1", tay_ninh, 2026, "312.5", 700)
    for option, numerator, denominator in (("area=urban", "200", "400"), ("area=rural", "112.5", "300")):
        accepted_with_option("M2.1", "numerator", tay_ninh, 2026, numerator, option)
        accepted_with_option("M2.1", "denominator", tay_ninh, 2026, denominator, option)
    for sex, numerator, denominator in (("total", 90, 100), ("female", 70, 76), ("male", 20, 24)):
        pair("M3.2a", tay_ninh, 2026, numerator, denominator, sex=sex)
    for sex, value in (("female", "40"), ("male", "20"), ("total", "60")):
        put("M3.2a", "numerator", commune, 2026, value, sex=sex)
    put("M3.2a", "denominator", commune, 2026, "80")
    put("M4.1", "numerator", tay_ninh, 2026, "11245.000001")
    return tay_ninh


EXPORTS = {
    "sdmx-csv": (lambda u: SdmxCsvExport(u, 2026).csv(bom=False), import_sdmx_csv),
    "dhis2-json": (lambda u: dhis2.data_value_set_json(u, 2026), import_dhis2),
    "adx": (lambda u: dhis2.adx(u, 2026), import_dhis2),
}


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
def test_a_province_year_goes_through_the_format_and_back_unchanged(fmt, persona):
    tay_ninh = tay_ninh_2026()
    before = snapshot(year=2026)
    assert len(before) == 17
    assert sum(1 for v in before if v[5]) == 4  # the urban and rural parts
    export, load = EXPORTS[fmt]
    body = export(tay_ninh)
    DataValue.objects.filter(year=2026).delete()
    report = load(body, by=persona("focal"), name=f"tay-ninh.{fmt}")
    assert report.created == 17
    assert snapshot(year=2026) == before


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
def test_an_import_outside_the_officers_province_changes_nothing(fmt, persona):
    from datavalues.services import ImportRefused

    tay_ninh = tay_ninh_2026()
    body = EXPORTS[fmt][0](tay_ninh)
    DataValue.objects.filter(year=2026).delete()
    with pytest.raises(ImportRefused) as refused:
        EXPORTS[fmt][1](body, by=persona("outsider"), name="x")
    assert refused.value.errors
    assert DataValue.objects.filter(year=2026).count() == 0


def test_an_adx_file_that_gives_its_disaggregation_only_as_attributes_imports_the_same(persona):
    import re

    tay_ninh = tay_ninh_2026()
    before = snapshot(year=2026)
    body = re.sub(rb' categoryOptionCombo="\w+"', b"", dhis2.adx(tay_ninh, 2026))
    assert b"categoryOptionCombo" not in body and b'SEX="F"' in body
    DataValue.objects.filter(year=2026).delete()
    assert b'AREA="urban"' in body
    assert import_dhis2(body, by=persona("focal")).created == 17
    assert snapshot(year=2026) == before


def test_an_option_the_indicator_does_not_declare_is_refused_naming_its_line(persona):
    from datavalues.services import ImportRefused

    tay_ninh = tay_ninh_2026()
    lines = SdmxCsvExport(tay_ninh, 2026).csv(bom=False).decode().splitlines()
    at = next(i for i, line in enumerate(lines) if ",NUMERATOR," in line and ",urban," in line)
    lines[at] = lines[at].replace(",urban,", ",moon,")
    DataValue.objects.filter(year=2026).delete()
    with pytest.raises(ImportRefused) as refused:
        import_sdmx_csv("\r\n".join(lines).encode(), by=persona("focal"))
    assert (at + 1, "disaggregation") in [(line, column) for line, column, _m in refused.value.errors]
    assert DataValue.objects.filter(year=2026).count() == 0
