from django.urls import path

from plans import views

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/compare/", views.plan_compare, name="plan_compare"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/national/", views.plan_add_national, name="plan_add_national"),
    path("plans/<int:pk>/local/", views.plan_local_indicator, name="plan_local_indicator"),
    path("plans/<int:pk>/local/add/", views.plan_indicator_add_existing, name="plan_indicator_add_existing"),
    path("plans/<int:pk>/indicators/<int:pi_pk>/", views.plan_indicator_edit, name="plan_indicator_edit"),
    path(
        "plans/<int:pk>/indicators/<int:pi_pk>/remove/",
        views.plan_indicator_remove,
        name="plan_indicator_remove",
    ),
    path("plans/<int:pk>/tasks/new/", views.task_new, name="task_new"),
    path("plans/<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/return/", views.plan_return, name="plan_return"),
    path("plans/<int:pk>/issue/", views.plan_issue, name="plan_issue"),
    path("plans/<int:pk>/revise/", views.plan_revise, name="plan_revise"),
    path("plans/<int:pk>/changes/", views.plan_diff, name="plan_diff"),
    path("plans/<int:pk>/download.<str:fmt>", views.plan_download, name="plan_download"),
    path("plans/<int:pk>/import/", views.plan_import_targets, name="plan_import_targets"),
    path("tasks/mine/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:task_pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:task_pk>/delete/", views.task_delete, name="task_delete"),
    path("tasks/<int:task_pk>/budget/", views.task_budget, name="task_budget"),
    path("tasks/<int:task_pk>/progress/", views.task_progress, name="task_progress"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_edit, name="programme_new"),
    path("programmes/<int:programme_pk>/", views.programme_edit, name="programme_edit"),
]
