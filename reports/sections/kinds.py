"""Each report kind as the ordered list of its sections. The document's body takes the sections that have a
chapter, numbered within it; the annexes, the Excel annex's sheets and the page's parts follow the list's order.

Annual reports, the mid-term review (2025) and the final review (2030) share one list today: they differ in the
years their sections read (``BuildContext.years``), not in their topics. The national consolidation is the same
list: a section's ``scope`` says whether it belongs to a province's report, the nation's or both."""

from __future__ import annotations

from reports.models import ReportKind
from reports.sections.base import Section
from reports.sections.communication import CommunicationSection
from reports.sections.funds import FundsSection
from reports.sections.indicators import IndicatorsSection
from reports.sections.inspections import InspectionsSection
from reports.sections.narrative import NarrativeSection
from reports.sections.parts import PartsSection
from reports.sections.plan import PlanSection
from reports.sections.provinces import ProvincesSection
from reports.sections.tasks import TasksSection


def _report() -> list[Section]:
    return [
        PlanSection(),
        IndicatorsSection(),
        PartsSection(),
        TasksSection(),
        CommunicationSection(),
        InspectionsSection(),
        FundsSection(),
        ProvincesSection(),
        NarrativeSection("achievements", "I", "Đánh giá chung, kết quả nổi bật"),
        NarrativeSection("shortcomings", "II", "Tồn tại, hạn chế"),
        NarrativeSection("causes", "II", "Nguyên nhân"),
        NarrativeSection("recommendations", "III", ""),
    ]


SECTIONS: dict[str, list[Section]] = {kind: _report() for kind in ReportKind.values}


def sections_for(kind: str, *, national: bool) -> list[Section]:
    """The sections of a report of ``kind`` for a province or the nation, in order."""
    return [s for s in SECTIONS[kind] if s.applies(national=national)]
