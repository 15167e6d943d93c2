"""Writes of data values: entry with validation, the approval workflow, and all-or-none imports.

Validation: errors block the save; a warning (a large change from last year) needs a comment."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import cast

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from agencies.models import Agency
from audit.services import log_action
from datavalues import entry
from datavalues.models import DataValue, QualityCheck, QualityReview, ReviewState, Series, Sex, ValueStatus
from indicators.models import Indicator, IndicatorPart, PartKind
from indicators.services import parse_decimal
from lib.errors import DomainError, quoted
from lib.locking import STALE, bump_version
from units.models import AdminUnit


def series_primary(indicator: Indicator) -> Series:
    series = Series.objects.filter(indicator=indicator, is_primary=True).first()
    if series is None:
        series = Series.objects.create(
            indicator=indicator, code="main", name_vi="Số liệu chính", is_primary=True
        )
    return series


def value_set(
    *,
    indicator: Indicator,
    part: str,
    unit: AdminUnit,
    year: int,
    value: object,
    by: User | None,
    sex: str = Sex.TOTAL,
    option: str = "",
    source: str = "",
    as_of: date | None = None,
    comment: str = "",
    expected_version: int | None = None,
    require_comment: bool = True,
    series: Series | None = None,
    context: dict | None = None,
) -> DataValue:
    """Enter or correct one value, through the rules every path shares (``datavalues.entry``). ``by`` is asked
    ``accounts.access.can_enter_value`` (None: the server's administrator). ``expected_version`` is the version the
    user started from: when someone saved in between, the save is refused with the other person's value, so
    nothing is silently overwritten. A value equal to the stored one is left as it is (no new version, no entry).
    ``option`` is the disaggregation (``area=urban``, "" the total), checked against the indicator's declared ones
    and stored in its canonical form."""
    value = value if isinstance(value, Decimal) else parse_decimal(value, field="value")
    resolver = entry.Resolver()
    if series is not None:
        resolver.use_series(indicator, series)
    proposal = entry.Proposal(
        indicator=indicator,
        part=part,
        unit=unit,
        year=year,
        value=value,
        sex=sex,
        option=option,
        source=source,
        as_of=as_of,
        comment=comment,
        expected_version=expected_version,
    )
    try:
        outcome = entry.apply(
            [proposal], by=by, context=context, require_comment=require_comment, resolver=resolver
        )
    except entry.Refused as exc:
        messages = [m for _l, _f, m in exc.errors]
        error = DomainError(" ".join(messages), field=exc.errors[0][1])
        error.forbidden = exc.forbidden
        raise error from None
    return DataValue.objects.select_related("updated_by").get(pk=outcome.saved[0])


TRANSITIONS = {
    # action: (allowed from, to, reason required)
    "submit": ({ValueStatus.ENTERED, ValueStatus.RETURNED}, ValueStatus.SUBMITTED, False),
    "approve": ({ValueStatus.SUBMITTED}, ValueStatus.APPROVED, False),
    "accept": ({ValueStatus.APPROVED}, ValueStatus.ACCEPTED, False),
    "return": ({ValueStatus.SUBMITTED, ValueStatus.APPROVED}, ValueStatus.RETURNED, True),
    "reopen": ({ValueStatus.APPROVED, ValueStatus.ACCEPTED}, ValueStatus.ENTERED, True),
}


@transaction.atomic
def values_transition(*, values: list[DataValue], action: str, by: User | None, reason: str = "") -> int:
    """Move values through the workflow together; all of them or none."""
    if action not in TRANSITIONS:
        raise DomainError(_("Unknown action."))
    allowed, target, needs_reason = TRANSITIONS[action]
    if needs_reason and not reason.strip():
        raise DomainError(_("Give the reason."), field="reason")
    rows = list(
        # the values' rows only: PostgreSQL locks no row of an outer join's nullable side (a unit's parent)
        DataValue.objects.select_for_update(of=("self",))
        .filter(pk__in=[v.pk for v in values])
        .select_related("unit", "unit__parent", "unit__merged_into", "series__indicator")
    )
    refused = _outside_scope(by, action, rows)
    if refused:
        raise DomainError(refused)
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


def _outside_scope(by: User | None, action: str, rows: list[DataValue]) -> str:
    """Why ``by`` may not move these values, naming the first outside their scope, or "": submitting asks of each
    value the decision entering it asks (``accounts.access.can_enter_value``: the part's agency, the unit, a local
    indicator's province), reviewing the province's focal officer or the ministry, accepting the ministry. ``by``
    None is the server's administrator running a command."""
    if by is None:
        return ""
    resolver = entry.Resolver()
    for row in rows:
        if action == "submit":
            found = entry.forbidden_part(by, row.series.indicator, row.unit, row.part, resolver)
            if found is not None:
                return found[1]
        elif action == "accept" and not access.can_accept_values(by):
            return _("Only the ministry accepts values.")
        elif action in ("approve", "return", "reopen") and not access.can_review_values(by, row.unit):
            return _(
                "The values of %(unit)s are reviewed by its province's focal officer or the ministry."
            ) % {"unit": row.unit.name}
    return ""


# --- exchange ------------------------------------------------------------------------------------------------------

COLUMNS = ("indicator", "part", "unit", "year", "sex", "value")
OPTIONAL = ("source", "as_of", "disaggregation")  # disaggregation: area=urban;age=0-15, empty the total


SOURCE_MAX = cast(int, DataValue._meta.get_field("source").max_length)  # a CharField's: always set


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0


class ImportRefused(DomainError):
    """Nothing was imported; ``errors`` lists (row, column, message) in Vietnamese."""

    def __init__(self, errors: list[tuple[int, str, str]]) -> None:
        super().__init__(_("Nothing was imported: %(n)s errors.") % {"n": len(errors)})
        self.errors = errors


def import_rows(
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    by: User | None = None,
    dry_run: bool = False,
    context: dict | None = None,
    on_progress: Callable[..., None] | None = None,
    precheck: bool = False,
) -> ImportReport:
    """Import every row or none. ``rows`` are (line number, {column: text}), read as a stream. Every code is
    resolved once, every row asked the access decision of the grid, all rows checked together and written in
    bulk with one audit entry per changed value (``datavalues.entry``). Errors name the row and column. A row whose
    value cell is empty is skipped: it enters nothing. ``on_progress(stage, rows)`` is told how far it got
    ("reading", "checking", then "writing"; a third argument, the total, marks a stage's end). ``precheck`` (a background job) checks every row before the write
    transaction begins, so that a file with errors is refused without taking a write lock and the checking can be
    followed; the write transaction checks again against what is stored then."""

    errors: list[tuple[int, str, str]] = []
    report = ImportReport()
    resolver = entry.Resolver()
    parsed: list[tuple[int, str, str, str, str, str, Decimal, str, date | None, str]] = []

    def fail(line: int, column: str, message: str) -> None:
        errors.append((line, column, message))

    for line, row in rows:
        report.rows += 1
        if on_progress is not None and report.rows % entry.PROGRESS_EVERY == 0:
            on_progress("reading", report.rows)
        raw_value = row.get("value", "").strip()
        if not raw_value:
            report.skipped += 1  # an empty value cell means nothing to enter (a template's untouched rows)
            continue
        count = len(errors)
        code = row.get("indicator", "").strip()
        if resolver.indicator(code) is None:
            fail(
                line,
                "indicator",
                _("Unknown indicator “%(code)s”.") % {"code": quoted(row.get("indicator", ""))},
            )
        part = row.get("part", "").strip()
        if part not in entry.PARTS:
            fail(
                line,
                "part",
                _("The part is numerator, denominator or value, not “%(part)s”.") % {"part": quoted(part)},
            )
        year_text = row.get("year", "").strip()
        if not (year_text.isdigit() and 2000 <= int(year_text) <= 2100):
            fail(line, "year", _("“%(year)s” is not a year.") % {"year": quoted(year_text)})
        sex = row.get("sex", "").strip() or str(Sex.TOTAL)
        try:
            value = parse_decimal(raw_value, field="value")
        except DomainError:
            fail(line, "value", _("“%(raw)s” is not a number.") % {"raw": quoted(row.get("value", ""))})
            value = None
        as_of_text = row.get("as_of", "").strip()
        as_of = None
        if as_of_text:
            try:
                as_of = date.fromisoformat(as_of_text)
            except ValueError:
                fail(line, "as_of", _("“%(raw)s” is not a date (YYYY-MM-DD).") % {"raw": quoted(as_of_text)})
        source = row.get("source", "").strip()
        if len(source) > SOURCE_MAX:
            fail(line, "source", _("The source is longer than %(n)s characters.") % {"n": SOURCE_MAX})
        if len(errors) > count or value is None:  # value None: refused above
            continue
        parsed.append(
            (
                line,
                entry.intern(code),
                entry.intern(part),
                entry.intern(row.get("unit", "").strip()),
                year_text,
                entry.intern(sex),
                value,
                entry.intern(source),
                as_of,
                entry.intern(row.get("disaggregation", "").strip()),
            )
        )
    if on_progress is not None:
        on_progress("reading", report.rows, report.rows)  # the stage's end: the rows there really are
    resolver.units({(unit_code, int(year_text)) for _l, _c, _p, unit_code, year_text, *_rest in parsed})
    proposals = []
    for index, (line, code, part, unit_code, year_text, sex, value, source, as_of, option) in enumerate(
        parsed
    ):
        parsed[index] = None  # type: ignore[call-overload]  # freed as it goes: a big file is not held twice
        year = int(year_text)
        indicator = resolver.indicator(code)
        if indicator is None:  # never: a row naming an unknown indicator was refused while reading
            continue
        unit = resolver.unit(unit_code, year)
        if unit is None:
            fail(
                line,
                "unit",
                _("No unit has the code “%(code)s” in %(year)s.") % {"code": quoted(unit_code), "year": year},
            )
            continue
        proposals.append(
            entry.Proposal(
                indicator=indicator,
                part=part,
                unit=unit,
                year=year,
                value=value,
                sex=sex,
                source=source,
                as_of=as_of,
                line=line,
                option=option,
            )
        )
    del parsed
    if errors or precheck:
        # the rows that could be read are checked too, so that one pass names every error of the file
        found = entry.check(
            proposals,
            by=by,
            resolver=resolver,
            require_comment=False,
            on_progress=on_progress if precheck else None,
        ).errors
        if errors or found:
            found = [_as_column(e) for e in found]
            raise ImportRefused(sorted(errors + found) if errors else found)
    try:
        outcome = entry.apply(
            proposals,
            by=by,
            context=context,
            dry_run=dry_run,
            resolver=resolver,
            on_progress=on_progress,
            keep_saved=False,
        )
    except entry.Refused as exc:
        raise ImportRefused([_as_column(e) for e in exc.errors]) from None
    report.created, report.changed, report.unchanged = outcome.created, outcome.changed, outcome.unchanged
    return report


def _as_column(error: tuple[int, str, str]) -> tuple[int, str, str]:
    """An error of ``datavalues.entry`` named by the file's column it belongs to."""
    line, name, message = error
    return (line, name if name in (*COLUMNS, *OPTIONAL) else "value", message)


@transaction.atomic
def assignment_set(
    *, province: AdminUnit, part: IndicatorPart, agency: Agency, by: User, expected_version: int | None = None
) -> None:
    """Assign a part to one of the province's agencies (instead of the framework's usual provider).
    ``expected_version``: the assignment's ``lock_version`` when the page was opened (0: none yet)."""
    from datavalues.models import PartAssignment

    if agency.province_id != province.pk:
        raise DomainError(_("Agencies must be of the province."), field="agency")
    row = PartAssignment.objects.filter(province=province, part=part).select_related("agency").first()
    before = {"agency": row.agency.name} if row else None
    if row is None:
        if expected_version not in (None, 0):
            raise DomainError(STALE)
        try:
            with transaction.atomic():
                # version 1: a page opened before this assignment existed (version 0) is out of date
                PartAssignment.objects.create(province=province, part=part, agency=agency, lock_version=1)
        except IntegrityError:  # assigned by someone else at the same moment
            raise DomainError(STALE) from None
    elif row.agency_id == agency.pk:  # nothing to change; still say so if the page was out of date
        if expected_version is not None and row.lock_version != expected_version:
            raise DomainError(STALE)
        return
    else:
        bump_version(row, expected_version, STALE)
        row.agency = agency
        row.save(update_fields=["agency", "updated_at"])
    log_action(
        actor=by,
        action="value.assign",
        obj=part,
        unit=province,
        before=before,
        after={"part": str(part), "agency": agency.name},
    )


@transaction.atomic
def series_create(*, indicator: Indicator, code: str, name_vi: str, method: str = "", by: User) -> Series:
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
def series_make_primary(*, series: Series, by: User, reason: str) -> Series:
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


def quality_review_set(
    *,
    by: User,
    indicator: Indicator,
    unit: AdminUnit,
    year: int,
    part: str,
    sex: str,
    option: str,
    kind: str,
    state: str,
    note: str,
    expected_version: int,
) -> QualityReview:
    """Record the follow-up of a value the data-quality checks flagged (``datavalues.quality``): to check,
    checked and confirmed (a note says why the value is right), or corrected. Asked
    ``accounts.access.can_review_quality``; a mark made from an older version than the one stored (0: none was
    stored when the page was opened) is refused, so two reviewers never overwrite each other."""
    if not access.can_review_quality(by, unit):
        error = DomainError(
            _("You may not mark the follow-up of the values of %(unit)s.") % {"unit": unit.name},
            field="state",
        )
        error.forbidden = True
        raise error
    note = (note or "").strip()
    if state not in ReviewState.values:
        raise DomainError(
            _("The follow-up is to check, checked and confirmed, or corrected, not “%(state)s”.")
            % {"state": quoted(state)},
            field="state",
        )
    if kind not in QualityCheck.values or sex not in Sex.values or part not in ("", *PartKind.values):
        raise DomainError(_("This flagged value is not one the checks name; reload the page."), field="state")
    if state == ReviewState.CONFIRMED and not note:
        raise DomainError(_("Say in the note why the value is right."), field="note")
    stale = _("Someone else marked this value after you opened the page. Reload the page to see their mark.")
    with transaction.atomic():
        review = (
            QualityReview.objects.select_for_update()
            .filter(indicator=indicator, unit=unit, year=year, part=part, sex=sex, option=option, kind=kind)
            .first()
        )
        if review is None:
            if expected_version != 0:
                raise DomainError(
                    _("This mark was removed after you opened the page; reload it."), field="state"
                )
            before = None
            try:
                with transaction.atomic():
                    review = QualityReview.objects.create(
                        indicator=indicator,
                        unit=unit,
                        year=year,
                        part=part,
                        sex=sex,
                        option=option,
                        kind=kind,
                        state=state,
                        note=note,
                        reviewed_by=by,
                        lock_version=1,  # 0 names "none stored" to the next mark
                    )
            except IntegrityError:
                raise DomainError(stale, field="state") from None
        else:
            before = {"state": review.state, "note": review.note, "version": review.lock_version}
            bump_version(
                review,
                expected_version,
                stale,
                field="state",
            )
            review.state, review.note, review.reviewed_by = state, note, by
            review.save(update_fields=["state", "note", "reviewed_by", "updated_at"])
        log_action(
            actor=by,
            action="quality.review",
            obj=review,
            unit=unit,
            before=before,
            after={"state": review.state, "note": review.note, "version": review.lock_version},
            reason=note,
            object_repr=(
                f"{indicator.code} {part or '—'} · {unit.code} · {year} · {sex}"
                f"{' · ' + option if option else ''} · {kind}"
            ),
        )
    return review
