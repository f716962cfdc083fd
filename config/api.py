"""The API's one router: every app's endpoints under /api/v1/, the OpenAPI schema at
/api/schema/, and its Swagger UI and ReDoc pages (assets from static/, no CDN)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from registry.api import views as registry_api

router = DefaultRouter()
router.register("units", registry_api.UnitViewSet, basename="unit")
router.register("departments", registry_api.DepartmentViewSet, basename="department")
router.register("posts", registry_api.PostViewSet, basename="post")
router.register("people", registry_api.PersonViewSet, basename="person")
router.register("risk-points", registry_api.RiskPointViewSet, basename="riskpoint")
router.register("risk-lists", registry_api.RiskListViewSet, basename="risklist")
router.register("ledger-batches", registry_api.LedgerBatchViewSet, basename="ledgerbatch")

app_name = "api"
urlpatterns = [
    path("v1/", include(router.urls)),
    path(
        "v1/history/<str:model>/<int:pk>/",
        registry_api.HistoryView.as_view(),
        name="object-history",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("schema/swagger/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="swagger"),
    path("schema/redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
