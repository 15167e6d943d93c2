"""Section I.6: funds by the letter's sources over the report's years, planned, allocated and spent, from the plan
in force each year (``plans.funding``), with the flag when more was spent than allocated."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from lib.exporters import NUMBER, Sheet, bold
from plans.models import FundingSource
from reports.sections.base import BuildContext, Section
from reports.sections.indicators import num
from reports.sections.text import fmt, number

MEASURES = ("planned", "allocated", "spent")
FLAGS_XLSX = {"over_allocated": "Chi vượt số được giao", "no_allocation": "Có chi nhưng chưa được giao"}


def funds_by_source(ctx: BuildContext) -> list[dict]:
    """``amount`` is the planned sum (the name older snapshots use)."""
    from plans.funding import funding_totals, funding_totals_nation, spending_flag

    sums: dict[str, dict[str, Decimal | None]] = {}
    labels: dict[str, str] = {}

    def add(rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            into = sums.setdefault(row["source"], dict.fromkeys(MEASURES))
            labels[row["source"]] = row["label"]
            for measure in MEASURES:
                if row[measure] is not None:
                    into[measure] = (into[measure] or Decimal(0)) + Decimal(row[measure])

    if ctx.national:
        for y in ctx.years:
            add(funding_totals_nation(y)["by_source"])
    else:
        add(cell for cell in funding_totals(ctx.unit)["cells"] if cell["year"] in ctx.years)
    out = []
    for source in FundingSource.values:
        figures = sums.get(source)
        if not figures or not any(figures.values()):
            continue
        out.append(
            {
                "source": source,
                "label": labels[source],
                "amount": num(figures["planned"]),
                "allocated": num(figures["allocated"]),
                "spent": num(figures["spent"]),
                "flag": spending_flag(figures["allocated"], figures["spent"]),
            }
        )
    return out


def totals_of(funds: list[dict]) -> dict[str, str | None]:
    totals = {}
    for measure, key in (("planned", "amount"), ("allocated", "allocated"), ("spent", "spent")):
        present = [Decimal(f[key]) for f in funds if f.get(key) is not None]
        totals[measure] = num(sum(present, Decimal(0))) if present else None
    return totals


def money(fund: dict) -> str:
    """'kế hoạch 150.000.000 đồng, được giao 120.000.000 đồng, đã chi 130.000.000 đồng (chi vượt số được giao)'."""
    parts = [f"kế hoạch {fmt(fund.get('amount'))} đồng"] if fund.get("amount") is not None else []
    if fund.get("allocated") is not None:
        parts.append(f"được giao {fmt(fund['allocated'])} đồng")
    if fund.get("spent") is not None:
        parts.append(f"đã chi {fmt(fund['spent'])} đồng")
    text = ", ".join(parts)
    flag = fund.get("flag")
    if flag == "over_allocated":
        text += " (chi vượt số được giao)"
    elif flag == "no_allocation":
        text += " (có chi nhưng chưa được giao kinh phí)"
    return text


class FundsSection(Section):
    key = "funds"
    chapter = "I"
    heading = "Kinh phí thực hiện"
    template = "reports/sections/funds.html"

    def build(self, ctx: BuildContext) -> dict[str, Any]:
        funds = funds_by_source(ctx)
        return {
            "funds": funds,
            "funds_total": num(sum((Decimal(f["amount"] or 0) for f in funds), Decimal(0))),
            "funds_totals": totals_of(funds),
        }

    def paragraphs(self, snapshot: dict) -> list[str]:
        funds = snapshot["funds"]
        if not funds:
            return ["Chưa có số liệu kinh phí bố trí cho các nhiệm vụ trong kỳ báo cáo."]
        totals = snapshot["funds_totals"]
        lines = [f"Tổng kinh phí: {money({'amount': totals.get('planned'), **totals})}; theo nguồn:"]
        for i, fund in enumerate(funds):
            end = "." if i == len(funds) - 1 else ";"
            lines.append(f"- {fund['label']}: {money(fund)}{end}")
        return lines

    def sheets(self, snapshot: dict) -> list[Sheet]:
        rows: list[list] = [
            [
                fund["label"],
                number(fund["amount"]),
                number(fund["allocated"]),
                number(fund["spent"]),
                FLAGS_XLSX.get(fund["flag"] or "", ""),
            ]
            for fund in snapshot["funds"]
        ]
        totals = snapshot["funds_totals"]
        rows.append(bold(["Tổng cộng", *(number(totals[m]) for m in MEASURES)]))
        return [
            Sheet(
                name="Kinh phí",
                headers=[
                    "Nguồn kinh phí",
                    "Kế hoạch (đồng)",
                    "Được giao (đồng)",
                    "Đã chi (đồng)",
                    "Cảnh báo",
                ],
                rows=rows,
                widths=[50, 20, 20, 20, 30],
                formats=dict.fromkeys((2, 3, 4), NUMBER),
            )
        ]
