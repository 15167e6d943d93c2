"""Log-ins tried from one address against many accounts (password spraying). django-axes locks an account name
tried from an address after ``AXES_FAILURE_LIMIT`` failures; one password tried against every account name is
slowed here: after ``LOGIN_ADDRESS_FAILURE_LIMIT`` failed log-ins from one address within
``AXES_COOLOFF_TIME``, whatever the names, that address may not log in until the window has passed. The limit is
higher than an account's, since an office's people often share one address behind its router. Counted in the
shared cache, so every web process sees the same count."""

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render, resolve_url

KEY = "login-failures:{}"


def _address(request) -> str:
    from axes.helpers import get_client_ip_address

    return getattr(request, "axes_ip_address", None) or get_client_ip_address(request) or "unknown"


def _window() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def login_failed(sender, credentials=None, request=None, **_kwargs) -> None:
    """``user_login_failed`` receiver: one more failure from the request's address."""
    if request is None:
        return
    key = KEY.format(_address(request))
    if cache.add(key, 1, _window()):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, _window())


def blocked(request) -> bool:
    return (cache.get(KEY.format(_address(request))) or 0) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


class LoginThrottleMiddleware:
    """Refuses a log-in from an address over its limit with 429 and the page of a lock-out, before the password is
    checked (so a sprayed password is not tried at all). After AxesMiddleware, which sets the address."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.login_path = resolve_url(settings.LOGIN_URL)

    def __call__(self, request):
        if request.method == "POST" and request.path == self.login_path and blocked(request):
            return render(request, "registration/locked_out.html", {"by_address": True}, status=429)
        return self.get_response(request)
