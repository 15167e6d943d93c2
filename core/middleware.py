import time

from django.db import connections


class VietnameseFirstMiddleware:
    """Vietnamese unless the user chose otherwise with the language switch (its cookie).

    Officers' browsers often run in English; the browser's Accept-Language must not turn the system English.
    Placed before django.middleware.locale.LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RequestIdMiddleware:
    """Gives every request an id (the load balancer's X-Request-ID when safe, else a new one), puts it on every
    log line of the request and on the response, and logs one access line with the status and the duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import logging
        import time
        import uuid

        from lib.logs import SAFE_ID, request_id

        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = request_id.set(rid)
        request.request_id = rid
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            user = getattr(request, "user", None)
            logging.getLogger("bdg.access").info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                    "request_id": rid,
                },
            )
            return response
        finally:
            request_id.reset(token)


class SecurityHeadersMiddleware:
    """The content security policy (settings.CONTENT_SECURITY_POLICY) and a permissions policy on every response.
    Pages therefore carry no inline script, event handler or style attribute: behaviour lives in static/js."""

    PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.setdefault("Content-Security-Policy", self.policy)
        response.setdefault("Permissions-Policy", self.PERMISSIONS)
        return response


class ServerTimingMiddleware:
    """With SERVER_TIMING on (the bench turns it on; off by default), a ``Server-Timing`` header on every response:
    the CPU time the request took in this process (``cpu``), the wall time of its SQL statements (``db``) and
    their number (``q``), and the whole time in this process (``total``), all in milliseconds. Browsers' developer
    tools show it; ``make bench`` reads it to report each page's cost at one user. First in the list, so it counts
    every other middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        spent = [0.0, 0]

        def timed(execute, sql, params, many, context):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent[0] += time.perf_counter() - start
                spent[1] += 1

        cpu, wall = time.thread_time(), time.perf_counter()
        with connections["default"].execute_wrapper(timed):
            response = self.get_response(request)
        cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
        response["Server-Timing"] = (
            f"cpu;dur={cpu * 1000:.1f}, db;dur={spent[0] * 1000:.1f}, q;dur={spent[1]}, total;dur={wall * 1000:.1f}"
        )
        return response
