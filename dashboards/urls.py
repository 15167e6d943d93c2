from django.urls import path

from dashboards import views

urlpatterns = [
    path("dashboard/", views.dashboard_home, name="dashboard_home"),
    path("dashboard/<str:code>/", views.dashboard_unit, name="dashboard_unit"),
    path(
        "dashboard/<str:code>/indicators/<str:indicator_code>/",
        views.dashboard_indicator,
        name="dashboard_indicator",
    ),
    path("compare/<str:indicator_code>/", views.dashboard_compare, name="dashboard_compare"),
    path("cockpit/", views.cockpit, name="cockpit"),
    path("cockpit/<str:code>/", views.cockpit_province, name="cockpit_province"),
]
