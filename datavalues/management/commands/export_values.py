from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from datavalues.exchange import ValuesExport
from units.selectors import UnitNotFound, unit_for_year


class Command(BaseCommand):
    help = (
        "Write the values of a unit and the units below it for a year in the exchange format "
        "(indicator,part,unit,year,sex,value,source,as_of,disaggregation) to --output, or to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="VN, a province code or a commune code")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--output", default="")

    def handle(self, *args, unit, year, output, **options):
        try:
            resolved = unit_for_year(code=unit, year=year)
        except UnitNotFound as exc:
            raise CommandError(f"Không có đơn vị mã {unit} trong năm {year}") from exc
        text = ValuesExport(resolved, year).csv(bom=False).decode("utf-8")
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
