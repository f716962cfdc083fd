from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from config.ops.health import healthz, readyz
from config.ops.metrics import metrics_view

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path("", RedirectView.as_view(pattern_name="registry:riskpoint_list", permanent=False)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("powers/", include("powers.urls")),
    path("assessment/", include("assessment.urls")),
    path("pdca/", include("pdca.urls")),
    path("warnings/", include("earlywarning.urls")),
    path("programme/", include("programme.urls")),
    path("api/", include("config.api")),
    path("", include("registry.urls")),
]
