"""Who reads what, for every persona: a thread only by the province that asked and the ministry; published
guidance by everyone with a role, without the province's own messages and files; files as their thread or
guidance allows."""

import pytest

from questions.services import NO_GUIDANCE, guidance_publish, guidance_unpublish, question_reply
from tests.questions.conftest import ask, upload

pytestmark = pytest.mark.django_db

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
EVERYONE = ["anonymous", "no_role", *sorted(ROLES)]
MINISTRY = {"ministry_admin", "ministry_officer", "ministry_viewer"}
TAY_NINH_READERS = MINISTRY | {"focal", "department", "province_viewer"}
HA_NOI_READERS = MINISTRY | {"outsider"}
PRIVATE = "Nội dung riêng của Tây Ninh: danh sách cán bộ kèm theo."


@pytest.fixture
def threads(persona, tay_ninh, hanoi):
    officer = persona("ministry_officer")
    published = ask(persona, tay_ninh, title="Hạn báo cáo năm", files=[upload("ho-so-rieng.pdf")])
    question_reply(question=published, by=persona("focal"), text=PRIVATE)
    answer = question_reply(
        question=published, by=officer, text="Trước 10/12.", files=[upload("huong-dan.pdf")]
    )
    guidance = guidance_publish(
        question=published,
        by=officer,
        topic="reporting",
        title="Hạn gửi báo cáo hằng năm",
        question_text="Hạn gửi báo cáo năm là ngày nào?",
        answer_text="Trước ngày 10 tháng 12 hằng năm.",
        attachments=list(answer.attachments.all()),
        expected_version=NO_GUIDANCE,
    )
    private = ask(persona, tay_ninh, title="Câu hỏi chưa công bố", who="department")
    question_reply(question=private, by=officer, text="Trả lời riêng.")
    ha_noi = ask(persona, hanoi, title="Câu hỏi của Hà Nội", who="outsider")
    return {
        "published": published,
        "private": private,
        "ha_noi": ha_noi,
        "guidance": guidance,
        "province_file": published.messages.get(
            from_ministry=False, attachments__isnull=False
        ).attachments.get(),
        "ministry_file": answer.attachments.get(),
    }


def _expect(response, who: str, allowed: bool, name: str):
    if allowed:
        assert response.status_code == 200, (name, who, response.status_code)
    elif who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], (name, who)
    else:
        assert response.status_code == 403, (name, who, response.status_code)


@pytest.mark.parametrize("who", EVERYONE)
def test_threads_are_read_only_by_the_province_that_asked_and_the_ministry(who, client, persona, threads):
    if who != "anonymous":
        client.force_login(persona(who))
    for key, readers in (
        ("published", TAY_NINH_READERS),
        ("private", TAY_NINH_READERS),
        ("ha_noi", HA_NOI_READERS),
    ):
        response = client.get(f"/questions/{threads[key].pk}/")
        _expect(response, who, who in readers, key)
        if who in readers and key == "published":
            assert PRIVATE in response.content.decode()
        elif who not in ("anonymous",):
            assert PRIVATE not in response.content.decode()
    _expect(
        client.get(f"/questions/files/{threads['province_file'].pk}/"), who, who in TAY_NINH_READERS, "file"
    )


@pytest.mark.parametrize("who", EVERYONE)
def test_lists_show_only_the_threads_one_may_read(who, client, persona, threads):
    if who != "anonymous":
        client.force_login(persona(who))
    response = client.get("/questions/")
    listers = MINISTRY | {"focal", "department", "province_viewer", "outsider"}
    _expect(response, who, who in listers, "list")
    if who not in listers:
        return
    listed = {q.pk for q in response.context["page"]}
    visible = {
        key
        for key, readers in (
            ("published", TAY_NINH_READERS),
            ("private", TAY_NINH_READERS),
            ("ha_noi", HA_NOI_READERS),
        )
        if who in readers
    }
    assert listed == {threads[key].pk for key in visible}, who


@pytest.mark.parametrize("who", EVERYONE)
def test_published_guidance_is_read_by_every_role_without_the_provinces_private_parts(
    who, client, persona, threads
):
    if who != "anonymous":
        client.force_login(persona(who))
    allowed = who in ROLES
    guidance = threads["guidance"]
    listing = client.get("/guidance/")
    _expect(listing, who, allowed, "guidance_list")
    page = client.get(f"/guidance/{guidance.pk}/")
    _expect(page, who, allowed, "guidance_detail")
    _expect(client.get(f"/questions/files/{threads['ministry_file'].pk}/"), who, allowed, "guidance file")
    if not allowed:
        return
    assert [g.pk for g in listing.context["page"]] == [guidance.pk]
    html = page.content.decode()
    assert "Trước ngày 10 tháng 12 hằng năm." in html and "huong-dan.pdf" in html
    for secret in (
        PRIVATE,
        "ho-so-rieng.pdf",
        "Trả lời riêng.",
        "Câu hỏi chưa công bố",
        "Câu hỏi của Hà Nội",
    ):
        assert secret not in html, (who, secret)
    assert (f"/questions/{threads['published'].pk}/" in html) == (who in TAY_NINH_READERS)


@pytest.mark.parametrize("who", sorted(ROLES - TAY_NINH_READERS))
def test_withdrawn_guidance_and_its_files_are_gone_for_other_provinces(who, client, persona, threads):
    guidance = threads["guidance"]
    guidance_unpublish(
        guidance=guidance, by=persona("ministry_officer"), expected_version=guidance.lock_version
    )
    client.force_login(persona(who))
    assert client.get(f"/guidance/{threads['guidance'].pk}/").status_code == 404
    assert client.get(f"/questions/files/{threads['ministry_file'].pk}/").status_code == 403
    assert client.get("/guidance/").context["page"].paginator.count == 0


def test_the_province_still_reads_its_thread_and_files_after_withdrawal(client, persona, threads):
    guidance = threads["guidance"]
    guidance_unpublish(
        guidance=guidance, by=persona("ministry_officer"), expected_version=guidance.lock_version
    )
    client.force_login(persona("province_viewer"))
    assert client.get(f"/questions/{threads['published'].pk}/").status_code == 200
    assert client.get(f"/questions/files/{threads['ministry_file'].pk}/").status_code == 200
