"""Writes of administrative units. Reference data comes from the CSV files in ``units/data``."""

import csv
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction

from units.models import AdminUnit, Level, RegionTag, UnitName, UnitType

DATA = Path(__file__).resolve().parent / "data"
NATION_FROM = date(1976, 7, 2)
OLD_FROM = date(2008, 8, 1)  # 63 provinces since Hà Tây joined Hà Nội
OLD_TO = date(2025, 6, 30)
NEW_FROM = date(2025, 7, 1)  # Resolution 202/2025/QH15


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _province_type(name: str) -> str:
    return UnitType.CITY if name.startswith(("Thành phố", "TP ")) else UnitType.PROVINCE


def _full_old_name(short: str) -> str:
    if short.startswith("TP "):
        return "Thành phố " + short[3:]
    return "Tỉnh " + short


def _parse_date(raw: str) -> date | None:
    return date.fromisoformat(raw) if raw else None


@transaction.atomic
def units_load_reference() -> dict[str, int]:
    """Create the nation, the 63 former and 34 current provinces, the 3,321 communes, name changes and region
    tags. Idempotent: existing rows (and their names, which may have been edited) are left as they are."""
    created = {"units": 0, "names": 0, "region_tags": 0}
    existing = {(u.code, u.valid_from): u for u in AdminUnit.objects.all()}
    named = set(UnitName.objects.values_list("unit_id", flat=True).distinct())
    changes = {r["code"]: r for r in _rows("unit-name-changes.csv")}
    new_names: list[UnitName] = []

    def ensure(
        code: str,
        level: str,
        parent: AdminUnit | None,
        valid_from: date,
        valid_to: date | None,
        name: str,
        unit_type: str,
        merged_into: AdminUnit | None = None,
    ) -> AdminUnit:
        unit = existing.get((code, valid_from))
        if unit is None:
            unit = AdminUnit.objects.create(
                code=code,
                level=level,
                parent=parent,
                valid_from=valid_from,
                valid_to=valid_to,
                merged_into=merged_into,
            )
            existing[(code, valid_from)] = unit
            created["units"] += 1
        elif merged_into is not None and unit.merged_into_id is None:
            unit.merged_into = merged_into
            unit.save(update_fields=["merged_into"])
        if unit.pk not in named:
            new_names.extend(_names_for(unit, name, unit_type, changes.get(code)))
            named.add(unit.pk)
        return unit

    vn = ensure("VN", Level.NATION, None, NATION_FROM, None, "Việt Nam", UnitType.NATION)
    current = {}
    for row in _rows("provinces-2025.csv"):
        current[row["code"]] = ensure(
            row["code"], Level.PROVINCE, vn, NEW_FROM, None, row["name"], _province_type(row["name"])
        )
    for row in _rows("provinces-2025-merger.csv"):
        ensure(
            row["old_code"],
            Level.PROVINCE,
            vn,
            OLD_FROM,
            OLD_TO,
            _full_old_name(row["old_name"]),
            _province_type(row["old_name"]),
            merged_into=current[row["new_code"]],
        )

    commune_rows = _rows("communes-2025.csv")
    missing = [r for r in commune_rows if (r["code"], NEW_FROM) not in existing]
    communes = AdminUnit.objects.bulk_create(
        [
            AdminUnit(
                code=r["code"], level=Level.COMMUNE, parent=current[r["province_code"]], valid_from=NEW_FROM
            )
            for r in missing
        ]
    )
    if communes and communes[0].pk is None:  # backends that do not return keys from bulk inserts
        by_code = dict(
            AdminUnit.objects.filter(level=Level.COMMUNE, valid_from=NEW_FROM).values_list("code", "pk")
        )
        for unit in communes:
            unit.pk = by_code[unit.code]
    created["units"] += len(communes)
    for unit, row in zip(communes, missing, strict=True):
        new_names.append(UnitName(unit=unit, name=row["name"], unit_type=row["type"], valid_from=NEW_FROM))
    UnitName.objects.bulk_create(new_names)
    created["names"] = len(new_names)

    tags = {(t.unit_id, t.region, t.valid_from) for t in RegionTag.objects.all()}
    for row in _rows("region-tags.csv"):
        valid_from = date.fromisoformat(row["valid_from"])
        unit = existing[(row["code"], NEW_FROM if valid_from >= NEW_FROM else OLD_FROM)]
        if (unit.pk, row["region"], valid_from) in tags:
            continue
        RegionTag.objects.create(
            unit=unit,
            region=row["region"],
            partial=row["partial"] == "yes",
            valid_from=valid_from,
            valid_to=_parse_date(row["valid_to"]),
            note=row["note"],
        )
        created["region_tags"] += 1
    return created


def _names_for(unit: AdminUnit, name: str, unit_type: str, change: dict | None) -> list[UnitName]:
    """The unit's names over its life; a recorded change splits it in two."""
    if change:
        changed_on = date.fromisoformat(change["valid_from"])
        if unit.valid_from < changed_on and (unit.valid_to is None or changed_on <= unit.valid_to):
            return [
                UnitName(
                    unit=unit,
                    name=change["previous_name"],
                    unit_type=change["previous_type"],
                    valid_from=unit.valid_from,
                    valid_to=changed_on - timedelta(days=1),
                ),
                UnitName(
                    unit=unit,
                    name=change["name"],
                    unit_type=change["type"],
                    valid_from=changed_on,
                    valid_to=unit.valid_to,
                    note=change["note"],
                ),
            ]
    return [
        UnitName(
            unit=unit, name=name, unit_type=unit_type, valid_from=unit.valid_from, valid_to=unit.valid_to
        )
    ]
