"""Writes of data values: entry with validation, the approval workflow, and all-or-none imports.

Validation: errors block the save; a warning (a large change from last year) needs a comment."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts import access
from audit.services import log_action
from datavalues.models import CHANGE_NEEDS_COMMENT, LOCKED, DataValue, Series, Sex, ValueStatus
from indicators.models import Indicator, PartKind
from indicators.services import parse_decimal
from lib.dates import year_end
from lib.errors import DomainError
from units.models import AdminUnit
from units.selectors import UnitNotFound, unit_for_year


def series_primary(indicator: Indicator) -> Series:
    series = Series.objects.filter(indicator=indicator, is_primary=True).first()
    if series is None:
        series = Series.objects.create(
            indicator=indicator, code="main", name_vi="Số liệu chính", is_primary=True
        )
    return series


def _state(value: DataValue) -> dict:
    return {
        "value": value.value,
        "status": value.status,
        "source": value.source,
        "as_of": value.as_of,
        "comment": value.comment,
        "version": value.version,
    }


def _counterpart(series, part, unit, year, sex) -> Decimal | None:
    row = DataValue.objects.filter(series=series, part=part, unit=unit, year=year, sex=sex, option="").first()
    return row.value if row else None


def check_value(
    *, indicator: Indicator, series: Series, part: str, unit: AdminUnit, year: int, sex: str, value: Decimal
) -> tuple[list[tuple[str, str]], list[str]]:
    """(errors as (field, message), warnings) for a value about to be saved, against what is stored."""
    errors: list[tuple[str, str]] = []
    warnings: list[str] = []
    if (
        not value.is_finite()
        or abs(value) >= Decimal(10) ** 14
        or value != value.quantize(Decimal("0.000001"))
    ):
        # the column holds 14 digits before the decimal point and 6 after
        errors.append(
            ("value", _("%(value)s is too large or has more than 6 decimals.") % {"value": _plain(value)})
        )
        return errors, warnings
    parts = {p.kind for p in indicator.parts.all()}
    if part not in parts:
        errors.append(
            (
                "part",
                _("Indicator %(code)s has no part “%(part)s”; it has %(parts)s.")
                % {"code": indicator.code, "part": part, "parts": ", ".join(sorted(parts))},
            )
        )
        return errors, warnings
    if sex not in Sex.values:
        errors.append(("sex", _("Sex is total, female or male, not “%(sex)s”.") % {"sex": sex}))
    elif sex != Sex.TOTAL and not indicator.by_sex:
        errors.append(
            ("sex", _("Indicator %(code)s is not disaggregated by sex.") % {"code": indicator.code})
        )
    if not unit.valid_on(year_end(year)):
        errors.append(
            ("unit", _("Unit %(code)s was not in force in %(year)s.") % {"code": unit.code, "year": year})
        )
    if value < 0:
        errors.append(("value", _("A value cannot be negative.")))
    if indicator.unit_label == "yes/no" and value not in (0, 1):
        errors.append(("value", _("A yes/no indicator takes 1 (yes) or 0 (no).")))
    if errors:
        return errors, warnings
    if indicator.unit_label == "%" and part in (PartKind.NUMERATOR, PartKind.DENOMINATOR):
        other = PartKind.DENOMINATOR if part == PartKind.NUMERATOR else PartKind.NUMERATOR
        stored = _counterpart(series, other, unit, year, sex)
        numerator, denominator = (value, stored) if part == PartKind.NUMERATOR else (stored, value)
        if numerator is not None and denominator is not None and numerator > denominator:
            errors.append(
                (
                    "value",
                    _("The numerator (%(n)s) is larger than the denominator (%(d)s).")
                    % {"n": _plain(numerator), "d": _plain(denominator)},
                )
            )
    if indicator.by_sex:
        others = {s: _counterpart(series, part, unit, year, s) for s in Sex.values if s != sex}
        trio = {**others, sex: value}
        if None not in trio.values() and trio[Sex.FEMALE] + trio[Sex.MALE] != trio[Sex.TOTAL]:
            errors.append(
                (
                    "value",
                    _("Female (%(f)s) plus male (%(m)s) must equal the total (%(t)s).")
                    % {
                        "f": _plain(trio[Sex.FEMALE]),
                        "m": _plain(trio[Sex.MALE]),
                        "t": _plain(trio[Sex.TOTAL]),
                    },
                )
            )
    last = _counterpart(series, part, unit, year - 1, sex)
    if last and abs(value - last) / last > CHANGE_NEEDS_COMMENT:
        warnings.append(
            _("The value changed by more than %(pct)s%% from %(year)s (%(last)s).")
            % {"pct": _plain(CHANGE_NEEDS_COMMENT * 100), "year": year - 1, "last": _plain(last)}
        )
    return errors, warnings


def _plain(value: Decimal) -> str:
    from lib.numbers import format_number

    return format_number(value)


@transaction.atomic
def value_set(
    *,
    indicator: Indicator,
    part: str,
    unit: AdminUnit,
    year: int,
    value,
    by,
    sex: str = Sex.TOTAL,
    source: str = "",
    as_of: date | None = None,
    comment: str = "",
    expected_version: int | None = None,
    require_comment: bool = True,
    series: Series | None = None,
) -> DataValue:
    """Enter or correct one value. ``expected_version`` is the version the user started from: when someone
    saved in between, the save is refused with the other person's value, so nothing is silently overwritten."""
    series = series or series_primary(indicator)
    value = value if isinstance(value, Decimal) else parse_decimal(value, field="value")
    existing = (
        DataValue.objects.select_for_update()
        .filter(series=series, part=part, unit=unit, year=year, sex=sex, option="")
        .first()
    )
    if existing is not None and expected_version is not None and existing.version != expected_version:
        raise DomainError(
            _(
                "Someone else saved this value (%(value)s, by %(user)s) after you opened it. Check it, then save "
                "again if yours is right."
            )
            % {"value": _plain(existing.value), "user": existing.updated_by or "—"},
            field="conflict",
        )
    if existing is None and expected_version not in (None, 0):
        raise DomainError(_("This value was removed after you opened it; reload the page."), field="conflict")
    if existing is not None and existing.status in LOCKED:
        raise DomainError(
            _("This value is %(status)s and locked; it must be reopened, with a reason, before it changes.")
            % {"status": ValueStatus(existing.status).label.lower()},
            field="value",
        )
    errors, warnings = check_value(
        indicator=indicator, series=series, part=part, unit=unit, year=year, sex=sex, value=value
    )
    if errors:
        raise DomainError(" ".join(str(m) for _f, m in errors), field=errors[0][0])
    if warnings and require_comment and not comment.strip():
        raise DomainError(
            " ".join(str(w) for w in warnings) + " " + _("Explain the change in a comment."), field="comment"
        )
    before = _state(existing) if existing else None
    if existing is None:
        existing = DataValue(series=series, part=part, unit=unit, year=year, sex=sex, option="")
    else:
        existing.version = F("version") + 1
    existing.value, existing.source, existing.as_of = value, source, as_of
    existing.comment, existing.updated_by = comment.strip(), (by if by is not None and by.pk else None)
    if existing.status == ValueStatus.RETURNED:
        existing.status = ValueStatus.ENTERED
    existing.save()
    existing.refresh_from_db()
    log_action(
        actor=by,
        action="value.set",
        obj=existing,
        unit=unit,
        before=before,
        after=_state(existing),
        reason=comment.strip(),
    )
    return existing


TRANSITIONS = {
    # action: (allowed from, to, reason required)
    "submit": ({ValueStatus.ENTERED, ValueStatus.RETURNED}, ValueStatus.SUBMITTED, False),
    "approve": ({ValueStatus.SUBMITTED}, ValueStatus.APPROVED, False),
    "accept": ({ValueStatus.APPROVED}, ValueStatus.ACCEPTED, False),
    "return": ({ValueStatus.SUBMITTED, ValueStatus.APPROVED}, ValueStatus.RETURNED, True),
    "reopen": ({ValueStatus.APPROVED, ValueStatus.ACCEPTED}, ValueStatus.ENTERED, True),
}


@transaction.atomic
def values_transition(*, values: list[DataValue], action: str, by, reason: str = "") -> int:
    """Move values through the workflow together; all of them or none."""
    if action not in TRANSITIONS:
        raise DomainError(_("Unknown action."))
    allowed, target, needs_reason = TRANSITIONS[action]
    if needs_reason and not reason.strip():
        raise DomainError(_("Give the reason."), field="reason")
    rows = list(
        DataValue.objects.select_for_update().filter(pk__in=[v.pk for v in values]).select_related("unit")
    )
    wrong = [v for v in rows if v.status not in allowed]
    if wrong:
        raise DomainError(_("%(n)s of the values are not in a state that allows this.") % {"n": len(wrong)})
    for row in rows:
        before = row.status
        row.status = target
        row.return_reason = reason.strip() if action == "return" else ""
        row.version = F("version") + 1
        row.save(update_fields=["status", "return_reason", "version", "updated_at"])
        log_action(
            actor=by,
            action=f"value.{action}",
            obj=row,
            unit=row.unit,
            before={"status": before},
            after={"status": target},
            reason=reason.strip(),
        )
    return len(rows)


# --- exchange ------------------------------------------------------------------------------------------------------

COLUMNS = ("indicator", "part", "unit", "year", "sex", "value")
OPTIONAL = ("source", "as_of")


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    changed: int = 0
    skipped: int = 0


class ImportRefused(DomainError):
    """Nothing was imported; ``errors`` lists (row, column, message) in Vietnamese."""

    def __init__(self, errors: list[tuple[int, str, str]]):
        super().__init__(_("Nothing was imported: %(n)s errors.") % {"n": len(errors)})
        self.errors = errors


def _in_scope(user, unit: AdminUnit) -> bool:
    """A command run by the server's administrator (no user) may import anything; a person only their scope."""
    return user is None or access.can_edit_values(user, unit)


def import_rows(rows: list[tuple[int, dict[str, str]]], *, by=None, dry_run: bool = False) -> ImportReport:
    """Import every row or none. ``rows`` are (line number, {column: text}). Errors name the row and column.
    A row whose value cell is empty is skipped: it enters nothing."""
    errors: list[tuple[int, str, str]] = []
    report = ImportReport(rows=len(rows))
    indicators = {i.code: i for i in Indicator.objects.prefetch_related("parts")}
    units: dict[tuple[str, int], AdminUnit | None] = {}

    def fail(line: int, column: str, message: str) -> None:
        errors.append((line, column, message))

    with transaction.atomic():
        for line, row in rows:
            if not row.get("value", "").strip():
                report.skipped += (
                    1  # an empty value cell means nothing to enter (a template's untouched rows)
                )
                continue
            count = len(errors)
            indicator = indicators.get(row.get("indicator", "").strip())
            if indicator is None:
                fail(
                    line, "indicator", _("Unknown indicator “%(code)s”.") % {"code": row.get("indicator", "")}
                )
            part = row.get("part", "").strip()
            if part not in PartKind.values:
                fail(
                    line,
                    "part",
                    _("The part is numerator, denominator or value, not “%(part)s”.") % {"part": part},
                )
            year_text = row.get("year", "").strip()
            year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else None
            if year is None:
                fail(line, "year", _("“%(year)s” is not a year.") % {"year": year_text})
            code = row.get("unit", "").strip()
            unit = None
            if year is not None:
                if (code, year) not in units:
                    try:
                        units[(code, year)] = unit_for_year(code=code, year=year)
                    except UnitNotFound:
                        units[(code, year)] = None
                unit = units[(code, year)]
                if unit is None:
                    fail(
                        line,
                        "unit",
                        _("No unit has the code “%(code)s” in %(year)s.") % {"code": code, "year": year},
                    )
                elif not _in_scope(by, unit):
                    fail(line, "unit", _("Unit %(code)s is outside what you may enter.") % {"code": code})
            sex = row.get("sex", "").strip() or Sex.TOTAL
            try:
                value = parse_decimal(row.get("value", ""), field="value")
            except DomainError:
                fail(line, "value", _("“%(raw)s” is not a number.") % {"raw": row.get("value", "")})
                value = None
            as_of_text = row.get("as_of", "").strip()
            as_of = None
            if as_of_text:
                try:
                    as_of = date.fromisoformat(as_of_text)
                except ValueError:
                    fail(line, "as_of", _("“%(raw)s” is not a date (YYYY-MM-DD).") % {"raw": as_of_text})
            if len(errors) > count:
                continue
            series = series_primary(indicator)
            existed = DataValue.objects.filter(
                series=series, part=part, unit=unit, year=year, sex=sex, option=""
            ).exists()
            try:
                value_set(
                    indicator=indicator,
                    part=part,
                    unit=unit,
                    year=year,
                    sex=sex,
                    value=value,
                    by=by,
                    source=row.get("source", "").strip(),
                    as_of=as_of,
                    require_comment=False,
                    series=series,
                )
            except DomainError as exc:
                column = exc.field if exc.field in (*COLUMNS, *OPTIONAL) else "value"
                fail(line, column, str(exc.message))
                continue
            report.changed += existed
            report.created += not existed
        if errors:
            raise ImportRefused(sorted(errors))
        if dry_run:
            transaction.set_rollback(True)
    return report


@transaction.atomic
def assignment_set(*, province: AdminUnit, part, agency, by) -> None:
    """Assign a part to one of the province's agencies (instead of the framework's usual provider)."""
    from datavalues.models import PartAssignment

    if agency.province_id != province.pk:
        raise DomainError(_("Agencies must be of the province."), field="agency")
    row = PartAssignment.objects.filter(province=province, part=part).select_related("agency").first()
    before = {"agency": row.agency.name} if row else None
    if row is None:
        PartAssignment.objects.create(province=province, part=part, agency=agency)
    elif row.agency_id != agency.pk:
        row.agency = agency
        row.save(update_fields=["agency"])
    else:
        return
    log_action(
        actor=by,
        action="value.assign",
        obj=part,
        unit=province,
        before=before,
        after={"part": str(part), "agency": agency.name},
    )


@transaction.atomic
def series_create(*, indicator: Indicator, code: str, name_vi: str, method: str = "", by) -> Series:
    """A further way of measuring an indicator (a survey beside civil registration, say). It starts secondary."""
    series_primary(indicator)
    code = code.strip().lower()
    if not code or not code.replace("-", "").replace("_", "").isalnum() or len(code) > 30:
        raise DomainError(_("A series code has letters, digits, hyphens or underscores."), field="code")
    if Series.objects.filter(indicator=indicator, code=code).exists():
        raise DomainError(_("This indicator already has a series with that code."), field="code")
    if not name_vi.strip():
        raise DomainError(_("Name the series."), field="name_vi")
    series = Series.objects.create(
        indicator=indicator, code=code, name_vi=name_vi.strip(), method=method.strip(), is_primary=False
    )
    log_action(
        actor=by, action="series.create", obj=indicator, after={"series": code, "name": series.name_vi}
    )
    return series


@transaction.atomic
def series_make_primary(*, series: Series, by, reason: str) -> Series:
    """Use ``series`` for status and reports from now on; the other series stay, as they are."""
    if not reason.strip():
        raise DomainError(_("Give the reason for changing the series used."), field="reason")
    current = Series.objects.select_for_update().filter(indicator=series.indicator, is_primary=True).first()
    if current is not None and current.pk == series.pk:
        return series
    if current is not None:
        Series.objects.filter(pk=current.pk).update(is_primary=False)
    Series.objects.filter(pk=series.pk).update(is_primary=True)
    log_action(
        actor=by,
        action="series.primary",
        obj=series.indicator,
        before={"series": current.code if current else None},
        after={"series": series.code},
        reason=reason.strip(),
    )
    series.refresh_from_db()
    return series
