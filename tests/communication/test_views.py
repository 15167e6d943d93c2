"""The pages: who may record what, the viewer reads only, delete asks first, the calendar shows activities on
their dates, and the M6.1 numerator is written only on confirmation and through the data rules."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext

from audit.models import AuditEntry
from communication.models import Activity, Campaign
from datavalues.models import DataValue, ValueStatus
from datavalues.services import values_transition
from tests.communication.conftest import record
from tests.datavalues.conftest import enter

pytestmark = pytest.mark.django_db
NEW = "/communication/80/activities/new/"


def _form(**data) -> dict:
    return {
        "title": "Hội nghị truyền thông về bình đẳng giới",
        "activity_type": "conference",
        "start_date": "2026-11-20",
        "languages": ["vi"],
        "reached_female": "60",
        "reached_male": "40",
        "product_leaflets": "500",
        "cost_local_recurrent": "12000000",
        **data,
    }


def test_the_focal_officer_records_an_activity_under_any_task(client_as, culture_task, action_month):
    response = client_as("focal").post(NEW, _form(task=culture_task.pk, campaign=action_month.pk))
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/communication/activities/{activity.pk}/"
    assert activity.reached_total == 100 and activity.campaign == action_month
    assert activity.products.get().quantity == 500 and activity.costs.get().amount == Decimal(12_000_000)


def test_a_department_officer_records_only_under_their_agencys_tasks(client_as, health_task, culture_task):
    client = client_as("department")
    page = client.get(NEW)
    assert page.status_code == 200
    assert list(page.context["form"].fields["task"].queryset) == [health_task]  # only their agency's
    assert client.post(NEW, _form(task=culture_task.pk)).status_code == 200  # not a choice: refused
    assert client.post(NEW, _form()).status_code == 200  # a task is required
    assert not Activity.objects.exists()
    assert client.post(NEW, _form(task=health_task.pk)).status_code == 302
    own = Activity.objects.get()
    assert client.get(f"/communication/activities/{own.pk}/edit/").status_code == 200


def test_a_department_officer_cannot_change_another_agencys_activity(
    client_as, persona, tay_ninh, culture_task
):
    other = record(tay_ninh, persona("focal"), task=culture_task)
    unlinked = record(tay_ninh, persona("focal"))
    client = client_as("department")
    for activity in (other, unlinked):
        assert client.get(f"/communication/activities/{activity.pk}/").status_code == 200  # reads
        assert client.get(f"/communication/activities/{activity.pk}/edit/").status_code == 403
        assert client.post(f"/communication/activities/{activity.pk}/delete/").status_code == 403
    assert Activity.objects.count() == 2


def test_the_partner_agencys_officer_may_record_under_the_task(persona, culture_task):
    from accounts import access
    from accounts.models import Role, User
    from agencies.models import Agency

    union = Agency.objects.get(province=culture_task.plan.province, kind__code="hoi_phu_nu")
    officer = User.objects.create_user("union", "u@example.invalid", "x", role=Role.DEPARTMENT_OFFICER)
    officer.unit, officer.agency = culture_task.plan.province, union
    officer.save()
    assert access.can_record_activity_for(officer, culture_task.plan.province, culture_task)
    assert not access.can_record_activity_for(persona("department"), culture_task.plan.province, culture_task)


def test_another_province_is_refused_and_a_viewer_only_reads(client_as, persona, tay_ninh, action_month):
    activity = record(tay_ninh, persona("focal"), campaign=action_month)
    urls = [
        "/communication/80/2026/",
        "/communication/80/2026/calendar/",
        f"/communication/activities/{activity.pk}/",
        f"/communication/campaigns/{action_month.pk}/",
    ]
    outsider = client_as("outsider")
    for url in urls + [NEW, f"/communication/activities/{activity.pk}/edit/"]:
        assert outsider.get(url).status_code == 403, url
    assert outsider.post(NEW, _form()).status_code == 403

    viewer = client_as("province_viewer")
    for url in urls:
        assert viewer.get(url).status_code == 200, url
    page = viewer.get("/communication/80/2026/")
    assert not page.context["can_record"] and "activities/new/" not in page.content.decode()
    assert viewer.post(NEW, _form()).status_code == 403
    assert viewer.post(f"/communication/activities/{activity.pk}/edit/", _form()).status_code == 403
    assert viewer.post(f"/communication/activities/{activity.pk}/delete/").status_code == 403
    assert viewer.post(f"/communication/campaigns/{action_month.pk}/delete/").status_code == 403
    assert viewer.post("/communication/80/2026/m61/", {"total": "1", "version": "0"}).status_code == 403
    assert Activity.objects.count() == 1 and Campaign.objects.count() == 1

    ministry = client_as("ministry_viewer")
    assert ministry.get("/communication/80/2026/").status_code == 200
    assert ministry.get(NEW).status_code == 403
    national = ministry.get("/communication/?year=2026")
    tay_ninh_row = next(r for r in national.context["rows"] if r["province"].code == "80")
    assert tay_ninh_row["activities"] == 1


def test_deleting_asks_first(client_as, persona, tay_ninh):
    activity = record(tay_ninh, persona("focal"), title="Hội thi tìm hiểu pháp luật")
    client = client_as("focal")
    page = client.get(f"/communication/activities/{activity.pk}/delete/")
    assert page.status_code == 200 and "Hội thi tìm hiểu pháp luật" in page.content.decode()
    assert Activity.objects.exists()
    stale = client.post(
        f"/communication/activities/{activity.pk}/delete/", {"lock_version": activity.lock_version + 1}
    )
    assert stale.status_code == 302 and Activity.objects.exists()  # someone saved in between
    client.post(f"/communication/activities/{activity.pk}/delete/", {"lock_version": activity.lock_version})
    assert not Activity.objects.exists()


def test_an_edit_from_an_older_form_shows_the_conflict(client_as, persona, tay_ninh):
    activity = record(tay_ninh, persona("focal"))
    client = client_as("focal")
    url = f"/communication/activities/{activity.pk}/edit/"
    assert client.post(url, _form(lock_version=activity.lock_version)).status_code == 302
    response = client.post(url, _form(lock_version=activity.lock_version, title="Cũ"))
    assert response.status_code == 200 and response.context["form"].errors
    blind = client.post(
        url, _form(title="Không có phiên bản")
    )  # no version at all: refused, never saved blindly
    assert blind.status_code == 200 and blind.context["form"].non_field_errors()
    assert Activity.objects.get().title == "Hội nghị truyền thông về bình đẳng giới"


def test_the_calendar_shows_the_key_dates_and_each_activity_on_its_date(client_as, persona, tay_ninh):
    record(tay_ninh, persona("focal"), title="Phát động Tháng hành động", start_date=date(2026, 11, 15))
    record(tay_ninh, persona("focal"), title="Tọa đàm 8/3", start_date=date(2026, 3, 6))
    page = client_as("focal").get("/communication/80/2026/calendar/")
    months = page.context["months"]
    march = [(e["kind"], e["start"]) for e in months[2]["entries"]]
    assert march == [("activity", date(2026, 3, 6)), ("key_date", date(2026, 3, 8))]
    november = {e["item"].title: e["action_month"] for e in months[10]["entries"] if e["kind"] == "activity"}
    assert november == {"Phát động Tháng hành động": True}
    december = [e for e in months[11]["entries"] if e["kind"] == "key_date"]
    assert december and december[0]["action_month"]  # the Action Month shows in both its months
    html = page.content.decode()
    assert 'data-date="2026-11-15"' in html and "Tọa đàm 8/3" in html


def test_the_activity_list_filters_by_type_with_htmx(client_as, persona, tay_ninh):
    record(tay_ninh, persona("focal"), title="Một hội nghị")
    record(tay_ninh, persona("focal"), title="Một lớp tập huấn", activity_type="training")
    response = client_as("focal").get(
        "/communication/80/2026/?type=training&partial=activities", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert (
        html.startswith('<div id="activity-table">')
        and "Một lớp tập huấn" in html
        and "Một hội nghị" not in html
    )


# --- the M6.1 numerator -----------------------------------------------------------------------------------------------

M61 = "/communication/80/2026/m61/"


def _numerator(tay_ninh):
    return DataValue.objects.filter(
        series__indicator__code="M6.1", unit=tay_ninh, year=2026, part="numerator", sex="total"
    ).first()


def test_the_focal_officer_previews_then_writes_the_sum_as_the_m61_numerator(client_as, persona, tay_ninh):
    enter("M6.1", "denominator", tay_ninh, 2026, 1_000_000)
    record(tay_ninh, persona("focal"), reached_female=7000, reached_male=5000, reached_unknown=345)
    record(tay_ninh, persona("focal"), reached_female=1000, start_date=date(2026, 11, 20))
    client = client_as("focal")
    preview = client.get(M61)
    assert preview.status_code == 200 and preview.context["preview"]["total"] == 13_345
    assert "lượt người" in preview.content.decode()
    assert _numerator(tay_ninh) is None  # nothing written by looking

    response = client.post(M61, {"total": "13345", "version": "0"})
    assert response.status_code == 302
    value = _numerator(tay_ninh)
    assert value.value == Decimal(13_345) and value.source == "Tổng hợp từ hoạt động truyền thông"
    assert value.status == "entered" and "2 hoạt động truyền thông năm 2026" in value.comment
    assert AuditEntry.objects.filter(action="value.set", object_id=str(value.pk)).exists()


@pytest.mark.usefixtures("english")
def test_the_write_is_refused_when_the_sum_changed_since_the_preview(client_as, persona, tay_ninh):
    record(tay_ninh, persona("focal"), reached_female=10)
    response = client_as("focal").post(M61, {"total": "9", "version": "0"}, follow=True)
    assert "The activities changed since the preview" in response.content.decode()
    assert _numerator(tay_ninh) is None


def test_a_locked_m61_numerator_is_refused_with_its_message(client_as, persona, tay_ninh):
    enter("M6.1", "denominator", tay_ninh, 2026, 1_000_000)
    old = enter("M6.1", "numerator", tay_ninh, 2026, 500_000)
    values = list(DataValue.objects.filter(series__indicator__code="M6.1", unit=tay_ninh, year=2026))
    values_transition(values=values, action="submit", by=persona("focal"))
    values_transition(values=values, action="approve", by=persona("focal"))
    record(tay_ninh, persona("focal"), reached_female=300)
    client = client_as("focal")
    preview = client.get(M61)
    assert preview.context["preview"]["locked"]
    version = preview.context["preview"]["version"]
    response = client.post(M61, {"total": "300", "version": str(version)}, follow=True)
    with translation.override("vi"):  # the page's language; value_set's own message
        expected = gettext(
            "This value is %(status)s and locked; it must be reopened, with a reason, before it changes."
        ) % {"status": ValueStatus.APPROVED.label.lower()}
    assert expected in [str(m) for m in response.context["messages"]]
    assert _numerator(tay_ninh).value == old.value == Decimal(500_000)


def test_only_the_focal_officer_writes_the_m61_numerator(client_as, persona, tay_ninh):
    record(tay_ninh, persona("focal"), reached_female=10)
    for who in ("department", "province_viewer", "ministry_officer", "outsider"):
        assert client_as(who).post(M61, {"total": "10", "version": "0"}).status_code == 403, who
    assert _numerator(tay_ninh) is None


def test_campaigns_are_the_focal_officers_and_keep_their_version(client_as, action_month):
    url = f"/communication/campaigns/{action_month.pk}/edit/"
    data = {"name": "Tháng hành động 2026", "start_date": "2026-11-15", "end_date": "2026-12-15"}
    assert client_as("department").post(url, data | {"lock_version": 0}).status_code == 403
    client = client_as("focal")
    assert client.post(url, data | {"lock_version": action_month.lock_version}).status_code == 302
    stale = client.post(url, data | {"name": "Cũ", "lock_version": action_month.lock_version})
    assert stale.status_code == 200 and stale.context["form"].errors
    blind = client.post(url, data | {"name": "Không có phiên bản"})  # an edit without the version: refused
    assert blind.status_code == 200 and blind.context["form"].non_field_errors()
    assert Campaign.objects.get().name == "Tháng hành động 2026"
    bad = client.post("/communication/80/campaigns/new/", data | {"end_date": "2026-11-01"})
    assert bad.status_code == 200 and "end_date" in bad.context["form"].errors
    assert Campaign.objects.count() == 1


def test_the_ministry_edits_the_key_dates_and_provinces_read_them(client_as):
    from communication.models import KeyDateRule

    rule = KeyDateRule.objects.get(code="vn_women_day")
    data = {"name_vi": "Ngày Phụ nữ Việt Nam 20/10", "start_day": "20", "start_month": "10", "active": "on"}
    assert client_as("focal").post(f"/communication/key-dates/{rule.pk}/", data).status_code == 403
    client = client_as("ministry_officer")
    assert (
        client.post(f"/communication/key-dates/{rule.pk}/", data | {"lock_version": "0"}).status_code == 302
    )
    assert KeyDateRule.objects.get(pk=rule.pk).name_vi == "Ngày Phụ nữ Việt Nam 20/10"
    new = {"code": "children_day", "name_vi": "Ngày Quốc tế Thiếu nhi", "start_day": "1", "start_month": "6"}
    assert client.post("/communication/key-dates/new/", new | {"active": "on"}).status_code == 302
    calendar = client_as("focal").get("/communication/80/2027/calendar/")
    june = [e["item"].name_vi for e in calendar.context["months"][5]["entries"]]
    assert june == ["Ngày Quốc tế Thiếu nhi", "Ngày Gia đình Việt Nam"]
    assert AuditEntry.objects.filter(action="communication.key_date").count() == 2
