import pytest

from bench.seed import consistent_cells
from datavalues.models import DataValue
from units.models import AdminUnit, Level

HEADER = "indicator,part,unit,year,sex,value\n"


def national_rows(
    count: int, year: int = 2026, *, skip_province: str | None = None, province: str | None = None
) -> list[str]:
    """``count`` consistent values of communes across the country (female + male = total, numerator under
    denominator), in the exchange format, for the ministry officer, who may enter any unit's; or of one
    ``province``'s communes, for its focal officer."""
    cells = consistent_cells()
    communes = AdminUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True).order_by("code")
    if skip_province:
        communes = communes.exclude(parent__code=skip_province)
    if province:
        communes = communes.filter(parent__code=province)
    rows: list[str] = []
    for unit in communes.values_list("code", flat=True).iterator():
        for code, part, sex, value in cells:
            rows.append(f"{code},{part},{unit},{year},{sex},{value}")
            if len(rows) == count:
                return rows
    raise AssertionError(f"only {len(rows)} cells in the reference data")


def csv_file(rows: list[str]) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def value_count() -> int:
    return DataValue.objects.count()


@pytest.fixture
def run_jobs():
    """Run every queued job in this thread, as the worker would (``jobs.services.run`` is the task's body)."""
    from jobs.models import Job, JobState
    from jobs.services import run

    def go() -> list[Job]:
        ids = list(Job.objects.filter(state=JobState.QUEUED).values_list("pk", flat=True))
        for pk in ids:
            run(str(pk))
        return list(Job.objects.filter(pk__in=ids))

    return go
