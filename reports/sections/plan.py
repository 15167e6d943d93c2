"""Section I.1: the plans the province issued for the period (for the nation, how many provinces have reported)."""

from __future__ import annotations

from datetime import date
from typing import Any

from lib.dates import vn_long_date
from plans.models import Plan
from reports.sections.base import BuildContext, Section
from reports.sections.text import is_national, period_of


def plan_info(plan: Plan) -> dict[str, Any]:
    return {
        "title": plan.title,
        "kind": plan.kind,
        "status": plan.status,
        "number": plan.document_number,
        "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
        "version": plan.version,
    }


class PlanSection(Section):
    key = "plans"
    chapter = "I"
    heading = "Công tác chỉ đạo, ban hành kế hoạch"

    def build(self, ctx: BuildContext) -> dict[str, Any]:
        return {"plans": [plan_info(p) for p in ctx.plans]}

    def paragraphs(self, snapshot: dict) -> list[str]:
        if is_national(snapshot):
            submitted = [p for p in snapshot["provinces"] if p["submitted"]]
            return [
                f"Đến ngày lập báo cáo, {len(submitted)}/{len(snapshot['provinces'])} tỉnh, thành phố đã gửi "
                f"báo cáo {period_of(snapshot)}. Danh sách tại Phụ lục III."
            ]
        plans = [p for p in snapshot["plans"] if p]
        if not plans:
            return ["Tỉnh chưa ban hành kế hoạch thực hiện Chiến lược cho kỳ báo cáo."]
        lines = []
        for plan in plans:
            issued = ""
            if plan["number"] and plan["issued_on"]:
                issued = f" số {plan['number']} {vn_long_date(date.fromisoformat(plan['issued_on']))}"
            lines.append(
                f"Ủy ban nhân dân tỉnh đã ban hành {plan['title'][:1].lower() + plan['title'][1:]}{issued}."
            )
        return lines
