from django.urls import path

from powers.views import categories, discretion, flow, items, posts, report

app_name = "powers"
urlpatterns = [
    path("", items.power_list, name="index"),
    path("new/", items.power_create, name="power_create"),
    path("export.xlsx", items.power_export, name="power_export"),
    path("<int:pk>/", items.power_detail, name="power_detail"),
    path("<int:pk>/edit/", items.power_edit, name="power_edit"),
    path("<int:pk>/history/", items.power_history_view, name="power_history"),
    path("<int:pk>/posts/", posts.assignments_edit, name="assignments_edit"),
    path(
        "<int:pk>/posts/<int:assignment_pk>/remove/",
        posts.assignment_remove,
        name="assignment_remove",
    ),
    path("<int:pk>/steps/", flow.steps_edit, name="steps_edit"),
    path("<int:pk>/steps/<int:step_pk>/", flow.step_edit, name="step_edit"),
    path("<int:pk>/steps/<int:step_pk>/move/", flow.step_move, name="step_move"),
    path("<int:pk>/steps/<int:step_pk>/remove/", flow.step_remove, name="step_remove"),
    path("<int:pk>/flow/", flow.flow_print, name="flow_print"),
    path("<int:pk>/flow.svg", flow.flow_svg, name="flow_svg"),
    path("<int:pk>/discretion/", discretion.bands_edit, name="bands_edit"),
    path("<int:pk>/discretion/<int:band_pk>/", discretion.bands_edit, name="band_edit"),
    path("<int:pk>/discretion/<int:band_pk>/remove/", discretion.band_remove, name="band_remove"),
    path("posts/<int:pk>/", posts.post_detail, name="post_detail"),
    path("units/<int:unit_pk>/posts/", posts.post_list, name="post_list"),
    path("coverage/", report.coverage_index, name="coverage_index"),
    path("coverage/<int:unit_pk>/", report.coverage_report, name="coverage"),
    path("categories/", categories.category_list, name="categories"),
    path("categories/new/", categories.category_edit, name="category_add"),
    path("categories/<int:pk>/edit/", categories.category_edit, name="category_edit"),
]
