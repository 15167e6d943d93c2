from django.urls import path

from inspections import views

urlpatterns = [
    path("inspections/", views.inspection_home, name="inspection_home"),
    path("inspections/plans/<int:pk>/edit/", views.inspection_plan_edit, name="inspection_plan_edit"),
    path(
        "inspections/plans/<int:pk>/download.<str:fmt>",
        views.inspection_plan_download,
        name="inspection_plan_download",
    ),
    path("inspections/plans/<int:pk>/new/", views.inspection_new, name="inspection_new"),
    path("inspections/visits/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/visits/<int:pk>/edit/", views.inspection_edit, name="inspection_edit"),
    path("inspections/visits/<int:pk>/results/", views.inspection_results, name="inspection_results"),
    path("inspections/visits/<int:pk>/cancel/", views.inspection_cancel, name="inspection_cancel"),
    path("inspections/visits/<int:pk>/delete/", views.inspection_delete, name="inspection_delete"),
    path(
        "inspections/visits/<int:pk>/recommendations/new/",
        views.recommendation_new,
        name="recommendation_new",
    ),
    path("inspections/recommendations/<int:pk>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path(
        "inspections/recommendations/<int:pk>/status/",
        views.recommendation_status,
        name="recommendation_status",
    ),
    path(
        "inspections/recommendations/<int:pk>/delete/",
        views.recommendation_delete,
        name="recommendation_delete",
    ),
    path("inspections/<str:code>/<int:year>/", views.inspection_plan, name="inspection_plan"),
    path(
        "inspections/<str:code>/<int:year>/create/",
        views.inspection_plan_create,
        name="inspection_plan_create",
    ),
]
