from django.urls import path

from programme.views import education, filing, letters, opinions, prereports, rules, units

app_name = "programme"
urlpatterns = [
    path("", units.index, name="index"),
    path("units/<int:pk>/", units.unit_page, name="unit"),
    path("units/<int:pk>/letters/issue/", letters.batch_issue, name="batch_issue"),
    path("letters/batches/<int:pk>/", letters.batch_detail, name="batch_detail"),
    path("letters/batches/<int:pk>/remind/", letters.batch_remind, name="batch_remind"),
    path("letters/batches/<int:pk>/add/", letters.batch_add, name="batch_add"),
    path("letters/<int:pk>/signed/", letters.letter_signed, name="letter_signed"),
    path("letters/<int:pk>/scan/", letters.letter_download, name="letter_download"),
    path("units/<int:pk>/education/new/", education.activity_record, name="activity_record"),
    path("units/<int:pk>/education.xlsx", education.attendance_export, name="attendance_export"),
    path("education/<int:pk>/", education.activity_detail, name="activity_detail"),
    path("education/<int:pk>/scores/", education.activity_scores, name="activity_scores"),
    path("units/<int:pk>/rules/new/", rules.rule_make, name="rule_make"),
    path("units/<int:pk>/rule-plans/new/", rules.plan_add, name="plan_add"),
    path("units/<int:pk>/rules.xlsx", rules.rules_export, name="rules_export"),
    path("rules/<int:pk>/", rules.rule_detail, name="rule_detail"),
    path("rules/<int:pk>/change/", rules.rule_change, name="rule_change"),
    path("rule-plans/<int:pk>/done/", rules.plan_done, name="plan_done"),
    path("filings/", filing.filing_overview, name="filing_overview"),
    path("filings/<int:pk>/", filing.filing_detail, name="filing_detail"),
    path("filings/<int:pk>/receipt/", filing.filing_receipt, name="filing_receipt"),
    # h19docs: major-matter pre-reports (三重一大事前报告)
    path("major-matters/", prereports.prereport_list, name="prereport_list"),
    path("major-matters/new/", prereports.prereport_create, name="prereport_create"),
    path("major-matters/<int:pk>/", prereports.prereport_detail, name="prereport_detail"),
    path("major-matters/<int:pk>/card/", prereports.prereport_answer, name="prereport_answer"),
    path(
        "major-matters/<int:pk>/decision/", prereports.prereport_decision, name="prereport_decision"
    ),
    # h19docs: integrity opinions for cadre selection (廉政意见回复)
    path("opinions/", opinions.opinion_list, name="opinion_list"),
    path("opinions/new/", opinions.opinion_create, name="opinion_create"),
    path("opinions/<int:pk>/", opinions.opinion_detail, name="opinion_detail"),
    path(
        "opinions/<int:pk>/people/<int:person_pk>/sign/",
        opinions.opinion_sign,
        name="opinion_sign",
    ),
]
