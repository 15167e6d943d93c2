"""The responsibility matrix (read from the plan and the assignments) and coordination meetings."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from audit.models import AuditEntry
from coordination.models import DecisionStatus, Meeting
from coordination.selectors import DATA, LEAD, PARTNER, responsibility_matrix
from coordination.services import decision_add, decision_follow_up, meeting_delete, meeting_save
from indicators.models import Indicator
from lib.errors import DomainError
from plans.services import plan_create, plan_indicator_set, task_create
from units.selectors import unit_resolve

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(tay_ninh, persona, agency):
    focal = persona("focal")
    plan = plan_create(province=tay_ninh, kind="five_year", start_year=2026, by=focal)
    plan_indicator_set(
        plan=plan,
        indicator=Indicator.objects.get(code="M4.1"),
        by=focal,
        lead_agency=agency("y_te"),
        partner_agencies=[agency("thong_ke")],
    )
    task_create(
        plan=plan,
        by=focal,
        category="communication",
        title="Truyền thông về mất cân bằng giới tính khi sinh",
        lead_agency=agency("y_te"),
        partner_agencies=[agency("hoi_phu_nu")],
    )
    return plan


def test_the_matrix_shows_leads_partners_and_data_providers(plan, tay_ninh, agency):
    matrix = responsibility_matrix(tay_ninh, 2026)
    rows = {row.code: row for row in matrix.rows}
    assert rows["M4.1"].roles == {agency("y_te").pk: LEAD, agency("thong_ke").pk: PARTNER}
    assert rows["NV1"].roles == {agency("y_te").pk: LEAD, agency("hoi_phu_nu").pk: PARTNER}
    parts = [row for row in matrix.rows if row.kind == "part" and row.code.startswith("M4.1 ")]
    assert len(parts) == 2 and all(DATA in row.roles.values() for row in parts)
    assert not rows["M4.1"].missing_lead and rows["M2.1"].missing_lead  # M2.1 is not in this plan
    load = matrix.load()
    assert load[agency("y_te").pk][LEAD] == 2


def test_the_matrix_xlsx_has_a_column_per_agency(client_as, plan, agency):
    response = client_as("focal").get("/coordination/?year=2026&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    head = [c.value for c in sheet[4]]
    assert head[:3] == ["Loại", "Mã", "Nội dung"] and agency("y_te").name in head
    column = head.index(agency("y_te").name) + 1
    row = next(r for r in sheet.iter_rows(min_row=5) if r[1].value == "M4.1")
    assert row[column - 1].value == "C"


def test_a_meeting_its_decisions_and_their_follow_up(tay_ninh, persona, agency):
    focal = persona("focal")
    meeting = meeting_save(
        province=tay_ninh,
        by=focal,
        held_on=date(2026, 3, 10),
        title="Họp Ban chỉ đạo",
        chair=agency("noi_vu"),
        participants=[agency("y_te"), agency("thong_ke")],
    )
    decision = decision_add(
        meeting=meeting,
        by=focal,
        text="Sở Y tế gửi số liệu M4.1",
        responsible=agency("y_te"),
        due_on=date(2026, 4, 1),
    )
    assert decision.is_overdue(date(2026, 4, 2)) and not decision.is_overdue(date(2026, 3, 31))
    with pytest.raises(DomainError):  # a note is required
        decision_follow_up(decision=decision, by=persona("department"), status="done", note="")
    decision_follow_up(
        decision=decision, by=persona("department"), status="done", note="Đã gửi", done_on=date(2026, 3, 28)
    )
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DONE and not decision.is_overdue(date(2026, 5, 1))
    assert AuditEntry.objects.filter(action="meeting.follow_up", reason="Đã gửi").exists()
    with pytest.raises(DomainError):  # a meeting whose decision was carried out is kept
        meeting_delete(meeting=meeting, by=focal)


def test_agencies_of_another_province_and_stale_edits_are_refused(tay_ninh, persona, agency):
    from agencies.models import Agency

    focal = persona("focal")
    ha_noi_health = Agency.objects.get(province=unit_resolve(code="01", on=date.today()), kind__code="y_te")
    with pytest.raises(DomainError) as refused:
        meeting_save(
            province=tay_ninh, by=focal, held_on=date(2026, 3, 10), title="Họp", participants=[ha_noi_health]
        )
    assert refused.value.field == "participants" and not Meeting.objects.exists()
    meeting = meeting_save(province=tay_ninh, by=focal, held_on=date(2026, 3, 10), title="Họp")
    opened = meeting.lock_version
    meeting_save(
        province=tay_ninh,
        by=focal,
        meeting=meeting,
        expected_version=opened,
        held_on=date(2026, 3, 10),
        title="A",
    )
    with pytest.raises(DomainError):
        meeting_save(
            province=tay_ninh,
            by=focal,
            meeting=meeting,
            expected_version=opened,
            held_on=date(2026, 3, 10),
            title="B",
        )
    meeting.refresh_from_db()
    assert meeting.title == "A"


def test_who_may_record_and_follow_up(client_as, tay_ninh, persona, agency):
    meeting = meeting_save(province=tay_ninh, by=persona("focal"), held_on=date.today(), title="Họp")
    decision = decision_add(meeting=meeting, by=persona("focal"), text="Việc", responsible=agency("thong_ke"))
    follow = {"status": "open", "note": "Đang làm"}
    # the Health officer is not responsible for this decision; a viewer and another province may not either
    for who in ("department", "province_viewer", "outsider", "ministry_officer"):
        assert client_as(who).post(f"/coordination/decisions/{decision.pk}/", follow).status_code == 403, who
    assert client_as("department").post("/coordination/meetings/new/", {"title": "X"}).status_code == 403
    assert client_as("outsider").get(f"/coordination/meetings/{meeting.pk}/").status_code == 403
    page = client_as("focal").post(f"/coordination/decisions/{decision.pk}/", follow)
    assert page.status_code == 302
    confirm = client_as("focal").get(f"/coordination/meetings/{meeting.pk}/delete/")
    assert confirm.status_code == 200 and Meeting.objects.filter(pk=meeting.pk).exists()
    client_as("focal").post(f"/coordination/meetings/{meeting.pk}/delete/")
    assert not Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_meeting_is_recorded_without_a_version_but_never_edited_without_one(client_as, tay_ninh, persona):
    client = client_as("focal")
    data = {"held_on": "2026-03-10", "title": "Họp phối hợp"}
    assert client.post("/coordination/meetings/new/", data).status_code == 302  # a new meeting has none
    meeting = Meeting.objects.get()
    url = f"/coordination/meetings/{meeting.pk}/edit/"
    blind = client.post(url, data | {"title": "Sửa từ một trang cũ"})  # a page older than the version
    assert blind.status_code == 200 and blind.context["form"].non_field_errors()
    assert client.post(url, data | {"title": "Sửa", "lock_version": meeting.lock_version}).status_code == 302
    assert Meeting.objects.get().title == "Sửa"
