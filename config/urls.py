from django.urls import include, path
from django.views.i18n import set_language

from agencies import views as agency_views
from api.api import api
from audit import views as audit_views
from core import offline
from core import views as core_views
from indicators import views as indicator_views
from units import views as unit_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="web_manifest"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", core_views.home, name="home"),
    path("units/", unit_views.unit_list, name="unit_list"),
    path("units/<int:pk>/", unit_views.unit_detail, name="unit_detail"),
    path("indicators/", indicator_views.catalogue, name="indicator_catalogue"),
    path("indicators/new/", indicator_views.create, name="indicator_create"),
    path("indicators/import/", indicator_views.metadata_import, name="indicator_metadata_import"),
    path(
        "indicators/metadata.<str:fmt>",
        indicator_views.metadata_export,
        name="indicator_metadata_export",
    ),
    path("indicators/<str:code>/", indicator_views.detail, name="indicator_detail"),
    path("indicators/<str:code>/edit/", indicator_views.edit, name="indicator_edit"),
    path(
        "indicators/<str:code>/targets/<int:year>/", indicator_views.target_edit, name="indicator_target_edit"
    ),
    path("agencies/", agency_views.agency_list, name="agency_list"),
    path("agencies/<int:pk>/rename/", agency_views.agency_rename_view, name="agency_rename"),
    path("audit/", audit_views.audit_list, name="audit_list"),
    path("audit/<int:pk>/", audit_views.audit_detail, name="audit_detail"),
    path("", include("plans.urls")),
    path("", include("datavalues.urls")),
    path("", include("reports.urls")),
    path("", include("inspections.urls")),
    path("", include("questions.urls")),
    path("", include("coordination.urls")),
    path("", include("communication.urls")),
    path("", include("reminders.urls")),
    path("", include("portal.urls")),
    path("", include("dashboards.urls")),
    path("", include("jobs.urls")),
    path("", include("interchange.urls")),
    path("api/v1/", api.urls),
]

handler403 = "core.views.forbidden"
handler404 = "core.views.not_found"
