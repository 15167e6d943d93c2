"""The framework's metadata as a file: export (JSON or XLSX, today's framework or as of a date) and import.

The file holds the objectives (read only), the disaggregations with their options, and every indicator with its
metadata, value-check fields, declared disaggregations, parts and targets. JSON is one object
(``{"format": "binhdanggioi.framework", "version": 1, ...}``); XLSX has one sheet a list (``indicators``, ``parts``,
``targets``, ``dimensions``, ``options``, ``objectives``) whose headers are the same keys.

An import reads the whole file, checks every row, compares it with today's framework and applies the differences
through ``indicators.services`` (the edit form's validation and audit entries) in one transaction: every change
or none. A dry run does the same and rolls back, so what it shows is exactly what confirming would do. What an
import cannot do: remove an indicator, a part, a target or a disaggregation's option (the framework has no such
path; stored values name them), change an indicator's province, local tag or derivation, or edit objectives."""

import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import User
from indicators.history import FIELDS, Framework, IndicatorThen, current_framework
from indicators.models import Comparator, Confirmed, Dimension, Direction, Indicator, Objective, PartKind
from indicators.services import dimension_save, indicator_create, indicator_update, parse_decimal, target_set
from lib.errors import DomainError, quoted
from lib.exporters import Exporter, Sheet
from lib.numbers import format_number

FORMAT = "binhdanggioi.framework"
VERSION = 1
BOOLEAN_FIELDS = ("by_sex", "additive", "part_of_whole", "whole_numbers", "active")
DECIMAL_FIELDS = ("factor", "value_min", "value_max")
READ_ONLY = ("province", "local_tag", "derivation")
INDICATOR_KEYS = ("code", "objective", *FIELDS, *READ_ONLY, "dimensions")
PART_KEYS = ("indicator", "kind", "name_vi", "name_en")
TARGET_KEYS = ("indicator", "year", "comparator", "value", "wording")
DIMENSION_KEYS = ("code", "name_vi", "name_en")
OPTION_KEYS = ("dimension", "code", "name_vi", "name_en", "order", "note")
OBJECTIVE_KEYS = ("number", "name_vi", "name_en")
TRUE, FALSE = ("yes", "true", "1", "có", "x"), ("no", "false", "0", "không", "")


# --- export -----------------------------------------------------------------------------------------------------


def _text(value: Any) -> Any:
    return f"{value.normalize():f}" if isinstance(value, Decimal) else value


def framework_data(framework: Framework) -> dict:
    """The framework as the JSON file holds it (decimals as text, exactly)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "as_of": (framework.on or timezone.localdate()).isoformat(),
        "objectives": [
            {"number": o.number, "name_vi": o.name_vi, "name_en": o.name_en} for o in framework.objectives
        ],
        "dimensions": [
            {
                "code": d.code,
                "name_vi": d.name_vi,
                "name_en": d.name_en,
                "options": [
                    {
                        "code": o.code,
                        "name_vi": o.name_vi,
                        "name_en": o.name_en,
                        "order": o.order,
                        "note": o.note,
                    }
                    for o in d.options
                ],
            }
            for d in framework.dimensions.values()
        ],
        "indicators": [_indicator_data(i) for i in framework.indicators],
    }


def _indicator_data(indicator: IndicatorThen) -> dict:
    data: dict[str, Any] = {"code": indicator.code, "objective": indicator.objective}
    data |= {name: _text(getattr(indicator, name)) for name in (*FIELDS, *READ_ONLY)}
    data["dimensions"] = list(indicator.dimensions)
    data["parts"] = [{"kind": p.kind, "name_vi": p.name_vi, "name_en": p.name_en} for p in indicator.parts]
    data["targets"] = [
        {"year": t.year, "comparator": t.comparator, "value": _text(t.value), "wording": t.wording}
        for t in indicator.targets
    ]
    return data


def framework_stamp() -> str:
    """A digest of today's framework: a preview is confirmed only while the framework is still the one compared."""
    return hashlib.sha256(framework_json(current_framework())).hexdigest()


def framework_json(framework: Framework) -> bytes:
    return json.dumps(framework_data(framework), ensure_ascii=False, indent=1).encode()


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return ""
    return value


class FrameworkExporter(Exporter):
    """The same content as the JSON file, one sheet a list."""

    def __init__(self, framework: Framework):
        self.framework = framework
        self.data = framework_data(framework)
        self.file_name = f"khung-chi-tieu-{self.data['as_of']}"

    def sheets(self) -> Iterable[Sheet]:
        data = self.data
        yield Sheet(
            name="indicators",
            headers=INDICATOR_KEYS,
            rows=(
                [_cell(";".join(i[k]) if k == "dimensions" else _value(i[k], k)) for k in INDICATOR_KEYS]
                for i in data["indicators"]
            ),
            widths=[10, 9, 6, 50, 40, 12, 8, 10] + [12] * (len(INDICATOR_KEYS) - 8),
        )
        yield Sheet(
            name="parts",
            headers=PART_KEYS,
            rows=(
                [i["code"], p["kind"], p["name_vi"], p["name_en"]]
                for i in data["indicators"]
                for p in i["parts"]
            ),
            widths=[10, 12, 60, 50],
        )
        yield Sheet(
            name="targets",
            headers=TARGET_KEYS,
            rows=(
                [i["code"], t["year"], t["comparator"], Decimal(t["value"]), t["wording"]]
                for i in data["indicators"]
                for t in i["targets"]
            ),
            formats={4: "decimal"},
            widths=[10, 8, 11, 12, 40],
        )
        yield Sheet(
            name="dimensions",
            headers=DIMENSION_KEYS,
            rows=([d["code"], d["name_vi"], d["name_en"]] for d in data["dimensions"]),
            widths=[14, 40, 40],
        )
        yield Sheet(
            name="options",
            headers=OPTION_KEYS,
            rows=(
                [d["code"], o["code"], o["name_vi"], o["name_en"], o["order"], o["note"]]
                for d in data["dimensions"]
                for o in d["options"]
            ),
            widths=[14, 14, 40, 40, 7, 30],
        )
        yield Sheet(
            name="objectives",
            headers=OBJECTIVE_KEYS,
            rows=([o["number"], o["name_vi"], o["name_en"]] for o in data["objectives"]),
            widths=[8, 80, 80],
        )


def _value(raw: Any, key: str) -> Any:
    if key in DECIMAL_FIELDS:
        return "" if raw in (None, "") else Decimal(raw)
    return _cell(raw)


# --- reading a file ---------------------------------------------------------------------------------------------


class ImportRefused(Exception):
    """The file is refused as a whole: ``errors`` are (where, field, message), each naming a row or item."""

    def __init__(self, errors: list[tuple[str, str, str]]):
        super().__init__("; ".join(f"{w} {f}: {m}" for w, f, m in errors[:5]))
        self.errors = errors


def read_file(content: bytes, name: str) -> dict:
    """The file's lists as plain dicts, each with ``_where`` (its sheet and row, or its place in the JSON list)."""
    if name.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    if name.lower().endswith(".json"):
        return _read_json(content)
    raise ImportRefused([("", "", _("Upload the framework as a .json or .xlsx file."))])


def _read_json(content: bytes) -> dict:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ImportRefused(
            [("", "", _("The file is not JSON: %(error)s") % {"error": quoted(exc, 120)})]
        ) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportRefused(
            [("", "format", _("The file is not an indicator framework exported by this system."))]
        )
    out: dict[str, list[dict]] = {"dimensions": [], "indicators": []}
    for key in out:
        items = data.get(key, [])
        if not isinstance(items, list):
            raise ImportRefused([("", key, _("“%(key)s” should be a list.") % {"key": key})])
        for n, item in enumerate(items, start=1):
            where = (
                _("indicator no. %(n)s of the file")
                if key == "indicators"
                else _("disaggregation no. %(n)s of the file")
            ) % {"n": n}
            if not isinstance(item, dict):
                raise ImportRefused([(where, "", _("Each item is an object with named fields."))])
            item = dict(item)
            item["_where"] = where
            for inner in ("options", "parts", "targets"):
                if inner in item:
                    if not isinstance(item[inner], list) or not all(isinstance(x, dict) for x in item[inner]):
                        raise ImportRefused(
                            [(where, inner, _("“%(key)s” should be a list.") % {"key": inner})]
                        )
                    item[inner] = [
                        dict(
                            x,
                            _where=_("%(where)s, %(what)s no. %(m)s")
                            % {"where": where, "what": _inner(inner), "m": m},
                        )
                        for m, x in enumerate(item[inner], 1)
                    ]
            out[key].append(item)
    return out


def _inner(key: str) -> str:
    return {"options": _("option"), "parts": _("part"), "targets": _("target")}[key]


def _xlsx_sheet(workbook, name: str, keys: tuple[str, ...]) -> Iterator[tuple[str, dict]]:
    if name not in workbook.sheetnames:
        raise ImportRefused([(name, "", _("The sheet “%(sheet)s” is missing.") % {"sheet": name})])
    rows = workbook[name].iter_rows(values_only=True)
    header = [str(h or "").strip() for h in next(rows, ())]
    missing = [k for k in keys if k not in header]
    if missing:
        raise ImportRefused([(name, k, _("The column “%(c)s” is missing.") % {"c": k}) for k in missing])
    for number, cells in enumerate(rows, start=2):
        if all(c in (None, "") for c in cells):
            continue
        row = {h: ("" if c is None else c) for h, c in zip(header, cells, strict=False) if h in keys}
        yield _("sheet %(sheet)s, row %(row)s") % {"sheet": name, "row": number}, row


def _read_xlsx(content: bytes) -> dict:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ImportRefused([("", "", _("The file is not a readable XLSX workbook."))]) from exc
    try:
        dimensions: dict[str, dict] = {}
        for where, row in _xlsx_sheet(workbook, "dimensions", DIMENSION_KEYS):
            dimensions[str(row["code"]).strip()] = {**row, "options": [], "_where": where}
        for where, row in _xlsx_sheet(workbook, "options", OPTION_KEYS):
            parent = dimensions.get(str(row.pop("dimension")).strip())
            if parent is None:
                raise ImportRefused(
                    [(where, "dimension", _("This disaggregation is not on the sheet dimensions."))]
                )
            parent["options"].append({**row, "_where": where})
        indicators: dict[str, dict] = {}
        for where, row in _xlsx_sheet(workbook, "indicators", INDICATOR_KEYS):
            dims = str(row.get("dimensions") or "")
            row["dimensions"] = [d.strip() for d in dims.split(";") if d.strip()]
            indicators[str(row["code"]).strip()] = {**row, "parts": [], "targets": [], "_where": where}
        for sheet, keys in (("parts", PART_KEYS), ("targets", TARGET_KEYS)):
            for where, row in _xlsx_sheet(workbook, sheet, keys):
                parent = indicators.get(str(row.pop("indicator")).strip())
                if parent is None:
                    raise ImportRefused(
                        [(where, "indicator", _("This indicator is not on the sheet indicators."))]
                    )
                parent[sheet].append({**row, "_where": where})
    finally:
        workbook.close()
    return {"dimensions": list(dimensions.values()), "indicators": list(indicators.values())}


# --- checking and comparing -------------------------------------------------------------------------------------


@dataclass
class Change:
    """One line of the diff: a disaggregation or an indicator, created, changed (which fields, before and after)
    or unchanged."""

    kind: str  # "dimension" | "indicator"
    code: str
    status: str  # "created" | "changed" | "unchanged"
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return _("Disaggregation") if self.kind == "dimension" else _("Indicator")

    @property
    def status_label(self) -> str:
        return {"created": _("created"), "changed": _("changed"), "unchanged": _("unchanged")}[self.status]


@dataclass
class ImportResult:
    changes: list[Change]
    applied: bool

    def count(self, status: str) -> int:
        return sum(1 for c in self.changes if c.status == status)

    @property
    def count_created(self) -> int:
        return self.count("created")

    @property
    def count_changed(self) -> int:
        return self.count("changed")

    @property
    def count_unchanged(self) -> int:
        return self.count("unchanged")


class _Errors:
    def __init__(self) -> None:
        self.items: list[tuple[str, str, str]] = []

    def add(self, item: dict, key: str, message: str) -> None:
        self.items.append((item.get("_where", ""), key, message))


def _bool(raw: Any) -> bool | None:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    return True if text in TRUE else False if text in FALSE else None


def _decimal_or_none(raw: Any, *, key: str) -> Decimal | None:
    """A number of the file: a JSON or spreadsheet number, machine text ("62.5"), or Vietnamese text ("62,5")."""
    if raw is None or str(raw).strip() == "":
        return None
    if isinstance(raw, bool):
        raise DomainError(_("“%(raw)s” is not a number.") % {"raw": raw}, field=key)
    if isinstance(raw, int | float | Decimal):
        return Decimal(repr(raw) if isinstance(raw, float) else str(raw))
    text = str(raw).strip()
    if "," in text:
        return parse_decimal(text, field=key)
    try:
        value = Decimal(text)
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite():
        raise DomainError(_("“%(raw)s” is not a number.") % {"raw": quoted(raw)}, field=key)
    return value


def _clean_indicator(item: dict, errors: _Errors, objectives: set[int], dimension_codes: set[str]) -> dict:
    clean: dict[str, Any] = {"code": str(item.get("code", "")).strip()}
    if not clean["code"]:
        errors.add(item, "code", _("Give the indicator's code."))
    try:
        clean["objective"] = int(item.get("objective"))  # type: ignore[arg-type]
        if clean["objective"] not in objectives:
            raise ValueError
    except (TypeError, ValueError):
        errors.add(
            item,
            "objective",
            _("“%(raw)s” is not an objective's number.") % {"raw": quoted(item.get("objective"))},
        )
    for key in FIELDS:
        if key not in item:
            errors.add(item, key, _("The field “%(key)s” is missing.") % {"key": key})
            continue
        raw = item[key]
        if key in BOOLEAN_FIELDS:
            value = _bool(raw)
            if value is None:
                errors.add(item, key, _("“%(raw)s” is neither yes nor no.") % {"raw": quoted(raw)})
            clean[key] = value
        elif key in DECIMAL_FIELDS:
            try:
                clean[key] = _decimal_or_none(raw, key=key)
            except DomainError as error:
                errors.add(item, key, str(error.message))
            if key == "factor" and clean.get(key) is None:
                errors.add(item, key, _("Give the factor (100 for a percentage, 1 otherwise)."))
        elif key == "order":
            try:
                clean[key] = int(Decimal(str(raw)))
            except ArithmeticError:
                errors.add(item, key, _("“%(raw)s” is not a whole number.") % {"raw": quoted(raw)})
        else:
            clean[key] = "" if raw is None else str(raw)
    if clean.get("direction") not in Direction.values:
        errors.add(item, "direction", _("The direction is increase or decrease."))
    if clean.get("confirmed") not in Confirmed.values:
        errors.add(item, "confirmed", _("“confirmed” is yes, partly or no."))
    for key in READ_ONLY:
        clean[key] = None if key == "province" and item.get(key) in (None, "") else str(item.get(key) or "")
    dims = item.get("dimensions")
    if "dimensions" in item and not isinstance(dims, list):
        errors.add(item, "dimensions", _("“%(key)s” should be a list.") % {"key": "dimensions"})
    # a JSON item without its disaggregations leaves them as they are
    clean["dimensions"] = sorted({str(d).strip() for d in dims}) if isinstance(dims, list) else None
    for code in clean["dimensions"] or []:
        if code not in dimension_codes:
            errors.add(item, "dimensions", _("There is no disaggregation %(code)s.") % {"code": quoted(code)})
    clean["parts"] = {} if "parts" in item else None  # a JSON item without its parts leaves them as they are
    for part in item.get("parts", []):
        kind = str(part.get("kind", "")).strip()
        if kind not in PartKind.values or kind in clean["parts"]:
            errors.add(part, "kind", _("“%(raw)s” is not a part, or is given twice.") % {"raw": quoted(kind)})
            continue
        clean["parts"][kind] = {
            "name_vi": str(part.get("name_vi") or ""),
            "name_en": str(part.get("name_en") or ""),
        }
        if not clean["parts"][kind]["name_vi"]:
            errors.add(part, "name_vi", _("Give the part's name in Vietnamese."))
    clean["targets"] = {}
    for target in item.get("targets", []):
        try:
            year = int(target.get("year"))
        except (TypeError, ValueError):
            errors.add(target, "year", _("“%(raw)s” is not a year.") % {"raw": quoted(target.get("year"))})
            continue
        comparator = str(target.get("comparator", "")).strip()
        if comparator not in Comparator.values:
            errors.add(target, "comparator", _("The comparator is one of >=, >, <=, < or =."))
        try:
            value = _decimal_or_none(target.get("value"), key="value")
        except DomainError as error:
            errors.add(target, "value", str(error.message))
            continue
        if value is None:
            errors.add(target, "value", _("Give the target value."))
            continue
        if year in clean["targets"]:
            errors.add(target, "year", _("The target for %(year)s is given twice.") % {"year": year})
        clean["targets"][year] = {
            "comparator": comparator,
            "value": value,
            "wording": str(target.get("wording") or ""),
            "_where": target.get("_where", ""),
        }
    clean["_where"] = item.get("_where", "")
    return clean


def _order(option: dict, errors: _Errors) -> int:
    raw = option.get("order") or 0
    try:
        return int(Decimal(str(raw)))
    except ArithmeticError:
        errors.add(option, "order", _("“%(raw)s” is not a whole number.") % {"raw": quoted(raw)})
        return 0


def _clean_dimension(item: dict, errors: _Errors) -> dict:
    return {
        "code": str(item.get("code", "")).strip(),
        "name_vi": str(item.get("name_vi") or "").strip(),
        "name_en": str(item.get("name_en") or "").strip(),
        "options": [
            {
                "code": str(o.get("code", "")).strip(),
                "name_vi": str(o.get("name_vi") or "").strip(),
                "name_en": str(o.get("name_en") or "").strip(),
                "order": _order(o, errors),
                "note": str(o.get("note") or "").strip(),
            }
            for o in item.get("options", [])
        ],
        "_where": item.get("_where", ""),
    }


def _label(key: str) -> str:
    if key == "dimensions":
        return str(Indicator._meta.get_field("dimensions").verbose_name)
    if key == "parts":
        return str(_("parts"))
    if key == "options":
        return str(_("options"))
    if key.startswith("target "):
        return _("Target %(year)s") % {"year": key.split()[1]}
    try:
        return str(Indicator._meta.get_field(key).verbose_name)
    except Exception:
        return key


def _shown(value: Any) -> Any:
    """A value of the diff in words: numbers in the page's language, yes or no, a target as "≥ 60"."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal):
        return format_number(value, lang=get_language() or "vi")
    if isinstance(value, dict) and "comparator" in value:
        text = f"{Comparator(value['comparator']).label} {_shown(value['value'])}"
        return text + (f" ({value['wording']})" if value.get("wording") else "")
    if isinstance(value, dict):
        return "; ".join(f"{PartKind(k).label}: {v['name_vi']}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v.get("name_vi", v) if isinstance(v, dict) else v) for v in value)
    if value is None or value == "":
        return "—"
    return value


def _indicator_now(indicator: IndicatorThen) -> dict:
    data = {"objective": indicator.objective, **{k: getattr(indicator, k) for k in (*FIELDS, *READ_ONLY)}}
    data["dimensions"] = list(indicator.dimensions)
    data["parts"] = {p.kind: {"name_vi": p.name_vi, "name_en": p.name_en} for p in indicator.parts}
    data["targets"] = {
        t.year: {"comparator": t.comparator, "value": t.value, "wording": t.wording}
        for t in indicator.targets
    }
    return data


@transaction.atomic
def framework_import(*, data: dict, by: User, reason: str, dry_run: bool) -> ImportResult:
    """Check the whole file, compare it with today's framework, and apply the differences through the services
    (every change or none). ``dry_run``: roll everything back and only say what would change."""
    reason = reason.strip()
    errors = _Errors()
    if not reason:
        errors.items.append(
            ("", "reason", _("Give the reason for the import; it goes with every change in the audit log."))
        )
    now = current_framework()
    objectives = set(Objective.objects.values_list("number", flat=True))
    file_dims = [_clean_dimension(d, errors) for d in data.get("dimensions", [])]
    dimension_codes = set(now.dimensions) | {d["code"] for d in file_dims}
    seen: set[str] = set()
    for d in file_dims:
        if d["code"] in seen:
            errors.add(
                d, "code", _("The disaggregation %(code)s is given twice.") % {"code": quoted(d["code"])}
            )
        seen.add(d["code"])
    file_indicators = [
        _clean_indicator(i, errors, objectives, dimension_codes) for i in data.get("indicators", [])
    ]
    codes = [i["code"] for i in file_indicators]
    for item in file_indicators:
        if codes.count(item["code"]) > 1:
            errors.add(
                item, "code", _("The indicator %(code)s is given twice.") % {"code": quoted(item["code"])}
            )
    if errors.items:
        raise ImportRefused(errors.items)

    changes: list[Change] = []
    for d in file_dims:
        current = now.dimensions.get(d["code"])
        if current is None:
            changes.append(Change("dimension", d["code"], "created"))
        else:
            was = {
                "name_vi": current.name_vi,
                "name_en": current.name_en,
                "options": [
                    {
                        "code": o.code,
                        "name_vi": o.name_vi,
                        "name_en": o.name_en,
                        "order": o.order,
                        "note": o.note,
                    }
                    for o in current.options
                ],
            }
            diff = [(k, was[k], d[k]) for k in ("name_vi", "name_en", "options") if was[k] != d[k]]
            changes.append(Change("dimension", d["code"], "changed" if diff else "unchanged", diff))
        if changes[-1].status != "unchanged":
            _apply(
                errors,
                d,
                lambda d=d: dimension_save(
                    by=by,
                    code=d["code"],
                    name_vi=d["name_vi"],
                    name_en=d["name_en"],
                    options=d["options"],
                    reason=reason,
                ),
            )
    if errors.items:  # a disaggregation refused: the indicators that declare it cannot be checked
        transaction.set_rollback(True)
        raise ImportRefused(errors.items)
    dimensions = {d.code: d for d in Dimension.objects.all()}  # with those the file just added
    objective_by_number = {o.number: o for o in Objective.objects.all()}
    existing = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    for item in file_indicators:
        current = now.indicator(item["code"])
        fields_of = {k: item[k] for k in ("objective", *FIELDS)}
        if current is None:
            changes.append(Change("indicator", item["code"], "created"))
            if item["province"]:
                errors.add(item, "province", _("A local indicator is added by its province, in its plan."))
                continue
            indicator = _apply(
                errors,
                item,
                lambda item=item, fields_of=fields_of: indicator_create(
                    by=by,
                    code=item["code"],
                    dimensions=[dimensions[c] for c in item["dimensions"] or []],
                    parts=item["parts"] or {},
                    **{**fields_of, "objective": objective_by_number[item["objective"]]},
                ),
            )
            if indicator is not None:
                for year, t in sorted(item["targets"].items()):
                    _apply(
                        errors,
                        t,
                        lambda year=year, t=t, indicator=indicator: target_set(
                            indicator=indicator,
                            year=year,
                            comparator=t["comparator"],
                            value=t["value"],
                            wording=t["wording"],
                            by=by,
                            reason=reason,
                        ),
                    )
            continue
        was = _indicator_now(current)
        diff: list[tuple[str, Any, Any]] = []
        for key in ("objective", *FIELDS, "dimensions", "parts"):
            if item[key] is not None and was[key] != item[key]:
                diff.append((key, was[key], item[key]))
        for key in READ_ONLY:
            if (was[key] or None) != (item[key] or None):
                errors.add(item, key, _("This field cannot be changed by an import."))
        target_diff = [
            (year, was["targets"].get(year), {k: v for k, v in t.items() if k != "_where"})
            for year, t in sorted(item["targets"].items())
            if was["targets"].get(year) != {k: v for k, v in t.items() if k != "_where"}
        ]
        changes.append(
            Change(
                "indicator",
                item["code"],
                "changed" if diff or target_diff else "unchanged",
                [*diff, *((f"target {y}", old, new) for y, old, new in target_diff)],
            )
        )
        indicator = existing[item["code"]]
        if diff:
            changed = {k for k, _o, _n in diff}
            data_changes = {k: item[k] for k in changed if k in FIELDS}
            if "objective" in changed:
                data_changes["objective"] = objective_by_number[item["objective"]]
            _apply(
                errors,
                item,
                lambda indicator=indicator, item=item, changed=changed, data_changes=data_changes: (
                    indicator_update(
                        indicator=indicator,
                        by=by,
                        data=data_changes,
                        dimensions=[dimensions[c] for c in item["dimensions"]]
                        if "dimensions" in changed
                        else None,
                        parts=item["parts"] if "parts" in changed else None,
                        reason=reason,
                    )
                ),
            )
            indicator.refresh_from_db()
        for year, _old, _new in target_diff:
            t = item["targets"][year]
            _apply(
                errors,
                t,
                lambda indicator=indicator, year=year, t=t: target_set(
                    indicator=indicator,
                    year=year,
                    comparator=t["comparator"],
                    value=t["value"],
                    wording=t["wording"],
                    by=by,
                    reason=reason,
                ),
            )
    if errors.items:
        transaction.set_rollback(True)
        raise ImportRefused(errors.items)
    for change in changes:
        change.fields = [(_label(k), _shown(old), _shown(new)) for k, old, new in change.fields]
    if dry_run:
        transaction.set_rollback(True)
    return ImportResult(changes=changes, applied=not dry_run)


def _apply(errors: _Errors, item: dict, call) -> Any:
    """Call one service inside a savepoint; a refusal is recorded against the row and the rest still checked."""
    try:
        with transaction.atomic():
            return call()
    except DomainError as error:
        errors.add(item, error.field or "", str(error.message))
        return None
