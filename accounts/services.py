"""Writes of accounts: users, roles, API tokens."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken, Role, User
from agencies.models import Agency
from audit.services import log_action
from lib.errors import DomainError
from units.models import AdminUnit, Level


def _check_role(role: str, unit: AdminUnit | None, agency: Agency | None) -> None:
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    if unit is None:
        raise DomainError(_("Every role is held in a unit."), field="unit")
    if not unit.valid_on(date.today()):
        raise DomainError(
            _("%(unit)s is no longer in force; choose a current unit.") % {"unit": unit}, field="unit"
        )
    expected = {
        Role.MINISTRY_ADMIN: {Level.NATION},
        Role.MINISTRY_OFFICER: {Level.NATION},
        Role.FOCAL_OFFICER: {Level.PROVINCE},
        Role.DEPARTMENT_OFFICER: {Level.PROVINCE},
        Role.COMMUNE_OFFICER: {Level.COMMUNE},
        Role.VIEWER: {Level.NATION, Level.PROVINCE},
    }[Role(role)]
    if unit.level not in expected:
        raise DomainError(_("This role is not held at the level of %(unit)s.") % {"unit": unit}, field="unit")
    if role == Role.DEPARTMENT_OFFICER:
        if agency is None or agency.province_id != unit.pk:
            raise DomainError(
                _("A department officer works for an agency of their province."), field="agency"
            )
    elif agency is not None:
        raise DomainError(_("Only a department officer has an agency."), field="agency")


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    full_name: str,
    email: str = "",
    role: str,
    unit: AdminUnit,
    agency: Agency | None = None,
    by: User | None = None,
    is_demo: bool = False,
) -> User:
    _check_role(role, unit, agency)
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("The user name %(name)s is taken.") % {"name": username}, field="username")
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        role=role,
        unit=unit,
        agency=agency,
        is_demo=is_demo,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    log_action(
        actor=by,
        action="user.create",
        obj=user,
        unit=unit if unit.level != Level.NATION else None,
        after={
            "username": username,
            "role": role,
            "unit": unit.code,
            "agency": agency.pk if agency else None,
        },
    )
    return user


@transaction.atomic
def user_set_role(
    *, user: User, role: str, unit: AdminUnit, agency: Agency | None = None, by: User, reason: str = ""
) -> User:
    _check_role(role, unit, agency)
    before = {"role": user.role, "unit": user.unit.code if user.unit else None, "agency": user.agency_id}
    user.role, user.unit, user.agency = role, unit, agency
    user.save(update_fields=["role", "unit", "agency"])
    log_action(
        actor=by,
        action="user.role",
        obj=user,
        unit=unit if unit.level != Level.NATION else None,
        before=before,
        after={"role": role, "unit": unit.code, "agency": agency.pk if agency else None},
        reason=reason,
    )
    return user


@transaction.atomic
def api_token_issue(*, user: User, by: User | None = None) -> str:
    """A new bearer token for ``user``. The secret is returned once and only its digest is kept."""
    if not user.is_active:
        raise DomainError(_("The account is disabled."))
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(user=user, digest=ApiToken.digest_of(secret), prefix=secret[:8])
    log_action(actor=by, action="api_token.issue", obj=token, unit=None, after={"user": user.username})
    return secret


def api_token_user(secret: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    token = (
        ApiToken.objects.select_related("user", "user__unit", "user__unit__parent", "user__agency")
        .filter(digest=ApiToken.digest_of(secret), revoked=False)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)  # bookkeeping, not a domain change
    return token.user
