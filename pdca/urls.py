from django.urls import path

from pdca.views import cycles, planned, rectification, reports, sampling

app_name = "pdca"
urlpatterns = [
    path("", cycles.index, name="index"),
    path("cycles/new/", cycles.cycle_create, name="cycle_create"),
    path("cycles/<int:pk>/", cycles.cycle_dashboard, name="cycle_dashboard"),
    path("cycles/<int:pk>/export.xlsx", cycles.cycle_export, name="cycle_export"),
    path("cycles/<int:pk>/rollover/", cycles.cycle_rollover, name="cycle_rollover"),
    path("cycles/<int:pk>/review/", cycles.carried_points, name="carried_points"),
    path("cycles/<int:pk>/unit-deadline/", cycles.unit_deadline, name="unit_deadline"),
    path("cycles/<int:pk>/annual-report/", reports.annual_report_page, name="annual_report"),
    path(
        "cycles/<int:pk>/annual-report.xlsx", reports.annual_report_xlsx, name="annual_report_xlsx"
    ),
    path("draws/", sampling.draw_list, name="draw_list"),
    path("draws/<int:pk>/", sampling.draw_detail, name="draw_detail"),
    path("draws/<int:pk>/report/", reports.quarterly_report_page, name="quarterly_report"),
    path("draws/<int:pk>/report.xlsx", reports.quarterly_report_xlsx, name="quarterly_report_xlsx"),
    path("inspections/", planned.inspection_list, name="inspection_list"),
    path("inspections/plan/", planned.inspection_plan, name="inspection_plan"),
    path("findings/new/", planned.external_finding_create, name="external_finding_create"),
    path("inspections/<int:pk>/", sampling.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/evidence/", sampling.evidence_upload, name="evidence_upload"),
    path("inspections/<int:pk>/findings/", sampling.finding_create, name="finding_create"),
    path(
        "inspections/<int:pk>/complete/", sampling.inspection_complete, name="inspection_complete"
    ),
    path("evidence/<int:pk>/", sampling.evidence_download, name="evidence_download"),
    path("rectification/", rectification.rectification_list, name="rectification_list"),
    path(
        "rectification/lists/<slug:slug>/",
        rectification.rectification_sheet,
        name="rectification_sheet",
    ),
    path(
        "rectification/lists/<slug:slug>.xlsx",
        rectification.rectification_sheet_xlsx,
        name="rectification_sheet_xlsx",
    ),
    path(
        "rectification/<int:pk>/", rectification.rectification_detail, name="rectification_detail"
    ),
]
