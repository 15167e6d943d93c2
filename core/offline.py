"""Offline entry (ADR 10): the service worker, the web manifest, and the mark on the pages it may keep.

The worker (``templates/core/sw.js``, served at ``/sw.js`` with the scope ``/data/``) is built with Workbox, whose
files come from npm and are served by whitenoise like every static file. It keeps the static files the data pages
need (precached), and the worklist and grid pages network-first in a cache named after the signed-in user. It only
keeps a page that carries the ``X-BDG-User`` header (``offline_page``): the worklist and the grids, never a page of
another kind. Edits typed offline are kept by the page itself (``static/js/offline.js``, IndexedDB) and sent through
``/data/sync/``, which runs them through the same checks as any save."""

import base64
import hashlib
import json
from functools import lru_cache, wraps

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

USER_HEADER = "X-BDG-User"
# Bumped when the worker's caching changes in a way old caches must not survive.
CACHE_VERSION = 1
WORKBOX_MODULES = ("core", "routing", "strategies", "precaching")
# What a data page needs to work offline; other static files are kept as they are first fetched.
PRECACHE = (
    "css/app.css",
    "vendor/htmx/htmx.min.js",
    "js/app.js",
    "js/nav.js",
    "js/offline.js",
    "img/icon.svg",
    *(
        f"vendor/fonts/be-vietnam-pro-{script}-{weight}-normal.woff2"
        for script in ("vietnamese", "latin")
        for weight in (400, 600)
    ),
)


def offline_page(view):
    """Marks the view's successful pages as ones the service worker may keep offline, in the signed-in user's own
    cache: the header names the user, so the worker never files one user's figures under another's name."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and request.user.is_authenticated:
            response[USER_HEADER] = str(request.user.pk)
        return response

    return wrapped


@lru_cache(maxsize=64)
def _revision_cached(name: str) -> str:
    return _revision(name)


def _revision(name: str) -> str:
    """The content hash of a static file, so the worker fetches it again when it changes (the hashed names of
    production already change with the content; in development the names stay the same)."""
    path = finders.find(name)
    if not path:
        return str(CACHE_VERSION)
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:16]


def worker_config(request) -> dict:
    revision = _revision if settings.DEBUG else _revision_cached
    return {
        "version": CACHE_VERSION,
        "scope": "/data/",
        "static": settings.STATIC_URL,
        "userHeader": USER_HEADER,
        "workbox": static("vendor/workbox/workbox-sw.js"),
        "modules": {
            f"workbox-{module}": static(f"vendor/workbox/workbox-{module}.prod.js")
            for module in WORKBOX_MODULES
        },
        "precache": [{"url": static(name), "revision": revision(name)} for name in PRECACHE],
        "offlinePage": render_to_string("core/offline_fallback.html", request=request),
    }


@require_GET
@never_cache
def service_worker(request):
    """The service worker: the same for every user (it holds no figures), in the language of the request for its
    one page of its own, the one shown when a page was never kept."""
    body = render_to_string("core/sw.js", {"config": json.dumps(worker_config(request), ensure_ascii=False)})
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/data/"
    return response


@require_GET
def manifest(request):
    """The web manifest: installs the data pages as an app that opens on the worklist."""
    return JsonResponse(
        {
            "name": _("Gender Equality 2021-2030: data entry"),
            "short_name": _("Data entry"),
            "lang": request.LANGUAGE_CODE,
            "start_url": "/data/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#b3261e",
            "icons": [{"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


def queue_key(user) -> str:
    """The key that seals the figures of the user's queued edits in the browser (AES-GCM, 256 bits), derived from
    the server's secret and the user: the same at every sign-in, so edits left by a user who closed the browser are
    read again when they return, and given only to that user's pages, so a colleague on the same browser cannot."""
    return base64.b64encode(
        salted_hmac("core.offline.queue", str(user.pk), algorithm="sha256").digest()
    ).decode()


def page_config(request) -> dict:
    """What ``static/js/offline.js`` needs on every page of a signed-in user (a context processor): who it is,
    whether the user enters figures (only then is the worker registered and are edits queued), where to sync, and
    its words in the user's language. Every signed-in page loads it: signing out and deleting pages kept for
    another user happen wherever the user is."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from django.urls import reverse

    from accounts.models import Role

    return {
        "offline_config": {
            "user": user.pk,
            "key": queue_key(user),
            "enter": getattr(user, "role", "")
            in (Role.COMMUNE_OFFICER, Role.DEPARTMENT_OFFICER, Role.FOCAL_OFFICER),
            "worker": reverse("service_worker"),
            "scope": "/data/",
            "sync": reverse("data_sync"),
            "messages": {
                "online": _("Online"),
                "offline": _(
                    "Offline: what you type is kept on this computer and sent when the connection returns."
                ),
                "pending": _("%(n)s values waiting to be sent"),
                "nothingPending": _("No value waiting to be sent"),
                "lastSync": _("Last sent: %(at)s"),
                "neverSynced": _("Nothing sent from this computer yet"),
                "sending": _("Sending %(done)s/%(total)s…"),
                "sent": _("%(n)s values saved."),
                "retry": _("Sending failed; trying again at %(at)s."),
                "signedOut": _("Your session has ended: sign in again to send the waiting values."),
                "attention": _("%(n)s values need your attention:"),
                "queued": _("Not sent yet: it will be sent when the connection returns."),
                "tookServer": _("The server's value was kept."),
                "keeping": _("Keeping the grids for offline work %(done)s/%(total)s…"),
                "kept": _("Ready for offline work: %(n)s grids kept on this computer."),
                "logoutConfirm": _(
                    "%(n)s values typed offline have not been sent. Signing out deletes them from this computer. "
                    "Sign out anyway?"
                ),
                "unsupported": _("This browser cannot keep values offline."),
                "needsNetwork": _("Needs the connection: available again when it returns."),
                "insecure": _(
                    "This server is not reached over HTTPS, so these pages cannot be kept for offline work; values "
                    "typed while the connection is down are still kept and sent."
                ),
            },
        }
    }
