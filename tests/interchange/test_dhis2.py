"""DHIS2 data value sets and ADX: validated against their schemas (the JSON Schema written from DHIS2's
documentation, the ADX schema written from the IHE profile), the mapping table and its checks."""

import json
from pathlib import Path

import jsonschema_rs
import pytest
from django.core.exceptions import PermissionDenied
from lxml import etree

from audit.models import AuditEntry
from datavalues.models import DataValue
from datavalues.services import ImportRefused
from indicators.models import Indicator
from interchange import dhis2
from interchange.models import Dhis2Mapping
from interchange.services import import_dhis2, mapping_import, mapping_set
from tests.interchange.conftest import accepted_with_option, pair, snapshot, unit

pytestmark = pytest.mark.django_db
SCHEMAS = Path(dhis2.__file__).parent / "schemas"


def data():
    tay_ninh = unit("80", 2026)
    accepted_with_option("M2.1", "numerator", tay_ninh, 2026, "120", "area=urban")
    pair("M2.1", tay_ninh, 2026, 300, 600)
    for sex, numerator, denominator in (("total", 90, 100), ("female", 70, 76), ("male", 20, 24)):
        pair("M3.2a", tay_ninh, 2026, numerator, denominator, sex=sex)
    return tay_ninh


def test_the_data_value_set_validates_against_the_schema_and_names_every_value_once():
    document = dhis2.data_value_set(data(), 2026)
    validator = jsonschema_rs.validator_for(json.loads((SCHEMAS / "dataValueSets.schema.json").read_text()))
    assert [e.message for e in validator.iter_errors(document)] == []
    values = document["dataValues"]
    assert len(values) == 9
    keys = {(v["dataElement"], v["categoryOptionCombo"], v["orgUnit"]) for v in values}
    assert len(keys) == 9  # the urban numerator and the total numerator have different combos
    total = [v for v in values if v["categoryOptionCombo"] == dhis2.DEFAULT_COMBO]
    assert {v["value"] for v in total} == {"300", "600", "90", "100"}
    assert all(v["period"] == "2026" for v in values)


def test_a_broken_data_value_set_fails_the_schema():
    validator = jsonschema_rs.validator_for(json.loads((SCHEMAS / "dataValueSets.schema.json").read_text()))
    document = dhis2.data_value_set(data(), 2026)
    document["dataValues"][0]["dataElement"] = "1notAUid"
    del document["dataValues"][1]["period"]
    assert len(list(validator.iter_errors(document))) == 2


def test_the_adx_message_validates_against_the_adx_schema_with_its_disaggregations_as_attributes():
    body = dhis2.adx(data(), 2026)
    tree = etree.fromstring(body)
    schema = dhis2.adx_schema()
    assert schema.validate(tree), schema.error_log
    ns = {"a": dhis2.ADX_NS}
    group = tree.find("a:group", ns)
    assert group.get("period") == "2026-01-01/P1Y" and group.get("dataSet") == dhis2.DATA_SET
    urban = [v for v in tree.iterfind(".//a:dataValue", ns) if v.get("AREA") == "urban"]
    assert len(urban) == 1 and urban[0].get("value") == "120" and urban[0].get("SEX") == "_T"
    broken = etree.fromstring(body.replace(b'value="120"', b'value="mot tram"'))
    assert not schema.validate(broken)


def test_an_unknown_data_element_or_org_unit_is_refused_naming_the_value_and_nothing_changes(persona):
    document = dhis2.data_value_set(data(), 2026)
    document["dataValues"][2]["dataElement"] = "Zzzzzzzzzzz"
    document["dataValues"][4]["orgUnit"] = "Yyyyyyyyyyy"
    before = DataValue.objects.count()
    with pytest.raises(ImportRefused) as refused:
        import_dhis2(json.dumps(document).encode(), by=persona("focal"))
    assert [(line, column) for line, column, _m in refused.value.errors] == [
        (3, "dataElement"),
        (5, "orgUnit"),
    ]
    assert "Zzzzzzzzzzz" in refused.value.errors[0][2]
    assert DataValue.objects.count() == before


def test_an_adx_file_that_breaks_the_schema_is_refused_with_its_line(persona):
    body = dhis2.adx(data(), 2026).replace(b'period="2026-01-01/P1Y"', b'period="last year"', 1)
    with pytest.raises(ImportRefused) as refused:
        import_dhis2(body, by=persona("focal"))
    assert refused.value.errors[0][0] == 3  # the declaration, <adx>, then the group


def test_an_import_over_accepted_values_is_refused_and_changes_nothing(persona):
    body = dhis2.data_value_set_json(data(), 2026)
    before = snapshot(year=2026)
    with pytest.raises(ImportRefused) as refused:
        import_dhis2(body.replace(b'"value": "120"', b'"value": "121"'), by=persona("focal"))
    assert refused.value.errors
    assert snapshot(year=2026) == before


def row(**overrides):
    base = {
        "indicator": "M2.1",
        "part": "numerator",
        "sex": "total",
        "disaggregation": "area=urban",
        "data_element": "fbfJHSPpUQD",
        "category_option_combo": "pq2XI5kz2BY",
    }
    return {**base, **overrides}


def test_the_ministry_maps_a_key_and_the_export_and_import_use_it(persona):
    officer = persona("ministry_officer")
    changed, read = mapping_import([(2, row())], by=officer)
    assert (changed, read) == (1, 1)
    mapping_import([(2, {"unit": "80", "org_unit": "DiszpKrYNg8"})], by=officer)
    document = dhis2.data_value_set(data(), 2026)
    urban = [v for v in document["dataValues"] if v["dataElement"] == "fbfJHSPpUQD"]
    assert urban == [
        {
            "dataElement": "fbfJHSPpUQD",
            "period": "2026",
            "orgUnit": "DiszpKrYNg8",
            "categoryOptionCombo": "pq2XI5kz2BY",
            "attributeOptionCombo": dhis2.DEFAULT_COMBO,
            "value": "120",
            "comment": "",
        }
    ]
    assert AuditEntry.objects.filter(action="dhis2.mapping", actor=officer).count() == 1
    assert AuditEntry.objects.filter(action="dhis2.org_unit", actor=officer).count() == 1
    assert dhis2.table().key_of()[("fbfJHSPpUQD", "pq2XI5kz2BY")] == (
        "M2.1",
        "numerator",
        "total",
        "area=urban",
    )


def test_a_mapping_upload_with_bad_rows_names_each_and_stores_nothing(persona):
    officer = persona("ministry_officer")
    rows = [
        (2, row(data_element="12345678901")),
        (3, row(indicator="M9.9")),
        (4, row(disaggregation="area=moon")),
        (5, row(part="share")),
    ]
    with pytest.raises(ImportRefused) as refused:
        mapping_import(rows, by=officer)
    assert [(line, column) for line, column, _m in refused.value.errors] == [
        (2, "data_element"),
        (3, "indicator"),
        (4, "disaggregation"),
        (5, "part"),
    ]
    assert Dhis2Mapping.objects.count() == 0


def test_two_keys_cannot_share_a_pair_of_identifiers(persona):
    officer = persona("ministry_officer")
    mapping_import([(2, row())], by=officer)
    with pytest.raises(ImportRefused) as refused:
        mapping_import([(2, row(disaggregation="area=rural"))], by=officer)
    assert refused.value.errors[0][1] == "category_option_combo"
    assert "M2.1 numerator total area=urban" in refused.value.errors[0][2]
    assert Dhis2Mapping.objects.count() == 1


@pytest.mark.parametrize("name", ["focal", "ministry_viewer"])
def test_only_the_ministrys_officers_edit_the_mapping(name, persona):
    with pytest.raises(PermissionDenied):
        mapping_import([(2, row())], by=persona(name))


def test_the_page_edit_refuses_a_row_changed_since_it_was_opened(persona):
    from lib.errors import DomainError

    officer = persona("ministry_officer")
    m21 = Indicator.objects.get(code="M2.1")
    kwargs = dict(indicator=m21, part="numerator", sex="total", option="area=urban", by=officer)
    mapping_set(**kwargs, data_element="fbfJHSPpUQD", category_option_combo="pq2XI5kz2BY", expected_version=0)
    with pytest.raises(DomainError):
        mapping_set(
            **kwargs, data_element="fbfJHSPpUQE", category_option_combo="pq2XI5kz2BY", expected_version=0
        )
    version = Dhis2Mapping.objects.get().lock_version
    mapping_set(
        **kwargs, data_element="fbfJHSPpUQE", category_option_combo="pq2XI5kz2BY", expected_version=version
    )
    assert Dhis2Mapping.objects.get().data_element == "fbfJHSPpUQE"


def test_an_adx_schema_error_is_named_in_vietnamese_with_its_attribute(persona):
    from tests.conftest import vi_text

    body = dhis2.adx(data(), 2026).replace(b'value="120"', b'value="mot tram"')
    with pytest.raises(ImportRefused) as refused:
        import_dhis2(body, by=persona("focal"))
    line, column, message = refused.value.errors[0]
    assert column == "value" and "dataValue" in message
    wording = vi_text(
        "Line %(line)s: the attribute “%(attribute)s” of “%(element)s” is missing or wrong for ADX."
    )
    assert message == wording % {"line": line, "attribute": "value", "element": "dataValue"}
    assert "Dòng" in message
