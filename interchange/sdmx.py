"""SDMX: the framework as a data structure definition (DSD) and the accepted values of a year as SDMX-CSV 2.0.

The DSD is built from the database each time, so that an indicator, a unit or a disaggregation option the ministry
adds is in the next file. Its dimensions, in this order:

- ``INDICATOR``: the framework's indicators (``CL_INDICATOR``; an indicator code's dot becomes ``_``, because an
  SDMX identifier has none: ``M1.1`` is ``M1_1``, named ``M1.1 ...``);
- ``REF_AREA``: the administrative units' codes (``CL_REF_AREA``; ``VN`` the nation);
- ``SEX``: SDMX's cross-domain codes ``_T`` total, ``F`` female, ``M`` male (``CL_SEX``);
- ``PART``: ``NUMERATOR``, ``DENOMINATOR`` and ``VALUE`` are the parts stored and accepted (a single value is
  ``VALUE``); ``IND`` is the indicator's value computed from them (factor × numerator / denominator, or the single
  value) as ``datavalues.selectors.Rolled`` computes it, for a reader that wants the figure rather than its parts.
  An import reads the parts and leaves ``IND`` aside: an indicator's value is never stored (ADR 4);
- one dimension per disaggregation of ``indicators.Dimension`` (its code in capitals: ``AREA``, ``AGE``,
  ``ETHNICITY``...), with the options' codes and ``_T`` for the total over it (``CL_AREA``...);
- ``TIME_PERIOD``: the year.

The measure is ``OBS_VALUE``; ``UNIT_MEASURE`` (the indicator's unit of measure as written in the framework) is an
uncoded attribute of the observation. The agency is ``VN_MOHA`` (the Ministry of Home Affairs), the dataflow
``DF_GENDER_EQUALITY`` version 1.0.

The CSV is written by the house CSV writer (``lib.exporters``): the library's SDMX-CSV writer goes through pandas
and floats, and would change the decimals of a figure. The library (``sdmx1``) writes the DSD as an SDMX-ML 2.1
structure message, and reads both files back (the tests validate every export that way)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from datavalues.models import DataValue, Sex
from datavalues.selectors import Rolled
from indicators.models import Dimension, Indicator, PartKind
from interchange.selectors import accepted_values
from lib.errors import quoted
from lib.exporters import ListExporter
from units.models import AdminUnit, UnitName

AGENCY = "VN_MOHA"
DSD_ID = "DSD_GENDER_EQUALITY"
DATAFLOW_ID = "DF_GENDER_EQUALITY"
VERSION = "1.0"
STRUCTURE_ID = f"{AGENCY}:{DATAFLOW_ID}({VERSION})"
TOTAL = "_T"
COMPUTED = "IND"

SEX_CODES = {Sex.TOTAL: TOTAL, Sex.FEMALE: "F", Sex.MALE: "M"}
SEX_FROM = {code: sex for sex, code in SEX_CODES.items()}
PART_CODES = {PartKind.NUMERATOR: "NUMERATOR", PartKind.DENOMINATOR: "DENOMINATOR", PartKind.VALUE: "VALUE"}
PART_FROM = {code: part for part, code in PART_CODES.items()}

FIXED_BEFORE = ("INDICATOR", "REF_AREA", "SEX", "PART")
HEAD = ("STRUCTURE", "STRUCTURE_ID", "ACTION")
NOT_AN_ID = re.compile(r"[^A-Za-z0-9_@$\-]")


def sdmx_id(code: str) -> str:
    """An SDMX identifier for one of the framework's codes (letters, digits, ``_``, ``@``, ``$`` and ``-``)."""
    return NOT_AN_ID.sub("_", code)


@dataclass(frozen=True)
class Codelist:
    id: str
    name_en: str
    name_vi: str
    codes: tuple[tuple[str, str, str], ...]  # (id, English name, Vietnamese name)


@dataclass(frozen=True)
class Structure:
    """The DSD as read from the database: the dimensions in order with their codelists, and the dimension codes of
    the framework's disaggregations (``area``...) by their SDMX identifier (``AREA``)."""

    dimensions: tuple[tuple[str, Codelist], ...]  # TIME_PERIOD is not among them: it has no codelist
    disaggregations: dict[str, str]  # AREA -> area
    indicators: dict[str, str]  # M1_1 -> M1.1

    @property
    def columns(self) -> list[str]:
        return [*HEAD, *(d for d, _cl in self.dimensions), "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE"]


def structure() -> Structure:
    """The DSD of the framework as it is now, in four queries whatever the number of units and indicators."""
    indicators = list(Indicator.objects.order_by("order", "code").only("code", "name_vi", "name_en"))
    names: dict[str, str] = {}
    for code, name in UnitName.objects.order_by("unit__code", "unit__valid_from", "valid_from").values_list(
        "unit__code", "name"
    ):
        names[code] = name  # the latest name a code has had
    for code in AdminUnit.objects.values_list("code", flat=True):
        names.setdefault(code, code)
    dims = list(Dimension.objects.prefetch_related("options").order_by("code"))
    lists: list[tuple[str, Codelist]] = [
        (
            "INDICATOR",
            Codelist(
                "CL_INDICATOR",
                "Indicators of the National Strategy on Gender Equality 2021-2030",
                "Chỉ tiêu Chiến lược quốc gia về bình đẳng giới 2021-2030",
                tuple(
                    (sdmx_id(i.code), f"{i.code} {i.name_en or i.name_vi}", f"{i.code} {i.name_vi}")
                    for i in indicators
                ),
            ),
        ),
        (
            "REF_AREA",
            Codelist(
                "CL_REF_AREA",
                "Administrative units of Viet Nam",
                "Đơn vị hành chính",
                tuple((code, name, name) for code, name in sorted(names.items())),
            ),
        ),
        (
            "SEX",
            Codelist(
                "CL_SEX",
                "Sex",
                "Giới tính",
                ((TOTAL, "Total", "Tổng số"), ("F", "Female", "Nữ"), ("M", "Male", "Nam")),
            ),
        ),
        (
            "PART",
            Codelist(
                "CL_PART",
                "Part of the indicator",
                "Thành phần của chỉ tiêu",
                (
                    (COMPUTED, "Indicator value", "Giá trị chỉ tiêu"),
                    ("NUMERATOR", "Numerator", "Tử số"),
                    ("DENOMINATOR", "Denominator", "Mẫu số"),
                    ("VALUE", "Single value", "Giá trị đơn"),
                ),
            ),
        ),
    ]
    disaggregations = {}
    for dim in dims:
        ident = sdmx_id(dim.code).upper()
        disaggregations[ident] = dim.code
        lists.append(
            (
                ident,
                Codelist(
                    f"CL_{ident}",
                    dim.name_en,
                    dim.name_vi,
                    (
                        (TOTAL, "Total", "Tổng số"),
                        *((o.code, o.name_en, o.name_vi) for o in dim.options.all()),
                    ),
                ),
            )
        )
    return Structure(tuple(lists), disaggregations, {sdmx_id(i.code): i.code for i in indicators})


class SdmxCsvExport(ListExporter):
    """The accepted values of ``unit`` (and the units below it) for ``year`` as SDMX-CSV 2.0: one observation a
    line, each part stored and, where they allow it, the indicator's computed value (``PART`` ``IND``)."""

    sheet_name = "sdmx"

    def __init__(self, unit: AdminUnit, year: int, dsd: Structure | None = None):
        self.unit, self.year = unit, year
        self.dsd = dsd or structure()
        self.file_name = f"sdmx-{unit.code}-{year}"

    def headers(self) -> list[str]:
        return self.dsd.columns

    def rows(self) -> Iterator[list]:
        cuts = list(self.dsd.disaggregations.items())
        group: list[DataValue] = []
        for value in accepted_values(unit=self.unit, year=self.year):
            if group and _group_key(group[0]) != _group_key(value):
                yield from self._group(group, cuts)
                group = []
            group.append(value)
        if group:
            yield from self._group(group, cuts)

    def _group(self, values: list[DataValue], cuts: list[tuple[str, str]]) -> Iterator[list]:
        """The values of one indicator, unit and option (every part and sex), and the indicator's value computed
        from them per sex."""
        first = values[0]
        indicator = first.series.indicator
        from indicators.cuts import parse

        options = parse(first.option)
        cut_cells = [options.get(code, TOTAL) for _ident, code in cuts]
        parts = {(v.part, v.sex): v.value for v in values}
        rolled = Rolled(indicator, first.unit, self.year, parts)
        for sex in (Sex.TOTAL, Sex.FEMALE, Sex.MALE):
            computed = rolled.value(sex) if any(s == sex for _p, s in parts) else None
            if computed is not None:
                yield self._line(indicator, first.unit.code, sex, COMPUTED, cut_cells, computed)
        for v in values:
            yield self._line(indicator, v.unit.code, v.sex, PART_CODES[PartKind(v.part)], cut_cells, v.value)

    def _line(self, indicator: Indicator, unit: str, sex: str, part: str, cuts: list[str], value: Decimal):
        return [
            "dataflow",
            STRUCTURE_ID,
            "I",
            sdmx_id(indicator.code),
            unit,
            SEX_CODES[Sex(sex)],
            part,
            *cuts,
            str(self.year),
            _plain(value),
            indicator.unit_label,
        ]


def _group_key(v: DataValue) -> tuple[int, int, str]:
    return (v.series.indicator_id, v.unit_id, v.option)


def _plain(value: Decimal) -> Decimal:
    """At most six decimals (the stored precision), trailing zeros dropped."""
    return round(value, 6).normalize()


# --- reading -------------------------------------------------------------------------------------------------------


def exchange_rows(data: bytes, dsd: Structure | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, exchange row) pairs from an SDMX-CSV 2.0 file of this DSD: the parts, as the exchange file names them
    (``indicator, part, unit, year, sex, value`` and ``disaggregation``, canonical); the computed indicator values
    (``PART`` ``IND``) are left aside. Raises ``datavalues.services.ImportRefused`` naming the line and column of
    a code the DSD does not have."""
    from datavalues.services import ImportRefused
    from indicators.cuts import canonical

    dsd = dsd or structure()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused([(0, "", _("The file is not a CSV file in UTF-8."))]) from exc
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or header[:2] != ["STRUCTURE", "STRUCTURE_ID"]:
        raise ImportRefused(
            [
                (
                    1,
                    "",
                    _("The file is not SDMX-CSV 2.0: its first columns must be STRUCTURE and STRUCTURE_ID."),
                )
            ]
        )
    missing = [c for c in (*FIXED_BEFORE, "TIME_PERIOD", "OBS_VALUE") if c not in header]
    if missing:
        raise ImportRefused([(1, c, _("The column “%(c)s” is missing.") % {"c": c}) for c in missing])
    at = {name: i for i, name in enumerate(header)}
    cuts = [(ident, code) for ident, code in dsd.disaggregations.items() if ident in at]
    errors: list[tuple[int, str, str]] = []
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        cell = {name: (cells[i].strip() if i < len(cells) else "") for name, i in at.items()}
        if cell["STRUCTURE_ID"] != STRUCTURE_ID:
            errors.append(
                (
                    line,
                    "STRUCTURE_ID",
                    _("Line %(line)s is of the structure “%(found)s”, not %(wanted)s.")
                    % {"line": line, "found": quoted(cell["STRUCTURE_ID"]), "wanted": STRUCTURE_ID},
                )
            )
            continue
        if cell["PART"] == COMPUTED:
            continue
        indicator = dsd.indicators.get(cell["INDICATOR"], cell["INDICATOR"])
        part = PART_FROM.get(cell["PART"])
        sex = SEX_FROM.get(cell["SEX"])
        for column, found in (("PART", part), ("SEX", sex)):
            if found is None:
                errors.append(
                    (
                        line,
                        column,
                        _("Line %(line)s: “%(code)s” is not a code of %(column)s.")
                        % {"line": line, "code": quoted(cell[column]), "column": column},
                    )
                )
        options = {code: cell[ident] for ident, code in cuts if cell[ident] not in ("", TOTAL)}
        yield (
            line,
            {
                "indicator": indicator,
                "part": str(part or cell["PART"]),
                "unit": cell["REF_AREA"],
                "year": cell["TIME_PERIOD"],
                "sex": str(sex or cell["SEX"]),
                "value": cell["OBS_VALUE"],
                "disaggregation": canonical(options),
            },
        )
    if errors:
        raise ImportRefused(errors)


def structure_xml(dsd: Structure | None = None) -> bytes:
    """The DSD, its codelists and the dataflow as an SDMX-ML 2.1 structure message, written by ``sdmx1``."""
    import sdmx
    from sdmx.message import StructureMessage
    from sdmx.model import common, v21

    dsd = dsd or structure()
    agency = common.Agency(id=AGENCY, name={"en": "Ministry of Home Affairs of Viet Nam", "vi": "Bộ Nội vụ"})
    message = StructureMessage()
    definition = v21.DataStructureDefinition(
        id=DSD_ID,
        maintainer=agency,
        version=VERSION,
        is_final=True,
        name={"en": "Gender equality 2021-2030", "vi": "Bình đẳng giới 2021-2030"},
    )
    for order, (ident, cl) in enumerate(dsd.dimensions):
        codelist = common.Codelist(
            id=cl.id,
            maintainer=agency,
            version=VERSION,
            is_final=True,
            name={"en": cl.name_en, "vi": cl.name_vi},
        )
        for code, name_en, name_vi in cl.codes:
            codelist.append(common.Code(id=code, name={"en": name_en or code, "vi": name_vi or code}))
        message.add(codelist)
        definition.dimensions.append(
            v21.Dimension(
                id=ident, order=order, local_representation=common.Representation(enumerated=codelist)
            )
        )
    definition.dimensions.append(v21.TimeDimension(id="TIME_PERIOD", order=len(dsd.dimensions)))
    definition.measures.append(v21.PrimaryMeasure(id="OBS_VALUE"))
    definition.attributes.append(
        v21.DataAttribute(id="UNIT_MEASURE", related_to=v21.PrimaryMeasureRelationship())
    )
    message.add(definition)
    message.add(
        v21.DataflowDefinition(
            id=DATAFLOW_ID,
            maintainer=agency,
            version=VERSION,
            is_final=True,
            structure=definition,
            name={"en": "Gender equality 2021-2030", "vi": "Bình đẳng giới 2021-2030"},
        )
    )
    return sdmx.to_xml(message, pretty_print=True)
