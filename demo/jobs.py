"""Two uploads of the demo focal officer as background jobs: the communes' 2025 communication figures (M6.1),
imported; and a 2026 file with mistakes, refused with its errors listed and downloadable beside the rows. They
show on the data entry page ("Your recent large uploads")."""

from datetime import date

from jobs import services as jobs
from jobs.models import Job, JobKind
from units.selectors import communes_of

HEADER = "indicator,part,unit,year,sex,value,source\n"
SOURCE = "Báo cáo truyền thông của UBND xã năm 2025 (demo)"


def demo_jobs_load(*, province, focal) -> None:
    if Job.objects.filter(created_by=focal).exists():
        return
    lines = []
    for index, code in enumerate(communes_of(province).values_list("code", flat=True)):
        population = 12_000 + 137 * (index % 60)
        reached = population * (40 + index % 17) // 100
        lines.append(f"M6.1,denominator,{code},2025,total,{population},{SOURCE}")
        lines.append(f"M6.1,numerator,{code},2025,total,{reached},{SOURCE}")
    _upload(focal, "so-lieu-truyen-thong-xa-2025.csv", HEADER + "\n".join(lines) + "\n")
    first = communes_of(province).values_list("code", flat=True)[:2]
    mistakes = (
        HEADER
        + f"M6.1,denominator,{first[0]},2026,total,15000,{SOURCE}\n"
        + f"M6.1,numerator,{first[0]},2026,total,-20,{SOURCE}\n"  # negative
        + f"M3.2b,numerator,{first[1]},2026,female,40,{SOURCE}\n"
        + f"M3.2b,numerator,{first[1]},2026,male,15,{SOURCE}\n"
        + f"M3.2b,numerator,{first[1]},2026,total,50,{SOURCE}\n"  # 40 + 15 is not 50
        + f"M6.1,numerator,99999,2026,total,10,{SOURCE}\n"  # no such commune
    )
    _upload(focal, "so-lieu-2026-co-loi.csv", mistakes)


def _upload(focal, name: str, text: str) -> None:
    """As the upload page starts a job, then run here and now (the worker, finding it done, skips it)."""
    from datavalues.exchange import count_rows

    data = text.encode()
    job = jobs.start(
        kind=JobKind.IMPORT,
        by=focal,
        name=name,
        payload=data,
        total=count_rows(data, name),
        params={"language": "vi", "demo": date.today().isoformat()},
    )
    jobs.run(str(job.pk))
