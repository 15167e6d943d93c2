from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from lib.numbers import format_number
from units.selectors import UnitNotFound, unit_for_year

KINDS = ("annual", "midterm", "final", "plan")
FORMATS = ("docx", "pdf", "xlsx")


class Command(BaseCommand):
    help = (
        "Write a province's document to a file: --kind plan renders the plan in force for the year (the annual "
        "plan, else the five-year plan covering it) as an official DOCX, a PDF (needs LibreOffice) or an Excel "
        "workbook. Annual, mid-term and final reports come later."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="Province code, e.g. 80 (resolved for the year).")
        parser.add_argument("--year", required=True, type=int, help="The year, e.g. 2026.")
        parser.add_argument("--kind", required=True, choices=KINDS)
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument("--output", required=True, help="File to write.")

    def handle(self, *args, unit, year, kind, fmt, output, **options):
        from plans.documents import plan_docx, plan_pdf
        from plans.selectors import plan_for_year
        from plans.xlsx import plan_xlsx

        with translation.override("vi"):
            if kind != "plan":
                raise CommandError(
                    f"Loại tài liệu “{kind}” chưa có; hiện chỉ xuất được kế hoạch (--kind plan)."
                )
            try:
                province = unit_for_year(code=unit, year=year)
            except UnitNotFound as exc:
                raise CommandError(f"Không có đơn vị mã {unit} trong năm {year}.") from exc
            while province.merged_into_id:  # plans belong to today's provinces
                province = province.merged_into
            plan = plan_for_year(province=province, year=year)
            if plan is None:
                raise CommandError(f"{province.name} chưa có kế hoạch cho năm {year}.")
            render = {"docx": plan_docx, "pdf": plan_pdf, "xlsx": plan_xlsx}[fmt]
            try:
                data = render(plan)
            except RuntimeError as exc:  # no LibreOffice for a PDF
                raise CommandError(str(exc)) from exc
            Path(output).write_bytes(data)
            self.stdout.write(
                f"Đã ghi {output}: {plan.title} (phiên bản {plan.version}), {format_number(len(data))} byte."
            )
