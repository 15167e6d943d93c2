import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_add_user_creates_a_department_officer_and_audits_it():
    call_command(
        "add_user", "hn.yte", role="department_officer", unit="01", agency="y_te", email="a@b.invalid"
    )
    user = User.objects.get(username="hn.yte")
    assert user.unit.code == "01" and user.agency.kind.code == "y_te"
    assert not user.has_usable_password()
    assert AuditEntry.objects.filter(action="user.create", object_id=str(user.pk)).exists()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"role": "department_officer", "unit": "01"},  # no agency
        {"role": "focal_officer", "unit": "02"},  # Hà Giang ended in 2025
        {"role": "commune_officer", "unit": "01"},  # a province is not a commune
        {"role": "focal_officer", "unit": "01", "agency": "nope"},
    ],
)
def test_add_user_refuses_bad_input_and_creates_nothing(kwargs):
    with pytest.raises(CommandError):
        call_command("add_user", "bad", email="x@y.invalid", **kwargs)
    assert not User.objects.filter(username="bad").exists()


def test_a_role_cannot_be_held_in_a_unit_that_has_ended():
    from datetime import date

    from accounts.services import user_create
    from lib.errors import DomainError
    from units.selectors import unit_resolve

    long_an = unit_resolve(code="80", on=date(2024, 1, 1))
    with pytest.raises(DomainError) as error:
        user_create(username="old", password=None, full_name="", role="focal_officer", unit=long_an)
    assert error.value.field == "unit"
