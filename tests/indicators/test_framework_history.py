"""The framework as of a date: rebuilt from today's state by undoing the audit log's later entries."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEntry
from indicators.history import current_framework, framework_as_of
from indicators.models import Dimension, Direction, Indicator, Objective, PartKind
from indicators.services import dimension_save, indicator_create, indicator_update, target_set
from tests.conftest import vi_text

pytestmark = pytest.mark.django_db


def yesterday():
    return timezone.localdate() - timedelta(days=1)


def test_the_past_framework_differs_from_today_exactly_by_the_recorded_edits(persona):
    officer = persona("ministry_officer")
    before = current_framework()
    m21 = Indicator.objects.get(code="M2.1")
    target_set(
        indicator=m21, year=2030, comparator=">=", value="62,5", by=officer, reason="Nghị quyết sửa đổi"
    )
    indicator_update(indicator=m21, by=officer, data={"name_vi": "Tên mới của M2.1"}, reason="Sửa tên")

    today = current_framework()
    then = framework_as_of(yesterday())
    assert then == replace(before, on=yesterday())  # the whole structure, every indicator and disaggregation

    # today's differs from the past by exactly the two edits
    m21_then, m21_now = then.indicator("M2.1"), today.indicator("M2.1")
    expected_now = replace(
        m21_then,
        name_vi="Tên mới của M2.1",
        targets=[t if t.year != 2030 else replace(t, value=Decimal("62.5")) for t in m21_then.targets],
    )
    assert m21_now == expected_now
    assert [i for i in today.indicators if i.code != "M2.1"] == [
        i for i in then.indicators if i.code != "M2.1"
    ]
    assert today.dimensions == then.dimensions


def test_an_indicator_added_later_is_absent_and_one_deactivated_later_is_present(persona):
    admin = persona("ministry_admin")
    indicator_create(
        by=admin,
        objective=Objective.objects.get(number=1),
        code="M1.9",
        parts={PartKind.VALUE: "Giá trị"},
        name_vi="Chỉ tiêu mới",
        unit_label="%",
        direction=Direction.INCREASE,
    )
    indicator_update(indicator=Indicator.objects.get(code="M6.1"), by=admin, data={"active": False})
    then, now = framework_as_of(yesterday()), current_framework()
    assert now.indicator("M1.9") is not None and then.indicator("M1.9") is None
    assert now.indicator("M6.1").active is False
    assert then.indicator("M6.1").active is True
    assert framework_as_of(timezone.localdate()) == replace(now, on=timezone.localdate())


def test_a_part_name_a_disaggregation_and_its_options_are_rebuilt(persona):
    admin = persona("ministry_admin")
    before = current_framework()
    area = before.dimensions["area"]
    dimension_save(
        by=admin,
        code="area",
        name_vi="Khu vực (thành thị/nông thôn)",
        name_en=area.name_en,
        options=[
            *(
                {"code": o.code, "name_vi": o.name_vi.upper(), "name_en": o.name_en, "order": o.order}
                for o in area.options
            ),
            {"code": "peri-urban", "name_vi": "Ven đô", "order": 9},
        ],
    )
    dimension_save(
        by=admin, code="disability", name_vi="Khuyết tật", options=[{"code": "yes", "name_vi": "Có"}]
    )
    m11 = Indicator.objects.get(code="M1.1")
    kinds = {p.kind: {"name_vi": p.name_vi + " (sửa)", "name_en": "renamed"} for p in m11.parts.all()}
    indicator_update(
        indicator=m11, by=admin, data={}, parts=kinds, dimensions=[Dimension.objects.get(code="age")]
    )

    now = current_framework()
    assert "disability" in now.dimensions and len(now.dimensions["area"].options) == 3
    assert now.indicator("M1.1").dimensions == ["age"]
    assert all(p.name_en == "renamed" for p in now.indicator("M1.1").parts)
    assert framework_as_of(yesterday()) == replace(before, on=yesterday())
    entry = AuditEntry.objects.get(action="dimension.update")
    assert [o["code"] for o in entry.before["options"]] == [o.code for o in area.options]


def test_rebuilding_reads_a_fixed_number_of_queries_whatever_the_number_of_edits(persona):
    admin = persona("ministry_admin")
    m21 = Indicator.objects.get(code="M2.1")
    note = m21.note
    target_set(indicator=m21, year=2030, comparator=">=", value=61, by=admin, reason="x")
    with CaptureQueriesContext(connection) as few:
        framework_as_of(yesterday())
    for value in range(62, 72):
        target_set(indicator=m21, year=2030, comparator=">=", value=value, by=admin, reason="x")
        indicator_update(indicator=m21, by=admin, data={"note": f"ghi chú {value}"})
    with CaptureQueriesContext(connection) as many:
        then = framework_as_of(yesterday())
    assert len(many) == len(few) <= 10
    assert then.indicator("M2.1").targets[-1].value == 60
    assert then.indicator("M2.1").note == note
    assert current_framework().indicator("M2.1").note == "ghi chú 71"


def test_the_framework_page_shows_the_past_framework_with_a_banner_and_no_edit_buttons(client_as, persona):
    m21 = Indicator.objects.get(code="M2.1")
    target_set(indicator=m21, year=2030, comparator=">=", value=65, by=persona("ministry_admin"), reason="x")
    client = client_as("ministry_officer")
    today = client.get("/indicators/").content.decode()
    assert "/indicators/new/" in today and "/indicators/import/" in today

    page = client.get("/indicators/?as_of=2023-06-01")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Khung chỉ tiêu tại ngày 01 tháng 06 năm 2023" in html
    assert "/indicators/new/" not in html and "/indicators/import/" not in html
    assert "/indicators/metadata.xlsx?as_of=2023-06-01" in html
    row = html[html.index('href="/indicators/M2.1/"') :]
    row = row[: row.index("</tr>")]
    assert "≥ 60" in row and "65" not in row
    assert "≥ 65" in today[today.index('href="/indicators/M2.1/"') :]


@pytest.mark.parametrize("bad", ["2023-06-31", "01/06/2023", "9999-01-01"])
def test_a_bad_date_gets_a_vietnamese_error_on_the_page(client_as, bad):
    page = client_as("focal").get(f"/indicators/?as_of={bad}")
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="as-of-error"' in html
    assert "2023-06-01" in html or "hôm nay" in html


def test_the_indicator_page_shows_a_part_rename_in_words(client_as, persona):
    m11 = Indicator.objects.get(code="M1.1")
    parts = {p.kind: {"name_vi": "Tên thành phần mới", "name_en": ""} for p in m11.parts.all()}
    indicator_update(
        indicator=m11, by=persona("ministry_admin"), data={"active": False}, parts=parts, reason="x"
    )
    html = client_as("ministry_officer").get("/indicators/M1.1/").content.decode()
    history = html[html.index(vi_text("History of changes")) :]
    assert "Tên thành phần mới" in history and "{" not in history
    assert vi_text("indicator parts") in history and "Không" in history


def test_the_banner_reads_in_english_for_an_english_reader(client_as, english):
    html = client_as("focal").get("/indicators/?as_of=2023-06-01").content.decode()
    assert "Indicator framework on 1 June 2023" in html


def test_a_local_indicator_is_recorded_whole_and_is_absent_before_it_was_added(persona, tay_ninh):
    from plans.services import local_indicator_create

    indicator = local_indicator_create(
        province=tay_ninh, by=persona("focal"), code="X1", name_vi="Chỉ tiêu riêng", direction="increase"
    )
    entry = AuditEntry.objects.get(action="indicator.local_create")
    assert entry.after["name_vi"] == "Chỉ tiêu riêng" and set(entry.after["parts"]) == {"value"}
    assert current_framework().indicator(indicator.code).province == tay_ninh.code
    assert framework_as_of(yesterday()).indicator(indicator.code) is None
