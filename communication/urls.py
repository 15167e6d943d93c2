from django.urls import path

from communication import views

# Fixed words first: "activities/5/" must not be read as a province code and a year.
urlpatterns = [
    path("communication/", views.communication_home, name="communication_home"),
    path("communication/key-dates/", views.key_date_list, name="key_date_list"),
    path("communication/key-dates/new/", views.key_date_new, name="key_date_new"),
    path("communication/key-dates/<int:pk>/", views.key_date_edit, name="key_date_edit"),
    path("communication/activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("communication/activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("communication/activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("communication/campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("communication/campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("communication/campaigns/<int:pk>/delete/", views.campaign_delete, name="campaign_delete"),
    path("communication/<str:code>/activities/new/", views.activity_new, name="activity_new"),
    path("communication/<str:code>/campaigns/new/", views.campaign_new, name="campaign_new"),
    path("communication/<str:code>/<int:year>/", views.communication_province, name="communication_province"),
    path(
        "communication/<str:code>/<int:year>/calendar/",
        views.communication_calendar,
        name="communication_calendar",
    ),
    path("communication/<str:code>/<int:year>/m61/", views.communication_m61, name="communication_m61"),
]
