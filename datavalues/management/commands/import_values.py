import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from accounts.models import User
from datavalues.exchange import read_rows
from datavalues.services import ImportRefused, import_rows


class Command(BaseCommand):
    help = (
        "Import values from a CSV or XLSX exchange file (indicator,part,unit,year,sex,value[,source,as_of,disaggregation]). "
        "Every row or none: on any error nothing changes, each bad row and column is named, and the command exits "
        "with status 1. --dry-run checks without saving; --as USERNAME limits the import to that user's scope."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--as", dest="username", default="")

    def handle(self, *args, file, dry_run, username, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Không có tệp {file}")
        user = None
        if username:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"Không có người dùng {username!r}")
        with translation.override("vi"):
            try:
                report = import_rows(
                    read_rows(path.read_bytes(), path.name),
                    by=user,
                    dry_run=dry_run,
                    context={"via": "command", "file": path.name[:200]},
                )
            except ImportRefused as exc:
                for line, column, message in exc.errors:
                    self.stderr.write(f"Dòng {line}, cột {column or '-'}: {message}")
                self.stderr.write(f"Không nhập dòng nào: {len(exc.errors)} lỗi.")
                sys.exit(1)
        verb = "Kiểm tra xong (chưa lưu)" if dry_run else "Đã nhập"
        self.stdout.write(f"{verb}: {report.rows} dòng, {report.created} mới, {report.changed} cập nhật.")
