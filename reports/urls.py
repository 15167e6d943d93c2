from django.urls import path

from reports import views

urlpatterns = [
    path("cycles/", views.cycle_list, name="cycle_list"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<str:code>/<str:kind>/<int:year>/", views.report_detail, name="report_detail"),
    path("reports/<str:code>/<str:kind>/<int:year>/edit/", views.report_edit, name="report_edit"),
    path("reports/<str:code>/<str:kind>/<int:year>/submit/", views.report_submit_view, name="report_submit"),
    path(
        "reports/<str:code>/<str:kind>/<int:year>/download.<str:fmt>",
        views.report_download,
        name="report_download",
    ),
    path("submissions/<int:pk>/decide/", views.submission_decide_view, name="submission_decide"),
    path("submissions/<int:pk>/download.<str:fmt>", views.submission_download, name="submission_download"),
]
