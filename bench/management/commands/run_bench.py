import os
import platform
import time
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import translation

from audit.models import AuditEntry
from bench import seed as dataset
from bench.measure import (
    Figure,
    import_history,
    national_rollup,
    report_documents,
    save_to_dashboard,
    upload_file,
)
from lib.numbers import format_number

FULL = {"provinces": 34, "communes": 3321, "years": "2021-2030"}


class Command(BaseCommand):
    help = (
        "The benchmarks of `make bench` on PostgreSQL (created when missing): the national-scale dataset of "
        "`seed_scale` (seeded once), then each figure beside its baseline measured in the same run: the national "
        "roll-up against one SQL query, a grid save until the national dashboard shows it, a province's annual "
        "report and the national consolidation as DOCX, a focal officer's 10,000-row upload against openpyxl "
        "alone reading it, the 880,000-row national history against the csv module alone, page latency of 100 "
        "people under load (gunicorn and locust on the loopback) and the peak memory of a web worker. Exits 1 "
        "when a bar is missed."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2030)
        parser.add_argument("--reseed", action="store_true", help="Seed again even if the dataset is there.")
        parser.add_argument(
            "--year", type=int, default=dataset.PRESENT, help="Year of the roll-up and pages."
        )
        parser.add_argument(
            "--report-year", type=int, default=2025, help="Year of the reports (default 2025)."
        )
        parser.add_argument("--province", default="80", help="Province of the report figure (default 80).")
        parser.add_argument("--import-rows", type=int, default=10_000)
        parser.add_argument("--history-rows", type=int, default=880_000)
        parser.add_argument("--port", type=int, default=8031)
        parser.add_argument("--workers", type=int, default=min(4, 2 * (os.cpu_count() or 1)))
        parser.add_argument("--users", type=int, default=100)
        parser.add_argument("--spawn-rate", type=float, default=4, help="People starting a second.")
        parser.add_argument("--run-time", type=int, default=120, help="Seconds of load (default 120).")
        parser.add_argument("--max-requests", type=int, default=10000, help="Stop the load after this many.")
        parser.add_argument("--skip-load", action="store_true")
        parser.add_argument("--skip-import", action="store_true")
        parser.add_argument(
            "--only",
            choices=["documents"],
            help="Measure only these figures (documents: the two reports' Word documents), after the seeding.",
        )

    def handle(self, *args, **options):
        with translation.override("vi"):
            self._handle(**options)

    def _handle(self, **options):
        started = time.monotonic()
        self._database()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_reference", verbosity=0, stdout=StringIO())
        self._seed(options["seed"], options["reseed"])
        values = dataset.seeded_values().count()
        self.stdout.write(
            f"Database: PostgreSQL {self._server_version()} at {self._where()} "
            f"({values:,} invented values, seed {options['seed']}). "
            f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}.\n"
        )
        figures: list[Figure] = []
        details: list[str] = []
        only = options["only"]
        if not only:
            self._vacuum()
            self._step("national roll-up")
            figures += self._show(national_rollup(options["year"]))
            self._step("grid save → national dashboard")
            figures += self._show(save_to_dashboard(options["year"]))
        self._step("reports")
        figures += self._show(report_documents(options["report_year"], options["province"]))
        if not options["skip_import"] and not only:
            self._step(f"upload of {format_number(options['import_rows'])} rows, 5 times")
            figures += self._show(upload_file(options["import_rows"]))
            self._step(
                f"national history of {format_number(options['history_rows'])} rows, 5 times (minutes)"
            )
            figures += self._show(import_history(options["history_rows"]))
            self._vacuum()  # the imports leave millions of dead rows (rolled back): the pages are measured without
        if not options["skip_load"] and not only:
            from bench.load import load_test, scenario

            self._step(f"load test: {options['users']} people, {options['run_time']} s")
            data = scenario(
                password=dataset.PASSWORD, year=options["year"], report_year=options["report_year"]
            )
            outcome = load_test(
                data=data,
                port=options["port"],
                workers=options["workers"],
                users=options["users"],
                spawn_rate=options["spawn_rate"],
                run_time=options["run_time"],
                max_requests=options["max_requests"],
            )
            figures += outcome.figures
            details = outcome.details
        self._table(figures)
        if details:
            self.stdout.write(f"\nPages under load (gunicorn, {options['workers']} workers):")
            for line in details:
                self.stdout.write("  " + line)
        missed = [f.name for f in figures if f.verdict == "FAIL"]
        self.stdout.write(f"\nBench done in {time.monotonic() - started:.0f} s.")
        if missed:
            raise CommandError("Bars missed: " + "; ".join(missed))
        self.stdout.write(self.style.SUCCESS("Every bar met."))

    def _step(self, what: str) -> None:
        self.stdout.write(f"… {what}", ending="\n")
        self.stdout.flush()

    def _vacuum(self) -> None:
        """VACUUM (ANALYZE) the tables the bench writes to: the upload and history figures remove and insert values
        and roll back millions of rows, and the roll-up reads through an index that only answers alone while the
        table's pages are marked all-visible. Without this, one bench run would slow the next one's roll-up."""
        self._step("vacuum of the values and the audit log")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) datavalues_datavalue, audit_auditentry")

    def _show(self, figures: list[Figure]) -> list[Figure]:
        """Each figure as soon as it is measured (the table follows at the end), so a later failure loses none."""
        for f in figures:
            self.stdout.write(f"    {f.name}: {f.measured} ({f.baseline}; {f.versus}) {f.verdict}")
        self.stdout.flush()
        return figures

    # --- the database -------------------------------------------------------------------------------------------------

    def _where(self) -> str:
        db = connection.settings_dict
        return f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"

    def _server_version(self) -> str:
        number = connection.pg_version
        return f"{number // 10000}.{number % 10000}"

    def _database(self) -> None:
        """PostgreSQL only (the production database; the figures mean nothing on SQLite). The database is
        created when missing, which the role needs the CREATEDB right for."""
        db = connection.settings_dict
        if connection.vendor != "postgresql":
            raise CommandError(
                f"make bench needs PostgreSQL, not {connection.vendor}: set BENCH_DATABASE_URL="
                "postgres://USER:PASSWORD@HOST:5432/bdg_bench (default postgres://bdg_ci:bdg_ci@127.0.0.1:5432/"
                "bdg_bench)."
            )
        import psycopg
        from psycopg import sql

        params = {
            "host": db.get("HOST") or "localhost",
            "port": db.get("PORT") or 5432,
            "user": db.get("USER"),
            "password": db.get("PASSWORD"),
        }
        try:
            with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=10, **params) as admin:
                exists = admin.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
                ).fetchone()
                if not exists:
                    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
                    self.stdout.write(f"Created the database {db['NAME']}.")
        except psycopg.OperationalError as exc:
            raise CommandError(
                f"PostgreSQL does not answer at {self._where()} ({str(exc).strip()}). make bench needs a running "
                "PostgreSQL 15 and a role allowed to create its database."
            ) from exc

    def _seed(self, seed: int, reseed: bool) -> None:
        last = AuditEntry.objects.filter(action="bench.seed").order_by("-at", "-id").first()
        after = (last.after or {}) if last else {}
        complete = (
            after.get("seed") == seed
            and all(after.get(k) == v for k, v in FULL.items())
            and dataset.seeded_values().exists()
        )
        if complete and not reseed:
            return
        self._step("seeding the national-scale dataset (a few minutes, once)")
        call_command("seed_scale", seed=seed, stdout=self.stdout)

    # --- the table ------------------------------------------------------------------------------------------------------

    def _table(self, figures: list[Figure]) -> None:
        heads = ("Figure", "Measured", "Baseline (same run)", "Ratio / bar", "Result")
        rows = [(f.name, f.measured, f.baseline, f.versus, f.verdict) for f in figures]
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads)]
        line = "  ".join("-" * w for w in widths)
        self.stdout.write("\n" + "  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)))
        self.stdout.write(line)
        for figure, row in zip(figures, rows, strict=True):
            self.stdout.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
            if figure.note:
                self.stdout.write(f"    {figure.note}")
