from decimal import Decimal

import pytest

from audit.models import AuditEntry
from indicators.models import Direction, Indicator, Objective, PartKind
from indicators.services import indicator_create, indicator_update, target_set
from lib.errors import DomainError

pytestmark = pytest.mark.django_db


def test_changing_a_national_target_keeps_old_and_new_value_user_and_reason(persona):
    officer = persona("ministry_officer")
    m21 = Indicator.objects.get(code="M2.1")
    target_set(
        indicator=m21, year=2030, comparator=">=", value="62,5", by=officer, reason="Nghị quyết sửa đổi"
    )
    assert m21.targets.get(year=2030).value == Decimal("62.5")
    entry = AuditEntry.objects.get(action="indicator.target", object_id=str(m21.pk))
    assert entry.actor == officer
    assert entry.before == {"year": 2030, "comparator": ">=", "value": "60.0000", "wording": ""}
    assert entry.after == {"year": 2030, "comparator": ">=", "value": "62.5", "wording": ""}
    assert entry.reason == "Nghị quyết sửa đổi"


def test_a_target_change_without_a_reason_is_refused_and_changes_nothing(persona):
    m21 = Indicator.objects.get(code="M2.1")
    with pytest.raises(DomainError) as error:
        target_set(
            indicator=m21, year=2030, comparator=">=", value=65, by=persona("ministry_officer"), reason=" "
        )
    assert error.value.field == "reason"
    assert m21.targets.get(year=2030).value == 60
    assert not AuditEntry.objects.filter(action="indicator.target").exists()


def test_a_comparator_that_contradicts_the_direction_is_a_configuration_error(persona):
    m41 = Indicator.objects.get(code="M4.1")  # sex ratio at birth: lower is better
    with pytest.raises(DomainError):
        target_set(
            indicator=m41, year=2030, comparator=">=", value=109, by=persona("ministry_admin"), reason="x"
        )


def test_a_bad_number_is_refused_with_the_field_named(persona):
    with pytest.raises(DomainError) as error:
        target_set(
            indicator=Indicator.objects.get(code="M2.1"),
            year=2030,
            comparator=">=",
            value="sáu mươi",
            by=persona("ministry_admin"),
            reason="x",
        )
    assert error.value.field == "value"


def test_editing_an_indicator_records_before_and_after(persona):
    m61 = Indicator.objects.get(code="M6.1")
    indicator_update(
        indicator=m61, by=persona("ministry_admin"), data={"frequency": "Hằng năm"}, reason="Hướng dẫn 2792"
    )
    entry = AuditEntry.objects.get(action="indicator.update")
    assert entry.changes() == [("frequency", "", "Hằng năm")]
    assert entry.reason == "Hướng dẫn 2792"


def test_the_ministry_can_add_a_missing_indicator_flagged_unconfirmed(persona):
    indicator = indicator_create(
        by=persona("ministry_admin"),
        objective=Objective.objects.get(number=6),
        code="M6.2",
        parts={PartKind.NUMERATOR: "Số ...", PartKind.DENOMINATOR: "Tổng số ..."},
        name_vi="Chỉ tiêu còn thiếu",
        unit_label="%",
        factor=100,
        direction=Direction.INCREASE,
        confirmed="no",
    )
    assert indicator.parts.count() == 2
    assert AuditEntry.objects.filter(action="indicator.create", object_id=str(indicator.pk)).exists()
    with pytest.raises(DomainError):
        indicator_create(
            by=persona("ministry_admin"),
            objective=indicator.objective,
            code="m6.2",
            parts={PartKind.VALUE: "x"},
            name_vi="x",
            unit_label="%",
            direction=Direction.INCREASE,
        )


@pytest.mark.parametrize("code", ["M9/1", "new", "", "a b"])
def test_an_indicator_code_that_cannot_be_a_url_is_refused(persona, code):
    with pytest.raises(DomainError) as error:
        indicator_create(
            by=persona("ministry_admin"),
            objective=Objective.objects.get(number=6),
            code=code,
            parts={PartKind.VALUE: "x"},
            name_vi="x",
            unit_label="%",
            direction=Direction.INCREASE,
        )
    assert error.value.field == "code"
    assert not Indicator.objects.filter(code=code).exists()


def test_a_direction_that_contradicts_the_targets_is_refused_on_the_direction_field(persona):
    m21 = Indicator.objects.get(code="M2.1")
    with pytest.raises(DomainError) as error:
        indicator_update(indicator=m21, by=persona("ministry_admin"), data={"direction": Direction.DECREASE})
    assert error.value.field == "direction"
    assert Indicator.objects.get(code="M2.1").direction == Direction.INCREASE
    assert not AuditEntry.objects.filter(action="indicator.update").exists()


def test_a_target_of_a_thousand_or_more_survives_the_form_unchanged(client_as, persona):
    m42 = Indicator.objects.get(code="M4.2")
    target_set(
        indicator=m42,
        year=2030,
        comparator="<",
        value=Decimal("1234.5"),
        by=persona("ministry_admin"),
        reason="x",
    )
    client = client_as("ministry_admin")
    form = client.get("/indicators/M4.2/targets/2030/").context["form"]
    assert form.initial["value"] == "1234,5"
    client.post(
        "/indicators/M4.2/targets/2030/", {"comparator": "<", "value": form.initial["value"], "reason": ""}
    )
    assert m42.targets.get(year=2030).value == Decimal("1234.5")
    target_set(
        indicator=m42, year=2030, comparator="<", value="1.500", by=persona("ministry_admin"), reason="y"
    )
    assert m42.targets.get(year=2030).value == Decimal("1500")
