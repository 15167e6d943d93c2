"""A disaggregation other than sex (``indicators.cuts``) can be entered on every write path: the exchange file (CSV
and XLSX), a single save, the API and the grid; it is checked against the indicator's declared options, stored
canonically, and its cuts must add up to their total."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from accounts.services import api_token_issue
from audit.models import AuditEntry
from datavalues.exchange import ValuesExport, read_rows
from datavalues.models import DataValue
from datavalues.services import ImportRefused, import_rows, value_set
from indicators.models import Indicator
from lib.errors import DomainError
from lib.exporters import render_csv
from tests.conftest import vi_text
from tests.datavalues.conftest import enter
from units.selectors import unit_resolve

pytestmark = pytest.mark.django_db

HEADER = "indicator,part,unit,year,sex,value,disaggregation\n"

GOOD = (
    HEADER
    + "M2.1,numerator,80,2026,total,100,\n"
    + "M2.1,numerator,80,2026,total,40,area=urban\n"
    + "M2.1,numerator,80,2026,total,60, area = rural \n"
    + "M2.1,denominator,80,2026,total,300,\n"
    + "M2.1,denominator,80,2026,total,120,area=urban\n"
    + "M2.1,denominator,80,2026,total,180,area=rural\n"
    # M3.2a by sex and by age group: each sex's age groups add up to that sex
    + "".join(
        f"M3.2a,numerator,80,2026,{sex},{value},{cut}\n"
        for sex, values in (("female", (6, 1, 4, 1)), ("male", (4, 1, 2, 1)), ("total", (10, 2, 6, 2)))
        for cut, value in zip(("", "age=0-15", "age=16-59", "age=60-plus"), values, strict=True)
    )
    + "M3.2a,denominator,80,2026,total,20,\n"
)


def rows_of(text: str, name: str = "file.csv"):
    return read_rows(text.encode(), name)


def stored(code: str) -> dict[tuple[str, str, str], Decimal]:
    return {
        (v.part, v.sex, v.option): v.value
        for v in DataValue.objects.filter(series__indicator__code=code, year=2026, unit__code="80")
    }


def counts():
    return DataValue.objects.count(), AuditEntry.objects.filter(action__startswith="value.").count()


def test_a_csv_with_urban_rural_and_age_cuts_imports_and_is_stored_canonically(persona):
    report = import_rows(rows_of(GOOD), by=persona("focal"))
    assert report.created == 19
    m21 = stored("M2.1")
    assert m21[("numerator", "total", "area=urban")] == 40
    assert m21[("numerator", "total", "area=rural")] == 60  # " area = rural " stored in its canonical form
    assert m21[("denominator", "total", "")] == 300
    m32 = stored("M3.2a")
    assert m32[("numerator", "female", "age=0-15")] == 1
    assert m32[("numerator", "male", "age=16-59")] == 2
    assert m32[("numerator", "total", "age=60-plus")] == 2
    assert len(m32) == 13
    entry = AuditEntry.objects.get(
        action="value.set", object_repr__startswith="M2.1 numerator", object_repr__contains="rural"
    )
    assert entry.object_repr == "M2.1 numerator · 80 · 2026 · total · area=rural = 60"


def test_an_xlsx_with_cuts_imports_as_the_csv_does(persona):
    book = Workbook()
    sheet = book.active
    for line in GOOD.splitlines():
        sheet.append(line.split(","))
    data = io.BytesIO()
    book.save(data)
    report = import_rows(read_rows(data.getvalue(), "cuts.xlsx"), by=persona("focal"))
    assert report.created == 19
    assert stored("M2.1")[("numerator", "total", "area=rural")] == 60


def test_cuts_that_do_not_add_up_are_refused_naming_the_rows_and_the_numbers(persona):
    before = counts()
    text = (
        HEADER
        + "M2.1,numerator,80,2026,total,100,\n"
        + "M2.1,numerator,80,2026,total,40,area=urban\n"
        + "M2.1,numerator,80,2026,total,61,area=rural\n"
        + "M2.1,denominator,80,2026,total,300,\n"
    )
    with pytest.raises(ImportRefused) as refused:
        import_rows(rows_of(text), by=persona("focal"))
    errors = refused.value.errors
    assert {line for line, _c, _m in errors} == {2, 3, 4}
    assert {column for _l, column, _m in errors} == {"value"}
    message = errors[0][2]
    assert "40 + 61 = 101" in message and "100" in message and "2, 3, 4" in message
    assert message.startswith(
        "Thành thị/nông thôn: 40 + 61 = 101, nhưng tổng số là 100."
    )  # dimension in words
    assert counts() == before


def test_a_changed_total_is_checked_against_the_cuts_already_stored(persona):
    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    for cut, value in (("", "100"), ("area=urban", "40"), ("area=rural", "60")):
        value_set(
            indicator=Indicator.objects.get(code="M2.1"),
            part="numerator",
            unit=tay_ninh,
            year=2026,
            value=Decimal(value),
            option=cut,
            by=None,
            require_comment=False,
        )
    with pytest.raises(ImportRefused) as refused:
        import_rows(rows_of(HEADER + "M2.1,numerator,80,2026,total,99,\n"), by=persona("focal"))
    assert refused.value.errors[0][0] == 2
    assert "40 + 60 = 100" in refused.value.errors[0][2]
    assert stored("M2.1")[("numerator", "total", "")] == 100


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("M2.1,numerator,80,2026,total,40,ethnicity=minority", ["ethnicity", "area"]),
        ("M2.1,numerator,80,2026,total,40,area=town", ["town", "urban, rural"]),
        ("M2.1,numerator,80,2026,total,40,urban", ["urban", "area=urban"]),
        ("M4.2,numerator,80,2026,total,4,area=urban", ["M4.2"]),
    ],
)
def test_an_undeclared_dimension_or_option_is_refused_naming_the_row_and_what_is_allowed(persona, row, words):
    before = counts()
    text = HEADER + "M2.1,denominator,80,2026,total,300,\n" + row + "\n"
    with pytest.raises(ImportRefused) as refused:
        import_rows(rows_of(text), by=persona("focal"))
    assert [(line, column) for line, column, _m in refused.value.errors] == [(3, "disaggregation")]
    message = refused.value.errors[0][2]
    assert all(word in message for word in words), message
    assert counts() == before


def test_the_numerator_above_the_denominator_is_refused_for_each_option(persona):
    before = counts()
    text = (
        HEADER
        + "M4.3,numerator,80,2026,total,30,\n"
        + "M4.3,denominator,80,2026,total,1000,\n"
        + "M4.3,numerator,80,2026,total,25,ethnicity=minority\n"  # 25 births over 20 women: refused
        + "M4.3,denominator,80,2026,total,20,ethnicity=minority\n"
        + "M4.2,numerator,80,2026,total,30000,\n"  # maternal deaths above live births: refused as ever
        + "M4.2,denominator,80,2026,total,20000,\n"
    )
    with pytest.raises(ImportRefused) as refused:
        import_rows(rows_of(text), by=persona("focal"))
    assert {line for line, _c, _m in refused.value.errors} == {4, 5, 6, 7}
    messages = {line: message for line, _c, message in refused.value.errors}
    assert "(25)" in messages[4] and "(20)" in messages[5]  # the option's own numerator and denominator
    assert "(30.000)" in messages[6] and "(20.000)" in messages[7]
    assert messages[4] == vi_text("The numerator (%(n)s) is larger than the denominator (%(d)s).") % {
        "n": "25",
        "d": "20",
    }
    assert counts() == before


def test_female_plus_male_must_equal_the_total_for_each_option(persona):
    text = (
        HEADER
        + "M3.2a,numerator,80,2026,female,3,age=0-15\n"
        + "M3.2a,numerator,80,2026,male,3,age=0-15\n"
        + "M3.2a,numerator,80,2026,total,7,age=0-15\n"
        + "M3.2a,numerator,80,2026,total,7,\n"  # the totals' own trio has no female or male: not checked
    )
    with pytest.raises(ImportRefused) as refused:
        import_rows(rows_of(text), by=persona("focal"))
    assert {line for line, _c, _m in refused.value.errors} == {2, 3, 4}


def test_export_then_import_gives_the_same_values_with_their_cuts(persona):
    import_rows(rows_of(GOOD), by=persona("focal"))
    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    data = render_csv(list(ValuesExport(tay_ninh, 2026).sheets()), bom=False)
    assert b"M2.1,numerator,80,2026,total,40,,,area=urban" in data
    before = {(k, v) for k, v in stored("M2.1").items()} | {(k, v) for k, v in stored("M3.2a").items()}
    DataValue.objects.all().delete()
    report = import_rows(read_rows(data, "values.csv"), by=persona("focal"))
    assert report.created == 19
    after = {(k, v) for k, v in stored("M2.1").items()} | {(k, v) for k, v in stored("M3.2a").items()}
    assert after == before


def test_a_single_save_takes_a_disaggregation_through_the_same_checks(tay_ninh):
    enter("M2.1", "numerator", tay_ninh, 2026, "100")
    m21 = Indicator.objects.get(code="M2.1")
    saved = value_set(
        indicator=m21, part="numerator", unit=tay_ninh, year=2026, value="40", option="area = urban", by=None
    )
    assert saved.option == "area=urban"
    with pytest.raises(DomainError) as refused:
        value_set(
            indicator=m21, part="numerator", unit=tay_ninh, year=2026, value="40", option="age=0-15", by=None
        )
    assert refused.value.field == "disaggregation"


@pytest.fixture
def api(client, persona):
    def call(who, method, path, **kwargs):
        headers = {"Authorization": f"Bearer {api_token_issue(user=persona(who))}"}
        return getattr(client, method)(path, headers=headers, content_type="application/json", **kwargs)

    return call


def test_the_api_writes_and_lists_a_disaggregation_and_names_the_field_of_a_bad_one(api):
    body = {"indicator": "M2.1", "part": "numerator", "unit": "80", "year": 2026, "version": 0}
    assert api("focal", "post", "/api/v1/values", data={**body, "value": "100"}).status_code == 200
    saved = api(
        "focal", "post", "/api/v1/values", data={**body, "value": "40", "disaggregation": " area = urban"}
    )
    assert saved.status_code == 200, saved.json()
    assert saved.json()["disaggregation"] == "area=urban" and saved.json()["version"] == 1
    bad = api("focal", "post", "/api/v1/values", data={**body, "value": "60", "disaggregation": "area=town"})
    assert bad.status_code == 422 and bad.json()["field"] == "disaggregation"
    assert "urban, rural" in bad.json()["detail"]
    not_adding_up = api(
        "focal", "post", "/api/v1/values", data={**body, "value": "61", "disaggregation": "area=rural"}
    )
    assert not_adding_up.status_code == 422 and "40 + 61 = 101" in not_adding_up.json()["detail"]
    conflict = api(
        "focal",
        "post",
        "/api/v1/values",
        data={**body, "value": "41", "disaggregation": "area=urban", "version": 0},
    )
    assert conflict.status_code == 409 and conflict.json()["current"]["disaggregation"] == "area=urban"
    rows = api("department", "get", "/api/v1/values?unit=80&year=2026").json()
    assert {(r["disaggregation"], r["value"]) for r in rows} == {
        ("", "100.000000"),
        ("area=urban", "40.000000"),
    }
    only = api("department", "get", "/api/v1/values?unit=80&year=2026&disaggregation=area%3Durban").json()
    assert [r["value"] for r in only] == ["40.000000"]
    assert DataValue.objects.filter(option="area=rural").count() == 0


def test_the_openapi_describes_the_disaggregation_field(api):
    schema = api("focal", "get", "/api/v1/openapi.json").json()["components"]["schemas"]
    field = schema["ValueIn"]["properties"]["disaggregation"]
    assert field["default"] == "" and "area=urban" in field["description"]
    assert "disaggregation" in schema["ValueOut"]["required"]


def grid_cell(client, unit, value, option="", part="numerator", version=0, code="M2.1"):
    return client.post(
        "/data/cell/",
        {
            "indicator": code,
            "part": part,
            "unit": unit.pk,
            "year": 2026,
            "sex": "total",
            "option": option,
            "value": value,
            "version": version,
        },
    )


def test_the_grid_shows_the_declared_cuts_folded_under_each_line_in_words(client_as, tay_ninh):
    enter("M2.1", "numerator", tay_ninh, 2026, "100")
    value_set(
        indicator=Indicator.objects.get(code="M2.1"),
        part="numerator",
        unit=tay_ninh,
        year=2026,
        value=Decimal(40),
        option="area=urban",
        by=None,
        require_comment=False,
    )
    page = client_as("focal").get(f"/data/M2.1/2026/?unit={tay_ninh.pk}").content.decode()
    assert 'data-toggle-rows aria-expanded="false" aria-controls="cuts-1-1 cuts-1-2"' in page
    assert '<tr class="cut-row" id="cuts-1-1" hidden>' in page
    assert "Thành thị/nông thôn: Thành thị" in page and "Thành thị/nông thôn: Nông thôn" in page
    assert 'name="option" value="area=urban"' in page and 'id="cell-' in page
    assert f'id="cell-{tay_ninh.pk}-numerator-total-area-urban"' in page
    assert "đã nhập 1" in page  # the folded rows say how many of their cells hold a value


def test_an_indicator_without_cuts_has_no_folded_rows(client_as, tay_ninh):
    page = client_as("department").get(f"/data/M4.2/2026/?unit={tay_ninh.pk}").content.decode()
    assert "cut-row" not in page and "data-toggle-rows" not in page and 'name="option"' not in page


def test_a_grid_cell_saves_a_cut_through_the_same_checks(client_as, tay_ninh):
    client = client_as("focal")
    assert grid_cell(client, tay_ninh, "100").status_code == 200
    saved = grid_cell(client, tay_ninh, "40", option="area=urban")
    assert saved.status_code == 200, saved.content.decode()
    assert DataValue.objects.get(option="area=urban").value == 40
    refused = grid_cell(client, tay_ninh, "61", option="area=rural")
    assert refused.status_code == 422
    assert "40 + 61 = 101, nhưng tổng số là 100" in refused.content.decode()
    bad = grid_cell(client, tay_ninh, "60", option="area=town")
    assert bad.status_code == 422 and "urban, rural" in bad.content.decode()
    assert not DataValue.objects.filter(option__in=["area=rural", "area=town"]).exists()
    assert grid_cell(client, tay_ninh, "60", option="area=rural").status_code == 200
    # the whole line goes through the workflow together: submitting takes the cuts too
    client.post("/data/M2.1/2026/action/", {"unit": tay_ninh.pk, "action": "submit"})
    assert set(DataValue.objects.values_list("status", flat=True)) == {"submitted"}


def test_the_excel_template_lists_the_cuts_and_reads_them_back(client_as, persona):
    client = client_as("focal")
    book = load_workbook(io.BytesIO(client.get("/data/template.xlsx?year=2026").content))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    column = header.index("disaggregation")
    rows = list(sheet.iter_rows(min_row=2))
    m21 = [r for r in rows if r[0].value == "M2.1" and r[1].value == "numerator"]
    assert [r[column].value for r in m21] == [None, "area=urban", "area=rural"]
    assert m21[1][header.index("part_name")].value.endswith("Thành thị/nông thôn: Thành thị")
    assert m21[1][column].protection.locked  # the cut is the row's key: not typed over
    for row, value in zip(m21, (100, 40, 60), strict=True):
        row[header.index("value")].value = value
    out = io.BytesIO()
    book.save(out)
    report = import_rows(read_rows(out.getvalue(), "filled.xlsx"), by=persona("focal"))
    assert report.created == 3
    assert stored("M2.1") == {
        ("numerator", "total", ""): 100,
        ("numerator", "total", "area=urban"): 40,
        ("numerator", "total", "area=rural"): 60,
    }
