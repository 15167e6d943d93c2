from django.urls import path

from questions import views

urlpatterns = [
    path("questions/", views.question_list, name="question_list"),
    path("questions/new/", views.question_new, name="question_new"),
    path("questions/<int:pk>/", views.question_detail, name="question_detail"),
    path("questions/<int:pk>/reply/", views.question_reply_view, name="question_reply"),
    path("questions/<int:pk>/close/", views.question_close_view, name="question_close"),
    path("questions/<int:pk>/reopen/", views.question_reopen_view, name="question_reopen"),
    path("questions/<int:pk>/guidance/", views.guidance_edit, name="guidance_edit"),
    path("questions/<int:pk>/guidance/withdraw/", views.guidance_unpublish_view, name="guidance_unpublish"),
    path("questions/files/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("guidance/", views.guidance_list, name="guidance_list"),
    path("guidance/<int:pk>/", views.guidance_detail, name="guidance_detail"),
]
