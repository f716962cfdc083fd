from django.urls import path

from registry.views import ledger as ledger_views
from registry.views import notice, notifications, register, roles, tasks, workflow

app_name = "registry"
urlpatterns = [
    path("register/", register.riskpoint_list, name="riskpoint_list"),
    path("register/new/", register.riskpoint_create, name="riskpoint_create"),
    path("register/export.xlsx", ledger_views.ledger_export, name="ledger_export"),
    path("ledgers/", ledger_views.ledger_import, name="ledger_import"),
    path("ledgers/history/", ledger_views.ledger_history, name="ledger_history"),
    path("ledgers/template.xlsx", ledger_views.ledger_template, name="ledger_template"),
    path("ledgers/<int:pk>/", ledger_views.ledger_batch, name="ledger_batch"),
    path(
        "ledgers/<int:pk>/progress/",
        ledger_views.ledger_batch_progress,
        name="ledger_batch_progress",
    ),
    path("ledgers/<int:pk>/commit/", ledger_views.ledger_batch_commit, name="ledger_batch_commit"),
    path("ledgers/<int:pk>/retry/", ledger_views.ledger_batch_retry, name="ledger_batch_retry"),
    path("ledgers/<int:pk>/mapping/", ledger_views.ledger_batch_mapping, name="ledger_batch_mapping"),
    path("register/<int:pk>/", register.riskpoint_detail, name="riskpoint_detail"),
    path("register/<int:pk>/edit/", register.riskpoint_edit, name="riskpoint_edit"),
    path("register/<int:pk>/history/", register.riskpoint_history, name="riskpoint_history"),
    path("register/<int:pk>/act/", workflow.riskpoint_act, name="riskpoint_act"),
    path("register/<int:pk>/revise/", workflow.riskpoint_revise, name="riskpoint_revise"),
    path("lists/", workflow.risklist_index, name="risklist_index"),
    path("lists/<int:pk>/", workflow.risklist_detail, name="risklist_detail"),
    path("tasks/", tasks.my_tasks, name="my_tasks"),
    path("notifications/", notifications.notification_list, name="notification_list"),
    path(
        "notifications/read/", notifications.notification_mark_read, name="notification_mark_read"
    ),
    path("notice/<int:pk>/", notice.notice_page, name="notice"),
    path("notice/feedback/<int:pk>/", notice.feedback_handle, name="feedback_handle"),
    path("roles/", roles.role_list, name="role_list"),
    path("roles/<int:pk>/revoke/", roles.role_revoke_view, name="role_revoke"),
    path("history/", register.change_log_view, name="change_log"),
    path("history/<str:model_key>/<int:pk>/", register.object_history_view, name="object_history"),
]
