"""The published figures as CSV and XLSX, with column names in the page's language (Vietnamese or English).

Rows come from ``portal.selectors.download_figures`` (figures of publications in force, nothing else). Numbers
are machine numbers: a dot before decimals in the CSV, real numbers in the workbook. The CSV is UTF-8 with a byte
order mark so that Excel shows Vietnamese letters; text that a spreadsheet would take for a formula is made inert
(a leading apostrophe in the CSV, a text cell in the workbook, see ``lib.xlsx``)."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from datavalues.models import Sex
from indicators import cuts
from lib.exporters import DECIMAL, Cell, Exporter, Sheet, render_csv, render_xlsx
from portal.models import Publication
from portal.selectors import FigureRow


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
        _("Disaggregation code"),
        _("Disaggregation"),
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
    options = {f.option for f in figures if f.option}
    names = cuts.option_names(pair for option in options for pair in cuts.parse(option).items())
    labels = {option: cuts.label(option, names) for option in options}
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
            f.option,
            labels.get(f.option, ""),
        ]


class FiguresExport(Exporter):
    """The published figures: one sheet of figures (the CSV's one table), and in the workbook a second sheet about
    the data and the publications it comes from."""

    file_name = "so-lieu-binh-dang-gioi"

    def __init__(self, figures: list[FigureRow], publications: list[Publication] | None = None):
        self.figures, self.publications = figures, publications

    def sheets(self):
        yield Sheet(
            name=_("Figures"),
            headers=_columns(),
            rows=_rows(self.figures),
            formats=dict.fromkeys((8, 9, 10), DECIMAL),  # value, numerator, denominator: Decimal or empty
            widths=[10, 60, 14, 9, 28, 7, 9, 12, 14, 14, 12, 13, 18, 36],
            wrap=[2],
            autofilter=True,
        )
        if self.publications is None:  # the CSV: the figures alone
            return
        lines = [
            _("Published by the Ministry of Home Affairs from the figures it accepted from the provinces."),
            _(
                "Each value is computed from the summed numerator and denominator (never an average of ratios); "
                "figures before 2025 are shown for today's provinces, summing the former provinces merged into "
                "them."
            ),
            _("Downloaded on %(day)s.") % {"day": timezone.localdate().strftime("%d/%m/%Y")},
        ]
        yield Sheet(
            name=_("About the data"),
            title=[
                Cell(_("Published figures of the National Strategy on Gender Equality 2021-2030"), bold=True),
                *lines,
            ],
            headers=[_("Year"), _("Published on"), _("Note")],
            rows=([p.year, _naive(p.published_at), p.note] for p in self.publications),
            widths=[8, 14, 90],
            wrap=[3],
            freeze=False,
        )


def figures_csv(figures: list[FigureRow]) -> bytes:
    return render_csv(FiguresExport(figures))


def figures_xlsx(figures: list[FigureRow], publications: list[Publication]) -> bytes:
    return render_xlsx(FiguresExport(figures, publications))


def _naive(moment: datetime) -> datetime:
    return timezone.localtime(moment).replace(tzinfo=None)
