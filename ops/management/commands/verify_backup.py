from django.core.management.base import BaseCommand, CommandError

from ops.backup import verify


class Command(BaseCommand):
    help = "Restore a backup made by backup_db into a scratch database and check it against its manifest."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file (its manifest is FILE.json).")

    def handle(self, *args, file, **options):
        try:
            problems = verify(file)
        except FileNotFoundError as exc:
            raise CommandError(f"Không tìm thấy {exc.filename}.") from exc
        if problems:
            raise CommandError("Bản sao lưu không khớp:\n" + "\n".join(problems))
        self.stdout.write("Khôi phục thử thành công: số dòng và mã kiểm tra của mọi bảng khớp với bản kê.")
