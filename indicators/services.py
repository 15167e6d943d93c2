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
    if not CODE_PATTERN.fullmatch(code) or code.lower() in ("new", "import"):
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
    """The whole record of an indicator as the audit log keeps it (before and after each change): every editable
    field, its objective's number, its declared disaggregations and its parts' names, so that
    ``indicators.history`` can rebuild the framework as it stood on any date. Targets have entries of their own."""
    data = {field: getattr(indicator, field) for field in EDITABLE_FIELDS if field != "objective"}
    data["objective"] = indicator.objective.number
    data["dimensions"] = sorted(d.code for d in indicator.dimensions.all())
    data["parts"] = {p.kind: {"name_vi": p.name_vi, "name_en": p.name_en} for p in indicator.parts.all()}
    return data


def _target_state(target: NationalTarget) -> dict:
    return {
        "year": target.year,
        "comparator": target.comparator,
        "value": target.value,
        "wording": target.wording,
    }


def _dimension_state(dimension: Dimension) -> dict:
    return {
        "code": dimension.code,
        "name_vi": dimension.name_vi,
        "name_en": dimension.name_en,
        "options": [
            {"code": o.code, "name_vi": o.name_vi, "name_en": o.name_en, "order": o.order, "note": o.note}
            for o in sorted(dimension.options.all(), key=lambda o: (o.order, o.code))
        ],
    }


def _rename_parts(indicator: Indicator, parts: dict[str, dict[str, str]]) -> None:
    """Rename the indicator's parts; their kinds are the shape of its values and never change here."""
    existing = {p.kind: p for p in indicator.parts.all()}
    if set(parts) != set(existing):
        raise DomainError(
            _("The parts of %(code)s are %(kinds)s; they cannot be added or removed here.")
            % {"code": indicator.code, "kinds": ", ".join(str(PartKind(k).label) for k in sorted(existing))},
            field="parts",
        )
    changed = []
    for kind, names in parts.items():
        part = existing[kind]
        name_vi, name_en = (
            str(names.get("name_vi", part.name_vi)).strip(),
            str(names.get("name_en", "")).strip(),
        )
        if not name_vi:
            raise DomainError(_("Give the part's name in Vietnamese."), field="parts")
        if (part.name_vi, part.name_en) != (name_vi, name_en):
            part.name_vi, part.name_en = name_vi, name_en
            changed.append(part)
    if changed:
        IndicatorPart.objects.bulk_update(changed, ["name_vi", "name_en"])


indicator_snapshot = _snapshot  # for the services of other apps that create an indicator (a local one)


@transaction.atomic
def indicator_create(
    *,
    by: User,
    objective: Objective,
    code: str,
    dimensions: Iterable[Dimension] = (),
    parts: dict[str, str] | dict[str, dict[str, str]],
    **fields: Any,
) -> Indicator:
    """A new indicator (one still missing from the framework, for example). ``parts`` maps part kind to its name,
    or to ``{"name_vi": ..., "name_en": ...}``."""
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
        names = name if isinstance(name, dict) else {"name_vi": name}
        IndicatorPart.objects.create(
            indicator=indicator, kind=kind, name_vi=names["name_vi"], name_en=names.get("name_en", "")
        )
    log_action(actor=by, action="indicator.create", obj=indicator, after=_snapshot(indicator))
    return indicator


@transaction.atomic
def indicator_update(
    *,
    indicator: Indicator,
    by: User,
    data: dict,
    dimensions: Iterable[Dimension] | None = None,
    parts: dict[str, dict[str, str]] | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Indicator:
    """Change the indicator's descriptive fields (and, given ``parts``, its parts' names: kind to
    ``{"name_vi", "name_en"}``); the whole record before and after goes to the audit log.
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
    if parts is not None:
        _rename_parts(indicator, parts)
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
    wording: str | None = None,
    expected_version: int | None = None,
) -> NationalTarget:
    """Set the national target for ``year`` (``wording``: the official wording, unchanged when None). Changing an
    existing target needs a reason; the whole target before and after stays in the audit log, which the indicator
    page shows as the target's history."""
    if comparator not in Comparator.values:
        raise DomainError(_("Choose a comparator."), field="comparator")
    check_comparator(indicator.direction, comparator)
    value = value if isinstance(value, Decimal) else parse_decimal(value, field="value")
    target = NationalTarget.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if wording is None:
        wording = target.wording if target is not None else ""
    wording = wording.strip()
    if (
        target is not None
        and target.comparator == comparator
        and target.value == value
        and target.wording == wording
    ):
        return target
    bump_version(indicator, expected_version, STALE)  # the targets are part of the indicator's record
    if target is not None and not reason.strip():
        raise DomainError(_("Give the reason for changing a national target."), field="reason")
    before = None if target is None else _target_state(target)
    if target is None:
        target = NationalTarget.objects.create(
            indicator=indicator, year=year, comparator=comparator, value=value, wording=wording
        )
    else:
        target.comparator, target.value, target.wording = comparator, value, wording
        target.save(update_fields=["comparator", "value", "wording"])
    log_action(
        actor=by,
        action="indicator.target",
        obj=indicator,
        before=before,
        after=_target_state(target),
        reason=reason.strip(),
    )
    return target


@transaction.atomic
def dimension_save(
    *, by: User, code: str, name_vi: str, name_en: str = "", options: list[dict], reason: str = ""
) -> Dimension:
    """Create a disaggregation or change its names and options (``options``: ``code``, ``name_vi``,
    ``name_en``, ``order``, ``note``). An option is added or renamed, never removed: stored values name it
    (``indicators.cuts``). The whole disaggregation before and after goes to the audit log."""
    code = code.strip()
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,39}", code):
        raise DomainError(
            _(
                "A disaggregation's code has small letters, digits, hyphens or underscores only, for example area."
            ),
            field="code",
        )
    if not name_vi.strip():
        raise DomainError(_("Give the disaggregation's name in Vietnamese."), field="name_vi")
    dimension = Dimension.objects.filter(code=code).first()
    before = None if dimension is None else _dimension_state(dimension)
    if dimension is None:
        dimension = Dimension.objects.create(code=code, name_vi=name_vi.strip(), name_en=name_en.strip())
    else:
        dimension.name_vi, dimension.name_en = name_vi.strip(), name_en.strip()
        dimension.save(update_fields=["name_vi", "name_en"])
    existing = {o.code: o for o in dimension.options.all()}
    seen: set[str] = set()
    new, changed = [], []
    for item in options:
        option_code = str(item.get("code", "")).strip()
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,39}", option_code) or option_code in seen:
            raise DomainError(
                _("The option code “%(code)s” of %(dimension)s is not valid or is given twice.")
                % {"code": option_code, "dimension": code},
                field="options",
            )
        seen.add(option_code)
        values = {
            "name_vi": str(item.get("name_vi", "")).strip(),
            "name_en": str(item.get("name_en", "")).strip(),
            "order": int(item.get("order") or 0),
            "note": str(item.get("note", "")).strip(),
        }
        if not values["name_vi"]:
            raise DomainError(
                _("Give the name in Vietnamese of the option %(code)s.") % {"code": option_code},
                field="options",
            )
        option = existing.get(option_code)
        if option is None:
            new.append(DimensionOption(dimension=dimension, code=option_code, **values))
        elif any(getattr(option, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(option, k, v)
            changed.append(option)
    missing = sorted(set(existing) - seen)
    if missing:
        raise DomainError(
            _("The options %(codes)s of %(dimension)s cannot be removed: stored values may name them.")
            % {"codes": ", ".join(missing), "dimension": code},
            field="options",
        )
    DimensionOption.objects.bulk_create(new)
    DimensionOption.objects.bulk_update(changed, ["name_vi", "name_en", "order", "note"])
    dimension = Dimension.objects.prefetch_related("options").get(pk=dimension.pk)
    after = _dimension_state(dimension)
    if after != before:
        log_action(
            actor=by,
            action="dimension.create" if before is None else "dimension.update",
            obj=dimension,
            before=before,
            after=after,
            reason=reason.strip(),
        )
    return dimension
