"""Section I.5: the inspections of the report's years (``inspections.selectors``), counts summed over a review's
years; a province's report also lists the inspections done. Then what the province wrote."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from lib.exporters import NUMBER, Sheet, bold
from reports.sections.base import BuildContext, PageContext, Section
from reports.sections.text import paragraphs


def inspections_of(ctx: BuildContext) -> dict:
    from inspections.selectors import inspection_summary, inspection_summary_nation

    summaries = [
        inspection_summary_nation(y) if ctx.national else inspection_summary(ctx.unit, y) for y in ctx.years
    ]
    out: dict[str, Any] = {
        "years": ctx.years,
        "plans": [],
        "inspections": {},
        "recommendations": {},
        "done": [],
    }
    for summary in summaries:
        if summary.get("plan"):
            out["plans"].append({**summary["plan"], "year": summary["year"]})
        if ctx.national:
            out["provinces_with_plan"] = max(
                out.get("provinces_with_plan", 0), summary["provinces_with_plan"]
            )
        for group in ("inspections", "recommendations"):
            for key, value in summary[group].items():
                out[group][key] = out[group].get(key, 0) + value
        out["done"] += summary.get("done", [])
    return out


class InspectionsSection(Section):
    key = "inspections"
    chapter = "I"
    heading = "Công tác kiểm tra, giám sát"
    template = "reports/sections/inspections.html"

    def build(self, ctx: BuildContext) -> dict[str, Any]:
        return {"inspections": inspections_of(ctx)}

    def paragraphs(self, snapshot: dict) -> list[str]:
        data = snapshot["inspections"]
        narrative = paragraphs(snapshot["narrative"]["inspections"])
        if not data or not data["inspections"].get("total"):
            return narrative or ["Chưa có kế hoạch kiểm tra trong kỳ báo cáo."]
        counts, recs = data["inspections"], data["recommendations"]
        plans = "; ".join(
            f"Kế hoạch kiểm tra năm {p['year']}"
            + (f" số {p['document_number']}" if p.get("document_number") else "")
            for p in data["plans"]
        )
        lines = [
            (f"{plans}: " if plans else "")
            + f"{counts.get('total', 0)} cuộc kiểm tra theo kế hoạch, đã thực hiện {counts.get('done', 0)} cuộc"
            + (f", hủy {counts['cancelled']} cuộc" if counts.get("cancelled") else "")
            + (f", còn {counts['planned']} cuộc chưa thực hiện" if counts.get("planned") else "")
            + f"; {recs.get('total', 0)} kiến nghị, đã thực hiện {recs.get('done', 0)}, đang theo dõi "
            + f"{recs.get('open', 0)}, quá hạn {recs.get('overdue', 0)}."
        ]
        for visit in data["done"]:
            day = date.fromisoformat(visit["done_on"]).strftime("%d/%m/%Y") if visit.get("done_on") else ""
            findings = f" {visit['findings'].rstrip('.')}." if visit.get("findings") else ""
            lines.append(f"- {visit['unit']} ({day}): {visit['topics'].rstrip('.')}.{findings}")
        return lines + narrative

    def html(self, page: PageContext) -> SafeString:
        """The page lists the inspections done with their day as a date, so it reads "11/09/2025" (the snapshot
        keeps the ISO day)."""
        data = page.snapshot.get("inspections") or {}
        done = [
            {**visit, "done_on": date.fromisoformat(visit["done_on"]) if visit.get("done_on") else None}
            for visit in data.get("done", [])
        ]
        return mark_safe(  # noqa: S308 - a rendered template
            render_to_string(self.template or "", {**page.as_dict(), "done": done})
        )

    def sheets(self, snapshot: dict) -> list[Sheet]:
        data = snapshot["inspections"]
        if not data:
            return []
        counts, recs = data["inspections"], data["recommendations"]
        rows: list[list] = [
            ["Cuộc kiểm tra theo kế hoạch", counts.get("total", 0)],
            ["Đã thực hiện", counts.get("done", 0)],
            ["Chưa thực hiện", counts.get("planned", 0)],
            ["Đã hủy", counts.get("cancelled", 0)],
            ["Kiến nghị", recs.get("total", 0)],
            ["Kiến nghị đã thực hiện", recs.get("done", 0)],
            ["Kiến nghị đang theo dõi", recs.get("open", 0)],
            ["Kiến nghị quá hạn", recs.get("overdue", 0)],
        ]
        if data["done"]:
            rows.append([])
            rows.append(bold(["Đơn vị được kiểm tra", "Ngày", "Nội dung", "Kết quả", "Vi phạm", "Kiến nghị"]))
            for visit in data["done"]:
                rows.append(
                    [
                        visit["unit"],
                        # text: the column's format is the counts' number format
                        date.fromisoformat(visit["done_on"]).strftime("%d/%m/%Y")
                        if visit.get("done_on")
                        else "",
                        visit.get("topics", ""),
                        visit.get("findings", ""),
                        visit.get("violations", 0),
                        visit.get("recommendations", 0),
                    ]
                )
        return [
            Sheet(
                name="Kiểm tra",
                headers=["Nội dung", "Số lượng"],
                rows=rows,
                widths=[50, 14],
                formats={2: NUMBER, 5: NUMBER, 6: NUMBER},
                wrap=[3, 4],
            )
        ]
