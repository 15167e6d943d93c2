"""View decorators: load the object, ask the access module, then run the view."""

from collections.abc import Callable
from functools import wraps
from operator import attrgetter

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import access


def role_required(check=access.can_use_app):
    """Anonymous visitors go to the login page; signed-in users the check refuses get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not access.can_use_app(request.user) or not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def load_and_check(
    load: type[Model] | QuerySet | Callable, *checks: Callable[..., bool], arg: str = "pk", of: str = ""
):
    """Load the object the URL names and let ``accounts.access`` decide, then call the view with the object in
    place of the URL's argument: ``view(request, obj, *other_arguments)``.

    ``load`` is a model or a queryset (looked up by primary key), or a function of the argument's value that
    returns the object, or None or raises ``DoesNotExist`` when there is none (a selector). A missing object is 404; it is loaded only after the login and
    ``role_required``'s check. Each of ``checks`` is asked ``check(user, subject)`` and all must allow (403
    otherwise); the subject is the object, or what ``of`` names on it (``of="plan.province"``)."""
    subject_of = attrgetter(of) if of else (lambda obj: obj)

    def decorator(view):
        @wraps(view)
        @role_required()
        def wrapped(request, *args, **kwargs):
            value = kwargs.pop(arg)
            if isinstance(load, QuerySet) or (isinstance(load, type) and issubclass(load, Model)):
                obj = get_object_or_404(load, pk=value)
            else:
                try:
                    obj = load(value)
                except ObjectDoesNotExist:
                    obj = None
                if obj is None:
                    raise Http404
            subject = subject_of(obj)
            if not all(check(request.user, subject) for check in checks):
                raise PermissionDenied
            return view(request, obj, *args, **kwargs)

        return wrapped

    return decorator
