from django.contrib import admin
from django.urls import include, path

from config.ops.health import healthz, readyz
from config.ops.metrics import metrics_view
from registry.directory.login import DirectoryLoginView

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    # Before Django's own: the same login form, which also shows a directory's refusal.
    path("accounts/login/", DirectoryLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    # OpenID Connect sign-in; answers 404 unless OIDC_RP_CLIENT_ID is set.
    path("oidc/", include("mozilla_django_oidc.urls")),
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
