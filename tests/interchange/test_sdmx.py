"""SDMX-CSV 2.0 and the DSD: written from the accepted values, read back by the reference library (sdmx1) against
the DSD it reads from our SDMX-ML structure message, and every key checked against the DSD's codelists."""

import io
from decimal import Decimal

import pytest
import sdmx
from sdmx.reader.csv import Reader

from interchange.sdmx import SdmxCsvExport, structure, structure_xml
from tests.interchange.conftest import accepted_with_option, pair, put, unit

pytestmark = pytest.mark.django_db


def data_2026():
    tay_ninh = unit("80", 2026)
    accepted_with_option("M2.1", "numerator", tay_ninh, 2026, "120", "area=urban")
    accepted_with_option("M2.1", "denominator", tay_ninh, 2026, "200", "area=urban")
    pair("M2.1", tay_ninh, 2026, 300, 600)
    for sex, numerator, denominator in (("total", 90, 100), ("female", 70, 76), ("male", 20, 24)):
        pair("M3.2a", tay_ninh, 2026, numerator, denominator, sex=sex)
    put("M2.1", "numerator", unit("01", 2026), 2026, "50", status="approved")  # not accepted: not published
    return tay_ninh


def read_back(csv_bytes: bytes):
    """The file as the library reads it, against the dataflow of the structure message it reads from our XML."""
    message = sdmx.read_sdmx(io.BytesIO(structure_xml()))
    dataflow = message.dataflow["DF_GENDER_EQUALITY"]
    data = Reader().convert(io.BytesIO(csv_bytes), structure=dataflow)
    return message, data


def test_the_sdmx_csv_of_a_province_reads_back_with_the_reference_library_against_the_dsd():
    tay_ninh = data_2026()
    body = SdmxCsvExport(tay_ninh, 2026).csv(bom=False)
    assert (
        body.decode().splitlines()[0].startswith("STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,SEX,PART,")
    )
    message, data = read_back(body)
    dsd = message.structure["DSD_GENDER_EQUALITY"]
    codes = {
        d.id: {c.id for c in d.local_representation.enumerated}
        for d in dsd.dimensions
        if d.id != "TIME_PERIOD"
    }
    observations = [o for ds in data.data for o in ds.obs]
    assert len(observations) == len(body.decode().splitlines()) - 1
    keys = set()
    for obs in observations:
        key = {k: v.value for k, v in obs.dimension.values.items()}
        assert set(key) == {d.id for d in dsd.dimensions}  # every dimension of the DSD, none other
        for dim, value in key.items():
            if dim != "TIME_PERIOD":
                assert value in codes[dim], (dim, value)
        keys.add(tuple(sorted(key.items())))
    assert len(keys) == len(observations)  # no key twice
    found = {
        (k["INDICATOR"], k["SEX"], k["PART"], k["AREA"]): Decimal(o.value)
        for o in observations
        for k in [{n: v.value for n, v in o.dimension.values.items()}]
    }
    assert found[("M2_1", "_T", "NUMERATOR", "urban")] == 120
    assert found[("M2_1", "_T", "IND", "urban")] == 60  # 100 × 120 / 200
    assert found[("M2_1", "_T", "IND", "_T")] == 50
    assert found[("M3_2a", "F", "IND", "_T")] == Decimal("92.105263")  # 100 × 70 / 76, six decimals
    assert found[("M3_2a", "M", "DENOMINATOR", "_T")] == 24
    assert all(k[0] in ("M2_1", "M3_2a") for k in found)


def test_only_accepted_values_of_the_scope_are_exported_and_the_nation_has_every_province():
    data_2026()
    put("M2.1", "denominator", unit("01", 2026), 2026, "700")  # accepted in Hà Nội
    province = SdmxCsvExport(unit("80", 2026), 2026).csv(bom=False).decode()
    national = SdmxCsvExport(unit("VN", 2026), 2026).csv(bom=False).decode()
    assert ",01," not in province
    assert "M2_1,01,_T,DENOMINATOR,_T" in national
    assert "M2_1,01,_T,NUMERATOR," not in national  # Hà Nội's 50 is only approved
    assert "M2_1,01,_T,IND," not in national  # and without it there is no indicator value
    read_back(national.encode())


def test_the_dsd_has_every_declared_disaggregation_with_a_total_and_the_sex_codes():
    dsd = sdmx.read_sdmx(io.BytesIO(structure_xml())).structure["DSD_GENDER_EQUALITY"]
    ids = [d.id for d in dsd.dimensions]
    assert ids[:4] == ["INDICATOR", "REF_AREA", "SEX", "PART"] and ids[-1] == "TIME_PERIOD"
    ours = structure()
    for ident, code in ours.disaggregations.items():
        assert ident in ids
        assert code == ident.lower()
    area = {c.id for c in dsd.dimensions.get("AREA").local_representation.enumerated}
    assert area == {"_T", "urban", "rural"}
    assert {c.id for c in dsd.dimensions.get("SEX").local_representation.enumerated} == {"_T", "F", "M"}
    assert [a.id for a in dsd.attributes] == ["UNIT_MEASURE"]


def test_an_sdmx_file_with_codes_outside_the_dsd_is_refused_naming_each_line(persona):
    from datavalues.models import DataValue
    from datavalues.services import ImportRefused
    from interchange.services import import_sdmx_csv

    tay_ninh = data_2026()
    lines = SdmxCsvExport(tay_ninh, 2026).csv(bom=False).decode().splitlines()
    lines[2] = lines[2].replace(",_T,", ",X,", 1)  # a sex code SDMX does not have
    lines[3] = lines[3].replace("NUMERATOR", "SHARE").replace("DENOMINATOR", "SHARE").replace("IND", "SHARE")
    before = DataValue.objects.count()
    with pytest.raises(ImportRefused) as refused:
        import_sdmx_csv("\r\n".join(lines).encode(), by=persona("focal"))
    assert [(line, column) for line, column, _m in refused.value.errors] == [(3, "SEX"), (4, "PART")]
    assert DataValue.objects.count() == before
