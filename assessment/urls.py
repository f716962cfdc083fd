from django.urls import path

from assessment.views import appraisal, grading, integrity, monitoring, veto

app_name = "assessment"
urlpatterns = [
    path("", monitoring.index, name="index"),
    path("points/<int:pk>/", grading.point_grading, name="point_grading"),
    path("points/<int:pk>/override/", grading.point_override, name="point_override"),
    path("overrides/", grading.override_list, name="override_list"),
    path("models/", grading.model_list, name="model_list"),
    path("models/<int:pk>/", grading.model_detail, name="model_detail"),
    path("models/<int:pk>/copy/", grading.model_copy, name="model_copy"),
    path("models/<int:pk>/current/", grading.model_make_current, name="model_make_current"),
    path("models/<int:pk>/regrade/", grading.model_regrade, name="model_regrade"),
    path("regrades/<int:pk>/", grading.regrade_detail, name="regrade_detail"),
    path("monitoring/", monitoring.my_monitoring, name="my_monitoring"),
    path("monitoring/problems/", monitoring.monitoring_problems, name="monitoring_problems"),
    path("units/", monitoring.units_map, name="units_map"),
    path("units/<int:pk>/map/", monitoring.unit_map, name="unit_map"),
    path("units/<int:pk>/integrity/", integrity.unit_integrity, name="unit_integrity"),
    path("appraisals/", appraisal.appraisal_list, name="appraisal_list"),
    path("appraisals.xlsx", appraisal.appraisal_export, name="appraisal_export"),
    path("appraisals/<int:pk>/", appraisal.appraisal_detail, name="appraisal_detail"),
    path("appraisals/<int:pk>/vetoes/", veto.veto_record, name="veto_record"),
    path("vetoes/<int:pk>/withdraw/", veto.veto_withdraw, name="veto_withdraw"),
    path("vetoes/<int:pk>/evidence/", veto.veto_evidence, name="veto_evidence"),
    path("appraisals/<int:pk>/report/", appraisal.self_report, name="self_report"),
    path("appraisals/<int:pk>/links/", appraisal.issue_links, name="issue_links"),
    path("appraisals/<int:pk>/checklist/", appraisal.checklist, name="checklist"),
    path("appraisals/<int:pk>/publish/", appraisal.publish, name="publish"),
    path("attachments/<int:pk>/", appraisal.attachment, name="attachment"),
    path("survey/<str:token>/", appraisal.survey, name="survey"),
    path("notices/", appraisal.notice_list, name="notice_list"),
    path("people/", integrity.person_list, name="person_list"),
    path("people/<int:pk>/", integrity.person_file, name="person_file"),
    path("people/<int:pk>/adjustments/", integrity.adjustment_add, name="adjustment_add"),
    path("commitments/<int:pk>/", integrity.commitment_file, name="commitment_file"),
]
