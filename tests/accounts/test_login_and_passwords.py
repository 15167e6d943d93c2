import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import ApiToken
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_user_logs_in_and_out(client):
    response = client.post("/accounts/login/", {"username": "focal", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_a_wrong_password_is_refused_with_a_message(client):
    response = client.post(
        "/accounts/login/", {"username": "focal", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 200
    assert "form" in response.context and response.context["form"].errors


def test_repeated_failed_logins_lock_the_account_even_with_the_right_password(client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "focal", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "focal", "password": PASSWORD})
    assert response.status_code == 429
    with translation.override("vi"):
        assert gettext("Too many failed logins") in response.content.decode()
    assert client.get("/").status_code == 302  # still not signed in


def test_a_password_is_reset_by_e_mail(client):
    response = client.post("/accounts/password_reset/", {"email": "focal@example.invalid"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"new_password1": "a-new-long-password-2030", "new_password2": "a-new-long-password-2030"}
    )
    assert response.status_code == 302
    response = client.post("/accounts/login/", {"username": "focal", "password": "a-new-long-password-2030"})
    assert response.status_code == 302


def test_a_password_is_changed_after_giving_the_old_one(client_as):
    client = client_as("department")
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-password-1",
            "new_password2": "another-long-password-1",
        },
    )
    assert response.status_code == 302
    client.post("/accounts/logout/")
    assert (
        client.post(
            "/accounts/login/", {"username": "department", "password": "another-long-password-1"}
        ).status_code
        == 302
    )


def test_issue_api_token_prints_a_token_that_authenticates(client, capsys):
    call_command("issue_api_token", "department")
    token = capsys.readouterr().out.strip()
    assert token.startswith("bdg_")
    assert not ApiToken.objects.filter(digest=token).exists()  # only the digest is stored
    response = client.get("/api/v1/indicators", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and len(response.json()) == 18
    assert client.get("/api/v1/indicators", headers={"Authorization": "Bearer bdg_wrong"}).status_code == 401


def test_one_password_sprayed_over_many_account_names_pauses_the_address(client, settings):
    """Finding 5 of issue 13: one name locks after a few failures, but each new name got its own tries from the
    same address, so one password tried against every account was never slowed."""
    from django.test import Client

    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    names = ["ministry_admin", "ministry_officer", "department", "commune", "province_viewer", "outsider"]
    for name in names:  # once each: no account reaches its own limit
        response = client.post("/accounts/login/", {"username": name, "password": "Mua-xuan-2026"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"username": "focal", "password": PASSWORD})
    assert response.status_code == 429  # the address is paused, even with a right password
    with translation.override("vi"):
        page = response.content.decode().replace("&#x27;", "'")
        assert gettext("Too many failed logins") in page
        paused = gettext(
            "Too many failed logins came from your computer's network address: logging in from it is paused for "
            "15 minutes. Try again later, or ask your administrator."
        )
        assert paused in page and paused.startswith("Có quá nhiều")
    assert client.get("/").status_code == 302
    elsewhere = Client(REMOTE_ADDR="10.0.0.99")  # another address is not
    assert elsewhere.post("/accounts/login/", {"username": "focal", "password": PASSWORD}).status_code == 302
