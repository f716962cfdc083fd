"""The API's one router: every app's endpoints under /api/v1/, the OpenAPI schema at
/api/schema/, and its Swagger UI and ReDoc pages (assets from static/, no CDN)."""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from assessment import api as assessment_api
from earlywarning import api as earlywarning_api
from pdca import api as pdca_api
from powers import api as powers_api
from registry.api import views as registry_api

router = DefaultRouter()
router.register("units", registry_api.UnitViewSet, basename="unit")
router.register("departments", registry_api.DepartmentViewSet, basename="department")
router.register("posts", registry_api.PostViewSet, basename="post")
router.register("people", registry_api.PersonViewSet, basename="person")
router.register("risk-points", registry_api.RiskPointViewSet, basename="riskpoint")
router.register("risk-lists", registry_api.RiskListViewSet, basename="risklist")
router.register("ledger-batches", registry_api.LedgerBatchViewSet, basename="ledgerbatch")
router.register("powers", powers_api.PowerItemViewSet, basename="power")
router.register("gradings", assessment_api.GradingViewSet, basename="grading")
router.register("pdca/cycles", pdca_api.CycleViewSet, basename="cycle")
router.register("pdca/draws", pdca_api.DrawViewSet, basename="draw")
router.register("pdca/inspections", pdca_api.InspectionViewSet, basename="inspection")
router.register(
    "pdca/rectification-items", pdca_api.RectificationItemViewSet, basename="rectificationitem"
)
router.register("warnings", earlywarning_api.WarningViewSet, basename="warning")
router.register("disposal-cases", earlywarning_api.CaseViewSet, basename="disposalcase")
router.register("notices", earlywarning_api.NoticeViewSet, basename="notice")

app_name = "api"
urlpatterns = [
    path("v1/", include(router.urls)),
    path(
        "v1/history/<str:model>/<int:pk>/",
        registry_api.HistoryView.as_view(),
        name="object-history",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "schema/swagger/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema"),
        name="swagger",
    ),
    # ReDoc styles itself with inline <style> elements (styled-components): only this
    # page allows them; every other page keeps style-src 'self'.
    path(
        "schema/redoc/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularRedocView.as_view(url_name="api:schema")
        ),
        name="redoc",
    ),
]
