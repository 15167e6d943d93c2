from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import backup, verify


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite: a consistent copy; PostgreSQL: pg_dump in custom format) with a manifest of "
        "every table's row count and checksum, then check it by restoring it into a scratch database. "
        "Restore: see the README's Backups section."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="File to write (default: backups/bdg-YYYYmmdd-HHMMSS.<sqlite3|dump>)."
        )
        parser.add_argument("--no-verify", action="store_true", help="Skip the restore check.")

    def handle(self, *args, output=None, no_verify=False, **options):
        from django.db import connection

        suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
        path = Path(output or f"backups/bdg-{datetime.now():%Y%m%d-%H%M%S}.{suffix}")
        try:
            manifest = backup(path)
        except Exception as exc:
            raise CommandError(f"Sao lưu không thành công: {exc}") from exc
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"Đã sao lưu {len(manifest['tables'])} bảng, {rows} dòng vào {path} (kèm {path}.json)."
        )
        if no_verify:
            return
        problems = verify(path)
        if problems:
            raise CommandError("Bản sao lưu không khớp khi khôi phục thử:\n" + "\n".join(problems))
        self.stdout.write("Đã khôi phục thử: số dòng và mã kiểm tra của mọi bảng khớp.")
