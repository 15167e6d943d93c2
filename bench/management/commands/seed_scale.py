import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import translation

from audit.services import log_action
from bench import seed as dataset
from bench.seed_work import accounts_load, plans_load, reports_load, username
from datavalues import rollup_cache
from lib.numbers import format_number
from units.models import AdminUnit, Level


def _years(text: str) -> list[int]:
    first, _sep, last = text.partition("-")
    try:
        start, end = int(first), int(last or first)
    except ValueError as exc:
        raise CommandError(f"--years: “{text}” is not a range such as 2021-2030.") from exc
    if not dataset.FIRST_YEAR <= start <= end <= dataset.LAST_YEAR:
        raise CommandError(f"--years: a range within {dataset.FIRST_YEAR}-{dataset.LAST_YEAR}.")
    return list(range(start, end + 1))


class Command(BaseCommand):
    help = (
        "Add a national-scale, invented dataset on top of the reference data: values of every indicator part, "
        "sex and disaggregation option for 2021-2030 (the 63 former provinces until 2024; from 2025 the 34 "
        "provinces and, for the indicators collected there, their 3,321 communes, a third of the provinces "
        "entering their own totals too; the nation's own values of the non-additive indicators), an account per "
        "role in each province, plans with tasks and progress, and 2025 annual "
        "reports. Deterministic from --seed. Running it again replaces the invented values and keeps the rest. "
        "Refuses a database holding real values unless --force (then cells holding real values are left alone)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2030, help="Same seed, same figures (default 2030).")
        parser.add_argument(
            "--provinces", type=int, help="Only the first N provinces by code (default all 34)."
        )
        parser.add_argument("--codes", help="Only these provinces, e.g. 01,80.")
        parser.add_argument("--years", default="2021-2030", help="Years, e.g. 2025-2026 (default 2021-2030).")
        parser.add_argument("--communes", type=int, help="At most N communes a province (default all).")
        parser.add_argument(
            "--reports",
            type=int,
            default=30,
            help="Provinces sending their 2025 annual report (default 30; each renders its Word document).",
        )
        parser.add_argument(
            "--no-work", action="store_true", help="Values and accounts only: no plans, reports."
        )
        parser.add_argument("--password", default=dataset.PASSWORD, help="Password of the accounts created.")
        parser.add_argument("--force", action="store_true", help="Run on a database that holds real values.")

    def handle(self, *args, **options):
        with translation.override("vi"):
            self._handle(**options)

    def _handle(
        self, *, seed: int, provinces, codes, years, communes, reports, no_work, password, force, **_
    ):
        started = time.monotonic()
        if not AdminUnit.objects.filter(level=Level.COMMUNE).exists():
            raise CommandError("No units: run `manage.py load_reference` first.")
        real = dataset.real_values()
        if real.exists() and not force:
            raise CommandError(
                f"The database holds {format_number(real.count())} values that this command did not write; it "
                "adds invented figures only to a database for tests and benchmarks. Use --force to add them "
                "anyway (cells with real values are left alone)."
            )
        scope = dataset.scope_of(
            seed=seed,
            provinces=provinces,
            years=_years(years),
            communes=communes,
            codes=[c.strip() for c in codes.split(",")] if codes else None,
        )
        if not scope.provinces:
            raise CommandError("No province matches.")
        self.stdout.write(
            f"Database: {connection.vendor} {connection.settings_dict.get('NAME')}; seed {seed}; "
            f"{len(scope.provinces)} provinces, {sum(len(f) for f in scope.former.values())} former provinces, "
            f"{format_number(scope.commune_count)} communes, years {scope.years[0]}-{scope.years[-1]}."
        )
        users = accounts_load(scope, password=password)
        self.stdout.write(f"Accounts: {len(users)} (password {password}).")
        framework = dataset.Framework.load()
        removed = self._remove_previous()
        if removed:
            self.stdout.write(f"Removed {format_number(removed)} invented values of an earlier run.")
        skip = set(real.values_list("series_id", "unit_id", "year").distinct()) if force else None
        count = 0
        for province in scope.provinces:
            by = users.get(username(province, "noivu"))
            cells = dataset.cells_of(scope, framework, seed=seed, province=province)
            count += dataset.insert(
                dataset.rows_of(cells, framework, seed=seed, by_id=by and by.pk), skip=skip
            )
        ministry = users.get(username(None, "bo.chuyenvien"))
        nation_rows = dataset.rows_of(
            dataset.nation_cells(scope, framework, seed=seed),
            framework,
            seed=seed,
            by_id=ministry and ministry.pk,
        )
        count += dataset.insert(nation_rows, skip=skip)
        rollup_cache.data_changed()  # bulk writes send no signals: cached roll-ups must go
        self.stdout.write(f"Values: {format_number(count)} ({time.monotonic() - started:.0f} s).")
        if connection.vendor == "postgresql":
            # statistics for the planner, and the visibility map that lets the roll-up's index answer alone
            # (autovacuum would get there later; the bench measures right after). VACUUM needs to be outside a
            # transaction: inside one (the tests), statistics only.
            vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            with connection.cursor() as cursor:
                cursor.execute(f"{vacuum} datavalues_datavalue")
        plans = submissions = 0
        if not no_work:
            plans = plans_load(scope, users, seed=seed)
            self.stdout.write(f"Plans: {plans} created ({time.monotonic() - started:.0f} s).")
            submissions = reports_load(scope, users, seed=seed, count=reports)
            self.stdout.write(f"Reports sent: {submissions} ({time.monotonic() - started:.0f} s).")
        with transaction.atomic():
            log_action(
                actor=None,
                action="bench.seed",
                obj=scope.nation,
                after={
                    "seed": seed,
                    "provinces": len(scope.provinces),
                    "communes": scope.commune_count,
                    "years": f"{scope.years[0]}-{scope.years[-1]}",
                    "values": count,
                    "plans": plans,
                    "submissions": submissions,
                },
            )
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.0f} s."))

    def _remove_previous(self) -> int:
        """Invented values of an earlier run go in one statement (nothing refers to a value)."""
        previous = dataset.seeded_values()
        count = previous.count()
        if count:
            previous._raw_delete(previous.db)
        return count
