"""``core.form_post.form_post``: validate a form, call one service, put its refusal on the field it names, or say
it is saved and redirect (issue 14)."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory

from core.form_post import form_post
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
