from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEntry
from datavalues.models import DataValue, ValueStatus
from datavalues.services import value_set, values_transition
from indicators.models import Indicator
from lib.errors import DomainError
from units.selectors import unit_resolve

pytestmark = pytest.mark.django_db


@pytest.fixture
def value(persona):
    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    return value_set(
        indicator=Indicator.objects.get(code="M3.4"),  # the Department of Health provides it
        part="numerator",
        unit=tay_ninh,
        year=2026,
        value=Decimal("45"),
        by=persona("department"),
    )


def save(v, new, by, **kwargs):
    return value_set(
        indicator=v.series.indicator,
        part=v.part,
        unit=v.unit,
        year=v.year,
        value=Decimal(new),
        by=by,
        **kwargs,
    )


def test_approved_values_are_locked_and_reopening_needs_a_reason(value, persona):
    values_transition(values=[value], action="submit", by=persona("department"))
    values_transition(values=[value], action="approve", by=persona("focal"))
    with pytest.raises(DomainError):
        save(value, "50", persona("department"))
    with pytest.raises(DomainError):
        values_transition(values=[value], action="reopen", by=persona("focal"), reason="")
    values_transition(values=[value], action="reopen", by=persona("focal"), reason="Sai số liệu Cục Thống kê")
    saved = save(
        value, "50", persona("department"), expected_version=DataValue.objects.get(pk=value.pk).version
    )
    assert saved.value == 50 and saved.status == ValueStatus.ENTERED
    entry = AuditEntry.objects.get(action="value.reopen")
    assert entry.reason == "Sai số liệu Cục Thống kê" and entry.before == {"status": "approved"}


def test_returning_needs_a_reason_and_the_agency_can_then_correct(value, persona):
    values_transition(values=[value], action="submit", by=persona("department"))
    with pytest.raises(DomainError):
        values_transition(values=[value], action="return", by=persona("focal"))
    values_transition(values=[value], action="return", by=persona("focal"), reason="Thiếu nguồn số liệu")
    value.refresh_from_db()
    assert (value.status, value.return_reason) == (ValueStatus.RETURNED, "Thiếu nguồn số liệu")
    save(value, "46", persona("department"))
    assert DataValue.objects.get(pk=value.pk).status == ValueStatus.ENTERED


def test_the_second_of_two_saves_from_the_same_version_gets_a_conflict_with_the_others_value(value, persona):
    start = value.version
    save(value, "47", persona("department"), expected_version=start)
    with pytest.raises(DomainError) as conflict:
        save(value, "48", persona("focal"), expected_version=start)
    assert conflict.value.field == "conflict"
    assert "47" in str(conflict.value.message)
    assert DataValue.objects.get(pk=value.pk).value == 47


def test_a_large_change_from_last_year_needs_a_comment(persona):
    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    m21 = Indicator.objects.get(code="M2.1")
    value_set(indicator=m21, part="denominator", unit=tay_ninh, year=2025, value=Decimal(1000), by=None)
    with pytest.raises(DomainError) as warning:
        value_set(indicator=m21, part="denominator", unit=tay_ninh, year=2026, value=Decimal(2000), by=None)
    assert warning.value.field == "comment"
    value_set(
        indicator=m21,
        part="denominator",
        unit=tay_ninh,
        year=2026,
        value=Decimal(2000),
        by=None,
        comment="Mở rộng phạm vi điều tra sau sáp nhập",
    )
    assert DataValue.objects.filter(year=2026).count() == 1


def test_a_numerator_above_its_denominator_is_refused(persona):
    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    m21 = Indicator.objects.get(code="M2.1")
    value_set(indicator=m21, part="denominator", unit=tay_ninh, year=2026, value=Decimal(100), by=None)
    with pytest.raises(DomainError):
        value_set(indicator=m21, part="numerator", unit=tay_ninh, year=2026, value=Decimal(101), by=None)
    assert DataValue.objects.count() == 1


def test_two_series_are_kept_and_the_primary_one_feeds_the_roll_up(persona):
    from datavalues.selectors import rollup
    from datavalues.services import series_create, series_make_primary

    m41 = Indicator.objects.get(code="M4.1")
    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    for part, value in (("numerator", 11200), ("denominator", 10000)):
        value_set(indicator=m41, part=part, unit=tay_ninh, year=2026, value=Decimal(value), by=None)
    survey = series_create(
        indicator=m41, code="survey", name_vi="Điều tra biến động dân số", by=persona("ministry_admin")
    )
    for part, value in (("numerator", 11500), ("denominator", 10000)):
        value_set(
            indicator=m41, part=part, unit=tay_ninh, year=2026, value=Decimal(value), by=None, series=survey
        )
    assert rollup(m41, tay_ninh, 2026).value() == 112
    with pytest.raises(DomainError):
        series_make_primary(series=survey, by=persona("ministry_admin"), reason="")
    series_make_primary(series=survey, by=persona("ministry_admin"), reason="Số liệu điều tra đầy đủ hơn")
    assert rollup(m41, tay_ninh, 2026).value() == 115
    assert DataValue.objects.filter(series__indicator=m41).count() == 4  # both series kept


def _values_state() -> list[tuple]:
    """A checksum of the values table: every row's status and version."""
    return list(DataValue.objects.order_by("pk").values_list("pk", "status", "version", "value"))


def test_a_department_cannot_submit_the_parts_another_department_provides(client_as, persona):
    """Finding 1 of issue 13: as the Department of Health, POST /data/M1.1/2026/action/ unit=…&action=submit moved
    both M1.1 parts, which the Department of Home Affairs provides, to "submitted"."""
    from tests.conftest import vi_text
    from tests.datavalues.conftest import enter

    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    enter("M1.1", "numerator", tay_ninh, 2026, 30)
    enter("M1.1", "denominator", tay_ninh, 2026, 100)
    before = _values_state()
    response = client_as("department").post(
        "/data/M1.1/2026/action/", {"unit": tay_ninh.pk, "action": "submit"}, follow=True
    )
    assert _values_state() == before
    assert set(DataValue.objects.filter(unit=tay_ninh).values_list("status", flat=True)) == {
        ValueStatus.ENTERED
    }
    page = response.content.decode()
    refusal = vi_text("The %(part)s of %(code)s is entered by %(agency)s; you may not enter it.")
    assert refusal.split("; ")[1] in page and "M1.1" in page and "Sở Nội vụ" in page  # who provides it
    # the same refusal from the service, whatever the path
    with pytest.raises(DomainError, match="Sở Nội vụ"):
        values_transition(
            values=list(DataValue.objects.filter(unit=tay_ninh)), action="submit", by=persona("department")
        )
    # the focal officer at Home Affairs may
    values_transition(
        values=list(DataValue.objects.filter(unit=tay_ninh)), action="submit", by=persona("focal")
    )
    assert set(DataValue.objects.filter(unit=tay_ninh).values_list("status", flat=True)) == {
        ValueStatus.SUBMITTED
    }


def test_a_set_with_one_value_outside_ones_scope_is_refused_whole(persona):
    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    from tests.datavalues.conftest import enter

    own = enter("M3.4", "numerator", tay_ninh, 2026, 45)  # the Department of Health's
    other = enter("M1.1", "numerator", tay_ninh, 2026, 30)  # Home Affairs'
    before = _values_state()
    with pytest.raises(DomainError, match="M1.1"):
        values_transition(values=[own, other], action="submit", by=persona("department"))
    assert _values_state() == before
    with pytest.raises(DomainError):
        values_transition(
            values=[own], action="approve", by=persona("department")
        )  # reviewing: the focal officer
    assert _values_state() == before
