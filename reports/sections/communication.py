"""Section I.4: communication activities of the period (``communication.selectors.communication_summary``): what
was organised, the person-contacts reached by sex, the products, the cost, the Action Month, ethnic-minority
languages and each campaign; then what the province wrote."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from communication.selectors import communication_summary
from lib.exporters import NUMBER, Sheet, bold
from reports.sections.base import BuildContext, Section
from reports.sections.text import fmt, is_national, n, number, paragraphs, period_of, vn_day

CONTACTS_NOTE = (
    "(Số lượt người được tiếp cận là tổng cộng của các hoạt động; một người có thể được tính nhiều lần.)"
)


def communication_sentences(snapshot: dict) -> list[str]:
    """The figures in sentences; empty for a copy without the summary (frozen before it existed) or with no
    activity."""
    c = snapshot["communication"]
    if not c or not c.get("activities"):
        return []
    national = is_national(snapshot)
    types = "; ".join(f"{n(t['count'])} {t['label']}" for t in c.get("by_type", []))
    reached = c["reached"]
    by_sex = [f"{n(reached['female'])} nữ", f"{n(reached['male'])} nam"]
    if reached.get("unknown"):
        by_sex.append(f"{n(reached['unknown'])} lượt không rõ giới tính")
    who = "Các tỉnh, thành phố đã tổ chức" if national else "Tổ chức"
    if snapshot["kind"] != "annual":
        who = f"Trong {period_of(snapshot)}, " + who[0].lower() + who[1:]
    sentence = (
        f"{who} {n(c['activities'])} hoạt động truyền thông ({types}), "
        f"tiếp cận {n(reached['total'])} lượt người ({', '.join(by_sex)})"
    )
    products = c.get("products") or []
    if products:
        sentence += "; sản xuất " + ", ".join(f"{n(p['count'])} {p['label']}" for p in products)
    if c.get("cost_total") and Decimal(c["cost_total"]):
        sentence += f"; kinh phí {fmt(c['cost_total'])} đồng"
    lines = [sentence + "."]
    month = c.get("action_month")
    if month and month.get("activities"):
        lines.append(
            f"Hưởng ứng {month['name']} ({vn_day(month['start'], year=False)} - {vn_day(month['end'], year=False)}), "
            f"tổ chức {n(month['activities'])} hoạt động, tiếp cận {n(month['reached']['total'])} lượt người."
        )
    minority = [lang for lang in c.get("languages", []) if lang["language"] != "vi"]
    if minority and c.get("ethnic_language_activities"):
        spoken = ", ".join(f"{lang['label']}: {n(lang['count'])}" for lang in minority)
        lines.append(
            f"Có {n(c['ethnic_language_activities'])} hoạt động được thực hiện bằng tiếng dân tộc thiểu số ({spoken})."
        )
    for campaign in c.get("campaigns", []):
        if not campaign.get("activities"):
            continue
        place = f" ({campaign['province']})" if national else ""
        r = campaign["reached"]
        cost = (
            f"; kinh phí {fmt(campaign['cost_total'])} đồng"
            if Decimal(campaign.get("cost_total") or 0)
            else ""
        )
        lines.append(
            f"- {campaign['name']}{place}, từ {vn_day(campaign['start'])} đến {vn_day(campaign['end'])}: "
            f"{n(campaign['activities'])} hoạt động, {n(r['total'])} lượt người ({n(r['female'])} nữ, "
            f"{n(r['male'])} nam){cost}."
        )
    lines.append(CONTACTS_NOTE)
    return lines


class CommunicationSection(Section):
    key = "communication"
    chapter = "I"
    heading = "Công tác thông tin, truyền thông"
    template = "reports/sections/communication.html"

    def build(self, ctx: BuildContext) -> dict[str, Any]:
        since = ctx.years[0] if len(ctx.years) > 1 else None  # a review sums its years
        return {
            "communication": communication_summary(None if ctx.national else ctx.unit, ctx.year, since=since)
        }

    def paragraphs(self, snapshot: dict) -> list[str]:
        """The figures first, then the narrative the province wrote."""
        figures = communication_sentences(snapshot)
        written = paragraphs(snapshot["narrative"]["communication"])
        return figures + written or ["Chưa có hoạt động truyền thông được ghi nhận trong kỳ báo cáo."]

    def sheets(self, snapshot: dict) -> list[Sheet]:
        c = snapshot["communication"]
        if not c:
            return []
        reached = c["reached"]
        rows: list[list] = [
            ["Số hoạt động truyền thông", c["activities"]],
            ["Lượt người được tiếp cận: tổng số", reached["total"]],
            ["- Nữ", reached["female"]],
            ["- Nam", reached["male"]],
            ["- Không rõ giới tính", reached["unknown"]],
            ["Kinh phí (đồng)", number(c["cost_total"])],
        ]
        if c["action_month"]:
            rows.append(["Hoạt động trong Tháng hành động", c["action_month"]["activities"]])
            rows.append(
                ["Lượt người được tiếp cận trong Tháng hành động", c["action_month"]["reached"]["total"]]
            )
        rows.append(["Hoạt động bằng tiếng dân tộc thiểu số", c["ethnic_language_activities"]])
        for title, items, key in (
            ("Số hoạt động theo loại", c["by_type"], "count"),
            ("Sản phẩm truyền thông", c["products"], "count"),
            ("Kinh phí theo nguồn (đồng)", c["costs"], "amount"),
            ("Số hoạt động theo ngôn ngữ", c["languages"], "count"),
        ):
            rows.append([])
            rows.append(bold([title]))
            for item in items:
                value, label = item[key], item["label"]
                rows.append(
                    [label[:1].upper() + label[1:], number(value) if isinstance(value, str) else value]
                )
        rows.append([])
        rows.append(bold(["Chiến dịch truyền thông"]))
        rows.append(
            bold(
                ["Chiến dịch", "Tỉnh, thành phố", "Từ ngày", "Đến ngày", "Số hoạt động", "Nữ", "Nam"]
                + ["Không rõ giới tính", "Tổng số lượt người", "Kinh phí (đồng)"]
            )
        )
        for campaign in c["campaigns"]:
            r = campaign["reached"]
            rows.append(
                [
                    campaign["name"],
                    campaign.get("province", ""),
                    date.fromisoformat(campaign["start"]),
                    date.fromisoformat(campaign["end"]),
                    campaign["activities"],
                    r["female"],
                    r["male"],
                    r["unknown"],
                    r["total"],
                    number(campaign["cost_total"]),
                ]
            )
        return [
            Sheet(
                name="Truyền thông",
                headers=["Nội dung", "Số lượng"],
                rows=rows,
                widths=[60, 18, 12, 12, 12, 12, 12, 14, 16, 18],
                title=[f"Công tác thông tin, truyền thông {period_of(snapshot)}", CONTACTS_NOTE[1:-1]],
                formats={2: NUMBER, **dict.fromkeys(range(5, 11), NUMBER)},
                wrap=[1],
            )
        ]
