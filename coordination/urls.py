from django.urls import path

from coordination import views

urlpatterns = [
    path("coordination/", views.matrix, name="coordination_matrix"),
    path("coordination/meetings/", views.meeting_list, name="meeting_list"),
    path("coordination/meetings/new/", views.meeting_edit, name="meeting_new"),
    path("coordination/meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("coordination/meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("coordination/meetings/<int:pk>/delete/", views.meeting_delete, name="meeting_delete"),
    path("coordination/meetings/<int:pk>/decisions/", views.decision_add, name="decision_add"),
    path("coordination/decisions/<int:pk>/", views.decision_follow_up, name="decision_follow_up"),
]
