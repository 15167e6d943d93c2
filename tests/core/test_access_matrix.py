"""Walks every URL pattern and API endpoint for every persona and an anonymous visitor.

A new URL fails ``test_every_url_is_in_the_matrix`` until someone decides who may open it."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from accounts.services import api_token_issue
from agencies.models import Agency
from audit.models import AuditEntry
from indicators.models import Indicator

# a submitted copy as stored (any schema version reads: reports.content)
FROZEN = Path(__file__).parents[1] / "reports" / "fixtures" / "province-annual-v1-2026-12-03.json"
ROLES = {
    "ministry_admin",
    "ministry_officer",
    "ministry_viewer",
    "focal",
    "department",
    "commune",
    "province_viewer",
    "outsider",
}
EVERYONE = {"anonymous", "no_role", *ROLES}
SIGNED_IN = EVERYONE - {"anonymous"}
MINISTRY = {"ministry_admin", "ministry_officer", "ministry_viewer"}
TAY_NINH = {"focal", "department", "commune", "province_viewer"}

# Reachable without login: an explicit allowlist.
PUBLIC = {
    "healthz",
    # offline entry: the service worker and the web manifest hold no figures
    "service_worker",
    "web_manifest",
    "set_language",
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "api-1:openapi-json",
    # the public portal: published figures only
    "portal_home",
    "portal_indicator",
    "portal_csv",
    "portal_xlsx",
}

# url name -> (path template, who gets a page)
WEB = {
    "portal_home": ("/public/", EVERYONE),
    "portal_indicator": ("/public/indicators/M2.1/", EVERYONE),
    "portal_csv": ("/public/data.csv", EVERYONE),
    "portal_xlsx": ("/public/data.xlsx", EVERYONE),
    "publication_list": ("/publication/", MINISTRY),
    "publication_year": ("/publication/2024/", MINISTRY),
    "healthz": ("/healthz", EVERYONE),
    "service_worker": ("/sw.js", EVERYONE),
    "web_manifest": ("/manifest.webmanifest", EVERYONE),
    "login": ("/accounts/login/", EVERYONE),
    "password_reset": ("/accounts/password_reset/", EVERYONE),
    "password_reset_done": ("/accounts/password_reset/done/", EVERYONE),
    "password_reset_confirm": ("/accounts/reset/MQ/bad-token/", EVERYONE),
    "password_reset_complete": ("/accounts/reset/done/", EVERYONE),
    "password_change": ("/accounts/password_change/", SIGNED_IN),
    "password_change_done": ("/accounts/password_change/done/", SIGNED_IN),
    "home": ("/", ROLES),
    "unit_list": ("/units/", ROLES),
    "unit_detail": ("/units/{province}/", ROLES),
    "indicator_catalogue": ("/indicators/", ROLES),
    "indicator_detail": ("/indicators/M1.1/", ROLES),
    "indicator_create": ("/indicators/new/", {"ministry_admin", "ministry_officer"}),
    "indicator_metadata_import": ("/indicators/import/", {"ministry_admin", "ministry_officer"}),
    "indicator_metadata_export": ("/indicators/metadata.xlsx", ROLES),
    "indicator_edit": ("/indicators/M1.1/edit/", {"ministry_admin", "ministry_officer"}),
    "indicator_target_edit": ("/indicators/M1.1/targets/2025/", {"ministry_admin", "ministry_officer"}),
    "agency_list": ("/agencies/", ROLES),
    "agency_rename": ("/agencies/{agency}/rename/", {"ministry_admin", "focal"}),
    "audit_list": ("/audit/", MINISTRY | {"focal", "province_viewer", "outsider"}),
    "audit_detail": ("/audit/{entry}/", MINISTRY | {"focal", "province_viewer"}),
    "plan_list": ("/plans/", ROLES),
    "plan_compare": ("/plans/compare/", MINISTRY),
    "plan_detail": ("/plans/{plan}/", MINISTRY | TAY_NINH),
    "plan_diff": ("/plans/{plan}/changes/", MINISTRY | TAY_NINH),
    "plan_download": ("/plans/{plan}/download.xlsx", MINISTRY | TAY_NINH),
    "plan_edit": ("/plans/{plan}/edit/", {"focal"}),
    "plan_local_indicator": ("/plans/{plan}/local/", {"focal"}),
    "plan_indicator_edit": ("/plans/{plan}/indicators/{pi}/", {"focal"}),
    "plan_indicator_remove": ("/plans/{plan}/indicators/{pi}/remove/", {"focal"}),
    "task_new": ("/plans/{plan}/tasks/new/", {"focal"}),
    "plan_return": ("/plans/{plan}/return/", {"focal"}),
    "plan_issue": ("/plans/{plan}/issue/", {"focal"}),
    "plan_revise": ("/plans/{plan}/revise/", {"focal"}),
    "my_tasks": ("/tasks/mine/", {"department"}),
    "task_edit": ("/tasks/{task}/edit/", {"focal"}),
    "task_delete": ("/tasks/{task}/delete/", {"focal"}),
    "task_budget": ("/tasks/{task}/budget/", MINISTRY | TAY_NINH),
    "funding": ("/funding/?province=80", MINISTRY | TAY_NINH),
    "funding_download": ("/funding/download.xlsx?province=80&year=2026", MINISTRY | TAY_NINH),
    "funding_nation": ("/funding/nation/?year=2026", MINISTRY),
    "task_progress": ("/tasks/{task}/progress/", MINISTRY | TAY_NINH),
    "programme_list": ("/programmes/", ROLES),
    "programme_new": ("/programmes/new/", {"focal", "outsider"}),
    "programme_edit": ("/programmes/{programme}/", {"focal"}),
    "data_worklist": ("/data/", ROLES),
    "data_assignments": ("/data/assignments/", TAY_NINH | {"outsider"}),
    "data_grid": ("/data/M2.1/2026/?unit={province}", MINISTRY | {"focal", "department", "province_viewer"}),
    "data_template": ("/data/template.xlsx?year=2026", {"focal", "department", "outsider"}),
    "exchange": ("/exchange/", ROLES),
    "exchange_download": (
        "/exchange/download/?unit={province}&year=2026&format=sdmx-csv",
        MINISTRY | {"focal", "department", "province_viewer"},
    ),
    "sdmx_structure": ("/exchange/sdmx/structure.xml", ROLES),
    "dhis2_mapping": ("/exchange/dhis2/", MINISTRY),
    "value_history": (
        "/data/values/history/?indicator=M2.1&part=numerator&unit={province}&year=2026",
        MINISTRY | {"focal", "department", "province_viewer"},
    ),
    "cycle_list": ("/cycles/", ROLES),
    "question_list": ("/questions/", MINISTRY | {"focal", "department", "province_viewer", "outsider"}),
    "question_new": ("/questions/new/", {"focal", "department", "outsider"}),
    "question_detail": ("/questions/{question}/", MINISTRY | {"focal", "department", "province_viewer"}),
    "guidance_edit": ("/questions/{question}/guidance/", {"ministry_admin", "ministry_officer"}),
    "attachment_download": (
        "/questions/files/{question_file}/",
        MINISTRY | {"focal", "department", "province_viewer"},
    ),
    "guidance_list": ("/guidance/", ROLES),
    "guidance_detail": ("/guidance/{guidance}/", ROLES),
    "report_list": ("/reports/", ROLES),
    "inspection_home": ("/inspections/", ROLES),
    "inspection_plan": ("/inspections/80/2025/", MINISTRY | TAY_NINH),
    "inspection_plan_edit": ("/inspections/plans/{iplan}/edit/", {"focal"}),
    "inspection_plan_download": ("/inspections/plans/{iplan}/download.xlsx", MINISTRY | TAY_NINH),
    "inspection_new": ("/inspections/plans/{iplan}/new/", {"focal"}),
    "inspection_detail": ("/inspections/visits/{inspection}/", MINISTRY | TAY_NINH),
    "inspection_edit": ("/inspections/visits/{inspection}/edit/", {"focal"}),
    "inspection_results": ("/inspections/visits/{inspection}/results/", {"focal"}),
    "inspection_cancel": ("/inspections/visits/{inspection}/cancel/", {"focal"}),
    "inspection_delete": ("/inspections/visits/{inspection}/delete/", {"focal"}),
    "recommendation_new": ("/inspections/visits/{inspection}/recommendations/new/", {"focal"}),
    "recommendation_edit": ("/inspections/recommendations/{recommendation}/edit/", {"focal"}),
    "recommendation_status": ("/inspections/recommendations/{recommendation}/status/", {"focal"}),
    "recommendation_delete": ("/inspections/recommendations/{recommendation}/delete/", {"focal"}),
    "coordination_matrix": ("/coordination/", ROLES),
    "reminder_list": ("/reminders/", {"ministry_admin", "ministry_officer", "focal", "outsider"}),
    "meeting_list": ("/coordination/meetings/", ROLES),
    "meeting_new": ("/coordination/meetings/new/", {"focal", "outsider"}),
    "meeting_detail": ("/coordination/meetings/{meeting}/", MINISTRY | TAY_NINH),
    "meeting_edit": ("/coordination/meetings/{meeting}/edit/", {"focal"}),
    "meeting_delete": ("/coordination/meetings/{meeting}/delete/", {"focal"}),
    "communication_home": ("/communication/", ROLES),
    "communication_province": ("/communication/80/2026/", MINISTRY | TAY_NINH),
    "communication_calendar": ("/communication/80/2026/calendar/", MINISTRY | TAY_NINH),
    "communication_m61": ("/communication/80/2026/m61/", {"focal"}),
    "activity_new": ("/communication/80/activities/new/", {"focal", "department"}),
    "activity_detail": ("/communication/activities/{activity}/", MINISTRY | TAY_NINH),
    "activity_edit": ("/communication/activities/{activity}/edit/", {"focal", "department"}),
    "activity_delete": ("/communication/activities/{activity}/delete/", {"focal", "department"}),
    "campaign_new": ("/communication/80/campaigns/new/", {"focal"}),
    "campaign_detail": ("/communication/campaigns/{campaign}/", MINISTRY | TAY_NINH),
    "campaign_edit": ("/communication/campaigns/{campaign}/edit/", {"focal"}),
    "campaign_delete": ("/communication/campaigns/{campaign}/delete/", {"focal"}),
    "key_date_list": ("/communication/key-dates/", ROLES),
    "key_date_new": ("/communication/key-dates/new/", {"ministry_admin", "ministry_officer"}),
    "key_date_edit": ("/communication/key-dates/{key_date}/", {"ministry_admin", "ministry_officer"}),
    "report_detail": ("/reports/80/annual/2026/", MINISTRY | TAY_NINH),
    "report_download": ("/reports/80/annual/2026/download.xlsx", MINISTRY | TAY_NINH),
    "submission_download": ("/submissions/{submission}/download.docx", MINISTRY | TAY_NINH),
    "data_completeness": ("/data/completeness/?year=2026", ROLES),
    "data_validation": (
        "/data/validation/?year=2026",
        MINISTRY | {"focal", "department", "province_viewer", "outsider"},
    ),
    # a province's people their own province (a commune officer not: the page compares the communes), the ministry
    # the nation and every province
    "data_quality": (
        "/data/quality/?year=2026",
        MINISTRY | {"focal", "department", "province_viewer", "outsider"},
    ),
    # dashboards: a province's pages for the ministry and its own people; the nation's and the comparison for all
    "dashboard_home": ("/dashboard/?year=2026", ROLES),
    "dashboard_unit": ("/dashboard/80/?year=2026", MINISTRY | TAY_NINH),
    "dashboard_indicator": ("/dashboard/80/indicators/M2.1/?year=2026", MINISTRY | TAY_NINH),
    "dashboard_compare": ("/compare/M2.1/?year=2026", ROLES),
    "cockpit": ("/cockpit/?year=2026", MINISTRY),
    "cockpit_province": ("/cockpit/80/?year=2026", MINISTRY),
    # a background job and its files: whoever started it (here the focal officer), nobody else
    "job_detail": ("/jobs/{job}/", {"focal"}),
    "job_errors_xlsx": ("/jobs/{job}/errors.xlsx", {"focal"}),
    "job_output": ("/jobs/{document_job}/file", {"focal"}),
}
# Answer without a page whatever the visitor: logout and set_language take POST only (GET is refused or
# redirected), the API root has nothing to show.
SPECIAL = {
    "logout": ("/accounts/logout/", 405),
    "set_language": ("/i18n/setlang/", 302),
    "api-1:api-root": ("/api/v1/", 404),
    # POST-only actions refuse GET before anything else
    "plan_create": ("/plans/new/", 405),
    "plan_add_national": ("/plans/{plan}/national/", 405),
    "plan_indicator_add_existing": ("/plans/{plan}/local/add/", 405),
    "plan_submit": ("/plans/{plan}/submit/", 405),
    "task_budget_execution": ("/tasks/{task}/budget/execution/", 405),
    "plan_import_targets": ("/plans/{plan}/import/", 405),
    "data_cell": ("/data/cell/", 405),
    "data_sync": ("/data/sync/", 405),
    "data_quality_review": ("/data/quality/review/", 405),
    "data_action": ("/data/M2.1/2026/action/", 405),
    "data_upload": ("/data/upload/", 405),
    "exchange_upload": ("/exchange/upload/", 405),
    "dhis2_mapping_upload": ("/exchange/dhis2/upload/", 405),
    "series_add": ("/data/series/M4.1/", 405),
    "series_primary": ("/data/series/M4.1/main/primary/", 405),
    "question_reply": ("/questions/{question}/reply/", 405),
    "question_close": ("/questions/{question}/close/", 405),
    "question_reopen": ("/questions/{question}/reopen/", 405),
    "guidance_unpublish": ("/questions/{question}/guidance/withdraw/", 405),
    "report_edit": ("/reports/80/annual/2026/edit/", 405),
    "decision_add": ("/coordination/meetings/{meeting}/decisions/", 405),
    "decision_follow_up": ("/coordination/decisions/{decision}/", 405),
    "report_submit": ("/reports/80/annual/2026/submit/", 405),
    "inspection_plan_create": ("/inspections/80/2026/create/", 405),
    "submission_decide": ("/submissions/{submission}/decide/", 405),
    "publication_withdraw": ("/publication/2024/withdraw/", 405),
}
API = {
    "api-1:openapi-json": ("/api/v1/openapi.json", EVERYONE),
    "api-1:list_units": ("/api/v1/units?code=80&year=2024", ROLES),
    "api-1:get_unit": ("/api/v1/units/{province}", ROLES),
    "api-1:list_agencies": ("/api/v1/agencies", ROLES),
    "api-1:list_indicators": ("/api/v1/indicators", ROLES),
    "api-1:get_indicator": ("/api/v1/indicators/M1.1", ROLES),
    "api-1:list_values": (
        "/api/v1/values?unit=80&year=2026",
        MINISTRY | {"focal", "department", "province_viewer"},
    ),
    "api-1:get_rollup": (
        "/api/v1/rollup?indicator=M2.1&unit=80&year=2026",
        MINISTRY | {"focal", "department", "province_viewer"},
    ),
    "api-1:get_rollup_breakdown": (
        "/api/v1/rollup/breakdown?indicator=M2.1&unit=80&year=2026&dimension=area",
        MINISTRY | {"focal", "department", "province_viewer"},
    ),
    "api-1:get_progress": (
        "/api/v1/progress?unit=80&year=2026",
        MINISTRY | {"focal", "department", "province_viewer"},
    ),
    "api-1:get_sdmx_data": (
        "/api/v1/sdmx/data?unit=80&year=2026",
        MINISTRY | {"focal", "department", "province_viewer"},
    ),
    "api-1:set_value": (
        "/api/v1/values?unit=80&year=2026",
        MINISTRY | {"focal", "department", "province_viewer"},
    ),
}


def all_url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from all_url_names(pattern.url_patterns, pattern.namespace or namespace)
        else:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_is_in_the_matrix():
    assert set(all_url_names(get_resolver().url_patterns)) == set(WEB) | set(SPECIAL) | set(API)


def test_only_the_allowlist_is_reachable_without_login():
    reachable = {name for name, (_path, who) in (WEB | API).items() if "anonymous" in who}
    assert reachable == PUBLIC - {"logout", "set_language"}


@pytest.fixture
def objects(tay_ninh, persona):
    from coordination.services import decision_add, meeting_save
    from plans.services import plan_create, plan_indicator_set, programme_save, task_create
    from reports.models import Submission
    from reports.services import report_for
    from tests.communication.conftest import communication_objects
    from tests.inspections.conftest import inspection_objects
    from tests.questions.conftest import question_objects

    agency = Agency.objects.get(province=tay_ninh, kind__code="y_te")
    entry = AuditEntry.objects.filter(unit=tay_ninh).first()
    assert entry is not None
    focal = persona("focal")
    plan = plan_create(province=tay_ninh, kind="five_year", start_year=2026, by=focal)
    pi = plan_indicator_set(
        plan=plan, indicator=Indicator.objects.get(code="M4.1"), by=focal, lead_agency=agency
    )
    task = task_create(plan=plan, by=focal, category="statistics", title="Thống kê", lead_agency=agency)
    programme = programme_save(
        province=tay_ninh, by=focal, name="Chương trình", start_year=2026, end_year=2030
    )
    report = report_for(unit=tay_ninh, kind="annual", year=2026)
    meeting = meeting_save(province=tay_ninh, by=focal, held_on=date(2026, 3, 10), title="Họp phối hợp")
    decision = decision_add(meeting=meeting, by=focal, text="Gửi số liệu", responsible=agency)
    submission = Submission.objects.create(  # a stored copy; the service that makes real ones is tested apart
        report=report,
        number=1,
        submitted_at=timezone.now(),
        submitted_by=focal,
        deadline=date(2026, 12, 10),
        on_time=True,
        snapshot=json.loads(FROZEN.read_text(encoding="utf-8")),
        docx=b"PK",
        sha256="0" * 64,
    )
    from jobs.models import Job, JobKind, JobState

    job = Job.objects.create(  # stored as a worker leaves them; the jobs themselves are tested in tests/jobs
        kind=JobKind.IMPORT,
        state=JobState.REFUSED,
        created_by=focal,
        name="so-lieu.csv",
        payload=b"indicator,part,unit,year,sex,value\nM1.1,numerator,80,2026,total,-1\n",
        result={"errors": [[2, "value", "Giá trị không được âm."]]},
    )
    document_job = Job.objects.create(
        kind=JobKind.DOCUMENT,
        state=JobState.DONE,
        created_by=focal,
        name="bao-cao.docx",
        output=b"PK",
        output_name="bao-cao.docx",
        output_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    return {
        "job": job.pk,
        "document_job": document_job.pk,
        "province": tay_ninh.pk,
        "agency": agency.pk,
        "entry": entry.pk,
        "plan": plan.pk,
        "pi": pi.pk,
        "task": task.pk,
        "programme": programme.pk,
        "submission": submission.pk,
        **inspection_objects(province=tay_ninh, focal=focal, agency=agency),
        **question_objects(province=tay_ninh, focal=focal, officer=persona("ministry_officer")),
        "meeting": meeting.pk,
        "decision": decision.pk,
        **communication_objects(province=tay_ninh, focal=focal, task=task),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_web_pages_allow_and_deny_as_expected(who, client, persona, objects):
    if who != "anonymous":
        client.force_login(persona(who))
    for name, (template, allowed) in WEB.items():
        response = client.get(template.format(**objects))
        if who in allowed:
            assert response.status_code == 200, (name, who)
        elif who == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), (
                name,
                who,
            )
        else:
            assert response.status_code == 403, (name, who, response.status_code)
    for name, (template, status) in SPECIAL.items():
        assert client.get(template.format(**objects)).status_code == status, (name, who)


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_api_endpoints_allow_and_deny_as_expected(who, client, persona, objects):
    headers = {}
    if who != "anonymous":
        headers["Authorization"] = f"Bearer {api_token_issue(user=persona(who))}"
    for name, (template, allowed) in API.items():
        response = client.get(template.format(**objects), headers=headers)
        expected = 200 if who in allowed else 401 if who in ("anonymous", "no_role") else 403
        assert response.status_code == expected, (name, who, response.status_code)


@pytest.mark.django_db
def test_a_province_sees_only_its_own_agencies_in_the_api(client, persona):
    token = api_token_issue(user=persona("outsider"))
    rows = client.get("/api/v1/agencies", headers={"Authorization": f"Bearer {token}"}).json()
    assert rows and {r["province_code"] for r in rows} == {"01"}
    token = api_token_issue(user=persona("ministry_officer"))
    rows = client.get("/api/v1/agencies", headers={"Authorization": f"Bearer {token}"}).json()
    assert len({r["province_code"] for r in rows}) == 34


@pytest.mark.django_db
def test_a_focal_officer_cannot_rename_another_provinces_agency(client_as, tay_ninh):
    agency = Agency.objects.get(province=tay_ninh, kind__code="y_te")
    response = client_as("outsider").post(
        f"/agencies/{agency.pk}/rename/", {"name": "X", "valid_from": "2026-01-01", "reason": "y"}
    )
    assert response.status_code == 403
    assert agency.names.filter(name="X").count() == 0


EDITS = {
    "/indicators/M2.1/edit/": {
        "objective": "2",
        "order": "1",
        "name_vi": "X",
        "unit_label": "%",
        "factor": "100",
        "direction": "increase",
        "confirmed": "yes",
        "reason": "x",
        "lock_version": "0",
    },
    # the edit above raised the indicator's version; its targets are part of its record
    "/indicators/M2.1/targets/2030/": {"comparator": ">=", "value": "99", "reason": "x", "lock_version": "1"},
    "/indicators/new/": {
        "code": "Z1",
        "objective": "1",
        "name_vi": "Z",
        "shape": "value",
        "unit_label": "%",
        "factor": "1",
        "direction": "increase",
        "confirmed": "no",
        "order": "0",
        "lock_version": "0",
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(EVERYONE - {"ministry_admin", "ministry_officer"}))
def test_only_the_ministry_can_post_framework_changes(who, client, persona):
    from indicators.models import Indicator

    if who != "anonymous":
        client.force_login(persona(who))
    for path, data in EDITS.items():
        assert client.post(path, data).status_code in (302, 403), (path, who)
        if who != "anonymous":
            assert client.post(path, data).status_code == 403, (path, who)
    assert Indicator.objects.get(code="M2.1").name_vi != "X"
    assert Indicator.objects.get(code="M2.1").targets.get(year=2030).value == 60
    assert not Indicator.objects.filter(code="Z1").exists()
    assert not AuditEntry.objects.filter(action__startswith="indicator.").exists()


@pytest.mark.django_db
def test_the_ministry_posts_the_same_changes(client_as):
    from indicators.models import Indicator

    client = client_as("ministry_officer")
    for path, data in EDITS.items():
        assert client.post(path, data).status_code == 302, path
    assert Indicator.objects.get(code="M2.1").name_vi == "X"
    assert Indicator.objects.filter(code="Z1").exists()
