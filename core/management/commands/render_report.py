from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from lib.errors import DomainError
from lib.numbers import format_number
from units.selectors import UnitNotFound, nation, unit_for_year

KINDS = ("annual", "midterm", "final", "plan")
FORMATS = ("docx", "pdf", "xlsx")


class Command(BaseCommand):
    help = (
        "Write a document to a file, the same one the web page offers. --kind plan: the province's plan in force "
        "for the year. --kind annual|midterm|final: the province's report drawn from the data as it is now "
        "(midterm reports on 2025, final on 2030); --unit VN gives the ministry's national consolidation. "
        "Formats: an official DOCX, a PDF (needs LibreOffice) or an Excel workbook."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--unit", required=True, help="Province code, e.g. 80 (resolved for the year), or VN."
        )
        parser.add_argument("--year", required=True, type=int, help="The year, e.g. 2026.")
        parser.add_argument("--kind", required=True, choices=KINDS)
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument("--output", required=True, help="File to write.")

    def handle(self, *args, unit, year, kind, fmt, output, **options):
        with translation.override("vi"):
            if unit.upper() == "VN":
                if kind == "plan":
                    raise CommandError(
                        "Kế hoạch là của tỉnh; với --unit VN hãy chọn annual, midterm hoặc final."
                    )
                place = nation()
            else:
                try:
                    place = unit_for_year(code=unit, year=year)
                except UnitNotFound as exc:
                    raise CommandError(f"Không có đơn vị mã {unit} trong năm {year}.") from exc
                while place.merged_into_id:  # plans and reports belong to today's provinces
                    place = place.merged_into
            try:
                data, title = (self._plan if kind == "plan" else self._report)(place, year, kind, fmt)
            except RuntimeError as exc:  # no LibreOffice for a PDF
                raise CommandError(str(exc)) from exc
            Path(output).write_bytes(data)
            self.stdout.write(f"Đã ghi {output}: {title}, {format_number(len(data))} byte.")

    def _plan(self, province, year, kind, fmt):
        from plans.documents import plan_docx, plan_pdf
        from plans.selectors import plan_for_year
        from plans.xlsx import plan_xlsx

        plan = plan_for_year(province=province, year=year)
        if plan is None:
            raise CommandError(f"{province.name} chưa có kế hoạch cho năm {year}.")
        render = {"docx": plan_docx, "pdf": plan_pdf, "xlsx": plan_xlsx}[fmt]
        return render(plan), f"{plan.title} (phiên bản {plan.version})"

    def _report(self, place, year, kind, fmt):
        from documents.pdf import docx_to_pdf
        from reports.assemble import assemble
        from reports.documents import report_docx, subject_of
        from reports.models import Report
        from reports.services import report_for
        from reports.xlsx import report_xlsx

        try:
            report_for(unit=place, kind=kind, year=year)  # checks the kind, year and unit
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        report = Report.objects.get(unit=place, kind=kind, year=year)
        snapshot = assemble(report)
        if fmt == "xlsx":
            data = report_xlsx(snapshot)
        else:
            data = report_docx(snapshot)
            if fmt == "pdf":
                data = docx_to_pdf(data)
        return data, subject_of(snapshot)
