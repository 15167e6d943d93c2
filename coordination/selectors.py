"""The responsibility matrix of a province and its coordination meetings.

The matrix answers, for a year, "who does what": rows are the plan's indicators (the agency leading each and its
partners), the parts behind them (the agency providing each figure: the explicit assignment, else the usual
provider) and the plan's tasks (lead and partners); columns are the province's agencies. It is read, never stored:
the plan and the assignments are the single source."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from agencies.models import Agency
from coordination.models import Decision, Meeting
from datavalues.selectors import assignments_of, province_parts
from indicators.models import PartKind
from plans.selectors import plan_for_year, plan_indicators, plan_tasks
from units.models import AdminUnit

LEAD, PARTNER, DATA = "lead", "partner", "data"


@dataclass
class MatrixRow:
    kind: str  # "indicator", "part" or "task"
    code: str
    label: str
    roles: dict[int, str] = field(default_factory=dict)  # agency id → LEAD, PARTNER or DATA

    @property
    def missing_lead(self) -> bool:
        return self.kind != "part" and LEAD not in self.roles.values()


@dataclass
class Matrix:
    agencies: list[Agency]
    rows: list[MatrixRow]
    plan: object | None

    def load(self) -> dict[int, dict[str, int]]:
        """agency id → how many rows it leads, partners and provides data for."""
        counts = {a.pk: {LEAD: 0, PARTNER: 0, DATA: 0} for a in self.agencies}
        for row in self.rows:
            for agency_id, role in row.roles.items():
                if agency_id in counts:
                    counts[agency_id][role] += 1
        return counts


PART_ORDER = {PartKind.NUMERATOR: 0, PartKind.DENOMINATOR: 1, PartKind.VALUE: 2}
PART_LABELS = {PartKind.NUMERATOR: "Tử số", PartKind.DENOMINATOR: "Mẫu số", PartKind.VALUE: "Giá trị"}


def responsibility_matrix(province: AdminUnit, year: int) -> Matrix:
    agencies = list(
        Agency.objects.filter(province=province, active=True)
        .select_related("kind")
        .prefetch_related("names")
        .order_by("-is_focal", "kind__order", "kind__code")
    )
    plan = plan_for_year(province=province, year=year)
    rows: list[MatrixRow] = []
    assigned = assignments_of(province)
    parts_by_indicator: dict[int, list] = {}
    for part in province_parts(province):
        parts_by_indicator.setdefault(part.indicator_id, []).append(part)
    led = {}
    if plan is not None:
        for planned in plan_indicators(plan):
            led[planned.indicator_id] = planned
    indicator_ids = list(parts_by_indicator)
    for indicator_id in indicator_ids:
        parts = parts_by_indicator[indicator_id]
        indicator = parts[0].indicator
        row = MatrixRow(kind="indicator", code=indicator.code, label=indicator.name_vi.strip())
        pi = led.get(indicator_id)
        if pi is not None:
            for partner in pi.partner_agencies.all():
                row.roles[partner.pk] = PARTNER
            if pi.lead_agency_id:
                row.roles[pi.lead_agency_id] = LEAD
        rows.append(row)
        for part in sorted(parts, key=lambda p: PART_ORDER.get(p.kind, 9)):
            agency = assigned.get(part.pk)
            rows.append(
                MatrixRow(
                    kind="part",
                    code=f"{indicator.code} · {PART_LABELS.get(part.kind, part.kind)}",
                    label=part.name_vi.strip(),
                    roles={agency.pk: DATA} if agency is not None else {},
                )
            )
    if plan is not None:
        for n, task in enumerate(plan_tasks(plan), start=1):
            row = MatrixRow(kind="task", code=f"NV{n}", label=task.title.strip())
            for partner in task.partner_agencies.all():
                row.roles[partner.pk] = PARTNER
            row.roles[task.lead_agency_id] = LEAD
            rows.append(row)
    return Matrix(agencies=agencies, rows=rows, plan=plan)


def meetings_of(province: AdminUnit, year: int | None = None) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(province=province)
    if year is not None:
        qs = qs.filter(held_on__year=year)
    return qs.select_related("chair").prefetch_related(
        "participants__names",
        "participants__kind",
        Prefetch(
            "decisions",
            queryset=Decision.objects.select_related("responsible").prefetch_related("responsible__names"),
        ),
    )
