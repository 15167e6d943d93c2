"""A report's Excel annex, drawn from the same snapshot as the document (``reports.assemble``): each section of the
report's kind gives its sheets (``reports.sections``), written by the shared renderer (``lib.exporters``).

Numbers are real numbers (not text), so officers can sort and total them; the status label sits beside them.
Sheets, in the sections' order: "Chỉ tiêu" (the indicator table), "Số liệu theo giới" (the parts behind each
value), "Nhiệm vụ" (a province's tasks), "Truyền thông" (communication activities, when the snapshot has them),
"Kiểm tra", "Kinh phí" (funds by source); for the nation also "Theo tỉnh" (provinces × indicators) and "Tình
hình gửi báo cáo"."""

from __future__ import annotations

from collections.abc import Iterator

from lib.exporters import Exporter, Sheet
from reports.sections.kinds import sections_for
from reports.sections.text import is_national


class ReportAnnex(Exporter):
    """The Excel annex of a report's snapshot (current schema: ``reports.content.canonical``)."""

    def __init__(self, snapshot: dict):
        self.snapshot = snapshot
        self.file_name = f"bao-cao-{snapshot['unit']['code']}-{snapshot['kind']}-{snapshot['year']}"

    def sheets(self) -> Iterator[Sheet]:
        for section in sections_for(self.snapshot["kind"], national=is_national(self.snapshot)):
            yield from section.sheets(self.snapshot)


def report_xlsx(snapshot: dict) -> bytes:
    return ReportAnnex(snapshot).xlsx()
