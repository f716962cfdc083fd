from django.urls import path

from registry.views import documents as document_views
from registry.views import exports as export_views
from registry.views import (
    history,
    home,
    notice,
    notifications,
    org,
    org_rotation,
    register,
    role_proposals,
    roles,
    search,
    tasks,
    tokens,
    workflow,
)
from registry.views import ledger as ledger_views

app_name = "registry"
urlpatterns = [
    path("", home.home, name="home"),
    path("register/", register.riskpoint_list, name="riskpoint_list"),
    path("register/units.json", register.unit_options, name="unit_options"),
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
    path(
        "ledgers/<int:pk>/mapping/", ledger_views.ledger_batch_mapping, name="ledger_batch_mapping"
    ),
    path("register/<int:pk>/", register.riskpoint_detail, name="riskpoint_detail"),
    path("register/<int:pk>/edit/", register.riskpoint_edit, name="riskpoint_edit"),
    path("register/<int:pk>/history/", register.riskpoint_history, name="riskpoint_history"),
    path("register/<int:pk>/act/", workflow.riskpoint_act, name="riskpoint_act"),
    path("register/<int:pk>/revise/", workflow.riskpoint_revise, name="riskpoint_revise"),
    path("lists/", workflow.risklist_index, name="risklist_index"),
    path("lists/<int:pk>/", workflow.risklist_detail, name="risklist_detail"),
    path("tasks/", tasks.my_tasks, name="my_tasks"),
    path("search/", search.search_view, name="search"),
    path("notifications/", notifications.notification_list, name="notification_list"),
    path(
        "notifications/read/", notifications.notification_mark_read, name="notification_mark_read"
    ),
    path("notice/<int:pk>/", notice.notice_page, name="notice"),
    path("notice/feedback/<int:pk>/", notice.feedback_handle, name="feedback_handle"),
    path("profile/api-tokens/", tokens.token_list, name="api_tokens"),
    path("profile/api-tokens/<int:pk>/revoke/", tokens.token_revoke_view, name="api_token_revoke"),
    path("roles/", roles.role_list, name="role_list"),
    path("roles/<int:pk>/revoke/", roles.role_revoke_view, name="role_revoke"),
    path("roles/proposals/", role_proposals.role_proposals, name="role_proposals"),
    path(
        "roles/proposals/<int:pk>/confirm/",
        role_proposals.role_proposal_confirm,
        name="role_proposal_confirm",
    ),
    path(
        "roles/proposals/<int:pk>/decline/",
        role_proposals.role_proposal_decline,
        name="role_proposal_decline",
    ),
    path("history/", history.change_log_view, name="change_log"),
    path("history/export.xlsx", history.change_log_export, name="change_log_export"),
    path("history/users.json", history.change_log_users, name="change_log_users"),
    path("history/<str:model_key>/<int:pk>/", history.object_history_view, name="object_history"),
    path("org/", org.org_index, name="org_index"),
    path("org/units/<int:pk>/", org.unit_detail, name="org_unit"),
    path("org/units/<int:pk>/edit/", org.unit_edit, name="org_unit_edit"),
    path("org/units/<int:pk>/add-unit/", org.unit_add, name="org_unit_add"),
    path("org/units/<int:pk>/export.xlsx", org_rotation.org_export, name="org_export"),
    path("org/posts/<int:pk>/", org.post_detail, name="org_post"),
    path("org/people/<int:pk>/login/", org.person_login, name="org_person_login"),
    path(
        "org/people/<int:pk>/password-reset/",
        org.person_password_reset,
        name="org_person_password_reset",
    ),
    path("org/rotation/", org_rotation.rotation_due, name="rotation_due"),
    path("org/categories/", org_rotation.category_list, name="org_categories"),
    path("org/categories/new/", org_rotation.category_edit, name="org_category_add"),
    path("org/categories/<int:pk>/edit/", org_rotation.category_edit, name="org_category_edit"),
]
# Departments, posts and people of a unit: one add and one edit page each.
for _kind in org.MEMBERS:
    urlpatterns += [
        path(f"org/units/<int:unit_pk>/{_kind}/new/", org.member_add, {"kind": _kind},
             name=f"org_{_kind}_add"),
        path(f"org/{_kind}/<int:pk>/edit/", org.member_edit, {"kind": _kind},
             name=f"org_{_kind}_edit"),
    ]  # fmt: skip

# h19docs: official documents
urlpatterns += [
    path("documents/", document_views.document_list, name="document_list"),
    path("documents/new/", document_views.document_create, name="document_create"),
    path("documents/<int:pk>/", document_views.document_detail, name="document_detail"),
    path("documents/<int:pk>/pdf/", document_views.document_pdf, name="document_pdf"),
    path("documents/<int:pk>/edit/", document_views.document_edit, name="document_edit"),
]
# Large Excel exports, written by a worker (registry/exports.py).
urlpatterns += [
    path("exports/<int:pk>/", export_views.export_job, name="export_job"),
    path("exports/<int:pk>/progress/", export_views.export_job_progress,
         name="export_job_progress"),
    path("exports/<int:pk>/download/", export_views.export_download, name="export_download"),
]  # fmt: skip
