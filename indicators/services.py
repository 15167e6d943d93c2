"""Writes of the indicator framework. Loading is idempotent; edits are audited; a target change keeps the old
value and needs a reason."""

import csv
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import log_action
from indicators.models import (
    MILESTONE_YEARS,
    Comparator,
    Confirmed,
    Dimension,
    DimensionOption,
    Direction,
    Indicator,
    IndicatorPart,
    NationalTarget,
    Objective,
    PartKind,
    Strategy,
)
from lib.errors import DomainError
from lib.locking import STALE, bump_version

DATA = Path(__file__).resolve().parent / "data"
STRATEGY_CODE = "nq28-2021"
VN_GROUPED = re.compile(r"-?\d{1,3}(\.\d{3})+")
CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,19}")
MILESTONES = MILESTONE_YEARS
EDITABLE_FIELDS = (
    "objective",
    "order",
    "name_vi",
    "name_en",
    "unit_label",
    "factor",
    "direction",
    "by_sex",
    "additive",
    "part_of_whole",
    "whole_numbers",
    "value_min",
    "value_max",
    "definition_vi",
    "definition_en",
    "source",
    "collection_level",
    "usual_provider",
    "frequency",
    "confirmed",
    "note",
    "disaggregation_note",
    "active",
)
COMPARATOR_DIRECTION: dict[str, str] = {
    Comparator.GE: Direction.INCREASE,
    Comparator.GT: Direction.INCREASE,
    Comparator.LE: Direction.DECREASE,
    Comparator.LT: Direction.DECREASE,
}


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def split_top_level(text: str, sep: str = ";") -> list[str]:
    """Split on ``sep`` outside parentheses: 'level (a / b; c); body (x)' -> ['level (a / b; c)', 'body (x)']."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == sep and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    tail = "".join(current).strip()
    if tail:
        parts.append(tail)
    return [p for p in parts if p]


def parse_disaggregations(text: str) -> tuple[bool, list[str]]:
    """(by_sex, [dimension labels]) from the framework's free text, e.g. 'sex; age group'."""
    by_sex, labels = False, []
    for item in split_top_level(text):
        label = re.sub(r"\s*\(.*\)\s*$", "", item).strip().lower()
        if label == "sex":
            by_sex = True
        else:
            labels.append(label)
    return by_sex, labels


def check_code(code: str) -> None:
    """An indicator code is part of URLs and file names: letters, digits, dots, hyphens, underscores; 20 at most."""
    if not CODE_PATTERN.fullmatch(code) or code.lower() == "new":
        raise DomainError(
            _("A code has letters, digits, dots, hyphens or underscores only, for example M6.2 or DP-KH1."),
            field="code",
        )


def direction_for(comparator: str) -> str:
    """The direction a comparator implies; '=' (a yes/no milestone) counts as 'higher is better'."""
    return COMPARATOR_DIRECTION.get(comparator, Direction.INCREASE)


def check_comparator(direction: str, comparator: str, *, field: str = "comparator") -> None:
    """progress-method.md: a comparator that contradicts the direction is a configuration error."""
    if not direction:
        raise DomainError(
            _("The indicator has no direction; set whether higher or lower is better."), field="direction"
        )
    implied = COMPARATOR_DIRECTION.get(comparator)
    if implied is not None and implied != direction:
        raise DomainError(
            _("The comparator %(comparator)s contradicts the direction “%(direction)s”.")
            % {"comparator": comparator, "direction": Direction(direction).label},
            field=field,
        )


def parse_decimal(raw: object, *, field: str) -> Decimal:
    text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
    if "," in text or VN_GROUPED.fullmatch(text):
        # Vietnamese: dots group thousands and the comma marks decimals ("1.234,5", "1.500" = 1500)
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise DomainError(_("“%(raw)s” is not a number.") % {"raw": raw}, field=field) from exc
    if not value.is_finite():
        raise DomainError(_("“%(raw)s” is not a number.") % {"raw": raw}, field=field)
    return value


def _bound(raw: str, *, field: str) -> Decimal | None:
    return parse_decimal(raw, field=field) if raw.strip() else None


@transaction.atomic
def framework_load_reference() -> dict[str, int]:
    """Load the strategy, objectives, disaggregations and indicators from ``indicators/data``.

    Idempotent: what exists is left as it is, so the ministry's edits survive a reload."""
    created = {"indicators": 0, "targets": 0}
    strategy, _c = Strategy.objects.get_or_create(
        code=STRATEGY_CODE,
        defaults={
            "name_vi": "Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2030",
            "name_en": "National Strategy on Gender Equality 2021-2030",
            "legal_basis": "Nghị quyết số 28/NQ-CP ngày 03 tháng 3 năm 2021 của Chính phủ",
            "start_year": 2021,
            "end_year": 2030,
            "base_year": 2020,
            "milestone_years": list(MILESTONES),
        },
    )
    objectives = {}
    for row in _rows("objectives.csv"):
        objectives[row["number"]], _c = Objective.objects.get_or_create(
            strategy=strategy,
            number=int(row["number"]),
            defaults={"name_vi": row["name_vi"], "name_en": row["name_en"]},
        )
    dimensions = {}
    for row in _rows("dimensions.csv"):
        dim, was_created = Dimension.objects.get_or_create(
            code=row["code"], defaults={"name_vi": row["name_vi"], "name_en": row["name_en"]}
        )
        dimensions[row["label"]] = dim
        if was_created and row["options"]:
            for order, option in enumerate(row["options"].split("|")):
                code, name_vi, name_en = option.split(":")
                DimensionOption.objects.create(
                    dimension=dim, code=code, name_vi=name_vi, name_en=name_en, order=order
                )

    for order, row in enumerate(_rows("national-indicators.csv")):
        if Indicator.objects.filter(code=row["code"]).exists():
            continue
        by_sex, labels = parse_disaggregations(row["disaggregations"])
        unknown = [label for label in labels if label not in dimensions]
        if unknown:
            raise DomainError(f"{row['code']}: unknown disaggregation {unknown}; add it to dimensions.csv")
        indicator = Indicator.objects.create(
            objective=objectives[row["objective"]],
            code=row["code"],
            order=order,
            name_vi=row["name_vi"],
            name_en=row["name_en"],
            unit_label=row["unit"],
            factor=Decimal(row["factor"]),
            direction=direction_for(row["comparator_2030"]),
            by_sex=by_sex,
            disaggregation_note=row["disaggregations"],
            additive=row["additive"] == "yes",
            part_of_whole=row["part_of_whole"] == "yes",
            whole_numbers=row["whole_numbers"] == "yes",
            value_min=_bound(row["value_min"], field="value_min"),
            value_max=_bound(row["value_max"], field="value_max"),
            source=row["usual_provider_2025"],
            collection_level=row["usual_collection_level"],
            usual_provider=row["usual_provider_2025"],
            confirmed=Confirmed(row["confirmed"]),
            note=row["note"],
        )
        indicator.dimensions.set([dimensions[label] for label in labels])
        if row["numerator_vi"] or row["denominator_vi"]:
            IndicatorPart.objects.create(
                indicator=indicator, kind=PartKind.NUMERATOR, name_vi=row["numerator_vi"]
            )
            IndicatorPart.objects.create(
                indicator=indicator, kind=PartKind.DENOMINATOR, name_vi=row["denominator_vi"]
            )
        else:
            IndicatorPart.objects.create(indicator=indicator, kind=PartKind.VALUE, name_vi=row["name_vi"])
        for year in MILESTONES:
            check_comparator(indicator.direction, row[f"comparator_{year}"])
            NationalTarget.objects.create(
                indicator=indicator,
                year=year,
                comparator=row[f"comparator_{year}"],
                value=Decimal(row[f"target_{year}"]),
            )
            created["targets"] += 1
        created["indicators"] += 1
    return created


def _snapshot(indicator: Indicator) -> dict:
    data = {field: getattr(indicator, field) for field in EDITABLE_FIELDS if field != "objective"}
    data["objective"] = indicator.objective.number
    data["dimensions"] = sorted(d.code for d in indicator.dimensions.all())
    return data


@transaction.atomic
def indicator_create(
    *,
    by: User,
    objective: Objective,
    code: str,
    dimensions: Iterable[Dimension] = (),
    parts: dict[str, str],
    **fields: Any,
) -> Indicator:
    """A new indicator (one still missing from the framework, for example). ``parts`` maps part kind to name."""
    code = code.strip()
    check_code(code)
    if Indicator.objects.filter(code__iexact=code).exists():
        raise DomainError(
            _("An indicator with the code %(code)s already exists.") % {"code": code}, field="code"
        )
    if set(parts) not in ({PartKind.NUMERATOR, PartKind.DENOMINATOR}, {PartKind.VALUE}):
        raise DomainError(_("An indicator has either a numerator and a denominator, or a single value."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if not fields.get("direction"):
        raise DomainError(_("Set whether higher or lower is better."), field="direction")
    indicator = Indicator.objects.create(objective=objective, code=code, **fields)
    indicator.dimensions.set(dimensions)
    for kind, name in parts.items():
        IndicatorPart.objects.create(indicator=indicator, kind=kind, name_vi=name)
    log_action(actor=by, action="indicator.create", obj=indicator, after=_snapshot(indicator))
    return indicator


@transaction.atomic
def indicator_update(
    *,
    indicator: Indicator,
    by: User,
    data: dict,
    dimensions: Iterable[Dimension] | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Indicator:
    """Change the indicator's descriptive fields; the before and after go to the audit log.
    ``expected_version``: the indicator's ``lock_version`` when the form was opened."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    bump_version(indicator, expected_version, STALE)
    before = _snapshot(indicator)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    for field, value in data.items():
        setattr(indicator, field, value)
    for target in indicator.targets.all():
        check_comparator(indicator.direction, target.comparator, field="direction")
    indicator.save()
    if dimensions is not None:
        indicator.dimensions.set(dimensions)
    after = _snapshot(indicator)
    if after != before:
        log_action(
            actor=by, action="indicator.update", obj=indicator, before=before, after=after, reason=reason
        )
    return indicator


@transaction.atomic
def target_set(
    *,
    indicator: Indicator,
    year: int,
    comparator: str,
    value: object,
    by: User,
    reason: str = "",
    expected_version: int | None = None,
) -> NationalTarget:
    """Set the national target for ``year``. Changing an existing target needs a reason; the old comparator
    and value stay in the audit log, which the indicator page shows as the target's history."""
    if comparator not in Comparator.values:
        raise DomainError(_("Choose a comparator."), field="comparator")
    check_comparator(indicator.direction, comparator)
    value = value if isinstance(value, Decimal) else parse_decimal(value, field="value")
    target = NationalTarget.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if target is not None and target.comparator == comparator and target.value == value:
        return target
    bump_version(indicator, expected_version, STALE)  # the targets are part of the indicator's record
    if target is not None and not reason.strip():
        raise DomainError(_("Give the reason for changing a national target."), field="reason")
    before = (
        None if target is None else {"year": year, "comparator": target.comparator, "value": target.value}
    )
    if target is None:
        target = NationalTarget.objects.create(
            indicator=indicator, year=year, comparator=comparator, value=value
        )
    else:
        target.comparator, target.value = comparator, value
        target.save(update_fields=["comparator", "value"])
    log_action(
        actor=by,
        action="indicator.target",
        obj=indicator,
        before=before,
        after={"year": year, "comparator": comparator, "value": value},
        reason=reason.strip(),
    )
    return target
