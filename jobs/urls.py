from django.urls import path

from jobs import views

urlpatterns = [
    path("jobs/<uuid:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<uuid:pk>/errors.xlsx", views.job_errors_xlsx, name="job_errors_xlsx"),
    path("jobs/<uuid:pk>/file", views.job_output, name="job_output"),
]
