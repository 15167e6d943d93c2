"""Writes of agencies. Names change over time; a rename closes the current name and opens a new one."""

import csv
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from agencies.models import Agency, AgencyKind, AgencyName
from audit.services import log_action
from lib.errors import DomainError
from lib.locking import STALE, bump_version
from units.models import AdminUnit, Level, UnitType

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_FROM = date(2008, 8, 1)


@cache
def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _fill(template: str, province: AdminUnit) -> str:
    name = province.current_name
    word = "thành phố" if name and name.unit_type == UnitType.CITY else "tỉnh"
    return template.replace("{tinh}", word)


def _name_history() -> dict[str, list[dict[str, str]]]:
    history: dict[str, list[dict[str, str]]] = {}
    for row in _rows("agency-names.csv"):
        history.setdefault(row["kind"], []).append(row)
    return history


@transaction.atomic
def agency_kinds_load_reference() -> int:
    created = 0
    for row in _rows("agency-kinds.csv"):
        _, was_created = AgencyKind.objects.get_or_create(
            code=row["code"],
            defaults={
                "order": int(row["order"]),
                "is_focal": row["is_focal"] == "yes",
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
            },
        )
        created += was_created
    return created


@transaction.atomic
def agencies_create_defaults(*, province: AdminUnit) -> int:
    """Give a current province every kind of agency it lacks, with the dated default names."""
    if province.level != Level.PROVINCE:
        raise DomainError(_("Agencies belong to a province."))
    history = _name_history()
    have = set(Agency.objects.filter(province=province).values_list("kind_id", flat=True))
    created = 0
    for kind in AgencyKind.objects.exclude(pk__in=have):
        agency = Agency.objects.create(province=province, kind=kind, is_focal=kind.is_focal)
        rows = history.get(kind.code) or [
            {
                "valid_from": DEFAULT_FROM.isoformat(),
                "valid_to": "",
                "name_vi": kind.name_vi,
                "name_en": kind.name_en,
            }
        ]
        AgencyName.objects.bulk_create(
            [
                AgencyName(
                    agency=agency,
                    name=_fill(r["name_vi"], province),
                    name_en=r["name_en"],
                    valid_from=date.fromisoformat(r["valid_from"]),
                    valid_to=date.fromisoformat(r["valid_to"]) if r["valid_to"] else None,
                )
                for r in rows
            ]
        )
        created += 1
    return created


def agencies_load_reference() -> int:
    agency_kinds_load_reference()
    return sum(
        agencies_create_defaults(province=p)
        for p in AdminUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=True).prefetch_related(
            "names"
        )
    )


@transaction.atomic
def agency_rename(
    *,
    agency: Agency,
    name: str,
    name_en: str = "",
    valid_from: date,
    by: User,
    reason: str,
    expected_version: int | None = None,
) -> AgencyName:
    """The agency is called ``name`` from ``valid_from`` on; documents dated before keep the old name.
    ``expected_version``: the agency's ``lock_version`` when the form was opened."""
    bump_version(agency, expected_version, STALE)
    name = name.strip()
    if not name:
        raise DomainError(_("Enter the new name."), field="name")
    if not reason.strip():
        raise DomainError(
            _("Give the reason for the change of name (for example the decision that made it)."),
            field="reason",
        )
    current = agency.names.order_by("-valid_from").first()
    if current is not None and current.valid_to is not None and valid_from <= current.valid_to:
        raise DomainError(
            _("The new name must start after %(day)s, when the last name ended.")
            % {"day": date_format(current.valid_to, "SHORT_DATE_FORMAT")},
            field="valid_from",
        )
    if current is not None and current.valid_to is None:
        if valid_from <= current.valid_from:
            raise DomainError(
                _("The new name must start after %(day)s, when the current name started.")
                % {"day": date_format(current.valid_from, "SHORT_DATE_FORMAT")},
                field="valid_from",
            )
        before = {"name": current.name, "valid_from": current.valid_from}
        current.valid_to = valid_from - timedelta(days=1)
        current.save(update_fields=["valid_to"])
    else:
        before = None
    row = AgencyName.objects.create(agency=agency, name=name, name_en=name_en.strip(), valid_from=valid_from)
    log_action(
        actor=by,
        action="agency.rename",
        obj=agency,
        unit=agency.province,
        before=before,
        after={"name": row.name, "valid_from": row.valid_from},
        reason=reason.strip(),
    )
    return row


@transaction.atomic
def agency_set_active(*, agency: Agency, active: bool, by: User, reason: str = "") -> Agency:
    if agency.active == active:
        return agency
    if agency.is_focal and not active:
        raise DomainError(_("The focal agency cannot be taken out."))
    log_action(
        actor=by,
        action="agency.active",
        obj=agency,
        unit=agency.province,
        before={"active": agency.active},
        after={"active": active},
        reason=reason,
    )
    agency.active = active
    agency.save(update_fields=["active"])
    return agency
