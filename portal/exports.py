"""The published figures as CSV and XLSX, with column names in the page's language (Vietnamese or English).

Rows come from ``portal.selectors.download_figures`` (figures of publications in force, nothing else). Numbers
are machine numbers: a dot before decimals in the CSV, real numbers in the workbook. The CSV is UTF-8 with a byte
order mark so that Excel shows Vietnamese letters; text that a spreadsheet would take for a formula is made inert
(a leading apostrophe in the CSV, a text cell in the workbook, see ``lib.xlsx``)."""

import csv
import io
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment

from datavalues.models import Sex
from lib.xlsx import HEADER_FONT, header, inert_text, put, to_bytes
from portal.models import Publication
from portal.selectors import FigureRow

NUMBER = "#,##0.######"
DATE = "DD/MM/YYYY"
WRAP = Alignment(wrap_text=True, vertical="top")


def _columns() -> list[str]:
    return [
        _("Indicator code"),
        _("Indicator"),
        _("Unit of measure"),
        _("Unit code"),
        _("Administrative unit"),
        _("Year"),
        _("Sex"),
        _("Value"),
        _("Numerator"),
        _("Denominator"),
        _("Provinces in the national figure"),
        _("Published on"),
    ]


def unit_of_measure(indicator) -> str:
    if (get_language() or "vi").startswith("vi"):
        from plans.documents import UNITS_VI

        return UNITS_VI.get(indicator.unit_label, indicator.unit_label)
    return indicator.unit_label


def _rows(figures: list[FigureRow]):
    """Each figure as a row of cells; what rows share (indicator, unit, publication, sex) is worked out once."""
    indicators: dict[int, list] = {}
    units: dict[int, list] = {}
    days: dict[int, object] = {}
    sexes = {code: str(label) for code, label in Sex.choices}
    for f in figures:
        indicator = indicators.get(f.indicator.pk)
        if indicator is None:
            indicator = indicators[f.indicator.pk] = [
                f.indicator.code,
                f.indicator.name,
                unit_of_measure(f.indicator),
            ]
        unit = units.get(f.unit.pk)
        if unit is None:
            unit = units[f.unit.pk] = [f.unit.code, f.unit.name]
        day = days.get(f.publication.pk)
        if day is None:
            day = days[f.publication.pk] = timezone.localtime(f.publication.published_at).date()
        yield [
            *indicator,
            *unit,
            f.year,
            sexes[f.sex],
            f.value,
            f.numerator,
            f.denominator,
            f.provinces,
            day,
        ]


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, str):
        return inert_text(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def figures_csv(figures: list[FigureRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_columns())
    for row in _rows(figures):
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def figures_xlsx(figures: list[FigureRow], publications: list[Publication]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Figures")[:31]
    header(ws, _columns(), widths=[10, 60, 14, 9, 28, 7, 9, 12, 14, 14, 12, 13])
    for r, row in enumerate(_rows(figures), start=2):
        for c, value in enumerate(row, start=1):
            cell = put(ws, r, c, value)
            if isinstance(value, Decimal):
                cell.number_format = NUMBER
            elif c == 2:
                cell.alignment = WRAP
            elif c == 12:
                cell.number_format = DATE

    notes = wb.create_sheet(_("About the data")[:31])
    put(
        notes, 1, 1, _("Published figures of the National Strategy on Gender Equality 2021-2030")
    ).font = HEADER_FONT
    lines = [
        _("Published by the Ministry of Home Affairs from the figures it accepted from the provinces."),
        _(
            "Each value is computed from the summed numerator and denominator (never an average of ratios); "
            "figures before 2025 are shown for today's provinces, summing the former provinces merged into them."
        ),
        _("Downloaded on %(day)s.") % {"day": timezone.localdate().strftime("%d/%m/%Y")},
    ]
    for i, line in enumerate(lines, start=2):
        put(notes, i, 1, line)
    header(notes, [_("Year"), _("Published on"), _("Note")], widths=[8, 14, 90], row=len(lines) + 3)
    for r, publication in enumerate(publications, start=len(lines) + 4):
        put(notes, r, 1, publication.year)
        put(notes, r, 2, _naive(publication.published_at)).number_format = DATE
        put(notes, r, 3, publication.note).alignment = WRAP
    notes.freeze_panes = None
    return to_bytes(wb)


def _naive(moment: datetime) -> datetime:
    return timezone.localtime(moment).replace(tzinfo=None)
