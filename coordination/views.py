from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from audit.models import AuditEntry
from coordination import services
from coordination.forms import DecisionForm, FollowUpForm, MeetingForm
from coordination.models import Decision, DecisionStatus, Meeting
from coordination.selectors import DATA, LEAD, PARTNER, meetings_of, responsibility_matrix
from core.decorators import load_and_check, role_required
from core.form_post import act, form_post
from units.models import AdminUnit, Level


def _province(request) -> AdminUnit:
    """The user's province, or for the ministry the one chosen with ?province=CODE (Http404 when missing)."""
    own = access.province_of(request.user)
    code = request.GET.get("province") or request.POST.get("province")
    if own is not None and not code:
        return own
    if not code:
        raise Http404
    province = AdminUnit.objects.filter(code=code, level=Level.PROVINCE, valid_to__isnull=True).first()
    if province is None:
        raise Http404
    if not access.can_view_coordination(request.user, province):
        raise PermissionDenied
    return province


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", date.today().year))
    except ValueError:
        year = date.today().year
    return min(max(year, 2021), 2030)


def _provinces():
    return AdminUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=True).order_by("code")


@role_required()
def matrix(request):
    if access.province_of(request.user) is None and not request.GET.get("province"):
        if not access.is_ministry(request.user):
            raise PermissionDenied
        return render(request, "coordination/pick.html", {"provinces": _provinces()})
    province = _province(request)
    year = _year(request)
    result = responsibility_matrix(province, year)
    if request.GET.get("format") == "xlsx":
        from coordination.xlsx import MatrixExport

        return MatrixExport(result, province=province, year=year).xlsx_response()
    load = result.load()
    return render(
        request,
        "coordination/matrix.html",
        {
            "province": province,
            "year": year,
            "years": range(2021, 2031),
            "matrix": result,
            "load": [(a, load[a.pk]) for a in result.agencies],
            "no_lead": [row for row in result.rows if row.missing_lead],
            "LEAD": LEAD,
            "PARTNER": PARTNER,
            "DATA": DATA,
            "is_ministry": access.is_ministry(request.user),
        },
    )


@role_required()
def meeting_list(request):
    if access.province_of(request.user) is None and not request.GET.get("province"):
        if not access.is_ministry(request.user):
            raise PermissionDenied
        return render(request, "coordination/pick.html", {"provinces": _provinces(), "meetings": True})
    province = _province(request)
    year = request.GET.get("year")
    meetings = list(meetings_of(province, int(year) if year and year.isdigit() else None))
    today = date.today()
    open_decisions = [d for m in meetings for d in m.decisions.all() if d.status == DecisionStatus.OPEN]
    return render(
        request,
        "coordination/meetings.html",
        {
            "province": province,
            "meetings": meetings,
            "today": today,
            "open_count": len(open_decisions),
            "overdue_count": sum(1 for d in open_decisions if d.is_overdue(today)),
            "can_edit": access.can_edit_coordination(request.user, province),
        },
    )


MEETINGS = Meeting.objects.select_related("province")


def _to_meeting(meeting: Meeting, anchor: str = ""):
    return redirect(reverse("meeting_detail", args=[meeting.pk]) + (f"#{anchor}" if anchor else ""))


@role_required()
def meeting_edit(request, pk: int | None = None):
    meeting = get_object_or_404(MEETINGS, pk=pk) if pk else None  # a new meeting when the address names none
    province = meeting.province if meeting else access.province_of(request.user)
    if province is None or not access.can_edit_coordination(request.user, province):
        raise PermissionDenied
    initial = {"held_on": date.today()}
    if meeting is not None:
        initial = {
            "held_on": meeting.held_on,
            "title": meeting.title,
            "place": meeting.place,
            "chair": meeting.chair,
            "participants": list(meeting.participants.all()),
            "other_participants": meeting.other_participants,
            "summary": meeting.summary,
            "lock_version": meeting.lock_version,
        }
    form = MeetingForm(request.POST or None, initial=initial, province=province)
    done = form_post(
        request,
        form,
        lambda data: services.meeting_save(
            province=province,
            by=request.user,
            meeting=meeting,
            expected_version=form.expected_version if meeting is not None else None,
            **(data | {"participants": list(data["participants"])}),
        ),
        success=_("The meeting is saved."),
        to=_to_meeting,
    )
    return done or render(
        request, "coordination/meeting_form.html", {"form": form, "meeting": meeting, "province": province}
    )


@load_and_check(MEETINGS, access.can_view_coordination, of="province")
def meeting_detail(request, meeting):
    meeting = meetings_of(meeting.province).get(pk=meeting.pk)
    decisions = list(meeting.decisions.all())
    history = {
        d.pk: list(AuditEntry.objects.for_object(d).filter(action="meeting.follow_up").order_by("at"))
        for d in decisions
    }
    return render(
        request,
        "coordination/meeting.html",
        {
            "meeting": meeting,
            "decisions": [
                (d, history[d.pk], access.can_follow_up_decision(request.user, d)) for d in decisions
            ],
            "today": date.today(),
            "can_edit": access.can_edit_coordination(request.user, meeting.province),
            "decision_form": DecisionForm(province=meeting.province),
            "follow_up_form": FollowUpForm(),
        },
    )


@require_POST
@load_and_check(MEETINGS, access.can_view_coordination, access.can_edit_coordination, of="province")
def decision_add(request, meeting):
    form = DecisionForm(request.POST, province=meeting.province)
    return act(
        request,
        lambda: services.decision_add(meeting=meeting, by=request.user, **form.cleaned_data),
        success=_("The decision is recorded."),
        to=_to_meeting(meeting, "decisions"),
        form=form,
    )


@require_POST
@load_and_check(Decision.objects.select_related("meeting__province"), access.can_follow_up_decision)
def decision_follow_up(request, decision):
    form = FollowUpForm(request.POST)
    return act(
        request,
        lambda: services.decision_follow_up(decision=decision, by=request.user, **form.cleaned_data),
        success=_("The follow-up is recorded."),
        to=_to_meeting(decision.meeting, f"decision-{decision.pk}"),
        form=form,
    )


@load_and_check(MEETINGS, access.can_view_coordination, access.can_edit_coordination, of="province")
def meeting_delete(request, meeting):
    if request.method == "POST":
        return act(
            request,
            lambda: services.meeting_delete(meeting=meeting, by=request.user),
            success=_("The meeting is deleted."),
            to="meeting_list",
            back=_to_meeting(meeting),
        )
    return render(request, "coordination/meeting_delete.html", {"meeting": meeting})
