"""What a report section is: one topic of a report that builds its part of the content from selectors and renders
that part to the official document, to the Excel annex and to the report's page.

A section is an object (see ``Section``); a report kind is an ordered list of them (``reports.sections.kinds``).
The renderers (``reports.documents``, ``reports.xlsx``, ``reports.views.report_detail``) only loop over the list,
so adding a topic touches its own module and its test, not the renderers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from documents.official import Figure, Table
from lib.exporters import Sheet
from reports.selectors import province_plans

if TYPE_CHECKING:
    from plans.models import Plan
    from reports.models import Report
    from units.models import AdminUnit

Chapter = Literal["I", "II", "III"]
Scope = Literal["both", "province", "nation"]


@dataclass
class BuildContext:
    """What every section's ``build`` may read: the report, its unit, kind, year and the years it covers."""

    report: Report
    years: list[int]  # the year, or every year of a review's period
    until: dt.date  # the last day whose progress updates count

    @property
    def unit(self) -> AdminUnit:
        return self.report.unit

    @property
    def kind(self) -> str:
        return self.report.kind

    @property
    def year(self) -> int:
        return self.report.year

    @property
    def national(self) -> bool:
        return self.report.unit.level == "nation"

    @cached_property
    def plans(self) -> list[Plan]:
        """A province's plans the report covers (the plan in force, or the five-year plans of a review)."""
        return [] if self.national else province_plans(self.unit, self.kind, self.year)


@dataclass
class AnnexPart:
    """An annex of the document: its title (the heading "Phụ lục N" is numbered by the renderer) and its table."""

    title: str
    table: Table


@dataclass
class PageContext:
    """What a section's HTML partial is rendered with (the same for everyone who may read the report)."""

    snapshot: dict
    report: Any
    national: bool
    first_key: str  # the first year shown, as the snapshot's values are keyed
    year_key: str
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "snapshot": self.snapshot,
            "report": self.report,
            "national": self.national,
            "first_key": self.first_key,
            "year_key": self.year_key,
            **self.extra,
        }


class Section:
    """One topic of a report. Override what the topic has; every method has a harmless default.

    - ``build(ctx)``: the snapshot keys this section owns, computed from selectors (``reports.content`` types them;
      a new key means a new schema version, ADR 8).
    - ``paragraphs`` and ``figures``: its text in the document's body, under ``heading`` in ``chapter`` (numbered
      by the renderer); ``heading`` "" puts the paragraphs straight under the chapter.
    - ``annexes``: its annexes (numbered Phụ lục I, II, ... in the order of the kind's list).
    - ``sheets``: its sheets of the Excel annex (``lib.exporters.Sheet``).
    - ``html``: its part of the report's page; by default ``template`` rendered with the ``PageContext``.

    Renderers read the snapshot in the current schema (``reports.content.canonical``), never a frozen copy as
    stored, so a section needs no care for older versions."""

    key: str = ""
    scope: Scope = "both"
    chapter: Chapter | None = None
    heading: str = ""
    template: str | None = None

    def applies(self, *, national: bool) -> bool:
        """Whether the section is part of a province's report (``national`` False) or the nation's."""
        return self.scope == "both" or (self.scope == "nation") == national

    def build(self, ctx: BuildContext) -> dict[str, Any]:
        return {}

    def paragraphs(self, snapshot: dict) -> list[str]:
        return []

    def figures(self, snapshot: dict) -> list[Figure]:
        return []

    def annexes(self, snapshot: dict) -> list[AnnexPart]:
        return []

    def sheets(self, snapshot: dict) -> list[Sheet]:
        return []

    def html(self, page: PageContext) -> SafeString:
        if not self.template:
            return mark_safe("")  # noqa: S308 - nothing to show
        return mark_safe(render_to_string(self.template, page.as_dict()))  # noqa: S308 - a rendered template

    def __repr__(self) -> str:
        return f"<section {self.key}>"
