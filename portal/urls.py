from django.urls import path

from portal import views

urlpatterns = [
    path("public/", views.portal_home, name="portal_home"),
    path("public/indicators/<str:code>/", views.portal_indicator, name="portal_indicator"),
    path("public/data.csv", views.portal_download, {"fmt": "csv"}, name="portal_csv"),
    path("public/data.xlsx", views.portal_download, {"fmt": "xlsx"}, name="portal_xlsx"),
    path("publication/", views.publication_list, name="publication_list"),
    path("publication/<int:year>/", views.publication_year, name="publication_year"),
    path("publication/<int:year>/withdraw/", views.publication_withdraw_view, name="publication_withdraw"),
]
