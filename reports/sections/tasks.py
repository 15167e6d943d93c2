"""Section I.3 and a province's Annex III: the plan's tasks and their last reported progress (for the nation, how
many tasks the provinces' plans have, by group of solutions)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from documents.official import Table
from lib.exporters import Sheet
from plans.documents import vi_label
from plans.models import Plan, Task, TaskCategory
from plans.selectors import plan_tasks
from reports.sections.base import AnnexPart, BuildContext, Section
from reports.sections.text import is_national, n
from reports.selectors import plans_covered


def task_rows(plans: list[Plan], until: date) -> list[dict]:
    rows = []
    for plan in plans:
        for task in plan_tasks(plan):
            updates = [p for p in task.progress.all() if p.reported_on <= until]
            last = updates[-1] if updates else None
            rows.append(
                {
                    "title": task.title.strip(),
                    "category": task.category,
                    "lead": task.lead_agency.name if task.lead_agency_id else "",
                    "percent": last.percent if last else None,
                    "note": last.note.strip() if last else "",
                    "as_of": last.reported_on.isoformat() if last else None,
                }
            )
    return rows


def national_task_counts(kind: str, year: int) -> dict[str, int]:
    """How many tasks the current provinces' plans for the period have, by category (two queries)."""
    from units.models import AdminUnit, Level

    current = AdminUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=True).values_list(
        "pk", flat=True
    )
    plans = [plan for covered in plans_covered(kind, year, current).values() for plan in covered]
    return dict(Counter(Task.objects.filter(plan__in=plans).values_list("category", flat=True)))


class TasksSection(Section):
    key = "tasks"
    chapter = "I"
    heading = "Kết quả thực hiện nhiệm vụ, giải pháp"
    template = "reports/sections/tasks.html"

    def build(self, ctx: BuildContext) -> dict[str, Any]:
        if ctx.national:
            return {"tasks": [], "task_counts": national_task_counts(ctx.kind, ctx.year)}
        return {"tasks": task_rows(ctx.plans, ctx.until), "task_counts": {}}

    def paragraphs(self, snapshot: dict) -> list[str]:
        if is_national(snapshot):
            counts = snapshot["task_counts"]
            if not counts:
                return ["Chưa có nhiệm vụ trong kế hoạch của các tỉnh, thành phố."]
            lines = [f"Kế hoạch của các tỉnh, thành phố có {n(sum(counts.values()))} nhiệm vụ, trong đó:"]
            for category in TaskCategory.values:
                if counts.get(category):
                    lines.append(f"- {vi_label(TaskCategory, category)}: {n(counts[category])};")
            lines[-1] = lines[-1][:-1] + "."
            return lines
        tasks = snapshot["tasks"]
        if not tasks:
            return ["Kế hoạch chưa có nhiệm vụ nào."]
        done = sum(1 for t in tasks if t["percent"] == 100)
        lines = [
            f"Kế hoạch có {len(tasks)} nhiệm vụ; {done} nhiệm vụ đã hoàn thành. Chi tiết tại Phụ lục III."
        ]
        for task in tasks:
            progress = f"{task['percent']}%" if task["percent"] is not None else "chưa báo cáo tiến độ"
            note = f" {task['note'].rstrip('.')}." if task["note"] else ""
            lines.append(f"- {task['title'].rstrip('.')} ({task['lead']}; {progress}).{note}")
        return lines

    def annexes(self, snapshot: dict) -> list[AnnexPart]:
        if is_national(snapshot) or not snapshot["tasks"]:
            return []
        rows = [
            [
                str(i),
                task["title"],
                vi_label(TaskCategory, task["category"]),
                task["lead"],
                f"{task['percent']}%" if task["percent"] is not None else "-",
                task["note"],
            ]
            for i, task in enumerate(snapshot["tasks"], start=1)
        ]
        table = Table(
            columns=["TT", "Nhiệm vụ", "Nhóm giải pháp", "Cơ quan chủ trì", "Tiến độ", "Kết quả thực hiện"],
            rows=rows,
            widths_cm=[1.0, 6.5, 3.4, 3.4, 1.8, 8.0],
            landscape=True,
            align=["center", "left", "left", "left", "center", "left"],
        )
        return [AnnexPart(title="KẾT QUẢ THỰC HIỆN NHIỆM VỤ, GIẢI PHÁP", table=table)]

    def sheets(self, snapshot: dict) -> list[Sheet]:
        if is_national(snapshot):
            return []
        rows = (
            [
                i,
                task["title"],
                vi_label(TaskCategory, task["category"]),
                task["lead"],
                task["percent"],
                task["as_of"] or "",
                task["note"],
            ]
            for i, task in enumerate(snapshot["tasks"], start=1)
        )
        return [
            Sheet(
                name="Nhiệm vụ",
                headers=[
                    "TT",
                    "Nhiệm vụ",
                    "Nhóm giải pháp",
                    "Cơ quan chủ trì",
                    "Tiến độ (%)",
                    "Ngày cập nhật",
                    "Kết quả",
                ],
                rows=rows,
                widths=[5, 50, 30, 28, 12, 14, 60],
                wrap=[2, 7],
            )
        ]
