"""Each role's home as its to-do list: what the person (or their agency, commune or province) still owes for the
reporting year, ordered by deadline, every item a link to the page where it is done.

Nothing here queries values, plans or reports itself: it reads the selectors the pages behind the links use
(``datavalues.selectors.worklist``, ``dashboards.selectors.province_summary`` and ``cockpit``,
``questions.selectors``), so the home and those pages always agree, and the number of queries stays fixed
whatever the number of indicators, agencies or provinces."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import access
from accounts.models import Role, User
from units.models import AdminUnit

NEVER = date.max


@dataclass
class TodoItem:
    """One thing owed: what it is, a detail line, when it is due (None: no date), where it is done."""

    title: str
    url: str
    due: date | None = None
    detail: str = ""
    kind: str = ""  # a short label for the kind of work: figures, task, report, question
    late: bool = False
    rank: int = 5  # among items due the same day, the lower first

    @property
    def days_left(self) -> int | None:
        return None if self.due is None else (self.due - date.today()).days

    @property
    def days_late(self) -> int:
        return 0 if self.due is None else max(0, (date.today() - self.due).days)


@dataclass
class Todo:
    """A home's to-do list and, for read-only roles, a summary instead."""

    items: list[TodoItem] = field(default_factory=list)
    summary: list[tuple[str, str, str]] = field(default_factory=list)  # (label, value, url)
    read_only: bool = False

    def add(self, item: TodoItem) -> None:
        item.late = item.due is not None and item.due < date.today()
        self.items.append(item)

    def sort(self) -> Todo:
        self.items.sort(key=lambda i: (i.due or NEVER, i.rank, i.kind, i.title))
        return self


def todo_for(user: User, year: int) -> Todo:
    """The to-do list of ``user`` for the reporting year ``year``, by role."""
    if not access.has_role(user):
        return Todo()
    if user.role == Role.VIEWER:
        return _viewer(user, year)
    if access.is_ministry(user):
        return _ministry(user, year).sort()
    province = access.province_of(user)
    if province is None:
        return Todo()
    if user.role == Role.FOCAL_OFFICER:
        return _focal(user, province, year).sort()
    return _owed_by_me(user, province, year).sort()


# --- a department or commune officer: the parts and tasks they owe --------------------------------------------------


def _grid_url(code: str, year: int, unit: AdminUnit) -> str:
    return reverse("data_grid", args=[code, year]) + f"?unit={unit.pk}"


def _owed_by_me(user: User, province: AdminUnit, year: int) -> Todo:
    from datavalues.selectors import data_deadline, worklist

    todo = Todo()
    due = data_deadline(year)
    owed: dict[int, list] = defaultdict(list)
    for item in worklist(user, year):
        if item.status in ("missing", "returned"):
            owed[item.indicator.pk].append(item)
    for items in owed.values():
        first = items[0]
        parts = ", ".join(str(i.part.get_kind_display()) for i in items)
        returned = any(i.status == "returned" for i in items)
        todo.add(
            TodoItem(
                title=f"{first.indicator.code} · {first.indicator.name}",
                url=_grid_url(first.indicator.code, year, first.unit),
                due=due,
                detail=(_("Returned for correction: %(parts)s") if returned else _("Not entered: %(parts)s"))
                % {"parts": parts},
                kind=_("Figures"),
            )
        )
    if user.role == Role.DEPARTMENT_OFFICER and user.agency_id is not None:
        _my_tasks(todo, user, province, year)
        _answered_questions(todo, user, province, mine=True)
    return todo


def _task_due(task, year: int) -> date:
    from reports.selectors import deadline_of

    deadline = deadline_of(year)
    return min(task.end_date, deadline) if task.end_date is not None else deadline


def _my_tasks(todo: Todo, user: User, province: AdminUnit, year: int) -> None:
    from dashboards.selectors import province_summary

    for debt in province_summary(province, year)["debts"]:
        if debt.agency is None or debt.agency.pk != user.agency_id:
            continue
        for task in debt.tasks:
            todo.add(
                TodoItem(
                    title=task.title,
                    url=reverse("task_progress", args=[task.pk]),
                    due=_task_due(task, year),
                    detail=_("No progress reported for %(year)s") % {"year": year},
                    kind=_("Plan task"),
                )
            )


def _answered_questions(todo: Todo, user: User, province: AdminUnit, *, mine: bool) -> None:
    """Answers from the ministry the province has not closed yet: to read, and to close or ask again."""
    from questions.models import QuestionStatus
    from questions.selectors import questions_of_province

    qs = questions_of_province(user, province=province, status=QuestionStatus.ANSWERED)
    if mine:
        qs = qs.filter(asked_by=user)
    for question in qs[:10]:
        todo.add(
            TodoItem(
                title=question.title,
                url=reverse("question_detail", args=[question.pk]),
                detail=_("The ministry answered: read it, then close the question or ask again"),
                kind=_("Question"),
            )
        )


# --- the focal officer: what blocks the province's report -----------------------------------------------------------


def _focal(user: User, province: AdminUnit, year: int) -> Todo:
    from dashboards.selectors import province_summary, report_states
    from reports.selectors import deadline_of, plan_deadline_of

    todo = Todo()
    summary = province_summary(province, year)
    data_due = summary["data"]["deadline"]
    completeness = reverse("data_completeness") + f"?year={year}"
    for debt in summary["debts"]:
        missing = sum(1 for o in debt.owed if o.state == "missing")
        returned = sum(1 for o in debt.owed if o.state == "returned")
        name = debt.agency.name if debt.agency else _("Parts no agency is assigned")
        if missing or returned:
            bits = []
            if missing:
                bits.append(
                    ngettext("%(n)s part not entered", "%(n)s parts not entered", missing) % {"n": missing}
                )
            if returned:
                bits.append(
                    ngettext(
                        "%(n)s part returned for correction", "%(n)s parts returned for correction", returned
                    )
                    % {"n": returned}
                )
            codes = sorted({o.indicator.code for o in debt.owed if o.state in ("missing", "returned")})
            todo.add(
                TodoItem(
                    title=name,
                    url=completeness,
                    due=data_due,
                    detail="; ".join(bits)
                    + " ("
                    + ", ".join(codes[:8])
                    + ("…" if len(codes) > 8 else "")
                    + ")",
                    kind=_("Figures"),
                )
            )
        if debt.tasks:
            n = len(debt.tasks)
            todo.add(
                TodoItem(
                    title=name,
                    url=reverse("plan_detail", args=[debt.tasks[0].plan_id]),
                    due=deadline_of(year),
                    detail=ngettext(
                        "%(n)s plan task without progress for %(year)s",
                        "%(n)s plan tasks without progress for %(year)s",
                        n,
                    )
                    % {"n": n, "year": year},
                    kind=_("Plan task"),
                )
            )
    plan = summary["plan"]
    if not plan.annual_issued:
        todo.add(
            TodoItem(
                title=_("Annual plan for %(year)s") % {"year": year},
                url=reverse("plan_detail", args=[plan.annual.pk]) if plan.annual else reverse("plan_list"),
                due=plan_deadline_of(year),
                detail=_("Not issued yet") if plan.annual else _("Not drafted yet"),
                kind=_("Plan"),
            )
        )
    _quality_flags(todo, province, year, data_due)
    _report_items(todo, province, year, summary["report"])
    previous = report_states(year - 1, [province])[province.pk]
    if (date.today() - previous.deadline).days <= LATE_KEPT_DAYS:  # last year's, not sent or returned
        _report_items(todo, province, year - 1, previous)
    _answered_questions(todo, user, province, mine=False)
    return todo


def _quality_flags(todo: Todo, province: AdminUnit, year: int, due: date) -> None:
    """Values the data-quality checks flag that nobody has checked yet (``datavalues.quality.quality_rows``, the
    flags kept in the shared cache): one item with their count, linking to the quality page's open ones."""
    from datavalues.models import ReviewState
    from datavalues.quality import quality_rows

    rows = quality_rows(province, year, state=ReviewState.OPEN)
    if rows:
        codes = sorted({row.indicator.code for row in rows})
        todo.add(
            TodoItem(
                title=ngettext(
                    "%(n)s value flagged by the data-quality checks, not yet checked",
                    "%(n)s values flagged by the data-quality checks, not yet checked",
                    len(rows),
                )
                % {"n": len(rows)},
                url=reverse("data_quality") + f"?year={year}&state={ReviewState.OPEN}",
                due=due,
                detail=", ".join(codes[:8]) + ("…" if len(codes) > 8 else ""),
                kind=_("Data quality"),
                rank=1,
            )
        )


def _report_items(todo: Todo, province: AdminUnit, year: int, state) -> None:
    """The province's annual report of ``year`` while it is not sent or was returned: the narrative sections still
    to write, else that it waits to be sent (``state`` is ``dashboards.selectors.ReportState``)."""
    from dashboards.selectors import LATE, ON_TIME, RETURNED
    from reports.assemble import NARRATIVE
    from reports.models import Report, ReportKind

    url = reverse("report_detail", args=[province.code, ReportKind.ANNUAL, year])
    if state.state in (ON_TIME, LATE):  # sent: nothing to do but wait, said so the officer need not look
        todo.add(
            TodoItem(
                title=_("Annual report on %(y)s") % {"y": year},
                url=url + "#submissions",
                detail=_("Sent on %(day)s: waiting for the ministry's decision")
                % {"day": timezone.localdate(state.submission.submitted_at).strftime("%d/%m/%Y")},
                kind=_("Report"),
                rank=0,
            )
        )
    if state.sent and state.state != RETURNED:
        return
    report = state.report or Report(unit=province, kind=ReportKind.ANNUAL, year=year)  # nothing written yet
    empty = [
        str(Report._meta.get_field(name).verbose_name)  # type: ignore[union-attr]  # a text field
        for name in NARRATIVE
        if not (getattr(report, name) or "").strip()
    ]
    if empty:
        detail, url = _("Still to write: %(sections)s.") % {"sections": ", ".join(empty)}, url + "#texts"
    elif state.state == RETURNED:
        detail, url = _("Returned by the ministry: correct it and send it again"), url + "#submit"
    else:
        detail, url = _("Every section is written: check it and send it to the ministry"), url + "#submit"
    todo.add(
        TodoItem(
            title=_("Annual report on %(y)s") % {"y": year},
            url=url,
            due=state.deadline,
            detail=detail,
            kind=_("Report"),
            rank=0,
        )
    )


# --- the ministry: reports waiting for its decision, late provinces, open questions ---------------------------------


def _reports_of_the_year(todo: Todo, year: int, decide: bool) -> None:
    """The ministry's items of one year's annual reports (``dashboards.selectors.cockpit``, kept in the cache):
    each report waiting for its decision, and the provinces that have not sent theirs from 30 days before the
    deadline until ``LATE_KEPT_DAYS`` after it."""
    from dashboards.selectors import LATE, ON_TIME, cockpit
    from reports.models import ReportKind

    data = cockpit(year)
    deadline = data["deadline"]
    for row in data["rows"]:
        report = row.report
        if report.state in (ON_TIME, LATE) and decide:
            todo.add(
                TodoItem(
                    title=f"{row.province.name} · {year}",
                    url=reverse("report_detail", args=[row.province.code, ReportKind.ANNUAL, year])
                    + "#submissions",
                    due=deadline,
                    detail=_("Report sent on %(day)s: waiting for your decision")
                    % {"day": timezone.localdate(report.submission.submitted_at).strftime("%d/%m/%Y")},
                    kind=_("To decide"),
                    rank=0,
                )
            )
    not_sent = [r for r in data["rows"] if not r.report.sent]
    if not_sent and -LATE_KEPT_DAYS <= (deadline - date.today()).days <= 30:
        names = ", ".join(r.province.name for r in not_sent[:6]) + ("…" if len(not_sent) > 6 else "")
        todo.add(
            TodoItem(
                title=ngettext(
                    "%(n)s province has not sent its report on %(year)s",
                    "%(n)s provinces have not sent their report on %(year)s",
                    len(not_sent),
                )
                % {"n": len(not_sent), "year": year},
                url=reverse("cockpit")
                + f"?year={year}"
                + ("&state=overdue" if deadline < date.today() else ""),
                due=deadline,
                detail=names,
                kind=_("Late provinces"),
                rank=1,
            )
        )


# After a year's deadline the home turns to the next year; reports of the year before still waiting for a decision
# stay on it, and the provinces that never sent theirs for this many days.
LATE_KEPT_DAYS = 120


def _ministry(user: User, year: int) -> Todo:
    from questions.models import QuestionStatus
    from questions.selectors import question_inbox

    todo = Todo()
    decide = access.can_decide_submissions(user)
    for cycle in (year - 1, year):
        _reports_of_the_year(todo, cycle, decide)
    for question in question_inbox(user, status=QuestionStatus.OPEN).select_related("province")[:10]:
        todo.add(
            TodoItem(
                title=question.title,
                url=reverse("question_detail", args=[question.pk]),
                detail=_("%(province)s · waiting since %(day)s")
                % {
                    "province": question.province.name,
                    "day": timezone.localdate(question.waiting_since).strftime("%d/%m/%Y")
                    if question.waiting_since
                    else "—",
                },
                kind=_("Question"),
            )
        )
    return todo


# --- read-only viewers: a summary, nothing to do --------------------------------------------------------------------


def _viewer(user: User, year: int) -> Todo:
    from lib.numbers import format_number

    todo = Todo(read_only=True)
    province = access.province_of(user)
    if province is None or access.is_ministry(user):
        from dashboards.selectors import cockpit

        data = cockpit(year)
        cockpit_url = reverse("cockpit") + f"?year={year}" if access.can_view_cockpit(user) else ""
        todo.summary = [
            (_("Reports sent"), f"{data['sent']}/{data['total']}", reverse("report_list") + f"?year={year}"),
            (_("Annual plans issued"), f"{data['plans_issued']}/{data['total']}", cockpit_url),
            (
                _("Figures entered"),
                "—" if data["data_share"] is None else f"{format_number(round(data['data_share']))}%",
                cockpit_url,
            ),
        ]
        return todo
    from dashboards.selectors import REPORT_STATE_LABELS, province_summary
    from reports.models import ReportKind

    summary = province_summary(province, year)
    share = summary["data"]["share"]
    todo.summary = [
        (
            _("Figures entered"),
            "—" if share is None else f"{format_number(round(share))}%",
            reverse("dashboard_home") + f"?year={year}",
        ),
        (
            _("Annual plan"),
            _("Issued") if summary["plan"].annual_issued else _("Not issued yet"),
            reverse("plan_list"),
        ),
        (
            _("Annual report"),
            str(REPORT_STATE_LABELS[summary["report"].state]),
            reverse("report_detail", args=[province.code, ReportKind.ANNUAL, year]),
        ),
    ]
    return todo
