"""The pre-filled Excel template of a province (or one of its agencies) for a year.

Its first sheet has the exchange columns, so the filled file is imported like any exchange file. Only the value,
source and as_of cells are unlocked (the sheet is protected, without a password: it guards against slips); the
value cells accept only non-negative numbers; last year's value stands beside each row for reference. Below each
part and sex come the indicator's declared disaggregations (``indicators.cuts``), one row each with its
``disaggregation`` cell filled in (locked) and named in words beside it. Written by
``lib.exporters`` through its hooks for input templates: unlocked cells, a check on a column, protection."""

from datavalues.models import DataValue
from datavalues.selectors import assignments_of, province_parts, sexes_of
from datavalues.services import COLUMNS, OPTIONAL
from indicators import cuts
from lib.exporters import Cell, Exporter, Sheet, Validation, render_xlsx
from lib.numbers import format_number

REFERENCE = ("indicator_name", "part_name", "last_year", "status")
HEADER_FILL = "DDE3EA"
INPUT_FILL = "FFF7D6"


class EntryTemplate(Exporter):
    def __init__(self, *, province, year: int, agency=None):
        self.province, self.year, self.agency = province, year, agency
        suffix = f"-{agency.kind.code}" if agency else ""
        self.file_name = f"so-lieu-bdg-{province.code}{suffix}-{year}"

    def sheets(self):
        yield Sheet(
            name="So lieu",
            headers=[*COLUMNS, *OPTIONAL, *REFERENCE],
            rows=list(self.rows()),
            widths=[9, 12, 7, 6, 7, 14, 24, 12, 22, 60, 50, 12, 18],
            wrap=[10, 11],
            header_fill=HEADER_FILL,
            comments={"value": "Nhập số, dấu phẩy thập phân hoặc dấu chấm; không âm."},
            validations=[Validation(6, error_title="Giá trị không hợp lệ", error="Nhập một số không âm.")],
            protect=True,
        )

    def rows(self):
        province, year, agency = self.province, self.year, self.agency
        assigned = assignments_of(province)
        parts = [
            p
            for p in province_parts(province)
            if agency is None or (assigned.get(p.pk) and assigned[p.pk].pk == agency.pk)
        ]
        stored = {
            (v.series.indicator_id, v.part, v.year, v.sex, v.option): v
            for v in DataValue.objects.filter(
                unit=province, year__in=[year, year - 1], series__is_primary=True
            ).select_related("series")
        }
        declared = cuts.declared_many({p.indicator for p in parts})
        names = cuts.option_names()
        for part in parts:
            options = ["", *declared[part.indicator_id].rows()]
            for sex in sexes_of(part.indicator):
                for option in options:
                    current = stored.get((part.indicator_id, part.kind, year, sex, option))
                    last = stored.get((part.indicator_id, part.kind, year - 1, sex, option))
                    yield [
                        part.indicator.code,
                        part.kind,
                        province.code,
                        year,
                        sex,
                        _input(current.value if current else None),
                        _input(current.source if current else ""),
                        _input(current.as_of.isoformat() if current and current.as_of else ""),
                        option,
                        part.indicator.name_vi,
                        f"{part.name_vi} — {cuts.label(option, names)}" if option else part.name_vi,
                        format_number(last.value) if last else "",
                        current.get_status_display() if current else "",
                    ]


def _input(value) -> Cell:
    return Cell(value, fill=INPUT_FILL, unlocked=True)


def entry_template(*, province, year: int, agency=None) -> bytes:
    return render_xlsx(EntryTemplate(province=province, year=year, agency=agency))
