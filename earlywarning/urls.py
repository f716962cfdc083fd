from django.urls import path

from earlywarning.views import cases, dashboard, history, notices, officers, warnings

app_name = "earlywarning"
urlpatterns = [
    path("", dashboard.index, name="index"),
    path("rules/", dashboard.rules, name="rules"),
    path("trends/", dashboard.trends, name="trends"),
    path("information/", warnings.warning_list, name="warning_list"),
    path("information/export/", warnings.warning_export, name="warning_export"),
    path("information/new/", warnings.warning_create, name="warning_create"),
    path("information/<int:pk>/", warnings.warning_detail, name="warning_detail"),
    path("information/<int:pk>/verify/", warnings.warning_verify_view, name="warning_verify"),
    path("information/<int:pk>/case/", cases.case_open_view, name="case_open"),
    path("information/<int:pk>/notice/<str:kind>/", notices.notice_create, name="notice_create"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/record/", cases.case_record_view, name="case_record"),
    path("cases/<int:pk>/move/", cases.case_move_view, name="case_move"),
    path("cases/<int:pk>/close/", cases.case_close_view, name="case_close"),
    path("cases/<int:pk>/evidence/", cases.case_evidence, name="case_evidence"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/download/", notices.notice_download, name="notice_download"),
    path("units/<int:pk>/", history.unit_history, name="unit_history"),
    path("people/<int:pk>/", history.person_history, name="person_history"),
    path("officers/", officers.officer_list, name="officer_list"),
    path("officers/<int:pk>/end/", officers.officer_end_view, name="officer_end"),
    path("officers/<int:pk>/report/", officers.report_create, name="report_create"),
    path("analysis/", officers.quarterly_analysis, name="analysis"),
]
