from django.urls import path

from reminders import views

urlpatterns = [path("reminders/", views.reminder_list, name="reminder_list")]
