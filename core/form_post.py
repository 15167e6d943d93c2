"""The usual post of a page's form: validate it, hand its data to one service, put a refusal on the field it names,
or say it is saved and go on. Views call ``form_post`` instead of writing the same block each time."""

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
