import pytest

from datavalues.models import DataValue
from indicators.models import Indicator, PartKind
from units.models import AdminUnit, Level

HEADER = "indicator,part,unit,year,sex,value\n"


def national_rows(
    count: int, year: int = 2026, *, skip_province: str | None = None, province: str | None = None
) -> list[str]:
    """``count`` consistent values of communes across the country (female + male = total, numerator under
    denominator), in the exchange format, for the ministry officer, who may enter any unit's; or of one
    ``province``'s communes, for its focal officer."""
    indicators = list(
        Indicator.objects.filter(province__isnull=True, active=True)
        .prefetch_related("parts")
        .order_by("code")
    )
    communes = AdminUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True).order_by("code")
    if skip_province:
        communes = communes.exclude(parent__code=skip_province)
    if province:
        communes = communes.filter(parent__code=province)
    rows: list[str] = []
    for code in communes.values_list("code", flat=True).iterator():
        for indicator in indicators:
            for part in sorted(p.kind for p in indicator.parts.all()):
                if part == PartKind.NUMERATOR:
                    trio = (400, 200, 200)
                elif part == PartKind.DENOMINATOR:
                    trio = (1000, 500, 500)
                else:
                    trio = (1, 1, 0) if indicator.unit_label == "yes/no" else (10, 5, 5)
                sexes = (
                    (("total", trio[0]), ("female", trio[1]), ("male", trio[2]))
                    if indicator.by_sex
                    else (("total", trio[0]),)
                )
                for sex, value in sexes:
                    rows.append(f"{indicator.code},{part},{code},{year},{sex},{value}")
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
