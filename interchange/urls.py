from django.urls import path

from interchange import views

urlpatterns = [
    path("exchange/", views.exchange, name="exchange"),
    path("exchange/download/", views.exchange_download, name="exchange_download"),
    path("exchange/upload/", views.exchange_upload, name="exchange_upload"),
    path("exchange/sdmx/structure.xml", views.sdmx_structure, name="sdmx_structure"),
    path("exchange/dhis2/", views.dhis2_mapping, name="dhis2_mapping"),
    path("exchange/dhis2/upload/", views.dhis2_mapping_upload, name="dhis2_mapping_upload"),
]
