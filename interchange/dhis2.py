"""DHIS2: the mapping table in force (the ministry's rows over generated defaults), data value sets (JSON) and ADX
(XML, IHE QRPH ADX 2015) written from the accepted values and read back into the exchange file's rows.

A generated identifier is the same every time for the same key (a hash of it), so two exports agree and a file
written here imports here. The total of everything (sex total, no disaggregation) is DHIS2's ``default`` category
option combo, ``HllvX50cXC0``, as in a stock DHIS2 instance; the attribute option combo is always that default.

A file's "line" in an error is the data value's position in ``dataValues`` (JSON) or its line in the file (ADX)."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from datavalues.models import Sex
from datavalues.selectors import sexes_of
from indicators import cuts
from indicators.models import Indicator, IndicatorPart
from interchange.models import Dhis2Mapping, Dhis2OrgUnit
from interchange.selectors import accepted_values
from lib.errors import quoted
from units.models import AdminUnit

DEFAULT_COMBO = "HllvX50cXC0"
ADX_NS = "urn:ihe:qrph:adx:2015"
SCHEMAS = Path(__file__).parent / "schemas"
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
ALPHABET = LETTERS + "0123456789"

Key = tuple[str, str, str, str]  # indicator code, part, sex, option


def uid(*parts: str) -> str:
    """A DHIS2 identifier made from ``parts``: a letter then ten letters or digits, the same for the same parts."""
    number = int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest(), "big")
    number, first = divmod(number, len(LETTERS))
    out = [LETTERS[first]]
    for _i in range(10):
        number, digit = divmod(number, len(ALPHABET))
        out.append(ALPHABET[digit])
    return "".join(out)


DATA_SET = uid("dataSet", "gender-equality-2021-2030")


def default_target(indicator: str, part: str, sex: str, option: str) -> tuple[str, str]:
    """The generated data element (one per indicator and part) and category option combo (one per sex and
    disaggregation; the total of everything is DHIS2's default)."""
    combo = DEFAULT_COMBO if sex == Sex.TOTAL and not option else uid("coc", sex, option)
    return uid("de", indicator, part), combo


@dataclass
class Table:
    """The mapping in force: every key the framework can hold, and the stored rows (``stored`` lists their keys)."""

    targets: dict[Key, tuple[str, str]]
    stored: set[Key]
    org_units: dict[str, str]  # unit code -> orgUnit
    stored_units: set[str]

    def key_of(self) -> dict[tuple[str, str], Key]:
        return {target: key for key, target in self.targets.items()}

    def unit_of(self) -> dict[str, str]:
        return {org: code for code, org in self.org_units.items()}


def options_of(known: cuts.Declared) -> list[str]:
    """'' and every combination of the declared options (one option of each of any of the dimensions)."""
    choices = [[None, *known.codes(d.code)] for d in known.dimensions]
    out = []
    for combo in itertools.product(*choices):
        pairs = {d.code: o for d, o in zip(known.dimensions, combo, strict=True) if o is not None}
        out.append(cuts.canonical(pairs))
    return out


def table() -> Table:
    """The mapping in force, in six queries whatever the size of the framework."""
    indicators = list(Indicator.objects.order_by("code").only("code", "by_sex"))
    parts: dict[int, list[str]] = {}
    for indicator_id, kind in IndicatorPart.objects.values_list("indicator_id", "kind").order_by("kind"):
        parts.setdefault(indicator_id, []).append(kind)
    declared = cuts.declared_many(indicators)
    targets: dict[Key, tuple[str, str]] = {}
    for indicator in indicators:
        options = options_of(declared[indicator.pk])
        for part in parts.get(indicator.pk, ()):
            for sex in sexes_of(indicator):
                for option in options:
                    targets[(indicator.code, part, sex, option)] = default_target(
                        indicator.code, part, sex, option
                    )
    stored = set()
    for row in Dhis2Mapping.objects.select_related("indicator").only(
        "indicator__code", "part", "sex", "option", "data_element", "category_option_combo"
    ):
        key = (row.indicator.code, row.part, row.sex, row.option)
        targets[key] = (row.data_element, row.category_option_combo)
        stored.add(key)
    org_units = {
        code: uid("ou", code) for code in AdminUnit.objects.values_list("code", flat=True).distinct()
    }
    stored_units = set()
    for code, org_unit in Dhis2OrgUnit.objects.values_list("unit_code", "org_unit"):
        org_units[code] = org_unit
        stored_units.add(code)
    return Table(targets, stored, org_units, stored_units)


def _target(mapping: Table, indicator: str, part: str, sex: str, option: str) -> tuple[str, str]:
    # a value whose key the framework no longer declares (an option removed since) still has its default
    return mapping.targets.get((indicator, part, sex, option)) or default_target(indicator, part, sex, option)


def _plain(value: Decimal) -> str:
    return f"{round(value, 6).normalize():f}"


def data_value_set(unit: AdminUnit, year: int, mapping: Table | None = None) -> dict:
    """The accepted values of ``unit`` and the units below it for ``year`` as a DHIS2 data value set."""
    mapping = mapping or table()
    values = []
    for v in accepted_values(unit=unit, year=year):
        element, combo = _target(mapping, v.series.indicator.code, v.part, v.sex, v.option)
        values.append(
            {
                "dataElement": element,
                "period": str(year),
                "orgUnit": mapping.org_units.get(v.unit.code) or uid("ou", v.unit.code),
                "categoryOptionCombo": combo,
                "attributeOptionCombo": DEFAULT_COMBO,
                "value": _plain(v.value),
                "comment": v.comment,
            }
        )
    return {"dataSet": DATA_SET, "period": str(year), "dataValues": values}


def data_value_set_json(unit: AdminUnit, year: int) -> bytes:
    return json.dumps(data_value_set(unit, year), ensure_ascii=False, indent=1).encode()


def adx(unit: AdminUnit, year: int, mapping: Table | None = None) -> bytes:
    """The same values as ADX: one ``group`` per unit, the year as ``YYYY-01-01/P1Y``; each ``dataValue`` names
    its data element and category option combo, and its disaggregation as attributes as the ADX profile has them
    (``SEX`` F, M or _T, and one attribute per disaggregation in capitals: ``AREA="urban"``)."""
    from lxml import etree

    mapping = mapping or table()
    root = etree.Element(
        f"{{{ADX_NS}}}adx",
        nsmap={None: ADX_NS},
        exported=datetime.now(UTC).replace(microsecond=0).isoformat(),
    )
    groups: dict[str, etree._Element] = {}
    from interchange.sdmx import SEX_CODES

    for v in accepted_values(unit=unit, year=year):
        group = groups.get(v.unit.code)
        if group is None:
            group = groups[v.unit.code] = etree.SubElement(
                root,
                f"{{{ADX_NS}}}group",
                orgUnit=mapping.org_units.get(v.unit.code) or uid("ou", v.unit.code),
                period=f"{year}-01-01/P1Y",
                dataSet=DATA_SET,
            )
        element, combo = _target(mapping, v.series.indicator.code, v.part, v.sex, v.option)
        attributes = {
            "dataElement": element,
            "categoryOptionCombo": combo,
            "SEX": SEX_CODES[Sex(v.sex)],
            **{dimension.upper(): option for dimension, option in cuts.parse(v.option).items()},
            "value": _plain(v.value),
        }
        node = etree.SubElement(group, f"{{{ADX_NS}}}dataValue", attributes)
        if v.comment:
            etree.SubElement(node, f"{{{ADX_NS}}}annotation").text = v.comment
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- reading -------------------------------------------------------------------------------------------------------


def _refused(errors: list[tuple[int, str, str]]):
    from datavalues.services import ImportRefused

    return ImportRefused(errors)


def _row(
    mapping_keys: dict[tuple[str, str], Key],
    units: dict[str, str],
    line: int,
    element: str,
    combo: str,
    org_unit: str,
    year: str,
    value: str,
    errors: list[tuple[int, str, str]],
) -> dict[str, str] | None:
    key = mapping_keys.get((element, combo or DEFAULT_COMBO))
    if key is None:
        known = any(e == element for e, _c in mapping_keys)
        errors.append(
            (
                line,
                "categoryOptionCombo" if known else "dataElement",
                _(
                    "Data value %(line)s: the category option combo “%(combo)s” of data element %(element)s is not in the DHIS2 mapping."
                )
                % {"line": line, "combo": quoted(combo), "element": quoted(element)}
                if known
                else _("Data value %(line)s: the data element “%(element)s” is not in the DHIS2 mapping.")
                % {"line": line, "element": quoted(element)},
            )
        )
    code = units.get(org_unit)
    if code is None:
        errors.append(
            (
                line,
                "orgUnit",
                _("Data value %(line)s: the organisation unit “%(org)s” is not in the DHIS2 mapping.")
                % {"line": line, "org": quoted(org_unit)},
            )
        )
    if key is None or code is None:
        return None
    indicator, part, sex, option = key
    return {
        "indicator": indicator,
        "part": part,
        "unit": code,
        "year": year,
        "sex": sex,
        "value": value,
        "disaggregation": option,
    }


def _year(period: str) -> str | None:
    """'2026' (DHIS2's yearly period) or '2026-01-01/P1Y' (ADX) as the year; None for any other period."""
    if len(period) == 4 and period.isdigit():
        return period
    if len(period) == 14 and period.endswith("-01-01/P1Y") and period[:4].isdigit():
        return period[:4]
    return None


def rows_from_json(data: bytes, mapping: Table | None = None) -> list[tuple[int, dict[str, str]]]:
    """The exchange rows of a data value set; every error of the file at once (``ImportRefused``)."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _refused([(0, "", _("The file is not a JSON data value set in UTF-8."))]) from exc
    if not isinstance(document, dict) or not isinstance(document.get("dataValues"), list):
        raise _refused(
            [(0, "dataValues", _("The file has no list “dataValues”: it is not a DHIS2 data value set."))]
        )
    return _read(
        (
            (
                position,
                item if isinstance(item, dict) else {},
            )
            for position, item in enumerate(document["dataValues"], start=1)
        ),
        mapping,
        lambda item: (
            str(item.get("dataElement", "")),
            str(item.get("categoryOptionCombo", "") or ""),
            str(item.get("orgUnit", "")),
            str(item.get("period", "")),
            str(item.get("value", "")),
        ),
        top_period=str(document.get("period", "")),
        top_unit=str(document.get("orgUnit", "")),
    )


def rows_from_adx(data: bytes, mapping: Table | None = None) -> list[tuple[int, dict[str, str]]]:
    """The exchange rows of an ADX message, checked first against the ADX schema (``schemas/adx.xsd``)."""
    from lxml import etree

    try:
        tree = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 0
        raise _refused(
            [(line, "", _("The file is not well-formed XML: line %(line)s is broken.") % {"line": line})]
        ) from exc
    schema = adx_schema()
    if not schema.validate(tree):
        raise _refused([_schema_error(e) for e in list(schema.error_log)[:50]])
    mapping = mapping or table()
    by_element: dict[str, set[tuple[str, str]]] = {}
    for indicator, part, _sex, _option in mapping.targets:
        by_element.setdefault(mapping.targets[(indicator, part, _sex, _option)][0], set()).add(
            (indicator, part)
        )
    from interchange.sdmx import SEX_FROM

    items = []
    for group in tree.iterfind(f"{{{ADX_NS}}}group"):
        for node in group.iterfind(f"{{{ADX_NS}}}dataValue"):
            element = node.get("dataElement", "")
            combo = node.get("categoryOptionCombo", "")
            owners = by_element.get(element, set())
            if not combo and len(owners) == 1:
                # no combo named: the disaggregation is given by the attributes, as the ADX profile has it
                indicator, part = next(iter(owners))
                sex = SEX_FROM.get(node.get("SEX", "_T"), node.get("SEX", ""))
                pairs = {
                    name.lower(): text
                    for name, text in node.attrib.items()
                    if name.isupper() and name != "SEX" and text not in ("", "_T")
                }
                target = mapping.targets.get((indicator, part, str(sex), cuts.canonical(pairs)))
                combo = target[1] if target else "?"
            items.append(
                (
                    node.sourceline or 0,
                    {
                        "dataElement": element,
                        "categoryOptionCombo": combo,
                        "orgUnit": group.get("orgUnit", ""),
                        "period": group.get("period", ""),
                        "value": node.get("value", ""),
                    },
                )
            )
    return _read(
        iter(items),
        mapping,
        lambda item: (
            item["dataElement"],
            item["categoryOptionCombo"],
            item["orgUnit"],
            item["period"],
            item["value"],
        ),
    )


SCHEMA_ERROR = re.compile(
    r"Element '(?:\{[^}]*\})?(?P<element>[\w.-]+)'(?:, attribute '(?P<attribute>[\w.-]+)')?"
)


def _schema_error(error) -> tuple[int, str, str]:
    """A schema error in Vietnamese: the line, the element and the attribute (lxml's own text is English)."""
    found = SCHEMA_ERROR.search(error.message or "")
    element = found.group("element") if found else "adx"
    attribute = (found.group("attribute") if found else "") or ""
    if attribute:
        message = _(
            "Line %(line)s: the attribute “%(attribute)s” of “%(element)s” is missing or wrong for ADX."
        )
    else:
        message = _("Line %(line)s: the element “%(element)s” is not as ADX defines it.")
    return (
        error.line,
        attribute,
        message % {"line": error.line, "attribute": attribute, "element": element},
    )


def adx_schema():
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(SCHEMAS / "adx.xsd")))


def _read(
    items: Iterator[tuple[int, dict]],
    mapping: Table | None,
    fields,
    *,
    top_period: str = "",
    top_unit: str = "",
) -> list[tuple[int, dict[str, str]]]:
    mapping = mapping or table()
    keys, units = mapping.key_of(), mapping.unit_of()
    errors: list[tuple[int, str, str]] = []
    rows = []
    for line, item in items:
        element, combo, org_unit, period, value = fields(item)
        period = period or top_period
        org_unit = org_unit or top_unit
        year = _year(period)
        if year is None:
            errors.append(
                (
                    line,
                    "period",
                    _("Data value %(line)s: the period “%(period)s” is not a year (2026 or 2026-01-01/P1Y).")
                    % {"line": line, "period": quoted(period)},
                )
            )
            continue
        row = _row(keys, units, line, element, combo, org_unit, year, value, errors)
        if row is not None:
            rows.append((line, row))
    if errors:
        raise _refused(errors)
    return rows


def mapping_rows(mapping: Table | None = None) -> Iterable[list[str]]:
    """The mapping in force as the upload's rows (indicator, part, sex, disaggregation, data element, category
    option combo, whether the ministry set it)."""
    mapping = mapping or table()
    for (indicator, part, sex, option), (element, combo) in sorted(mapping.targets.items()):
        yield [indicator, part, sex, option, element, combo]
