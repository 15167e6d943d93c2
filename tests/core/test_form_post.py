"""``core.form_post.form_post``: validate a form, call one service, put its refusal on the field it names, or say
it is saved and redirect (issue 14)."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory

from core.form_post import act, form_post
from lib.errors import DomainError
from lib.forms import VersionedForm


class NameForm(VersionedForm):
    name = forms.CharField(max_length=10)


def _request(method="post", data=None):
    request = getattr(RequestFactory(), method)("/x/", data or {})
    request._messages = CookieStorage(request)
    return request


def _form(request):
    return NameForm(request.POST if request.method == "POST" else None, initial={"lock_version": 3})


def test_a_valid_post_calls_the_service_with_the_cleaned_data_and_redirects_with_the_message():
    request = _request(data={"name": " Tây Ninh ", "lock_version": "3"})
    form = _form(request)
    calls = []

    def save(data):
        calls.append((data, form.expected_version))
        return 42

    response = form_post(request, form, save, success=lambda n: f"Saved {n}.", to="plan_list")
    assert calls == [({"name": "Tây Ninh"}, 3)]
    assert response.status_code == 302 and response["Location"] == "/plans/"
    assert [str(m) for m in get_messages(request)] == ["Saved 42."]
    answer = form_post(request, _form(request), save, success="Done.", to=lambda n: HttpResponse(str(n)))
    assert answer.content == b"42"


def test_a_refusal_goes_on_the_field_it_names_or_above_the_form():
    request = _request(data={"name": "x", "lock_version": "3"})
    for field, errors in (("name", "name"), ("nothing_of_this_form", "__all__")):
        form = _form(request)

        def refuse(data, field=field):
            raise DomainError("Không được.", field=field)

        assert form_post(request, form, refuse, success="Saved.", to="plan_list") is None
        assert form.errors == {errors: ["Không được."]}
    assert list(get_messages(request)) == []


def test_a_get_or_an_invalid_form_calls_nothing():
    def save(data):
        raise AssertionError("the service was called")

    get = _request("get")
    assert form_post(get, _form(get), save, success="Saved.", to="plan_list") is None
    post = _request(data={"name": "much too long a name", "lock_version": "3"})
    form = _form(post)
    assert form_post(post, form, save, success="Saved.", to="plan_list") is None
    assert "name" in form.errors


def test_act_calls_the_service_says_it_is_done_and_redirects():
    request = _request()
    response = act(request, lambda: 7, success=lambda n: f"{n} done.", to="plan_list")
    assert response.status_code == 302 and response["Location"] == "/plans/"
    answer = act(request, lambda: 8, success="Done.", to=lambda n: HttpResponse(str(n)), back="plan_list")
    assert answer.content == b"8"
    silent = act(request, lambda: 9, success=None, to=lambda n: f"/x/{n}/", back="plan_list")
    assert silent["Location"] == "/x/9/"
    assert [str(m) for m in get_messages(request)] == ["7 done.", "Done."]


def test_act_shows_a_refusal_as_an_error_and_goes_back():
    def refuse():
        raise DomainError("Không được.", field="name")

    request = _request()
    response = act(request, refuse, success="Done.", to="plan_list")
    assert response["Location"] == "/plans/"
    elsewhere = act(
        request, refuse, success="Done.", to=lambda n: HttpResponse(), back=HttpResponse(status=409)
    )
    assert elsewhere.status_code == 409
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [("error", "Không được.")] * 2


def test_act_lets_any_other_error_through():
    def broken():
        raise ValueError("a bug")

    request = _request()
    with pytest.raises(ValueError, match="a bug"):
        act(request, broken, success="Done.", to="plan_list")
    with pytest.raises(TypeError):
        act(request, lambda: 1, success="Done.", to=lambda n: HttpResponse())
    assert list(get_messages(request)) == []


def test_act_with_an_invalid_form_calls_nothing_and_shows_its_errors():
    def save():
        raise AssertionError("the service was called")

    request = _request(data={"name": "much too long a name", "lock_version": "3"})
    response = act(request, save, success="Done.", to="plan_list", form=_form(request))
    assert response["Location"] == "/plans/"
    [message] = get_messages(request)
    assert message.level_tag == "error" and "10" in str(message)
    valid = _request(data={"name": "Huế", "lock_version": "3"})
    assert act(valid, lambda: 1, success="Done.", to="plan_list", form=_form(valid))["Location"] == "/plans/"
    assert [str(m) for m in get_messages(valid)] == ["Done."]
