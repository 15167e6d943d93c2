"""Demo publications: the ministry officer publishes the years whose values the ministry accepted (2021-2024 in
the demo, see demo/values.py), so the public portal has figures. Marked as demo in the public note."""

from datavalues.models import DataValue, ValueStatus
from portal.models import Publication
from portal.services import publication_publish

NOTE = "Số liệu minh họa (demo), không phải số liệu chính thức."


def demo_portal_load(*, ministry_officer) -> None:
    if Publication.objects.exists():
        return
    years = sorted(
        set(DataValue.objects.filter(status=ValueStatus.ACCEPTED).values_list("year", flat=True).distinct())
    )
    for year in years:
        publication_publish(year=year, by=ministry_officer, note=NOTE)
