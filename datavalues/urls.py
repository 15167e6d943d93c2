from django.urls import path

from datavalues import history, quality_views, views

urlpatterns = [
    path("data/", views.data_worklist, name="data_worklist"),
    path("data/cell/", views.data_cell, name="data_cell"),
    path("data/assignments/", views.data_assignments, name="data_assignments"),
    path("data/template.xlsx", views.data_template, name="data_template"),
    path("data/upload/", views.data_upload, name="data_upload"),
    path("data/completeness/", views.data_completeness, name="data_completeness"),
    path("data/validation/", views.data_validation, name="data_validation"),
    path("data/quality/", quality_views.data_quality, name="data_quality"),
    path("data/quality/review/", quality_views.data_quality_review, name="data_quality_review"),
    path("data/values/history/", history.value_history_view, name="value_history"),
    path("data/series/<str:code>/", views.series_add, name="series_add"),
    path(
        "data/series/<str:code>/<slug:series_code>/primary/", views.series_primary_view, name="series_primary"
    ),
    path("data/sync/", views.data_sync, name="data_sync"),
    path("data/<str:code>/<int:year>/", views.data_grid, name="data_grid"),
    path("data/<str:code>/<int:year>/action/", views.data_action, name="data_action"),
]
