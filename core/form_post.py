"""The usual post of a page's form: validate it, hand its data to one service, put a refusal on the field it names,
or say it is saved and go on. Views call ``form_post`` instead of writing the same block each time, and ``act`` for
an action: a button, or a small form whose errors are shown as a message."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from lib.errors import DomainError
from lib.forms import add_domain_error


def form_post(
    request,
    form,
    save: Callable[[dict], object],
    *,
    success: str | Callable[[object], str],
    to: str | Callable[[object], HttpResponse],
) -> HttpResponse | None:
    """On a POST with a valid bound ``form``, call ``save(data)``, ``data`` being the form's cleaned data without
    its ``lock_version`` (``save`` passes that on as ``expected_version``), or ``form.data_for_service()`` when the
    form has one.
    A ``lib.errors.DomainError`` goes on the form field it names (above the form when it names none) and None is
    returned: the view shows the form again. Otherwise the ``success`` message (or ``success(result)``) is added
    and the answer is a redirect to ``to`` (a URL or a URL name), or ``to(result)``.

    On a GET, or with an invalid form, nothing is called and None is returned."""
    if request.method != "POST" or not form.is_valid():
        return None
    if hasattr(form, "data_for_service"):
        data = form.data_for_service()
    else:
        data = {name: value for name, value in form.cleaned_data.items() if name != "lock_version"}
    try:
        result = save(data)
    except DomainError as error:
        add_domain_error(form, error)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return to(result) if callable(to) else redirect(to)


def act(
    request,
    call: Callable[[], object],
    *,
    success: str | Callable[[object], str] | None,
    to: str | HttpResponse | Callable[[object], HttpResponse | str],
    back: str | HttpResponse | None = None,
    form=None,
) -> HttpResponse:
    """The post of an action (a button, or a small form whose errors are shown as a message): call ``call()``, the
    one service. A ``lib.errors.DomainError``'s message is shown with ``messages.error`` and the answer is a
    redirect to ``back`` (``to`` when there is none); any other exception goes on up. Otherwise the ``success``
    message (or ``success(result)``; none when it is None) is shown and the answer is a redirect to ``to``: a URL,
    a URL name, a response, or ``to(result)`` giving one of those.

    With a bound ``form``, an invalid form calls nothing: its errors are shown as one message and the answer is
    the redirect to ``back`` (or ``to``). A ``to`` that is a function of the result needs a ``back``."""
    if back is None and callable(to):
        raise TypeError("act: a 'to' that depends on the result needs a 'back' for a refusal")
    if form is not None and not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _answer(back if back is not None else to, None)
    try:
        result = call()
    except DomainError as error:
        messages.error(request, error.message)
        return _answer(back if back is not None else to, None)
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return _answer(to, result)


def _answer(to, result) -> HttpResponse:
    if callable(to):
        to = to(result)
    return to if isinstance(to, HttpResponse) else redirect(to)
