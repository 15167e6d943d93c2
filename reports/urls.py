from django.urls import path

from reports import views

urlpatterns = [path("cycles/", views.cycle_list, name="cycle_list")]
