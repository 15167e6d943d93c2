"""Writes of the statistical exchange: importing SDMX-CSV, DHIS2 data value sets and ADX through the exchange
file's import (every check, the access decision, the audit and all-or-nothing are the file's), and the DHIS2
mapping table, edited by the ministry through one validation whether a row comes from the page or an upload."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from audit.services import audit_fields, log_actions
from datavalues.services import ImportRefused, ImportReport, import_rows
from indicators import cuts
from indicators.models import Indicator, IndicatorPart, PartKind
from interchange import dhis2, sdmx
from interchange.models import UID_PATTERN, Dhis2Mapping, Dhis2OrgUnit
from lib.errors import DomainError, quoted
from lib.locking import STALE


def import_sdmx_csv(data: bytes, *, by: User | None, name: str = "", dry_run: bool = False) -> ImportReport:
    """An SDMX-CSV 2.0 file of this system's DSD: its parts (the computed indicator values are left aside)."""
    return import_rows(
        list(sdmx.exchange_rows(data)), by=by, context={"via": "sdmx-csv", "file": name}, dry_run=dry_run
    )


def import_dhis2(data: bytes, *, by: User | None, name: str = "", dry_run: bool = False) -> ImportReport:
    """A DHIS2 data value set (JSON) or an ADX message (XML), told apart by their first character."""
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"<":
        rows, via = dhis2.rows_from_adx(data), "adx"
    else:
        rows, via = dhis2.rows_from_json(data), "dhis2-json"
    return import_rows(rows, by=by, context={"via": via, "file": name}, dry_run=dry_run)


# --- the mapping table ---------------------------------------------------------------------------------------------

MAPPING_COLUMNS = ("indicator", "part", "sex", "disaggregation", "data_element", "category_option_combo")
ORG_UNIT_COLUMNS = ("unit", "org_unit")


def table_rows(data: bytes, name: str) -> list[tuple[int, dict[str, str]]]:
    """(line, {column: text}) of a CSV (UTF-8) or of the first sheet of an XLSX, the header's names in lower case;
    empty lines left out."""
    import csv
    import io

    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook  # type: ignore[import-untyped]

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                cells = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
            finally:
                workbook.close()
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook gets the same answer
            raise ImportRefused([(0, "", _("The file is not an Excel workbook (.xlsx)."))]) from exc
    else:
        try:
            cells = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ImportRefused([(0, "", _("The file is not a CSV file in UTF-8."))]) from exc
    if not cells:
        raise ImportRefused([(1, "", _("The file is empty."))])
    header = [str(h or "").strip().lower() for h in cells[0]]
    return [
        (line, {h: str(c if c is not None else "").strip() for h, c in zip(header, row, strict=False)})
        for line, row in enumerate(cells[1:], start=2)
        if any(str(c if c is not None else "").strip() for c in row)
    ]


def _uid_ok(text: str) -> bool:
    import re

    return re.fullmatch(UID_PATTERN, text) is not None


def _uid_error(line: int, column: str, text: str) -> tuple[int, str, str]:
    return (
        line,
        column,
        _("Line %(line)s: “%(uid)s” is not a DHIS2 identifier (11 letters and digits, the first a letter).")
        % {"line": line, "uid": quoted(text)},
    )


@transaction.atomic
def mapping_import(
    rows: Iterable[tuple[int, dict[str, str]]], *, by: User, context: dict | None = None
) -> tuple[int, int]:
    """Set the DHIS2 mapping from rows of (indicator, part, sex, disaggregation, data_element,
    category_option_combo) or of (unit, org_unit): every row or none, each change audited. A row equal to what is
    in force changes nothing. Returns (rows changed, rows read). Refuses a pair of identifiers given to two keys,
    since an import could not tell them apart."""
    if not access.can_edit_exchange_mapping(by):
        raise PermissionDenied
    rows = list(rows)
    if rows and "org_unit" in rows[0][1]:
        return _org_unit_import(rows, by=by, context=context), len(rows)
    errors: list[tuple[int, str, str]] = []
    indicators = {i.code: i for i in Indicator.objects.all()}
    declared = cuts.declared_many(indicators.values())
    parts = set(IndicatorPart.objects.values_list("indicator__code", "kind"))
    current = dhis2.table()
    wanted: dict[dhis2.Key, tuple[int, str, str]] = {}
    for line, row in rows:
        count = len(errors)
        code = row.get("indicator", "").strip()
        indicator = indicators.get(code)
        if indicator is None:
            errors.append((line, "indicator", _("Unknown indicator “%(code)s”.") % {"code": quoted(code)}))
        part = row.get("part", "").strip()
        if part not in PartKind.values or (indicator is not None and (code, part) not in parts):
            errors.append(
                (
                    line,
                    "part",
                    _("Line %(line)s: indicator %(indicator)s has no part “%(part)s”.")
                    % {"line": line, "indicator": code, "part": quoted(part)},
                )
            )
        sex = row.get("sex", "").strip() or "total"
        if sex not in ("total", "female", "male"):
            errors.append(
                (line, "sex", _("Line %(line)s: the sex is total, female or male.") % {"line": line})
            )
        option = ""
        if indicator is not None:
            try:
                option = cuts.normalise(
                    row.get("disaggregation", ""), declared[indicator.pk], indicator_code=code
                )
            except cuts.CutError as exc:
                errors.append((line, "disaggregation", str(exc.message)))
        element = row.get("data_element", "").strip()
        combo = row.get("category_option_combo", "").strip()
        for column, text in (("data_element", element), ("category_option_combo", combo)):
            if not _uid_ok(text):
                errors.append(_uid_error(line, column, text))
        if len(errors) > count:
            continue
        key = (code, part, sex, option)
        if key in wanted:
            errors.append(
                (
                    line,
                    "",
                    _("Line %(line)s repeats line %(first)s.") % {"line": line, "first": wanted[key][0]},
                )
            )
            continue
        wanted[key] = (line, element, combo)
    targets = dict(current.targets)
    for key, (_line, element, combo) in wanted.items():
        targets[key] = (element, combo)
    seen: dict[tuple[str, str], dhis2.Key] = {}
    for key, target in targets.items():
        other = seen.get(target)
        if other is not None and (key in wanted or other in wanted):
            mine = key if key in wanted else other
            errors.append(
                (
                    wanted[mine][0],
                    "category_option_combo",
                    _(
                        "Line %(line)s: data element %(element)s with category option combo %(combo)s is already "
                        "used for %(other)s."
                    )
                    % {
                        "line": wanted[mine][0],
                        "element": target[0],
                        "combo": target[1],
                        "other": " ".join(p for p in (other if mine == key else key) if p),
                    },
                )
            )
        seen[target] = key
    if errors:
        raise ImportRefused(sorted(errors))
    stored = {
        (m.indicator.code, m.part, m.sex, m.option): m
        for m in Dhis2Mapping.objects.select_related("indicator").select_for_update(of=("self",))
    }
    create: list[Dhis2Mapping] = []
    update: list[Dhis2Mapping] = []
    entries: list[tuple[Dhis2Mapping, tuple[str, str] | None, tuple[str, str]]] = []
    for key, (_line, element, combo) in wanted.items():
        before = current.targets.get(key)
        if before == (element, combo):
            continue
        record = stored.get(key)
        if record is None:
            record = Dhis2Mapping(
                indicator=indicators[key[0]],
                part=key[1],
                sex=key[2],
                option=key[3],
                data_element=element,
                category_option_combo=combo,
                lock_version=1,
            )
            create.append(record)
        else:
            record.data_element, record.category_option_combo = element, combo
            record.lock_version += 1
            update.append(record)
        entries.append((record, before, (element, combo)))
    # free the targets first: two rows swapping their identifiers would otherwise meet the unique constraint
    if update:
        Dhis2Mapping.objects.filter(pk__in=[r.pk for r in update]).delete()
        for r in update:
            r.pk = None
    Dhis2Mapping.objects.bulk_create([*update, *create])
    log_actions(
        [
            audit_fields(
                actor=by,
                action="dhis2.mapping",
                obj=Dhis2Mapping,
                object_id=str(record.pk or ""),
                object_repr=" ".join(p for p in (key_code, record.part, record.sex, record.option) if p),
                before={"data_element": before[0], "category_option_combo": before[1]} if before else None,
                after={"data_element": after[0], "category_option_combo": after[1]},
                context=context,
            )
            for record, before, after in entries
            for key_code in [record.indicator.code]
        ]
    )
    return len(entries), len(rows)


def _org_unit_import(rows: list[tuple[int, dict[str, str]]], *, by: User, context: dict | None) -> int:
    from units.models import AdminUnit

    errors: list[tuple[int, str, str]] = []
    known = set(AdminUnit.objects.values_list("code", flat=True))
    current = dhis2.table()
    wanted: dict[str, tuple[int, str]] = {}
    for line, row in rows:
        code, org_unit = row.get("unit", "").strip(), row.get("org_unit", "").strip()
        if code not in known:
            errors.append((line, "unit", _("No unit has the code “%(code)s”.") % {"code": quoted(code)}))
        elif not _uid_ok(org_unit):
            errors.append(_uid_error(line, "org_unit", org_unit))
        elif code in wanted:
            errors.append(
                (
                    line,
                    "unit",
                    _("Line %(line)s repeats line %(first)s.") % {"line": line, "first": wanted[code][0]},
                )
            )
        else:
            wanted[code] = (line, org_unit)
    org_units = dict(current.org_units)
    for code, (_line, org_unit) in wanted.items():
        org_units[code] = org_unit
    owners: dict[str, str] = {}
    for code, org_unit in org_units.items():
        if org_unit in owners and (code in wanted or owners[org_unit] in wanted):
            mine = code if code in wanted else owners[org_unit]
            errors.append(
                (
                    wanted[mine][0],
                    "org_unit",
                    _("Line %(line)s: the organisation unit %(org)s is already used for unit %(unit)s.")
                    % {
                        "line": wanted[mine][0],
                        "org": org_unit,
                        "unit": owners[org_unit] if mine == code else code,
                    },
                )
            )
        owners[org_unit] = code
    if errors:
        raise ImportRefused(sorted(errors))
    stored = {o.unit_code: o for o in Dhis2OrgUnit.objects.select_for_update()}
    changed = []
    for code, (_line, org_unit) in wanted.items():
        before = current.org_units.get(code)
        if before == org_unit:
            continue
        changed.append((code, before, org_unit))
    Dhis2OrgUnit.objects.filter(unit_code__in=[c for c, _b, _a in changed if c in stored]).delete()
    Dhis2OrgUnit.objects.bulk_create(
        [
            Dhis2OrgUnit(
                unit_code=c, org_unit=a, lock_version=stored[c].lock_version + 1 if c in stored else 1
            )
            for c, _b, a in changed
        ]
    )
    log_actions(
        [
            audit_fields(
                actor=by,
                action="dhis2.org_unit",
                obj=Dhis2OrgUnit,
                object_id=code,
                object_repr=code,
                before={"org_unit": before} if before else None,
                after={"org_unit": after},
                context=context,
            )
            for code, before, after in changed
        ]
    )
    return len(changed)


@transaction.atomic
def mapping_set(
    *,
    indicator: Indicator,
    part: str,
    sex: str,
    option: str,
    data_element: str,
    category_option_combo: str,
    by: User,
    expected_version: int | None = None,
) -> None:
    """One row of the mapping from the page, through the same validation as an upload. ``expected_version`` is the
    row's ``lock_version`` when the page was opened (0: not stored yet): a change made in between is refused."""
    row = Dhis2Mapping.objects.filter(indicator=indicator, part=part, sex=sex, option=option).first()
    if expected_version is not None and (row.lock_version if row else 0) != expected_version:
        raise DomainError(STALE)
    try:
        mapping_import(
            [
                (
                    1,
                    {
                        "indicator": indicator.code,
                        "part": part,
                        "sex": sex,
                        "disaggregation": option,
                        "data_element": data_element,
                        "category_option_combo": category_option_combo,
                    },
                )
            ],
            by=by,
            context={"via": "page"},
        )
    except ImportRefused as exc:
        _line, field, message = exc.errors[0]
        raise DomainError(message, field=field or None) from None
